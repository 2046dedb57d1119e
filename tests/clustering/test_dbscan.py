"""DBSCAN against scikit-learn's DBSCAN: labels identical (names included),
core and noise sets equal, on moons, blobs with noise and standardised iris;
the plain engine (every neighbourhood listed) against the fast grid one
(counts and links cell by cell); the border-point rule."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_array_equal
from sklearn.cluster import DBSCAN as SklearnDBSCAN

import scratchlearn
import scratchlearn.clustering.dbscan.model as dbscan_model
from scratchlearn.clustering.dbscan import DBSCAN, grid_neighbors
from scratchlearn.core import StandardScaler
from scratchlearn.datasets import load_digits, load_iris, make_blobs, make_moons


def _moons():
    return make_moons(600, noise=0.08, random_state=0)[0]


def _blobs_with_noise():
    X = make_blobs(500, centers=4, cluster_std=0.7, random_state=1)[0]
    noise = np.random.default_rng(1).uniform(-12, 12, size=(120, 2))
    return np.vstack([X, noise])


def _iris():
    return StandardScaler().fit_transform(load_iris(return_X_y=True)[0])


CASES = [
    ("moons", _moons, 0.1, 5), ("moons", _moons, 0.2, 10), ("moons", _moons, 0.05, 3),
    ("blobs", _blobs_with_noise, 0.5, 5), ("blobs", _blobs_with_noise, 1.0, 8),
    ("iris", _iris, 0.5, 5), ("iris", _iris, 0.8, 10), ("iris", _iris, 0.3, 2),
]


@pytest.mark.parametrize("engine", ["plain", "fast"])
@pytest.mark.parametrize("name, make, eps, min_samples", CASES,
                         ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in CASES])
def test_identical_to_sklearn(engine, name, make, eps, min_samples):
    X = make()
    with scratchlearn.config_context(engine=engine):
        ours = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
    theirs = SklearnDBSCAN(eps=eps, min_samples=min_samples).fit(X)
    assert_array_equal(ours.labels_, theirs.labels_)            # names included
    assert_array_equal(ours.core_sample_indices_, theirs.core_sample_indices_)
    assert_array_equal(ours.components_, theirs.components_)
    if name == "blobs":
        assert ours.labels_.max() >= 1 and np.any(ours.labels_ == -1)


@pytest.mark.parametrize("metric", ["manhattan", "chebyshev"])
def test_other_metrics_identical_to_sklearn(metric):
    X = _iris()
    for eps in (0.5, 1.0):
        ours = DBSCAN(eps=eps, metric=metric).fit(X)
        theirs = SklearnDBSCAN(eps=eps, metric=metric).fit(X)
        assert_array_equal(ours.labels_, theirs.labels_)
        assert_array_equal(ours.core_sample_indices_, theirs.core_sample_indices_)


def test_border_point_joins_the_lowest_numbered_cluster():
    """Eq. 6: point 8 is within ε of a core point of each cluster but is not
    core itself; it goes to the cluster of the lower-index core points."""
    left = [[0.0, 0.0], [0.0, 0.4], [0.0, -0.4], [-0.4, 0.0]]
    right = [[2.0, 0.0], [2.0, 0.4], [2.0, -0.4], [2.4, 0.0]]
    border = [[1.0, 0.0]]
    for X, expected in [(np.array(left + right + border), 0),
                        (np.array(right + left + border), 0)]:
        # Core points need 4 neighbours; the border point has 3 (itself, the
        # nearest point of each cluster at distance 1 ≤ ε = 1).
        for engine in ("plain", "fast"):
            with scratchlearn.config_context(engine=engine):
                labels = DBSCAN(eps=1.0, min_samples=4).fit(X).labels_
            assert_array_equal(labels, SklearnDBSCAN(eps=1.0, min_samples=4).fit(X).labels_)
            assert labels[8] == expected and set(labels[:8]) == {0, 1}
    # Whichever side is listed first owns cluster 0, and so the border point.
    X = np.array(right + left + border)
    labels = DBSCAN(eps=1.0, min_samples=4).fit(X).labels_
    assert labels[0] == 0 and labels[4] == 1 and labels[8] == 0


def test_a_pair_exactly_eps_apart_are_neighbours():
    X = np.array([[0.0], [0.5], [3.0]])
    labels = DBSCAN(eps=0.5, min_samples=2).fit(X).labels_
    assert_array_equal(labels, [0, 0, -1])
    assert_array_equal(labels, SklearnDBSCAN(eps=0.5, min_samples=2).fit(X).labels_)


def test_min_samples_one_makes_every_point_core():
    X = _moons()
    model = DBSCAN(eps=0.05, min_samples=1).fit(X)
    assert len(model.core_sample_indices_) == len(X) and np.all(model.labels_ >= 0)


def _assert_engines_agree(X, **params):
    """Labels (names included) and core points equal across the engines and
    equal to scikit-learn's. The fast engine runs twice: as shipped (small or
    high-dimensional data may hand over to the plain scan) and with the grid
    forced, so that the grid's own code is what is compared."""
    with scratchlearn.config_context(engine="plain"):
        plain = DBSCAN(**params).fit(X)
    theirs = SklearnDBSCAN(**params).fit(X)
    assert_array_equal(plain.labels_, theirs.labels_)
    assert_array_equal(plain.core_sample_indices_, theirs.core_sample_indices_)
    with scratchlearn.config_context(engine="fast"), pytest.MonkeyPatch.context() as patch:
        fast = DBSCAN(**params).fit(X)
        patch.setattr(grid_neighbors, "MAX_MEASURED_SHARE", np.inf)
        grid = DBSCAN(**params).fit(X)
    for ours in (fast, grid):
        assert_array_equal(ours.labels_, plain.labels_)
        assert_array_equal(ours.core_sample_indices_, plain.core_sample_indices_)
    return grid


