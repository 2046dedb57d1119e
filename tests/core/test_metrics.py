"""Every metric against sklearn.metrics on random data."""

import numpy as np
import pytest
from sklearn import metrics as skm

from scratchlearn.core import metrics


@pytest.fixture
def regression_pair(rng):
    y_true = rng.normal(size=200)
    return y_true, y_true + rng.normal(scale=0.5, size=200), rng.uniform(0.1, 2, 200)


@pytest.mark.parametrize("name", ["mean_squared_error", "mean_absolute_error", "r2_score"])
def test_regression_metrics_match_sklearn(regression_pair, name):
    y_true, y_pred, weights = regression_pair
    ours, theirs = getattr(metrics, name), getattr(skm, name)
    assert ours(y_true, y_pred) == pytest.approx(theirs(y_true, y_pred), rel=1e-12)
    assert ours(y_true, y_pred, sample_weight=weights) == pytest.approx(
        theirs(y_true, y_pred, sample_weight=weights), rel=1e-12)


def test_r2_of_a_constant_target_follows_sklearn():
    y = np.full(5, 3.0)
    assert metrics.r2_score(y, y) == skm.r2_score(y, y) == 1.0
    assert metrics.r2_score(y, y + 1) == skm.r2_score(y, y + 1) == 0.0


@pytest.mark.parametrize("labels", [np.array([0, 1]), np.array(["no", "yes"])])
def test_binary_classification_metrics_match_sklearn(rng, labels):
    y_true = labels[rng.integers(0, 2, 300)]
    y_pred = np.where(rng.random(300) < 0.8, y_true, labels[rng.integers(0, 2, 300)])
    pos = labels[1]
    assert metrics.accuracy_score(y_true, y_pred) == skm.accuracy_score(y_true, y_pred)
    for name in ["precision_score", "recall_score", "f1_score"]:
        assert getattr(metrics, name)(y_true, y_pred, pos_label=pos) == pytest.approx(
            getattr(skm, name)(y_true, y_pred, pos_label=pos), rel=1e-12)
    np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred),
                                  skm.confusion_matrix(y_true, y_pred))


def test_macro_averaged_metrics_match_sklearn(rng):
    y_true = rng.integers(0, 4, 300)
    y_pred = np.where(rng.random(300) < 0.6, y_true, rng.integers(0, 4, 300))
    for name in ["precision_score", "recall_score", "f1_score"]:
        assert getattr(metrics, name)(y_true, y_pred, average="macro") == pytest.approx(
            getattr(skm, name)(y_true, y_pred, average="macro"), rel=1e-12)
    np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred),
                                  skm.confusion_matrix(y_true, y_pred))
    weights = rng.uniform(0, 1, 300)
    assert metrics.accuracy_score(y_true, y_pred, sample_weight=weights) == pytest.approx(
        skm.accuracy_score(y_true, y_pred, sample_weight=weights), rel=1e-12)


def test_precision_without_predicted_positives_is_zero():
    assert metrics.precision_score([1, 0, 1], [0, 0, 0]) == 0.0


def test_log_loss_matches_sklearn(rng):
    y_true = rng.integers(0, 3, 100)
    proba = rng.dirichlet(np.ones(3), 100)
    assert metrics.log_loss(y_true, proba) == pytest.approx(skm.log_loss(y_true, proba),
                                                            rel=1e-12)
    binary = rng.integers(0, 2, 100)
    p1 = rng.uniform(0.01, 0.99, 100)
    assert metrics.log_loss(binary, p1) == pytest.approx(skm.log_loss(binary, p1), rel=1e-12)
    # A confident mistake costs a large finite amount, not infinity.
    assert np.isfinite(metrics.log_loss([0, 1], [[0.0, 1.0], [1.0, 0.0]]))


def test_roc_auc_matches_sklearn_with_ties(rng):
    y_true = rng.integers(0, 2, 500)
    scores = np.round(rng.normal(size=500) + y_true, 1)  # rounding makes many ties
    assert metrics.roc_auc_score(y_true, scores) == pytest.approx(
        skm.roc_auc_score(y_true, scores), rel=1e-12)


def test_roc_auc_needs_two_classes():
    with pytest.raises(ValueError, match="two classes"):
        metrics.roc_auc_score([1, 1, 1], [0.1, 0.2, 0.3])


# --------------------------------------------------------------------------
# Clustering: silhouette, adjusted Rand index, inertia
# --------------------------------------------------------------------------

def _clustering_sets():
    from scratchlearn.datasets import load_digits, load_iris, load_wine

    return [load_iris(return_X_y=True), load_wine(return_X_y=True),
            load_digits(return_X_y=True)]


