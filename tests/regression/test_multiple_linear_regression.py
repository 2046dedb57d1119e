"""MultipleLinearRegression against scikit-learn's LinearRegression."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from scratchlearn import MultipleLinearRegression
from scratchlearn.core import NotFittedError, StandardScaler, check_gradient
from scratchlearn.datasets import load_diabetes, load_wine, make_regression
from scratchlearn.regression.multiple_linear_regression.model import mse_loss_and_gradient


def datasets():
    wine = load_wine()
    X_syn, y_syn = make_regression(300, 8, noise=2.0, bias=-3.0, random_state=1)
    return {
        "diabetes raw": load_diabetes(return_X_y=True, scaled=False),
        "diabetes scaled": load_diabetes(return_X_y=True),
        "wine alcohol": (wine.data[:, 1:], wine.data[:, 0]),
        "synthetic": (X_syn, y_syn),
    }


def relative_difference(a, b):
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


@pytest.mark.parametrize("name", list(datasets()))
@pytest.mark.parametrize("fit_intercept", [True, False])
def test_normal_equations_equal_sklearn(name, fit_intercept):
    X, y = datasets()[name]
    ours = MultipleLinearRegression(fit_intercept=fit_intercept).fit(X, y)
    theirs = LinearRegression(fit_intercept=fit_intercept).fit(X, y)
    assert relative_difference(ours.coef_, theirs.coef_) < 1e-8
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-8, abs=1e-8)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-8)


@pytest.mark.parametrize("name", ["diabetes scaled", "synthetic"])
def test_collinear_columns_give_sklearns_minimum_norm_solution(name):
    X, y = datasets()[name]
    X = np.column_stack([X, X[:, 0], 2.0 * X[:, 1] - X[:, 2], np.full(len(X), 4.0)])
    ours = MultipleLinearRegression().fit(X, y)
    theirs = LinearRegression().fit(X, y)
    assert relative_difference(ours.coef_, theirs.coef_) < 1e-8
    assert ours.coef_[0] == pytest.approx(ours.coef_[-3], rel=1e-8)  # duplicates share equally
    assert ours.intercept_ == pytest.approx(theirs.intercept_, rel=1e-8)


def test_near_collinear_columns_use_the_stable_fallback(rng):
    X = rng.normal(size=(500, 3))
    X = np.column_stack([X, X[:, 0] + 1e-7 * rng.normal(size=500)])
    y = X @ np.array([1.0, 2.0, 3.0, 4.0]) + 0.01 * rng.normal(size=500)
    ours = MultipleLinearRegression().fit(X, y)
    theirs = LinearRegression().fit(X, y)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-8)
    assert relative_difference(ours.coef_, theirs.coef_) < 1e-6


@pytest.mark.parametrize("name", ["diabetes raw", "wine alcohol", "synthetic"])
def test_gradient_descent_reaches_the_closed_form_on_standardised_data(name):
    X, y = datasets()[name]
    X = StandardScaler().fit_transform(X)
    exact = MultipleLinearRegression().fit(X, y)
    eta = 1.9 / np.linalg.eigvalsh(2 / len(X) * np.c_[X, np.ones(len(X))].T
                                   @ np.c_[X, np.ones(len(X))])[-1]
    gd = MultipleLinearRegression(solver="gd", learning_rate=eta, max_iter=50_000,
                                  tol=1e-9).fit(X, y)
    assert relative_difference(np.r_[gd.coef_, gd.intercept_],
                               np.r_[exact.coef_, exact.intercept_]) < 1e-4
    assert np.all(np.diff(gd.loss_history_) <= 1e-12 * gd.loss_history_[0])


def test_sgd_reaches_the_closed_form_where_every_sample_fits():
    # Noise-free targets: every per-sample gradient vanishes at the optimum, so
    # SGD with a constant step converges exactly (notes, "SGD's noise floor").
    X, y = make_regression(400, 5, noise=0.0, bias=1.5, random_state=2)
    exact = MultipleLinearRegression().fit(X, y)
    sgd = MultipleLinearRegression(solver="sgd", learning_rate=0.05, batch_size=16,
                                   max_iter=2000, tol=1e-9, random_state=0).fit(X, y)
    assert relative_difference(np.r_[sgd.coef_, sgd.intercept_],
                               np.r_[exact.coef_, exact.intercept_]) < 1e-4


def test_sgd_with_decay_approaches_the_closed_form_on_noisy_real_data():
    X, y = datasets()["wine alcohol"]
    X = StandardScaler().fit_transform(X)
    exact = MultipleLinearRegression().fit(X, y)
    sgd = MultipleLinearRegression(solver="sgd", learning_rate=0.02, batch_size=32, decay=0.05,
                                   max_iter=300, tol=None, random_state=0).fit(X, y)
    assert relative_difference(sgd.coef_, exact.coef_) < 5e-2
    assert sgd.loss_history_[-1] < 1.01 * exact.loss_history_[0]


def test_sgd_is_deterministic_under_random_state():
    X, y = datasets()["synthetic"]
    fits = [MultipleLinearRegression(solver="sgd", max_iter=5, tol=None, random_state=3)
            .fit(X, y).coef_ for _ in range(2)]
    np.testing.assert_array_equal(*fits)


def test_mse_gradient_matches_finite_differences(rng):
    X, y = rng.normal(size=(40, 4)), rng.normal(size=40)
    d = X.shape[1]

    def loss(theta):
        return mse_loss_and_gradient(theta[:d], theta[d], X, y)[0]

    def grad(theta):
        _, grad_w, grad_b = mse_loss_and_gradient(theta[:d], theta[d], X, y)
        return np.append(grad_w, grad_b)

    assert check_gradient(loss, grad, rng.normal(size=d + 1)) < 1e-8


def test_row_order_does_not_matter(rng):
    X, y = datasets()["diabetes raw"]
    order = rng.permutation(len(y))
    a = MultipleLinearRegression().fit(X, y)
    b = MultipleLinearRegression().fit(X[order], y[order])
    np.testing.assert_allclose(a.coef_, b.coef_, rtol=1e-10)


def test_bad_input_and_parameters():
    with pytest.raises(NotFittedError):
        MultipleLinearRegression().predict([[1.0, 2.0]])
    with pytest.raises(ValueError, match="solver"):
        MultipleLinearRegression(solver="qr").fit([[1.0], [2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="learning_rate"):
        MultipleLinearRegression(solver="gd", learning_rate=-1).fit([[1.0], [2.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="infinity"):
        MultipleLinearRegression().fit([[1.0], [np.inf]], [1.0, 2.0])
    model = MultipleLinearRegression().fit(np.eye(3), [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="expecting 3 features"):
        model.predict(np.ones((2, 2)))
