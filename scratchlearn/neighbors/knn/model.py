r"""k-nearest neighbours: predict from the k training points closest to x.

    d_p(x, x') = (Σⱼ |xⱼ − x'ⱼ|^p)^(1/p)                          (notes eq. 1)
    N_k(x) = the first k indices i in (d(x, xᵢ), i) order           (eq. 2)
    wᵢ = 1, or 1/d(x, xᵢ) — exact matches take all the weight      (eq. 3)
    P(c | x) = Σ_{i∈N_k(x)} wᵢ [yᵢ = c] / Σ_{i∈N_k(x)} wᵢ          (eq. 4)
    ŷ(x) = Σ_{i∈N_k(x)} wᵢ yᵢ / Σ_{i∈N_k(x)} wᵢ                    (eq. 5)

There is no loss to minimise: ``fit`` memorises the training set and all the
work happens at query time. The plain path is eq. 2 as written: compute the
distance from each query to every training row, sort by (distance, index),
keep the first k, then vote or average. With ``engine="fast"`` (the default)
``selection.screened_kneighbors`` finds the same neighbours and the same
distances, bit for bit, without computing every distance exactly or sorting
whole rows (notes, "Making it fast").
"""

import numbers

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin, RegressorMixin, check_is_fitted
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.validation import encode_class_labels, validate_data
from scratchlearn.neighbors.knn.selection import screened_kneighbors

# Query rows × training rows per distance matrix of the plain path: 2**16
# float64 = 512 KB, small enough to stay in cache; memory stays bounded
# whatever the number of queries.
BLOCK_ENTRIES = 2 ** 16

METRICS = {"minkowski": None, "euclidean": 2, "manhattan": 1, "chebyshev": np.inf}


def minkowski_distances(A, B, p):
    """d_p(a, b) of eq. 1 between the rows of A and B, paired by broadcasting:
    A (m, 1, d) and B (1, n, d) give all m × n pairs; A and B (c, d) give c pairs.

    The sum runs one feature at a time, in feature order, so every pair gets
    the same arithmetic whatever the shapes: the fast path relies on that to
    return these very numbers. A difference or power beyond the float range
    overflows to ∞; it is capped at the largest float, so such points still
    sort (by index among equals) and get equal, non-zero distance weights.
    """
    rho = 0.0                                       # Σⱼ |aⱼ − bⱼ|^p, or max for p = ∞
    with np.errstate(over="ignore"):
        for j in range(A.shape[-1]):
            t = np.abs(A[..., j] - B[..., j])
            rho = np.maximum(rho, t) if p == np.inf else rho + t ** p
    rho = np.minimum(rho, np.finfo(np.float64).max)
    return rho if p == np.inf else rho ** (1.0 / p)


