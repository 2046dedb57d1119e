"""Lloyd's iterations with the cluster sums updated, not recomputed ("Making it
fast" in notes.md, items 1 and 2).

The plain ``lloyd`` in model.py rebuilds every cluster sum Σ_{z_i = k} x_i
from all n samples at each update step (eq. 4). After the first few rounds
only a handful of samples change cluster, so here the sums and counts are
carried from one round to the next and corrected by the samples that moved:
each one is subtracted from its old cluster and added to its new one. The
assignment step (eq. 3) folds ‖c_k‖² into its matrix product by giving X a
row of ones in a transposed copy, and takes the minimum over centres along
long rows. The iterations, the stopping rules and the final assignment
are those of ``model.lloyd``; tests fit both and require the same clustering.
"""

import numpy as np

from scratchlearn.clustering.kmeans.model import inertia, update_centres


def lloyd_incremental(X, C, *, max_iter, tol):
    """Same contract as ``model.lloyd``: returns (C, z, J, n_iter, converged, history)."""
    n, d = X.shape
    K = C.shape[0]
    x_squared_norms = np.einsum("ij,ij->i", X, X)
    # 1. [−2C, ‖c‖²] @ [X, 1]ᵀ gives ‖c_k‖² − 2 x_i·c_k in one product (eq. 3),
    # laid out (K, n): the minimum over k is then K − 1 elementwise minimums of
    # long rows, which NumPy does far faster than an argmin along short rows.
    X1T = np.empty((d + 1, n))
    X1T[:d] = X.T
    X1T[d] = 1.0
    W = np.empty((K, d + 1))

    def assign(C):
        W[:, :d] = -2.0 * C
        W[:, d] = np.einsum("kj,kj->k", C, C)
        D = W @ X1T                                                  # (K, n)
        best = D.min(axis=0)
        # The first k attaining the minimum: argmin's tie rule.
        return np.argmax(D == best, axis=0), best

    z_old = np.full(n, -1)
    sums = N = None
    history = []
    converged = False
    for n_iter in range(1, max_iter + 1):
        z, partial = assign(C)
        history.append(float(np.sum(partial + x_squared_norms)))
        if sums is None:
            C_new, N = update_centres(X, z, C)
            # After an empty cluster was refilled, the sums no longer follow
            # from z: rebuild them from scratch at the next round.
            sums = None if np.any(np.bincount(z, minlength=K) == 0) else C_new * N[:, None]
        else:
            # 2. Only the samples that changed cluster touch the sums.
            moved = np.flatnonzero(z != z_old)
            Y = np.zeros((moved.size, K))
            Y[np.arange(moved.size), z[moved]] += 1.0
            Y[np.arange(moved.size), z_old[moved]] -= 1.0
            sums = sums + Y.T @ X[moved]
            N = N + Y.sum(axis=0)
            if np.any(N == 0):
                C_new, N = update_centres(X, z, C)
                sums = None
            else:
                C_new = sums / N[:, None]
        shift = float(np.sum((C_new - C) ** 2))
        C = C_new
        if np.array_equal(z, z_old):
            return C, z, inertia(X, C, z), n_iter, True, history
        if shift <= tol:
            converged = True
            break
        z_old = z
    z, _ = assign(C)
    return C, z, inertia(X, C, z), n_iter, converged, history
