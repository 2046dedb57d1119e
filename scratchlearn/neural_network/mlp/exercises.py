"""Exercises: backpropagation's two pieces, the dense layer's backward pass and
the softmax cross-entropy's gradient."""

import numpy as np

from scratchlearn.core.optim import check_gradient
from scratchlearn.datasets import load_digits
from scratchlearn.exercises import (
    Exercise,
    Mismatch,
    gradient_matches_loss,
    property_holds,
    same_output,
)


def _digits_layer():
    X = load_digits(return_X_y=True)[0][:60] / 16.0
    rng = np.random.default_rng(0)
    return X, rng.normal(scale=0.1, size=(64, 10)), rng.normal(size=(60, 10))


def _random_layer():
    rng = np.random.default_rng(1)
    return rng.normal(size=(7, 3)), rng.normal(size=(3, 5)), rng.normal(size=(7, 5))


def _first_layer():
    A, W, delta = _random_layer()
    return A, W, delta, False


def _one_sample():
    rng = np.random.default_rng(2)
    return rng.normal(size=(1, 4)), rng.normal(size=(4, 2)), rng.normal(size=(1, 2))


def _matches_finite_differences(dense_backward):
    """J(A, W, b) = Σ sin(A W + 1bᵀ) has ∂J/∂Z = cos(Z): the layer's gradients
    from that δ must be J's, measured by central differences."""
    rng = np.random.default_rng(3)
    A, W, b = rng.normal(size=(6, 4)), rng.normal(size=(4, 3)), rng.normal(size=3)

    def J(A, W, b):
        return float(np.sum(np.sin(A @ W + b)))

    def grads(A, W, b):
        result = dense_backward(A, W, np.cos(A @ W + b))
        if not isinstance(result, (tuple, list)) or len(result) != 3:
            raise Mismatch("expected a tuple of 3 values (grad_W, grad_b, grad_A).")
        return result

    for name, position, f, point in (
            ("grad_W", 0, lambda W_: J(A, W_, b), W),
            ("grad_b", 1, lambda b_: J(A, W, b_), b),
            ("grad_A", 2, lambda A_: J(A_, W, b), A)):
        def grad(value, name=name, position=position):
            args = {"grad_W": (A, value, b), "grad_b": (A, W, value), "grad_A": (value, W, b)}
            got = np.asarray(grads(*args[name])[position], dtype=float)
            if got.shape != np.shape(value):
                raise Mismatch(f"{name} has shape {got.shape}; expected {np.shape(value)}.",
                               output=name)
            return got
        error = check_gradient(f, grad, point)
        if not error <= 1e-6:
            raise Mismatch(f"{name} disagrees with finite differences of J (relative error "
                           f"{error:.2g}, a right gradient gives < 1e-7).", output=name)


def _digits_scores():
    X, y = load_digits(return_X_y=True)
    W = np.random.default_rng(4).normal(scale=0.05, size=(64, 10))
    return X[:80] @ W, np.eye(10)[y[:80]]


def _random_scores():
    rng = np.random.default_rng(5)
    return rng.normal(size=(13, 4)), np.eye(4)[rng.integers(0, 4, size=13)]


def _extreme_scores():
    Z = np.array([[1000.0, 0.0, -1000.0], [-800.0, 800.0, 0.0], [0.0, 0.0, 750.0]])
    return Z, np.eye(3)[[0, 0, 2]]


def _one_sample_scores():
    return np.array([[0.5, -1.5]]), np.array([[0.0, 1.0]])


