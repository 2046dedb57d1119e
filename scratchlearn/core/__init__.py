"""Shared plumbing: the estimator contract, validation, metrics,
preprocessing, optimisation and stable special functions."""

from scratchlearn.core.base import (
    BaseEstimator,
    ClassifierMixin,
    ClusterMixin,
    ConvergenceWarning,
    DataConversionWarning,
    DensityMixin,
    NotFittedError,
    RegressorMixin,
    TransformerMixin,
    check_is_fitted,
)
from scratchlearn.core.optim import DivergenceError, check_gradient, gradient_descent
from scratchlearn.core.preprocessing import (
    OneHotEncoder,
    PolynomialFeatures,
    StandardScaler,
    one_hot,
    train_test_split,
)
from scratchlearn.core.validation import (
    check_random_state,
    check_sample_weight,
    encode_class_labels,
    validate_data,
)

__all__ = [
    "BaseEstimator",
    "ClassifierMixin",
    "ClusterMixin",
    "ConvergenceWarning",
    "DataConversionWarning",
    "DensityMixin",
    "DivergenceError",
    "NotFittedError",
    "OneHotEncoder",
    "PolynomialFeatures",
    "RegressorMixin",
    "StandardScaler",
    "TransformerMixin",
    "check_gradient",
    "check_is_fitted",
    "check_random_state",
    "check_sample_weight",
    "encode_class_labels",
    "gradient_descent",
    "one_hot",
    "train_test_split",
    "validate_data",
]
