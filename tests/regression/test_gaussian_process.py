"""Gaussian process regression against scikit-learn's GaussianProcessRegressor
(ConstantKernel · RBF + WhiteKernel), the log marginal likelihood's gradient
against finite differences, the optimiser, plain against fast path, and bad input."""

import re
import sys
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.gaussian_process import GaussianProcessRegressor as SkGPR
from sklearn.gaussian_process.kernels import RBF, WhiteKernel
from sklearn.gaussian_process.kernels import ConstantKernel as Constant

import scratchlearn
from scratchlearn.core import ConvergenceWarning, NotFittedError, check_gradient
from scratchlearn.core.optim import OptimizeResult
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
    message = ("K + noise_variance·I is not positive definite to machine precision "
               "(noise_variance=0, length_scale=1): duplicate or very close inputs with a "
               "smooth kernel. Increase noise_variance.")
    too_far_up = []

    def fit_in_a_helper():
        too_far_up.append((__file__, sys._getframe(1).f_lineno))
        return GaussianProcessRegressor(optimize=False, noise_variance=0.0).fit(X, np.ones(21))

    with pytest.warns(UserWarning, match=r"O\(n³\)") as record:
        with pytest.raises(np.linalg.LinAlgError, match=f"^{re.escape(message)}$"):
            fit_in_a_helper()
    # stacklevel=2: the warning points at the line that called fit, neither
    # inside the library nor one frame further up.
    assert record[0].filename != gp_model.__file__
    assert (record[0].filename, record[0].lineno) != too_far_up[0]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        GaussianProcessRegressor(optimize=False).fit(X[:20] + np.arange(20)[:, None],
                                                     np.ones(20))


@pytest.mark.parametrize("params, message", [
    (dict(length_scale=0.0), "length_scale must be a positive number, got 0.0."),
    (dict(length_scale=np.inf), "length_scale must be a positive number, got inf."),
    (dict(signal_variance=-1.0), "signal_variance must be a positive number, got -1.0."),
    (dict(noise_variance=-1e-3), "noise_variance must be a non-negative number, got -0.001."),
    (dict(noise_variance=np.inf), "noise_variance must be a non-negative number, got inf."),
    (dict(noise_variance=0.0), "noise_variance=0 cannot start the optimiser, which works with "
                               "log σ_n²; give a positive value (it is clipped into the bounds)."),
    (dict(optimize="yes"), "optimize must be True or False, got 'yes'."),
    (dict(normalize_y=1), "normalize_y must be True or False, got 1."),
    (dict(n_restarts=-1), "n_restarts must be a non-negative integer, got -1."),
    (dict(n_restarts=1.5), "n_restarts must be a non-negative integer, got 1.5."),
])
def test_bad_parameters(params, message):
    X, y = _sine()
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        GaussianProcessRegressor(**params).fit(X, y)


def test_bad_calls():
    X, y = _sine()
    with pytest.raises(NotFittedError):
        GaussianProcessRegressor().predict(X)
    with pytest.raises(NotFittedError):
        GaussianProcessRegressor().log_marginal_likelihood()
    model = GaussianProcessRegressor(optimize=False, noise_variance=0.1).fit(X, y)
    with pytest.raises(ValueError, match="^" + re.escape(
            "Ask for return_std or return_cov, not both: the std is the square root of the "
            "covariance's diagonal.") + "$"):
        model.predict(X, return_std=True, return_cov=True)
    with pytest.raises(ValueError, match="n_samples"):
        model.sample_y(X, n_samples=0)
    with pytest.raises(ValueError, match="expecting 1 features"):
        model.predict(np.zeros((3, 2)))
    with pytest.raises(ValueError, match="NaN"):
        GaussianProcessRegressor().fit(X, np.where(y > 0, np.nan, y))


def test_triangular_solves_of_an_integer_right_hand_side_are_in_floats():
    # B of integers still gives the float solution (the result is allocated as float).
    L = np.array([[2.0, 0.0, 0.0], [1.0, 3.0, 0.0], [-1.0, 0.5, 4.0]])
    B = np.array([[1, 2], [0, -3], [5, 1]])
    np.testing.assert_allclose(forward_substitution(L, B), np.linalg.solve(L, B), rtol=1e-14)
    np.testing.assert_allclose(back_substitution(L, B), np.linalg.solve(L.T, B), rtol=1e-14)
    # The blocked solve too, and without ``transpose`` it solves L X = B.
    np.testing.assert_allclose(blocked_solve_triangular(L, B, block=2), np.linalg.solve(L, B),
                               rtol=1e-14)
    np.testing.assert_allclose(blocked_solve_triangular(L, B, transpose=True, block=2),
                               np.linalg.solve(L.T, B), rtol=1e-14)


