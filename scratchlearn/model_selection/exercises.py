"""Exercises: the folds of k-fold cross-validation, plain and stratified."""

import numpy as np

from scratchlearn.datasets import load_breast_cancer, load_diabetes, load_iris
from scratchlearn.exercises import Exercise, Mismatch, property_holds, same_output


def _iris_five():
    return len(load_iris().target), 5


def _diabetes_ten():
    return len(load_diabetes().target), 10


def _one_per_fold():
    return 4, 4


def _uneven_small():
    return 7, 3


def _fold_sizes_follow_eq_1(learner):
    for n, k in ((11, 4), (20, 6), (3, 2)):
        fold_of = np.asarray(learner(n, k))
        sizes = np.bincount(fold_of, minlength=k) if fold_of.size else np.zeros(k, int)
        expected = [n // k + (j < n % k) for j in range(k)]
        if sizes.tolist() != expected:
            raise Mismatch(f"n = {n}, k = {k}: your fold sizes are {sizes.tolist()}; eq. 1 "
                           f"gives {expected}.")
        if np.any(np.diff(fold_of) < 0):
            raise Mismatch(f"n = {n}, k = {k}: the folds are not consecutive blocks "
                           f"({fold_of.tolist()}).")


def _codes(y):
    """Class numbers in order of first appearance, as StratifiedKFold makes them."""
    _, first_seen, inverse = np.unique(y, return_index=True, return_inverse=True)
    return np.argsort(np.argsort(first_seen))[inverse.ravel()]


def _iris_stratified():
    return _codes(load_iris().target), 5


def _cancer_stratified_shuffled():
    return _codes(load_breast_cancer().target), 10, np.random.default_rng(0)


def _rare_class():
    return np.array([0, 1, 0, 0, 2, 0, 1, 0, 0, 1, 0, 0]), 4


def _every_fold_keeps_the_shares(learner):
    rng = np.random.default_rng(20)
    y = rng.choice(3, size=53, p=[0.6, 0.3, 0.1])
    k = 5
    fold_of = np.asarray(learner(y, k))
    for c in range(3):
        per_fold = np.bincount(fold_of[y == c], minlength=k)
        n_c = int(np.sum(y == c))
        if per_fold.min() < n_c // k or per_fold.max() > -(-n_c // k):
            raise Mismatch(f"class {c} ({n_c} samples) is split {per_fold.tolist()} over the "
                           f"folds; eq. 2 allows only {n_c // k} or {-(-n_c // k)} per fold.")


EXERCISES = (
    Exercise(
        name="model_selection.kfold",
        function="kfold_assignment",
        module="split",
        goal="which fold each of n samples falls in, for k-fold cross-validation",
        difficulty=1,
        task="Return an int array of shape (n,): the fold (0, …, n_splits − 1) of each "
             "position 0, …, n − 1. Folds are consecutive blocks in order; when n_splits "
             "does not divide n, the first n mod n_splits folds hold one sample more "
             "(scikit-learn's KFold).",
        equations=("1",),
        checks=(
            same_output("iris, 150 samples, 5 folds", _iris_five,
                        hint="eq. 1: with n divisible by k every fold has n/k samples, in "
                             "consecutive blocks."),
            same_output("diabetes, 442 samples, 10 folds", _diabetes_ten,
                        hint="eq. 1: the extra n mod k samples go one each to the first "
                             "folds, not to the last."),
            same_output("4 samples, 4 folds (one sample each)", _one_per_fold,
                        hint="n = k: fold j is position j."),
            same_output("7 samples, 3 folds", _uneven_small,
                        hint="sizes 3, 2, 2: ⌊7/3⌋ = 2 for all, plus one for the first "
                             "7 mod 3 = 1 fold."),
            property_holds("fold sizes follow eq. 1 and folds are blocks",
                           _fold_sizes_follow_eq_1,
                           hint="eq. 1: |F_j| = ⌊n/k⌋ + [j < n mod k] (counting from 0)."),
        ),
        hints=(
            "First work out each fold's size, then write fold j's number that many times.",
            "sizes = full(k, n // k); sizes[:n % k] += 1.",
            "return np.repeat(np.arange(n_splits), sizes)",
        ),
        example="""
print(kfold_assignment(10, 3))        # [0 0 0 0 1 1 1 2 2 2]
""",
    ),
    Exercise(
        name="model_selection.stratified",
        function="stratified_fold_assignment",
        module="split",
        goal="folds that keep each class's share, as scikit-learn's StratifiedKFold",
        difficulty=3,
        task="y_code (n,) holds class numbers 0, …, C − 1. Return the fold of each sample "
             "(int array (n,)) so that every fold gets ⌊n_c/k⌋ or ⌈n_c/k⌉ samples of class "
             "c, exactly as the docstring describes: deal the sorted codes round robin to "
             "folds 0, 1, …, k − 1, 0, 1, … to fix how many of each class each fold gets; "
             "then hand class c's samples, in their original order, to fold 0 first, then "
             "fold 1, … With rng (a NumPy Generator), shuffle each class's list of folds "
             "with rng.permutation, class 0 first.",
        equations=("2",),
        checks=(
            same_output("iris, 3 classes of 50, 5 folds", _iris_stratified,
                        hint="eq. 2: 50 of each class over 5 folds is 10 per fold per class."),
            same_output("breast cancer, 10 folds, shuffled by default_rng(0)",
                        _cancer_stratified_shuffled,
                        hint="one rng.permutation per class, in class order 0, 1, …, of "
                             "that class's list of folds (not of the sample indices)."),
            same_output("12 samples, a class of 1 and a class of 3, 4 folds", _rare_class,
                        hint="deal the sorted codes y_sorted[f::k] to fold f and count each "
                             "class there; a rare class lands in the first folds."),
            property_holds("every fold keeps each class's share (eq. 2)",
                           _every_fold_keeps_the_shares,
                           hint="eq. 2: n_{c,j} ∈ {⌊n_c/k⌋, ⌈n_c/k⌉}."),
        ),
        hints=(
            "Two steps: how many of class c go to fold f (a k × C table), then which "
            "samples of class c those are (the first ones in order go to fold 0).",
            "Sort the codes; fold f receives y_sorted[f::k]; np.bincount of that with "
            "minlength=C is row f of the table. Class c's folds are np.repeat(arange(k), "
            "table[:, c]).",
            "fold_of[y_code == c] = folds_for_class (after rng.permutation(folds_for_class) "
            "when rng is given), for c = 0, …, C − 1.",
        ),
        example="""
y_code = np.array([1, 1, 0, 0, 0, 0, 0, 1, 0, 0])
print(stratified_fold_assignment(y_code, 3))
""",
    ),
)
