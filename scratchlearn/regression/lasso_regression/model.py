r"""The lasso: least squares with an L1 penalty, by cyclic coordinate descent.

    P(w, b) = (1/2n) ‖y − X w − b‖² + α ‖w‖₁                        (notes eq. 1)

This file holds the coordinate descent for the general elastic-net objective
(scikit-learn's)

    P(w, b) = (1/2n) ‖y − X w − b‖² + α ρ ‖w‖₁ + α (1 − ρ)/2 ‖w‖²   (eq. 6)

of which the lasso is ρ = 1; the elastic-net stage builds on it. Multiplied
by n and with the data centred (eq. 7), each coordinate is minimised exactly
by soft-thresholding (eqs. 8–10), the residual kept up to date, and the
sweeps stop on the duality gap (eqs. 11–14), as scikit-learn's do.
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, RegressorMixin, warn_convergence
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.validation import check_array, is_integer, is_real, validate_data
from scratchlearn.regression.lasso_regression.covariance_updates import gram_coordinate_descent


# exercise: lasso_regression.soft_threshold
def soft_threshold(z, t):
    """S(z, t) = sign(z)·max(|z| − t, 0) (eq. 9), elementwise."""
    return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)


def enet_objective(w, X, y, l1_reg, l2_reg):
    """½‖y − Xw‖² + l1_reg‖w‖₁ + ½ l2_reg‖w‖², the scaled objective of eq. 7."""
    R = y - X @ w
    return 0.5 * (R @ R) + l1_reg * np.abs(w).sum() + 0.5 * l2_reg * (w @ w)


def smooth_loss_and_gradient(w, X, y, l2_reg):
    """f(w) = ½‖y − Xw‖² + ½ l2_reg‖w‖², the differentiable part of eq. 7, and
    ∇f = −Xᵀ(y − Xw) + l2_reg·w (eq. 8). The L1 term has a subgradient only."""
    R = y - X @ w
    loss = 0.5 * (R @ R) + 0.5 * l2_reg * (w @ w)
    grad = -(X.T @ R) + l2_reg * w
    return loss, grad


def duality_gap(X, y, w, R, l1_reg, l2_reg, positive=False):
    """The duality gap G(w, ν) of eq. 7 at w, with R = y − Xw (eqs. 11–14).

    The elastic net is a lasso on augmented data X̃ = [X; √l2_reg·I],
    ỹ = [y; 0] (eq. 12), whose residual is R̃ = [R; −√l2_reg·w]. The dual point
    is R̃ scaled into the dual feasible set ‖X̃ᵀν‖∞ ≤ l1_reg (eq. 13). With no
    L1 term this dual needs l2_reg > 0 (the ridge dual, eq. 14); with neither,
    ‖XᵀR‖² (the first-order condition) stands in for the gap.
    """
    w_norm2 = w @ w
    R_norm2 = R @ R
    XtR = X.T @ R                                         # (d,)
    if l1_reg > 0:
        XtR_aug = XtR - l2_reg * w                        # X̃ᵀR̃
        dual_norm = np.max(XtR_aug) if positive else np.max(np.abs(XtR_aug))
        s = min(1.0, l1_reg / dual_norm) if dual_norm > 0 else 1.0
        primal = 0.5 * (R_norm2 + l2_reg * w_norm2) + l1_reg * np.abs(w).sum()
        dual = -0.5 * s ** 2 * (R_norm2 + l2_reg * w_norm2) + s * (R @ y)
        return primal - dual
    if l2_reg > 0:
        primal = 0.5 * (R_norm2 + l2_reg * w_norm2)
        dual = -0.5 * R_norm2 + R @ y - (XtR @ XtR) / (2 * l2_reg)
        return primal - dual
    return XtR @ XtR


# exercise: lasso_regression.sweep
def coordinate_descent_sweep(X, w, R, col_norm2, l1_reg, l2_reg, positive=False):
    """One cyclic sweep of eq. 10: each weight w_j in turn set to the exact
    minimiser of eq. 7 over w_j (soft-thresholding, eq. 9), the residual
    R = y − Xw brought up to date after every change. A zero column
    (col_norm2[j] = 0) is skipped. Updates w and R in place and returns them.
    """
    # Coordinate descent is sequential: each update sees the residual the
    # previous one left, so the loop over features cannot be vectorised.
    for j in range(X.shape[1]):
        if col_norm2[j] == 0.0:
            continue
        x_j, w_j = X[:, j], w[j]
        rho = x_j @ R + w_j * col_norm2[j]                # x_jᵀ(R + x_j w_j), eq. 10
        if positive and rho < 0:
            w_new = 0.0
        else:
            w_new = soft_threshold(rho, l1_reg) / (col_norm2[j] + l2_reg)
        if w_new != w_j:
            R -= (w_new - w_j) * x_j                      # R = y − Xw stays exact
            w[j] = w_new
    return w, R


def coordinate_descent(X, y, w, l1_reg, l2_reg, *, max_iter, tol, positive=False):
    """Minimise eq. 7 over w from the start w (changed in place).

    X should be column-major (each column contiguous). A sweep visits every
    coordinate once (eq. 10). After a sweep whose largest step is small
    relative to the largest weight (or the last one), the duality gap is
    computed; the loop stops when it is at most tol·‖y‖² (scikit-learn's rule).
    Returns (w, gap, n_sweeps, objective after each sweep).
    """
    col_norm2 = np.einsum("ij,ij->j", X, X)              # ‖xⱼ‖², (d,)
    moving = col_norm2 != 0.0                             # a zero column's weight stays put
    R = y - X @ w                                         # residual, kept current
    gap_tol = tol * (y @ y)
    history = []
    gap = duality_gap(X, y, w, R, l1_reg, l2_reg, positive)
    if gap <= gap_tol:
        return w, gap, 0, np.array(history)
    n_sweeps = 0
    for n_sweeps in range(1, max_iter + 1):
        w_before = w.copy()
        coordinate_descent_sweep(X, w, R, col_norm2, l1_reg, l2_reg, positive)
        step_max = np.max(np.abs(w - w_before), initial=0.0)
        w_max = np.max(np.abs(w[moving]), initial=0.0)
        history.append(0.5 * (R @ R) + l1_reg * np.abs(w).sum() + 0.5 * l2_reg * (w @ w))
        if w_max == 0.0 or step_max <= tol * w_max or n_sweeps == max_iter:
            gap = duality_gap(X, y, w, R, l1_reg, l2_reg, positive)
            if gap <= gap_tol:
                return w, gap, n_sweeps, np.array(history)
    warn_convergence(
        f"Coordinate descent did not converge after {max_iter} sweeps: duality gap "
        f"{gap:.3e} > tolerance {gap_tol:.3e}. Increase max_iter or tol, or standardise "
        "the features."
    )
    return w, gap, n_sweeps, np.array(history)


def solve(X, y, w, l1_reg, l2_reg, *, max_iter, tol, positive=False, gram=None):
    """The plain sweep above, or with ``engine="fast"`` and more samples than
    features coordinate descent by covariance updates over an active set
    with a Newton step on the support (covariance_updates.py, "Making it fast"
    items 1–3): O(d²) per sweep instead of O(nd), only over the weights that
    are or were nonzero."""
    n, d = X.shape
    # A zero column (a constant feature once centred) changes no prediction, so
    # its weight only adds to the penalty and its optimum is 0; the sweeps skip
    # such columns, so a start that puts weight there (warm start, coef_init)
    # would keep it and never converge. Zero it first, as scikit-learn does.
    w[np.einsum("ij,ij->j", X, X) == 0.0] = 0.0
    if use_fast_path() and n > d:
        return gram_coordinate_descent(X, y, w, l1_reg, l2_reg, max_iter=max_iter, tol=tol,
                                       positive=positive, gram=gram)
    # Column-major, so that each column the sweep reads is contiguous.
    return coordinate_descent(np.asfortranarray(X), y, w, l1_reg, l2_reg, max_iter=max_iter,
                              tol=tol, positive=positive)


def alpha_grid(X, y, l1_ratio=1.0, *, eps=1e-3, n_alphas=100, positive=False):
    """n_alphas values from α_max down to eps·α_max, evenly spaced in log.

    α_max = max|Xᵀy| / (n ρ) is the smallest α whose solution is w = 0 (eq. 15).
    """
    Xty = X.T @ y
    alpha_max = (max(np.max(Xty), 0.0) if positive else np.max(np.abs(Xty)))
    alpha_max /= X.shape[0] * l1_ratio
    if alpha_max <= np.finfo(float).resolution:
        return np.full(n_alphas, np.finfo(float).resolution)
    return np.geomspace(alpha_max, alpha_max * eps, num=n_alphas)


def coordinate_descent_path(X, y, *, l1_ratio, eps=1e-3, alphas=100, coef_init=None,
                            max_iter=1000, tol=1e-4, positive=False):
    """Solutions of eq. 6 along a decreasing grid of α, each warm-started from
    the previous one (eq. 16); ``lasso_path`` and the elastic net's
    ``enet_path`` are this with their ρ. No intercept: X and y are used as
    given (centre them first for a path with an intercept), as in scikit-learn.

    ``alphas`` is a number of grid values (eq. 15) or the values themselves.
    Returns (alphas, coefs of shape (n_features, n_alphas), dual_gaps), the
    gaps in units of eq. 6 (divided by n).
    """
    X = check_array(X)
    y = check_array(y, input_name="y", ensure_2d=False)
    if y.shape[0] != X.shape[0]:
        raise ValueError(f"X has {X.shape[0]} rows but y has {y.shape[0]}.")
    if not (is_real(l1_ratio) and 0 < l1_ratio <= 1):
        raise ValueError(f"l1_ratio must be in (0, 1] for a path, got {l1_ratio!r}.")
    if is_integer(alphas):
        alphas = alpha_grid(X, y, l1_ratio, eps=eps, n_alphas=alphas, positive=positive)
    else:
        alphas = np.sort(np.asarray(alphas, dtype=float))[::-1]
    n, d = X.shape
    w = np.zeros(d) if coef_init is None else np.array(coef_init, dtype=float)
    coefs = np.empty((d, len(alphas)))
    gaps = np.empty(len(alphas))
    if use_fast_path() and n > d:
        gram = (X.T @ X, X.T @ y)
    else:
        gram, X = None, np.asfortranarray(X)               # one copy for the whole path
    for k, alpha in enumerate(alphas):
        w, gap, _, _ = solve(X, y, w, alpha * l1_ratio * n, alpha * (1 - l1_ratio) * n,
                             max_iter=max_iter, tol=tol, positive=positive, gram=gram)
        coefs[:, k] = w
        gaps[k] = gap / n
    return alphas, coefs, gaps


def lasso_path(X, y, *, eps=1e-3, alphas=100, coef_init=None, max_iter=1000, tol=1e-4,
               positive=False):
    """The lasso path (eq. 16): ``coordinate_descent_path`` with ρ = 1."""
    return coordinate_descent_path(X, y, l1_ratio=1.0, eps=eps, alphas=alphas,
                                   coef_init=coef_init, max_iter=max_iter, tol=tol,
                                   positive=positive)


def fit_coordinate_descent(model, X, y, l1_ratio):
    """The fit shared by LassoRegression and ElasticNetRegression: validate,
    centre (the intercept, eq. 7), run coordinate descent, store the result."""
    X, y = validate_data(model, X, y, reset=True)
    if not (is_real(model.alpha) and model.alpha >= 0):
        raise ValueError(f"alpha must be a non-negative number, got {model.alpha!r}.")
    if not (is_integer(model.max_iter) and model.max_iter >= 1):
        raise ValueError(f"max_iter must be a positive integer, got {model.max_iter!r}.")
    if not (is_real(model.tol) and model.tol >= 0):
        raise ValueError(f"tol must be a non-negative number, got {model.tol!r}.")
    n, d = X.shape
    if model.fit_intercept:
        x_mean, y_mean = X.mean(axis=0), y.mean()
    else:
        x_mean, y_mean = np.zeros(d), 0.0
    Xc = X - x_mean
    yc = y - y_mean
    previous = getattr(model, "coef_", None)
    if model.warm_start and previous is not None and previous.shape == (d,):
        w = previous.copy()
    else:
        w = np.zeros(d)
    w, gap, n_sweeps, history = solve(
        Xc, yc, w, model.alpha * l1_ratio * n, model.alpha * (1 - l1_ratio) * n,
        max_iter=model.max_iter, tol=model.tol, positive=model.positive)
    model.coef_ = w
    model.intercept_ = float(y_mean - x_mean @ w)          # b = ȳ − x̄ᵀw
    model.dual_gap_ = float(gap / n)
    model.n_iter_ = n_sweeps
    model.loss_history_ = history / n                      # eq. 6 after each sweep
    return model


class LassoRegression(RegressorMixin, BaseEstimator):
    """Linear regression with an L1 penalty: many weights exactly zero.

    Minimises eq. 1 of the notes by cyclic coordinate descent (eq. 10).

    Parameters
    ----------
    alpha : float
        α of eq. 1, the strength of the L1 penalty (≥ 0). Larger gives
        sparser weights; at α ≥ α_max (eq. 15) all weights are zero.
    fit_intercept : bool
        Learn an unpenalised b by centring X and y.
    max_iter : int
        Most sweeps over the coordinates.
    tol : float
        Stop when the duality gap (eq. 11) is at most tol·‖y − ȳ‖², after a
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
        The duality gap of eq. 1 at the solution (eq. 11 divided by n).
    n_iter_ : int
        Sweeps taken.
    loss_history_ : ndarray
        The objective of eq. 1 after each sweep (centred data).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, alpha=1.0, fit_intercept=True, max_iter=1000, tol=1e-4,
                 warm_start=False, positive=False):
        self.alpha = alpha
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.warm_start = warm_start
        self.positive = positive

    def fit(self, X, y):
        return fit_coordinate_descent(self, X, y, l1_ratio=1.0)

    def predict(self, X):
        """ŷ = X w + b."""
        X = validate_data(self, X, reset=False)
        return X @ self.coef_ + self.intercept_
