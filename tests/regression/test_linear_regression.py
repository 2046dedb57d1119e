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
    with pytest.raises(ValueError, match=r"but X has 2\. Use MultipleLinearRegression for several features\.$"):
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


# -- tests prompted by mutation testing (benchmarks/results/mutation.md) ---------------

def test_a_large_offset_in_y_is_centred_away_exactly(rng, exact_least_squares):
    """Centring y before the dot product (eq. 4) keeps the slope exact to
    rounding when y sits far from zero; forgetting it, or adding the mean,
    leaves ȳ·Σ(x − x̄) in the numerator, 1e-9 relative here."""
    x = rng.normal(5.0, 1.0, size=40)
    y = 1e8 + 2.0 * x + rng.normal(size=40)
    b, w = exact_least_squares(x[:, None], y)
    model = SimpleLinearRegression().fit(x[:, None], y)
    np.testing.assert_allclose(model.coef_, w, rtol=1e-12)
    assert model.intercept_ == pytest.approx(b, rel=1e-12)


def test_a_feature_with_tiny_spread_is_not_mistaken_for_a_constant():
    """Σ(x − x̄)² < 1 is still a slope: only an exactly constant x gives w = 0."""
    X = np.array([[0.0], [0.1], [0.2], [0.3]])
    y = np.array([1.0, 1.5, 2.0, 2.5])
    model = SimpleLinearRegression().fit(X, y)
    theirs = LinearRegression().fit(X, y)
    np.testing.assert_allclose(model.coef_, theirs.coef_, rtol=1e-12)
    np.testing.assert_allclose(model.coef_, [5.0], rtol=1e-12)


def test_iteration_counts_and_defaults_are_the_documented_ones():
    """closed_form: n_iter_ is always 1. gd: n_iter_ counts the steps, one fewer
    than the losses recorded. The defaults (learning_rate=0.1, max_iter=1000,
    tol=1e-6) converge on standardised x to the closed form, and on a feature
    with spread 0.05 need exactly max_iter=1000 steps and warn."""
    X, y = one_feature_sets()["synthetic"]
    assert SimpleLinearRegression().fit(X, y).n_iter_ == 1
    Z = (X - X.mean()) / X.std()
    gd = SimpleLinearRegression(solver="gd").fit(Z, y)
    assert gd.n_iter_ == len(gd.loss_history_) - 1 > 1
    exact = SimpleLinearRegression().fit(Z, y)
    # tol=1e-6 on the gradient: the stationarity bound |Δw| ≤ tol / (2 var) here
    np.testing.assert_allclose([gd.coef_[0], gd.intercept_],
                               [exact.coef_[0], exact.intercept_], atol=1e-6)
    assert np.max(np.abs(np.array([gd.coef_[0], gd.intercept_])
                         - [exact.coef_[0], exact.intercept_])) > 1e-12
    narrow = 0.05 * Z
    with pytest.warns(ConvergenceWarning, match="SimpleLinearRegression did not converge"):
        slow = SimpleLinearRegression(solver="gd").fit(narrow, y)
    assert slow.n_iter_ == 1000 and len(slow.loss_history_) == 1001
