"""Scorers: ``scorer(estimator, X, y) -> float``, larger is better.

Cross-validation and search maximise a score, so losses enter with a minus
sign ("neg_mean_squared_error", "neg_log_loss"), as in scikit-learn.
"""

import numpy as np

from scratchlearn.core.metrics import accuracy_score, log_loss, mean_squared_error, r2_score

__all__ = ["SCORERS", "check_scoring"]


def _accuracy(estimator, X, y):
    return float(accuracy_score(y, estimator.predict(X)))


def _r2(estimator, X, y):
    return float(r2_score(y, estimator.predict(X)))


def _neg_mean_squared_error(estimator, X, y):
    return -float(mean_squared_error(y, estimator.predict(X)))


def _neg_log_loss(estimator, X, y):
    # Columns of predict_proba follow classes_, which may include classes
    # absent from this fold's y.
    return -float(log_loss(y, estimator.predict_proba(X), labels=estimator.classes_))


def _passthrough(estimator, X, y):
    """The estimator's own ``score``: accuracy for classifiers, R² for regressors."""
    return float(estimator.score(X, y))


SCORERS = {
    "accuracy": _accuracy,
    "r2": _r2,
    "neg_mean_squared_error": _neg_mean_squared_error,
    "neg_log_loss": _neg_log_loss,
}


def check_scoring(estimator, scoring=None):
    """The scorer named by ``scoring``: None (the estimator's ``score``), a
    name from ``SCORERS`` or a callable ``(estimator, X, y) -> float``."""
    if scoring is None:
        if not hasattr(estimator, "score"):
            raise TypeError(f"{type(estimator).__name__} has no score method: pass scoring.")
        return _passthrough
    if isinstance(scoring, str):
        if scoring not in SCORERS:
            raise ValueError(f"Unknown scoring {scoring!r}; choose one of {sorted(SCORERS)} "
                             "or pass a callable (estimator, X, y) -> float.")
        return SCORERS[scoring]
    if callable(scoring):
        return scoring
    raise TypeError(f"scoring must be None, a string or a callable, got {scoring!r}.")


def as_float(score):
    """Scores must be numbers; a scorer returning an array is a user error."""
    value = np.asarray(score)
    if value.ndim != 0:
        raise ValueError(f"A scorer must return one number, got an array of shape {value.shape}.")
    return float(value)
