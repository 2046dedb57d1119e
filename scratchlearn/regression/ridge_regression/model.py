r"""Ridge regression: least squares with an L2 penalty on the weights.

    L(w, b) = ‖y − Xw − b1‖² + α‖w‖²                          (notes eq. 1)
    ∇_w L = 2Xᵀr + 2αw,  ∂L/∂b = 2·1ᵀr,  r = Xw + b1 − y        (eq. 2)

The intercept is not penalised: centring X and y removes it (eq. 3). Then
``solver="svd"`` shrinks along the singular directions of X̃ = UΣVᵀ,
w = V diag(σ/(σ² + α)) Uᵀỹ (eqs. 5–6); ``"cholesky"`` factors
X̃ᵀX̃ + αI = LLᵀ and solves two triangular systems (eq. 7); ``"gd"`` runs
gradient descent on L/n with step 1/λmax (eq. 8). With ``engine="fast"``
the SVD solve goes through the Gram matrix in one pass over X when it is
well-conditioned (notes "Making it fast").
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, RegressorMixin
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.optim import gradient_descent
from scratchlearn.core.validation import is_real, validate_data
from scratchlearn.regression.multiple_linear_regression.normal_equations import gram_ridge

EPS = np.finfo(np.float64).eps
SOLVERS = ("svd", "cholesky", "gd")
# Power-iteration steps for λmax in the "gd" step size; an estimate within a
# few per cent below λmax keeps the step 1/λ inside the stable range 2/λmax.
POWER_ITERATIONS = 30


# exercise: ridge_regression.gradient
def ridge_loss_and_gradient(w, b, X, y, alpha):
    """L(w, b) of eq. 1 and its gradient (∇_w L, ∂L/∂b) of eq. 2."""
    r = X @ w + b - y                                   # (n,)
    loss = r @ r + alpha * (w @ w)
    grad_w = 2.0 * (X.T @ r) + 2.0 * alpha * w          # (d,)
    grad_b = 2.0 * r.sum()
    return loss, grad_w, grad_b


def centre(X, y, fit_intercept):
    """X̃ = X − 1x̄ᵀ and ỹ = y − ȳ1 with x̄, ȳ (eq. 3); unchanged without intercept."""
    if not fit_intercept:
        return X, y, np.zeros(X.shape[1]), 0.0
    x_mean, y_mean = X.mean(axis=0), y.mean()
    return X - x_mean, y - y_mean, x_mean, y_mean


# exercise: ridge_regression.svd
def ridge_svd(Xc, yc, alpha):
    """w = V diag(σ/(σ² + α)) Uᵀỹ (eq. 5): each singular direction shrunk by σ²/(σ² + α) (eq. 6).

    With α = 0 this is least squares, so directions with σ at rounding level
    (below ε·max(n, d)·σ₁) are dropped, giving the minimum-norm solution.
    """
    U, sigma, Vt = np.linalg.svd(Xc, full_matrices=False)
    keep = sigma > EPS * max(Xc.shape) * sigma[0]
    factor = np.zeros_like(sigma)
    factor[keep] = sigma[keep] / (sigma[keep] ** 2 + alpha)
    w = Vt.T @ (factor * (U.T @ yc))
    return w


def ridge_cholesky(Xc, yc, alpha):
    """Solve (X̃ᵀX̃ + αI) w = X̃ᵀỹ (eq. 4) by Cholesky, X̃ᵀX̃ + αI = LLᵀ (eq. 7)."""
    d = Xc.shape[1]
    L = np.linalg.cholesky(Xc.T @ Xc + alpha * np.eye(d))
    rhs = Xc.T @ yc
    # Forward then back substitution; loops over the d unknowns, not the samples.
    z = np.zeros(d)
    for i in range(d):                                  # L z = X̃ᵀỹ
        z[i] = (rhs[i] - L[i, :i] @ z[:i]) / L[i, i]
    w = np.zeros(d)
    for i in reversed(range(d)):                        # Lᵀ w = z
        w[i] = (z[i] - L[i + 1:, i] @ w[i + 1:]) / L[i, i]
    return w


def largest_hessian_eigenvalue(Xc, alpha):
    """λmax of the Hessian (2/n)(X̃ᵀX̃ + αI) of L/n, by power iteration (eq. 8)."""
    n, d = Xc.shape
    v = np.ones(d) / np.sqrt(d)
    lam = 0.0
    for _ in range(POWER_ITERATIONS):
        Gv = Xc.T @ (Xc @ v)
        lam = np.linalg.norm(Gv)
        if lam == 0.0:
            break
        v = Gv / lam
    return 2.0 * (lam + alpha) / n


class RidgeRegression(RegressorMixin, BaseEstimator):
    """Least squares with an L2 penalty α‖w‖² on the weights (intercept unpenalised).

    Parameters
    ----------
    alpha : float
        Penalty strength α ≥ 0; larger shrinks the weights towards zero.
    fit_intercept : bool
        Learn b (unpenalised); otherwise the plane passes through the origin.
    solver : {"svd", "cholesky", "gd"}
        Closed form through the SVD (eqs. 5–6), through a Cholesky
        factorisation of the penalised Gram matrix (eq. 7), or gradient
        descent (eq. 8).
    learning_rate : float or None
        Step size of "gd"; None takes 1/λmax of the Hessian (eq. 8).
    max_iter : int
        Most iterations of "gd".
    tol : float
        "gd" stops when ‖∇(L/n)‖∞ ≤ tol.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights w.
    intercept_ : float
        The intercept b.
    n_iter_ : int
        Iterations taken (1 for the closed forms).
    loss_history_ : ndarray
        L/n before and after each "gd" iteration (the final L/n for the closed forms).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, alpha=1.0, fit_intercept=True, solver="svd", learning_rate=None,
                 max_iter=1000, tol=1e-6):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        if not (is_real(self.alpha) and self.alpha >= 0):
            raise ValueError(f"alpha must be a non-negative number, got {self.alpha!r}.")
        if self.solver not in SOLVERS:
            raise ValueError(f"solver must be one of {SOLVERS}, got {self.solver!r}.")
        if self.solver == "cholesky" and self.alpha == 0:
            raise ValueError("solver='cholesky' needs alpha > 0 (X̃ᵀX̃ may be singular); "
                             "use solver='svd' for alpha = 0.")
        alpha = float(self.alpha)

        solution = None
        if self.solver == "svd" and use_fast_path():
            solution = gram_ridge(X, y, alpha, self.fit_intercept)
        if solution is not None:
            w, b = solution
            self.n_iter_ = 1
        else:
            Xc, yc, x_mean, y_mean = centre(X, y, self.fit_intercept)
            if self.solver == "gd":
                w = self._fit_gradient_descent(Xc, yc, alpha)
            else:
                solve = ridge_svd if self.solver == "svd" else ridge_cholesky
                w = solve(Xc, yc, alpha)
                self.n_iter_ = 1
            b = float(y_mean - x_mean @ w)
        if self.solver != "gd":
            self.loss_history_ = np.array([ridge_loss_and_gradient(w, b, X, y, alpha)[0]
                                           / X.shape[0]])
        self.coef_ = w
        self.intercept_ = b
        return self

    def _fit_gradient_descent(self, Xc, yc, alpha):
        """Minimise L/n on the centred data (b drops out, eq. 3) by gradient descent (eq. 8)."""
        n = Xc.shape[0]
        learning_rate = self.learning_rate
        if learning_rate is None:
            curvature = largest_hessian_eigenvalue(Xc, alpha)
            # A zero Hessian (X̃ = 0, α = 0) has a zero gradient: w = 0 is the
            # answer, reached with any step.
            learning_rate = 1.0 / curvature if curvature > 0 else 1.0

        def loss_and_gradient(w, rows):
            loss, grad_w, _ = ridge_loss_and_gradient(w, 0.0, Xc, yc, alpha)
            return loss / n, grad_w / n

        result = gradient_descent(
            loss_and_gradient, np.zeros(Xc.shape[1]), n_samples=n,
            learning_rate=learning_rate, max_iter=self.max_iter, tol=self.tol,
            name="RidgeRegression",
        )
        self.n_iter_ = result.n_iter
        self.loss_history_ = result.loss_history
        return result.w

    def predict(self, X):
        """ŷ = Xw + b."""
        X = validate_data(self, X, reset=False)
        return X @ self.coef_ + self.intercept_
