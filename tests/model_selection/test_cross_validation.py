"""cross_validate / cross_val_score equal scikit-learn's for the same
estimator, folds and scoring (to 1e-12), with our estimators and theirs;
clone; failing folds."""

import numpy as np
import pytest
from sklearn import model_selection as sk
from sklearn.linear_model import LogisticRegression as SkLogisticRegression
from sklearn.linear_model import Ridge as SkRidge
from sklearn.pipeline import make_pipeline as sk_make_pipeline
from sklearn.preprocessing import StandardScaler as SkStandardScaler
from sklearn.tree import DecisionTreeClassifier as SkTree

from scratchlearn.classification.logistic_regression import LogisticRegression
from scratchlearn.core.base import BaseEstimator, ClassifierMixin
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_breast_cancer, load_diabetes, load_wine, make_regression
from scratchlearn.model_selection import (
    FitFailedWarning,
    KFold,
    ShuffleSplit,
    clone,
    cross_val_score,
    cross_validate,
)
from scratchlearn.pipeline import make_pipeline
from scratchlearn.regression.multiple_linear_regression import MultipleLinearRegression
from scratchlearn.trees.decision_tree import DecisionTreeRegressor

TOL = 1e-12


def scaled_logistic():
    return make_pipeline(StandardScaler(), LogisticRegression())


CLASSIFICATION = [
    ("breast_cancer", load_breast_cancer, scaled_logistic),
    ("wine", load_wine, scaled_logistic),
    ("breast_cancer, sklearn", load_breast_cancer,
     lambda: sk_make_pipeline(SkStandardScaler(), SkLogisticRegression())),
    ("wine, sklearn tree", load_wine, lambda: SkTree(random_state=0)),
]


@pytest.mark.parametrize("name, load, make", CLASSIFICATION, ids=[c[0] for c in CLASSIFICATION])
@pytest.mark.parametrize("scoring", [None, "accuracy", "neg_log_loss"])
def test_classification_scores_equal_sklearn(name, load, make, scoring):
    X, y = load(return_X_y=True)
    ours = cross_val_score(make(), X, y, cv=5, scoring=scoring)
    theirs = sk.cross_val_score(make(), X, y, cv=5, scoring=scoring)
    assert ours.shape == (5,)
    np.testing.assert_allclose(ours, theirs, rtol=0, atol=TOL)


REGRESSION = [
    ("diabetes", lambda: load_diabetes(return_X_y=True), MultipleLinearRegression),
    ("diabetes, tree", lambda: load_diabetes(return_X_y=True),
     lambda: DecisionTreeRegressor(max_depth=3)),
    ("synthetic, sklearn ridge", lambda: make_regression(150, 6, noise=3.0, random_state=0),
     lambda: SkRidge(alpha=2.0)),
]


@pytest.mark.parametrize("name, load, make", REGRESSION, ids=[c[0] for c in REGRESSION])
@pytest.mark.parametrize("scoring", [None, "r2", "neg_mean_squared_error"])
@pytest.mark.parametrize("cv", [5, "shuffle"])
def test_regression_scores_equal_sklearn(name, load, make, scoring, cv):
    X, y = load()
    # A list of (train, test) pairs gives both libraries the very same folds.
    splits = (list(ShuffleSplit(4, test_size=0.3, random_state=1).split(X)) if cv == "shuffle"
              else cv)
    ours = cross_validate(make(), X, y, cv=splits, scoring=scoring, return_train_score=True)
    theirs = sk.cross_validate(make(), X, y, cv=splits, scoring=scoring,
                               return_train_score=True)
    np.testing.assert_allclose(ours["test_score"], theirs["test_score"], rtol=0, atol=TOL * 1e3
                               if scoring == "neg_mean_squared_error" else TOL)
    np.testing.assert_allclose(ours["train_score"], theirs["train_score"], rtol=1e-12)
    assert ours["fit_time"].shape == ours["score_time"].shape == (len(ours["test_score"]),)


def test_callable_scoring_and_returned_estimators():
    X, y = load_wine(return_X_y=True)

    def balanced_hits(estimator, X, y):
        hits = estimator.predict(X) == y
        return float(np.mean([hits[y == c].mean() for c in np.unique(y)]))

    result = cross_validate(scaled_logistic(), X, y, cv=KFold(3, shuffle=True, random_state=0),
                            scoring=balanced_hits, return_estimator=True)
    assert len(result["estimator"]) == 3
    assert all(hasattr(p[-1], "coef_") for p in result["estimator"])
    assert len({id(p) for p in result["estimator"]}) == 3
    assert np.all((result["test_score"] > 0.85) & (result["test_score"] <= 1))


def test_clone_is_unfitted_with_equal_but_separate_parameters():
    model = make_pipeline(StandardScaler(), LogisticRegression(C=0.3)).fit(
        *load_wine(return_X_y=True))
    copy = clone(model)
    assert copy is not model and copy.steps[1][1] is not model.steps[1][1]
    assert copy.get_params()["logisticregression__C"] == 0.3
    assert not hasattr(copy.steps[1][1], "coef_")
    theirs = clone(SkLogisticRegression(C=2.0, class_weight={0: 1, 1: 3}))
    assert theirs.get_params()["class_weight"] == {0: 1, 1: 3}


class FailsOnSmallC(ClassifierMixin, BaseEstimator):
    """A classifier that raises when fitted with C < 1 or on a fold missing class 2."""

    def __init__(self, C=1.0):
        self.C = C

    def fit(self, X, y):
        if self.C < 1:
            raise ValueError("C too small for this toy")
        self.classes_ = np.unique(y)
        self.majority_ = np.bincount(y).argmax()
        return self

    def predict(self, X):
        return np.full(len(X), self.majority_)


def test_a_failing_fold_names_the_fold_and_parameters():
    X, y = load_wine(return_X_y=True)
    with (pytest.raises(ValueError, match="All the 3 fits failed.*C too small"),
          pytest.warns(FitFailedWarning, match=r"fold \d of 3 with parameters \{\}")):
        cross_val_score(FailsOnSmallC(C=0.5), X, y, cv=3)
    with pytest.raises(ValueError, match="C too small") as raised:
        cross_val_score(FailsOnSmallC(C=0.5), X, y, cv=3, error_score="raise")
    assert "fold 1 of 3" in " ".join(raised.value.__notes__)
    bad = [(np.arange(60, 178), np.arange(60)), (np.arange(0, 128), np.arange(128, 178))]

    class FailsOnFirstFold(FailsOnSmallC):
        def fit(self, X, y):
            if len(X) == 118:
                raise RuntimeError("broken fold")
            return super().fit(X, y)

    with pytest.warns(FitFailedWarning, match=r"fold 1 of 2 with parameters \{\}.*broken fold"):
        scores = cross_val_score(FailsOnFirstFold(), X, y, cv=bad, error_score=-1.0)
    assert scores[0] == -1.0 and 0 < scores[1] < 1


def test_bad_scoring_is_refused():
    X, y = load_wine(return_X_y=True)
    with pytest.raises(ValueError, match="Unknown scoring 'f2'"):
        cross_val_score(scaled_logistic(), X, y, scoring="f2")
