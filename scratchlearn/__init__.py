"""scratchlearn: machine learning algorithms from scratch in NumPy, each verified
against scikit-learn.

Every estimator is importable from here (``from scratchlearn import
HuberRegression``); ``all_estimators()`` lists them. See ``scratchlearn list``
for the learning path.
"""

from importlib import import_module

from scratchlearn.registry import estimator_locations

__version__ = "0.1.0"


def all_estimators():
    """``[(name, class), ...]`` for every public estimator, in learning-path order."""
    return [(name, getattr(import_module(module), name))
            for name, module in estimator_locations().items()]


def __getattr__(name):
    module = estimator_locations().get(name)
    if module is None:
        raise AttributeError(f"module 'scratchlearn' has no attribute {name!r}")
    return getattr(import_module(module), name)


def __dir__():
    return sorted([*globals(), *estimator_locations()])


__all__ = ["all_estimators", *estimator_locations()]
