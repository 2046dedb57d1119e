"""LinearSVM against libsvm (scikit-learn's SVC with a linear kernel)."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.exceptions import NotFittedError as SkNotFittedError
from sklearn.svm import SVC, LinearSVC

import scratchlearn
from scratchlearn.classification.svm import LinearSVM
from scratchlearn.classification.svm.model import (
    dual_objective,
    primal_objective,
    primal_objective_and_gradient,
)
from scratchlearn.classification.svm.warm_start import (
    _step_to_boundary,
    interior_point,
    pays_off,
    snap_to_box,
)
from scratchlearn.core import ConvergenceWarning, StandardScaler, check_gradient
from scratchlearn.datasets import (
    load_breast_cancer,
    load_iris,
    load_wine,
    make_blobs,
    make_classification,
)


def _binary(name):
    """Binary problems: (X, y with two labels)."""
    if name == "breast_cancer":
        X, y = load_breast_cancer(return_X_y=True)
        return StandardScaler().fit_transform(X), y
    if name == "iris_versicolor_virginica":              # overlapping, raw features
        X, y = load_iris(return_X_y=True)
        return X[y > 0], y[y > 0]
    if name == "wine_class1_vs_rest":
        X, y = load_wine(return_X_y=True)
        return StandardScaler().fit_transform(X), (y == 1).astype(int)
    if name == "make_classification":
        return make_classification(400, 10, flip_y=0.05, random_state=0)
    raise KeyError(name)


def _signed(y):
    return np.where(y == np.unique(y)[1], 1.0, -1.0)


def _primal(model, X, y, C):
    return primal_objective(np.ravel(model.coef_), float(np.ravel(model.intercept_)[0]), X,
                            _signed(y), C)


@pytest.mark.parametrize("name", ["breast_cancer", "iris_versicolor_virginica",
                                  "wine_class1_vs_rest", "make_classification"])
@pytest.mark.parametrize("C", [0.1, 1.0])
def test_primal_objective_matches_libsvm(name, C):
    X, y = _binary(name)
    ours = LinearSVM(C=C).fit(X, y)
    theirs = SVC(kernel="linear", C=C).fit(X, y)
    p_ours, p_theirs = _primal(ours, X, y, C), _primal(theirs, X, y, C)
    assert abs(p_ours - p_theirs) <= 1e-3 * p_theirs, (p_ours, p_theirs)
    np.testing.assert_allclose(ours.objective_[0], p_ours, rtol=1e-12)
    assert np.mean(ours.predict(X) == theirs.predict(X)) >= 0.99
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=0.01)


@pytest.mark.parametrize("name", ["breast_cancer", "iris_versicolor_virginica"])
def test_tight_tolerance_reaches_the_optimum(name):
    # With a tight tol both solvers reach the same optimum, and the duality gap closes.
    X, y = _binary(name)
    C = 1.0
    ours = LinearSVM(C=C, tol=1e-7).fit(X, y)
    theirs = SVC(kernel="linear", C=C, tol=1e-7).fit(X, y)
    p_ours, p_theirs = _primal(ours, X, y, C), _primal(theirs, X, y, C)
    assert abs(p_ours - p_theirs) <= 1e-5 * p_theirs
    alpha = np.abs(ours.dual_coef_[0])
    d = dual_objective(alpha, X, _signed(y))
    assert (p_ours - d) <= 1e-6 * p_ours                # strong duality
    np.testing.assert_allclose(ours.loss_history_[0][-1], d, rtol=1e-10)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, atol=1e-4 * np.abs(theirs.coef_).max())
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, atol=1e-3)


def test_dual_constraints_and_w_from_alpha():
    X, y = _binary("breast_cancer")
    C = 0.5
    model = LinearSVM(C=C).fit(X, y)
    alpha_y = model.dual_coef_[0]
    alpha = np.abs(alpha_y)
    assert np.all(alpha >= 0) and np.all(alpha <= C)
    assert abs(alpha_y.sum()) <= 1e-9 * C * len(y)    # Σ αᵢyᵢ = 0: the unpenalised bias
    np.testing.assert_allclose(alpha_y @ X, model.coef_[0], atol=1e-9)   # w = Σ αᵢyᵢxᵢ
    history = model.loss_history_[0]
    assert np.all(np.diff(history) >= -1e-9)          # SMO never lowers the dual


def test_support_vectors():
    X, y = _binary("breast_cancer")
    model = LinearSVM(C=1.0).fit(X, y)
    theirs = SVC(kernel="linear", C=1.0).fit(X, y)
    margins = _signed(y) * model.decision_function(X)
    np.testing.assert_array_equal(model.support_, np.flatnonzero(margins <= 1 + model.tol))
    # Every sample with α > 0 is a support vector; libsvm's set is nearly the same.
    assert set(np.flatnonzero(model.dual_coef_[0])) <= set(model.support_)
    assert len(set(model.support_) ^ set(theirs.support_)) <= 2


def test_separable_data_far_from_origin_classified_perfectly():
    # The classic from-scratch SVM bug is a sign error in the bias update; it
    # goes unseen on centred data. Here the boundary x₁ = 105 is far away.
    rng = np.random.default_rng(0)
    X = np.vstack([rng.uniform([95, -50], [103, 50], (80, 2)),
                   rng.uniform([107, -50], [115, 50], (80, 2))])
    y = np.r_[np.full(80, "left"), np.full(80, "right")]
    model = LinearSVM(C=10.0).fit(X, y)
    assert model.score(X, y) == 1.0
    assert model.intercept_[0] < -50                 # b ≈ −105·w₁ with w₁ > 0
    X_test = np.column_stack([np.r_[rng.uniform(90, 103.5, 50), rng.uniform(106.5, 120, 50)],
                              rng.uniform(-60, 60, 100)])
    np.testing.assert_array_equal(model.predict(X_test),
                                  np.r_[np.full(50, "left"), np.full(50, "right")])
    # Uncentred separable data make the dual badly conditioned. With a tight
    # tol ours reaches the optimum (the duality gap closes) and is no worse
    # than libsvm, which stalls about 0.5 % above it on this set.
    tight = LinearSVM(C=10.0, tol=1e-7).fit(X, y)
    p_tight = _primal(tight, X, y, 10.0)
    gap = p_tight - dual_objective(np.abs(tight.dual_coef_[0]), X, _signed(y))
    assert 0 <= gap <= 1e-4 * p_tight
    theirs = SVC(kernel="linear", C=10.0, tol=1e-7).fit(X, y)
    assert p_tight <= _primal(theirs, X, y, 10.0) * (1 + 1e-3)


def test_hinge_objective_gradient_check(rng):
    X, y = _binary("wine_class1_vs_rest")
    s = _signed(y)
    theta = 0.3 * rng.standard_normal(X.shape[1] + 1)   # generic: no sample exactly on a margin

    def f(t):
        return primal_objective_and_gradient(t[:-1], t[-1], X, s, 2.0)[0]

    def grad(t):
        _, grad_w, grad_b = primal_objective_and_gradient(t[:-1], t[-1], X, s, 2.0)
        return np.append(grad_w, grad_b)

    assert check_gradient(f, grad, theta) < 1e-6
    assert f(theta) == pytest.approx(primal_objective(theta[:-1], theta[-1], X, s, 2.0))


def test_one_vs_rest_on_three_classes():
    X, y = load_wine(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    model = LinearSVM(C=1.0).fit(X, y)
    assert model.coef_.shape == (3, 13) and model.decision_function(X).shape == (178, 3)
    for k in range(3):
        y_k = (y == k).astype(int)
        binary = LinearSVM(C=1.0).fit(X, y_k)
        np.testing.assert_allclose(binary.coef_[0], model.coef_[k])
        theirs = SVC(kernel="linear", C=1.0).fit(X, y_k)
        p_theirs = _primal(theirs, X, y_k, 1.0)
        assert abs(model.objective_[k] - p_theirs) <= 1e-3 * p_theirs
    np.testing.assert_array_equal(model.predict(X), np.argmax(model.decision_function(X), 1))
    assert model.score(X, y) == 1.0


def test_pegasos_approaches_the_optimum():
    X, y = _binary("breast_cancer")
    exact = LinearSVM(C=1.0).fit(X, y)
    pegasos = LinearSVM(C=1.0, solver="pegasos", max_iter=60, random_state=0).fit(X, y)
    again = LinearSVM(C=1.0, solver="pegasos", max_iter=60, random_state=0).fit(X, y)
    np.testing.assert_array_equal(pegasos.coef_, again.coef_)
    assert pegasos.n_iter_ == 60 and len(pegasos.loss_history_[0]) == 60
    assert exact.objective_[0] <= pegasos.objective_[0] <= 1.15 * exact.objective_[0]
    assert pegasos.score(X, y) >= exact.score(X, y) - 0.02


def test_support_includes_margins_of_exactly_one_plus_tol():
    # Symmetric data whose optimum is w = (1, 0), b = 0: margins 1, 1.5 and 3,
    # which SMO from α = 0 reaches exactly (the interior-point start only to
    # 1e-11). support_ is documented as y f(x) ≤ 1 + tol, so with tol = 0.5
    # the pair at exactly 1.5 belongs to it and the pair at 3 does not.
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [-1.5, 1.0], [1.5, -1.0], [-3.0, 0.5], [3.0, 0.0]])
    y = np.array([0, 1, 0, 1, 0, 1])
    plain = _fit_with("plain", X, y, tol=0.5)
    np.testing.assert_array_equal(_signed(y) * plain.decision_function(X),
                                  [1.0, 1.0, 1.5, 1.5, 3.0, 3.0])
    np.testing.assert_array_equal(plain.support_, [0, 1, 2, 3])
    np.testing.assert_array_equal(_fit_with("fast", X, y, tol=0.5).support_, [0, 1, 2, 3])


def test_pegasos_is_a_replay_of_eq_14():
    """Three epochs of eq. 14 written out, on data with zero rows and C = 1/n
    (λ = 1, η_t = 1/t): a sample then sits exactly on its margin, y f(x) = 1,
    at some steps, where eq. 14's strict [y f(x) < 1] takes no hinge step."""
    X = np.array([[0.0, 0.0], [0.0, 0.0], [1.0, 2.0], [-1.0, -2.0], [2.0, 1.0], [-2.0, 0.0],
                  [0.0, 0.0], [1.0, -1.0]])
    y = np.array([1, 1, 1, 0, 1, 0, 0, 0])
    s, n, C = _signed(y), len(y), 0.125
    model = LinearSVM(C=C, solver="pegasos", max_iter=3, random_state=3).fit(X, y)
    rng, lam = np.random.default_rng(3), 1.0 / (n * C)
    w, b, t, objectives = np.zeros(2), 0.0, 0, []
    for _ in range(3):
        for i in rng.permutation(n):
            t += 1
            eta = 1.0 / (lam * t)
            hinge_step = s[i] * (X[i] @ w + b) < 1
            w = (1.0 - eta * lam) * w + eta * hinge_step * s[i] * X[i]
            b = b + eta * hinge_step * s[i]
        objectives.append(primal_objective(w, b, X, s, C))
    np.testing.assert_allclose(model.coef_[0], w, rtol=1e-12)
    np.testing.assert_allclose(model.intercept_[0], b, rtol=1e-12)
    np.testing.assert_allclose(model.loss_history_[0], objectives, rtol=1e-12)
    assert model.n_iter_ == 3 and np.all(model.dual_coef_ == 0.0)
    # max_iter=None: 100 epochs, the documented default.
    assert LinearSVM(C=C, solver="pegasos", random_state=3).fit(X, y).n_iter_ == 100


