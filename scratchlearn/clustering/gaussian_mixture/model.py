r"""Gaussian mixture model fitted by expectation–maximisation (EM).

    p(x) = Σ_k π_k N(x | μ_k, Σ_k)                                     (notes eq. 1)
    ℓ(θ) = Σ_i log Σ_k π_k N(x_i | μ_k, Σ_k)                            (eq. 3)

ℓ has no closed-form maximiser, but it has a lower bound that does (eq. 4).
EM climbs ℓ by maximising that bound in turn over its two arguments:

    E-step  r_ik = π_k N(x_i | θ_k) / Σ_c π_c N(x_i | θ_c), in logs     (eq. 6)
    M-step  N_k = Σ_i r_ik,  π_k = N_k / n,  μ_k = Σ_i r_ik x_i / N_k   (eq. 7)
            Σ_k = Σ_i r_ik (x_i − μ_k)(x_i − μ_k)ᵀ / N_k + ε I          (eq. 8)

(or its tied, diagonal and spherical variants, eqs. 9–11). ℓ never decreases
(eq. 12); iterations stop when the mean log-likelihood ℓ/n changes by less
than ``tol``. Densities are evaluated through the Cholesky factor U_k of each
precision matrix Σ_k⁻¹ = U_k U_kᵀ (eq. 2), and responsibilities in log space
with log-sum-exp, so nothing underflows.
"""

import math

import numpy as np

from scratchlearn.clustering.kmeans.model import KMeans
from scratchlearn.core.base import (
    BaseEstimator,
    DensityMixin,
    check_is_fitted,
    warn_convergence,
)
from scratchlearn.core.special import logsumexp
from scratchlearn.core.validation import (
    check_array,
    check_random_state,
    is_integer,
    is_real,
    validate_data,
)

COVARIANCE_TYPES = ("full", "tied", "diag", "spherical")

_SINGULAR = ("Fitting the mixture model failed because some components have ill-defined "
             "empirical covariance (for instance caused by singleton or collapsed samples). "
             "Try to decrease the number of components, increase reg_covar, or scale the "
             "input data.")


# ---------------------------------------------------------------------------
# Densities through the precision's Cholesky factor (eq. 2)
# ---------------------------------------------------------------------------

def log_gaussian_density(X, means, precisions_chol, covariance_type):
    """log N(x_i | μ_k, Σ_k) for every sample and component (eq. 2): (n, K).

    With Σ_k⁻¹ = U_k U_kᵀ (U_k upper triangular), the Mahalanobis distance is
    ‖(x − μ_k)ᵀ U_k‖² and −½ log|Σ_k| = Σ_j log (U_k)_jj: no inverse and no
    determinant is ever formed. ``precisions_chol`` has the shape of its
    covariance type: (K, d, d) full, (d, d) tied, (K, d) diag, (K,) spherical.
    """
    n, d = X.shape
    K = means.shape[0]
    if covariance_type in ("full", "tied"):
        U = precisions_chol if covariance_type == "full" else np.broadcast_to(
            precisions_chol, (K, d, d))
        log_det = np.sum(np.log(np.diagonal(U, axis1=1, axis2=2)), axis=1)       # (K,)
        mahalanobis = np.empty((n, K))
        # A loop over components, each step vectorised over all samples.
        for k in range(K):
            Y = X @ U[k] - means[k] @ U[k]                                       # (n, d)
            mahalanobis[:, k] = np.einsum("ij,ij->i", Y, Y)
    else:
        # Diagonal precisions: the distance expands into three matrix products.
        P = precisions_chol ** 2                                 # (K, d) or (K,)
        if covariance_type == "spherical":
            log_det = d * np.log(precisions_chol)
            P = np.repeat(P[:, None], d, axis=1)
        else:
            log_det = np.sum(np.log(precisions_chol), axis=1)
        mahalanobis = (np.sum(means ** 2 * P, axis=1)
                       - 2.0 * (X @ (means * P).T)
                       + (X ** 2) @ P.T)
    return -0.5 * (d * math.log(2.0 * math.pi) + mahalanobis) + log_det


