/**
 * Short readable cluster names from the features that set a cluster apart, made unique
 * across clusters.
 *
 * @module
 */
import type { FeatureVocabulary, NameTerm } from './vocabulary.js';

/** A feature of one cluster, as the namer sees it. */
export interface NamedFeature {
  /** Feature (column) name. */
  readonly feature: string;
  /** z-score of the cluster mean against the population. */
  readonly z: number;
  /** Cluster median of the feature (for {@link FeatureVocabulary.lowAtMostOne}). */
  readonly median: number;
}

/** Name used when no feature stands out. */
export const TYPICAL_NAME = 'typical customers';

/**
 * The term for one feature of a cluster: the vocabulary's `high` or `low` term by the sign of
 * z (`lowAtMostOne` instead of `low` when the cluster median is ≤ 1), or "high <feature>" /
 * "low <feature>" for a feature without vocabulary.
 */
export function termFor(
  feature: NamedFeature,
  vocabulary: Readonly<Record<string, FeatureVocabulary>>,
): NameTerm {
  const entry = vocabulary[feature.feature];
  const high = feature.z > 0;
  if (entry === undefined) return { adjective: `${high ? 'high' : 'low'} ${feature.feature}` };
  if (high) return entry.high;
  return entry.lowAtMostOne !== undefined && feature.median <= 1 ? entry.lowAtMostOne : entry.low;
}

/**
 * A name from the given features (in any order): the features with vocabulary form a phrase
 * in vocabulary order whose last noun-capable term is the head noun ("recent frequent high
 * spenders", "lapsed one-timers"), or that ends in "customers" ("recent frequent customers");
 * other features follow as ", high X" / ", low X". No features: {@link TYPICAL_NAME}.
 */
export function phraseFor(
  features: readonly NamedFeature[],
  vocabulary: Readonly<Record<string, FeatureVocabulary>>,
): string {
  const known = features
    .filter((f) => vocabulary[f.feature] !== undefined)
    .sort(
      (a, b) =>
        (vocabulary[a.feature] as FeatureVocabulary).order -
          (vocabulary[b.feature] as FeatureVocabulary).order ||
        (a.feature < b.feature ? -1 : a.feature > b.feature ? 1 : 0),
    );
  const others = features.filter((f) => vocabulary[f.feature] === undefined);
  const parts: string[] = [];
  if (known.length > 0) {
    const terms = known.map((f) => termFor(f, vocabulary));
    let head = -1;
    terms.forEach((t, i) => {
      if (t.noun !== undefined) head = i;
    });
    const words = terms.map((t, i) => (i === head ? (t.noun as string) : t.adjective));
    if (head < 0) words.push('customers');
    parts.push(dedupe(words).join(' '));
  }
  for (const f of others) parts.push(termFor(f, vocabulary).adjective);
  return parts.length === 0 ? TYPICAL_NAME : parts.join(', ');
}

/** Drops repeated words, which a custom vocabulary could produce. */
function dedupe(words: readonly string[]): string[] {
  return words.filter((w, i) => words.indexOf(w) === i);
}

/**
 * One unique name per cluster. `ranked[c]` lists cluster c's features, most distinguishing
 * first (largest |z|). A cluster's name uses its first `terms` features with |z| ≥ `minZ`,
 * after `prefixes[c]` when given and not empty (a category: "Germany high spenders"; with no
 * feature standing out, "Germany customers").
 *
 * Clusters that end up with the same name get their next ranked feature added (whatever its
 * |z|), repeatedly, while that separates them; names still equal after that get " (2)",
 * " (3)", … in cluster order (the first keeps the plain name). Deterministic.
 */
export function uniqueNames(
  ranked: readonly (readonly NamedFeature[])[],
  terms: number,
  minZ: number,
  vocabulary: Readonly<Record<string, FeatureVocabulary>>,
  prefixes: readonly string[] = [],
): string[] {
  const used = ranked.map((features) => {
    let count = 0;
    while (
      count < Math.min(terms, features.length) &&
      Math.abs((features[count] as NamedFeature).z) >= minZ
    ) {
      count++;
    }
    return count;
  });
  const nameOf = (c: number): string => {
    const phrase = phraseFor((ranked[c] as readonly NamedFeature[]).slice(0, used[c]), vocabulary);
    const prefix = prefixes[c] ?? '';
    if (prefix === '') return phrase;
    return `${prefix} ${phrase === TYPICAL_NAME ? 'customers' : phrase}`;
  };
  const names = ranked.map((_, c) => nameOf(c));

  for (;;) {
    const clashing = duplicates(names);
    if (clashing.length === 0) break;
    let progress = false;
    for (const c of clashing) {
      if ((used[c] as number) < (ranked[c] as readonly NamedFeature[]).length) {
        used[c] = (used[c] as number) + 1;
        names[c] = nameOf(c);
        progress = true;
      }
    }
    if (!progress) break;
  }

  const taken = new Set<string>();
  const seen = new Map<string, number>();
  return names.map((name) => {
    const count = (seen.get(name) ?? 0) + 1;
    seen.set(name, count);
    let unique = count === 1 ? name : `${name} (${count})`;
    for (let extra = count; taken.has(unique); extra++) unique = `${name} (${extra + 1})`;
    taken.add(unique);
    return unique;
  });
}

/** Indices of names that occur more than once. */
function duplicates(names: readonly string[]): number[] {
  const counts = new Map<string, number>();
  for (const name of names) counts.set(name, (counts.get(name) ?? 0) + 1);
  return names.flatMap((name, i) => ((counts.get(name) as number) > 1 ? [i] : []));
}
