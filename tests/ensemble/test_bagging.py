"""Bagging against scikit-learn's, with trees and with other scratchlearn
models as the base; out-of-bag estimates; bad input."""

import re

import numpy as np
import pytest
from sklearn import ensemble as sk
from sklearn.linear_model import LinearRegression
from sklearn.metrics import accuracy_score, r2_score

from scratchlearn.core import BaseEstimator, ClassifierMixin, NotFittedError, train_test_split
from scratchlearn.datasets import load_diabetes, load_digits, load_iris, load_wine, make_regression
from scratchlearn.decomposition.pca import PCA
from scratchlearn.ensemble.adaboost import AdaBoostClassifier
from scratchlearn.ensemble.bagging import BaggingClassifier, BaggingRegressor
from scratchlearn.ensemble.bagging.model import bootstrap_counts, draw_seeds, oob_average
from scratchlearn.neighbors.knn import KNNClassifier
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


class RecordingRegressor(BaseEstimator):
    """A depth-2 tree that keeps the sample weights it was fitted with: the
    bootstrap counts, from which a test recomputes the out-of-bag estimate."""

    tree = DecisionTreeRegressor

    def __init__(self, random_state=None):
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        self.sample_weight_ = np.asarray(sample_weight)
        self.tree_ = self.tree(max_depth=2).fit(X, y, sample_weight=sample_weight)
        return self

    def predict(self, X):
        return self.tree_.predict(X)


class RecordingClassifier(RecordingRegressor):
    tree = DecisionTreeClassifier

    def fit(self, X, y, sample_weight=None):
        super().fit(X, y, sample_weight)
        self.classes_ = self.tree_.classes_
        return self

    def predict_proba(self, X):
        return self.tree_.predict_proba(X)


def out_of_bag_by_hand(bag, X, n_columns=None):
    """Eq. 7 from the members' own records: each row's predictions (class
    probabilities in the ensemble's columns, or values) averaged over the
    members that were fitted with weight 0 on it; NaN where there is none."""
    sums, seen_by = np.zeros((len(X), n_columns or 1)), np.zeros(len(X))
    for member, features in zip(bag.estimators_, bag.estimators_features_, strict=True):
        out = member.sample_weight_ == 0
        if n_columns:
            prediction = np.zeros((len(X), n_columns))
            prediction[:, member.classes_] = member.predict_proba(X[:, features])
        else:
            prediction = member.predict(X[:, features])[:, None]
        sums[out] += prediction[out]
        seen_by += out
    with np.errstate(invalid="ignore"):
        average = sums / seen_by[:, None]
    return (average if n_columns else average[:, 0]), seen_by > 0


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
    votes = sum(np.eye(3)[member.predict(X[:, f])]                   # one-hot, eq. 5
                for member, f in zip(bag.estimators_, bag.estimators_features_))
    np.testing.assert_array_equal(proba, votes / 5)
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
    with pytest.raises(ValueError, match="^estimator must have fit and predict methods, got PCA"):
        BaggingRegressor(estimator=PCA()).fit(X, y.astype(float))      # fit but no predict
    with pytest.raises(ValueError, match="^BaggingClassifier needs samples of at least 2 classes"):
        BaggingClassifier().fit(X, np.zeros(len(y)))
    with pytest.raises(NotFittedError):
        BaggingClassifier().predict(X)
    with pytest.raises(ValueError, match="Reshape"):
        BaggingClassifier(n_estimators=2).fit(X, y).predict(X[0])


def test_out_of_bag_average_by_hand():
    # Five rows, three members; row 4 is in every member's sample (eq. 7).
    P = np.array([[0.0, 1, 2, 3, 4], [10, 11, 12, 13, 14], [20, 21, 22, 23, 24]])
    counts = np.array([[1, 0, 2, 0, 1], [0, 0, 1, 3, 1], [2, 1, 0, 0, 1]])
    message = ("Est: 1 rows were in every bootstrap sample and have no out-of-bag prediction; "
               "oob_score_ leaves them out. Use more estimators for a reliable estimate.")
    for members in ([lambda rows, p=p: p[rows] for p in P],                    # values
                    [lambda rows, p=p: np.stack([p, -p], axis=1)[rows] for p in P]):  # (n, 2)
        with pytest.warns(UserWarning, match=re.escape(message)):
            average, has_oob = oob_average(members, counts, "Est")
        np.testing.assert_array_equal(has_oob, [True, True, True, True, False])
        expected = np.array([10.0, (1 + 11) / 2, 22, (3 + 23) / 2, np.nan])
        if average.ndim == 2:
            expected = np.stack([expected, -expected], axis=1)
        assert average.dtype == np.float64
        np.testing.assert_array_equal(average, expected)      # NaN where no member left it out


