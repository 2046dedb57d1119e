"""Planted mistakes for the classification family's exercises: name → [(text
in the solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "logistic_regression.gradient": [
        ("(s * (p - y))", "(s * (y - p))", "grad["),
        ("grad[:n_penalised] += w / (C * S)", "grad += theta / (C * S)", "grad[30]"),
        ("/ S + (w @ w) / (2 * C * S)", "+ (w @ w) / (2 * C * S)", "loss is"),
        ("-(s @ log_sigmoid(np.where(y == 1, z, -z)))",
         "-(s @ (y * np.log(sigmoid(z)) + (1 - y) * np.log(1 - sigmoid(z))))", "loss is"),
    ],
    "logistic_regression.hessian": [
        ("r = s * p * (1.0 - p) / S", "r = p * (1.0 - p) / S", "hess["),
        ("hess[np.arange(n_penalised), np.arange(n_penalised)] += 1.0 / (C * S)",
         "hess[np.diag_indices(len(hess))] += 1.0 / (C * S)", "hess[30, 30]"),
        ("hess = B.T @ B", "hess = B @ B.T", "hess has shape"),
    ],
}
