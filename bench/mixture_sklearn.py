#!/usr/bin/env python3
"""Times scikit-learn on data written by bench/mixture.ts (GaussianMixture and Ward).

    python3 bench/mixture_sklearn.py gmm DATA.f64 ROWS COLS INIT.json REPEATS
    python3 bench/mixture_sklearn.py ward DATA.f64 ROWS COLS K

DATA.f64: ROWS x COLS little-endian float64, row-major. INIT.json: {"k", "maxIter",
"covarianceType", "weights", "means", "precisions"}. Prints one JSON line with the times in
seconds (first and best of REPEATS for the mixture), the lower bound or the labels' sizes.
"""

import json
import sys
import time

import numpy as np
import sklearn
from sklearn.cluster import AgglomerativeClustering
from sklearn.mixture import GaussianMixture


def main():
    what, path, rows, cols = sys.argv[1:5]
    X = np.fromfile(path, dtype="<f8").reshape(int(rows), int(cols))
    if what == "gmm":
        with open(sys.argv[5], encoding="utf-8") as f:
            init = json.load(f)
        times = []
        lower = None
        for _ in range(int(sys.argv[6])):
            start = time.perf_counter()
            gm = GaussianMixture(
                n_components=init["k"],
                covariance_type=init["covarianceType"],
                max_iter=init["maxIter"],
                tol=0.0,
                weights_init=init["weights"],
                means_init=init["means"],
                precisions_init=init["precisions"],
            ).fit(X)
            times.append(time.perf_counter() - start)
            lower = float(gm.lower_bound_)
        print(json.dumps({"first": times[0], "best": min(times), "lowerBound": lower, "nIter": int(gm.n_iter_), "sklearn": sklearn.__version__}))
    else:
        start = time.perf_counter()
        labels = AgglomerativeClustering(n_clusters=int(sys.argv[5]), linkage="ward").fit(X).labels_
        seconds = time.perf_counter() - start
        print(json.dumps({"seconds": seconds, "sizes": sorted(np.bincount(labels).tolist()), "sklearn": sklearn.__version__}))


if __name__ == "__main__":
    main()
