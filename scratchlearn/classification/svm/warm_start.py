"""The linear SVM's warm start: SMO begins at an interior-point solution of
the dual instead of α = 0. Explained in svm/notes.md, "Making it fast",
items 1 and 2 (eqs. 16–20).

From α = 0 SMO needs thousands of steps; a primal–dual interior-point method
(Mehrotra's predictor–corrector) reaches the same optimum in 10–25 whole-array
iterations, cheap here because the linear kernel XXᵀ has rank ≤ d. Snapped
onto the box, its solution is a feasible start from which SMO usually only
has to confirm the stopping test (eq. 10). Only engine="fast" uses it.
"""

import numpy as np

# Interior-point iterations at most (15–25 are typical).
IPM_MAX_ITER = 50
# The warm start pays when d ≤ n/2 and d ≤ 500: its cost, O(nd² + d³) per
# iteration, beat SMO from zero 100× at d = 100 and 10× at d = 300
# (n = 1,000), broke even at d = 500 and lost 3× at d > n (300 × 500).
MAX_D = 500


def pays_off(n, d):
    """Whether the warm start is expected to beat SMO from α = 0."""
    return d <= min(MAX_D, n / 2)


def interior_point_start(X, y, C, max_iter=None):
    """SMO's start from the interior point (items 1–2): ((β, g), iterations),
    with β = y ⊙ α feasible and g = y − Xw, w = Xᵀβ (eqs. 7 and 9), the form
    ``kernel_svm.model.smo`` takes. ``max_iter`` (None: no cap) caps the
    interior-point iterations below IPM_MAX_ITER."""
    cap = IPM_MAX_ITER if max_iter is None else min(max_iter, IPM_MAX_ITER)
    alpha, s, r, steps = interior_point(X, y, C, max_iter=cap)
    beta = y * snap_to_box(alpha, s, r, y, C)
    return (beta, y - X @ (beta @ X)), steps


def interior_point(X, y, C, max_iter=50, tol=1e-9):
    """A primal–dual interior-point solution of the dual (eq. 6) (item 1).
    Returns (α strictly inside the box, its multipliers s and r of eq. 16,
    Newton steps taken).

    Mehrotra's predictor–corrector method on the perturbed KKT conditions
    (eq. 16): each iteration solves the Newton system (eq. 17) twice with one
    matrix. That system is n × n, but Q = Z Zᵀ has rank ≤ d, so it is solved
    through the bordered (d + 1) × (d + 1) system of eq. 18 — O(nd²) per
    iteration, no n × n matrix ever formed. Every iteration is a handful of
    whole-array operations: 15–25 of them replace thousands of SMO steps.
    Stops when θ and the residuals of eq. 16 fall below tol (relative), or
    when the (d + 1) × (d + 1) system becomes too ill-conditioned to solve.
    """
    n, d = X.shape
    Zb = np.empty((n, d + 1))                           # Z̃ = [Z, y], Z = diag(y) X
    np.multiply(X, y[:, None], out=Zb[:, :d])
    Zb[:, d] = y
    E = np.eye(d + 1)
    E[d, d] = 0.0                                       # b is not penalised
    # An infeasible start in the middle of the box: Newton's steps remove the
    # residuals of eq. 16 as they go.
    alpha, s, r, b = np.full(n, C / 2), np.ones(n), np.ones(n), 0.0
    scale = 1.0 + np.sqrt(n)                            # ‖residual‖ of n entries of ~tol
    steps = 0
    while steps < max_iter:
        gap_C = C - alpha
        w = Zb[:, :d].T @ alpha                         # w = Σ αᵢyᵢxᵢ (eq. 7)
        dual_res = Zb[:, :d] @ w + b * y - 1.0 - s + r  # stationarity of eq. 16
        eq_res = float(y @ alpha)                       # Σ αy = 0
        theta = (s @ alpha + r @ gap_C) / (2 * n)
        if (theta < tol and np.linalg.norm(dual_res) < tol * scale
                and abs(eq_res) < tol * C * scale):
            break
        D_inv = 1.0 / (s / alpha + r / gap_C)
        H = E + (Zb * D_inv[:, None]).T @ Zb           # matrix of eq. 18
        if not np.all(np.isfinite(H)):
            break

        try:
            # Predictor: the pure Newton step towards θ = 0 (eq. 17 with
            # complementarity targets 0), and how far it could go.
            comp_s, comp_r = -s * alpha, -r * gap_C
            da, db = _solve_newton(Zb, H, D_inv, comp_s / alpha - comp_r / gap_C - dual_res,
                                   eq_res)
            ds, dr = (comp_s - s * da) / alpha, (comp_r + r * da) / gap_C
            a = _step_to_boundary(alpha, gap_C, s, r, da, ds, dr)
            theta_aff = ((s + a * ds) @ (alpha + a * da)
                         + (r + a * dr) @ (gap_C - a * da)) / (2 * n)
            # Corrector (eq. 19): aim at σθ, σ = (θ_aff / θ)³ (Mehrotra), and
            # add the second-order terms Δα∘Δs, Δα∘Δr the predictor left out.
            target = (theta_aff / theta) ** 3 * theta
            comp_s = target - s * alpha - da * ds
            comp_r = target - r * gap_C + da * dr
            da, db = _solve_newton(Zb, H, D_inv, comp_s / alpha - comp_r / gap_C - dual_res,
                                   eq_res)
            ds, dr = (comp_s - s * da) / alpha, (comp_r + r * da) / gap_C
        except np.linalg.LinAlgError:
            break
        a = min(1.0, 0.99 * _step_to_boundary(alpha, gap_C, s, r, da, ds, dr))
        new_alpha, new_s, new_r = alpha + a * da, s + a * ds, r + a * dr
        if not (np.all(new_alpha > 0) and np.all(new_alpha < C) and np.all(new_s > 0)
                and np.all(new_r > 0)):
            break                                       # rounding reached a bound: stop here
        alpha, s, r, b = new_alpha, new_s, new_r, b + a * db
        steps += 1
    return alpha, s, r, steps


