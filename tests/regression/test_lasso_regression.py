"""LassoRegression and lasso_path against scikit-learn, the exact KKT solution,
a direct duality gap, finite differences, and the plain engine against the fast one."""

import inspect
import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.exceptions import ConvergenceWarning as SklearnConvergenceWarning
from sklearn.linear_model import Lasso
from sklearn.linear_model import lasso_path as sklearn_lasso_path

from scratchlearn import LassoRegression, config_context
from scratchlearn.core import ConvergenceWarning, NotFittedError, StandardScaler, check_gradient
from scratchlearn.datasets import load_diabetes, load_wine, make_regression
from scratchlearn.regression.lasso_regression.covariance_updates import (
    _newton_on_support,
    _objective,
    gram_duality_gap,
)
from scratchlearn.regression.lasso_regression.model import (
    alpha_grid,
    coordinate_descent_path,
    coordinate_descent_sweep,
    duality_gap,
    enet_objective,
    lasso_path,
    smooth_loss_and_gradient,
    soft_threshold,
    solve,
)

ENGINES = ["plain", "fast"]


def datasets():
    X_d, y_d = load_diabetes(return_X_y=True)
    wine = load_wine()
    rng = np.random.default_rng(3)
    X_s = rng.normal(size=(120, 30))
    X_s[:, 1] = X_s[:, 0] + 0.1 * rng.normal(size=120)          # a correlated pair
    w_s = np.zeros(30)
    w_s[:6] = [3.0, -2.0, 1.5, 0.0, 4.0, -1.0]
    y_s = X_s @ w_s + 0.5 * rng.normal(size=120)
    return {
        "diabetes": (X_d, y_d),
        "wine alcohol": (StandardScaler().fit_transform(wine.data[:, 1:]), wine.data[:, 0]),
        "synthetic sparse": (X_s, y_s),
    }


def relative_alphas(X, y, fractions):
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    return [f * np.max(np.abs(Xc.T @ yc)) / len(y) for f in fractions]


def exact_lasso(Xc, yc, alpha, coef):
    """The exact minimiser given the support and signs of ``coef``: on the
    support S, XₛᵀXₛ wₛ = Xₛᵀy − nα sign(wₛ) (the KKT conditions, notes eq. 5)."""
    n = len(yc)
    support = coef != 0
    exact = np.zeros_like(coef)
    if support.any():
        Xs = Xc[:, support]
        exact[support] = np.linalg.solve(Xs.T @ Xs,
                                         Xs.T @ yc - n * alpha * np.sign(coef[support]))
    return exact


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", list(datasets()))
@pytest.mark.parametrize("fraction", [0.5, 0.1, 0.01])
def test_coefficients_equal_sklearn_and_the_exact_solution(name, fraction, engine):
    X, y = datasets()[name]
    (alpha,) = relative_alphas(X, y, [fraction])
    with config_context(engine=engine):
        ours = LassoRegression(alpha=alpha, tol=1e-10, max_iter=100_000).fit(X, y)
    theirs = Lasso(alpha=alpha, tol=1e-10, max_iter=100_000).fit(X, y)
    np.testing.assert_array_equal(ours.coef_ == 0, theirs.coef_ == 0)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6,
                               atol=1e-9 * np.max(np.abs(theirs.coef_)))
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-6)
    exact = exact_lasso(X - X.mean(axis=0), y - y.mean(), alpha, ours.coef_)
    np.testing.assert_allclose(ours.coef_, exact, rtol=1e-6, atol=1e-9 * np.max(np.abs(exact)))
    assert ours.dual_gap_ <= 1e-10 * np.var(y)


@pytest.mark.parametrize("engine", ENGINES)
def test_path_of_50_alphas_on_diabetes_equals_sklearn(engine):
    X, y = load_diabetes(return_X_y=True)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    with config_context(engine=engine):
        alphas, coefs, gaps = lasso_path(Xc, yc, alphas=50, tol=1e-10, max_iter=100_000)
    ref_alphas, ref_coefs, ref_gaps = sklearn_lasso_path(Xc, yc, alphas=50, tol=1e-10,
                                                         max_iter=100_000)
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
    np.testing.assert_array_equal(coefs == 0, ref_coefs == 0)
    assert np.all(gaps <= 1e-10 * (yc @ yc) / len(yc))
    # At tol=1e-10 a small weight beside a large one (diabetes: 1.4 beside 660)
    # is right to about 1e-8 of the largest in scikit-learn and in our plain
    # sweep; the fast engine's Newton step on the support lands on the exact
    # solution (eq. 5), so it is compared more tightly.
    for k, alpha in enumerate(alphas):
        scale = np.max(np.abs(ref_coefs[:, k]))
        np.testing.assert_allclose(coefs[:, k], ref_coefs[:, k], rtol=1e-6, atol=1e-8 * scale)
        exact = exact_lasso(Xc, yc, alpha, coefs[:, k])
        atol = (1e-8 if engine == "plain" else 1e-11) * scale
        np.testing.assert_allclose(coefs[:, k], exact, rtol=1e-6, atol=atol)


def test_alpha_max_is_the_first_alpha_with_all_zeros():
    X, y = datasets()["synthetic sparse"]
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alpha_max = alpha_grid(Xc, yc, n_alphas=1)[0]
    assert alpha_max == pytest.approx(np.max(np.abs(Xc.T @ yc)) / len(y), rel=1e-14)
    assert not LassoRegression(alpha=alpha_max).fit(X, y).coef_.any()
    below = LassoRegression(alpha=0.99 * alpha_max, tol=1e-8).fit(X, y).coef_
    assert np.count_nonzero(below) == 1
    assert np.flatnonzero(below)[0] == np.argmax(np.abs(Xc.T @ yc))


