"""GaussianMixture against scikit-learn's GaussianMixture from the same start, for
all four covariance types; EM's guarantees (the M-step maximises the expected
complete log-likelihood, the likelihood never decreases), gradients, the
k-means limit, sampling, BIC/AIC and bad input."""

import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.exceptions import ConvergenceWarning as SKConvergenceWarning
from sklearn.mixture import GaussianMixture as SKGaussianMixture

from scratchlearn.clustering.gaussian_mixture import GaussianMixture
from scratchlearn.clustering.gaussian_mixture.model import (
    e_step,
    log_gaussian_density,
    m_step,
    n_parameters,
    precision_cholesky,
    precision_cholesky_from_precisions,
)
from scratchlearn.clustering.kmeans import KMeans
from scratchlearn.core import ConvergenceWarning, NotFittedError, StandardScaler, check_gradient
from scratchlearn.datasets import load_iris, load_wine

PARAM_TOL = 1e-6            # weights, means, covariances: the tolerance
LOGLIK_TOL = 1e-8           # per-sample log-likelihood
TYPES = ("full", "tied", "diag", "spherical")


def _synthetic(n=600, seed=0):
    """Three 3-D Gaussians with different shapes and weights."""
    rng = np.random.default_rng(seed)
    means = np.array([[0.0, 0.0, 0.0], [4.0, 4.0, 0.0], [-3.0, 4.0, 3.0]])
    A = [np.diag([1.0, 0.3, 0.5]), np.array([[1.0, 0.8, 0.0], [0.0, 0.6, 0.0], [0.0, 0.3, 1.0]]),
         np.eye(3) * 0.7]
    counts = rng.multinomial(n, [0.5, 0.3, 0.2])
    return np.vstack([means[k] + rng.standard_normal((counts[k], 3)) @ A[k].T
                      for k in range(3)])


DATA = {
    "iris": lambda: load_iris(return_X_y=True)[0],
    "wine_standardised": lambda: StandardScaler().fit_transform(load_wine(return_X_y=True)[0]),
    "synthetic": _synthetic,
}


def _start(X, K, covariance_type, seed=0):
    """A start in scikit-learn's shapes: equal weights, K samples as means,
    precisions from the per-feature variances."""
    rng = np.random.default_rng(seed)
    v = X.var(axis=0)
    precisions = {"full": np.stack([np.diag(1.0 / v)] * K), "tied": np.diag(1.0 / v),
                  "diag": np.tile(1.0 / v, (K, 1)),
                  "spherical": np.full(K, 1.0 / v.mean())}[covariance_type]
    return {"weights_init": np.full(K, 1.0 / K),
            "means_init": X[rng.choice(len(X), K, replace=False)],
            "precisions_init": precisions}


# ---------------------------------------------------------------------------
# Reference comparisons
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", DATA)
@pytest.mark.parametrize("covariance_type", TYPES)
def test_same_start_gives_scikit_learns_mixture(name, covariance_type):
    X = DATA[name]()
    params = {"n_components": 3, "covariance_type": covariance_type, "max_iter": 500,
              "tol": 1e-6, **_start(X, 3, covariance_type)}
    ours = GaussianMixture(**params).fit(X)
    theirs = SKGaussianMixture(**params).fit(X)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.converged_ and theirs.converged_
    np.testing.assert_allclose(ours.weights_, theirs.weights_, rtol=0, atol=PARAM_TOL)
    np.testing.assert_allclose(ours.means_, theirs.means_, rtol=0, atol=PARAM_TOL)
    np.testing.assert_allclose(ours.covariances_, theirs.covariances_, rtol=0, atol=PARAM_TOL)
    np.testing.assert_allclose(ours.precisions_, theirs.precisions_, rtol=PARAM_TOL, atol=PARAM_TOL)
    np.testing.assert_allclose(ours.precisions_cholesky_, theirs.precisions_cholesky_,
                               rtol=PARAM_TOL, atol=PARAM_TOL)
    np.testing.assert_allclose(ours.score_samples(X), theirs.score_samples(X),
                               rtol=0, atol=LOGLIK_TOL)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X),
                               rtol=0, atol=1e-8)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    assert ours.lower_bound_ == pytest.approx(theirs.lower_bound_, abs=LOGLIK_TOL)
    np.testing.assert_allclose(ours.lower_bounds_, theirs.lower_bounds_, rtol=0, atol=LOGLIK_TOL)
    assert ours.score(X) == pytest.approx(theirs.score(X), abs=LOGLIK_TOL)
    assert ours.bic(X) == pytest.approx(theirs.bic(X), rel=1e-10)
    assert ours.aic(X) == pytest.approx(theirs.aic(X), rel=1e-10)
    assert ours._n_parameters() == theirs._n_parameters()


