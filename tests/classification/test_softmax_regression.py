"""SoftmaxRegression against scikit-learn's multinomial LogisticRegression, its
gradient and Hessian-vector product, stability, properties and bad input."""

import warnings

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression

from scratchlearn.classification.logistic_regression import LogisticRegression
from scratchlearn.classification.softmax_regression import SoftmaxRegression
from scratchlearn.classification.softmax_regression.model import (
    cross_entropy_objective,
    hessian_vector_product,
)
from scratchlearn.core.base import ConvergenceWarning, NotFittedError
from scratchlearn.core.optim import check_gradient
from scratchlearn.core.preprocessing import StandardScaler, one_hot
from scratchlearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_classification,
)


def standardised(loader):
    X, y = loader(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def reference(C, **kwargs):
    # With more than two classes scikit-learn's lbfgs/newton-cg fit the multinomial
    # model; a tight tolerance makes the reference the optimum itself.
    return SkLogisticRegression(C=C, tol=1e-10, max_iter=100_000, solver="newton-cg", **kwargs)


def relative(a, b):
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


def assert_matches(ours, theirs, X):
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=0, atol=1e-5)
    assert relative(ours.coef_, theirs.coef_) < 1e-4
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-4, atol=1e-4)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


@pytest.mark.parametrize("loader", [load_wine, load_iris])
@pytest.mark.parametrize("C", [0.01, 0.1, 1.0, 10.0, 100.0])
def test_matches_sklearn_multinomial(loader, C):
    X, y = standardised(loader)
    ours = SoftmaxRegression(C=C, tol=1e-10).fit(X, y)
    assert_matches(ours, reference(C).fit(X, y), X)
    np.testing.assert_allclose(ours.predict_log_proba(X),
                               reference(C).fit(X, y).predict_log_proba(X), atol=1e-4)


@pytest.mark.slow
@pytest.mark.parametrize("C", [0.01, 0.1, 1.0, 10.0, 100.0])
def test_digits_ten_classes_match_sklearn(C):
    # 650 parameters: the size at which Newton-CG replaces the dense Hessian.
    X, y = standardised(load_digits)
    ours = SoftmaxRegression(C=C, tol=1e-10).fit(X, y)
    assert_matches(ours, reference(C).fit(X, y), X)


def test_synthetic_four_classes_matches_sklearn():
    X, y = make_classification(800, 10, n_informative=5, n_classes=4, random_state=0)
    ours = SoftmaxRegression(C=0.3, tol=1e-10).fit(X, y)
    assert ours.coef_.shape == (4, 10)
    assert_matches(ours, reference(0.3).fit(X, y), X)


def test_no_intercept_and_sample_weight_match_sklearn():
    X, y = standardised(load_wine)
    weights = np.random.default_rng(0).uniform(0.1, 3.0, len(y))
    ours = SoftmaxRegression(C=2.0, fit_intercept=False, tol=1e-10).fit(X, y, weights)
    theirs = reference(2.0, fit_intercept=False).fit(X, y, sample_weight=weights)
    assert_matches(ours, theirs, X)


