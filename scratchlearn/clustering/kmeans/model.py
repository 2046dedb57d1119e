r"""k-means: K centres that minimise the inertia, by Lloyd's alternating steps.

    J(c, z) = Σ_i ‖x_i − c_{z_i}‖²                                     (notes eq. 1)

is minimised over the assignments z (one cluster per sample) and the centres
c_1..c_K in turn, each step exact given the other:

    assignment  z_i = argmin_k ‖x_i − c_k‖² = argmin_k ‖c_k‖² − 2 x_i·c_k   (eqs. 2, 3)
    update      c_k = mean of the samples assigned to k                     (eq. 4)

Neither step can raise J, and there are finitely many assignments, so the
iterations stop at a local minimum: no sample would rather move, and every
centre is the mean of its samples. They stop when the assignments no longer
change, or when the centres moved less than ``tol`` × the data's mean
variance (eq. 5). The start matters, so centres are seeded by greedy
k-means++ (eqs. 6, 7) and the best of ``n_init`` runs is kept.
"""

import warnings

import numpy as np

from scratchlearn.core.base import (
    BaseEstimator,
    ClusterMixin,
    TransformerMixin,
    warn_convergence,
)
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.validation import (
    check_array,
    check_random_state,
    is_integer,
    is_real,
    validate_data,
)

# ---------------------------------------------------------------------------
# The two steps and the objective, as pure functions with the notes' symbols
# ---------------------------------------------------------------------------

def squared_distances(X, C, x_squared_norms=None):
    """‖x_i − c_k‖² = ‖x_i‖² − 2 x_i·c_k + ‖c_k‖² (eq. 2) for every sample and
    centre: (n, K), as one matrix product. Rounding can make the expansion a
    hair below zero for a sample sitting on a centre; it is clipped to 0."""
    if x_squared_norms is None:
        x_squared_norms = np.einsum("ij,ij->i", X, X)
    D = X @ (-2.0 * C.T)                                    # (n, K)
    D += np.einsum("kj,kj->k", C, C)
    D += x_squared_norms[:, None]
    return np.maximum(D, 0.0, out=D)


# exercise: kmeans.assign
def assign(X, C):
    """The assignment step (eq. 3): each sample's nearest centre.

    ‖x_i‖² is the same for every k, so the argmin needs only ‖c_k‖² − 2 x_i·c_k.
    Returns (z (n,), that minimum (n,)); add ‖x_i‖² to the minimum to get the
    squared distance to the chosen centre. Ties go to the lowest index.
    """
    D = X @ (-2.0 * C.T)                                    # (n, K)
    D += np.einsum("kj,kj->k", C, C)
    z = np.argmin(D, axis=1)
    D_min = D[np.arange(X.shape[0]), z]
    return z, D_min


# exercise: kmeans.update
def update_centres(X, z, C_old):
    """The update step (eq. 4): c_k = Σ_{z_i = k} x_i / N_k.

    A cluster left with no sample has no mean. Its centre jumps to the
    sample farthest from its own (old) centre — the worst-served point, whose
    move lowers the inertia most — and that sample's contribution leaves the
    sum of its old cluster; with several empty clusters, the farthest points
    go in order. Returns (C (K, d), N (K,)).
    """
    n, K = X.shape[0], C_old.shape[0]
    # All K sums as one product with the one-hot assignment matrix Y (n, K),
    # Y_ik = 1 if z_i = k: S = Yᵀ X. Y is the size of the distance matrix of
    # the assignment step, so it adds no new order of memory.
    Y = np.zeros((n, K))
    Y[np.arange(n), z] = 1.0
    sums = Y.T @ X                                                     # (K, d)
    N = np.bincount(z, minlength=K).astype(float)                      # (K,)
    empty = np.flatnonzero(N == 0)
    if empty.size:
        distance = np.sum((X - C_old[z]) ** 2, axis=1)
        farthest = np.argsort(-distance, kind="stable")[:empty.size]
        for k, i in zip(empty, farthest, strict=True):
            sums[z[i]] -= X[i]
            N[z[i]] -= 1.0
            sums[k], N[k] = X[i], 1.0
    # A relocated sample can leave its old cluster empty too (a singleton):
    # keep that centre where it was rather than divide by zero.
    C = np.where(N[:, None] > 0, sums / np.maximum(N, 1.0)[:, None], C_old)
    return C, N


def inertia(X, C, z):
    """J = Σ_i ‖x_i − c_{z_i}‖² (eq. 1), summed from the differences themselves
    (not the expansion of eq. 2) so that it is exact to rounding."""
    R = X - C[z]
    return float(np.einsum("ij,ij->", R, R))


