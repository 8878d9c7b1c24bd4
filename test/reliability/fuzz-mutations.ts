/**
 * Seeded generator of damaged CSV files for the loader fuzz test: valid seed files mutated
 * byte-wise (random bytes, quotes, delimiters, NULs, invalid UTF-8, truncation) and
 * field-wise (huge and odd numbers, empty lines, CRs, BOMs, duplicated or dropped lines).
 */

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same files. */
export class FuzzRandom {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

/** The valid files mutations start from, with the extension they are written under. */
export const FUZZ_SEEDS: readonly { readonly text: string; readonly ext: string }[] = [
  {
    ext: 'csv',
    text: 'customer,date,amount\nc1,2024-01-05,10.50\nc1,2024-02-10,20\nc2,2024-01-07,5.25\nc3,2024-03-01,100\n',
  },
  {
    ext: 'csv',
    text: 'customer;date;amount\nc1;05/01/2024;10.50\nc2;13/02/2024;-3\nc3;28/02/2024;0\n',
  },
  {
    ext: 'tsv',
    text: 'customer\tdate\tamount\n"c1"\t2024-01-05 10:30:00\t1e3\n"c ""2"""\t2024-01-06T08:00:00\t7\n',
  },
  {
    ext: 'csv',
    text: '\uFEFFcustomer,date,amount\r\nc1,20240105,"1.5"\r\n"c,2",20240106,2\r\n',
  },
  {
    ext: 'csv',
    text: 'customer|date|amount\n客户一|2024-01-05|3.5\n"multi\nline"|2024-01-06|4\n',
  },
  { ext: 'txt', text: 'customer date amount\n00001 19970101 11.77\n00002   19970112 12.00\n' },
];

const HUGE = [
  '1e308',
  '1e309',
  '-1e400',
  '1e-400',
  '99999999999999999999999999999999999999',
  '-0',
  '0x1F',
  '1_000',
  '.5',
  '5.',
  '+7',
  'NaN',
  'inf',
  '--1',
  '1e',
  '',
];
const DATES = [
  '2024-02-30',
  '0000-01-01',
  '9999-12-31',
  '2024-1-5',
  '20241301',
  '5/5/24',
  '2024-01-05 25:61:00',
  '',
];
const NOISE = [
  '"',
  ',',
  ';',
  '\t',
  '|',
  '\n',
  '\r',
  '\r\n',
  '\0',
  ' ',
  '""',
  '\\',
  "'",
  '\uFEFF',
  '€',
];
const BAD_BYTES = [
  [0xff],
  [0xc3, 0x28],
  [0xe2, 0x82],
  [0xed, 0xa0, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x80],
];

/** One damaged file: `mutations` random edits applied to a seed file. */
export function mutatedFile(random: FuzzRandom): { bytes: Buffer; ext: string } {
  const seed = random.pick(FUZZ_SEEDS);
  let bytes: Buffer = Buffer.from(seed.text, 'utf8');
  const mutations = 1 + random.int(4);
  for (let m = 0; m < mutations; m++) bytes = mutate(bytes, random);
  return { bytes, ext: seed.ext };
}

function mutate(bytes: Buffer, random: FuzzRandom): Buffer {
  const at = random.int(bytes.length + 1);
  const before = bytes.subarray(0, at);
  const after = bytes.subarray(at);
  switch (random.int(10)) {
    case 0: // a random byte inserted
      return Buffer.concat([before, Buffer.from([random.int(256)]), after]);
    case 1: // a byte replaced or deleted
      return at < bytes.length
        ? random.next() < 0.5
          ? Buffer.concat([before, after.subarray(1)])
          : Buffer.concat([before, Buffer.from([random.int(256)]), after.subarray(1)])
        : bytes;
    case 2: // structural characters: quotes, delimiters, line ends, NUL, BOM
      return Buffer.concat([before, Buffer.from(random.pick(NOISE), 'utf8'), after]);
    case 3: // truncation
      return before;
    case 4: // invalid UTF-8
      return Buffer.concat([before, Buffer.from(random.pick(BAD_BYTES)), after]);
    case 5:
      return replaceField(bytes, random, HUGE);
    case 6:
      return replaceField(bytes, random, DATES);
    case 7: // empty or blank lines
      return Buffer.concat([
        before,
        Buffer.from(random.pick(['\n\n', '\n  \n', '\r\n\r\n', '\n,,\n'])),
        after,
      ]);
    default:
      return shuffleLines(bytes, random);
  }
}

/** Replaces one delimiter-separated field of one line by a chosen value. */
function replaceField(bytes: Buffer, random: FuzzRandom, values: readonly string[]): Buffer {
  const lines = bytes.toString('latin1').split('\n');
  const i = random.int(lines.length);
  const fields = (lines[i] as string).split(/([,;\t| ])/);
  const j = 2 * random.int(Math.ceil(fields.length / 2));
  fields[j] = Buffer.from(random.pick(values), 'utf8').toString('latin1');
  lines[i] = fields.join('');
  return Buffer.from(lines.join('\n'), 'latin1');
}

/** Duplicates, drops or swaps whole lines. */
function shuffleLines(bytes: Buffer, random: FuzzRandom): Buffer {
  const lines = bytes.toString('latin1').split('\n');
  const i = random.int(lines.length);
  const j = random.int(lines.length);
  const choice = random.int(3);
  if (choice === 0) lines.splice(i, 0, lines[j] as string);
  else if (choice === 1) lines.splice(i, 1);
  else [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
  return Buffer.from(lines.join('\n'), 'latin1');
}
