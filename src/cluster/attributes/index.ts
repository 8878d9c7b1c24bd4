/**
 * Segmenting on any attributes: feature selection with globs, default transforms, and
 * {@link segmentAttributes} for numeric and categorical customer tables.
 *
 * @module
 */
export {
  segmentAttributes,
  type AttributeSegments,
  type NumericScaling,
  type SegmentAttributesOptions,
} from './segment-attributes.js';
export { segmentsSql, type SegmentsSqlOptions } from './segments-sql.js';
export {
  predictSegments,
  readSegmentsModel,
  segmentsModelJSON,
  type SegmentsModel,
} from './segments-model.js';
export { chooseKMixed, type MixedKChoice, type MixedKRow } from './choose-k-mixed.js';
export {
  LOG_SKEWNESS,
  chooseTransforms,
  resolveFeatures,
  skewness,
  type FeatureTransform,
  type SelectedFeature,
} from './select-features.js';
