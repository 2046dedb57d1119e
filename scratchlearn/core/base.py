"""The estimator contract: parameters, fitted state, scores and tags.

This is scikit-learn's API (Buitinck et al., 2013, "API design for machine
learning software") written again without importing scikit-learn:

* ``__init__`` stores its arguments and nothing else, so ``get_params`` can
  read them back from the signature and ``sklearn.base.clone`` can rebuild an
  unfitted copy;
* ``fit`` learns attributes whose names end in ``_`` and returns ``self``;
* regressors score with R², classifiers with accuracy.

scikit-learn's own test suite needs three of its objects from us (tags, the
``NotFittedError`` class, the ``DataConversionWarning`` class). They are
reached only when scikit-learn is already loaded, so the library itself never
imports it.
"""

import html
import inspect
import sys
import warnings

import numpy as np

from scratchlearn.core.metrics import accuracy_score, r2_score

__all__ = [
    "BaseEstimator",
    "ClassifierMixin",
    "ClusterMixin",
    "ConvergenceWarning",
    "DataConversionWarning",
    "DelegatedMethod",
    "DensityMixin",
    "NotFittedError",
    "RegressorMixin",
    "TransformerMixin",
    "check_is_fitted",
]


# ---------------------------------------------------------------------------
# Exceptions and warnings, bridged to scikit-learn's classes when it is loaded
# ---------------------------------------------------------------------------

class NotFittedError(ValueError, AttributeError):
    """Raised when a prediction method is called before ``fit``."""

    def __reduce__(self):
        # The bridged subclass is made at run time and cannot be pickled by
        # name; rebuild through a module-level function instead.
        return _rebuild_not_fitted_error, (str(self),)


class ConvergenceWarning(UserWarning):
    """An iterative solver stopped at ``max_iter`` before meeting ``tol``."""


class DataConversionWarning(UserWarning):
    """The input had to be reshaped or converted (for example a column-vector y)."""


_bridged_classes = {}


def _bridged(own_class, sklearn_module, sklearn_name):
    """Return ``own_class``, or a subclass of it and of scikit-learn's class of
    the same role when scikit-learn has already been imported by the caller."""
    module = sys.modules.get(sklearn_module)
    theirs = getattr(module, sklearn_name, None) if module is not None else None
    if theirs is None:
        return own_class
    key = (own_class, theirs)
    if key not in _bridged_classes:
        _bridged_classes[key] = type(own_class.__name__, (own_class, theirs), {
            "__module__": own_class.__module__,
        })
    return _bridged_classes[key]


def _rebuild_not_fitted_error(message):
    return _bridged(NotFittedError, "sklearn.exceptions", "NotFittedError")(message)


def warn_data_conversion(message):
    warnings.warn(
        message,
        _bridged(DataConversionWarning, "sklearn.exceptions", "DataConversionWarning"),
        stacklevel=4,
    )


def warn_convergence(message):
    warnings.warn(
        message,
        _bridged(ConvergenceWarning, "sklearn.exceptions", "ConvergenceWarning"),
        stacklevel=4,
    )


def check_is_fitted(estimator):
    """Raise ``NotFittedError`` unless ``fit`` has set a fitted attribute."""
    fitted = any(key.endswith("_") and not key.startswith("__") for key in vars(estimator))
    if not fitted:
        raise _rebuild_not_fitted_error(
            f"This {type(estimator).__name__} instance is not fitted yet. Call 'fit' "
            "with appropriate arguments before using this estimator."
        )


# ---------------------------------------------------------------------------
# The base estimator
# ---------------------------------------------------------------------------