@pytest.mark.parametrize("bagging", [BaggingClassifier, BaggingRegressor])
def test_out_of_bag_estimate_is_the_members_average_where_they_did_not_look(bagging, assert_warned_from):
    X, y = load_iris(return_X_y=True)
    classify = bagging is BaggingClassifier
    if not classify:
        X, y = X[:, 1:], X[:, 0]
    base = RecordingClassifier() if classify else RecordingRegressor()
    # Seven members leave a few rows in every sample: they have no estimate.
    with pytest.warns(UserWarning, match=rf"^{bagging.__name__}: \d+ rows were in every "
                                         "bootstrap sample") as caught:
        bag = bagging(base, n_estimators=7, max_features=2, oob_score=True,
                      random_state=0).fit(X, y)
    assert_warned_from(caught[:1], __file__)        # the warning points at the caller of fit
    expected, has = out_of_bag_by_hand(bag, X, 3 if classify else None)
    assert 0 < np.sum(~has) < 20
    assert f"{np.sum(~has)} rows were in every" in str(caught[0].message)
    if classify:
        np.testing.assert_allclose(bag.oob_decision_function_, expected, rtol=1e-12)
        assert bag.oob_score_ == accuracy_score(y[has], np.argmax(expected[has], axis=1))
    else:
        np.testing.assert_allclose(bag.oob_prediction_, expected, rtol=1e-12)
        assert bag.oob_score_ == pytest.approx(r2_score(y[has], expected[has]), rel=1e-12)


def test_a_row_in_every_bootstrap_sample_everywhere_leaves_no_estimate_to_score():
    # Two rows and one member whose bootstrap drew both (random_state=0): no row
    # is out of bag, so there is nothing to average.
    message = ("BaggingRegressor: every row was in every bootstrap sample, so there is no "
               "out-of-bag prediction. Use more estimators, or oob_score=False.")
    with pytest.raises(ValueError, match=re.escape(message)):
        BaggingRegressor(n_estimators=1, oob_score=True, random_state=0).fit(
            [[0.0], [1.0]], [0.0, 1.0])


def test_each_member_gets_the_seed_drawn_for_it():
    # One seed per member, drawn up front below 2³¹ − 1 (the int32 bound
    # scikit-learn also seeds its members under), handed to the member.
    seeds = draw_seeds(7, 5)
    np.testing.assert_array_equal(
        seeds, np.random.default_rng(7).integers(0, np.iinfo(np.int32).max, size=5))
    X, y = load_iris(return_X_y=True)
    for max_features in (4, 2):
        bag = BaggingClassifier(RecordingClassifier(), n_estimators=5, max_features=max_features,
                                random_state=7).fit(X, y)
        assert [member.random_state for member in bag.estimators_] == list(seeds)
        # From its seed, a member draws its features (only when it keeps fewer than
        # all of them), then its bootstrap sample.
        for member, features in zip(bag.estimators_, bag.estimators_features_, strict=True):
            rng = np.random.default_rng(member.random_state)
            if max_features < 4:
                np.testing.assert_array_equal(
                    features, np.sort(rng.choice(4, size=max_features, replace=False)))
            np.testing.assert_array_equal(member.sample_weight_, bootstrap_counts(rng, 150, 150))


@pytest.mark.parametrize("ours, theirs", [(BaggingClassifier, sk.BaggingClassifier),
                                          (BaggingRegressor, sk.BaggingRegressor)])
def test_defaults_are_scikit_learns(ours, theirs):
    params = ours().get_params()
    reference = theirs().get_params()
    # max_samples=None is scikit-learn's "all n rows", which is our 1.0.
    assert params.pop("max_samples") == 1.0 and reference["max_samples"] is None
    assert params == {key: reference[key] for key in params}


@pytest.mark.parametrize("max_samples, drawn", [(1, 1), (150, 150), (0.5, 75), (0.001, 1),
                                                (1.0, 150)])
