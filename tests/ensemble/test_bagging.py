"""Bagging against scikit-learn's, with trees and with other scratchlearn
models as the base; out-of-bag estimates; bad input."""

import numpy as np
import pytest
from sklearn import ensemble as sk
from sklearn.linear_model import LinearRegression

from scratchlearn.core import BaseEstimator, ClassifierMixin, NotFittedError, train_test_split
from scratchlearn.datasets import load_diabetes, load_digits, load_iris, load_wine, make_regression
from scratchlearn.ensemble.bagging import BaggingClassifier, BaggingRegressor
from scratchlearn.ensemble.bagging.model import bootstrap_counts
from scratchlearn.regression.multiple_linear_regression import MultipleLinearRegression
from scratchlearn.trees.decision_tree import DecisionTreeClassifier, DecisionTreeRegressor


class VoteOnly(ClassifierMixin, BaseEstimator):
    """A depth-2 tree that only votes: no predict_proba."""

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit(self, X, y):
        self.tree_ = DecisionTreeClassifier(max_depth=2).fit(X, y)
        self.classes_ = self.tree_.classes_
        return self

    def predict(self, X):
        return self.tree_.predict(X)


@pytest.mark.slow
def test_bagged_trees_on_digits_score_like_sklearn():
    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    ours = BaggingClassifier(n_estimators=20, oob_score=True, random_state=0).fit(X_tr, y_tr)
    ref = sk.BaggingClassifier(n_estimators=20, oob_score=True, random_state=0).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - ref.score(X_te, y_te)) <= 0.02
    assert abs(ours.oob_score_ - ref.oob_score_) <= 0.03
    single = DecisionTreeClassifier().fit(X_tr, y_tr).score(X_te, y_te)
    assert ours.score(X_te, y_te) > single + 0.03          # averaging cuts variance


def test_bagged_trees_on_diabetes_with_feature_subsets():
    X, y = load_diabetes(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    kw = dict(n_estimators=50, max_samples=0.8, random_state=0)
    ours = BaggingRegressor(**kw).fit(X_tr, y_tr)
    ref = sk.BaggingRegressor(**kw).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - ref.score(X_te, y_te)) <= 0.02
    subsets = BaggingRegressor(n_estimators=5, max_features=0.7, random_state=0).fit(X_tr, y_tr)
    assert all(len(f) == 7 and len(set(f)) == 7 for f in subsets.estimators_features_)


def test_any_scratchlearn_estimator_as_base():
    # MultipleLinearRegression.fit has no sample_weight: the bootstrap is
    # passed as repeated rows instead.
    X, y = make_regression(n_samples=200, n_features=5, noise=5.0, random_state=0)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    ours = BaggingRegressor(MultipleLinearRegression(), n_estimators=15, oob_score=True,
                            random_state=0).fit(X_tr, y_tr)
    ref = sk.BaggingRegressor(LinearRegression(), n_estimators=15, random_state=0).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - ref.score(X_te, y_te)) <= 0.01
    assert abs(ours.oob_score_ - ours.score(X_te, y_te)) <= 0.05
    assert all(isinstance(m, MultipleLinearRegression) for m in ours.estimators_)


def test_without_resampling_every_member_is_the_base_model():
    X, y = load_diabetes(return_X_y=True)
    bag = BaggingRegressor(n_estimators=3, bootstrap=False, random_state=0).fit(X, y)
    np.testing.assert_allclose(bag.predict(X), DecisionTreeRegressor().fit(X, y).predict(X))


def test_bootstrap_counts_and_out_of_bag_fraction():
    counts = bootstrap_counts(np.random.default_rng(0), 20000, 20000)
    assert counts.sum() == 20000
    assert np.mean(counts == 0) == pytest.approx(np.exp(-1), abs=0.01)     # eq. 6
    pasted = bootstrap_counts(np.random.default_rng(0), 100, 60, bootstrap=False)
    assert pasted.max() == 1 and pasted.sum() == 60


def test_votes_when_the_base_has_no_predict_proba_and_labels():
    X, y = load_iris(return_X_y=True)
    labels = np.array(["setosa", "versicolor", "virginica"])[y]

    bag = BaggingClassifier(VoteOnly(), n_estimators=5, random_state=0).fit(X, labels)
    proba = bag.predict_proba(X)
    np.testing.assert_allclose(proba * 5, np.round(proba * 5))     # votes are counts / B
    assert bag.score(X, labels) > 0.9
    np.testing.assert_array_equal(bag.classes_, ["setosa", "versicolor", "virginica"])


def test_deterministic_under_random_state():
    X, y = load_wine(return_X_y=True)
    a = BaggingClassifier(n_estimators=5, max_features=6, random_state=1).fit(X, y)
    b = BaggingClassifier(n_estimators=5, max_features=6, random_state=1).fit(X, y)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    for fa, fb in zip(a.estimators_features_, b.estimators_features_):
        np.testing.assert_array_equal(fa, fb)


def test_bad_input():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="max_samples"):
        BaggingClassifier(max_samples=0.0).fit(X, y)
    with pytest.raises(ValueError, match="max_features"):
        BaggingClassifier(max_features=10).fit(X, y)
    with pytest.raises(ValueError, match="bootstrap"):
        BaggingRegressor(bootstrap=False, oob_score=True).fit(X, y.astype(float))
    with pytest.raises(ValueError, match="estimator"):
        BaggingRegressor(estimator="tree").fit(X, y.astype(float))
    with pytest.raises(ValueError, match="class"):
        BaggingClassifier().fit(X, np.zeros(len(y)))
    with pytest.raises(NotFittedError):
        BaggingClassifier().predict(X)
    with pytest.raises(ValueError, match="Reshape"):
        BaggingClassifier(n_estimators=2).fit(X, y).predict(X[0])
