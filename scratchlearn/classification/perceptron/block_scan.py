"""The perceptron's epoch a block of samples at a time: the fast twin of
``_epoch`` in model.py. Explained in perceptron/notes.md, "Making it fast",
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

A block product sums in another order than the one-row dot of ``_epoch``,
so a margin within rounding of 0 could change sign between the two. A row
whose block margin lies within the rounding bound of 0 is only a suspect,
decided (and its loss taken) by the very expression ``_epoch`` evaluates,
``z @ u``. A dot product of length m errs by at most m·ε·Σⱼ|zⱼ||uⱼ|
≤ m·ε·max|z|·‖u‖₁ (Higham, *Accuracy and Stability of Numerical
Algorithms*, 2002, §3.1); twice that bounds the gap between two orders.
‖u‖₁ is bounded without a pass over u: an update adds at most η‖zᵢ‖₁.
So every row the two paths could disagree on is a suspect, and the weights
match ``_epoch``'s bit for bit.
"""
import numpy as np

_MIN_BLOCK, _MAX_BLOCK = 8, 4096


def epoch(Z, u, eta):
    """The pass of ``model._epoch`` (eq. 3 on signed rows zᵢ = yᵢ (xᵢ, 1)),
    a block of samples at a time. Updates u in place; returns the summed loss
    (eq. 2) and the number of mistakes."""
    n, m = Z.shape
    abs_Z = np.abs(Z)
    rounding = 2.0 * m * np.finfo(np.float64).eps * float(abs_Z.max(initial=0.0))
    row_l1 = abs_Z.sum(axis=1)
    u_l1_bound = float(np.abs(u).sum())
    total_loss = 0.0
    n_mistakes = 0
    block = _MIN_BLOCK
    start = 0
    while start < n:
        margins = Z[start:start + block] @ u            # yᵢ f(xᵢ) for the block
        slack = rounding * u_l1_bound
        r = int((margins <= slack).argmax())            # first suspect, or 0 if none
        if margins[r] > slack:                          # clean block
            start += len(margins)
            block = min(2 * block, _MAX_BLOCK)
            continue
        i = start + r
        margin = float(Z[i] @ u)                        # _epoch's own expression
        start = i + 1
        block = max(_MIN_BLOCK, 2 * (r + 1))
        if margin > 0:                                  # a suspect that is no mistake
            continue
        total_loss -= margin
        n_mistakes += 1
        u += Z[i] if eta == 1.0 else eta * Z[i]
        u_l1_bound += eta * float(row_l1[i])
    return total_loss, n_mistakes