def test_the_subgradient_on_a_kink_is_eq_5s_margin_violators_side():
    # Both samples sit exactly on their margins (y f(x) = 1): eq. 5 sums over
    # y f(x) < 1 only, so the hinge adds nothing and ∇P = (w, 0).
    X = np.array([[1.0, 0.0], [-1.0, 0.0]])
    s = np.array([1.0, -1.0])
    loss, grad_w, grad_b = primal_objective_and_gradient(np.array([1.0, 0.0]), 0.0, X, s, 2.0)
    assert loss == 0.5
    np.testing.assert_array_equal(grad_w, [1.0, 0.0])
    assert grad_b == 0.0


def test_a_point_exactly_on_the_boundary_goes_to_the_first_class():
    # Symmetric data: w = (1, 0) and b = 0 exactly, so the origin scores
    # exactly 0. predict takes f > 0 as classes_[1], as scikit-learn's linear
    # classifiers do (LinearSVC shown here).
    X = np.array([[-1.0, 0.0], [1.0, 0.0], [-2.0, 1.0], [2.0, -1.0]])
    y = np.array(["left", "right", "left", "right"])
    origin = np.zeros((1, 2))
    for engine in ("plain", "fast"):
        model = _fit_with(engine, X, y)
        assert model.decision_function(origin)[0] == 0.0
        assert model.predict(origin)[0] == "left"
    theirs = LinearSVC(fit_intercept=False).fit(X, y)
    assert theirs.decision_function(origin)[0] == 0.0 and theirs.predict(origin)[0] == "left"


