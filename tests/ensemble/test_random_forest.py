"""Random forests against scikit-learn's: held-out scores, out-of-bag scores
and feature importances, plus determinism and bad input."""

import numpy as np
import pytest
from sklearn import ensemble as sk
from sklearn.metrics import r2_score

from scratchlearn.core import NotFittedError, train_test_split
from scratchlearn.datasets import load_diabetes, load_digits, load_wine, make_classification
from scratchlearn.ensemble.bagging.model import bootstrap_counts, draw_seeds
from scratchlearn.ensemble.random_forest import RandomForestClassifier, RandomForestRegressor
from scratchlearn.trees.decision_tree import DecisionTreeClassifier, DecisionTreeRegressor


@pytest.mark.slow
def test_classifier_on_digits_scores_like_sklearn():
    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    ours = RandomForestClassifier(n_estimators=30, oob_score=True, random_state=0).fit(X_tr, y_tr)
    ref = sk.RandomForestClassifier(n_estimators=30, oob_score=True, random_state=0,
                                    n_jobs=1).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - ref.score(X_te, y_te)) <= 0.02
    assert abs(ours.oob_score_ - ref.oob_score_) <= 0.02
    # The out-of-bag estimate is an honest estimate of the held-out accuracy.
    assert abs(ours.oob_score_ - ours.score(X_te, y_te)) <= 0.04


def test_regressor_on_diabetes_scores_like_sklearn():
    X, y = load_diabetes(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    kw = dict(n_estimators=40, min_samples_leaf=5, oob_score=True, random_state=0)
    ours = RandomForestRegressor(**kw).fit(X_tr, y_tr)
    ref = sk.RandomForestRegressor(**kw).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - ref.score(X_te, y_te)) <= 0.02
    assert abs(ours.oob_score_ - ref.oob_score_) <= 0.06
    assert ours.oob_prediction_.shape == y_tr.shape


def test_wine_and_feature_importances_agree_with_sklearn():
    X, y = load_wine(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    ours = RandomForestClassifier(n_estimators=50, random_state=0).fit(X_tr, y_tr)
    ref = sk.RandomForestClassifier(n_estimators=50, random_state=0).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - ref.score(X_te, y_te)) <= 0.04
    assert ours.n_classes_ == ref.n_classes_ == 3
    imp = ours.feature_importances_
    assert imp.shape == (13,) and np.all(imp >= 0)
    assert imp.sum() == pytest.approx(1.0)
    # Same randomness in kind, different draws: the ranking of features by
    # importance must still agree closely.
    assert np.corrcoef(imp, ref.feature_importances_)[0, 1] > 0.9


def test_informative_features_matter_most():
    # Two informative features, six of pure noise appended.
    X, y = make_classification(n_samples=400, n_features=2, n_informative=2, n_redundant=0,
                               random_state=0)
    X = np.hstack([X, np.random.default_rng(0).normal(size=(400, 6))])
    forest = RandomForestClassifier(n_estimators=30, random_state=0).fit(X, y)
    assert set(np.argsort(forest.feature_importances_)[-2:]) == {0, 1}


def test_without_randomness_every_tree_is_the_single_tree():
    X, y = load_wine(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=3, bootstrap=False, max_features=None,
                                    random_state=0).fit(X, y)
    tree = DecisionTreeClassifier().fit(X, y)
    np.testing.assert_allclose(forest.predict_proba(X), tree.predict_proba(X))


def test_proba_is_mean_of_the_trees():
    X, y = load_wine(return_X_y=True)
    forest = RandomForestClassifier(n_estimators=5, random_state=1).fit(X, y)
    mean = np.mean([t.predict_proba(X) for t in forest.estimators_], axis=0)
    np.testing.assert_allclose(forest.predict_proba(X), mean)


def test_deterministic_under_random_state_and_string_labels():
    X, y = load_wine(return_X_y=True)
    labels = np.array(["barolo", "grignolino", "barbera"])[y]
    a = RandomForestClassifier(n_estimators=10, random_state=3).fit(X, labels)
    b = RandomForestClassifier(n_estimators=10, random_state=3).fit(X, labels)
    c = RandomForestClassifier(n_estimators=10, random_state=4).fit(X, labels)
    np.testing.assert_array_equal(a.predict_proba(X), b.predict_proba(X))
    assert not np.array_equal(a.predict_proba(X), c.predict_proba(X))
    np.testing.assert_array_equal(a.classes_, ["barbera", "barolo", "grignolino"])
    assert set(a.predict(X)) <= set(labels)


def test_bad_input():
    X, y = load_wine(return_X_y=True)
    with pytest.raises(ValueError, match="n_estimators"):
        RandomForestClassifier(n_estimators=0).fit(X, y)
    with pytest.raises(ValueError, match="bootstrap"):
        RandomForestClassifier(oob_score=True, bootstrap=False).fit(X, y)
    with pytest.raises(ValueError, match="max_features"):
        RandomForestRegressor(max_features="all").fit(X, y.astype(float))
    with pytest.raises(ValueError,
                       match="^RandomForestClassifier needs samples of at least 2 classes"):
        RandomForestClassifier().fit(X, np.ones(len(y)))
    with pytest.raises(NotFittedError):
        RandomForestRegressor().predict(X)
    X_inf = X.copy()
    X_inf[3, 3] = np.inf
    with pytest.raises(ValueError, match="inf"):
        RandomForestRegressor(n_estimators=2).fit(X_inf, y)
    forest = RandomForestClassifier(n_estimators=2).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        forest.predict(X[:, :5])


