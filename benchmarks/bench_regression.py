"""Regression family against scikit-learn: fit and predict time at growing n.

    .venv/bin/python -m benchmarks.bench_regression
"""

import warnings

import numpy as np
from sklearn.linear_model import HuberRegressor, LinearRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from benchmarks.harness import single_threaded, time_fit_predict, write_markdown
from scratchlearn import (
    HuberRegression,
    MultipleLinearRegression,
    PolynomialRegression,
    RidgeRegression,
    SimpleLinearRegression,
)


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
        for n, d in ((10_000, 100), (100_000, 20)):
            X, y = data(n, d)
            rows.append({"model": "RidgeRegression", "n": n, "size": f"{n:,} × {d}",
                         **time_fit_predict(RidgeRegression, Ridge, X, y, X, repeat=5)})
        # Degree 2: 13 inputs give 104 monomials, 20 give 230. (100 inputs would
        # give 5,150, where scikit-learn's LinearRegression alone takes minutes.)
        for n, d in ((10_000, 13), (100_000, 20)):
            X, y = data(n, d)
            y = y + X[:, 0] * X[:, 1]
            for alpha in (0.0, 1.0):
                theirs = LinearRegression() if alpha == 0 else Ridge(alpha=alpha)
                rows.append({
                    "model": f"PolynomialRegression (α = {alpha:g})", "n": n,
                    "size": f"{n:,} × {d} → {d + d * (d + 1) // 2} features, α = {alpha:g}",
                    **time_fit_predict(
                        lambda alpha=alpha: PolynomialRegression(degree=2, alpha=alpha),
                        lambda theirs=theirs: make_pipeline(
                            PolynomialFeatures(2, include_bias=False), theirs),
                        X, y, X, repeat=3)})
    columns = ["model", "size", "fit_ours", "fit_sklearn", "fit_ratio", "predict_ours",
               "predict_sklearn", "predict_ratio"]
    write_markdown("regression", "Regression family: time in seconds (median), ratio = ours / "
                   "scikit-learn", columns, rows,
                   notes="Defaults on both sides (HuberRegressor: L-BFGS-B, tol 1e-5; ours: "
                         "Newton, tol 1e-5; Ridge: scikit-learn's Cholesky, ours the SVD "
                         "solve through the Gram matrix). PolynomialRegression against "
                         "make_pipeline(PolynomialFeatures(2), LinearRegression() or Ridge()). "
                         "Ratios below 1 mean scratchlearn is faster.")


if __name__ == "__main__":
    main()
