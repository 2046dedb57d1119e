"""The fast engine's tree grower: all nodes of one depth searched together
(notes, "Making it fast", tricks 1–5 and 7–11).

``model.CART`` is the specification: for one node, for each feature, sort the
node's samples, scan the thresholds, keep the best. This module grows the
identical tree (same splits, same tie rule, same threshold arithmetic, same
random draws of ``max_features``, node by node in the same order) with a
number of NumPy calls per level that does not grow with the number of nodes:

1. ``_argsort_rows``: every feature is presorted once; ``_Grower._partition``
   keeps each node's samples sorted by every feature with a stable partition.
   (The drawn-features layout of trick 9 sorts the drawn pairs afresh at each
   level instead, by their presorted positions.)
2. ``_Grower._best_splits``: a level is one (n_features, n_active) array; each
   node is the same range of columns in every row.
3. ``_Grower._best_splits.prefix``: the left child's statistics at every cut
   are prefix sums restarted at every node (``_segment_cumsum`` for floats,
   summed in the very order ``CART`` sums them).
4. ``_Grower._best_splits``: the best cut per node is one ``maximum.reduceat``.
5. ``_Grower._partition``: the stable partition is one cumulative sum of the
   "goes left" mask and one scatter.
7. ``_Counts.counts_at_cuts``: class counts per run of samples between valid
   cuts (one bincount), not per sample per class.
8. ``_Grower.scratch``: work arrays reused across levels.
9. ``_Grower._best_drawn_splits``: with ``max_features`` and whole-number
   counts only the drawn (node, feature) pairs are laid out and sorted.
10. ``_Counts.impurity``: whole-number counts are exact, so Gini sums Σ c_k²
    in one reduction, and the counts kept while growing are the leaf values.

11. ``_Deviation``: the absolute error's children at every cut from range
    medians (``range_median.WaveletMatrix``).

(Trick 6, walking the trees, is ``forest_walk.py``.)
"""

import functools
import math

import numpy as np

from scratchlearn.trees.decision_tree.model import (
    CART,
    EPSILON,
    FEATURE_THRESHOLD,
    TREE_LEAF,
    TREE_UNDEFINED,
    AbsoluteDeviation,
    ClassCounts,
    Tree,
    _whole_numbers,
    gini,
    midpoint,
)
from scratchlearn.trees.decision_tree.range_median import WaveletMatrix


def grow_level_wise(X, y, w, criterion, root_stats, n_classes, **limits):
    """The tree ``model.CART(criterion, **limits).grow(X, root_stats)`` grows,
    and the statistics of its nodes, grown level by level."""
    d = X.shape[1]
    if np.all(w == 1.0):
        w = None
    elif _whole_numbers(w):
        w = w.astype(np.int64)          # bootstrap counts: exact integer sums (trick 3)
    if n_classes is not None:
        fast = _Counts(criterion, y, w, n_classes, d)
    elif isinstance(criterion, AbsoluteDeviation):
        fast = _Deviation(criterion, y, w, d)
    else:
        fast = _Moments(criterion, y, w, d)
    return _Grower(fast, **limits).grow(X, root_stats)


def _segment_cumsum(values, starts, sizes):
    """Running sums along each row of ``values`` (..., m), restarted at every
    segment [start, start + size) of columns, each summed from zero in order:
    bit for bit what ``np.cumsum`` gives on each segment alone (``CART``'s
    sums). A few segments are summed slice by slice. Many are padded with
    zeros into (segments, width, rows) blocks and summed along the width
    (a sum along a middle axis is slow when the width is long and the
    segments few, hence the slices): one block when that wastes little,
    else one block per size class (sizes up to the same power of two).
    Columns are handled as rows of the transpose, so every gather moves whole
    contiguous rows (fancy indexing ``rows[:, cols]`` is several times
    slower); a sum along a middle axis is still one addition after another."""
    rows = values.reshape(-1, values.shape[-1])
    R, m = rows.shape
    if starts.size <= 16:                               # few nodes: one slice each
        for a, b in zip(starts, starts + sizes):
            np.cumsum(rows[:, a:b], axis=1, out=rows[:, a:b])
        return values
    T = np.empty((m + 1, R))
    T[:m] = rows.T
    T[m] = 0.0                                          # the padding reads this row
    _, size_class = np.frexp(sizes - 1)                 # width 2**e >= size
    if starts.size << int(size_class.max()) <= 4 * m + 8192:
        size_class[:] = size_class.max()                # small level: one block
    for e in np.unique(size_class):
        seg = np.flatnonzero(size_class == e)
        width = 1 << int(e)
        length = sizes[seg]
        first = np.repeat(np.cumsum(length) - length, length)
        within = np.arange(first.size) - first                           # place in its segment
        slot = np.repeat(np.arange(seg.size) * width, length) + within   # place in the block
        cols = np.repeat(starts[seg], length) + within                   # place in the level
        source = np.full(seg.size * width, m)
        source[slot] = cols
        block = T.take(source, axis=0).reshape(seg.size, width, R)
        np.cumsum(block, axis=1, out=block)
        T[cols] = block.reshape(-1, R).take(slot, axis=0)
    rows[:] = T[:m].T
    return values


# ---------------------------------------------------------------------------
# The criteria of model.py, with the machinery to score a whole level: the
# impurity and proxy are model.py's own, so the same statistics give the same
# numbers.
# ---------------------------------------------------------------------------