EXERCISES = (
    Exercise(
        name="mlp.dense_backward",
        function="dense_backward",
        goal="a dense layer's backward pass: ∂J/∂W, ∂J/∂b and ∂J/∂A from δ",
        difficulty=2,
        task="The layer computes Z = A W + 1bᵀ from its input A (n, fan_in) and weights "
             "W (fan_in, fan_out). Given A, W and δ = ∂J/∂Z (n, fan_out), return "
             "grad_W (fan_in, fan_out), grad_b (fan_out,) and grad_A (n, fan_in), the "
             "gradients of J (eq. 7); grad_A is None when input_grad is False (the "
             "first layer: its input is the data).",
        equations=("1", "7"),
        checks=(
            same_output("digits, 60 images into 10 units", _digits_layer,
                        hint="eq. 7: ∂J/∂W = Aᵀ δ has W's shape (fan_in, fan_out)."),
            same_output("random layer 3 → 5, 7 samples", _random_layer,
                        hint="∂J/∂b sums δ over the samples (b is added to every row); "
                             "no division by n: δ already carries the 1/n of eq. 2."),
            same_output("the first layer (input_grad=False)", _first_layer,
                        hint="no ∂J/∂A for the first layer: return None in its place."),
            same_output("a single sample", _one_sample,
                        hint="shapes stay 2-D with n = 1."),
            property_holds("your gradients against finite differences of J = Σ sin(Z)",
                           _matches_finite_differences,
                           hint="eq. 7: ∂J/∂A = δ Wᵀ, the same W, transposed."),
        ),
        hints=(
            "Write Z = A W + 1bᵀ entry by entry: Z_ij = Σ_k A_ik W_kj + b_j, and "
            "differentiate J through Z_ij (eq. 7).",
            "Each gradient has the shape of what it is the gradient of: match the shapes "
            "with a transpose.",
            "grad_W = A.T @ delta; grad_b = delta.sum(axis=0); grad_A = delta @ W.T (or "
            "None).",
        ),
        output_hints={
            "grad_W": "eq. 7: ∂J/∂W = Aᵀ δ, of W's shape (fan_in, fan_out).",
            "grad_b": "eq. 7: ∂J/∂b = 1ᵀ δ, the sum of δ over the samples (no 1/n: δ has it).",
            "grad_A": "eq. 7: ∂J/∂A = δ Wᵀ, of A's shape; None for the first layer.",
        },
        example="""
A = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])     # 3 samples, 2 inputs
W = np.array([[0.1, -0.2, 0.3], [0.4, 0.5, -0.6]])     # 2 → 3 units
delta = np.ones((3, 3)) / 3
grad_W, grad_b, grad_A = dense_backward(A, W, delta)
print("dJ/dW:\\n", grad_W, "\\ndJ/db:", grad_b, "\\ndJ/dA:\\n", grad_A)
""",
    ),
    Exercise(
        name="mlp.softmax_cross_entropy",
        function="softmax_cross_entropy",
        goal="the mean softmax cross-entropy and its gradient, without overflow",
        difficulty=2,
        task="Given scores Z (n, K) and one-hot targets Y (n, K), return loss, the mean "
             "over the n rows of −Σ_k y_k log softmax(z)_k (eqs. 2–3, without the "
             "penalty), and grad (n, K), its gradient with respect to Z (eq. 4). Scores "
             "of ±1000 must give finite numbers: compute log softmax by eq. 14.",
        equations=("2", "3", "4", "14"),
        checks=(
            same_output("digits, 80 samples, 10 classes", _digits_scores,
                        hint="eq. 3 per row, then the mean over rows (eq. 2)."),
            same_output("random scores, 13 samples, 4 classes", _random_scores,
                        hint="eq. 4: (softmax(Z) − Y), divided by n because the loss is a "
                             "mean."),
            same_output("extreme scores (±1000)", _extreme_scores,
                        hint="eq. 14: subtract each row's maximum before exp; take the "
                             "log of softmax as z − max − log Σ exp(z − max)."),
            same_output("a single sample", _one_sample_scores,
                        hint="n = 1: shapes () and (1, K)."),
            gradient_matches_loss("your gradient against finite differences of your loss",
                                  _random_scores, wrt={0: 1},
                                  hint="eq. 4: ∂ℓ/∂z = p − y per row, and 1/n from the mean."),
        ),
        hints=(
            "log softmax(z)_k = z_k − logsumexp(z); the loss picks, per row, the entry "
            "of the true class and averages its negative.",
            "Stabilise: m = Z.max(axis=1, keepdims=True); log_P = Z − m − log Σ exp(Z − m).",
            "loss = −np.sum(Y * log_P) / n; grad = (np.exp(log_P) − Y) / n.",
        ),
        output_hints={
            "loss": "eqs. 2–3: the mean over rows of −log softmax(z) at the true class; log "
                    "softmax by eq. 14.",
            "grad": "eq. 4: (softmax(Z) − Y) / n.",
        },
        example="""
Z = np.array([[2.0, 0.5, -1.0], [0.0, 0.0, 3.0]])
Y = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
loss, grad = softmax_cross_entropy(Z, Y)
print(f"loss {loss:.4f}")
print("gradient:\\n", grad.round(4))
""",
    ),
)
