"""ElasticNetRegression and enet_path against scikit-learn, the lasso on augmented
data, ridge's closed form, the grouping effect, and plain against fast."""

import inspect
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.exceptions import ConvergenceWarning as SklearnConvergenceWarning
from sklearn.linear_model import ElasticNet
from sklearn.linear_model import enet_path as sklearn_enet_path

from scratchlearn import ElasticNetRegression, LassoRegression, config_context
from scratchlearn.core import ConvergenceWarning, NotFittedError, StandardScaler, check_gradient
from scratchlearn.datasets import load_diabetes, load_wine
from scratchlearn.regression.elastic_net.model import augmented_lasso_problem, enet_path
from scratchlearn.regression.lasso_regression.model import (
    duality_gap,
    smooth_loss_and_gradient,
)

ENGINES = ["plain", "fast"]


def datasets():
    X_d, y_d = load_diabetes(return_X_y=True)
    wine = load_wine()
    rng = np.random.default_rng(4)
    X_s = rng.normal(size=(150, 25))
    X_s[:, 1] = X_s[:, 0] + 0.05 * rng.normal(size=150)
    y_s = X_s[:, :5] @ np.array([2.0, 2.0, -1.0, 0.5, 3.0]) + 0.5 * rng.normal(size=150)
    return {
        "diabetes": (X_d, y_d),
        "wine alcohol": (StandardScaler().fit_transform(wine.data[:, 1:]), wine.data[:, 0]),
        "synthetic correlated": (X_s, y_s),
    }


def centred(X, y):
    return X - X.mean(axis=0), y - y.mean()


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", list(datasets()))
@pytest.mark.parametrize("fraction, l1_ratio", [(0.5, 0.5), (0.05, 0.2), (0.01, 0.9)])
def test_coefficients_equal_sklearn(name, fraction, l1_ratio, engine):
    X, y = datasets()[name]
    Xc, yc = centred(X, y)
    alpha = fraction * np.max(np.abs(Xc.T @ yc)) / (len(y) * l1_ratio)
    with config_context(engine=engine):
        ours = ElasticNetRegression(alpha=alpha, l1_ratio=l1_ratio, tol=1e-10,
                                    max_iter=100_000).fit(X, y)
    theirs = ElasticNet(alpha=alpha, l1_ratio=l1_ratio, tol=1e-10, max_iter=100_000).fit(X, y)
    np.testing.assert_array_equal(ours.coef_ == 0, theirs.coef_ == 0)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6,
                               atol=1e-9 * np.max(np.abs(theirs.coef_)))
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-6)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("l1_ratio", [0.5, 0.2])
def test_path_of_50_alphas_on_diabetes_equals_sklearn(l1_ratio, engine):
    Xc, yc = centred(*load_diabetes(return_X_y=True))
    with config_context(engine=engine):
        alphas, coefs, gaps = enet_path(Xc, yc, l1_ratio=l1_ratio, alphas=50, tol=1e-10,
                                        max_iter=100_000)
    ref_alphas, ref_coefs, _ = sklearn_enet_path(Xc, yc, l1_ratio=l1_ratio, alphas=50,
                                                 tol=1e-10, max_iter=100_000)
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
    np.testing.assert_array_equal(coefs == 0, ref_coefs == 0)
    nonzero = ref_coefs != 0
    np.testing.assert_allclose(coefs[nonzero], ref_coefs[nonzero], rtol=1e-6)
    assert np.all(gaps <= 1e-10 * (yc @ yc) / len(yc))