@pytest.mark.parametrize("metric", ["euclidean", "manhattan", "chebyshev"])
def test_engines_agree_on_real_data(metric):
    digits = load_digits(return_X_y=True)[0][:300]
    for X, eps in [(_iris(), 0.6), (_moons(), 0.1), (digits, 25.0), (_blobs_with_noise(), 0.8)]:
        for min_samples in (1, 3, 8, 20):
            _assert_engines_agree(X, eps=eps, min_samples=min_samples, metric=metric)


def test_engines_agree_where_counts_are_undecided_and_cells_link_by_one_pair():
    """Dense blobs at many densities: cells whose neighbour count the bounds
    settle, cells measured point by point, and clusters joined through a
    single pair of cells, with border points between clusters."""
    rng = np.random.default_rng(3)
    centres = np.array([[0.0, 0.0], [2.2, 0.0], [0.0, 2.5], [6.0, 6.0]])
    X = np.vstack([centres[rng.integers(0, 4, 3000)] + rng.normal(size=(3000, 2)) * 0.6,
                   rng.uniform(-4, 9, size=(300, 2))])
    for eps, min_samples in [(0.1, 5), (0.2, 12), (0.3, 40), (0.3, 90), (0.5, 150)]:
        fast = _assert_engines_agree(X, eps=eps, min_samples=min_samples)
        assert fast.labels_.max() >= 1 and np.any(fast.labels_ == -1)


def test_a_grid_too_fine_for_int64_keys_hands_over_to_the_plain_scan():
    # (scikit-learn's brute force loses the small differences next to 1e30
    # to cancellation, so the reference here is the exact answer.)
    X = np.array([[0.0, 0.0], [0.5, 0.0], [1e30, 0.0], [1e30, 0.5], [1e30, 2.0]])
    assert grid_neighbors._grid(X, 0.5) is None
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            assert_array_equal(DBSCAN(eps=0.5, min_samples=2).fit(X).labels_, [0, 0, 1, 1, -1])


HUGE = [
    # The core cell and the border cell 4e4 cells apart, each paired only
    # with itself: each side of those pairs is empty of the other kind.
    ("apart", [[1e160], [1e160], [1e160], [1e160 + 1e150]], 1e146, 3),
    # Noise 1.1 ε below and above the core points, in cells paired with the
    # core cell (pairs listed both ways round, the empty side first and last).
    ("paired", [[1e160 - 1.1e146], [1e160], [1e160], [1e160], [1e160 + 1.1e146]], 1e146, 3),
    # Spreads of 0, while max + min, or one column's value minus another's,
    # overflow.
    ("opposite", [[1e308, -1e308], [1e308, -1e308], [1e308, -1e308]], 1.0, 2),
    # A grid of 7 × 2.4e307 cells: the product stays finite (and is far too
    # many cells, so the plain scan takes over), 8 × 2.4e307 would not.
    ("extent", [[0.0, 0.0], [0.0, 1e154]], 1.25e-153, 1),
    # 4e20 cells: at 2**62 or more the plain scan takes over, before cell
    # numbers are cast to int64 (which holds less than 9.3e18).
    ("keys", [[0.0], [1e20]], 1.0, 1),
]


