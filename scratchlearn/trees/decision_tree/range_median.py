"""Weighted medians of many ranges at once: the absolute-error criterion of the
fast engine (notes, "Absolute error" under "Complexity of the split search").

``model.CART`` measures the children of every cut of a node one by one
(``model.absolute_deviation``). The level-wise grower asks for the weighted
median and absolute deviation of every prefix and suffix of every node of a
level at once; a wavelet matrix over the ranks of y answers them all in
O(log n) vectorised passes.
"""

import numpy as np


def running_sums(x):
    """Running sums of x from 0, (n + 1,), as a pair: np.cumsum's values and,
    beside them, the running total of what each addition rounded away (the
    TwoSum error of step k, computed for all k at once since the sums are
    known). A range's sum from the pair (``range_sum``) is then accurate to
    the range's own size: from the sums alone, a range of one sample carries
    the rounding of every sample added before it."""
    sums = np.concatenate([[0.0], np.cumsum(x)])
    before, after = sums[:-1], sums[1:]
    added = after - before
    rounded_away = (before - (after - added)) + (x - added)
    return sums, np.concatenate([[0.0], np.cumsum(rounded_away)])


def range_sum(running, a, b):
    """The sum of entries [a, b) from ``running_sums``."""
    sums, rounded_away = running
    return (sums[b] - sums[a]) + (rounded_away[b] - rounded_away[a])


class WaveletMatrix:
    """Range weighted-median queries over a sequence of distinct integer ranks.

    Level by level from the top bit, the sequence is stably partitioned into
    the elements whose bit is 0, then those whose bit is 1; prefix sums of the
    zeros (count, weight, weight·y) at each level let a query descend one bit
    per level, narrowing its range to the half that holds the median, for all
    queries at once (Claude, Navarro & Ordóñez, 2015).
    """

    def __init__(self, ranks, w, wy, n_bits):
        self.levels = []
        self.total_w, self.total_wy = running_sums(w), running_sums(wy)
        for bit in range(n_bits - 1, -1, -1):
            zero = ((ranks >> bit) & 1) == 0
            zeros = np.concatenate([[0], np.cumsum(zero)])
            zeros_w = running_sums(np.where(zero, w, 0.0))
            zeros_wy = running_sums(np.where(zero, wy, 0.0))
            self.levels.append((bit, zeros, zeros_w, zeros_wy))
            perm = np.concatenate([np.flatnonzero(zero), np.flatnonzero(~zero)])
            ranks, w, wy = ranks[perm], w[perm], wy[perm]

    def absolute_error(self, a, b, y_sorted):
        """(W, Σ w|y − median|) of each range [a, b) of the original sequence.
        The median is the smallest rank whose cumulative weight exceeds half
        the range's weight."""
        W = range_sum(self.total_w, a, b)
        WY = range_sum(self.total_wy, a, b)
        half = 0.5 * W
        t = half.copy()
        w_below = np.zeros_like(W)
        wy_below = np.zeros_like(W)
        rank = np.zeros(a.shape, dtype=np.intp)
        for bit, zeros, zeros_w, zeros_wy in self.levels:
            za, zb = zeros[a], zeros[b]
            wz = range_sum(zeros_w, a, b)
            to_ones = wz <= t                  # the median is not among the zeros
            t = np.where(to_ones, t - wz, t)
            w_below += np.where(to_ones, wz, 0.0)
            wy_below += np.where(to_ones, range_sum(zeros_wy, a, b), 0.0)
            rank |= to_ones.astype(np.intp) << bit
            a = np.where(to_ones, zeros[-1] + a - za, za)
            b = np.where(to_ones, zeros[-1] + b - zb, zb)
        # When the weight below lands exactly on one half, every value between
        # the two middle ones is a median (model.weighted_median takes their
        # midpoint) and all give the same loss: m·(W_below − W_above) = 0 below.
        # So the upper one serves.
        median = y_sorted[np.minimum(rank, y_sorted.size - 1)]    # an empty range walks off the end
        w_above = W - w_below
        loss = (WY - wy_below - median * w_above) + (median * w_below - wy_below)
        return W, loss
