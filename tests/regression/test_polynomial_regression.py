"""PolynomialRegression against scikit-learn's PolynomialFeatures + LinearRegression /
Ridge pipelines, and against the exact answer where scikit-learn truncates."""

import numpy as np
import pytest
from sklearn.linear_model import LinearRegression, Ridge
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import PolynomialFeatures

from scratchlearn import PolynomialRegression
from scratchlearn.core import NotFittedError, StandardScaler
from scratchlearn.datasets import correct_digits, load_diabetes, load_wine, make_regression


def datasets():
    wine = load_wine()
    X_syn, y_syn = make_regression(200, 3, noise=0.5, random_state=3)
    return {
        "diabetes": load_diabetes(return_X_y=True),
        "wine alcohol, standardised": (StandardScaler().fit_transform(wine.data[:, 1:6]),
                                       wine.data[:, 0]),
        "synthetic cubic": (X_syn, y_syn + 0.3 * X_syn[:, 0] ** 3 - X_syn[:, 1] * X_syn[:, 2]),
    }


def relative_difference(a, b):
    return np.max(np.abs(a - b)) / np.max(np.abs(b))


def sklearn_pipeline(degree, alpha):
    regressor = LinearRegression() if alpha == 0 else Ridge(alpha=alpha)
    return make_pipeline(PolynomialFeatures(degree, include_bias=False), regressor)


@pytest.mark.parametrize("name", list(datasets()))
@pytest.mark.parametrize("degree", [1, 2, 3])
@pytest.mark.parametrize("alpha", [0.0, 0.1, 1.0, 10.0])
def test_equals_sklearn_pipeline(name, degree, alpha):
    X, y = datasets()[name]
    if name == "diabetes" and degree == 3:
        X = X[:, :6]                    # 83 monomials of 6 features for 442 samples
    ours = PolynomialRegression(degree=degree, alpha=alpha).fit(X, y)
    theirs = sklearn_pipeline(degree, alpha).fit(X, y)
    regressor = theirs[-1]
    assert relative_difference(ours.coef_, regressor.coef_) < 1e-8
    assert ours.intercept_ == pytest.approx(regressor.intercept_, rel=1e-8, abs=1e-8)
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-8, atol=1e-8)
    np.testing.assert_array_equal(ours.powers_, theirs[0].powers_)


def test_raw_powers_give_the_exact_answer_where_sklearn_truncates(exact_least_squares):
    # A degree-7 polynomial in raw powers of x ∈ [0, 10]: the columns x…x⁷ span
    # seven orders of magnitude, and scikit-learn's cutoff (1e-6·σ₁ on unscaled
    # columns) drops real directions.
    rng = np.random.default_rng(5)
    x = np.sort(rng.uniform(0, 10, size=60))
    y = np.polynomial.polynomial.polyval(x, [1.0, -2.0, 0.5, 0.3, -0.05, 0.01, -1e-3, 2e-5])
    y += 0.01 * rng.normal(size=60)
    X = x[:, None]
    b, w = exact_least_squares(np.column_stack([x ** k for k in range(1, 8)]), y)
    ours = PolynomialRegression(degree=7).fit(X, y)
    assert correct_digits(np.r_[ours.intercept_, ours.coef_], np.r_[b, w]) > 9
    theirs = sklearn_pipeline(7, 0.0).fit(X, y)[-1]
    assert correct_digits(np.r_[theirs.intercept_, theirs.coef_], np.r_[b, w]) < 3


def test_training_error_falls_with_degree_and_test_error_turns_up():
    # Bias–variance: more capacity always fits the training sample better, but
    # past the right degree the held-out error grows (notes eq. 4).
    rng = np.random.default_rng(0)
    x_train, x_test = rng.uniform(-1, 1, size=20), rng.uniform(-1, 1, size=500)

    def truth(x):
        return np.sin(3 * x)

    y_train = truth(x_train) + 0.2 * rng.normal(size=20)
    y_test = truth(x_test) + 0.2 * rng.normal(size=500)
    train, test = [], []
    for degree in range(1, 16):
        model = PolynomialRegression(degree=degree).fit(x_train[:, None], y_train)
        train.append(np.mean((model.predict(x_train[:, None]) - y_train) ** 2))
        test.append(np.mean((model.predict(x_test[:, None]) - y_test) ** 2))
    assert np.all(np.diff(train) <= 1e-12)
    best = int(np.argmin(test))
    assert 2 <= best <= 8 and test[-1] > 10 * test[best]
    # A ridge penalty tames the degree-15 fit.
    ridge = PolynomialRegression(degree=15, alpha=1e-3).fit(x_train[:, None], y_train)
    assert np.mean((ridge.predict(x_test[:, None]) - y_test) ** 2) < test[-1] / 10


def test_feature_names_and_powers():
    model = PolynomialRegression(degree=2).fit(np.random.default_rng(0).normal(size=(10, 2)),
                                               np.arange(10.0))
    assert model.feature_names() == ["x0", "x1", "x0^2", "x0 x1", "x1^2"]
    assert model.feature_names(["a", "b"])[3] == "a b"
    assert model.coef_.shape == (5,)


def test_without_intercept_equals_sklearn():
    X, y = datasets()["synthetic cubic"]
    ours = PolynomialRegression(degree=2, fit_intercept=False).fit(X, y)
    theirs = make_pipeline(PolynomialFeatures(2, include_bias=False),
                           LinearRegression(fit_intercept=False)).fit(X, y)[-1]
    assert relative_difference(ours.coef_, theirs.coef_) < 1e-8
    assert ours.intercept_ == 0.0


def test_ridge_without_intercept_equals_sklearn():
    X, y = datasets()["synthetic cubic"]
    ours = PolynomialRegression(degree=2, alpha=1.0, fit_intercept=False).fit(X, y)
    theirs = make_pipeline(PolynomialFeatures(2, include_bias=False),
                           Ridge(alpha=1.0, fit_intercept=False)).fit(X, y)[-1]
    assert relative_difference(ours.coef_, theirs.coef_) < 1e-8
    assert ours.intercept_ == 0.0


def test_the_default_is_a_quadratic_least_squares_fit():
    X, y = datasets()["wine alcohol, standardised"]
    ours = PolynomialRegression().fit(X, y)
    theirs = sklearn_pipeline(degree=2, alpha=0.0).fit(X, y)
    assert relative_difference(ours.coef_, theirs[-1].coef_) < 1e-8
    assert ours.powers_.max() == 2


def test_bad_input_and_parameters():
    X, y = [[1.0], [2.0], [3.0]], [1.0, 2.0, 2.5]
    with pytest.raises(NotFittedError):
        PolynomialRegression().predict(X)
    for degree in (0, -1, 1.5, "two"):
        with pytest.raises(ValueError, match="degree"):
            PolynomialRegression(degree=degree).fit(X, y)
    for alpha in (-1.0, "large"):
        with pytest.raises(ValueError, match="alpha must be a non-negative number"):
            PolynomialRegression(alpha=alpha).fit(X, y)
    with pytest.raises(ValueError, match="infinity"):
        PolynomialRegression().fit([[1.0], [np.inf], [2.0]], y)
    model = PolynomialRegression().fit(np.eye(3), [1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match="expecting 3 features"):
        model.predict(np.ones((2, 2)))
