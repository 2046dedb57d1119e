"""scikit-learn's estimator checks on a Pipeline and on the searches.

They are not in the registry (they need constructor arguments), so
tests/test_estimator_checks.py does not pick them up; they are checked here.
"""

import pytest
from sklearn.utils.estimator_checks import parametrize_with_checks

from scratchlearn.classification.logistic_regression import LogisticRegression
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.model_selection import GridSearchCV, RandomizedSearchCV
from scratchlearn.pipeline import Pipeline

ESTIMATORS = [
    Pipeline([("scale", StandardScaler()), ("model", LogisticRegression())]),
    GridSearchCV(LogisticRegression(), {"C": [0.1, 1.0]}, cv=3),
    RandomizedSearchCV(LogisticRegression(), {"C": [0.1, 1.0, 10.0]}, n_iter=2, cv=3,
                       random_state=0),
]




def expected_failures(estimator):
    """Checks that fail by design, each with the reason."""
    if isinstance(estimator, Pipeline):
        # A pipeline fits the step objects it was given, in place, so the
        # hash of its `steps` parameter changes during fit. scikit-learn's own
        # Pipeline fails this check the same way (see
        # test_sklearn_pipeline_fails_the_same_check below).
        return {"check_estimators_overwrite_params": "steps are fitted in place, as in "
                                                     "scikit-learn's Pipeline"}
    return {}


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.filterwarnings("ignore::sklearn.exceptions.FitFailedWarning")
@parametrize_with_checks(ESTIMATORS, expected_failed_checks=expected_failures)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def test_sklearn_pipeline_fails_the_same_check():
    from sklearn.linear_model import LogisticRegression as SkLogisticRegression
    from sklearn.pipeline import Pipeline as SkPipeline
    from sklearn.preprocessing import StandardScaler as SkStandardScaler
    from sklearn.utils.estimator_checks import check_estimators_overwrite_params

    theirs = SkPipeline([("scale", SkStandardScaler()), ("model", SkLogisticRegression())])
    with pytest.raises(AssertionError, match="should not change or mutate"):
        check_estimators_overwrite_params("Pipeline", theirs)
