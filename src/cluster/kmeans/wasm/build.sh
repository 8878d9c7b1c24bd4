#!/bin/sh
# Regenerates kernel-wasm.ts from kernel.wat (no npm involved; needs wat2wasm from wabt,
# Debian: apt-get install -y wabt). Run from anywhere:
#
#     sh src/cluster/kmeans/wasm/build.sh
#
# The committed kernel-wasm.ts is what runs: neither the runtime nor CI needs wabt.
set -eu
dir=$(dirname "$0")
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
wat2wasm "$dir/kernel.wat" -o "$tmp"
b64=$(base64 -w0 <"$tmp")
size=$(wc -c <"$tmp" | tr -d ' ')
# The in-place variant: the same code on an imported shared memory (../arena.ts).
wat=$(mktemp --suffix=.wat)
trap 'rm -f "$tmp" "$wat"' EXIT
sed 's/^  (memory (export "memory") 1)$/  (import "env" "memory" (memory 1 65536 shared))/' \
  "$dir/kernel.wat" >"$wat"
grep -q '(import "env" "memory"' "$wat"
wat2wasm --enable-threads "$wat" -o "$tmp"
b64shared=$(base64 -w0 <"$tmp")
sha=$(sha256sum "$dir/kernel.wat" | cut -c1-16)
cat >"$dir/kernel-wasm.ts" <<EOF
/**
 * GENERATED FILE, do not edit: the WebAssembly binary of \`kernel.wat\` (next to this file),
 * $size bytes, base64-encoded. Regenerate after editing \`kernel.wat\` with
 *
 *     sh src/cluster/kmeans/wasm/build.sh
 *
 * which runs \`wat2wasm kernel.wat\` (wabt $(wat2wasm --version); SIMD is on by default)
 * and \`base64 -w0\`. Source sha256 (first 16 hex digits): $sha.
 *
 * @module
 */

/** The assignment kernel module (see \`kernel.wat\`), base64. */
export const KERNEL_WASM_BASE64 =
  '$b64';

/** The same module importing a shared memory (\`env.memory\`; see \`kernel.wat\`), base64. */
export const KERNEL_WASM_SHARED_BASE64 =
  '$b64shared';
EOF
echo "wrote $dir/kernel-wasm.ts ($size bytes of wasm)"