def test_row_order_and_determinism():
    X, y = _binary("iris_versicolor_virginica")
    order = np.random.default_rng(2).permutation(len(y))
    a = LinearSVM(C=1.0, tol=1e-6).fit(X, y)
    b = LinearSVM(C=1.0, tol=1e-6).fit(X[order], y[order])
    c = LinearSVM(C=1.0, tol=1e-6).fit(X, y)
    np.testing.assert_array_equal(a.coef_, c.coef_)
    np.testing.assert_allclose(a.coef_, b.coef_, atol=1e-4)
    np.testing.assert_allclose(a.intercept_, b.intercept_, atol=1e-3)
    assert set(order[b.support_]) == set(a.support_)


def test_label_permutation_flips_the_sign():
    X, y = _binary("breast_cancer")
    names = np.array(["malignant", "benign"])
    a = LinearSVM(C=1.0, tol=1e-6).fit(X, names[y])       # "benign" sorts first: negative
    b = LinearSVM(C=1.0, tol=1e-6).fit(X, y)              # 1 = benign is positive
    np.testing.assert_allclose(a.coef_, -b.coef_, atol=1e-5)
    np.testing.assert_array_equal(a.predict(X), names[b.predict(X)])


def _kkt_violation(alpha, X, y, C):
    """m − M of eq. 10 at α: the largest g = y − Xw on I_up minus the smallest on I_low."""
    g = y - X @ ((alpha * y) @ X)
    in_up = np.where(y > 0, alpha < C, alpha > 0)
    in_low = np.where(y > 0, alpha > 0, alpha < C)
    return g[in_up].max() - g[in_low].min()


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_blobs_and_convergence_warning(engine):
    X, y = make_blobs(200, centers=3, random_state=0)
    Xb, yb = _binary("breast_cancer")
    with scratchlearn.config_context(engine=engine):
        assert LinearSVM().fit(X, y).score(X, y) > 0.9
        # max_iter caps interior-point iterations and SMO steps together
        with pytest.warns(ConvergenceWarning, match=(
                r"^LinearSVM's SMO stopped at max_iter=5 iterations before the KKT violation "
                r"fell below tol=0\.001; increase max_iter, or standardise the features\.$")):
            model = LinearSVM(C=1.0, max_iter=5).fit(Xb, yb)
        assert model.n_iter_ == 5
        # The smallest cap allowed: one step
        with pytest.warns(ConvergenceWarning, match="stopped at max_iter=1 iterations"):
            assert LinearSVM(C=1.0, max_iter=1).fit(Xb, yb).n_iter_ == 1


