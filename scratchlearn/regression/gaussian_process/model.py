r"""Gaussian process regression with the squared-exponential kernel.

    k(x, x′) = σ_f² exp(−‖x − x′‖² / (2ℓ²))                                (notes eq. 1)
    y = f(x) + ε,  f ~ GP(0, k),  ε ~ N(0, σ_n²)                           (eq. 2)
    K_y = K + σ_n² I = L Lᵀ,   α = K_y⁻¹ y = Lᵀ \ (L \ y)                  (eq. 5)
    mean(x*) = k*ᵀ α,   var(x*) = k(x*, x*) + σ_n² − ‖L \ k*‖²             (eqs. 4–6)
    log p(y | X, θ) = −½ yᵀα − Σ_i log L_ii − (n/2) log 2π                 (eq. 7)
    ∂ log p / ∂θ_j = ½ tr((ααᵀ − K_y⁻¹) ∂K_y/∂θ_j)                         (eq. 8)

with θ = (log σ_f², log ℓ, log σ_n²), σ_f² = signal_variance, ℓ = length_scale,
σ_n² = noise_variance. ``fit`` maximises eq. 7 over θ inside scikit-learn's
default bounds, each of σ_f², ℓ, σ_n² in [1e-5, 1e5] (eq. 10), by projected
BFGS (``scratchlearn.core.optim.projected_bfgs``) from the given values
(clipped into the bounds), plus ``n_restarts`` starts drawn log-uniformly.

The predictive variance is that of a new *observation* y* = f(x*) + ε, so it
includes σ_n² (scikit-learn's, for ConstantKernel·RBF + WhiteKernel); that of
f(x*) alone is var − σ_n² (``noise_variance_``, times ``y_train_std_²``).
"""

import warnings

import numpy as np

from scratchlearn.core.base import BaseEstimator, RegressorMixin, check_is_fitted
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.optim import projected_bfgs
from scratchlearn.core.validation import check_random_state, is_integer, is_real, validate_data
from scratchlearn.regression.gaussian_process.blocked_triangular import blocked_solve_triangular

# scikit-learn's default bounds for ConstantKernel, RBF and WhiteKernel (eq. 10).
BOUNDS = (1e-5, 1e5)
# Iterations of projected BFGS per start (a handful of dozens is typical).
MAX_ITER = 500
# Above this many training rows, fit warns about its O(n³) time and O(n²) memory.
LARGE_N = 5_000


# ---------------------------------------------------------------------------
# The kernel, triangular solves and the marginal likelihood, with the notes' symbols
# ---------------------------------------------------------------------------

def squared_distances(A, B):
    """‖a_i − b_j‖² for every pair of rows: (len(A), len(B)).

    Expanded as ‖a‖² + ‖b‖² − 2 a·b so the work is one matrix product; rounding
    can leave tiny negatives, clipped to 0. Callers centre A and B at the
    training mean first, which keeps the three terms small.
    """
    D2 = np.sum(A * A, axis=1)[:, None] + np.sum(B * B, axis=1)[None, :] - 2.0 * (A @ B.T)
    return np.maximum(D2, 0.0, out=D2)


# exercise: gaussian_process.kernel
def rbf_kernel(D2, signal_variance, length_scale):
    """K_ij = σ_f² exp(−‖x_i − x_j‖² / (2ℓ²)) (eq. 1), from the squared distances."""
    return signal_variance * np.exp(-D2 / (2.0 * length_scale ** 2))


def forward_substitution(L, B):
    """Solve L X = B for lower-triangular L, one row at a time: x_i = (b_i − L_i,<i x_<i) / L_ii."""
    X = np.empty_like(B, dtype=float)
    # Row i needs every row before it: a sequential recurrence over rows.
    for i in range(L.shape[0]):
        X[i] = (B[i] - L[i, :i] @ X[:i]) / L[i, i]
    return X


def back_substitution(L, B):
    """Solve Lᵀ X = B for lower-triangular L, from the last row up."""
    n = L.shape[0]
    X = np.empty_like(B, dtype=float)
    # Row i needs every row after it: a sequential recurrence over rows.
    for i in range(n - 1, -1, -1):
        X[i] = (B[i] - L[i + 1:, i] @ X[i + 1:]) / L[i, i]
    return X


