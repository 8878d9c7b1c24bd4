import { describe, expect, it } from 'vitest';
import { DataFrame } from 'danfojs-node';
import { Engine } from '../../src/data/engine.js';
import { loadTransactions } from '../../src/data/transactions.js';
import { fromDataFrame, toDataFrame } from '../../src/table/convert.js';

describe('danfo.js conversion', () => {
  it('round-trips a table through a real DataFrame', async () => {
    const table = { id: ['a', null, 'c'], value: new Float64Array([1.5, NaN, -2]) };
    const frame = await toDataFrame(table);
    expect(frame.shape).toEqual([3, 2]);
    expect(frame.columns).toEqual(['id', 'value']);
    const back = fromDataFrame(frame);
    expect(back['id']).toEqual(['a', null, 'c']);
    expect(Array.from(back['value'] as Float64Array)).toEqual([1.5, NaN, -2]);
    expect(back['value']).toBeInstanceOf(Float64Array);
  });

  it('loads transactions from a danfo DataFrame', async () => {
    const engine = await Engine.open();
    const frame = new DataFrame({
      who: ['x', 'y', 'x'],
      when: ['2024-01-01', '2024-01-02', '2024-01-03'],
      paid: [10, 20.5, 1],
    });
    const tx = await loadTransactions(frame, {
      engine,
      map: { customerId: 'who', date: 'when', amount: 'paid' },
    });
    expect(tx.source).toBe('DataFrame');
    const rows = await engine.rows(`SELECT customer_id, amount FROM ${tx.table} ORDER BY __row`);
    expect(rows).toEqual([
      { customer_id: 'x', amount: 10 },
      { customer_id: 'y', amount: 20.5 },
      { customer_id: 'x', amount: 1 },
    ]);
    engine.close();
  });
});
