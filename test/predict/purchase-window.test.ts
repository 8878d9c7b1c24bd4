import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions, type Transactions } from '../../src/data/transactions.js';
import { BOUGHT, addDays, purchaseWindow } from '../../src/predict/purchase-window.js';
import { getNumeric, getText } from '../../src/table/column-table.js';

let tx: Transactions;
beforeAll(async () => {
  tx = await loadTransactions('data/cdnow_master.txt', {
    engine: await Engine.open(),
    map: { customerId: 'customer_id', date: 'date', amount: 'dollar_value' },
  });
});

/** Per customer and day, the net amount, from the raw file (no SQL). */
function rawDays(): Map<string, Map<string, number>> {
  const days = new Map<string, Map<string, number>>();
  for (const line of readFileSync('data/cdnow_master.txt', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    if (f.length !== 4) continue;
    const day = `${f[1]!.slice(0, 4)}-${f[1]!.slice(4, 6)}-${f[1]!.slice(6, 8)}`;
    const perDay = days.get(f[0]!) ?? new Map<string, number>();
    perDay.set(day, (perDay.get(day) ?? 0) + Number(f[3]));
    days.set(f[0]!, perDay);
  }
  return days;
}

describe('purchaseWindow on CDNOW', () => {
  it('splits in time: features before the cut-off, labels from the next 90 days', async () => {
    const window = await purchaseWindow(tx, { horizonDays: 90 });
    expect([window.cutoff, window.horizonEnd]).toEqual(['1998-04-02', '1998-07-01']);
    const ids = getText(window.features.table, 'customer_id');
    expect(ids).toHaveLength(23_570);
    const days = rawDays();
    let mismatches = 0;
    ids.forEach((id, i) => {
      const perDay = days.get(id!)!;
      const bought = [...perDay].some(([d, v]) => d >= '1998-04-02' && d < '1998-07-01' && v > 0);
      if ((window.labels[i] === BOUGHT) !== bought) mismatches++;
    });
    expect(mismatches).toBe(0);
    // No leakage: every feature comes from before the cut-off.
    const last = getText(window.features.table, 'last_purchase');
    expect(last.every((d) => d! < '1998-04-02')).toBe(true);
    const frequency = getNumeric(window.features.table, 'frequency');
    const i3 = ids.indexOf('00003');
    const before = [...days.get('00003')!].filter(([d, v]) => d < '1998-04-02' && v > 0).length;
    expect(frequency[i3]).toBe(before);
    expect(window.rate).toBeCloseTo(window.labels.filter((l) => l === BOUGHT).length / 23_570, 15);
    expect(window.rate).toBeGreaterThan(0.05);
    expect(window.rate).toBeLessThan(0.2);
  });

  it('validates the window', async () => {
    await expect(purchaseWindow(tx, { horizonDays: 0 })).rejects.toMatchObject({
      code: 'INVALID_OPTION',
    });
    await expect(purchaseWindow(tx, { cutoff: '1998-06-01', horizonDays: 90 })).rejects.toThrow(
      /runs past the data/,
    );
    await expect(purchaseWindow(tx, { cutoff: '1996-01-01', horizonDays: 30 })).rejects.toThrow(
      /no transactions before/,
    );
    expect(addDays('1998-12-31', 1)).toBe('1999-01-01');
    expect(addDays('1996-03-01', -1)).toBe('1996-02-29');
  });
});
