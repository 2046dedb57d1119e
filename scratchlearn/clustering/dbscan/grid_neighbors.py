"""ε-neighbourhoods by a grid of cells (notes: "Making it fast", item 1).

Two points within distance ε differ by at most ε in every coordinate, for the
Euclidean, Manhattan and Chebyshev metrics alike. Bucket the points into
cells of side ε/r on (up to) three coordinates: a point's neighbours can
only lie within r cells of its own along each gridded coordinate
((2r + 1)^g cells for g gridded coordinates). Only those candidate pairs are
measured, with the same feature-by-feature sum as the plain
``radius_neighbors``, so the two paths return the same neighbour sets (the
order within a row may differ).

The work is about (2r + 1)^g cells × the points per cell × n pairs, instead
of n².
It falls back to the plain blocked scan when the grid would need more cells
than an int64 key can number.
"""

import itertools

import numpy as np

from scratchlearn.clustering.dbscan.model import (
    BLOCK_ENTRIES,
    _csr,
    accumulate,
    radius_neighbors,
    reduced_radius,
)

MAX_GRID_DIMS = 3
# Cells per ε along each gridded coordinate, by the number of gridded
# coordinates g. With r cells per ε a point's candidates fill (2r + 1)^g
# cells of side ε/r: (2r + 1)²/r² ε² in 2-D, from 9 ε² (r = 1) down to
# 6.25 ε² (r = 2), against the π ε² that are true neighbours. More cells
# cost more lookups per point, so r = 2 only for g ≤ 2 (25 cells; 3-D
# would need 125).
CELLS_PER_EPS = {1: 2, 2: 2, 3: 1}


def grid_radius_neighbors(X, eps, metric):
    """Same contract as ``model.radius_neighbors``: (indptr, indices) of every
    ε-neighbourhood, each point included in its own."""
    n, d = X.shape
    if n == 0:
        return _csr(np.zeros(0, np.intp), np.zeros(0, np.intp))
    # Grid the coordinates with the widest spread: they separate points best.
    spread = X.max(axis=0) - X.min(axis=0)
    dims = np.sort(np.argsort(-spread, kind="stable")[:MAX_GRID_DIMS])
    G = X[:, dims]
    # Cells start at 1 so that every neighbour cell index (±1) stays ≥ 0.
    reach = CELLS_PER_EPS[len(dims)]
    cells = np.floor((G - G.min(axis=0)) / (eps / reach)).astype(np.int64) + reach
    extent = cells.max(axis=0) + 1 + reach
    if np.prod(extent.astype(float)) >= 2.0 ** 62:
        return radius_neighbors(X, eps, metric)
    stride = np.r_[np.cumprod(extent[::-1])[::-1][1:], 1].astype(np.int64)   # row-major
    key = cells @ stride

    order = np.argsort(key, kind="stable")          # points grouped by cell
    cell_keys, cell_start, cell_count = np.unique(key[order], return_index=True,
                                                  return_counts=True)
    steps = range(-reach, reach + 1)
    offsets = np.array(list(itertools.product(steps, repeat=len(dims)))) @ stride
    # (n, 3^g): for every point and adjacent cell, where that cell's points
    # start in ``order`` and how many there are (0 if the cell is empty).
    target = key[:, None] + offsets[None, :]
    pos = np.minimum(np.searchsorted(cell_keys, target), len(cell_keys) - 1)
    found = cell_keys[pos] == target
    starts = np.where(found, cell_start[pos], 0)
    counts = np.where(found, cell_count[pos], 0)

    threshold = reduced_radius(eps, metric)
    per_point = counts.sum(axis=1)
    # One row per feature, the candidates' copy in cell order: the candidates
    # of a cell are then a contiguous run, read from cache.
    X_T = np.ascontiguousarray(X.T)
    X_sorted_T = np.ascontiguousarray(X[order].T)
    kept_counts = np.empty(n, dtype=np.intp)
    kept = []
    # Blocks of points whose candidate pairs add up to about BLOCK_ENTRIES,
    # so memory stays bounded however dense the cells are.
    bounds = _blocks(per_point, BLOCK_ENTRIES)
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        c, s = counts[lo:hi].ravel(), starts[lo:hi].ravel()
        total = int(c.sum())
        # Candidate k sits at position s_cell + (k − offset of its cell) of
        # the cell order.
        pos = np.repeat(s - (np.cumsum(c) - c), c)
        pos += np.arange(total)
        rho = np.zeros(total)
        diff = np.empty(total)
        for j in range(d):
            np.subtract(np.repeat(X_T[j, lo:hi], per_point[lo:hi]), X_sorted_T[j, pos],
                        out=diff)
            accumulate(rho, diff, metric)
        within = rho <= threshold
        kept.append(order[pos[within]])
        rows = np.repeat(np.arange(hi - lo), per_point[lo:hi])
        kept_counts[lo:hi] = np.bincount(rows[within], minlength=hi - lo)
    return _csr(kept_counts, np.concatenate(kept))


def _blocks(sizes, budget):
    """Boundaries [0, …, n] cutting ``sizes`` into consecutive runs of about
    ``budget`` in total (at least one item per run)."""
    cumulative = np.cumsum(sizes)
    cuts = np.searchsorted(cumulative, np.arange(budget, cumulative[-1], budget), side="right")
    return np.unique(np.r_[0, cuts, len(sizes)])