def test_kkt_conditions_hold_at_the_solution():
    X, y = datasets()["wine alcohol"]
    (alpha,) = relative_alphas(X, y, [0.05])
    model = LassoRegression(alpha=alpha, tol=1e-12, max_iter=100_000).fit(X, y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    correlation = Xc.T @ (yc - Xc @ model.coef_) / len(y)      # −∇ of the smooth part
    active = model.coef_ != 0
    np.testing.assert_allclose(correlation[active], alpha * np.sign(model.coef_[active]),
                               rtol=1e-7)
    assert np.all(np.abs(correlation[~active]) <= alpha * (1 + 1e-9))


def direct_gap(X, y, w, l1_reg, l2_reg):
    """The duality gap from its definition on the augmented lasso (notes eqs. 11–13)."""
    d = X.shape[1]
    X_aug = np.vstack([X, np.sqrt(l2_reg) * np.eye(d)])
    y_aug = np.concatenate([y, np.zeros(d)])
    residual = y_aug - X_aug @ w
    nu = residual * min(1.0, l1_reg / np.max(np.abs(X_aug.T @ residual)))
    assert np.max(np.abs(X_aug.T @ nu)) <= l1_reg * (1 + 1e-12)     # dual feasible
    primal = 0.5 * residual @ residual + l1_reg * np.abs(w).sum()
    dual = -0.5 * nu @ nu + y_aug @ nu
    return primal - dual


@pytest.mark.parametrize("l2_reg", [0.0, 3.0])
@pytest.mark.parametrize("seed", range(3))
def test_duality_gap_equals_its_definition_and_bounds_the_suboptimality(seed, l2_reg):
    rng = np.random.default_rng(seed)
    X = np.asfortranarray(rng.normal(size=(40, 8)))
    y = X @ rng.normal(size=8) + rng.normal(size=40)
    l1_reg = 5.0
    w = rng.normal(size=8) * (rng.random(8) < 0.6)
    gap = duality_gap(X, y, w, y - X @ w, l1_reg, l2_reg)
    assert gap == pytest.approx(direct_gap(X, y, w, l1_reg, l2_reg), rel=1e-12)
    n = len(y)
    best = LassoRegression(alpha=l1_reg / n, fit_intercept=False, tol=1e-14,
                           max_iter=100_000).fit(X, y).coef_ if l2_reg == 0 else None
    if best is not None:
        suboptimality = (enet_objective(w, X, y, l1_reg, l2_reg)
                         - enet_objective(best, X, y, l1_reg, l2_reg))
        assert 0 <= suboptimality <= gap


def test_soft_threshold_and_one_coordinate_minimum():
    np.testing.assert_array_equal(soft_threshold(np.array([-3.0, -1.0, 0.5, 2.0]), 1.0),
                                  [-2.0, 0.0, 0.0, 1.0])
    # ½a w² − ρ w + t|w| is minimised at S(ρ, t)/a (notes eq. 9): check on a grid.
    grid = np.linspace(-5, 5, 200_001)
    for rho, t, a in [(3.0, 1.0, 2.0), (-0.5, 1.0, 1.0), (-4.0, 0.5, 3.0)]:
        numeric = grid[np.argmin(0.5 * a * grid ** 2 - rho * grid + t * np.abs(grid))]
        assert soft_threshold(rho, t) / a == pytest.approx(numeric, abs=1e-4)


@pytest.mark.parametrize("seed", range(3))
def test_smooth_part_gradient_matches_finite_differences(seed):
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(30, 5)), rng.normal(size=30)
    assert check_gradient(lambda w: smooth_loss_and_gradient(w, X, y, 0.0)[0],
                          lambda w: smooth_loss_and_gradient(w, X, y, 0.0)[1],
                          rng.normal(size=5)) < 1e-7


def test_positive_and_no_intercept_equal_sklearn():
    X, y = datasets()["synthetic sparse"]
    for kwargs in [{"positive": True}, {"fit_intercept": False}]:
        ours = LassoRegression(alpha=0.05, tol=1e-10, **kwargs).fit(X, y)
        theirs = Lasso(alpha=0.05, tol=1e-10, **kwargs).fit(X, y)
        np.testing.assert_array_equal(ours.coef_ == 0, theirs.coef_ == 0)
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6, atol=1e-10)
        assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-6, abs=1e-12)
    assert np.all(LassoRegression(alpha=0.05, positive=True).fit(X, y).coef_ >= 0)


def test_loss_history_decreases_and_warm_start_restarts_converged():
    X, y = datasets()["diabetes"]
    model = LassoRegression(alpha=0.05, tol=1e-8, max_iter=10_000).fit(X, y)
    assert np.all(np.diff(model.loss_history_) <= 1e-12 * model.loss_history_[0])
    model.set_params(warm_start=True).fit(X, y)
    assert model.n_iter_ <= 1


def test_too_few_sweeps_warn():
    X, y = datasets()["synthetic sparse"]
    with pytest.warns(ConvergenceWarning, match="duality gap"):
        LassoRegression(alpha=0.001, max_iter=2, tol=1e-12).fit(X, y)


def test_row_order_does_not_matter(rng):
    X, y = datasets()["diabetes"]
    order = rng.permutation(len(y))
    a = LassoRegression(alpha=0.1, tol=1e-12, max_iter=10_000).fit(X, y)
    b = LassoRegression(alpha=0.1, tol=1e-12, max_iter=10_000).fit(X[order], y[order])
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-8, atol=1e-10)


@st.composite
def regression_problems(draw):
    n = draw(st.integers(3, 30))
    d = draw(st.integers(1, 8))
    X = draw(arrays(np.float64, (n, d), elements=st.floats(-5, 5, width=32)))
    if draw(st.booleans()) and d > 1:
        X[:, -1] = X[:, 0]                                     # a duplicated column
    if draw(st.booleans()):
        X[:, 0] = 1.5                                          # a constant column
    y = draw(arrays(np.float64, n, elements=st.floats(-10, 10, width=32)))
    fraction = draw(st.sampled_from([0.9, 0.3, 0.05]))
    return X, y, fraction