def precision_cholesky(covariances, covariance_type):
    """U with Σ⁻¹ = U Uᵀ from the covariances: if Σ = L Lᵀ (Cholesky), then
    Σ⁻¹ = L⁻ᵀ L⁻¹, so U = L⁻ᵀ, upper triangular. A covariance that is not
    positive definite (a collapsed component) raises a ValueError."""
    if covariance_type in ("full", "tied"):
        try:
            L = np.linalg.cholesky(covariances)
        except np.linalg.LinAlgError:
            raise ValueError(_SINGULAR) from None
        identity = np.broadcast_to(np.eye(L.shape[-1]), L.shape)
        return np.swapaxes(np.linalg.solve(L, identity), -1, -2)
    if np.any(covariances <= 0.0):
        raise ValueError(_SINGULAR)
    return 1.0 / np.sqrt(covariances)


def precision_cholesky_from_precisions(precisions, covariance_type):
    """U with P = U Uᵀ straight from given precision matrices P.

    Cholesky gives a *lower* factor. Reversing the order of rows and columns
    (J P J, J the exchange matrix, J = J⁻¹) and factoring J P J = L Lᵀ gives
    P = (J L J)(J L J)ᵀ, and J L J is upper triangular.
    """
    if covariance_type in ("full", "tied"):
        flipped = np.flip(precisions, axis=(-2, -1))
        try:
            return np.flip(np.linalg.cholesky(flipped), axis=(-2, -1))
        except np.linalg.LinAlgError:
            raise ValueError("precisions_init must be symmetric positive definite.") from None
    return np.sqrt(precisions)


# ---------------------------------------------------------------------------
# The E-step and the M-step
# ---------------------------------------------------------------------------

# exercise: gaussian_mixture.e_step
def e_step(X, weights, means, precisions_chol, covariance_type):
    """Responsibilities (eq. 6) in log space.

    Returns (log p(x_i) (n,), log r (n, K)): log π_k + log N(x_i | θ_k)
    normalised by log-sum-exp over k, so a sample far from every component
    (all densities underflowing in linear space) still gets finite logs.
    """
    weighted = log_gaussian_density(X, means, precisions_chol, covariance_type) + np.log(weights)
    log_px = logsumexp(weighted, axis=1)                          # log p(x_i), eq. 1
    log_resp = weighted - log_px[:, None]
    return log_px, log_resp


# exercise: gaussian_mixture.m_step
def m_step(X, resp, reg_covar, covariance_type):
    """Maximise the lower bound over θ for fixed responsibilities (eqs. 7–11).

    Returns (N (K,), means (K, d), covariances in the type's shape). N_k gets
    10 machine epsilons so that a component no sample chose gives μ_k = 0
    instead of 0/0; ε = reg_covar on the diagonal keeps every Σ_k positive
    definite when a component sits on few (or collinear) points.
    """
    N = resp.sum(axis=0) + 10.0 * np.finfo(float).eps             # (K,)   eq. 7
    means = (resp.T @ X) / N[:, None]                             # (K, d) eq. 7
    K, d = means.shape
    if covariance_type == "full":                                 # eq. 8
        covariances = np.empty((K, d, d))
        # A loop over components; each is one (d × n) @ (n × d) product.
        for k in range(K):
            diff = X - means[k]
            covariances[k] = (resp[:, k] * diff.T) @ diff / N[k]
            covariances[k].flat[::d + 1] += reg_covar
    elif covariance_type == "tied":                               # eq. 9
        covariances = (X.T @ X - (N * means.T) @ means) / N.sum()
        covariances.flat[::d + 1] += reg_covar
    else:
        variances = (resp.T @ (X * X)) / N[:, None] - means ** 2 + reg_covar   # eq. 10
        covariances = variances if covariance_type == "diag" else variances.mean(axis=1)  # 11
    return N, means, covariances


def n_parameters(n_components, n_features, covariance_type):
    """Free parameters p of the mixture (eq. 15): K − 1 weights (they sum to 1),
    K d means, and the covariances' free entries."""
    K, d = n_components, n_features
    covariance = {"full": K * d * (d + 1) / 2, "tied": d * (d + 1) / 2,
                  "diag": K * d, "spherical": K}[covariance_type]
    return int(covariance + K * d + K - 1)


# ---------------------------------------------------------------------------
# The estimator
# ---------------------------------------------------------------------------

