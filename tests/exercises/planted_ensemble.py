"""Planted mistakes for the ensemble family's exercises: name → [(text in
the solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "bagging.bootstrap": [
        ("rng.integers(0, n_samples, size=n_draws)", "rng.integers(0, n_samples - 1, "
         "size=n_draws)", "the bootstrap"),
        ("np.bincount(drawn, minlength=n_samples)", "np.bincount(drawn)", "counts has shape"),
        ("rng.permutation(n_samples)[:n_draws]", "rng.choice(n_samples, n_draws, replace=False)",
         "pasting"),
    ],
    "bagging.oob": [
        ("sums[has_oob] / counts[has_oob].reshape(shape)",
         "sums[has_oob] / len(bootstrap_counts)", "diabetes, 12 regression trees: average["),
        ("out = drawn == 0", "out = drawn > 0", "average["),
        ("np.full(sums.shape, np.nan)", "np.zeros(sums.shape)", "every member drew"),
    ],
    "random_forest.features": [
        ("np.sort(visit[:max(max_features, first + 1)])", "np.sort(visit[:max_features])",
         "constant in the node"),
        ("np.sort(visit[:max(max_features, first + 1)])",
         "visit[:max(max_features, first + 1)]", "features["),
        ("visit = np.argsort(rng.random(d))", "visit = rng.permutation(d)", "expected"),
        ("x.max(axis=0) > x.min(axis=0) + FEATURE_THRESHOLD",
         "np.any(np.diff(np.sort(x, axis=0), axis=0) > FEATURE_THRESHOLD, axis=0)",
         "creeps up"),
    ],
    "random_forest.average": [
        ("    for ids in leaf[1:]:", "    for ids in leaf:", "expected"),
        ("return total / len(leaf)", "return total / leaf.shape[1]", "5 trees"),
    ],
    "adaboost.estimator_weight": [
        (" + np.log(n_classes - 1.0)", "", "three classes"),
        ("learning_rate * (np.log", "0.5 * learning_rate * (np.log", "two classes"),
        ("return learning_rate * (", "return (", "η = 0.5"),
    ],
    "adaboost.sample_weights": [
        ("    w /= w.sum()\n", "", "after the first stump: w["),
        ("np.exp(alpha * miss)", "np.exp(-alpha * miss)", "w[0]"),
    ],
}
MISTAKES.update({
    "gradient_boosting.huber": [
        ("grad = -np.where(small, e, delta * np.sign(e))",
         "grad = np.where(small, e, delta * np.sign(e))", "grad"),
        ("delta * (np.abs(e) - 0.5 * delta)", "delta * np.abs(e)", "loss["),
        ("delta * np.sign(e))", "delta)", "far beyond"),
    ],
    "gradient_boosting.leaf_values": [
        ("    if n_classes > 2:\n        num *= (n_classes - 1) / n_classes",
         "    if n_classes > 3:\n        num *= (n_classes - 1) / n_classes", "multinomial"),
        ("weights=p * (1.0 - p)", "weights=p", "gamma["),
        ("gamma = np.where(safe, num / np.where(safe, den, 1.0), 0.0)", "gamma = num / den",
         "pure leaf"),
    ],
})
