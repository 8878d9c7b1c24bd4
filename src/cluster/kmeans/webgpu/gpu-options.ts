/**
 * Where to look for a WebGPU device. Apart from the device code so that the public types
 * need neither the optional `webgpu` package nor the WebGPU globals it declares.
 *
 * @module
 */

/** How to look for a device. */
export interface GpuContextOptions {
  /**
   * `'auto'` (default): the native backend, then OpenGL ES (llvmpipe where there is no GPU);
   * `'native'`: only the native backend; `'opengles'`: only OpenGL ES.
   */
  readonly backend?: 'auto' | 'native' | 'opengles';
}