class GaussianMixture(DensityMixin, BaseEstimator):
    """A mixture of K Gaussians fitted by EM.

    Parameters
    ----------
    n_components : int
        K, the number of Gaussians.
    covariance_type : {"full", "tied", "diag", "spherical"}
        Each component's own full covariance (eq. 8), one full covariance
        shared by all (eq. 9), per-component diagonal (eq. 10) or one variance
        per component (eq. 11).
    max_iter : int
        Maximum number of EM iterations per run.
    tol : float
        Stop when the mean log-likelihood ℓ/n changes by less than this.
    reg_covar : float
        ε, added to the diagonal of every covariance (eqs. 8–11).
    init_params : {"kmeans", "random"}
        Starting responsibilities: one-hot k-means labels (this library's
        KMeans, one run), or uniform random numbers normalised per sample.
    weights_init, means_init, precisions_init : array-like or None
        A start for π (K,), μ (K, d) and the precisions Σ⁻¹ in the shape of the
        covariance type; what is given replaces what ``init_params`` computes.
    random_state : None, int or numpy Generator
        Seeds the initialisation and ``sample``.
    n_init : int
        Number of runs; the one with the highest final lower bound is kept.

    Attributes
    ----------
    weights_ : ndarray of shape (n_components,)
        π_k.
    means_ : ndarray of shape (n_components, n_features)
        μ_k.
    covariances_ : ndarray
        Σ_k: (K, d, d) full, (d, d) tied, (K, d) diag, (K,) spherical.
    precisions_ : ndarray
        Σ_k⁻¹ in the same shape.
    precisions_cholesky_ : ndarray
        U_k with Σ_k⁻¹ = U_k U_kᵀ (eq. 2), in the same shape.
    converged_ : bool
        Whether the kept run met ``tol`` before ``max_iter``.
    n_iter_ : int
        EM iterations of the kept run.
    lower_bound_ : float
        The kept run's last ℓ/n, the mean log-likelihood before its last M-step.
    lower_bounds_ : list of float
        ℓ/n at every iteration of the kept run; it never decreases.
    n_features_in_ : int
        Number of features seen in ``fit``.
    """

    def __init__(self, n_components=1, *, covariance_type="full", max_iter=100, tol=1e-3,
                 reg_covar=1e-6, init_params="kmeans", weights_init=None, means_init=None,
                 precisions_init=None, random_state=None, n_init=1):
        self.n_components = n_components
        self.covariance_type = covariance_type
        self.max_iter = max_iter
        self.tol = tol
        self.reg_covar = reg_covar
        self.init_params = init_params
        self.weights_init = weights_init
        self.means_init = means_init
        self.precisions_init = precisions_init
        self.random_state = random_state
        self.n_init = n_init

    def fit(self, X, y=None):
        """Estimate π, μ, Σ by EM from ``n_init`` starts; keep the best."""
        self.fit_predict(X)
        return self

    def fit_predict(self, X, y=None):
        """Fit, then return each training sample's most responsible component."""
        self._check_parameters()
        X = validate_data(self, X, reset=True)
        n, d = X.shape
        K = self.n_components
        if n < 2:
            raise ValueError(f"Found array with {n} sample(s) (shape={X.shape}) while a "
                             "minimum of 2 is required by GaussianMixture.")
        if n < K:
            raise ValueError(f"Expected n_samples >= n_components but got n_components = {K}, "
                             f"n_samples = {n}.")
        start = self._check_initial_values(d)
        rng = check_random_state(self.random_state)

        best = None
        for _ in range(self.n_init):
            theta = self._initialise(X, rng, start)
            run = self._em(X, theta)
            if best is None or run["lower_bound"] > best["lower_bound"]:
                best = run
        if not best["converged"]:
            warn_convergence("Best performing initialization did not converge. Try different "
                             "init parameters, or increase max_iter, tol, or check for "
                             "degenerate data.")
        weights, means, covariances, U = best["theta"]
        self.weights_, self.means_, self.covariances_ = weights, means, covariances
        self.precisions_cholesky_ = U
        if self.covariance_type in ("full", "tied"):
            self.precisions_ = U @ np.swapaxes(U, -1, -2)
        else:
            self.precisions_ = U ** 2
        self.converged_ = best["converged"]
        self.n_iter_ = best["n_iter"]
        self.lower_bound_ = best["lower_bound"]
        self.lower_bounds_ = best["lower_bounds"]
        # One more E-step with the final parameters, so that fit_predict(X)
        # equals fit(X).predict(X) whatever max_iter and tol stopped on.
        _, log_resp = e_step(X, weights, means, U, self.covariance_type)
        return np.argmax(log_resp, axis=1)

    def score_samples(self, X):
        """log p(x) of each sample (eq. 1): (n,)."""
        X = validate_data(self, X, reset=False)
        return e_step(X, self.weights_, self.means_, self.precisions_cholesky_,
                      self.covariance_type)[0]

    def predict(self, X):
        """The component of highest responsibility for each sample (eq. 6)."""
        return np.argmax(self.predict_proba(X), axis=1)

    def predict_proba(self, X):
        """Responsibilities r_ik = P(component k | x_i) (eq. 6): (n, K), rows sum to 1."""
        X = validate_data(self, X, reset=False)
        return np.exp(e_step(X, self.weights_, self.means_, self.precisions_cholesky_,
                             self.covariance_type)[1])

    def bic(self, X):
        """Bayesian information criterion −2ℓ + p ln n on X (eq. 14): lower is better."""
        n = np.shape(X)[0]
        return -2.0 * self.score(X) * n + self._n_parameters() * math.log(n)

    def aic(self, X):
        """Akaike information criterion −2ℓ + 2p on X (eq. 14): lower is better."""
        n = np.shape(X)[0]
        return -2.0 * self.score(X) * n + 2.0 * self._n_parameters()

    def sample(self, n_samples=1):
        """Draw from the fitted mixture: a component k with probability π_k, then
        x = μ_k + L_k e with e ~ N(0, I) and Σ_k = L_k L_kᵀ.

        Returns (X (n_samples, d), the component of each row); rows are grouped
        by component. Seeded by ``random_state``.
        """
        check_is_fitted(self)
        if not is_integer(n_samples) or n_samples < 1:
            raise ValueError(f"n_samples must be a positive integer, got {n_samples!r}.")
        rng = check_random_state(self.random_state)
        K, d = self.means_.shape
        counts = rng.multinomial(n_samples, self.weights_ / self.weights_.sum())
        if self.covariance_type == "full":
            L = np.linalg.cholesky(self.covariances_)
        elif self.covariance_type == "tied":
            L = np.broadcast_to(np.linalg.cholesky(self.covariances_), (K, d, d))
        else:
            std = np.sqrt(self.covariances_).reshape(K, -1)                 # (K, d) or (K, 1)
            L = std[:, :, None] * np.eye(d)
        # A loop over components, each drawing all of its samples at once.
        X = np.vstack([self.means_[k] + rng.standard_normal((counts[k], d)) @ L[k].T
                       for k in range(K)])
        return X, np.repeat(np.arange(K), counts)

    # -----------------------------------------------------------------------

    def _em(self, X, theta):
        """EM iterations from θ = (π, μ, Σ, U) until ℓ/n changes by less than tol."""
        weights, means, covariances, U = theta
        lower_bound, lower_bounds, converged = -np.inf, [], False
        n_iter = 0
        while n_iter < self.max_iter:
            n_iter += 1
            previous = lower_bound
            log_px, log_resp = e_step(X, weights, means, U, self.covariance_type)    # eq. 6
            N, means, covariances = m_step(X, np.exp(log_resp), self.reg_covar,
                                           self.covariance_type)                    # eqs. 7–11
            weights = N / N.sum()
            U = precision_cholesky(covariances, self.covariance_type)
            # ℓ/n of the parameters the E-step used: the bound is tight there (eq. 5).
            lower_bound = float(np.mean(log_px))
            lower_bounds.append(lower_bound)
            if abs(lower_bound - previous) < self.tol:
                converged = True
                break
        return {"theta": (weights, means, covariances, U), "lower_bound": lower_bound,
                "lower_bounds": lower_bounds, "converged": converged, "n_iter": n_iter}

    def _initialise(self, X, rng, start):
        """θ from the starting responsibilities (one M-step), with any given
        weights, means or precisions put in place of the computed ones."""
        weights_init, means_init, precisions_init = start
        n, K = X.shape[0], self.n_components
        weights = means = covariances = None
        if weights_init is None or means_init is None or precisions_init is None:
            if self.init_params == "kmeans":
                labels = KMeans(K, n_init=1, random_state=rng).fit(X).labels_
                resp = np.zeros((n, K))
                resp[np.arange(n), labels] = 1.0
            else:
                resp = rng.uniform(size=(n, K))
                resp /= resp.sum(axis=1, keepdims=True)
            N, means, covariances = m_step(X, resp, self.reg_covar, self.covariance_type)
            weights = N / n
        if weights_init is not None:
            weights = weights_init
        if means_init is not None:
            means = means_init
        if precisions_init is None:
            U = precision_cholesky(covariances, self.covariance_type)
        else:
            U = precision_cholesky_from_precisions(precisions_init, self.covariance_type)
            covariances = _inverse(precisions_init, self.covariance_type)
        return weights, means, covariances, U

    def _check_parameters(self):
        if not is_integer(self.n_components) or self.n_components < 1:
            raise ValueError(f"n_components must be a positive integer, got "
                             f"{self.n_components!r}.")
        if self.covariance_type not in COVARIANCE_TYPES:
            raise ValueError(f"covariance_type must be one of {COVARIANCE_TYPES}, got "
                             f"{self.covariance_type!r}.")
        if not is_integer(self.max_iter) or self.max_iter < 1:
            raise ValueError(f"max_iter must be a positive integer, got {self.max_iter!r}.")
        if not is_integer(self.n_init) or self.n_init < 1:
            raise ValueError(f"n_init must be a positive integer, got {self.n_init!r}.")
        for name in ("tol", "reg_covar"):
            value = getattr(self, name)
            if not is_real(value) or value < 0:
                raise ValueError(f"{name} must be a non-negative number, got {value!r}.")
        if self.init_params not in ("kmeans", "random"):
            raise ValueError(f"init_params must be 'kmeans' or 'random', got "
                             f"{self.init_params!r}.")

    def _check_initial_values(self, d):
        """Validate weights_init, means_init, precisions_init against K and d."""
        K, kind = self.n_components, self.covariance_type
        weights = means = precisions = None
        if self.weights_init is not None:
            weights = check_array(self.weights_init, input_name="weights_init", ensure_2d=False)
            if weights.shape != (K,):
                raise ValueError(f"weights_init should have shape ({K},), got {weights.shape}.")
            if np.any(weights < 0) or np.any(weights > 1) or not np.isclose(weights.sum(), 1):
                raise ValueError("weights_init must lie in [0, 1] and sum to 1, got "
                                 f"{weights.tolist()}.")
        if self.means_init is not None:
            means = check_array(self.means_init, input_name="means_init")
            if means.shape != (K, d):
                raise ValueError(f"means_init should have shape ({K}, {d}), got {means.shape}.")
        if self.precisions_init is not None:
            precisions = np.asarray(self.precisions_init, dtype=float)
            shape = {"full": (K, d, d), "tied": (d, d), "diag": (K, d), "spherical": (K,)}[kind]
            if precisions.shape != shape:
                raise ValueError(f"precisions_init for covariance_type={kind!r} should have "
                                 f"shape {shape}, got {precisions.shape}.")
            if not np.all(np.isfinite(precisions)):
                raise ValueError("precisions_init contains NaN or infinity.")
            if kind in ("full", "tied"):
                if not np.allclose(precisions, np.swapaxes(precisions, -1, -2)):
                    raise ValueError("precisions_init must be symmetric.")
                if np.any(np.linalg.eigvalsh(precisions) <= 0):
                    raise ValueError("precisions_init must be positive definite.")
            elif np.any(precisions <= 0):
                raise ValueError("precisions_init must be positive.")
        return weights, means, precisions

    def _n_parameters(self):
        return n_parameters(self.n_components, self.n_features_in_, self.covariance_type)


def _inverse(precisions, covariance_type):
    """Σ = P⁻¹ in the covariance type's shape (for ``covariances_`` when the
    start is given as precisions)."""
    if covariance_type in ("full", "tied"):
        return np.linalg.inv(precisions)
    return 1.0 / precisions
