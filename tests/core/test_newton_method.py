"""core.optim.newton_method: exact on quadratics, damped where a full step
overshoots, warns at max_iter, rejects bad settings."""

import numpy as np
import pytest

from scratchlearn.core.base import ConvergenceWarning
from scratchlearn.core.optim import newton_method


def quadratic(A, c):
    def objective(theta, order):
        loss = 0.5 * theta @ A @ theta - c @ theta
        return loss if order == 0 else (loss, A @ theta - c, A)
    return objective


def test_one_step_on_a_quadratic():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    c = np.array([1.0, -1.0])
    result = newton_method(quadratic(A, c), np.zeros(2), max_iter=10, tol=1e-12)
    np.testing.assert_allclose(result.w, np.linalg.solve(A, c), rtol=1e-14)
    assert result.n_iter == 1 and result.converged
    assert len(result.loss_history) == 2


def test_line_search_damps_an_overshooting_step():
    # f(x) = sqrt(1 + x²): a full Newton step from x = 2 lands at −8 (x ← −x³);
    # the line search must shorten it so that f decreases and x → 0.
    def objective(theta, order):
        x = theta[0]
        f = np.sqrt(1 + x * x)
        return f if order == 0 else (f, np.array([x / f]), np.array([[1 / f ** 3]]))

    result = newton_method(objective, np.array([2.0]), max_iter=100, tol=1e-10)
    assert abs(result.w[0]) < 1e-9
    assert np.all(np.diff(result.loss_history) <= 0)


def test_warns_at_max_iter_and_rejects_bad_settings():
    def objective(theta, order):
        x = theta[0]
        f = np.sqrt(1 + x * x)
        return f if order == 0 else (f, np.array([x / f]), np.array([[1 / f ** 3]]))

    with pytest.warns(ConvergenceWarning, match="did not converge"):
        newton_method(objective, np.array([50.0]), max_iter=1, tol=1e-10)
    with pytest.raises(ValueError, match="max_iter"):
        newton_method(objective, np.array([1.0]), max_iter=0, tol=1e-6)
    with pytest.raises(ValueError, match="tol"):
        newton_method(objective, np.array([1.0]), max_iter=5, tol=-1.0)


def test_lower_bound_projects_the_steps_and_the_stopping_rule():
    # minimise (θ₀ + 1)² + (θ₁ − 2)² with θ₀ ≥ 0: the constrained minimum is
    # (0, 2), where ∂L/∂θ₀ = 2 > 0 points out of the feasible set.
    def objective(theta, order):
        loss = (theta[0] + 1) ** 2 + (theta[1] - 2) ** 2
        if order == 0:
            return loss
        return loss, np.array([2 * (theta[0] + 1), 2 * (theta[1] - 2)]), 2 * np.eye(2)

    result = newton_method(objective, np.array([3.0, 0.0]), max_iter=20, tol=1e-10,
                           lower=np.array([0.0, -np.inf]))
    assert result.converged
    np.testing.assert_allclose(result.w, [0.0, 2.0], atol=1e-12)
