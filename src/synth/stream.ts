import { cumulativeWeights, Sampler, zipfWeights } from './samplers.js';
import type { SynthSpec } from './spec.js';

/** A block of generated transactions as parallel columns (codes index the spec's lists). */
export interface TransactionChunk {
  readonly rows: number;
  /** transaction_id of row 0; the ids run on consecutively. */
  readonly firstTransactionId: number;
  readonly customerId: Int32Array;
  /** Days since the spec's start. */
  readonly day: Int32Array;
  /** Order value in cents (a whole number, so money stays exact). */
  readonly cents: Int32Array;
  /** Index into `spec.categories`. */
  readonly category: Uint8Array;
  /** Index into `spec.channels`. */
  readonly channel: Uint8Array;
}

/** The customers who first appear in a chunk (each signs up with its first purchase). */
export interface CustomerChunk {
  readonly rows: number;
  readonly customerId: Int32Array;
  readonly signupDay: Int32Array;
  /** Index into `spec.regions`. */
  readonly region: Uint8Array;
  /** Index into `spec.channels`. */
  readonly channel: Uint8Array;
}

/** One step of the stream: the transactions of a chunk and the customers new in it. */
export interface SynthChunk {
  readonly transactions: TransactionChunk;
  readonly customers: CustomerChunk;
}

// A customer whose purchases are still being emitted (the stream may pause mid-customer).
interface ActiveCustomer {
  readonly id: number;
  readonly rate: number;
  readonly dropout: number;
  readonly logMean: number;
  readonly favouriteCategory: number;
  readonly channel: number;
  /** Time of the next purchase in days since the start (fractional). */
  next: number;
}

// Cents are Int32: a single order above ~21 million is capped (lognormal tails are long).
const MAX_CENTS = 2_147_483_647;

/**
 * Generates a synthetic customer base chunk by chunk, customer after customer, until exactly
 * `spec.transactions` purchases exist (the last customer's history is cut there). Memory is
 * one chunk whatever the total; the same spec gives the same chunks on every run.
 */
export class SynthStream {
  readonly spec: SynthSpec;
  readonly #sampler: Sampler;
  readonly #categoryCdf: Float64Array;
  readonly #channelCdf: Float64Array;
  readonly #regionCdf: Float64Array;
  #emitted = 0;
  #customers = 0;
  #current: ActiveCustomer | null = null;

  constructor(spec: SynthSpec) {
    this.spec = spec;
    this.#sampler = new Sampler(spec.seed);
    this.#categoryCdf = cumulativeWeights(zipfWeights(spec.categories.length, spec.zipfExponent));
    this.#channelCdf = cumulativeWeights(spec.channelWeights);
    this.#regionCdf = cumulativeWeights(spec.regionWeights);
  }

  /** Transactions emitted so far. */
  get transactions(): number {
    return this.#emitted;
  }

  /** Customers created so far (ids 1…customers). */
  get customers(): number {
    return this.#customers;
  }

  /** The next chunk of at most `maxRows` transactions, or null when all are out. */
  next(maxRows: number): SynthChunk | null {
    const rows = Math.min(maxRows, this.spec.transactions - this.#emitted);
    if (rows <= 0) return null;
    const s = this.#sampler;
    const spec = this.spec;
    const tx = {
      customerId: new Int32Array(rows),
      day: new Int32Array(rows),
      cents: new Int32Array(rows),
      category: new Uint8Array(rows),
      channel: new Uint8Array(rows),
    };
    // At most one new customer per transaction.
    const cu = {
      customerId: new Int32Array(rows),
      signupDay: new Int32Array(rows),
      region: new Uint8Array(rows),
      channel: new Uint8Array(rows),
    };
    let newCustomers = 0;
    for (let i = 0; i < rows; i++) {
      let c = this.#current;
      if (c === null) {
        c = this.#newCustomer();
        cu.customerId[newCustomers] = c.id;
        cu.signupDay[newCustomers] = Math.floor(c.next);
        cu.region[newCustomers] = s.categorical(this.#regionCdf);
        cu.channel[newCustomers] = c.channel;
        newCustomers++;
      }
      tx.customerId[i] = c.id;
      tx.day[i] = Math.floor(c.next);
      const value = Math.round(Math.exp(c.logMean + spec.orderSigma * s.normal()) * 100);
      tx.cents[i] = Math.min(Math.max(value, 1), MAX_CENTS);
      tx.category[i] =
        s.uniform() < spec.categoryLoyalty ? c.favouriteCategory : s.categorical(this.#categoryCdf);
      tx.channel[i] =
        s.uniform() < spec.channelLoyalty ? c.channel : s.categorical(this.#channelCdf);
      // BG/NBD: after a purchase the customer may drop out; otherwise the next one is an
      // exponential wait away, and none happen after the period ends.
      if (s.uniform() < c.dropout) this.#current = null;
      else {
        c.next += s.exponential(c.rate);
        this.#current = c.next < spec.periodDays ? c : null;
      }
    }
    const firstTransactionId = this.#emitted + 1;
    this.#emitted += rows;
    return {
      transactions: { rows, firstTransactionId, ...tx },
      customers: {
        rows: newCustomers,
        customerId: cu.customerId.subarray(0, newCustomers),
        signupDay: cu.signupDay.subarray(0, newCustomers),
        region: cu.region.subarray(0, newCustomers),
        channel: cu.channel.subarray(0, newCustomers),
      },
    };
  }

  #newCustomer(): ActiveCustomer {
    const s = this.#sampler;
    const spec = this.spec;
    this.#customers += 1;
    const c: ActiveCustomer = {
      id: this.#customers,
      rate: Math.max(s.gamma(spec.rateShape, spec.rateMean / spec.rateShape), 1e-12),
      dropout: s.beta(spec.dropoutA, spec.dropoutB),
      logMean: spec.orderMu + spec.customerSigma * s.normal(),
      favouriteCategory: s.categorical(this.#categoryCdf),
      channel: s.categorical(this.#channelCdf),
      next: s.uniform() * spec.periodDays,
    };
    this.#current = c;
    return c;
  }
}
