#!/usr/bin/env python3
"""scikit-learn side of bench/tree.ts: DecisionTreeClassifier fit time and held-out accuracy.

    /usr/bin/python3 bench/sklearn_tree.py TRAIN_X TRAIN_Y TEST_X TEST_Y COLS MAX_DEPTH REPEATS

The X files are raw little-endian float64 (row-major, COLS columns), the Y files little-endian
int32 class indices, all written by the TypeScript benchmark. Fits
DecisionTreeClassifier(max_depth=MAX_DEPTH, random_state=0) REPEATS times and prints one JSON
line: first and best wall time of the whole fit in ms (input validation and the float32 copy
included, as a user would see it), node count, depth and the accuracy on the test rows.
"""

import json
import sys
import time

import numpy as np
import sklearn
from sklearn.tree import DecisionTreeClassifier


def main():
    train_x, train_y, test_x, test_y, cols, max_depth, repeats = sys.argv[1:8]
    cols, max_depth, repeats = int(cols), int(max_depth), int(repeats)
    X = np.fromfile(train_x, dtype="<f8").reshape(-1, cols)
    y = np.fromfile(train_y, dtype="<i4")
    Xt = np.fromfile(test_x, dtype="<f8").reshape(-1, cols)
    yt = np.fromfile(test_y, dtype="<i4")
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        est = DecisionTreeClassifier(max_depth=max_depth, random_state=0).fit(X, y)
        times.append((time.perf_counter() - start) * 1000)
    accuracy = float(np.mean(est.predict(Xt) == yt))
    print(
        json.dumps(
            {
                "first": times[0],
                "best": min(times),
                "nodes": int(est.tree_.node_count),
                "depth": int(est.get_depth()),
                "accuracy": accuracy,
                "sklearn": sklearn.__version__,
            }
        )
    )


if __name__ == "__main__":
    main()