def _kmeans_start(X, K, covariance_type):
    """The full start our k-means initialisation computes: one M-step on the
    labels of one k-means run seeded 0."""
    labels = KMeans(K, n_init=1, random_state=0).fit(X).labels_
    N, means, covariances = m_step(X, np.eye(K)[labels], 1e-6, covariance_type)
    precisions = (np.linalg.inv(covariances) if covariance_type in ("full", "tied")
                  else 1.0 / covariances)
    return {"weights_init": N / len(X), "means_init": means, "precisions_init": precisions}


@pytest.mark.parametrize("given", [("means_init",), ("weights_init", "precisions_init"),
                                   ("means_init", "precisions_init"),
                                   ("weights_init", "means_init")])
@pytest.mark.parametrize("covariance_type", TYPES)
def test_partial_starts_fill_in_from_kmeans(covariance_type, given):
    # Whatever part of the start is given, the rest comes from one M-step on
    # k-means' labels. Started from the same labels, scikit-learn agrees.
    X = DATA["iris"]()
    start = _kmeans_start(X, 3, covariance_type)
    ours = GaussianMixture(3, covariance_type=covariance_type, random_state=0,
                           **{name: start[name] for name in given}).fit(X)
    theirs = SKGaussianMixture(3, covariance_type=covariance_type, **start).fit(X)
    np.testing.assert_allclose(ours.means_, theirs.means_, atol=PARAM_TOL)
    np.testing.assert_allclose(ours.score_samples(X), theirs.score_samples(X), atol=1e-6)


def test_kmeans_start_is_a_single_kmeans_run():
    # On standardised wine, k-means seeded 0 lands in a different partition
    # with one start than with two or ten, so this pins n_init=1.
    X = DATA["wine_standardised"]()
    ours = GaussianMixture(3, covariance_type="diag", random_state=0).fit(X)
    theirs = SKGaussianMixture(3, covariance_type="diag", **_kmeans_start(X, 3, "diag")).fit(X)
    np.testing.assert_allclose(ours.lower_bounds_, theirs.lower_bounds_, rtol=0, atol=LOGLIK_TOL)


def test_random_start_normalises_each_samples_responsibilities():
    # init_params="random": uniform numbers, each row divided by its own sum,
    # then one M-step; the first ℓ/n is that of this start.
    X = DATA["iris"]()
    model = GaussianMixture(3, init_params="random", random_state=7, max_iter=5)
    with pytest.warns(ConvergenceWarning):
        model.fit(X)
    resp = np.random.default_rng(7).uniform(size=(len(X), 3))
    resp /= resp.sum(axis=1, keepdims=True)
    N, means, covariances = m_step(X, resp, 1e-6, "full")
    log_px, _ = e_step(X, N / len(X), means, precision_cholesky(covariances, "full"), "full")
    assert model.lower_bounds_[0] == pytest.approx(np.mean(log_px), rel=1e-12)


@pytest.mark.parametrize("covariance_type", TYPES)
def test_kmeans_initialisation_reaches_scikit_learns_likelihood(covariance_type):
    # Different random numbers, but on well-separated data both find the same optimum.
    X = _synthetic(900, seed=3)
    ours = GaussianMixture(3, covariance_type=covariance_type, n_init=3, random_state=0).fit(X)
    theirs = SKGaussianMixture(3, covariance_type=covariance_type, n_init=3,
                               random_state=0).fit(X)
    assert ours.score(X) == pytest.approx(theirs.score(X), abs=1e-3)


