"""Numerically stable building blocks: sigmoid, log-sum-exp, softmax.

Each is written so that large logits neither overflow nor lose precision;
every model that needs them calls these, once.
"""

import numpy as np

__all__ = ["log_sigmoid", "log_softmax", "logsumexp", "sigmoid", "softmax"]


def sigmoid(z):
    """σ(z) = 1 / (1 + e^(−z)), evaluated as e^(min(z,0)) / (1 + e^(−|z|)).

    Only e^(−|z|) ≤ 1 is ever computed, so z = ±1e4 gives 0 or 1 without an
    overflow warning.
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0, e) / (1.0 + e)


def log_sigmoid(z):
    """log σ(z) = −log(1 + e^(−z)) = min(z, 0) − log1p(e^(−|z|)), finite for any z."""
    z = np.asarray(z, dtype=float)
    return np.minimum(z, 0.0) - np.log1p(np.exp(-np.abs(z)))


def logsumexp(a, axis=-1, keepdims=False):
    """log Σⱼ e^(aⱼ) = m + log Σⱼ e^(aⱼ − m), m = maxⱼ aⱼ, so no term overflows."""
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    # A row of all −inf (zero probability everywhere) must not give NaN.
    m = np.where(np.isfinite(m), m, 0.0)
    with np.errstate(divide="ignore"):  # log(0) = −inf is the right answer there
        out = np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True)) + m
    return out if keepdims else np.squeeze(out, axis=axis)


def log_softmax(a, axis=-1):
    """log softmax(a) = a − logsumexp(a)."""
    a = np.asarray(a, dtype=float)
    return a - logsumexp(a, axis=axis, keepdims=True)


def softmax(a, axis=-1):
    """softmax(a)ⱼ = e^(aⱼ − m) / Σₖ e^(aₖ − m), m = maxₖ aₖ: the shift cancels,
    and normalising the exponentials directly keeps the rows summing to 1
    to rounding even when the logits are huge."""
    a = np.asarray(a, dtype=float)
    e = np.exp(a - np.max(a, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)
