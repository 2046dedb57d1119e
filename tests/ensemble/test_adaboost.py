"""AdaBoost (SAMME) against scikit-learn: the same stumps and weights round by
round, held-out accuracy, staged predictions, stopping rules, bad input."""

import re

import numpy as np
import pytest
from sklearn import ensemble as sk

from scratchlearn.core import NotFittedError, train_test_split
from scratchlearn.datasets import load_breast_cancer, load_wine, make_moons
from scratchlearn.ensemble.adaboost import AdaBoostClassifier
from scratchlearn.ensemble.adaboost.model import samme_estimator_weight
from scratchlearn.ensemble.bagging.model import draw_seeds
from scratchlearn.regression.multiple_linear_regression import MultipleLinearRegression
from scratchlearn.trees.decision_tree import DecisionTreeClassifier


def test_breast_cancer_matches_sklearn():
    X, y = load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    ours = AdaBoostClassifier(n_estimators=50, random_state=0).fit(X_tr, y_tr)
    ref = sk.AdaBoostClassifier(n_estimators=50, random_state=0).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - ref.score(X_te, y_te)) <= 0.02
    # The first rounds have unambiguous best stumps: identical errors and weights.
    np.testing.assert_allclose(ours.estimator_errors_[:5], ref.estimator_errors_[:5], rtol=1e-9)
    np.testing.assert_allclose(ours.estimator_weights_[:5], ref.estimator_weights_[:5],
                               rtol=1e-9)


def test_multiclass_wine_matches_sklearn():
    X, y = load_wine(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    base = DecisionTreeClassifier(max_depth=2)
    ours = AdaBoostClassifier(base, n_estimators=30, learning_rate=0.5,
                              random_state=0).fit(X_tr, y_tr)
    from sklearn.tree import DecisionTreeClassifier as SkTree
    ref = sk.AdaBoostClassifier(SkTree(max_depth=2), n_estimators=30, learning_rate=0.5,
                                random_state=0).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - ref.score(X_te, y_te)) <= 0.04
    np.testing.assert_allclose(ours.estimator_weights_[:3], ref.estimator_weights_[:3],
                               rtol=1e-9)
    np.testing.assert_allclose(ours.predict_proba(X_te).sum(axis=1), 1.0)


@pytest.mark.parametrize("dataset, depth, rounds", [("breast_cancer", 1, 5), ("wine", 2, 3)])
def test_decision_function_and_probabilities_equal_sklearn(dataset, depth, rounds):
    # Over rounds whose learners are identical (checked through their weights),
    # the symmetric score (eq. 11) and its softmax (eq. 12) match to rounding.
    from sklearn.tree import DecisionTreeClassifier as SkTree
    X, y = (load_breast_cancer if dataset == "breast_cancer" else load_wine)(return_X_y=True)
    ours = AdaBoostClassifier(DecisionTreeClassifier(max_depth=depth), n_estimators=rounds,
                              random_state=0).fit(X, y)
    ref = sk.AdaBoostClassifier(SkTree(max_depth=depth), n_estimators=rounds,
                                random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.estimator_weights_, ref.estimator_weights_, rtol=1e-9)
    # Each round's learner saw the same sample weights: scikit-learn starts from
    # 1/n and renormalises, so every root holds total weight 1 (eqs. 7, 9).
    for o, r in zip(ours.estimators_, ref.estimators_, strict=True):
        np.testing.assert_allclose(o.tree_.weighted_n_node_samples,
                                   r.tree_.weighted_n_node_samples, rtol=1e-9)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X),
                               rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X),
                               rtol=1e-9, atol=1e-12)
    for o, r in zip(ours.staged_predict_proba(X), ref.staged_predict_proba(X), strict=True):
        np.testing.assert_allclose(o, r, rtol=1e-9, atol=1e-12)


def test_samme_weight_formula():
    assert samme_estimator_weight(0.25, 2) == pytest.approx(np.log(3.0))
    # K classes: chance is 1 − 1/K, where the weight is exactly zero.
    assert samme_estimator_weight(2 / 3, 3) == pytest.approx(0.0, abs=1e-12)
    assert samme_estimator_weight(0.25, 2, learning_rate=0.5) == pytest.approx(np.log(3) / 2)


def test_staged_predict_on_moons_improves_and_ends_at_predict():
    X, y = make_moons(n_samples=300, noise=0.2, random_state=0)
    model = AdaBoostClassifier(n_estimators=100, random_state=0).fit(X, y)
    stages = list(model.staged_predict(X))
    assert len(stages) == len(model.estimators_) == len(model.estimator_weights_)
    np.testing.assert_array_equal(stages[-1], model.predict(X))
    first, last = np.mean(stages[0] == y), np.mean(stages[-1] == y)
    assert last > first and last > 0.9
    decision = model.decision_function(X)
    np.testing.assert_array_equal(model.predict(X), (decision > 0).astype(int))


def test_a_perfect_learner_stops_boosting():
    X = np.arange(10.0)[:, None]
    y = (X[:, 0] > 4).astype(int)
    model = AdaBoostClassifier(n_estimators=10).fit(X, y)
    assert len(model.estimators_) == 1
    assert model.estimator_errors_[0] == 0.0
    assert model.score(X, y) == 1.0
    # It is kept with weight 1, as scikit-learn keeps it.
    ref = sk.AdaBoostClassifier(n_estimators=10).fit(X, y)
    assert model.estimator_weights_[0] == ref.estimator_weights_[0] == 1.0