def test_far_samples_keep_a_finite_log_likelihood():
    # In linear space every density underflows to 0 here; in log space not.
    X = DATA["iris"]()
    params = {"n_components": 3, **_start(X, 3, "full")}
    ours = GaussianMixture(**params).fit(X)
    theirs = SKGaussianMixture(**params).fit(X)
    far = X[:5] + 1e3
    assert np.all(np.isfinite(ours.score_samples(far)))
    np.testing.assert_allclose(ours.score_samples(far), theirs.score_samples(far), rtol=1e-10)
    np.testing.assert_allclose(ours.predict_proba(far).sum(axis=1), 1.0, rtol=1e-12)


# ---------------------------------------------------------------------------
# EM's guarantees and gradients
# ---------------------------------------------------------------------------

def _expected_complete_log_likelihood(X, resp, weights, means, covariances, covariance_type):
    """Q(θ) = Σ_i Σ_k r_ik [log π_k + log N(x_i | μ_k, Σ_k)] (notes eq. 4 without
    the entropy term, which does not depend on θ)."""
    U = precision_cholesky(covariances, covariance_type)
    log_density = log_gaussian_density(X, means, U, covariance_type)
    return float(np.sum(resp * (np.log(weights) + log_density)))


@pytest.mark.parametrize("covariance_type", TYPES)
def test_m_step_maximises_the_expected_complete_log_likelihood(covariance_type, rng):
    X = DATA["iris"]()
    resp = rng.dirichlet(np.ones(3), size=len(X))
    N, means, covariances = m_step(X, resp, 0.0, covariance_type)
    weights = N / N.sum()
    best = _expected_complete_log_likelihood(X, resp, weights, means, covariances,
                                             covariance_type)
    for _ in range(30):
        w = weights * np.exp(0.05 * rng.normal(size=3))
        m = means + 0.05 * rng.normal(size=means.shape)
        if covariance_type in ("full", "tied"):
            E = 0.02 * rng.normal(size=covariances.shape)
            c = covariances + E @ np.swapaxes(E, -1, -2) * rng.choice([-1, 1])
            c = (c + np.swapaxes(c, -1, -2)) / 2
            if np.any(np.linalg.eigvalsh(c) <= 0):
                continue
        else:
            c = covariances * np.exp(0.05 * rng.normal(size=covariances.shape))
        for trial in ((w / w.sum(), means, covariances), (weights, m, covariances),
                      (weights, means, c)):
            assert _expected_complete_log_likelihood(X, resp, *trial, covariance_type) < best


@pytest.mark.parametrize("covariance_type", TYPES)
def test_log_likelihood_gradient_in_the_means_is_the_responsibility_weighted_residual(
        covariance_type, rng):
    # ∂ℓ/∂μ_k = Σ_i r_ik Σ_k⁻¹ (x_i − μ_k): Fisher's identity, the gradient of
    # ℓ equals that of the bound Q at the current θ (eq. 5 is tight there).
    X = _synthetic(120, seed=1)
    resp0 = rng.dirichlet(np.ones(3), size=len(X))
    N, means0, covariances = m_step(X, resp0, 1e-3, covariance_type)
    weights = N / N.sum()
    U = precision_cholesky(covariances, covariance_type)
    precisions = (U @ np.swapaxes(U, -1, -2) if covariance_type in ("full", "tied")
                  else U ** 2)

    def loglik(mu):
        return float(np.sum(e_step(X, weights, mu.reshape(3, 3), U, covariance_type)[0]))

    def gradient(mu):
        mu = mu.reshape(3, 3)
        resp = np.exp(e_step(X, weights, mu, U, covariance_type)[1])
        if covariance_type == "full":
            P = precisions
        elif covariance_type == "tied":
            P = np.broadcast_to(precisions, (3, 3, 3))
        else:
            P = np.broadcast_to(precisions.reshape(3, -1), (3, 3))[:, :, None] * np.eye(3)
        return np.ravel([P[k] @ (resp[:, k] @ (X - mu[k])) for k in range(3)])

    mu = means0.ravel() + 0.3 * rng.normal(size=9)
    assert check_gradient(loglik, gradient, mu) < 1e-7


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.sampled_from(TYPES), st.sampled_from(["kmeans", "random"]))
def test_the_log_likelihood_never_decreases(seed, covariance_type, init_params):
    # EM's theorem holds for the exact M-step. The reg_covar ridge added to
    # each covariance is not part of it: when a component collapses towards a
    # point (covariance eigenvalues near reg_covar) the default 1e-6 ridge can
    # lower the likelihood by 1e-5 relative. So: a negligible ridge, and runs
    # where no component collapsed; there the bound rises up to rounding.
    X = _synthetic(150, seed=seed % 7)
    model = GaussianMixture(4, covariance_type=covariance_type, init_params=init_params,
                            max_iter=60, tol=1e-10, reg_covar=1e-12, random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X)
    assume(_smallest_variance(model) > 1e-8)
    bounds = np.array(model.lower_bounds_)
    assert np.all(np.diff(bounds) >= -1e-12 * np.abs(bounds[:-1]).max())
    assert model.lower_bound_ == bounds[-1]


