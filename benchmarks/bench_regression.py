"""Regression family against scikit-learn: fit and predict time at growing n.

    .venv/bin/python -m benchmarks.bench_regression
"""

import warnings

import numpy as np
from sklearn.linear_model import HuberRegressor, LinearRegression

from benchmarks.harness import single_threaded, time_fit_predict, write_markdown
from scratchlearn import HuberRegression, MultipleLinearRegression, SimpleLinearRegression


def data(n, d, outliers=0.0, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = X @ rng.normal(size=d) + rng.normal(size=n)
    y[: int(outliers * n)] += 50.0
    return X, y


def main():
    rows = []
    with single_threaded(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for n in (10_000, 100_000, 1_000_000):
            X, y = data(n, 1)
            rows.append({"model": "SimpleLinearRegression", "n": n, "size": f"{n:,} × 1",
                         **time_fit_predict(SimpleLinearRegression, LinearRegression,
                                            X, y, X, repeat=5)})
        for n in (10_000, 100_000, 1_000_000):
            X, y = data(n, 20)
            rows.append({"model": "MultipleLinearRegression", "n": n, "size": f"{n:,} × 20",
                         **time_fit_predict(MultipleLinearRegression, LinearRegression,
                                            X, y, X, repeat=5 if n < 1_000_000 else 3)})
        for n in (1_000, 10_000, 100_000):
            X, y = data(n, 20, outliers=0.1)
            rows.append({"model": "HuberRegression", "n": n, "size": f"{n:,} × 20",
                         **time_fit_predict(HuberRegression, HuberRegressor, X, y, X,
                                            repeat=5 if n < 100_000 else 3)})
    columns = ["model", "size", "fit_ours", "fit_sklearn", "fit_ratio", "predict_ours",
               "predict_sklearn", "predict_ratio"]
    write_markdown("regression", "Regression family: time in seconds (median), ratio = ours / "
                   "scikit-learn", columns, rows,
                   notes="Defaults on both sides (HuberRegressor: L-BFGS-B, tol 1e-5; ours: "
                         "Newton, tol 1e-5). Ratios below 1 mean scratchlearn is faster.")


if __name__ == "__main__":
    main()
