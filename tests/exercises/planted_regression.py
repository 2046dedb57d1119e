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
    "ridge_regression.gradient": [
        ("+ 2.0 * alpha * w ", "+ alpha * w ", "grad_w"),
        ("grad_b = 2.0 * r.sum()", "grad_b = 2.0 * r.sum() + 2.0 * alpha * b", "grad_b"),
        ("loss = r @ r + alpha", "loss = (r @ r) / len(y) + alpha", "loss is"),
    ],
    "ridge_regression.svd": [
        ("w = Vt.T @ (factor", "w = Vt @ (factor", "w["),
        ("sigma[keep] / (sigma[keep] ** 2 + alpha)", "1.0 / (sigma[keep] + alpha)", "w["),
        ("keep = sigma > EPS * max(Xc.shape) * sigma[0]", "keep = sigma >= 0", "w["),
    ],
    "lasso_regression.soft_threshold": [
        ("np.maximum(np.abs(z) - t, 0.0)", "(np.abs(z) - t)", "the result["),
        ("np.sign(z) * np.maximum", "np.maximum", "the result["),
    ],
    "lasso_regression.sweep": [
        ("rho = x_j @ R + w_j * col_norm2[j]", "rho = x_j @ R", "w["),
        ("R -= (w_new - w_j) * x_j", "R += (w_new - w_j) * x_j", "w["),
        ("/ (col_norm2[j] + l2_reg)", "/ col_norm2[j]", "w["),
        ("if col_norm2[j] == 0.0:", "if False:", "w[2]"),
    ],
    "elastic_net.augmented": [
        ("np.sqrt(n * alpha * (1 - l1_ratio))", "n * alpha * (1 - l1_ratio)", "X_aug["),
        ("n * alpha * l1_ratio / (n + d)", "alpha * l1_ratio", "alpha_aug"),
        ("y_aug = np.concatenate([y, np.zeros(d)])", "y_aug = y", "y_aug has shape"),
    ],
    "polynomial_regression.powers": [
        ("range(start, degree + 1)", "range(start, degree)", "powers has shape"),
        ("start = 0 if include_bias else 1", "start = 1", "powers has shape"),
        ("combine(range(n_features), d)", "combine(range(n_features - 1, -1, -1), d)",
         "powers["),
        ("combine = combinations if interaction_only else combinations_with_replacement",
         "combine = combinations_with_replacement", "powers has shape"),
    ],
    "bayesian_linear_regression.posterior_mean": [
        ("r = lam / alpha", "r = lam", "m["),
        ("m = Vt.T @ (s", "m = Vt @ (s", "m["),
        ("sse = y_perp_norm2 + np.sum(", "sse = np.sum(", "sse is"),
    ],
    "bayesian_linear_regression.posterior_covariance": [
        ("(1.0 / (alpha * s ** 2 + lam) - 1.0 / lam)) @ Vt + np.eye(d) / lam",
         "(1.0 / (alpha * s ** 2 + lam))) @ Vt", "sigma["),
        ("alpha * s ** 2 + lam", "s ** 2 + lam", "sigma["),
    ],
    "gaussian_process.kernel": [
        ("np.exp(-D2 / (2.0 * length_scale ** 2))", "np.exp(-D2 / length_scale ** 2)",
         "the result["),
        ("signal_variance * np.exp(", "np.exp(", "the result["),
    ],
    "gaussian_process.variance": [
        ("V = solve_triangular(L, K_star.T)", "V = solve_triangular(L, K_star.T, transpose=True)",
         "var["),
        ("np.sum(V * V, axis=0)", "np.sum(V * V, axis=1)", "var has shape"),
        ("np.sum(V * V, axis=0)", "np.sum(V, axis=0)", "var["),
    ],
    "gaussian_process.likelihood": [
        ("- np.sum(np.log(np.diag(L)))", "- 0.5 * np.sum(np.log(np.diag(L)))", "lml is"),
        ("np.sum(WK * D2) / length_scale ** 2", "np.sum(WK * D2) / length_scale", "grad[1]"),
        ("noise_variance * np.trace(W)", "np.trace(W)", "grad[2]"),
        ("K_y = K + noise_variance * np.eye(n)", "K_y = K", "lml is"),
    ],
}
