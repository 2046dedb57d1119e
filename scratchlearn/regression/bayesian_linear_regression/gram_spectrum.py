r"""The SVD's quantities from the Gram matrix: the fast path (notes, "Making it fast").

Everything the evidence iterations need from X = U S Vᵀ (notes eq. 12) is
s, V, z = Uᵀy and ‖y_⊥‖². When n ≫ d they follow from the d × d Gram matrix,
which one BLAS product builds an order of magnitude faster than an SVD of the
n × d matrix:

    XᵀX = V diag(s²) Vᵀ,   z = diag(1/s) Vᵀ(Xᵀy),   ‖y_⊥‖² = ‖y‖² − ‖z‖².

Squaring the matrix squares its condition number, and the last line
subtracts nearly equal numbers when the fit is good. A backward-stable
eigendecomposition perturbs ‖z‖² by at most about ε·κ(XᵀX)·‖y‖², so the
path is taken only when κ(XᵀX)·‖y‖²/‖y_⊥‖² ≤ ACCURACY_LIMIT, which keeps
every returned quantity within about 1e-12 relative of the SVD's; otherwise
(ill-conditioned X, d > n, a near-perfect fit) the caller uses the SVD.
"""

import numpy as np

ACCURACY_LIMIT = 1e4


def spectrum_from_gram(Xc, yc):
    """(s, Vt, z, ‖y_⊥‖²) as the thin SVD of the centred Xc gives them, or
    None when computing them from XᵀX would lose accuracy."""
    n, d = Xc.shape
    if n < d:
        return None
    eigenvalues, V = np.linalg.eigh(Xc.T @ Xc)            # ascending
    eigenvalues, V = eigenvalues[::-1], V[:, ::-1]       # descending, as the SVD's
    if eigenvalues[-1] <= 0:
        return None
    s = np.sqrt(eigenvalues)
    z = (V.T @ (Xc.T @ yc)) / s
    y_norm2 = yc @ yc
    y_perp_norm2 = y_norm2 - z @ z
    condition = eigenvalues[0] / eigenvalues[-1]
    if y_perp_norm2 <= 0 or condition * y_norm2 > ACCURACY_LIMIT * y_perp_norm2:
        return None
    return s, V.T, z, y_perp_norm2