class _AdditiveStatistics:
    """Statistics that add up over samples: the right child's are the node's
    minus the left child's, so only the left needs prefix sums."""

    tie_tolerance = 0.0

    def children_statistics(self, order, prefix, n_left, node_stats, seg_of_cut, ranges):
        """Left and right statistics at every cut, (n_stats, d, m − 1) each."""
        left = self.left_statistics(order, prefix, n_left, node_stats)
        return left, node_stats[:, None, seg_of_cut] - left


class _Counts(_AdditiveStatistics, ClassCounts):
    """``model.ClassCounts`` for a whole level: row 0 the total weight, rows
    1..K the weight of each class."""

    def __init__(self, plain, y, w, n_classes, n_features):
        self.impurity_of_counts = plain.impurity_of_counts
        self.K = n_classes
        self.y, self.w = y, w
        self.n_features = n_features
        self.y32 = y.astype(np.int32)
        self.w_float = None if w is None else w.astype(float)    # bincount's weights are floats
        if self.exact_counts and plain.impurity_of_counts is gini:
            self.impurity_of_counts = functools.partial(gini, whole_numbers=True)   # trick 10

    # One copy of y (and w) per feature, so that a flat index j·n + i into the
    # transposed X also finds the label of sample i (the all-features layout
    # of _Grower). Made on first use: the drawn-features layout (trick 9)
    # looks samples up directly and never needs them.
    @functools.cached_property
    def y_tiled(self):
        return np.tile(self.y32, self.n_features)

    @functools.cached_property
    def w_tiled(self):
        return None if self.w is None else np.tile(self.w, self.n_features)

    def left_statistics(self, order, prefix, n_left, node_stats):
        """Statistics of the left child at every cut, (1 + K, d, m − 1): one
        prefix sum per class (trick 3). Whole-number counts come here with two
        classes only (more are counted by runs, trick 7; see ``_best_splits``):
        one prefix sum of class 1, and class 0 is the total minus it (exact)."""
        Y = self.y_tiled[order]                                   # (d, m) labels, sorted like X
        d, m = Y.shape
        left = np.empty((1 + self.K, d, m - 1))
        if self.exact_counts:
            if self.w_tiled is None:
                left[0] = n_left
                # The labels themselves (int32 0/1) are the indicator of class 1.
                left[2] = prefix(Y, node_stats[2])
            else:
                W = self.w_tiled[order]
                left[2] = prefix(np.where(Y == 1, W, 0), node_stats[2])
                left[0] = prefix(W, node_stats[0])              # last: prefix() works in place
            left[1] = left[0] - left[2]
        else:                                                   # float weights: one prefix call
            W = self.w_tiled[order]
            per_sample = np.zeros((1 + self.K, d, m))
            per_sample[0] = W
            for k in range(self.K):
                np.copyto(per_sample[1 + k], W, where=Y == k)
            left[:] = prefix(per_sample, None)
        return left

    @property
    def exact_counts(self):
        """Whole-number counts (no weights, or integer weights): sums are exact
        in any order, so counting per run gives the same numbers (trick 7)."""
        return self.w is None or self.w.dtype.kind in "iu"

    def counts_at_cuts(self, index, ends, at, group_at, scratch, tiled=True):
        """Trick 7: the statistics (1 + K, V) of entries ``group_at[v]`` through
        ``at[v]`` of a 1-D layout of samples cut into groups, each sorted by
        one feature, for V cuts at once. ``index`` holds flat indices j·n + i
        into the tiled labels (tiled) or sample ids i (not). ``ends`` marks
        the entries that end a run: every cut and the last entry of every
        group, so the samples between two cuts (tied values, or positions that
        may not be cut) form one run. One bincount of (class, run) gives each
        run's class counts, and a cumulative sum over the runs, read at a cut
        and at its group's start, the counts left of the cut. The work is one
        pass over the samples plus O(K · runs), not O(K · samples)."""
        K = self.K
        # Cumulative sums keep their input's dtype: bool → int32 and int64 →
        # int64 are fast, while any widening cast inside cumsum (bool → int64,
        # int32 → int64) is about 10× slower.
        run = np.cumsum(ends, dtype=np.int32, out=scratch("run", ends.shape, np.int32))
        n_runs = int(run[-1])                              # (inclusive: the run ending here, + 1)
        run -= ends                                        # run of each sample (0-based)
        y, w = (self.y_tiled, self.w_tiled) if tiled else (self.y32, self.w_float)
        if K * n_runs < 2 ** 31:
            key = np.take(y, index, mode="clip", out=scratch("key", index.shape, np.int32))
        else:
            key = y[index].astype(np.intp)
        key *= n_runs                                      # (class, run) → class · n_runs + run
        key += run
        weights = None
        if w is not None:
            weights = np.take(w, index, mode="clip", out=scratch("weights", index.shape, w.dtype))
        counts = np.bincount(key, weights=weights, minlength=K * n_runs).reshape(K, n_runs)
        # cum[:, r] = counts of the runs before run r. Weighted counts are whole
        # numbers, so the integer sum is exact (and faster than a float one).
        cum = np.zeros((K, n_runs + 1), dtype=np.int64)
        np.cumsum(counts.astype(np.int64, copy=False), axis=1, out=cum[:, 1:])
        left = np.empty((1 + K, at.size))
        np.subtract(np.take(cum, run[at] + 1, axis=1), np.take(cum, run[group_at], axis=1),
                    out=left[1:])
        left[0] = left[1:].sum(axis=0)
        return left


