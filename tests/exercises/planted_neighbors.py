"""Planted mistakes for the neighbors family's exercises: name → [(text in
the solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "knn.neighbors": [
        ('np.argsort(D, axis=1, kind="stable")[:, :k]',
         'np.argsort(D, axis=1, kind="stable")[:, 1:k + 1]', "dist["),
        ('np.argsort(D, axis=1, kind="stable")', 'np.argsort(-D, axis=1, kind="stable")',
         "dist"),
        ('np.argsort(D, axis=1, kind="stable")', 'np.argsort(D, axis=1, kind="quicksort")',
         "many equal distances"),
    ],
    "knn.weights": [
        ("    w[on_a_point] = exact[on_a_point]\n", "", "queries lying on training points"),
        ("w[on_a_point] = exact[on_a_point]", "w[exact] = 1.0", "w["),
        ('if weights == "uniform":', 'if weights == "distance":', "expected"),
    ],
    "knn.vote": [
        ("weights=w.ravel(), ", "", "weighted by 1/distance"),
        ("minlength=n_query * n_classes", "minlength=0", "two of them without a vote"),
        ("np.arange(n_query)[:, None] * n_classes", "np.arange(n_query)[:, None]", "votes"),
    ],
}