@settings(max_examples=60, deadline=None)
@given(regression_problems())
def test_plain_and_fast_engines_fit_the_same_model(problem):
    X, y, fraction = problem
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alpha = fraction * np.max(np.abs(Xc.T @ yc)) / len(y)
    if alpha <= 1e-8:
        return
    fits = {}
    for engine in ENGINES:
        with config_context(engine=engine), warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            fits[engine] = LassoRegression(alpha=alpha, tol=1e-12, max_iter=20_000).fit(X, y)
    plain, fast = fits["plain"].coef_, fits["fast"].coef_
    n = len(y)
    # A duplicated column makes the lasso's minimiser non-unique; its minimum
    # is unique, so compare objectives (to the gap tolerance) in every case…
    objective = [enet_objective(w, Xc, yc, n * alpha, 0.0) for w in (plain, fast)]
    assert objective[0] == pytest.approx(objective[1], rel=1e-9, abs=1e-9 * (yc @ yc))
    # …and the weights themselves when the minimiser is unique.
    if np.linalg.matrix_rank(Xc) == X.shape[1] and np.linalg.cond(Xc) < 1e4:
        np.testing.assert_allclose(plain, fast, rtol=1e-6,
                                   atol=1e-6 * max(np.max(np.abs(plain)), 1e-12))


@pytest.mark.parametrize("bad, message", [
    ({"alpha": -1.0}, "alpha"), ({"max_iter": 0}, "max_iter"), ({"tol": -1.0}, "tol"),
])
def test_bad_parameters_are_named(bad, message):
    with pytest.raises(ValueError, match=message):
        LassoRegression(**bad).fit([[1.0], [2.0], [3.0]], [1.0, 2.0, 4.0])


def test_bad_input():
    with pytest.raises(NotFittedError):
        LassoRegression().predict([[1.0]])
    with pytest.raises(ValueError, match="NaN"):
        LassoRegression().fit([[1.0], [np.nan]], [1.0, 2.0])
    model = LassoRegression(alpha=0.01).fit(np.eye(3), [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="expecting 3 features"):
        model.predict([[1.0]])
    with pytest.raises(ValueError, match="rows"):
        lasso_path(np.eye(3), [1.0, 2.0])


def test_synthetic_support_is_recovered():
    X, y, w, _ = make_regression(400, 10, noise=0.1, coef_scale=1.0, return_coef=True,
                              random_state=1)
    w_sparse = np.where(np.abs(w) > np.median(np.abs(w)), w, 0.0)
    y = X @ w_sparse + 0.1 * np.random.default_rng(1).normal(size=400)
    model = LassoRegression(alpha=0.05).fit(X, y)
    np.testing.assert_array_equal(model.coef_ != 0, w_sparse != 0)


# -- tests prompted by mutation testing (benchmarks/results/mutation.md) ---------------

def test_defaults_are_scikit_learns():
    mine, reference = LassoRegression().get_params(), Lasso().get_params()
    assert mine == {name: reference[name] for name in mine}
    path_defaults = {name: p.default for name, p in inspect.signature(lasso_path).parameters.items()
                     if p.default is not inspect.Parameter.empty}
    theirs = inspect.signature(sklearn_lasso_path).parameters
    assert path_defaults["eps"] == theirs["eps"].default
    assert path_defaults["alphas"] == 100      # scikit-learn's grid size ('alphas' from 1.11)
    assert path_defaults["coef_init"] is theirs["coef_init"].default is None
    assert path_defaults["positive"] == theirs["positive"].default
    # max_iter and tol go through **params to scikit-learn's coordinate descent,
    # whose defaults are Lasso's
    assert (path_defaults["max_iter"], path_defaults["tol"]) == (reference["max_iter"],
                                                                  reference["tol"])
    # The signature alone is not enough (a wrapper can keep the old one): the
    # path called with no options is scikit-learn's default path, 100 α down to
    # 1e-3·α_max, each solved to tol 1e-4.
    X, y = load_diabetes(return_X_y=True)
    X, y = X - X.mean(axis=0), y - y.mean()
    alphas, coefs, _ = lasso_path(X, y)
    ref_alphas, ref_coefs, _ = sklearn_lasso_path(X, y, alphas=100)
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
    np.testing.assert_allclose(coefs, ref_coefs, rtol=1e-2, atol=1e-2 * np.abs(ref_coefs).max())


@pytest.mark.parametrize("positive", [False, True])
def test_path_options_reach_the_solver_as_in_sklearn(positive):
    """One sweep per α from a given start is scikit-learn's sweep, to rounding:
    the plain engine visits the coordinates in the same cyclic order. That
    pins coef_init (the first α's start), max_iter (one sweep, not a converged
    solution) and positive; eps sets the grid."""
    X, y = load_diabetes(return_X_y=True)
    X, y = X - X.mean(axis=0), y - y.mean()
    start = 100.0 * np.random.default_rng(0).normal(size=X.shape[1])
    with config_context(engine="plain"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SklearnConvergenceWarning)
        _, coefs, gaps = lasso_path(X, y, alphas=[0.1, 0.05], coef_init=start, max_iter=1,
                                    positive=positive)
        _, ref_coefs, ref_gaps = sklearn_lasso_path(X, y, alphas=[0.1, 0.05], coef_init=start,
                                                    max_iter=1, positive=positive)
    np.testing.assert_allclose(coefs, ref_coefs, rtol=1e-10, atol=1e-12 * np.max(np.abs(ref_coefs)))
    np.testing.assert_allclose(gaps, ref_gaps, rtol=1e-8)
    assert np.any(coefs < 0) != positive
    alphas, _, _ = lasso_path(X, y, eps=1e-2, alphas=5, positive=positive)
    ref_alphas, _, _ = sklearn_lasso_path(X, y, eps=1e-2, alphas=5, positive=positive)
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)


