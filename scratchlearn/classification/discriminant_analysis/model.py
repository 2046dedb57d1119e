r"""Linear and quadratic discriminant analysis: a Gaussian per class and Bayes' rule.

    P(y = k | x) = π_k p(x | k) / Σ_c π_c p(x | c)                        (notes eq. 1)
    p(x | k) = N(x; μ_k, Σ_k)                                               (eq. 2)
    QDA:  δ_k(x) = −½ log|Σ_k| − ½ (x − μ_k)ᵀ Σ_k⁻¹ (x − μ_k) + log π_k      (eq. 3)
    LDA:  Σ_k = Σ for all k, so δ_k(x) = w_kᵀ x + b_k with
          w_k = Σ⁻¹ μ_k,  b_k = −½ μ_kᵀ Σ⁻¹ μ_k + log π_k                   (eq. 4)
    log P(y = k | x) = δ_k(x) − log Σ_c exp δ_c(x)                          (eq. 5)

Fitting is maximum likelihood, in closed form: class frequencies, means and
(biased) covariances (eq. 6), pooled into one within-class covariance for LDA
(eq. 7). QDA may shrink each class covariance towards I (eq. 8); LDA's
"eigen" solver may shrink Σ towards a multiple of I (eq. 9).

LDA is also a supervised projection (Fisher): the directions v maximising the
between-class over the within-class variance (eq. 11) solve the generalised
eigenproblem Σ_B v = λ Σ_W v (eq. 12); ``transform`` projects onto the first
n_components of them. The "svd" solver whitens the within-class scatter first
(eq. 13), which needs no inverse of Σ_W and copes with a singular one.

Sign convention: an eigenvector is defined up to its sign, so each column of
``scalings_`` (one discriminant axis) is flipped to make its entry of largest
absolute value positive. ``transform`` then equals scikit-learn's up to the
sign of each axis.
"""

import warnings

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin, TransformerMixin
from scratchlearn.core.preprocessing import one_hot
from scratchlearn.core.special import log_softmax
from scratchlearn.core.validation import encode_class_labels, is_integer, is_real, validate_data

# ---------------------------------------------------------------------------
# The estimates (eqs. 6–10) as pure functions with the notes' symbols
# ---------------------------------------------------------------------------


def class_statistics(X, y_index, n_classes):
    """N_k and μ_k (eq. 6) and the rows centred at their class mean, x_i − μ_{y_i}.

    Returns (N (K,), means (K, d), Xc (n, d)). One-hot products, not a loop over
    samples: Yᵀ X sums each class's rows.
    """
    Y = one_hot(y_index, n_classes)                 # (n, K)
    N = Y.sum(axis=0)                               # (K,)
    means = (Y.T @ X) / N[:, None]                  # (K, d)
    return N, means, X - means[y_index]


def shrunk_covariance(S, alpha):
    """(1 − α) S + α (tr S / d) I  (eq. 9): pull the eigenvalues towards their mean."""
    d = S.shape[0]
    return (1.0 - alpha) * S + alpha * (np.trace(S) / d) * np.eye(d)


# exercise: discriminant_analysis.pooled_covariance
def within_class_covariance(Xc, y_index, N, priors):
    """Σ_W = Σ_k π_k C_k (eq. 7), C_k = Σ_{i in k} (x_i − μ_k)(x_i − μ_k)ᵀ / N_k (eq. 6).

    One weighted Gram product Xcᵀ diag(π_{y_i} / N_{y_i}) Xc instead of K.
    """
    weight = (priors / N)[y_index]                  # (n,)
    return Xc.T @ (Xc * weight[:, None])            # (d, d)


def generalized_eigh(A, B):
    """Solve A v = λ B v for symmetric A and positive definite B, with vᵀ B v = 1 (eq. 12).

    With B = L Lᵀ (Cholesky) and v = L⁻ᵀ u the problem becomes the ordinary
    symmetric one (L⁻¹ A L⁻ᵀ) u = λ u. Returns (λ (d,), V (d, d)), λ descending.
    """
    L = np.linalg.cholesky(B)
    L_inv = np.linalg.inv(L)
    C = L_inv @ A @ L_inv.T
    lam, U = np.linalg.eigh((C + C.T) / 2)          # symmetrise away rounding
    order = np.argsort(lam)[::-1]
    return lam[order], L_inv.T @ U[:, order]


