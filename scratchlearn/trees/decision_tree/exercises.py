"""Exercises: the two impurities a classification tree minimises, scored for
every candidate cut of a feature at once, and the scan over the cuts of one
feature that the split search repeats for every feature of a node."""

import numpy as np

from scratchlearn.datasets import load_diabetes, load_iris, load_wine
from scratchlearn.exercises import Exercise, same_output
from scratchlearn.trees.decision_tree.model import ClassCounts, TargetMoments


def _node(criterion, x, rows=None, min_samples_leaf=1):
    """The arguments of cut_scores for the node holding ``rows``, along the
    feature values x: sorted values, statistics in that order, their sums."""
    rows = np.arange(len(x)) if rows is None else rows
    order = rows[np.argsort(x[rows], kind="stable")]
    per_sample = criterion.per_sample[:, order]
    return x[order], per_sample, per_sample.sum(axis=1), criterion.proxy, min_samples_leaf


def _iris_petal_length():
    X, y = load_iris(return_X_y=True)
    return _node(ClassCounts("gini", y, np.ones(len(y)), 3), X[:, 2])


def _wine_entropy_leaf_5():
    X, y = load_wine(return_X_y=True)
    w = np.random.default_rng(0).integers(1, 4, size=len(y)).astype(float)
    return _node(ClassCounts("entropy", y, w, 3), X[:, 6], min_samples_leaf=5)


def _diabetes_node():
    X, y = load_diabetes(return_X_y=True)
    rows = np.flatnonzero(X[:, 2] > 0)                  # a child of the root
    return _node(TargetMoments(y, np.ones(len(y))), X[:, 8], rows)


def _nearly_equal_values():
    # Values 1e-9 apart count as equal (closer than FEATURE_THRESHOLD): the
    # only valid cuts are between 1, 2 and 3.
    x = np.array([1.0, 1.0 + 1e-9, 2.0, 2.0, 3.0, 3.0 - 1e-9])
    y = np.array([0, 0, 1, 0, 1, 1])
    return _node(ClassCounts("gini", y, np.ones(6), 2), x)


def _constant_feature():
    y = np.array([0, 1, 1, 0])
    return _node(ClassCounts("gini", y, np.ones(4), 2), np.full(4, 7.0))


def _right_weight_rounds_to_zero():
    # One weight of 2**53 first: the running sum no longer changes after it,
    # so the node's total minus it leaves the right child weight 0 at every
    # cut (and 1/0 in the proxy, were it scored).
    y = np.array([0, 1, 0, 1])
    return _node(TargetMoments(y.astype(float), np.array([2.0 ** 53, 1.0, 1.0, 1.0])),
                 np.arange(4.0))


def _two_samples():
    y = np.array([1, 0])
    return _node(ClassCounts("gini", y, np.ones(2), 2), np.array([5.0, -1.0]))


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
    Exercise(
        name="decision_tree.split",
        function="cut_scores",
        goal="score every threshold of one feature in one node, by running sums",
        difficulty=2,
        task="A node's m samples are sorted by one feature: x (m,) their sorted values, "
             "per_sample (n_stats, m) each sample's additive statistics in that order "
             "(for classification: its weight, then its weight in its class's row), "
             "stats (n_stats,) the node's totals. Cut b (0 ≤ b < m − 1) sends samples "
             "0..b left and the rest right. Return scores (m − 1,): proxy(left, right) "
             "of the children's statistics at every valid cut (proxy scores many cuts "
             "at once: (n_stats, c) arrays → (c,)), and −∞ at a cut that is not valid. "
             "valid_cuts(x, min_samples_leaf) (imported for you) says which cuts are "
             "valid (eq. 9 and min_samples_leaf); a cut whose right child's weight "
             "(row 0) comes out ≤ 0 by rounding is not valid either. No loop over the cuts.",
        equations=("5", "6", "7", "8", "9"),
        checks=(
            same_output("iris, petal length, Gini (many repeated values)",
                        _iris_petal_length,
                        hint="the left child at cut b holds samples 0..b: a cumulative "
                             "sum along the samples, m − 1 columns (not m)."),
            same_output("wine, weighted samples, entropy, min_samples_leaf = 5",
                        _wine_entropy_leaf_5,
                        hint="the right child is the node minus the left child: stats[:, "
                             "None] − left."),
            same_output("diabetes, a child node, squared error (eq. 8)", _diabetes_node,
                        hint="the same running sums serve every additive criterion; only "
                             "proxy changes."),
            same_output("values closer than FEATURE_THRESHOLD", _nearly_equal_values,
                        hint="eq. 9: no threshold between two equal values; such a cut "
                             "scores −∞."),
            same_output("a constant feature (no valid cut)", _constant_feature,
                        hint="no valid cut: every score is −∞ (and proxy need not be called)."),
            same_output("weights 2⁵³ apart: the right child's weight rounds to 0",
                        _right_weight_rounds_to_zero,
                        hint="valid also needs right[0] > 0: the node's weight minus a "
                             "running sum can round to 0, and such a side is no child."),
            same_output("two samples", _two_samples,
                        hint="m = 2: one cut, scores of shape (1,)."),
        ),
        hints=(
            "Three steps: the left child's statistics at every cut, the right child's, "
            "then proxy at the valid cuts and −∞ elsewhere.",
            "np.cumsum(per_sample, axis=1) holds the statistics of samples 0..b in column "
            "b; drop the last column (that cut would leave the right child empty).",
            "scores = np.full(m − 1, −np.inf); scores[valid] = proxy(left[:, valid], "
            "right[:, valid]).",
        ),
        example="""
from scratchlearn.trees.decision_tree.model import ClassCounts

x = np.array([1.0, 2.0, 2.0, 3.0, 4.0])                # sorted feature values
y = np.array([0, 0, 1, 1, 1])
criterion = ClassCounts("gini", y, np.ones(5), 2)
scores = cut_scores(x, criterion.per_sample, criterion.per_sample.sum(axis=1),
                    criterion.proxy, 1)
print("scores of the cuts after samples 0..3:", scores)
print("best cut: after sample", int(np.argmax(scores)))
""",
    ),
)