class BaseEstimator:
    """Parameters come from the ``__init__`` signature; fitted state ends in ``_``."""

    _estimator_type = None

    @classmethod
    def _get_param_names(cls):
        signature = inspect.signature(cls.__init__)
        names = []
        for parameter in signature.parameters.values():
            if parameter.name == "self":
                continue
            if parameter.kind in (parameter.VAR_POSITIONAL, parameter.VAR_KEYWORD):
                raise TypeError(f"{cls.__name__}.__init__ must name every parameter explicitly")
            names.append(parameter.name)
        return sorted(names)

    def get_params(self, deep=True):
        params = {}
        for name in self._get_param_names():
            value = getattr(self, name)
            if deep and hasattr(value, "get_params") and not isinstance(value, type):
                for sub_name, sub_value in value.get_params(deep=True).items():
                    params[f"{name}__{sub_name}"] = sub_value
            params[name] = value
        return params

    def set_params(self, **params):
        valid = self._get_param_names()
        nested = {}
        for key, value in params.items():
            name, _, sub_name = key.partition("__")
            if name not in valid:
                raise ValueError(
                    f"Invalid parameter {name!r} for estimator {type(self).__name__}. "
                    f"Valid parameters are: {valid}."
                )
            if sub_name:
                nested.setdefault(name, {})[sub_name] = value
            else:
                setattr(self, name, value)
        for name, sub_params in nested.items():
            getattr(self, name).set_params(**sub_params)
        return self

    def _changed_params(self):
        """``{name: value}`` of the parameters that differ from their defaults."""
        defaults = {
            name: parameter.default
            for name, parameter in inspect.signature(type(self).__init__).parameters.items()
        }
        return {name: getattr(self, name, None) for name in self._get_param_names()
                if not _same_value(getattr(self, name, None),
                                   defaults.get(name, inspect.Parameter.empty))}

    def __repr__(self):
        changed = [f"{name}={value!r}" for name, value in self._changed_params().items()]
        return f"{type(self).__name__}({', '.join(changed)})"

    def _repr_html_(self):
        """How Jupyter shows the estimator: its non-default parameters and,
        once fitted, each fitted attribute with its shape or value."""
        rows = "".join(f"<tr><td><code>{html.escape(name)}</code></td>"
                       f"<td><code>{html.escape(repr(value))}</code></td></tr>"
                       for name, value in self._changed_params().items())
        fitted = {name: value for name, value in vars(self).items()
                  if name.endswith("_") and not name.startswith("_")}
        # A pipeline keeps no fitted attribute of its own; it says whether its steps are.
        is_fitted = getattr(self, "__sklearn_is_fitted__", lambda: bool(fitted))()
        status = "fitted" if is_fitted else "not fitted"
        fitted_rows = "".join(f"<tr><td><code>{html.escape(name)}</code></td>"
                              f"<td>{html.escape(_describe(value))}</td></tr>"
                              for name, value in fitted.items())
        parameters = (f"<table>{rows}</table>" if rows else "<p>all parameters at their "
                      "defaults</p>")
        attributes = f"<table>{fitted_rows}</table>" if fitted_rows else ""
        return (f'<div class="scratchlearn-estimator"><p><strong>'
                f"{html.escape(type(self).__name__)}</strong> ({status})</p>"
                f"{parameters}{attributes}</div>")

    def __sklearn_tags__(self):
        # Called only by scikit-learn itself, so the import cannot load it.
        from sklearn.utils import (
            ClassifierTags,
            RegressorTags,
            Tags,
            TargetTags,
            TransformerTags,
        )

        kind = self._estimator_type
        return Tags(
            estimator_type=kind,
            target_tags=TargetTags(required=kind in ("classifier", "regressor")),
            classifier_tags=ClassifierTags() if kind == "classifier" else None,
            regressor_tags=RegressorTags() if kind == "regressor" else None,
            transformer_tags=TransformerTags() if isinstance(self, TransformerMixin) else None,
        )


def _describe(value):
    """A fitted attribute in a few words: an array's shape and dtype, else its repr."""
    if isinstance(value, np.ndarray):
        return f"array of shape {value.shape}, {value.dtype}"
    if isinstance(value, list | tuple) and len(value) > 5:
        return f"{type(value).__name__} of {len(value)} items"
    text = repr(value)
    return text if len(text) <= 80 else text[:77] + "..."


def _same_value(value, default):
    if value is default:
        return True
    try:
        return bool(type(value) is type(default) and value == default)
    except (TypeError, ValueError):
        return False


class RegressorMixin:
    _estimator_type = "regressor"

    def score(self, X, y, sample_weight=None):
        """Coefficient of determination R² of ``predict(X)`` against ``y``."""
        return float(r2_score(y, self.predict(X), sample_weight=sample_weight))


class ClassifierMixin:
    _estimator_type = "classifier"

    def score(self, X, y, sample_weight=None):
        """Mean accuracy of ``predict(X)`` against ``y``."""
        return float(accuracy_score(y, self.predict(X), sample_weight=sample_weight))

    def _decode(self, class_indices):
        """Map internal class indices 0..K-1 back to the user's labels."""
        return self.classes_[np.asarray(class_indices)]


class TransformerMixin:
    def fit_transform(self, X, y=None):
        return self.fit(X, y).transform(X)


class DelegatedMethod:
    """A method of a meta-estimator (a pipeline, a search) that exists only when
    the estimator it wraps has it, so ``hasattr(meta, "predict_proba")`` tells
    the truth. The owner supplies ``_delegate_target()`` (the estimator to ask)
    and ``_delegate(name, X)`` (how to call the method through it)."""

    def __init__(self, name):
        self.name = name

    def __get__(self, meta, owner=None):
        if meta is None:
            return self
        getattr(meta._delegate_target(), self.name)  # AttributeError when it lacks the method
        name = self.name

        def method(X):
            return meta._delegate(name, X)

        # scikit-learn's scorers look the method up again by its __name__.
        method.__name__ = method.__qualname__ = name
        return method


class ClusterMixin:
    """Learning without labels: ``fit`` sets ``labels_``, one cluster index per sample."""

    _estimator_type = "clusterer"

    def fit_predict(self, X, y=None):
        """Fit on ``X`` and return the cluster label of every sample (``labels_``)."""
        return self.fit(X).labels_


class DensityMixin:
    """Density estimators: ``score_samples(X)`` is log p(x) per sample, and
    ``score`` their mean, the average log-likelihood (higher is better)."""

    _estimator_type = "density_estimator"

    def score(self, X, y=None):
        """Mean log-likelihood of the samples of ``X`` under the fitted density."""
        return float(np.mean(self.score_samples(X)))
