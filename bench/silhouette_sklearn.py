#!/usr/bin/env python3
"""Times scikit-learn's silhouette_score on data written by bench/silhouette.ts.

    python3 bench/silhouette_sklearn.py DATA.f64 LABELS.i32 ROWS COLS REPEATS

DATA.f64 holds ROWS x COLS little-endian float64 values, row-major; LABELS.i32 one int32 per
row. Prints one JSON line: {"first": s, "best": s, "score": value, "sklearn": version}.
"""

import json
import sys
import time

import numpy as np
import sklearn
from sklearn.metrics import silhouette_score


def main():
    data_path, labels_path, rows, cols, repeats = sys.argv[1:6]
    rows, cols, repeats = int(rows), int(cols), int(repeats)
    X = np.fromfile(data_path, dtype="<f8").reshape(rows, cols)
    labels = np.fromfile(labels_path, dtype="<i4")
    times = []
    score = None
    for _ in range(repeats):
        start = time.perf_counter()
        score = silhouette_score(X, labels)
        times.append(time.perf_counter() - start)
    result = {
        "first": times[0],
        "best": min(times),
        "score": float(score),
        "sklearn": sklearn.__version__,
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
