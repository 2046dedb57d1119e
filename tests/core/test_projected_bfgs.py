"""projected_bfgs: box-constrained quasi-Newton minimisation, against closed forms
and scipy's L-BFGS-B."""

import numpy as np
import pytest
from scipy.optimize import minimize, rosen, rosen_der

from scratchlearn.core.base import ConvergenceWarning
from scratchlearn.core.optim import DivergenceError, projected_bfgs


def _rosenbrock(x):
    return rosen(x), rosen_der(x)


def test_unconstrained_minimum_of_rosenbrock():
    result = projected_bfgs(_rosenbrock, [-1.2, 1.0, 0.5], -5, 5, max_iter=500, tol=1e-9)
    assert result.converged
    np.testing.assert_allclose(result.w, np.ones(3), atol=1e-6)
    assert np.all(np.diff(result.loss_history) <= 1e-12)        # monotone descent


@pytest.mark.parametrize("upper", [[0.5, 2, 2], [2, 0.3, 2], [-0.5, 2, 0.1]])
def test_bounded_minimum_equals_lbfgsb(upper):
    lower = [-2.0, -2.0, -2.0]
    ours = projected_bfgs(_rosenbrock, [-1.2, 0.0, 0.0], lower, upper, max_iter=500, tol=1e-9)
    theirs = minimize(_rosenbrock, [-1.2, 0.0, 0.0], jac=True, method="L-BFGS-B",
                      bounds=list(zip(lower, upper, strict=True)),
                      options={"ftol": 1e-15, "gtol": 1e-12})
    assert ours.converged
    assert ours.loss_history[-1] <= theirs.fun + 1e-10
    np.testing.assert_allclose(ours.w, theirs.x, atol=1e-5)


def test_quadratic_with_active_bounds_has_the_projected_solution():
    c = np.array([3.0, -4.0, 0.5])

    def f(x):
        return 0.5 * np.sum((x - c) ** 2), x - c

    result = projected_bfgs(f, np.zeros(3), -1, 1, max_iter=100, tol=1e-12)
    np.testing.assert_allclose(result.w, [1.0, -1.0, 0.5], atol=1e-12)


def test_start_outside_the_box_is_projected_and_max_iter_warns():
    with pytest.warns(ConvergenceWarning, match="max_iter=2"):
        result = projected_bfgs(_rosenbrock, [10.0, 10.0], -3, 3, max_iter=2, tol=1e-12)
    assert np.all(np.abs(result.w) <= 3) and result.n_iter == 2


def test_non_finite_start_and_bad_max_iter_are_errors():
    with pytest.raises(DivergenceError, match="starting point"):
        projected_bfgs(lambda x: (np.inf, x), [1.0], -1, 2, max_iter=5, tol=1e-6)
    with pytest.raises(ValueError, match="max_iter"):
        projected_bfgs(_rosenbrock, [1.0, 1.0], -1, 2, max_iter=0, tol=1e-6)


def test_rejects_trial_points_where_the_objective_is_not_finite():
    # f is +inf for x > 0.5: the line search must back off and stay left of it.
    def f(x):
        if x[0] > 0.5:
            return np.inf, np.full(1, np.nan)
        return (x[0] - 2.0) ** 2, 2 * (x[0] - 2.0)[None]

    result = projected_bfgs(f, [0.0], -10, 10, max_iter=200, tol=1e-8)
    assert result.w[0] <= 0.5 and result.loss_history[-1] < 4.0
