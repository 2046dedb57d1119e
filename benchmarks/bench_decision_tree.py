"""Decision trees: fit and predict time against scikit-learn's, one thread each.

Run: python -m benchmarks.bench_decision_tree  →  benchmarks/results/decision_tree.md
"""

import numpy as np

from benchmarks.harness import single_threaded, time_fit_predict, write_markdown
from scratchlearn.datasets import load_digits
from scratchlearn.trees.decision_tree import DecisionTreeClassifier, DecisionTreeRegressor

# (label, task, n_samples, n_features, max_depth, repeats)
CASES = [
    ("make_classification", "classifier", 10_000, 20, None, 5),
    ("make_classification", "classifier", 40_000, 20, None, 3),
    ("make_classification", "classifier", 40_000, 20, 8, 3),
    ("make_classification", "classifier", 200_000, 20, 10, 1),
    ("digits (10 classes, tied values)", "classifier", 1_797, 64, None, 5),
    ("make_regression", "regressor", 40_000, 20, None, 3),
    # Absolute error: range medians (wavelet matrix) with float weights, so
    # the near-ties are scored again by CART's own function.
    ("make_regression, absolute error, float weights", "regressor", 4_000, 8, None, 3),
]


def _data(label, task, n, d):
    from sklearn.datasets import make_classification, make_regression

    if label.startswith("digits"):
        return load_digits(return_X_y=True)
    if task == "classifier":
        return make_classification(n, d, n_informative=10, random_state=0)
    X, y = make_regression(n, d, n_informative=min(10, d), noise=10.0, random_state=0)
    return X, y


def main():
    from sklearn import tree as sk_tree

    rows = []
    with single_threaded():
        for label, task, n, d, depth, repeat in CASES:
            X, y = _data(label, task, n, d)
            ours_cls, theirs_cls = ((DecisionTreeClassifier, sk_tree.DecisionTreeClassifier)
                                    if task == "classifier"
                                    else (DecisionTreeRegressor, sk_tree.DecisionTreeRegressor))
            params = dict(max_depth=depth)
            weights = None
            if "absolute error" in label:
                params["criterion"] = "absolute_error"
                weights = np.random.default_rng(0).uniform(0.5, 2.0, len(y))
            row = time_fit_predict(lambda c=ours_cls, p=params: c(**p),
                                   lambda c=theirs_cls, p=params: c(**p, random_state=0),
                                   X, y, X, repeat=repeat, sample_weight=weights)
            ours = ours_cls(**params).fit(X, y, sample_weight=weights)
            theirs = theirs_cls(**params, random_state=0).fit(X, y, sample_weight=weights)
            agree = float(np.mean(ours.predict(X) == theirs.predict(X))) if task == "classifier" \
                else float(np.max(np.abs(ours.predict(X) - theirs.predict(X))))
            rows.append(dict(model=ours_cls.__name__, n=X.shape[0], data=label,
                             size=f"{X.shape[0]:,} × {X.shape[1]}, depth {depth}",
                             depth="None" if depth is None else depth, **row,
                             leaves=f"{ours.get_n_leaves()} / {theirs.get_n_leaves()}",
                             agreement=agree))
    write_markdown(
        "decision_tree", "Decision tree: scratchlearn vs scikit-learn",
        ["data", "size", "depth", "fit_ours", "fit_sklearn", "fit_ratio", "predict_ours",
         "predict_sklearn", "predict_ratio", "leaves", "agreement"], rows,
        notes="Times in seconds (medians); ratio = ours / scikit-learn. Predictions are on the "
              "training set. leaves = ours / scikit-learn's. agreement = fraction of identical "
              "training predictions (classifier) or max |difference| (regressor); ties between "
              "equally good splits are broken differently (see notes.md).")


if __name__ == "__main__":
    main()
