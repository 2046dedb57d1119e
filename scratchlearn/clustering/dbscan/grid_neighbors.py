"""DBSCAN on a grid of cells (notes: "Making it fast", items 1–5).

The plain path lists every ε-neighbourhood, point by point, then walks them.
DBSCAN needs much less: whether each point has at least min_samples
neighbours, which core points are linked, and for each other point the
lowest cluster among the core points near it. A grid answers most of that
cell by cell:

1. Cells of side ε/r on (up to) three coordinates; a point's neighbours lie
   within r cells of its own along each of them.
2. The bounding box of the points of each cell bounds every pair between two
   cells from above and below, exactly as the plain path rounds it. A pair of
   cells whose boxes are entirely within ε of each other holds only
   neighbour pairs; boxes farther than ε apart hold none. Only the pairs in
   between ("maybe" pairs) are measured point by point.
3. Core points by counting: a cell's count of sure neighbours is a lower
   bound for each of its points, sure and maybe together an upper bound;
   distances are measured only for the points these bounds leave undecided.
4. Core points linked cell by cell: one link per pair of cells suffices, and
   cells already joined by sure links are not measured again.
5. Border points: the lowest cluster of the core points within ε, measured
   only for the non-core points.

Every distance, whether between two points or two boxes, is the same
feature-by-feature sum as the plain ``radius_neighbors``, so both paths agree
exactly, pairs at exactly ε included.
"""

import itertools

import numpy as np

from scratchlearn.clustering.dbscan.model import (
    BLOCK_ENTRIES,
    accumulate,
    expand_clusters,
    radius_neighbors,
    reduced_radius,
)

MAX_GRID_DIMS = 3
# Cells per ε along each gridded coordinate, by the number g of gridded
# coordinates. Finer cells make more pairs of cells certain (wholly within ε
# or wholly beyond it), but there are (2r + 1)^g cells to look up around each
# cell: 9 in 1-D, 49 in 2-D, 125 in 3-D. In 2-D, r = 3 makes every two
# touching cells (side by side or corner to corner: at most 2√2/3 ε ≈ 0.94 ε
# apart) wholly within ε, so sure links chain through a dense region; with
# r = 2 the dense benchmark measured 6 million pairs to link its cells, and
# r = 4 spends more on pairs of cells than it saves (measured, notes).
CELLS_PER_EPS = {1: 4, 2: 3, 3: 2}
# Share of the n² pairs of points above which the grid hands over to the
# plain blocked scan (see ``grid_dbscan``).
MAX_MEASURED_SHARE = 0.5


def grid_dbscan(X, eps, min_samples, metric):
    """(labels, is_core), equal to the plain path's ``expand_clusters`` on
    ``radius_neighbors`` (notes eqs. 1–6)."""
    n = len(X)
    threshold = reduced_radius(eps, metric)
    grid = _grid(X, eps)
    if grid is None:
        return _plain(X, eps, min_samples, metric)
    order, cell_of, pa, pb = grid
    n_cells = int(cell_of[-1]) + 1
    points = _Members(X, order, cell_of, n_cells)
    far, near = _box_bounds(points, pa, points, pb, metric)
    sure, maybe = far <= threshold, (far > threshold) & (near <= threshold)
    # Pairs of points left to measure one by one (each way). When the grid
    # leaves a large share of all n² pairs, as in high dimensions where the
    # gridded coordinates say little, the plain blocked scan is faster: it
    # measures each pair once, with contiguous arrays instead of gathers.
    ways = np.where(pa[maybe] == pb[maybe], 1, 2)
    to_measure = (points.count[pa[maybe]] * ways) @ points.count[pb[maybe]]
    if to_measure > n * n * MAX_MEASURED_SHARE:
        return _plain(X, eps, min_samples, metric)
    cell_of_point = np.empty(n, dtype=np.intp)
    cell_of_point[order] = cell_of
    X_T = np.ascontiguousarray(X.T)

    # Item 3: core points by bounds on the neighbour counts.
    lower = _count_both_ways(pa[sure], pb[sure], points.count, n_cells)
    upper = lower + _count_both_ways(pa[maybe], pb[maybe], points.count, n_cells)
    is_core = np.zeros(n, dtype=bool)
    is_core[order] = lower[cell_of] >= min_samples
    undecided = order[(lower[cell_of] < min_samples) & (upper[cell_of] >= min_samples)]
    if undecided.size:
        asked = _Members(X, undecided, cell_of_point[undecided], n_cells)
        i, _ = _close_pairs(X_T, asked, points, *_both_ways(pa[maybe], pb[maybe]), threshold,
                            metric)
        found = np.bincount(i, minlength=n)[undecided]
        is_core[undecided] = lower[cell_of_point[undecided]] + found >= min_samples

    labels = np.full(n, -1, dtype=np.intp)
    core = order[is_core[order]]                 # core points grouped by cell
    if core.size == 0:
        return labels, is_core
    cores = _Members(X, core, cell_of_point[core], n_cells)

    # Item 4: the core points' components, labelled by their lowest index.
    root = _core_components(X_T, cores, points, pa, pb, far, near, threshold, metric)
    _, cluster = np.unique(root[core], return_inverse=True)
    labels[core] = cluster

    # Item 5: every other point takes the lowest cluster among the core
    # points within ε of it, if any.
    other = order[~is_core[order]]
    if other.size:
        others = _Members(X, other, cell_of_point[other], n_cells)
        best = _border_labels(X_T, others, cores, labels, pa, pb, threshold, metric)
        labels[other] = best[other]
    return labels, is_core


