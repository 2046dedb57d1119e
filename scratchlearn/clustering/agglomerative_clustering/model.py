r"""Agglomerative (bottom-up hierarchical) clustering with four linkages.

Start with every sample a cluster of its own. Repeat n − 1 times: merge the
two clusters A, B at the smallest linkage distance D(A, B), and update the
distances from the merged cluster to every other cluster K by the
Lance–Williams formula, without going back to the samples:

    d(x, x') = √(Σⱼ (xⱼ − x'ⱼ)²)                          (notes eq. 1)
    D(K, A∪B) = α_A D(K, A) + α_B D(K, B) + β D(A, B) + γ |D(K, A) − D(K, B)|   (eq. 2)

    single:   min(D(K, A), D(K, B))                        (eq. 3)
    complete: max(D(K, A), D(K, B))                        (eq. 4)
    average:  (n_A D(K, A) + n_B D(K, B)) / (n_A + n_B)    (eq. 5)
    ward:     D(K, A∪B)² = ((n_K + n_A) D(K, A)² + (n_K + n_B) D(K, B)²
                            − n_K D(A, B)²) / (n_K + n_A + n_B)   (eq. 6)

For Ward, D(A, B) = √(2 n_A n_B / (n_A + n_B)) ‖μ_A − μ_B‖ (eq. 7): the
increase of the within-cluster sum of squares caused by the merge, in the
units scikit-learn and SciPy report. Cutting the tree after n − k merges
leaves k clusters.

Memory: the distance matrix is square, n × n floats — O(n²): 32 MB at
n = 2,000, 3.2 GB at n = 20,000. Time: the plain loop below searches the
whole matrix at every merge, O(n³); the fast path (``nn_chain.py``) needs
O(n²).

Ties (eq. 8): when several pairs share the smallest distance, the plain loop
merges the pair that comes first in row-major order of the matrix, whose
rows are kept by the lowest sample index of each cluster.
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClusterMixin
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.validation import is_integer, validate_data

LINKAGES = ("ward", "complete", "average", "single")


class AgglomerativeClustering(ClusterMixin, BaseEstimator):
    """Bottom-up hierarchical clustering, cut at ``n_clusters``.

    Parameters
    ----------
    n_clusters : int ≥ 1
        Clusters left after cutting the tree (n_samples − n_clusters merges).
    linkage : "ward", "complete", "average" or "single"
        The distance between clusters (eqs. 3–6).

    Fitted attributes
    -----------------
    children_ : (n_samples − 1, 2) int. Row m is merge m: the two nodes
        merged, smaller id first. Ids below n_samples are samples; id
        n_samples + m is the cluster made by merge m.
    distances_ : (n_samples − 1,) the linkage distance of each merge, in
        increasing order. Always computed (scikit-learn computes it only with
        ``compute_distances=True``): the merge loop has it anyway.
    labels_ : (n_samples,) int, clusters numbered in order of their first
        sample.
    n_leaves_ : int, n_samples.
    n_connected_components_ : int, always 1 (every pair of samples has a
        distance; there is no connectivity constraint).
    n_clusters_ : int.
    n_features_in_ : int.
    """

    def __init__(self, n_clusters=2, linkage="ward"):
        self.n_clusters = n_clusters
        self.linkage = linkage

    def fit(self, X, y=None):
        """Build the whole merge tree of ``X`` and cut it at ``n_clusters``."""
        X = validate_data(self, X, reset=True)
        n = len(X)
        self._check_params(n)
        if use_fast_path():
            from scratchlearn.clustering.agglomerative_clustering import nn_chain

            if self.linkage == "single":
                children, distances = nn_chain.mst_single_linkage(X)
            else:
                children, distances = nn_chain.nn_chain_tree(X, self.linkage)
        else:
            children, distances = merge_tree(pairwise_distances(X), self.linkage)
        self.children_ = children
        self.distances_ = distances
        self.n_leaves_ = n
        self.n_connected_components_ = 1
        self.n_clusters_ = self.n_clusters
        self.labels_ = cut_tree(children, n, self.n_clusters)
        return self

    def _check_params(self, n):
        if self.linkage not in LINKAGES:
            raise ValueError(f"linkage must be one of {LINKAGES}, got {self.linkage!r}.")
        if not is_integer(self.n_clusters) or self.n_clusters < 1:
            raise ValueError(f"n_clusters must be an int ≥ 1, got {self.n_clusters!r}.")
        if self.n_clusters > n:
            raise ValueError(
                f"n_clusters={self.n_clusters} is larger than n_samples={n}: cannot cut "
                f"{n} sample{'s' if n != 1 else ''} into more clusters than samples."
            )


def pairwise_distances(X):
    """The n × n Euclidean distance matrix (eq. 1), summed feature by feature
    (exact for duplicates and near-duplicates, unlike ‖a‖² + ‖b‖² − 2a·b)."""
    n = len(X)
    D = np.zeros((n, n))
    for j in range(X.shape[1]):                # a loop over features, not samples
        t = X[:, j, None] - X[None, :, j]
        D += t * t
    return np.sqrt(D)


# exercise: agglomerative_clustering.lance_williams
def lance_williams(linkage, d_ka, d_kb, d_ab, n_a, n_b, n_k):
    """D(K, A∪B) for every cluster K at once (eqs. 2–6); arrays over K."""
    if linkage == "single":
        return np.minimum(d_ka, d_kb)                                   # eq. 3
    if linkage == "complete":
        return np.maximum(d_ka, d_kb)                                   # eq. 4
    if linkage == "average":
        return (n_a * d_ka + n_b * d_kb) / (n_a + n_b)                  # eq. 5
    # Eq. 6 with 1/(n_K + n_A + n_B) distributed over the terms, in SciPy's
    # order of operations, so that ties between computed distances break
    # the same way as theirs.
    t = 1.0 / (n_k + n_a + n_b)                                         # eq. 6
    d_new = np.sqrt((n_k + n_a) * t * d_ka * d_ka + (n_k + n_b) * t * d_kb * d_kb
                    - n_k * t * d_ab * d_ab)
    return d_new


# exercise: agglomerative_clustering.merge
def merge_tree(D, linkage):
    """The n − 1 merges, in order, from the n × n distance matrix ``D``
    (overwritten). Returns ``(children, distances)`` as described on the class.

    Row and column i of D hold the cluster whose lowest sample index is i;
    the rows of merged-away clusters are set to +∞ so they are never chosen.
    """
    n = len(D)
    np.fill_diagonal(D, np.inf)
    size = np.ones(n)
    node = np.arange(n)                  # id of the cluster held in row i
    children = np.empty((max(n - 1, 0), 2), dtype=np.intp)
    distances = np.empty(max(n - 1, 0))
    # n − 1 merges, each depending on the one before: inherently sequential.
    # Each step is whole-row work: one argmin over D, one row update.
    for m in range(n - 1):
        a, b = divmod(int(np.argmin(D)), n)         # first minimum: eq. 8, a < b
        d_ab = D[a, b]
        children[m] = sorted((node[a], node[b]))
        distances[m] = d_ab
        # Merged-away rows are +∞ and stay +∞ under eqs. 3–6 (no ∞ − ∞).
        new = lance_williams(linkage, D[a], D[b], d_ab, size[a], size[b], size)
        D[a, :] = new
        D[:, a] = new
        D[a, a] = np.inf
        D[b, :] = np.inf
        D[:, b] = np.inf
        size[a] += size[b]
        node[a] = n + m
    return children, distances


def cut_tree(children, n, k):
    """Labels after the first n − k merges: each sample takes the cluster of
    its ancestor among the k roots left. Clusters are numbered in order of
    their lowest sample index."""
    root = np.arange(2 * n - 1)
    # Walk the kept merges from last to first: a merged node's id is larger
    # than its children's, so each child inherits its final root in one
    # pass. A loop over merges (at most n − 1 scalar steps).
    for m in range(n - k - 1, -1, -1):
        root[children[m]] = root[n + m]
    _, first, labels = np.unique(root[:n], return_index=True, return_inverse=True)
    # Renumber so that the cluster of sample 0 is 0, the next new one 1, …
    rank = np.empty(len(first), dtype=np.intp)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[labels.reshape(-1)]
