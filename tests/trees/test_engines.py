"""The plain CART of model.py and the fast level-wise grower grow the same tree.

``engine="plain"`` is the specification (one node at a time: for each feature,
sort, scan the thresholds, keep the best); ``engine="fast"`` searches every
node of a depth at once (level_grower.py) and walks trees together
(forest_walk.py). Both must give the identical tree, array by array and bit
for bit, hence identical predictions and probabilities: on bundled datasets
and on hypothesis data built to be awkward (duplicated rows, tied values,
constant columns, a class nearly absent, sample weights, every criterion,
max_features).
"""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scratchlearn
from scratchlearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
)
from scratchlearn.trees.decision_tree import DecisionTreeClassifier, DecisionTreeRegressor
from scratchlearn.trees.decision_tree.level_grower import _segment_cumsum
from scratchlearn.trees.decision_tree.range_median import range_sum, running_sums

TREE_ARRAYS = ("children_left", "children_right", "feature", "threshold", "n_node_samples",
               "weighted_n_node_samples", "impurity", "value")


def fit_both(model, X, y, sample_weight=None):
    fitted = []
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            fitted.append(type(model)(**model.get_params()).fit(X, y, sample_weight=sample_weight))
    return fitted


def assert_same_tree(plain, fast, X):
    for name in TREE_ARRAYS:
        a, b = getattr(plain.tree_, name), getattr(fast.tree_, name)
        assert a.shape == b.shape and a.dtype == b.dtype and np.array_equal(a, b), name
    np.testing.assert_array_equal(plain.feature_importances_, fast.feature_importances_)
    for engine in ("plain", "fast"):                      # each walk reads both trees alike
        with scratchlearn.config_context(engine=engine):
            np.testing.assert_array_equal(plain.apply(X), fast.apply(X))
            np.testing.assert_array_equal(plain.predict(X), fast.predict(X))
            if hasattr(plain, "predict_proba"):
                np.testing.assert_array_equal(plain.predict_proba(X), fast.predict_proba(X))


# -- bundled datasets ----------------------------------------------------------

CLASSIFIER_CASES = [
    (load_iris, dict()),
    (load_iris, dict(criterion="entropy", min_samples_leaf=3)),
    (load_wine, dict(max_features="sqrt", random_state=0)),
    (load_wine, dict(criterion="log_loss", weights="float")),
    (load_breast_cancer, dict(max_depth=6, weights="int")),
    (load_breast_cancer, dict(max_features=0.3, random_state=2, weights="float")),
    (load_digits, dict(max_depth=7)),
    (load_digits, dict(max_features="sqrt", random_state=1, weights="int", max_depth=8)),
]


def _weights(kind, n, seed=0):
    rng = np.random.default_rng(seed)
    if kind == "int":
        return rng.integers(0, 4, n).astype(float)        # bootstrap-like counts, zeros included
    if kind == "float":
        return rng.uniform(0.1, 3.0, n)
    return None


@pytest.mark.parametrize("loader, params", CLASSIFIER_CASES)
def test_classifier_engines_grow_identical_trees_on_bundled_data(loader, params):
    X, y = loader(return_X_y=True)
    params = dict(params)
    w = _weights(params.pop("weights", None), len(y))
    plain, fast = fit_both(DecisionTreeClassifier(**params), X, y, w)
    assert plain.tree_.node_count > 3
    assert_same_tree(plain, fast, X)


