"""Gradient descent, the loop the linear models share, and a gradient checker.

A model hands ``gradient_descent`` one pure function,
``loss_and_gradient(w, rows) -> (loss, grad)``, that evaluates its objective
and gradient on the sample indices ``rows`` (``slice(None)`` for all of them).
The loop does the rest:

* full batch (``batch_size=None``): w ← w − η_t ∇L(w), one step an iteration;
* mini-batch / stochastic (``batch_size=m``): each epoch shuffles the rows and
  steps once per batch of m; an iteration is an epoch;
* learning rate η_t = η₀ / (1 + decay·t) (``decay=0`` keeps it constant), t the
  iteration;
* stop when the full gradient is small, ‖∇L(w)‖∞ ≤ tol; warn with
  ``ConvergenceWarning`` after ``max_iter`` iterations; raise
  ``DivergenceError`` as soon as the loss is no longer finite.

``loss_history`` holds the full objective at the start and after each
iteration, so ``loss_history[0]`` is the loss of the initial point.

``newton_method`` is the second-order loop for smooth, convex objectives with a
small parameter vector (logistic regression): damped Newton steps
θ ← θ − t H⁻¹∇L with a backtracking (Armijo) line search, same stopping rule,
history and warnings as ``gradient_descent``.

``newton_cg`` is the truncated (inexact) Newton method for the same kind of
objective when the Hessian is too large to form: it needs only products
∇²L v, and solves each Newton system approximately by ``conjugate_gradient``,
the Krylov solver for symmetric positive (semi-)definite systems A x = b given
only the map x ↦ A x.

``projected_bfgs`` minimises a smooth, possibly non-convex objective of a few
variables inside a box lower ≤ θ ≤ upper, from the objective and its gradient
alone (quasi-Newton): the Gaussian process's log-hyperparameters.
"""

from dataclasses import dataclass

import numpy as np

from scratchlearn.core.base import warn_convergence
from scratchlearn.core.validation import check_random_state

__all__ = ["DivergenceError", "OptimizeResult", "check_gradient", "conjugate_gradient",
           "gradient_descent", "newton_cg", "newton_method", "projected_bfgs"]


class DivergenceError(FloatingPointError):
    """The objective became NaN or infinite: the steps are too large."""


@dataclass
class OptimizeResult:
    w: np.ndarray
    loss_history: np.ndarray
    n_iter: int
    converged: bool


def gradient_descent(loss_and_gradient, w0, *, n_samples, learning_rate, max_iter, tol,
                     batch_size=None, decay=0.0, shuffle=True, random_state=None,
                     verbose=0, name="model"):
    """Minimise an objective by (mini-batch) gradient descent from ``w0``."""
    if not learning_rate > 0:
        raise ValueError(f"learning_rate must be positive, got {learning_rate!r}.")
    if not (isinstance(max_iter, int | np.integer) and max_iter >= 1):
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}.")
    if tol is not None and not tol >= 0:
        raise ValueError(f"tol must be non-negative or None, got {tol!r}.")
    if batch_size is not None and not (isinstance(batch_size, int | np.integer)
                                       and batch_size >= 1):
        raise ValueError(f"batch_size must be None or a positive integer, got {batch_size!r}.")

    rng = check_random_state(random_state)
    all_rows = slice(None)
    w = np.array(w0, dtype=float)
    loss, grad = _evaluate(loss_and_gradient, w, all_rows, learning_rate, 0, name)
    history = [loss]
    converged = tol is not None and np.max(np.abs(grad)) <= tol
    n_iter = 0
    while not converged and n_iter < max_iter:
        eta = learning_rate / (1.0 + decay * n_iter)
        if batch_size is None or batch_size >= n_samples:
            w -= eta * grad
        else:
            # An epoch of mini-batch steps: each update depends on the one
            # before, so this loop over batches is inherently sequential.
            order = rng.permutation(n_samples) if shuffle else np.arange(n_samples)
            for start in range(0, n_samples, batch_size):
                rows = order[start:start + batch_size]
                _, batch_grad = _evaluate(loss_and_gradient, w, rows, learning_rate,
                                          n_iter + 1, name)
                w -= eta * batch_grad
        n_iter += 1
        loss, grad = _evaluate(loss_and_gradient, w, all_rows, learning_rate, n_iter, name)
        history.append(loss)
        if verbose:
            print(f"[{name}] iteration {n_iter}: loss {loss:.6g}, "
                  f"max |gradient| {np.max(np.abs(grad)):.3g}")
        converged = tol is not None and np.max(np.abs(grad)) <= tol

    if tol is not None and not converged:
        warn_convergence(
            f"{name} did not converge: max |gradient| is {np.max(np.abs(grad)):.3g} > "
            f"tol={tol} after max_iter={max_iter} iterations. Increase max_iter, raise "
            "learning_rate, or standardise the features."
        )
    return OptimizeResult(w=w, loss_history=np.array(history), n_iter=n_iter,
                          converged=bool(converged))


