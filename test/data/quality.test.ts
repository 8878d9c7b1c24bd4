import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { formatQualityReport, qualityReport } from '../../src/data/quality.js';
import { loadTransactions } from '../../src/data/transactions.js';

let engine: Engine;
beforeAll(async () => {
  engine = await Engine.open();
});
afterAll(() => engine.close());

describe('qualityReport', () => {
  it('counts every kind of problem in a crafted file', async () => {
    // quality.csv: 7 rows — one without id, one without date, one without amount, one exact
    // duplicate of row 1, one negative and one zero amount.
    const tx = await loadTransactions('test/fixtures/data/quality.csv', {
      engine,
      map: { customerId: 'id', date: 'date', amount: 'amount' },
    });
    const report = await qualityReport(tx, { asOf: '2024-01-08' });
    expect(report).toEqual({
      source: 'test/fixtures/data/quality.csv',
      rows: 7,
      usableRows: 4,
      customers: 2,
      firstDate: '2024-01-05',
      lastDate: '2024-01-08',
      asOf: '2024-01-08',
      missingCustomerId: 1,
      missingDate: 1,
      missingAmount: 1,
      unparseableDates: 0,
      unparseableAmounts: 0,
      negativeAmounts: 1,
      negativeAmountTotal: -3,
      zeroAmounts: 1,
      duplicateRows: 1,
      afterAsOf: 2,
      strayDates: 0,
      revenue: 20,
    });
    const text = formatQualityReport(report);
    expect(text.split('\n')).toHaveLength(20);
    expect(text).toMatch(/exact duplicate rows\s+1/);
    expect(text).toMatch(/as-of date\s+2024-01-08/);
  });

  it('counts dropped unparseable values', async () => {
    const tx = await loadTransactions('test/fixtures/data/bad-amounts.csv', {
      engine,
      map: { customerId: 'id', date: 'date', amount: 'amount' },
      onInvalid: 'drop',
    });
    const report = await qualityReport(tx);
    expect([report.unparseableAmounts, report.usableRows, report.asOf]).toEqual([3, 1, '2024-01-06']);
  });

  it('counts stray dates (2099, 1850, 0001) without letting them set the as-of date', async () => {
    const tx = await loadTransactions('test/fixtures/data/issue16/stray-mixed.csv', {
      engine,
      map: { customerId: 'id', date: 'date', amount: 'amount' },
      today: '2026-12-08',
    });
    const report = await qualityReport(tx);
    expect([report.strayDates, report.usableRows, report.asOf]).toEqual([3, 15, '1998-07-01']);
    expect(formatQualityReport(report)).toMatch(/stray dates \(future or far off\)\s+3/);
  });

  it('describes CDNOW as published', async () => {
    const tx = await loadTransactions('data/cdnow_master.txt', {
      engine,
      map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
    });
    const report = await qualityReport(tx);
    expect(report.rows).toBe(69_659);
    expect(report.customers).toBe(23_570);
    expect([report.firstDate, report.lastDate, report.asOf]).toEqual(['1997-01-01', '1998-06-30', '1998-07-01']);
    expect(report.revenue.toFixed(2)).toBe('2500315.63');
    expect(report.afterAsOf).toBe(0);
    expect(report.strayDates).toBe(0);
  });
});