def test_enet_objective_is_eq_7_and_ends_the_loss_history():
    # ½‖y − Xw‖² + l1‖w‖₁ + ½ l2‖w‖² with R = (0, 4, 4), ‖w‖₁ = 3, ‖w‖² = 5:
    # 16 + 2·3 + ½·4·5 = 32, exactly.
    X = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    assert enet_objective(np.array([1.0, -2.0]), X, np.array([1.0, 2.0, 3.0]), 2.0, 4.0) == 32.0
    X, y = datasets()["diabetes"]
    model = LassoRegression(alpha=0.1, tol=1e-8).fit(X, y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    n = len(y)
    assert model.loss_history_[-1] == pytest.approx(
        enet_objective(model.coef_, Xc, yc, n * 0.1, 0.0) / n, rel=1e-9)
    # with an L2 term too (the elastic net's), from either engine's solver
    for engine in ENGINES:
        with config_context(engine=engine):
            w, _, _, history = solve(Xc, yc, np.zeros(Xc.shape[1]), 0.05 * n, 0.05 * n,
                                     max_iter=1000, tol=1e-8)
        assert history[-1] == pytest.approx(enet_objective(w, Xc, yc, 0.05 * n, 0.05 * n),
                                            rel=1e-9)


def test_held_out_predictions_and_warm_start_from_the_constructor():
    X, y = load_diabetes(return_X_y=True)
    train, test = slice(0, 300), slice(300, None)
    ours = LassoRegression(alpha=0.1, tol=1e-10, max_iter=100_000).fit(X[train], y[train])
    theirs = Lasso(alpha=0.1, tol=1e-10, max_iter=100_000).fit(X[train], y[train])
    assert ours.intercept_ != 0
    np.testing.assert_allclose(ours.predict(X[test]), theirs.predict(X[test]), rtol=1e-7)
    model = LassoRegression(alpha=0.1, warm_start=True, tol=1e-8, max_iter=10_000)
    first = model.fit(X, y).n_iter_
    assert first > 1 and model.fit(X, y).n_iter_ <= 1


def test_newton_step_on_the_support_by_hand():
    """Notes eq. 5 on G = diag(2, 4), c = (7, c₂), l1 = l2 = 1: for signs s the
    sign-fixed optimum is wⱼ = (cⱼ − sⱼ)/(Gⱼⱼ + 1), exact in floats here."""
    G = np.diag([2.0, 4.0])
    y_norm2 = 100.0                  # any value: only differences of the objective matter
    # From w = (1, 0.9) the target is (6/3, −1.5/5) = (2, −0.3): w₂ would change
    # sign, so the step stops where it reaches zero, t = 0.9/1.2 = 3/4, and sets
    # it to zero exactly; w₁ = 1 + 3/4·(2 − 1).
    c = np.array([7.0, -0.5])
    w = np.array([1.0, 0.9])
    stepped, q = _newton_on_support(G, c, y_norm2, w.copy(), c - G @ w, 1.0, 1.0, False)
    np.testing.assert_array_equal(stepped, [1.75, 0.0])
    np.testing.assert_array_equal(q, c - G @ stepped)
    # No sign change: the step goes all the way to (6/3, −1/5).
    c = np.array([7.0, -2.0])
    w = np.array([1.0, -0.5])
    stepped, q = _newton_on_support(G, c, y_norm2, w.copy(), c - G @ w, 1.0, 1.0, False)
    np.testing.assert_allclose(stepped, [2.0, -0.2], rtol=1e-15)
    # Already there: a step that does not lower the objective is refused, and
    # the very arrays passed in come back.
    w, q = np.array([2.0, -0.2]), c - G @ np.array([2.0, -0.2])
    returned = _newton_on_support(G, c, y_norm2, w, q, 1.0, 1.0, False)
    assert returned[0] is w and returned[1] is q


@pytest.mark.parametrize("l1_reg, l2_reg, positive", [
    (5.0, 0.0, False), (5.0, 3.0, False), (5.0, 3.0, True), (0.0, 3.0, False), (0.0, 0.5, False),
    (0.0, 0.0, False),
])
def test_gram_quantities_equal_those_computed_from_the_data(l1_reg, l2_reg, positive):
    """The fast path's gap and objective, from G = XᵀX, c = Xᵀy, ‖y‖² and
    q = c − Gw only, against model.py's, which read X and y directly."""
    rng = np.random.default_rng(7)
    X = np.asfortranarray(rng.normal(size=(40, 8)))
    y = X @ rng.normal(size=8) + rng.normal(size=40)
    w = rng.normal(size=8) * (rng.random(8) < 0.6)
    G, c = X.T @ X, X.T @ y
    q = c - G @ w
    R = y - X @ w
    gap, R_norm2 = gram_duality_gap(G, c, y @ y, w, q, l1_reg, l2_reg, positive)
    assert gap == pytest.approx(duality_gap(X, y, w, R, l1_reg, l2_reg, positive), rel=1e-10)
    assert R_norm2 == pytest.approx(R @ R, rel=1e-12)
    assert _objective(w, q, c, y @ y, l1_reg, l2_reg) == pytest.approx(
        enet_objective(w, X, y, l1_reg, l2_reg), rel=1e-12)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", ["alpha twice alpha_max", "positive, y against every feature",
                                  "constant y"])
