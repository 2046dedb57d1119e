"""Exercises: the softmax cross-entropy and its gradient; the Hessian-vector
product that Newton-CG needs."""

import numpy as np

from scratchlearn.core.preprocessing import one_hot
from scratchlearn.datasets import load_iris, load_wine
from scratchlearn.exercises import (
    Exercise,
    Mismatch,
    gradient_matches_loss,
    property_holds,
    same_output,
)


def _class_major(X, y, n_classes, intercept=True):
    X1 = np.hstack([X, np.ones((len(X), 1))]) if intercept else X
    return np.ascontiguousarray(X1.T), np.ascontiguousarray(one_hot(y, n_classes).T)


def _iris():
    X, y = load_iris(return_X_y=True)
    X1t, Y = _class_major(X, y, 3)
    theta = np.linspace(-0.5, 0.5, 15).reshape(3, 5)
    return theta, X1t, Y, np.ones(len(y)), 1.0, 4


def _wine_weighted():
    X, y = load_wine(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    X1t, Y = _class_major(X, y, 3)
    rng = np.random.default_rng(23)
    return (rng.normal(scale=0.3, size=(3, 14)), X1t, Y, rng.uniform(0.5, 2.0, len(y)),
            0.3, 13)


def _random_no_intercept():
    rng = np.random.default_rng(24)
    X = rng.normal(size=(25, 3))
    X1t, Y = _class_major(X, rng.integers(0, 4, 25), 4, intercept=False)
    return rng.normal(size=(4, 3)), X1t, Y, np.ones(25), 2.0, 3


def _extreme_scores():
    X1t = np.array([[40.0, -30.0, 5.0], [1.0, 1.0, 1.0]])      # one feature and the ones
    Y = np.array([[0.0, 1.0, 0.0], [1.0, 0.0, 1.0]])
    return np.array([[30.0, 0.0], [-30.0, 0.0]]), X1t, Y, np.ones(3), 1.0, 1


def _hvp_args(make, seed):
    from scratchlearn.classification.softmax_regression.model import cross_entropy_objective

    def args():
        theta, X1t, Y, s, C, n_penalised = make()
        P = cross_entropy_objective(theta, X1t, Y, s, C, n_penalised)[2]
        V = np.random.default_rng(seed).normal(size=theta.shape)
        return V, X1t, P, s, C, n_penalised
    return args


def _hvp_is_the_gradients_derivative(learner):
    from scratchlearn.classification.softmax_regression.model import cross_entropy_objective
    theta, X1t, Y, s, C, n_penalised = _random_no_intercept()
    V = np.random.default_rng(25).normal(size=theta.shape)
    P = cross_entropy_objective(theta, X1t, Y, s, C, n_penalised)[2]
    got = np.asarray(learner(V, X1t, P, s, C, n_penalised), dtype=float)
    h = 1e-6
    numeric = (cross_entropy_objective(theta + h * V, X1t, Y, s, C, n_penalised)[1]
               - cross_entropy_objective(theta - h * V, X1t, Y, s, C, n_penalised)[1]) / (2 * h)
    if got.shape != numeric.shape or not np.allclose(got, numeric, rtol=1e-5, atol=1e-7):
        raise Mismatch(f"∇²L V is {np.round(got, 5).tolist()}; finite differences of the "
                       f"gradient along V give {np.round(numeric, 5).tolist()}.")


EXERCISES = (
    Exercise(
        name="softmax_regression.gradient",
        function="cross_entropy_objective",
        goal="the softmax cross-entropy and its gradient, class-major",
        difficulty=2,
        task="Θ (K, m) has one row θ_k = (w_k, b_k) per class; X1t (m, n) is X̃ᵀ (X with a "
             "column of ones, transposed); Y (K, n) the one-hot targets; s (n,) sample "
             "weights; C > 0; only the first n_penalised columns of Θ are penalised. With "
             "order = 1 (the default) return (L, ∇L, P): L of eq. 4, ∇L of eq. 5 shaped "
             "like Θ, and the probabilities P (K, n). With order = 0 return L alone. "
             "log_softmax (eq. 10) is imported for you: use it so that huge scores stay "
             "finite.",
        equations=("2", "4", "5", "10"),
        checks=(
            same_output("iris, 3 classes, with intercepts", _iris,
                        hint="eq. 4: −Σᵢ sᵢ Σ_k Y_ik log P_ik / S + ‖W‖²/(2CS), W the "
                             "penalised columns only."),
            same_output("wine, standardised, weighted samples", _wine_weighted,
                        hint="eq. 5: ((P − Y) ⊙ s) X̃ / S — in class-major layout that is "
                             "((P − Y) * s) @ X1t.T."),
            same_output("extreme scores (|z| = 1200)", _extreme_scores,
                        hint="eq. 10: log P = z − logsumexp(z) over the classes (axis 0 "
                             "here); exp of 1200 overflows."),
            gradient_matches_loss("your gradient against finite differences of your loss",
                                  _random_no_intercept, wrt={0: 1},
                                  hint="eq. 5: ∂L/∂z_ik = sᵢ(P_ik − Y_ik)/S."),
        ),
        hints=(
            "Z = Θ @ X1t gives the (K, n) scores; log P = log_softmax(Z, axis=0); the "
            "loss weights Y ⊙ log P by s.",
            "The gradient of the data term is ((P − Y) ⊙ s) X̃ / S with P = exp(log P); "
            "the penalty adds W/(C·S) to the first n_penalised columns.",
            "loss = −Σ (Y * s) * log_P / S + Σ W²/(2CS); grad = ((P − Y) * s) @ X1t.T / S; "
            "grad[:, :n_penalised] += W/(C·S); return loss, grad, P.",
        ),
        example="""
rng = np.random.default_rng(0)
X = rng.normal(size=(30, 2))
y = rng.integers(0, 3, 30)
X1t = np.vstack([X.T, np.ones(30)])
Y = np.eye(3)[y].T
loss, grad, P = cross_entropy_objective(np.zeros((3, 3)), X1t, Y, np.ones(30), 1.0, 2)
print(f"at zero: loss {loss:.4f} (log 3 = {np.log(3):.4f}); gradient\\n{np.round(grad, 4)}")
""",
    ),
    Exercise(
        name="softmax_regression.hessian_vector",
        function="hessian_vector_product",
        goal="the Hessian of the cross-entropy applied to a direction, without forming it",
        difficulty=3,
        task="With X1t (m, n), the probabilities P (K, n) at the current Θ, sample weights "
             "s, C and n_penalised as in the gradient exercise, return ∇²L V (eq. 9) for a "
             "direction V shaped like Θ (K, m): the result is shaped like V. Do not build "
             "the K·m × K·m Hessian; O(nKm) work.",
        equations=("6", "9"),
        checks=(
            same_output("iris, 3 classes, a random direction", _hvp_args(_iris, 1),
                        hint="eq. 9: Ż = V X̃ᵀ is how the scores move; the probabilities "
                             "move by P ⊙ (Ż − Σ_l P_l Ż_l), the sum over classes."),
            same_output("wine, weighted samples", _hvp_args(_wine_weighted, 2),
                        hint="the sample weights multiply Ṗ before the product with X̃, "
                             "and the whole is divided by S."),
            same_output("extreme scores: P is 0 or 1", _hvp_args(_extreme_scores, 3),
                        hint="where P is one-hot Ṗ is 0: only the penalty V Λ/(CS) is left."),
            property_holds("∇²L V against finite differences of the gradient along V",
                           _hvp_is_the_gradients_derivative,
                           hint="eq. 9 is d/dt ∇L(Θ + tV) at t = 0."),
        ),
        hints=(
            "Three steps, all (K, n): Ż = V @ X1t; subtract from each column its "
            "P-weighted mean over classes; multiply by P and by s.",
            "Then multiply by X̃ (i.e. @ X1t.T) and divide by S; the penalty adds V/(C·S) "
            "on the first n_penalised columns.",
            "Z_dot = V @ X1t; Z_dot -= (P * Z_dot).sum(axis=0); Z_dot *= P * s; out = "
            "Z_dot @ X1t.T / S; out[:, :n_penalised] += V[:, :n_penalised] / (C * S).",
        ),
        example="""
rng = np.random.default_rng(0)
X1t = np.vstack([rng.normal(size=(2, 20)), np.ones(20)])
P = np.full((3, 20), 1 / 3)
V = np.eye(3)
print(np.round(hessian_vector_product(V, X1t, P, np.ones(20), 1.0, 2), 4))
""",
    ),
)