@pytest.mark.parametrize("name, X, eps, min_samples", HUGE, ids=[c[0] for c in HUGE])
def test_huge_coordinates_give_no_overflow_warning(name, X, eps, min_samples):
    """Boxes are bounded only for pairs of cells with points on both sides
    (the box of an empty side is zeros, and its distance to a box near 1e160
    overflows), and the grid measures spreads and extents, never sums that
    can overflow when the data does not."""
    X = np.array(X)
    # (scikit-learn's brute force loses the gap of 1e150 next to 1e160 to
    # cancellation and calls point 3 core; its k-d tree measures it exactly.)
    theirs = SklearnDBSCAN(eps=eps, min_samples=min_samples, algorithm="kd_tree").fit(X)
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine), warnings.catch_warnings():
            warnings.simplefilter("error")
            ours = DBSCAN(eps=eps, min_samples=min_samples).fit(X)
        assert_array_equal(ours.labels_, theirs.labels_)
        assert_array_equal(ours.core_sample_indices_, theirs.core_sample_indices_)
    if name == "apart":
        assert_array_equal(ours.labels_, [0, 0, 0, -1])
    if name == "paired":
        assert_array_equal(ours.labels_, [-1, 0, 0, 0, -1])


@pytest.mark.parametrize("X, eps", [
    ([[0.0], [1e10]], 1e-300),                                      # spread / (ε/4) > 1.8e308
    ([[0.0, 0.0, 0.0], [1e103, 1e103, 1e103]], 1.0),                # (2e103)³ > 1.8e308
    ([[0.0], [1.0]], 5e-324),                                       # ε/4 underflows: 0/0
], ids=["divide", "extents", "underflow"])
def test_a_tiny_eps_or_a_huge_grid_gives_no_overflow_warning(X, eps):
    """Found by mutation testing: the grid sized its cells before checking
    they fit, and warned (an error here) on such data; it now hands them to the
    plain scan."""
    X = np.array(X)
    expected = SklearnDBSCAN(eps=eps, min_samples=1, algorithm="kd_tree").fit(X).labels_
    assert_array_equal(expected, [0, 1])
    with scratchlearn.config_context(engine="plain"), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_array_equal(DBSCAN(eps=eps, min_samples=1).fit(X).labels_, expected)
    with scratchlearn.config_context(engine="fast"), warnings.catch_warnings():
        warnings.simplefilter("error")
        assert_array_equal(DBSCAN(eps=eps, min_samples=1).fit(X).labels_, expected)


@pytest.mark.parametrize("metric, expected", [
    ("euclidean", [-1, -1, -1]), ("manhattan", [-1, -1, -1]), ("chebyshev", [0, 0, -1]),
])
def test_the_plain_scan_that_takes_over_keeps_the_metric(metric, expected):
    """Grid keys would not fit in int64 (a point at 1e30, ε = 0.5), so the
    plain scan runs, with the metric asked for: the pair (0, 0)–(0.4, 0.4)
    is 0.57 apart (Euclidean), 0.8 (Manhattan), 0.4 (Chebyshev)."""
    X = np.array([[0.0, 0.0], [0.4, 0.4], [1e30, 0.0]])
    assert grid_neighbors._grid(X, 0.5) is None
    theirs = SklearnDBSCAN(eps=0.5, min_samples=2, metric=metric, algorithm="kd_tree").fit(X)
    assert_array_equal(theirs.labels_, expected)
    with scratchlearn.config_context(engine="fast"):
        assert_array_equal(DBSCAN(eps=0.5, min_samples=2, metric=metric).fit(X).labels_,
                           expected)


# Found by search on a lattice of step ε/4: the pairs of points the grid
# would measure one by one (those of its "maybe" pairs of cells, counted each
# way, a cell paired with itself once) against n²/2.
ROUTES = [
    # 4-D, one cell paired with itself among the maybe pairs: 12 ≤ 12.5.
    ("grid", [[0.0, 0.25, -0.75, -0.25], [0.0, -0.75, -0.5, 0.0], [0.75, 0.25, -0.75, -0.5],
              [-0.25, 0.0, 0.25, 0.5], [-0.25, -0.25, 0.5, -0.75]]),
    # 2-D, pairs of distinct cells only: 14 > 12.5.
    ("plain", [[0.75, 0.25], [-0.5, 0.25], [0.25, -0.75], [0.25, -0.5], [-0.25, 0.5]]),
    # 2-D, exactly half of the n² = 16 pairs: 8, not more.
    ("grid", [[-0.25, -0.5], [0.5, -0.75], [-0.5, -0.5], [0.75, -0.5]]),
    # 208 cells (far fewer than 2**62), one point in each: nothing to measure.
    ("grid", np.arange(200.0)[:, None] / 4),
]


