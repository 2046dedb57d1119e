"""DecisionTreeClassifier / DecisionTreeRegressor against scikit-learn.

Trees have no differentiable objective, so there is no gradient check; the
impurity functions are checked against closed forms instead.

Ties: scikit-learn visits features in a random order and keeps the first best
split it meets; we keep the lowest feature index. Where two splits are exactly
as good, the trees can differ while being equally good. So the tests compare
(a) predictions and probabilities on the training data, which ties do not
change, and (b) the whole tree, array by array, with the scikit-learn tree of
*some* seed: on exact ties one of its seeds makes our choice.
"""

import numpy as np
import pytest
from sklearn import tree as sk_tree

from scratchlearn.core.base import NotFittedError
from scratchlearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
    make_classification,
    make_regression,
)
from scratchlearn.trees.decision_tree import (
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    apply_trees,
    export_text,
)
from scratchlearn.trees.decision_tree.model import (
    Tree,
    absolute_error,
    entropy,
    gini,
    squared_error,
    weighted_median,
)

LOADERS = {"iris": load_iris, "wine": load_wine}


def same_tree(ours, theirs):
    a, b = ours.tree_, theirs.tree_
    return (a.node_count == b.node_count
            and np.array_equal(a.children_left, b.children_left)
            and np.array_equal(a.children_right, b.children_right)
            and np.array_equal(a.feature, b.feature)
            # scikit-learn stores X as float32, so its midpoints differ in the 8th digit
            and np.allclose(a.threshold, b.threshold, rtol=1e-6)
            and np.allclose(a.impurity, b.impurity, rtol=1e-12, atol=1e-15)
            and np.allclose(a.value, b.value[:, 0], rtol=1e-12, atol=0))


# -- classifier: agreement ----------------------------------------------------

@pytest.mark.parametrize("name", ["iris", "wine"])
@pytest.mark.parametrize("criterion", ["gini", "entropy"])
@pytest.mark.parametrize("depth", [1, 2, 3, 4])
def test_classifier_matches_sklearn(name, criterion, depth):
    X, y = LOADERS[name](return_X_y=True)
    ours = DecisionTreeClassifier(criterion=criterion, max_depth=depth).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(criterion=criterion, max_depth=depth,
                                            random_state=0).fit(X, y)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))
    assert ours.get_depth() == theirs.get_depth()
    # The whole tree equals scikit-learn's for a seed whose feature order
    # breaks the exact ties as ours does.
    assert any(same_tree(ours, sk_tree.DecisionTreeClassifier(
        criterion=criterion, max_depth=depth, random_state=seed).fit(X, y))
        for seed in range(200))


def test_tie_free_tree_is_identical_including_apply_and_importances():
    X, y = load_wine(return_X_y=True)
    ours = DecisionTreeClassifier(max_depth=3).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y)
    assert same_tree(ours, theirs)
    np.testing.assert_array_equal(ours.apply(X), theirs.apply(X))
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_,
                               rtol=1e-12, atol=1e-15)
    assert ours.get_n_leaves() == theirs.get_n_leaves()
    names = [f"f{j}" for j in range(X.shape[1])]
    # three decimals: scikit-learn's float32 midpoint 2.1149999 and our 2.115
    # would round apart at two
    assert (export_text(ours, feature_names=names, show_weights=True, decimals=3)
            == sk_tree.export_text(theirs, feature_names=names, show_weights=True, decimals=3))


def test_export_text_with_its_defaults_is_sklearns():
    """Two decimals, no weights, names feature_0, ... or a DataFrame's
    columns, and a regressor's leaf values. Raw diabetes: its values have few
    decimals, so scikit-learn's float32 thresholds print as ours do."""
    import pandas as pd

    X, y = load_diabetes(return_X_y=True, scaled=False)
    ours = DecisionTreeRegressor(max_depth=2).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(max_depth=2, random_state=0).fit(X, y)
    assert export_text(ours) == sk_tree.export_text(theirs)
    assert export_text(ours).startswith("|--- feature_8 <= 4.60\n|   |--- feature_2 <= 26.95\n"
                                        "|   |   |--- value: [96.31]\n")
    names = ["age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6"]
    frame, label = pd.DataFrame(X, columns=names), np.where(y > 140, "high", "low")
    ours = DecisionTreeClassifier(max_depth=3).fit(frame, label)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(frame, label)
    assert export_text(ours) == sk_tree.export_text(theirs, feature_names=names)
    assert export_text(ours).startswith("|--- s5 <= 4.60\n|   |--- bmi <= 26.95\n")