def fisher_axes_svd(Xc, means, priors, n_samples, tol):
    """The svd solver's discriminant axes (eq. 13): whiten Σ_W, then take the
    principal axes of the whitened class means.

    1. Scale each feature by its within-class standard deviation σ_j and find
       W̃ = D⁻¹ Σ_W D⁻¹ = V Λ Vᵀ (Σ_W = Xcᵀ Xc / n, D = diag σ). Directions
       with √λ ≤ tol carry no within-class variance (collinear or constant
       features) and are dropped: A = D⁻¹ V Λ^(−1/2) then whitens, Aᵀ Σ_W A = I.
    2. The whitened, weighted class means M* = diag(√(n π_k / (K − 1))) (μ_k − x̄) A
       have singular values s; their right singular vectors, mapped back by A,
       are the discriminant axes (those with s > tol · s₁ are kept).

    Returns (scalings (d, r), explained variance ratios s² / Σ s²).
    """
    K = means.shape[0]
    sigma = np.sqrt(np.mean(Xc * Xc, axis=0))
    sigma[sigma == 0] = 1.0                         # a constant feature: nothing to scale
    Z = Xc / sigma
    lam, V = np.linalg.eigh(Z.T @ Z / n_samples)
    keep = np.sqrt(np.clip(lam, 0, None)) > tol
    A = (V[:, keep] / sigma[:, None]) / np.sqrt(lam[keep])          # (d, rank)
    xbar = priors @ means
    M = np.sqrt(n_samples * priors / max(K - 1, 1))[:, None] * (means - xbar) @ A
    _, s, Vt = np.linalg.svd(M, full_matrices=False)
    rank = int(np.sum(s > tol * s[0]))
    return A @ Vt[:rank].T, s ** 2 / np.sum(s ** 2)


# exercise: discriminant_analysis.quadratic
def quadratic_discriminant(X, mean, L, log_prior):
    """δ_k(x) of eq. 3 for every row of X (n, d): (n,), for the class with
    mean μ_k = ``mean`` (d,), covariance Σ_k = L Lᵀ (L its lower Cholesky
    factor, (d, d)) and log π_k = ``log_prior``; without the constant
    −(d/2) log 2π, equal for all classes.

    (x − μ_k)ᵀ Σ_k⁻¹ (x − μ_k) = ‖L⁻¹ (x − μ_k)‖² and log|Σ_k| = 2 Σ_j log L_jj.
    """
    L_inv = np.linalg.solve(L, np.eye(L.shape[0]))                           # (d, d)
    Z = (X - mean) @ L_inv.T                                                 # rows L⁻¹(x − μ_k)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    delta = -0.5 * (np.sum(Z * Z, axis=1) + log_det) + log_prior
    return delta


def orient_axes(scalings):
    """Flip each column so that its entry of largest absolute value is positive."""
    largest = np.argmax(np.abs(scalings), axis=0)
    signs = np.sign(scalings[largest, np.arange(scalings.shape[1])])
    return scalings * np.where(signs == 0, 1.0, signs)


# ---------------------------------------------------------------------------
# Linear discriminant analysis
# ---------------------------------------------------------------------------

