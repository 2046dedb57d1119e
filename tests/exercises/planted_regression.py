"""Planted mistakes for the regression family's exercises: name → [(text in
the solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "linear_regression.gradient": [
        ("2.0 * np.mean(r * x)", "np.mean(r * x)", "grad_w"),
        ("r = w * x + b - y", "r = w * x - y", "expected"),
        ("grad_b = 2.0 * np.mean(r)", "grad_b = 2.0 * np.sum(r)", "grad_b"),
    ],
    "multiple_linear_regression.gradient": [
        ("(2.0 / n) * (X.T @ r)", "(1.0 / n) * (X.T @ r)", "grad_w"),
        ("r = X @ w + b - y", "r = y - X @ w - b", "grad_w"),
        ("grad_b = (2.0 / n) * r.sum()", "grad_b = 2.0 * r.sum()", "grad_b"),
    ],
    "huber_regression.loss": [
        ("delta * (np.abs(r) - 0.5 * delta)", "delta * np.abs(r)", "loss["),
        ("psi = np.clip(r, -delta, delta)", "psi = r", "psi["),
        ("small = np.abs(r) <= delta", "small = r <= delta", "loss["),
    ],
    "huber_regression.gradient": [
        ("+ 2 * alpha * w ", "+ alpha * w ", "grad_w"),
        ("- n_out * epsilon ** 2   #", "  #", "grad_sigma"),
        ("r = y - X @ w - b", "r = y - X @ w", "loss is"),
        ("grad_b = -residual_pull.sum()", "grad_b = residual_pull.sum()", "grad_b"),
    ],
}
