"""Exercise: the soft-margin SVM's primal objective (the hinge loss) and its
subgradient."""

import numpy as np

from scratchlearn.datasets import load_breast_cancer
from scratchlearn.exercises import Exercise, gradient_matches_loss, same_output


def _cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    w = np.linspace(-0.4, 0.4, X.shape[1])
    return w, 0.3, X, np.where(y == 1, 1.0, -1.0), 0.5


def _random_overlapping():
    rng = np.random.default_rng(26)
    X = rng.normal(size=(35, 4))
    y = np.where(X[:, 0] + rng.normal(size=35) > 0, 1.0, -1.0)
    return rng.normal(size=4), 0.1, X, y, 2.0


def _on_the_margin():
    # y f(x) = 1 exactly for the first sample (on the kink), 0.5 and 3 for the others.
    X = np.array([[1.0, 0.0], [0.5, 0.0], [0.0, -3.0]])
    return np.array([1.0, 1.0]), 0.0, X, np.array([1.0, 1.0, -1.0]), 1.0


EXERCISES = (
    Exercise(
        name="svm.gradient",
        function="primal_objective_and_gradient",
        goal="the hinge-loss primal objective of the SVM and its subgradient",
        difficulty=1,
        task="For weights w (d,), intercept b, data X (n, d), labels y (n,) in {−1, +1} "
             "and C > 0, return P(w, b) = ½‖w‖² + C Σ max(0, 1 − yᵢ(w·xᵢ + b)) (eq. 4) and "
             "its subgradient (∂P/∂w of shape (d,), ∂P/∂b a number) of eq. 5, taking the "
             "samples with yᵢf(xᵢ) < 1 strictly as the margin violators.",
        equations=("4", "5"),
        checks=(
            same_output("breast cancer, standardised, C = 0.5", _cancer,
                        hint="eq. 4: only samples inside the margin (yᵢf(xᵢ) < 1) add "
                             "1 − yᵢf(xᵢ); the regulariser ½‖w‖² leaves b out."),
            same_output("35 overlapping samples, C = 2", _random_overlapping,
                        hint="eq. 5: ∂P/∂w = w − C Σ_violators yᵢxᵢ — the w comes from "
                             "½‖w‖²."),
            same_output("a sample exactly on its margin (yf = 1)", _on_the_margin,
                        hint="at yᵢf(xᵢ) = 1 the hinge is 0 and eq. 5 leaves the sample "
                             "out: the test is < 1, not ≤ 1."),
            gradient_matches_loss("your subgradient against finite differences of your P",
                                  _random_overlapping, wrt={0: 1, 1: 2},
                                  hint="eq. 5: d/dw of 1 − yᵢ(w·xᵢ + b) is −yᵢxᵢ, of b "
                                       "−yᵢ."),
        ),
        hints=(
            "Compute the functional margins z = y ⊙ (Xw + b) once; the violators are "
            "z < 1.",
            "loss = ½ w·w + C Σ (1 − z) over the violators; the gradient sums yᵢxᵢ and yᵢ "
            "over the same samples.",
            "grad_w = w − C (y ⊙ violates) @ X, grad_b = −C Σ y ⊙ violates.",
        ),
        example="""
X = np.array([[2.0, 1.0], [1.0, 2.5], [-1.0, -1.0], [0.2, 0.1]])
y = np.array([1.0, 1.0, -1.0, -1.0])
loss, grad_w, grad_b = primal_objective_and_gradient(np.array([0.5, 0.5]), 0.0, X, y, 1.0)
print(f"P {loss:.4f}, dP/dw {grad_w}, dP/db {grad_b}")
""",
    ),
)