def test_node_depths_are_sklearns_node_for_node():
    """Tree.node_depths on the tie-free wine tree: integers, equal to the
    depths read off scikit-learn's arrays (preorder: a parent comes before
    its children)."""
    X, y = load_wine(return_X_y=True)
    ours = DecisionTreeClassifier(max_depth=3).fit(X, y).tree_
    sk = sk_tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(X, y).tree_
    depths = np.zeros(sk.node_count, dtype=np.intp)
    for node in np.flatnonzero(sk.children_left >= 0):
        depths[[sk.children_left[node], sk.children_right[node]]] = depths[node] + 1
    assert ours.node_depths().dtype == np.intp
    np.testing.assert_array_equal(ours.node_depths(), depths)


def test_log_loss_is_entropy():
    X, y = load_wine(return_X_y=True)
    a = DecisionTreeClassifier(criterion="log_loss", max_depth=3).fit(X, y)
    b = DecisionTreeClassifier(criterion="entropy", max_depth=3).fit(X, y)
    np.testing.assert_array_equal(a.tree_.feature, b.tree_.feature)


@pytest.mark.parametrize("params", [dict(min_samples_leaf=5), dict(min_samples_split=20),
                                    dict(min_impurity_decrease=0.01),
                                    dict(min_samples_leaf=0.05, max_depth=4),
                                    # fractions of the 178 rows: 18 and 178 samples
                                    dict(min_samples_split=0.1), dict(min_samples_split=1.0)])
def test_classifier_hyperparameters_match_sklearn(params):
    X, y = load_wine(return_X_y=True)
    ours = DecisionTreeClassifier(**params).fit(X, y)
    assert any(same_tree(ours, sk_tree.DecisionTreeClassifier(random_state=seed, **params).fit(
        X, y)) for seed in range(200))


@pytest.mark.parametrize("loader", [load_wine, load_breast_cancer, load_digits])
def test_unlimited_depth_fits_training_data(loader):
    X, y = loader(return_X_y=True)
    ours = DecisionTreeClassifier().fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(random_state=0).fit(X, y)
    assert ours.score(X, y) == theirs.score(X, y) == 1.0
    assert np.all(ours.tree_.impurity[ours.tree_.children_left == -1] <= 1e-15)


def test_digits_held_out_accuracy_close_to_sklearn():
    X, y = load_digits(return_X_y=True)
    rng = np.random.default_rng(0)
    idx = rng.permutation(len(y))
    train, test = idx[:1200], idx[1200:]
    ours = DecisionTreeClassifier().fit(X[train], y[train]).score(X[test], y[test])
    theirs = sk_tree.DecisionTreeClassifier(random_state=0).fit(X[train], y[train]).score(
        X[test], y[test])
    assert abs(ours - theirs) <= 0.03, (ours, theirs)


def test_sample_weight_matches_sklearn():
    X, y = load_wine(return_X_y=True)
    w = np.random.default_rng(1).uniform(0.2, 3.0, len(y))
    ours = DecisionTreeClassifier(max_depth=3).fit(X, y, sample_weight=w)
    theirs = sk_tree.DecisionTreeClassifier(max_depth=3, random_state=0).fit(
        X, y, sample_weight=w)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=1e-12)


def test_integer_weights_equal_repeated_rows_and_zero_equals_removal():
    X, y = make_classification(150, 5, n_informative=3, random_state=3)
    w = np.random.default_rng(2).integers(0, 4, len(y))
    weighted = DecisionTreeClassifier().fit(X, y, sample_weight=w)
    repeated = DecisionTreeClassifier().fit(np.repeat(X, w, axis=0), np.repeat(y, w))
    np.testing.assert_array_equal(weighted.predict_proba(X), repeated.predict_proba(X))
    np.testing.assert_array_equal(weighted.tree_.threshold, repeated.tree_.threshold)
    # classes seen only in zero-weight rows still get a probability column
    assert weighted.n_classes_ == len(np.unique(y))


# -- regressor: agreement -----------------------------------------------------

@pytest.mark.parametrize("criterion", ["squared_error", "absolute_error"])
@pytest.mark.parametrize("params", [dict(max_depth=1), dict(max_depth=2), dict(max_depth=3),
                                    dict(max_depth=4), dict(min_samples_leaf=5)])
