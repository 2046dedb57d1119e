"""Hyperparameter search: cross-validate every candidate, keep the best.

``GridSearchCV`` tries every combination of a grid; ``RandomizedSearchCV``
tries ``n_iter`` draws from lists or distributions (Bergstra & Bengio, 2012:
when few hyperparameters matter, random draws cover each one more densely
than a grid of the same budget). Both score a candidate by its mean test
score over the folds (eq. 4), rank candidates as scikit-learn does, and refit
the winner on all the data.
"""

import numbers
import time
import warnings
from collections.abc import Mapping, Sequence
from itertools import product

import numpy as np

from scratchlearn.core.base import BaseEstimator, DelegatedMethod, check_is_fitted
from scratchlearn.core.validation import check_random_state
from scratchlearn.model_selection.clone import clone
from scratchlearn.model_selection.scoring import check_scoring
from scratchlearn.model_selection.split import check_cv
from scratchlearn.model_selection.validation import (
    fit_and_score,
    fold_rows,
    indexable,
    is_classifier,
    raise_if_all_failed,
)

__all__ = ["GridSearchCV", "ParameterGrid", "ParameterSampler", "RandomizedSearchCV"]


def _as_list_of_dicts(grid, name):
    grids = [grid] if isinstance(grid, Mapping) else grid
    if not isinstance(grids, Sequence) or not all(isinstance(g, Mapping) for g in grids):
        raise TypeError(f"{name} must be a dict or a list of dicts, got {grid!r}.")
    return list(grids)


class ParameterGrid:
    """Every combination of a dict of lists (or of each dict in a list), with
    the keys of each dict in sorted order, as scikit-learn enumerates them."""

    def __init__(self, param_grid):
        self.grids = _as_list_of_dicts(param_grid, "param_grid")
        for grid in self.grids:
            for key, values in grid.items():
                if isinstance(values, str) or not isinstance(values, Sequence | np.ndarray):
                    raise TypeError(
                        f"The grid for parameter {key!r} must be a list or an array, got "
                        f"{values!r}; wrap a single value in a list.")
                if len(values) == 0:
                    raise ValueError(f"The grid for parameter {key!r} is empty.")

    def __iter__(self):
        for grid in self.grids:
            keys = sorted(grid)
            for values in product(*(grid[key] for key in keys)):
                yield dict(zip(keys, values, strict=True))

    def __len__(self):
        return sum(int(np.prod([len(v) for v in grid.values()])) for grid in self.grids)


class ParameterSampler:
    """``n_iter`` parameter dicts drawn from lists (uniformly) or from objects
    with an ``rvs(random_state=...)`` method (scipy.stats distributions).

    When every value is a list the draws are without replacement from the
    grid; if the grid is smaller than ``n_iter`` the whole grid is returned
    with a warning.
    """

    def __init__(self, param_distributions, n_iter, *, random_state=None):
        self.grids = _as_list_of_dicts(param_distributions, "param_distributions")
        self.n_iter = n_iter
        self.random_state = random_state

    def __iter__(self):
        rng = check_random_state(self.random_state)
        if all(not hasattr(v, "rvs") for grid in self.grids for v in grid.values()):
            grid = list(ParameterGrid(self.grids))
            if len(grid) < self.n_iter:
                warnings.warn(f"The grid has only {len(grid)} candidates, fewer than "
                              f"n_iter={self.n_iter}; trying all of them.", UserWarning,
                              stacklevel=2)
            for index in rng.choice(len(grid), size=min(self.n_iter, len(grid)), replace=False):
                yield grid[index]
            return
        for _ in range(self.n_iter):
            grid = self.grids[rng.integers(len(self.grids))]
            params = {}
            for key in sorted(grid):
                values = grid[key]
                params[key] = (values.rvs(random_state=rng) if hasattr(values, "rvs")
                               else values[rng.integers(len(values))])
            yield params

    def __len__(self):
        if all(not hasattr(v, "rvs") for grid in self.grids for v in grid.values()):
            return min(self.n_iter, len(ParameterGrid(self.grids)))
        return self.n_iter


