"""KNNClassifier and KNNRegressor against scikit-learn's brute-force neighbours.

Our rule for ties at the k-th distance is eq. 2 of the notes: sort by
(distance, training index), take the first k. scikit-learn keeps the k best
in a heap, and which of several tied points it keeps depends on the heap and
on how many threads split the training rows, so its answer on a tied row is
no specification. Every comparison with it therefore runs on the query rows
*without* a tie at the k-th distance (identical neighbours, predictions and
probabilities there), counts the tied rows, and checks on every row that the
sorted distances agree (they do not depend on which tied point is kept).
The tie rule itself is checked against an independent reference: SciPy's
distances and a stable sort.
"""

import tracemalloc
import warnings

import numpy as np
import pytest
from numpy.testing import assert_allclose, assert_array_equal
from scipy.spatial.distance import cdist
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor
from threadpoolctl import threadpool_limits

import scratchlearn.neighbors.knn.model as knn_model
import scratchlearn.neighbors.knn.selection as knn_selection
from scratchlearn import config_context
from scratchlearn.core import NotFittedError, StandardScaler
from scratchlearn.datasets import (
    load_diabetes,
    load_digits,
    load_iris,
    load_wine,
    make_blobs,
    make_regression,
)
from scratchlearn.neighbors.knn import KNNClassifier, KNNRegressor


@pytest.fixture(autouse=True)
def one_thread():
    # Keeps scikit-learn from competing for the cores of a shared machine.
    with threadpool_limits(limits=1):
        yield


def _split(X, y, fraction=0.7, seed=0):
    order = np.random.default_rng(seed).permutation(len(X))
    X, y = X[order], y[order]
    n = int(fraction * len(X))
    return X[:n], y[:n], X[n:], y[n:]


@pytest.fixture(scope="module")
def digits():
    X, y = load_digits(return_X_y=True)
    return X[:1200], y[:1200], X[1200:]


def _untied(model, queries, k):
    """True for the query rows whose k-th and (k+1)-th nearest distances differ
    (``queries=None``: the training rows, each without itself)."""
    n_available = model.n_samples_fit_ - (queries is None)
    if k >= n_available:
        return np.ones(model.n_samples_fit_ if queries is None else len(queries), dtype=bool)
    dist = model.kneighbors(queries, n_neighbors=k + 1)[0]
    return dist[:, k - 1] < dist[:, k]


def _same_neighbour_sets(ind_a, ind_b):
    return all(set(a) == set(b) for a, b in zip(ind_a, ind_b))


def _compare_with_sklearn(ours, ref, queries, k, classifier=True):
    """Identical neighbours and outputs on the untied rows, equal sorted
    distances on all rows; returns the number of tied rows."""
    untied = _untied(ours, queries, k)
    dist, ind = ours.kneighbors(queries)
    ref_dist, ref_ind = ref.kneighbors(queries)
    assert _same_neighbour_sets(ind[untied], ref_ind[untied])
    assert_allclose(dist, ref_dist, rtol=1e-12, atol=1e-12)
    if classifier:
        assert_array_equal(ours.predict(queries)[untied], ref.predict(queries)[untied])
        assert_allclose(ours.predict_proba(queries)[untied],
                        ref.predict_proba(queries)[untied], rtol=0, atol=1e-12)
    else:
        assert_allclose(ours.predict(queries)[untied], ref.predict(queries)[untied],
                        rtol=1e-10)
    return int(np.sum(~untied))


# --------------------------------------------------------------------------
# Digits: integer pixels, many tied distances
# --------------------------------------------------------------------------

@pytest.mark.parametrize("k", [1, 4, 7])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_digits_matches_sklearn_on_untied_rows(digits, k, weights):
    X, y, X_test = digits
    ours = KNNClassifier(n_neighbors=k, weights=weights).fit(X, y)
    ref = KNeighborsClassifier(n_neighbors=k, weights=weights, algorithm="brute").fit(X, y)
    tied = [_compare_with_sklearn(ours, ref, queries, k) for queries in (X_test, None)]
    # Integer pixels: some rows really do tie at the k-th distance.
    assert sum(tied) > 0
    assert tied[0] < 0.2 * len(X_test)


