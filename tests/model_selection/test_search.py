"""GridSearchCV and RandomizedSearchCV against scikit-learn's GridSearchCV on
the same folds: best_params_, mean_test_score, std and ranks, cv_results_
layout, pipelines, refit, error_score."""

import numpy as np
import pytest
from scipy.stats import loguniform
from sklearn import model_selection as sk
from sklearn.svm import SVC

from scratchlearn.classification.kernel_svm import KernelSVM
from scratchlearn.classification.logistic_regression import LogisticRegression
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from scratchlearn.model_selection import (
    FitFailedWarning,
    GridSearchCV,
    KFold,
    ParameterGrid,
    RandomizedSearchCV,
)
from scratchlearn.pipeline import Pipeline
from scratchlearn.trees.decision_tree import DecisionTreeClassifier, DecisionTreeRegressor

from .test_cross_validation import FailsOnSmallC


def pipeline():
    return Pipeline([("scale", StandardScaler()), ("model", LogisticRegression())])


def assert_same_search(ours, theirs):
    assert ours.best_params_ == theirs.best_params_
    assert ours.best_index_ == theirs.best_index_
    for key in ("mean_test_score", "std_test_score", *(f"split{k}_test_score"
                                                      for k in range(ours.n_splits_))):
        np.testing.assert_allclose(ours.cv_results_[key], theirs.cv_results_[key],
                                   rtol=0, atol=1e-12, err_msg=key)
    np.testing.assert_array_equal(ours.cv_results_["rank_test_score"],
                                  theirs.cv_results_["rank_test_score"])
    assert ours.cv_results_["params"] == theirs.cv_results_["params"]
    assert set(ours.cv_results_) == set(theirs.cv_results_)
    assert ours.best_score_ == pytest.approx(theirs.best_score_, abs=1e-12)


CASES = [
    ("breast_cancer, pipeline", load_breast_cancer, pipeline,
     {"model__C": [0.001, 0.01, 0.1, 1.0, 10.0]}, None),
    ("wine, tree, list of grids", load_wine, lambda: DecisionTreeClassifier(random_state=0),
     [{"max_depth": [1, 2, 3], "criterion": ["gini"]},
      {"max_depth": [2, 4], "criterion": ["entropy"], "min_samples_leaf": [1, 5]}], "accuracy"),
    ("iris, kernel svm", load_iris, lambda: KernelSVM(),
     {"C": [0.1, 1.0, 10.0], "gamma": [0.01, 0.1, 1.0]}, None),
    ("diabetes, tree regressor", load_diabetes, lambda: DecisionTreeRegressor(random_state=0),
     {"max_depth": [1, 2, 3, 4, None]}, "neg_mean_squared_error"),
    ("iris, sklearn SVC", load_iris, lambda: SVC(),
     {"C": [0.1, 1.0, 10.0], "gamma": [0.01, 0.1, 1.0]}, "accuracy"),
]


@pytest.mark.parametrize("name, load, make, grid, scoring", CASES, ids=[c[0] for c in CASES])
def test_grid_search_equals_sklearn(name, load, make, grid, scoring):
    X, y = load(return_X_y=True)
    ours = GridSearchCV(make(), grid, scoring=scoring, cv=5, return_train_score=True).fit(X, y)
    theirs = sk.GridSearchCV(make(), grid, scoring=scoring, cv=5,
                             return_train_score=True).fit(X, y)
    assert_same_search(ours, theirs)
    np.testing.assert_allclose(ours.cv_results_["mean_train_score"],
                               theirs.cv_results_["mean_train_score"], rtol=1e-12)
    for key in theirs.cv_results_:
        if key.startswith("param_"):
            assert list(ours.cv_results_[key]) == list(theirs.cv_results_[key])
            np.testing.assert_array_equal(np.ma.getmaskarray(ours.cv_results_[key]),
                                          np.ma.getmaskarray(theirs.cv_results_[key]))
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    assert ours.score(X, y) == pytest.approx(theirs.score(X, y), abs=1e-12)


def test_ties_share_the_smallest_rank_like_sklearn():
    X, y = load_iris(return_X_y=True)
    grid = {"max_depth": [3, 4, 5, 6, 7, 8]}   # deep trees fit the folds the same way
    ours = GridSearchCV(DecisionTreeClassifier(random_state=0), grid, cv=3).fit(X, y)
    theirs = sk.GridSearchCV(DecisionTreeClassifier(random_state=0), grid, cv=3).fit(X, y)
    assert_same_search(ours, theirs)
    assert len(set(ours.cv_results_["rank_test_score"])) < len(grid["max_depth"])