def _evaluate(loss_and_gradient, w, rows, learning_rate, iteration, name):
    with np.errstate(over="ignore", invalid="ignore"):
        loss, grad = loss_and_gradient(w, rows)
    if not (np.isfinite(loss) and np.all(np.isfinite(grad))):
        raise DivergenceError(
            f"{name} diverged at iteration {iteration}: the loss became {loss}. "
            f"learning_rate={learning_rate} is too large for this data; try a smaller "
            "learning_rate or standardise the features."
        )
    return float(loss), grad


def check_gradient(f, grad, w, *, eps=1e-6):
    """Relative error between ``grad(w)`` and central finite differences of ``f``.

    Each coordinate is estimated as (f(w + ε eᵢ) − f(w − ε eᵢ)) / 2ε, whose
    error is O(ε²). Returns ‖g_analytic − g_numeric‖ / max(‖g_analytic‖ +
    ‖g_numeric‖, 1e-12); a correct gradient gives about 1e-8 or less.
    """
    w = np.array(w, dtype=float)
    analytic = np.asarray(grad(w), dtype=float)
    if analytic.shape != w.shape:
        raise ValueError(f"grad(w) has shape {analytic.shape}, but w has shape {w.shape}.")
    numeric = np.empty_like(w)
    flat_w, flat_numeric = w.reshape(-1), numeric.reshape(-1)
    for i in range(flat_w.size):
        original = flat_w[i]
        flat_w[i] = original + eps
        f_plus = f(w)
        flat_w[i] = original - eps
        f_minus = f(w)
        flat_w[i] = original
        flat_numeric[i] = (f_plus - f_minus) / (2 * eps)
    scale = max(np.linalg.norm(analytic) + np.linalg.norm(numeric), 1e-12)
    return float(np.linalg.norm(analytic - numeric) / scale)


