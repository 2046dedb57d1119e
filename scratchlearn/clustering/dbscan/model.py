r"""DBSCAN: clusters are regions of high density, separated by regions of low density.

    N_ε(x) = { x' : d(x, x') ≤ ε }        (x itself included)       (notes eq. 1)
    x is a core point  ⇔  |N_ε(x)| ≥ min_samples                     (eq. 2)
    q directly density-reachable from p  ⇔  p core and q ∈ N_ε(p)    (eq. 3)
    cluster = the core points of one connected component of the
              "directly reachable" graph, plus every point they reach  (eq. 4)
    noise = points reachable from no core point, label −1             (eq. 5)

A border point (not core, but in the ε-neighbourhood of a core point) can be
reached from two clusters. Rule (eq. 6), the one scikit-learn's order of
expansion produces: clusters are numbered 0, 1, … by their lowest-index core
point, and a border point joins the lowest-numbered cluster that reaches it.
Labels are then identical to scikit-learn's, names included.

For the Euclidean metric the comparison is Σⱼ (xⱼ − x'ⱼ)² ≤ ε², accumulated
feature by feature: no square root, no ‖a‖² + ‖b‖² − 2a·b cancellation, so a
pair at distance exactly ε is never misjudged by rounding.

There is no objective: ``fit`` finds every ε-neighbourhood (in blocks of rows
so memory stays bounded), marks the core points, and grows each cluster by a
breadth-first traversal of the core points.
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClusterMixin
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.validation import is_integer, is_real, validate_data

# Entries of one (block of rows × all samples) distance matrix: 2**22 float64
# = 32 MB, whatever the number of samples.
BLOCK_ENTRIES = 2 ** 22

METRICS = ("euclidean", "manhattan", "chebyshev")


class DBSCAN(ClusterMixin, BaseEstimator):
    """Density-based spatial clustering of applications with noise.

    Parameters
    ----------
    eps : float > 0
        Radius of the neighbourhood N_ε (eq. 1).
    min_samples : int ≥ 1
        Points (the point itself included) an ε-neighbourhood must hold for
        its centre to be a core point (eq. 2).
    metric : "euclidean", "manhattan" or "chebyshev"
        The distance d in eq. 1.

    Fitted attributes
    -----------------
    labels_ : (n_samples,) int, cluster 0, 1, … or −1 for noise.
    core_sample_indices_ : (n_core,) int, indices of the core points, ascending.
    components_ : (n_core, n_features), the core points themselves.
    n_features_in_ : int.
    """

    def __init__(self, eps=0.5, min_samples=5, metric="euclidean"):
        self.eps = eps
        self.min_samples = min_samples
        self.metric = metric

    def fit(self, X, y=None):
        """Find the core points, the clusters they form, and the noise."""
        X = validate_data(self, X, reset=True)
        self._check_params()
        if use_fast_path():
            from scratchlearn.clustering.dbscan.grid_neighbors import grid_dbscan

            self.labels_, is_core = grid_dbscan(X, self.eps, self.min_samples, self.metric)
        else:
            indptr, indices = radius_neighbors(X, self.eps, self.metric)   # eq. 1
            n_neighbors = np.diff(indptr)
            is_core = n_neighbors >= self.min_samples                       # eq. 2
            self.labels_ = expand_clusters(indptr, indices, is_core)        # eqs. 3–6
        self.core_sample_indices_ = np.flatnonzero(is_core)
        self.components_ = X[is_core].copy()
        return self

    def _check_params(self):
        if not is_real(self.eps) or not self.eps > 0:
            raise ValueError(f"eps must be a positive number, got {self.eps!r}.")
        if not is_integer(self.min_samples) or self.min_samples < 1:
            raise ValueError(f"min_samples must be an int ≥ 1, got {self.min_samples!r}.")
        if self.metric not in METRICS:
            raise ValueError(f"metric must be one of {METRICS}, got {self.metric!r}.")


# exercise: dbscan.neighbors
def radius_neighbors(X, eps, metric):
    """Every ε-neighbourhood (eq. 1) as a compressed sparse row structure:
    the neighbours of sample i are ``indices[indptr[i]:indptr[i + 1]]``,
    ascending, i included.

    The plain way: for a block of rows at a time, the distances to all n
    samples, then keep those within ε. Memory per block is BLOCK_ENTRIES
    floats; the neighbour lists themselves take what they take.
    """
    n = len(X)
    rows = max(1, BLOCK_ENTRIES // max(n, 1))
    threshold = reduced_radius(eps, metric)
    counts, blocks = [], []
    # Loops over blocks of rows, not single samples: each block is a handful
    # of whole-array operations per feature.
    for start in range(0, n, rows):
        A = X[start:start + rows]
        rho = np.zeros((len(A), n))
        for j in range(X.shape[1]):
            accumulate(rho, A[:, j:j + 1] - X[:, j], metric)
        r, c = np.nonzero(rho <= threshold)
        counts.append(np.bincount(r, minlength=len(A)))
        blocks.append(c)
    indptr, indices = _csr(np.concatenate(counts), np.concatenate(blocks))
    return indptr, indices


def reduced_radius(eps, metric):
    """ε in the units ``accumulate`` sums: ε² for the Euclidean metric."""
    return eps * eps if metric == "euclidean" else eps


def accumulate(rho, difference, metric):
    """Add one feature's contribution to the reduced distances ρ, in place:
    ρ is Σ t² (Euclidean, = d²), Σ |t| (Manhattan) or max |t| (Chebyshev)."""
    if metric == "euclidean":
        rho += difference * difference
    elif metric == "manhattan":
        rho += np.abs(difference)
    else:
        np.maximum(rho, np.abs(difference), out=rho)


def _csr(counts, indices):
    indptr = np.zeros(len(counts) + 1, dtype=np.intp)
    np.cumsum(counts, out=indptr[1:])
    return indptr, indices.astype(np.intp, copy=False)


def gather_rows(indptr, indices, rows):
    """The concatenated neighbour lists of ``rows`` (one index array)."""
    starts, ends = indptr[rows], indptr[rows + 1]
    lengths = ends - starts
    total = int(lengths.sum())
    # Position k of the output reads indices[starts[r] + (k − offset of r)].
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return indices[offsets + np.arange(total)]


# exercise: dbscan.expand
def expand_clusters(indptr, indices, is_core):
    """Labels by eqs. 3–6: a breadth-first traversal from each unlabelled core
    point, in index order, across the core points it reaches.

    Each step takes the whole frontier at once: the neighbours of every
    frontier point that are still unlabelled join the cluster (border points
    included, eq. 6: an earlier cluster has already claimed the ones it
    reaches), and the core points among them are the next frontier.
    """
    labels = np.full(len(is_core), -1, dtype=np.intp)
    cluster = 0
    # A loop over the core points, one cluster grown per unlabelled seed:
    # clusters are found one after another (that order is the tie rule of
    # eq. 6), and each skipped seed costs one scalar test.
    for seed in np.flatnonzero(is_core):
        if labels[seed] != -1:
            continue
        labels[seed] = cluster
        frontier = np.array([seed])
        # Breadth-first levels: as many passes as the cluster's depth in hops.
        while frontier.size:
            reached = gather_rows(indptr, indices, frontier)
            reached = np.unique(reached[labels[reached] == -1])
            labels[reached] = cluster
            frontier = reached[is_core[reached]]
        cluster += 1
    return labels
