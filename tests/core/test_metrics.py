"""Every metric against sklearn.metrics on random data."""

import numpy as np
import pytest
from sklearn import metrics as skm

from scratchlearn.core import metrics


@pytest.fixture
def regression_pair(rng):
    y_true = rng.normal(size=200)
    return y_true, y_true + rng.normal(scale=0.5, size=200), rng.uniform(0.1, 2, 200)


@pytest.mark.parametrize("name", ["mean_squared_error", "mean_absolute_error", "r2_score"])
def test_regression_metrics_match_sklearn(regression_pair, name):
    y_true, y_pred, weights = regression_pair
    ours, theirs = getattr(metrics, name), getattr(skm, name)
    assert ours(y_true, y_pred) == pytest.approx(theirs(y_true, y_pred), rel=1e-12)
    assert ours(y_true, y_pred, sample_weight=weights) == pytest.approx(
        theirs(y_true, y_pred, sample_weight=weights), rel=1e-12)


def test_r2_of_a_constant_target_follows_sklearn():
    y = np.full(5, 3.0)
    assert metrics.r2_score(y, y) == skm.r2_score(y, y) == 1.0
    assert metrics.r2_score(y, y + 1) == skm.r2_score(y, y + 1) == 0.0


@pytest.mark.parametrize("labels", [np.array([0, 1]), np.array(["no", "yes"])])
def test_binary_classification_metrics_match_sklearn(rng, labels):
    y_true = labels[rng.integers(0, 2, 300)]
    y_pred = np.where(rng.random(300) < 0.8, y_true, labels[rng.integers(0, 2, 300)])
    pos = labels[1]
    assert metrics.accuracy_score(y_true, y_pred) == skm.accuracy_score(y_true, y_pred)
    for name in ["precision_score", "recall_score", "f1_score"]:
        assert getattr(metrics, name)(y_true, y_pred, pos_label=pos) == pytest.approx(
            getattr(skm, name)(y_true, y_pred, pos_label=pos), rel=1e-12)
    np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred),
                                  skm.confusion_matrix(y_true, y_pred))


def test_macro_averaged_metrics_match_sklearn(rng):
    y_true = rng.integers(0, 4, 300)
    y_pred = np.where(rng.random(300) < 0.6, y_true, rng.integers(0, 4, 300))
    for name in ["precision_score", "recall_score", "f1_score"]:
        assert getattr(metrics, name)(y_true, y_pred, average="macro") == pytest.approx(
            getattr(skm, name)(y_true, y_pred, average="macro"), rel=1e-12)
    np.testing.assert_array_equal(metrics.confusion_matrix(y_true, y_pred),
                                  skm.confusion_matrix(y_true, y_pred))
    weights = rng.uniform(0, 1, 300)
    assert metrics.accuracy_score(y_true, y_pred, sample_weight=weights) == pytest.approx(
        skm.accuracy_score(y_true, y_pred, sample_weight=weights), rel=1e-12)


def test_precision_without_predicted_positives_is_zero():
    assert metrics.precision_score([1, 0, 1], [0, 0, 0]) == 0.0


def test_log_loss_matches_sklearn(rng):
    y_true = rng.integers(0, 3, 100)
    proba = rng.dirichlet(np.ones(3), 100)
    assert metrics.log_loss(y_true, proba) == pytest.approx(skm.log_loss(y_true, proba),
                                                            rel=1e-12)
    binary = rng.integers(0, 2, 100)
    p1 = rng.uniform(0.01, 0.99, 100)
    assert metrics.log_loss(binary, p1) == pytest.approx(skm.log_loss(binary, p1), rel=1e-12)
    # A confident mistake costs a large finite amount, not infinity.
    assert np.isfinite(metrics.log_loss([0, 1], [[0.0, 1.0], [1.0, 0.0]]))


def test_roc_auc_matches_sklearn_with_ties(rng):
    y_true = rng.integers(0, 2, 500)
    scores = np.round(rng.normal(size=500) + y_true, 1)  # rounding makes many ties
    assert metrics.roc_auc_score(y_true, scores) == pytest.approx(
        skm.roc_auc_score(y_true, scores), rel=1e-12)


def test_roc_auc_needs_two_classes():
    with pytest.raises(ValueError, match="two classes"):
        metrics.roc_auc_score([1, 1, 1], [0.1, 0.2, 0.3])