def newton_method(objective, theta0, *, max_iter, tol, lower=None, warn=True, verbose=0,
                  name="model"):
    """Minimise a smooth convex objective by damped Newton steps from ``theta0``.

    ``objective(θ, order)`` returns L(θ) for ``order=0`` and (L, ∇L, ∇²L) for
    ``order=2``, with ∇L of θ's shape and ∇²L of shape (θ.size, θ.size). Each
    iteration solves ∇²L Δ = ∇L and halves t from 1 until the Armijo condition
    L(θ − tΔ) ≤ L(θ) − ½ t ∇LᵀΔ holds (up to rounding in L), then sets
    θ ← θ − tΔ. Near the minimum t = 1 is accepted and the error squares each
    step (quadratic convergence). Stops when ‖∇L‖∞ ≤ tol.

    ``lower`` (broadcast to θ's shape, −inf where free) bounds θ from below:
    a component resting on its bound whose gradient points out of the
    feasible set is held fixed and counts as zero in the stopping rule (it is
    the constrained minimum in that coordinate); the Newton system is solved
    for the other components, and each trial point is clipped to the bound
    (Bertsekas' projected Newton method). ``warn=False`` leaves the ConvergenceWarning to the
    caller, who may know why a gradient cannot vanish.
    """
    if not (isinstance(max_iter, int | np.integer) and max_iter >= 1):
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}.")
    if not (isinstance(tol, int | float | np.number) and tol >= 0):
        raise ValueError(f"tol must be a non-negative number, got {tol!r}.")

    theta = np.array(theta0, dtype=float)
    if lower is not None:
        lower = np.broadcast_to(np.asarray(lower, dtype=float), theta.shape)

    def projected_norm(theta, grad):
        if lower is None:
            return np.max(np.abs(grad))
        return np.max(np.abs(np.where((theta <= lower) & (grad > 0), 0.0, grad)))

    current, grad, hess = _checked(objective, theta, 2, 0, name)
    history = [current]
    converged = projected_norm(theta, grad) <= tol
    n_iter = 0
    while not converged and n_iter < max_iter:
        g = grad.reshape(-1)
        # Coordinates resting on their bound with the gradient pushing outwards
        # stay where they are; the Newton system is solved for the others
        # (Bertsekas' projected Newton), so the predicted decrease is real.
        free = np.ones(g.size, dtype=bool)
        if lower is not None:
            free = ~((theta.reshape(-1) <= lower.reshape(-1)) & (g > 0))
        step = np.zeros(g.size)
        try:
            step[free] = np.linalg.solve(hess[np.ix_(free, free)], g[free])
        except np.linalg.LinAlgError:
            # A singular Hessian (a direction the objective ignores): the
            # minimum-norm step still descends, because g is orthogonal to it.
            step[free] = np.linalg.lstsq(hess[np.ix_(free, free)], g[free], rcond=None)[0]
        step = step.reshape(theta.shape)
        decrease = float(g @ step.reshape(-1))   # ∇LᵀΔ > 0 for a descent step
        # Rounding in L is about eps·|L|: below that, "no decrease" is noise.
        slack = 16 * np.finfo(float).eps * max(abs(current), 1.0)
        t = 1.0
        for _ in range(60):
            trial = theta - t * step
            if lower is not None:
                trial = np.maximum(trial, lower)
            if _checked(objective, trial, 0, n_iter + 1, name) \
                    <= current - 0.5 * t * decrease + slack:
                break
            t *= 0.5
        else:
            break   # no step decreases L: θ is at the minimum to rounding
        theta = trial
        n_iter += 1
        current, grad, hess = _checked(objective, theta, 2, n_iter, name)
        history.append(current)
        if verbose:
            print(f"[{name}] Newton iteration {n_iter}: loss {current:.10g}, step {t:g}, "
                  f"max |gradient| {np.max(np.abs(grad)):.3g}")
        converged = projected_norm(theta, grad) <= tol

    if warn and not converged:
        warn_convergence(
            f"{name} did not converge: max |gradient| is {projected_norm(theta, grad):.3g} > "
            f"tol={tol} after {n_iter} Newton iterations (max_iter={max_iter}). Increase "
            "max_iter or tol, or standardise the features."
        )
    return OptimizeResult(w=theta, loss_history=np.array(history), n_iter=n_iter,
                          converged=bool(converged))


def _checked(objective, theta, order, iteration, name):
    with np.errstate(over="ignore", invalid="ignore"):
        out = objective(theta, order)
    loss = float(out if order == 0 else out[0])
    if not np.isfinite(loss):
        raise DivergenceError(f"{name}: the loss became {loss} at iteration {iteration}.")
    return loss if order == 0 else (loss, *out[1:])


def conjugate_gradient(matvec, b, *, rtol, max_iter):
    """Solve A x = b for symmetric positive semi-definite A, given only ``matvec(v) = A v``.

    Starts from x = 0 and stops when the residual r = b − A x satisfies
    ‖r‖ ≤ rtol·‖b‖, or after ``max_iter`` products. ``b`` may have any shape (A
    acts on arrays of that shape; inner products run over all entries). In
    exact arithmetic CG minimises ½xᵀAx − bᵀx over the growing Krylov space
    span{b, Ab, A²b, …}, so every iterate has bᵀx > 0 and it is exact after at
    most b.size steps. If A turns out not to be positive along a search
    direction (pᵀAp ≤ 0, from rounding or a non-convex objective) it stops
    there, returning b itself if that happens before the first step. Returns
    (x, number of products).
    """
    if not rtol >= 0:
        raise ValueError(f"rtol must be non-negative, got {rtol!r}.")
    x = np.zeros_like(b, dtype=float)
    r = np.array(b, dtype=float)          # residual b − A x
    p = r.copy()                          # search direction, A-conjugate to the previous ones
    rr = float(np.vdot(r, r))
    stop = rtol * rtol * rr
    n_products = 0
    while rr > stop and n_products < max_iter:
        Ap = matvec(p)
        n_products += 1
        curvature = float(np.vdot(p, Ap))
        if not curvature > 0:
            return (x if n_products > 1 else r.copy()), n_products
        alpha = rr / curvature            # exact minimiser along p
        x += alpha * p
        r -= alpha * Ap
        rr_new = float(np.vdot(r, r))
        p *= rr_new / rr                  # p ← r + β p, β = ‖r_new‖² / ‖r‖²
        p += r
        rr = rr_new
    return x, n_products


