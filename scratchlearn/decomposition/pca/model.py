r"""Principal component analysis: the k orthogonal directions of largest variance.

    μ = (1/n) Σᵢ xᵢ,   X̃ = X − 1μᵀ                                  (notes eq. 1)
    S = X̃ᵀX̃ / (n − 1)                                               (eq. 2)
    max_w wᵀSw  subject to ‖w‖ = 1   ⇒   S w = λ w                   (eq. 3)
    X̃ = U Σ Vᵀ  ⇒  S = V (Σ² / (n − 1)) Vᵀ,  λⱼ = σⱼ² / (n − 1)      (eq. 5)
    ratioⱼ = λⱼ / Σₗ λₗ                                              (eq. 7)
    Z = (X − 1μᵀ) W,   W = [v₁ … v_k]  (d × k)                       (eq. 8)
    X̂ = Z Wᵀ + 1μᵀ                                                  (eq. 9)
    whitened: Z D^{-1/2},  D = diag(λ₁ … λ_k)                       (eq. 10)

The same W minimises the reconstruction error ‖X̃ − X̃WWᵀ‖²_F (eq. 6), whose
minimum is the sum of the discarded σⱼ². The SVD of the centred data gives W
without ever forming S, which would square the condition number (notes,
"Why the SVD and not the covariance").

Sign convention (eq. 11): an eigenvector is defined up to its sign, so each
component is flipped to make its entry of largest absolute value positive
(scikit-learn's ``svd_flip(..., u_based_decision=False)``; the first such
entry on a tie). Components then equal scikit-learn's, signs included.
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, TransformerMixin, check_is_fitted
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.validation import check_array, is_float, is_integer, validate_data
from scratchlearn.decomposition.pca import tall_svd


class PCA(TransformerMixin, BaseEstimator):
    """Principal component analysis by the SVD of the centred data.

    Parameters
    ----------
    n_components : int, float in (0, 1) or None
        An int keeps that many components; a float f keeps the fewest
        components whose explained-variance ratios add up to more than f;
        None keeps min(n_samples, n_features).
    whiten : bool
        Divide each projected coordinate by the square root of its variance,
        so the output has unit variance in every component (eq. 10).

    Fitted attributes
    -----------------
    components_ : (n_components_, n_features), the directions W ᵀ, by
        decreasing variance, signs fixed by eq. 11.
    explained_variance_ : (n_components_,), λⱼ (eq. 5).
    explained_variance_ratio_ : (n_components_,), λⱼ / Σ λ over all d (eq. 7).
    singular_values_ : (n_components_,), σⱼ.
    mean_ : (n_features,), μ.
    n_components_ : int.
    noise_variance_ : mean of the discarded λⱼ (0 if none is discarded).
    n_samples_, n_features_in_ : ints.
    """

    def __init__(self, n_components=None, whiten=False):
        self.n_components = n_components
        self.whiten = whiten

    def fit(self, X, y=None):
        """Learn the mean and the principal directions of ``X``."""
        X = validate_data(self, X, reset=True)
        n, d = X.shape
        if n < 2:
            raise ValueError(
                f"PCA needs at least 2 samples to estimate a variance, got n_samples = {n} "
                "(1 sample)."
            )
        self._check_params(n, d)

        self.mean_ = X.mean(axis=0)                                 # eq. 1
        X_c = X - self.mean_
        if use_fast_path() and tall_svd.pays_off(n, d):
            sigma, Vt = tall_svd.singular_values_and_directions(X_c)   # fast item 1
        else:
            # Thin SVD: U (n × r), σ (r,), Vᵀ (r × d) with r = min(n, d) (eq. 5).
            _, sigma, Vt = np.linalg.svd(X_c, full_matrices=False)
        Vt = flip_signs(Vt)                                         # eq. 11
        variance, ratio = explained_variance(sigma, n)              # eqs. 5, 7
        k = self._n_components_to_keep(ratio, n, d)

        self.n_samples_ = n
        self.n_components_ = k
        self.components_ = Vt[:k].copy()
        self.explained_variance_ = variance[:k].copy()
        self.explained_variance_ratio_ = ratio[:k].copy()
        self.singular_values_ = sigma[:k].copy()
        # Probabilistic PCA's maximum-likelihood noise variance: the mean of
        # the variances left out (Tipping and Bishop, 1999).
        self.noise_variance_ = float(variance[k:].mean()) if k < min(n, d) else 0.0
        return self

    def transform(self, X):
        """Coordinates of ``X`` on the principal directions (eq. 8), whitened
        when ``whiten`` is set (eq. 10). Shape (n_samples, n_components_)."""
        X = validate_data(self, X, reset=False)
        Z = (X - self.mean_) @ self.components_.T                   # eq. 8
        if self.whiten:
            Z /= self._scale()                                      # eq. 10
        return Z

    def inverse_transform(self, X):
        """Map coordinates back to feature space (eq. 9): the projection of
        the original data onto the span of the kept components."""
        check_is_fitted(self)
        Z = check_array(X, estimator_name=type(self).__name__)
        if Z.shape[1] != self.n_components_:
            raise ValueError(
                f"X has {Z.shape[1]} columns, but PCA.inverse_transform expects "
                f"{self.n_components_} (one per component)."
            )
        if self.whiten:
            Z = Z * np.sqrt(self.explained_variance_)
        return Z @ self.components_ + self.mean_                    # eq. 9

    # -- helpers -----------------------------------------------------------

    def _scale(self):
        # A component of (numerically) zero variance would divide by zero;
        # scikit-learn floors its scale at machine epsilon, and so do we.
        return np.maximum(np.sqrt(self.explained_variance_), np.finfo(float).eps)

    def _check_params(self, n, d):
        if not isinstance(self.whiten, (bool, np.bool_)):
            raise ValueError(f"whiten must be True or False, got {self.whiten!r}.")
        k = self.n_components
        if k is None:
            return
        if is_integer(k):
            if not 1 <= k <= min(n, d):
                raise ValueError(
                    f"n_components={k} must be between 1 and min(n_samples, n_features)="
                    f"{min(n, d)}."
                )
        elif is_float(k):
            if not 0.0 < k < 1.0:
                raise ValueError(
                    f"n_components={k} as a float is the fraction of variance to keep and "
                    "must lie strictly between 0 and 1; pass an int for a count."
                )
        else:
            raise ValueError(
                f"n_components must be None, an int or a float in (0, 1), got {k!r}."
            )

    def _n_components_to_keep(self, ratio, n, d):
        k = self.n_components
        if k is None:
            return min(n, d)
        if is_integer(k):
            return int(k)
        # The fewest components whose cumulative ratio exceeds f (eq. 12):
        # side="right" makes a cumulative ratio exactly equal to f not enough.
        # (Capped at r: with constant data no count reaches f.)
        return min(int(np.searchsorted(np.cumsum(ratio), k, side="right")) + 1, min(n, d))


# exercise: pca.variance
def explained_variance(sigma, n):
    """The variance along each principal direction, λⱼ = σⱼ² / (n − 1)
    (eq. 5), and its share of the total, λⱼ / Σₗ λₗ (eq. 7), from the singular
    values σ (r,) of the centred data of n samples; both (r,)."""
    variance = sigma ** 2 / (n - 1)
    total = variance.sum()
    # Constant data have no variance to share out: every ratio is 0
    # (scikit-learn returns NaN here).
    ratio = variance / total if total > 0 else np.zeros_like(variance)
    return variance, ratio


# exercise: pca.signs
def flip_signs(Vt):
    """Vᵀ (r, d) with each row's sign chosen so that its entry of largest
    absolute value is positive (eq. 11; the first such entry on a tie)."""
    largest = np.argmax(np.abs(Vt), axis=1)
    signs = np.sign(Vt[np.arange(len(Vt)), largest])
    flipped = Vt * signs[:, None]
    return flipped
