"""RidgeRegression against scikit-learn's Ridge, its closed form and its gradient."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.linear_model import Ridge

import scratchlearn
from scratchlearn import MultipleLinearRegression, RidgeRegression
from scratchlearn.core import ConvergenceWarning, NotFittedError, StandardScaler, check_gradient
from scratchlearn.datasets import load_diabetes, load_wine
from scratchlearn.regression.multiple_linear_regression.normal_equations import gram_ridge
from scratchlearn.regression.ridge_regression.model import (
    centre,
    largest_hessian_eigenvalue,
    ridge_cholesky,
    ridge_loss_and_gradient,
    ridge_svd,
)

ALPHAS = [1e-3, 1e-2, 1e-1, 1.0, 10.0, 100.0, 1e3]


def datasets():
    wine = load_wine()
    rng = np.random.default_rng(7)
    X = rng.normal(size=(150, 6)) * np.array([1.0, 10.0, 0.1, 1.0, 5.0, 1.0])
    X_dup = np.column_stack([X, X[:, 0], X[:, 1], 3.0 * X[:, 2]])   # duplicated columns
    y_dup = X @ rng.normal(size=6) + 2.0 + rng.normal(size=150)
    return {
        "diabetes raw": load_diabetes(return_X_y=True, scaled=False),
        "wine alcohol": (wine.data[:, 1:], wine.data[:, 0]),
        "synthetic, duplicated columns": (X_dup, y_dup),
    }


def relative_difference(a, b):
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


@pytest.mark.parametrize("name", list(datasets()))
@pytest.mark.parametrize("alpha", ALPHAS)
@pytest.mark.parametrize("solver", ["svd", "cholesky"])
@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_coefficients_equal_sklearn(name, alpha, solver, engine):
    X, y = datasets()[name]
    with scratchlearn.config_context(engine=engine):
        ours = RidgeRegression(alpha=alpha, solver=solver).fit(X, y)
    theirs = Ridge(alpha=alpha).fit(X, y)
    assert relative_difference(ours.coef_, theirs.coef_) < 1e-8
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-8, abs=1e-10)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-8)


@pytest.mark.parametrize("name", ["diabetes raw", "synthetic, duplicated columns"])
def test_without_intercept_equals_sklearn(name):
    X, y = datasets()[name]
    ours = RidgeRegression(alpha=0.5, fit_intercept=False).fit(X, y)
    theirs = Ridge(alpha=0.5, fit_intercept=False).fit(X, y)
    assert relative_difference(ours.coef_, theirs.coef_) < 1e-8
    assert ours.intercept_ == 0.0


def test_duplicated_columns_share_the_weight_equally():
    X, y = datasets()["synthetic, duplicated columns"]
    ours = RidgeRegression(alpha=1.0).fit(X, y)
    assert ours.coef_[0] == pytest.approx(ours.coef_[6], rel=1e-10)
    assert ours.coef_[1] == pytest.approx(ours.coef_[7], rel=1e-10)
    # 3·x₂ against x₂: the penalty splits the weight 3:1 (w₈ = 3·w₂ minimises w₂² + w₈²).
    assert ours.coef_[8] == pytest.approx(3.0 * ours.coef_[2], rel=1e-10)


def test_svd_solve_is_exact_where_cholesky_loses_digits(exact_least_squares):
    # Duplicated columns and a small α: X̃ᵀX̃ + αI has κ ≈ 1e9, so a Cholesky
    # solve (scikit-learn's default) is off by about 3e-9; the SVD is not.
    X, y = datasets()["synthetic, duplicated columns"]
    b, w = exact_least_squares(X, y, alpha=1e-3)
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            ours = RidgeRegression(alpha=1e-3).fit(X, y)
        assert relative_difference(ours.coef_, w) < 1e-12
        assert ours.intercept_ == pytest.approx(b, rel=1e-12)
    assert relative_difference(Ridge(alpha=1e-3).fit(X, y).coef_, w) > 1e-10


def test_svd_closed_form_is_the_penalised_normal_equations():
    X, y = datasets()["diabetes raw"]
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    alpha = 3.0
    w = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ yc)
    ours = RidgeRegression(alpha=alpha).fit(X, y)
    assert relative_difference(ours.coef_, w) < 1e-10
    assert ours.intercept_ == pytest.approx(y.mean() - X.mean(axis=0) @ w, rel=1e-10)


def test_gradient_vanishes_at_the_solution_and_objective_is_minimal(rng):
    X, y = datasets()["wine alcohol"]
    model = RidgeRegression(alpha=2.0).fit(X, y)
    loss, grad_w, grad_b = ridge_loss_and_gradient(model.coef_, model.intercept_, X, y, 2.0)
    scale = np.abs(X).T @ np.abs(y)
    assert np.all(np.abs(grad_w) < 1e-9 * scale) and abs(grad_b) < 1e-9 * np.abs(y).sum()
    for _ in range(5):
        nudged = model.coef_ + 1e-4 * rng.normal(size=X.shape[1])
        assert ridge_loss_and_gradient(nudged, model.intercept_, X, y, 2.0)[0] > loss


def test_alpha_zero_is_least_squares():
    X, y = datasets()["diabetes raw"]
    ours = RidgeRegression(alpha=0.0).fit(X, y)
    exact = MultipleLinearRegression().fit(X, y)
    assert relative_difference(ours.coef_, exact.coef_) < 1e-9


def test_huge_alpha_shrinks_every_weight_to_zero():
    X, y = datasets()["diabetes raw"]
    model = RidgeRegression(alpha=1e15).fit(X, y)
    assert np.max(np.abs(model.coef_)) < 1e-6
    assert model.intercept_ == pytest.approx(y.mean(), rel=1e-6)


def test_shrinkage_grows_with_alpha():
    X, y = load_diabetes(return_X_y=True)
    norms = [np.linalg.norm(RidgeRegression(alpha=a).fit(X, y).coef_) for a in ALPHAS]
    assert np.all(np.diff(norms) < 0)


@pytest.mark.parametrize("name", ["diabetes raw", "wine alcohol"])
@pytest.mark.parametrize("alpha", [0.1, 10.0])
def test_gradient_descent_reaches_the_closed_form(name, alpha):
    # On standardised features (GD's speed depends on conditioning, not the answer).
    X, y = datasets()[name]
    X = StandardScaler().fit_transform(X)
    exact = RidgeRegression(alpha=alpha).fit(X, y)
    gd = RidgeRegression(alpha=alpha, solver="gd", max_iter=100_000, tol=1e-10).fit(X, y)
    assert relative_difference(gd.coef_, exact.coef_) < 1e-6
    assert gd.intercept_ == pytest.approx(exact.intercept_, rel=1e-8)
    assert np.all(np.diff(gd.loss_history_) <= 1e-12 * gd.loss_history_[0])


def test_gradient_descent_warns_when_max_iter_is_reached():
    X, y = datasets()["diabetes raw"]
    with pytest.warns(ConvergenceWarning):
        RidgeRegression(solver="gd", max_iter=3).fit(X, y)


def test_ridge_gradient_matches_finite_differences(rng):
    X, y = rng.normal(size=(30, 4)), rng.normal(size=30)
    d = X.shape[1]

    def loss(theta):
        return ridge_loss_and_gradient(theta[:d], theta[d], X, y, 0.7)[0]

    def grad(theta):
        _, grad_w, grad_b = ridge_loss_and_gradient(theta[:d], theta[d], X, y, 0.7)
        return np.append(grad_w, grad_b)

    assert check_gradient(loss, grad, rng.normal(size=d + 1)) < 1e-8


@settings(max_examples=40, deadline=None)
@given(n=st.integers(2, 50), d=st.integers(1, 8), seed=st.integers(0, 2 ** 31),
       alpha=st.sampled_from([0.0, 1e-6, 1e-2, 1.0, 1e3]), duplicate=st.booleans(),
       fit_intercept=st.booleans())
def test_plain_and_fast_paths_fit_the_same_model(n, d, seed, alpha, duplicate, fit_intercept):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d)) * rng.choice([1e-2, 1.0, 1e2], size=d)
    if duplicate:
        X = np.column_stack([X, X[:, 0]])
    y = X @ rng.normal(size=X.shape[1]) + rng.normal(size=n)
    fits = {}
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            fits[engine] = RidgeRegression(alpha=alpha, fit_intercept=fit_intercept).fit(X, y)
    plain, fast = fits["plain"].predict(X), fits["fast"].predict(X)
    assert np.max(np.abs(plain - fast)) <= 1e-10 * max(np.max(np.abs(plain)), 1e-300)


def test_row_order_does_not_matter(rng):
    X, y = datasets()["wine alcohol"]
    order = rng.permutation(len(y))
    a = RidgeRegression(alpha=0.3).fit(X, y)
    b = RidgeRegression(alpha=0.3).fit(X[order], y[order])
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-10)


def test_bad_input_and_parameters():
    X, y = [[1.0], [2.0], [3.0]], [1.0, 2.0, 2.5]
    with pytest.raises(NotFittedError):
        RidgeRegression().predict(X)
    with pytest.raises(ValueError, match="alpha"):
        RidgeRegression(alpha=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="alpha"):
        RidgeRegression(alpha="big").fit(X, y)
    with pytest.raises(ValueError, match="solver"):
        RidgeRegression(solver="qr").fit(X, y)
    with pytest.raises(ValueError, match="cholesky"):
        RidgeRegression(alpha=0.0, solver="cholesky").fit(X, y)
    with pytest.raises(ValueError, match="learning_rate"):
        RidgeRegression(solver="gd", learning_rate=-1.0).fit(X, y)
    with pytest.raises(ValueError, match="NaN"):
        RidgeRegression().fit([[1.0], [np.nan], [2.0]], y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = RidgeRegression().fit(np.eye(3), [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="expecting 3 features"):
        model.predict(np.ones((2, 2)))


# -- tests prompted by mutation testing (benchmarks/results/mutation.md) ---------------

def test_defaults_shared_with_scikit_learn_are_its_own():
    mine, reference = RidgeRegression().get_params(), Ridge().get_params()
    assert {k: mine[k] for k in ("alpha", "fit_intercept")} == {
        k: reference[k] for k in ("alpha", "fit_intercept")}


def test_a_large_offset_in_x_and_y_is_centred_away_exactly(exact_least_squares):
    # Centring subtracts ȳ; adding it instead (ỹ = y + ȳ) is the same answer in
    # exact arithmetic, since X̃ᵀ1 = 0, but X̃ᵀ1 is 1e-11 in floats when the
    # columns sit near 1e3, and 2ȳ = 2e8 magnifies it to a 1e-5 error.
    rng = np.random.default_rng(0)
    X = 1e3 + rng.normal(size=(20, 3))
    y = X @ np.array([1.0, 2.0, 3.0]) + 1e8 + rng.normal(size=20)
    b, w = exact_least_squares(X, y, alpha=1.0)
    for solver in ("svd", "cholesky"):
        with scratchlearn.config_context(engine="plain"):
            ours = RidgeRegression(alpha=1.0, solver=solver).fit(X, y)
        assert relative_difference(ours.coef_, w) < 1e-12
        assert ours.intercept_ == pytest.approx(b, rel=1e-14)


@pytest.mark.parametrize("solver, alpha", [("svd", 0.0), ("svd", 1.0), ("cholesky", 1.0),
                                           ("gd", 1.0), ("gd", 0.0)])
@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_constant_features_get_zero_weight_and_the_mean_as_intercept(solver, alpha, engine):
    # X̃ = 0: every singular value is 0 (none above the cut-off, so α = 0 gives
    # 0, not 0/0; the fast path's G + αI = 0 is left to the SVD) and the power
    # iteration for the "gd" step meets Gv = 0.
    X, y = np.full((5, 2), 3.0), np.array([1.0, 2.0, 4.0, 8.0, 16.0])
    with scratchlearn.config_context(engine=engine), warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = RidgeRegression(alpha=alpha, solver=solver).fit(X, y)
    theirs = Ridge(alpha=alpha, solver="svd").fit(X, y)
    np.testing.assert_array_equal(ours.coef_, [0.0, 0.0])
    np.testing.assert_array_equal(theirs.coef_, [0.0, 0.0])
    assert ours.intercept_ == pytest.approx(6.2, rel=1e-15)          # ȳ = 31/5
    assert theirs.intercept_ == pytest.approx(6.2, rel=1e-15)


def test_the_gradient_descent_step_uses_the_largest_hessian_eigenvalue(rng):
    # λmax of the Hessian (2/n)(X̃ᵀX̃ + αI) of L/n, against numpy's eigvalsh.
    X = rng.normal(size=(40, 4)) * np.array([3.0, 1.0, 0.5, 0.1])
    Xc = X - X.mean(axis=0)
    for alpha in (0.0, 2.5, 100.0):
        exact = 2.0 * (np.linalg.eigvalsh(Xc.T @ Xc)[-1] + alpha) / 40
        assert largest_hessian_eigenvalue(Xc, alpha) == pytest.approx(exact, rel=1e-10)
    # An estimate of exactly 1.0 on the first step (‖Gv₀‖ rounds to 1 for
    # these entries) is not yet λmax = 1.21: only Gv = 0 ends the iteration early.
    Xc = np.diag([1.1, 0.8556003218370407])
    assert largest_hessian_eigenvalue(Xc, 0.5) == pytest.approx(2.0 * (1.21 + 0.5) / 2, rel=1e-10)


def test_gradient_descent_defaults_loss_history_and_warning():
    # Defaults max_iter=1000, tol=1e-6: standardised wine converges to
    # ‖∇(L/n)‖∞ ≤ 1e-6; raw diabetes (κ ≈ 1e6) is stopped after 1000 steps.
    wine = load_wine()
    X, y = StandardScaler().fit_transform(wine.data[:, 1:]), wine.data[:, 0]
    n = len(y)
    gd = RidgeRegression(alpha=3.0, solver="gd").fit(X, y)
    _, grad_w, _ = ridge_loss_and_gradient(gd.coef_, gd.intercept_, X, y, 3.0)
    assert 1 < gd.n_iter_ < 1000
    assert np.max(np.abs(grad_w)) / n <= 1.01e-6
    # loss_history_ is L/n (eq. 1) at w = 0, b = ȳ, then after each of the n_iter_ steps.
    assert len(gd.loss_history_) == gd.n_iter_ + 1
    assert gd.loss_history_[0] == pytest.approx(np.sum((y - y.mean()) ** 2) / n, rel=1e-12)
    final = ridge_loss_and_gradient(gd.coef_, gd.intercept_, X, y, 3.0)[0] / n
    assert gd.loss_history_[-1] == pytest.approx(final, rel=1e-12)

    X, y = datasets()["diabetes raw"]
    with pytest.warns(ConvergenceWarning, match=r"^RidgeRegression did not converge: .* "
                      r"tol=1e-06 after max_iter=1000 iterations"):
        gd = RidgeRegression(solver="gd").fit(X, y)
    assert gd.n_iter_ == 1000 and len(gd.loss_history_) == 1001


@pytest.mark.parametrize("engine", ["plain", "fast"])
@pytest.mark.parametrize("solver", ["svd", "cholesky"])
def test_closed_forms_record_one_iteration_and_their_loss(engine, solver):
    # Standardised, so that the fast engine's Gram solve takes it (well-conditioned).
    wine = load_wine()
    X, y = StandardScaler().fit_transform(wine.data[:, 1:]), wine.data[:, 0]
    assert gram_ridge(X, y, 0.7, True) is not None
    with scratchlearn.config_context(engine=engine):
        ours = RidgeRegression(alpha=0.7, solver=solver).fit(X, y)
    assert ours.n_iter_ == 1
    loss = ridge_loss_and_gradient(ours.coef_, ours.intercept_, X, y, 0.7)[0]
    np.testing.assert_array_equal(ours.loss_history_, [loss / len(y)])


def test_each_solver_and_engine_computes_through_its_own_route():
    # The routes agree to rounding (tests above), so only an exact comparison
    # with the route's own function shows which one ran: the fast SVD solve goes
    # through the Gram matrix when it is well-conditioned, "cholesky" through
    # the triangular solves, the plain SVD through the SVD.
    wine = load_wine()
    X, y = StandardScaler().fit_transform(wine.data[:, 1:]), wine.data[:, 0]
    Xc, yc, _, _ = centre(X, y, True)
    routes = {("fast", "svd"): gram_ridge(X, y, 0.5, True)[0],
              ("plain", "svd"): ridge_svd(Xc, yc, 0.5),
              ("fast", "cholesky"): ridge_cholesky(Xc, yc, 0.5),
              ("plain", "cholesky"): ridge_cholesky(Xc, yc, 0.5)}
    assert not np.array_equal(routes["fast", "svd"], routes["plain", "svd"])
    assert not np.array_equal(routes["plain", "cholesky"], routes["plain", "svd"])
    for (engine, solver), w in routes.items():
        with scratchlearn.config_context(engine=engine):
            np.testing.assert_array_equal(RidgeRegression(alpha=0.5, solver=solver).fit(X, y).coef_, w)


def test_cholesky_with_alpha_zero_says_why_and_what_to_use():
    with pytest.raises(ValueError, match=re.escape(
            "solver='cholesky' needs alpha > 0 (X̃ᵀX̃ may be singular); "
            "use solver='svd' for alpha = 0.")):
        RidgeRegression(alpha=0.0, solver="cholesky").fit([[1.0], [2.0]], [1.0, 3.0])


def test_iteration_defaults_are_the_documented_ones():
    params = RidgeRegression().get_params()
    assert (params["solver"], params["learning_rate"], params["max_iter"], params["tol"]) == (
        "svd", None, 1000, 1e-6)


def test_the_fast_engine_corrects_its_gram_solve_to_the_exact_answer(exact_least_squares):
    # Two columns 1 % apart and a small α: κ(G + αI) ≈ 5e4, inside the fast
    # path's limit; its one correction step takes the error from κε ≈ 1e-11 to 1e-14.
    rng = np.random.default_rng(3)
    z = rng.normal(size=30)
    X = np.column_stack([z, z + 1e-2 * rng.normal(size=30), rng.normal(size=30)])
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=30)
    b, w = exact_least_squares(X, y, alpha=1e-4)
    solution = gram_ridge(X, y, 1e-4, True)
    assert solution is not None
    with scratchlearn.config_context(engine="fast"):
        ours = RidgeRegression(alpha=1e-4).fit(X, y)
    np.testing.assert_array_equal(ours.coef_, solution[0])
    assert relative_difference(ours.coef_, w) < 1e-12
    assert ours.intercept_ == pytest.approx(b, rel=1e-12)


def test_gradient_descent_steps_by_one_over_the_largest_eigenvalue_even_below_one():
    # Standardised-scale diabetes: λmax of the Hessian of L/n is about 0.03, so
    # the default step 1/λmax (eq. 8) is about 30; replay three steps by hand.
    X, y = load_diabetes(return_X_y=True)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    n, alpha = len(y), 0.5
    step = 1.0 / largest_hessian_eigenvalue(Xc, alpha)
    assert step > 1.0
    w, losses = np.zeros(X.shape[1]), []
    for _ in range(3):
        loss, grad_w, _ = ridge_loss_and_gradient(w, 0.0, Xc, yc, alpha)
        losses.append(loss / n)
        w = w - step * grad_w / n
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")             # three steps do not converge
        ours = RidgeRegression(alpha=alpha, solver="gd", max_iter=3).fit(X, y)
    np.testing.assert_allclose(ours.loss_history_[:3], losses, rtol=1e-12)
    np.testing.assert_allclose(ours.coef_, w, rtol=1e-10)