def _smallest_variance(model):
    covariances = model.covariances_
    if model.covariance_type in ("full", "tied"):
        return float(np.min(np.linalg.eigvalsh(covariances)))
    return float(np.min(covariances))


def test_kmeans_is_the_hard_assignment_limit(rng):
    # Equal weights, Σ_k = σ² I: as σ → 0, r_ik → 1 for the nearest mean (eq. 13).
    X = DATA["iris"]()
    centres = KMeans(3, random_state=0).fit(X).cluster_centers_
    nearest = ((X[:, None] - centres[None]) ** 2).sum(axis=2).argmin(axis=1)
    for sigma in (1.0, 0.1, 0.01):
        U = np.full(3, 1.0 / sigma)
        resp = np.exp(e_step(X, np.full(3, 1 / 3), centres, U, "spherical")[1])
        np.testing.assert_array_equal(resp.argmax(axis=1), nearest)
    assert np.all(resp.max(axis=1) > 1 - 1e-12)


def test_precision_factors_reproduce_the_precisions(rng):
    A = rng.normal(size=(3, 4, 4))
    precisions = A @ np.swapaxes(A, 1, 2) + 0.5 * np.eye(4)
    U = precision_cholesky_from_precisions(precisions, "full")
    np.testing.assert_allclose(U @ np.swapaxes(U, 1, 2), precisions, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(np.tril(U, -1), 0.0)
    U2 = precision_cholesky(np.linalg.inv(precisions), "full")
    np.testing.assert_allclose(U2, U, rtol=1e-9, atol=1e-9)
    # Tied: one matrix, factored the same way (not its entrywise square root).
    U_tied = precision_cholesky_from_precisions(precisions[0], "tied")
    np.testing.assert_allclose(U_tied, U[0], rtol=1e-12, atol=1e-12)
    with pytest.raises(ValueError, match=r"^precisions_init must be symmetric positive "
                                         r"definite\.$"):
        precision_cholesky_from_precisions(-precisions, "full")


@pytest.mark.parametrize("covariance_type, variances", [
    ("diag", np.array([[1.0, 0.0], [2.0, 3.0]])), ("diag", np.array([[1.0, -1e-3]])),
    ("spherical", np.array([1.0, 0.0]))])
def test_a_variance_not_above_zero_is_reported_as_ill_defined(covariance_type, variances):
    with pytest.raises(ValueError, match=r"^Fitting the mixture model failed because some "
                                         r"components have ill-defined empirical covariance"):
        precision_cholesky(variances, covariance_type)


def test_an_empty_component_gets_ten_epsilons_and_a_zero_mean():
    # No sample chose component 1: N_1 = 10 ε exactly (the m_step docstring),
    # so μ_1 = 0 / (10 ε) = 0 and its weight stays positive; no warning either.
    X = DATA["iris"]()
    resp = np.zeros((len(X), 2))
    resp[:, 0] = 1.0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        N, means, _ = m_step(X, resp, 1e-6, "diag")
    assert N[1] == 10.0 * np.finfo(np.float64).eps
    assert N[0] == len(X) + 10.0 * np.finfo(np.float64).eps
    np.testing.assert_array_equal(means[1], 0.0)


def test_log_density_matches_the_textbook_formula(rng):
    X, mu = rng.normal(size=(10, 3)), rng.normal(size=(2, 3))
    A = rng.normal(size=(2, 3, 3))
    cov = A @ np.swapaxes(A, 1, 2) + np.eye(3)
    ours = log_gaussian_density(X, mu, precision_cholesky(cov, "full"), "full")
    for k in range(2):
        diff = X - mu[k]
        maha = np.einsum("ij,jk,ik->i", diff, np.linalg.inv(cov[k]), diff)
        expected = -0.5 * (3 * np.log(2 * np.pi) + np.log(np.linalg.det(cov[k])) + maha)
        np.testing.assert_allclose(ours[:, k], expected, rtol=1e-12)


# ---------------------------------------------------------------------------
# Properties: predictions, sampling, criteria
# ---------------------------------------------------------------------------

def test_fit_predict_equals_fit_then_predict():
    X = DATA["synthetic"]()
    labels = GaussianMixture(3, random_state=2).fit_predict(X)
    model = GaussianMixture(3, random_state=2).fit(X)
    np.testing.assert_array_equal(labels, model.predict(X))
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-12)
    np.testing.assert_array_equal(proba.argmax(axis=1), model.predict(X))


