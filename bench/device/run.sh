#!/usr/bin/env bash
# Runs ON THE DEVICE (H100), from the repository root, the WebGPU k-means benchmark
# (bench/kmeans-webgpu.ts, compiled) and the PyTorch comparison (bench/device/torch_kmeans.py),
# writing both reports under $OUT (or ./out-device when OUT is unset).
#
# Prepare here first: bash bench/device/pack.sh (fills .devcarry/), and the GL/Vulkan loader
# debs in .gl/ as /work/.library/device/README.md says. Then call the device tool with
#   carry: [".gl", ".devcarry"]     command: bash bench/device/run.sh [sizes]
# sizes default to 1e6,1e7,5e7.
set -uo pipefail
SIZES="${1:-1e6,1e7,5e7}"
OUT="${OUT:-$PWD/out-device}"
mkdir -p "$OUT"
for f in .gl/*.deb; do dpkg -x "$f" /; done
ldconfig
# Where the driver's ICD files are not found by default (see the device README).
[ -f /usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json ] &&
  export VK_DRIVER_FILES=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f /usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json ] &&
  export __EGL_VENDOR_LIBRARY_FILENAMES=/usr/local/nvidia/share/glvnd/egl_vendor.d/10_nvidia.json
xz -dc .devcarry/node.xz > /tmp/node && chmod +x /tmp/node
xz -dc .devcarry/runtime.tar.xz | tar -xf -
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | tee "$OUT/gpu.txt"
# 50M x 8 float64 is 3.2 GB of typed arrays (off the V8 heap); give the heap room anyway.
/tmp/node --max-old-space-size=16384 .bench/bench/kmeans-webgpu.js --sizes="$SIZES" \
  --backend=native --out="$OUT/webgpu.md" 2> >(grep -v '^Warning: max' >&2) | tee "$OUT/webgpu.log"
PYTHONUNBUFFERED=1 python3 bench/device/torch_kmeans.py --sizes "$SIZES" | tee "$OUT/torch.md"