REGRESSOR_CASES = [
    (dict(scaled=False), dict()),
    # Raw diabetes has ties in every column: float sums over tied samples
    # match to the last bit only when both engines order ties by sample index.
    (dict(scaled=False), dict(weights="float")),
    (dict(scaled=True), dict(min_samples_leaf=4, weights="float")),
    (dict(scaled=False), dict(max_features=4, random_state=0, weights="int")),
    (dict(scaled=True), dict(criterion="absolute_error", max_depth=3)),
    (dict(scaled=False), dict(criterion="absolute_error", max_depth=3, weights="float")),
    # Targets below 0.35: a loss off by 1 anywhere in the wavelet matrix
    # (range_median.py) outweighs the gaps between the best cuts.
    (dict(scaled=True), dict(criterion="absolute_error", max_depth=3, y_scale=1e-3)),
    # Deeper, on targets a tenth of diabetes': the two engines' losses round
    # apart, and only the tie tolerance (1e-12 of the node's loss, in both)
    # keeps them choosing the same cut.
    (dict(scaled=False), dict(criterion="absolute_error", max_depth=5, y_scale=0.1)),
    # Float weights, depth 5: the wavelet matrix's running sums over a whole
    # level left a one-sample child a loss of ±1e-10 instead of 0, beyond
    # the tolerance (the engines disagreed from this depth on). Its sums now
    # keep what they rounded away (range_median.running_sums).
    (dict(scaled=False), dict(criterion="absolute_error", max_depth=5, weights="float")),
    # Small whole numbers everywhere (raw diabetes rounded): the fast engine
    # presorts them as int16, whose stable sort must keep ties by index too.
    (dict(scaled=False), dict(weights="float", round_X=True)),
]


@pytest.mark.parametrize("data, params", REGRESSOR_CASES)
def test_regressor_engines_grow_identical_trees_on_diabetes(data, params):
    X, y = load_diabetes(return_X_y=True, **data)
    params = dict(params)
    w = _weights(params.pop("weights", None), len(y), seed=1)
    y = y * params.pop("y_scale", 1.0)
    if params.pop("round_X", False):
        X = np.round(X)
    plain, fast = fit_both(DecisionTreeRegressor(**params), X, y, w)
    assert plain.tree_.node_count > 3
    assert_same_tree(plain, fast, X)


@pytest.mark.parametrize("targets, weights", [
    ("1e4 + 1e-2 z", "float"),              # fractional targets and weights
    ("1e6 + k", "float"),                   # whole targets, float weights
    ("1e4 + 1e-2 z", "unit"),               # fractional targets, unit weights
    ("1e12 + k", "float"),                  # a rounding bound wider than the gaps between losses
    ("1e4 + 1e-2 z, rows twice", "float"),  # nodes of one repeated row: no valid cut at all
    ("1e15 + k/2", "unit"),                 # a rounding bound above 1 (max |y| · eps · 400)
])
def test_absolute_error_near_ties_are_scored_by_carts_own_numbers(targets, weights):
    """Targets far from 0 beside small differences, grown out: the losses are
    tiny beside the sums, so even accurate range sums leave the wavelet
    proxies of near-equal cuts in another order than CART's. The cuts within
    the rounding bound of their node's best are scored again by CART's own
    function (_Deviation.settle_near_ties): the same tree, bit for bit. Only
    whole targets and weights whose sums over a level stay below 2⁵³ add up
    exactly and skip this."""
    rng = np.random.default_rng(0)
    X = np.round(rng.normal(size=(80, 3)), 1)
    if targets.startswith("1e4 + 1e-2 z"):
        y = 1e4 + np.round(rng.normal(size=80), 2) * 1e-2
        if targets.endswith("rows twice"):
            X = np.concatenate([X[:40], X[:40]])
    elif targets == "1e15 + k/2":
        y = 1e15 + rng.integers(0, 12, 80) + 0.5 * rng.integers(0, 2, 80)
    else:
        y = float(targets.split()[0]) + rng.integers(0, 5, 80)
    w = rng.uniform(0.1, 3.0, 80) if weights == "float" else None
    plain, fast = fit_both(DecisionTreeRegressor(criterion="absolute_error"), X, y, w)
    assert plain.tree_.node_count > 10
    assert_same_tree(plain, fast, X)