class _Moments(_AdditiveStatistics):
    """``model.TargetMoments`` for a whole level: (Σ w_i, Σ w_i y_i, Σ w_i y_i²)."""

    def __init__(self, plain, y, w, n_features):
        self.impurity, self.proxy = plain.impurity, plain.proxy
        self.y_tiled = np.tile(y, n_features)
        self.w_tiled = None if w is None else np.tile(w, n_features)

    def left_statistics(self, order, prefix, n_left, node_stats):
        """The products are model.TargetMoments's, w·y and y·y·w, in that
        order; all statistics are summed in one prefix call."""
        Yv = self.y_tiled[order]                                  # (d, m) targets, sorted like X
        left = np.empty((3,) + (Yv.shape[0], Yv.shape[1] - 1))
        if self.w_tiled is None:
            per_sample = np.empty((2,) + Yv.shape)
            per_sample[0] = Yv
            np.multiply(Yv, Yv, out=per_sample[1])
            left[0] = n_left
            left[1:] = prefix(per_sample, None)
        else:
            W = self.w_tiled[order].astype(float)
            per_sample = np.empty((3,) + Yv.shape)
            per_sample[0] = W
            np.multiply(Yv, W, out=per_sample[1])                 # w·y
            np.multiply(Yv, Yv, out=per_sample[2])
            per_sample[2] *= W                                    # y·y·w
            left[:] = prefix(per_sample, None)
        return left


class _Deviation:
    """``model.AbsoluteDeviation`` for a whole level: (W, Σ w_i |y_i − m|).

    The children's losses at every cut come from weighted medians of every
    prefix and suffix of each node, all answered together by a wavelet matrix
    over the targets' ranks (``range_median.py``). Their sums round otherwise
    than ``CART``'s, by at most ``rounding`` times the node's weight; so the
    cuts that rounding could have put in another order are scored again by
    model.py's own function (``settle_near_ties``), and so are the chosen
    children (``exact_children``).
    """

    def __init__(self, plain, y, w, n_features):
        self.plain = plain
        self.tie_tolerance, self.impurity, self.proxy = (plain.tie_tolerance, plain.impurity,
                                                         plain.proxy)
        self.y_sorted = np.sort(y)
        rank = np.empty(len(y), dtype=np.intp)
        rank[np.argsort(y, kind="stable")] = np.arange(len(y))     # distinct ranks of y
        self.rank_tiled = np.tile(rank, n_features)
        self.y_tiled = np.tile(y, n_features)
        self.w_tiled = None if w is None else np.tile(w.astype(float), n_features)
        self.n_bits = max(1, int(len(y) - 1).bit_length())
        # A bound on |wavelet loss − CART's loss| per unit of node weight: each
        # of the 2·n_bits + 3 range sums of a loss is within a few ulps of its
        # own size (at most max|y| · W, range_median.running_sums), and CART's
        # pairwise sums within log2(n) ulps. Generous: it only widens the set
        # of cuts scored again. Whole numbers whose sums stay below 2⁵³ (say
        # integer targets, unit weights) add up exactly: no rounding at all.
        whole = np.all(y == np.round(y)) and (w is None or np.all(w == np.round(w)))
        total = np.abs(y).max() * (len(y) if w is None else w.sum()) * n_features
        self.rounding = 0.0 if whole and total < 2 ** 53 else (
            16 * (3 * self.n_bits + 4) * np.finfo(float).eps * np.abs(y).max())

    def children_statistics(self, order, prefix, n_left, node_stats, seg_of_cut, ranges):
        lo, mid, hi = (r.ravel() for r in ranges())
        R = self.rank_tiled[order].ravel()
        W = np.ones(R.size) if self.w_tiled is None else self.w_tiled[order].ravel()
        WY = W * self.y_tiled[order].ravel()
        matrix = WaveletMatrix(R, W, WY, self.n_bits)
        w_left, loss_left = matrix.absolute_error(lo, mid, self.y_sorted)
        w_right, loss_right = matrix.absolute_error(mid, hi, self.y_sorted)
        shape = (2, order.shape[0], order.shape[1] - 1)
        return (np.array([w_left, loss_left]).reshape(shape),
                np.array([w_right, loss_right]).reshape(shape))

    def settle_near_ties(self, proxy, order, starts, sizes, seg_of_cut, node_stats, n):
        """CART's proxies (d, m − 1) wherever CART's choice may lie. Trick 4
        picks the first cut within tie_tolerance · loss of its node's best;
        a cut whose wavelet proxy is more than that plus twice the rounding
        bound below the best cannot be it (−∞ here), and the few nearer ones
        are measured by model.py's statistics, bit for bit CART's numbers.
        Without rounding the wavelet proxies are CART's already."""
        if not self.rounding:
            return proxy
        best = np.maximum.reduceat(proxy, starts, axis=1).max(axis=0)          # (S,)
        slack = self.tie_tolerance * node_stats[1] + 2 * self.rounding * node_stats[0]
        near = np.isfinite(proxy) & (proxy >= (best - slack)[seg_of_cut])
        settled = np.full(proxy.shape, -np.inf)
        for j, b in zip(*np.nonzero(near)):        # a loop over near-ties only
            s = seg_of_cut[b]
            samples = order[j, starts[s]:starts[s] + sizes[s]] - j * n
            n_left = b + 1 - starts[s]
            left = self.plain.statistics(samples[:n_left])[:, None]
            right = self.plain.statistics(samples[n_left:])[:, None]
            settled[j, b] = self.proxy(left, right)[0]
        return settled

    def exact_children(self, order, starts, cut, sizes, f, n):
        """The chosen children's statistics, by model.AbsoluteDeviation.statistics:
        one call per child (a loop over split nodes)."""
        left = np.empty((2, starts.size))
        right = np.empty((2, starts.size))
        for i in range(starts.size):
            samples = order[f[i], starts[i]:starts[i] + sizes[i]] - f[i] * n
            left[:, i] = self.plain.statistics(samples[:cut[i]])
            right[:, i] = self.plain.statistics(samples[cut[i]:])
        return left, right


