#!/usr/bin/env python3
"""scikit-learn side of bench/kmeans.ts: KMeans (lloyd and elkan) from given initial centroids.

    /usr/bin/python3 bench/sklearn_kmeans.py DATA INIT ROWS COLS K REPEATS TOL

DATA and INIT are raw little-endian float64 files (row-major ROWS x COLS and K x COLS), written
by the TypeScript benchmark. For each algorithm, fits REPEATS times with n_init=1 and the given
centroids, and prints one JSON line: the first and best wall time of the whole fit (validation,
copy and centring included, as a user would see it), the iterations and the inertia.
"""

import json
import sys
import time
import warnings

import numpy as np
import sklearn
from sklearn.cluster import KMeans
from threadpoolctl import threadpool_info


def main():
    data, init, rows, cols, k, repeats, tol = sys.argv[1:8]
    rows, cols, k, repeats, tol = int(rows), int(cols), int(k), int(repeats), float(tol)
    X = np.fromfile(data, dtype="<f8").reshape(rows, cols)
    centroids = np.fromfile(init, dtype="<f8").reshape(k, cols)
    threads = max(
        (p.get("num_threads", 1) for p in threadpool_info() if p.get("user_api") == "openmp"),
        default=1,
    )
    for algorithm in ["lloyd", "elkan"]:
        times = []
        for _ in range(repeats):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                start = time.perf_counter()
                km = KMeans(
                    n_clusters=k, init=centroids, n_init=1, algorithm=algorithm, tol=tol
                ).fit(X)
                times.append((time.perf_counter() - start) * 1000)
        print(
            json.dumps(
                {
                    "algorithm": algorithm,
                    "first": times[0],
                    "best": min(times),
                    "iterations": int(km.n_iter_),
                    "inertia": float(km.inertia_),
                    "threads": threads,
                    "sklearn": sklearn.__version__,
                }
            ),
            flush=True,
        )


if __name__ == "__main__":
    main()
