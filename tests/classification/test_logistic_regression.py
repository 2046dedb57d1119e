"""LogisticRegression against scikit-learn, its gradient and Hessian, stability,
properties and bad input."""

import warnings

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.multiclass import OneVsRestClassifier

from scratchlearn.classification.logistic_regression import LogisticRegression
from scratchlearn.classification.logistic_regression.model import log_loss_objective
from scratchlearn.core.base import ConvergenceWarning, NotFittedError
from scratchlearn.core.optim import check_gradient
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import (
    load_breast_cancer,
    load_iris,
    load_wine,
    make_blobs,
    make_classification,
)

CS = [0.01, 0.1, 1.0, 10.0, 100.0]


def standardised(loader):
    X, y = loader(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def reference(C, **kwargs):
    # A tight tolerance so that the reference is the optimum, not an approximation.
    return SkLogisticRegression(C=C, tol=1e-10, max_iter=100_000, solver="newton-cg", **kwargs)


def relative(a, b):
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


def assert_matches(ours, theirs, X):
    assert relative(ours.coef_, theirs.coef_) < 1e-4
    assert np.max(np.abs(ours.intercept_ - theirs.intercept_)) < 1e-4 * max(
        1.0, np.max(np.abs(theirs.intercept_)))
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=0, atol=1e-5)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


# ---------------------------------------------------------------------------
# Agreement with scikit-learn
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("C", CS)
def test_breast_cancer_matches_sklearn(C):
    X, y = standardised(load_breast_cancer)
    ours = LogisticRegression(C=C, tol=1e-10).fit(X, y)
    theirs = reference(C).fit(X, y)
    assert_matches(ours, theirs, X)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X),
                               rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("C", CS)
def test_wine_two_classes_matches_sklearn(C):
    X, y = standardised(load_wine)
    keep = y < 2
    ours = LogisticRegression(C=C, tol=1e-10).fit(X[keep], y[keep])
    assert_matches(ours, reference(C).fit(X[keep], y[keep]), X)


@pytest.mark.parametrize("loader", [load_iris, load_wine])
@pytest.mark.parametrize("C", [0.01, 1.0, 100.0])
def test_one_vs_rest_matches_sklearn(loader, C):
    X, y = standardised(loader)
    ours = LogisticRegression(C=C, tol=1e-10).fit(X, y)
    theirs = OneVsRestClassifier(reference(C)).fit(X, y)
    coef = np.array([e.coef_[0] for e in theirs.estimators_])
    intercept = np.array([e.intercept_[0] for e in theirs.estimators_])
    assert ours.coef_.shape == (3, X.shape[1])
    assert relative(ours.coef_, coef) < 1e-4
    np.testing.assert_allclose(ours.intercept_, intercept, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=1e-5)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X),
                               rtol=1e-4, atol=1e-4)


def test_one_vs_rest_keeps_each_problems_loss_history_and_the_most_iterations():
    # Problem k is the binary fit of "class k or not" (eq. 12's z_k).
    X, y = standardised(load_iris)
    model = LogisticRegression().fit(X, y)
    binary = [LogisticRegression().fit(X, (y == k).astype(int)) for k in range(3)]
    assert isinstance(model.loss_history_, list) and len(model.loss_history_) == 3
    for history, fit in zip(model.loss_history_, binary, strict=True):
        np.testing.assert_allclose(history, fit.loss_history_, rtol=1e-12)
    assert model.n_iter_ == max(fit.n_iter_ for fit in binary)


def test_synthetic_matches_sklearn():
    X, y = make_classification(600, 8, n_informative=4, random_state=3)
    ours = LogisticRegression(C=0.5, tol=1e-10).fit(X, y)
    assert_matches(ours, reference(0.5).fit(X, y), X)


def test_no_intercept_matches_sklearn():
    X, y = standardised(load_breast_cancer)
    ours = LogisticRegression(C=1.0, fit_intercept=False, tol=1e-10).fit(X, y)
    theirs = reference(1.0, fit_intercept=False).fit(X, y)
    assert_matches(ours, theirs, X)
    assert np.all(ours.intercept_ == 0.0)