def test_a_zero_solution_is_certified_before_any_sweep(case, engine):
    """w = 0 is optimal in each case, and the duality gap at the start proves it
    (eq. 13 with scale s = 1, ν = R = y): no sweep and no warning. The scale
    is min(1, l1/‖XᵀR‖∞); it stays 1 when ‖XᵀR‖∞ is below l1 (α > α_max),
    negative (positive weights, every feature against y) or zero (y = 0)."""
    rng = np.random.default_rng(5)
    X = rng.normal(size=(50, 3))
    y, alpha, positive = X @ [1.0, -2.0, 0.5], 1.0, False
    if case == "alpha twice alpha_max":
        alpha = 2 * relative_alphas(X, y, [1.0])[0]
    elif case == "positive, y against every feature":
        y, positive = -X.sum(axis=1), True
        assert np.all((X - X.mean(axis=0)).T @ (y - y.mean()) < 0)
    else:
        y = np.full(50, 2.0)
    with config_context(engine=engine), warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = LassoRegression(alpha=alpha, positive=positive).fit(X, y)
    theirs = Lasso(alpha=alpha, positive=positive).fit(X, y)
    np.testing.assert_array_equal(ours.coef_, theirs.coef_)
    assert not ours.coef_.any()
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-15)
    assert ours.n_iter_ == 0 and ours.dual_gap_ <= 1e-12 * np.var(y)


def test_fast_engine_first_sweep_and_its_newton_step():
    """The fast engine's sweeps (covariance updates over the active set) from
    zero, when every weight violates eq. 4 at the start, are the plain cyclic
    sweep: one of them is scikit-learn's one sweep. From a start with the
    solution's support and signs, a sweep keeps that pattern and the Newton
    step lands on the exact solution (eq. 5) within that same first sweep."""
    X, y = load_diabetes(return_X_y=True)
    X, y = X - X.mean(axis=0), y - y.mean()
    (alpha,) = relative_alphas(X, y, [0.01])
    assert np.all(np.abs(X.T @ y) > len(y) * alpha)        # every weight starts active
    with config_context(engine="fast"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SklearnConvergenceWarning)
        _, coefs, _ = lasso_path(X, y, alphas=[alpha], max_iter=1)
        _, ref_coefs, _ = sklearn_lasso_path(X, y, alphas=[alpha], max_iter=1)
        np.testing.assert_allclose(coefs, ref_coefs, rtol=1e-10,
                                   atol=1e-12 * np.max(np.abs(ref_coefs)))
        _, solution, _ = sklearn_lasso_path(X, y, alphas=[alpha], tol=1e-12, max_iter=100_000)
        exact = exact_lasso(X, y, alpha, solution[:, 0])
        _, coefs, _ = lasso_path(X, y, alphas=[alpha], max_iter=1, coef_init=0.99 * exact)
    np.testing.assert_allclose(coefs[:, 0], exact, rtol=0, atol=1e-12 * np.max(np.abs(exact)))
    # From zero the pattern settles after a few sweeps, and the Newton step then
    # lands on eq. 5 even at the default tol, where sweeps alone stop near 1e-4.
    with config_context(engine="fast"):
        fitted = LassoRegression(alpha=alpha).fit(X, y).coef_
    np.testing.assert_allclose(fitted, exact, rtol=0, atol=1e-12 * np.max(np.abs(exact)))


def test_fast_engine_sweeps_only_the_active_set():
    """Item 2 of "Making it fast": a sweep visits only the weights that are
    nonzero or violate eq. 4 at its start. Here x₂ is uncorrelated with y
    (inactive at w = 0) but correlated with x₁, so once w₁ moves it would move
    too in a full sweep: the fast engine's first sweep is scikit-learn's
    one sweep on x₁ alone, not its sweep over both."""
    rng = np.random.default_rng(11)
    x1 = rng.normal(size=100)
    x2 = -0.8 * x1 + 0.6 * rng.normal(size=100)
    X = np.column_stack([x1, x2])
    X -= X.mean(axis=0)
    y = X[:, 0] - (X[:, 0] @ X[:, 1]) / (X[:, 1] @ X[:, 1]) * X[:, 1]     # Xᵀy = (c₁, 0)
    (alpha,) = relative_alphas(X, y, [0.2])
    with config_context(engine="fast"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SklearnConvergenceWarning)
        _, coefs, _ = lasso_path(X, y, alphas=[alpha], max_iter=1)
        _, on_x1, _ = sklearn_lasso_path(X[:, :1], y, alphas=[alpha], max_iter=1)
        _, on_both, _ = sklearn_lasso_path(X, y, alphas=[alpha], max_iter=1)
    assert on_both[1, 0] != 0                                 # a full sweep moves w₂
    np.testing.assert_allclose(coefs[:, 0], [on_x1[0, 0], 0.0], rtol=1e-12, atol=0)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_sweep_that_zeroes_every_weight_stops_at_once_as_sklearns(engine):
    """Warm-started above α_max, the first sweep sets every weight to zero: the
    largest weight is then 0, which ends the sweeps at once (the gap is 0),
    after 1 sweep as in scikit-learn, not 2."""
    X, y = load_diabetes(return_X_y=True)
    (alpha_max,) = relative_alphas(X, y, [1.0])
    with config_context(engine=engine):
        ours = LassoRegression(alpha=0.1, warm_start=True).fit(X, y)
        ours.set_params(alpha=2 * alpha_max).fit(X, y)
    theirs = Lasso(alpha=0.1, warm_start=True).fit(X, y)
    theirs.set_params(alpha=2 * alpha_max).fit(X, y)
    assert not ours.coef_.any() and not theirs.coef_.any()
    assert ours.n_iter_ == theirs.n_iter_ == 1