def newton_cg(objective, theta0, *, max_iter, tol, verbose=0, name="model"):
    """Minimise a smooth convex objective by truncated Newton steps from ``theta0``.

    ``objective(θ)`` returns (L, ∇L, hessp): the loss, its gradient (θ's shape)
    and a function v ↦ ∇²L v (v of θ's shape); the Hessian is never formed.
    Each iteration solves ∇²L Δ = ∇L by ``conjugate_gradient`` only as far as
    ‖∇²L Δ − ∇L‖ ≤ η‖∇L‖ with η = min(½, √‖∇L‖): loosely far from the minimum,
    more tightly as ∇L shrinks, which keeps the convergence superlinear
    (Nocedal & Wright, Numerical Optimization, §7.1). A backtracking line
    search halves t from 1 until the Armijo condition
    L(θ − tΔ) ≤ L(θ) − 10⁻⁴ t ∇LᵀΔ holds (up to rounding in L); the objective
    evaluated there is reused for the next iteration. Stops when
    ‖∇L‖∞ ≤ tol; history and warnings as ``newton_method``.
    """
    if not (isinstance(max_iter, int | np.integer) and max_iter >= 1):
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}.")
    if not (isinstance(tol, int | float | np.number) and tol >= 0):
        raise ValueError(f"tol must be a non-negative number, got {tol!r}.")

    theta = np.array(theta0, dtype=float)
    current, grad, hessp = _checked_cg(objective, theta, 0, name)
    history = [current]
    converged = np.max(np.abs(grad)) <= tol
    n_iter = 0
    while not converged and n_iter < max_iter:
        grad_norm = float(np.linalg.norm(grad))
        forcing = min(0.5, np.sqrt(grad_norm))
        step, n_products = conjugate_gradient(hessp, grad, rtol=forcing,
                                              max_iter=2 * grad.size + 10)
        decrease = float(np.vdot(grad, step))   # ∇LᵀΔ > 0: CG steps descend
        # Rounding in L is about eps·|L|: below that, "no decrease" is noise.
        slack = 16 * np.finfo(float).eps * max(abs(current), 1.0)
        t = 1.0
        for _ in range(60):
            trial = _checked_cg(objective, theta - t * step, n_iter + 1, name)
            if trial[0] <= current - 1e-4 * t * decrease + slack:
                break
            t *= 0.5
        else:
            break   # no step decreases L: θ is at the minimum to rounding
        theta = theta - t * step
        n_iter += 1
        current, grad, hessp = trial
        history.append(current)
        if verbose:
            print(f"[{name}] Newton-CG iteration {n_iter}: loss {current:.10g}, step {t:g}, "
                  f"{n_products} CG products, max |gradient| {np.max(np.abs(grad)):.3g}")
        converged = np.max(np.abs(grad)) <= tol

    if not converged:
        warn_convergence(
            f"{name} did not converge: max |gradient| is {np.max(np.abs(grad)):.3g} > "
            f"tol={tol} after {n_iter} Newton-CG iterations (max_iter={max_iter}). Increase "
            "max_iter or tol, or standardise the features."
        )
    return OptimizeResult(w=theta, loss_history=np.array(history), n_iter=n_iter,
                          converged=bool(converged))


def _checked_cg(objective, theta, iteration, name):
    with np.errstate(over="ignore", invalid="ignore"):
        loss, grad, hessp = objective(theta)
    loss = float(loss)
    if not np.isfinite(loss):
        raise DivergenceError(f"{name}: the loss became {loss} at iteration {iteration}.")
    return loss, grad, hessp