def lloyd(X, C, *, max_iter, tol):
    """Alternate eqs. 3 and 4 from the centres C until the assignments repeat or
    the centres move less than ``tol`` in total squared distance (eq. 5).

    Returns (C, z, J, n_iter, converged, history), with history the inertia
    after each assignment step. When the loop stops on the centre shift (or at
    ``max_iter``), the centres have moved since the last assignment, so one
    more assignment step makes z the nearest-centre labels of the final C.
    """
    x_squared_norms = np.einsum("ij,ij->i", X, X)
    z_old = np.full(X.shape[0], -1)
    history = []
    converged = False
    for n_iter in range(1, max_iter + 1):
        z, partial = assign(X, C)                                        # eq. 3
        history.append(float(np.sum(partial + x_squared_norms)))
        C_new, _ = update_centres(X, z, C)                               # eq. 4
        shift = float(np.sum((C_new - C) ** 2))
        C = C_new
        if np.array_equal(z, z_old):
            # Same assignments, so C_new holds the same means: a fixed point.
            return C, z, inertia(X, C, z), n_iter, True, history
        if shift <= tol:                                                 # eq. 5
            converged = True
            break
        z_old = z
    z, _ = assign(X, C)
    return C, z, inertia(X, C, z), n_iter, converged, history


def kmeans_plusplus(X, K, rng, x_squared_norms=None, n_local_trials=None):
    """Greedy k-means++ seeding (eqs. 6, 7). Returns (C (K, d), indices (K,)).

    The first centre is a uniformly drawn sample. Each next one is drawn with
    probability proportional to D(x)², the squared distance to the nearest
    centre chosen so far (eq. 6); greedy k-means++ draws ``2 + ⌊ln K⌋`` such
    candidates and keeps the one that leaves the smallest potential Σ D(x)²
    (eq. 7).
    """
    n = X.shape[0]
    if x_squared_norms is None:
        x_squared_norms = np.einsum("ij,ij->i", X, X)
    if n_local_trials is None:
        n_local_trials = 2 + int(np.log(K))
    indices = np.empty(K, dtype=int)
    indices[0] = rng.integers(n)
    closest = squared_distances(X, X[indices[:1]], x_squared_norms)[:, 0]   # D(x)², (n,)
    potential = closest.sum()
    for k in range(1, K):
        # Inverse-CDF sampling of eq. 6: uniform draws on [0, Σ D²) located in
        # the running sum of D²; rounding can push one past the end, so clip.
        draws = rng.uniform(size=n_local_trials) * potential
        candidates = np.searchsorted(np.cumsum(closest), draws)
        candidates = np.minimum(candidates, n - 1)
        D = squared_distances(X, X[candidates], x_squared_norms)         # (n, trials)
        np.minimum(D, closest[:, None], out=D)
        potentials = D.sum(axis=0)                                       # eq. 7
        best = int(np.argmin(potentials))
        indices[k], closest, potential = candidates[best], D[:, best], potentials[best]
    return X[indices].copy(), indices


# ---------------------------------------------------------------------------
# The estimator
# ---------------------------------------------------------------------------

