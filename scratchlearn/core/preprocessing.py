"""Preprocessing: standardisation, polynomial features and one-hot encoding
(``train_test_split`` is re-exported from ``scratchlearn.model_selection``).

The transformers follow the estimator contract (``fit`` learns, ``transform``
applies, ``fit_transform`` does both) so they compose with models in a
scikit-learn ``Pipeline``.
"""

from itertools import combinations, combinations_with_replacement

import numpy as np

from scratchlearn.core.base import BaseEstimator, TransformerMixin, check_is_fitted
from scratchlearn.core.validation import reject_sparse, validate_data

# train_test_split lives with the other splitters; it is re-exported here,
# where it used to be defined, so existing imports keep working.
from scratchlearn.model_selection.split import train_test_split

__all__ = [
    "OneHotEncoder",
    "PolynomialFeatures",
    "StandardScaler",
    "monomial_powers",
    "one_hot",
    "one_vs_rest_signs",
    "train_test_split",
]


class StandardScaler(TransformerMixin, BaseEstimator):
    """Standardise each feature: z = (x − μ) / s.

    μ is the column mean and s the population standard deviation (ddof = 0).
    A constant column has s = 0; it is left unscaled (s taken as 1) rather
    than divided by zero.

    Fitted attributes: ``mean_``, ``var_``, ``scale_``, ``n_features_in_``.
    """

    def __init__(self, with_mean=True, with_std=True):
        self.with_mean = with_mean
        self.with_std = with_std

    def fit(self, X, y=None):
        X = validate_data(self, X, reset=True)
        self.mean_ = X.mean(axis=0)
        self.var_ = X.var(axis=0)
        # A variance at rounding level (a constant column stored with noise in
        # the last bits) would blow the column up; treat it as constant.
        constant = self.var_ <= (np.finfo(float).eps * np.maximum(np.abs(self.mean_), 1.0)) ** 2
        self.scale_ = np.where(constant, 1.0, np.sqrt(self.var_))
        return self

    def transform(self, X):
        X = validate_data(self, X, reset=False)
        if self.with_mean:
            X = X - self.mean_
        if self.with_std:
            X = X / self.scale_
        return X

    def inverse_transform(self, X):
        X = validate_data(self, X, reset=False)
        if self.with_std:
            X = X * self.scale_
        if self.with_mean:
            X = X + self.mean_
        return X


# exercise: polynomial_regression.powers
def monomial_powers(n_features, degree, interaction_only=False, include_bias=True):
    """The exponents of every monomial of total degree ≤ ``degree`` in
    ``n_features`` variables (polynomial_regression notes, eqs. 1 and 4): an
    int array (n_monomials, n_features) whose row k holds the power of each
    feature in monomial k.

    Rows go by degree (the constant first, if ``include_bias``), and within
    a degree in lexicographic order of the features multiplied — for two
    features and degree 2: 1, a, b, a², ab, b², scikit-learn's order.
    ``interaction_only`` keeps the products of distinct features (powers 0 or 1).
    """
    combine = combinations if interaction_only else combinations_with_replacement
    start = 0 if include_bias else 1
    terms = [term for d in range(start, degree + 1) for term in combine(range(n_features), d)]
    powers = np.zeros((len(terms), n_features), dtype=int)
    for row, term in enumerate(terms):
        np.add.at(powers[row], list(term), 1)
    return powers


class PolynomialFeatures(TransformerMixin, BaseEstimator):
    """All monomials of the features up to ``degree``.

    For features (a, b) and degree 2 the output columns are
    1, a, b, a², ab, b² — the same order as scikit-learn. ``interaction_only``
    keeps only products of distinct features (1, a, b, ab).

    Fitted attributes: ``powers_`` (n_output_features, n_features_in_),
    ``n_output_features_``.
    """

    def __init__(self, degree=2, interaction_only=False, include_bias=True):
        self.degree = degree
        self.interaction_only = interaction_only
        self.include_bias = include_bias

    def fit(self, X, y=None):
        X = validate_data(self, X, reset=True)
        if not (isinstance(self.degree, int | np.integer) and self.degree >= 0):
            raise ValueError(f"degree must be a non-negative integer, got {self.degree!r}.")
        powers = monomial_powers(X.shape[1], self.degree, self.interaction_only,
                                 self.include_bias)
        self.powers_ = powers
        self.n_output_features_ = len(powers)
        # Each monomial as the sorted tuple of its features, repeated by power:
        # x0²·x2 is (0, 0, 2).
        terms = [tuple(np.repeat(np.arange(X.shape[1]), row).tolist()) for row in powers]
        # Each monomial is an earlier one times one feature: x_t = x_{t[1:]}·x_{t[0]}
        # (parent −1: the empty product 1, which may not be an output column).
        position = {term: column for column, term in enumerate(terms)}
        self._products = [(position.get(term[1:], -1), term[0] if term else -1)
                          for term in terms]
        return self

    def transform(self, X):
        X = validate_data(self, X, reset=False)
        features = np.ascontiguousarray(X.T)             # (d, n): contiguous columns of X
        # Column-major output, so each monomial is one contiguous column.
        out = np.empty((X.shape[0], self.n_output_features_), order="F")
        # One product per output column (a loop over columns, not samples).
        for column, (parent, feature) in enumerate(self._products):
            if feature < 0:
                out[:, column] = 1.0
            elif parent < 0:
                out[:, column] = features[feature]
            else:
                np.multiply(out[:, parent], features[feature], out=out[:, column])
        return out


