"""Exercise: one epoch of the perceptron's mistake-driven updates."""

import numpy as np

from scratchlearn.datasets import load_breast_cancer, load_iris
from scratchlearn.exercises import Exercise, same_output


def _signed_rows(X, y_pm):
    """zᵢ = yᵢ (xᵢ, 1): the perceptron's rows with the label and the bias folded in."""
    return np.hstack([X, np.ones((len(X), 1))]) * y_pm[:, None]


def _iris_versicolor_vs_virginica():
    X, y = load_iris(return_X_y=True)
    keep = y > 0
    return _signed_rows(X[keep], np.where(y[keep] == 2, 1.0, -1.0)), np.zeros(5), 1.0


def _cancer_warm_start():
    X, y = load_breast_cancer(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    u = np.linspace(-0.2, 0.2, X.shape[1] + 1)
    return _signed_rows(X, np.where(y == 1, 1.0, -1.0)), u, 0.1


def _margins_exactly_zero():
    Z = np.array([[1.0, 0.0, 1.0], [-1.0, 0.0, 1.0], [0.0, 2.0, -1.0], [0.0, 0.0, 0.0]])
    return Z, np.zeros(3), 0.5


EXERCISES = (
    Exercise(
        name="perceptron.epoch",
        function="perceptron_epoch",
        goal="one pass of the perceptron's update rule over the samples, in order",
        difficulty=1,
        task="Z (n, m) holds the signed rows zᵢ = yᵢ·(xᵢ, 1) (labels ±1 and the bias "
             "folded in) and u (m,) the weights (w, b). For i = 0, …, n − 1 in order: the "
             "margin is zᵢ·u; if it is ≤ 0 (a mistake, or exactly on the boundary), add "
             "its loss −zᵢ·u to the total, count the mistake and update u += η zᵢ. Update u "
             "in place and return (total loss, number of mistakes).",
        equations=("2", "3"),
        checks=(
            same_output("iris, versicolor against virginica, from u = 0",
                        _iris_versicolor_vs_virginica, in_place=(1,),
                        hint="eq. 3: the update uses the current u, changed by every "
                             "earlier mistake of the same pass — one sample at a time."),
            same_output("breast cancer, standardised, a warm start, η = 0.1",
                        _cancer_warm_start, in_place=(1,),
                        hint="eq. 3 scales the step by η; eq. 2's loss of a mistake is "
                             "−yᵢf(xᵢ) = −zᵢ·u before the update."),
            same_output("margins exactly 0 (and a zero row)", _margins_exactly_zero,
                        in_place=(1,),
                        hint="a margin of exactly 0 counts as a mistake: the test is "
                             "zᵢ·u ≤ 0, not < 0."),
        ),
        hints=(
            "Loop over the rows of Z: whether row i is a mistake depends on the updates "
            "before it, so this cannot be one matrix product.",
            "margin = z @ u; if margin <= 0: total −= margin, mistakes += 1, u += η z.",
            "Change u with u += eta * z (in place), not u = u + eta * z, which makes a new "
            "array the caller never sees.",
        ),
        example="""
rng = np.random.default_rng(0)
X = rng.normal(size=(40, 2))
y = np.where(X[:, 0] + 0.5 * X[:, 1] > 0.1, 1.0, -1.0)
Z = np.hstack([X, np.ones((40, 1))]) * y[:, None]
u = np.zeros(3)
for epoch in range(5):
    loss, mistakes = perceptron_epoch(Z, u, 1.0)
    print(f"epoch {epoch + 1}: loss {loss:.3f}, mistakes {mistakes}, u = {np.round(u, 3)}")
""",
    ),
)
