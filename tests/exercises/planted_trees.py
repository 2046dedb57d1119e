"""Planted mistakes for the trees family's exercises: name → [(text in the
solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "decision_tree.split": [
        ("np.cumsum(per_sample, axis=1)[:, :-1]", "np.cumsum(per_sample, axis=1)[:, 1:]",
         "scores["),
        ("np.cumsum(per_sample, axis=1)[:, :-1]", "per_sample[:, :-1]", "petal length"),
        ("scores[valid] = proxy(left[:, valid], right[:, valid])",
         "scores = proxy(left, right)", "closer than FEATURE_THRESHOLD"),
        ("right = stats[:, None] - left", "right = stats[:, None] - left - per_sample[:, 1:]",
         "expected"),
        ("valid_cuts(x, min_samples_leaf) & (right[0] > 0)", "valid_cuts(x, min_samples_leaf)",
         "weights 2⁵³ apart"),
    ],
    "decision_tree.gini": [
        ("return 1.0 - sum_sq / (w * w)", "return 1.0 - sum_sq / w", "iris's root node"),
        ("return 1.0 - sum_sq / (w * w)", "return sum_sq / (w * w)", "expected"),
    ],
    "decision_tree.entropy": [
        ("(np.log(np.where(p > 0, p, 1.0)) / LN2)", "np.log(np.where(p > 0, p, 1.0))",
         "iris's root node"),
        ("np.log(np.where(p > 0, p, 1.0))", "np.log(p)", "a pure node and absent classes"),
        ("H -= p *", "H += p *", "H["),
    ],
}
