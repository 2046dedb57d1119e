"""Exercise: the mean squared error and its gradient for one feature."""

import numpy as np

from scratchlearn.datasets import load_diabetes
from scratchlearn.exercises import Exercise, gradient_matches_loss, same_output


def _tiny():
    return 0.5, -1.0, np.array([1.0, 2.0, 3.0]), np.array([2.0, 3.5, 6.5])


def _diabetes_bmi():
    X, y = load_diabetes(return_X_y=True)
    return 300.0, 150.0, X[:, 2].copy(), y


def _one_sample():
    return -2.0, 0.25, np.array([4.0]), np.array([1.0])


EXERCISES = (
    Exercise(
        name="linear_regression.gradient",
        function="mse_loss_and_gradient",
        goal="the MSE of a line and its gradient",
        difficulty=1,
        task="Return the mean squared error L(w, b) of the line y = w·x + b on the samples "
             "(x, y), and its two partial derivatives ∂L/∂w and ∂L/∂b. w and b are "
             "numbers; x and y are arrays of shape (n,). Return three floats.",
        equations=("2", "3"),
        checks=(
            same_output("three samples worked by hand", _tiny,
                        hint="eq. 2 averages the squared residuals rᵢ = w·xᵢ + b − yᵢ."),
            same_output("diabetes, BMI against progression (442 samples)", _diabetes_bmi,
                        hint="eq. 3: each derivative is a mean over the samples, with "
                             "the factor 2 from differentiating rᵢ²."),
            same_output("a single sample", _one_sample,
                        hint="with n = 1 the mean is the one term: no division by n − 1."),
            gradient_matches_loss("your gradient against finite differences of your loss",
                                  _diabetes_bmi, wrt={0: 1, 1: 2},
                                  hint="eq. 3: ∂rᵢ/∂w = xᵢ and ∂rᵢ/∂b = 1."),
        ),
        hints=(
            "Compute the residuals r = w * x + b - y once; the loss and both "
            "derivatives are means over r.",
            "d(rᵢ²)/dw = 2 rᵢ · xᵢ and d(rᵢ²)/db = 2 rᵢ; average each over the samples.",
            "loss = mean(r²), grad_w = 2·mean(r·x), grad_b = 2·mean(r).",
        ),
        output_hints={
            "loss": "eq. 2: the mean of the squared residuals rᵢ = w·xᵢ + b − yᵢ.",
            "grad_w": "eq. 3: d(rᵢ²)/dw = 2 rᵢ xᵢ, averaged over the samples.",
            "grad_b": "eq. 3: d(rᵢ²)/db = 2 rᵢ, averaged over the samples.",
        },
        example="""
x = np.array([1.0, 2.0, 3.0])
y = np.array([2.0, 3.5, 6.5])
loss, grad_w, grad_b = mse_loss_and_gradient(0.5, -1.0, x, y)
print(f"loss {loss:.4f}, dL/dw {grad_w:.4f}, dL/db {grad_b:.4f}")
""",
    ),
)
