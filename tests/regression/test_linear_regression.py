"""SimpleLinearRegression against the closed form, MultipleLinearRegression and scikit-learn."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression

from scratchlearn import MultipleLinearRegression, SimpleLinearRegression
from scratchlearn.core import ConvergenceWarning, DivergenceError, NotFittedError, check_gradient
from scratchlearn.datasets import load_diabetes, load_iris, make_regression
from scratchlearn.regression.linear_regression.model import mse_loss_and_gradient


def one_feature_sets():
    diabetes = load_diabetes(scaled=False)
    iris = load_iris()
    X_syn, y_syn = make_regression(200, 1, noise=3.0, bias=5.0, random_state=0)
    return {
        "diabetes bmi": (diabetes.data[:, [2]], diabetes.target),
        "iris petal length → width": (iris.data[:, [2]], iris.data[:, 3]),
        "synthetic": (X_syn, y_syn),
    }


@pytest.mark.parametrize("name", list(one_feature_sets()))
def test_closed_form_equals_sklearn_and_multiple_regression(name):
    X, y = one_feature_sets()[name]
    ours = SimpleLinearRegression().fit(X, y)
    theirs = LinearRegression().fit(X, y)
    multiple = MultipleLinearRegression().fit(X, y)
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=1e-10)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-10)
    np.testing.assert_allclose(ours.coef_, multiple.coef_, rtol=1e-10)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-10)
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), rel=1e-12)


@pytest.mark.parametrize("name", list(one_feature_sets()))
def test_gradient_descent_reaches_the_closed_form_on_standardised_x(name):
    X, y = one_feature_sets()[name]
    X = (X - X.mean()) / X.std()
    exact = SimpleLinearRegression().fit(X, y)
    gd = SimpleLinearRegression(solver="gd", learning_rate=0.5, max_iter=10_000,
                                tol=1e-10).fit(X, y)
    np.testing.assert_allclose([gd.coef_[0], gd.intercept_],
                               [exact.coef_[0], exact.intercept_], rtol=1e-8)
    assert np.all(np.diff(gd.loss_history_) <= 1e-12 * gd.loss_history_[0])
    assert gd.loss_history_[-1] == pytest.approx(exact.loss_history_[0], rel=1e-10)


def test_mse_gradient_matches_finite_differences(rng):
    x, y = rng.normal(size=50), rng.normal(size=50)

    def loss(theta):
        return mse_loss_and_gradient(theta[0], theta[1], x, y)[0]

    def grad(theta):
        return np.array(mse_loss_and_gradient(theta[0], theta[1], x, y)[1:])

    assert check_gradient(loss, grad, np.array([0.3, -1.2])) < 1e-8


def test_constant_feature_gives_a_flat_line():
    model = SimpleLinearRegression().fit(np.full((5, 1), 2.0), [1.0, 2.0, 3.0, 4.0, 5.0])
    assert model.coef_[0] == 0.0 and model.intercept_ == pytest.approx(3.0)


def test_more_than_one_feature_points_to_multiple_regression():
    with pytest.raises(ValueError, match="MultipleLinearRegression"):
        SimpleLinearRegression().fit(np.ones((4, 2)), np.arange(4.0))


def test_too_large_learning_rate_raises_naming_it():
    X, y = one_feature_sets()["diabetes bmi"]
    with pytest.raises(DivergenceError, match="learning_rate=0.1"):
        SimpleLinearRegression(solver="gd", learning_rate=0.1).fit(X, y)


def test_max_iter_warns():
    X, y = one_feature_sets()["synthetic"]
    with pytest.warns(ConvergenceWarning):
        SimpleLinearRegression(solver="gd", max_iter=2).fit(X, y)


@pytest.mark.parametrize("bad, message", [
    ({"solver": "newton"}, "solver"),
])
def test_bad_parameters(bad, message):
    with pytest.raises(ValueError, match=message):
        SimpleLinearRegression(**bad).fit([[1.0], [2.0]], [1.0, 2.0])


def test_bad_input():
    model = SimpleLinearRegression()
    with pytest.raises(NotFittedError):
        model.predict([[1.0]])
    with pytest.raises(ValueError, match="NaN"):
        model.fit([[1.0], [np.nan]], [1.0, 2.0])
    with pytest.raises(ValueError, match="Reshape"):
        model.fit([1.0, 2.0], [1.0, 2.0])
    with pytest.raises(ValueError, match="NaN"):
        model.fit([[1.0], [2.0]], [1.0, np.nan])
