/**
 * Clustering on categorical and mixed data: {@link KPrototypes} (numeric + categorical) and
 * {@link KModes} (categorical only).
 *
 * @module
 */
export { KPrototypes, type KPrototypesOptions, type KPrototypesParams } from './kprototypes.js';
export { KModes, type KModesLearned, type KModesOptions, type KModesParams } from './kmodes.js';
export type { KPrototypesLearned } from './learned.js';
export type { GammaOption } from './gamma.js';
export type { KPrototypesInit } from './init.js';
export type { CategoricalInput, MixedInput } from './mixed-data.js';
export { gowerDistances, gowerSilhouetteSamples, gowerSilhouetteScore } from './gower.js';
