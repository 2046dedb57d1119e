"""The fast engine's SVD for tall data: QR first, then the SVD of R.

Explained in notes.md, "Making it fast", item 1. PCA needs only the singular
values and the right singular vectors of the centred data X̃ (n × d). When
n is well above d, Householder QR gives X̃ = QR with R of size d × d, and
R = U_R Σ Vᵀ has the same Σ and Vᵀ as X̃ (Q has orthonormal columns). The
QR touches the n rows once and never forms Q; the SVD is then of a d × d
matrix. Both steps are backward stable, so the answer is as accurate as
the direct SVD (Chan, 1982).
"""

import numpy as np

__all__ = ["singular_values_and_directions", "pays_off"]


def pays_off(n, d):
    """QR first only when the data are clearly tall (Chan's crossover is near n ≈ 5d/3)."""
    return n >= 2 * d


def singular_values_and_directions(X_c):
    """σ (d,) and Vᵀ (d × d) of the tall centred matrix ``X_c`` through its R factor."""
    R = np.linalg.qr(X_c, mode="r")
    _, sigma, Vt = np.linalg.svd(R)
    return sigma, Vt
