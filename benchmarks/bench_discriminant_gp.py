"""Discriminant analysis and Gaussian process regression against scikit-learn:
LinearDiscriminantAnalysis (svd and eigen) and QuadraticDiscriminantAnalysis at
up to 50,000 × 30, GaussianProcessRegressor (fixed hyperparameters, i.e.
optimize=False against optimizer=None) at up to n = 2,000.

Run: .venv/bin/python -m benchmarks.bench_discriminant_gp
"""

from functools import partial

import numpy as np
from sklearn import discriminant_analysis as sk
from sklearn.gaussian_process import GaussianProcessRegressor as SkGPR
from sklearn.gaussian_process.kernels import RBF, WhiteKernel
from sklearn.gaussian_process.kernels import ConstantKernel as Constant

from benchmarks.harness import median_time, single_threaded, write_markdown
from scratchlearn.classification.discriminant_analysis import (
    LinearDiscriminantAnalysis,
    QuadraticDiscriminantAnalysis,
)
from scratchlearn.datasets import make_classification
from scratchlearn.regression.gaussian_process import GaussianProcessRegressor

DA_SIZES = (10_000, 50_000)
GP_SIZES = (500, 1_000, 2_000)
REPEAT = 5
DA_MODELS = (
    ("LinearDiscriminantAnalysis (svd)", LinearDiscriminantAnalysis,
     sk.LinearDiscriminantAnalysis, {}),
    ("LinearDiscriminantAnalysis (eigen)", LinearDiscriminantAnalysis,
     sk.LinearDiscriminantAnalysis, {"solver": "eigen"}),
    ("QuadraticDiscriminantAnalysis", QuadraticDiscriminantAnalysis,
     sk.QuadraticDiscriminantAnalysis, {}),
)
GP = dict(signal_variance=1.0, length_scale=2.0, noise_variance=0.01)


def _time(row, label, fn):
    row[label] = median_time(fn, REPEAT)


def _discriminant_rows():
    rows = []
    for n in DA_SIZES:
        X, y = make_classification(n, 30, n_informative=10, n_redundant=0, n_classes=5,
                                   random_state=0)
        for model, ours_cls, theirs_cls, params in DA_MODELS:
            ours, theirs = ours_cls(**params), theirs_cls(**params)
            row = {"model": model, "n": n, "size": f"{n:,} × 30"}
            _time(row, "fit_ours", partial(ours.fit, X, y))
            _time(row, "fit_sklearn", partial(theirs.fit, X, y))
            _time(row, "predict_ours", partial(ours.predict_proba, X))
            _time(row, "predict_sklearn", partial(theirs.predict_proba, X))
            difference = np.abs(ours.predict_proba(X) - theirs.predict_proba(X)).max()
            row.update(fit_ratio=row["fit_ours"] / row["fit_sklearn"],
                       predict_ratio=row["predict_ours"] / row["predict_sklearn"],
                       agreement=f"{difference:.1e}")
            rows.append(row)
    return rows


def _gp_rows():
    rows = []
    rng = np.random.default_rng(0)
    for n in GP_SIZES:
        X = rng.standard_normal((2 * n, 5))
        y = np.sin(X).sum(axis=1) + 0.1 * rng.standard_normal(2 * n)
        X_train, y_train, X_test = X[:n], y[:n], X[n:]
        ours = GaussianProcessRegressor(**GP, optimize=False)
        theirs = SkGPR(Constant(GP["signal_variance"]) * RBF(GP["length_scale"])
                       + WhiteKernel(GP["noise_variance"]), optimizer=None)
        row = {"model": "GaussianProcessRegressor", "n": n, "size": f"{n:,} × 5"}
        _time(row, "fit_ours", partial(ours.fit, X_train, y_train))
        _time(row, "fit_sklearn", partial(theirs.fit, X_train, y_train))
        _time(row, "predict_ours", partial(ours.predict, X_test, return_std=True))
        _time(row, "predict_sklearn", partial(theirs.predict, X_test, return_std=True))
        mean_ours = median_time(partial(ours.predict, X_test), REPEAT)
        mean_theirs = median_time(partial(theirs.predict, X_test), REPEAT)
        m1, s1 = ours.predict(X_test, return_std=True)
        m2, s2 = theirs.predict(X_test, return_std=True)
        row.update(fit_ratio=row["fit_ours"] / row["fit_sklearn"],
                   predict_ratio=row["predict_ours"] / row["predict_sklearn"],
                   mean_only_ratio=mean_ours / mean_theirs,
                   agreement=f"{max(np.abs(m1 - m2).max(), np.abs(s1 - s2).max()):.1e}")
        rows.append(row)
    return rows


def main():
    with single_threaded():
        rows = _discriminant_rows() + _gp_rows()
    for row in rows:
        row.setdefault("mean_only_ratio", "—")
    columns = ["model", "size", "fit_ours", "fit_sklearn", "fit_ratio", "predict_ours",
               "predict_sklearn", "predict_ratio", "mean_only_ratio", "agreement"]
    write_markdown(
        "discriminant_gp",
        "Discriminant analysis and Gaussian process regression vs scikit-learn",
        columns, rows,
        notes=(f"Times in seconds, medians of {REPEAT} runs; ratio = ours / scikit-learn "
               "(below 1: faster). Discriminant analysis: make_classification, 5 classes, "
               "predict = predict_proba on the training rows. Gaussian process: "
               "σ_f² = 1, ℓ = 2, σ_n² = 0.01 fixed (optimize=False / optimizer=None), "
               "predict = predict(return_std=True) on n new points; mean_only_ratio times "
               "predict without the std. agreement: largest |ours − scikit-learn| over "
               "the probabilities (or the predictive means and stds)."),
    )


if __name__ == "__main__":
    main()