@pytest.mark.parametrize("name", ["breast_cancer", "wine_class1_vs_rest",
                                  "iris_versicolor_virginica"])
@pytest.mark.parametrize("C", [0.1, 1.0, 10.0])
def test_interior_point_alone_reaches_the_dual_optimum(name, C):
    # The warm start by itself (eqs. 16–20), before any SMO step: a feasible α
    # whose dual objective equals libsvm's at tol = 1e-10 to 1e-9 relative
    # (measured: 1e-15 to 7e-11) and whose KKT violation (eq. 10) is already
    # far below the default tol (measured ≤ 3e-6).
    X, y = _binary(name)
    s = _signed(y)
    alpha, mult_s, mult_r, steps = interior_point(X, s, C)
    assert np.all((alpha > 0) & (alpha < C)) and steps <= 30
    alpha = snap_to_box(alpha, mult_s, mult_r, s, C)
    assert np.all((alpha >= 0) & (alpha <= C))
    assert abs(s @ alpha) <= 1e-12 * C * len(s)
    theirs = SVC(kernel="linear", C=C, tol=1e-10).fit(X, y)
    alpha_libsvm = np.zeros(len(y))
    alpha_libsvm[theirs.support_] = np.abs(theirs.dual_coef_[0])
    d_ours, d_libsvm = dual_objective(alpha, X, s), dual_objective(alpha_libsvm, X, s)
    assert abs(d_ours - d_libsvm) <= 1e-9 * abs(d_libsvm), (d_ours, d_libsvm)
    assert _kkt_violation(alpha, X, s, C) <= 1e-5


def test_interior_point_starts_in_the_middle_of_the_box_and_counts_its_steps():
    # The documented infeasible start: α = C/2, s = r = 1 (returned as is when
    # no step is allowed); one allowed step is one Newton step, which moves α.
    X, y = _binary("breast_cancer")
    s, C = _signed(y), 0.1
    alpha, mult_s, mult_r, steps = interior_point(X, s, C, max_iter=0)
    assert steps == 0 and np.all(alpha == C / 2) and np.all(mult_s == 1) and np.all(mult_r == 1)
    alpha, _, _, steps = interior_point(X, s, C, max_iter=1)
    assert steps == 1 and np.all(alpha != C / 2)


@pytest.mark.parametrize("X, y, C", [
    # Products beyond the float range: the Newton matrix of eq. 18 is not finite.
    (np.array([[1e160], [-1e160], [1e160]]), np.array([1.0, 1.0, -1.0]), 1.0),
    # C = 1e-320: s/α overflows, D⁻¹ = 0, and eq. 18's matrix is E, singular.
    (np.array([[1.0], [-1.0], [2.0]]), np.array([1.0, -1.0, 1.0]), 1e-320),
    # The residual of eq. 16 overflows while the matrix does not: the step is
    # NaN, and the new point fails the check that it stays inside the box.
    (np.array([[1.2e154], [1.2e154], [-1.2e154]]), np.array([1.0, 1.0, -1.0]), 1.0),
])
def test_interior_point_returns_its_start_when_no_newton_step_can_be_taken(X, y, C):
    """Each way the method gives up without a step (the matrix overflows, it is
    singular, or the step leaves the box) returns the start α = C/2, s = r = 1
    with 0 steps, from which SMO then solves the problem alone."""
    with np.errstate(all="ignore"):
        alpha, mult_s, mult_r, steps = interior_point(X, y, C)
    assert steps == 0
    assert np.all(alpha == C / 2) and np.all(mult_s == 1) and np.all(mult_r == 1)


