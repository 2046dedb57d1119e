r"""k-nearest neighbours: predict from the k training points closest to x.

    d_p(x, x') = (Σⱼ |xⱼ − x'ⱼ|^p)^(1/p)                          (notes eq. 1)
    ‖x − x'‖² = ‖x‖² + ‖x'‖² − 2 x·x'                              (eq. 2)
    N_k(x) = the k training rows nearest to x (ties: see notes)    (eq. 3)
    τ = k-th smallest group minimum ≥ k-th smallest distance       (eq. 4)
    wᵢ = 1, or 1/d(x, xᵢ) — exact matches take all the weight     (eq. 5)
    P(c | x) = Σ_{i∈N_k(x)} wᵢ [yᵢ = c] / Σ_{i∈N_k(x)} wᵢ          (eq. 6)
    ŷ(x) = Σ_{i∈N_k(x)} wᵢ yᵢ / Σ_{i∈N_k(x)} wᵢ                    (eq. 7)

There is no loss to minimise: ``fit`` memorises the training set and all the
work happens at query time, by brute force. Queries and training rows are
taken in blocks so that no temporary grows with n_queries × n_train (eq. 4
bounds the k-th distance so only a few candidates per row are ever sorted).
"""

import numbers

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin, RegressorMixin, check_is_fitted
from scratchlearn.core.validation import encode_class_labels, validate_data

# Entries of one (query block × training block) matrix of reduced distances:
# 2**21 float64 = 16 MB. If every distance in a block is tied (the worst case
# for the selection) the candidate arrays add about 6× that, so temporaries
# stay near 120 MB whatever the number of queries and training rows.
BLOCK_ENTRIES = 2 ** 21
# Pairs per block when p ≠ 2, summed one feature at a time: 512 KB of
# float64, small enough to stay in cache.
SUB_BLOCK_ENTRIES = 2 ** 16
# Adjacent columns per group when bounding the k-th smallest value (eq. 4).
GROUP_SIZE = 256

METRICS = {"minkowski": None, "euclidean": 2, "manhattan": 1, "chebyshev": np.inf}


def reduced_distances(A, B, p, B_sq_norms=None):
    """ρ(a, b) for every row a of A and b of B: a quantity in the same order as
    d_p(a, b), cheaper to compute. Shape (len(A), len(B)).

    p = 2: ρ = ‖b‖² − 2 a·b, eq. 2 without the ‖a‖² that is the same for the
    whole row (one matrix product). Other p: ρ = Σⱼ |aⱼ − bⱼ|^p, eq. 1 without
    the root (ρ = max |aⱼ − bⱼ| for p = ∞).
    """
    if p == 2:
        # −2 is a power of two, so scaling A first is exact and saves a pass.
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
    # Loops over cache-sized blocks of pairs and over features, never over
    # samples: each step updates a whole rows × cols block of sums. A
    # difference or power beyond the float range overflows to ∞; it is capped
    # at the largest float, so such points still sort (by index among equals)
    # and get equal, non-zero distance weights.
    with np.errstate(over="ignore"):
        _accumulate_blocks(A, B_T, p, rho, term, m, n, rows, cols, d)
    np.minimum(rho, np.finfo(np.float64).max, out=rho)
    return rho


def _accumulate_blocks(A, B_T, p, rho, term, m, n, rows, cols, d):
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


def distances_from_reduced(rho, A, p):
    """d_p from ρ (see ``reduced_distances``) for the rows of A."""
    if p == 2:
        sq_norms = np.einsum("ij,ij->i", A, A)
        # Rounding can push ‖a − b‖² of near-duplicates slightly below zero.
        return np.sqrt(np.maximum(rho + sq_norms[:, None], 0.0))
    if p in (1, np.inf):
        return rho
    return rho ** (1.0 / p)


