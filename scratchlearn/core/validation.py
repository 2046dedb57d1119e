"""Input validation: the one place that turns user input into clean arrays.

Every estimator calls ``validate_data`` at the top of ``fit`` and of each
prediction method, and trusts what it returns: a float64 array with no NaN or
infinity, the right number of dimensions, samples and features. Errors are
raised here, before any work, with a message that says what to do; their
wording follows scikit-learn's so that its estimator checks recognise them.
"""

import numbers
import sys
import warnings

import numpy as np

from scratchlearn.core.base import check_is_fitted, warn_data_conversion

__all__ = [
    "check_array",
    "check_random_state",
    "check_sample_weight",
    "encode_class_labels",
    "is_float",
    "is_integer",
    "is_real",
    "reject_sparse",
    "validate_data",
]


def check_array(X, *, input_name="X", estimator_name=None, ensure_2d=True):
    """Return ``X`` as a finite float64 array, or raise a clear error.

    ``ensure_2d=False`` accepts a 1-D array (a target vector).
    """
    by = f" by {estimator_name}" if estimator_name else ""
    reject_sparse(X, input_name)
    if X is None:
        raise ValueError(f"{input_name} is None; expected an array-like of numbers.")
    try:
        array = np.asarray(X)
        if array.dtype.kind == "c":
            raise ValueError(f"Complex data not supported: {input_name} holds complex numbers.")
        array = array.astype(np.float64, copy=False)
    except TypeError as error:
        raise TypeError(
            f"{input_name} must hold numbers only ({error}). Encode categorical or text "
            "features as numbers first, for example with OneHotEncoder."
        ) from None
    except ValueError as error:
        if "Complex" in str(error):
            raise
        raise ValueError(
            f"{input_name} must hold numbers only ({error}). Encode categorical or text "
            "features as numbers first, for example with OneHotEncoder."
        ) from None

    if ensure_2d:
        if array.ndim < 2:
            raise ValueError(
                f"Expected a 2D array for {input_name}, got a {array.ndim}D array instead: "
                f"{_preview(array)}\nReshape your data either using array.reshape(-1, 1) if "
                "your data has a single feature or array.reshape(1, -1) if it contains a "
                "single sample."
            )
        if array.ndim > 2:
            raise ValueError(
                f"Found array with dim {array.ndim} for {input_name}{by}. Expected a 2D array "
                "of shape (n_samples, n_features)."
            )
        if array.shape[1] < 1:
            raise ValueError(
                f"Found array with 0 feature(s) (shape={array.shape}) while a minimum of 1 "
                f"is required{by}."
            )
    elif array.ndim != 1:
        raise ValueError(f"{input_name} must be 1-D, got an array of shape {array.shape}.")
    if array.shape[0] < 1:
        raise ValueError(
            f"Found array with 0 sample(s) (shape={array.shape}) while a minimum of 1 "
            f"is required{by}."
        )
    _assert_finite(array, input_name)
    return array


def reject_sparse(X, input_name="X"):
    """Raise a TypeError for a scipy sparse matrix (recognised only when scipy is
    already loaded, so this module never imports it)."""
    sparse = sys.modules.get("scipy.sparse")
    if sparse is not None and sparse.issparse(X):
        raise TypeError(
            f"Sparse data was passed as {input_name}, but scratchlearn works on dense "
            "arrays only. Convert it with .toarray() if it fits in memory."
        )


def _assert_finite(array, input_name):
    # One reduction is cheaper than an elementwise mask; only when the sum is
    # not finite (a NaN, an inf, or an overflow) do we look closer.
    with np.errstate(over="ignore", invalid="ignore"):
        if np.isfinite(np.sum(array)):
            return
    if np.isnan(array).any():
        raise ValueError(f"Input {input_name} contains NaN. Remove or impute missing values.")
    if np.isinf(array).any():
        raise ValueError(
            f"Input {input_name} contains infinity or a value too large for dtype('float64')."
        )


def _preview(array, limit=10):
    flat = np.ravel(array)
    text = np.array2string(flat[:limit], separator=", ")
    return text if flat.size <= limit else text[:-1] + ", ...]"


def _feature_names(X):
    """Column names of a DataFrame-like ``X`` when they are all strings, else None."""
    columns = getattr(X, "columns", None)
    if columns is None:
        return None
    names = np.asarray(columns, dtype=object)
    are_strings = [isinstance(name, str) for name in names]
    if all(are_strings) and len(names) > 0:
        return names
    if any(are_strings):
        raise TypeError(
            "Feature names are only supported if all input features have string names, "
            f"but your input has {sorted({type(n).__name__ for n in names})} as feature "
            "name types. Convert them all to strings, e.g. X.columns = X.columns.astype(str)."
        )
    return None


def _check_feature_names(estimator, X, *, reset):
    names = _feature_names(X)
    name = type(estimator).__name__
    if reset:
        if names is not None:
            estimator.feature_names_in_ = names
        elif hasattr(estimator, "feature_names_in_"):
            del estimator.feature_names_in_
        return

    fitted_names = getattr(estimator, "feature_names_in_", None)
    if names is None and fitted_names is None:
        return

    if names is not None and fitted_names is None:
        warnings.warn(f"X has feature names, but {name} was fitted without feature names",
                      UserWarning, stacklevel=4)
        return
    if names is None:
        warnings.warn(f"X does not have valid feature names, but {name} was fitted with "
                      "feature names", UserWarning, stacklevel=4)
        return
    if len(names) == len(fitted_names) and np.array_equal(names, fitted_names):
        return

    message = "The feature names should match those that were passed during fit.\n"
    unseen = sorted(set(names) - set(fitted_names))
    missing = sorted(set(fitted_names) - set(names))
    if unseen:
        message += "Feature names unseen at fit time:\n" + "".join(f"- {n}\n" for n in unseen)
    if missing:
        message += "Feature names seen at fit time, yet now missing:\n" + "".join(
            f"- {n}\n" for n in missing)
    if not unseen and not missing:
        message += "Feature names must be in the same order as they were in fit.\n"
    raise ValueError(message)


