"""Planted mistakes for the neural_network family's exercises: name → [(text
in the solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "mlp.dense_backward": [
        ("grad_W = A.T @ delta", "grad_W = (delta.T @ A)", "grad_W has shape"),
        ("grad_b = np.sum(delta, axis=0)", "grad_b = np.mean(delta, axis=0)", "grad_b"),
        ("grad_A = delta @ W.T if input_grad else None",
         "grad_A = delta @ W.T", "expected None"),
        ("grad_A = delta @ W.T", "grad_A = -delta @ W.T", "grad_A"),
    ],
    "mlp.softmax_cross_entropy": [
        ("grad = (P - Y) / n", "grad = P - Y", "grad"),
        ("grad = (P - Y) / n", "grad = (Y - P) / n", "finite differences"),
        ("log_P = log_softmax(Z)",
         "log_P = np.log(np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True))",
         "extreme scores"),
    ],
}
