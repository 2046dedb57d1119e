"""Planted mistakes for the decomposition family's exercises: name → [(text
in the solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "pca.variance": [
        ("variance = sigma ** 2 / (n - 1)", "variance = sigma ** 2 / n", "variance["),
        ("ratio = variance / total if total > 0 else np.zeros_like(variance)",
         "ratio = variance / total", "constant data"),
        ("variance / total if", "variance / variance[0] if", "ratio["),
    ],
    "pca.signs": [
        ("np.argmax(np.abs(Vt), axis=1)", "np.argmax(Vt, axis=1)", "flipped["),
        ("flipped = Vt * signs[:, None]", "flipped = Vt * signs[None, :]", "flipped"),
        ("np.argmax(np.abs(Vt), axis=1)",
         "Vt.shape[1] - 1 - np.argmax(np.abs(Vt)[:, ::-1], axis=1)", "ties"),
    ],
}