def test_tie_rule_is_distance_then_index(digits):
    """Eq. 2 against an independent reference: SciPy's distances (exact on
    integer pixels) and a stable sort, on every row, tied rows included."""
    X, y, X_test = digits
    k = 6
    for p, metric in ((1, "cityblock"), (2, "euclidean"), (np.inf, "chebyshev")):
        D = cdist(X_test, X, metric)
        expected = np.argsort(D, axis=1, kind="stable")[:, :k]
        model = KNNClassifier(n_neighbors=k, p=p).fit(X, y)
        for engine in ("plain", "fast"):
            with config_context(engine=engine):
                dist, ind = model.kneighbors(X_test)
            assert_array_equal(ind, expected)
            assert_array_equal(dist, np.take_along_axis(D, expected, axis=1))
    # ... and the rule is put to the test: 14 of these 597 rows tie at the 6th distance.
    assert np.sum(~_untied(model, X_test, k)) > 0


@pytest.mark.parametrize("p", [1, np.inf])
def test_digits_other_metrics_match_sklearn(digits, p):
    X, y, X_test = digits
    ours = KNNClassifier(n_neighbors=4, weights="distance", p=p).fit(X, y)
    ref = KNeighborsClassifier(n_neighbors=4, weights="distance", p=p,
                               algorithm="brute").fit(X, y)
    _compare_with_sklearn(ours, ref, X_test, 4)


# --------------------------------------------------------------------------
# Real and synthetic continuous data
# --------------------------------------------------------------------------

@pytest.mark.parametrize("loader", [load_iris, load_wine])
@pytest.mark.parametrize("p", [1, 2, 3])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_classifier_matches_sklearn(loader, p, weights):
    X, y = loader(return_X_y=True)
    X_train, y_train, X_test, _ = _split(StandardScaler().fit_transform(X), y)
    for k in (1, 5, 10):
        ours = KNNClassifier(n_neighbors=k, weights=weights, p=p).fit(X_train, y_train)
        ref = KNeighborsClassifier(n_neighbors=k, weights=weights, p=p,
                                   algorithm="brute").fit(X_train, y_train)
        # Iris has duplicate rows: a few test rows tie at the k-th distance.
        assert _compare_with_sklearn(ours, ref, X_test, k) <= 3


@pytest.mark.parametrize("dataset", ["diabetes", "synthetic"])
@pytest.mark.parametrize("p", [1, 2, 3])
@pytest.mark.parametrize("weights", ["uniform", "distance"])
def test_regressor_matches_sklearn(dataset, p, weights):
    if dataset == "diabetes":
        X, y = load_diabetes(return_X_y=True)
    else:
        X, y = make_regression(400, 5, noise=5.0, random_state=0)
    X_train, y_train, X_test, _ = _split(X, y)
    for k in (1, 5, 12):
        ours = KNNRegressor(n_neighbors=k, weights=weights, p=p).fit(X_train, y_train)
        ref = KNeighborsRegressor(n_neighbors=k, weights=weights, p=p,
                                  algorithm="brute").fit(X_train, y_train)
        for queries in (X_test, None):
            assert _compare_with_sklearn(ours, ref, queries, k, classifier=False) == 0


def test_metric_names_fix_p():
    X, y = load_wine(return_X_y=True)
    for metric, p in (("euclidean", 2), ("manhattan", 1), ("chebyshev", np.inf)):
        named = KNNClassifier(metric=metric, p=7).fit(X, y)
        assert named.effective_p_ == p
        assert_array_equal(named.kneighbors(X[:20])[1],
                           KNNClassifier(p=p).fit(X, y).kneighbors(X[:20])[1])


# --------------------------------------------------------------------------
# Zero distances under weights="distance"
# --------------------------------------------------------------------------