def k_smallest(rho, k, column_offset=0, best=None):
    """For each row of ρ, the k entries first in (value, column) order (eq. 3).

    Returns ``(values, columns)``, each (n_rows, k), sorted in that order.
    ``best`` holds the same pair from earlier column blocks (all of smaller
    column index), to be merged with this block.

    Sorting whole rows would cost O(n log n) each. Instead bound each row's
    k-th smallest value by τ (eq. 4): split the row into G ≥ k groups of
    adjacent columns; the k smallest group minima are k distinct entries, so
    the k-th of them is ≥ the row's k-th smallest value. Every entry ≤ τ is a
    candidate: this keeps every tie at the k-th value, so the tie rule stays
    exact, and typically only a few more than k entries qualify.
    """
    m, n = rho.shape
    if n > k:
        n_groups = max(k, n // GROUP_SIZE)
        size = n // n_groups
        group_min = rho[:, :n_groups * size].reshape(m, n_groups, size).min(axis=2)
        tau = np.partition(group_min, k - 1, axis=1)[:, k - 1]
    else:
        tau = np.full(m, np.inf)
    if best is not None:
        tau = np.minimum(tau, best[0][:, -1])

    flat = np.flatnonzero(rho <= tau[:, None])      # candidates by row, then column
    values = rho.ravel()[flat]
    rows = flat // n
    columns = flat % n + column_offset
    if best is not None:
        # Earlier blocks go first: within a row they have the smaller columns.
        rows = np.concatenate((np.repeat(np.arange(m), k), rows))
        values = np.concatenate((best[0].ravel(), values))
        columns = np.concatenate((best[1].ravel(), columns))

    # Two stable sorts give (row, value, column) order: the candidates are
    # already in column order within each row.
    order = np.argsort(values, kind="stable")
    order = order[np.argsort(rows[order], kind="stable")]
    counts = np.bincount(rows, minlength=m)
    first = np.cumsum(counts) - counts
    take = order[(first[:, None] + np.arange(k)).ravel()]
    return values[take].reshape(m, k), columns[take].reshape(m, k)


def brute_force_kneighbors(X_query, X_fit, k, p, fit_sq_norms=None):
    """Distances and indices of the k nearest training rows of every query
    (eq. 3), each of shape (n_queries, k), nearest first.

    Queries and training rows are taken in blocks of at most ``BLOCK_ENTRIES``
    pairs; the running best of each query block are merged block by block. One
    extra neighbour is kept to spot a tie at the k-th place, which
    ``streaming_top_k`` then settles as scikit-learn does.
    """
    n_query, n_fit = len(X_query), len(X_fit)
    k_search = min(k + 1, n_fit)
    cols = min(n_fit, max(k_search, BLOCK_ENTRIES))
    rows = max(1, BLOCK_ENTRIES // cols)
    dist = np.empty((n_query, k))
    ind = np.empty((n_query, k), dtype=np.intp)
    # Loops over blocks, not samples: each block is one matrix product (p = 2)
    # and a handful of whole-array operations.
    for r in range(0, n_query, rows):
        A = X_query[r:r + rows]
        best = None
        for c in range(0, n_fit, cols):
            sq_norms = None if fit_sq_norms is None else fit_sq_norms[c:c + cols]
            rho = reduced_distances(A, X_fit[c:c + cols], p, sq_norms)
            best = k_smallest(rho, k_search, c, best)
        values, columns = best[0][:, :k], best[1][:, :k]
        if k_search > k:
            # A loop over the few queries whose k-th and (k+1)-th neighbours
            # tie: which of the tied points is kept is decided by a sequential
            # scan, inherently one query at a time.
            for i in np.flatnonzero(best[0][:, k - 1] == best[0][:, k]):
                values[i], columns[i] = streaming_top_k(A[i], X_fit, k, p, fit_sq_norms)
        dist[r:r + rows] = distances_from_reduced(values, A, p)
        ind[r:r + rows] = columns
    return dist, ind


def streaming_top_k(a, X_fit, k, p, fit_sq_norms=None):
    """The k neighbours of one query kept by a bounded max-heap that scans the
    training rows in index order, admitting a row only when it is strictly
    closer than the worst one kept, which it then evicts (scikit-learn's
    brute-force rule). Returns their (ρ, index) sorted by (ρ, index).

    This differs from "lowest indices first" only when several points tie at
    the k-th distance: which tied point sits at the root of the heap, and so
    is evicted by a later closer point, depends on the heap's shape.
    """
    heap_rho = [np.inf] * k                 # max-heap: heap_rho[0] is the worst kept
    heap_ind = [-1] * k
    cols = max(k, BLOCK_ENTRIES)
    for c in range(0, len(X_fit), cols):
        sq_norms = None if fit_sq_norms is None else fit_sq_norms[c:c + cols]
        rho = reduced_distances(a[None, :], X_fit[c:c + cols], p, sq_norms)[0]
        start = 0
        while True:
            # Only rows closer than the current worst can enter; the worst
            # only falls, so find the next few and then look again.
            entering = start + np.flatnonzero(rho[start:] < heap_rho[0])[:4 * k]
            if entering.size == 0:
                break
            for j in entering:
                if rho[j] < heap_rho[0]:
                    _replace_root(heap_rho, heap_ind, float(rho[j]), int(c + j))
            start = int(entering[-1]) + 1
    order = np.lexsort((heap_ind, heap_rho))
    return np.asarray(heap_rho)[order], np.asarray(heap_ind)[order]


def _replace_root(heap_rho, heap_ind, value, index):
    """Put (value, index) at the root of the max-heap and sift it down: move
    the larger child up (the left one when equal) while it is strictly larger."""
    size = len(heap_rho)
    node = 0
    while True:
        child = 2 * node + 1
        if child >= size:
            break
        if child + 1 < size and heap_rho[child + 1] > heap_rho[child]:
            child += 1
        if not heap_rho[child] > value:
            break
        heap_rho[node], heap_ind[node] = heap_rho[child], heap_ind[child]
        node = child
    heap_rho[node], heap_ind[node] = value, index


def neighbour_weights(dist, weights):
    """The weights wᵢ of eq. 5 for each query's neighbours, shape of ``dist``."""
    if weights == "uniform":
        return np.ones_like(dist)
    with np.errstate(divide="ignore"):
        w = 1.0 / dist
    # A query lying exactly on training points would give ∞/∞ in eqs. 6–7:
    # those points get weight 1 and the other neighbours weight 0.
    exact = np.isinf(w)
    on_a_point = exact.any(axis=1)
    w[on_a_point] = exact[on_a_point]
    return w


class _KNeighbors(BaseEstimator):
    """What both KNN estimators share: memorising the data, the neighbour search."""

    def _memorise(self, X):
        """Check the hyperparameters and store what queries need."""
        self.effective_p_ = self._check_hyperparameters()
        self.X_fit_ = np.ascontiguousarray(X)
        self.n_samples_fit_ = X.shape[0]
        self._fit_sq_norms = None
        if self.effective_p_ == 2:
            self._fit_sq_norms = np.einsum("ij,ij->i", X, X)
            if not np.all(np.isfinite(self._fit_sq_norms)):
                raise ValueError("X has values too large to square in float64; rescale X.")

    def _check_hyperparameters(self):
        k = self.n_neighbors
        if isinstance(k, bool) or not isinstance(k, numbers.Integral) or k < 1:
            raise ValueError(f"n_neighbors must be a positive integer, got {k!r}.")
        if not isinstance(self.weights, str) or self.weights not in ("uniform", "distance"):
            raise ValueError(f"weights must be 'uniform' or 'distance', got {self.weights!r}.")
        if not isinstance(self.metric, str) or self.metric not in METRICS:
            raise ValueError(f"metric must be one of {sorted(METRICS)}, got {self.metric!r}.")
        p = METRICS[self.metric]
        if p is None:
            p = self.p
            if isinstance(p, bool) or not isinstance(p, numbers.Real) or not p >= 1:
                raise ValueError(
                    f"p must be a number ≥ 1 (1 Manhattan, 2 Euclidean, np.inf Chebyshev), "
                    f"got {p!r}; below 1 the Minkowski formula is not a distance."
                )
            p = float(p)
        return p

    def kneighbors(self, X=None, n_neighbors=None, return_distance=True):
        """The nearest training rows of each query, nearest first (eq. 3).

        Parameters
        ----------
        X : array-like of shape (n_queries, n_features), or None
            Queries. None means the training rows, each one's own entry left
            out (if duplicates crowd it out of its list, the nearest is dropped).
        n_neighbors : int or None
            How many neighbours; None uses the ``n_neighbors`` of the model.
        return_distance : bool
            Return the distances too.

        Returns
        -------
        dist : ndarray of shape (n_queries, n_neighbors)
            Distances d_p to the neighbours (only when ``return_distance``).
        ind : ndarray of shape (n_queries, n_neighbors)
            Row indices of the neighbours in the training set.
        """
        check_is_fitted(self)
        k = self.n_neighbors if n_neighbors is None else n_neighbors
        if isinstance(k, bool) or not isinstance(k, numbers.Integral):
            raise TypeError(f"n_neighbors must be an integer, got {k!r}.")
        if k < 1:
            raise ValueError(f"Expected n_neighbors > 0, got {k}.")
        query_is_train = X is None
        if query_is_train:
            X, k = self.X_fit_, k + 1         # one extra: each point finds itself
        else:
            X = validate_data(self, X, reset=False)
            if self.effective_p_ == 2 and not np.isfinite(np.einsum("ij,ij->i", X, X)).all():
                raise ValueError("X has values too large to square in float64; rescale X.")
        if k > self.n_samples_fit_:
            relation = "<" if query_is_train else "<="
            raise ValueError(
                f"Expected n_neighbors {relation} n_samples_fit, but n_neighbors = "
                f"{k - query_is_train}, n_samples_fit = {self.n_samples_fit_}, "
                f"n_samples = {X.shape[0]}. Lower n_neighbors or give more training data."
            )
        dist, ind = brute_force_kneighbors(X, self.X_fit_, k, self.effective_p_,
                                           self._fit_sq_norms)
        if query_is_train:
            n = len(X)
            keep = ind != np.arange(n)[:, None]
            crowded_out = keep.all(axis=1)
            keep[crowded_out, 0] = False
            dist = dist[keep].reshape(n, k - 1)
            ind = ind[keep].reshape(n, k - 1)
        return (dist, ind) if return_distance else ind


class KNNClassifier(ClassifierMixin, _KNeighbors):
    """k-nearest-neighbour classifier: a (weighted) vote of the k closest
    training points (eqs. 3, 5, 6), found by blocked brute force.

    Parameters
    ----------
    n_neighbors : int
        k, the number of neighbours that vote.
    weights : {"uniform", "distance"}
        Equal votes, or votes weighted by 1/distance (eq. 5).
    p : float
        Power of the Minkowski distance (eq. 1), p ≥ 1: 1 Manhattan,
        2 Euclidean, ``np.inf`` Chebyshev. Used when ``metric="minkowski"``.
    metric : {"minkowski", "euclidean", "manhattan", "chebyshev"}
        The distance; the last three fix p at 2, 1 and ∞.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, sorted.
    X_fit_ : ndarray of shape (n_samples, n_features)
        The memorised training inputs.
    y_fit_ : ndarray of shape (n_samples,)
        The memorised training labels, as indices into ``classes_``.
    n_samples_fit_ : int
        Number of training rows.
    effective_p_ : float
        The p of eq. 1 actually used (set by ``metric``).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, n_neighbors=5, weights="uniform", p=2, metric="minkowski"):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.p = p
        self.metric = metric

    def fit(self, X, y):
        """Memorise X and the labels of y."""
        X, y = validate_data(self, X, y, reset=True)
        self.classes_, self.y_fit_ = encode_class_labels(y, type(self).__name__)
        self._memorise(X)
        return self

    def predict_proba(self, X):
        """P(c | x) of eq. 6, shape (n_queries, n_classes), columns in ``classes_``
        order. X=None gives leave-one-out estimates for the training rows."""
        votes = self._votes(X)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        """The class with the largest (weighted) vote; ties go to the class
        first in ``classes_``."""
        return self._decode(np.argmax(self._votes(X), axis=1))

    def _votes(self, X):
        """Σ_{i∈N_k(x)} wᵢ [yᵢ = c] for every query and class (numerator of eq. 6)."""
        dist, ind = self.kneighbors(X)
        w = neighbour_weights(dist, self.weights)          # (n_queries, k)
        n_query, n_classes = ind.shape[0], len(self.classes_)
        # One bincount over (query, class) cells; each query's votes are
        # added nearest neighbour first.
        cell = np.arange(n_query)[:, None] * n_classes + self.y_fit_[ind]
        votes = np.bincount(cell.ravel(), weights=w.ravel(), minlength=n_query * n_classes)
        return votes.reshape(n_query, n_classes)


class KNNRegressor(RegressorMixin, _KNeighbors):
    """k-nearest-neighbour regressor: the (weighted) mean target of the k
    closest training points (eqs. 3, 5, 7), found by blocked brute force.

    Parameters
    ----------
    n_neighbors : int
        k, the number of neighbours averaged.
    weights : {"uniform", "distance"}
        Plain mean, or a mean weighted by 1/distance (eq. 5).
    p : float
        Power of the Minkowski distance (eq. 1), p ≥ 1: 1 Manhattan,
        2 Euclidean, ``np.inf`` Chebyshev. Used when ``metric="minkowski"``.
    metric : {"minkowski", "euclidean", "manhattan", "chebyshev"}
        The distance; the last three fix p at 2, 1 and ∞.

    Attributes
    ----------
    X_fit_ : ndarray of shape (n_samples, n_features)
        The memorised training inputs.
    y_fit_ : ndarray of shape (n_samples,)
        The memorised training targets.
    n_samples_fit_ : int
        Number of training rows.
    effective_p_ : float
        The p of eq. 1 actually used (set by ``metric``).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, n_neighbors=5, weights="uniform", p=2, metric="minkowski"):
        self.n_neighbors = n_neighbors
        self.weights = weights
        self.p = p
        self.metric = metric

    def fit(self, X, y):
        """Memorise X and y."""
        X, y = validate_data(self, X, y, reset=True)
        self.y_fit_ = y
        self._memorise(X)
        return self

    def predict(self, X):
        """ŷ of eq. 7. X=None gives leave-one-out predictions for the training rows."""
        dist, ind = self.kneighbors(X)
        y_neighbours = self.y_fit_[ind]                    # (n_queries, k)
        if self.weights == "uniform":
            return y_neighbours.mean(axis=1)
        w = neighbour_weights(dist, self.weights)
        return np.sum(y_neighbours * w, axis=1) / np.sum(w, axis=1)
