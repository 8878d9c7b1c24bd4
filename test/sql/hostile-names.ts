/**
 * A grammar of hostile names for the SQL generators: every way a name or label could end a
 * comment, a quoted identifier or a string literal early, joined with a payload that drops a
 * sentinel table. Deterministic (seeded), so a failure names the same input every run.
 */

/** The table each payload tries to drop: it must still exist after the query ran. */
export const SENTINEL = 'sentinel';

const PAYLOADS = [
  `; DROP TABLE ${SENTINEL}; --`,
  `'); DROP TABLE ${SENTINEL}; --`,
  `"; DROP TABLE ${SENTINEL}; --`,
  `\`; DROP TABLE ${SENTINEL}; --`,
  `*/ DROP TABLE ${SENTINEL}; /*`,
];

/** Pieces that end a line comment, a block comment, a quoted name or a literal somewhere. */
const BREAKERS = [
  '\n',
  '\r',
  '\r\n',
  '\u2028',
  '\u2029',
  '\u0085',
  '\v',
  '\f',
  '*/',
  '/*',
  '--',
  "'",
  "''",
  '"',
  '`',
  '\\',
  "\\'",
  '\\`',
  '\t',
];

/** Harmless text around them (accents, CJK, spaces, a SQL keyword). */
const FILLERS = ['a', 'é', '客户', ' ', 'SELECT', '$1', '%s', '?'];

/** Every breaker alone before the first payload: the cases the fix must cover by name. */
export const FIXED_HOSTILE = BREAKERS.map((b, i) => `${b}${PAYLOADS[i % PAYLOADS.length]}`);

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` generated names: 1–4 breakers and fillers in random order around one payload,
 * each name distinct.
 */
export function hostileNames(seed: number, count: number): string[] {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const out = new Set<string>();
  while (out.size < count) {
    const parts: string[] = [];
    const n = 1 + Math.floor(random() * 4);
    for (let i = 0; i < n; i++) parts.push(random() < 0.7 ? pick(BREAKERS) : pick(FILLERS));
    parts.splice(Math.floor(random() * (parts.length + 1)), 0, pick(PAYLOADS));
    out.add(parts.join(''));
  }
  return [...out];
}

/** The names a test runs on: the fixed ones, then `generated` more from `seed`. */
export function hostileCorpus(seed: number, generated: number): string[] {
  return [...FIXED_HOSTILE, ...hostileNames(seed, generated)];
}
