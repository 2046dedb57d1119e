"""LogisticRegression (Newton / IRLS in NumPy) against scikit-learn's
LogisticRegression (lbfgs), two classes, 20 features, C = 1, both at their
default tolerances.

Run: .venv/bin/python -m benchmarks.bench_logistic_regression
"""

import numpy as np
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from benchmarks.harness import peak_memory_mb, single_threaded, time_fit_predict, write_markdown
from scratchlearn.classification.logistic_regression import LogisticRegression
from scratchlearn.datasets import make_classification

SIZES = (1_000, 10_000, 100_000)
N_FEATURES = 20
REPEAT = 5


def _fit_memory(make, X, y):
    return peak_memory_mb(lambda: make().fit(X, y))


def main():
    rows = []
    with single_threaded():
        for n in SIZES:
            X, y = make_classification(2 * n, N_FEATURES, n_informative=10, n_redundant=4,
                                       random_state=0)
            X_train, y_train, X_test = X[:n], y[:n], X[n:]
            row = time_fit_predict(LogisticRegression, SkLogisticRegression,
                                   X_train, y_train, X_test, repeat=REPEAT)
            ours = LogisticRegression().fit(X_train, y_train)
            theirs = SkLogisticRegression().fit(X_train, y_train)
            row.update(
                model="LogisticRegression", n=n, size=f"{n:,} × {N_FEATURES}", n_train=n, n_iter=f"{ours.n_iter_} / {theirs.n_iter_[0]}",
                max_proba_diff=float(np.max(np.abs(ours.predict_proba(X_test)
                                                   - theirs.predict_proba(X_test)))),
                memory_ours=_fit_memory(LogisticRegression, X_train, y_train),
                memory_sklearn=_fit_memory(SkLogisticRegression, X_train, y_train),
            )
            rows.append(row)
    columns = ["n_train", "n_iter", "fit_ours", "fit_sklearn", "fit_ratio", "predict_ours",
               "predict_sklearn", "predict_ratio", "max_proba_diff", "memory_ours",
               "memory_sklearn"]
    write_markdown(
        "logistic_regression",
        f"LogisticRegression vs scikit-learn (make_classification, {N_FEATURES} features, "
        "2 classes, C = 1)",
        columns, rows,
        notes=("Times in seconds, medians of 5 runs; ratio = ours / scikit-learn (below 1: "
               "faster). Both at default settings: ours Newton with tol = 1e-6 on the "
               "per-sample gradient, scikit-learn lbfgs with tol = 1e-4 (so ours is the more "
               "accurate: max_proba_diff is mostly scikit-learn's error). n_iter: ours / "
               "scikit-learn. Prediction on as many new points as training points. Memory: "
               "peak NumPy allocation during fit, MB (ours copies X once with a column of "
               "ones, plus one work array of the same size for the Hessian)."),
    )


if __name__ == "__main__":
    main()