def test_sample_weight_matches_sklearn():
    X, y = standardised(load_breast_cancer)
    weights = np.random.default_rng(0).uniform(0.1, 3.0, len(y))
    ours = LogisticRegression(C=2.0, tol=1e-10).fit(X, y, sample_weight=weights)
    theirs = reference(2.0).fit(X, y, sample_weight=weights)
    assert_matches(ours, theirs, X)


def test_gradient_descent_reaches_the_newton_solution():
    X, y = make_classification(300, 4, n_informative=3, n_redundant=0, random_state=1)
    X = StandardScaler().fit_transform(X)
    newton = LogisticRegression(C=1.0, tol=1e-10).fit(X, y)
    gd = LogisticRegression(C=1.0, solver="gd", learning_rate=1.0, max_iter=20_000,
                            tol=1e-9).fit(X, y)
    assert relative(gd.coef_, newton.coef_) < 1e-4
    np.testing.assert_allclose(gd.predict_proba(X), newton.predict_proba(X), atol=1e-5)
    assert gd.n_iter_ > 10 * newton.n_iter_


def test_newton_converges_quadratically():
    X, y = standardised(load_breast_cancer)
    model = LogisticRegression(C=1.0, tol=1e-12).fit(X, y)
    assert model.n_iter_ <= 15
    gaps = model.loss_history_[:-1] - model.loss_history_[-1]
    assert np.all(np.diff(model.loss_history_) <= 1e-15)       # monotone
    # Near the optimum each step about squares the gap (quadratic convergence):
    # the number of correct digits grows by a factor near 2, where a linearly
    # converging method would add a fixed number of digits per step.
    last = gaps[(gaps > 1e-14) & (gaps < 1e-3)]
    assert len(last) >= 2
    digits = -np.log10(last)
    assert np.all(digits[1:] / digits[:-1] > 1.5)


# ---------------------------------------------------------------------------
# Gradient and Hessian
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("fit_intercept", [True, False])
def test_gradient_and_hessian_match_finite_differences(fit_intercept, rng):
    X, y = make_classification(80, 5, random_state=0)
    X1 = np.hstack([X, np.ones((80, 1))]) if fit_intercept else X
    s = rng.uniform(0.5, 2.0, 80)
    theta = rng.standard_normal(X1.shape[1])
    d = X.shape[1]

    def f(t):
        return log_loss_objective(t, X1, y.astype(float), s, 0.7, d, order=0)

    def g(t):
        return log_loss_objective(t, X1, y.astype(float), s, 0.7, d, order=1)[1]

    assert check_gradient(f, g, theta) < 1e-6
    hess = log_loss_objective(theta, X1, y.astype(float), s, 0.7, d, order=2)[2]
    for j in range(X1.shape[1]):
        assert check_gradient(lambda t, j=j: g(t)[j], lambda t, j=j:
                              log_loss_objective(t, X1, y.astype(float), s, 0.7, d,
                                                 order=2)[2][j], theta) < 1e-6
    np.testing.assert_allclose(hess, hess.T)


def test_objective_is_sklearns_objective_scaled(rng):
    # L = J / (C·S) with J = ½‖w‖² + C Σ sᵢ ℓᵢ (notes eqs. 4–5).
    X, y = make_classification(50, 3, n_redundant=0, random_state=2)
    X1 = np.hstack([X, np.ones((50, 1))])
    theta = rng.standard_normal(4)
    z = X1 @ theta
    p = 1 / (1 + np.exp(-z))
    C = 3.0
    J = 0.5 * theta[:3] @ theta[:3] - C * np.sum(y * np.log(p) + (1 - y) * np.log(1 - p))
    L = log_loss_objective(theta, X1, y.astype(float), np.ones(50), C, 3, order=0)
    np.testing.assert_allclose(L, J / (C * 50), rtol=1e-12)


# ---------------------------------------------------------------------------
# Numerical stability
# ---------------------------------------------------------------------------