# Four rows, two columns with ‖x₁‖² = ‖x₂‖² = 4 and x₁ᵀx₂ = −2: small integers,
# so every sweep, gap and Newton step below is exact in floating point.
FOUR_ROWS = np.array([[1.0, -1.0], [1.0, -1.0], [1.0, -1.0], [1.0, 1.0]])


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("positive", [False, True])
def test_tol_zero_stops_on_an_exact_solution_as_sklearns(positive, engine):
    """Xᵀy = (6, 0) and l1 = nα = 2: the first sweep sets w₁ = (6 − 2)/4 = 1,
    which is optimal, and leaves q₂ = x₂ᵀR = 0 + 2·1 = 2 = l1 exactly: w₂ = 0
    sits on the boundary of eq. 4 (|q₂| ≤ l1), so no weight enters and the
    gap is 0.0. tol = 0 is allowed (as in scikit-learn): the second sweep
    moves nothing (a step of 0 ≤ 0·w_max) and the gap 0 ≤ 0 ends the fit."""
    y = np.array([1.0, 1.0, 1.0, 3.0])
    with config_context(engine=engine), warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = LassoRegression(alpha=0.5, fit_intercept=False, tol=0.0, positive=positive).fit(
            FOUR_ROWS, y)
    theirs = Lasso(alpha=0.5, fit_intercept=False, tol=0.0, positive=positive).fit(FOUR_ROWS, y)
    np.testing.assert_array_equal(theirs.coef_, [1.0, 0.0])
    np.testing.assert_array_equal(ours.coef_, theirs.coef_)
    assert ours.n_iter_ == theirs.n_iter_ == 2
    assert ours.dual_gap_ == theirs.dual_gap_ == 0.0


def test_positive_weights_against_y_stay_outside_the_fast_active_set():
    """With positive weights a zero weight violates eq. 4 only when qⱼ > l1;
    qⱼ < −l1 is optimal for it. Xᵀy = (18, −4), l1 = 2: x₂ is not active at
    the start, although |q₂| = 4 > l1, so the first sweep is scikit-learn's on
    x₁ alone, w₁ = (18 − 2)/4 = 4 (after which q₂ = −4 + 2·4 = 4 would move
    w₂ in a full sweep). On orthogonal columns with Xᵀy = (6, −8) the fit
    ends, as scikit-learn's, after the second sweep: x₂ (q₂ = −8) never enters."""
    y = np.array([3.0, 4.0, 4.0, 7.0])
    with config_context(engine="fast"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SklearnConvergenceWarning)
        _, coefs, _ = lasso_path(FOUR_ROWS, y, alphas=[0.5], max_iter=1, positive=True)
        _, on_x1, _ = sklearn_lasso_path(FOUR_ROWS[:, :1], y, alphas=[0.5], max_iter=1,
                                         positive=True)
        _, on_both, _ = sklearn_lasso_path(FOUR_ROWS, y, alphas=[0.5], max_iter=1, positive=True)
    assert on_both[1, 0] > 0                                   # a full sweep moves w₂
    np.testing.assert_array_equal(coefs[:, 0], [on_x1[0, 0], 0.0])
    orthogonal = np.array([[1.0, 1.0], [1.0, 1.0], [1.0, -1.0], [1.0, -1.0]])
    y = np.array([0.0, -1.0, 3.0, 4.0])
    with config_context(engine="fast"):
        ours = LassoRegression(alpha=0.5, fit_intercept=False, positive=True).fit(orthogonal, y)
    theirs = Lasso(alpha=0.5, fit_intercept=False, positive=True).fit(orthogonal, y)
    np.testing.assert_array_equal(ours.coef_, [1.0, 0.0])
    assert ours.n_iter_ == theirs.n_iter_ == 2


def unit_column_problem():
    """Entries ±1/8 in 64 rows: every column has ‖xⱼ‖² = 1 exactly."""
    rng = np.random.default_rng(2)
    X = rng.choice([-0.125, 0.125], size=(64, 6))
    X[:, 1] = X[:, 0]
    X[:8, 1] *= -1                                             # a correlated pair
    y = X @ [24.0, -16.0, 0.0, 8.0, 0.0, 4.0] + 0.3 * rng.normal(size=64)
    return X, y


@pytest.mark.parametrize("problem", ["diabetes", "unit columns"])
def test_plain_sweep_count_is_sklearns(problem):
    """The plain engine sweeps in scikit-learn's cyclic order and checks the
    gap by its rule (after a sweep whose largest step is at most tol times the
    largest |wⱼ| over the nonzero columns), so it stops after the same number of
    sweeps. Diabetes has weights in the hundreds (tol·w_max ≠ tol/w_max); the
    second problem has columns of norm exactly 1."""
    if problem == "diabetes":
        X, y = load_diabetes(return_X_y=True)
        alphas, intercept = relative_alphas(X, y, [0.5, 0.01]), True
    else:
        (X, y), alphas, intercept = unit_column_problem(), [0.1, 0.01, 0.001], False
    for alpha in alphas:
        with config_context(engine="plain"):
            ours = LassoRegression(alpha=alpha, fit_intercept=intercept).fit(X, y)
        theirs = Lasso(alpha=alpha, fit_intercept=intercept).fit(X, y)
        assert ours.n_iter_ == theirs.n_iter_ > 1
        np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-9,
                                   atol=1e-12 * np.max(np.abs(theirs.coef_)))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("positive", [False, True])
def test_the_stopping_rule_is_scale_free(positive, engine):
    """y and α scaled by a power of two scale every iterate exactly (weights,
    steps, qⱼ and l1 alike; the gap and its tolerance by the square), so the
    fit must give exactly scaled weights after the same number of sweeps: the
    rules "step ≤ tol·w_max" and "gap ≤ tol·‖y‖²" are relative, as in
    scikit-learn, whose sweep count the plain engine's equals."""
    X, y = load_diabetes(return_X_y=True)
    (alpha,) = relative_alphas(X, y, [0.01])
    with config_context(engine=engine):
        base = LassoRegression(alpha=alpha, positive=positive).fit(X, y)
        for scale in (2.0 ** -20, 2.0 ** 20):
            scaled = LassoRegression(alpha=scale * alpha, positive=positive).fit(X, scale * y)
            np.testing.assert_array_equal(scaled.coef_, scale * base.coef_)
            assert scaled.n_iter_ == base.n_iter_
    if engine == "plain":
        assert base.n_iter_ == Lasso(alpha=alpha, positive=positive).fit(X, y).n_iter_