@pytest.mark.parametrize("l1_ratio", [0.3, 0.8])
def test_elastic_net_is_a_lasso_on_augmented_data(l1_ratio):
    Xc, yc = centred(*datasets()["synthetic correlated"])
    alpha = 0.05
    X_aug, y_aug, alpha_aug = augmented_lasso_problem(Xc, yc, alpha, l1_ratio)
    enet = ElasticNetRegression(alpha=alpha, l1_ratio=l1_ratio, fit_intercept=False,
                                tol=1e-12, max_iter=100_000).fit(Xc, yc)
    lasso = LassoRegression(alpha=alpha_aug, fit_intercept=False, tol=1e-12,
                            max_iter=100_000).fit(X_aug, y_aug)
    np.testing.assert_array_equal(enet.coef_ == 0, lasso.coef_ == 0)
    np.testing.assert_allclose(enet.coef_, lasso.coef_, rtol=1e-7, atol=1e-10)


@pytest.mark.parametrize("alpha", [1e-3, 0.1, 10.0])
def test_l1_ratio_zero_is_ridge_in_closed_form(alpha):
    X, y = datasets()["wine alcohol"]
    Xc, yc = centred(X, y)
    n, d = Xc.shape
    ridge = np.linalg.solve(Xc.T @ Xc + n * alpha * np.eye(d), Xc.T @ yc)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = ElasticNetRegression(alpha=alpha, l1_ratio=0.0, tol=1e-14,
                                    max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(ours.coef_, ridge, rtol=1e-6, atol=1e-9 * np.max(np.abs(ridge)))


def test_grouping_effect_on_duplicated_columns():
    X, y = datasets()["synthetic correlated"]
    X_dup = np.column_stack([X, X[:, 4], X[:, 4]])             # three copies of feature 4
    enet = ElasticNetRegression(alpha=0.05, l1_ratio=0.5, tol=1e-12,
                                max_iter=100_000).fit(X_dup, y)
    copies = enet.coef_[[4, 25, 26]]
    np.testing.assert_allclose(copies, copies[0], rtol=1e-6)   # shared equally
    assert copies[0] > 0
    lasso = LassoRegression(alpha=0.05, tol=1e-12, max_iter=100_000).fit(X_dup, y)
    # Any split of the lasso's weight among the copies is optimal; cyclic
    # descent from zero loads nearly all of it on the first. Only the sum is
    # determined: the weight of the single column.
    assert lasso.coef_[4] > 0.99 * lasso.coef_[[4, 25, 26]].sum()
    single = LassoRegression(alpha=0.05, tol=1e-12, max_iter=100_000).fit(X, y)
    assert lasso.coef_[[4, 25, 26]].sum() == pytest.approx(single.coef_[4], rel=1e-6)


def test_duality_gap_with_l2_term_vanishes_at_the_solution_only():
    Xc, yc = centred(*datasets()["diabetes"])
    Xc = np.asfortranarray(Xc)
    n = len(yc)
    model = ElasticNetRegression(alpha=0.01, l1_ratio=0.5, fit_intercept=False, tol=1e-13,
                                 max_iter=100_000).fit(Xc, yc)
    l1_reg, l2_reg = 0.005 * n, 0.005 * n
    w = model.coef_
    gap = duality_gap(Xc, yc, w, yc - Xc @ w, l1_reg, l2_reg)
    assert abs(gap) <= 1e-12 * (yc @ yc)
    moved = w + 0.01 * np.max(np.abs(w))
    assert duality_gap(Xc, yc, moved, yc - Xc @ moved, l1_reg, l2_reg) > 1e-6 * (yc @ yc)


@pytest.mark.parametrize("seed", range(3))
def test_smooth_part_gradient_with_l2_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(30, 5)), rng.normal(size=30)
    assert check_gradient(lambda w: smooth_loss_and_gradient(w, X, y, 2.5)[0],
                          lambda w: smooth_loss_and_gradient(w, X, y, 2.5)[1],
                          rng.normal(size=5)) < 1e-7


@settings(max_examples=60, deadline=None)
@given(n=st.integers(3, 30), d=st.integers(1, 8), data=st.data(),
       l1_ratio=st.sampled_from([0.1, 0.5, 0.9]), duplicate=st.booleans())
