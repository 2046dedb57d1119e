"""core.optim.conjugate_gradient and newton_cg: exact on quadratics, truncated
solves still descend, damped where a full step overshoots, warns at max_iter,
rejects bad settings."""

import numpy as np
import pytest

from scratchlearn.core.base import ConvergenceWarning
from scratchlearn.core.optim import DivergenceError, conjugate_gradient, newton_cg


def spd_matrix(rng, size, condition=100.0):
    Q, _ = np.linalg.qr(rng.standard_normal((size, size)))
    return Q @ np.diag(np.geomspace(1.0, condition, size)) @ Q.T


def test_cg_solves_a_positive_definite_system(rng):
    A = spd_matrix(rng, 30)
    b = rng.standard_normal(30)
    x, n_products = conjugate_gradient(lambda v: A @ v, b, rtol=1e-12, max_iter=200)
    np.testing.assert_allclose(x, np.linalg.solve(A, b), rtol=1e-9)
    assert n_products <= 60      # at most 30 in exact arithmetic


def test_cg_on_matrix_shaped_unknowns_and_a_singular_consistent_system(rng):
    # A acts on (3, 4) arrays; it is singular along u, and b ⊥ u: CG returns
    # the minimum-norm solution (its iterates never leave the range of A).
    u = np.ones((3, 4)) / np.sqrt(12)
    B = spd_matrix(rng, 12)
    P = np.eye(12) - np.outer(u.ravel(), u.ravel())
    A = P @ B @ P
    b = P @ rng.standard_normal(12)
    x, _ = conjugate_gradient(lambda v: (A @ v.ravel()).reshape(3, 4), b.reshape(3, 4),
                              rtol=1e-12, max_iter=100)
    assert x.shape == (3, 4)
    np.testing.assert_allclose(x.ravel(), np.linalg.pinv(A) @ b, atol=1e-10)


def test_cg_truncated_solve_is_a_descent_direction_with_the_requested_residual(rng):
    A = spd_matrix(rng, 50, condition=1e4)
    b = rng.standard_normal(50)
    x, n_products = conjugate_gradient(lambda v: A @ v, b, rtol=0.1, max_iter=500)
    assert np.linalg.norm(b - A @ x) <= 0.1 * np.linalg.norm(b)
    assert b @ x > 0 and 1 <= n_products < 50
    x1, n1 = conjugate_gradient(lambda v: A @ v, b, rtol=0.0, max_iter=1)
    np.testing.assert_allclose(x1, (b @ b) / (b @ A @ b) * b)   # one exact line search
    assert n1 == 1


def test_cg_stops_on_non_positive_curvature():
    A = np.diag([-1.0, 2.0])
    b = np.array([1.0, 0.0])
    x, n_products = conjugate_gradient(lambda v: A @ v, b, rtol=1e-12, max_iter=10)
    np.testing.assert_array_equal(x, b)        # steepest descent: still b·x > 0
    assert n_products == 1
    with pytest.raises(ValueError, match="rtol"):
        conjugate_gradient(lambda v: v, b, rtol=-1.0, max_iter=10)


def quadratic(A, c):
    def objective(theta):
        return 0.5 * theta @ A @ theta - c @ theta, A @ theta - c, lambda v: A @ v
    return objective


def test_newton_cg_minimises_a_quadratic(rng):
    A = spd_matrix(rng, 20)
    c = rng.standard_normal(20)
    result = newton_cg(quadratic(A, c), np.zeros(20), max_iter=50, tol=1e-12)
    np.testing.assert_allclose(result.w, np.linalg.solve(A, c), rtol=1e-9, atol=1e-12)
    assert result.converged and result.n_iter == len(result.loss_history) - 1
    # Non-increasing, up to the line search's allowance for rounding in L.
    assert np.all(np.diff(result.loss_history) <= 1e-14 * np.abs(result.loss_history).max())


def test_newton_cg_minimises_logistic_loss_like_dense_newton(rng):
    # A smooth convex non-quadratic objective: L2-penalised logistic loss.
    X = rng.standard_normal((200, 5))
    y = (X @ np.arange(1.0, 6.0) + rng.standard_normal(200) > 0).astype(float)

    def objective(w):
        z = X @ w
        p = 1 / (1 + np.exp(-z))
        loss = np.mean(np.logaddexp(0, z) - y * z) + 0.005 * w @ w
        grad = X.T @ (p - y) / 200 + 0.01 * w
        return loss, grad, lambda v: X.T @ (p * (1 - p) * (X @ v)) / 200 + 0.01 * v

    result = newton_cg(objective, np.zeros(5), max_iter=50, tol=1e-12)
    w = np.zeros(5)
    for _ in range(30):                      # dense Newton as the oracle
        _, g, _ = objective(w)
        p = 1 / (1 + np.exp(-X @ w))
        w -= np.linalg.solve(X.T @ ((p * (1 - p))[:, None] * X) / 200 + 0.01 * np.eye(5), g)
    np.testing.assert_allclose(result.w, w, rtol=1e-9)
    assert result.converged and result.n_iter < 20


def test_newton_cg_line_search_damps_an_overshooting_step():
    # f(x) = sqrt(1 + x²): a full Newton step from x = 2 lands at −8 (x ← −x³).
    def objective(theta):
        f = np.sqrt(1 + theta @ theta)
        return f, theta / f, lambda v: v / f ** 3

    result = newton_cg(objective, np.array([2.0]), max_iter=100, tol=1e-10)
    assert abs(result.w[0]) < 1e-9
    assert np.all(np.diff(result.loss_history) <= 0)


def test_newton_cg_warns_at_max_iter_raises_on_divergence_and_rejects_bad_settings():
    def objective(theta):
        f = np.sqrt(1 + theta @ theta)
        return f, theta / f, lambda v: v / f ** 3

    with pytest.warns(ConvergenceWarning, match="did not converge"):
        newton_cg(objective, np.array([50.0]), max_iter=1, tol=1e-10)
    with pytest.raises(ValueError, match="max_iter"):
        newton_cg(objective, np.array([1.0]), max_iter=0, tol=1e-6)
    with pytest.raises(ValueError, match="tol"):
        newton_cg(objective, np.array([1.0]), max_iter=5, tol=-1.0)
    with pytest.raises(DivergenceError):
        newton_cg(lambda t: (np.nan, t, lambda v: v), np.array([1.0]), max_iter=5, tol=1e-6)
