"""Walking many trees at once: the fast engine's prediction (notes, "Making it
fast", trick 6).

The plain engine walks one tree at a time (``Tree.apply`` in model.py: every
row steps down one level per iteration). Here an ensemble's trees are stacked
into one flat forest with one root per tree, and every (tree, row) pair steps
down together, with 1-D gathers only. Same rule: ``x <= threshold`` goes left.
"""

import numpy as np

_LEAF = -1      # children_left of a leaf (model.TREE_LEAF)


def apply_trees(trees, X, columns=None):
    """Leaf of every row of X in every tree of a list, all trees walked at once.

    Returns an (n_trees, n_samples) array of node ids into the trees' node
    arrays laid end to end: node i of tree b is ``offsets[b] + i``, with
    ``offsets`` the running total of the node counts, so one gather from the
    concatenated ``value`` arrays reads every tree's prediction (for a single
    tree these are its own node ids). ``columns[b]``, if given, maps tree b's
    feature indices to columns of X (a tree fitted on a subset of the
    features, as in bagging).

    Why all at once: the trees are stacked into one flat forest with one root
    per tree and every (tree, row) pair steps down together, so the number of
    NumPy calls is about a dozen per level whatever the number of trees: an
    ensemble of 100 depth-3 trees costs three levels, not 100 walks.
    """
    X = np.ascontiguousarray(X, dtype=float)      # float32 → float64 is exact: same comparisons
    B, n = len(trees), X.shape[0]
    sizes = np.array([tree.node_count for tree in trees], dtype=np.intp)
    offsets = np.zeros(B, dtype=np.intp)
    np.cumsum(sizes[:-1], out=offsets[1:])
    N = int(sizes.sum())
    shift = np.repeat(offsets, sizes)             # a tree's own child ids → stacked ids
    left = np.concatenate([tree.children_left for tree in trees])
    right = np.concatenate([tree.children_right for tree in trees])
    feature = np.concatenate([tree.feature if columns is None else
                              np.asarray(columns[b], dtype=np.intp)[np.maximum(tree.feature, 0)]
                              for b, tree in enumerate(trees)])
    is_leaf = left == _LEAF
    node = np.arange(N)
    # The tables of the walk. A leaf gets a test every row passes (feature 0
    # <= +inf) and both its children are the leaf itself, written as id − N:
    # a negative number, which NumPy's take wraps to the same entry, so a row
    # that has arrived needs no special case, and `at < 0` tells at once
    # which rows are done. child holds the right children, then the left
    # ones: a row at node i goes to child[i + N·(x <= t)], one gather instead
    # of two plus a np.where (and a NaN goes right, as x <= t reads).
    child = np.concatenate([np.where(is_leaf, node - N, right + shift),
                            np.where(is_leaf, node - N, left + shift)])
    feature = np.where(is_leaf, 0, feature)
    threshold = np.where(is_leaf, np.inf, np.concatenate([tree.threshold for tree in trees]))
    leaf = np.empty((B, n), dtype=np.intp)
    # A block of rows at a time, so that the (tree, row) working arrays stay
    # a few MB however many trees and rows there are.
    block = max(1, _WALK_BLOCK // B)
    for start in range(0, n, block):
        stop = min(n, start + block)
        at = np.repeat(offsets, stop - start)             # every (tree, row) pair at its root
        rows = np.tile(np.arange(start, stop), B)
        leaf[:, start:stop] = _descend(X, rows, at, child, feature, threshold).reshape(B, -1)
    leaf += N                                             # id − N → stacked id
    return leaf


# (tree, row) pairs walked together: small enough to stay in cache (2**14 to
# 2**16 measured best on digits forests).
_WALK_BLOCK = 2 ** 15


def _descend(X, rows, at, child, feature, threshold):
    """Move each (row, node) pair down the tables of ``apply_trees`` until it
    reaches a leaf; return the leaves (as id − N). Every step is a handful of
    whole-array gathers on the pairs still moving."""
    flat = X.ravel()                    # x[row, j] = flat[row·d + j]: a 1-D take is ~10×
    row_start = rows * X.shape[1]       # faster than the 2-D fancy index X[rows, j]
    N = feature.size
    arrived = np.empty(at.size, dtype=np.intp)
    slot = np.arange(at.size)           # where each moving pair's answer goes
    while True:
        col = feature.take(at)
        col += row_start
        goes_left = flat.take(col) <= threshold.take(at)
        entry = np.multiply(goes_left, N, dtype=np.intp)
        entry += at
        at = child.take(entry)
        done = at < 0
        n_done = np.count_nonzero(done)
        if n_done == at.size:
            arrived[slot] = at
            return arrived
        # Once a quarter of the pairs have arrived, write them out and keep
        # walking only the others (a deep tree's deep levels hold few rows);
        # compacting more often costs more than it saves.
        if n_done > at.size // 4:
            arrived[slot[done]] = at[done]
            keep = np.flatnonzero(~done)
            slot, at, row_start = slot.take(keep), at.take(keep), row_start.take(keep)


# ---------------------------------------------------------------------------
# Split criteria: the statistics each one accumulates, its impurity, its proxy
