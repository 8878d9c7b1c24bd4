import { describe, expect, it } from 'vitest';
import { expectedOrderValue, synthSpec } from '../../src/synth/spec.js';
import { SynthStream, type SynthChunk } from '../../src/synth/stream.js';

function drain(stream: SynthStream, chunkRows: number): SynthChunk[] {
  const chunks: SynthChunk[] = [];
  for (let c = stream.next(chunkRows); c !== null; c = stream.next(chunkRows)) chunks.push(c);
  return chunks;
}

/** Every chunk column joined into one array, so chunkings can be compared. */
const min = (values: readonly number[]): number => values.reduce((a, b) => Math.min(a, b));
const max = (values: readonly number[]): number => values.reduce((a, b) => Math.max(a, b));

function joined(chunks: readonly SynthChunk[]): Record<string, number[]> {
  const out: Record<string, number[]> = {};
  for (const { transactions: t, customers: c } of chunks) {
    const columns = {
      customerId: t.customerId,
      day: t.day,
      cents: t.cents,
      category: t.category,
      channel: t.channel,
      newCustomer: c.customerId,
      signupDay: c.signupDay,
      region: c.region,
      preferredChannel: c.channel,
    };
    for (const [name, values] of Object.entries(columns)) (out[name] ??= []).push(...values);
  }
  return out;
}

describe('SynthStream', () => {
  const spec = synthSpec({ transactions: 300_000, seed: 11 });
  const data = joined(drain(new SynthStream(spec), 65_536));
  const n = spec.transactions;

  it('emits exactly the requested number of transactions, ids running on', () => {
    const stream = new SynthStream(synthSpec({ transactions: 2500, seed: 1 }));
    const chunks = drain(stream, 1000);
    expect(chunks.map((c) => c.transactions.rows)).toEqual([1000, 1000, 500]);
    expect(chunks.map((c) => c.transactions.firstTransactionId)).toEqual([1, 1001, 2001]);
    expect(stream.transactions).toBe(2500);
    expect(stream.next(1000)).toBeNull();
  });

  it('gives every transaction a customer that was created, in order, with signup = first purchase', () => {
    const customers = data['newCustomer']!;
    expect(customers).toEqual(Array.from({ length: customers.length }, (_, i) => i + 1));
    const firstDay = new Map<number, number>();
    data['customerId']!.forEach((id, i) => {
      if (!firstDay.has(id)) firstDay.set(id, data['day']![i]!);
    });
    expect(min(data['customerId']!)).toBe(1);
    expect(max(data['customerId']!)).toBe(customers.length);
    expect(firstDay.size).toBe(customers.length);
    expect(customers.filter((id, i) => firstDay.get(id) !== data['signupDay']![i])).toEqual([]);
  });

  it('keeps every date within the period and every label within its list', () => {
    expect(min(data['day']!)).toBe(0);
    expect(max(data['day']!)).toBe(spec.periodDays - 1);
    expect(max(data['category']!)).toBe(spec.categories.length - 1);
    expect(max(data['channel']!)).toBe(spec.channels.length - 1);
    expect(max(data['region']!)).toBe(spec.regions.length - 1);
  });

  it('has a mean order value within 3% of the lognormal mean exp(μ + (τ² + σ²)/2)', () => {
    const expected = expectedOrderValue(spec);
    expect(expected).toBeCloseTo(Math.exp(3.5 + (0.16 + 0.64) / 2), 10); // 49.40
    const mean = data['cents']!.reduce((a, b) => a + b, 0) / n / 100;
    expect(Math.abs(mean / expected - 1)).toBeLessThan(0.03);
    // Lognormal: the median sits well below the mean (exp(μ) = 33.1).
    const sorted = Float64Array.from(data['cents']!).sort();
    expect((sorted[n >> 1] as number) / 100).toBeGreaterThan(30);
    expect((sorted[n >> 1] as number) / 100).toBeLessThan(36);
  });

  it('makes purchase counts overdispersed (variance well above the mean) and Zipf-shaped categories', () => {
    const counts = new Map<number, number>();
    for (const id of data['customerId']!) counts.set(id, (counts.get(id) ?? 0) + 1);
    counts.delete(data['newCustomer']!.length); // the last customer is cut off
    const values = [...counts.values()];
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1);
    expect(mean).toBeGreaterThan(5);
    expect(mean).toBeLessThan(15);
    expect(variance).toBeGreaterThan(4 * mean);
    const perCategory = new Array<number>(spec.categories.length).fill(0);
    for (const c of data['category']!) perCategory[c]! += 1;
    for (let i = 1; i < perCategory.length; i++) {
      expect(perCategory[i]).toBeLessThan(perCategory[i - 1]!);
    }
  });

  it('gives the same data for the same seed whatever the chunk size, other data for another seed', () => {
    const small = synthSpec({ transactions: 20_000, seed: 5 });
    const a = joined(drain(new SynthStream(small), 20_000));
    const b = joined(drain(new SynthStream(small), 777));
    expect(b).toEqual(a);
    const c = joined(drain(new SynthStream({ ...small, seed: 6 }), 20_000));
    expect(c['cents']).not.toEqual(a['cents']);
  });

  it('rejects impossible specs', () => {
    expect(() => synthSpec({ transactions: 0 })).toThrow(/transactions/);
    expect(() => synthSpec({ rateMean: -1 })).toThrow(/rateMean/);
    expect(() => synthSpec({ start: 'soon' })).toThrow(/start/);
    expect(() => synthSpec({ channelWeights: [1] })).toThrow(/weight/);
  });
});
