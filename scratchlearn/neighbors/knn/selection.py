r"""The fast neighbour search: the plain path's neighbours, found without
computing every distance exactly or sorting whole rows.

Explained in notes.md, "Making it fast" (items 1–4 there are items 1–4 here).
``model.k_nearest`` computes every distance of eq. 1 feature by feature and
sorts whole rows by (distance, index). This module returns the same
neighbours and the same distances, bit for bit:

1. ``screen``: a cheap stand-in ρ̃ for every distance: one matrix product
   for p = 2 (eq. 8), a cache-blocked sum over features for other p.
2. ``screen_slack``: how far ρ̃ can be from the plain path's distance after
   rounding (eq. 9), so that no neighbour can be missed.
3. ``kth_smallest_bound``: an upper bound on each row's k-th smallest ρ̃ from
   group minima (eq. 10); the entries under it (plus the slack) are the
   candidates, a handful per query.
4. ``settle``: the candidates' distances recomputed by the plain path's own
   function, then sorted by (distance, index); ``merge`` joins training
   blocks by the same order.

Queries and training rows are taken in blocks of at most ``BLOCK_ENTRIES``
pairs, so no temporary grows with n_queries × n_train.
"""

import numpy as np

# Entries of one (query block × training block) matrix of ρ̃: 2**21 float64 =
# 16 MB. If every distance in a block ties (the worst case, when every entry
# is a candidate) the candidate arrays add about 6× that.
BLOCK_ENTRIES = 2 ** 21
# Pairs per block when p ≠ 2, summed one feature at a time: 512 KB of
# float64, small enough to stay in cache.
SUB_BLOCK_ENTRIES = 2 ** 16
# Adjacent columns per group when bounding the k-th smallest value (eq. 10).
GROUP_SIZE = 256

EPS = np.finfo(np.float64).eps


