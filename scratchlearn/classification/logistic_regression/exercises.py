"""Exercises: the log-loss of logistic regression with its gradient; its Hessian."""

import numpy as np

from scratchlearn.datasets import load_breast_cancer
from scratchlearn.exercises import (
    Exercise,
    Mismatch,
    gradient_matches_loss,
    property_holds,
    same_output,
)


def _cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    X1 = np.hstack([X, np.ones((len(X), 1))])
    theta = np.linspace(-0.3, 0.3, X1.shape[1])
    return theta, X1, y.astype(float), np.ones(len(y)), 0.5, X.shape[1]


def _weighted_no_intercept():
    rng = np.random.default_rng(22)
    X = rng.normal(size=(40, 3))
    y = (rng.random(40) < 0.4).astype(float)
    return rng.normal(size=3), X, y, rng.uniform(0.2, 3.0, size=40), 2.0, 3


def _extreme_logits():
    X1 = np.array([[30.0, 1.0], [-25.0, 1.0], [40.0, 1.0]])
    return np.array([50.0, 3.0]), X1, np.array([0.0, 1.0, 1.0]), np.ones(3), 1.0, 1


def _hessian_args(make):
    def args():
        theta, X1, _, s, C, n_penalised = make()
        return theta, X1, s, C, n_penalised
    return args


def _hessian_is_the_gradients_derivative(learner):
    from scratchlearn.classification.logistic_regression.model import log_loss_and_gradient
    theta, X1, y, s, C, n_penalised = _weighted_no_intercept()
    H = np.asarray(learner(theta, X1, s, C, n_penalised), dtype=float)
    if H.shape != (3, 3):
        raise Mismatch(f"the Hessian has shape {H.shape}; expected (3, 3).")
    h = 1e-6
    for j in range(3):
        step = np.zeros(3)
        step[j] = h
        column = (log_loss_and_gradient(theta + step, X1, y, s, C, n_penalised)[1]
                  - log_loss_and_gradient(theta - step, X1, y, s, C, n_penalised)[1]) / (2 * h)
        if not np.allclose(H[:, j], column, rtol=1e-5, atol=1e-7):
            raise Mismatch(f"column {j} of your Hessian is {np.round(H[:, j], 6)}; finite "
                           f"differences of the gradient give {np.round(column, 6)}.")


EXERCISES = (
    Exercise(
        name="logistic_regression.gradient",
        function="log_loss_and_gradient",
        goal="the regularised log-loss of logistic regression and its gradient",
        difficulty=2,
        task="θ (m,) stacks the weights and the intercept; X1 (n, m) is X with a column of "
             "ones for the intercept (or X itself without one); y (n,) holds 0/1 targets, "
             "s (n,) sample weights; C > 0. Only the first n_penalised entries of θ are "
             "penalised. Return L(θ) of eq. 5 (a number) and ∇L of eq. 6 (shape (m,)). "
             "Stay finite for huge scores: log_sigmoid and sigmoid are imported for you.",
        equations=("3", "5", "6", "11"),
        checks=(
            same_output("breast cancer, standardised, with an intercept", _cancer,
                        hint="eq. 5 divides the weighted sum of losses by S = Σ sᵢ, and the "
                             "penalty ‖w‖²/2 by C·S too."),
            same_output("40 weighted samples, no intercept (all of θ penalised)",
                        _weighted_no_intercept,
                        hint="eq. 6: each sample's pᵢ − yᵢ is weighted by sᵢ; the gradient "
                             "is X̃ᵀ(s ⊙ (p − y))/S plus the penalty's w/(C·S)."),
            same_output("extreme scores (|z| up to 1500)", _extreme_logits,
                        hint="eq. 11: ℓᵢ = −log σ((2yᵢ − 1)zᵢ) — log(1 − σ(z)) overflows "
                             "to −inf for large z; use log_sigmoid of ±z."),
            gradient_matches_loss("your gradient against finite differences of your loss",
                                  _weighted_no_intercept, wrt={0: 1},
                                  hint="eq. 3: dℓᵢ/dzᵢ = pᵢ − yᵢ and zᵢ = x̃ᵢ·θ."),
        ),
        hints=(
            "Compute z = X1 @ θ and S = Σ s once. The loss of a sample is −log σ(z) if "
            "y = 1 and −log σ(−z) if y = 0.",
            "loss = −s·log_sigmoid(where(y == 1, z, −z))/S + w·w/(2CS), with w the first "
            "n_penalised entries of θ; p = sigmoid(z).",
            "grad = X1ᵀ(s ⊙ (p − y))/S, then grad[:n_penalised] += w/(C·S).",
        ),
        example="""
rng = np.random.default_rng(0)
X = rng.normal(size=(100, 2))
y = (X @ np.array([2.0, -1.0]) + 0.5 * rng.normal(size=100) > 0).astype(float)
X1 = np.hstack([X, np.ones((100, 1))])
loss, grad = log_loss_and_gradient(np.zeros(3), X1, y, np.ones(100), 1.0, 2)
print(f"at theta = 0: loss {loss:.4f} (log 2 = {np.log(2):.4f}), gradient {np.round(grad, 4)}")
""",
    ),
    Exercise(
        name="logistic_regression.hessian",
        function="log_loss_hessian",
        goal="the Hessian of the regularised log-loss (Newton's / IRLS's matrix)",
        difficulty=2,
        task="With θ, X1 (n, m), sample weights s and C as in the gradient exercise, return "
             "∇²L of eq. 7, shape (m, m): X̃ᵀRX̃/S with R = diag(sᵢpᵢ(1 − pᵢ)), plus "
             "1/(C·S) on the diagonal entries of the first n_penalised (penalised) "
             "coordinates. `buffer` is an optional scratch array shaped like X1 for the "
             "model's own use; you may ignore it. sigmoid is imported for you.",
        equations=("7", "9"),
        checks=(
            same_output("breast cancer, standardised, with an intercept",
                        _hessian_args(_cancer),
                        hint="eq. 7: the penalty adds 1/(C·S) to the diagonal of the weights' "
                             "block only — not to the intercept's entry."),
            same_output("40 weighted samples, no intercept",
                        _hessian_args(_weighted_no_intercept),
                        hint="R's diagonal is sᵢpᵢ(1 − pᵢ): the sample weights enter too, "
                             "and the whole is divided by S."),
            same_output("extreme scores: p(1 − p) underflows to 0",
                        _hessian_args(_extreme_logits),
                        hint="at huge |z| a sample contributes nothing; only the penalty "
                             "remains."),
            property_holds("your Hessian against finite differences of the gradient",
                           _hessian_is_the_gradients_derivative,
                           hint="eq. 7 is the derivative of eq. 6: dpᵢ/dθ = pᵢ(1 − pᵢ)x̃ᵢ."),
        ),
        hints=(
            "p = sigmoid(X1 @ θ); each sample adds sᵢpᵢ(1 − pᵢ) x̃ᵢx̃ᵢᵀ / S.",
            "Scale the rows: X1ᵀ (X1 * r[:, None]) with r = s·p·(1 − p)/S is the whole "
            "data term in one product.",
            "hess = X1.T @ (X1 * r[:, None]); hess[j, j] += 1/(C·S) for j < n_penalised.",
        ),
        example="""
rng = np.random.default_rng(0)
X1 = np.hstack([rng.normal(size=(50, 2)), np.ones((50, 1))])
print(np.round(log_loss_hessian(np.array([1.0, -1.0, 0.2]), X1, np.ones(50), 1.0, 2), 4))
""",
    ),
)