def test_zero_distance_takes_all_the_weight():
    X = np.array([[0.0], [0.0], [1.0], [3.0], [4.0]])
    y = np.array([0, 1, 1, 1, 1])
    queries = np.array([[0.0], [2.0]])
    ours = KNNClassifier(n_neighbors=3, weights="distance").fit(X, y)
    ref = KNeighborsClassifier(n_neighbors=3, weights="distance", algorithm="brute").fit(X, y)
    proba = ours.predict_proba(queries)
    assert_array_equal(proba[0], [0.5, 0.5])        # the two exact matches share the vote
    assert_array_equal(proba[:1], ref.predict_proba(queries[:1]))
    assert_array_equal(ours.predict(queries[:1]), ref.predict(queries[:1]))
    # x = 2 has rows 2, 3 at distance 1 and rows 0, 1, 4 tied at 2: eq. 2 keeps
    # row 0 (label 0), so the votes are 1, 1 and ½ (eq. 3): P(0) = ½ / 2½.
    assert_array_equal(ours.kneighbors(queries[1:])[1], [[2, 3, 0]])
    assert_allclose(proba[1], [0.2, 0.8], rtol=1e-15)

    reg = KNNRegressor(n_neighbors=3, weights="distance").fit(X, y * 10.0)
    ref_reg = KNeighborsRegressor(n_neighbors=3, weights="distance",
                                  algorithm="brute").fit(X, y * 10.0)
    assert_array_equal(reg.predict(queries[:1]), ref_reg.predict(queries[:1]))
    assert reg.predict(queries)[0] == 5.0
    assert_allclose(reg.predict(queries)[1], (10 + 10 + 0.5 * 0) / 2.5, rtol=1e-15)


def test_training_points_predict_themselves_with_distance_weights():
    X, y = load_iris(return_X_y=True)
    X_unique, first = np.unique(X, axis=0, return_index=True)
    model = KNNClassifier(n_neighbors=7, weights="distance").fit(X_unique, y[first])
    assert_array_equal(model.predict(X_unique), y[first])


# --------------------------------------------------------------------------
# kneighbors
# --------------------------------------------------------------------------

def test_kneighbors_api(rng):
    X = rng.normal(size=(60, 3))
    model = KNNRegressor(n_neighbors=4).fit(X, rng.normal(size=60))
    dist, ind = model.kneighbors(X[:5])
    assert dist.shape == ind.shape == (5, 4)
    assert_array_equal(ind[:, 0], np.arange(5))                  # each point is its own nearest
    assert_array_equal(model.kneighbors(X[:5], return_distance=False), ind)
    assert model.kneighbors(X[:5], n_neighbors=9)[1].shape == (5, 9)
    assert np.all(np.diff(dist, axis=1) >= 0)
    full = np.linalg.norm(X[:5, None, :] - X[None, :, :], axis=2)
    assert_allclose(dist, np.sort(full, axis=1)[:, :4], rtol=1e-14)
    # Distances are summed from the differences (eq. 1), in both engines: a
    # point is at exactly 0 from itself (eq. 8 alone would give about √ε).
    assert_array_equal(dist[:, 0], 0.0)

    loo_dist, loo_ind = model.kneighbors()
    assert loo_ind.shape == (60, 4)
    assert not np.any(loo_ind == np.arange(60)[:, None])           # never itself
    assert_array_equal(loo_ind[:5], model.kneighbors(X[:5], n_neighbors=5)[1][:, 1:])
    assert_allclose(loo_dist[:5], model.kneighbors(X[:5], n_neighbors=5)[0][:, 1:], atol=1e-12)


def test_kneighbors_without_self_drops_a_duplicate_when_crowded():
    """Four identical points, k = 2: the last one is crowded out of its own
    k + 1 = 3 list, so the nearest entry (lowest index) is dropped instead.
    (scikit-learn drops whichever its unstable sort put first.)"""
    X = np.zeros((4, 2))
    model = KNNRegressor(n_neighbors=2).fit(X, np.arange(4.0))
    dist, ind = model.kneighbors()
    assert_array_equal(ind, [[1, 2], [0, 2], [0, 1], [1, 2]])
    assert_array_equal(dist, np.zeros((4, 2)))