def screened_kneighbors(X_query, X_fit, k, p, fit_sq_norms, exact):
    """Distances and indices of the k nearest training rows of every query,
    each (n_queries, k), nearest first, equal distances by index: exactly
    ``model.k_nearest``'s answer. ``exact`` is the plain path's distance
    function; ``fit_sq_norms`` holds ‖xᵢ‖² (needed for p = 2 only).
    """
    n_query, n_fit = len(X_query), len(X_fit)
    cols = min(n_fit, max(k, BLOCK_ENTRIES))
    rows = max(1, BLOCK_ENTRIES // cols)
    dist = np.empty((n_query, k))
    ind = np.empty((n_query, k), dtype=np.intp)
    # Loops over blocks, not samples: each block is one matrix product (p = 2)
    # and a handful of whole-array operations.
    for r in range(0, n_query, rows):
        A = X_query[r:r + rows]
        best = None
        for c in range(0, n_fit, cols):
            B = X_fit[c:c + cols]
            sq_norms = None if fit_sq_norms is None else fit_sq_norms[c:c + cols]
            block_dist, block_ind = block_top_k(A, B, min(k, len(B)), p, sq_norms, exact)
            found = (block_dist, block_ind + c)
            best = found if best is None else merge(best, found, k)
        dist[r:r + rows], ind[r:r + rows] = best
    return dist, ind


def block_top_k(A, B, k, p, B_sq_norms, exact):
    """Each row of A's first k rows of B in (distance, index) order: screen,
    bound, keep the candidates, settle them exactly (items 1–4)."""
    rho = screen(A, B, p, B_sq_norms)                           # (m, n)
    tau = kth_smallest_bound(rho, k)                            # (m,)
    # Near the float limit the screen or the slack can overflow, and ∞ − ∞
    # gives NaN: such entries and rows keep every entry as a candidate, slow
    # but still exact (hence "not above the limit" rather than "at most").
    with np.errstate(over="ignore", invalid="ignore"):
        limit = tau + 2.0 * screen_slack(A, B_sq_norms, tau, p)
    limit[np.isnan(limit)] = np.inf
    flat = np.flatnonzero(~(rho > limit[:, None]))              # by row, then index
    rows, cols = np.divmod(flat, rho.shape[1])
    return settle(A, B, rows, cols, k, p, exact)


def screen(A, B, p, B_sq_norms=None):
    """ρ̃(a, b) for every row a of A and b of B (item 1): a quantity in the
    same order as d_p(a, b) up to rounding, cheap to compute. Shape (len(A), len(B)).

    p = 2: ρ̃ = ‖b‖² − 2 a·b, eq. 8 without the ‖a‖² that is the same for the
    whole row (one matrix product). Other p: ρ̃ = Σⱼ |aⱼ − bⱼ|^p, eq. 1
    without the root (max |aⱼ − bⱼ| for p = ∞), over cache-sized blocks.
    """
    if p == 2:
        # −2 is a power of two, so scaling A first is exact and saves a pass.
        # Near the float limit the product may overflow: see ``block_top_k``.
        with np.errstate(over="ignore", invalid="ignore"):
            rho = (A * -2.0) @ B.T
            rho += B_sq_norms
        return rho
    m, d = A.shape
    n = len(B)
    rho = np.empty((m, n))
    B_T = np.ascontiguousarray(B.T)                 # (d, n): one feature per row
    rows = max(1, min(m, SUB_BLOCK_ENTRIES // n))
    cols = min(n, SUB_BLOCK_ENTRIES // rows)
    term = np.empty((rows, cols))
    # Overflow is capped below, as the plain path caps it.
    with np.errstate(over="ignore"):
        _accumulate_blocks(A, B_T, p, rho, term, rows, cols)
    np.minimum(rho, np.finfo(np.float64).max, out=rho)
    return rho


def _accumulate_blocks(A, B_T, p, rho, term, rows, cols):
    """Σⱼ |aⱼ − bⱼ|^p into ``rho``, one rows × cols block of pairs at a time.

    Loops over cache-sized blocks of pairs and over features, never over
    samples: each step updates a whole block of sums.
    """
    (m, d), n = A.shape, B_T.shape[1]
    for i in range(0, m, rows):
        a = A[i:i + rows]
        for c in range(0, n, cols):
            acc = rho[i:i + rows, c:c + cols]
            acc.fill(0.0)
            t = term[:acc.shape[0], :acc.shape[1]]
            for j in range(d):
                np.subtract(a[:, j:j + 1], B_T[j, c:c + cols], out=t)
                np.abs(t, out=t)
                if p == np.inf:
                    np.maximum(acc, t, out=acc)
                    continue
                if p != 1:
                    np.power(t, p, out=t)
                acc += t


def screen_slack(A, B_sq_norms, tau, p):
    """E of eq. 9 for each row of A (item 2): ρ̃ differs from the plain path's
    value (its d², or Σ|·|^p before the root) by at most E, and so does the
    rounding that can make two such values give the same distance.

    p = 2: the matrix product, the norms and the plain path's sum of squares
    each round by at most about d·u·(‖a‖ + ‖b‖)² (u = ε/2), whatever their
    order of summation. Other p: both sums add the same terms in the same
    order, so they differ by a few ε relative; the root (eq. 1) merges values
    at most about p·ε apart.
    """
    d = A.shape[1]
    if p == 2:
        a_norm = np.sqrt(np.einsum("ij,ij->i", A, A))
        b_norm = np.sqrt(np.max(B_sq_norms))
        return (d + 8) * EPS * (a_norm + b_norm) ** 2
    root = 0.0 if p == np.inf else p
    return (d + 8 + root) * EPS * tau


def kth_smallest_bound(rho, k):
    """τ ≥ each row's k-th smallest entry of ρ̃ (eq. 10, item 3).

    Sorting whole rows would cost O(n log n) each. Instead split the row
    into G ≥ k groups of adjacent columns: the k smallest group minima are
    k distinct entries, so the k-th of them is ≥ the row's k-th smallest
    value. Typically only a few more than k entries lie under it.
    """
    m, n = rho.shape
    if n <= k:
        return np.full(m, np.inf)                   # every entry is needed
    n_groups = max(k, n // GROUP_SIZE)
    size = n // n_groups
    group_min = rho[:, :n_groups * size].reshape(m, n_groups, size).min(axis=2)
    return np.partition(group_min, k - 1, axis=1)[:, k - 1]


def settle(A, B, rows, cols, k, p, exact):
    """The first k candidates of each row of A in (distance, index) order,
    their distances computed by ``exact``, the plain path's own function, so
    they are its numbers (item 4). Candidates come as (row, column) pairs,
    at least k per row."""
    dist = np.empty(len(rows))
    step = max(1, BLOCK_ENTRIES // A.shape[1])
    # A loop over chunks of candidate pairs, to bound the memory of the
    # gathered rows when many distances tie; usually one chunk.
    for s in range(0, len(rows), step):
        dist[s:s + step] = exact(A[rows[s:s + step]], B[cols[s:s + step]], p)
    order = np.lexsort((cols, dist, rows))
    counts = np.bincount(rows, minlength=len(A))
    first = np.cumsum(counts) - counts
    take = order[(first[:, None] + np.arange(k)).ravel()]
    return dist[take].reshape(-1, k), cols[take].reshape(-1, k)


def merge(best, found, k):
    """The first k of two (distance, index) lists per row, in that order: the
    running best of earlier training blocks and this block's (item 4)."""
    dist = np.concatenate((best[0], found[0]), axis=1)
    ind = np.concatenate((best[1], found[1]), axis=1)
    order = np.lexsort((ind, dist), axis=1)[:, :k]
    return np.take_along_axis(dist, order, axis=1), np.take_along_axis(ind, order, axis=1)
