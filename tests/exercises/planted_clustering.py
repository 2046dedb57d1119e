"""Planted mistakes for the clustering family's exercises: name → [(text in
the solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "kmeans.assign": [
        ("z = np.argmin(D, axis=1)", "z = np.argmax(D, axis=1)", "z["),
        ('    D += np.einsum("kj,kj->k", C, C)\n', "", "expected"),
        ("D = X @ (-2.0 * C.T)", "D = X @ (-C.T)", "D_min"),
    ],
    "kmeans.update": [
        ("sums / np.maximum(N, 1.0)[:, None]", "sums / n", "C["),
        ("            sums[z[i]] -= X[i]\n", "", "a cluster with no sample: C"),
        ('np.argsort(-distance, kind="stable")', 'np.argsort(distance, kind="stable")',
         "with no sample"),
    ],
}