def test_kneighbors_errors(rng):
    model = KNNClassifier(n_neighbors=3).fit(rng.normal(size=(5, 2)), [0, 1, 0, 1, 0])
    with pytest.raises(ValueError, match=r"^Expected n_neighbors <= n_samples_fit, but "
                       r"n_neighbors = 6, n_samples_fit = 5, n_samples = 2\. Lower n_neighbors "
                       r"or give more training data\.$"):
        model.kneighbors(rng.normal(size=(2, 2)), n_neighbors=6)
    # Without X each training row leaves itself out: the message gives the
    # n_neighbors asked for, not the one extra searched for.
    with pytest.raises(ValueError, match=r"^Expected n_neighbors < n_samples_fit, but "
                       r"n_neighbors = 5, n_samples_fit = 5, n_samples = 5\. "):
        model.kneighbors(n_neighbors=5)
    with pytest.raises(ValueError, match="n_neighbors > 0"):
        model.kneighbors(n_neighbors=0)
    with pytest.raises(TypeError, match=r"^n_neighbors must be an integer, got 2\.5\.$"):
        model.kneighbors(n_neighbors=2.5)
    with pytest.raises(ValueError, match="n_samples_fit"):
        KNNClassifier(n_neighbors=9).fit(rng.normal(size=(5, 2)), [0, 1, 0, 1, 0]).predict(
            rng.normal(size=(1, 2)))


# --------------------------------------------------------------------------
# Blocks: results do not depend on the block sizes; memory stays bounded
# --------------------------------------------------------------------------

@pytest.mark.parametrize("p", [2, 1])
def test_results_do_not_depend_on_blocks(monkeypatch, digits, p):
    X, y, X_test = digits
    reference = KNNClassifier(n_neighbors=5, p=p).fit(X, y).kneighbors(X_test[:200])
    monkeypatch.setattr(knn_selection, "BLOCK_ENTRIES", 500)      # training rows in 3 blocks
    monkeypatch.setattr(knn_selection, "SUB_BLOCK_ENTRIES", 300)
    monkeypatch.setattr(knn_selection, "GROUP_SIZE", 7)
    monkeypatch.setattr(knn_model, "BLOCK_ENTRIES", 500)
    for engine in ("plain", "fast"):
        with config_context(engine=engine):
            blocked = KNNClassifier(n_neighbors=5, p=p).fit(X, y).kneighbors(X_test[:200])
        assert_array_equal(blocked[1], reference[1])
        assert_array_equal(blocked[0], reference[0])


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_memory_is_bounded_by_the_block(monkeypatch, rng, engine):
    """4,000 × 4,000 distances would take 128 MB; with 2**16-entry blocks the
    peak stays a small multiple of one block (0.5 MB)."""
    monkeypatch.setattr(knn_selection, "BLOCK_ENTRIES", 2 ** 16)
    X = rng.normal(size=(4000, 8))
    model = KNNClassifier(n_neighbors=5).fit(X, rng.integers(0, 3, 4000))
    tracemalloc.start()
    try:
        with config_context(engine=engine):
            model.predict(X)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 8 * 2 ** 20


def test_all_distances_tied(rng):
    """The worst case for the candidate bound: every distance equal, so eq. 2
    keeps rows 0–4 (labels 0, 1, 2, 0, 1) for every query."""
    X = np.ones((300, 3))
    y = np.arange(300) % 3
    ours = KNNClassifier(n_neighbors=5).fit(X, y)
    ref = KNeighborsClassifier(n_neighbors=5, algorithm="brute").fit(X, y)
    queries = rng.normal(size=(20, 3))
    assert_array_equal(ours.kneighbors(queries)[1], np.tile(np.arange(5), (20, 1)))
    assert_array_equal(ours.predict_proba(queries), np.tile([0.4, 0.4, 0.2], (20, 1)))
    assert_allclose(ours.kneighbors(queries)[0], ref.kneighbors(queries)[0], rtol=1e-12)
    assert np.sum(_untied(ours, queries, 5)) == 0


# --------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------

