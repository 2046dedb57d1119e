"""Fast path of least squares and ridge: one pass over X through the Gram matrix.

Notes, "Making it fast", items 1–2. The plain solve (an SVD of X and
refinement in extended precision) reads X several times and costs several
times a BLAS product. When the problem is well-conditioned the normal
equations lose nothing that matters: their error is about κ(G)·ε (eq. 5),
and one step of residual correction with the same Gram factorisation
multiplies it by κ(G)·ε again. So:

1. centre X and y, form G = X̃ᵀX̃ in one BLAS call, and eigendecompose the
   small d × d matrix (equilibrated for least squares, as is for ridge);
2. if its condition number is below ``GRAM_CONDITION_LIMIT``, solve, and
   correct once with the residual r = ỹ − X̃w (two matrix–vector products);
   otherwise return None and let the caller run the plain solve.
"""

import numpy as np

# Above this condition number of the (equilibrated) Gram matrix the first
# solve could be off by more than κ(G)·ε ≈ 2e-10, and one correction step
# would no longer bring it to the plain path's accuracy: the SVD takes over.
GRAM_CONDITION_LIMIT = 1e6


def centred_gram(X, y, fit_intercept):
    """X̃, ỹ, x̄, ȳ and G = X̃ᵀX̃, in float64: the single pass over the data."""
    if fit_intercept:
        x_mean, y_mean = X.mean(axis=0), y.mean()
        Xc, yc = X - x_mean, y - y_mean
    else:
        x_mean, y_mean = np.zeros(X.shape[1]), 0.0
        Xc, yc = X, y
    return Xc, yc, x_mean, y_mean, Xc.T @ Xc


def gram_least_squares(X, y, fit_intercept):
    """(w, b) of least squares through the equilibrated Gram matrix, or None."""
    n, d = X.shape
    if d > n:
        return None
    Xc, yc, x_mean, y_mean, gram = centred_gram(X, y, fit_intercept)
    centred_norm = np.sqrt(np.diag(gram))
    raw_norm = np.sqrt(np.einsum("ij,ij->j", X, X))
    # The plain path zeroes columns that centring made constant; leave them to it.
    if np.any(centred_norm <= n * np.finfo(float).eps * raw_norm):
        return None
    D = 1.0 / centred_norm
    eigenvalues, V = np.linalg.eigh(gram * D[:, None] * D[None, :])
    if not eigenvalues[0] > eigenvalues[-1] / GRAM_CONDITION_LIMIT:
        return None

    def solve(rhs):                                  # (DGD)⁻¹ in the scaled variables
        return D * (V @ ((V.T @ (D * rhs)) / eigenvalues))

    w = solve(Xc.T @ yc)
    w += solve(Xc.T @ (yc - Xc @ w))                 # one step of residual correction
    return w, float(y_mean - x_mean @ w)


def gram_ridge(X, y, alpha, fit_intercept):
    """(w, b) of ridge through the eigendecomposition of G = X̃ᵀX̃, or None.

    G = VΛVᵀ holds the same V and σ² = λ as the SVD X̃ = UΣVᵀ, so the
    shrinkage of the plain SVD solve applies unchanged: w = V (Λ + αI)⁻¹ Vᵀ X̃ᵀỹ.
    """
    Xc, yc, x_mean, y_mean, gram = centred_gram(X, y, fit_intercept)
    eigenvalues, V = np.linalg.eigh(gram)
    eigenvalues = np.maximum(eigenvalues, 0.0)       # G is semi-definite; drop rounding below 0
    shifted = eigenvalues + alpha
    if not shifted[0] > shifted[-1] / GRAM_CONDITION_LIMIT:
        return None

    def solve(rhs):                                  # (G + αI)⁻¹
        return V @ ((V.T @ rhs) / shifted)

    w = solve(Xc.T @ yc)
    w += solve(Xc.T @ (yc - Xc @ w) - alpha * w)     # one step of residual correction
    return w, float(y_mean - x_mean @ w)