def test_regressor_matches_sklearn_on_synthetic(criterion, params):
    X, y = make_regression(300, 5, noise=10.0, random_state=0)
    X_test, _ = make_regression(200, 5, noise=10.0, random_state=1)
    ours = DecisionTreeRegressor(criterion=criterion, **params).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(criterion=criterion, random_state=0,
                                           **params).fit(X, y)
    for data in (X, X_test):
        np.testing.assert_allclose(ours.predict(data), theirs.predict(data),
                                   rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(ours.tree_.feature, theirs.tree_.feature)
    np.testing.assert_allclose(ours.feature_importances_, theirs.feature_importances_,
                               rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("criterion", ["squared_error", "absolute_error"])
def test_regressor_matches_sklearn_on_diabetes(criterion):
    data = load_diabetes(scaled=False)
    X, y = data.data, data.target
    ours = DecisionTreeRegressor(criterion=criterion, max_depth=4).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(criterion=criterion, max_depth=4,
                                           random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)


def test_regressor_weighted_matches_sklearn():
    X, y = make_regression(200, 4, noise=5.0, random_state=4)
    w = np.random.default_rng(3).uniform(0.1, 2.0, len(y))
    for criterion in ("squared_error", "absolute_error"):
        ours = DecisionTreeRegressor(criterion=criterion, max_depth=3).fit(X, y, sample_weight=w)
        theirs = sk_tree.DecisionTreeRegressor(criterion=criterion, max_depth=3,
                                               random_state=0).fit(X, y, sample_weight=w)
        np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)


def test_regressor_fits_training_data_at_unlimited_depth():
    X, y = make_regression(300, 5, noise=10.0, random_state=0)
    assert DecisionTreeRegressor().fit(X, y).score(X, y) == 1.0


# -- impurity functions: closed forms -----------------------------------------

def test_impurity_functions():
    counts = np.array([[2.0], [6.0]])
    assert gini(counts, np.array([8.0]))[0] == pytest.approx(1 - (0.25 ** 2 + 0.75 ** 2))
    assert entropy(counts, np.array([8.0]))[0] == pytest.approx(
        -(0.25 * np.log2(0.25) + 0.75 * np.log2(0.75)))
    assert entropy(np.array([[0.0], [5.0]]), np.array([5.0]))[0] == 0.0
    y = np.array([1.0, 2.0, 4.0, 7.0])
    assert squared_error(4.0, y.sum(), y @ y) == pytest.approx(y.var())
    mad, median = absolute_error(y)
    assert median == 3.0 and mad == pytest.approx(np.mean(np.abs(y - 3.0)))
    mad, median = absolute_error(y, w=np.array([1.0, 1.0, 1.0, 5.0]))
    assert median == 7.0


def test_absolute_error_reads_integer_targets_and_weights_as_floats():
    """Python integers near 2^62 are read as floats (exactly, being powers of
    two times small numbers), so neither the two middle targets nor the
    weights overflow int64 when added: the median of 2^62 and 1.5·2^62 with
    equal weights is their midpoint 1.25·2^62, 2^60 from each."""
    mad, median = absolute_error([2 ** 62, 3 * 2 ** 61])
    assert median == 5 * 2.0 ** 60 and mad == 2.0 ** 60
    mad, median = absolute_error([1.0, 3.0], w=[2 ** 62, 2 ** 62])
    assert median == 2.0 and mad == 1.0


# -- properties ---------------------------------------------------------------

def test_row_order_invariance():
    X, y = load_wine(return_X_y=True)
    perm = np.random.default_rng(5).permutation(len(y))
    a = DecisionTreeClassifier().fit(X, y)
    b = DecisionTreeClassifier().fit(X[perm], y[perm])
    np.testing.assert_array_equal(a.tree_.threshold, b.tree_.threshold)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))



def test_a_node_whose_drawn_feature_creeps_is_a_leaf_as_in_sklearn():
    """Column 0 rises in steps below FEATURE_THRESHOLD (1e-7): no cut fits, but
    its span is 4.2e-7, so scikit-learn does not count it as constant. With
    max_features=1 a root that visits it first stops drawing and is a leaf;
    one that visits column 1 first splits there. Over the same seeds both
    libraries show both trees (their random streams differ, so not seed for
    seed), and a tree that splits is scikit-learn's."""
    n = 8
    X = np.column_stack([np.arange(n) * 0.6e-7, np.arange(n) % 2])
    y = np.arange(n) % 2
    ours = [DecisionTreeClassifier(max_features=1, random_state=s).fit(X, y) for s in range(12)]
    theirs = [sk_tree.DecisionTreeClassifier(max_features=1, random_state=s).fit(X, y)
              for s in range(12)]
    assert {t.tree_.node_count for t in ours} == {t.tree_.node_count for t in theirs} == {1, 3}
    split = next(t for t in theirs if t.tree_.node_count == 3)
    for tree in ours:
        expected = split if tree.tree_.node_count == 3 else next(
            t for t in theirs if t.tree_.node_count == 1)
        np.testing.assert_array_equal(tree.tree_.feature, expected.tree_.feature)
        np.testing.assert_array_equal(tree.predict_proba(X), expected.predict_proba(X))

