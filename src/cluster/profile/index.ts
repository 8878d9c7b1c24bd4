/**
 * Cluster profiles: sizes, revenue shares, feature means and medians in original units,
 * z-scores against the population, distinguishing features and generated names.
 *
 * @module
 */
export { formatProfiles, type FormatProfilesOptions } from './format.js';
export { TYPICAL_NAME } from './naming.js';
export {
  clusterProfiles,
  type ClusterProfile,
  type ClusterProfileOptions,
  type DistinguishingFeature,
  type FeatureProfile,
} from './profiles.js';
export { DEFAULT_VOCABULARY, type FeatureVocabulary, type NameTerm } from './vocabulary.js';
export {
  MISSING_CATEGORY,
  describeCategory,
  type CategoryShare,
  type DistinguishingCategory,
} from './categories.js';
