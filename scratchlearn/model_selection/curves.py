"""Learning and validation curves: train and test scores as one thing varies.

A learning curve varies the number of training samples (eq. 6): a high-bias
model's two curves meet early at a poor score, a high-variance model's stay
far apart and close only with more data. A validation curve varies one
hyperparameter: the test score peaks where neither bias nor variance
dominates. Both use the same folds for every point, so the points differ
only in what is varied.
"""

import warnings

import numpy as np

from scratchlearn.core.validation import check_random_state
from scratchlearn.model_selection.scoring import check_scoring
from scratchlearn.model_selection.split import check_cv
from scratchlearn.model_selection.validation import (
    fit_and_score,
    fold_rows,
    indexable,
    is_classifier,
    raise_if_all_failed,
)

__all__ = ["learning_curve", "validation_curve"]


def learning_curve(estimator, X, y, *, train_sizes=(0.1, 0.325, 0.55, 0.775, 1.0), cv=5,
                   scoring=None, shuffle=False, random_state=None, error_score=np.nan):
    """Train and test scores for growing training sets on each fold.

    ``train_sizes`` are fractions of the largest training part (rounded down)
    or counts. Each point trains on the first ``m`` samples of the fold's
    training part (shuffled first when ``shuffle=True``). Returns
    ``(train_sizes_abs, train_scores, test_scores)``, the scores of shape
    (n_sizes, n_splits).
    """
    X, y = indexable(X, y)
    splitter = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = check_scoring(estimator, scoring)
    splits = list(splitter.split(X, y))
    sizes = _absolute_train_sizes(train_sizes, len(splits[0][0]))
    rng = check_random_state(random_state) if shuffle else None
    results = []
    for k, (train, test) in enumerate(splits):
        if rng is not None:
            train = rng.permutation(train)
        results.extend(fit_and_score(estimator, fold_rows(X, y, train[:m], test), scorer, fold=k,
                                     n_folds=len(splits), error_score=error_score,
                                     return_train_score=True)
                       for m in sizes)
    raise_if_all_failed(results)
    return sizes, *_by_point(results, len(splits), len(sizes))


def validation_curve(estimator, X, y, *, param_name, param_range, cv=5, scoring=None,
                     error_score=np.nan):
    """Train and test scores for each value of one hyperparameter, each of
    shape (len(param_range), n_splits)."""
    X, y = indexable(X, y)
    splitter = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = check_scoring(estimator, scoring)
    splits = list(splitter.split(X, y))
    results = [fit_and_score(estimator, fold_rows(X, y, train, test), scorer,
                             parameters={param_name: value}, fold=k, n_folds=len(splits),
                             error_score=error_score, return_train_score=True)
               for k, (train, test) in enumerate(splits) for value in param_range]
    raise_if_all_failed(results)
    return _by_point(results, len(splits), len(param_range))


def _by_point(results, n_splits, n_points):
    """Fold-major results → (n_points, n_splits) arrays of train and test scores."""
    train = np.array([r["train_score"] for r in results]).reshape(n_splits, n_points).T
    test = np.array([r["test_score"] for r in results]).reshape(n_splits, n_points).T
    return train, test


def _absolute_train_sizes(train_sizes, n_max):
    """Counts from fractions of ``n_max`` (rounded down, at least 1) or counts,
    without duplicates."""
    sizes = np.asarray(train_sizes)
    if sizes.ndim != 1 or len(sizes) == 0:
        raise ValueError(f"train_sizes must be a non-empty 1-D list, got {train_sizes!r}.")
    if np.issubdtype(sizes.dtype, np.floating):
        if sizes.min() <= 0 or sizes.max() > 1:
            raise ValueError(f"Fractional train_sizes must lie in (0, 1], got {sizes}.")
        counts = np.clip((sizes * n_max).astype(int), 1, n_max)
    else:
        if sizes.min() < 1 or sizes.max() > n_max:
            raise ValueError(f"train_sizes must be counts in [1, {n_max}] (the largest "
                             f"training part), got {sizes}.")
        counts = sizes.astype(int)
    unique = np.unique(counts)
    if len(unique) < len(counts):
        warnings.warn(f"Some train_sizes repeat after rounding; using the {len(unique)} "
                      f"distinct sizes {unique.tolist()}.", RuntimeWarning, stacklevel=3)
    return unique