def test_randomized_search_scores_the_candidates_it_draws_like_grid_search():
    X, y = load_breast_cancer(return_X_y=True)
    distributions = {"model__C": loguniform(1e-3, 1e2)}
    ours = RandomizedSearchCV(pipeline(), distributions, n_iter=6, cv=4,
                              random_state=0).fit(X, y)
    again = RandomizedSearchCV(pipeline(), distributions, n_iter=6, cv=4,
                               random_state=0).fit(X, y)
    assert ours.cv_results_["params"] == again.cv_results_["params"]
    drawn = {"model__C": [p["model__C"] for p in ours.cv_results_["params"]]}
    theirs = sk.GridSearchCV(pipeline(), drawn, cv=4).fit(X, y)
    np.testing.assert_allclose(ours.cv_results_["mean_test_score"],
                               theirs.cv_results_["mean_test_score"], rtol=0, atol=1e-12)
    assert ours.best_params_ == theirs.best_params_


def test_randomized_search_over_lists_draws_without_replacement():
    X, y = load_wine(return_X_y=True)
    grid = {"max_depth": [1, 2, 3, 4], "min_samples_leaf": [1, 2, 4]}
    search = RandomizedSearchCV(DecisionTreeClassifier(random_state=0), grid, n_iter=7,
                                random_state=1).fit(X, y)
    drawn = [tuple(sorted(p.items())) for p in search.cv_results_["params"]]
    assert len(set(drawn)) == 7
    with pytest.warns(UserWarning, match="only 12 candidates"):
        RandomizedSearchCV(DecisionTreeClassifier(), grid, n_iter=20, cv=2).fit(X, y)


def test_refit_false_keeps_the_choice_but_no_model():
    X, y = load_wine(return_X_y=True)
    search = GridSearchCV(DecisionTreeClassifier(random_state=0), {"max_depth": [1, 3]},
                          refit=False, cv=3).fit(X, y)
    assert search.best_params_ == {"max_depth": 3}
    assert not hasattr(search, "best_estimator_")
    with pytest.raises(AttributeError, match="refit=False"):
        search.predict(X)


def test_unknown_grid_key_names_the_key_and_the_valid_ones():
    X, y = load_wine(return_X_y=True)
    with pytest.raises(ValueError, match=r"Invalid parameter 'model__gama'.*'model__C'"):
        GridSearchCV(pipeline(), {"model__gama": [1.0]}).fit(X, y)
    with pytest.raises(TypeError, match="wrap a single value in a list"):
        GridSearchCV(pipeline(), {"model__C": 1.0}).fit(X, y)


def test_error_score_nan_warns_with_fold_and_parameters_and_raise_raises():
    X, y = load_wine(return_X_y=True)
    grid = {"C": [0.5, 2.0]}
    with pytest.warns(FitFailedWarning, match=r"fold \d of 3 with parameters \{'C': 0.5\}") as w:
        search = GridSearchCV(FailsOnSmallC(), grid, cv=3).fit(X, y)
    assert [str(r.message).split(" with")[0][-11:] for r in w] == [
        f"fold {k} of 3" for k in (1, 2, 3)]
    assert np.isnan(search.cv_results_["mean_test_score"][0])
    np.testing.assert_array_equal(search.cv_results_["rank_test_score"], [2, 1])
    assert search.best_params_ == {"C": 2.0}
    with pytest.raises(ValueError, match="C too small") as raised:
        GridSearchCV(FailsOnSmallC(), grid, cv=3, error_score="raise").fit(X, y)
    assert "{'C': 0.5}" in " ".join(raised.value.__notes__)


def test_grid_order_and_length_match_sklearn():
    grid = [{"b": [1, 2], "a": ["x", "y", "z"]}, {"c": [None]}]
    assert list(ParameterGrid(grid)) == list(sk.ParameterGrid(grid))
    assert len(ParameterGrid(grid)) == 7


def test_search_delegates_only_what_the_estimator_has():
    search = GridSearchCV(DecisionTreeRegressor(), {"max_depth": [1]})
    assert not hasattr(search, "predict_proba")
    assert hasattr(GridSearchCV(LogisticRegression(), {"C": [1.0]}), "predict_proba")
    X, y = load_diabetes(return_X_y=True)
    fitted = GridSearchCV(DecisionTreeRegressor(), {"max_depth": [2]},
                          cv=KFold(3, shuffle=True, random_state=0)).fit(X, y)
    assert fitted.n_features_in_ == 10 and fitted.refit_time_ >= 0