class LinearDiscriminantAnalysis(TransformerMixin, ClassifierMixin, BaseEstimator):
    """Gaussian classes sharing one covariance: linear boundaries (eq. 4) and
    Fisher's projection (eqs. 11–13).

    Parameters
    ----------
    solver : {"svd", "eigen"}
        "svd" whitens the within-class scatter by an eigendecomposition of the
        scaled covariance (eq. 13): no inverse of Σ_W, so collinear or constant
        features are fine; no shrinkage. "eigen" forms Σ_W, Σ_B and solves the
        generalised eigenproblem (eq. 12); it takes ``shrinkage``.
    shrinkage : None or float in [0, 1]
        α of eq. 9 ("eigen" only): 0 is the sample covariance, 1 a multiple of
        the identity (nearest-mean classification).
    priors : None or array-like of shape (n_classes,)
        π_k; None uses the class frequencies N_k / N. Priors that do not sum to
        1 are renormalised with a warning.
    n_components : None or int
        Number of Fisher axes ``transform`` keeps, at most min(K − 1, d); None
        keeps them all. It does not change the classifier.
    store_covariance : bool
        Also compute ``covariance_`` with the "svd" solver (always computed by
        "eigen").
    tol : float
        "svd" only: directions whose within-class standard deviation (after
        scaling each feature to unit within-class variance) is at most tol are
        treated as degenerate and dropped; between-class directions whose
        singular value is at most tol times the largest are dropped too.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    priors_ : ndarray of shape (n_classes,)
        π_k, summing to 1.
    means_ : ndarray of shape (n_classes, n_features)
        μ_k (eq. 6).
    covariance_ : ndarray of shape (n_features, n_features)
        Σ_W = Σ_k π_k C_k (eq. 7), shrunk by eq. 9 with ``shrinkage``.
    coef_ : ndarray of shape (n_classes, n_features), or (1, n_features) for two classes
        w_k of eq. 4; for two classes the single row w₁ − w₀ (eq. 15).
    intercept_ : ndarray of shape (n_classes,), or (1,) for two classes
        b_k of eq. 4 (b₁ − b₀ for two classes).
    scalings_ : ndarray of shape (n_features, r)
        The discriminant axes, as columns, in decreasing order of separation.
    xbar_ : ndarray of shape (n_features,)
        "svd" only: Σ_k π_k μ_k, the centre of the projection.
    explained_variance_ratio_ : ndarray of shape (n_components,)
        Share of the between-class variance along each axis (eq. 14).
    n_features_in_ : int
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, solver="svd", shrinkage=None, priors=None, n_components=None,
                 store_covariance=False, tol=1e-4):
        self.solver = solver
        self.shrinkage = shrinkage
        self.priors = priors
        self.n_components = n_components
        self.store_covariance = store_covariance
        self.tol = tol

    def fit(self, X, y):
        """Estimate π_k, μ_k and Σ_W, then the discriminants (eq. 4) and the axes."""
        self._check_parameters()
        X, y = validate_data(self, X, y, reset=True)
        self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        n, d = X.shape
        K = len(self.classes_)
        if n == K:
            raise ValueError(f"The number of samples ({n}) must be more than the number of "
                             f"classes ({K}): each class needs a spread to estimate Σ.")
        if self.n_components is not None and self.n_components > min(K - 1, d):
            raise ValueError(f"n_components={self.n_components} cannot be larger than "
                             f"min(n_features, n_classes - 1) = {min(K - 1, d)}.")
        self._n_axes = min(K - 1, d) if self.n_components is None else self.n_components

        N, self.means_, Xc = class_statistics(X, y_index, K)
        self.priors_ = _checked_priors(self.priors, N / n, K)
        if self.solver == "svd":
            self._fit_svd(Xc, n)
            if self.store_covariance:
                self.covariance_ = within_class_covariance(Xc, y_index, N, self.priors_)
        else:
            self._fit_eigen(X, Xc, y_index, N)
        if K == 2:
            # Only the difference of the two discriminants matters (eq. 15).
            self.coef_ = (self.coef_[1] - self.coef_[0])[None, :]
            self.intercept_ = np.array([self.intercept_[1] - self.intercept_[0]])
        return self

    def _fit_svd(self, Xc, n):
        scalings, ratios = fisher_axes_svd(Xc, self.means_, self.priors_, n, self.tol)
        self.scalings_ = orient_axes(scalings)
        self.explained_variance_ratio_ = ratios[:self._n_axes]
        self.xbar_ = self.priors_ @ self.means_
        # In the whitened space Σ_W = I and the discriminants of eq. 4 depend on x
        # only through its projection onto the axes (up to a term equal for all k).
        Z_means = (self.means_ - self.xbar_) @ self.scalings_               # (K, r)
        self.coef_ = Z_means @ self.scalings_.T                              # w_k (eq. 4)
        self.intercept_ = (-0.5 * np.sum(Z_means ** 2, axis=1) + np.log(self.priors_)
                           - self.coef_ @ self.xbar_)

    def _fit_eigen(self, X, Xc, y_index, N):
        alpha = 0.0 if self.shrinkage is None else float(self.shrinkage)
        S_W = shrunk_covariance(within_class_covariance(Xc, y_index, N, self.priors_), alpha)
        Xt = X - X.mean(axis=0)
        S_T = shrunk_covariance(Xt.T @ Xt / X.shape[0], alpha)
        S_B = S_T - S_W                                                      # eq. 10
        try:
            lam, V = generalized_eigh(S_B, S_W)                              # eq. 12
        except np.linalg.LinAlgError:
            raise np.linalg.LinAlgError(
                "The within-class covariance is singular (collinear or constant features, "
                "or fewer samples than features): set shrinkage > 0, or use solver='svd'."
            ) from None
        self.covariance_ = S_W
        self.scalings_ = orient_axes(V)
        self.explained_variance_ratio_ = (lam / np.sum(lam))[:self._n_axes]  # eq. 14
        self.coef_ = np.linalg.solve(S_W, self.means_.T).T                   # w_k = Σ⁻¹ μ_k
        self.intercept_ = (-0.5 * np.sum(self.coef_ * self.means_, axis=1)
                           + np.log(self.priors_))                          # b_k (eq. 4)

    def transform(self, X):
        """Project onto the first n_components discriminant axes: (n, n_components).

        "svd" centres at ``xbar_`` first; "eigen" projects X itself, as
        scikit-learn does (the two differ by a constant shift).
        """
        X = validate_data(self, X, reset=False)
        if self.solver == "svd":
            X = X - self.xbar_
        return X @ self.scalings_[:, :self._n_axes]

    def decision_function(self, X):
        """δ_k(x) = w_kᵀ x + b_k (eq. 4): (n, K); for two classes δ₁ − δ₀: (n,)."""
        X = validate_data(self, X, reset=False)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if len(self.classes_) == 2 else scores

    def predict_log_proba(self, X):
        """log P(y = k | x) (eq. 5): (n, K)."""
        scores = self.decision_function(X)
        if len(self.classes_) == 2:
            scores = np.column_stack([np.zeros_like(scores), scores])
        return log_softmax(scores, axis=1)

    def predict_proba(self, X):
        """P(y = k | x) (eq. 5): rows sum to 1."""
        return np.exp(self.predict_log_proba(X))

    def predict(self, X):
        """The class of highest posterior, argmax_k δ_k(x) (eq. 1)."""
        return self._decode(np.argmax(self.predict_log_proba(X), axis=1))

    def get_feature_names_out(self, input_features=None):
        """Names of the projected columns: lineardiscriminantanalysis0, 1, …"""
        prefix = type(self).__name__.lower()
        return np.array([f"{prefix}{i}" for i in range(self._n_axes)], dtype=object)

    def _check_parameters(self):
        if self.solver not in ("svd", "eigen"):
            raise ValueError(f"solver must be 'svd' or 'eigen', got {self.solver!r}.")
        if self.shrinkage is not None:
            if self.solver == "svd":
                raise ValueError("shrinkage is not supported by the 'svd' solver (it never "
                                 "forms Σ_W); use solver='eigen'.")
            if not (is_real(self.shrinkage) and 0 <= self.shrinkage <= 1):
                raise ValueError(f"shrinkage must be None or a number in [0, 1], "
                                 f"got {self.shrinkage!r}.")
        if self.n_components is not None and not (is_integer(self.n_components)
                                                  and self.n_components >= 1):
            raise ValueError(f"n_components must be None or a positive integer, "
                             f"got {self.n_components!r}.")
        _check_non_negative(self.tol, "tol")
        if not isinstance(self.store_covariance, (bool, np.bool_)):
            raise ValueError(f"store_covariance must be True or False, "
                             f"got {self.store_covariance!r}.")


# ---------------------------------------------------------------------------
# Quadratic discriminant analysis
# ---------------------------------------------------------------------------

class QuadraticDiscriminantAnalysis(ClassifierMixin, BaseEstimator):
    """One Gaussian per class with its own covariance: quadratic boundaries (eq. 3).

    Parameters
    ----------
    priors : None or array-like of shape (n_classes,)
        π_k; None uses the class frequencies. Priors that do not sum to 1 are
        renormalised with a warning.
    reg_param : float in [0, 1]
        r of eq. 8: each class covariance becomes (1 − r) C_k + r I.
    tol : float
        A class whose regularised covariance has an eigenvalue ≤ tol is
        singular (more features than its samples span): fit raises
        ``numpy.linalg.LinAlgError`` (a ValueError) naming the class, as
        scikit-learn 1.9 does. Raise ``reg_param`` to fix it.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    priors_ : ndarray of shape (n_classes,)
    means_ : ndarray of shape (n_classes, n_features)
        μ_k (eq. 6).
    covariance_ : ndarray of shape (n_classes, n_features, n_features)
        Σ_k, the regularised class covariances (eqs. 6, 8).
    scalings_ : ndarray of shape (n_classes, n_features)
        The eigenvalues of each Σ_k, in decreasing order: the variances along
        its principal axes.
    cholesky_ : ndarray of shape (n_classes, n_features, n_features)
        L_k with Σ_k = L_k L_kᵀ, which evaluates eq. 3.
    n_features_in_ : int
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, priors=None, reg_param=0.0, tol=1e-4):
        self.priors = priors
        self.reg_param = reg_param
        self.tol = tol

    def fit(self, X, y):
        """Estimate π_k, μ_k and a regularised Σ_k for each class (eqs. 6, 8)."""
        if not (is_real(self.reg_param) and 0 <= self.reg_param <= 1):
            raise ValueError(f"reg_param must be a number in [0, 1], got {self.reg_param!r}.")
        _check_non_negative(self.tol, "tol")
        X, y = validate_data(self, X, y, reset=True)
        self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        n, d = X.shape
        K = len(self.classes_)
        N, self.means_, Xc = class_statistics(X, y_index, K)
        self.priors_ = _checked_priors(self.priors, N / n, K)
        r = float(self.reg_param)
        self.covariance_ = np.empty((K, d, d))
        self.scalings_ = np.empty((K, d))
        # A loop over classes, not samples: each step is a Gram product of a class's rows.
        for k in range(K):
            label = self.classes_[k]
            if N[k] == 1:
                raise ValueError(f"y has only 1 sample in class {label}: its covariance "
                                 "is undefined. Give each class at least 2 samples.")
            rows = Xc[y_index == k]
            C_k = rows.T @ rows / N[k]                                       # eq. 6
            self.covariance_[k] = (1.0 - r) * C_k + r * np.eye(d)            # eq. 8
            self.scalings_[k] = np.linalg.eigvalsh(self.covariance_[k])[::-1]
            if np.sum(self.scalings_[k] > self.tol) < d:
                raise np.linalg.LinAlgError(
                    f"The covariance matrix of class {label} is not full rank "
                    f"(smallest eigenvalue {self.scalings_[k, -1]:.3g} ≤ tol={self.tol:g}; "
                    f"{int(N[k])} samples, {d} features). Increase reg_param to "
                    "regularise it.")
        self.cholesky_ = np.linalg.cholesky(self.covariance_)
        return self

    def _joint_log_likelihood(self, X):
        """δ_k(x) of eq. 3 for every sample and class: (n, K).

        With Σ_k = L_k L_kᵀ, (x − μ_k)ᵀ Σ_k⁻¹ (x − μ_k) = ‖L_k⁻¹ (x − μ_k)‖² and
        log|Σ_k| = 2 Σ_j log (L_k)_jj. The constant −(d/2) log 2π, equal for all
        classes, is left out (as scikit-learn does).
        """
        X = validate_data(self, X, reset=False)
        K = len(self.classes_)
        log_prior = np.log(self.priors_)
        scores = np.empty((X.shape[0], K))
        for k in range(K):   # one matrix product per class, vectorised over samples
            scores[:, k] = quadratic_discriminant(X, self.means_[k], self.cholesky_[k],
                                                  log_prior[k])
        return scores

    def decision_function(self, X):
        """δ_k(x) (eq. 3): (n, K); for two classes δ₁ − δ₀, the log posterior odds: (n,)."""
        scores = self._joint_log_likelihood(X)
        return scores[:, 1] - scores[:, 0] if len(self.classes_) == 2 else scores

    def predict_log_proba(self, X):
        """log P(y = k | x) (eq. 5): (n, K)."""
        return log_softmax(self._joint_log_likelihood(X), axis=1)

    def predict_proba(self, X):
        """P(y = k | x) (eq. 5): rows sum to 1."""
        return np.exp(self.predict_log_proba(X))

    def predict(self, X):
        """The class of highest posterior, argmax_k δ_k(x) (eq. 1)."""
        return self._decode(np.argmax(self._joint_log_likelihood(X), axis=1))


# ---------------------------------------------------------------------------
# Small helpers
# ---------------------------------------------------------------------------

def _checked_priors(priors, frequencies, n_classes):
    """π_k: the given priors (checked, renormalised with a warning), or the frequencies."""
    if priors is None:
        return frequencies
    priors = np.asarray(priors, dtype=float)
    if priors.shape != (n_classes,):
        raise ValueError(f"priors must hold one probability per class ({n_classes}), "
                         f"got shape {priors.shape}.")
    if not np.all(np.isfinite(priors)) or np.any(priors < 0):
        raise ValueError(f"priors must be non-negative and finite, got {priors}.")
    if abs(priors.sum() - 1.0) > 1e-5:
        warnings.warn(f"The priors sum to {priors.sum():g}, not 1: renormalising them.",
                      UserWarning, stacklevel=3)
        priors = priors / priors.sum()
    return priors


def _check_non_negative(value, name):
    if not (is_real(value) and np.isfinite(value) and value >= 0):
        raise ValueError(f"{name} must be a non-negative number, got {value!r}.")