def solve_triangular(L, B, transpose=False):
    """L X = B (or Lᵀ X = B): substitution row by row (plain), or by blocks of
    rows with matrix products (fast; see "Making it fast" in the notes)."""
    if use_fast_path():
        return blocked_solve_triangular(L, B, transpose=transpose)
    return back_substitution(L, B) if transpose else forward_substitution(L, B)


def cholesky_solve(L, B):
    """K_y⁻¹ B = Lᵀ \\ (L \\ B) for K_y = L Lᵀ (eq. 5): two triangular solves, O(n² m)."""
    return solve_triangular(L, solve_triangular(L, B), transpose=True)


# exercise: gaussian_process.variance
def predictive_variance(L, K_star, prior_variance):
    """var(y*) = k(x*, x*) + σ_n² − vᵀv with v = L⁻¹k* (eq. 6), for every test point.

    L (n, n) is the Cholesky factor of K_y = K + σ_n²I (eq. 5), K_star (m, n)
    the kernel between the m test points and the n training points, and
    prior_variance = k(x*, x*) + σ_n², the same for every x* with the RBF
    kernel. Returns (m,).
    """
    V = solve_triangular(L, K_star.T)                                 # L \ k*: (n, m)
    var = prior_variance - np.sum(V * V, axis=0)
    return var


# exercise: gaussian_process.likelihood
def log_marginal_likelihood_and_gradient(D2, y, signal_variance, length_scale, noise_variance,
                                         eval_gradient=True):
    """log p(y | X, θ) (eq. 7) and its gradient in θ = (log σ_f², log ℓ, log σ_n²) (eqs. 8–9).

    Returns (lml, grad (3,)) or lml alone; lml = −inf (and a NaN gradient) when
    K_y is not numerically positive definite. The gradient needs K_y⁻¹, which
    costs O(n³) like the factorisation.
    """
    n = len(y)
    K = rbf_kernel(D2, signal_variance, length_scale)                # (n, n)
    K_y = K + noise_variance * np.eye(n)
    try:
        L = np.linalg.cholesky(K_y)
    except np.linalg.LinAlgError:
        return (-np.inf, np.full(3, np.nan)) if eval_gradient else -np.inf
    alpha = cholesky_solve(L, y)                                      # eq. 5
    lml = -0.5 * y @ alpha - np.sum(np.log(np.diag(L))) - 0.5 * n * np.log(2 * np.pi)
    if not eval_gradient:
        return lml
    W = np.outer(alpha, alpha) - cholesky_solve(L, np.eye(n))         # ααᵀ − K_y⁻¹
    # ∂K_y/∂log σ_f² = K, ∂K_y/∂log ℓ = K ∘ D² / ℓ², ∂K_y/∂log σ_n² = σ_n² I (eq. 9);
    # ½ tr(W ∂K) is ½ Σ_ij W_ij ∂K_ij since both are symmetric.
    WK = W * K
    grad = 0.5 * np.array([np.sum(WK),
                           np.sum(WK * D2) / length_scale ** 2,
                           noise_variance * np.trace(W)])
    return lml, grad


# ---------------------------------------------------------------------------
# The estimator
# ---------------------------------------------------------------------------

