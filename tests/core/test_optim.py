"""The shared gradient-descent loop and the finite-difference gradient check."""

import numpy as np
import pytest

from scratchlearn.core import ConvergenceWarning, DivergenceError, check_gradient, gradient_descent


def quadratic_problem(rng, n=200, d=3):
    X = rng.normal(size=(n, d))
    y = X @ np.array([1.0, -2.0, 0.5]) + 0.1 * rng.normal(size=n)

    def loss_and_gradient(w, rows):
        r = X[rows] @ w - y[rows]
        return r @ r / len(r), 2 * X[rows].T @ r / len(r)

    return X, y, loss_and_gradient


def test_full_batch_reaches_the_least_squares_solution(rng):
    X, y, loss_and_gradient = quadratic_problem(rng)
    result = gradient_descent(loss_and_gradient, np.zeros(3), n_samples=len(y),
                              learning_rate=0.2, max_iter=5000, tol=1e-10)
    np.testing.assert_allclose(result.w, np.linalg.lstsq(X, y, rcond=None)[0], rtol=1e-8)
    assert result.converged and result.n_iter == len(result.loss_history) - 1
    assert np.all(np.diff(result.loss_history) <= 1e-12 * result.loss_history[0])


def test_minibatch_is_deterministic_under_a_seed(rng):
    _, y, loss_and_gradient = quadratic_problem(rng)
    runs = [gradient_descent(loss_and_gradient, np.zeros(3), n_samples=len(y),
                             learning_rate=0.05, max_iter=30, tol=None, batch_size=16,
                             decay=0.1, random_state=7).w for _ in range(2)]
    np.testing.assert_array_equal(runs[0], runs[1])


def test_max_iter_warns_and_divergence_raises(rng):
    _, y, loss_and_gradient = quadratic_problem(rng)
    with pytest.warns(ConvergenceWarning, match="did not converge"):
        gradient_descent(loss_and_gradient, np.zeros(3), n_samples=len(y),
                         learning_rate=0.01, max_iter=3, tol=1e-12)
    with pytest.raises(DivergenceError, match="learning_rate=50"):
        gradient_descent(loss_and_gradient, np.zeros(3), n_samples=len(y),
                         learning_rate=50, max_iter=10_000, tol=1e-12)


@pytest.mark.parametrize("setting", [{"learning_rate": 0}, {"max_iter": 0},
                                     {"batch_size": 0}, {"tol": -1.0}])
def test_invalid_settings_are_named(rng, setting):
    _, y, loss_and_gradient = quadratic_problem(rng)
    options = dict(learning_rate=0.1, max_iter=10, tol=1e-6) | setting
    with pytest.raises(ValueError, match=next(iter(setting))):
        gradient_descent(loss_and_gradient, np.zeros(3), n_samples=len(y), **options)


def test_check_gradient_accepts_a_true_gradient_and_catches_a_wrong_one(rng):
    A = rng.normal(size=(4, 4))
    A = A @ A.T

    def f(w):
        return 0.5 * w @ A @ w + np.sin(w).sum()

    w = rng.normal(size=4)
    assert check_gradient(f, lambda w: A @ w + np.cos(w), w) < 1e-8
    assert check_gradient(f, lambda w: A @ w - np.cos(w), w) > 1e-2
