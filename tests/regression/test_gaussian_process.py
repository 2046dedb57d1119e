"""Gaussian process regression against scikit-learn's GaussianProcessRegressor
(ConstantKernel · RBF + WhiteKernel), the log marginal likelihood's gradient
against finite differences, the optimiser, plain against fast path, and bad input."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.gaussian_process import GaussianProcessRegressor as SkGPR
from sklearn.gaussian_process.kernels import RBF, WhiteKernel
from sklearn.gaussian_process.kernels import ConstantKernel as Constant

import scratchlearn
from scratchlearn.core import NotFittedError, check_gradient
from scratchlearn.datasets import load_diabetes
from scratchlearn.regression.gaussian_process import GaussianProcessRegressor
from scratchlearn.regression.gaussian_process import model as gp_model
from scratchlearn.regression.gaussian_process.blocked_triangular import blocked_solve_triangular
from scratchlearn.regression.gaussian_process.model import (
    back_substitution,
    forward_substitution,
    log_marginal_likelihood_and_gradient,
    squared_distances,
)

TOL = 1e-8


def _sine(n=40, noise=0.3, seed=0):
    rng = np.random.default_rng(seed)
    X = np.sort(rng.uniform(0, 10, n))[:, None]
    return X, np.sin(X[:, 0]) + noise * rng.standard_normal(n)


def _diabetes():
    X, y = load_diabetes(return_X_y=True)
    X, y = X[:200], y[:200]
    return (X - X.mean(axis=0)) / X.std(axis=0), (y - y.mean()) / y.std()


def _synthetic():
    rng = np.random.default_rng(1)
    X = rng.uniform(-2, 2, (120, 3))
    return X, np.sin(X[:, 0]) * X[:, 1] + 0.1 * rng.standard_normal(120)


DATA = {"sine": _sine, "diabetes": _diabetes, "synthetic": _synthetic}
# (signal_variance, length_scale, noise_variance) per data set, none on a bound
HYPER = {"sine": (0.8, 1.3, 0.05), "diabetes": (1.5, 6.0, 0.5), "synthetic": (2.0, 0.7, 0.01)}


def _reference(s, length, noise, **kw):
    return SkGPR(Constant(s) * RBF(length) + WhiteKernel(noise), **kw)


def _queries(X, seed=2):
    rng = np.random.default_rng(seed)
    span = X.max(axis=0) - X.min(axis=0)
    return np.vstack([X[:10], X.min(axis=0) + rng.uniform(-0.2, 1.2, (30, X.shape[1])) * span])


# ---------------------------------------------------------------------------
# optimize=False: the posterior against scikit-learn
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", DATA)
@pytest.mark.parametrize("normalize_y", [False, True])
@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_posterior_equals_sklearn(name, normalize_y, engine):
    X, y = DATA[name]()
    s, length, noise = HYPER[name]
    with scratchlearn.config_context(engine=engine):
        ours = GaussianProcessRegressor(length_scale=length, signal_variance=s,
                                        noise_variance=noise, optimize=False,
                                        normalize_y=normalize_y).fit(X, y)
        theirs = _reference(s, length, noise, optimizer=None,
                            normalize_y=normalize_y).fit(X, y)
        Xq = _queries(X)
        mean, std = ours.predict(Xq, return_std=True)
        ref_mean, ref_std = theirs.predict(Xq, return_std=True)
        np.testing.assert_allclose(mean, ref_mean, rtol=0, atol=TOL)
        np.testing.assert_allclose(std, ref_std, rtol=0, atol=TOL)
        np.testing.assert_allclose(ours.predict(Xq), ref_mean, rtol=0, atol=TOL)
        _, cov = ours.predict(Xq, return_cov=True)
        _, ref_cov = theirs.predict(Xq, return_cov=True)
        np.testing.assert_allclose(cov, ref_cov, rtol=0, atol=TOL)
        assert ours.log_marginal_likelihood_ == pytest.approx(
            theirs.log_marginal_likelihood_value_, rel=TOL)


def test_normalize_y_is_sklearns_standardisation():
    X, y = _sine()
    y = 50 + 20 * y
    ours = GaussianProcessRegressor(optimize=False, noise_variance=0.1, normalize_y=True).fit(X, y)
    assert ours.y_train_mean_ == pytest.approx(np.mean(y))
    assert ours.y_train_std_ == pytest.approx(np.std(y))
    # Far from the data the mean returns to ȳ and the std to std(y)·√(σ_f² + σ_n²).
    mean, std = ours.predict([[1e3]], return_std=True)
    assert mean[0] == pytest.approx(np.mean(y), rel=1e-12)
    assert std[0] == pytest.approx(np.std(y) * np.sqrt(1.1), rel=1e-12)


def test_interpolates_with_tiny_noise():
    X, y = _sine(noise=0.0)
    model = GaussianProcessRegressor(optimize=False, noise_variance=1e-10).fit(X, y)
    mean, std = model.predict(X, return_std=True)
    np.testing.assert_allclose(mean, y, atol=1e-6)
    assert np.all(std < 1e-4)


# ---------------------------------------------------------------------------
# The marginal likelihood: gradient and optimisation
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", DATA)
@pytest.mark.parametrize("theta", [(0.0, 0.0, -2.0), (1.0, -0.5, -5.0), (-1.0, 1.5, 0.5)])
def test_lml_gradient_matches_finite_differences(name, theta):
    X, y = DATA[name]()
    model = GaussianProcessRegressor(optimize=False).fit(X, y)
    error = check_gradient(lambda t: model.log_marginal_likelihood(t),
                           lambda t: model.log_marginal_likelihood(t, eval_gradient=True)[1],
                           np.array(theta), eps=1e-5)
    assert error < 1e-6


@pytest.mark.parametrize("name", ["sine", "diabetes"])
def test_lml_and_gradient_equal_sklearn(name):
    X, y = DATA[name]()
    theta = np.log(HYPER[name])
    theirs = _reference(*HYPER[name], optimizer=None, alpha=0.0).fit(X, y)
    ref_lml, ref_grad = theirs.log_marginal_likelihood(theta, eval_gradient=True)
    Xc = X - X.mean(axis=0)
    lml, grad = log_marginal_likelihood_and_gradient(squared_distances(Xc, Xc), y,
                                                     *HYPER[name])
    assert lml == pytest.approx(ref_lml, rel=1e-10)
    np.testing.assert_allclose(grad, ref_grad, rtol=1e-7, atol=1e-8)


@pytest.mark.parametrize("name", ["sine", "diabetes"])
@pytest.mark.parametrize("start", [(1.0, 1.0, 0.1), (1.0, 1.0, 1e-10), (3.0, 0.3, 1.0)])
def test_optimised_lml_is_at_least_sklearns(name, start):
    X, y = DATA[name]()
    s, length, noise = start
    ours = GaussianProcessRegressor(signal_variance=s, length_scale=length,
                                    noise_variance=noise).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")      # scikit-learn warns when a bound is reached
        theirs = _reference(s, length, noise).fit(X, y)
    reached, reference = ours.log_marginal_likelihood_, theirs.log_marginal_likelihood_value_
    assert reached >= reference - 1e-4 * abs(reference)
    # and it is a stationary point inside the bounds
    lml, grad = ours.log_marginal_likelihood(eval_gradient=True)
    assert lml == pytest.approx(reached, rel=1e-12)
    theta = np.log([ours.signal_variance_, ours.length_scale_, ours.noise_variance_])
    inside = (theta > np.log(1e-5) + 1e-6) & (theta < np.log(1e5) - 1e-6)
    assert np.all(np.abs(grad[inside]) < 1e-3)


def test_hyperparameters_stay_in_sklearns_bounds():
    X, y = _sine(noise=0.0)
    model = GaussianProcessRegressor().fit(X, y)     # noise-free: σ_n² runs to its bound
    for value in (model.signal_variance_, model.length_scale_, model.noise_variance_):
        assert 1e-5 * (1 - 1e-12) <= value <= 1e5 * (1 + 1e-12)   # exp(log(bound)) rounds
    assert model.noise_variance_ == pytest.approx(1e-5)


def test_restarts_are_reproducible_and_never_worse():
    X, y = _diabetes()
    one = GaussianProcessRegressor(length_scale=0.1).fit(X, y)
    a = GaussianProcessRegressor(length_scale=0.1, n_restarts=2, random_state=3).fit(X, y)
    b = GaussianProcessRegressor(length_scale=0.1, n_restarts=2, random_state=3).fit(X, y)
    assert a.log_marginal_likelihood_ == b.log_marginal_likelihood_
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    assert a.log_marginal_likelihood_ >= one.log_marginal_likelihood_


# ---------------------------------------------------------------------------
# Sampling
# ---------------------------------------------------------------------------

def test_sample_y_draws_from_the_predictive_distribution():
    X, y = _sine()
    model = GaussianProcessRegressor(optimize=False, noise_variance=0.05).fit(X, y)
    Xq = np.linspace(0, 10, 7)[:, None]
    samples = model.sample_y(Xq, n_samples=20_000, random_state=0)
    assert samples.shape == (7, 20_000)
    mean, cov = model.predict(Xq, return_cov=True)
    np.testing.assert_allclose(samples.mean(axis=1), mean, atol=5 * np.sqrt(cov.max() / 20_000))
    np.testing.assert_allclose(np.cov(samples), cov, atol=0.05 * cov.max())
    np.testing.assert_array_equal(model.sample_y(Xq, 3, random_state=5),
                                  model.sample_y(Xq, 3, random_state=5))


# ---------------------------------------------------------------------------
# Plain and fast triangular solves
# ---------------------------------------------------------------------------

@settings(max_examples=30, deadline=None)
@given(n=st.integers(1, 300), m=st.integers(1, 5), seed=st.integers(0, 1000),
       block=st.integers(1, 64))
def test_blocked_triangular_solve_equals_substitution(n, m, seed, block):
    rng = np.random.default_rng(seed)
    G = rng.standard_normal((n, n))
    L = np.linalg.cholesky(G @ G.T / n + np.eye(n))
    B = rng.standard_normal((n, m))
    for transpose, plain in ((False, forward_substitution), (True, back_substitution)):
        fast = blocked_solve_triangular(L, B, transpose=transpose, block=block)
        np.testing.assert_allclose(fast, plain(L, B), rtol=1e-9, atol=1e-11)
        np.testing.assert_allclose((L.T if transpose else L) @ fast, B, atol=1e-10)


def test_plain_and_fast_paths_fit_the_same_model():
    X, y = _diabetes()
    with scratchlearn.config_context(engine="plain"):
        plain = GaussianProcessRegressor(length_scale=2.0, noise_variance=0.3).fit(X, y)
        plain_out = plain.predict(X, return_std=True)
    with scratchlearn.config_context(engine="fast"):
        fast = GaussianProcessRegressor(length_scale=2.0, noise_variance=0.3).fit(X, y)
        fast_out = fast.predict(X, return_std=True)
    assert fast.log_marginal_likelihood_ == pytest.approx(plain.log_marginal_likelihood_,
                                                          rel=1e-10)
    np.testing.assert_allclose(fast_out, plain_out, rtol=1e-6, atol=1e-8)


# ---------------------------------------------------------------------------
# Warnings, errors and bad input
# ---------------------------------------------------------------------------

def test_large_fit_warns_before_it_starts(monkeypatch):
    monkeypatch.setattr(gp_model, "LARGE_N", 20)
    X = np.zeros((21, 1))            # duplicate points, no noise: the Cholesky must fail
    with pytest.warns(UserWarning, match=r"O\(n³\)"):
        with pytest.raises(np.linalg.LinAlgError, match="Increase noise_variance"):
            GaussianProcessRegressor(optimize=False, noise_variance=0.0).fit(X, np.ones(21))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        GaussianProcessRegressor(optimize=False).fit(X[:20] + np.arange(20)[:, None],
                                                     np.ones(20))


@pytest.mark.parametrize("params, match", [
    (dict(length_scale=0.0), "length_scale"),
    (dict(signal_variance=-1.0), "signal_variance"),
    (dict(noise_variance=-1e-3), "noise_variance"),
    (dict(noise_variance=0.0), "noise_variance=0 cannot start"),
    (dict(optimize="yes"), "optimize"),
    (dict(normalize_y=1), "normalize_y"),
    (dict(n_restarts=-1), "n_restarts"),
    (dict(n_restarts=1.5), "n_restarts"),
])
def test_bad_parameters(params, match):
    X, y = _sine()
    with pytest.raises(ValueError, match=match):
        GaussianProcessRegressor(**params).fit(X, y)


def test_bad_calls():
    X, y = _sine()
    with pytest.raises(NotFittedError):
        GaussianProcessRegressor().predict(X)
    with pytest.raises(NotFittedError):
        GaussianProcessRegressor().log_marginal_likelihood()
    model = GaussianProcessRegressor(optimize=False, noise_variance=0.1).fit(X, y)
    with pytest.raises(ValueError, match="not both"):
        model.predict(X, return_std=True, return_cov=True)
    with pytest.raises(ValueError, match="n_samples"):
        model.sample_y(X, n_samples=0)
    with pytest.raises(ValueError, match="expecting 1 features"):
        model.predict(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="NaN"):
        GaussianProcessRegressor().fit(X, np.where(y > 0, np.nan, y))
