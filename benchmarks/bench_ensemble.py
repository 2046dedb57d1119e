"""Ensembles against scikit-learn, single-threaded (n_jobs=1): fit and predict
time of 100 trees on digits (random forest, bagging, gradient boosting with
one tree per class per stage) and of AdaBoost's 50 stumps on breast cancer.

Run: .venv/bin/python -m benchmarks.bench_ensemble
"""

from sklearn import ensemble as sk

from benchmarks.harness import single_threaded, time_fit_predict, write_markdown
from scratchlearn.datasets import load_breast_cancer, load_diabetes, load_digits
from scratchlearn.ensemble.adaboost import AdaBoostClassifier
from scratchlearn.ensemble.bagging import BaggingClassifier
from scratchlearn.ensemble.gradient_boosting import (
    GradientBoostingClassifier,
    GradientBoostingRegressor,
)
from scratchlearn.ensemble.random_forest import RandomForestClassifier, RandomForestRegressor

REPEAT = 1          # each fit is seconds long; the lead reruns on a quiet machine


def _cases():
    digits = load_digits(return_X_y=True)
    cancer = load_breast_cancer(return_X_y=True)
    diabetes = load_diabetes(return_X_y=True)
    yield ("random forest, 100 trees", "digits 1797 × 64", digits,
           lambda: RandomForestClassifier(100, random_state=0),
           lambda: sk.RandomForestClassifier(100, random_state=0, n_jobs=1))
    yield ("random forest regressor, 100 trees", "diabetes 442 × 10", diabetes,
           lambda: RandomForestRegressor(100, random_state=0),
           lambda: sk.RandomForestRegressor(100, random_state=0, n_jobs=1))
    yield ("bagging, 100 trees", "digits 1797 × 64", digits,
           lambda: BaggingClassifier(n_estimators=100, random_state=0),
           lambda: sk.BaggingClassifier(n_estimators=100, random_state=0, n_jobs=1))
    yield ("AdaBoost SAMME, 50 stumps", "breast cancer 569 × 30", cancer,
           lambda: AdaBoostClassifier(random_state=0),
           lambda: sk.AdaBoostClassifier(random_state=0))
    yield ("gradient boosting, 10 stages × 10 classes", "digits 1797 × 64", digits,
           lambda: GradientBoostingClassifier(n_estimators=10, random_state=0),
           lambda: sk.GradientBoostingClassifier(n_estimators=10, random_state=0))
    yield ("gradient boosting regressor, 100 stages", "diabetes 442 × 10", diabetes,
           lambda: GradientBoostingRegressor(random_state=0),
           lambda: sk.GradientBoostingRegressor(random_state=0))


def main():
    rows = []
    with single_threaded():
        for model, data, (X, y), ours, theirs in _cases():
            row = time_fit_predict(ours, theirs, X, y, X, repeat=REPEAT)
            rows.append({"model": type(ours()).__name__, "setting": model, "data": data,
                         "n": X.shape[0], "size": data, **row})
    columns = ["model", "setting", "data", "fit_ours", "fit_sklearn", "fit_ratio", "predict_ours",
               "predict_sklearn", "predict_ratio"]
    notes = ("Times in seconds (median of runs). Every tree is scratchlearn's "
             "DecisionTreeClassifier/Regressor: the fit ratio is essentially the tree's ratio "
             "on bootstrap-weighted digits with a random feature subset per node.")
    write_markdown("ensemble", "Ensembles vs scikit-learn (n_jobs=1)", columns, rows, notes)


if __name__ == "__main__":
    main()