def test_plain_and_fast_engines_fit_the_same_model(n, d, data, l1_ratio, duplicate):
    X = data.draw(arrays(np.float64, (n, d), elements=st.floats(-5, 5, width=32)))
    y = data.draw(arrays(np.float64, n, elements=st.floats(-10, 10, width=32)))
    if duplicate and d > 1:
        X[:, -1] = X[:, 0]
    Xc, yc = centred(X, y)
    alpha = 0.1 * np.max(np.abs(Xc.T @ yc)) / (n * l1_ratio)
    if alpha <= 1e-8:
        return
    fits = {}
    for engine in ENGINES:
        with config_context(engine=engine), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            fits[engine] = ElasticNetRegression(alpha=alpha, l1_ratio=l1_ratio, tol=1e-12,
                                                max_iter=50_000).fit(X, y)
    plain, fast = fits["plain"].coef_, fits["fast"].coef_
    # The L2 term makes the minimiser unique even with duplicated columns, and
    # the objective (×n) is λ₂-strongly convex: a duality gap G puts w within
    # √(2G/λ₂) of it. Both fits, whatever their iterates, must be that close.
    l2_reg = n * alpha * (1 - l1_ratio)
    # (A gap is computed to about 1e-14·‖y‖², its rounding level.)
    rounding = 1e-14 * (yc @ yc)
    radius = sum(np.sqrt(2 * max(fit.dual_gap_ * n, rounding) / l2_reg)
                 for fit in fits.values())
    assert np.linalg.norm(plain - fast) <= radius


@pytest.mark.parametrize("bad, message", [
    ({"l1_ratio": 1.5}, "l1_ratio"), ({"l1_ratio": -0.1}, "l1_ratio"), ({"alpha": -1.0}, "alpha"),
])
def test_bad_parameters_are_named(bad, message):
    with pytest.raises(ValueError, match=message):
        ElasticNetRegression(**bad).fit([[1.0], [2.0], [3.0]], [1.0, 2.0, 4.0])


def test_bad_input():
    with pytest.raises(NotFittedError):
        ElasticNetRegression().predict([[1.0]])
    with pytest.raises(ValueError, match="infinity"):
        ElasticNetRegression().fit([[1.0], [np.inf]], [1.0, 2.0])
    with pytest.raises(ValueError, match="l1_ratio"):
        enet_path(np.eye(3), [1.0, 2.0, 3.0], l1_ratio=0.0)


# -- tests prompted by mutation testing (benchmarks/results/mutation.md) ---------------

def test_defaults_are_scikit_learns():
    mine, reference = ElasticNetRegression().get_params(), ElasticNet().get_params()
    assert mine == {name: reference[name] for name in mine}
    path_defaults = {name: p.default for name, p in inspect.signature(enet_path).parameters.items()
                     if p.default is not inspect.Parameter.empty}
    theirs = inspect.signature(sklearn_enet_path).parameters
    assert path_defaults["l1_ratio"] == theirs["l1_ratio"].default
    assert path_defaults["eps"] == theirs["eps"].default
    assert path_defaults["alphas"] == 100      # scikit-learn's grid size ('alphas' from 1.11)
    assert path_defaults["positive"] == theirs["positive"].default
    # max_iter and tol go through **params to scikit-learn's coordinate descent,
    # whose defaults are ElasticNet's
    assert (path_defaults["max_iter"], path_defaults["tol"]) == (reference["max_iter"],
                                                                  reference["tol"])


def test_held_out_predictions_positive_weights_and_l1_ratio_one_equal_sklearn():
    X, y = load_diabetes(return_X_y=True)
    train, test = slice(0, 300), slice(300, None)
    for params in (dict(alpha=0.01), dict(alpha=0.01, positive=True),
                   dict(alpha=0.1, l1_ratio=1.0)):
        ours = ElasticNetRegression(tol=1e-10, max_iter=100_000, **params).fit(X[train], y[train])
        theirs = ElasticNet(tol=1e-10, max_iter=100_000, **params).fit(X[train], y[train])
        np.testing.assert_allclose(ours.predict(X[test]), theirs.predict(X[test]), rtol=1e-6)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6, atol=1e-8)
    assert np.all(ours.intercept_ != 0)