@pytest.mark.parametrize("route, X", ROUTES, ids=["self-pair", "over-half", "half", "line"])
def test_the_grid_hands_over_when_it_would_measure_more_than_half_the_pairs(
        monkeypatch, route, X):
    """MAX_MEASURED_SHARE = ½: the grid hands over to the plain scan exactly
    when the pairs it would measure one by one exceed half of all n² pairs."""
    X = np.array(X)
    plain_runs = []
    original = grid_neighbors._plain

    def plain(*args):
        plain_runs.append(args)
        return original(*args)

    monkeypatch.setattr(grid_neighbors, "_plain", plain)
    with scratchlearn.config_context(engine="fast"):
        ours = DBSCAN(eps=1.0, min_samples=2).fit(X)
    assert len(plain_runs) == (route == "plain")
    theirs = SklearnDBSCAN(eps=1.0, min_samples=2).fit(X)
    assert_array_equal(ours.labels_, theirs.labels_)
    assert_array_equal(ours.core_sample_indices_, theirs.core_sample_indices_)


def test_cell_numbers_beyond_2_to_the_53_stay_exact(monkeypatch):
    """1.6e16 cells of ε/4 between 0 and the pair: integer keys are exact
    there, floating-point ones are not (their spacing is 2), and a rounded
    key finds the wrong cells (data found by search)."""
    X = np.array([[0.0], [1.2031949231739936e16], [1.2031949231739938e16]])   # 2 apart
    # (scikit-learn's brute force loses the gap of 2 next to 1.2e16 to
    # cancellation; its k-d tree measures it exactly.)
    theirs = SklearnDBSCAN(eps=1.5, min_samples=2, algorithm="kd_tree").fit(X)
    assert_array_equal(theirs.labels_, [-1, -1, -1])
    monkeypatch.setattr(grid_neighbors, "MAX_MEASURED_SHARE", np.inf)
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            assert_array_equal(DBSCAN(eps=1.5, min_samples=2).fit(X).labels_, theirs.labels_)


def test_components_match_scipy():
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    rng = np.random.default_rng(0)
    for n, m in [(1, 0), (50, 10), (300, 280), (1000, 3000)]:
        u, v = rng.integers(0, n, m), rng.integers(0, n, m)
        root = grid_neighbors._components(np.arange(n), u, v)
        _, theirs = connected_components(coo_matrix((np.ones(m), (u, v)), shape=(n, n)),
                                         directed=False)
        lowest = np.full(n, n)
        np.minimum.at(lowest, theirs, np.arange(n))
        assert_array_equal(root, lowest[theirs])       # each root the lowest node


# Integer coordinates on a small grid: many duplicates and many pairs at
# exactly ε, the hard cases for both a grid and a threshold.
@settings(max_examples=60, deadline=None)
@given(X=arrays(np.float64, st.tuples(st.integers(1, 40), st.integers(1, 5)),
                elements=st.integers(-4, 4).map(float)),
       eps=st.sampled_from([0.5, 1.0, 1.5, 2.0, 3.0]),
       min_samples=st.integers(1, 6),
       metric=st.sampled_from(["euclidean", "manhattan", "chebyshev"]))
def test_plain_and_fast_paths_agree(X, eps, min_samples, metric):
    _assert_engines_agree(X, eps=eps, min_samples=min_samples, metric=metric)


# Coordinates on a lattice of step ε/4, ε/3 or ε/2 (the grid's cell sides for
# 1, 2 and 3 gridded coordinates, and their multiples): points on cell
# boundaries, pairs at exactly ε along and across the axes, duplicates,
# 1-D to 4-D data, and clusters large enough for cells to be counted whole.
@settings(max_examples=80, deadline=None)
@given(data=st.data(), d=st.integers(1, 4), step=st.sampled_from([2, 3, 4]),
       min_samples=st.integers(1, 12),
       metric=st.sampled_from(["euclidean", "manhattan", "chebyshev"]))
