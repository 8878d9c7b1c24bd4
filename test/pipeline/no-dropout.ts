import { Sampler } from '../../src/synth/samplers.js';

/**
 * Transactions of customers who never drop out (each buys at a gamma-distributed weekly
 * rate from a first day in 2025 to the end of the data): the shape on which BG/NBD runs to
 * a → 0 and gives P(alive) = 1 for everyone, as on issue 16's Online Retail file.
 */
export function noDropoutCsv(customers: number, seed: number): string {
  const s = new Sampler(seed);
  const start = Date.UTC(2025, 0, 1);
  const lastDay = 365;
  const lines = ['customer_id,date,amount'];
  const day = (d: number): string => new Date(start + d * 86_400_000).toISOString().slice(0, 10);
  for (let c = 0; c < customers; c++) {
    const first = s.int(lastDay);
    const weeklyRate = s.gamma(1.5, 1 / 10);
    lines.push(`c${c},${day(first)},${(10 + s.int(90)).toFixed(2)}`);
    let t = first;
    for (;;) {
      t += s.exponential(weeklyRate) * 7;
      if (!(t < lastDay)) break;
      lines.push(`c${c},${day(Math.floor(t))},${(10 + s.int(90)).toFixed(2)}`);
    }
  }
  return lines.join('\n') + '\n';
}
