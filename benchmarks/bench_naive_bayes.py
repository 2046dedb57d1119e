"""Naive Bayes (Gaussian, multinomial, Bernoulli) against scikit-learn's GaussianNB,
MultinomialNB and BernoulliNB: fit and predict_proba time on digits and on
larger synthetic sets.

Run: .venv/bin/python -m benchmarks.bench_naive_bayes
"""

from functools import partial

import numpy as np
from sklearn.naive_bayes import BernoulliNB, GaussianNB, MultinomialNB

from benchmarks.harness import median_time, single_threaded, write_markdown
from scratchlearn.classification.naive_bayes import (
    BernoulliNaiveBayes,
    GaussianNaiveBayes,
    MultinomialNaiveBayes,
)
from scratchlearn.datasets import load_digits, make_classification

REPEAT = 7
MODELS = (
    ("Gaussian", GaussianNaiveBayes, GaussianNB, {}),
    ("multinomial", MultinomialNaiveBayes, MultinomialNB, {}),
    ("Bernoulli", BernoulliNaiveBayes, BernoulliNB, {"binarize": 4.0}),
)


def _counts(n, d, k, seed=0):
    """Word-count-like data: Poisson counts from class-specific rates."""
    rng = np.random.default_rng(seed)
    rates = rng.gamma(0.6, 2.0, size=(k, d))
    y = rng.integers(0, k, n)
    return rng.poisson(rates[y]).astype(float), y


def _datasets():
    X, y = load_digits(return_X_y=True)
    yield "digits 1797 × 64, 10 classes", X, y, X
    Xc, yc = _counts(100_000, 100, 10)
    yield "counts 100,000 × 100, 10 classes", Xc, yc, Xc
    Xg, yg = make_classification(100_000, 50, n_informative=10, n_classes=5, random_state=0)
    yield "make_classification 100,000 × 50, 5 classes", Xg, yg, Xg


def main():
    rows = []
    with single_threaded():
        for data, X, y, X_test in _datasets():
            for name, ours_cls, theirs_cls, params in MODELS:
                if name == "multinomial" and X.min() < 0:
                    continue                                     # counts only
                ours, theirs = ours_cls(**params), theirs_cls(**params)
                fit_ours = median_time(partial(ours.fit, X, y), REPEAT)
                fit_theirs = median_time(partial(theirs.fit, X, y), REPEAT)
                proba_ours = median_time(partial(ours.predict_proba, X_test), REPEAT)
                proba_theirs = median_time(partial(theirs.predict_proba, X_test), REPEAT)
                difference = np.abs(ours.predict_proba(X_test)
                                    - theirs.predict_proba(X_test)).max()
                rows.append({
                    "data": data, "model": type(ours).__name__, "n": X.shape[0],
                    "size": f"{X.shape[0]:,} × {X.shape[1]}",
                    "fit_ours": fit_ours, "fit_sklearn": fit_theirs,
                    "fit_ratio": fit_ours / fit_theirs,
                    "proba_ours": proba_ours, "proba_sklearn": proba_theirs,
                    "proba_ratio": proba_ours / proba_theirs,
                    "predict_ratio": proba_ours / proba_theirs,
                    "max_proba_diff": f"{difference:.1e}",
                })
    columns = ["data", "model", "fit_ours", "fit_sklearn", "fit_ratio", "proba_ours",
               "proba_sklearn", "proba_ratio", "max_proba_diff"]
    write_markdown(
        "naive_bayes", "Naive Bayes vs scikit-learn (GaussianNB, MultinomialNB, BernoulliNB)",
        columns, rows,
        notes=(f"Times in seconds, medians of {REPEAT} runs; ratio = ours / scikit-learn "
               "(below 1: faster). predict_proba on the training rows. max_proba_diff: "
               "largest |ours − scikit-learn| over all probabilities."),
    )


if __name__ == "__main__":
    main()
