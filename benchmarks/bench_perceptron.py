"""Perceptron vs scikit-learn's Perceptron: fit and predict times.

    .venv/bin/python -m benchmarks.bench_perceptron
"""

import warnings

from benchmarks.harness import single_threaded, time_fit_predict, write_markdown
from scratchlearn.classification.perceptron import Perceptron
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_digits, make_classification

SIZES = [(1_000, 20), (10_000, 20), (50_000, 50)]


def main():
    from sklearn.linear_model import Perceptron as SkPerceptron

    rows = []
    cases = [(f"make_classification {n}×{d}",
              make_classification(2 * n, d, n_informative=5, random_state=0))
             for n, d in SIZES]
    cases.append(("digits 1797×64 (10 classes, OvR)", load_digits(return_X_y=True)))
    with single_threaded(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for label, (X, y) in cases:
            X = StandardScaler().fit_transform(X)
            half = len(y) // 2 if "make" in label else len(y)
            X_train, y_train = X[:half], y[:half]
            X_test = X[half:] if half < len(y) else X
            for shuffle in (False, True):
                row = time_fit_predict(
                    lambda s=shuffle: Perceptron(shuffle=s, random_state=0),
                    lambda s=shuffle: SkPerceptron(shuffle=s, random_state=0),
                    X_train, y_train, X_test)
                ours = Perceptron(shuffle=shuffle, random_state=0).fit(X_train, y_train)
                theirs = SkPerceptron(shuffle=shuffle, random_state=0).fit(X_train, y_train)
                row.update(model="Perceptron", n=len(y_train),
                           size=f"{len(y_train)} × {X.shape[1]}, shuffle={shuffle}",
                           data=label, shuffle=shuffle, epochs=f"{ours.n_iter_} / {theirs.n_iter_}")
                rows.append(row)
    write_markdown(
        "perceptron", "Perceptron vs scikit-learn Perceptron (default tol=1e-3)",
        ["data", "shuffle", "epochs", "fit_ours", "fit_sklearn", "fit_ratio", "predict_ours",
         "predict_sklearn", "predict_ratio"], rows,
        notes="Times in seconds (medians of 5). Ratios are ours / scikit-learn. "
              "epochs: ours / scikit-learn; without shuffling they run identical epochs "
              "and return identical weights.")


if __name__ == "__main__":
    main()
