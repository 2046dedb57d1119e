"""Splitters: without shuffling, the same folds as scikit-learn's; with
shuffling, seeded, disjoint and covering."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import model_selection as sk

from scratchlearn.core import train_test_split as train_test_split_from_core
from scratchlearn.core.preprocessing import train_test_split as train_test_split_from_preprocessing
from scratchlearn.datasets import load_iris, load_wine
from scratchlearn.model_selection import (
    KFold,
    ShuffleSplit,
    StratifiedKFold,
    check_cv,
    train_test_split,
)


def folds(splitter, X, y=None):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # small classes, checked separately
        return [(train.tolist(), test.tolist()) for train, test in splitter.split(X, y)]


@pytest.mark.parametrize("n", [2, 7, 10, 23, 101])
@pytest.mark.parametrize("k", [2, 3, 5, 7])
def test_kfold_equals_sklearn_on_odd_sizes(n, k):
    if k > n:
        pytest.skip("more folds than samples is an error, tested below")
    X = np.zeros((n, 3))
    assert folds(KFold(k), X) == folds(sk.KFold(k), X)


@given(n=st.integers(6, 80), k=st.integers(2, 6), weights=st.lists(
    st.integers(1, 12), min_size=2, max_size=4), seed=st.integers(0, 10_000))
@settings(max_examples=60, deadline=None)
def test_stratified_kfold_equals_sklearn_on_unbalanced_classes(n, k, weights, seed):
    rng = np.random.default_rng(seed)
    p = np.array(weights, float) / sum(weights)
    labels = np.array(["b", "a", "d", "c"][:len(weights)])  # first-seen order ≠ sorted order
    y = labels[rng.choice(len(weights), size=n, p=p)]
    X = np.zeros((n, 2))
    try:
        expected = folds(sk.StratifiedKFold(k), X, y)
    except ValueError:
        with pytest.raises(ValueError, match="n_splits"):
            folds(StratifiedKFold(k), X, y)
        return
    assert folds(StratifiedKFold(k), X, y) == expected


@pytest.mark.parametrize("load", [load_iris, load_wine])
def test_stratified_kfold_on_real_data(load):
    X, y = load(return_X_y=True)
    assert folds(StratifiedKFold(5), X, y) == folds(sk.StratifiedKFold(5), X, y)


def test_shuffled_folds_are_seeded_disjoint_and_cover_every_sample():
    X, y = load_wine(return_X_y=True)
    for splitter in (KFold(4, shuffle=True, random_state=3),
                     StratifiedKFold(4, shuffle=True, random_state=3)):
        first, again = folds(splitter, X, y), folds(splitter, X, y)
        assert first == again
        tests = np.concatenate([test for _, test in first])
        assert sorted(tests.tolist()) == list(range(len(y)))
        for train, test in first:
            assert not set(train) & set(test)
            assert len(train) + len(test) == len(y)
        assert first != folds(type(splitter)(4), X, y)   # shuffling changed something
    # stratified and shuffled: each fold still has ⌊n_c/k⌋ or ⌈n_c/k⌉ of class c
    for _, test in StratifiedKFold(4, shuffle=True, random_state=0).split(X, y):
        counts = np.bincount(y[test], minlength=3)
        full = np.bincount(y)
        assert np.all((counts == full // 4) | (counts == -(-full // 4)))


def test_shuffle_split_sizes_like_sklearn():
    X = np.zeros((101, 2))
    for kwargs in ({}, {"test_size": 0.25}, {"test_size": 7}, {"train_size": 0.5},
                   {"test_size": 0.2, "train_size": 0.3}):
        ours = list(ShuffleSplit(3, random_state=0, **kwargs).split(X))
        theirs = list(sk.ShuffleSplit(3, random_state=0, **kwargs).split(X))
        assert [(len(a), len(b)) for a, b in ours] == [(len(a), len(b)) for a, b in theirs]
        for train, test in ours:
            assert not set(train) & set(test)


def test_errors_say_what_is_wrong():
    X = np.zeros((4, 1))
    with pytest.raises(ValueError, match="n_splits=5 greater than the number of samples: "
                                         "n_samples=4"):
        list(KFold(5).split(X))
    with pytest.raises(ValueError, match="at least 2"):
        KFold(1)
    y = np.array([0] * 5 + [1] * 2)
    with pytest.warns(UserWarning, match="least populated class in y has only 2 members"):
        list(StratifiedKFold(3).split(np.zeros((7, 1)), y))
    with pytest.raises(ValueError, match="n_splits=6 cannot be greater than the number of "
                                         "members in each class"):
        list(StratifiedKFold(6).split(np.zeros((7, 1)), y))
    with pytest.raises(ValueError, match="class labels"):
        list(StratifiedKFold(2).split(X))
    with pytest.raises(ValueError, match="cv must be"):
        check_cv("five")


def test_check_cv_stratifies_classifiers_only():
    y_class, y_real = np.array([0, 1] * 5), np.linspace(0, 1, 10)
    assert type(check_cv(3, y_class, classifier=True)) is StratifiedKFold
    assert type(check_cv(3, y_real, classifier=True)) is KFold
    assert type(check_cv(3, y_class, classifier=False)) is KFold
    pairs = [(np.arange(5), np.arange(5, 10))]
    assert check_cv(pairs).get_n_splits() == 1


def test_train_test_split_is_reexported_where_it_was():
    assert train_test_split_from_core is train_test_split
    assert train_test_split_from_preprocessing is train_test_split
    X, y = load_iris(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.2, stratify=y,
                                                        random_state=0)
    assert len(X_test) == 30 and np.all(np.bincount(y_test) == 10)