class KMeans(ClusterMixin, TransformerMixin, BaseEstimator):
    """k-means clustering by Lloyd's algorithm with k-means++ seeding.

    Parameters
    ----------
    n_clusters : int
        K, the number of centres.
    init : {"k-means++", "random"} or array-like of shape (n_clusters, n_features)
        How each run starts: greedy k-means++ (eqs. 6, 7), K distinct samples
        drawn uniformly, or the given centres (then one run is enough, and
        ``n_init`` is taken as 1 with a warning if it is not).
    n_init : int
        Number of runs from different seeds; the one of lowest inertia is kept.
    max_iter : int
        Maximum number of assignment/update rounds per run.
    tol : float
        Stop when Σ_k ‖c_k^new − c_k‖² ≤ tol × the mean feature variance of X
        (eq. 5), so the rule does not depend on the scale of the data.
    random_state : None, int or numpy Generator
        Seeds the initialisation; the same seed gives the same clustering.

    Attributes
    ----------
    cluster_centers_ : ndarray of shape (n_clusters, n_features)
        The centres c_k.
    labels_ : ndarray of shape (n_samples,)
        z_i, the centre of each training sample.
    inertia_ : float
        J (eq. 1) of the kept run: sum of squared distances to the nearest centre.
    n_iter_ : int
        Assignment/update rounds of the kept run.
    loss_history_ : ndarray
        The kept run's inertia after each assignment step; it never increases.
    n_features_in_ : int
        Number of features seen in ``fit``.
    """

    def __init__(self, n_clusters=8, *, init="k-means++", n_init=10, max_iter=300, tol=1e-4,
                 random_state=None):
        self.n_clusters = n_clusters
        self.init = init
        self.n_init = n_init
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state

    def fit(self, X, y=None):
        """Cluster X: ``n_init`` runs of Lloyd's algorithm, keep the lowest inertia."""
        init, n_init = self._check_parameters()
        X = validate_data(self, X, reset=True)
        n, d = X.shape
        K = self.n_clusters
        if n < K:
            raise ValueError(f"n_samples={n} should be >= n_clusters={K}.")
        if init is not None and init.shape != (K, d):
            raise ValueError(f"init has shape {init.shape}, but n_clusters={K} centres of "
                             f"{d} features need shape ({K}, {d}).")
        rng = check_random_state(self.random_state)

        # Distances are computed from centred data: ‖x‖² − 2x·c + ‖c‖² then
        # subtracts numbers of the size of the spread, not of the offset.
        mean = X.mean(axis=0)
        X = X - mean
        x_squared_norms = np.einsum("ij,ij->i", X, X)
        tol = float(np.mean(X.var(axis=0))) * self.tol                    # eq. 5

        if use_fast_path():
            # Imported here: the fast module builds on this module's functions.
            from scratchlearn.clustering.kmeans.incremental_lloyd import lloyd_incremental
            run_lloyd = lloyd_incremental
        else:
            run_lloyd = lloyd

        best = None
        for _ in range(n_init):
            if init is not None:
                C0 = init - mean
            elif self.init == "random":
                C0 = X[rng.choice(n, size=K, replace=False)]
            else:
                C0, _ = kmeans_plusplus(X, K, rng, x_squared_norms)
            run = run_lloyd(X, C0, max_iter=self.max_iter, tol=tol)
            if best is None or run[2] < best[2]:
                best = run
        C, z, J, n_iter, converged, history = best

        if not converged:
            warn_convergence(f"KMeans stopped at max_iter={self.max_iter} before the "
                             "assignments settled; increase max_iter or tol.")
        if np.unique(z).size < K:
            warn_convergence(f"Number of distinct clusters ({np.unique(z).size}) found smaller "
                             f"than n_clusters ({K}). Possibly due to duplicate points in X.")
        self.cluster_centers_ = C + mean
        self.labels_ = z
        self.inertia_ = J
        self.n_iter_ = n_iter
        self.loss_history_ = np.array(history)
        return self

    def predict(self, X):
        """The nearest centre of each sample (eq. 3)."""
        X = validate_data(self, X, reset=False)
        return assign(X, self.cluster_centers_)[0]

    def transform(self, X):
        """Euclidean distance of each sample to every centre: (n, n_clusters)."""
        X = validate_data(self, X, reset=False)
        return np.sqrt(squared_distances(X, self.cluster_centers_))

    def score(self, X, y=None):
        """−J on X (eq. 1) with each sample at its nearest centre: higher is better."""
        X = validate_data(self, X, reset=False)
        z, _ = assign(X, self.cluster_centers_)
        return -inertia(X, self.cluster_centers_, z)

    # -----------------------------------------------------------------------

    def _check_parameters(self):
        """Validate the hyperparameters; return (init centres or None, n_init)."""
        if not is_integer(self.n_clusters) or self.n_clusters < 1:
            raise ValueError(f"n_clusters must be a positive integer, got {self.n_clusters!r}.")
        if not is_integer(self.n_init) or self.n_init < 1:
            raise ValueError(f"n_init must be a positive integer, got {self.n_init!r}.")
        if not is_integer(self.max_iter) or self.max_iter < 1:
            raise ValueError(f"max_iter must be a positive integer, got {self.max_iter!r}.")
        if not is_real(self.tol) or self.tol < 0:
            raise ValueError(f"tol must be a non-negative number, got {self.tol!r}.")
        if isinstance(self.init, str):
            if self.init not in ("k-means++", "random"):
                raise ValueError(f"init must be 'k-means++', 'random' or an array of centres, "
                                 f"got {self.init!r}.")
            return None, self.n_init
        init = check_array(self.init, input_name="init")
        if self.n_init != 1:
            warnings.warn(f"Explicit initial centres given: running once, not n_init="
                          f"{self.n_init} times.", RuntimeWarning, stacklevel=3)
        return init, 1
