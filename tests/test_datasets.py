"""Bundled data equal scikit-learn's copies; generators are seeded and shaped."""

import numpy as np
import pytest
import sklearn.datasets as skd

from scratchlearn import datasets


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits"])
def test_classification_data_equal_sklearn(name):
    ours = getattr(datasets, f"load_{name}")()
    theirs = getattr(skd, f"load_{name}")()
    np.testing.assert_array_equal(ours.data, theirs.data)
    np.testing.assert_array_equal(ours.target, theirs.target)
    assert ours.feature_names == [str(f) for f in theirs.feature_names]
    assert ours.target_names == [str(t) for t in theirs.target_names]
    assert "Licence" in ours.description and "Source" in ours.description
    X, y = getattr(datasets, f"load_{name}")(return_X_y=True)
    assert X.shape == theirs.data.shape and y.dtype.kind == "i"


@pytest.mark.parametrize("scaled", [True, False])
def test_diabetes_equals_sklearn(scaled):
    X, y = datasets.load_diabetes(return_X_y=True, scaled=scaled)
    X_ref, y_ref = skd.load_diabetes(return_X_y=True, scaled=scaled)
    np.testing.assert_allclose(X, X_ref, rtol=1e-12, atol=1e-15)
    np.testing.assert_array_equal(y, y_ref)


@pytest.mark.parametrize("make, kwargs", [
    (datasets.make_regression, {"n_samples": 50, "n_features": 3, "noise": 1.0}),
    (datasets.make_classification, {"n_samples": 60, "n_features": 6, "n_informative": 3, "n_classes": 3}),
    (datasets.make_blobs, {"n_samples": 40, "centers": 4}),
    (datasets.make_moons, {"n_samples": 30, "noise": 0.1}),
    (datasets.make_circles, {"n_samples": 30, "noise": 0.05}),
])
def test_generators_are_seeded(make, kwargs):
    X1, y1 = make(random_state=3, **kwargs)
    X2, y2 = make(random_state=3, **kwargs)
    X3, _ = make(random_state=4, **kwargs)
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)
    assert not np.array_equal(X1, X3)
    assert X1.shape[0] == y1.shape[0] == kwargs["n_samples"]


def test_make_regression_outliers_lie_off_the_line():
    X, y, w, is_outlier = datasets.make_regression(
        200, 2, noise=0.5, outlier_fraction=0.1, return_coef=True, random_state=0)
    assert is_outlier.sum() == 20
    residual = np.abs(y - X @ w)
    assert residual[is_outlier].min() > 10 * residual[~is_outlier].max()


def test_make_classification_classes_and_informative_structure():
    X, y = datasets.make_classification(500, 10, n_informative=3, n_classes=3,
                                        flip_y=0.0, random_state=0)
    assert set(np.unique(y)) == {0, 1, 2}
    np.testing.assert_array_equal(np.bincount(y), [167, 167, 166])


def test_moons_and_circles_geometry():
    X, y = datasets.make_circles(100, factor=0.5, random_state=0)
    radius = np.linalg.norm(X, axis=1)
    np.testing.assert_allclose(radius[y == 0], 1.0)
    np.testing.assert_allclose(radius[y == 1], 0.5)
    X, y = datasets.make_moons(100, random_state=0)
    np.testing.assert_allclose(np.linalg.norm(X[y == 0], axis=1), 1.0)