@pytest.mark.parametrize(("scale", "C"), [(True, 10.0), (False, 100.0)])
def test_optimum_is_centred(scale, C):
    # ∇_W L = 0 summed over classes gives Σ_k w_k = 0; the intercepts are
    # centred by convention (notes eq. 7). Newton-CG keeps Σ_k b_k = 0 only up to
    # rounding that builds up over the iterations (about 1e-9 on raw wine, whose
    # 58 steps reach |b| ≈ 70), so the sum is zero to a few ulps of |b| only
    # because fit subtracts the mean.
    X, y = standardised(load_wine) if scale else load_wine(return_X_y=True)
    model = SoftmaxRegression(C=C, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(model.coef_.sum(axis=0), 0.0, atol=1e-8)
    b = model.intercept_
    assert abs(b.sum()) <= 4 * np.finfo(float).eps * len(b) * np.abs(b).max()


def test_two_classes_equal_binary_logistic_regression_with_twice_c():
    # With w₀ = −w₁ at the optimum, ½(‖w₀‖² + ‖w₁‖²) = ¼‖w₁ − w₀‖²: the
    # softmax problem at C is the logistic one at 2C for v = w₁ − w₀.
    X, y = standardised(load_breast_cancer)
    softmax = SoftmaxRegression(C=0.5, tol=1e-10).fit(X, y)
    logistic = LogisticRegression(C=1.0, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(softmax.decision_function(X), logistic.decision_function(X),
                               rtol=1e-6, atol=1e-6)
    np.testing.assert_allclose(softmax.predict_proba(X), logistic.predict_proba(X), atol=1e-8)
    assert softmax.decision_function(X).shape == (len(y),)


def test_newton_cg_converges_in_few_steps():
    X, y = standardised(load_wine)
    model = SoftmaxRegression(C=1.0, tol=1e-10).fit(X, y)
    assert model.n_iter_ <= 15
    assert np.all(np.diff(model.loss_history_) <= 1e-15)


# ---------------------------------------------------------------------------
# Gradient and Hessian
# ---------------------------------------------------------------------------

def small_problem(fit_intercept, rng):
    X, y = make_classification(60, 4, n_informative=3, n_redundant=0, n_classes=3,
                               n_clusters_per_class=1, random_state=0)
    X1t = (np.hstack([X, np.ones((60, 1))]) if fit_intercept else X).T.copy()
    Y = one_hot(y, 3).T.copy()
    s = rng.uniform(0.5, 2.0, 60)
    theta = rng.standard_normal((3, X1t.shape[0]))
    return X1t, Y, s, theta


def dense_hessian(theta, X1t, Y, s, C, n_penalised):
    # Eq. 6 block by block, ((d+1) × (d+1) blocks, classes in order): the
    # oracle for the Hessian-vector product.
    P = cross_entropy_objective(theta, X1t, Y, s, C, n_penalised)[2]
    K, m = theta.shape
    X1 = X1t.T
    H = np.zeros((K * m, K * m))
    for k in range(K):
        for l in range(K):
            r = s * P[k] * ((k == l) - P[l]) / s.sum()
            H[k * m:(k + 1) * m, l * m:(l + 1) * m] = X1.T @ (r[:, None] * X1)
    penalised = (np.arange(K)[:, None] * m + np.arange(n_penalised)).ravel()
    H[penalised, penalised] += 1.0 / (C * s.sum())
    return H


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_gradient_matches_finite_differences(fit_intercept, rng):
    X1t, Y, s, theta = small_problem(fit_intercept, rng)
    assert check_gradient(lambda t: cross_entropy_objective(t, X1t, Y, s, 0.7, 4, order=0),
                          lambda t: cross_entropy_objective(t, X1t, Y, s, 0.7, 4)[1],
                          theta) < 1e-6


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_hessian_vector_product_matches_finite_differences_of_the_gradient(fit_intercept, rng):
    X1t, Y, s, theta = small_problem(fit_intercept, rng)

    def grad(t):
        return cross_entropy_objective(t, X1t, Y, s, 0.7, 4)[1]

    P = cross_entropy_objective(theta, X1t, Y, s, 0.7, 4)[2]
    for _ in range(5):
        V = rng.standard_normal(theta.shape)
        Hv = hessian_vector_product(V, X1t, P, s, 0.7, 4)
        # ∇²L V is the derivative of ∇L along V: the gradient of t ↦ ⟨∇L(t), V⟩
        # (the Hessian is symmetric), checked coordinate by coordinate ...
        assert check_gradient(lambda t, V=V: np.vdot(grad(t), V), lambda t, V=V:
                              hessian_vector_product(V, X1t, cross_entropy_objective(
                                  t, X1t, Y, s, 0.7, 4)[2], s, 0.7, 4), theta) < 1e-6
        # ... and as one central difference of the gradient along V.
        eps = 1e-5
        numeric = (grad(theta + eps * V) - grad(theta - eps * V)) / (2 * eps)
        assert np.linalg.norm(Hv - numeric) / np.linalg.norm(Hv) < 1e-8


@pytest.mark.parametrize("fit_intercept", [True, False])
def test_hessian_vector_product_equals_the_dense_hessian(fit_intercept, rng):
    X1t, Y, s, theta = small_problem(fit_intercept, rng)
    P = cross_entropy_objective(theta, X1t, Y, s, 0.7, 4)[2]
    H = dense_hessian(theta, X1t, Y, s, 0.7, 4)
    columns = np.column_stack([hessian_vector_product(e.reshape(theta.shape), X1t, P, s, 0.7, 4)
                               .ravel() for e in np.eye(theta.size)])
    np.testing.assert_allclose(columns, H, rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(columns, columns.T, rtol=1e-12, atol=1e-15)
    if fit_intercept:
        # The flat direction of eq. 7: equal intercepts change nothing.
        u = np.zeros(theta.shape)
        u[:, -1] = 1.0
        assert np.max(np.abs(hessian_vector_product(u, X1t, P, s, 0.7, 4))) < 1e-15


def test_objective_is_cross_entropy_scaled(rng):
    X, y = make_classification(40, 3, n_informative=3, n_redundant=0, n_classes=3,
                               n_clusters_per_class=1, random_state=1)
    X1 = np.hstack([X, np.ones((40, 1))])
    theta = rng.standard_normal((3, 4))
    Z = X1 @ theta.T
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    C = 2.0
    J = 0.5 * np.sum(theta[:, :3] ** 2) - C * np.sum(np.log(P[np.arange(40), y]))
    L = cross_entropy_objective(theta, X1.T.copy(), one_hot(y, 3).T.copy(), np.ones(40), C, 3,
                                order=0)
    np.testing.assert_allclose(L, J / (C * 40), rtol=1e-12)


# ---------------------------------------------------------------------------
# Numerical stability
# ---------------------------------------------------------------------------

def test_huge_scores_give_finite_probabilities():
    X, y = standardised(load_iris)
    model = SoftmaxRegression().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proba = model.predict_proba(X * 1e6)
        log_proba = model.predict_log_proba(X * 1e6)
        loss = cross_entropy_objective(np.array([[1e4, 0.0], [-1e4, 0.0]]),
                                       np.array([[1.0], [1.0]]), np.array([[0.0], [1.0]]),
                                       np.ones(1), 1.0, 1, order=1)
    assert np.all(np.isfinite(proba)) and np.all(np.isfinite(log_proba))
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    assert np.all(log_proba <= 0) and log_proba.min() < -1e5     # not clipped to log(eps)
    assert np.isfinite(loss[0]) and np.all(np.isfinite(loss[1]))
    np.testing.assert_allclose(loss[0], 2e4 + 2e8 / 2, rtol=1e-12)


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

def test_predictions_are_consistent():
    X, y = standardised(load_wine)
    model = SoftmaxRegression().fit(X, y)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(np.exp(model.predict_log_proba(X)), proba)
    np.testing.assert_array_equal(model.predict(X), model.classes_[np.argmax(proba, axis=1)])
    assert model.decision_function(X).shape == (len(y), 3)


def test_row_order_and_refit():
    X, y = standardised(load_iris)
    order = np.random.default_rng(2).permutation(len(y))
    a = SoftmaxRegression(tol=1e-10).fit(X, y)
    b = SoftmaxRegression(tol=1e-10).fit(X[order], y[order])
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-9, atol=1e-12)
    first = a.coef_.copy()
    np.testing.assert_array_equal(a.fit(X, y).coef_, first)


def test_string_labels_and_label_permutation():
    X, y = standardised(load_iris)
    names = np.array(["virginica", "setosa", "versicolor"])[y]
    model = SoftmaxRegression().fit(X, names)
    np.testing.assert_array_equal(model.classes_, ["setosa", "versicolor", "virginica"])
    numeric = SoftmaxRegression().fit(X, y)
    # Renaming classes permutes the rows of coef_ and nothing else.
    rows = [1, 2, 0]          # setosa is class 1, versicolor 2, virginica 0
    np.testing.assert_allclose(model.coef_, numeric.coef_[rows], atol=1e-10)
    np.testing.assert_array_equal(model.predict(X),
                                  np.array(["virginica", "setosa", "versicolor"])[
                                      numeric.predict(X)])


def test_convergence_warning_at_max_iter():
    X, y = standardised(load_wine)
    with pytest.warns(ConvergenceWarning, match="^SoftmaxRegression did not converge"):
        SoftmaxRegression(max_iter=1, tol=1e-12).fit(X, y)


def test_defaults_are_scikit_learns():
    # tol is the exception: scikit-learn's 1e-4 bounds a different quantity.
    ours, theirs = SoftmaxRegression().get_params(), SkLogisticRegression().get_params()
    shared = ["C", "fit_intercept", "max_iter", "verbose"]
    assert {k: ours[k] for k in shared} == {k: theirs[k] for k in shared}


def test_verbose_prints_each_newton_iteration_and_the_default_is_silent(capsys):
    X, y = standardised(load_iris)
    SoftmaxRegression().fit(X, y)
    assert capsys.readouterr().out == ""
    model = SoftmaxRegression(verbose=1).fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == model.n_iter_ > 1
    for k, line in enumerate(lines, start=1):
        assert line.startswith(f"[SoftmaxRegression] Newton-CG iteration {k}: "
                               f"loss {model.loss_history_[k]:.10g}, step ")


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

def test_bad_input_raises_clear_errors():
    X, y = standardised(load_iris)
    with pytest.raises(NotFittedError):
        SoftmaxRegression().predict_proba(X)
    bad = X.copy()
    bad[3, 1] = np.inf
    with pytest.raises(ValueError, match="infinity"):
        SoftmaxRegression().fit(bad, y)
    with pytest.raises(ValueError, match="2D"):
        SoftmaxRegression().fit(X[:, 0], y)
    with pytest.raises(ValueError, match=r"^SoftmaxRegression needs samples of at least 2 "
                       r"classes in y, but the data contain only one class: "):
        SoftmaxRegression().fit(X, np.ones(len(y)))
    # Three classes in y, but zero weight on all but one: nothing to separate.
    only_setosa = (y == 0).astype(float)
    with pytest.raises(ValueError, match=r"^SoftmaxRegression needs samples of at least 2 "
                       r"classes with positive sample_weight, but only one class has any "
                       r"weight\.$"):
        SoftmaxRegression().fit(X, y, sample_weight=only_setosa)
    with pytest.raises(ValueError, match="Unknown label type"):
        SoftmaxRegression().fit(X, y + 0.5)
    model = SoftmaxRegression().fit(X, y)
    with pytest.raises(ValueError, match="expecting 4 features"):
        model.predict(X[:, :2])


@pytest.mark.parametrize(("params", "name"), [
    ({"C": 0.0}, "C"), ({"C": None}, "C"), ({"max_iter": 2.5}, "max_iter"),
    ({"tol": "small"}, "tol"), ({"fit_intercept": None}, "fit_intercept"),
])
def test_invalid_hyperparameters_name_the_parameter(params, name):
    X, y = standardised(load_iris)
    with pytest.raises(ValueError, match=name):
        SoftmaxRegression(**params).fit(X, y)