def test_max_features_is_deterministic_under_random_state():
    X, y = load_digits(return_X_y=True)
    a = DecisionTreeClassifier(max_features="sqrt", random_state=7).fit(X, y)
    b = DecisionTreeClassifier(max_features="sqrt", random_state=7).fit(X, y)
    c = DecisionTreeClassifier(max_features="sqrt", random_state=8).fit(X, y)
    np.testing.assert_array_equal(a.tree_.feature, b.tree_.feature)
    assert not np.array_equal(a.tree_.feature, c.tree_.feature)
    assert a.max_features_ == 8 and a.score(X, y) == 1.0
    full = DecisionTreeClassifier(max_features=1.0, random_state=7).fit(X, y)
    np.testing.assert_array_equal(full.tree_.feature, DecisionTreeClassifier().fit(X, y).tree_.feature)


def test_string_labels_and_label_permutation():
    X, y = load_iris(return_X_y=True)
    names = np.array(["setosa", "versicolor", "virginica"])
    a = DecisionTreeClassifier(max_depth=3).fit(X, y)
    b = DecisionTreeClassifier(max_depth=3).fit(X, names[y])
    np.testing.assert_array_equal(names[a.predict(X)], b.predict(X))
    relabel = np.array([2, 0, 1])
    c = DecisionTreeClassifier(max_depth=3).fit(X, relabel[y])
    np.testing.assert_array_equal(relabel[a.predict(X)], c.predict(X))


def test_one_class_gives_a_single_leaf():
    X, _ = load_iris(return_X_y=True)
    model = DecisionTreeClassifier().fit(X, np.full(len(X), "only"))
    assert model.get_n_leaves() == 1 and model.get_depth() == 0
    assert np.all(model.predict(X) == "only")
    np.testing.assert_array_equal(model.feature_importances_, np.zeros(4))


# -- bad input ------------------------------------------------------------------

def test_bad_input():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(NotFittedError):
        DecisionTreeClassifier().predict(X)
    with pytest.raises(ValueError, match="NaN"):
        DecisionTreeClassifier().fit(np.where(X > 7, np.nan, X), y)
    with pytest.raises(ValueError, match="2D"):
        DecisionTreeRegressor().fit(X[:, 0], y)
    model = DecisionTreeClassifier().fit(X, y)
    with pytest.raises(ValueError, match="4 features"):
        model.predict(X[:, :3])
    with pytest.raises(ValueError, match="continuous"):
        DecisionTreeClassifier().fit(X, y + 0.5)
    with pytest.raises(ValueError, match="weight"):
        DecisionTreeClassifier().fit(X, y, sample_weight=np.zeros(len(y)))


HYPERPARAMETER_MESSAGES = {
    "criterion": "criterion must be one of ('gini', 'entropy', 'log_loss'), got {!r}.",
    "max_depth": "max_depth must be None or an int >= 1, got {!r}.",
    "min_samples_split": "min_samples_split must be an int >= 2 or a float in (0, 1], got {!r}.",
    "min_samples_leaf": "min_samples_leaf must be an int >= 1 or a float in (0, 1), got {!r}.",
    "max_features": "max_features must be None, 'sqrt', 'log2', an int >= 1 or a float in "
                    "(0, 1], got {!r}.",
    "min_impurity_decrease": "min_impurity_decrease must be a float >= 0, got {!r}.",
}


@pytest.mark.parametrize("param, value", [
    ("criterion", "squared_error"), ("max_depth", 0), ("max_depth", 2.5), ("max_depth", True),
    ("min_samples_split", 1), ("min_samples_split", 1.5), ("min_samples_split", 2.5),
    ("min_samples_split", 0.0), ("min_samples_split", "2"), ("min_samples_leaf", 0),
    ("min_samples_leaf", 1.0), ("min_samples_leaf", 0.0), ("min_samples_leaf", "1"),
    ("max_features", 0), ("max_features", 0.0), ("max_features", 1.5), ("max_features", "all"),
    ("max_features", 10), ("min_impurity_decrease", -1.0), ("min_impurity_decrease", "0.1"),
    ("min_impurity_decrease", True)])
