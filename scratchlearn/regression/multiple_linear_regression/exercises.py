"""Exercise: the mean squared error of a linear model and its gradient, in matrix form."""

import numpy as np

from scratchlearn.datasets import load_diabetes
from scratchlearn.exercises import Exercise, gradient_matches_loss, same_output


def _diabetes():
    X, y = load_diabetes(return_X_y=True)
    w = np.linspace(-300.0, 500.0, X.shape[1])
    return w, 150.0, X, y


def _random_wide():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(7, 12))                    # more features than samples
    return rng.normal(size=12), -0.4, X, rng.normal(size=7)


def _one_sample():
    return np.array([1.0, -2.0, 0.5]), 0.25, np.array([[2.0, 1.0, -4.0]]), np.array([3.0])


EXERCISES = (
    Exercise(
        name="multiple_linear_regression.gradient",
        function="mse_loss_and_gradient",
        goal="the MSE of a linear model and its gradient, as matrix products",
        difficulty=1,
        task="Return the mean squared error L(w, b) = (1/n)‖Xw + b1 − y‖² and its gradient: "
             "∇_w L, an array of shape (d,), and ∂L/∂b, a number. X has shape (n, d), "
             "w shape (d,), y shape (n,), b is a number. Use matrix products, no loop over "
             "samples.",
        equations=("2", "3"),
        checks=(
            same_output("diabetes (442 samples, 10 features)", _diabetes,
                        hint="eq. 2: the residual is r = Xw + b1 − y, the loss rᵀr / n."),
            same_output("random data with more features than samples (7 × 12)", _random_wide,
                        hint="eq. 3: ∇_w L = (2/n) Xᵀr has one entry per feature, shape (d,)."),
            same_output("a single sample", _one_sample,
                        hint="with n = 1 the mean is the one term; Xᵀr is still (d,)."),
            gradient_matches_loss("your gradient against finite differences of your loss",
                                  _random_wide, wrt={0: 1, 1: 2},
                                  hint="eq. 3: ∂rᵢ/∂w = xᵢ and ∂rᵢ/∂b = 1, with the 2/n "
                                       "from the mean of squares."),
        ),
        hints=(
            "Compute the residual vector r = X @ w + b - y once; the loss and both "
            "derivatives come from it.",
            "The derivative of rᵢ² is 2 rᵢ ∂rᵢ; summing rᵢ xᵢ over the samples is the "
            "product Xᵀr.",
            "loss = r @ r / n, grad_w = (2 / n) * X.T @ r, grad_b = (2 / n) * r.sum().",
        ),
        example="""
X = np.array([[1.0, 2.0], [2.0, 0.5], [3.0, -1.0]])
y = np.array([2.0, 3.5, 6.5])
loss, grad_w, grad_b = mse_loss_and_gradient(np.array([0.5, -0.2]), 1.0, X, y)
print(f"loss {loss:.4f}, grad_w {np.round(grad_w, 4)}, dL/db {grad_b:.4f}")
""",
    ),
)
