"""AgglomerativeClustering against scikit-learn (and SciPy's linkage):
labels identical up to renaming, merge heights to 1e-10 relative, the merge
tree itself where ties cannot reorder it; the plain O(n³) loop against the
nearest-neighbour chain and the spanning tree."""

import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose, assert_array_equal
from scipy.cluster.hierarchy import linkage as scipy_linkage
from sklearn.cluster import AgglomerativeClustering as SklearnAgglomerative
from sklearn.metrics import adjusted_rand_score

import scratchlearn
from scratchlearn.clustering.agglomerative_clustering import AgglomerativeClustering
from scratchlearn.clustering.agglomerative_clustering.model import pairwise_distances
from scratchlearn.clustering.agglomerative_clustering.nn_chain import pairwise_distances_blocked
from scratchlearn.datasets import load_digits, load_iris

LINKAGES = ["ward", "complete", "average", "single"]
DATASETS = {
    "iris": lambda: load_iris(return_X_y=True)[0],
    "digits300": lambda: load_digits(return_X_y=True)[0][:300],
}


def _same_partition(a, b):
    return adjusted_rand_score(a, b) == 1.0 and len(set(a)) == len(set(b))


@pytest.mark.parametrize("engine", ["plain", "fast"])
@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("linkage", LINKAGES)
def test_labels_and_distances_match_sklearn(engine, dataset, linkage):
    X = DATASETS[dataset]()
    with scratchlearn.config_context(engine=engine):
        ours = AgglomerativeClustering(n_clusters=2, linkage=linkage).fit(X)
    theirs = SklearnAgglomerative(n_clusters=2, linkage=linkage, compute_distances=True).fit(X)
    assert_allclose(ours.distances_, theirs.distances_, rtol=1e-10, atol=0)
    assert ours.n_leaves_ == theirs.n_leaves_ == len(X)
    assert ours.n_connected_components_ == theirs.n_connected_components_ == 1
    for k in (2, 3, 4, 5, 8, 10):
        with scratchlearn.config_context(engine=engine):
            labels = AgglomerativeClustering(n_clusters=k, linkage=linkage).fit(X).labels_
        reference = SklearnAgglomerative(n_clusters=k, linkage=linkage).fit(X).labels_
        assert _same_partition(labels, reference), (k, linkage)


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("linkage", LINKAGES)
def test_fast_tree_is_sklearns_even_with_ties(dataset, linkage):
    """iris (one decimal) and digits (integer pixels) are full of tied
    distances; the chain replays SciPy's tie rule and Prim's tree starts,
    like scikit-learn's, from sample 0 and takes the lowest index on a tie,
    so the trees are equal."""
    X = DATASETS[dataset]()
    ours = AgglomerativeClustering(linkage=linkage).fit(X)
    theirs = SklearnAgglomerative(linkage=linkage, compute_distances=True).fit(X)
    # scikit-learn's own single-linkage code does not order each pair.
    assert_array_equal(ours.children_, np.sort(theirs.children_, axis=1))


@pytest.mark.parametrize("engine", ["plain", "fast"])
@pytest.mark.parametrize("linkage", LINKAGES)
def test_tree_identical_on_tie_free_data(engine, linkage):
    X = np.random.default_rng(0).normal(size=(120, 5))
    with scratchlearn.config_context(engine=engine):
        ours = AgglomerativeClustering(linkage=linkage).fit(X)
    theirs = SklearnAgglomerative(linkage=linkage, compute_distances=True).fit(X)
    # scikit-learn's own single-linkage code does not order each pair.
    assert_array_equal(ours.children_, np.sort(theirs.children_, axis=1))
    assert_allclose(ours.distances_, theirs.distances_, rtol=1e-12)
    Z = scipy_linkage(X, method=linkage)
    assert_allclose(ours.distances_, Z[:, 2], rtol=1e-12)


