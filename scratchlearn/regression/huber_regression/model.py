r"""Huber regression with a jointly estimated scale (scikit-learn's HuberRegressor objective).

    rᵢ = yᵢ − xᵢ·w − b
    L(w, b, σ) = Σᵢ (σ + H_ε(rᵢ/σ)·σ) + α‖w‖²                     (notes eq. 3)
    H_ε(z) = z² if |z| ≤ ε, else 2ε|z| − ε²                        (eq. 4)

minimised by damped, projected Newton steps on (w, b, σ) with core's
``newton_method`` (eqs. 10–11). The classic fixed-threshold Huber loss ρ_δ
(eqs. 1–2) is ``huber_loss`` below.
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, RegressorMixin, warn_convergence
from scratchlearn.core.optim import newton_method
from scratchlearn.core.validation import is_integer, is_real, validate_data

# σ must stay positive; scikit-learn bounds it below by the same amount.
MIN_SCALE = 10 * np.finfo(np.float64).eps


# exercise: huber_regression.loss
def huber_loss(r, delta):
    """The classic Huber loss ρ_δ(r) (eq. 1) and its derivative ψ_δ(r) (eq. 2), elementwise."""
    r = np.asarray(r, dtype=float)
    small = np.abs(r) <= delta
    loss = np.where(small, 0.5 * r ** 2, delta * (np.abs(r) - 0.5 * delta))
    psi = np.clip(r, -delta, delta)
    return loss, psi


# exercise: huber_regression.gradient
def huber_scale_loss_and_gradient(w, b, sigma, X, y, epsilon, alpha):
    """L of eq. 5 and its gradient (∇_w L, ∂L/∂b, ∂L/∂σ) of eqs. 7–9."""
    n = X.shape[0]
    r = y - X @ w - b                                   # (n,)
    outlier = np.abs(r) > epsilon * sigma               # the set O; inliers I = ~O
    r_in = np.where(outlier, 0.0, r)                    # rᵢ on I, 0 on O
    s_out = np.where(outlier, np.sign(r), 0.0)          # sign(rᵢ) on O, 0 on I
    n_out = np.count_nonzero(outlier)

    loss = (n * sigma + (r_in @ r_in) / sigma
            + 2 * epsilon * np.abs(r[outlier]).sum() - n_out * epsilon ** 2 * sigma
            + alpha * (w @ w))
    residual_pull = (2.0 / sigma) * r_in + 2 * epsilon * s_out     # (n,)
    grad_w = -(X.T @ residual_pull) + 2 * alpha * w                # eq. 7
    grad_b = -residual_pull.sum()                                  # eq. 8
    grad_sigma = n - (r_in @ r_in) / sigma ** 2 - n_out * epsilon ** 2   # eq. 9
    return loss, grad_w, grad_b, grad_sigma


class HuberRegression(RegressorMixin, BaseEstimator):
    """Linear regression that is robust to outliers in y.

    Minimises eq. 3 of the notes over the weights, the intercept and the
    noise scale σ together; samples with |rᵢ| > ε·σ are the outliers.

    Parameters
    ----------
    epsilon : float
        ε of eq. 4, at least 1. Smaller is more robust, larger approaches
        least squares.
    alpha : float
        Strength of the L2 penalty α‖w‖² (the intercept and σ are not penalised).
    fit_intercept : bool
        Learn b; otherwise the plane passes through the origin.
    max_iter : int
        Most Newton iterations.
    tol : float
        Stop when ‖∇L‖∞ ≤ tol.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights w.
    intercept_ : float
        The intercept b.
    scale_ : float
        The estimated noise scale σ.
    outliers_ : ndarray of bool, shape (n_samples,)
        True where |rᵢ| > ε·σ on the training data.
    n_iter_ : int
        Newton iterations taken.
    loss_history_ : ndarray
        L (eq. 3) at the start and after each iteration.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, epsilon=1.35, alpha=0.0001, fit_intercept=True, max_iter=100, tol=1e-5):
        self.epsilon = epsilon
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        self._check_parameters()
        n, d = X.shape

        # z = (w, b, σ); the intercept slot stays 0 when it is not fitted.
        median = np.median(y)
        mad = 1.4826 * np.median(np.abs(y - median))
        z = np.concatenate([np.zeros(d), [median if self.fit_intercept else 0.0],
                            [mad if mad > MIN_SCALE else 1.0]])
        # σ is bounded below (MIN_SCALE): a projected Newton step (eq. 11).
        lower = np.full(d + 2, -np.inf)
        lower[-1] = MIN_SCALE
        result = newton_method(lambda z, order: self._objective(z, X, y, order), z,
                               max_iter=self.max_iter, tol=self.tol, lower=lower, warn=False,
                               name="HuberRegression")
        z = result.w
        # σ on its lower bound means the data are fitted exactly (every residual
        # at rounding level): the loss is then a sum of |rᵢ| with a kink at the
        # solution, where no gradient vanishes, so there is nothing to warn about.
        if not result.converged and z[-1] > MIN_SCALE:
            warn_convergence(
                f"HuberRegression did not converge after {result.n_iter} Newton iterations "
                f"(tol={self.tol}). Increase max_iter or standardise the features."
            )

        self.coef_ = z[:d]
        self.intercept_ = float(z[d])
        self.scale_ = float(z[d + 1])
        self.outliers_ = np.abs(y - X @ self.coef_ - self.intercept_) > self.epsilon * self.scale_
        self.n_iter_ = result.n_iter
        self.loss_history_ = result.loss_history
        return self

    def predict(self, X):
        """ŷ = X w + b."""
        X = validate_data(self, X, reset=False)
        return X @ self.coef_ + self.intercept_

    # -- the solver ---------------------------------------------------------

    def _check_parameters(self):
        if not (is_real(self.epsilon) and self.epsilon >= 1.0):
            raise ValueError(f"epsilon must be a number >= 1.0, got {self.epsilon!r}.")
        if not (is_real(self.alpha) and self.alpha >= 0):
            raise ValueError(f"alpha must be a non-negative number, got {self.alpha!r}.")
        if not (is_integer(self.max_iter) and self.max_iter >= 1):
            raise ValueError(f"max_iter must be a positive integer, got {self.max_iter!r}.")
        if not (is_real(self.tol) and self.tol >= 0):
            raise ValueError(f"tol must be a non-negative number, got {self.tol!r}.")

    def _objective(self, z, X, y, order):
        """L (eq. 5) at z = (w, b, σ); with order 2 also ∇L (eqs. 7–9) and ∇²L (eq. 10)."""
        d = X.shape[1]
        w, b, sigma = z[:d], z[d], z[d + 1]
        loss, grad_w, grad_b, grad_sigma = huber_scale_loss_and_gradient(
            w, b, sigma, X, y, self.epsilon, self.alpha)
        if order == 0:
            return loss
        grad = np.concatenate([grad_w, [grad_b], [grad_sigma]])
        r = y - X @ w - b
        inlier = np.abs(r) <= self.epsilon * sigma
        U = np.column_stack([X[inlier], np.ones(inlier.sum()), r[inlier] / sigma])  # rows uᵢ
        hessian = (2.0 / sigma) * (U.T @ U)
        hessian[np.arange(d), np.arange(d)] += 2 * self.alpha
        if not self.fit_intercept:
            # b is fixed at 0: no gradient, and a unit curvature keeps the system solvable.
            grad[d] = 0.0
            hessian[d, :] = hessian[:, d] = 0.0
            hessian[d, d] = 1.0
        # A tiny ridge keeps the Newton system well posed when the Hessian is
        # singular or nearly so (few or no inliers, a constant column); it
        # barely changes a good step.
        hessian[np.diag_indices(d + 2)] += 1e-10 * max(np.max(np.abs(np.diag(hessian))), 1.0)
        return loss, grad, hessian
