"""Exercises: soft-thresholding, the lasso's one-dimensional solution; one
cyclic sweep of coordinate descent."""

import numpy as np

from scratchlearn.datasets import load_diabetes
from scratchlearn.exercises import Exercise, Mismatch, property_holds, same_output


def _grid():
    return np.linspace(-3.0, 3.0, 25), 1.0


def _random_matrix():
    rng = np.random.default_rng(2)
    return rng.normal(scale=2.0, size=(5, 7)), 0.8


def _at_the_threshold():
    return np.array([-2.0, -0.5, 0.0, 0.5, 2.0]), 0.5


def _is_the_one_dimensional_minimiser(learner):
    # S(z, t) minimises ½v² − zv + t|v| (eq. 9 with a = 1): compare with a fine grid.
    v = np.linspace(-6.0, 6.0, 240001)
    for z in (-4.2, -0.7, 0.0, 0.3, 1.9, 5.5):
        t = 1.1
        best = v[np.argmin(0.5 * v * v - z * v + t * np.abs(v))]
        got = float(np.asarray(learner(np.array([z]), t)).ravel()[0])
        if abs(got - best) > 1e-4:
            raise Mismatch(f"S({z}, {t}) is {got:.6g}, but the minimiser of "
                           f"½v² − {z}v + {t}|v| is {best:.6g}.")


def _problem(X, y, w, l1_reg, l2_reg, positive=False):
    X = np.asfortranarray(X)
    return X, w, y - X @ w, np.einsum("ij,ij->j", X, X), l1_reg, l2_reg, positive


def _diabetes_sweep():
    X, y = load_diabetes(return_X_y=True)
    X, y = X - X.mean(axis=0), y - y.mean()
    return _problem(X, y, np.zeros(X.shape[1]), 442 * 0.5, 0.0)


def _diabetes_warm_elastic():
    X, y = load_diabetes(return_X_y=True)
    X, y = X - X.mean(axis=0), y - y.mean()
    w = np.linspace(-300.0, 300.0, X.shape[1])
    return _problem(X, y, w, 442 * 0.1, 442 * 0.05)


def _zero_column_positive():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(12, 5))
    X[:, 2] = 0.0                                    # a constant (centred) feature
    y = X @ np.array([1.5, -2.0, 0.0, 0.5, -0.1]) + 0.1 * rng.normal(size=12)
    return _problem(X, y, np.array([0.0, 0.0, 0.7, 0.0, 0.0]), 0.4, 0.0, True)


EXERCISES = (
    Exercise(
        name="lasso_regression.soft_threshold",
        function="soft_threshold",
        goal="soft-thresholding S(z, t), the lasso's one-dimensional solution",
        difficulty=1,
        task="Return S(z, t) = sign(z)·max(|z| − t, 0) elementwise, an array shaped like "
             "z (or a number for a number): z moved towards 0 by t, and exactly 0 when "
             "|z| ≤ t. t ≥ 0 is a number.",
        equations=("3", "9"),
        checks=(
            same_output("25 values from −3 to 3, t = 1", _grid,
                        hint="eq. 9: values with |z| ≤ t become exactly 0; the others move "
                             "t towards 0, on their own side."),
            same_output("a 5 × 7 array, t = 0.8", _random_matrix,
                        hint="work elementwise and keep z's shape."),
            same_output("values exactly at ±t and at 0", _at_the_threshold,
                        hint="at |z| = t the result is 0 (not ±0 from a sign slip, not t)."),
            property_holds("S(z, t) minimises ½v² − zv + t|v|",
                           _is_the_one_dimensional_minimiser,
                           hint="eq. 9 with a = 1; the subgradient of |v| at 0 is [−1, 1] "
                                "(eq. 3), which is why a whole interval of z maps to 0."),
        ),
        hints=(
            "Shrink the magnitude |z| by t, but never below 0, then put the sign back.",
            "np.maximum(np.abs(z) − t, 0) is the shrunk magnitude; np.sign(z) restores the "
            "side.",
            "return np.sign(z) * np.maximum(np.abs(z) - t, 0.0)",
        ),
        example="""
z = np.array([-3.0, -1.0, -0.2, 0.0, 0.5, 2.5])
print(soft_threshold(z, 1.0))
""",
    ),
    Exercise(
        name="lasso_regression.sweep",
        function="coordinate_descent_sweep",
        goal="one cyclic sweep of coordinate descent for the lasso / elastic net",
        difficulty=2,
        task="X (n, d) and the current weights w (d,) give the residual R = y − Xw (n,); "
             "col_norm2 (d,) holds ‖xⱼ‖². For j = 0, 1, …, d − 1 in turn: skip a zero "
             "column; set ρⱼ = xⱼᵀR + ‖xⱼ‖²wⱼ and the new wⱼ = S(ρⱼ, l1_reg)/(‖xⱼ‖² + "
             "l2_reg) — or 0 when positive is True and ρⱼ < 0 — and update R at once. "
             "Change w and R in place and return them (w, R). soft_threshold is imported "
             "for you.",
        equations=("7", "9", "10"),
        checks=(
            same_output("diabetes, centred, from w = 0 (the lasso, α = 0.5)", _diabetes_sweep,
                        in_place=(1, 2),
                        hint="eq. 10: ρⱼ adds ‖xⱼ‖²wⱼ back to xⱼᵀR — the residual "
                             "without feature j's own contribution."),
            same_output("diabetes, warm start, an L2 term too (the elastic net)",
                        _diabetes_warm_elastic, in_place=(1, 2),
                        hint="eq. 10: update R right after each wⱼ changes, "
                             "R ← R − (wⱼ_new − wⱼ)xⱼ; the next coordinate must see it."),
            same_output("a zero column with a nonzero weight, positive=True",
                        _zero_column_positive, in_place=(1, 2),
                        hint="a column of zeros has ‖xⱼ‖² = 0: skip it (its weight "
                             "cannot change the fit) instead of dividing by 0."),
        ),
        hints=(
            "Loop over the features (the updates are sequential); for each, compute ρⱼ, "
            "the new weight, then fix R before moving on.",
            "ρⱼ = X[:, j] @ R + w[j]·col_norm2[j]; w_new = soft_threshold(ρⱼ, l1_reg) / "
            "(col_norm2[j] + l2_reg).",
            "R -= (w_new − w[j]) * X[:, j]; w[j] = w_new — in that order, since the "
            "update needs the old w[j].",
        ),
        example="""
rng = np.random.default_rng(0)
X = rng.normal(size=(50, 4))
y = X @ np.array([3.0, 0.0, -2.0, 0.0]) + 0.1 * rng.normal(size=50)
w = np.zeros(4)
R = y - X @ w
col_norm2 = (X * X).sum(axis=0)
for sweep in range(5):
    w, R = coordinate_descent_sweep(X, w, R, col_norm2, 10.0, 0.0)
    print(f"sweep {sweep + 1}: w = {np.round(w, 4)}")
""",
    ),
)