def test_ward_height_is_the_closed_form():
    """Eq. 7: each Ward merge height is √(2 n_A n_B / (n_A + n_B)) ‖μ_A − μ_B‖,
    computed here from the tree and the samples, not from the update."""
    X = load_iris(return_X_y=True)[0]
    n = len(X)
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            model = AgglomerativeClustering(linkage="ward").fit(X)
        members = [[i] for i in range(n)]
        for (a, b), height in zip(model.children_, model.distances_):
            A, B = members[a], members[b]
            gap = X[A].mean(0) - X[B].mean(0)
            expected = np.sqrt(2 * len(A) * len(B) / (len(A) + len(B))) * np.linalg.norm(gap)
            assert height == pytest.approx(expected, rel=1e-9, abs=1e-12)
            members.append(A + B)


def test_linkage_definitions_hold_on_the_tree():
    """Single/complete/average heights are the min/max/mean of the
    sample-to-sample distances between the two merged clusters."""
    X = np.random.default_rng(3).normal(size=(40, 3))
    D = pairwise_distances(X)
    reducers = {"single": np.min, "complete": np.max, "average": np.mean}
    for linkage, reduce in reducers.items():
        model = AgglomerativeClustering(linkage=linkage).fit(X)
        members = [[i] for i in range(len(X))]
        for (a, b), height in zip(model.children_, model.distances_):
            assert height == pytest.approx(reduce(D[np.ix_(members[a], members[b])]), rel=1e-12)
            members.append(members[a] + members[b])


def test_blocked_distances_are_bit_identical():
    for X in (load_iris(return_X_y=True)[0], load_digits(return_X_y=True)[0][:500]):
        assert_array_equal(pairwise_distances_blocked(X), pairwise_distances(X))


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2 ** 32 - 1), n=st.integers(2, 40), d=st.integers(1, 4),
       linkage=st.sampled_from(LINKAGES), k=st.integers(1, 5))
def test_plain_and_fast_paths_agree(seed, n, d, linkage, k):
    # Continuous data: distinct distances, so no tie rule is involved.
    X = np.random.default_rng(seed).normal(size=(n, d)) * 10
    k = min(k, n)
    with scratchlearn.config_context(engine="plain"):
        plain = AgglomerativeClustering(n_clusters=k, linkage=linkage).fit(X)
    with scratchlearn.config_context(engine="fast"):
        fast = AgglomerativeClustering(n_clusters=k, linkage=linkage).fit(X)
    assert_array_equal(plain.labels_, fast.labels_)
    assert_array_equal(plain.children_, fast.children_)
    assert_allclose(plain.distances_, fast.distances_, rtol=1e-12)


# Integer coordinates: duplicates and tied distances everywhere. (SciPy warns
# when a 2 × 2 or 3 × 3 input happens to look like a distance matrix.)
@pytest.mark.filterwarnings("ignore::scipy.cluster.hierarchy.ClusterWarning")
@settings(max_examples=60, deadline=None)
@given(X=arrays(np.float64, st.tuples(st.integers(2, 30), st.integers(1, 3)),
                elements=st.integers(-3, 3).map(float)),
       linkage=st.sampled_from(["ward", "complete", "average"]))
def test_fast_path_replays_scipys_tie_rule(X, linkage):
    fast = AgglomerativeClustering(linkage=linkage).fit(X)
    Z = scipy_linkage(X, method=linkage)
    assert_array_equal(fast.children_, Z[:, :2].astype(int))
    assert_allclose(fast.distances_, Z[:, 2], rtol=1e-12)


@pytest.mark.filterwarnings("ignore::scipy.cluster.hierarchy.ClusterWarning")
@settings(max_examples=60, deadline=None)
@given(X=arrays(np.float64, st.tuples(st.integers(2, 30), st.integers(1, 3)),
                elements=st.integers(-3, 3).map(float)))
def test_single_linkage_heights_do_not_depend_on_ties(X):
    """The single-linkage heights are the minimum spanning tree's edge
    weights, the same multiset whichever tied edge is taken first."""
    with scratchlearn.config_context(engine="plain"):
        plain = AgglomerativeClustering(linkage="single").fit(X)
    fast = AgglomerativeClustering(linkage="single").fit(X)
    assert_allclose(plain.distances_, fast.distances_, rtol=1e-12)
    assert_allclose(fast.distances_, scipy_linkage(X, method="single")[:, 2], rtol=1e-12)


