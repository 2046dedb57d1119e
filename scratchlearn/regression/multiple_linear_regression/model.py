r"""Multiple linear regression: least squares with many features.

    ŷ = X w + b                                        (notes eq. 1)
    L(w, b) = (1/n) ‖X w + b − y‖²                      (eq. 2)
    ∇_w L = (2/n) Xᵀ r,  ∂L/∂b = (2/n) Σᵢ rᵢ,  r = ŷ − y  (eq. 3)

``solver="normal"`` solves the normal equations of the centred data (eqs. 4–6)
through an eigendecomposition of the equilibrated Gram matrix, and falls back
to an SVD least-squares solve (minimum norm) when that matrix is
ill-conditioned or singular (eq. 7). ``"gd"`` and ``"sgd"`` minimise eq. 2 by
full-batch or mini-batch gradient descent (eq. 8).
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, RegressorMixin
from scratchlearn.core.optim import gradient_descent
from scratchlearn.core.validation import validate_data

# Above this condition number of the equilibrated Gram matrix, the normal
# equations would lose more than about 1e-10 of relative accuracy
# (error ≈ κ·ε); the SVD solve on X itself loses only √κ·ε.
GRAM_CONDITION_LIMIT = 1e6
# In the SVD fallback, singular values below RCOND·σmax are treated as zero
# (eq. 7): directions the data determine only at the level of noise. It is
# the cutoff scikit-learn's LinearRegression applies (its tol).
RCOND = 1e-6


def mse_loss_and_gradient(w, b, X, y):
    """L(w, b) of eq. 2 and its gradient (∇_w L, ∂L/∂b) of eq. 3."""
    r = X @ w + b - y                       # (n,)
    n = X.shape[0]
    loss = (r @ r) / n
    grad_w = (2.0 / n) * (X.T @ r)          # (d,)
    grad_b = (2.0 / n) * r.sum()
    return loss, grad_w, grad_b


def least_squares(X, y, fit_intercept=True):
    """Exact least-squares (w, b), the minimum-norm w when columns are collinear.

    Centring X and y removes b from the problem (eq. 4). The normal equations
    XᵀX w = Xᵀy (eq. 5) are solved after scaling each column to unit norm,
    D = diag(1/‖xⱼ‖), by the eigendecomposition D XᵀX D = V Λ Vᵀ (eq. 6) — one
    pass over X at BLAS speed. If Λ is ill-conditioned, the SVD of X gives the
    minimum-norm solution instead (eq. 7).
    """
    if fit_intercept:
        x_mean, y_mean = X.mean(axis=0), y.mean()
        Xc, yc = X - x_mean, y - y_mean
    else:
        Xc, yc = X, y

    gram = Xc.T @ Xc                        # (d, d)
    norms = np.sqrt(np.diag(gram))
    w = None
    if np.all(norms > 0):
        D = 1.0 / norms
        eigenvalues, V = np.linalg.eigh(gram * D[:, None] * D[None, :])
        if eigenvalues[0] > eigenvalues[-1] / GRAM_CONDITION_LIMIT:
            w = D * (V @ ((V.T @ (D * (Xc.T @ yc))) / eigenvalues))
    if w is None:
        w = np.linalg.lstsq(Xc, yc, rcond=RCOND)[0]
    b = y_mean - x_mean @ w if fit_intercept else 0.0
    return w, float(b)


class MultipleLinearRegression(RegressorMixin, BaseEstimator):
    """Ordinary least squares on several features.

    Parameters
    ----------
    fit_intercept : bool
        Learn b; otherwise the plane passes through the origin.
    solver : {"normal", "gd", "sgd"}
        Exact least squares (eqs. 4–7), full-batch gradient descent, or
        mini-batch stochastic gradient descent (eq. 8).
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
        """Minimise eq. 2 over θ = (w, b) with the shared loop (eq. 8)."""
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