def _plain(X, eps, min_samples, metric):
    """The plain path: every neighbourhood listed, then expanded."""
    indptr, indices = radius_neighbors(X, eps, metric)
    is_core = np.diff(indptr) >= min_samples
    return expand_clusters(indptr, indices, is_core), is_core


def _grid(X, eps):
    """Item 1. The points sorted by cell (``order``), each sorted point's cell
    number (``cell_of``, 0, 1, … in key order), and every pair (pa, pb) of
    occupied cells within r cells of each other along every gridded
    coordinate, listed once (pa ≤ pb), each cell with itself included. None
    if the cells cannot be numbered by an int64 key."""
    spread = X.max(axis=0) - X.min(axis=0)
    # Grid the coordinates with the widest spread: they separate points best.
    dims = np.sort(np.argsort(-spread, kind="stable")[:MAX_GRID_DIMS])
    G = X[:, dims]
    reach = CELLS_PER_EPS[len(dims)]
    # A grid finer than the float range (a tiny ε, a huge spread) overflows to
    # ∞, or to NaN when ε/r underflows to 0; neither is below 2⁶², so such
    # data go to the plain scan.
    with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
        scaled = np.floor((G - G.min(axis=0)) / (eps / reach))
        # Cells start at ``reach`` so that every neighbour cell index stays ≥ 0.
        extent = scaled.max(axis=0) + 1 + 2 * reach
        if not np.prod(extent) < 2.0 ** 62:
            return None
    cells = scaled.astype(np.int64) + reach
    stride = np.r_[np.cumprod(extent[::-1])[::-1][1:], 1].astype(np.int64)   # row-major
    key = cells @ stride
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    first = np.r_[True, sorted_key[1:] != sorted_key[:-1]]
    cell_keys = sorted_key[first]
    cell_of = np.cumsum(first) - 1
    # Half the offsets, those with a non-negative key: the other half gives
    # the same pairs the other way round.
    steps = range(-reach, reach + 1)
    offsets = np.array(list(itertools.product(steps, repeat=len(dims)))) @ stride
    offsets = offsets[offsets >= 0]
    # One row per offset: each row is sorted, which searchsorted runs through
    # faster than keys in no order.
    target = (offsets[:, None] + cell_keys[None, :]).ravel()
    found = np.minimum(np.searchsorted(cell_keys, target), len(cell_keys) - 1)
    hit = cell_keys[found] == target
    pa = np.tile(np.arange(len(cell_keys)), len(offsets))[hit]
    return order, cell_of, pa, found[hit]


def _both_ways(pa, pb):
    """Pairs of cells listed once (pa ≤ pb) as ordered pairs, both ways."""
    other = pa != pb
    return np.r_[pa, pb[other]], np.r_[pb, pa[other]]


class _Members:
    """A subset of the points grouped by cell: ``index`` lists them cell after
    cell, cell c's run starts at ``start[c]`` and holds ``count[c]`` points,
    and ``lo``/``hi`` are the corners of its bounding box (every feature)."""

    def __init__(self, X, index, cell, n_cells):
        self.index = index
        self.count = np.bincount(cell, minlength=n_cells)
        self.start = np.cumsum(self.count) - self.count
        occupied = np.flatnonzero(self.count)
        # One row per feature, so that gathering a feature's corners for
        # many cells reads one contiguous array.
        box = X[index].T
        self.lo = np.zeros((X.shape[1], n_cells))
        self.hi = np.zeros((X.shape[1], n_cells))
        self.lo[:, occupied] = np.minimum.reduceat(box, self.start[occupied], axis=1)
        self.hi[:, occupied] = np.maximum.reduceat(box, self.start[occupied], axis=1)


