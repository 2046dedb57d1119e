"""Exercise: the elastic net as a lasso on augmented data."""

import numpy as np

from scratchlearn.datasets import load_diabetes
from scratchlearn.exercises import Exercise, Mismatch, property_holds, same_output


def _diabetes():
    X, y = load_diabetes(return_X_y=True)
    return X - X.mean(axis=0), y - y.mean(), 0.1, 0.5


def _random_wide():
    rng = np.random.default_rng(9)
    return rng.normal(size=(5, 8)), rng.normal(size=5), 0.7, 0.2


def _pure_lasso_one_sample():
    return np.array([[1.0, -2.0, 0.5]]), np.array([3.0]), 0.3, 1.0


def _objectives_agree(learner):
    # eq. 4 rescaled: the augmented lasso's objective (eq. 1, n + d rows) is
    # n/(n + d) times the elastic net's (eq. 1 of these notes, n rows).
    rng = np.random.default_rng(14)
    n, d, alpha, rho = 9, 4, 0.6, 0.3
    X, y = rng.normal(size=(n, d)), rng.normal(size=n)
    X_aug, y_aug, alpha_aug = learner(X, y, alpha, rho)
    for _ in range(3):
        w = rng.normal(size=d)
        r = y - X @ w
        enet = (r @ r) / (2 * n) + alpha * rho * np.abs(w).sum() \
            + alpha * (1 - rho) / 2 * (w @ w)
        r_aug = np.asarray(y_aug) - np.asarray(X_aug) @ w
        lasso = (r_aug @ r_aug) / (2 * (n + d)) + float(alpha_aug) * np.abs(w).sum()
        if not np.isclose(lasso * (n + d) / n, enet, rtol=1e-10):
            raise Mismatch(f"at a random w the augmented lasso objective × (n + d)/n is "
                           f"{lasso * (n + d) / n:.8g}, the elastic net's is {enet:.8g}.")


EXERCISES = (
    Exercise(
        name="elastic_net.augmented",
        function="augmented_lasso_problem",
        goal="the lasso problem on augmented data whose solution is the elastic net's",
        difficulty=2,
        task="Given X (n, d), y (n,), α ≥ 0 and ρ = l1_ratio in [0, 1], return (X̃, ỹ, α̃): "
             "X̃ of shape (n + d, d) is X with the d rows √λ₂·I appended, λ₂ = nα(1 − ρ); "
             "ỹ of shape (n + d,) is y with d zeros appended; α̃ is the lasso penalty in "
             "eq. 1's scaling for n + d rows, λ₁/(n + d) with λ₁ = nαρ.",
        equations=("1", "3", "4"),
        checks=(
            same_output("diabetes, centred, α = 0.1, ρ = 0.5", _diabetes,
                        hint="eq. 4: the appended block is √λ₂ times the identity, with "
                             "λ₂ = nα(1 − ρ) — the square root, since the rows get squared."),
            same_output("random 5 × 8 data, α = 0.7, ρ = 0.2", _random_wide,
                        hint="X̃ has n + d rows and ỹ ends in d zeros."),
            same_output("one sample, ρ = 1 (a pure lasso: the block is zero)",
                        _pure_lasso_one_sample,
                        hint="α̃ = nαρ/(n + d): the 1/(2n) of eq. 1 becomes 1/(2(n + d))."),
            property_holds("the augmented lasso's objective is the elastic net's (eq. 4)",
                           _objectives_agree,
                           hint="expand ½‖ỹ − X̃w‖² = ½‖y − Xw‖² + ½λ₂‖w‖² and mind the "
                                "two normalisations, 1/(2n) and 1/(2(n + d))."),
        ),
        hints=(
            "Stack with np.vstack and np.concatenate; the L2 term hides in d extra rows.",
            "½‖√λ₂·I w − 0‖² = (λ₂/2)‖w‖², so the block is √(nα(1 − ρ))·I. Eq. 1 divides "
            "the squared error by 2·(number of rows).",
            "X_aug = vstack([X, sqrt(n·α·(1 − ρ))·eye(d)]), y_aug = concatenate([y, "
            "zeros(d)]), alpha_aug = n·α·ρ/(n + d).",
        ),
        example="""
X = np.array([[1.0, 2.0], [2.0, 0.5], [3.0, -1.0]])
y = np.array([2.0, 3.5, 6.5])
X_aug, y_aug, alpha_aug = augmented_lasso_problem(X, y, 0.5, 0.5)
print(X_aug)
print(y_aug, alpha_aug)
""",
    ),
)