def test_triangular_solves_are_exact_when_every_step_is():
    # Unit diagonal and integers: substitution, and blocks of one row, never
    # round, so the integer solution comes out exactly. (A block that ran to
    # the last row would hand the whole system to a pivoting LU solve, which does.)
    L = np.array([[1.0, 0.0, 0.0], [3.0, 1.0, 0.0], [-7.0, 5.0, 1.0]])
    B = np.array([[1.0, 2.0], [0.0, -3.0], [5.0, 1.0]])
    exact = np.array([[1.0, 2.0], [-3.0, -9.0], [27.0, 60.0]])
    np.testing.assert_array_equal(forward_substitution(L, B), exact)
    np.testing.assert_array_equal(blocked_solve_triangular(L, B, block=1), exact)
    np.testing.assert_array_equal(back_substitution(L, L.T @ exact), exact)
    np.testing.assert_array_equal(
        blocked_solve_triangular(L, L.T @ exact, transpose=True, block=1), exact)


def test_a_kernel_matrix_that_is_not_positive_definite_has_minus_infinite_likelihood():
    # Five identical inputs and σ_n² = 1e-300: K_y is σ_f² 11ᵀ to machine
    # precision, singular, and its Cholesky factorisation fails (docstring:
    # lml = −inf and a NaN gradient, so the optimiser's line search backs off).
    model = GaussianProcessRegressor(optimize=False, noise_variance=0.1).fit(
        np.zeros((5, 1)), np.arange(5.0))
    theta = np.log([1.0, 1.0, 1e-300])
    assert model.log_marginal_likelihood(theta) == -np.inf
    lml, grad = model.log_marginal_likelihood(theta, eval_gradient=True)
    assert lml == -np.inf
    assert grad.shape == (3,) and np.all(np.isnan(grad))


def test_the_likelihood_is_computed_on_centred_inputs():
    # Columns near +10⁴ and −10⁴: the distances expanded as ‖a‖² + ‖b‖² − 2a·b
    # keep their accuracy only because each column is centred at its own mean
    # first (squared_distances), in fit and in log_marginal_likelihood alike.
    X, y = _synthetic()
    X = X + np.array([1e4, -1e4, 0.0])
    theta = np.log(HYPER["synthetic"])
    model = GaussianProcessRegressor(length_scale=0.7, signal_variance=2.0, noise_variance=0.01,
                                     optimize=False).fit(X, y)
    theirs = _reference(*HYPER["synthetic"], optimizer=None, alpha=0.0).fit(X, y)
    reference = theirs.log_marginal_likelihood(theta)
    assert model.log_marginal_likelihood_ == pytest.approx(reference, rel=1e-10)
    assert model.log_marginal_likelihood(theta) == pytest.approx(reference, rel=1e-10)
    # A float32 θ is read as float64, not exponentiated in single precision.
    theta32 = theta.astype(np.float32)
    assert model.log_marginal_likelihood(theta32) == model.log_marginal_likelihood(
        theta32.astype(float))


def test_the_restarts_draw_their_starts_and_keep_the_best(monkeypatch):
    # A stand-in optimiser records each start and returns prescribed loss
    # histories, so the rule can be checked exactly: the start whose *final*
    # loss is lowest wins, the first one on a tie (scikit-learn's argmin), and
    # n_iter_ sums the iterations of all starts.
    histories = [[3.0, 2.0, 1.0],     # θ₀: final 1.0
                 [4.0, 0.5, 2.0],     # lower in the middle, worse at the end
                 [5.0, 4.0, 1.5],     # worse than θ₀'s final, better than its last-but-one
                 [6.0, 5.0, 1.0]]     # ties θ₀
    calls = []

    def stand_in(objective, start, low, high, *, max_iter, tol, name):
        calls.append(start)
        k = len(calls)
        return OptimizeResult(w=np.asarray(start, dtype=float),
                              loss_history=np.array(histories[k - 1]), n_iter=k,
                              converged=True)

    monkeypatch.setattr(gp_model, "projected_bfgs", stand_in)
    X, y = _sine()
    model = GaussianProcessRegressor(length_scale=2.0, signal_variance=3.0, noise_variance=0.1,
                                     n_restarts=3, random_state=7).fit(X, y)
    low, high = np.log(1e-5), np.log(1e5)
    draws = np.random.default_rng(7).uniform(low, high, size=(3, 3))
    np.testing.assert_array_equal(np.array(calls[1:]), draws)
    np.testing.assert_allclose([model.signal_variance_, model.length_scale_,
                                model.noise_variance_], [3.0, 2.0, 0.1], rtol=1e-14)
    assert model.n_iter_ == 1 + 2 + 3 + 4


