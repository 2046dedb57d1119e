"""The plain and fast KNN searches give the same neighbours, bit for bit.

``engine="plain"`` runs ``model.k_nearest``: every distance of eq. 1, rows
sorted by (distance, index). ``engine="fast"`` runs
``selection.screened_kneighbors``: a rounded screen, a bound, and the
candidates settled by the plain path's own distance function. The plain path
is the specification: the fast one must return identical neighbour indices
and distances, hence identical predictions and probabilities, on bundled
datasets and on hypothesis-generated data full of ties (duplicated rows,
small integer values, constant columns, queries on training points), data
far from the origin where the screen's rounding is large, one class nearly
absent, both weightings, every metric and many k.
"""

import warnings
from unittest import mock

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_array_equal

import scratchlearn.neighbors.knn.model as knn_model
import scratchlearn.neighbors.knn.selection as knn_selection
from scratchlearn import config_context
from scratchlearn.core import StandardScaler
from scratchlearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
)
from scratchlearn.neighbors.knn import KNNClassifier, KNNRegressor


def _outputs(model, queries, engine):
    """Everything the model answers for ``queries``, on one engine."""
    with config_context(engine=engine):
        dist, ind = model.kneighbors(queries)
        out = {"dist": dist, "ind": ind}
        if model.n_samples_fit_ > model.n_neighbors:
            out["loo_dist"], out["loo_ind"] = model.kneighbors(None)
        out["predict"] = model.predict(queries)
        if isinstance(model, KNNClassifier):
            out["proba"] = model.predict_proba(queries)
    return out


def assert_paths_agree(model, queries):
    plain, fast = _outputs(model, queries, "plain"), _outputs(model, queries, "fast")
    assert plain.keys() == fast.keys()
    for name in plain:
        assert_array_equal(fast[name], plain[name], err_msg=name)


# --------------------------------------------------------------------------
# Bundled datasets
# --------------------------------------------------------------------------

def _standardised(loader):
    X, y = loader(return_X_y=True)
    return StandardScaler().fit_transform(X), y


DATASETS = {
    "iris": lambda: _standardised(load_iris),
    "wine": lambda: _standardised(load_wine),
    "breast_cancer": lambda: _standardised(load_breast_cancer),
    "digits": lambda: load_digits(return_X_y=True),     # raw integer pixels: many ties
    "diabetes": lambda: load_diabetes(return_X_y=True),
}


@pytest.mark.parametrize("name", sorted(DATASETS))
@pytest.mark.parametrize("p", [1, 2, np.inf])
def test_bundled_datasets(name, p):
    X, y = DATASETS[name]()
    order = np.random.default_rng(0).permutation(len(X))
    X, y = X[order], y[order]
    n_train = int(0.7 * len(X))
    Model = KNNRegressor if name == "diabetes" else KNNClassifier
    for k in (1, 4, 10):
        for weights in ("uniform", "distance"):
            model = Model(n_neighbors=k, weights=weights, p=p).fit(X[:n_train], y[:n_train])
            assert_paths_agree(model, X[n_train:])


def test_bundled_dataset_other_p():
    X, y = DATASETS["wine"]()
    for p in (1.5, 3):
        assert_paths_agree(KNNClassifier(n_neighbors=5, weights="distance", p=p).fit(X, y), X)


# --------------------------------------------------------------------------
# Hypothesis: ties, duplicates, constant columns, cancellation
# --------------------------------------------------------------------------

@st.composite
def neighbour_problems(draw):
    n = draw(st.integers(1, 40))
    d = draw(st.integers(1, 5))
    m = draw(st.integers(1, 12))
    kind = draw(st.sampled_from(["small integers", "floats", "far from the origin"]))
    if kind == "small integers":                    # ties everywhere
        elements = st.integers(-3, 3).map(float)
    else:
        elements = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
    X = draw(arrays(np.float64, (n, d), elements=elements))
    Q = draw(arrays(np.float64, (m, d), elements=elements))
    if kind == "far from the origin":
        # ‖x‖ ≈ 1e6 against gaps of 1e-3: the matrix-product screen (eq. 8)
        # rounds by more than the gaps, so only the slack (eq. 9) saves the order.
        X = X * 1e-6 + 1e6
        Q = Q * 1e-6 + 1e6
    # Duplicated rows, and queries lying on training points.
    for source, target in draw(st.lists(st.tuples(st.integers(0, n - 1),
                                                  st.integers(0, n - 1)), max_size=5)):
        X[target] = X[source]
    for source, target in draw(st.lists(st.tuples(st.integers(0, n - 1),
                                                  st.integers(0, m - 1)), max_size=3)):
        Q[target] = X[source]
    if draw(st.booleans()):                         # a constant column
        column = draw(st.integers(0, d - 1))
        X[:, column] = Q[:, column] = draw(elements)
    k = draw(st.integers(1, n))
    p = draw(st.sampled_from([1, 2, 3, np.inf]))
    weights = draw(st.sampled_from(["uniform", "distance"]))
    # Labels: two common classes and one nearly absent (a single row).
    y = draw(arrays(np.int64, n, elements=st.integers(0, 1)))
    y[draw(st.integers(0, n - 1))] = 2
    small_blocks = draw(st.booleans())
    return X, Q, y, k, p, weights, small_blocks


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(neighbour_problems())
def test_plain_and_fast_agree_on_generated_data(problem):
    X, Q, y, k, p, weights, small_blocks = problem
    blocks = {name: getattr(knn_selection, name)
              for name in ("BLOCK_ENTRIES", "SUB_BLOCK_ENTRIES", "GROUP_SIZE")}
    if small_blocks:
        # Several training and query blocks, and groups of 3 columns (eq. 10).
        blocks = {"BLOCK_ENTRIES": 23, "SUB_BLOCK_ENTRIES": 7, "GROUP_SIZE": 3}
    with mock.patch.multiple(knn_selection, **blocks), \
            mock.patch.object(knn_model, "BLOCK_ENTRIES", blocks["BLOCK_ENTRIES"]):
        if len(np.unique(y)) > 1:
            assert_paths_agree(KNNClassifier(n_neighbors=k, weights=weights, p=p).fit(X, y), Q)
        target = X.sum(axis=1)
        assert_paths_agree(KNNRegressor(n_neighbors=k, weights=weights, p=p).fit(X, target), Q)


