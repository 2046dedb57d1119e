"""The perceptron's epoch a block of samples at a time: the fast twin of
``perceptron_epoch`` in model.py. Explained in perceptron/notes.md, "Making it fast",
item 1.

1. The perceptron is inherently sequential: whether sample i causes an
update depends on every update before it. But between two mistakes the
weights do not change, so instead of a Python step per sample ``epoch``
scores a block of the upcoming samples with the current weights in one product, jumps to
the first mistake, updates, and scores again from the sample after it. The
result is the sample-by-sample algorithm's (the tests require the same
weights); the loop runs once per
mistake (or per clean block), not once per sample. A mistake costs a
handful of NumPy calls (about a microsecond each), so what remains is
keeping that handful small:
- blocks are contiguous slices of rows reordered once per epoch (a view,
  where fancy indexing would copy the block at every mistake);
- block sizes adapt: after a mistake at offset r the next block holds about
  2(r + 1) rows (the next mistake is expected about as soon), and a clean
  block doubles the next one; too long wastes the product past the next
  mistake, too short pays the call overhead for nothing;
- rows are signed (zᵢ = yᵢ x̃ᵢ) and the bias is a weight on a constant
  feature, so a block's margins are one product and an update one addition.
Correcting the block's precomputed margins after a mistake (a rank-1 update,
margins += η Z_block z_r) instead of rescoring costs the same product, so
rescoring from the sample after the mistake is kept.

A block product sums in another order than the one-row dot of ``perceptron_epoch``,
so a margin within rounding of 0 could change sign between the two. Rows
whose block margin lies within the rounding bound of 0 are only suspects:
each is decided by the very expression ``perceptron_epoch`` evaluates, ``z @ u``.
Floating-point dot products of length m err by at most
m·ε·Σⱼ|zⱼ||uⱼ| ≤ m·ε·max|z|·‖u‖₁ (Higham, *Accuracy and Stability of
Numerical Algorithms*, 2002, §3.1), so every row the two could disagree on
is a suspect and the weights match ``perceptron_epoch``'s bit for bit.
"""
import numpy as np

_MIN_BLOCK, _MAX_BLOCK = 8, 4096


def epoch(Z, u, eta):
    """The pass of ``model.perceptron_epoch`` (eq. 3 on signed rows zᵢ = yᵢ (xᵢ, 1)),
    a block of samples at a time. Updates u in place; returns the summed loss
    (eq. 2) and the number of mistakes."""
    n, m = Z.shape
    # Twice the dot-product bound: both summation orders may err, in opposite directions.
    row_bound = 2.0 * m * np.finfo(np.float64).eps * np.abs(Z).max(axis=1)
    total_loss = 0.0
    n_mistakes = 0
    block = _MIN_BLOCK
    start = 0
    while start < n:
        stop = min(start + block, n)
        margins = Z[start:stop] @ u                     # yᵢ f(xᵢ) for the block
        slack = row_bound[start:stop] * np.abs(u).sum()
        for r in np.flatnonzero(margins <= slack):
            margin = float(Z[start + r] @ u)            # perceptron_epoch's own expression
            if margin <= 0:
                break
        else:                                           # clean block
            start = stop
            block = min(2 * block, _MAX_BLOCK)
            continue
        total_loss -= margin
        n_mistakes += 1
        u += Z[start + r] if eta == 1.0 else eta * Z[start + r]
        start += r + 1
        block = max(_MIN_BLOCK, 2 * (r + 1))
    return total_loss, n_mistakes