def test_huge_logits_give_finite_probabilities_and_loss():
    X, y = make_classification(40, 2, n_informative=2, n_redundant=0, random_state=0)
    model = LogisticRegression().fit(X, y)
    model.coef_ = np.array([[1e4, 0.0]])
    model.intercept_ = np.array([0.0])
    Xz = np.array([[1.0, 0.0], [-1.0, 0.0], [0.0, 0.0]])        # z = 1e4, −1e4, 0
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        proba = model.predict_proba(Xz)
        log_proba = model.predict_log_proba(Xz)
        loss = log_loss_objective(np.array([1e4, -1e4]), np.array([[1.0, 0.0], [0.0, 1.0]]),
                                  np.array([0.0, 1.0]), np.ones(2), 1.0, 2, order=1)
    np.testing.assert_allclose(proba, [[0, 1], [1, 0], [0.5, 0.5]])
    np.testing.assert_allclose(log_proba, [[-1e4, 0], [0, -1e4], [np.log(0.5)] * 2])
    assert np.isfinite(loss[0]) and np.all(np.isfinite(loss[1]))
    np.testing.assert_allclose(loss[0], 1e4 + (2e8) / 4, rtol=1e-12)  # two wrong by 1e4


def test_separable_data_with_weak_penalty_fits_without_warnings():
    X, y = make_blobs(60, 2, centers=[[-5, 0], [5, 0]], cluster_std=0.5, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model = LogisticRegression(C=1e4).fit(X, y)
    assert model.score(X, y) == 1.0
    assert np.all(np.isfinite(model.predict_log_proba(X)))


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

def test_predictions_are_consistent():
    X, y = standardised(load_iris)
    model = LogisticRegression().fit(X, y)
    proba = model.predict_proba(X)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_allclose(np.exp(model.predict_log_proba(X)), proba)
    np.testing.assert_array_equal(model.predict(X), model.classes_[np.argmax(proba, axis=1)])


def test_row_order_does_not_matter():
    X, y = standardised(load_breast_cancer)
    order = np.random.default_rng(1).permutation(len(y))
    a = LogisticRegression(tol=1e-10).fit(X, y)
    b = LogisticRegression(tol=1e-10).fit(X[order], y[order])
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-9, atol=1e-12)


def test_refitting_is_bit_identical():
    X, y = standardised(load_wine)
    a = LogisticRegression(solver="gd", max_iter=50, tol=0.0)
    with pytest.warns(ConvergenceWarning):
        first = a.fit(X, y).coef_.copy()
    with pytest.warns(ConvergenceWarning):
        second = a.fit(X, y).coef_
    np.testing.assert_array_equal(first, second)


def test_string_labels_and_swapped_labels():
    X, y = standardised(load_breast_cancer)
    names = np.array(["malignant", "benign"])[y]
    model = LogisticRegression().fit(X, names)
    np.testing.assert_array_equal(model.classes_, ["benign", "malignant"])
    numeric = LogisticRegression().fit(X, 1 - y)          # same order as the strings
    np.testing.assert_allclose(model.coef_, numeric.coef_)
    assert np.all(model.predict(X) == np.array(["benign", "malignant"])[numeric.predict(X)])
    # Swapping which class is "positive" negates the log-odds.
    swapped = LogisticRegression().fit(X, y)
    np.testing.assert_allclose(swapped.coef_, -numeric.coef_, atol=1e-8)


def test_convergence_warning_at_max_iter():
    X, y = standardised(load_breast_cancer)
    with pytest.warns(ConvergenceWarning, match="^LogisticRegression did not converge"):
        LogisticRegression(max_iter=1, tol=1e-12).fit(X, y)
    with pytest.warns(ConvergenceWarning, match="^LogisticRegression did not converge"):
        LogisticRegression(solver="gd", max_iter=5).fit(X, y)


def test_defaults_are_scikit_learns():
    # max_iter and tol differ on purpose: scikit-learn's bound other quantities.
    ours, theirs = LogisticRegression().get_params(), SkLogisticRegression().get_params()
    shared = ["C", "fit_intercept", "verbose"]
    assert {k: ours[k] for k in shared} == {k: theirs[k] for k in shared}
    assert ours["solver"] == "newton"


def iris_versicolor_virginica():
    X, y = load_iris(return_X_y=True)
    keep = y > 0
    return StandardScaler().fit_transform(X[keep]), y[keep]