class OneHotEncoder(TransformerMixin, BaseEstimator):
    """Replace each categorical column by one 0/1 column per category.

    Its input is categories (strings or numbers), not the numeric features
    scikit-learn's generic estimator checks feed every model, so it is tested
    against ``sklearn.preprocessing.OneHotEncoder`` directly instead.

    Categories are the sorted distinct values seen in ``fit`` (numbers or
    strings). An unseen category at transform time raises a ``ValueError``
    with ``handle_unknown="error"``, or encodes as all zeros with
    ``handle_unknown="ignore"``.

    Fitted attributes: ``categories_`` (one array per input column).
    """

    def __init__(self, handle_unknown="error"):
        self.handle_unknown = handle_unknown

    def fit(self, X, y=None):
        X = self._check_categorical(X, reset=True)
        if self.handle_unknown not in ("error", "ignore"):
            raise ValueError(
                f"handle_unknown must be 'error' or 'ignore', got {self.handle_unknown!r}."
            )
        self.categories_ = [np.unique(X[:, j]) for j in range(X.shape[1])]
        return self

    def transform(self, X):
        check_is_fitted(self)
        X = self._check_categorical(X, reset=False)
        blocks = []
        for j, categories in enumerate(self.categories_):
            column = X[:, j]
            position = np.searchsorted(categories, column)
            position = np.minimum(position, len(categories) - 1)
            known = categories[position] == column
            if not known.all() and self.handle_unknown == "error":
                unknown = np.unique(column[~known]).tolist()
                raise ValueError(f"Found unknown categories {unknown} in column {j} during "
                                 "transform; fit on data that has them, or pass "
                                 "handle_unknown='ignore'.")
            block = np.zeros((X.shape[0], len(categories)))
            rows = np.flatnonzero(known)
            block[rows, position[rows]] = 1.0
            blocks.append(block)
        return np.hstack(blocks)

    def _check_categorical(self, X, *, reset):
        reject_sparse(X)
        array = np.asarray(X)
        if array.dtype.kind == "c":
            raise ValueError("Complex data not supported: X holds complex numbers.")
        if array.dtype.kind not in "iufbUSO":
            raise TypeError(f"OneHotEncoder cannot encode values of dtype {array.dtype}.")
        if array.ndim != 2 or 0 in array.shape:
            raise ValueError(
                f"Expected a non-empty 2D array of categories, got shape {array.shape}. "
                "Reshape a single column with array.reshape(-1, 1)."
            )
        if array.dtype.kind == "f" and not np.isfinite(array).all():
            raise ValueError("Input X contains NaN or infinity; impute it or encode it "
                             "as its own category (a string) first.")
        if reset:
            self.n_features_in_ = array.shape[1]
        elif array.shape[1] != self.n_features_in_:
            raise ValueError(
                f"X has {array.shape[1]} features, but OneHotEncoder is expecting "
                f"{self.n_features_in_} features as input."
            )
        return array


def one_hot(y_index, n_classes):
    """Indicator matrix Y with Y[i, k] = 1 if sample i is in class k: (n, K)."""
    Y = np.zeros((len(y_index), n_classes))
    Y[np.arange(len(y_index)), y_index] = 1.0
    return Y


def one_vs_rest_signs(y_index, n_classes):
    """±1 targets for one-vs-rest: (n, 1) with +1 for class 1 when there are two
    classes, else (n, K) with +1 in column k for the samples of class k."""
    if n_classes == 2:
        return np.where(y_index == 1, 1.0, -1.0)[:, None]
    return np.where(y_index[:, None] == np.arange(n_classes), 1.0, -1.0)
