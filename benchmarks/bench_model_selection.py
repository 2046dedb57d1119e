"""What the search machinery costs: GridSearchCV on a 50-candidate grid
against the sum of the fit and score times it runs, and against
scikit-learn's GridSearchCV (n_jobs=1) on the same grid, folds and estimator.

Run: .venv/bin/python -m benchmarks.bench_model_selection
"""

import time

import numpy as np
from sklearn.model_selection import GridSearchCV as SkGridSearchCV

from benchmarks.harness import single_threaded, write_markdown
from scratchlearn.datasets import load_breast_cancer
from scratchlearn.model_selection import GridSearchCV, StratifiedKFold
from scratchlearn.trees.decision_tree import DecisionTreeClassifier

GRID = {"max_depth": [1, 2, 3, 4, 5, 6, 7, 8, 10, None],
        "min_samples_leaf": [1, 2, 4, 8, 16]}          # 50 candidates
REPEAT = 3


def main():
    X, y = load_breast_cancer(return_X_y=True)
    folds = list(StratifiedKFold(5, shuffle=True, random_state=0).split(X, y))
    rows = []
    with single_threaded():
        totals, inner, theirs = [], [], []
        for _ in range(REPEAT):
            started = time.perf_counter()
            search = GridSearchCV(DecisionTreeClassifier(random_state=0), GRID, cv=folds)
            search.fit(X, y)
            totals.append(time.perf_counter() - started)
            results = search.cv_results_
            inner.append(len(folds) * float(np.sum(results["mean_fit_time"]
                                                   + results["mean_score_time"]))
                         + search.refit_time_)
            started = time.perf_counter()
            SkGridSearchCV(DecisionTreeClassifier(random_state=0), GRID, cv=folds,
                           n_jobs=1).fit(X, y)
            theirs.append(time.perf_counter() - started)
    total, fits, sk_total = np.median(totals), np.median(inner), np.median(theirs)
    rows.append({"model": "GridSearchCV", "size": "569 × 30, 50 candidates × 5 folds",
                 "search_total": total, "fits_and_scores": fits,
                 "overhead": total / fits - 1, "sklearn_total": sk_total,
                 "fit_ratio": total / sk_total})
    write_markdown(
        "model_selection", "GridSearchCV: machinery overhead and time vs scikit-learn",
        ["size", "search_total", "fits_and_scores", "overhead", "sklearn_total", "fit_ratio"],
        rows,
        notes=("Times in seconds, medians of 3 searches of scratchlearn's "
               "DecisionTreeClassifier on breast cancer. fits_and_scores: the sum of the fit "
               "and score times the search ran (and its refit); overhead = search_total / "
               "fits_and_scores − 1 (target < 5 %). fit_ratio: our search / scikit-learn's "
               "GridSearchCV (n_jobs=1) with the same estimator, grid and folds."),
    )


if __name__ == "__main__":
    main()