def test_gradient_descent_defaults_are_a_replay_of_eq_10():
    """solver="gd" with the default learning_rate 0.1 and max_iter 1000: 1000
    steps θ ← θ − 0.1 ∇L (eq. 10) from θ = 0, still short of tol = 1e-6 here."""
    X, y = iris_versicolor_virginica()
    with pytest.warns(ConvergenceWarning, match="after max_iter=1000 iterations"):
        model = LogisticRegression(solver="gd").fit(X, y)
    assert model.n_iter_ == 1000 and len(model.loss_history_) == 1001
    X1, target = np.hstack([X, np.ones((len(y), 1))]), (y == 2).astype(float)
    theta = np.zeros(X1.shape[1])
    for _ in range(1000):
        theta -= 0.1 * log_loss_objective(theta, X1, target, np.ones(len(y)), 1.0, 4)[1]
    np.testing.assert_allclose(np.r_[model.coef_[0], model.intercept_], theta, rtol=1e-12,
                               atol=1e-14)


@pytest.mark.parametrize(("solver", "line"), [
    ("newton", "[LogisticRegression] Newton iteration {k}: loss {loss:.10g}, step "),
    ("gd", "[LogisticRegression] iteration {k}: loss {loss:.6g}, max |gradient| "),
], ids=["newton", "gd"])
def test_verbose_prints_each_iteration_and_the_default_is_silent(solver, line, capsys):
    X, y = iris_versicolor_virginica()
    params = dict(solver=solver, max_iter=3, tol=1e-12)
    with pytest.warns(ConvergenceWarning):
        LogisticRegression(**params).fit(X, y)
    assert capsys.readouterr().out == ""
    with pytest.warns(ConvergenceWarning):
        model = LogisticRegression(verbose=1, **params).fit(X, y)
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == model.n_iter_ == 3
    for k, printed in enumerate(lines, start=1):
        assert printed.startswith(line.format(k=k, loss=model.loss_history_[k]))


def test_a_point_exactly_on_the_boundary_goes_to_the_first_class_as_in_sklearn():
    # Without an intercept the origin scores exactly z = 0: predict takes z > 0
    # as classes_[1], so the origin is classes_[0], as in scikit-learn.
    X, y = iris_versicolor_virginica()
    ours = LogisticRegression(fit_intercept=False).fit(X, y)
    theirs = SkLogisticRegression(fit_intercept=False).fit(X, y)
    origin = np.zeros((1, X.shape[1]))
    assert ours.decision_function(origin)[0] == theirs.decision_function(origin)[0] == 0.0
    assert ours.predict(origin)[0] == theirs.predict(origin)[0] == 1


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

def test_bad_input_raises_clear_errors():
    X, y = standardised(load_breast_cancer)
    with pytest.raises(NotFittedError):
        LogisticRegression().predict(X)
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        LogisticRegression().fit(bad, y)
    with pytest.raises(ValueError, match="2D"):
        LogisticRegression().fit(X[:, 0], y)
    with pytest.raises(ValueError, match=r"^LogisticRegression needs samples of at least 2 "
                       r"classes in y, but the data contain only one class: "):
        LogisticRegression().fit(X, np.zeros(len(y)))
    with pytest.raises(ValueError, match=r"^LogisticRegression needs samples of at least 2 "
                       r"classes with positive sample_weight, but only one class has any "
                       r"weight\.$"):
        LogisticRegression().fit(X, y, sample_weight=(y == 1).astype(float))
    model = LogisticRegression().fit(X, y)
    with pytest.raises(ValueError, match="expecting 30 features"):
        model.predict(X[:, :5])


@pytest.mark.parametrize(("params", "name"), [
    ({"C": 0}, "C"), ({"C": -1.0}, "C"), ({"C": "big"}, "C"), ({"C": np.inf}, "C"),
    ({"solver": "lbfgs"}, "solver"), ({"max_iter": 0}, "max_iter"), ({"tol": -1.0}, "tol"),
    ({"solver": "gd", "learning_rate": 0.0}, "learning_rate"),
    ({"fit_intercept": "yes"}, "fit_intercept"),
])
def test_invalid_hyperparameters_name_the_parameter(params, name):
    X, y = standardised(load_iris)
    with pytest.raises(ValueError, match=name):
        LogisticRegression(**params).fit(X, y)
