/**
 * Synthetic customer bases for tests and scale benchmarks: seeded BG/NBD-like customers with
 * Gamma–Poisson purchase rates, geometric dropout, lognormal order values, Zipf categories and
 * channels, generated in chunks and written to Parquet or CSV through DuckDB.
 *
 * @module
 */
export { cumulativeWeights, Sampler, zipfWeights } from './samplers.js';
export { DEFAULT_SYNTH_SPEC, expectedOrderValue, synthSpec, type SynthSpec } from './spec.js';
export {
  SynthStream,
  type CustomerChunk,
  type SynthChunk,
  type TransactionChunk,
} from './stream.js';
export {
  CUSTOMER_COLUMNS,
  TRANSACTION_COLUMNS,
  writeSynthetic,
  type SynthSummary,
  type WriteSynthOptions,
} from './write.js';