@pytest.mark.parametrize("estimator, loader", [(DecisionTreeClassifier, load_wine),
                                               (DecisionTreeRegressor, load_diabetes)])
def test_equal_weights_other_than_one_grow_the_unweighted_tree(estimator, loader):
    """Every weight 2: the same splits as without weights, each node's weight
    twice its sample count, in both engines (the fast engine drops only unit
    weights)."""
    X, y = loader(return_X_y=True)
    plain, fast = fit_both(estimator(max_depth=5), X, y, np.full(len(y), 2.0))
    assert_same_tree(plain, fast, X)
    unweighted = estimator(max_depth=5).fit(X, y).tree_
    np.testing.assert_array_equal(fast.tree_.feature, unweighted.feature)
    np.testing.assert_array_equal(fast.tree_.threshold, unweighted.threshold)
    np.testing.assert_array_equal(fast.tree_.weighted_n_node_samples,
                                  2.0 * unweighted.n_node_samples)


def test_regressor_impurities_are_never_negative():
    """The one-pass variance q/w − (s/w)² cancels in nearly pure nodes; before
    the floor, diabetes gave an impurity of −1.6e−9."""
    X, y = load_diabetes(return_X_y=True)
    w = _weights("float", len(y), seed=0)
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            for sample_weight in (None, w):
                tree = DecisionTreeRegressor().fit(X, y, sample_weight=sample_weight).tree_
                assert tree.impurity.min() >= 0.0


def test_nodes_whose_drawn_features_are_all_constant_draw_on_alike():
    """max_features=1 on four features: column 0 splits the root, column 1
    varies only in the left child, column 2 only in the right one, column 3
    nowhere. A child that draws a feature constant in it draws on, each
    child in its own visiting order, to its own first varying feature (trick
    9 does this for several nodes at once); the training rows are then fitted
    exactly."""
    half = np.repeat([0.0, 1.0], 8)
    alternate = np.tile([0.0, 1.0], 8)
    X = np.column_stack([half, np.where(half == 0, alternate, 0.0),
                         np.where(half == 1, alternate, 0.0), np.zeros(16)])
    y = (half + 2 * alternate).astype(int)
    for seed in range(8):
        plain, fast = fit_both(DecisionTreeClassifier(max_features=1, random_state=seed), X, y)
        assert_same_tree(plain, fast, X)
        assert fast.score(X, y) == 1.0



@pytest.mark.parametrize("estimator, weights", [
    (DecisionTreeClassifier, None),             # drawn-features layout (trick 9)
    (DecisionTreeClassifier, 0.5),              # float weights: all-features layout
    (DecisionTreeRegressor, None),              # all-features layout (_visited_features)
])
def test_a_feature_that_creeps_counts_as_drawn_though_it_cannot_split(estimator, weights):
    """scikit-learn's test for a constant feature is max − min ≤ 1e-7. Column 0
    rises in steps of 0.6e-7: no threshold fits between two neighbours, yet
    it is not constant, so a node that visits it first with max_features=1
    draws no further and stays a leaf; a node that visits column 1 first
    splits on it. Both engines grow the same tree for every seed, and both
    outcomes occur, as they do in scikit-learn."""
    n = 8
    X = np.column_stack([np.arange(n) * 0.6e-7, np.arange(n) % 2])
    y = np.arange(n) % 2
    sample_weight = None if weights is None else np.full(n, weights)
    sizes = set()
    for seed in range(12):
        plain, fast = fit_both(estimator(max_features=1, random_state=seed), X, y, sample_weight)
        assert_same_tree(plain, fast, X)
        sizes.add(plain.tree_.node_count)
    assert sizes == {1, 3}