def _solve_newton(Zb, H, D_inv, rho, eq_res):
    """(Δα, Δb) solving eq. 17, (Q + D)Δα + yΔb = ρ and yᵀΔα = −yᵀα, through
    the (d + 1) × (d + 1) system of eq. 18 for Δw = ZᵀΔα and Δb, then
    Δα = D⁻¹(ρ − Z̃ (Δw, Δb)) (eq. 18's second line)."""
    rhs = Zb.T @ (D_inv * rho)
    rhs[-1] += eq_res
    step = np.linalg.solve(H, rhs)
    return D_inv * (rho - Zb @ step), float(step[-1])


def _step_to_boundary(alpha, gap_C, s, r, da, ds, dr):
    """Largest step length in (0, 1] keeping α, C − α, s and r nonnegative.

    value + a·change ≥ 0 for all entries (values > 0) means a·(−change/value)
    ≤ 1, so the longest step is 1 / max(1, largest −change/value): one
    division and one max per vector, no masking.
    """
    rate = max(1.0, float(np.max(-da / alpha)), float(np.max(da / gap_C)),
               float(np.max(-ds / s)), float(np.max(-dr / r)))
    return 1.0 / rate


def snap_to_box(alpha, s, r, y, C):
    """Turn the interior point into a feasible start for SMO (eq. 20) (item 2).

    An interior point never puts a multiplier exactly on a bound, but SMO's
    index sets (eq. 10) need it there: αᵢ goes to 0 where it is smaller than
    its multiplier sᵢ (strict complementarity says one of the two tends to
    0), to C where C − αᵢ < rᵢ. Σ αy = 0, which snapping disturbs slightly,
    is restored by spreading the discrepancy over the free multipliers.
    """
    alpha = np.where(alpha < s, 0.0, np.where(C - alpha < r, C, alpha))
    for _ in range(10):
        excess = float(y @ alpha)
        if excess == 0.0:
            break
        free = (alpha > 0) & (alpha < C)
        movable = free if free.any() else np.ones(len(y), dtype=bool)
        alpha[movable] -= excess * y[movable] / np.count_nonzero(movable)
        np.clip(alpha, 0.0, C, out=alpha)
    return alpha