class _BaseSearchCV(BaseEstimator):
    """What grid and random search share; subclasses say which candidates to try."""

    predict = DelegatedMethod("predict")
    predict_proba = DelegatedMethod("predict_proba")
    predict_log_proba = DelegatedMethod("predict_log_proba")
    decision_function = DelegatedMethod("decision_function")
    transform = DelegatedMethod("transform")
    inverse_transform = DelegatedMethod("inverse_transform")

    @property
    def _estimator_type(self):
        return getattr(self.estimator, "_estimator_type", None)

    def fit(self, X, y=None):
        """Cross-validate every candidate on the same folds, then refit the best."""
        X, y = indexable(X, y)
        splitter = check_cv(self.cv, y, classifier=is_classifier(self.estimator))
        self.scorer_ = check_scoring(self.estimator, self.scoring)
        candidates = list(self._candidates())
        self._check_parameter_names(candidates)
        splits = list(splitter.split(X, y))
        # Each fold's rows are sliced once and shared by every candidate.
        folds = [fold_rows(X, y, train, test) for train, test in splits]
        # Candidate-major order, as scikit-learn: all folds of candidate 0 first.
        results = [fit_and_score(self.estimator, data, self.scorer_,
                                 parameters=params, fold=k, n_folds=len(splits),
                                 error_score=self.error_score,
                                 return_train_score=self.return_train_score)
                   for params in candidates for k, data in enumerate(folds)]
        raise_if_all_failed(results)
        self.n_splits_ = len(splits)
        self.cv_results_ = _format_results(candidates, results, len(splits),
                                           self.return_train_score)
        self.best_index_ = int(np.argmin(self.cv_results_["rank_test_score"]))
        self.best_params_ = candidates[self.best_index_]
        self.best_score_ = float(self.cv_results_["mean_test_score"][self.best_index_])
        self.multimetric_ = False
        if self.refit:
            started = time.perf_counter()
            best = clone(self.estimator).set_params(**clone(self.best_params_))
            self.best_estimator_ = best.fit(X, y)
            self.refit_time_ = time.perf_counter() - started
        return self

    def score(self, X, y=None):
        """The search's scorer applied to the refitted best estimator."""
        self._check_refitted("score")
        return float(self.scorer_(self.best_estimator_, X, y))

    @property
    def classes_(self):
        self._check_refitted("classes_")
        return self.best_estimator_.classes_

    @property
    def n_features_in_(self):
        if not hasattr(self, "best_estimator_"):
            raise AttributeError(f"{type(self).__name__} has no n_features_in_ before it is "
                                 "fitted with refit=True.")
        return self.best_estimator_.n_features_in_

    def _delegate_target(self):
        return self.estimator

    def _delegate(self, name, X):
        return self._call_best(name, X)

    def _call_best(self, name, X):
        self._check_refitted(name)
        return getattr(self.best_estimator_, name)(X)

    def _check_refitted(self, name):
        check_is_fitted(self)
        if not self.refit:
            raise AttributeError(f"{name} is not available with refit=False: the best "
                                 "parameters are in best_params_, refit them yourself.")

    def _check_parameter_names(self, candidates):
        valid = self.estimator.get_params(deep=True)
        for params in candidates:
            for key in params:
                # A key under a step that the grid itself replaces cannot be
                # checked against the original step.
                replaced = key.rpartition("__")[0] in params
                if key not in valid and not replaced:
                    raise ValueError(
                        f"Invalid parameter {key!r} for estimator "
                        f"{type(self.estimator).__name__}. Valid parameters are: "
                        f"{sorted(valid)}.")


def _format_results(candidates, results, n_splits, return_train_score):
    """``cv_results_`` in scikit-learn's layout: one entry per candidate in
    every array; ``param_<name>`` masked where a candidate lacks the name."""
    n_candidates = len(candidates)
    out = {}

    def store(key, values, rank=False):
        scores = np.array(values, dtype=float).reshape(n_candidates, n_splits)
        for k in range(n_splits):
            out[f"split{k}_{key}"] = scores[:, k]
        mean = scores.mean(axis=1)
        out[f"mean_{key}"] = mean
        out[f"std_{key}"] = np.sqrt(((scores - mean[:, None]) ** 2).mean(axis=1))  # (eq. 5)
        if rank:
            out[f"rank_{key}"] = _rank_descending(mean)

    for key in ("fit_time", "score_time"):
        times = np.array([r[key] for r in results]).reshape(n_candidates, n_splits)
        out[f"mean_{key}"] = times.mean(axis=1)
        out[f"std_{key}"] = times.std(axis=1)
    for name in sorted({name for params in candidates for name in params}):
        present = [name in params for params in candidates]
        values = [params[name] for params in candidates if name in params]
        try:
            dtype = np.result_type(*values)
        except (TypeError, ValueError):
            dtype = np.dtype(object)
        if not all(present) or any(not np.isscalar(v) for v in values):
            dtype = np.dtype(object)
        column = np.ma.MaskedArray(np.empty(n_candidates, dtype=dtype), mask=True)
        for index, params in enumerate(candidates):
            if name in params:
                column[index] = params[name]
        out[f"param_{name}"] = column
    out["params"] = candidates
    store("test_score", [r["test_score"] for r in results], rank=True)
    if return_train_score:
        store("train_score", [r["train_score"] for r in results])
    return out


def _rank_descending(mean):
    """Rank 1 for the largest mean, ties sharing the smallest rank; failed
    candidates (NaN) rank last (eq. 4)."""
    if np.all(np.isnan(mean)):
        return np.ones(len(mean), dtype=np.int32)
    filled = np.where(np.isnan(mean), np.nanmin(mean) - 1, mean)
    return (1 + (filled[None, :] > filled[:, None]).sum(axis=1)).astype(np.int32)


class GridSearchCV(_BaseSearchCV):
    """Cross-validate every combination in ``param_grid`` (a dict of lists or
    a list of such dicts; ``step__param`` reaches inside a pipeline)."""

    def __init__(self, estimator, param_grid, *, scoring=None, cv=5, refit=True,
                 error_score=np.nan, return_train_score=False):
        self.estimator = estimator
        self.param_grid = param_grid
        self.scoring = scoring
        self.cv = cv
        self.refit = refit
        self.error_score = error_score
        self.return_train_score = return_train_score

    def _candidates(self):
        return ParameterGrid(self.param_grid)


class RandomizedSearchCV(_BaseSearchCV):
    """Cross-validate ``n_iter`` candidates drawn by ``ParameterSampler``."""

    def __init__(self, estimator, param_distributions, *, n_iter=10, scoring=None, cv=5,
                 refit=True, random_state=None, error_score=np.nan, return_train_score=False):
        self.estimator = estimator
        self.param_distributions = param_distributions
        self.n_iter = n_iter
        self.scoring = scoring
        self.cv = cv
        self.refit = refit
        self.random_state = random_state
        self.error_score = error_score
        self.return_train_score = return_train_score

    def _candidates(self):
        if not isinstance(self.n_iter, numbers.Integral) or self.n_iter < 1:
            raise ValueError(f"n_iter must be a positive integer, got {self.n_iter!r}.")
        return ParameterSampler(self.param_distributions, self.n_iter,
                                random_state=self.random_state)
