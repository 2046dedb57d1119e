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
    "softmax_regression.gradient": [
        ("((P - Y) * s) @ X1t.T / S", "((Y - P) * s) @ X1t.T / S", "grad["),
        ("log_P = log_softmax(Z, axis=0)",
         "log_P = np.log(np.exp(Z) / np.exp(Z).sum(axis=0))", "loss is"),
        ("log_P = log_softmax(Z, axis=0)", "log_P = log_softmax(Z, axis=1)", "loss is"),
        ("grad[:, :n_penalised] += W / (C * S)", "grad += theta / (C * S)", "grad[0, 4]"),
    ],
    "softmax_regression.hessian_vector": [
        ("Z_dot -= np.sum(P * Z_dot, axis=0)", "", "out["),
        ("Z_dot *= P * s", "Z_dot *= P", "out["),
        ("out[:, :n_penalised] += V[:, :n_penalised] / (C * S)", "out += V / (C * S)",
         "out[0, 4]"),
    ],
    "perceptron.epoch": [
        ("if margin <= 0:", "if margin < 0:", "total_loss is 0"),
        ("u += eta * z", "u = u + eta * z", "u after the call"),
        ("u += eta * z", "u += z", "total_loss"),
        ("total_loss -= margin", "total_loss += margin", "total_loss"),
    ],
    "svm.gradient": [
        ("violates = z < 1", "violates = z <= 1", "grad_w"),
        ("grad_w = w - C * (y * violates) @ X", "grad_w = -C * (y * violates) @ X", "grad_w"),
        ("np.sum(1.0 - z[violates])", "np.sum(1.0 - z)", "loss is"),
        ("grad_b = -C * np.sum(y * violates)", "grad_b = -C * np.sum(y)", "grad_b"),
    ],
    "kernel_svm.smo_step": [
        ("t = min((g[i] - g[j]) / a_ij, room_i, room_j)", "t = (g[i] - g[j]) / a_ij", "beta["),
        ("g -= t * (K_i - K_j)", "g += t * (K_i - K_j)", "g["),
        ("min((g[i] - g[j]) / a_ij, room_i, room_j)", "min((g[i] - g[j]) / a_ij, room_i)",
         "beta["),
        ("beta[i] += t\n    beta[j] -= t", "beta[i] -= t\n    beta[j] += t", "beta["),
    ],
    "naive_bayes.log_likelihood": [
        ("np.sum(np.log(2.0 * np.pi * var), axis=1)", "np.sum(np.log(var), axis=1)",
         "the result["),
        ("return -0.5 * (log_normaliser + squared_distance)",
         "return -(log_normaliser + squared_distance)", "the result["),
        ("precision = 1.0 / var", "precision = var", "the result["),
    ],
    "naive_bayes.mean_variance": [
        ("var[k] = rows.mean(axis=0) if w_k is None",
         "var[k] = rows.sum(axis=0) / (N[k] - 1) if w_k is None", "var["),
        ("theta[k] = rows.mean(axis=0) if w_k is None else (w_k @ rows) / N[k]",
         "theta[k] = rows.mean(axis=0)", "theta["),
        ("rows -= theta[k]", "pass", "var["),
    ],
    "discriminant_analysis.pooled_covariance": [
        ("weight = (priors / N)[y_index]", "weight = priors[y_index]", "the result["),
        ("return Xc.T @ (Xc * weight[:, None])", "return (Xc * weight[:, None]) @ Xc.T",
         "the result has shape"),
        ("weight = (priors / N)[y_index]", "weight = (priors / (N - 1))[y_index]",
         "the result["),
    ],
    "discriminant_analysis.quadratic": [
        ("log_det = 2.0 * np.sum(", "log_det = np.sum(", "delta["),
        ("Z = (X - mean) @ L_inv.T", "Z = (X - mean) @ L_inv", "delta["),
        ("+ log_det) + log_prior", "+ log_det)", "delta["),
    ],
}
