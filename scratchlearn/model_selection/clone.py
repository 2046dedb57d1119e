"""``clone``: a fresh, unfitted estimator with the same parameters.

Cross-validation must fit a new model on every fold; reusing one object
would leak the previous fold's fitted state. The parameters are read back
with ``get_params(deep=False)`` and passed to the class again, which is why
``__init__`` must store its arguments unchanged. Parameters that are
themselves estimators (a pipeline's steps, a search's ``estimator``) are
cloned in turn; other values are deep-copied so that no mutable object is
shared between the original and the copy.
"""

import copy

__all__ = ["clone"]


def clone(estimator):
    """An unfitted copy of ``estimator``; lists, tuples and dicts of estimators
    are cloned element by element."""
    if isinstance(estimator, dict):
        return {key: clone(value) for key, value in estimator.items()}
    if isinstance(estimator, list | tuple | set | frozenset):
        return type(estimator)(clone(item) for item in estimator)
    if not hasattr(estimator, "get_params") or isinstance(estimator, type):
        return copy.deepcopy(estimator)
    params = estimator.get_params(deep=False)
    fresh = type(estimator)(**{name: clone(value) for name, value in params.items()})
    for name, value in fresh.get_params(deep=False).items():
        # A constructor that altered its arguments would make the copy differ
        # from the original silently.
        if type(value) is not type(params[name]):
            raise RuntimeError(f"Cannot clone {estimator!r}: its constructor changed the "
                               f"parameter {name!r}.")
    return fresh