def test_one_interior_point_step_is_mehrotras_on_the_full_newton_system():
    """One step from the documented start (α = C/2, s = r = 1, b = 0), replayed
    on the (n + 1) × (n + 1) system of eq. 17 solved densely, without eq. 18's
    bordered reduction: predictor, σ = (θ_aff/θ)³, corrector with the
    second-order terms, then 0.99 of the step to the boundary."""
    X, y = _binary("breast_cancer")
    X, y = X[::8], y[::8]
    sign, C, n = _signed(y), 1.0, len(y)
    Z = X * sign[:, None]
    alpha, mult_s, mult_r = np.full(n, C / 2), np.ones(n), np.ones(n)
    gap = C - alpha
    dual_res = Z @ (Z.T @ alpha) - 1.0 - mult_s + mult_r             # b = 0
    theta = (mult_s @ alpha + mult_r @ gap) / (2 * n)
    K = np.block([[Z @ Z.T + np.diag(mult_s / alpha + mult_r / gap), sign[:, None]],
                  [sign[None, :], np.zeros((1, 1))]])

    def newton(comp_s, comp_r):
        rhs = np.r_[comp_s / alpha - comp_r / gap - dual_res, -(sign @ alpha)]
        da = np.linalg.solve(K, rhs)[:n]
        return da, (comp_s - mult_s * da) / alpha, (comp_r + mult_r * da) / gap

    def to_boundary(da, ds, dr):
        return 1.0 / max(1.0, np.max(np.r_[-da / alpha, da / gap, -ds / mult_s, -dr / mult_r]))

    da, ds, dr = newton(-mult_s * alpha, -mult_r * gap)
    a = to_boundary(da, ds, dr)
    theta_aff = ((mult_s + a * ds) @ (alpha + a * da) + (mult_r + a * dr) @ (gap - a * da)) / (2 * n)
    target = (theta_aff / theta) ** 3 * theta
    da, ds, dr = newton(target - mult_s * alpha - da * ds, target - mult_r * gap + da * dr)
    a = min(1.0, 0.99 * to_boundary(da, ds, dr))
    got_alpha, got_s, got_r, steps = interior_point(X, sign, C, max_iter=1)
    assert steps == 1
    np.testing.assert_allclose(got_alpha, alpha + a * da, rtol=1e-9)
    np.testing.assert_allclose(got_s, mult_s + a * ds, rtol=1e-9)
    np.testing.assert_allclose(got_r, mult_r + a * dr, rtol=1e-9)


def test_interior_point_run_to_the_rounding_limit_stays_strictly_inside_the_box():
    """With tol = 0 no iterate passes the test; the method stops where
    rounding would put α on a bound of the box (here α = C), and returns the
    last point strictly inside it, as its docstring promises."""
    X, y = _binary("breast_cancer")
    sign, C = _signed(y), 0.1
    alpha, mult_s, mult_r, steps = interior_point(X, sign, C, max_iter=1000, tol=0.0)
    assert steps < 1000
    assert np.all((alpha > 0) & (alpha < C)) and np.all(mult_s > 0) and np.all(mult_r > 0)


def test_snap_to_box_repairs_sum_alpha_y_in_at_most_ten_rounds():
    """Rounding usually keeps Σ αy a few ulps from 0, so the repair of eq. 20
    runs its full ten rounds: the result is the replay of exactly ten (an
    eleventh would move α again, in the last bits)."""
    rng = np.random.default_rng(0)
    y, alpha = rng.choice([-1.0, 1.0], 50), rng.uniform(0.1, 0.9, 50)
    zero = np.zeros(50)                                 # multipliers that snap nothing

    def repaired(rounds):
        a = alpha.copy()
        for _ in range(rounds):
            a -= (y @ a) * y / 50                       # every α is free here
        return a

    assert not np.array_equal(repaired(10), repaired(11))
    np.testing.assert_array_equal(snap_to_box(alpha, zero, zero, y, 1.0), repaired(10))