def test_invalid_hyperparameters_name_the_parameter(param, value):
    """The whole message, and a ValueError (not a TypeError) for a value of
    the wrong type: a string where a number belongs, a bool where an int does."""
    X, y = load_iris(return_X_y=True)
    message = ("max_features must be at most n_features = 4, got 10." if (param, value) == (
        "max_features", 10) else HYPERPARAMETER_MESSAGES[param].format(value))
    with pytest.raises(ValueError) as error:
        DecisionTreeClassifier(**{param: value}).fit(X, y)
    assert str(error.value) == message


def test_a_small_fraction_of_samples_to_split_still_means_two():
    """min_samples_split=0.01 of 2 rows rounds up to 1, and is raised to 2:
    the two rows are split, as scikit-learn splits them."""
    X, y = np.array([[0.0], [1.0]]), np.array([0, 1])
    ours = DecisionTreeClassifier(min_samples_split=0.01).fit(X, y)
    theirs = sk_tree.DecisionTreeClassifier(min_samples_split=0.01).fit(X, y)
    assert ours.get_n_leaves() == theirs.get_n_leaves() == 2
    np.testing.assert_array_equal(ours.predict_proba(X), theirs.predict_proba(X))


def test_resolved_max_features_is_sklearns():
    """max_features_ for every kind of max_features and few or many features:
    sqrt and log2 rounded down, a fraction of the features rounded down, and
    never fewer than one."""
    X, y = load_wine(return_X_y=True)
    for d in (1, 2, 3, 5, 13):
        for max_features in (None, "sqrt", "log2", 0.3, 0.6, 1.0, 1, d):
            ours = DecisionTreeClassifier(max_depth=1, max_features=max_features,
                                          random_state=0).fit(X[:, :d], y)
            theirs = sk_tree.DecisionTreeClassifier(max_depth=1, max_features=max_features,
                                                    random_state=0).fit(X[:, :d], y)
            assert ours.max_features_ == theirs.max_features_, (d, max_features)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_a_decrease_equal_to_min_impurity_decrease_within_epsilon_splits(engine):
    """Two rows, two classes: the split's decrease is exactly 0.5 (Gini 0.5
    to two pure leaves). scikit-learn splits when decrease + EPSILON >=
    min_impurity_decrease, so 0.5 + eps still splits and 0.5 + 2 eps does not."""
    import scratchlearn

    X, y = np.array([[0.0], [1.0]]), np.array([0, 1])
    eps = np.finfo(np.float64).eps
    with scratchlearn.config_context(engine=engine):
        for decrease, leaves in ((0.5 + eps, 2), (0.5 + 2 * eps, 1)):
            ours = DecisionTreeClassifier(min_impurity_decrease=decrease).fit(X, y)
            theirs = sk_tree.DecisionTreeClassifier(min_impurity_decrease=decrease).fit(X, y)
            assert ours.get_n_leaves() == theirs.get_n_leaves() == leaves


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_a_midpoint_that_rounds_up_to_the_upper_value_is_replaced_by_the_lower(engine):
    """Adjacent floats near 1e10 (1.9e-6 apart, so FEATURE_THRESHOLD still
    tells them apart): their midpoint rounds to the upper one every other
    pair, and x <= t would then send the upper value left. The threshold is
    the lower value, and each row keeps its own class (eq. 9)."""
    import scratchlearn

    lower = np.nextafter(1e10, np.inf)
    upper = np.nextafter(lower, np.inf)
    assert lower / 2 + upper / 2 == upper                   # this pair rounds up
    X, y = np.array([[lower], [upper]]), np.array([0, 1])
    with scratchlearn.config_context(engine=engine):
        for model in (DecisionTreeClassifier(), DecisionTreeRegressor(),
                      DecisionTreeRegressor(criterion="absolute_error")):
            model.fit(X, y)
            assert model.tree_.threshold[0] == lower
            # The lower row, exactly on the threshold, makes the left leaf's
            # value (class proportions, mean, median).
            leaves = ([[1.0, 0.0], [0.0, 1.0]] if isinstance(model, DecisionTreeClassifier)
                      else [[0.0], [1.0]])
            np.testing.assert_array_equal(model.tree_.value[1:], leaves)
            np.testing.assert_array_equal(model.predict(X), y)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_a_node_whose_impurity_is_exactly_epsilon_is_pure(engine):
    """Targets 0 and 2^-25: the variance is (2^-25)² / 4 = 2^-52, machine
    epsilon exactly. scikit-learn makes a leaf of a node with impurity <=
    EPSILON; a little more spread and the node is split."""
    import scratchlearn

    X = np.array([[0.0], [1.0]])
    with scratchlearn.config_context(engine=engine):
        for spread, leaves in ((2.0 ** -25, 1), (2.0 ** -24.9, 2)):
            y = np.array([0.0, spread])
            ours = DecisionTreeRegressor().fit(X, y)
            theirs = sk_tree.DecisionTreeRegressor().fit(X, y)
            assert ours.tree_.impurity[0] == theirs.tree_.impurity[0]
            assert ours.get_n_leaves() == theirs.get_n_leaves() == leaves
    assert DecisionTreeRegressor().fit(X, [0.0, 2.0 ** -25]).tree_.impurity[0] == np.finfo(float).eps


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_values_exactly_feature_threshold_apart_count_as_equal(engine):
    """x and x + 1e-7 (FEATURE_THRESHOLD) are one value: no threshold goes
    between them (x[b + 1] > x[b] + FEATURE_THRESHOLD, eq. 9), and a feature
    holding only them is constant, so a node drawing features (max_features)
    draws on until it meets the other one, whatever the seed."""
    import scratchlearn

    nearly = np.array([[1.0], [1.0 + 1e-7]])
    X = np.hstack([nearly, [[0.0], [1.0]]])
    with scratchlearn.config_context(engine=engine):
        assert DecisionTreeClassifier().fit(nearly, [0, 1]).get_n_leaves() == 1
        assert DecisionTreeRegressor().fit(nearly, [0.0, 1.0]).get_n_leaves() == 1
        for seed in range(6):
            for model, y in ((DecisionTreeClassifier, [0, 1]), (DecisionTreeRegressor, [0.0, 1.0])):
                fitted = model(max_features=1, random_state=seed).fit(X, y)
                assert fitted.tree_.feature[0] == 1, (model, seed)
                np.testing.assert_array_equal(fitted.predict(X), y)