def test_enet_path_with_positive_weights_equals_sklearn():
    X, y = load_diabetes(return_X_y=True)
    X, y = X - X.mean(axis=0), y - y.mean()
    ours = enet_path(X, y, l1_ratio=0.7, alphas=10, positive=True, tol=1e-10, max_iter=100_000)
    theirs = sklearn_enet_path(X, y, l1_ratio=0.7, alphas=10, positive=True, tol=1e-10,
                               max_iter=100_000)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-12)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-6, atol=1e-8)
    assert np.all(ours[1] >= 0) and np.any(ours[1] > 0)


def test_warm_start_begins_at_the_last_solution():
    X, y = load_diabetes(return_X_y=True)
    model = ElasticNetRegression(alpha=0.01, warm_start=True, tol=1e-8, max_iter=10_000)
    first = model.fit(X, y).n_iter_
    assert model.fit(X, y).n_iter_ < first


def test_enet_path_with_its_defaults_is_sklearns_with_its_defaults():
    """Called with no options, the path is scikit-learn's default path: 100 α
    down to 1e-3·α_max at l1_ratio 0.5, each solved to tol 1e-4."""
    X, y = load_diabetes(return_X_y=True)
    X, y = X - X.mean(axis=0), y - y.mean()
    alphas, coefs, _ = enet_path(X, y)
    ref_alphas, ref_coefs, _ = sklearn_enet_path(X, y, alphas=100)
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
    np.testing.assert_allclose(coefs, ref_coefs, rtol=1e-2, atol=1e-2 * np.abs(ref_coefs).max())


def test_a_callers_max_iter_reaches_the_path_solver():
    X, y = load_diabetes(return_X_y=True)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    with pytest.warns(ConvergenceWarning) as ours:
        _, _, gaps = enet_path(Xc, yc, l1_ratio=0.5, alphas=10, max_iter=1, tol=1e-12)
    with pytest.warns(SklearnConvergenceWarning):
        sklearn_enet_path(Xc, yc, l1_ratio=0.5, alphas=10, max_iter=1, tol=1e-12)
    assert all("after 1 sweeps" in str(w.message) for w in ours)
    assert np.max(gaps) > 1e3 * 1e-12 * (yc @ yc)      # one sweep leaves the large-α fits unconverged


def test_the_path_stops_after_scikit_learns_default_of_1000_sweeps():
    X, y = load_diabetes(return_X_y=True)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    with pytest.warns(ConvergenceWarning, match="after 1000 sweeps"):
        enet_path(Xc, yc, l1_ratio=0.5, alphas=[1e-4], tol=1e-300)   # a gap never that small


def test_enet_path_passes_eps_and_coef_init_on_as_scikit_learn_does():
    # One sweep per α (max_iter=1) from a given start, at α well below α_max
    # (at α_max itself one sweep from any start gives w = 0): the start shows
    # in every weight, so a dropped coef_init cannot hide behind convergence.
    X, y = load_diabetes(return_X_y=True)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    start = np.linspace(-50.0, 50.0, X.shape[1])
    with config_context(engine="plain"), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, coefs, _ = enet_path(Xc, yc, l1_ratio=0.5, alphas=[0.01, 0.001], max_iter=1,
                                tol=1e-12, coef_init=start)
        alphas, _, _ = enet_path(Xc, yc, l1_ratio=0.5, eps=1e-2, alphas=5)
        _, ref_coefs, _ = sklearn_enet_path(Xc, yc, l1_ratio=0.5, alphas=[0.01, 0.001],
                                            max_iter=1, tol=1e-12, coef_init=start)
    ref_alphas, _, _ = sklearn_enet_path(Xc, yc, l1_ratio=0.5, eps=1e-2, alphas=5)
    assert np.max(np.abs(coefs - ref_coefs)) < 1e-12 * np.max(np.abs(ref_coefs))
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