def projected_bfgs(objective, theta0, lower, upper, *, max_iter, tol, verbose=0, name="model"):
    """Minimise a smooth objective over the box lower ≤ θ ≤ upper by projected BFGS.

    ``objective(θ)`` returns (L, ∇L). This is the projected quasi-Newton method
    of Bertsekas (1982) with the BFGS inverse-Hessian approximation H
    (Nocedal & Wright, Numerical Optimization, §6.1), for a small θ (H is dense):

    * coordinates resting on a bound with the gradient pushing outwards are
      held fixed; the step is Δ = −H ∇L on the others (H restricted to them);
    * a trial point is projected back onto the box, θ(t) = P(θ + tΔ), and t is
      halved from 1 until L(θ(t)) ≤ L(θ) + 10⁻⁴ ∇Lᵀ(θ(t) − θ) (Armijo along the
      projected path); a trial where L is not finite (say, a matrix that is no
      longer positive definite) is rejected like one that does not decrease L;
    * H is updated from s = θ_new − θ and r = ∇L_new − ∇L (r taken on the
      coordinates that moved, so a held coordinate teaches no false curvature)
      only when sᵀr > 0 (the curvature condition; otherwise H would lose
      positive definiteness), and reset when Δ fails to descend.

    The first step moves at most 1 in every coordinate (no curvature is known
    yet); before the first update H is scaled by sᵀr / rᵀr. Stops when the
    projected gradient ‖P(θ − ∇L) − θ‖∞ ≤ tol, or when no step decreases L
    (θ is then optimal to rounding); warns with ConvergenceWarning after
    ``max_iter`` iterations. Returns an OptimizeResult (``w`` holds θ).
    """
    if not (isinstance(max_iter, int | np.integer) and max_iter >= 1):
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}.")
    lower = np.broadcast_to(np.asarray(lower, dtype=float), np.shape(theta0))
    upper = np.broadcast_to(np.asarray(upper, dtype=float), np.shape(theta0))
    theta = np.clip(np.array(theta0, dtype=float), lower, upper)
    with np.errstate(over="ignore", invalid="ignore"):
        current, grad = objective(theta)
    if not np.isfinite(current):
        raise DivergenceError(f"{name}: the objective is {current} at the starting point.")

    def projected_gradient(theta, grad):
        return np.clip(theta - grad, lower, upper) - theta

    H = None
    history = [float(current)]
    converged = np.max(np.abs(projected_gradient(theta, grad))) <= tol
    n_iter = 0
    while not converged and n_iter < max_iter:
        free = ~(((theta <= lower) & (grad > 0)) | ((theta >= upper) & (grad < 0)))
        step = np.zeros_like(theta)
        if H is None:
            step[free] = -grad[free] / max(1.0, np.max(np.abs(grad[free])))
        else:
            step[free] = -H[np.ix_(free, free)] @ grad[free]
            if not grad[free] @ step[free] < 0:        # not a descent direction: restart
                H = None
                step[free] = -grad[free] / max(1.0, np.max(np.abs(grad[free])))
        # Rounding in L is about eps·|L|: below that, "no decrease" is noise.
        slack = 16 * np.finfo(float).eps * max(abs(current), 1.0)
        t = 1.0
        for _ in range(60):
            trial = np.clip(theta + t * step, lower, upper)
            with np.errstate(over="ignore", invalid="ignore"):
                trial_value, trial_grad = objective(trial)
            if np.isfinite(trial_value) and \
                    trial_value <= current + 1e-4 * grad @ (trial - theta) + slack:
                break
            t *= 0.5
        else:
            break   # no step decreases L: θ is optimal to rounding
        s, r = trial - theta, trial_grad - grad
        r[s == 0] = 0.0     # learn curvature only along coordinates that moved
        if not np.any(s):
            break   # the projected step is zero: θ cannot move
        if s @ r > 1e-12 * np.linalg.norm(s) * np.linalg.norm(r):
            if H is None:
                H = (s @ r) / (r @ r) * np.eye(theta.size)
            rho = 1.0 / (s @ r)
            V = np.eye(theta.size) - rho * np.outer(s, r)
            H = V @ H @ V.T + rho * np.outer(s, s)
        theta, current, grad = trial, trial_value, trial_grad
        n_iter += 1
        history.append(float(current))
        if verbose:
            print(f"[{name}] projected BFGS iteration {n_iter}: objective {current:.12g}, "
                  f"step {t:g}, projected gradient "
                  f"{np.max(np.abs(projected_gradient(theta, grad))):.3g}")
        converged = np.max(np.abs(projected_gradient(theta, grad))) <= tol

    if not converged and n_iter >= max_iter:
        warn_convergence(
            f"{name} did not converge: the projected gradient is "
            f"{np.max(np.abs(projected_gradient(theta, grad))):.3g} > tol={tol} after "
            f"max_iter={max_iter} projected BFGS iterations."
        )
    return OptimizeResult(w=theta, loss_history=np.array(history), n_iter=n_iter,
                          converged=bool(converged))