def test_an_impure_node_with_no_valid_cut_becomes_a_leaf():
    # Identical rows with different labels: the root cannot be split at all
    # (this once crashed the tie-breaking step when no node had a valid cut).
    X = np.ones((3, 2))
    model = DecisionTreeClassifier().fit(X, [0, 1, 1])
    assert model.get_n_leaves() == 1
    np.testing.assert_allclose(model.predict_proba(X), [[1 / 3, 2 / 3]] * 3)


# -- the rule x <= t goes left, exactly on the threshold --------------------------


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_apply_trees_offsets_each_tree_and_reads_its_own_columns(engine):
    """apply_trees on three scikit-learn trees of different sizes, each fitted
    on its own columns of wine (as bagging's members are): tree b's node i is
    offsets[b] + i, offsets the running total of the node counts, and tree b
    reads only columns[b]. Reference: scikit-learn's apply, tree by tree."""
    import scratchlearn

    X, y = load_wine(return_X_y=True)
    columns = [np.array([0, 6, 9]), np.array([12, 1]), np.array([10, 4, 2, 7])]
    fitted = [sk_tree.DecisionTreeClassifier(max_depth=depth, random_state=0).fit(X[:, cols], y)
              for depth, cols in zip((2, 4, 3), columns)]
    trees = [Tree(t.tree_.children_left, t.tree_.children_right, t.tree_.feature,
                  t.tree_.threshold, t.tree_.value[:, 0], t.tree_.impurity,
                  t.tree_.n_node_samples, t.tree_.weighted_n_node_samples) for t in fitted]
    assert len({t.node_count for t in trees}) == 3
    offsets = np.cumsum([0] + [t.node_count for t in trees[:-1]])
    expected = np.array([offset + t.apply(X[:, cols])
                         for offset, t, cols in zip(offsets, fitted, columns)])
    with scratchlearn.config_context(engine=engine):
        np.testing.assert_array_equal(apply_trees(trees, X, columns), expected)
        for tree, reference, cols in zip(trees, fitted, columns):    # Tree keeps the values given
            np.testing.assert_array_equal(tree.predict(X[:, cols]),
                                          reference.predict_proba(X[:, cols]))