def test_snap_to_box_and_the_step_to_the_boundary_follow_their_stated_rules():
    # snap_to_box: αᵢ → 0 only where αᵢ < sᵢ strictly, → C only where
    # C − αᵢ < rᵢ; here α₀ = s₀ stays, and Σ αy = 0 needs no repair.
    alpha = snap_to_box(np.array([0.5, 0.5]), np.array([0.5, 0.1]), np.array([0.1, 0.1]),
                        np.array([1.0, -1.0]), 1.0)
    np.testing.assert_array_equal(alpha, [0.5, 0.5])
    alpha = snap_to_box(np.array([0.05, 0.5, 0.95]), np.full(3, 0.1), np.full(3, 0.1),
                        np.array([1.0, 1.0, -1.0]), 1.0)
    np.testing.assert_array_equal(alpha, [0.0, 1.0, 1.0])
    alpha = snap_to_box(np.array([0.75, 0.75]), np.full(2, 0.1), np.full(2, 0.25),
                        np.array([1.0, -1.0]), 1.0)            # C − α = r: no snap to C
    np.testing.assert_array_equal(alpha, [0.75, 0.75])
    # Nothing snaps here, but Σ αy = 1: the repair spreads it over the free αᵢ.
    y = np.array([1.0, 1.0, -1.0])
    alpha = snap_to_box(np.array([1.5, 0.5, 1.0]), np.full(3, 0.01), np.full(3, 0.01), y, 2.0)
    assert abs(y @ alpha) <= 1e-12 and np.all((alpha >= 0) & (alpha <= 2.0))
    # Every α snaps to a bound (none free): the repair moves them all, then
    # clips to the box, and repairs again until Σ αy = 0.
    for start in ([0.05, 0.95, 0.05], [0.95, 0.95, 0.95]):
        alpha = snap_to_box(np.array(start), np.full(3, 0.1), np.full(3, 0.1),
                            np.array([1.0, 1.0, -1.0]), 1.0)
        assert abs(alpha @ [1.0, 1.0, -1.0]) <= 1e-12 and np.all((alpha >= 0) & (alpha <= 1.0))
    # _step_to_boundary: the longest step in (0, 1] keeping α, C − α, s, r ≥ 0.
    one = np.ones(2)
    assert _step_to_boundary(one, one, one, one, np.zeros(2), one, one) == 1.0
    assert _step_to_boundary(one, one, one, one, np.zeros(2), np.array([-4.0, 1.0]), one) == 0.25
    assert _step_to_boundary(one, one, one, one, np.array([0.0, 2.0]), one, one) == 0.5


def _interior_point_converged(X, s, C, alpha, mult_s, mult_r, tol=1e-9):
    """interior_point's stopping test (eq. 16): θ, the stationarity residual and
    Σ αy all below tol (relative). b is not returned, so the residual is taken
    at the b that minimises it: a lower bound on the solver's own residual."""
    n = len(s)
    Z = X * s[:, None]
    base = Z @ (Z.T @ alpha) - 1.0 - mult_s + mult_r
    b = -(s @ base) / n
    scale = 1.0 + np.sqrt(n)
    theta = (mult_s @ alpha + mult_r @ (C - alpha)) / (2 * n)
    return bool(theta < tol and np.linalg.norm(base + b * s) < tol * scale
                and abs(s @ alpha) < tol * C * scale)


@pytest.mark.parametrize(("name", "C", "tol"), [
    ("breast_cancer", 1.0, 1e-9), ("wine_class1_vs_rest", 0.1, 1e-9),
    # Cases where the residual lands within 4 % of its bound tol·(1 + √n), and
    # where Σ αy is the last of the three to pass (at tol·C·(1 + √n)).
    ("breast_cancer", 10.0, 1e-7), ("breast_cancer", 0.1, 1e-8), ("wine_class1_vs_rest", 0.1, 1e-8),
    # b, absorbed by every Newton step's Δb, is seen only by this test: a start
    # at b = 1 instead of 0 would leave the residual above tol one step longer.
    ("wine_class1_vs_rest", 1.0, 1e-12),
    # Large C, where Σ αy's bound tol·C·(1 + √n) is the one that matters.
    ("wine_class1_vs_rest", 100.0, 1e-12),
])
def test_interior_point_stops_at_the_first_iterate_that_passes_its_test(name, C, tol):
    X, y = _binary(name)
    s = _signed(y)
    steps = interior_point(X, s, C, tol=tol)[3]
    assert _interior_point_converged(X, s, C, *interior_point(X, s, C, max_iter=steps, tol=tol)[:3],
                                     tol=tol)
    assert not _interior_point_converged(
        X, s, C, *interior_point(X, s, C, max_iter=steps - 1, tol=tol)[:3], tol=tol)


def _fit_with(engine, X, y, **params):
    with scratchlearn.config_context(engine=engine):
        return LinearSVM(**params).fit(X, y)


def test_the_warm_start_runs_exactly_when_d_is_at_most_n_over_2_and_500():
    # The rule of notes item 1: d ≤ n/2 and d ≤ 500, both bounds included.
    assert pays_off(10, 5) and pays_off(1000, 500)
    assert not pays_off(10, 6) and not pays_off(1002, 501)
    # Seen from outside: loss_history_ starts at D(0) = 0 from α = 0, and at
    # the interior point's D(α) > 0 after the warm start.
    X, y = make_classification(10, 6, n_informative=3, random_state=0)
    for d, warm in ((5, True), (6, False)):
        fast = _fit_with("fast", X[:, :d], y)
        assert (fast.loss_history_[0][0] > 0) == warm
        assert _fit_with("plain", X[:, :d], y).loss_history_[0][0] == 0.0


