"""Exercises: the ridge objective and its gradient; the ridge solution by SVD
shrinkage."""

import numpy as np

from scratchlearn.datasets import load_diabetes
from scratchlearn.exercises import Exercise, gradient_matches_loss, same_output


def _diabetes_point():
    X, y = load_diabetes(return_X_y=True)
    return np.linspace(-100.0, 300.0, X.shape[1]), 152.0, X, y, 0.5


def _random_wide():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(6, 10))
    return rng.normal(size=10), 0.7, X, rng.normal(size=6), 3.0


def _no_penalty_one_sample():
    return np.array([2.0, -1.0]), -0.5, np.array([[1.0, 4.0]]), np.array([2.0]), 0.0


def _centred(X, y):
    return X - X.mean(axis=0), y - y.mean()


def _diabetes_centred():
    X, y = load_diabetes(return_X_y=True)
    Xc, yc = _centred(X, y)
    return Xc, yc, 0.05


def _random_wide_centred():
    rng = np.random.default_rng(21)
    Xc, yc = _centred(rng.normal(size=(8, 15)), rng.normal(size=8))
    return Xc, yc, 2.0


def _duplicate_column_no_penalty():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(20, 3))
    X = np.column_stack([X, X[:, 0]])                # rank 3 of 4: least squares has many
    Xc, yc = _centred(X, X @ np.array([1.0, 2.0, -1.0, 1.0]) + 0.1 * rng.normal(size=20))
    return Xc, yc, 0.0


EXERCISES = (
    Exercise(
        name="ridge_regression.gradient",
        function="ridge_loss_and_gradient",
        goal="the ridge objective and its gradient, the intercept unpenalised",
        difficulty=1,
        task="Return L(w, b) = ‖y − Xw − b1‖² + α‖w‖² (a sum, not a mean) and its gradient "
             "(∇_w L of shape (d,), ∂L/∂b a number). X has shape (n, d), w (d,), y (n,); "
             "b and α ≥ 0 are numbers. The penalty leaves b alone.",
        equations=("1", "2"),
        checks=(
            same_output("diabetes (442 × 10), α = 0.5", _diabetes_point,
                        hint="eq. 1 is a sum of squared residuals (no 1/n) plus α‖w‖²."),
            same_output("random 6 × 10 data, α = 3", _random_wide,
                        hint="eq. 2: the penalty contributes 2αw to ∇_w L and nothing to "
                             "∂L/∂b."),
            same_output("one sample, α = 0", _no_penalty_one_sample,
                        hint="with α = 0 this is least squares: L = r², ∇_w L = 2r·x."),
            gradient_matches_loss("your gradient against finite differences of your loss",
                                  _random_wide, wrt={0: 1, 1: 2},
                                  hint="eq. 2: differentiate ‖r‖² to 2Xᵀr and α‖w‖² to 2αw."),
        ),
        hints=(
            "Compute r = X @ w + b − y once; the data term is r @ r.",
            "d/dw of r @ r is 2 Xᵀr; d/dw of α w @ w is 2αw; b is not in the penalty.",
            "loss = r @ r + α (w @ w), grad_w = 2 Xᵀr + 2αw, grad_b = 2 Σ r.",
        ),
        example="""
X = np.array([[1.0, 2.0], [2.0, 0.5], [3.0, -1.0]])
y = np.array([2.0, 3.5, 6.5])
loss, grad_w, grad_b = ridge_loss_and_gradient(np.array([0.5, -0.2]), 1.0, X, y, 0.1)
print(f"L {loss:.4f}, grad_w {np.round(grad_w, 4)}, dL/db {grad_b:.4f}")
""",
    ),
    Exercise(
        name="ridge_regression.svd",
        function="ridge_svd",
        goal="the ridge weights by shrinking each singular direction of X",
        difficulty=2,
        task="For centred data X̃ (n, d) and ỹ (n,) and a penalty α ≥ 0, return the ridge "
             "weights w (d,) from the thin SVD X̃ = UΣVᵀ: each direction's least-squares "
             "coefficient shrunk by σ²/(σ² + α). When α = 0, drop the directions whose "
             "singular value is at rounding level (σ ≤ EPS·max(n, d)·σ₁), so the answer is "
             "the minimum-norm least-squares solution.",
        equations=("4", "5", "6"),
        checks=(
            same_output("diabetes, centred, α = 0.05", _diabetes_centred, rtol=1e-6,
                        hint="eq. 5: w = V diag(σⱼ/(σⱼ² + α)) Uᵀỹ — Vt.T, not Vt."),
            same_output("random 8 × 15 (more features than samples), α = 2",
                        _random_wide_centred, rtol=1e-6,
                        hint="use the thin SVD (full_matrices=False): U is (n, k), Vᵀ is "
                             "(k, d) with k = min(n, d)."),
            same_output("a duplicated column and α = 0 (minimum-norm solution)",
                        _duplicate_column_no_penalty, rtol=1e-6, atol=1e-8,
                        hint="a zero singular value would divide by zero at α = 0: give "
                             "directions with σ at rounding level the factor 0."),
        ),
        hints=(
            "np.linalg.svd(Xc, full_matrices=False) gives U, σ, Vᵀ. Project ỹ on the left "
            "singular vectors, scale, and map back with V.",
            "The factor on direction j is σⱼ/(σⱼ² + α) (eq. 5); it is 1/σⱼ at α = 0 and "
            "must be 0 where σⱼ ≤ EPS·max(n, d)·σ₁.",
            "keep = σ > EPS·max(Xc.shape)·σ[0]; factor = zeros, factor[keep] = "
            "σ[keep]/(σ[keep]² + α); w = Vt.T @ (factor * (U.T @ yc)).",
        ),
        example="""
rng = np.random.default_rng(0)
X = rng.normal(size=(30, 3))
y = X @ np.array([1.0, 2.0, -1.0]) + 0.1 * rng.normal(size=30)
Xc, yc = X - X.mean(axis=0), y - y.mean()
for alpha in (0.0, 10.0, 1000.0):
    print(f"alpha {alpha:7.1f}: w = {np.round(ridge_svd(Xc, yc, alpha), 4)}")
""",
    ),
)