@pytest.mark.parametrize("loader, estimator, reference", [
    (load_wine, DecisionTreeClassifier, sk_tree.DecisionTreeClassifier),
    (load_diabetes, DecisionTreeRegressor, sk_tree.DecisionTreeRegressor),
])
def test_feature_importances_are_sklearns_bit_for_bit_on_the_same_tree(loader, estimator, reference):
    """Depth 3 on wine and diabetes: the same splits as scikit-learn, and eq. 11
    in scikit-learn's order (each decrease divided by the root's weight, then
    the whole normalised) gives its importances to the last bit."""
    X, y = loader(return_X_y=True)
    ours = estimator(max_depth=3).fit(X, y)
    theirs = reference(max_depth=3, random_state=0).fit(X, y)
    np.testing.assert_array_equal(ours.tree_.feature, theirs.tree_.feature)
    np.testing.assert_array_equal(ours.feature_importances_, theirs.feature_importances_)


def test_gini_adds_the_squared_counts_in_class_order():
    """Float sums depend on their order, and gini's (eq. 1) is the classes in
    turn, c₀² + c₁² + …: five fractional counts for which a single einsum
    rounds otherwise (found by search), against that loop written out."""
    counts = np.array([18.40968148846912, 10.190204278271082, 14.371365520720387,
                       0.9628688189457408, 4.225631400985174])[:, None]
    total = counts.sum()
    sum_sq = 0.0
    for c in counts[:, 0]:
        sum_sq += c * c
    assert gini(counts, np.array([total]))[0] == 1.0 - sum_sq / (total * total)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_a_generator_given_as_random_state_is_untouched_when_every_feature_is_searched(engine):
    """Without max_features nothing is drawn: a NumPy Generator passed as
    random_state is left in the state it came in."""
    import scratchlearn

    X, y = load_wine(return_X_y=True)
    generator = np.random.default_rng(123)
    with scratchlearn.config_context(engine=engine):
        DecisionTreeClassifier(max_depth=3, random_state=generator).fit(X, y)
    assert generator.random() == np.random.default_rng(123).random()


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_a_tree_that_is_one_leaf_predicts_rows_of_one_feature(engine):
    """A leaf's test in the fast walk reads some entry of X; with one feature
    and one row there is exactly one entry to read."""
    import scratchlearn

    with scratchlearn.config_context(engine=engine):
        model = DecisionTreeRegressor().fit([[0.0], [1.0]], [5.0, 5.0])
        np.testing.assert_array_equal(model.predict([[0.5]]), [5.0])


def test_internal_by_depth_lists_each_internal_node_once_at_its_depth():
    X, y = load_wine(return_X_y=True)
    tree = DecisionTreeClassifier(max_depth=4).fit(X, y).tree_
    depth = tree.node_depths()
    internal = tree.children_left != -1
    levels = tree.internal_by_depth()
    assert len(levels) == depth[internal].max() + 1
    for k, level in enumerate(levels):
        np.testing.assert_array_equal(np.sort(level), np.flatnonzero(internal & (depth == k)))