@pytest.mark.parametrize("engine", ENGINES)
def test_sweeps_running_out_warn_in_full_and_keep_the_history(engine):
    X, y = datasets()["synthetic sparse"]
    with config_context(engine=engine), pytest.warns(ConvergenceWarning) as record:
        model = LassoRegression(alpha=0.001, max_iter=2, tol=1e-12).fit(X, y)
    (message,) = [str(r.message) for r in record if issubclass(r.category, ConvergenceWarning)]
    number = r"\d\.\d{3}e[+-]\d\d"
    assert re.fullmatch(rf"Coordinate descent did not converge after 2 sweeps: duality gap "
                        rf"{number} > tolerance {number}\. Increase max_iter or tol, or "
                        rf"standardise the features\.", message)
    gap_tol = 1e-12 * np.sum((y - y.mean()) ** 2)
    assert f"tolerance {gap_tol:.3e}." in message
    assert model.n_iter_ == 2 and len(model.loss_history_) == 2
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    assert model.loss_history_[-1] == pytest.approx(
        enet_objective(model.coef_, Xc, yc, len(y) * 0.001, 0.0) / len(y), rel=1e-9)


def test_alpha_zero_and_one_sweep_are_accepted_as_in_sklearn():
    """α = 0 (least squares; scikit-learn warns but fits) and max_iter = 1
    are valid, as tol = 0 is (the exact-solution test above)."""
    rng = np.random.default_rng(4)
    X = rng.normal(size=(50, 3))
    y = X @ [1.0, -2.0, 0.5] + 3.0 + 0.1 * rng.normal(size=50)
    ours = LassoRegression(alpha=0.0, tol=1e-12, max_iter=10_000).fit(X, y)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    np.testing.assert_allclose(ours.coef_, np.linalg.lstsq(Xc, yc, rcond=None)[0], rtol=1e-8)
    with config_context(engine="plain"), pytest.warns(ConvergenceWarning):
        ours = LassoRegression(alpha=0.01, max_iter=1).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SklearnConvergenceWarning)
        theirs = Lasso(alpha=0.01, max_iter=1).fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_ == 1
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-12)


def test_path_input_errors_name_the_problem():
    with pytest.raises(ValueError, match=r"^X has 3 rows but y has 2\.$"):
        lasso_path(np.ones((3, 2)), [1.0, 2.0])
    with pytest.raises(ValueError, match=r"^Input y contains NaN"):
        lasso_path(np.eye(3), [1.0, np.nan, 2.0])
    with pytest.raises(ValueError, match=r"l1_ratio must be in \(0, 1\] for a path, got 1\.5"):
        coordinate_descent_path(np.eye(3), [1.0, 2.0, 3.0], l1_ratio=1.5)


def against_diabetes():
    """Centred diabetes with y negated: the largest |Xᵀy| is now a negative
    entry, so the signed and the positive-only grids differ."""
    X, y = load_diabetes(return_X_y=True)
    X, y = X - X.mean(axis=0), y.mean() - y
    assert np.max(X.T @ y) < 0.7 * np.max(np.abs(X.T @ y))
    return X, y


def test_alpha_grid_defaults_and_degenerate_grids_are_sklearns():
    X, y = against_diabetes()
    # defaults (by behaviour: a wrapper can keep the old signature): 100 values
    # down to 1e-3·α_max, α_max from |Xᵀy|
    np.testing.assert_allclose(alpha_grid(X, y), sklearn_lasso_path(X, y)[0], rtol=1e-12)
    np.testing.assert_allclose(alpha_grid(X, y, positive=True),
                               sklearn_lasso_path(X, y, positive=True)[0], rtol=1e-12)
    # α_max ≤ the float resolution 1e-15: 100 copies of 1e-15, as scikit-learn's.
    # Every feature against y with positive weights (α_max = 0); y = 0; and
    # α_max = 2e-15/2 = 1e-15 exactly, the boundary.
    for X_d, y_d, positive in [(np.array([[1.0, 2.0], [2.0, 1.0], [0.0, 0.0]]),
                                np.array([-1.0, -1.0, 0.0]), True),
                               (X, np.zeros(len(y)), False),
                               (np.array([[1.0], [0.0]]), np.array([2e-15, 0.0]), False)]:
        with warnings.catch_warnings():
            warnings.simplefilter("error")                    # and quietly
            grid = alpha_grid(X_d, y_d, positive=positive)
        np.testing.assert_array_equal(grid, sklearn_lasso_path(X_d, y_d, positive=positive)[0])
        np.testing.assert_array_equal(grid, np.full(100, 1e-15))


def test_coordinate_descent_path_defaults_and_positive_grid_are_sklearns():
    X, y = against_diabetes()
    alphas, coefs, _ = coordinate_descent_path(X, y, l1_ratio=1.0)
    ref_alphas, ref_coefs, _ = sklearn_lasso_path(X, y)
    np.testing.assert_allclose(alphas, ref_alphas, rtol=1e-12)
    np.testing.assert_allclose(coefs, ref_coefs, rtol=1e-2, atol=1e-2 * np.abs(ref_coefs).max())
    assert np.any(coefs < 0)
    alphas, _, _ = lasso_path(X, y, alphas=5, positive=True)
    np.testing.assert_allclose(alphas, sklearn_lasso_path(X, y, alphas=5, positive=True)[0],
                               rtol=1e-12)
    # The default max_iter, 1000 as scikit-learn's: with a tolerance no gap
    # reaches, each path stops there and says so.
    (alpha,) = relative_alphas(X, y, [1e-4])
    with config_context(engine="plain"):
        with pytest.warns(ConvergenceWarning, match="after 1000 sweeps"):
            coordinate_descent_path(X, y, l1_ratio=1.0, alphas=[alpha], tol=1e-300)
        with pytest.warns(ConvergenceWarning, match="after 1000 sweeps"):
            lasso_path(X, y, alphas=[alpha], tol=1e-300)