@pytest.mark.parametrize("scale", [1.0, 2.0 ** -40])
def test_far_from_the_origin_the_screen_alone_misorders(scale):
    """The case the slack of eq. 9 exists for: the screen's ranking is wrong,
    the fast path's answer is still the plain one. Scaled by 2⁻⁴⁰ (a power of
    two, so every rounding scales with it) the norms are below 1, where a
    slack growing like (‖a‖ + ‖b‖)³ instead of squared would be too small."""
    rng = np.random.default_rng(0)
    X = (1e6 + rng.integers(0, 50, size=(300, 3)) * 1e-4) * scale
    Q = (1e6 + rng.integers(0, 50, size=(40, 3)) * 1e-4) * scale
    model = KNNRegressor(n_neighbors=5).fit(X, rng.normal(size=300))
    rho = knn_selection.screen(Q, X, 2, model._fit_sq_norms)
    screen_order = np.argsort(rho, axis=1, kind="stable")[:, :5]
    with config_context(engine="plain"):
        plain_ind = model.kneighbors(Q, return_distance=False)
    assert not np.array_equal(screen_order, plain_ind)
    assert_paths_agree(model, Q)


def test_near_the_float_limit():
    """Squared norms close to the largest float: the screen's product
    overflows to ±∞, the slack to ∞; the fast path still gives the plain answer."""
    c = 6e153                                        # 4c² = 1.44e308 still fits
    X = c * np.array([[1, 1, 1, 1], [1, 1, -1, -1], [-1, -1, -1, -1], [0.5, 0, 0, 0],
                      [1, 1, 1, 1], [0, 0, 0, 0]])
    Q = c * np.array([[1, 1, 1, 1], [1, 1, -1, -1], [0, 0.5, 0, 0]])
    for k in (1, 3, 6):
        model = KNNRegressor(n_neighbors=k, weights="distance").fit(X, np.arange(6.0))
        assert_paths_agree(model, Q)
        assert_array_equal(model.kneighbors(Q[:1], n_neighbors=2)[1], [[0, 4]])


@pytest.mark.parametrize("p", [1.0, 3.0, np.inf])
def test_the_screen_for_p_other_than_2_is_eq_1_before_the_root(p):
    """For p ≠ 2 the screen is Σⱼ |aⱼ − bⱼ|^p (max for p = ∞), summed in
    feature order as the plain path sums it, so the two agree bit for bit,
    over several cache blocks of pairs (262 query rows to a block here)."""
    rng = np.random.default_rng(3)
    A, B = rng.normal(size=(300, 4)), rng.normal(size=(250, 4))
    expected = np.zeros((300, 250))
    for j in range(4):
        t = np.abs(A[:, j:j + 1] - B[:, j])
        expected = np.maximum(expected, t) if p == np.inf else expected + t ** p
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # not even a DeprecationWarning
        assert_array_equal(knn_selection.screen(A, B, p), expected)


def test_the_slack_covers_screen_values_that_the_root_merges():
    """p = 100: the screens 1 and 1 + 0.72¹⁰⁰ = 1 + 24ε differ, but their
    100th roots both round to 1.0, a tie that eq. 2 breaks by index. The slack
    of eq. 9 must reach past 24ε (its p·ε term), or the fast path drops row 0."""
    X = np.array([[1.0, 0.72], [1.0, 0.0]])
    assert knn_selection.screen(np.zeros((1, 2)), X, 100.0)[0, 0] == 1.0 + 24 * np.finfo(float).eps
    model = KNNRegressor(n_neighbors=1, p=100).fit(X, [0.0, 1.0])
    for engine in ("plain", "fast"):
        with config_context(engine=engine):
            dist, ind = model.kneighbors([[0.0, 0.0]])
        assert_array_equal(dist, [[1.0]])
        assert_array_equal(ind, [[0]])