def test_a_learner_no_better_than_chance_after_the_first_is_discarded():
    # A constant feature leaves a stump a single leaf that predicts the weighted
    # majority. Round 1 predicts 0 and misses one row of four (err 1/4); its
    # weight then equals the other three together, the next leaf is a tie
    # (err 1/2 = 1 − 1/K), and boosting stops with one learner, as in scikit-learn.
    X, y = np.zeros((4, 1)), np.array([0, 0, 0, 1])
    model = AdaBoostClassifier(n_estimators=5).fit(X, y)
    ref = sk.AdaBoostClassifier(n_estimators=5).fit(X, y)
    assert len(model.estimators_) == len(ref.estimators_) == 1
    np.testing.assert_allclose(model.estimator_weights_, [np.log(3.0)], rtol=1e-12)
    np.testing.assert_allclose(model.estimator_weights_, ref.estimator_weights_[:1], rtol=1e-12)
    np.testing.assert_array_equal(model.estimator_errors_, [0.25])
    np.testing.assert_array_equal(model.predict(X), ref.predict(X))


def test_a_first_learner_no_better_than_chance_says_why():
    # Two classes in equal numbers and nothing to split on: err = 1/2 exactly.
    message = ("The first weak learner is no better than chance (weighted error 0.500 >= "
               "1 - 1/K = 0.500); AdaBoost cannot start. Use a stronger estimator.")
    with pytest.raises(ValueError, match=re.escape(message)):
        AdaBoostClassifier().fit(np.zeros((4, 1)), [0, 1, 0, 1])
    with pytest.raises(ValueError, match="worse than random"):    # scikit-learn refuses too
        sk.AdaBoostClassifier().fit(np.zeros((4, 1)), [0, 1, 0, 1])


def test_a_tied_vote_predicts_the_first_class_as_sklearn():
    # After two rounds the two stumps carry the same weight log 3 and disagree on
    # rows 3..7, whose decision is exactly 0; scikit-learn predicts classes_[0]
    # there (a positive decision means classes_[1]).
    X = np.arange(8.0)[:, None]
    y = np.array([0, 0, 0, 1, 0, 0, 1, 0])
    model = AdaBoostClassifier(n_estimators=2).fit(X, y)
    ref = sk.AdaBoostClassifier(n_estimators=2).fit(X, y)
    np.testing.assert_array_equal(model.estimator_weights_, [np.log(3.0)] * 2)
    np.testing.assert_array_equal(model.decision_function(X)[3:], 0.0)
    np.testing.assert_array_equal(model.predict(X), ref.predict(X))
    np.testing.assert_array_equal(model.predict(X)[3:], 0)


def test_defaults_are_scikit_learns():
    assert AdaBoostClassifier().get_params() == sk.AdaBoostClassifier().get_params()


def test_one_round_is_allowed_and_is_sklearns_first_round():
    X, y = load_breast_cancer(return_X_y=True)
    model = AdaBoostClassifier(n_estimators=1).fit(X, y)
    ref = sk.AdaBoostClassifier(n_estimators=1).fit(X, y)
    assert len(model.estimators_) == 1
    np.testing.assert_allclose(model.estimator_weights_, ref.estimator_weights_, rtol=1e-9)
    np.testing.assert_allclose(model.decision_function(X), ref.decision_function(X), rtol=1e-9)


def test_each_round_is_seeded_from_random_state():
    # Round m's learner gets the m-th seed drawn from random_state (the same
    # draw as bagging's), so a randomised weak learner is reproducible.
    X, y = load_breast_cancer(return_X_y=True)
    base = DecisionTreeClassifier(max_depth=1, max_features=1)
    model = AdaBoostClassifier(base, n_estimators=4, random_state=5).fit(X, y)
    assert model.random_state == 5
    assert [h.random_state for h in model.estimators_] == list(draw_seeds(5, 4))
    again = AdaBoostClassifier(base, n_estimators=4, random_state=5).fit(X, y)
    np.testing.assert_array_equal(model.decision_function(X), again.decision_function(X))


def test_string_labels_and_determinism():
    X, y = load_wine(return_X_y=True)
    labels = np.array(["a", "b", "c"])[y]
    a = AdaBoostClassifier(n_estimators=10, random_state=2).fit(X, labels)
    b = AdaBoostClassifier(n_estimators=10, random_state=2).fit(X, labels)
    np.testing.assert_array_equal(a.decision_function(X), b.decision_function(X))
    assert set(a.predict(X)) <= {"a", "b", "c"}


def test_bad_input():
    X, y = load_breast_cancer(return_X_y=True)
    with pytest.raises(ValueError, match="learning_rate"):
        AdaBoostClassifier(learning_rate=-1).fit(X, y)
    with pytest.raises(ValueError, match=re.escape("learning_rate must be a float > 0, got 0.")):
        AdaBoostClassifier(learning_rate=0).fit(X, y)       # scikit-learn also needs η > 0
    with pytest.raises(ValueError, match="n_estimators"):
        AdaBoostClassifier(n_estimators=1.5).fit(X, y)
    with pytest.raises(ValueError, match=re.escape("n_estimators must be an int >= 1, got 0.")):
        AdaBoostClassifier(n_estimators=0).fit(X, y)
    with pytest.raises(ValueError, match="sample_weight"):
        AdaBoostClassifier(MultipleLinearRegression()).fit(X, y)
    with pytest.raises(ValueError, match="^AdaBoostClassifier needs samples of at least 2 classes"):
        AdaBoostClassifier().fit(X, np.zeros(len(y)))
    with pytest.raises(NotFittedError):
        AdaBoostClassifier().predict(X)
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        AdaBoostClassifier().fit(X_nan, y)