def test_cut_gives_k_clusters_numbered_by_first_sample():
    X = load_iris(return_X_y=True)[0]
    for k in (1, 2, 7, 150):
        labels = AgglomerativeClustering(n_clusters=k).fit(X).labels_
        assert len(np.unique(labels)) == k
        _, first = np.unique(labels, return_index=True)
        assert_array_equal(labels[np.sort(first)], np.arange(k))


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_an_outlier_merged_last_keeps_a_cluster_of_its_own(engine):
    # Sample 0 joins the rest only at the last merge; cutting below it must
    # leave it alone (the cut walks the kept merges and no other).
    X = np.array([[10.0], [0.0], [1.0], [2.5]])
    for linkage in LINKAGES:
        for k, expected in [(2, [0, 1, 1, 1]), (3, [0, 1, 1, 2])]:
            with scratchlearn.config_context(engine=engine):
                model = AgglomerativeClustering(n_clusters=k, linkage=linkage).fit(X)
            assert_array_equal(model.labels_, expected)
            reference = SklearnAgglomerative(n_clusters=k, linkage=linkage).fit(X)
            assert _same_partition(model.labels_, reference.labels_)
            assert model.n_clusters_ == reference.n_clusters_ == k
            assert model.labels_.dtype == reference.labels_.dtype == np.intp


def test_defaults_are_scikit_learns():
    ours = AgglomerativeClustering().get_params()
    theirs = SklearnAgglomerative().get_params()
    assert ours == {name: theirs[name] for name in ours} == {"n_clusters": 2, "linkage": "ward"}


def test_distances_are_non_decreasing():
    X = load_digits(return_X_y=True)[0][:200]
    for linkage in LINKAGES:
        assert np.all(np.diff(AgglomerativeClustering(linkage=linkage).fit(X).distances_) >= 0)


@pytest.mark.parametrize("params, message", [
    (dict(linkage="centroid"),
     "linkage must be one of ('ward', 'complete', 'average', 'single'), got 'centroid'."),
    (dict(n_clusters=0), "n_clusters must be an int ≥ 1, got 0."),
    (dict(n_clusters=2.0), "n_clusters must be an int ≥ 1, got 2.0."),
    (dict(n_clusters=151), "n_clusters=151 is larger than n_samples=150: cannot cut 150 "
                           "samples into more clusters than samples."),
])
def test_bad_parameters(params, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        AgglomerativeClustering(**params).fit(load_iris(return_X_y=True)[0])


@pytest.mark.parametrize("engine", ["plain", "fast"])
@pytest.mark.parametrize("linkage", LINKAGES)
def test_one_sample_is_one_cluster_and_an_empty_tree(engine, linkage):
    # No merge to make: n − 1 = 0 rows, not a row of uninitialised memory.
    with scratchlearn.config_context(engine=engine):
        model = AgglomerativeClustering(n_clusters=1, linkage=linkage).fit([[0.0, 1.0]])
    assert model.children_.shape == (0, 2) and model.distances_.shape == (0,)
    assert_array_equal(model.labels_, [0])
    assert model.n_leaves_ == 1


@pytest.mark.parametrize("n, message", [
    (1, "n_clusters=2 is larger than n_samples=1: cannot cut 1 sample into more clusters "
        "than samples."),
    (2, "n_clusters=3 is larger than n_samples=2: cannot cut 2 samples into more clusters "
        "than samples."),
])
def test_more_clusters_than_samples_says_so_in_words(n, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        AgglomerativeClustering(n_clusters=n + 1).fit(np.eye(n))


def test_bad_input():
    with pytest.raises(ValueError, match="inf"):
        AgglomerativeClustering().fit(np.array([[0.0, np.inf], [1.0, 2.0], [3.0, 1.0]]))
    with pytest.raises(ValueError, match="1 sample"):
        AgglomerativeClustering().fit(np.array([[0.0, 1.0]]))