def test_engines_agree_on_cell_boundaries(data, d, step, min_samples, metric):
    eps = 0.75
    n = data.draw(st.integers(1, 120))
    lattice = data.draw(arrays(np.int64, (n, d), elements=st.integers(-8, 8)))
    _assert_engines_agree(lattice * (eps / step), eps=eps, min_samples=min_samples,
                          metric=metric)


def test_blocks_do_not_change_the_result(monkeypatch):
    X = _moons()
    expected = DBSCAN(eps=0.1).fit(X).labels_
    monkeypatch.setattr(dbscan_model, "BLOCK_ENTRIES", 1000)
    monkeypatch.setattr(grid_neighbors, "BLOCK_ENTRIES", 1000)
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            assert_array_equal(DBSCAN(eps=0.1).fit(X).labels_, expected)


def test_blocks_that_cut_pairs_of_cells_unevenly_measure_each_pair_once(monkeypatch):
    """Blocks of 2 pairs of points: a pair of cells whose first holds more
    points than one block's run is cut into runs, the last one shorter, which
    must stop at its cell's end (data found by search on a lattice of step ε/4)."""
    X = np.array([[0.0, 0.5], [-0.75, -0.75], [-0.25, 0.25], [0.75, 1.0], [-1.0, 0.75],
                  [-0.5, 0.75], [0.25, -0.75], [0.75, -1.0], [0.0, -0.25], [-0.5, -0.25],
                  [1.0, -0.5], [0.0, -0.75], [-0.75, -0.75], [1.0, -0.75], [0.75, -1.0],
                  [0.75, -1.0], [-1.0, -1.0]])
    monkeypatch.setattr(grid_neighbors, "MAX_MEASURED_SHARE", np.inf)
    monkeypatch.setattr(grid_neighbors, "BLOCK_ENTRIES", 2)
    for min_samples in (3, 5, 8):
        theirs = SklearnDBSCAN(eps=1.0, min_samples=min_samples).fit(X)
        ours = DBSCAN(eps=1.0, min_samples=min_samples).fit(X)
        assert_array_equal(ours.labels_, theirs.labels_)
        assert_array_equal(ours.core_sample_indices_, theirs.core_sample_indices_)


def test_row_order_permutes_core_and_noise_sets():
    X = _blobs_with_noise()
    order = np.random.default_rng(0).permutation(len(X))
    a, b = DBSCAN(eps=0.5).fit(X), DBSCAN(eps=0.5).fit(X[order])
    assert_array_equal(a.labels_[order] == -1, b.labels_ == -1)
    assert_array_equal(np.sort(order[b.core_sample_indices_]), a.core_sample_indices_)


@pytest.mark.parametrize("params, match", [
    (dict(eps=0.0), "eps"), (dict(eps=-1.0), "eps"), (dict(eps="big"), "eps"),
    (dict(min_samples=0), "min_samples"), (dict(min_samples=2.5), "min_samples"),
    (dict(metric="cosine"), "metric"),
])
def test_bad_parameters(params, match):
    with pytest.raises(ValueError, match=match):
        DBSCAN(**params).fit(_iris())


def test_defaults_are_scikit_learns():
    defaults = {"eps": 0.5, "min_samples": 5, "metric": "euclidean"}
    assert DBSCAN().get_params() == defaults
    theirs = SklearnDBSCAN().get_params()
    assert {key: theirs[key] for key in defaults} == defaults


def test_bad_input():
    with pytest.raises(ValueError, match="NaN"):
        DBSCAN().fit(np.array([[0.0, np.nan], [1.0, 2.0]]))
    with pytest.raises(ValueError):
        DBSCAN().fit(np.array([1.0, 2.0, 3.0]))


def test_grid_blocks_cut_big_pairs_of_cells(monkeypatch):
    """Blocks smaller than one pair of cells (up to 75 pairs of points to
    measure in one here): every pair is still measured, once."""
    X = _blobs_with_noise()
    monkeypatch.setattr(grid_neighbors, "MAX_MEASURED_SHARE", np.inf)
    for eps, min_samples in [(0.5, 5), (1.0, 8), (2.5, 60)]:
        expected = SklearnDBSCAN(eps=eps, min_samples=min_samples).fit(X).labels_
        for budget in (1, 7, 1000):
            monkeypatch.setattr(grid_neighbors, "BLOCK_ENTRIES", budget)
            assert_array_equal(DBSCAN(eps=eps, min_samples=min_samples).fit(X).labels_,
                               expected)
