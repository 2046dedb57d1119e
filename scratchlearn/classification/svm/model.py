r"""The soft-margin linear support vector machine.

    f(x) = w·x + b                                                (notes eq. 1)
    P(w, b) = ½‖w‖² + C Σᵢ max(0, 1 − yᵢ f(xᵢ)),  yᵢ ∈ {−1, +1}     (eq. 4)

The bias b is not penalised. The default solver, SMO, solves the dual (eq. 6)

    min_α  ½ Σᵢⱼ αᵢαⱼ yᵢyⱼ xᵢ·xⱼ − Σᵢ αᵢ   s.t.  0 ≤ αᵢ ≤ C,  Σᵢ αᵢyᵢ = 0

two multipliers at a time (eq. 11), choosing the pair as libsvm does
(eq. 12), and tracks v = y − Xw (eq. 9), so each step costs a few vector
operations over n plus any kernel row x_i · X not yet cached; w = Σ αᵢyᵢxᵢ
(eq. 7) is formed at the end. The equality constraint is what an
unpenalised b brings; b is read off the free support vectors at the end
(eq. 13). From α = 0 SMO needs thousands of steps, so by default it starts
from an interior-point solution of the same dual instead (eqs. 16–19: 10–25
whole-array iterations, each solving a (d + 1) × (d + 1) system because XXᵀ
has rank ≤ d) snapped onto the box (eq. 20); SMO then only polishes it and
certifies the optimum with its usual test (eq. 10).
``solver="pegasos"`` is the stochastic subgradient method on eq. 4 (eq. 14),
for comparison. Several classes: one machine per class against the rest.
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin, warn_convergence
from scratchlearn.core.preprocessing import one_vs_rest_signs
from scratchlearn.core.validation import (
    check_random_state,
    encode_class_labels,
    validate_data,
)

_TAU = 1e-12  # curvature floor for a pair of identical samples (a_ij = 0)
_IPM_MAX_ITER = 50  # interior-point iterations at most (15–25 are typical)
# init="auto" starts from the interior point when d ≤ n/2 and d ≤ 500: its cost,
# O(nd² + d³) per iteration, beat SMO from zero 100× at d = 100 and 10× at
# d = 300 (n = 1,000), broke even at d = 500 and lost 3× at d > n (300 × 500).
_AUTO_MAX_D = 500


def primal_objective(w, b, X, y, C):
    """P(w, b) = ½‖w‖² + C Σ max(0, 1 − yᵢ(w·xᵢ + b)) (eq. 4)."""
    hinge = np.maximum(0.0, 1.0 - y * (X @ w + b))
    return 0.5 * (w @ w) + C * np.sum(hinge)


def primal_objective_and_gradient(w, b, X, y, C):
    """P(w, b) of eq. 4 and its (sub)gradient of eq. 5: the gradient wherever
    no sample sits exactly on its margin, yᵢ f(xᵢ) = 1."""
    z = y * (X @ w + b)
    violates = z < 1                                   # samples inside the margin
    loss = 0.5 * (w @ w) + C * np.sum(1.0 - z[violates])
    grad_w = w - C * (y * violates) @ X
    grad_b = -C * np.sum(y * violates)
    return loss, grad_w, grad_b


def dual_objective(alpha, X, y):
    """D(α) = Σ αᵢ − ½‖Σ αᵢyᵢxᵢ‖² (eq. 6, to be maximised)."""
    w = (alpha * y) @ X
    return np.sum(alpha) - 0.5 * (w @ w)


class LinearSVM(ClassifierMixin, BaseEstimator):
    """Soft-margin linear SVM (eq. 4), one-vs-rest for several classes.

    Parameters
    ----------
    C : float
        Cost of a margin violation: large C fits the training data harder
        (narrow margin), small C prefers a wide margin.
    solver : {"smo", "pegasos"}
        Exact dual solver (eqs. 10–13) or the stochastic subgradient method
        (eq. 14), for teaching.
    init : {"auto", "interior_point", "zero"}
        SMO's starting point: the interior-point solution of the dual snapped
        onto the box (eqs. 16–20), or α = 0. Either way SMO certifies the same
        stopping test (eq. 10). "auto": the interior point when d ≤ n/2 and
        d ≤ 500, where it is much the faster; zero otherwise.
    max_iter : int or None
        Most iterations per binary problem, interior-point iterations and SMO
        steps (pairs of multipliers) counted alike; or Pegasos epochs. None:
        SMO runs until ``tol`` is met; Pegasos runs 100 epochs.
    tol : float
        SMO stops when the largest KKT violation, max over I_up of v minus min
        over I_low of v (eq. 10), is at most tol. Unused by Pegasos.
    random_state : None, int or numpy Generator
        Seed of Pegasos' sample order (SMO is deterministic).
    verbose : int
        Print progress of each binary problem.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The sorted class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        w: one row for two classes (positive class ``classes_[1]``), one row
        per class otherwise.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        b, one per row of ``coef_``.
    dual_coef_ : ndarray of shape (n_problems, n_samples)
        αᵢyᵢ of every training sample in each binary problem (SMO; zeros for
        Pegasos).
    support_ : ndarray of int
        Indices of the training samples on or inside the margin of at least
        one binary problem: yᵢ f(xᵢ) ≤ 1 + tol.
    n_iter_ : int
        Interior-point iterations plus SMO steps, or Pegasos epochs (the
        largest over the binary problems).
    objective_ : ndarray of shape (n_problems,)
        The primal objective P(w, b) (eq. 4) reached by each binary problem.
    loss_history_ : list of ndarray, one per binary problem
        SMO: the dual objective D(α) (eq. 6) after each step, rising to the
        optimum, preceded by its value at the interior-point start if there
        is one. Pegasos: the primal objective P(w, b) (eq. 4) after each
        epoch, falling to it.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, C=1.0, solver="smo", init="auto", max_iter=None, tol=1e-3,
                 random_state=None, verbose=0):
        self.C = C
        self.solver = solver
        self.init = init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        self._check_params()
        self.classes_, y_index = encode_class_labels(y, "LinearSVM")
        n, d = X.shape
        n_classes = len(self.classes_)
        Y = one_vs_rest_signs(y_index, n_classes)
        n_problems = Y.shape[1]
        C = float(self.C)
        rng = check_random_state(self.random_state)

        W = np.zeros((n_problems, d))
        b = np.zeros(n_problems)
        dual_coef = np.zeros((n_problems, n))
        histories, n_iter = [], []
        for k in range(n_problems):
            y_k = Y[:, k]
            if self.solver == "smo":
                budget = np.inf if self.max_iter is None else self.max_iter
                alpha0, start_iter = None, 0
                if self.init == "interior_point" or (self.init == "auto"
                                                     and d <= min(_AUTO_MAX_D, n / 2)):
                    alpha0, s, r, start_iter = _interior_point(
                        X, y_k, C, max_iter=int(min(budget, _IPM_MAX_ITER)))
                    alpha0 = _snap_to_box(alpha0, s, r, y_k, C)
                    if self.verbose:
                        print(f"[LinearSVM] problem {k}: interior-point start, "
                              f"{start_iter} iterations")
                alpha, W[k], b[k], history, converged = _smo(
                    X, y_k, C, self.tol, budget - start_iter, self.verbose, alpha0)
                smo_steps = len(history) - (alpha0 is not None)   # history starts at D(α0)
                n_iter.append(start_iter + smo_steps)
                dual_coef[k] = alpha * y_k
                if not converged:
                    warn_convergence(
                        f"LinearSVM's SMO stopped at max_iter={self.max_iter} iterations before "
                        f"the KKT violation fell below tol={self.tol}; increase max_iter, "
                        "or standardise the features."
                    )
            else:
                epochs = 100 if self.max_iter is None else self.max_iter
                W[k], b[k], history = _pegasos(X, y_k, C, epochs, rng)
                n_iter.append(len(history))
            histories.append(history)
            if self.verbose:
                print(f"[LinearSVM] problem {k}: {len(history)} steps, primal objective "
                      f"{primal_objective(W[k], b[k], X, y_k, C):.6g}")

        self.coef_ = W
        self.intercept_ = b
        self.dual_coef_ = dual_coef
        self.n_iter_ = max(n_iter)
        self.loss_history_ = histories
        margins = Y * (X @ W.T + b)                           # yᵢ f(xᵢ), (n, n_problems)
        self.support_ = np.flatnonzero(np.any(margins <= 1.0 + self.tol, axis=1))
        self.objective_ = np.array([primal_objective(W[k], b[k], X, Y[:, k], C)
                                    for k in range(n_problems)])
        return self

    def decision_function(self, X):
        """f(x) = w·x + b (eq. 1): shape (n_samples,) for two classes, else
        (n_samples, n_classes)."""
        X = validate_data(self, X, reset=False)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """The sign of f for two classes; the class with the largest f_k otherwise (eq. 15)."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self._decode((scores > 0).astype(int))
        return self._decode(np.argmax(scores, axis=1))

    def _check_params(self):
        if not (isinstance(self.C, int | float | np.number) and not isinstance(self.C, bool)
                and np.isfinite(self.C) and self.C > 0):
            raise ValueError(f"C must be a positive finite number, got {self.C!r}.")
        if self.solver not in ("smo", "pegasos"):
            raise ValueError(f"solver must be 'smo' or 'pegasos', got {self.solver!r}.")
        if self.init not in ("auto", "interior_point", "zero"):
            raise ValueError(f"init must be 'auto', 'interior_point' or 'zero', got "
                             f"{self.init!r}.")
        if self.max_iter is not None and not (isinstance(self.max_iter, int | np.integer)
                                              and self.max_iter >= 1):
            raise ValueError(f"max_iter must be None or a positive integer, got "
                             f"{self.max_iter!r}.")
        if not (isinstance(self.tol, int | float | np.number) and self.tol > 0):
            raise ValueError(f"tol must be a positive number, got {self.tol!r}.")


def _interior_point(X, y, C, max_iter=50, tol=1e-9):
    """A primal–dual interior-point solution of the dual (eq. 6), used as
    SMO's starting point. Returns (α strictly inside the box, its multipliers
    s and r of eq. 16, Newton steps taken).

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


