"""scikit-learn's own estimator test suite over every public scratchlearn estimator.

SimpleLinearRegression is exempt: it takes exactly one feature by design, and
is tested against MultipleLinearRegression and scikit-learn instead.
"""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from scratchlearn import all_estimators

EXEMPT = {"SimpleLinearRegression"}

ESTIMATORS = [cls() for name, cls in all_estimators() if name not in EXEMPT]


def test_every_estimator_is_checked():
    names = {type(e).__name__ for e in ESTIMATORS} | EXEMPT
    assert names == {name for name, _ in all_estimators()}
    assert len(ESTIMATORS) >= 1


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@parametrize_with_checks(ESTIMATORS)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