# ---------------------------------------------------------------------------
# Growing the tree, level by level
# ---------------------------------------------------------------------------

class _Grower(CART):
    """Grows one tree by the CART recursion, all nodes of a depth at a time.

    The working state between levels comes in one of two layouts.

    All features (the default): ``order`` (n_features, n_active) holds, in
    row j, the active samples sorted by feature j within each node; a node
    occupies the same columns [start, start + size) in every row. Entries are
    flat indices j·n + i into ``XT`` (X transposed and flattened), so one
    gather yields the sorted values of every feature at once. A split
    partitions every row stably, so nothing is ever sorted again.

    Drawn features (trick 9: ``max_features`` below n_features, with exact
    class counts): a node searches only a few features, so keeping every
    feature sorted in every node would cost n_features / max_features times
    the work the search needs. Only ``members``, the active samples grouped by
    node, is kept; each level sorts the samples of every drawn (node, feature)
    pair afresh, by their presorted positions.
    """

    def grow(self, X, root_stats):
        n, d = X.shape
        self.n, self.d = n, d
        self.XT = np.ascontiguousarray(X.T).ravel()            # feature j of sample i at j·n + i
        self.side = np.zeros(n, dtype=bool)                    # scratch: does sample i go left?
        self.buffers = {}
        criterion = self.criterion
        # Trick 9 adds up class counts in another order than the full layout
        # does; whole numbers give the same exact sums, hence the same splits.
        # Float sums (fractional weights, regression) stay in the full layout,
        # so their rounding, and the splits, do not change.
        self.drawn_layout = self.max_features < d and getattr(criterion, "exact_counts", False)

        stats = root_stats[:, None]                             # (n_stats, 1)
        impurity = criterion.impurity(stats)
        self.w_root = stats[0, 0]
        self.nodes = [dict(n=np.array([n]), stats=stats, impurity=impurity)]
        self.splits = []
        next_id = 1

        ids = np.zeros(1, dtype=np.intp)
        open_ = self.can_split(np.array([n]), impurity, 0)
        if open_[0]:
            # Trick 1: sort each feature once. Row j lists the samples by x_j.
            order = _argsort_rows(self.XT.reshape(d, n))
            level = dict(ids=ids, starts=np.zeros(1, dtype=np.intp), sizes=np.array([n]),
                         stats=stats, impurity=impurity)
            if self.drawn_layout:
                # The presorted rows one after another (sample ids), and where
                # sample i stands in row j: position_of[j·n + i].
                self.presorted = order.ravel()
                position_of = np.empty((d, n), dtype=np.intp)
                np.put_along_axis(position_of, order, np.arange(n)[None, :], axis=1)
                self.position_of = position_of.ravel()
                level["members"] = np.arange(n)
            else:
                order += (np.arange(d) * n)[:, None]
                level["order"] = order
        else:
            level = None
        depth = 0
        with np.errstate(divide="ignore", invalid="ignore"):   # invalid cuts: empty sides
            while level is not None:
                level, next_id = self._split_level(level, depth, next_id)
                depth += 1
        return self._assemble(next_id)

    def scratch(self, name, shape, dtype):
        """Trick 8: a work array kept for the whole fit, viewed at this level's
        size (the active set only shrinks). Fresh arrays of this size would come
        from the operating system every level (glibc maps anything over 128 kB
        anew), and touching new pages costs more than the arithmetic."""
        size = math.prod(shape)                 # (np.prod of a tuple costs microseconds)
        buffer = self.buffers.get(name)
        if buffer is None or buffer.size < size or buffer.dtype != dtype:
            buffer = self.buffers[name] = np.empty(size, dtype=dtype)
        return buffer[:size].reshape(shape)

    # -- one level -----------------------------------------------------------

    def _split_level(self, level, depth, next_id):
        """Trick 2: find the best split of every node of this depth at once,
        record the splits and their children, and lay out the samples of the
        children that will be split in turn (the next level)."""
        sizes, node_stats, node_impurity = level["sizes"], level["stats"], level["impurity"]
        if self.drawn_layout:
            best, layout = self._best_drawn_splits(level)
        else:
            best, layout = self._best_splits(level)
        # best: per node that found a split, in node order: s, feature f, left
        # size cut, where the cut is in the layout, the two values around it,
        # both children's statistics.
        s, f, cut, at, x_lo, x_hi = (best[k] for k in ("s", "f", "cut", "at", "x_lo", "x_hi"))
        threshold = midpoint(x_lo, x_hi)                        # eq. 9
        # The children, left and right interleaved as they are recorded.
        left_s, right_s = best["left"], best["right"]
        if isinstance(self.criterion, _Deviation):
            left_s, right_s = self.criterion.exact_children(level["order"], level["starts"][s],
                                                            cut, sizes[s], f, self.n)
        child_stats = _interleave(left_s, right_s)
        child_impurity = self.criterion.impurity(child_stats)
        impurity_l, impurity_r = child_impurity[0::2], child_impurity[1::2]
        W = node_stats[0, s]
        improvement = (W / self.w_root) * (node_impurity[s] - right_s[0] / W * impurity_r
                                           - left_s[0] / W * impurity_l)           # eq. 6
        keep = improvement + EPSILON >= self.min_impurity_decrease
        if not keep.all():
            s, f, cut, threshold, at = s[keep], f[keep], cut[keep], threshold[keep], at[keep]
            child_stats = child_stats[:, np.repeat(keep, 2)]
            child_impurity = child_impurity[np.repeat(keep, 2)]
        P = s.size
        if P == 0:
            return None, next_id

        # Record the splits and the 2P children (left, right, left, right, ...).
        child_ids = next_id + np.arange(2 * P)
        self.splits.append(dict(node=level["ids"][s], feature=f, threshold=threshold,
                                left=child_ids[0::2], right=child_ids[1::2]))
        child_n = _interleave(cut, sizes[s] - cut)
        self.nodes.append(dict(n=child_n, stats=child_stats, impurity=child_impurity))
        next_id += 2 * P
        child_open = self.can_split(child_n, child_impurity, depth + 1)
        if not child_open.any():
            return None, next_id

        # Lay out the samples of the open children and drop everything else
        # (trick 8): a stable partition of every row (tricks 1 and 5), or, for
        # drawn features, the members regrouped by child (trick 9).
        keep_child = np.flatnonzero(child_open)
        next_level = dict(ids=child_ids[keep_child], stats=child_stats[:, keep_child],
                          impurity=child_impurity[keep_child])
        if self.drawn_layout:
            next_level["members"], next_level["starts"], next_level["sizes"] = self._regroup(
                layout, cut, at, child_open, child_n)
        else:
            next_level["order"], next_level["starts"], next_level["sizes"] = self._partition(
                level["order"], layout["seg_of_pos"], layout["offset"], sizes, s, f, cut,
                child_open.reshape(P, 2), depth)
        return next_level, next_id

    def _best_splits(self, level):
        """All-features layout: the best cut of every node, scoring every cut
        of every feature at once as (d, m − 1) arrays."""
        order, starts, sizes = level["order"], level["starts"], level["sizes"]
        node_stats = level["stats"]
        d, m = order.shape
        S = starts.size
        msl = self.min_samples_leaf
        seg_of_pos = np.repeat(np.arange(S), sizes)            # node of each column
        offset = np.arange(m) - starts[seg_of_pos]             # column within its node
        Xs = np.take(self.XT, order, out=self.scratch("Xs", (d, m), float),   # (d, m) sorted
                     mode="clip")                       # values ("clip": no checked copy)

        # Cut b lies between columns b and b + 1: left child = columns start..b.
        # A cut is valid if the two values differ (a threshold fits between
        # them, eq. 9) and each side keeps min_samples_leaf samples, which also
        # rules out a cut across two nodes (its left side would be empty).
        seg_of_cut = seg_of_pos[:-1]
        n_left = offset[1:]                                    # (m − 1,)
        leaf_ok = (n_left >= msl) & (sizes[seg_of_cut] - n_left >= msl)
        above = np.add(Xs[:, :-1], FEATURE_THRESHOLD, out=self.scratch("above", (d, m - 1), float))
        distinct = np.greater(Xs[:, 1:], above, out=self.scratch("distinct", (d, m - 1), bool))
        valid = np.logical_and(distinct, leaf_ok, out=self.scratch("valid", (d, m - 1), bool))

        # Trick 3: the left child's statistics at every cut are prefix sums
        # along each row, restarted at every node. Whole-number counts: the
        # first sample of a node gets the previous node's total (known
        # exactly) subtracted, so one running sum returns to zero there.
        # Floats: that subtraction would round, so each node is summed from
        # zero (_segment_cumsum), in CART's order and to CART's last bit.
        def prefix(values, totals):
            if values.dtype.kind == "f":                       # (..., d, m): all at once
                return _segment_cumsum(values, starts, sizes)[..., :-1]
            values[:, starts[1:]] -= totals[:-1].astype(values.dtype)
            np.cumsum(values, axis=1, out=values)
            return values[:, :-1]

        def ranges():                                          # flat [start, cut), [cut, end)
            row = (np.arange(d) * m)[:, None]
            lo = row + starts[seg_of_cut]
            return lo, row + np.arange(1, m), lo + sizes[seg_of_cut]

        if self.max_features < d:                              # features drawn for each node
            valid &= self._visited_features(Xs, starts, sizes)[:, seg_of_cut]
        # Trick 7 pays when there are many classes or few valid cuts (tied
        # values); for two classes and all-distinct values the per-sample
        # prefix sums of trick 3 are cheaper. Both give exact integer counts,
        # hence identical splits.
        by_runs = getattr(self.criterion, "exact_counts", False) and (
            self.criterion.K > 2 or 4 * np.count_nonzero(valid) < valid.size)
        if by_runs:
            # Runs end at valid cuts and at node ends, in every row.
            ends = self.scratch("ends", (d, m), bool)
            ends[:, :-1] = valid
            ends[:, starts[1:] - 1] = True
            ends[:, -1] = True
            cut_at = np.flatnonzero(valid)                     # flat index into (d, m − 1)
            row, col = np.divmod(cut_at, m - 1)
            left = self.criterion.counts_at_cuts(order.ravel(), ends.ravel(), row * m + col,
                                                 row * m + starts[seg_of_cut[col]], self.scratch)
            right = node_stats[:, seg_of_cut[col]] - left
            proxy = self.scratch("proxy", (d, m - 1), float)
            proxy.fill(-np.inf)
            proxy.flat[cut_at] = self.criterion.proxy(left, right)
        else:
            left, right = self.criterion.children_statistics(
                order, prefix, n_left, node_stats, seg_of_cut, ranges)
            proxy = self.criterion.proxy(left, right)         # (d, m − 1)
            valid &= right[0] > 0                               # as cut_scores: no child of weight 0
            np.copyto(proxy, -np.inf, where=~valid)
            if self.criterion.tie_tolerance:                   # absolute error: CART's own numbers
                proxy = self.criterion.settle_near_ties(proxy, order, starts, sizes, seg_of_cut,
                                                        node_stats, self.n)

        # Trick 4. Best cut per node: the maximum over each node's columns of
        # each row (one reduceat, the node boundaries are the same in every row), then
        # the best feature, then the first column reaching that maximum.
        best_of_group = np.maximum.reduceat(proxy, starts, axis=1)          # (d, S)
        best_proxy = best_of_group.max(axis=0)                             # (S,)
        if self.criterion.tie_tolerance:
            # Ties count as ties even when rounding separates them by a few
            # ulps: the absolute error has whole plateaus of equally good cuts
            # (the same rule as CART.best_split).
            best_proxy -= self.criterion.tie_tolerance * node_stats[1]
        best_feature = np.argmax(best_of_group >= best_proxy, axis=0)      # ties: lowest feature
        chosen = proxy[best_feature[seg_of_cut], np.arange(m - 1)]
        hit = np.flatnonzero((chosen >= best_proxy[seg_of_cut]) & (chosen > -np.inf))
        starts_run = np.ones(hit.size, dtype=bool)                     # ties: lowest cut
        starts_run[1:] = seg_of_cut[hit[1:]] != seg_of_cut[hit[:-1]]      # (no hit: no split)
        first = hit[starts_run]

        s = seg_of_cut[first]                                   # nodes that found a split, in order
        f = best_feature[s]
        if by_runs:
            at = np.searchsorted(cut_at, f * (m - 1) + first)
            left_s, right_s = left[:, at], right[:, at]
        else:
            left_s, right_s = left[:, f, first], right[:, f, first]
        best = dict(s=s, f=f, cut=n_left[first], x_lo=Xs[f, first], x_hi=Xs[f, first + 1],
                    left=left_s, right=right_s, at=first)
        # left, right and proxy (tens of MB on large data) are returned to stay
        # referenced until the level is done: freed before the partition
        # allocates, glibc hands their memory back to the operating system and
        # the next level faults it in afresh (measured 25 % slower on
        # 40,000 × 20).
        return best, dict(seg_of_pos=seg_of_pos, offset=offset, work=(left, right, proxy))

    def _partition(self, order, seg_of_pos, offset, sizes, s, f, cut, child_open, depth):
        """Trick 5: move every active sample to the columns of its child,
        keeping each row's order (a stable partition), and keep only open
        children."""
        d, m = order.shape
        n = self.n
        S = sizes.size
        # Which side does each sample go to? In the row of the split feature,
        # the first `cut` columns of the node go left. Nodes that did not split
        # send everything "left" into a closed child, i.e. away.
        cut_all = sizes.copy()
        cut_all[s] = cut
        row = np.zeros(S, dtype=np.intp)
        row[s] = f
        row_of_pos = row[seg_of_pos]
        samples = order[row_of_pos, np.arange(m)] - row_of_pos * n
        self.side[samples] = offset < cut_all[seg_of_pos]
        sample = np.subtract(order, (np.arange(d) * n)[:, None],
                             out=self.scratch("sample", (d, m), np.intp))
        goes_left = np.take(self.side, sample, out=self.scratch("goes_left", (d, m), bool),
                            mode="clip")                                    # (d, m)

        # New layout: for each node in turn, its left then its right child,
        # open children only.
        open_left = np.zeros(S, dtype=bool)
        open_right = np.zeros(S, dtype=bool)
        open_left[s], open_right[s] = child_open[:, 0], child_open[:, 1]
        new_size = np.stack([np.where(open_left, cut_all, 0),
                             np.where(open_right, sizes - cut_all, 0)], axis=1).ravel()
        new_start = np.concatenate([[0], np.cumsum(new_size)[:-1]])
        m_new = int(new_size.sum())
        trash = d * m_new                                       # one spare slot for dropped samples
        base_left = np.where(open_left, new_start[0::2], trash + m)
        base_right = np.where(open_right, new_start[1::2], trash + m)

        # Destination column = child start + rank among the samples of the same
        # node going the same way, counted along the row by one cumulative sum
        # of goes_left (R, inclusive, int32: NumPy's bool→int64 cumsum is ~7×
        # slower). With L = lefts in earlier nodes, the j-th left sample of a
        # node goes to base_left + j − 1 = (base_left − 1 − L) + R and a right
        # sample at column offset has offset − (R − L) rights before it.
        # Written without branches, dest = to_right − R + goes_left·(to_left −
        # to_right + 2R): a masked ufunc (where=) or np.where on a random mask
        # is several times slower than four plain passes.
        lefts_before = np.concatenate([[0], np.cumsum(cut_all)[:-1]])
        to_left = (base_left - 1 - lefts_before)[seg_of_pos]                # (m,)
        to_right = (base_right + lefts_before)[seg_of_pos] + offset         # (m,)
        # In int32 while it fits (half the memory traffic of int64), converted
        # once to intp for the scatter.
        dtype = np.int32 if trash + m < 2 ** 31 else np.intp
        R = np.cumsum(goes_left, axis=1, dtype=np.int32, out=self.scratch("R", (d, m), np.int32))
        R = R.astype(dtype, copy=False)
        dest = np.subtract(to_right.astype(dtype), R, out=self.scratch("dest", (d, m), dtype))
        R *= 2
        R += (to_left - to_right).astype(dtype)
        R *= goes_left
        dest += R
        dest += (np.arange(d, dtype=dtype) * m_new)[:, None]
        np.minimum(dest, trash, out=dest)
        sample[...] = dest                                                  # reuses sample (intp)
        buffer = self.scratch(f"order{depth % 2}", (trash + 1,), np.intp)   # read next level
        buffer[sample] = order
        keep = new_size > 0
        return buffer[:-1].reshape(d, m_new), new_start[keep], new_size[keep]

    def _visited_features(self, Xs, starts, sizes):
        """max_features: which (feature, node) pairs may split. Each node visits
        the features in its own random order: the first max_features of them,
        and further until it has met one that is not constant in the node
        (constant: the largest value at most FEATURE_THRESHOLD above the
        smallest, as in ``draw_features``). ``Xs``: each node's values, sorted."""
        d, S = Xs.shape[0], starts.size
        nonconstant = Xs[:, starts + sizes - 1] > Xs[:, starts] + FEATURE_THRESHOLD   # (d, S)
        rank = self.rng.random((S, d)).argsort(axis=1).argsort(axis=1).T         # visit order
        first_nonconstant = np.where(nonconstant, rank, d).min(axis=0)
        return rank < np.maximum(self.max_features, first_nonconstant + 1)

    # -- drawn features (trick 9) --------------------------------------------

    def _best_drawn_splits(self, level):
        """Drawn-features layout: the best cut of every node over the
        max_features features it draws. The draws are those of
        ``_visited_features``; only the drawn (node, feature) pairs are sorted
        and scored, in a compact 1-D layout."""
        members, starts, sizes = level["members"], level["starts"], level["sizes"]
        S, d, mf = starts.size, self.d, self.max_features
        visit = self.rng.random((S, d)).argsort(axis=1)       # each node's features, visiting order
        node = np.repeat(np.arange(S), mf)
        feature = np.sort(visit[:, :mf], axis=1).ravel()       # by node, then feature (tie-breaking)
        pairs = self._sorted_pairs(members, starts, sizes, node, feature)
        has_nonconstant = pairs["nonconstant"].reshape(S, mf).any(axis=1)
        if not has_nonconstant.all():
            # A node whose drawn features are all constant in it keeps drawing,
            # in its visiting order, up to the first feature that is not: only
            # that one can have a valid cut.
            q = np.flatnonzero(~has_nonconstant)
            rest = visit[q, mf:]                                          # (Q, d − mf)
            more = self._sorted_pairs(members, starts, sizes, np.repeat(q, d - mf), rest.ravel())
            nonconstant = more["nonconstant"].reshape(q.size, d - mf)
            found = nonconstant.any(axis=1)
            if found.any():
                node = np.concatenate([node, q[found]])
                feature = np.concatenate([feature, rest[found, np.argmax(nonconstant[found], axis=1)]])
                by_node = np.lexsort((feature, node))
                node, feature = node[by_node], feature[by_node]
                pairs = self._sorted_pairs(members, starts, sizes, node, feature)

        # Valid cuts, as in _best_splits: entry b and b + 1 differ and each side
        # keeps min_samples_leaf samples (which also rules out a cut between
        # two pairs: its left side would be empty).
        pair_of, within, seg_start = pairs["pair_of"], pairs["within"], pairs["seg_start"]
        valid = pairs["distinct"]                               # (already inside one pair)
        msl = self.min_samples_leaf
        if msl > 1:
            n_left = within[1:]
            valid = valid & (n_left >= msl) & (sizes[node][pair_of[1:]] - n_left >= msl)
        cut_at = np.flatnonzero(valid)
        ends = np.empty(valid.size + 1, dtype=bool)             # runs end at cuts and pair ends
        ends[:-1] = valid
        ends[seg_start[1:] - 1] = True
        ends[-1] = True
        pair = pair_of[cut_at]
        left = self.criterion.counts_at_cuts(pairs["sample"], ends, cut_at, seg_start[pair],
                                             self.scratch, tiled=False)
        node_of_cut = node[pair]
        right = level["stats"][:, node_of_cut] - left
        proxy = self.criterion.proxy(left, right)

        # Best cut per node. The cuts are listed by node, then feature, then
        # position, so the first cut reaching its node's maximum is the one of
        # the lowest feature and the lowest threshold. (Class counts have no
        # tie tolerance.)
        new_node = np.ones(cut_at.size, dtype=bool)
        new_node[1:] = node_of_cut[1:] != node_of_cut[:-1]
        group = np.cumsum(new_node) - 1
        best = np.maximum.reduceat(proxy, np.flatnonzero(new_node)) if cut_at.size else proxy
        hit = np.flatnonzero(proxy >= best[group])
        first_hit = np.ones(hit.size, dtype=bool)
        first_hit[1:] = group[hit[1:]] != group[hit[:-1]]
        first = hit[first_hit]
        at = cut_at[first]
        values = pairs["values"]
        best = dict(s=node_of_cut[first], f=feature[pair[first]], cut=within[at] + 1,
                    x_lo=values[at], x_hi=values[at + 1], left=left[:, first],
                    right=right[:, first], at=at)
        return best, pairs

    def _sorted_pairs(self, members, starts, sizes, node, feature):
        """The compact layout of the (node, feature) pairs: pair p holds the
        samples of node[p] sorted by feature[p], one pair after another.
        Returns the samples, their values, each entry's pair and position in
        it, where each pair starts, which neighbouring values are distinct
        (inside a pair) and which pairs are not constant."""
        n = self.n
        length = sizes[node]
        seg_start = np.zeros(node.size, dtype=np.intp)
        np.cumsum(length[:-1], out=seg_start[1:])
        pair_of = np.repeat(np.arange(node.size), length)
        within = np.arange(pair_of.size)
        within -= seg_start[pair_of]
        row = (feature * n)[pair_of]
        if sizes.size == 1 and sizes[0] == n:
            # The root holds every sample: its pairs are the presorted rows.
            position = row + within
        else:
            # A sample's position in the presorted row of a feature is a
            # unique key that orders it by its value (ties by index, as in the
            # full layout), so one sort of (pair, position) keys orders every
            # pair at once. kind="stable" selects timsort, which finds the
            # blocks the pairs already come in and sorts each alone: several
            # times faster here than the default quicksort.
            key = self.position_of[row + members[starts[node][pair_of] + within]]
            pair_key = pair_of * n
            key += pair_key
            key.sort(kind="stable")
            position = row - pair_key
            position += key
        sample = self.presorted[position]
        values = self.XT[row + sample]
        inside = within[1:] > 0                                 # entries b and b + 1 in one pair
        distinct = values[1:] > values[:-1] + FEATURE_THRESHOLD
        distinct &= inside
        nonconstant = values[seg_start + length - 1] > values[seg_start] + FEATURE_THRESHOLD
        return dict(sample=sample, values=values, pair_of=pair_of, within=within,
                    seg_start=seg_start, distinct=distinct, nonconstant=nonconstant)

    def _regroup(self, pairs, cut, at, child_open, child_n):
        """Drawn-features layout: the members of the open children, grouped
        by child (each split node's left child, then its right child). The
        chosen pair of a split node lists the node's samples sorted by the
        split feature: its first ``cut`` entries are the left child, the rest
        the right child. (Order within a child does not matter: every level
        sorts afresh.)"""
        first_entry = _interleave(at - (cut - 1), at + 1)[child_open]  # each open child's samples
        new_sizes = child_n[child_open]
        new_starts = np.cumsum(new_sizes) - new_sizes
        entry = np.arange(new_sizes.sum()) + np.repeat(first_entry - new_starts, new_sizes)
        return pairs["sample"][entry], new_starts, new_sizes

    # -- the flat arrays -----------------------------------------------------

    def _assemble(self, n_nodes):
        """Breadth-first records → flat arrays in depth-first preorder."""
        n_node_samples = np.concatenate([part["n"] for part in self.nodes]).astype(np.intp)
        stats = np.concatenate([part["stats"] for part in self.nodes], axis=1)
        impurity = np.concatenate([part["impurity"] for part in self.nodes])
        left = np.full(n_nodes, TREE_LEAF, dtype=np.intp)
        right = np.full(n_nodes, TREE_LEAF, dtype=np.intp)
        feature = np.full(n_nodes, TREE_UNDEFINED, dtype=np.intp)
        threshold = np.full(n_nodes, float(TREE_UNDEFINED))
        for part in self.splits:
            left[part["node"]], right[part["node"]] = part["left"], part["right"]
            feature[part["node"]], threshold[part["node"]] = part["feature"], part["threshold"]

        # Preorder id = parent's id + 1 for a left child, + 1 + size of the left
        # subtree for a right child. Subtree sizes come bottom-up, ids top-down,
        # one depth at a time (the splits were recorded one depth at a time).
        size = np.ones(n_nodes, dtype=np.intp)
        for part in reversed(self.splits):
            v = part["node"]
            size[v] = 1 + size[left[v]] + size[right[v]]
        pre = np.zeros(n_nodes, dtype=np.intp)
        for part in self.splits:
            v = part["node"]
            pre[left[v]] = pre[v] + 1
            pre[right[v]] = pre[v] + 1 + size[left[v]]

        def renumber(values):
            out = np.empty_like(values)
            out[pre] = values
            return out

        internal = left != TREE_LEAF
        left[internal], right[internal] = pre[left[internal]], pre[right[internal]]
        node_stats = np.empty_like(stats)                        # (n_stats, n_nodes), preorder
        node_stats[:, pre] = stats
        return Tree(renumber(left), renumber(right), renumber(feature), renumber(threshold),
                    value=None, impurity=renumber(impurity), n_node_samples=renumber(n_node_samples),
                    weighted_n_node_samples=node_stats[0].copy()), node_stats


def _interleave(a, b):
    """[a0, b0, a1, b1, ...] along the last axis (np.stack costs more for small arrays)."""
    out = np.empty(a.shape[:-1] + (2 * a.shape[-1],), dtype=np.result_type(a, b))
    out[..., 0::2], out[..., 1::2] = a, b
    return out


def _argsort_rows(X):
    """Stable argsort of every row. Small whole numbers (pixel intensities,
    counts, categories) are sorted as int16, for which NumPy's stable sort is
    a radix sort, several times faster than sorting floats; the order is the
    same, since equal keys keep their index order either way."""
    if X.size and X.min() >= -2 ** 15 and X.max() < 2 ** 15:
        small = X.astype(np.int16)
        if np.array_equal(small, X):
            return np.argsort(small, axis=1, kind="stable")
    return np.argsort(X, axis=1, kind="stable")