def test_sample_reproduces_the_mixture():
    X = DATA["synthetic"]()
    model = GaussianMixture(3, random_state=0).fit(X)
    draws, labels = model.sample(60_000)
    assert draws.shape == (60_000, 3)
    np.testing.assert_allclose(np.bincount(labels) / 60_000, model.weights_, atol=0.01)
    for k in range(3):
        np.testing.assert_allclose(draws[labels == k].mean(axis=0), model.means_[k], atol=0.05)
        np.testing.assert_allclose(np.cov(draws[labels == k].T), model.covariances_[k],
                                   atol=0.06)
    again, _ = model.sample(60_000)
    np.testing.assert_array_equal(draws, again)
    for covariance_type in ("tied", "diag", "spherical"):
        other = GaussianMixture(2, covariance_type=covariance_type, random_state=0).fit(X)
        assert other.sample(5)[0].shape == (5, 3)


def test_sample_draws_mean_plus_factor_times_standard_normals():
    # The documented recipe replayed with the same seed: counts from the
    # multinomial, then x = μ_k + L_k e (a sign flip would keep the moments).
    X = DATA["synthetic"]()
    model = GaussianMixture(2, random_state=3).fit(X)
    draws, labels = model.sample(7)
    rng = np.random.default_rng(3)
    counts = rng.multinomial(7, model.weights_)
    L = np.linalg.cholesky(model.covariances_)
    expected = np.vstack([model.means_[k] + rng.standard_normal((counts[k], 3)) @ L[k].T
                          for k in range(2)])
    np.testing.assert_allclose(draws, expected, rtol=1e-12)
    np.testing.assert_array_equal(labels, np.repeat([0, 1], counts))
    one, _ = model.sample()                           # the default draws one sample
    assert one.shape == (1, 3)


def test_sample_normalises_the_weights():
    # Weights edited by hand to 1 : 3 are read as probabilities 1/4 and 3/4.
    X = DATA["synthetic"]()
    model = GaussianMixture(2, random_state=0).fit(X)
    model.weights_ = np.array([1.0, 3.0])
    _, labels = model.sample(4000)
    assert np.mean(labels == 1) == pytest.approx(0.75, abs=0.03)


def test_of_equally_good_runs_the_first_is_kept():
    # Two clusters 50 apart: seeded 1, both runs reach the same mixture to the
    # last bit but with the components in opposite order. Like scikit-learn,
    # a later run must be strictly better to replace the kept one.
    rng = np.random.default_rng(0)
    X = np.vstack([rng.normal(size=(20, 2)), rng.normal(size=(20, 2)) + 50])
    first = GaussianMixture(2, random_state=1).fit(X)
    best = GaussianMixture(2, n_init=2, random_state=1).fit(X)
    assert best.lower_bound_ == first.lower_bound_
    np.testing.assert_array_equal(best.means_, first.means_)
    assert first.means_[0, 0] < 25          # the first run put the cluster at 0 first


def test_bic_prefers_the_true_number_of_components():
    X = _synthetic(900, seed=5)
    bic = [GaussianMixture(K, n_init=2, random_state=0).fit(X).bic(X) for K in (1, 2, 3, 4, 5)]
    assert int(np.argmin(bic)) + 1 == 3


