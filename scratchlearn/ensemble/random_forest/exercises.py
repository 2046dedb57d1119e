"""Exercises: the forest's second source of randomness, the features each node
may search, and its prediction, the average over its trees."""

import numpy as np

from scratchlearn.datasets import load_diabetes, load_iris
from scratchlearn.exercises import Exercise, same_output
from scratchlearn.trees.decision_tree import apply_trees


def _forest(model, X, y):
    """A fitted forest's node values laid end to end, and each row's leaf
    in every tree as an index into them."""
    trees = [tree.tree_ for tree in model.fit(X, y).estimators_]
    return np.concatenate([tree.value for tree in trees]), apply_trees(trees, X)


def _iris():
    from scratchlearn.ensemble.random_forest import RandomForestClassifier
    X, y = load_iris(return_X_y=True)
    return _forest(RandomForestClassifier(n_estimators=15, max_depth=3, random_state=0), X, y)


def _diabetes():
    from scratchlearn.ensemble.random_forest import RandomForestRegressor
    X, y = load_diabetes(return_X_y=True)
    return _forest(RandomForestRegressor(n_estimators=8, max_depth=4, random_state=1), X, y)


def _random():
    rng = np.random.default_rng(5)
    values = rng.dirichlet(np.ones(4), size=60)          # 60 nodes of 4 classes
    return values, rng.integers(0, 60, size=(5, 33))


def _one_tree():
    values = np.array([[0.2, 0.8], [1.0, 0.0], [0.5, 0.5]])
    return values, np.array([[1, 2, 2, 0]])


def _iris_node():
    X = load_iris(return_X_y=True)[0]
    return X[40:90], 2, np.random.default_rng(0)


def _wide_node():
    X = np.random.default_rng(1).normal(size=(30, 20))
    return X, 4, np.random.default_rng(7)


def _constant_first():
    # Only feature 5 varies in this node: the node keeps drawing until it
    # meets it, however many constant features that takes.
    X = np.ones((6, 8))
    X[:, 5] = np.arange(6.0)
    return X, 1, np.random.default_rng(3)


def _creeping_first():
    # Feature 2 rises in steps of 0.6e-7: no threshold fits between two of
    # its values, but they span more than FEATURE_THRESHOLD, so it is not
    # constant, and meeting it ends the drawing (scikit-learn's test).
    X = np.ones((6, 8))
    X[:, 5] = np.arange(6.0)
    X[:, 2] = 1.0 + np.arange(6) * 0.6e-7
    return X, 1, np.random.default_rng(0)


def _all_features():
    return load_iris(return_X_y=True)[0][:10], 4, np.random.default_rng(0)


EXERCISES = (
    Exercise(
        name="random_forest.features",
        function="draw_features",
        module="scratchlearn.trees.decision_tree.model",
        goal="the features one node may search: the random forest's per-node draw",
        difficulty=2,
        task="Given the node's samples X_node (m, d), max_features and a NumPy "
             "Generator rng, return the indices (ints, increasing) of the features the "
             "node searches (eq. 4). If max_features ≥ d: all d. Otherwise draw the "
             "visiting order exactly as np.argsort(rng.random(d)) and take the first "
             "max_features features of it — and more, up to and including the first "
             "visited feature that is not constant in the node (its largest value exceeds "
             "its smallest by more than FEATURE_THRESHOLD, imported for you), or all d "
             "if every feature is constant there.",
        equations=("3", "4"),
        checks=(
            same_output("iris, 50 samples, max_features = 2", _iris_node,
                        hint="eq. 4: a random subset S of the features, drawn per node; "
                             "draw exactly np.argsort(rng.random(d)) so the same seed "
                             "gives the same subset."),
            same_output("20 features, max_features = 4", _wide_node,
                        hint="return the chosen indices sorted increasingly."),
            same_output("the drawn features are constant in the node", _constant_first,
                        hint="a constant feature cannot split: keep visiting until one "
                             "that is not constant has been included."),
            same_output("a drawn feature creeps up in steps below the threshold", _creeping_first,
                        hint="constant means max − min ≤ FEATURE_THRESHOLD over the node "
                             "(scikit-learn's test), not 'no two neighbours differ by more'."),
            same_output("max_features = d", _all_features,
                        hint="max_features ≥ d means every feature: np.arange(d)."),
        ),
        hints=(
            "visit = np.argsort(rng.random(d)) is the order the node visits the features "
            "in; the answer is a prefix of it, sorted.",
            "The prefix has max_features entries, or more when the first non-constant "
            "feature comes later in visit: then it ends with that feature.",
            "x = X_node[:, visit]; nonconstant = x.max(axis=0) > x.min(axis=0) + "
            "FEATURE_THRESHOLD; first = its first True in visiting order (d if none); "
            "return np.sort(visit[:max(max_features, first + 1)]).",
        ),
        example="""
X_node = np.array([[1.0, 5.0, 0.0, 2.0], [1.0, 6.0, 0.0, 3.0], [1.0, 7.0, 0.0, 1.0]])
for seed in range(3):
    print(draw_features(X_node, 1, np.random.default_rng(seed)))
""",
    ),
    Exercise(
        name="random_forest.average",
        function="average_leaf_values",
        goal="the forest's prediction: every tree's leaf value, averaged",
        difficulty=1,
        task="values (n_nodes, n_outputs) holds the node values (class proportions, or "
             "one column of means) of all B trees laid end to end; leaf (B, n) ints "
             "gives, for tree b and sample i, the row of values holding the leaf that "
             "sample i reaches in tree b. Return the (n, n_outputs) average over the "
             "trees of the samples' leaf values (eq. 1).",
        equations=("1",),
        checks=(
            same_output("iris, a forest of 15 trees (class proportions)", _iris,
                        hint="eq. 1: values[leaf[b]] is tree b's (n, K) prediction; "
                             "average over b."),
            same_output("diabetes, a forest of 8 regression trees", _diabetes,
                        hint="one output column: the result is (n, 1)."),
            same_output("random node values, 5 trees", _random,
                        hint="divide by the number of trees B = leaf.shape[0], not by n."),
            same_output("a single tree", _one_tree,
                        hint="one tree: its own leaf values, unchanged."),
        ),
        hints=(
            "values[leaf[b]] (or values.take(leaf[b], axis=0)) is tree b's prediction "
            "for every sample.",
            "values[leaf] has shape (B, n, n_outputs); eq. 1 averages over its first axis.",
            "return values[leaf].mean(axis=0) — or add the trees one by one and divide "
            "by B, which needs no (B, n, n_outputs) array.",
        ),
        example="""
values = np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.0, 1.0]])
leaf = np.array([[0, 1, 1], [2, 3, 2]])        # 2 trees, 3 samples
print(average_leaf_values(values, leaf))
""",
    ),
)