def test_the_optimiser_warns_in_the_models_name(monkeypatch):
    monkeypatch.setattr(gp_model, "MAX_ITER", 1)
    X, y = _sine()
    with pytest.warns(ConvergenceWarning, match="^GaussianProcessRegressor did not converge"):
        GaussianProcessRegressor().fit(X, y)


def test_sample_y_defaults_and_its_documented_draw():
    # scikit-learn's defaults: one sample, random_state=0. With one query
    # point cov is its variance (U = [1]), so the draw is mean + std·z exactly.
    X, y = _sine()
    model = GaussianProcessRegressor(optimize=False, noise_variance=0.05).fit(X, y)
    x = [[2.5]]
    mean, std = model.predict(x, return_std=True)
    z = np.random.default_rng(0).standard_normal((1, 1))
    np.testing.assert_allclose(model.sample_y(x), mean[:, None] + std[:, None] * z, rtol=1e-12)
    assert model.sample_y(X[:4]).shape == (4, 1)


def test_defaults_are_sklearns():
    # noise_variance plays scikit-learn's alpha (added to K's diagonal) and
    # n_restarts its n_restarts_optimizer; the kernel starts at σ_f² = ℓ = 1.
    ours = GaussianProcessRegressor().get_params()
    theirs = SkGPR().get_params()
    assert ours == {"length_scale": 1.0, "signal_variance": 1.0,
                    "noise_variance": theirs["alpha"], "optimize": True,
                    "n_restarts": theirs["n_restarts_optimizer"],
                    "normalize_y": theirs["normalize_y"], "random_state": None}
    assert (ours["noise_variance"], ours["n_restarts"], ours["normalize_y"]) == (1e-10, 0, False)


def test_the_large_fit_warning_gives_the_size_of_k():
    # Raised as an error, the warning stops fit before K (3 GiB here) is built.
    n = 20_000
    message = ("Fitting a Gaussian process on 20,000 samples: K is 20,000 × 20,000 (3.0 GiB "
               "per copy) and its Cholesky factorisation costs O(n³) time. Subsample, or use "
               "a sparse or low-rank approximation.")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(UserWarning, match=f"^{re.escape(message)}$"):
            GaussianProcessRegressor(optimize=False).fit(np.arange(n)[:, None], np.zeros(n))


def test_normalize_y_with_a_constant_target_scales_by_one():
    # std(y) = 0 leaves nothing to scale (scikit-learn's _handle_zeros_in_scale):
    # the model predicts the constant, with the prior's std away from the data.
    X, _ = _sine()
    y = np.full(len(X), 7.0)
    ours = GaussianProcessRegressor(optimize=False, noise_variance=0.1, normalize_y=True).fit(X, y)
    theirs = _reference(1.0, 1.0, 0.1, optimizer=None, alpha=0.0, normalize_y=True).fit(X, y)
    assert (ours.y_train_mean_, ours.y_train_std_) == (7.0, 1.0)
    mean, std = ours.predict(_queries(X), return_std=True)
    ref_mean, ref_std = theirs.predict(_queries(X), return_std=True)
    np.testing.assert_allclose(mean, ref_mean, rtol=0, atol=TOL)
    np.testing.assert_allclose(std, ref_std, rtol=0, atol=TOL)


def test_float32_hyperparameters_start_the_optimiser_in_float64():
    # The start θ₀ = log(σ_f², ℓ, σ_n²) is taken in float64 whatever the type
    # of the values given, so float32 values fit exactly as their float64 copies.
    X, y = _sine()
    start = {"length_scale": np.float32(1.3), "signal_variance": np.float32(0.8),
             "noise_variance": np.float32(0.05)}
    single = GaussianProcessRegressor(**start).fit(X, y)
    double = GaussianProcessRegressor(**{k: float(v) for k, v in start.items()}).fit(X, y)
    for name in ("signal_variance_", "length_scale_", "noise_variance_",
                 "log_marginal_likelihood_"):
        assert getattr(single, name) == getattr(double, name)
