"""MLPClassifier / MLPRegressor against scikit-learn's, same settings, fixed epoch counts.

Both run exactly the same number of epochs (n_iter_no_change = max_iter, so
neither stops early) with Adam and batches of 200, so the times compare the
work per epoch: the forward and backward matrix products plus the per-batch
overhead.

Run: .venv/bin/python -m benchmarks.bench_mlp
"""

import warnings

from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor

from benchmarks.harness import single_threaded, time_fit_predict, write_markdown
from scratchlearn.core.preprocessing import StandardScaler, train_test_split
from scratchlearn.datasets import load_digits, make_classification, make_regression
from scratchlearn.neural_network.mlp import MLPClassifier, MLPRegressor

REPEAT = 3


def _cases():
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X / 16.0, y, test_size=0.25,
                                                        random_state=0, stratify=y)
    yield ("digits, (64,), 200 epochs", "classifier", dict(hidden_layer_sizes=(64,),
                                                             max_iter=200), X_train, y_train,
           X_test)
    for n in (5000, 20000):
        X, y = make_classification(2 * n, 20, n_informative=10, n_classes=3, random_state=0)
        X = StandardScaler().fit_transform(X)
        yield (f"classification {n}×20, 3 classes, (100,), 20 epochs", "classifier",
               dict(hidden_layer_sizes=(100,), max_iter=20), X[:n], y[:n], X[n:])
    X, y = make_regression(2 * 10000, n_features=20, noise=10.0, random_state=0)
    yield ("regression 10000×20, (100, 50), 20 epochs", "regressor",
           dict(hidden_layer_sizes=(100, 50), max_iter=20, learning_rate_init=0.01),
           X[:10000], y[:10000], X[10000:])


def main():
    rows = []
    with single_threaded(), warnings.catch_warnings():
        warnings.simplefilter("ignore")          # ConvergenceWarning at the fixed epoch count
        for name, kind, params, X_train, y_train, X_test in _cases():
            params = {**params, "n_iter_no_change": params["max_iter"], "random_state": 0}
            ours_class, theirs_class = ((MLPClassifier, SkMLPClassifier) if kind == "classifier"
                                        else (MLPRegressor, SkMLPRegressor))
            row = time_fit_predict(lambda c=ours_class, p=params: c(**p),
                                   lambda c=theirs_class, p=params: c(**p),
                                   X_train, y_train, X_test, repeat=REPEAT)
            row.update(model=ours_class.__name__, n=X_train.shape[0], data=name,
                       size=f"{X_train.shape[0]:,} × {X_train.shape[1]}")
            rows.append(row)
    columns = ["data", "fit_ours", "fit_sklearn", "fit_ratio", "predict_ours",
               "predict_sklearn", "predict_ratio"]
    write_markdown(
        "mlp", "MLP vs scikit-learn's MLPClassifier / MLPRegressor (Adam, ReLU, batch 200)",
        columns, rows,
        notes=("Times in seconds, medians of 3 runs; ratio = ours / scikit-learn (below 1: "
               "faster). Both run the same fixed number of epochs. Prediction on as many "
               "new rows as training rows (digits: the 450 held-out images)."),
    )


if __name__ == "__main__":
    main()