def test_row_order_invariance():
    X, y = load_wine(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    order = np.random.default_rng(3).permutation(len(X))
    a = KNNClassifier(n_neighbors=5, weights="distance").fit(X, y)
    b = KNNClassifier(n_neighbors=5, weights="distance").fit(X[order], y[order])
    assert_allclose(a.predict_proba(X), b.predict_proba(X), atol=1e-15)


def test_string_labels_and_label_permutation():
    X, y = make_blobs(120, centers=3, random_state=0)
    names = np.array(["setosa", "versicolor", "virginica"])
    permuted = np.array([2, 0, 1])
    ints = KNNClassifier().fit(X, y)
    strings = KNNClassifier().fit(X, names[y])
    relabelled = KNNClassifier().fit(X, permuted[y])
    assert_array_equal(strings.predict(X), names[ints.predict(X)])
    assert_array_equal(relabelled.predict(X), permuted[ints.predict(X)])
    assert_array_equal(strings.classes_, names)


def test_refit_and_determinism(rng):
    X, y = rng.normal(size=(80, 4)), rng.normal(size=80)
    model = KNNRegressor(n_neighbors=3)
    first = model.fit(X, y).predict(X[:10])
    assert_array_equal(model.fit(X, y).predict(X[:10]), first)
    model.fit(X[:40], y[:40])
    assert model.n_samples_fit_ == 40


def test_scaling_changes_neighbours_but_standardising_fixes_it():
    """KNN is not scale invariant: blowing up one feature changes predictions."""
    X, y = load_wine(return_X_y=True)
    X_train, y_train, X_test, y_test = _split(X, y)
    raw = KNNClassifier().fit(X_train, y_train).score(X_test, y_test)
    scaler = StandardScaler().fit(X_train)
    scaled = KNNClassifier().fit(scaler.transform(X_train), y_train).score(
        scaler.transform(X_test), y_test)
    assert scaled > raw + 0.1


# --------------------------------------------------------------------------
# Bad input
# --------------------------------------------------------------------------

@pytest.mark.parametrize("Model", [KNNClassifier, KNNRegressor])
def test_bad_input(Model, rng):
    X, y = rng.normal(size=(20, 3)), rng.integers(0, 2, 20)
    with pytest.raises(NotFittedError):
        Model().predict(X)
    with pytest.raises(NotFittedError):
        Model().kneighbors()
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        Model().fit(X_nan, y)
    with pytest.raises(ValueError, match="Reshape"):
        Model().fit(X, y).predict(X[0])
    with pytest.raises(ValueError, match="2D"):
        Model().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="expecting 3 features"):
        Model().fit(X, y).predict(X[:, :2])
    with pytest.raises(ValueError, match="NaN"):
        Model().fit(X, y).predict(X_nan)


@pytest.mark.parametrize("params, name", [
    ({"n_neighbors": 0}, "n_neighbors"),
    ({"n_neighbors": 2.5}, "n_neighbors"),
    ({"n_neighbors": True}, "n_neighbors"),
    ({"weights": "gaussian"}, "weights"),
    ({"p": 0.5}, "p must"),
    ({"p": "two"}, "p must"),
    ({"metric": "cosine"}, "metric"),
])
@pytest.mark.parametrize("Model", [KNNClassifier, KNNRegressor])
def test_invalid_hyperparameters(Model, params, name, rng):
    with pytest.raises(ValueError, match=name):
        Model(**params).fit(rng.normal(size=(10, 2)), np.arange(10) % 2)


def test_one_class_is_rejected(rng):
    with pytest.raises(ValueError, match=r"^KNNClassifier needs samples of at least 2 classes "
                       r"in y, but the data contain only one class: 0\.0\.$"):
        KNNClassifier().fit(rng.normal(size=(10, 2)), np.zeros(10))