def _snap_to_box(alpha, s, r, y, C):
    """Turn the interior point into a feasible start for SMO (eq. 20).

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


def _smo(X, y, C, tol, max_steps, verbose, alpha0=None):
    """Sequential minimal optimisation of the dual (eq. 6) for labels y ∈ {±1},
    from α = 0 or from a feasible ``alpha0`` (the interior-point start, eq. 20).

    Returns (α, w, b, dual objective after each step, converged). Each step
    picks the pair (i, j) that violates the optimality condition (eq. 10) the
    most, by libsvm's second-order rule (eq. 12), and moves αᵢ, αⱼ along the
    line that keeps Σ αy fixed, to the minimum of the dual on that line clipped
    to the box (eq. 11).

    The loop over steps is inherently sequential (each pair depends on the
    last step). A fit takes thousands of steps, and at moderate n each NumPy
    call costs about a microsecond whatever its length, so the number of calls
    per step is the cost. The loop makes eight ufunc calls and three
    arg-reductions on n-vectors, and a few Python float operations:
    - v of eq. 9 is kept only inside the index sets of eq. 10, as two vectors:
      up = v on I_up and −∞ elsewhere, low = v on I_low and +∞ elsewhere. Then
      i and the stopping test are one argmax and one argmin, with no masking
      call. Every sample lies in I_up or I_low (or both), so v_m is whichever
      of up_m, low_m is finite: v itself need not be stored.
    - w is not needed inside the loop (it is Σ αy x, eq. 7, formed once at the
      end), and the dual objective is tracked by its change along the pair
      (eq. 11), a scalar formula, instead of through ‖w‖².
    - α and y are read one entry at a time, so they live in Python lists:
      indexing a NumPy array for a scalar costs several times more.
    - The cache keeps, beside each kernel row K_i = X x_i, the row of
      curvatures a_it = ‖x_i − x_t‖² that eq. 12 divides by (three ufunc
      calls saved per step), as Python lists of row views.
    - Shrinking (libsvm's): samples stuck at a bound are set aside now and
      then, so the vectors get shorter (see _shrink).
    """
    n = len(y)
    y_list = y.tolist()
    if alpha0 is None:
        alpha = [0.0] * n
        # At α = 0 a positive sample can only rise (I_up), a negative one only
        # fall in α, which moves it with −y (I_low); v = y − w·x = y.
        up = np.where(y > 0, y, -np.inf)
        low = np.where(y > 0, np.inf, y)
        index = np.arange(n)                            # active samples (see _shrink)
        objective = 0.0                                 # D(α) at α = 0
    else:
        alpha = alpha0.tolist()
        up, low, index = _unshrink(X, y, alpha, C)      # v = y − Xw at the start
        objective = float(dual_objective(alpha0, X, y))
    cache = _KernelRows(X, index)
    interval = min(n, 1000)
    next_shrink = interval
    buf, gap = np.empty(n), np.empty(n)
    history = [] if alpha0 is None else [objective]     # a warm start's D comes first
    converged = False
    steps = 0
    while steps < max_steps:
        i = int(up.argmax())                            # i = argmax over I_up of v (eq. 10)
        v_i = float(up[i])
        k = int(low.argmin())
        violation = v_i - float(low[k])                 # m − M of eq. 10
        if violation <= tol or steps == next_shrink:
            if violation <= tol and len(index) == n:    # eq. 10 holds to tol: optimal
                converged = True
                break
            if violation <= tol or violation <= 10 * tol and next_shrink < np.inf:
                # Nearly done: bring the set-aside samples back, check them
                # too, and shrink no more (libsvm's rule).
                up, low, index = _unshrink(X, y, alpha, C)
                next_shrink = np.inf
            else:
                up, low, index = _shrink(up, low, index, v_i, float(low[k]))
                next_shrink += interval
            cache = _KernelRows(X, index)
            m = len(index)
            buf, gap = np.empty(m), np.empty(m)
            continue

        # Second-order choice of j (eq. 12): the largest guaranteed decrease
        # (v_i − v_t)² / a_it among t in I_low with v_t < v_i (0 elsewhere).
        K_i, A_i = cache.get(i)
        np.subtract(v_i, low, out=gap)                  # v_i − v_t; −∞ outside I_low
        np.maximum(gap, 0.0, out=gap)
        np.multiply(gap, gap, out=buf)
        np.divide(buf, A_i, out=buf)
        j = int(buf.argmax())

        # Move along α_i += y_i t, α_j −= y_j t (Σ αy unchanged) by the
        # unconstrained optimum t* = (v_i − v_j) / a_ij, clipped to the box; a
        # multiplier that hits its bound is set to it exactly.
        diff = float(gap[j])
        a = float(A_i[j])
        t = diff / a
        gi, gj = int(index[i]), int(index[j])           # positions in the full problem
        y_i, y_j = y_list[gi], y_list[gj]
        room_i = C - alpha[gi] if y_i > 0 else alpha[gi]
        room_j = alpha[gj] if y_j > 0 else C - alpha[gj]
        v_j = float(low[j])
        if t >= room_i or t >= room_j:
            if room_i <= room_j:
                t = room_i
                alpha[gi] = C if y_i > 0 else 0.0
                alpha[gj] = (0.0 if y_j > 0 else C) if room_i == room_j else alpha[gj] - y_j * t
            else:
                t = room_j
                alpha[gj] = 0.0 if y_j > 0 else C
                alpha[gi] += y_i * t
        else:
            alpha[gi] += y_i * t
            alpha[gj] -= y_j * t
        # New memberships of i and j in I_up and I_low (eq. 10).
        for m, gm, y_m, v_m in ((i, gi, y_i, v_i), (j, gj, y_j, v_j)):
            rises = alpha[gm] < C                       # α_m can still grow
            falls = alpha[gm] > 0.0
            up[m] = v_m if (rises if y_m > 0 else falls) else -np.inf
            low[m] = v_m if (falls if y_m > 0 else rises) else np.inf

        objective += t * (diff - 0.5 * a * t)           # D rises by t(v_i − v_j) − ½ a t²
        history.append(objective)
        steps += 1
        K_j, _ = cache.get(j, keep=i)
        np.subtract(K_i, K_j, out=buf)
        buf *= t                                        # Δv_t = −Δw·x_t = −t (K_it − K_jt)
        up -= buf
        low -= buf
        if verbose > 1 and steps % 1000 == 0:
            print(f"[LinearSVM] SMO step {steps}: dual objective {objective:.6g}")

    if not converged:
        # Out of steps: the start may still have been optimal (a warm start
        # often needs no step at all), so test eq. 10 on all samples once.
        up, low, _ = _unshrink(X, y, alpha, C)
        converged = bool(up.max() - low.min() <= tol)
    alpha = np.array(alpha)
    w = (alpha * y) @ X                                 # eq. 7
    b = _bias(alpha, y, y - X @ w, C)                   # v recomputed exactly
    return alpha, w, b, np.array(history), converged


def _shrink(up, low, index, m_value, M_value):
    """Set aside the samples that cannot take part in a violating pair soon.

    libsvm's shrinking: a sample only in I_up (its α at a bound) with
    v < M = min over I_low of v, or only in I_low with v > m = max over I_up,
    satisfies eq. 8 with room to spare and will most likely stay at its bound.
    Every min(n, 1000) steps such samples are dropped from every vector, so
    the remaining steps work on shorter arrays. It pays when many multipliers
    sit at a bound (large C, noisy data) and never changes the solution: they
    are brought back (_unshrink) before the final optimality test.
    """
    out = (np.isinf(low) & (up < M_value)) | (np.isinf(up) & (low > m_value))
    keep = np.flatnonzero(~out)
    return up[keep], low[keep], index[keep]


def _unshrink(X, y, alpha, C):
    """All samples active again, with v = y − X w (eq. 9) recomputed exactly:
    for a linear kernel that is one matrix–vector product."""
    alpha = np.asarray(alpha)
    w = (alpha * y) @ X
    v = y - X @ w
    rises, falls = alpha < C, alpha > 0
    positive = y > 0
    up = np.where(np.where(positive, rises, falls), v, -np.inf)
    low = np.where(np.where(positive, falls, rises), v, np.inf)
    return up, low, np.arange(len(y))


class _KernelRows:
    """Rows K_i = X_A x_i of the linear kernel over the active samples A, and
    the matching curvatures a_it = ‖x_i − x_t‖² (floored at _TAU), each
    computed once and kept while the budget lasts (libsvm's kernel cache; the
    oldest row is evicted first). Row i means the i-th active sample."""

    def __init__(self, X, index, budget_mb=256):
        n = len(index)
        self.X_active = X[index] if n < len(X) else X
        self.sq_norms = np.einsum("ij,ij->i", self.X_active, self.X_active)   # K_tt = ‖x_t‖²
        capacity = max(2, min(n, int(budget_mb * 2 ** 20 // (16 * n))))
        K = np.empty((capacity, n))
        A = np.empty((capacity, n))
        self.K, self.A = list(K), list(A)               # row views, indexed from Python
        self.slot_of = [-1] * n                         # row → slot, −1 if not cached
        self.owner = [-1] * capacity                    # slot → row
        self.next_slot = 0

    def get(self, i, keep=None):
        """(K_i, a_i); never evicts the row ``keep`` (still in use by the caller)."""
        slot = self.slot_of[i]
        if slot >= 0:
            return self.K[slot], self.A[slot]
        slot = self.next_slot
        if keep is not None and self.owner[slot] == keep:
            slot = (slot + 1) % len(self.owner)
        self.next_slot = (slot + 1) % len(self.owner)
        if self.owner[slot] >= 0:
            self.slot_of[self.owner[slot]] = -1
        self.owner[slot] = i
        self.slot_of[i] = slot
        K_i, A_i = self.K[slot], self.A[slot]
        np.dot(self.X_active, self.X_active[i], out=K_i)
        np.multiply(K_i, -2.0, out=A_i)
        A_i += self.sq_norms
        A_i += self.sq_norms[i]                         # a_it = ‖x_i‖² + ‖x_t‖² − 2 x_i·x_t
        np.maximum(A_i, _TAU, out=A_i)
        return K_i, A_i


def _bias(alpha, y, v, C):
    """b of eq. 13: every free support vector (0 < α < C) sits on its margin,
    y f(x) = 1, so b = y_t − w·x_t = v_t; average them. With none free, b lies
    anywhere in the interval the bounded multipliers allow: take its middle."""
    free = (alpha > 0) & (alpha < C)
    if free.any():
        return float(np.mean(v[free]))
    positive = y > 0
    # α_t = 0 means y_t f(x_t) ≥ 1, α_t = C means y_t f(x_t) ≤ 1 (eq. 8); with
    # f = w·x + b and v_t = y_t − w·x_t these read b ≥ v_t or b ≤ v_t:
    at_zero = alpha <= 0
    upper_mask = (positive & ~at_zero) | (~positive & at_zero)   # b ≤ v_t
    lower_mask = ~upper_mask                                      # b ≥ v_t
    upper = v[upper_mask].min() if upper_mask.any() else np.inf
    lower = v[lower_mask].max() if lower_mask.any() else -np.inf
    if not np.isfinite(upper):
        return float(lower)
    if not np.isfinite(lower):
        return float(upper)
    return float((upper + lower) / 2)


def _pegasos(X, y, C, epochs, rng):
    """Pegasos (eq. 14): stochastic subgradient steps on λ/2‖w‖² + (1/n) Σ hinge,
    λ = 1/(nC), which is P(w, b)/(nC) and so has the same minimiser as eq. 4.
    Step size η_t = 1/(λt); the bias, not penalised, takes the hinge part only.

    A Python loop over samples is inherent: every step changes w, which the
    next sample's margin test needs. Returns (w, b, primal objective per epoch).
    """
    n, d = X.shape
    lam = 1.0 / (n * C)
    w = np.zeros(d)
    b = 0.0
    t = 0
    history = []
    for _ in range(epochs):
        for i in rng.permutation(n):
            t += 1
            eta = 1.0 / (lam * t)
            inside_margin = y[i] * (X[i] @ w + b) < 1
            w *= 1.0 - eta * lam                        # the λw part of the subgradient
            if inside_margin:                           # the hinge part, −y x and −y
                w += (eta * y[i]) * X[i]
                b += eta * y[i]
        history.append(primal_objective(w, b, X, y, C))
    return w, b, np.array(history)