def test_parameter_count():
    assert n_parameters(3, 4, "full") == 3 * 10 + 12 + 2
    assert n_parameters(3, 4, "tied") == 10 + 12 + 2
    assert n_parameters(3, 4, "diag") == 12 + 12 + 2
    assert n_parameters(3, 4, "spherical") == 3 + 12 + 2


def test_same_seed_same_mixture_bit_for_bit():
    X = DATA["wine_standardised"]()
    a = GaussianMixture(3, init_params="random", random_state=4, max_iter=300).fit(X)
    b = GaussianMixture(3, init_params="random", random_state=4, max_iter=300).fit(X)
    np.testing.assert_array_equal(a.means_, b.means_)
    np.testing.assert_array_equal(a.covariances_, b.covariances_)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("params, message", [
    ({"n_components": 0}, "n_components"),
    ({"covariance_type": "banded"}, "covariance_type"),
    ({"max_iter": 0}, "max_iter"),
    ({"n_init": 0}, "n_init"),
    ({"tol": -1.0}, "tol"),
    ({"reg_covar": -1e-6}, "reg_covar"),
    ({"init_params": "k-means"}, "init_params"),
    ({"n_components": 2, "weights_init": [0.3, 0.3]}, "sum to 1"),
    ({"n_components": 2, "weights_init": [1.0]}, "shape"),
    ({"n_components": 2, "means_init": np.zeros((2, 3))}, "shape"),
    ({"n_components": 2, "precisions_init": np.ones((2, 4))}, "shape"),
    ({"n_components": 2, "covariance_type": "diag", "precisions_init": -np.ones((2, 4))},
     "positive"),
    ({"n_components": 2, "precisions_init": np.stack([np.eye(4), -np.eye(4)])},
     "positive definite"),
    ({"n_components": 2, "covariance_type": "tied",
      "precisions_init": np.triu(np.ones((4, 4)))}, "symmetric"),
])
def test_bad_parameters_raise(params, message):
    X = DATA["iris"]()
    with pytest.raises(ValueError, match=message):
        GaussianMixture(**params).fit(X)


def test_more_components_than_samples_raises():
    with pytest.raises(ValueError, match="n_samples >= n_components"):
        GaussianMixture(5).fit(np.eye(3))


def test_collapsed_component_without_regularisation_raises():
    X = np.repeat(np.eye(3), 4, axis=0)
    with pytest.raises(ValueError, match="ill-defined empirical covariance"):
        GaussianMixture(3, reg_covar=0.0, random_state=0).fit(X)


def test_unfitted_and_wrong_features():
    model = GaussianMixture(2)
    for method in (model.predict, model.predict_proba, model.score_samples):
        with pytest.raises(NotFittedError):
            method(np.zeros((2, 2)))
    with pytest.raises(NotFittedError):
        model.sample(3)
    model.fit(DATA["iris"]())
    with pytest.raises(ValueError, match="X has 2 features, but GaussianMixture is expecting 4"):
        model.score_samples(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="n_samples"):
        model.sample(0)


def test_max_iter_reached_warns():
    with pytest.warns(ConvergenceWarning, match=r"^Best performing initialization did not "
                      r"converge\. Try different init parameters, or increase max_iter, tol, "
                      r"or check for degenerate data\.$"):
        GaussianMixture(3, max_iter=2, tol=1e-12, random_state=0).fit(DATA["iris"]())


@pytest.mark.parametrize("max_iter", [1, 5, None])
def test_tol_zero_never_stops_early_and_max_iter_counts_iterations(max_iter):
    # One component: the first M-step already gives the maximum likelihood
    # fit, so every later ℓ/n is bit-for-bit the same and the change is
    # exactly 0. "Less than tol = 0" never holds (as in scikit-learn): EM runs
    # exactly max_iter iterations (the default is 100) and warns.
    X = DATA["iris"]()
    params = {"n_components": 1, "tol": 0.0} | ({} if max_iter is None else
                                               {"max_iter": max_iter})
    with pytest.warns(ConvergenceWarning):
        ours = GaussianMixture(**params).fit(X)
    with pytest.warns(SKConvergenceWarning):
        theirs = SKGaussianMixture(**params).fit(X)
    assert ours.n_iter_ == theirs.n_iter_ == (max_iter or 100)
    assert not ours.converged_
    assert len(ours.lower_bounds_) == ours.n_iter_
    assert np.all(np.diff(ours.lower_bounds_) == 0.0)