def _count_both_ways(pa, pb, count, n_cells):
    """For each cell, the points of the cells it is paired with."""
    other = pa != pb
    return (np.bincount(pa, weights=count[pb], minlength=n_cells)
            + np.bincount(pb[other], weights=count[pa[other]], minlength=n_cells))


def _box_bounds(A, pa, B, pb, metric):
    """Item 2. For each pair of cells (pa[k] of A, pb[k] of B), the largest and
    the smallest reduced distance any pair of their points can have.

    Per feature, every pair's rounded difference |x − y| lies between the
    rounded gap and the rounded span of the two boxes, because rounding never
    reverses an order; squaring and adding keep the order too. So with the
    plain path's sum, ``near ≤ ρ(x, y) ≤ far`` holds in floating point,
    ties at ε included."""
    far = np.zeros(len(pa))
    near = np.zeros(len(pa))
    for j in range(len(A.lo)):
        lo_a, hi_a, lo_b, hi_b = A.lo[j][pa], A.hi[j][pa], B.lo[j][pb], B.hi[j][pb]
        accumulate(far, np.maximum(hi_a - lo_b, hi_b - lo_a), metric)
        accumulate(near, np.maximum(np.maximum(lo_b - hi_a, lo_a - hi_b), 0.0), metric)
    return far, near


