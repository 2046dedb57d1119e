"""Preprocessing against scikit-learn's transformers."""

import numpy as np
import pytest
from sklearn import preprocessing as skp

from scratchlearn.core import OneHotEncoder, PolynomialFeatures, StandardScaler, train_test_split
from scratchlearn.core.preprocessing import one_hot
from scratchlearn.datasets import load_iris


def test_standard_scaler_matches_sklearn_and_inverts(rng):
    X = rng.normal(loc=5, scale=[1, 10, 0.1], size=(50, 3))
    X[:, 2] = 7.0  # a constant column stays unscaled
    ours = StandardScaler().fit(X)
    theirs = skp.StandardScaler().fit(X)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(ours.scale_, theirs.scale_, rtol=1e-12)
    np.testing.assert_allclose(ours.inverse_transform(ours.transform(X)), X, rtol=1e-12)


@pytest.mark.parametrize("degree, interaction_only, include_bias",
                         [(2, False, True), (3, False, False), (3, True, True), (0, False, True)])
def test_polynomial_features_match_sklearn(rng, degree, interaction_only, include_bias):
    X = rng.normal(size=(10, 3))
    kwargs = dict(degree=degree, interaction_only=interaction_only, include_bias=include_bias)
    ours = PolynomialFeatures(**kwargs).fit(X)
    theirs = skp.PolynomialFeatures(**kwargs).fit(X)
    np.testing.assert_array_equal(ours.powers_, theirs.powers_)
    np.testing.assert_allclose(ours.transform(X), theirs.transform(X), rtol=1e-12)


def test_one_hot_encoder_matches_sklearn_on_strings_and_numbers():
    X = np.array([["red", 1], ["green", 3], ["red", 2], ["blue", 3]], dtype=object)
    ours = OneHotEncoder().fit(X)
    theirs = skp.OneHotEncoder(sparse_output=False).fit(X)
    np.testing.assert_array_equal(ours.transform(X), theirs.transform(X))
    with pytest.raises(ValueError, match="unknown categories"):
        ours.transform(np.array([["purple", 1]], dtype=object))
    ignoring = OneHotEncoder(handle_unknown="ignore").fit(X)
    np.testing.assert_array_equal(ignoring.transform(np.array([["purple", 1]], dtype=object)),
                                  [[0, 0, 0, 1, 0, 0]])


def test_one_hot_indicator_matrix():
    np.testing.assert_array_equal(one_hot(np.array([2, 0]), 3), [[0, 0, 1], [1, 0, 0]])


def test_train_test_split_sizes_and_determinism():
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, random_state=0)
    assert X_train.shape == (120, 4) and X_test.shape == (30, 4)
    again = train_test_split(X, y, test_size=0.2, random_state=0)
    np.testing.assert_array_equal(X_test, again[1])
    # Every sample lands in exactly one part.
    assert sorted(np.r_[y_train, y_test].tolist()) == sorted(y.tolist())


def test_stratified_split_keeps_class_shares():
    X, y = load_iris(return_X_y=True)
    _, _, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y, random_state=1)
    np.testing.assert_array_equal(np.bincount(y_test), [10, 10, 10])
    np.testing.assert_array_equal(np.bincount(y_train), [40, 40, 40])


def test_train_test_split_rejects_bad_sizes():
    with pytest.raises(ValueError, match="test_size"):
        train_test_split(np.arange(10), test_size=1.5)
    with pytest.raises(ValueError, match="same length"):
        train_test_split(np.arange(10), np.arange(9))