def _rows_on_thresholds(tree, X_train, X_rows, nodes):
    """Row i: a training row that reaches node k = nodes[i % len(nodes)], with
    its value of node k's feature set to node k's threshold. The threshold is a
    midpoint of two values in node k, so every ancestor still sends the row
    to node k, where it sits exactly on the cut."""
    reaches = tree.decision_path(X_train).toarray().astype(bool)   # scikit-learn's tree
    rows = X_rows.copy()
    for i in range(len(rows)):
        k = nodes[i % len(nodes)]
        rows[i] = X_train[np.flatnonzero(reaches[:, k])[0]]
        rows[i, tree.tree_.feature[k]] = tree.tree_.threshold[k]
    return rows


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_predictions_exactly_on_thresholds_match_sklearn(engine):
    """Raw diabetes (rounded values, so held-out rows often sit on a cut): fit
    on one half, predict the other half and rows whose values are exactly the
    learnt thresholds. scikit-learn compares float32 copies of X, so only
    thresholds that float32 represents exactly are used."""
    import scratchlearn

    X, y = load_diabetes(return_X_y=True, scaled=False)
    X_fit, y_fit, X_new = X[:221], y[:221], X[221:]
    with scratchlearn.config_context(engine=engine):
        # Depth 3: the same tree as scikit-learn's (no ties), node for node.
        ours = DecisionTreeRegressor(max_depth=3).fit(X_fit, y_fit)
        theirs = sk_tree.DecisionTreeRegressor(max_depth=3, random_state=0).fit(X_fit, y_fit)
        np.testing.assert_array_equal(ours.tree_.feature, theirs.tree_.feature)
        t = theirs.tree_.threshold               # (the same as ours where float32 is exact)
        exact = np.flatnonzero((theirs.tree_.children_left >= 0) & (t == t.astype(np.float32))
                               & (t == ours.tree_.threshold))
        assert exact.size >= 2
        on_cut = _rows_on_thresholds(theirs, X_fit, X_new, exact)
        for rows in (X_new, on_cut):
            np.testing.assert_allclose(ours.predict(rows), theirs.predict(rows), rtol=1e-12)
        # Unlimited depth: the trees differ on ties, so walk scikit-learn's own
        # tree with ours: the same leaf for every row, on a cut or not.
        theirs = sk_tree.DecisionTreeRegressor(random_state=0).fit(X_fit, y_fit)
        sk = theirs.tree_
        tree = Tree(sk.children_left, sk.children_right, sk.feature, sk.threshold,
                    sk.value[:, 0], sk.impurity, sk.n_node_samples, sk.weighted_n_node_samples)
        t = sk.threshold
        exact = np.flatnonzero((sk.children_left >= 0) & (t == t.astype(np.float32)))
        assert exact.size >= 50
        on_cut = _rows_on_thresholds(theirs, X_fit, X_new, exact)
        for rows in (X_new, on_cut):
            np.testing.assert_array_equal(tree.apply(rows), theirs.apply(rows))
            np.testing.assert_array_equal(apply_trees([tree, tree], rows)[1] - sk.node_count,
                                          theirs.apply(rows))
        # Our rule, stated in the notes: x == t goes left, into node k's left
        # subtree (preorder ids left_k .. right_k − 1).
        leaf = tree.apply(on_cut)
        k = exact[np.arange(len(on_cut)) % len(exact)]
        assert np.all((sk.children_left[k] <= leaf) & (leaf < sk.children_right[k]))


# -- medians of an even count -------------------------------------------------------

@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_absolute_error_medians_of_even_counts_match_sklearn(engine):
    """An even number of unit weights puts the cumulative weight exactly on one
    half: the median is then the midpoint of the two middle values, in the
    split search and in the leaf values."""
    import scratchlearn

    y = np.array([7.0, 1.0, 4.0, 2.0])
    assert weighted_median(y, np.ones(4)) == 3.0
    assert weighted_median(y[:2], np.ones(2)) == 4.0         # the first half-way point at once
    mad, median = absolute_error(y)
    assert median == 3.0 and mad == 2.0
    X, y = load_diabetes(return_X_y=True, scaled=False)
    with scratchlearn.config_context(engine=engine):
        for leaf in (2, 4):                    # every leaf an even count (min_samples_leaf)
            ours = DecisionTreeRegressor(criterion="absolute_error", max_depth=3,
                                         min_samples_leaf=leaf).fit(X[:200], y[:200])
            theirs = sk_tree.DecisionTreeRegressor(criterion="absolute_error", max_depth=3,
                                                   min_samples_leaf=leaf,
                                                   random_state=0).fit(X[:200], y[:200])
            np.testing.assert_array_equal(ours.tree_.feature, theirs.tree_.feature)
            np.testing.assert_allclose(ours.tree_.threshold, theirs.tree_.threshold, rtol=1e-6)
            np.testing.assert_allclose(ours.tree_.value[:, 0], theirs.tree_.value[:, 0, 0],
                                       rtol=1e-12)
            np.testing.assert_allclose(ours.tree_.impurity, theirs.tree_.impurity, rtol=1e-9)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_absolute_error_cuts_off_the_largest_target_as_sklearn_does(engine):
    """Three zeros and one 100: the best cut leaves the 100 alone (both
    children lose 0). The fast engine's range medians must find the median
    of a range holding only the largest target of all."""
    import scratchlearn

    X, y = np.arange(4.0)[:, None], np.array([0.0, 0.0, 0.0, 100.0])
    with scratchlearn.config_context(engine=engine):
        ours = DecisionTreeRegressor(criterion="absolute_error", max_depth=1).fit(X, y)
    theirs = sk_tree.DecisionTreeRegressor(criterion="absolute_error", max_depth=1).fit(X, y)
    np.testing.assert_array_equal(ours.tree_.threshold, theirs.tree_.threshold)   # 2.5
    np.testing.assert_array_equal(ours.tree_.value[:, 0], theirs.tree_.value[:, 0, 0])
    np.testing.assert_array_equal(ours.tree_.impurity, theirs.tree_.impurity)