def _close_pairs(X_T, A, B, pa, pb, threshold, metric):
    """Every pair (i, j), i a member of A in cell pa[k] and j a member of B
    in cell pb[k], within ε: measured one by one, in blocks of about
    BLOCK_ENTRIES pairs so memory stays bounded (a pair of cells too big for
    one block is cut into runs of A's members)."""
    size_a, size_b = A.count[pa], B.count[pb]
    some = (size_a > 0) & (size_b > 0)
    pa, pb, size_a, size_b = pa[some], pb[some], size_a[some], size_b[some]
    per_piece = np.maximum(1, BLOCK_ENTRIES // np.maximum(size_b, 1))
    pieces = -(-size_a // per_piece)
    owner = np.repeat(np.arange(len(pa)), pieces)
    skip = _runs(np.zeros(len(pa), dtype=np.intp), pieces) * per_piece[owner]
    start_a = A.start[pa][owner] + skip
    rows = np.minimum(per_piece[owner], size_a[owner] - skip)
    start_b, width = B.start[pb][owner], size_b[owner]
    found_i, found_j = [], []
    bounds = _blocks(rows * width, BLOCK_ENTRIES)
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        # One row per member of A in each piece, then one entry per member
        # of B on that row.
        row_width = np.repeat(width[lo:hi], rows[lo:hi])
        i = np.repeat(A.index[_runs(start_a[lo:hi], rows[lo:hi])], row_width)
        j = B.index[_runs(np.repeat(start_b[lo:hi], rows[lo:hi]), row_width)]
        rho = np.zeros(len(i))
        for f in range(len(X_T)):
            accumulate(rho, X_T[f, i] - X_T[f, j], metric)
        within = rho <= threshold
        found_i.append(i[within])
        found_j.append(j[within])
    if not found_i:
        return np.zeros(0, np.intp), np.zeros(0, np.intp)
    return np.concatenate(found_i), np.concatenate(found_j)


def _core_components(X_T, cores, points, pa, pb, far, near, threshold, metric):
    """Item 4. For every core point, the lowest index in its component of
    the "within ε" graph on core points (notes eq. 4).

    The sure links first: the core points of a cell whose core box fits in ε
    all hang from the cell's first (lowest-index) one, and two such cells
    whose core boxes are wholly within ε are linked through their first
    ones. Then the maybe pairs of cells, measured point by point, except
    those whose core points the sure links already placed in one component.
    ``far`` and ``near`` are the bounds between the cells' boxes of all
    points: they hold for the core boxes where a cell's points are all core."""
    both = (cores.count[pa] > 0) & (cores.count[pb] > 0)
    pa, pb, far, near = pa[both], pb[both], far[both], near[both]
    partial = cores.count < points.count
    redo = partial[pa] | partial[pb]
    far[redo], near[redo] = _box_bounds(cores, pa[redo], cores, pb[redo], metric)
    self_pair = pa == pb
    clique = np.zeros(len(cores.count), dtype=bool)
    clique[pa[self_pair]] = far[self_pair] <= threshold
    occupied = np.flatnonzero(cores.count)
    first = np.zeros(len(cores.count), dtype=np.intp)
    first[occupied] = cores.index[cores.start[occupied]]
    cell = np.repeat(np.arange(len(cores.count)), cores.count)
    parent = np.arange(X_T.shape[1])
    in_clique = clique[cell]
    parent[cores.index[in_clique]] = first[cell[in_clique]]
    linked = (far <= threshold) & ~self_pair & clique[pa] & clique[pb]
    parent = _components(parent, first[pa[linked]], first[pb[linked]])

    measure = (near <= threshold) & ~linked & ~(self_pair & clique[pa])
    # A cell is settled when all its core points share one root; a pair of
    # settled cells with the same root gains nothing from being measured.
    root_lo = np.full(len(cores.count), -1)
    root_hi = np.full(len(cores.count), -1)
    root_lo[occupied] = np.minimum.reduceat(parent[cores.index], cores.start[occupied])
    root_hi[occupied] = np.maximum.reduceat(parent[cores.index], cores.start[occupied])
    settled = root_lo == root_hi
    measure &= ~(settled[pa] & settled[pb] & (root_lo[pa] == root_lo[pb]))
    i, j = _close_pairs(X_T, cores, cores, pa[measure], pb[measure], threshold, metric)
    return _components(parent, i, j)


def _components(parent, u, v):
    """Connected components of the edges (u[k], v[k]), merged into the forest
    ``parent`` (parent[x] ≤ x, roots point to themselves). Returns parent with
    every node pointing at its root, the lowest node of its component.

    Each round hooks the larger root of every edge still crossing two trees
    under the smaller, then halves paths until every node points at a root:
    about log(diameter) rounds of whole-array operations, not one per edge."""
    while True:
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
        ru, rv = parent[u], parent[v]
        crossing = ru != rv
        if not crossing.any():
            return parent
        u, v, ru, rv = u[crossing], v[crossing], ru[crossing], rv[crossing]
        np.minimum.at(parent, np.maximum(ru, rv), np.minimum(ru, rv))


def _border_labels(X_T, others, cores, labels, pa, pb, threshold, metric):
    """Item 5. For each non-core point, the lowest cluster among the core
    points within ε (notes eq. 6), or −1 if there are none."""
    n_cells = len(cores.count)
    pa, pb = _both_ways(pa, pb)
    both = (others.count[pa] > 0) & (cores.count[pb] > 0)
    pa, pb = pa[both], pb[both]
    far, near = _box_bounds(others, pa, cores, pb, metric)
    none = np.iinfo(np.intp).max
    # Lowest cluster of each cell's core points: all of them are within ε of
    # all of the other cell's points when the boxes are.
    lowest = np.full(n_cells, none)
    occupied = np.flatnonzero(cores.count)
    lowest[occupied] = np.minimum.reduceat(labels[cores.index], cores.start[occupied])
    best = np.full(len(labels), none)
    per_cell = np.full(n_cells, none)
    sure = far <= threshold
    np.minimum.at(per_cell, pa[sure], lowest[pb[sure]])
    best[others.index] = per_cell[np.repeat(np.arange(n_cells), others.count)]
    maybe = ~sure & (near <= threshold)
    i, j = _close_pairs(X_T, others, cores, pa[maybe], pb[maybe], threshold, metric)
    np.minimum.at(best, i, labels[j])
    return np.where(best == none, -1, best)


def _runs(starts, lengths):
    """Positions starts[k], starts[k] + 1, … (lengths[k] of them) for every
    k, concatenated."""
    return np.repeat(starts - (np.cumsum(lengths) - lengths), lengths) + np.arange(lengths.sum())


def _blocks(sizes, budget):
    """Boundaries [0, …, n] cutting ``sizes`` into consecutive runs of about
    ``budget`` in total (at least one item per run)."""
    if len(sizes) == 0:
        return np.zeros(1, dtype=np.intp)
    cumulative = np.cumsum(sizes)
    cuts = np.searchsorted(cumulative, np.arange(budget, cumulative[-1], budget), side="right")
    return np.unique(np.r_[0, cuts, len(sizes)])
