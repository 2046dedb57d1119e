r"""Polynomial regression: a linear model on polynomial features.

    φ(x) = (x₁, …, x_d, x₁², x₁x₂, …, x_d^p)      all monomials of degree 1…p  (notes eq. 1)
    ŷ = φ(x)ᵀw + b                                                            (eq. 2)
    L(w, b) = ‖y − Φw − b1‖² + α‖w‖²                                           (eq. 3)

The model is non-linear in x and linear in w, so fitting is least squares
(α = 0, ``MultipleLinearRegression``'s solver, to the last digits the data
determine) or ridge (α > 0, ``RidgeRegression``'s SVD shrinkage) on the
expanded design Φ. The degree p sets the capacity: the bias–variance trade-off
of eq. 5 decides which p predicts best.
"""

from scratchlearn.core.base import BaseEstimator, RegressorMixin
from scratchlearn.core.preprocessing import PolynomialFeatures
from scratchlearn.core.validation import is_integer, is_real, validate_data
from scratchlearn.regression.multiple_linear_regression.model import least_squares
from scratchlearn.regression.ridge_regression.model import RidgeRegression


class PolynomialRegression(RegressorMixin, BaseEstimator):
    """Least squares (or ridge) on all monomials of the features up to ``degree``.

    Parameters
    ----------
    degree : int
        Highest total degree p of the monomials (eq. 1), at least 1.
    alpha : float
        Ridge penalty α ≥ 0 on the weights (eq. 3); 0 is plain least squares.
    fit_intercept : bool
        Learn b (unpenalised); the constant monomial is never among the features.

    Attributes
    ----------
    coef_ : ndarray of shape (n_output_features,)
        The weights w, one per monomial, in the order of ``powers_``.
    intercept_ : float
        The intercept b.
    powers_ : ndarray of shape (n_output_features, n_features_in_)
        Exponent of each input feature in each monomial.
    n_features_in_ : int
        Number of input features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, degree=2, alpha=0.0, fit_intercept=True):
        self.degree = degree
        self.alpha = alpha
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        if not (is_integer(self.degree) and self.degree >= 1):
            raise ValueError(f"degree must be an integer of at least 1, got {self.degree!r}.")
        if not (is_real(self.alpha) and self.alpha >= 0):
            raise ValueError(f"alpha must be a non-negative number, got {self.alpha!r}.")
        self.features_ = PolynomialFeatures(degree=int(self.degree), include_bias=False).fit(X)
        Phi = self.features_.transform(X)                       # (n, n_output_features), eq. 1
        if self.alpha == 0:
            w, b = least_squares(Phi, y, self.fit_intercept)     # eq. 3 with α = 0
        else:
            ridge = RidgeRegression(alpha=self.alpha, fit_intercept=self.fit_intercept)
            ridge.fit(Phi, y)
            w, b = ridge.coef_, ridge.intercept_
        self.coef_ = w
        self.intercept_ = float(b)
        self.powers_ = self.features_.powers_
        return self

    def predict(self, X):
        """ŷ = φ(x)ᵀw + b (eq. 2)."""
        X = validate_data(self, X, reset=False)
        return self.features_.transform(X) @ self.coef_ + self.intercept_

    def feature_names(self, input_names=None):
        """Names of the monomials, e.g. ``["x0", "x1", "x0^2", "x0 x1", "x1^2"]``."""
        if input_names is None:
            input_names = [f"x{j}" for j in range(self.powers_.shape[1])]
        names = []
        for power in self.powers_:
            factors = [name if p == 1 else f"{name}^{p}"
                       for name, p in zip(input_names, power) if p > 0]
            names.append(" ".join(factors))
        return names
