"""PyTorch k-means iterations on the GPU, the comparison of bench/kmeans-webgpu.ts.

Same data shape as that benchmark: n x 8 Gaussian blobs (8 centres uniform in [-10, 10]^8,
unit spread), k = 8, float32 on the GPU. One Lloyd iteration in two formulations:

- "expanded": d2 = |x|^2 - 2 x c^T + |c|^2 (|x|^2 computed once, as a fit would), argmin,
  sums by index_add_, counts by bincount, new centroids;
- "cdist": torch.cdist(x, c), argmin, the same update.

Timed with CUDA events over --iterations iterations after 3 warm-ups (median of 3 repeats),
plus the upload of the float32 data (host to device). Prints a markdown table.

    python3 bench/device/torch_kmeans.py [--sizes 1e6,1e7,5e7] [--iterations 20]
"""

import argparse
import statistics

import torch

K = 8
D = 8


def blobs(n: int, generator: torch.Generator) -> torch.Tensor:
    centres = torch.rand(K, D, generator=generator) * 20 - 10
    labels = torch.arange(n) % K
    x = torch.randn(n, D, generator=generator)
    x += centres[labels]
    return x


def step_expanded(x: torch.Tensor, x2: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
    d2 = x2 - 2.0 * (x @ c.T) + (c * c).sum(1)
    labels = d2.argmin(1)
    sums = torch.zeros_like(c).index_add_(0, labels, x)
    counts = torch.bincount(labels, minlength=K).clamp_min(1).to(x.dtype)
    return sums / counts[:, None]


def step_cdist(x: torch.Tensor, _x2: torch.Tensor, c: torch.Tensor) -> torch.Tensor:
    labels = torch.cdist(x, c).argmin(1)
    sums = torch.zeros_like(c).index_add_(0, labels, x)
    counts = torch.bincount(labels, minlength=K).clamp_min(1).to(x.dtype)
    return sums / counts[:, None]


def time_steps(step, x, x2, c0, iterations: int) -> float:
    c = c0.clone()
    for _ in range(3):
        c = step(x, x2, c)
    runs = []
    for _ in range(3):
        c = c0.clone()
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        for _ in range(iterations):
            c = step(x, x2, c)
        end.record()
        torch.cuda.synchronize()
        runs.append(start.elapsed_time(end) / iterations)
    return statistics.median(runs)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1e6,1e7,5e7")
    parser.add_argument("--iterations", type=int, default=20)
    args = parser.parse_args()
    device = torch.device("cuda")
    print(f"- PyTorch {torch.__version__}, {torch.cuda.get_device_name(0)}")
    print()
    print("| n | upload, ms | expanded ms / iter | cdist ms / iter |")
    print("| ---: | ---: | ---: | ---: |")
    for size in (int(float(s)) for s in args.sizes.split(",")):
        generator = torch.Generator().manual_seed(0)
        host = blobs(size, generator).pin_memory()
        torch.cuda.synchronize()
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        x = host.to(device, non_blocking=True)
        end.record()
        torch.cuda.synchronize()
        upload = start.elapsed_time(end)
        x2 = (x * x).sum(1, keepdim=True)
        c0 = x[torch.randperm(size, generator=generator)[:K].to(device)].clone()
        expanded = time_steps(step_expanded, x, x2, c0, args.iterations)
        cdist = time_steps(step_cdist, x, x2, c0, args.iterations)
        print(f"| {size / 1e6:g}M | {upload:.1f} | {expanded:.3f} | {cdist:.3f} |")
        del x, x2, host
        torch.cuda.empty_cache()


if __name__ == "__main__":
    main()
