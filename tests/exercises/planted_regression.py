"""Planted mistakes for the regression family's exercises: name → [(text in
the solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "linear_regression.gradient": [
        ("2.0 * np.mean(r * x)", "np.mean(r * x)", "grad_w"),
        ("r = w * x + b - y", "r = w * x - y", "expected"),
        ("grad_b = 2.0 * np.mean(r)", "grad_b = 2.0 * np.sum(r)", "grad_b"),
    ],
}