# exercise: knn.neighbors
def k_nearest(X_query, X_fit, k, p):
    """The plain search of eq. 2: distances and indices of the k nearest
    training rows of every query, each of shape (n_queries, k), nearest first.

    A stable sort keeps equal distances in index order, which is exactly the
    (distance, index) order of eq. 2.
    """
    n_query, n_fit = len(X_query), len(X_fit)
    rows = max(1, BLOCK_ENTRIES // n_fit)
    dist = np.empty((n_query, k))
    ind = np.empty((n_query, k), dtype=np.intp)
    # A loop over blocks of queries, not samples: each block is one
    # (rows, n_fit) distance matrix.
    for r in range(0, n_query, rows):
        D = minkowski_distances(X_query[r:r + rows, None, :], X_fit[None, :, :], p)
        nearest = np.argsort(D, axis=1, kind="stable")[:, :k]
        dist[r:r + rows] = np.take_along_axis(D, nearest, axis=1)
        ind[r:r + rows] = nearest
    return dist, ind


# exercise: knn.weights
def neighbour_weights(dist, weights):
    """The weights wᵢ of eq. 3 for each query's neighbours, shape of ``dist``."""
    if weights == "uniform":
        return np.ones_like(dist)
    # 1/0 = ∞, and so is 1/d for a distance too small for its reciprocal
    # to be a float (below about 5.6e-309).
    with np.errstate(divide="ignore", over="ignore"):
        w = 1.0 / dist
    # A query lying (all but) exactly on training points would give ∞/∞ in
    # eqs. 4–5: those points get weight 1 and the other neighbours weight 0.
    exact = np.isinf(w)
    on_a_point = exact.any(axis=1)
    w[on_a_point] = exact[on_a_point]
    return w


# exercise: knn.vote
def class_votes(y_neighbours, w, n_classes):
    """Σ_{i∈N_k(x)} wᵢ [yᵢ = c] (numerator of eq. 4) for every query and class,
    (n_queries, n_classes), from the class indices ``y_neighbours`` and the
    weights ``w`` of each query's neighbours, both (n_queries, k)."""
    n_query = y_neighbours.shape[0]
    # One bincount over (query, class) cells; each query's votes are added
    # nearest neighbour first.
    cell = np.arange(n_query)[:, None] * n_classes + y_neighbours
    votes = np.bincount(cell.ravel(), weights=w.ravel(), minlength=n_query * n_classes)
    votes = votes.reshape(n_query, n_classes)
    return votes


class _KNeighbors(BaseEstimator):
    """What both KNN estimators share: memorising the data, the neighbour search."""

    def _memorise(self, X):
        """Check the hyperparameters and store what queries need."""
        self.effective_p_ = self._check_hyperparameters()
        self.X_fit_ = np.ascontiguousarray(X)
        self.n_samples_fit_ = X.shape[0]
        # ‖xᵢ‖², for the fast path's matrix-product screen (p = 2). Both
        # engines refuse data whose squares overflow, so they accept the same input.
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
        """The nearest training rows of each query, nearest first (eq. 2).

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
            Row indices of the neighbours in the training set; equal distances
            are listed by index.
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
        if use_fast_path():
            dist, ind = screened_kneighbors(X, self.X_fit_, k, self.effective_p_,
                                            self._fit_sq_norms, exact=minkowski_distances)
        else:
            dist, ind = k_nearest(X, self.X_fit_, k, self.effective_p_)
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
    training points (eqs. 2–4).

    Parameters
    ----------
    n_neighbors : int
        k, the number of neighbours that vote.
    weights : {"uniform", "distance"}
        Equal votes, or votes weighted by 1/distance (eq. 3).
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
        """P(c | x) of eq. 4, shape (n_queries, n_classes), columns in ``classes_``
        order. X=None gives leave-one-out estimates for the training rows."""
        votes = self._votes(X)
        return votes / votes.sum(axis=1, keepdims=True)

    def predict(self, X):
        """The class with the largest (weighted) vote; ties go to the class
        first in ``classes_``."""
        return self._decode(np.argmax(self._votes(X), axis=1))

    def _votes(self, X):
        """Σ_{i∈N_k(x)} wᵢ [yᵢ = c] for every query and class (numerator of eq. 4)."""
        dist, ind = self.kneighbors(X)
        w = neighbour_weights(dist, self.weights)          # (n_queries, k)
        return class_votes(self.y_fit_[ind], w, len(self.classes_))


class KNNRegressor(RegressorMixin, _KNeighbors):
    """k-nearest-neighbour regressor: the (weighted) mean target of the k
    closest training points (eqs. 2, 3, 5).

    Parameters
    ----------
    n_neighbors : int
        k, the number of neighbours averaged.
    weights : {"uniform", "distance"}
        Plain mean, or a mean weighted by 1/distance (eq. 3).
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
        """ŷ of eq. 5. X=None gives leave-one-out predictions for the training rows."""
        dist, ind = self.kneighbors(X)
        y_neighbours = self.y_fit_[ind]                    # (n_queries, k)
        if self.weights == "uniform":
            return y_neighbours.mean(axis=1)
        w = neighbour_weights(dist, self.weights)
        return np.sum(y_neighbours * w, axis=1) / np.sum(w, axis=1)