def test_silhouette_matches_sklearn_on_real_labels_and_random_ones(rng):
    for X, y in _clustering_sets():
        assert metrics.silhouette_score(X, y) == pytest.approx(
            skm.silhouette_score(X, y), rel=1e-10)
        random = rng.integers(0, 4, len(X))
        assert metrics.silhouette_score(X, random) == pytest.approx(
            skm.silhouette_score(X, random), rel=1e-10)


def test_silhouette_edge_cases(rng, monkeypatch):
    X = rng.normal(size=(30, 3))
    # Singletons score 0; here clusters 0..9 are singletons, 10 holds the rest.
    labels = np.r_[np.arange(10), np.full(20, 10)]
    assert metrics.silhouette_score(X, labels) == pytest.approx(
        skm.silhouette_score(X, labels), rel=1e-10)
    # Renaming (and permuting) the labels changes nothing; strings work.
    y = rng.integers(0, 3, 30)
    names = np.array(["c", "a", "b"])[y]
    assert metrics.silhouette_score(X, names) == pytest.approx(
        metrics.silhouette_score(X, (y + 1) % 3), rel=1e-12)
    # Duplicated rows sit at distance exactly 0 from each other.
    X2 = np.vstack([X, X[:5]])
    y2 = np.r_[y, y[:5]]
    assert metrics.silhouette_score(X2, y2) == pytest.approx(
        skm.silhouette_score(X2, y2), rel=1e-10)
    # Blocks of a few rows give the same answer as one block.
    monkeypatch.setattr(metrics, "_SILHOUETTE_BLOCK_ENTRIES", 70)
    assert metrics.silhouette_score(X, y) == pytest.approx(skm.silhouette_score(X, y), rel=1e-10)
    for bad in (np.zeros(30), np.arange(30)):          # one cluster; all singletons
        with pytest.raises(ValueError, match="Number of labels"):
            metrics.silhouette_score(X, bad)
    with pytest.raises(ValueError, match="one label per row"):
        metrics.silhouette_score(X, y[:-1])


def test_adjusted_rand_matches_sklearn(rng):
    for _ in range(20):
        n = int(rng.integers(2, 300))
        a, b = rng.integers(0, rng.integers(1, 8), n), rng.integers(0, rng.integers(1, 8), n)
        assert metrics.adjusted_rand_score(a, b) == pytest.approx(
            skm.adjusted_rand_score(a, b), rel=1e-10, abs=1e-15)
    for _, y in _clustering_sets():
        noisy = np.where(rng.random(len(y)) < 0.3, rng.integers(0, 10, len(y)), y)
        assert metrics.adjusted_rand_score(y, noisy) == pytest.approx(
            skm.adjusted_rand_score(y, noisy), rel=1e-10)


@pytest.mark.parametrize("a, b", [
    ([0, 0, 0, 0], [1, 1, 1, 1]),          # one cluster each
    ([0, 1, 2, 3], [3, 2, 1, 0]),          # all singletons each
    ([0, 0, 0, 0], [0, 1, 2, 3]),          # one cluster against singletons
    ([0, 0, 1, 1], [1, 1, 0, 0]),          # permuted names
    (["x", "x", "y"], [2, 2, 7]),          # strings against ints
    ([0, 0, 1, 1, 2, 2], [0, 1, 0, 1, 0, 1]),   # worse than chance
    ([5], [3]),                            # one sample
])
def test_adjusted_rand_edge_cases(a, b):
    assert metrics.adjusted_rand_score(a, b) == pytest.approx(
        skm.adjusted_rand_score(a, b), abs=1e-15)


def test_adjusted_rand_is_symmetric_and_ignores_names(rng):
    a, b = rng.integers(0, 4, 100), rng.integers(0, 5, 100)
    renamed = rng.permutation(5)[b]
    assert metrics.adjusted_rand_score(a, b) == metrics.adjusted_rand_score(b, a)
    assert metrics.adjusted_rand_score(a, b) == metrics.adjusted_rand_score(a, renamed)
    assert metrics.adjusted_rand_score(a, a) == 1.0


def test_inertia_matches_kmeans(rng):
    from sklearn.cluster import KMeans

    for X, _ in _clustering_sets():
        km = KMeans(n_clusters=4, n_init=1, random_state=0).fit(X)
        assert metrics.inertia(X, km.labels_, km.cluster_centers_) == pytest.approx(
            km.inertia_, rel=1e-10)
    X = rng.normal(size=(20, 2))
    # Every point its own centre: zero; one centre at the mean: the total sum of squares.
    assert metrics.inertia(X, np.arange(20), X) == 0.0
    assert metrics.inertia(X, np.zeros(20, int), X.mean(0, keepdims=True)) == pytest.approx(
        np.sum((X - X.mean(0)) ** 2), rel=1e-12)
    with pytest.raises(ValueError, match="index"):
        metrics.inertia(X, np.full(20, 2), X[:2])
    with pytest.raises(ValueError, match="centers"):
        metrics.inertia(X, np.zeros(20, int), X[:2, :1])