class GaussianProcessRegressor(RegressorMixin, BaseEstimator):
    """Gaussian process regression: a Gaussian prior over functions, conditioned on data.

    Parameters
    ----------
    length_scale : float
        ℓ: how far apart two inputs must be before their outputs decorrelate.
        The starting value when ``optimize``.
    signal_variance : float
        σ_f²: the prior variance of f, how far it strays from the mean.
    noise_variance : float
        σ_n²: the variance of the observation noise, added to K's diagonal. A
        tiny value interpolates the data; it also keeps K_y invertible.
    optimize : bool
        Fit (σ_f², ℓ, σ_n²) by maximising the log marginal likelihood (eq. 7);
        otherwise use them as given.
    n_restarts : int
        Extra optimiser starts, drawn log-uniformly inside the bounds; the
        best likelihood wins.
    normalize_y : bool
        Subtract the mean of y and divide by its standard deviation before
        fitting (eq. 11), as scikit-learn does: the prior mean is then ȳ, and
        σ_f², σ_n² are in units of var(y). Predictions are mapped back.
    random_state : None, int or numpy Generator
        Seeds the restarts' starting points.

    Attributes
    ----------
    signal_variance_, length_scale_, noise_variance_ : float
        The hyperparameters used (fitted when ``optimize``).
    log_marginal_likelihood_ : float
        log p(y | X, θ) at those hyperparameters (eq. 7), for the normalised y.
    X_train_ : ndarray of shape (n_samples, n_features)
    L_ : ndarray of shape (n_samples, n_samples)
        Cholesky factor of K_y = K + σ_n² I (eq. 5).
    alpha_ : ndarray of shape (n_samples,)
        α = K_y⁻¹ y (eq. 5).
    y_train_mean_, y_train_std_ : float
        The normalisation of y (0 and 1 without ``normalize_y``).
    n_iter_ : int
        Optimiser iterations summed over the starts (0 without ``optimize``).
    n_features_in_ : int
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, length_scale=1.0, signal_variance=1.0, noise_variance=1e-10,
                 optimize=True, n_restarts=0, normalize_y=False, random_state=None):
        self.length_scale = length_scale
        self.signal_variance = signal_variance
        self.noise_variance = noise_variance
        self.optimize = optimize
        self.n_restarts = n_restarts
        self.normalize_y = normalize_y
        self.random_state = random_state

    def fit(self, X, y):
        """Condition the prior on (X, y), after fitting θ by eq. 7 if ``optimize``."""
        self._check_parameters()
        X, y = validate_data(self, X, y, reset=True)
        n = X.shape[0]
        if n > LARGE_N:
            warnings.warn(
                f"Fitting a Gaussian process on {n:,} samples: K is {n:,} × {n:,} "
                f"({8 * n * n / 2 ** 30:.1f} GiB per copy) and its Cholesky factorisation "
                "costs O(n³) time. Subsample, or use a sparse or low-rank approximation.",
                UserWarning, stacklevel=2)
        self.y_train_mean_, self.y_train_std_ = 0.0, 1.0
        if self.normalize_y:
            self.y_train_mean_ = float(np.mean(y))
            std = float(np.std(y))
            self.y_train_std_ = std if std > 0 else 1.0       # a constant y: nothing to scale
        y = (y - self.y_train_mean_) / self.y_train_std_                   # eq. 11
        self.X_train_, self._y = X.copy(), y
        self._offset = X.mean(axis=0)
        Xc = X - self._offset
        D2 = squared_distances(Xc, Xc)

        hyper = np.array([self.signal_variance, self.length_scale, self.noise_variance], float)
        self.n_iter_ = 0
        if self.optimize:
            hyper = np.exp(self._maximise_likelihood(D2, y, np.log(hyper)))
        self.signal_variance_, self.length_scale_, self.noise_variance_ = map(float, hyper)
        K_y = rbf_kernel(D2, self.signal_variance_, self.length_scale_)
        K_y[np.diag_indices(n)] += self.noise_variance_
        try:
            self.L_ = np.linalg.cholesky(K_y)                                # eq. 5
        except np.linalg.LinAlgError:
            raise np.linalg.LinAlgError(
                f"K + noise_variance·I is not positive definite to machine precision "
                f"(noise_variance={self.noise_variance_:g}, length_scale="
                f"{self.length_scale_:g}): duplicate or very close inputs with a smooth "
                "kernel. Increase noise_variance.") from None
        self.alpha_ = cholesky_solve(self.L_, y)
        self.log_marginal_likelihood_ = float(
            -0.5 * y @ self.alpha_ - np.sum(np.log(np.diag(self.L_)))
            - 0.5 * n * np.log(2 * np.pi))                                   # eq. 7
        return self

    def _maximise_likelihood(self, D2, y, theta0):
        """Maximise eq. 7 over θ in the log bounds from θ₀ and the restarts (eq. 10)."""
        low, high = np.log(BOUNDS[0]), np.log(BOUNDS[1])

        def negative_lml(theta):
            lml, grad = log_marginal_likelihood_and_gradient(D2, y, *np.exp(theta))
            return -lml, -grad

        rng = check_random_state(self.random_state)
        starts = [theta0] + [rng.uniform(low, high, size=3) for _ in range(self.n_restarts)]
        best = None
        for start in starts:
            result = projected_bfgs(negative_lml, start, low, high, max_iter=MAX_ITER,
                                    tol=1e-5, name=type(self).__name__)
            self.n_iter_ += result.n_iter
            if best is None or result.loss_history[-1] < best.loss_history[-1]:
                best = result
        return best.w

    def log_marginal_likelihood(self, theta=None, eval_gradient=False):
        """log p(y | X, θ) (eq. 7) for the training data, and its gradient (eq. 8).

        ``theta`` = (log σ_f², log ℓ, log σ_n²); None means the fitted values.
        Returns lml, or (lml, grad) with ``eval_gradient``.
        """
        check_is_fitted(self)
        if theta is None:
            theta = np.log([self.signal_variance_, self.length_scale_, self.noise_variance_])
        Xc = self.X_train_ - self._offset
        return log_marginal_likelihood_and_gradient(squared_distances(Xc, Xc), self._y,
                                                    *np.exp(np.asarray(theta, dtype=float)),
                                                    eval_gradient=eval_gradient)

    def predict(self, X, return_std=False, return_cov=False):
        """Posterior predictive mean at X (eq. 4), with its std or covariance (eq. 6).

        Returns mean (n,), or (mean, std (n,)), or (mean, cov (n, n)).
        """
        if return_std and return_cov:
            raise ValueError("Ask for return_std or return_cov, not both: the std is the "
                             "square root of the covariance's diagonal.")
        X = validate_data(self, X, reset=False)
        Xc = X - self._offset
        K_star = rbf_kernel(squared_distances(Xc, self.X_train_ - self._offset),
                            self.signal_variance_, self.length_scale_)        # (m, n)
        mean = K_star @ self.alpha_ * self.y_train_std_ + self.y_train_mean_  # eq. 4
        if not (return_std or return_cov):
            return mean
        scale = self.y_train_std_ ** 2
        if return_cov:
            V = solve_triangular(self.L_, K_star.T)                           # L \ k*: (n, m)
            K_ss = rbf_kernel(squared_distances(Xc, Xc), self.signal_variance_,
                              self.length_scale_)
            cov = K_ss + self.noise_variance_ * np.eye(len(X)) - V.T @ V      # eq. 6
            return mean, cov * scale
        var = predictive_variance(self.L_, K_star,
                                  self.signal_variance_ + self.noise_variance_)
        # Rounding can push a variance a hair below 0 at a training point.
        return mean, np.sqrt(np.maximum(var, 0.0) * scale)

    def sample_y(self, X, n_samples=1, random_state=0):
        """Draw functions from the posterior predictive at X: (len(X), n_samples).

        Uses cov = U diag(λ) Uᵀ (eigh) and mean + U √λ z, z ~ N(0, I): unlike a
        Cholesky factor this works when cov is singular to rounding (points
        closer than ℓ make it so). Eigenvalues below 0 from rounding are set to 0.
        """
        if not (is_integer(n_samples) and n_samples >= 1):
            raise ValueError(f"n_samples must be a positive integer, got {n_samples!r}.")
        mean, cov = self.predict(X, return_cov=True)
        lam, U = np.linalg.eigh(cov)
        z = check_random_state(random_state).standard_normal((len(mean), n_samples))
        return mean[:, None] + U @ (np.sqrt(np.maximum(lam, 0.0))[:, None] * z)

    def _check_parameters(self):
        for name in ("length_scale", "signal_variance"):
            value = getattr(self, name)
            if not (is_real(value) and np.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a positive number, got {value!r}.")
        value = self.noise_variance
        if not (is_real(value) and np.isfinite(value) and value >= 0):
            raise ValueError(f"noise_variance must be a non-negative number, got {value!r}.")
        if self.optimize and value == 0:
            raise ValueError("noise_variance=0 cannot start the optimiser, which works with "
                             "log σ_n²; give a positive value (it is clipped into the bounds).")
        for name in ("optimize", "normalize_y"):
            if not isinstance(getattr(self, name), (bool, np.bool_)):
                raise ValueError(f"{name} must be True or False, got {getattr(self, name)!r}.")
        if not (is_integer(self.n_restarts) and self.n_restarts >= 0):
            raise ValueError(f"n_restarts must be a non-negative integer, "
                             f"got {self.n_restarts!r}.")
