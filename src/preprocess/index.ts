/**
 * Column preprocessing: imputation, transforms, scaling and encoding of a
 * `ColumnTable`, chained with {@link Pipeline} and stored as JSON.
 *
 * @module
 */
export { Log1p, type Log1pOptions, type Log1pParams } from './log1p.js';
export {
  MinMaxScaler,
  type MinMaxScalerOptions,
  type MinMaxScalerParams,
} from './min-max-scaler.js';
export {
  OneHotEncoder,
  type Category,
  type HandleUnknown,
  type OneHotEncoderOptions,
  type OneHotEncoderParams,
} from './one-hot-encoder.js';
export { Pipeline, type PipelineParams, type PipelineStep } from './pipeline.js';
export {
  registerTransformer,
  registeredTransformerTypes,
  transformerFromJSON,
} from './registry.js';
export {
  RobustScaler,
  type RobustScalerOptions,
  type RobustScalerParams,
} from './robust-scaler.js';
export {
  SignedLog1p,
  signedExpm1,
  signedLog1p,
  type SignedLog1pOptions,
  type SignedLog1pParams,
} from './signed-log1p.js';
export {
  SimpleImputer,
  type ImputeStrategy,
  type SimpleImputerOptions,
  type SimpleImputerParams,
} from './simple-imputer.js';
export {
  StandardScaler,
  type StandardScalerOptions,
  type StandardScalerParams,
} from './standard-scaler.js';
export { isInvertible, type InvertibleTransformer, type TransformerReader } from './transformer.js';
export { Winsorizer, type WinsorizerOptions, type WinsorizerParams } from './winsorizer.js';
export {
  LIFE_STAGE_BANDS,
  ageBands,
  amountBands,
  bandsFromBreaks,
  cutBands,
  decadeBands,
  withBands,
  type BandSpec,
} from './bands.js';
