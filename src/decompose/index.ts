/**
 * Dimension reduction: {@link PCA} (principal component analysis, scikit-learn parity).
 *
 * @module
 */
export { PCA, type PCAOptions, type PCAParams } from './pca.js';
export { symmetricEigen, type SymmetricEigen } from './symmetric-eigen.js';
