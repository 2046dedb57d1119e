"""Exact least squares in rational arithmetic, the reference where scikit-learn truncates."""

from fractions import Fraction

import numpy as np
import pytest


def _exact_least_squares(X, y, fit_intercept=True, alpha=0):
    """(b, w) minimising ‖y − Xw − b‖² + α‖w‖² for the float data exactly, in Fractions.

    The normal equations are exact in rational arithmetic, so this is the true
    answer for the numbers as stored, whatever the conditioning (X must have
    full column rank when α = 0). Small problems only: the fractions grow with n·d.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    n, d = X.shape
    columns = [[Fraction(v) for v in X[:, j]] for j in range(d)]
    if fit_intercept:
        columns = [[Fraction(1)] * n, *columns]
    target = [Fraction(v) for v in y]
    m = len(columns)
    penalised = [False] * (m - d) + [True] * d          # the intercept is not penalised
    rows = [[sum(a * b for a, b in zip(columns[i], columns[j]))
             + (Fraction(alpha) if i == j and penalised[i] else 0) for j in range(m)]
            + [sum(a * b for a, b in zip(columns[i], target))] for i in range(m)]
    for k in range(m):                      # Gauss–Jordan elimination, exact
        pivot = next(i for i in range(k, m) if rows[i][k] != 0)
        rows[k], rows[pivot] = rows[pivot], rows[k]
        for i in range(m):
            if i != k and rows[i][k] != 0:
                factor = rows[i][k] / rows[k][k]
                rows[i] = [a - factor * b for a, b in zip(rows[i], rows[k])]
    solution = np.array([float(rows[i][m] / rows[i][i]) for i in range(m)])
    return (solution[0], solution[1:]) if fit_intercept else (0.0, solution)


@pytest.fixture
def exact_least_squares():
    return _exact_least_squares
