#!/usr/bin/env bash
# Prepares, HERE (not on the device), the carry folder .devcarry/ for bench/device/run.sh:
#   .devcarry/node.xz          this machine's node binary (x86-64), xz-compressed (~24 MB)
#   .devcarry/runtime.tar.xz   the compiled benchmark and the node_modules it needs at run time
# Run from the repository root:  bash bench/device/pack.sh [DEST, default .devcarry]
# (SKIP_NODE=1 leaves node.xz out.)
# Needs .git/info/exclude to list /.devcarry/ and /.gl/ (the .gl debs: see run.sh).
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
DEST="${1:-.devcarry}"
mkdir -p "$DEST"
# Other folders' type errors do not stop the emit; only the benchmark's output matters.
node node_modules/typescript/bin/tsc -p tsconfig.bench.json >/dev/null || true
test -f .bench/bench/kmeans-webgpu.js
[ -n "${SKIP_NODE:-}" ] || [ -f "$DEST/node.xz" ] || xz -T2 -6 -c "$(command -v node)" > "$DEST/node.xz"
# Run-time closure of .bench/bench/kmeans-webgpu.js: 38 compiled files under .bench/src, and
# two packages: webgpu (index.js + the Linux x64 dawn.node) and ml-kmeans (imported by
# kmeans.ts for its 'ml-kmeans' backend) with its dependencies.
ML="ml-kmeans ml-distance-euclidean ml-matrix ml-nearest-vector ml-random ml-spectra-processing
  ml-xsadd is-any-array ml-array-rescale ml-array-max ml-array-min binary-search cheminfo-types fft.js"
paths=(.bench/src .bench/bench/kmeans-webgpu.js node_modules/webgpu/index.js
  node_modules/webgpu/package.json node_modules/webgpu/dist/linux-x64/dawn.node)
for m in $ML; do [ -d "node_modules/$m" ] && paths+=("node_modules/$m"); done
tar -cf - "${paths[@]}" | xz -T2 -6 > "$DEST/runtime.tar.xz"
du -sh "$DEST"/* .gl 2>/dev/null
