"""Exercises: the classic Huber loss and its derivative; Huber's objective with
a jointly estimated scale σ and its gradient."""

import numpy as np

from scratchlearn.datasets import load_diabetes
from scratchlearn.exercises import (
    Exercise,
    Mismatch,
    gradient_matches_loss,
    property_holds,
    same_output,
)


def _residuals_of_diabetes():
    X, y = load_diabetes(return_X_y=True)
    return y - y.mean() - X @ np.linspace(-200.0, 400.0, X.shape[1]), 40.0


def _random_grid():
    rng = np.random.default_rng(5)
    return rng.normal(scale=3.0, size=(6, 9)), 1.35


def _at_the_threshold():
    return np.array([-2.0, -0.5, 0.0, 0.5, 2.0, 3.0]), 2.0


def _psi_is_the_loss_derivative(learner):
    r = np.linspace(-4.0, 4.0, 81) + 0.0137            # no point exactly at ±δ
    h = 1e-6
    loss_plus, _ = learner(r + h, 1.3)
    loss_minus, _ = learner(r - h, 1.3)
    _, psi = learner(r, 1.3)
    numeric = (np.asarray(loss_plus) - np.asarray(loss_minus)) / (2 * h)
    wrong = ~np.isclose(np.asarray(psi, dtype=float), numeric, rtol=1e-5, atol=1e-6)
    if wrong.any():
        i = int(np.argmax(wrong))
        raise Mismatch(f"psi at r = {r[i]:.4g} is {float(np.asarray(psi)[i]):.6g}, but finite "
                       f"differences of your loss give {numeric[i]:.6g}.")


def _diabetes_fit():
    X, y = load_diabetes(return_X_y=True)
    w = np.linspace(-200.0, 400.0, X.shape[1])
    return w, 140.0, 45.0, X, y, 1.35, 1e-3


def _random_many_outliers():
    rng = np.random.default_rng(11)
    X = rng.normal(size=(30, 4))
    y = X @ np.array([1.0, -2.0, 0.5, 0.0]) + rng.standard_t(1.5, size=30) * 3.0
    return rng.normal(size=4), 0.3, 0.8, X, y, 1.1, 0.5


def _one_outlier_sample():
    return np.array([0.5, -1.0]), 0.2, 0.4, np.array([[3.0, 1.0]]), np.array([9.0]), 1.35, 0.1


EXERCISES = (
    Exercise(
        name="huber_regression.loss",
        function="huber_loss",
        goal="the classic Huber loss ρ_δ and its derivative ψ_δ, elementwise",
        difficulty=1,
        task="For residuals r (an array of any shape) and a threshold δ > 0, return two "
             "arrays shaped like r: the Huber loss ρ_δ(r), quadratic ½r² for |r| ≤ δ and "
             "linear δ(|r| − ½δ) beyond, and its derivative ψ_δ(r). No loops.",
        equations=("1", "2"),
        checks=(
            same_output("residuals of a line through diabetes (442), δ = 40",
                        _residuals_of_diabetes,
                        hint="eq. 1: the two pieces meet at |r| = δ with value ½δ² — the "
                             "linear piece is δ(|r| − ½δ), not δ|r|."),
            same_output("a 6 × 9 array of residuals, δ = 1.35", _random_grid,
                        hint="work elementwise and keep r's shape: np.where, np.abs, "
                             "np.clip."),
            same_output("residuals exactly at ±δ and at 0", _at_the_threshold,
                        hint="eq. 2: ψ is r inside, δ·sign(r) outside — the clip of r to "
                             "[−δ, δ]."),
            property_holds("your ψ against finite differences of your ρ",
                           _psi_is_the_loss_derivative,
                           hint="eq. 2 is the derivative of eq. 1: of ½r² it is r, of "
                                "δ|r| it is δ·sign(r)."),
        ),
        hints=(
            "Make a boolean mask small = |r| ≤ δ and choose between the two pieces of eq. 1 "
            "with np.where.",
            "The linear piece δ(|r| − ½δ) is chosen so that value and slope match the "
            "quadratic at |r| = δ. The derivative is r inside and ±δ outside.",
            "loss = np.where(small, 0.5 * r**2, delta * (np.abs(r) - 0.5 * delta)); "
            "psi = np.clip(r, -delta, delta).",
        ),
        example="""
r = np.array([-3.0, -1.0, 0.0, 0.5, 2.0])
loss, psi = huber_loss(r, 1.0)
print("rho:", loss)
print("psi:", psi)
""",
    ),
    Exercise(
        name="huber_regression.gradient",
        function="huber_scale_loss_and_gradient",
        goal="Huber's objective with a scale σ and its gradient in (w, b, σ)",
        difficulty=3,
        task="With residuals rᵢ = yᵢ − xᵢ·w − b, split the samples into inliers I "
             "(|rᵢ| ≤ εσ) and outliers O. Return L(w, b, σ) of eq. 5 and its gradient: "
             "∇_w L (shape (d,)), ∂L/∂b and ∂L/∂σ (numbers). X has shape (n, d), y (n,), "
             "w (d,); b, σ > 0, ε ≥ 1 and the ridge penalty α ≥ 0 are numbers.",
        equations=("5", "7", "8", "9"),
        checks=(
            same_output("diabetes (442 × 10), σ = 45, some outliers", _diabetes_fit,
                        hint="eq. 5: nσ counts every sample; inliers add rᵢ²/σ, outliers "
                             "2ε|rᵢ| − ε²σ."),
            same_output("30 samples with heavy-tailed noise, ε = 1.1, α = 0.5",
                        _random_many_outliers,
                        hint="eqs. 7–8: the residual is y − Xw − b, so each derivative "
                             "carries a minus sign; the penalty adds 2αw to ∇_w L only."),
            same_output("one sample, an outlier", _one_outlier_sample,
                        hint="eq. 9: ∂L/∂σ = n − Σ_I rᵢ²/σ² − |O|ε² — an outlier still "
                             "counts in n and in |O|."),
            gradient_matches_loss("your gradient against finite differences of your loss",
                                  _random_many_outliers, wrt={0: 1, 1: 2, 2: 3},
                                  hint="eqs. 7–9 differentiate eq. 5 term by term; the "
                                       "inlier/outlier split does not move under a tiny "
                                       "step."),
        ),
        hints=(
            "Compute r = y − X @ w − b and the mask outlier = |r| > ε·σ. Everything "
            "else is a sum over one of the two sets.",
            "∂(rᵢ²/σ)/∂w = −2rᵢxᵢ/σ and ∂(2ε|rᵢ|)/∂w = −2ε·sign(rᵢ)xᵢ: combine them in "
            "one vector over samples and multiply by Xᵀ once.",
            "With r_in = r on inliers (0 elsewhere) and s_out = sign(r) on outliers: "
            "pull = (2/σ)·r_in + 2ε·s_out, grad_w = −Xᵀ pull + 2αw, grad_b = −Σ pull, "
            "grad_sigma = n − Σ r_in²/σ² − |O|ε².",
        ),
        example="""
rng = np.random.default_rng(0)
X = rng.normal(size=(20, 2))
y = X @ np.array([1.0, -1.0]) + rng.standard_t(2, size=20)
loss, grad_w, grad_b, grad_sigma = huber_scale_loss_and_gradient(
    np.zeros(2), 0.0, 1.0, X, y, 1.35, 1e-4)
print(f"L {loss:.4f}, grad_w {np.round(grad_w, 4)}, dL/db {grad_b:.4f}, "
      f"dL/dsigma {grad_sigma:.4f}")
""",
    ),
)
