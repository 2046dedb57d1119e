"""Planted mistakes for the model-selection exercises: name → [(text in the
solution, what it becomes, a fragment the failing report must contain)]."""

MISTAKES = {
    "model_selection.kfold": [
        ("sizes[: n % n_splits] += 1", "sizes[n_splits - n % n_splits:] += 1", "fold_of["),
        ("sizes[: n % n_splits] += 1", "", "fold_of has shape"),
        ("np.repeat(np.arange(n_splits), sizes)", "np.arange(sizes.sum()) % n_splits",
         "fold_of["),
    ],
    "model_selection.stratified": [
        ("y_dealt[f::n_splits]", "y_code[f::n_splits]", "fold_of["),
        ("folds_for_class = rng.permutation(folds_for_class)",
         "pass", "fold_of["),
        ("np.repeat(np.arange(n_splits), allocation[:, c])",
         "np.resize(np.arange(n_splits), allocation[:, c].sum())", "fold_of["),
    ],
}