def test_max_samples_is_a_count_or_a_fraction_of_the_rows(max_samples, drawn):
    X, y = load_iris(return_X_y=True)
    for bootstrap in (True, False):
        bag = BaggingRegressor(RecordingRegressor(), n_estimators=2, max_samples=max_samples,
                               bootstrap=bootstrap, random_state=0).fit(X, y.astype(float))
        for member in bag.estimators_:
            assert member.sample_weight_.sum() == drawn
            if not bootstrap:                           # pasting: distinct rows
                assert member.sample_weight_.max() == 1


@pytest.mark.parametrize("max_features, kept", [(1, 1), (4, 4), (0.5, 2), (0.01, 1), (1.0, 4)])
def test_max_features_is_a_count_or_a_fraction_of_the_features(max_features, kept):
    X, y = load_iris(return_X_y=True)
    bag = BaggingClassifier(n_estimators=3, max_features=max_features, random_state=0).fit(X, y)
    for features in bag.estimators_features_:
        assert len(features) == len(set(features)) == kept
        np.testing.assert_array_equal(features, np.sort(features))


@pytest.mark.parametrize("bagging, base", [(BaggingClassifier, None),
                                           (BaggingClassifier, KNNClassifier(n_neighbors=3)),
                                           (BaggingRegressor, None)])
def test_predictions_are_the_members_average(bagging, base):
    # Trees are read all at once, other members one by one. A k-NN member fitted
    # on five repeated rows may miss a class: its probabilities fill only the
    # columns of the classes it saw (eq. 5).
    X, y = load_wine(return_X_y=True)
    bag = bagging(base, n_estimators=4, max_samples=5, max_features=0.5,
                  random_state=3).fit(X, y)
    members = list(zip(bag.estimators_, bag.estimators_features_, strict=True))
    if bagging is BaggingRegressor:
        mean = sum(member.predict(X[:, features]) for member, features in members) / 4
        np.testing.assert_allclose(bag.predict(X), mean, rtol=1e-12)
        return
    if base is not None:
        assert any(len(member.classes_) < 3 for member in bag.estimators_)
    mean = np.zeros((len(X), 3))
    for member, features in members:
        mean[:, member.classes_] += member.predict_proba(X[:, features]) / 4
    np.testing.assert_allclose(bag.predict_proba(X), mean, rtol=1e-12)
    np.testing.assert_array_equal(bag.predict(X), np.argmax(mean, axis=1))


def test_the_parameter_errors_say_what_is_allowed():
    X, y = load_iris(return_X_y=True)
    cases = [
        (dict(max_samples=0.0), "max_samples must be an int in [1, 150] or a float in (0, 1], "
                                "got 0.0."),
        (dict(max_samples=151), "max_samples must be an int in [1, 150]"),
        (dict(max_samples=1.5), "max_samples must be an int in [1, 150]"),
        (dict(max_features=0), "max_features must be an int in [1, 4] or a float in (0, 1], "
                               "got 0."),
        (dict(n_estimators=0), "n_estimators must be an int >= 1, got 0."),
        (dict(n_estimators=2.0), "n_estimators must be an int >= 1, got 2.0."),
        (dict(bootstrap=1), "bootstrap must be True or False, got 1."),
        (dict(oob_score="yes"), "oob_score must be True or False, got 'yes'."),
        (dict(oob_score=True, bootstrap=False),
         "oob_score=True needs bootstrap=True: without bootstrap there are no out-of-bag rows."),
    ]
    for params, message in cases:
        with pytest.raises(ValueError, match="^" + re.escape(message)):
            BaggingClassifier(**params).fit(X, y)
    # The smallest valid values, and NumPy's booleans, are accepted.
    bag = BaggingClassifier(n_estimators=1, bootstrap=np.True_, oob_score=np.False_,
                            random_state=0).fit(X, y)
    assert len(bag.estimators_) == 1


def test_a_base_that_holds_an_estimator_is_copied_with_its_own_parameters():
    # AdaBoost's parameters include its weak learner; a deep get_params would add
    # estimator__max_depth, which AdaBoostClassifier() does not take.
    X, y = load_iris(return_X_y=True)
    base = AdaBoostClassifier(DecisionTreeClassifier(max_depth=1), n_estimators=3)
    bag = BaggingClassifier(base, n_estimators=2, random_state=0).fit(X, y)
    for member, seed in zip(bag.estimators_, draw_seeds(0, 2), strict=True):
        assert member.get_params(deep=False) == {**base.get_params(deep=False),
                                                 "random_state": seed}
