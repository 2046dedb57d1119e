"""The nearest-neighbour chain: the same merge tree in O(n²) time instead of
O(n³) (notes: "Making it fast", items 1–2).

1. ``nn_chain_tree``. The plain loop searches the whole matrix for the
   closest pair at every merge. For the four linkages here (all
   *reducible*: merging A and B never brings A∪B closer to a third cluster
   than the nearer of A and B was), any pair of *mutual* nearest neighbours
   can be merged at once, in any order, and the set of merges is the same.
   Follow a chain a → nn(a) → nn(nn(a)) → …; distances decrease along it, so
   it ends in a mutual pair; merge it and continue from the rest of the
   chain. Each step is one row argmin, O(n), and there are at most 3n steps.
   The merges come out of order; a stable sort by distance and a relabelling
   give the tree of the plain loop.

   Tie rule, as SciPy's ``linkage`` (so ``children_`` equals scikit-learn's
   for ward, complete and average linkage even on tied data): prefer the
   previous chain element when it is among the nearest, else the lowest
   index; the merged cluster takes the row of the higher index.

2. ``pairwise_distances_blocked``. The plain matrix of eq. 1, the same sums
   in the same order (so the same bits, and the same ties), computed a
   cache-sized block of rows at a time into preallocated buffers instead of
   as whole n × n temporaries per feature.

3. ``mst_single_linkage``. Single linkage is the minimum spanning tree
   (Gower and Ross, 1969): its merges are the tree's edges in increasing
   order. Prim's algorithm grows the tree one sample at a time, keeping
   each sample's distance to the tree; a new row of distances per step, so
   O(n²) time and O(n) memory, no matrix at all. It starts at sample 0 and
   takes the lowest index on a tie, as scikit-learn's single linkage does,
   so the trees agree on tied data too.
"""

import numpy as np

from scratchlearn.clustering.agglomerative_clustering.model import lance_williams

# Entries of one block of rows of the distance matrix: 2**15 float64 =
# 256 KB, so a block and its difference buffer stay in the L2 cache.
BLOCK_ENTRIES = 2 ** 15


def pairwise_distances_blocked(X):
    """Eq. 1 for all pairs: bit for bit ``model.pairwise_distances``."""
    n, d = X.shape
    D = np.empty((n, n))
    X_T = np.ascontiguousarray(X.T)                 # (d, n): one feature per row
    rows = max(1, BLOCK_ENTRIES // max(n, 1))
    t = np.empty((rows, n))
    # Blocks of rows and, inside, features: never a loop over single samples.
    for start in range(0, n, rows):
        block = D[start:start + rows]
        buffer = t[:len(block)]
        block.fill(0.0)
        for j in range(d):
            np.subtract(X_T[j, start:start + rows, None], X_T[j], out=buffer)
            np.multiply(buffer, buffer, out=buffer)
            block += buffer
    return np.sqrt(D, out=D)


def nn_chain_tree(X, linkage):
    """``(children, distances)`` of the full merge tree, as ``model.merge_tree``."""
    n = len(X)
    D = pairwise_distances_blocked(X)
    np.fill_diagonal(D, np.inf)
    size = np.ones(n)
    active = np.ones(n, dtype=bool)
    merges = np.empty((max(n - 1, 0), 2), dtype=np.intp)      # rows (x, y), x < y
    heights = np.empty(max(n - 1, 0))
    chain = []
    # Sequential by nature: each chain step depends on the last merge. Each
    # step is one argmin over a row; each merge one vectorised row update.
    for m in range(n - 1):
        if not chain:
            chain.append(int(np.argmax(active)))
        while True:
            x = chain[-1]
            row = D[x]
            y = int(np.argmin(row))
            if len(chain) > 1 and row[chain[-2]] <= row[y]:
                y = chain[-2]
                break
            chain.append(y)
        chain.pop()
        chain.pop()
        d_xy = row[y]
        x, y = min(x, y), max(x, y)
        merges[m] = x, y
        heights[m] = d_xy
        new = lance_williams(linkage, D[x], D[y], d_xy, size[x], size[y], size)
        size[y] += size[x]
        active[x] = False
        new[~active] = np.inf
        new[y] = np.inf
        D[y, :] = new
        D[:, y] = new
        D[x, :] = np.inf
        D[:, x] = np.inf
    return _relabel(merges, heights, n)


def _relabel(merges, heights, n):
    """Sort merges by height (stably) and name clusters as the plain loop
    does: node n + m is the cluster made by the m-th merge in that order.

    Each merge is given by one sample of each side (a row of the chain's
    matrix, or the two ends of a spanning-tree edge); a union–find over the
    samples finds the clusters they belong to at that point.
    """
    order = np.argsort(heights, kind="stable")
    parent = list(range(n))             # union–find forest over samples
    node = list(range(n))               # node id of the cluster rooted at a sample
    children = np.empty_like(merges)

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]           # path halving
            i = parent[i]
        return i

    # One near-constant-time step per merge (n − 1 of them), sequential
    # because each depends on the unions before it.
    for m, k in enumerate(order.tolist()):
        x, y = find(int(merges[k, 0])), find(int(merges[k, 1]))
        a, b = node[x], node[y]
        children[m] = (a, b) if a < b else (b, a)
        parent[x] = y
        node[y] = n + m
    return children, heights[order]


def mst_single_linkage(X):
    """Single-linkage ``(children, distances)`` from Prim's minimum spanning tree."""
    n = len(X)
    X_T = np.ascontiguousarray(X.T)                 # (d, n)
    in_tree = np.zeros(n)                   # 0, or +∞ once a sample joins the tree
    nearest = np.full(n, np.inf)            # distance of each sample to the tree
    parent = np.zeros(n, dtype=np.intp)     # the tree sample it is nearest to
    merges = np.empty((max(n - 1, 0), 2), dtype=np.intp)
    heights = np.empty(max(n - 1, 0))
    T = np.empty_like(X_T)
    row = np.empty(n)
    new = 0
    # n − 1 steps, each needing the tree grown by the step before; each step
    # is a handful of whole-row operations.
    for m in range(n - 1):
        in_tree[new] = np.inf
        np.subtract(X_T, X_T[:, new, None], out=T)
        np.multiply(T, T, out=T)
        # Summing over axis 0 adds the feature rows in order: the same sums
        # as eq. 1 feature by feature, so the same bits and the same ties.
        np.sum(T, axis=0, out=row)
        np.sqrt(row, out=row)
        row += in_tree                      # samples in the tree never come back
        closer = row < nearest
        np.copyto(parent, new, where=closer)
        np.minimum(nearest, row, out=nearest)
        nearest[new] = np.inf
        new = int(np.argmin(nearest))
        merges[m] = parent[new], new
        heights[m] = nearest[new]
    return _relabel(merges, heights, n)
