"""SMO's iterations in few NumPy calls: the fast twin of the loop in
``smo`` (model.py). Explained in kernel_svm/notes.md, "Making it fast",
items 2 and 3.

Each SMO iteration costs a fixed number of NumPy calls on n-vectors, and at
moderate n each call costs about a microsecond however long its vector, so
the number of calls per iteration is the cost. The iterations here are those
of the plain loop, step for step, with the same floating-point operations in
the same order, so both paths return the same β bit for bit (the tests check
it). What changes is the bookkeeping:

2. g is stored only inside the index sets of eq. 6, as two vectors: ``up``
   holds g on I_up and −∞ elsewhere, ``low`` holds g on I_low and +∞
   elsewhere. Then i (eq. 12) and the stopping test (eq. 7) are one argmax
   and one min, with no masking, and the candidates of eq. 13 fall out of
   max(g_i − low, 0). Every sample lies in I_up or I_low (or both), so g is
   whichever of the two entries is finite.
3. Every vector operation writes into a preallocated buffer (``out=``), one
   buffer per quantity; β and the box bounds, read one entry at a time, live
   in Python lists, where reading a scalar costs several times less than
   indexing an array.
"""

import numpy as np


def iterate(rows, diag, lo, hi, beta, g, f, tol, limit, tau):
    """Run SMO from (β, g) with objective f until eq. 7 holds or ``limit``
    iterations; ``rows.get(i)`` returns Kᵢ and ``tau`` is the curvature floor
    of eq. 8. Returns (β, g, f history, converged)."""
    n = len(g)
    up = np.where(beta < hi, g, -np.inf)           # item 2: g on I_up, −∞ elsewhere
    low = np.where(beta > lo, g, np.inf)           # g on I_low, +∞ elsewhere
    beta, lo, hi = beta.tolist(), lo.tolist(), hi.tolist()   # item 3
    a = np.empty(n)                                # a_it for the current i (eq. 8)
    twice_K_i = np.empty(n)                        # 2 K_it
    decrease = np.empty(n)                         # (g_i − g_t)² / a_it, eq. 13
    change = np.empty(n)                           # t (K_i − K_j), eq. 11
    history = [f]
    converged = False
    while True:
        i = int(up.argmax())                       # eq. 12
        g_i = float(up[i])
        if g_i - float(low.min()) < tol:           # eq. 7
            converged = True
            break
        if len(history) - 1 == limit:
            break
        K_i = rows.get(i)
        np.add(diag, diag[i], out=a)               # a_it = K_ii + K_tt − 2K_it, floored
        np.multiply(K_i, 2.0, out=twice_K_i)
        np.subtract(a, twice_K_i, out=a)
        np.maximum(a, tau, out=a)
        np.subtract(g_i, low, out=decrease)        # −∞ outside I_low, so 0 after the max
        np.maximum(decrease, 0.0, out=decrease)
        np.multiply(decrease, decrease, out=decrease)
        np.divide(decrease, a, out=decrease)
        j = int(decrease.argmax())                 # eq. 13
        K_j = rows.get(j)

        g_j, a_ij = float(low[j]), float(a[j])
        room_i, room_j = hi[i] - beta[i], beta[j] - lo[j]
        t = min((g_i - g_j) / a_ij, room_i, room_j)          # eqs. 9–10
        beta[i] += t
        beta[j] -= t
        if t == room_i:
            beta[i] = hi[i]
        if t == room_j:
            beta[j] = lo[j]
        for k, g_k in ((i, g_i), (j, g_j)):        # new memberships of I_up and I_low
            up[k] = g_k if beta[k] < hi[k] else -np.inf
            low[k] = g_k if beta[k] > lo[k] else np.inf
        f += t * (0.5 * a_ij * t - (g_i - g_j))
        history.append(f)
        np.subtract(K_i, K_j, out=change)          # eq. 11, on both halves of g
        change *= t
        up -= change
        low -= change
    g = np.where(np.isfinite(up), up, low)
    return np.array(beta), g, history, converged