def test_given_alphas_and_coef_init_are_taken_as_floats():
    """Given α values are cast to float64 (like X and y), so float32 ones give
    exactly the path of their float64 values (not penalties nα rounded to
    float32); an integer coef_init is a float start, as in scikit-learn."""
    X, y = load_diabetes(return_X_y=True)
    X, y = X - X.mean(axis=0), y - y.mean()
    given = np.array([0.5, 0.1], dtype=np.float32)
    with config_context(engine="plain"):
        alphas, coefs, _ = lasso_path(X, y, alphas=given, tol=1e-8)
        _, ref_coefs, _ = lasso_path(X, y, alphas=given.astype(float), tol=1e-8)
    assert alphas.dtype == np.float64
    np.testing.assert_array_equal(coefs, ref_coefs)
    start = [100, -50, 300, 0, -200, 80, 10, 20, -30, 500]
    with config_context(engine="plain"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SklearnConvergenceWarning)
        _, coefs, _ = lasso_path(X, y, alphas=[0.1], coef_init=start, max_iter=1)
        _, ref_coefs, _ = sklearn_lasso_path(X, y, alphas=[0.1], coef_init=np.array(start),
                                             max_iter=1)
    np.testing.assert_allclose(coefs, ref_coefs, rtol=1e-10, atol=1e-12 * np.abs(ref_coefs).max())


def test_sweep_and_solve_default_to_weights_of_either_sign():
    """coordinate_descent_sweep (an exercise's function, called without
    ``positive`` by its check) and solve take ``positive=False`` by default."""
    X, y = load_diabetes(return_X_y=True)
    X, y = X - X.mean(axis=0), y - y.mean()
    n = len(y)
    (alpha,) = relative_alphas(X, y, [0.01])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SklearnConvergenceWarning)
        _, one_sweep, _ = sklearn_lasso_path(X, y, alphas=[alpha], max_iter=1)
    w, R = coordinate_descent_sweep(np.asfortranarray(X), np.zeros(X.shape[1]), y.copy(),
                                    np.sum(X ** 2, axis=0), n * alpha, 0.0)
    assert np.any(one_sweep < 0)
    np.testing.assert_allclose(w, one_sweep[:, 0], rtol=1e-10, atol=1e-12 * np.abs(w).max())
    np.testing.assert_allclose(R, y - X @ w, atol=1e-9 * np.abs(y).max())
    theirs = Lasso(alpha=alpha, fit_intercept=False, tol=1e-10, max_iter=100_000).fit(X, y)
    for engine in ENGINES:
        with config_context(engine=engine):
            w, _, _, _ = solve(X, y, np.zeros(X.shape[1]), n * alpha, 0.0, max_iter=100_000,
                               tol=1e-10)
        np.testing.assert_allclose(w, theirs.coef_, rtol=1e-6,
                                   atol=1e-8 * np.abs(theirs.coef_).max())


def test_fast_engine_sweeps_in_full_without_more_samples_than_features():
    """With n ≤ d the Gram matrix is no cheaper than the data, so the fast
    engine runs the plain sweep over every coordinate. Here n = d = 2, Xᵀy =
    (2, 0): x₂ is not active at the start, yet a full sweep moves it (after
    w₁ = (2 − 0.5)/4, q₂ = −2·w₁ = −0.75 < −l1), as scikit-learn's one sweep does."""
    X, y = np.array([[2.0, 1.0], [0.0, 1.0]]), np.array([1.0, -1.0])
    with config_context(engine="fast"), warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        warnings.simplefilter("ignore", SklearnConvergenceWarning)
        _, coefs, _ = lasso_path(X, y, alphas=[0.25], max_iter=1)
        _, ref_coefs, _ = sklearn_lasso_path(X, y, alphas=[0.25], max_iter=1)
    np.testing.assert_array_equal(ref_coefs[:, 0], [0.375, -0.125])
    np.testing.assert_array_equal(coefs, ref_coefs)


@pytest.mark.parametrize("engine", ENGINES)
def test_a_start_weight_on_a_zero_column_is_zeroed_as_sklearns(engine):
    """A warm start onto data in which a feature has become constant (a zero
    column once centred): its old weight changes no prediction and only adds
    to the penalty, so the solution has it at 0. Scikit-learn zeroes it; the
    sweeps skip zero columns, so a kept weight would hold the gap above
    l1·|wⱼ| and run to max_iter. Likewise a coef_init on a zero column."""
    X, y = load_diabetes(return_X_y=True)
    constant = X.copy()
    constant[:, 3] = 0.5
    with config_context(engine=engine), warnings.catch_warnings():
        warnings.simplefilter("error")
        # (a few dozen sweeps each; a kept weight would run to max_iter and warn)
        ours = LassoRegression(alpha=0.1, warm_start=True, tol=1e-10, max_iter=1000).fit(X, y)
        assert ours.coef_[3] != 0
        ours.fit(constant, y)
    theirs = Lasso(alpha=0.1, tol=1e-10, max_iter=100_000).fit(constant, y)
    assert ours.coef_[3] == theirs.coef_[3] == 0.0
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-6,
                               atol=1e-9 * np.abs(theirs.coef_).max())
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-9)
    # every column zero: nothing to fit, the start is zeroed and certified at once
    start = np.array([1.0, -2.0])
    with config_context(engine=engine), warnings.catch_warnings():
        warnings.simplefilter("error")
        _, coefs, gaps = lasso_path(np.zeros((4, 2)), [1.0, 2.0, 3.0, 4.0], alphas=[0.5],
                                    coef_init=start)
    _, ref_coefs, ref_gaps = sklearn_lasso_path(np.zeros((4, 2)), np.array([1.0, 2.0, 3.0, 4.0]),
                                                alphas=[0.5], coef_init=start.copy())
    np.testing.assert_array_equal(coefs, ref_coefs)
    np.testing.assert_array_equal(coefs, np.zeros((2, 1)))
    assert gaps[0] == ref_gaps[0] == 0.0
