"""Exercise: SMO's two-variable step with clipping to the box."""

import numpy as np

from scratchlearn.datasets import load_iris, load_wine
from scratchlearn.exercises import Exercise, Mismatch, property_holds, same_output


def _rbf(X, gamma):
    sq = np.sum(X * X, axis=1)
    return np.exp(-gamma * np.maximum(sq[:, None] + sq[None, :] - 2 * X @ X.T, 0.0))


def _state(X, y, C, beta, gamma):
    """A step's arguments at a feasible β: the working pair chosen as SMO does."""
    K = _rbf(X, gamma)
    lo, hi = np.where(y > 0, 0.0, -C), np.where(y > 0, C, 0.0)
    g = y - K @ beta
    i = int(np.argmax(np.where(beta < hi, g, -np.inf)))
    a = np.maximum(K[i, i] + np.diag(K) - 2 * K[i], 1e-12)
    j = int(np.argmax(np.where((beta > lo) & (g < g[i]), (g[i] - g) ** 2 / a, 0.0)))
    return beta, g, i, j, K[i].copy(), K[j].copy(), float(a[j]), lo, hi


def _iris_first_step():
    X, y = load_iris(return_X_y=True)
    keep = y > 0
    X, y = X[keep], np.where(y[keep] == 2, 1.0, -1.0)
    return _state(X, y, 10.0, np.zeros(len(y)), 0.5)


def _wine_mid_run():
    X, y = load_wine(return_X_y=True)
    keep = y < 2
    X = X[keep]
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    y = np.where(y[keep] == 1, 1.0, -1.0)
    # A feasible β (Σβ = 0, each in its box), as after some iterations.
    rng = np.random.default_rng(27)
    beta = np.where(y > 0, 1.0, -1.0) * rng.uniform(0, 0.3, len(y))
    beta[y > 0] *= -beta[y < 0].sum() / beta[y > 0].sum()
    return _state(X, y, 0.3, beta, 0.05)


def _clipped_at_the_box():
    # Two points far apart with a tight box: the Newton step 2/a is longer than C.
    X = np.array([[0.0, 0.0], [3.0, 0.0], [0.0, 0.2]])
    y = np.array([1.0, -1.0, 1.0])
    return _state(X, y, 0.05, np.zeros(3), 1.0)


def _one_side_full():
    # β_i close to its upper bound: room_i is shorter than the Newton step.
    X = np.array([[0.0, 0.0], [1.0, 0.0], [2.0, 0.5], [0.5, 1.0]])
    y = np.array([1.0, -1.0, -1.0, 1.0])
    beta = np.array([0.1, -0.05, -0.95, 0.9])
    return _state(X, y, 1.0, beta, 0.5)


def _stays_feasible(learner):
    for make in (_wine_mid_run, _clipped_at_the_box, _one_side_full):
        beta0, g, i, j, K_i, K_j, a_ij, lo, hi = make()
        beta, _, t = learner(beta0.copy(), g, i, j, K_i, K_j, a_ij, lo, hi)
        beta = np.asarray(beta, dtype=float)
        if np.any(beta < lo - 1e-12) or np.any(beta > hi + 1e-12):
            k = int(np.argmax((beta < lo - 1e-12) | (beta > hi + 1e-12)))
            raise Mismatch(f"after your step β[{k}] = {beta[k]:.6g} is outside its box "
                           f"[{lo[k]:g}, {hi[k]:g}].")
        if abs(beta.sum() - beta0.sum()) > 1e-12:
            raise Mismatch(f"your step changed Σβ by {beta.sum() - beta0.sum():.3g}; it must "
                           "stay 0 (move β_i and β_j by the same t in opposite directions).")


EXERCISES = (
    Exercise(
        name="kernel_svm.smo_step",
        function="smo_step",
        goal="SMO's two-variable step: the Newton step along e_i − e_j, clipped to the box",
        difficulty=2,
        task="β (n,) is feasible (lo ≤ β ≤ hi, Σβ = 0) and g = y − Kβ (n,). For the working "
             "pair (i, j), with K_i = K[i], K_j = K[j] (n,) and a_ij = K_ii + K_jj − 2K_ij > 0: "
             "take t = (g_i − g_j)/a_ij, clip it so that β_i + t ≤ hi_i and β_j − t ≥ lo_j, "
             "apply β_i += t, β_j −= t (a variable the clip stopped is set to its bound "
             "exactly), and update g ← g − t(K_i − K_j). Return (beta, g, t); changing beta "
             "and g in place is fine.",
        equations=("8", "9", "10", "11"),
        checks=(
            same_output("iris versicolor/virginica, RBF kernel, the first step from β = 0",
                        _iris_first_step,
                        hint="eq. 9: the unclipped step is (g_i − g_j)/a_ij, moving β_i "
                             "up and β_j down; eq. 11: then every entry of g changes by "
                             "−t(K_i − K_j)."),
            same_output("wine (two classes), a feasible β mid-run (clipped by room_j)",
                        _wine_mid_run,
                        hint="eq. 10: here β_j can fall only β_j − lo_j before it leaves "
                             "its box, less than the Newton step: clip t to that room."),
            same_output("a tight box: both variables reach their bounds", _clipped_at_the_box,
                        hint="eq. 10: t = min(t*, hi_i − β_i, β_j − lo_j); a variable "
                             "stopped by its bound is set to it exactly."),
            same_output("β_i near its upper bound: clipped by room_i", _one_side_full,
                        hint="eq. 10 has two rooms: how far β_i can rise and how far β_j "
                             "can fall."),
            property_holds("after the step β stays in its box and Σβ stays 0",
                           _stays_feasible,
                           hint="eq. 4's constraints: lo ≤ β ≤ hi and Σβ = 0."),
        ),
        hints=(
            "Work out how far each variable may move: room_i = hi_i − β_i, room_j = "
            "β_j − lo_j. The step is the Newton step unless one of them is smaller.",
            "t = min((g[i] − g[j]) / a_ij, room_i, room_j); β[i] += t; β[j] −= t; if t == "
            "room_i set β[i] = hi[i] (and likewise for j) to avoid rounding.",
            "Finally g −= t * (K_i − K_j); return beta, g, t.",
        ),
        example="""
beta, g = np.zeros(3), np.array([1.0, -1.0, 1.0])
K = np.array([[1.0, 0.2, 0.5], [0.2, 1.0, 0.1], [0.5, 0.1, 1.0]])
lo, hi = np.array([0.0, -1.0, 0.0]), np.array([1.0, 0.0, 1.0])
beta, g, t = smo_step(beta, g, 0, 1, K[0], K[1], 1.0 + 1.0 - 2 * 0.2, lo, hi)
print(f"t = {t:.4f}, beta = {beta}, g = {np.round(g, 4)}")
""",
    ),
)
