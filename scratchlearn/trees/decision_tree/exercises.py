"""Exercises: the two impurities a classification tree minimises, scored for
every candidate cut of a feature at once."""

import numpy as np

from scratchlearn.datasets import load_iris, load_wine
from scratchlearn.exercises import Exercise, same_output


def _root_of_iris():
    y = load_iris(return_X_y=True)[1]
    return np.bincount(y).astype(float), 150.0


def _wine_left_children():
    """The left child of every cut along wine's proline feature: its class
    counts (K, m − 1) and its size (m − 1,), as the split search scores them."""
    X, y = load_wine(return_X_y=True)
    order = np.argsort(X[:, 12], kind="stable")
    one_hot = (y[order][:, None] == np.arange(3)).T.astype(float)        # (K, m)
    counts = np.cumsum(one_hot, axis=1)[:, :-1]
    return counts, counts.sum(axis=0)


def _random_weighted():
    # Weighted samples give fractional class weights; any trailing shape works.
    counts = np.random.default_rng(2).uniform(0.0, 3.0, size=(5, 4, 6))
    return counts, counts.sum(axis=0)


def _pure_and_empty_classes():
    # Column 0 is a pure node; in column 1 two of the four classes are absent.
    counts = np.array([[7.0, 3.0], [0.0, 0.0], [0.0, 5.0], [0.0, 0.0]])
    return counts, counts.sum(axis=0)


_TASK = ("Given class weights counts (K, ...) — counts[k] is the total weight of class "
         "k in a node, and the trailing axes run over several nodes (for instance the "
         "left child of every cut of one feature) — and their totals w (...), return "
         "the impurity of every node, shape (...), with p_k = counts[k] / w.")

EXERCISES = (
    Exercise(
        name="decision_tree.gini",
        function="gini",
        goal="the Gini impurity of a node from its class weights",
        difficulty=1,
        task=_TASK + " Here: the Gini impurity (eq. 1). The argument whole_numbers only "
             "picks a faster route to the same numbers; you may ignore it.",
        equations=("1", "6"),
        checks=(
            same_output("iris's root node (50 of each class)", _root_of_iris,
                        hint="eq. 1: 1 − Σ_k p_k² with p_k = 50/150."),
            same_output("wine: the left child of every cut along proline", _wine_left_children,
                        hint="the class axis is the first; sum p_k² over it and keep the "
                             "other axes."),
            same_output("random fractional class weights, shape (5, 4, 6)", _random_weighted,
                        hint="p_k = counts[k] / w: divide by the node's total weight, not "
                             "by the number of classes."),
            same_output("a pure node and absent classes", _pure_and_empty_classes,
                        hint="a pure node has impurity exactly 0."),
        ),
        hints=(
            "p = counts / w broadcasts w over the class axis: (K, ...) / (...).",
            "Eq. 1: the sum of p_k² over the first axis, subtracted from 1.",
            "return 1.0 - np.sum(counts ** 2, axis=0) / (w * w)",
        ),
        example="""
counts = np.array([[5.0, 10.0, 0.0], [5.0, 0.0, 10.0]])    # 3 nodes, 2 classes
print("Gini:", gini(counts, counts.sum(axis=0)))            # 0.5, 0, 0
""",
    ),
    Exercise(
        name="decision_tree.entropy",
        function="entropy",
        goal="the entropy of a node in bits, with 0 · log 0 = 0",
        difficulty=1,
        task=_TASK + " Here: the entropy in bits (eq. 2), where a class with p_k = 0 adds "
             "0 (the limit of p log p).",
        equations=("2", "6"),
        checks=(
            same_output("iris's root node (50 of each class)", _root_of_iris,
                        hint="eq. 2 in bits: log₂ 3 for three equal classes."),
            same_output("wine: the left child of every cut along proline", _wine_left_children,
                        hint="log base 2: np.log2, or np.log divided by log 2."),
            same_output("random fractional class weights, shape (5, 4, 6)", _random_weighted,
                        hint="p_k = counts[k] / w, summed over the first (class) axis."),
            same_output("a pure node and absent classes", _pure_and_empty_classes,
                        hint="0 · log 0 is taken as 0: skip (or mask) the classes with "
                             "p_k = 0 instead of computing log 0."),
        ),
        hints=(
            "p = counts / w, then −Σ_k p_k log₂ p_k over the class axis (eq. 2).",
            "log 0 is −∞ and 0 · (−∞) is NaN: take the log of np.where(p > 0, p, 1.0), "
            "which is 0 where p = 0.",
            "p = counts / w; return -np.sum(p * np.log2(np.where(p > 0, p, 1.0)), axis=0)",
        ),
        example="""
counts = np.array([[5.0, 10.0, 2.0], [5.0, 0.0, 6.0]])     # 3 nodes, 2 classes
print("entropy (bits):", entropy(counts, counts.sum(axis=0)))   # 1, 0, 0.811
""",
    ),
)