@pytest.mark.parametrize("heavy", [0, 1, 3])
@pytest.mark.parametrize("estimator, criterion", [
    (DecisionTreeRegressor, "squared_error"),
    (DecisionTreeClassifier, "gini"),
    (DecisionTreeClassifier, "entropy"),
])
def test_a_side_whose_weight_rounds_to_zero_is_no_child(estimator, criterion, heavy):
    """One weight of 2⁵³ among ones: a running sum past it no longer changes,
    so a child holding only unit-weight rows can get weight 0 (the node's sum
    minus an equal left sum). Such a cut is not valid in either engine: no
    node of weight 0 (it had value inf and impurity NaN, and 1/0 warned), and
    both engines grow the same tree."""
    X = np.arange(4.0)[:, None]
    y = np.arange(4) if criterion == "squared_error" else np.arange(4) % 2
    weights = np.ones(4)
    weights[heavy] = 2.0 ** 53
    plain, fast = fit_both(estimator(criterion=criterion), X, y.astype(float)
                           if estimator is DecisionTreeRegressor else y, weights)
    assert_same_tree(plain, fast, X)
    assert (plain.tree_.weighted_n_node_samples > 0).all()
    assert np.isfinite(plain.tree_.value).all() and np.isfinite(plain.tree_.impurity).all()

# -- the fast grower's pieces ---------------------------------------------------

@pytest.mark.parametrize("low, high", [(-40000, 30000), (0, 40000), (0, 10 ** 10)])
def test_whole_numbers_beyond_int16_are_presorted_as_floats(low, high):
    """The fast grower presorts small whole numbers as int16 (a radix sort)
    and falls back to floats when the cast changes a value. Values beyond
    int32 must not be cast at all: NumPy warns on that cast (an error in the
    tests). Either way the tree is the plain engine's."""
    rng = np.random.default_rng(0)
    X = rng.integers(low, high, size=(40, 3)).astype(float)
    X[0, 0], X[1, 1] = low, high                  # both ends present
    y = rng.integers(0, 3, 40)
    plain, fast = fit_both(DecisionTreeClassifier(max_depth=4), X, y)
    assert_same_tree(plain, fast, X)


def test_range_sums_keep_what_the_running_sum_rounded_away():
    """After 1e16 a running sum can no longer hold a 1 (its ulp there is 2):
    differences of np.cumsum lose every small range. running_sums keeps the
    rounding errors beside the sums, so range_sum is the range's sum to a few
    ulps of the range itself (and of the errors' own running sum, here up to
    ~10, since this x rounds whole entries away; reference: math.fsum)."""
    x = np.concatenate([[1e16], np.ones(9), np.full(10, 0.1), [-3e15], np.full(5, 7.25)])
    running = running_sums(x)
    naive = np.concatenate([[0.0], np.cumsum(x)])
    for a, b in [(1, 10), (10, 20), (5, 15), (0, 26), (20, 26), (3, 4)]:
        exact = math.fsum(x[a:b])
        np.testing.assert_allclose(range_sum(running, a, b), exact, rtol=0, atol=1e-14)
    assert abs((naive[10] - naive[1]) - math.fsum(x[1:10])) >= 1.0   # plain differences


@pytest.mark.parametrize("sizes", [
    [5, 3, 2],                                              # few nodes: a slice each
    [3, 2, 5, 9, 1, 17, 4, 3, 2, 2, 6, 3, 5, 8, 2, 3, 9, 2],   # 18 nodes: one padded block
    [2, 3] * 30 + [600],                                    # and a wide one: a block per size
])
def test_segment_cumsum_is_cumsum_on_each_segment_bit_for_bit(sizes):
    """_segment_cumsum restarts a running sum at every node and must round
    exactly as np.cumsum on each node alone (CART's sums). Magnitudes from
    1e-6 to 1e6, so a sum in any other order, or one that runs across a
    node boundary or through padding, rounds otherwise."""
    sizes = np.array(sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]])
    rng = np.random.default_rng(0)
    values = rng.normal(size=(2, 3, sizes.sum())) * 10.0 ** rng.uniform(-6, 6, size=(2, 3, sizes.sum()))
    expected = np.concatenate([np.cumsum(values[..., a:a + size], axis=-1)
                               for a, size in zip(starts, sizes)], axis=-1)
    np.testing.assert_array_equal(_segment_cumsum(values.copy(), starts, sizes), expected)


