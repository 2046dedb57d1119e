"""scratchlearn: machine learning algorithms from scratch in NumPy, each verified
against scikit-learn.

Every estimator is importable from here (``from scratchlearn import
HuberRegression``); ``all_estimators()`` lists them. See ``scratchlearn list``
for the learning path.

``set_config(engine="plain" | "fast")`` and ``config_context(engine=...)``
choose, for every estimator, between the plain algorithm of each ``model.py``
and its speed machinery (default ``"fast"``); ``get_config()`` reads the choice.
``save(estimator, path)`` and ``load(path)`` keep fitted models without pickle.
"""

from importlib import import_module

from scratchlearn.core.config import config_context, get_config, set_config
from scratchlearn.core.persistence import load, save
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


__all__ = ["all_estimators", "config_context", "get_config", "load", "save", "set_config",
           *estimator_locations()]
