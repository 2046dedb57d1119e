"""k-fold cross-validation: fit a fresh clone on each training part, score
it on the held-out part (eq. 3).

``fit_and_score`` is the one place where a model is fitted and scored on a
split; ``cross_validate``, the searches and the curves all call it, so they
share its error handling: a fold that fails either raises (``error_score=
"raise"``, with a note naming the fold and the parameters) or scores
``error_score`` with a ``FitFailedWarning`` that names them.
"""

import numbers
import time
import warnings

import numpy as np

from scratchlearn.core.base import BaseEstimator, _bridged, warn_data_conversion
from scratchlearn.core.validation import reject_sparse
from scratchlearn.model_selection.clone import clone
from scratchlearn.model_selection.scoring import as_float, check_scoring
from scratchlearn.model_selection.split import check_cv

__all__ = ["FitFailedWarning", "cross_val_score", "cross_validate", "fit_and_score", "fold_rows",
           "indexable"]


class FitFailedWarning(RuntimeWarning):
    """A fit on one cross-validation fold raised; its score is ``error_score``."""


def is_classifier(estimator):
    """True for our classifiers and for scikit-learn's (read from its tags;
    scikit-learn is loaded whenever one of its estimators exists)."""
    if isinstance(estimator, BaseEstimator) or not hasattr(estimator, "__sklearn_tags__"):
        return getattr(estimator, "_estimator_type", None) == "classifier"
    return estimator.__sklearn_tags__().estimator_type == "classifier"


def indexable(X, y):
    """X and y in a form whose rows can be taken: pandas objects, arrays and
    lists as they are, other array-likes as arrays. A column-vector y is
    flattened once here (with the usual warning) so that every fold and every
    scorer sees labels of shape (n,)."""
    reject_sparse(X)
    if not hasattr(X, "iloc") and not isinstance(X, np.ndarray | list):
        X = np.asarray(X)
    if y is not None and not hasattr(y, "iloc"):
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            warn_data_conversion("A column-vector y was passed when a 1d array was expected. "
                                 "Please change the shape of y to (n_samples,), for example "
                                 "using ravel().")
            y = y.ravel()
    return X, y


def take_rows(data, rows):
    """``data[rows]`` for arrays, lists and pandas objects; None stays None."""
    if data is None:
        return None
    if hasattr(data, "iloc"):
        return data.iloc[rows]
    if hasattr(data, "shape"):
        return data[rows]
    return [data[i] for i in rows]


def fold_rows(X, y, train, test):
    """``(X_train, y_train, X_test, y_test)`` for one fold's row indices."""
    return take_rows(X, train), take_rows(y, train), take_rows(X, test), take_rows(y, test)


def fit_and_score(estimator, fold_data, scorer, *, parameters=None, fold=0,
                  n_folds=1, error_score=np.nan, return_train_score=False,
                  return_estimator=False):
    """Clone, set ``parameters``, fit on the fold's training rows, score on its
    test rows. ``fold_data`` is ``fold_rows(X, y, train, test)``: a search
    slices each fold once and reuses it for every candidate.

    Returns a dict with ``test_score``, ``fit_time``, ``score_time``,
    ``fit_error`` (None or the message) and, when asked, ``train_score`` and
    the fitted ``estimator``.
    """
    model = clone(estimator)
    if parameters:
        model.set_params(**clone(parameters))
    X_train, y_train, X_test, y_test = fold_data
    result = {"fit_error": None}
    started = time.perf_counter()
    try:
        model.fit(X_train, y_train)
    except Exception as error:
        where = f"fold {fold + 1} of {n_folds} with parameters {parameters or {}}"
        if isinstance(error_score, str) and error_score == "raise":
            error.add_note(f"while fitting {type(estimator).__name__} on {where}")
            raise
        if not isinstance(error_score, numbers.Number):
            raise ValueError("error_score must be 'raise' or a number, got "
                             f"{error_score!r}.") from error
        message = f"{type(error).__name__}: {error}"
        warnings.warn(f"Fitting {type(estimator).__name__} failed on {where}; its score is set "
                      f"to error_score={error_score}. {message}",
                      _bridged(FitFailedWarning, "sklearn.exceptions", "FitFailedWarning"),
                      stacklevel=3)
        result.update(test_score=float(error_score), fit_error=message, score_time=0.0,
                      fit_time=time.perf_counter() - started)
        if return_train_score:
            result["train_score"] = float(error_score)
    else:
        result["fit_time"] = time.perf_counter() - started
        started = time.perf_counter()
        result["test_score"] = as_float(scorer(model, X_test, y_test))
        if return_train_score:
            result["train_score"] = as_float(scorer(model, X_train, y_train))
        result["score_time"] = time.perf_counter() - started
    if return_estimator:
        result["estimator"] = model
    return result


def raise_if_all_failed(results):
    """Every fit failing is a misconfiguration, not bad luck on one fold."""
    errors = [r["fit_error"] for r in results]
    if errors and all(errors):
        distinct = list(dict.fromkeys(errors))
        raise ValueError(f"All the {len(errors)} fits failed; the model is probably "
                         f"misconfigured. The errors were: {' | '.join(distinct)}")


def cross_validate(estimator, X, y=None, *, cv=5, scoring=None, return_train_score=False,
                   return_estimator=False, error_score=np.nan):
    """Scores of ``estimator`` on each of the ``cv`` folds.

    Returns a dict of arrays: ``test_score``, ``fit_time``, ``score_time``,
    and ``train_score`` / ``estimator`` when asked. ``cv`` is an int (k-fold,
    stratified for classifiers), a splitter or an iterable of (train, test)
    index pairs; ``scoring`` as in ``scoring.check_scoring``.
    """
    X, y = indexable(X, y)
    splitter = check_cv(cv, y, classifier=is_classifier(estimator))
    scorer = check_scoring(estimator, scoring)
    splits = list(splitter.split(X, y))
    results = [fit_and_score(estimator, fold_rows(X, y, train, test), scorer, fold=k,
                             n_folds=len(splits), error_score=error_score,
                             return_train_score=return_train_score,
                             return_estimator=return_estimator)
               for k, (train, test) in enumerate(splits)]
    raise_if_all_failed(results)
    keys = ["fit_time", "score_time", "test_score"]
    if return_train_score:
        keys.append("train_score")
    out = {key: np.array([r[key] for r in results]) for key in keys}
    if return_estimator:
        out["estimator"] = [r["estimator"] for r in results]
    return out


def cross_val_score(estimator, X, y=None, *, cv=5, scoring=None, error_score=np.nan):
    """The test score of each fold, an array of length ``n_splits``."""
    return cross_validate(estimator, X, y, cv=cv, scoring=scoring,
                          error_score=error_score)["test_score"]