def test_distances_beyond_the_float_range_still_give_valid_neighbours():
    # Manhattan distances to a query near the float limit overflow; capped at
    # the largest float they tie, so the first k rows are the neighbours and
    # count equally (not 0/0 = NaN, nor an invalid index).
    X = np.array([[-1e308], [-1.5e308], [-1.7e308]])
    far = np.array([[1e308]])
    regressor = KNNRegressor(n_neighbors=2, weights="distance", p=1).fit(X, [1.0, 3.0, 5.0])
    np.testing.assert_allclose(regressor.predict(far), [2.0])
    np.testing.assert_array_equal(regressor.kneighbors(far, return_distance=False), [[0, 1]])
    classifier = KNNClassifier(n_neighbors=3, weights="distance", p=1).fit(X, [0, 1, 1])
    np.testing.assert_allclose(classifier.predict_proba(far), [[1 / 3, 2 / 3]])
    too_large = r"^X has values too large to square in float64; rescale X\.$"
    with pytest.raises(ValueError, match=too_large):
        KNNRegressor(n_neighbors=2).fit(X[:, :] * 0, [1.0, 3.0, 5.0]).predict(far)
    with pytest.raises(ValueError, match=too_large):
        KNNRegressor(n_neighbors=2).fit(X, [1.0, 3.0, 5.0])


@pytest.mark.parametrize("p, metric", [(1.0, "cityblock"), (2.0, "euclidean"),
                                       (3.0, "minkowski"), (np.inf, "chebyshev")])
def test_minkowski_distances_are_scipys_and_raise_no_warning(p, metric):
    rng = np.random.default_rng(4)
    A, B = rng.normal(size=(7, 3)), rng.normal(size=(5, 3))
    with warnings.catch_warnings():
        warnings.simplefilter("error")                  # not even a DeprecationWarning
        D = knn_model.minkowski_distances(A[:, None, :], B[None, :, :], p)
    options = {"p": p} if metric == "minkowski" else {}
    assert_allclose(D, cdist(A, B, metric, **options), rtol=1e-13)


def test_a_distance_whose_reciprocal_overflows_counts_as_an_exact_match():
    # 1/5e-324 is beyond the float range: that neighbour takes all the weight,
    # as an exact match would, without a warning or a NaN.
    X = np.array([[5e-324], [1.0], [2.0]])
    model = KNNClassifier(n_neighbors=3, weights="distance").fit(X, [0, 1, 1])
    assert_array_equal(model.predict_proba([[0.0]]), [[1.0, 0.0]])
    regressor = KNNRegressor(n_neighbors=3, weights="distance").fit(X, [4.0, 1.0, 1.0])
    assert_array_equal(regressor.predict([[0.0]]), [4.0])
    # Euclidean, that distance squares to 0: an exact match. Manhattan keeps
    # it, 1e-310 > 0, and its reciprocal overflows (a RuntimeWarning, an
    # error here, if the overflow were not expected).
    manhattan = KNNClassifier(n_neighbors=3, weights="distance", metric="manhattan")
    manhattan.fit(np.array([[1e-310], [1.0], [2.0]]), [0, 1, 1])
    assert manhattan.kneighbors([[0.0]])[0][0, 0] == 1e-310
    assert_array_equal(manhattan.predict_proba([[0.0]]), [[1.0, 0.0]])


def test_a_tiny_distance_whose_reciprocal_is_a_float_is_not_an_exact_match():
    # 1/7e-309 ≈ 1.4e308 still fits in a float: a huge weight, but the other
    # neighbours keep theirs (about 1e-308 of the vote), as in scikit-learn.
    X, y = np.array([[7e-309], [1.0], [2.0]]), [0, 1, 1]
    ours = KNNClassifier(n_neighbors=3, weights="distance", metric="manhattan").fit(X, y)
    theirs = KNeighborsClassifier(n_neighbors=3, weights="distance", metric="manhattan")
    proba = ours.predict_proba([[0.0]])
    assert proba[0, 1] > 0
    assert_allclose(proba, theirs.fit(X, y).predict_proba([[0.0]]), rtol=1e-12, atol=0)


# -- tests prompted by mutation testing (benchmarks/results/mutation.md) ---------------

@pytest.mark.parametrize("ours, theirs", [(KNNClassifier, KNeighborsClassifier),
                                          (KNNRegressor, KNeighborsRegressor)])
def test_defaults_are_scikit_learns(ours, theirs):
    mine, reference = ours().get_params(), theirs().get_params()
    assert mine == {name: reference[name] for name in mine}
