"""KMeans against scikit-learn's KMeans: identical labels from the same initial
centres, inertia within 1 % with k-means++; the two Lloyd steps, k-means++,
empty clusters, properties and bad input."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.cluster import KMeans as SKKMeans
from threadpoolctl import threadpool_limits

import scratchlearn
from scratchlearn.clustering.kmeans import KMeans
from scratchlearn.clustering.kmeans.incremental_lloyd import lloyd_incremental
from scratchlearn.clustering.kmeans.model import (
    assign,
    inertia,
    kmeans_plusplus,
    lloyd,
    update_centres,
)
from scratchlearn.core import ConvergenceWarning, NotFittedError, check_gradient
from scratchlearn.datasets import load_digits, load_iris, load_wine, make_blobs

INERTIA_RTOL = 1e-10        # same initial centres: the tolerance
KMEANS_PP_RTOL = 0.01       # k-means++ with n_init=10: within 1 % of scikit-learn

DATA = {
    "iris": lambda: load_iris(return_X_y=True)[0],
    "wine": lambda: load_wine(return_X_y=True)[0],
    "digits": lambda: load_digits(return_X_y=True)[0],
    "blobs": lambda: make_blobs(1500, 5, centers=6, cluster_std=1.5, random_state=0)[0],
}


@pytest.fixture(autouse=True)
def _one_blas_thread():
    # Both libraries on one thread: on a shared machine, OpenMP and BLAS
    # threads fighting over the cores make these fits many times slower.
    with threadpool_limits(limits=1):
        yield


def _initial_centres(X, K, seed):
    rng = np.random.default_rng(seed)
    return X[rng.choice(len(X), K, replace=False)]


# ---------------------------------------------------------------------------
# Reference comparisons
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("engine", ["plain", "fast"])
@pytest.mark.parametrize("name", DATA)
@pytest.mark.parametrize("K", [2, 3, 8, 10])
def test_same_initial_centres_give_scikit_learns_clustering(name, K, engine):
    X = DATA[name]()
    C0 = _initial_centres(X, K, seed=K)
    with scratchlearn.config_context(engine=engine):
        ours = KMeans(K, init=C0, n_init=1).fit(X)
    theirs = SKKMeans(K, init=C0, n_init=1).fit(X)
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=INERTIA_RTOL)
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_,
                               rtol=1e-10, atol=1e-10)
    assert ours.n_iter_ == theirs.n_iter_


@pytest.mark.parametrize("name", DATA)
def test_tolerance_is_scaled_by_the_mean_variance_and_ends_with_an_assignment(name):
    # A loose tol stops on the centre shift (eq. 5) before the labels settle;
    # the stopping iteration and the final assignment step must match.
    X = DATA[name]()
    C0 = _initial_centres(X, 6, seed=1)
    for tol in (1e-1, 1e-2, 1e-3):
        ours = KMeans(6, init=C0, n_init=1, tol=tol).fit(X)
        theirs = SKKMeans(6, init=C0, n_init=1, tol=tol).fit(X)
        assert ours.n_iter_ == theirs.n_iter_
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
        assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=INERTIA_RTOL)


@pytest.mark.parametrize("name", ["blobs", "iris", "digits"])
@pytest.mark.parametrize("K", [3, 8, 10])
def test_kmeans_plus_plus_inertia_within_one_percent(name, K):
    # The two libraries draw different random numbers, so one seed against one
    # seed compares two local optima at random (iris, K = 10: ±3 % either way);
    # the mean over five seeds compares the methods.
    X = DATA[name]()
    ours = np.mean([KMeans(K, n_init=10, random_state=s).fit(X).inertia_ for s in range(5)])
    theirs = np.mean([SKKMeans(K, n_init=10, random_state=s).fit(X).inertia_
                      for s in range(5)])
    assert ours <= theirs * (1 + KMEANS_PP_RTOL)


def test_transform_predict_and_score_match_scikit_learn():
    X = DATA["wine"]()
    C0 = _initial_centres(X, 4, seed=3)
    ours = KMeans(4, init=C0, n_init=1).fit(X)
    theirs = SKKMeans(4, init=C0, n_init=1).fit(X)
    X_new = X[::3] * 1.05
    np.testing.assert_allclose(ours.transform(X_new), theirs.transform(X_new), rtol=1e-9)
    np.testing.assert_array_equal(ours.predict(X_new), theirs.predict(X_new))
    assert ours.score(X_new) == pytest.approx(theirs.score(X_new), rel=1e-10)
    np.testing.assert_allclose(ours.fit_transform(X), theirs.fit_transform(X), rtol=1e-9)


def test_an_empty_cluster_moves_to_the_farthest_point_as_in_scikit_learn():
    X = DATA["iris"]()
    C0 = np.vstack([_initial_centres(X, 3, seed=0), np.full(4, 100.0)])   # nobody's nearest
    ours = KMeans(4, init=C0, n_init=1).fit(X)
    theirs = SKKMeans(4, init=C0, n_init=1).fit(X)
    assert np.unique(ours.labels_).size == 4
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=INERTIA_RTOL)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_a_first_assignment_all_to_cluster_one_is_not_taken_for_convergence(engine):
    # Every sample is nearest to centre 1 at the first step: the loop must go
    # on (refill the empty cluster 0, reassign) as scikit-learn's does, not
    # mistake those labels for the "previous" ones it starts from.
    X = DATA["iris"]()
    C0 = np.vstack([np.full(4, 100.0), X.mean(axis=0)])
    with scratchlearn.config_context(engine=engine):
        ours = KMeans(2, init=C0, n_init=1).fit(X)
    theirs = SKKMeans(2, init=C0, n_init=1).fit(X)
    assert ours.n_iter_ == theirs.n_iter_ == 8
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=INERTIA_RTOL)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_repeated_labels_stop_the_loop_even_while_a_refilled_centre_moves(engine):
    # Three equal initial centres: cluster 3 is left empty at every round and
    # refilled with the farthest sample, which moves while the labels already
    # repeat. Repeated labels stop the loop (round 3), as in scikit-learn; the
    # centre shift alone would go on to round 5 with other labels.
    X = np.array([[0.0, -2.0], [0.0, 2.0], [0.0, -2.0], [0.0, -1.0], [0.0, 2.0], [1.0, -2.0]])
    C0 = np.array([[0.0, 2.0], [0.0, 2.0], [0.0, 2.0], [7.0, 7.0]])
    with (scratchlearn.config_context(engine=engine),
          pytest.warns(ConvergenceWarning, match="distinct clusters")):
        ours = KMeans(4, init=C0, n_init=1, tol=0.0).fit(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")         # scikit-learn warns the same
        theirs = SKKMeans(4, init=C0, n_init=1, tol=0.0).fit(X)
    assert ours.n_iter_ == theirs.n_iter_ == 3
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, atol=1e-12)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_max_iter_stops_after_exactly_that_many_rounds_as_in_scikit_learn(engine):
    X = DATA["digits"]()
    C0 = _initial_centres(X, 10, seed=10)
    for max_iter in (1, 2, 3):
        message = (f"KMeans stopped at max_iter={max_iter} before the assignments settled; "
                   "increase max_iter or tol.")
        with (scratchlearn.config_context(engine=engine),
              pytest.warns(ConvergenceWarning, match=f"^{re.escape(message)}$")):
            ours = KMeans(10, init=C0, n_init=1, max_iter=max_iter).fit(X)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")         # scikit-learn's own ConvergenceWarning
            theirs = SKKMeans(10, init=C0, n_init=1, max_iter=max_iter).fit(X)
        assert ours.n_iter_ == theirs.n_iter_ == max_iter == len(ours.loss_history_)
        np.testing.assert_array_equal(ours.labels_, theirs.labels_)
        assert ours.inertia_ == pytest.approx(theirs.inertia_, rel=INERTIA_RTOL)
        np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_,
                                   rtol=1e-10, atol=1e-10)


@pytest.mark.parametrize("run_lloyd", [lloyd, lloyd_incremental], ids=["plain", "fast"])
def test_a_centre_shift_exactly_at_tol_stops_the_loop(run_lloyd):
    # Eq. 5 is "shift ≤ tol": a first shift equal to tol stops after one
    # round, converged; a tol one float below it does not (but converges later).
    X = DATA["iris"]()
    C0 = _initial_centres(X, 3, seed=4)
    C1, _ = update_centres(X, assign(X, C0)[0], C0)
    shift = float(np.sum((C1 - C0) ** 2))
    _, _, _, n_iter, converged, _ = run_lloyd(X, C0, max_iter=100, tol=shift)
    assert (n_iter, converged) == (1, True)
    _, _, _, n_iter, converged, _ = run_lloyd(X, C0, max_iter=100, tol=np.nextafter(shift, 0))
    assert n_iter > 1 and converged is True
    # With tol = 0 only repeated labels stop the loop: converged too.
    _, _, _, n_iter, converged, _ = run_lloyd(X, C0, max_iter=100, tol=0.0)
    assert 1 < n_iter < 100 and converged is True


# ---------------------------------------------------------------------------
# The two steps and the objective
# ---------------------------------------------------------------------------

def test_update_step_is_the_minimiser_of_the_inertia_for_fixed_labels(rng):
    X = rng.normal(size=(60, 3))
    z = rng.integers(0, 4, 60)

    def J(C):
        return inertia(X, C.reshape(4, 3), z)

    def grad(C):      # ∂J/∂c_k = 2 (N_k c_k − Σ_{z_i = k} x_i)
        C = C.reshape(4, 3)
        N = np.bincount(z, minlength=4)[:, None]
        S = np.array([X[z == k].sum(axis=0) for k in range(4)])
        return (2.0 * (N * C - S)).ravel()

    C = rng.normal(size=12)
    assert check_gradient(J, grad, C) < 1e-7
    C_star, N = update_centres(X, z, C.reshape(4, 3))
    np.testing.assert_allclose(grad(C_star.ravel()), 0.0, atol=1e-12)
    np.testing.assert_array_equal(N, np.bincount(z, minlength=4))
    for _ in range(20):       # any other centres do worse
        assert J(C_star.ravel() + 0.01 * rng.normal(size=12)) > J(C_star.ravel())


def test_assignment_step_picks_the_nearest_centre(rng):
    X, C = rng.normal(size=(200, 4)), rng.normal(size=(5, 4))
    z, partial = assign(X, C)
    distances = ((X[:, None, :] - C[None]) ** 2).sum(axis=2)
    np.testing.assert_array_equal(z, distances.argmin(axis=1))
    np.testing.assert_allclose(partial + (X ** 2).sum(axis=1), distances.min(axis=1),
                               rtol=1e-10, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 10_000), st.integers(2, 6))
def test_inertia_never_increases_across_lloyd_iterations(seed, K):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(80, 3)) + rng.integers(0, 3, size=(80, 1))
    C0 = X[rng.choice(80, K, replace=False)]
    C, z, J, n_iter, _, history = lloyd(X, C0, max_iter=100, tol=0.0)
    assert np.all(np.diff(history) <= 1e-9 * history[0])
    assert J <= history[-1] * (1 + 1e-12)
    assert len(history) == n_iter
    np.testing.assert_array_equal(z, assign(X, C)[0])


def test_kmeans_plus_plus_seeds_one_centre_per_separated_group(rng):
    X = np.vstack([rng.normal(size=(50, 2)) * 0.1 + shift
                   for shift in ([0, 0], [20, 0], [0, 20], [20, 20])])
    for seed in range(20):
        C, indices = kmeans_plusplus(X, 4, np.random.default_rng(seed))
        np.testing.assert_array_equal(C, X[indices])
        assert sorted(indices // 50) == [0, 1, 2, 3]


class _CountingGenerator:
    """A numpy Generator that records the size of every ``uniform`` draw."""

    def __init__(self, seed):
        self.rng, self.uniform_sizes = np.random.default_rng(seed), []

    def integers(self, *args, **kwargs):
        return self.rng.integers(*args, **kwargs)

    def uniform(self, size):
        self.uniform_sizes.append(size)
        return self.rng.uniform(size=size)


@pytest.mark.parametrize("K", [2, 3, 8, 10, 21])
def test_kmeans_plus_plus_draws_two_plus_log_k_candidates_per_centre(K):
    # scikit-learn's documented default, n_local_trials = 2 + ⌊ln K⌋: 2, 3, 4,
    # 4 and 5 candidates here, one batch for each centre after the first.
    X = DATA["blobs"]()[:200]
    rng = _CountingGenerator(K)
    kmeans_plusplus(X, K, rng)
    assert rng.uniform_sizes == [{2: 2, 3: 3, 8: 4, 10: 4, 21: 5}[K]] * (K - 1)


class _TopOfTheRangeGenerator:
    """First centre sample 0, then every uniform draw the largest float below 1."""

    def integers(self, n):
        return 0

    def uniform(self, size):
        return np.full(size, np.nextafter(1.0, 0.0))


def test_a_draw_rounded_past_the_running_sum_picks_the_last_sample():
    # Here Σ D² (pairwise summation) exceeds the last running sum by one
    # rounding step, so the top draw lands past the end of eq. 6's CDF: it
    # belongs to the last sample, whose share is the top of the range.
    X = np.random.default_rng(9).normal(size=(20, 2))
    C, indices = kmeans_plusplus(X, 2, _TopOfTheRangeGenerator())
    np.testing.assert_array_equal(indices, [0, 19])
    np.testing.assert_array_equal(C, X[[0, 19]])


@pytest.mark.filterwarnings("ignore::scratchlearn.core.ConvergenceWarning")
def test_kmeans_plus_plus_beats_random_seeds_on_average():
    X = DATA["digits"]()
    pp, random = [], []
    for seed in range(10):
        pp.append(KMeans(10, n_init=1, max_iter=1, random_state=seed).fit(X).loss_history_[0])
        random.append(KMeans(10, init="random", n_init=1, max_iter=1,
                             random_state=seed).fit(X).loss_history_[0])
    assert np.mean(pp) < np.mean(random)


# ---------------------------------------------------------------------------
# The plain and fast paths fit the same model
# ---------------------------------------------------------------------------

@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 7), st.booleans(), st.booleans())
def test_plain_and_fast_paths_agree(seed, K, rounded, far_centre):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(90, 3)) * rng.uniform(0.1, 10, size=3)
    if rounded:                                     # ties and duplicate rows
        X = np.round(X)
    C0 = X[rng.choice(90, K, replace=False)]
    if far_centre:                                  # an empty cluster to refill
        C0[-1] = 1e3
    fits = {}
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            fits[engine] = KMeans(K, init=C0, n_init=1, tol=0.0).fit(X)
    plain, fast = fits["plain"], fits["fast"]
    np.testing.assert_array_equal(fast.labels_, plain.labels_)
    np.testing.assert_allclose(fast.cluster_centers_, plain.cluster_centers_,
                               rtol=1e-10, atol=1e-10)
    assert fast.inertia_ == pytest.approx(plain.inertia_, rel=1e-10, abs=1e-12)
    assert fast.n_iter_ == plain.n_iter_
    np.testing.assert_allclose(fast.loss_history_, plain.loss_history_, rtol=1e-9, atol=1e-9)


def test_both_paths_match_scikit_learn_with_kmeans_plus_plus_seeds():
    X = DATA["digits"]()
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            ours = KMeans(10, n_init=3, random_state=1).fit(X)
        C0 = ours.cluster_centers_ + 0.5       # a fresh start near the solution
        with scratchlearn.config_context(engine=engine):
            again = KMeans(10, init=C0, n_init=1).fit(X)
        theirs = SKKMeans(10, init=C0, n_init=1).fit(X)
        np.testing.assert_array_equal(again.labels_, theirs.labels_)
        assert again.inertia_ == pytest.approx(theirs.inertia_, rel=INERTIA_RTOL)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

def test_fit_predict_predict_and_labels_agree():
    X = DATA["blobs"]()
    model = KMeans(5, random_state=1)
    labels = model.fit_predict(X)
    np.testing.assert_array_equal(labels, model.labels_)
    np.testing.assert_array_equal(model.predict(X), model.labels_)
    assert model.score(X) == pytest.approx(-model.inertia_, rel=1e-12)
    np.testing.assert_array_equal(model.transform(X).argmin(axis=1), model.labels_)


def test_same_seed_same_clustering_bit_for_bit():
    X = DATA["digits"]()
    a = KMeans(8, n_init=3, random_state=5).fit(X)
    b = KMeans(8, n_init=3, random_state=5).fit(X)
    np.testing.assert_array_equal(a.cluster_centers_, b.cluster_centers_)
    np.testing.assert_array_equal(a.labels_, b.labels_)


def test_row_order_and_translation_do_not_change_the_clustering(rng):
    X = DATA["wine"]()
    C0 = _initial_centres(X, 3, seed=2)
    base = KMeans(3, init=C0, n_init=1).fit(X)
    order = rng.permutation(len(X))
    shuffled = KMeans(3, init=C0, n_init=1).fit(X[order])
    np.testing.assert_array_equal(shuffled.labels_, base.labels_[order])
    shifted = KMeans(3, init=C0 + 1000.0, n_init=1).fit(X + 1000.0)
    np.testing.assert_array_equal(shifted.labels_, base.labels_)
    assert shifted.inertia_ == pytest.approx(base.inertia_, rel=1e-9)


def test_more_runs_never_give_a_worse_inertia():
    X = DATA["digits"]()
    one = KMeans(10, n_init=1, random_state=0).fit(X).inertia_
    ten = KMeans(10, n_init=10, random_state=0).fit(X).inertia_
    assert ten <= one


def test_max_iter_reached_warns():
    X = DATA["digits"]()
    with pytest.warns(ConvergenceWarning, match="max_iter"):
        KMeans(10, n_init=1, max_iter=1, random_state=0).fit(X)


def test_duplicate_points_warn_about_fewer_clusters():
    X = np.repeat([[0.0, 0.0], [1.0, 1.0]], 5, axis=0)
    with pytest.warns(ConvergenceWarning, match="distinct clusters"):
        KMeans(3, random_state=0).fit(X)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("params, message", [
    ({"n_clusters": 0}, "n_clusters"),
    ({"n_clusters": 2.5}, "n_clusters"),
    ({"n_init": 0}, "n_init"),
    ({"max_iter": 0}, "max_iter"),
    ({"tol": -1.0}, "tol"),
    ({"init": "kmeans"}, "init"),
    ({"init": np.zeros((2, 4)), "n_clusters": 3, "n_init": 1}, "shape"),
    ({"init": np.zeros((3, 2)), "n_clusters": 3, "n_init": 1}, "shape"),
])
def test_bad_parameters_raise(params, message):
    X = DATA["iris"]()
    with pytest.raises(ValueError, match=message):
        KMeans(**params).fit(X)


def test_more_clusters_than_samples_raises():
    with pytest.raises(ValueError, match="n_samples=3 should be >= n_clusters=4"):
        KMeans(4).fit(np.eye(3))


def test_init_array_with_several_runs_warns_and_runs_once():
    X = DATA["iris"]()
    with pytest.warns(RuntimeWarning, match="once"):
        KMeans(3, init=X[:3], n_init=5).fit(X)


def test_bad_input_and_unfitted():
    model = KMeans(2)
    with pytest.raises(NotFittedError):
        model.predict(np.zeros((2, 2)))
    with pytest.raises(ValueError, match="NaN"):
        model.fit(np.array([[0.0, np.nan], [1.0, 1.0], [2.0, 2.0]]))
    model.fit(DATA["iris"]())
    with pytest.raises(ValueError, match="X has 3 features, but KMeans is expecting 4"):
        model.transform(np.zeros((2, 3)))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.predict(DATA["iris"]())


def test_predict_transform_and_score_check_the_features_seen_in_fit():
    model = KMeans(2, n_init=1, random_state=0).fit(DATA["iris"]())
    for method in (model.predict, model.transform, model.score):
        with pytest.raises(ValueError, match="X has 3 features, but KMeans is expecting 4"):
            method(np.zeros((2, 3)))
    assert model.n_features_in_ == 4


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_a_cluster_emptied_by_the_second_assignment_is_refilled_as_in_scikit_learn(engine):
    # A cluster loses its last samples at round 2, after the fast engine has
    # started carrying the sums: they must be rebuilt, not divided by a zero
    # count.
    X = np.array([[3, -3], [7, -2], [9, 3], [-5, 2], [-4, 0], [6, 3], [0, -1], [-4, 0],
                  [2, 0], [5, 4], [5, -1], [1, 0], [2, 1], [6, 0], [-6, -1], [-1, -3],
                  [-9, 3], [6, -1], [-4, -2], [-4, 0], [5, 1], [-3, -1], [1, 1]], dtype=float)
    C0 = np.array([[-1.0, -3.0], [5.0, 4.0], [5.0, -1.0], [1.0, 0.0], [1.0, 1.0]])
    with scratchlearn.config_context(engine=engine):
        ours = KMeans(5, init=C0, n_init=1, tol=0.0).fit(X)
    theirs = SKKMeans(5, init=C0, n_init=1, tol=0.0).fit(X)
    assert ours.n_iter_ == theirs.n_iter_ == 3
    np.testing.assert_array_equal(ours.labels_, theirs.labels_)
    np.testing.assert_allclose(ours.cluster_centers_, theirs.cluster_centers_, atol=1e-12)


def test_defaults_are_scikit_learns_where_documented_so():
    ours, theirs = KMeans().get_params(), SKKMeans().get_params()
    for name in ("n_clusters", "init", "max_iter", "tol"):
        assert ours[name] == theirs[name]
    assert ours["n_init"] == 10         # scikit-learn's default until 1.4 ("auto" since)


def test_as_many_clusters_as_samples_puts_each_sample_alone():
    model = KMeans(3, random_state=0).fit(np.eye(3))
    assert sorted(model.labels_) == [0, 1, 2] and model.inertia_ == 0.0


def test_transform_below_unit_distances_matches_scikit_learn():
    # Squared distances under 1: the clip at 0 must not become a floor elsewhere.
    X = DATA["iris"]() / 100
    C0 = _initial_centres(X, 3, seed=3)
    ours = KMeans(3, init=C0, n_init=1).fit(X)
    theirs = SKKMeans(3, init=C0, n_init=1).fit(X)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-9)


@pytest.mark.filterwarnings("ignore::scratchlearn.core.ConvergenceWarning")
def test_random_init_draws_distinct_samples():
    # K = n distinct samples: drawn without replacement, every sample is a
    # centre, so the first assignment already has zero inertia.
    X = DATA["iris"]()[:12]
    for seed in range(5):
        model = KMeans(12, init="random", n_init=1, max_iter=1, random_state=seed).fit(X)
        assert model.loss_history_[0] == pytest.approx(0.0, abs=1e-9)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_a_fit_that_finds_every_cluster_does_not_warn(engine):
    X = load_iris().data
    with scratchlearn.config_context(engine=engine), warnings.catch_warnings():
        warnings.simplefilter("error")
        model = KMeans(n_clusters=3, random_state=0).fit(X)
    assert np.unique(model.labels_).size == 3


def test_fewer_distinct_points_than_clusters_warns_with_both_counts():
    X = np.repeat([[0.0, 0.0], [5.0, 5.0]], 4, axis=0)      # two distinct points
    with pytest.warns(ConvergenceWarning,
                      match=re.escape("Number of distinct clusters (2) found smaller than "
                                      "n_clusters (3).")):
        KMeans(n_clusters=3, n_init=1, random_state=0).fit(X)


def test_bad_initial_centres_are_named_init_in_the_error():
    X = np.random.default_rng(0).normal(size=(10, 2))
    with pytest.raises(ValueError, match=r"^Input init contains NaN\."):
        KMeans(n_clusters=2, init=np.array([[np.nan, 0.0], [1.0, 1.0]])).fit(X)
