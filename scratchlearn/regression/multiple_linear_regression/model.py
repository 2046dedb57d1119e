r"""Multiple linear regression: least squares with many features.

    ŷ = X w + b                                        (notes eq. 1)
    L(w, b) = (1/n) ‖X w + b − y‖²                      (eq. 2)
    ∇_w L = (2/n) Xᵀ r,  ∂L/∂b = (2/n) Σᵢ rᵢ,  r = ŷ − y  (eq. 3)

``solver="normal"`` solves the least-squares problem of the centred data
(eq. 4) to the last digits the data determine: columns equilibrated, an SVD
with a rank cutoff of order ε·max(n, d) (eq. 8), then Björck's iterative
refinement of the augmented system with residuals in extended precision
(eqs. 10–11). With ``engine="fast"`` a well-conditioned problem is solved by
one pass over X through the Gram matrix instead (``normal_equations.py``,
notes "Making it fast"). ``"gd"`` and ``"sgd"`` minimise eq. 2 by full-batch
or mini-batch gradient descent (eq. 12).
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, RegressorMixin
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.optim import gradient_descent
from scratchlearn.core.validation import validate_data
from scratchlearn.regression.multiple_linear_regression.normal_equations import (
    gram_least_squares,
)

EPS = np.finfo(np.float64).eps
# Refinement steps of eqs. 10–11. Each multiplies the error by about κ·ε; two
# reach the accuracy the data determine even on Filip (κ ≈ 4e9), the third
# is a margin.
REFINEMENT_STEPS = 3


# exercise: multiple_linear_regression.gradient
def mse_loss_and_gradient(w, b, X, y):
    """L(w, b) of eq. 2 and its gradient (∇_w L, ∂L/∂b) of eq. 3."""
    r = X @ w + b - y                       # (n,)
    n = X.shape[0]
    loss = (r @ r) / n
    grad_w = (2.0 / n) * (X.T @ r)          # (d,)
    grad_b = (2.0 / n) * r.sum()
    return loss, grad_w, grad_b


def centre(X, y, fit_intercept):
    """X̃ = X − 1x̄ᵀ, ỹ = y − ȳ1 (eq. 4) in extended precision, with x̄ and ȳ.

    Centring in float64 would round every entry, a perturbation of the data
    as large as the one the solver works to avoid; np.longdouble keeps it
    below the float64 data's own rounding.
    """
    X, y = X.astype(np.longdouble), y.astype(np.longdouble)
    if not fit_intercept:
        return X, y, np.zeros(X.shape[1], dtype=np.longdouble), np.longdouble(0)
    x_mean, y_mean = X.mean(axis=0), y.mean()
    return X - x_mean, y - y_mean, x_mean, y_mean


def equilibration(Xc, X):
    """D = diag(1/‖x̃ⱼ‖) (eq. 6), with 0 for a column that centring made constant.

    A column whose centred norm is at rounding level of its raw norm holds no
    information; scaling it up would turn rounding noise into a feature.
    """
    n = X.shape[0]
    centred_norm = np.sqrt(np.sum(Xc * Xc, axis=0)).astype(float)
    raw_norm = np.sqrt(np.sum(X * X, axis=0))
    constant = centred_norm <= n * EPS * raw_norm
    return np.where(constant, 0.0, 1.0 / np.where(constant, 1.0, centred_norm))


def least_squares(X, y, fit_intercept=True):
    """Least-squares (w, b) to full accuracy; the minimum-norm w for collinear columns.

    Centre (eq. 4), equilibrate A = X̃D (eq. 6), take the SVD A = UΣVᵀ and keep
    the singular values above ε·max(n, d)·σ₁ (eq. 8), then refine the
    augmented system (eqs. 10–11) with residuals in np.longdouble. Under
    ``engine="fast"``, a well-conditioned problem goes through the Gram
    matrix in one pass over X instead (normal_equations.py).
    """
    if use_fast_path():
        solution = gram_least_squares(X, y, fit_intercept)
        if solution is not None:
            return solution

    Xc, yc, x_mean, y_mean = centre(X, y, fit_intercept)
    D = equilibration(Xc, X)
    A = Xc * D                                          # (n, d), extended precision
    U, sigma, Vt = np.linalg.svd(A.astype(float), full_matrices=False)
    keep = sigma > EPS * max(A.shape) * sigma[0]        # eq. 8's rank cutoff
    U, sigma, Vt = U[:, keep], sigma[keep], Vt[keep]

    z = Vt.T @ ((U.T @ yc.astype(float)) / sigma)       # z = D⁻¹w, eq. 8
    r = yc - A @ z                                      # residual, in extended precision
    for _ in range(REFINEMENT_STEPS):
        # Residuals of the augmented system (eq. 10) in extended precision:
        # these are where the digits are lost, the correction needs no more.
        f = (yc - r - A @ z).astype(float)
        g = (-(A.T @ r)).astype(float)
        u = (Vt @ g) / sigma                            # Rᵀu = g with R = ΣVᵀ   (eq. 11)
        c = U.T @ f - u
        z = z + Vt.T @ (c / sigma)                      # δz = R⁻¹(Uᵀf − u)
        r = r + (f - U @ c)                             # δr = f − U(Uᵀf − u)

    w = D * z
    if len(sigma) < X.shape[1]:
        w = minimum_norm(w, D, Vt)
    b = y_mean - x_mean @ w
    return w.astype(float), float(b)


def minimum_norm(w, D, Vt):
    """The shortest w with the same predictions: its projection on X̃'s row space (eq. 9).

    The SVD returned the shortest z = D⁻¹w, which is not the shortest w when
    columns have different norms. X̃ = AD⁻¹ has row space D⁻¹·span(Vᵀ's kept
    rows); project w on it (a column D zeroed stays zero).
    """
    scale = np.where(D > 0, 1.0 / np.where(D > 0, D, 1.0), 0.0)
    Q, _ = np.linalg.qr(scale[:, None] * Vt.T)          # orthonormal basis of the row space
    return Q @ (Q.T @ w.astype(float))


class MultipleLinearRegression(RegressorMixin, BaseEstimator):
    """Ordinary least squares on several features.

    Parameters
    ----------
    fit_intercept : bool
        Learn b; otherwise the plane passes through the origin.
    solver : {"normal", "gd", "sgd"}
        Exact least squares (eqs. 4–11), full-batch gradient descent, or
        mini-batch stochastic gradient descent (eq. 12).
    learning_rate : float
        Step size η₀ of gradient descent.
    max_iter : int
        Most iterations (epochs for "sgd").
    tol : float
        Gradient descent stops when ‖∇L‖∞ ≤ tol on the whole data.
    batch_size : int
        Rows per step for "sgd".
    decay : float
        Learning-rate decay for "sgd": η_t = η₀ / (1 + decay·t), t the epoch.
    random_state : None, int or numpy Generator
        Seeds the shuffling of "sgd".
    verbose : int
        Print the loss each iteration when positive.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights w.
    intercept_ : float
        The intercept b.
    n_iter_ : int
        Iterations taken (1 for the exact solve).
    loss_history_ : ndarray
        L before and after each iteration (the final L for the exact solve).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, fit_intercept=True, solver="normal", learning_rate=0.01, max_iter=1000,
                 tol=1e-6, batch_size=32, decay=0.0, random_state=None, verbose=0):
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.batch_size = batch_size
        self.decay = decay
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        if self.solver == "normal":
            w, b = least_squares(X, y, self.fit_intercept)
            self.n_iter_ = 1
            self.loss_history_ = np.array([mse_loss_and_gradient(w, b, X, y)[0]])
        elif self.solver in ("gd", "sgd"):
            w, b = self._fit_gradient_descent(X, y)
        else:
            raise ValueError(f"solver must be 'normal', 'gd' or 'sgd', got {self.solver!r}.")
        self.coef_ = w
        self.intercept_ = b
        return self

    def _fit_gradient_descent(self, X, y):
        """Minimise eq. 2 over θ = (w, b) with the shared loop (eq. 12)."""
        d = X.shape[1]

        def loss_and_gradient(theta, rows):
            w, b = theta[:d], theta[d] if self.fit_intercept else 0.0
            loss, grad_w, grad_b = mse_loss_and_gradient(w, b, X[rows], y[rows])
            return loss, np.append(grad_w, grad_b if self.fit_intercept else 0.0)

        result = gradient_descent(
            loss_and_gradient, np.zeros(d + 1), n_samples=X.shape[0],
            learning_rate=self.learning_rate, max_iter=self.max_iter, tol=self.tol,
            batch_size=self.batch_size if self.solver == "sgd" else None,
            decay=self.decay, random_state=self.random_state, verbose=self.verbose,
            name="MultipleLinearRegression",
        )
        self.n_iter_ = result.n_iter
        self.loss_history_ = result.loss_history
        return result.w[:d], float(result.w[d])

    def predict(self, X):
        """ŷ = X w + b (eq. 1)."""
        X = validate_data(self, X, reset=False)
        return X @ self.coef_ + self.intercept_
