/**
 * Comparing two labellings of the same customers (business classes against clusters, or two
 * clusterings): contingency table, ARI, AMI, NMI, mutual information, homogeneity,
 * completeness, V-measure, Fowlkes–Mallows and purity equal to scikit-learn's, the Hungarian
 * best one-to-one matching and the customers where the matched labels disagree.
 *
 * @module
 */
export { adjustedMutualInfo, expectedMutualInfo } from './adjusted-mutual-info.js';
export { adjustedRand } from './adjusted-rand.js';
export {
  compareLabelings,
  type AgreementScores,
  type CompareLabelingsOptions,
  type LabelingComparison,
} from './compare-labelings.js';
export {
  contingencyTable,
  formatContingencyTable,
  type ContingencyTable,
  type FormatContingencyOptions,
} from './contingency.js';
export { disagreements, type DisagreementOptions, type Disagreements } from './disagreements.js';
export { fowlkesMallows } from './fowlkes-mallows.js';
export {
  completeness,
  homogeneity,
  homogeneityCompletenessVMeasure,
  vMeasure,
  type HomogeneityCompleteness,
  type VMeasureOptions,
} from './homogeneity.js';
export { hungarianMatch, type MatchedPair, type Matching } from './hungarian.js';
export {
  mutualInfo,
  normalizedMutualInfo,
  type AverageMethod,
  type InformationOptions,
} from './mutual-info.js';
export { purity } from './purity.js';