@pytest.mark.parametrize("ours, theirs", [(RandomForestClassifier, sk.RandomForestClassifier),
                                          (RandomForestRegressor, sk.RandomForestRegressor)])
def test_defaults_are_scikit_learns(ours, theirs):
    params = ours().get_params()
    reference = theirs().get_params()
    assert params == {key: reference[key] for key in params}


@pytest.mark.parametrize("forest, tree, params", [
    (RandomForestClassifier, DecisionTreeClassifier,
     dict(criterion="entropy", max_depth=3, min_samples_split=30, min_samples_leaf=8)),
    (RandomForestRegressor, DecisionTreeRegressor,
     dict(criterion="absolute_error", max_depth=3, min_samples_split=30, min_samples_leaf=8)),
])
def test_every_tree_is_grown_with_the_forests_tree_parameters(forest, tree, params):
    # Without bootstrap, tree b is the tree with the forest's parameters, seeded
    # with the b-th seed, on all rows; two features drawn per node makes the seed count.
    X, y = load_wine(return_X_y=True)
    if forest is RandomForestRegressor:
        X, y = X[:80, 1:], X[:80, 0]
    model = forest(n_estimators=3, max_features=2, bootstrap=False, random_state=0,
                   **params).fit(X, y)
    for member, seed in zip(model.estimators_, draw_seeds(0, 3), strict=True):
        alone = tree(max_features=2, random_state=int(seed), **params).fit(X, y)
        np.testing.assert_array_equal(member.tree_.feature, alone.tree_.feature)
        np.testing.assert_array_equal(member.tree_.threshold, alone.tree_.threshold)
        assert member.get_depth() <= 3
        assert member.tree_.n_node_samples[member.tree_.children_left == -1].min() >= 8


def test_a_forest_of_single_leaves_has_zero_importances_as_sklearn():
    # A constant target leaves every tree a single leaf: no impurity decrease.
    X, _ = load_diabetes(return_X_y=True)
    y = np.full(len(X), 3.0)
    forest = RandomForestRegressor(n_estimators=3, random_state=0).fit(X, y)
    ref = sk.RandomForestRegressor(n_estimators=3, random_state=0).fit(X, y)
    np.testing.assert_array_equal(forest.feature_importances_, np.zeros(X.shape[1]))
    np.testing.assert_array_equal(forest.feature_importances_, ref.feature_importances_)
    np.testing.assert_array_equal(forest.predict(X[:5]), 3.0)


def test_out_of_bag_rows_without_an_estimate_are_named_and_left_out():
    X, y = load_diabetes(return_X_y=True)
    X, y = X[:60], y[:60]
    with pytest.warns(UserWarning, match=r"^RandomForestRegressor: \d+ rows were in every "
                                         "bootstrap sample"):
        forest = RandomForestRegressor(n_estimators=3, oob_score=True, random_state=0).fit(X, y)
    has = ~np.isnan(forest.oob_prediction_)
    assert 0 < np.sum(~has) < 30
    assert forest.oob_score_ == pytest.approx(r2_score(y[has], forest.oob_prediction_[has]),
                                              rel=1e-12)
    # Two rows that the one tree's bootstrap both drew: no estimate at all.
    with pytest.raises(ValueError, match="^RandomForestClassifier: every row was in every"):
        RandomForestClassifier(n_estimators=1, oob_score=True, random_state=0).fit(
            [[0.0], [1.0]], [0, 1])


@pytest.mark.parametrize("forest, tree", [(RandomForestClassifier, DecisionTreeClassifier),
                                          (RandomForestRegressor, DecisionTreeRegressor)])
def test_out_of_bag_estimate_averages_the_trees_that_did_not_draw_the_row(forest, tree):
    X, y = load_wine(return_X_y=True)
    if forest is RandomForestRegressor:
        X, y = X[:, 1:], X[:, 0]
    model = forest(n_estimators=15, max_depth=3, oob_score=True, random_state=0).fit(X, y)
    n = len(X)
    sums, seen_by = 0.0, np.zeros(n)
    for member in model.estimators_:
        # Tree b's bootstrap sample is drawn from its own seed, as row counts.
        drawn = bootstrap_counts(np.random.default_rng(member.random_state), n, n)
        alone = tree(max_depth=3, max_features=model.max_features,
                     random_state=member.random_state).fit(X, y, sample_weight=drawn)
        np.testing.assert_array_equal(member.tree_.value, alone.tree_.value)
        out = drawn == 0
        values = member.tree_.predict(X)
        sums = sums + np.where(out[:, None], values, 0.0)
        seen_by += out
    assert seen_by.min() > 0
    expected = sums / seen_by[:, None]                                    # eq. 7
    if forest is RandomForestClassifier:
        np.testing.assert_allclose(model.oob_decision_function_, expected, rtol=1e-12)
        assert model.oob_score_ == np.mean(np.argmax(expected, axis=1) == y)
    else:
        np.testing.assert_allclose(model.oob_prediction_, expected[:, 0], rtol=1e-12)
        assert model.oob_score_ == pytest.approx(r2_score(y, expected[:, 0]), rel=1e-12)
