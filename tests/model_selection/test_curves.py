"""learning_curve and validation_curve equal scikit-learn's on the same folds."""

import numpy as np
import pytest
from sklearn import model_selection as sk

from scratchlearn.classification.naive_bayes import GaussianNaiveBayes
from scratchlearn.datasets import load_diabetes, load_digits, load_wine
from scratchlearn.model_selection import KFold, learning_curve, validation_curve
from scratchlearn.neighbors.knn import KNNRegressor
from scratchlearn.trees.decision_tree import DecisionTreeClassifier, DecisionTreeRegressor


@pytest.mark.parametrize("train_sizes", [(0.1, 0.325, 0.55, 0.775, 1.0), [20, 50, 100]])
def test_learning_curve_equals_sklearn(train_sizes):
    X, y = load_digits(return_X_y=True)
    X, y = X[:600], y[:600]
    ours = learning_curve(GaussianNaiveBayes(), X, y, train_sizes=train_sizes, cv=4)
    theirs = sk.learning_curve(GaussianNaiveBayes(), X, y, train_sizes=train_sizes, cv=4)
    np.testing.assert_array_equal(ours[0], theirs[0])
    np.testing.assert_allclose(ours[1], theirs[1], rtol=0, atol=1e-12)
    np.testing.assert_allclose(ours[2], theirs[2], rtol=0, atol=1e-12)
    assert ours[1].shape == (len(train_sizes), 4)


def test_learning_curve_regression_with_shuffled_folds():
    X, y = load_diabetes(return_X_y=True)
    folds = list(KFold(5, shuffle=True, random_state=0).split(X))
    ours = learning_curve(KNNRegressor(n_neighbors=7), X, y, cv=folds, scoring="r2")
    theirs = sk.learning_curve(KNNRegressor(n_neighbors=7), X, y, cv=folds, scoring="r2")
    for a, b in zip(ours, theirs, strict=True):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12)


@pytest.mark.parametrize("load, make, scoring", [
    (load_wine, lambda: DecisionTreeClassifier(random_state=0), "accuracy"),
    (load_diabetes, lambda: DecisionTreeRegressor(random_state=0), "neg_mean_squared_error"),
])
def test_validation_curve_equals_sklearn(load, make, scoring):
    X, y = load(return_X_y=True)
    depths = [1, 2, 3, 5, 8, None]
    ours = validation_curve(make(), X, y, param_name="max_depth", param_range=depths, cv=5,
                            scoring=scoring)
    theirs = sk.validation_curve(make(), X, y, param_name="max_depth", param_range=depths,
                                 cv=5, scoring=scoring)
    np.testing.assert_allclose(ours[0], theirs[0], rtol=1e-12)
    np.testing.assert_allclose(ours[1], theirs[1], rtol=1e-12)
    assert ours[0].shape == (len(depths), 5)


def test_bad_train_sizes():
    X, y = load_wine(return_X_y=True)
    with pytest.raises(ValueError, match=r"in \(0, 1\]"):
        learning_curve(GaussianNaiveBayes(), X, y, train_sizes=[0.0, 0.5])
    with pytest.raises(ValueError, match="counts in"):
        learning_curve(GaussianNaiveBayes(), X, y, train_sizes=[10, 1000])
