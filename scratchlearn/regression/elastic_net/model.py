r"""The elastic net: the lasso's L1 penalty plus a ridge L2 penalty.

    P(w, b) = (1/2n) ‖y − X w − b‖² + α ρ ‖w‖₁ + α (1 − ρ)/2 ‖w‖²   (notes eq. 1)

with ρ = ``l1_ratio``. The solver is the lasso stage's coordinate descent:
the L2 term only adds nα(1 − ρ) to each coordinate's curvature (eq. 3), so
the soft-thresholded update is divided by ‖xⱼ‖² + nα(1 − ρ) instead of ‖xⱼ‖².
Equivalently, the elastic net is a lasso on augmented data (eq. 4), which is
also how its duality gap is computed (eq. 5).
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, RegressorMixin
from scratchlearn.core.validation import is_real, validate_data
from scratchlearn.regression.lasso_regression.model import (
    coordinate_descent_path,
    fit_coordinate_descent,
)


# exercise: elastic_net.augmented
def augmented_lasso_problem(X, y, alpha, l1_ratio):
    """(X̃, ỹ, α̃) whose lasso (eq. 1 with ρ = 1, no intercept) is the elastic
    net of (X, y, α, ρ) (eq. 4): X̃ = [X; √(nα(1−ρ))·I], ỹ = [y; 0] and
    α̃ = nαρ / (n + d), the d extra rows changing the 1/(2n) normalisation."""
    n, d = X.shape
    X_aug = np.vstack([X, np.sqrt(n * alpha * (1 - l1_ratio)) * np.eye(d)])   # (n + d, d)
    y_aug = np.concatenate([y, np.zeros(d)])
    alpha_aug = n * alpha * l1_ratio / (n + d)
    return X_aug, y_aug, alpha_aug


def enet_path(X, y, *, l1_ratio=0.5, eps=1e-3, alphas=100, coef_init=None, max_iter=1000,
              tol=1e-4, positive=False):
    """The elastic-net path: solutions along a decreasing grid of α from
    α_max = max|Xᵀy|/(nρ), each warm-started from the last (eq. 6).

    No intercept (centre X and y first), as in scikit-learn's enet_path.
    Returns (alphas, coefs of shape (n_features, n_alphas), dual_gaps).
    """
    return coordinate_descent_path(X, y, l1_ratio=l1_ratio, eps=eps, alphas=alphas,
                                   coef_init=coef_init, max_iter=max_iter, tol=tol,
                                   positive=positive)


class ElasticNetRegression(RegressorMixin, BaseEstimator):
    """Linear regression with a mix of L1 and L2 penalties.

    Minimises eq. 1 of the notes by the lasso stage's coordinate descent,
    each update shrunk by the L2 term (eq. 3). ``l1_ratio=1`` is the lasso;
    ``l1_ratio=0`` is ridge regression (solved slowly this way: prefer a
    closed form).

    Parameters
    ----------
    alpha : float
        α of eq. 1, the overall penalty strength (≥ 0).
    l1_ratio : float
        ρ of eq. 1 in [0, 1]: the share of the penalty that is L1.
    fit_intercept : bool
        Learn an unpenalised b by centring X and y.
    max_iter : int
        Most sweeps over the coordinates.
    tol : float
        Stop when the duality gap (eq. 5) is at most tol·‖y − ȳ‖², after a
        sweep whose largest step is at most tol times the largest |wⱼ|.
    warm_start : bool
        Start from the previous fit's coef_ rather than from zero.
    positive : bool
        Constrain every weight to be ≥ 0.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The weights w.
    intercept_ : float
        The intercept b.
    dual_gap_ : float
        The duality gap of eq. 1 at the solution.
    n_iter_ : int
        Sweeps taken.
    loss_history_ : ndarray
        The objective of eq. 1 after each sweep (centred data).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, alpha=1.0, l1_ratio=0.5, fit_intercept=True, max_iter=1000, tol=1e-4,
                 warm_start=False, positive=False):
        self.alpha = alpha
        self.l1_ratio = l1_ratio
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive

    def fit(self, X, y):
        if not (is_real(self.l1_ratio) and 0 <= self.l1_ratio <= 1):
            raise ValueError(f"l1_ratio must be a number in [0, 1], got {self.l1_ratio!r}.")
        return fit_coordinate_descent(self, X, y, l1_ratio=self.l1_ratio)

    def predict(self, X):
        """ŷ = X w + b."""
        X = validate_data(self, X, reset=False)
        return X @ self.coef_ + self.intercept_