@pytest.mark.parametrize("name", ["breast_cancer", "make_classification"])
@pytest.mark.parametrize("C", [0.1, 1.0])
def test_results_agree_with_and_without_the_warm_start(name, C):
    # engine="fast" starts SMO from the interior point, engine="plain" from α = 0.
    X, y = _binary(name)
    warm = _fit_with("fast", X, y, C=C)
    cold = _fit_with("plain", X, y, C=C)
    p_warm, p_cold = _primal(warm, X, y, C), _primal(cold, X, y, C)
    assert abs(p_warm - p_cold) <= 1e-3 * p_cold
    np.testing.assert_allclose(warm.coef_, cold.coef_, atol=0.02 * np.abs(cold.coef_).max())
    assert np.mean(warm.predict(X) == cold.predict(X)) >= 0.99
    # Both certify eq. 10 at tol; tight tol makes them equal to 1e-6.
    warm = _fit_with("fast", X, y, C=C, tol=1e-8)
    cold = _fit_with("plain", X, y, C=C, tol=1e-8)
    np.testing.assert_allclose(warm.coef_, cold.coef_, atol=1e-6 * np.abs(cold.coef_).max())
    np.testing.assert_allclose(warm.intercept_, cold.intercept_, atol=1e-6)
    # n_iter_ counts interior-point iterations plus SMO steps; loss_history_
    # starts at D(α) of the start and never falls. From α = 0 SMO takes many
    # steps, each recorded: a learner sees SMO run.
    history = warm.loss_history_[0]
    assert warm.n_iter_ >= len(history) - 1 and np.all(np.diff(history) >= -1e-12)
    cold_history = cold.loss_history_[0]
    assert cold.n_iter_ == len(cold_history) - 1 > 100 and cold_history[0] == 0.0
    assert np.all(np.diff(cold_history) >= -1e-12)


# The two paths start SMO from different points (α = 0 against the
# interior-point solution), so they stop at different points that both
# satisfy eq. 10 to tol. At the default tol = 1e-3 the support sets differ
# by points within about tol of the margin and D(α) by about 1e-6
# relative; at tol = 1e-10 both reach the optimum itself: D within 1e-8
# relative, the same support set and the same predictions.
TIGHT = 1e-10


def assert_same_solution(plain, fast, X, y):
    Y = np.where(y[:, None] == plain.classes_, 1.0, -1.0)
    if Y.shape[1] == 2:
        Y = Y[:, 1:]
    for k in range(Y.shape[1]):
        d_plain = dual_objective(np.abs(plain.dual_coef_[k]), X, Y[:, k])
        d_fast = dual_objective(np.abs(fast.dual_coef_[k]), X, Y[:, k])
        assert abs(d_fast - d_plain) <= 1e-8 * max(abs(d_plain), 1e-12), (d_plain, d_fast)
    np.testing.assert_array_equal(fast.support_, plain.support_)
    np.testing.assert_array_equal(fast.predict(X), plain.predict(X))


@pytest.mark.parametrize("name", ["breast_cancer", "iris_versicolor_virginica",
                                  "wine_class1_vs_rest", "wine", "iris"])
@pytest.mark.parametrize("C", [0.1, 1.0])
def test_plain_and_fast_paths_agree_on_bundled_data(name, C):
    if name in ("wine", "iris"):                       # three classes: one-vs-rest
        X, y = {"wine": load_wine, "iris": load_iris}[name](return_X_y=True)
        X = StandardScaler().fit_transform(X)
    else:
        X, y = _binary(name)
    plain = _fit_with("plain", X, y, C=C, tol=TIGHT)
    fast = _fit_with("fast", X, y, C=C, tol=TIGHT)
    assert fast.n_iter_ < plain.n_iter_                # the warm start did run
    assert_same_solution(plain, fast, X, y)


@st.composite
def awkward_classification(draw):
    """Small data sets with ties (values from a short list), duplicated rows
    (possibly with other labels), a constant column, and optionally one class
    with a single sample; d ≤ n/2, so the fast path takes the warm start."""
    n, d = draw(st.integers(8, 40)), draw(st.integers(1, 4))
    values = st.one_of(st.sampled_from([-2.0, -1.0, 0.0, 0.5, 1.0, 3.0]),
                       st.floats(-3.0, 3.0, allow_nan=False).map(lambda v: round(v, 2)))
    X = draw(arrays(np.float64, (n, d), elements=values))
    copies = draw(st.lists(st.integers(0, n - 1), max_size=n))
    X = np.vstack([X, X[copies]])
    if draw(st.booleans()):
        X[:, draw(st.integers(0, d - 1))] = 1.5
    if draw(st.booleans()):
        y = np.zeros(len(X), dtype=int)                 # one class nearly absent
        y[draw(st.integers(0, len(X) - 1))] = 1
    else:
        y = draw(arrays(np.int64, len(X), elements=st.integers(0, 1)))
        y[:2] = [0, 1]
    return X, y