def test_defaults_are_scikit_learns():
    ours, theirs = GaussianMixture().get_params(), SKGaussianMixture().get_params()
    for name in ("n_components", "covariance_type", "max_iter", "tol", "reg_covar",
                 "init_params", "n_init"):
        assert ours[name] == theirs[name], name


@pytest.mark.parametrize("n_components", [1, 2])
def test_two_samples_are_enough(n_components):
    # scikit-learn's minimum: 2 samples, and as many samples as components.
    X = np.array([[0.0, 1.0], [2.0, 5.0]])
    model = GaussianMixture(n_components, reg_covar=1e-3).fit(X)
    if n_components == 1:
        np.testing.assert_allclose(model.means_, [[1.0, 3.0]])
    else:
        np.testing.assert_allclose(np.sort(model.means_, axis=0), X)
    np.testing.assert_allclose(model.weights_, 1.0 / n_components)


def test_one_sample_raises_with_scikit_learns_message():
    with pytest.raises(ValueError, match=r"^Found array with 1 sample\(s\) \(shape=\(1, 2\)\) "
                       r"while a minimum of 2 is required by GaussianMixture\.$"):
        GaussianMixture().fit(np.ones((1, 2)))


@pytest.mark.parametrize("params, message", [
    ({"weights_init": [np.nan, 1.0]}, r"^Input weights_init contains NaN\."),
    ({"weights_init": [-0.5, 0.75, 0.75]}, r"^weights_init must lie in \[0, 1\] and sum to 1, "
                                           r"got \[-0\.5, 0\.75, 0\.75\]\.$"),
    # Sums to 1 within np.isclose's tolerance, yet one weight is above 1.
    ({"n_components": 2, "weights_init": [1.000005, 0.0]}, r"^weights_init must lie in"),
    ({"means_init": [[np.nan] * 4] * 3}, r"^Input means_init contains NaN\."),
    ({"covariance_type": "spherical", "precisions_init": [1.0, np.inf, 1.0]},
     r"^precisions_init contains NaN or infinity\.$"),
    ({"precisions_init": np.stack([np.eye(4), np.eye(4), np.triu(np.ones((4, 4)))])},
     r"^precisions_init must be symmetric\.$"),
    ({"covariance_type": "tied", "precisions_init": np.diag([1.0, 1.0, 1.0, 0.0])},
     r"^precisions_init must be positive definite\.$"),
    ({"precisions_init": np.stack([np.eye(4), np.eye(4), -np.eye(4)])},
     r"^precisions_init must be positive definite\.$"),
    ({"covariance_type": "diag", "precisions_init": [[1.0] * 4, [1.0] * 4, [1.0, 1.0, 1.0, 0.0]]},
     r"^precisions_init must be positive\.$"),
])
def test_bad_starts_raise_exact_messages(params, message):
    X = DATA["iris"]()
    with pytest.raises(ValueError, match=message):
        GaussianMixture(**({"n_components": 3} | params)).fit(X)


def test_weights_on_the_ends_of_zero_to_one_are_accepted():
    # A weight of exactly 0 or 1 is a valid start (the log of 0 warns once).
    X = DATA["iris"]()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        model = GaussianMixture(2, weights_init=[1.0, 0.0], max_iter=3, tol=0.0)
        with pytest.warns(ConvergenceWarning):
            model.fit(X)
    assert model.n_iter_ == 3


def test_precisions_init_given_as_exact_fractions_is_read_as_floats():
    X = DATA["iris"]()
    exact = GaussianMixture(2, covariance_type="spherical", random_state=0,
                            precisions_init=[Fraction(1, 2), Fraction(1, 4)]).fit(X)
    floats = GaussianMixture(2, covariance_type="spherical", random_state=0,
                             precisions_init=[0.5, 0.25]).fit(X)
    np.testing.assert_array_equal(exact.means_, floats.means_)