def _check_target(y, estimator_name, *, numeric):
    if y is None:
        raise ValueError(
            f"{estimator_name} requires y to be passed, but the target y is None."
        )
    reject_sparse(y, "y")
    y = np.asarray(y)
    shape = np.shape(y)
    if len(shape) == 2 and shape[1] == 1:
        warn_data_conversion(
            "A column-vector y was passed when a 1d array was expected. Please change the "
            "shape of y to (n_samples, ), for example using ravel()."
        )
        y = np.ravel(y)
    elif len(shape) != 1:
        raise ValueError(f"y should be a 1d array, got an array of shape {shape} instead.")
    if numeric:
        return check_array(y, input_name="y", ensure_2d=False)
    return y


def validate_data(estimator, X, y=None, *, reset, requires_y=None):
    """Validate ``X`` (and ``y`` at fit time) for ``estimator``.

    ``reset=True`` is for ``fit``: it records ``n_features_in_`` and, for a
    DataFrame, ``feature_names_in_``. ``reset=False`` is for prediction: it
    checks the model is fitted and that ``X`` has the features seen in fit.
    Classifier targets are returned as given; call ``encode_class_labels``.
    """
    name = type(estimator).__name__
    if not reset:
        check_is_fitted(estimator)
    if reset:
        _check_feature_names(estimator, X, reset=True)
    else:
        _check_feature_names(estimator, X, reset=False)
    X_checked = check_array(X, estimator_name=name)
    n_features = X_checked.shape[1]
    if reset:
        estimator.n_features_in_ = n_features
    elif n_features != estimator.n_features_in_:
        raise ValueError(
            f"X has {n_features} features, but {name} is expecting "
            f"{estimator.n_features_in_} features as input."
        )

    kind = getattr(estimator, "_estimator_type", None)
    if requires_y is None:
        requires_y = reset and kind in ("classifier", "regressor")
    if not requires_y:
        return X_checked
    y_checked = _check_target(y, name, numeric=kind != "classifier")
    if y_checked.shape[0] != X_checked.shape[0]:
        raise ValueError(
            "Found input variables with inconsistent numbers of samples: "
            f"[{X_checked.shape[0]}, {y_checked.shape[0]}] (X has {X_checked.shape[0]} rows, "
            f"y has {y_checked.shape[0]})."
        )
    return X_checked, y_checked


def encode_class_labels(y, estimator_name="the classifier", *, min_classes=2):
    """Return ``(classes, y_index)``: the sorted distinct labels and, for each
    sample, the index of its label in ``classes``.

    Labels may be ints, strings or any sortable objects; float labels must be
    whole numbers (a continuous target is a regression problem).
    """
    y = np.asarray(y)
    if y.dtype.kind == "f":
        if not np.isfinite(y).all():
            raise ValueError("Input y contains NaN or infinity.")
        if np.any(y != np.round(y)):
            raise ValueError(
                "Unknown label type: continuous. A classifier needs discrete class labels; "
                "for a continuous target use a regressor."
            )
    elif y.dtype.kind == "c":
        raise ValueError("Unknown label type: complex. Class labels must be real.")
    elif y.dtype.kind == "O":
        kinds = {type(label) for label in y}
        if any(issubclass(k, float) for k in kinds) and any(label != label for label in y):
            raise ValueError("Input y contains NaN.")
    try:
        classes, y_index = np.unique(y, return_inverse=True)
    except TypeError as error:
        raise ValueError(
            f"Unknown label type: mixed. Class labels must be of one comparable type ({error})."
        ) from None
    if classes.size < min_classes:
        raise ValueError(
            f"{estimator_name} needs samples of at least {min_classes} classes in y, but the "
            f"data contain only one class: {classes.tolist()[0]!r}."
        )
    return classes, y_index.reshape(-1)


def check_sample_weight(sample_weight, n_samples):
    """Return sample weights as a fresh float64 vector of length ``n_samples``."""
    if sample_weight is None:
        return np.ones(n_samples)
    if isinstance(sample_weight, numbers.Number):
        return np.full(n_samples, float(sample_weight))
    weights = check_array(sample_weight, input_name="sample_weight", ensure_2d=False).copy()
    if weights.shape != (n_samples,):
        raise ValueError(
            f"sample_weight.shape == {weights.shape}, expected ({n_samples},): one weight "
            "per sample."
        )
    if np.any(weights < 0):
        raise ValueError("Negative values in sample_weight are not allowed.")
    if not np.any(weights > 0):
        raise ValueError("Sample weights must contain at least one non-zero weight; all are zero.")
    return weights


def is_integer(value):
    """True for an int or NumPy integer (a bool is not a count)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def is_real(value):
    """True for any real number, integer or float (but not a bool)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def is_float(value):
    """True for a non-integer real, e.g. a fraction such as max_samples=0.5
    (where an int would mean a count)."""
    return is_real(value) and not isinstance(value, numbers.Integral)


def check_random_state(seed):
    """A ``numpy.random.Generator`` from None, an int or a Generator."""
    if seed is None or isinstance(seed, numbers.Integral):
        return np.random.default_rng(seed)
    if isinstance(seed, np.random.Generator):
        return seed
    raise ValueError(f"random_state must be None, an int or a numpy Generator, got {seed!r}.")