@settings(max_examples=60, deadline=None)
@given(data=awkward_classification(), C=st.sampled_from([0.1, 1.0, 10.0]))
def test_plain_and_fast_paths_agree_on_awkward_data(data, C):
    # Duplicated rows with other labels and tied values make the optimum
    # degenerate: w is unique (½‖w‖² is strictly convex) but α is not, and
    # when no multiplier is free b may lie anywhere in an interval (eq. 13),
    # whose ends depend on which α the solver reached. So here the paths must
    # reach the same dual objective (1e-8 relative), the same primal
    # objective and the same w, and predict the same class wherever the
    # bias interval cannot decide it; the support set, read off the margins,
    # is compared on the bundled data above, where b is pinned.
    X, y = data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        plain = _fit_with("plain", X, y, C=C, tol=TIGHT, max_iter=200_000)
        fast = _fit_with("fast", X, y, C=C, tol=TIGHT, max_iter=200_000)
    s = _signed(y)
    d_plain = dual_objective(np.abs(plain.dual_coef_[0]), X, s)
    d_fast = dual_objective(np.abs(fast.dual_coef_[0]), X, s)
    assert abs(d_fast - d_plain) <= 1e-8 * max(abs(d_plain), 1e-12), (d_plain, d_fast)
    np.testing.assert_allclose(fast.objective_, plain.objective_, rtol=1e-7, atol=1e-9)
    scale = max(1.0, np.abs(plain.coef_).max())
    np.testing.assert_allclose(fast.coef_, plain.coef_, rtol=0, atol=1e-5 * scale)
    f_plain = plain.decision_function(X)
    decided = np.abs(f_plain) > np.abs(fast.intercept_[0] - plain.intercept_[0]) + 1e-4 * scale
    np.testing.assert_array_equal(fast.predict(X)[decided], plain.predict(X)[decided])


def test_defaults_are_libsvms():
    # max_iter differs in spelling only: None here, -1 in SVC, both "no cap".
    ours, theirs = LinearSVM().get_params(), SVC(kernel="linear").get_params()
    shared = ["C", "tol", "random_state", "verbose"]
    assert {k: ours[k] for k in shared} == {k: theirs[k] for k in shared}
    assert ours["solver"] == "smo" and ours["max_iter"] is None


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_verbose_reports_each_binary_problem_and_the_default_is_silent(engine, capsys):
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    _fit_with(engine, X, y)
    assert capsys.readouterr().out == ""
    model = _fit_with(engine, X, y, verbose=1)
    lines = iter(capsys.readouterr().out.splitlines())
    for k in range(3):
        # The fast engine first reports its interior-point iterations; SMO's
        # steps are one fewer than the dual objectives in loss_history_.
        start_iter = 0
        if engine == "fast":
            prefix, suffix = f"[LinearSVM] problem {k}: interior-point start, ", " iterations"
            line = next(lines)
            assert line.startswith(prefix) and line.endswith(suffix)
            start_iter = int(line[len(prefix):-len(suffix)])
        assert next(lines) == (
            f"[LinearSVM] problem {k}: {start_iter + len(model.loss_history_[k]) - 1} "
            f"iterations, primal objective {model.objective_[k]:.6g}")
    assert next(lines, None) is None


def test_bad_input():
    X, y = _binary("breast_cancer")
    with pytest.raises(SkNotFittedError):
        LinearSVM().decision_function(X)
    X_nan = X.copy()
    X_nan[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        LinearSVM().fit(X_nan, y)
    with pytest.raises(ValueError, match="2D"):
        LinearSVM().fit(X[:, 0], y)
    with pytest.raises(ValueError, match=r"^LinearSVM needs samples of at least 2 classes in "
                       r"y, but the data contain only one class: "):
        LinearSVM().fit(X, np.ones(len(y)))
    model = LinearSVM().fit(X, y)
    with pytest.raises(ValueError, match="expecting 30 features"):
        model.predict(X[:, :5])
    for params, name in [(dict(C=0), "C"), (dict(C=-1.0), "C"), (dict(C=np.inf), "C"),
                         (dict(C=True), "C"), (dict(solver="sgd"), "solver"),
                         (dict(max_iter=0), "max_iter"),
                         (dict(tol=0), "tol")]:
        with pytest.raises(ValueError, match=name):
            LinearSVM(**params).fit(X, y)