# -- hypothesis data -----------------------------------------------------------

@st.composite
def awkward_data(draw, task):
    """Small data with many ties: a few distinct values per column, rows
    repeated, sometimes a constant column, for a classifier one class that
    appears only once, and optional weights (whole or fractional, zeros)."""
    n_distinct = draw(st.integers(2, 25))
    d = draw(st.integers(1, 5))
    values = st.sampled_from([-2.0, -0.5, 0.0, 0.1, 1.0, 1.0 + 1e-9, 3.0, 7.25])
    if draw(st.booleans()):
        values = st.floats(-10, 10, allow_nan=False, width=32)
    base = np.array(draw(st.lists(st.lists(values, min_size=d, max_size=d),
                                  min_size=n_distinct, max_size=n_distinct)))
    rows = np.array(draw(st.lists(st.integers(0, n_distinct - 1), min_size=4, max_size=60)))
    X = base[rows]                                            # duplicated rows
    if d > 1 and draw(st.booleans()):
        X[:, draw(st.integers(0, d - 1))] = 1.5              # a constant column
    n = X.shape[0]
    if task == "classifier":
        n_classes = draw(st.integers(2, 4))
        y = np.array(draw(st.lists(st.integers(0, n_classes - 2), min_size=n, max_size=n)))
        y[draw(st.integers(0, n - 1))] = n_classes - 1        # one class nearly absent
    else:
        targets = st.sampled_from([0.0, 1.0, 2.5, 3.0, 10.0]) if draw(st.booleans()) else \
            st.floats(-100, 100, allow_nan=False)
        y = np.array(draw(st.lists(targets, min_size=n, max_size=n)))
    kind = draw(st.sampled_from([None, "int", "float"]))
    w = None
    if kind == "int":
        w = np.array(draw(st.lists(st.integers(0, 3), min_size=n, max_size=n)), dtype=float)
    elif kind == "float":
        w = np.array(draw(st.lists(st.floats(0.05, 4.0), min_size=n, max_size=n)))
    if w is not None and w.sum() == 0:
        w[0] = 1.0
    return X, y, w


def tree_params(draw, criteria):
    return dict(criterion=draw(st.sampled_from(criteria)),
                max_depth=draw(st.sampled_from([None, 1, 2, 4])),
                min_samples_leaf=draw(st.integers(1, 3)),
                min_samples_split=draw(st.integers(2, 6)),
                max_features=draw(st.sampled_from([None, 1, 2, "sqrt", 0.5])),
                min_impurity_decrease=draw(st.sampled_from([0.0, 0.0, 0.01])),
                random_state=draw(st.integers(0, 2 ** 16)))


SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(data=awkward_data("classifier"), params=st.data())
def test_classifier_engines_agree_on_awkward_data(data, params):
    X, y, w = data
    params = tree_params(params.draw, ["gini", "entropy"])
    if isinstance(params["max_features"], int):
        params["max_features"] = min(params["max_features"], X.shape[1])
    plain, fast = fit_both(DecisionTreeClassifier(**params), X, y, w)
    assert_same_tree(plain, fast, X)


@SETTINGS
@given(data=awkward_data("regressor"), params=st.data())
def test_regressor_engines_agree_on_awkward_data(data, params):
    X, y, w = data
    params = tree_params(params.draw, ["squared_error", "absolute_error"])
    if isinstance(params["max_features"], int):
        params["max_features"] = min(params["max_features"], X.shape[1])
    plain, fast = fit_both(DecisionTreeRegressor(**params), X, y, w)
    assert_same_tree(plain, fast, X)
    assert plain.tree_.impurity.min() >= 0.0
