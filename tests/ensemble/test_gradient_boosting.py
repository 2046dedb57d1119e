"""Gradient boosting against scikit-learn: exact predictions for every loss on
continuous data (the trees' splits are then unambiguous), held-out scores on
real data, the losses' gradients, and the estimator contract.

scikit-learn's trees work on float32 features, so the data are rounded to
float32 first: both libraries then see the same numbers and place the same
thresholds."""

import numpy as np
import pytest
from sklearn import ensemble as sk

from scratchlearn.core import NotFittedError, check_gradient, train_test_split
from scratchlearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    make_classification,
    make_regression,
)
from scratchlearn.ensemble.gradient_boosting import (
    GradientBoostingClassifier,
    GradientBoostingRegressor,
)
from scratchlearn.ensemble.gradient_boosting.model import (
    absolute_error,
    binary_log_loss,
    huber,
    log_loss_leaf_values,
    multinomial_log_loss,
    squared_error,
    weighted_lower_median,
)


def f32(X):
    return np.asarray(X, dtype=np.float32).astype(np.float64)


def diabetes():
    X, y = load_diabetes(return_X_y=True)
    return f32(X), y


def synthetic_regression():
    X, y = make_regression(n_samples=300, n_features=6, noise=10.0, random_state=3)
    return f32(X), y


@pytest.mark.parametrize("data", [diabetes, synthetic_regression])
def test_squared_error_regressor_reproduces_sklearn(data):
    X, y = data()
    ours = GradientBoostingRegressor(n_estimators=30, random_state=0).fit(X, y)
    ref = sk.GradientBoostingRegressor(n_estimators=30, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-6)
    np.testing.assert_allclose(ours.train_score_, ref.train_score_, rtol=1e-6)
    # Importances can differ slightly: a small node may have several features
    # giving the same partition (an exact tie that scikit-learn breaks by a
    # random feature order); predictions are unaffected.
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_, atol=5e-3)
    staged = list(ours.staged_predict(X))
    ref_staged = list(ref.staged_predict(X))
    assert len(staged) == 30
    np.testing.assert_allclose(staged[4], ref_staged[4], rtol=1e-6)


@pytest.mark.parametrize("loss, alpha", [("absolute_error", 0.9), ("huber", 0.9), ("huber", 0.999)])
def test_robust_losses_reproduce_sklearn_for_the_first_stages(loss, alpha):
    # The absolute-error targets are signs (±1) and Huber's are clipped at ±δ:
    # after a few stages many splits tie exactly, and scikit-learn breaks ties
    # by a random feature order. The first stages are unambiguous and must
    # agree to rounding: initial median, δ, median / Huber leaf updates.
    # alpha = 0.999 > 441/442 makes δ the largest absolute residual, the last
    # row of the weighted percentile.
    X, y = diabetes()
    ours = GradientBoostingRegressor(loss=loss, alpha=alpha, n_estimators=4, random_state=0).fit(X, y)
    ref = sk.GradientBoostingRegressor(loss=loss, alpha=alpha, n_estimators=4,
                                       random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.initial_prediction_, ref.init_.constant_.ravel())
    np.testing.assert_allclose(ours.predict(X), ref.predict(X), rtol=1e-6)
    np.testing.assert_allclose(ours.train_score_, ref.train_score_, rtol=1e-6)


def test_squared_error_on_held_out_rows():
    X, y = diabetes()
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    kw = dict(n_estimators=100, learning_rate=0.05, max_depth=2, min_samples_leaf=3,
              random_state=0)
    ours = GradientBoostingRegressor(**kw).fit(X_tr, y_tr)
    ref = sk.GradientBoostingRegressor(**kw).fit(X_tr, y_tr)
    np.testing.assert_allclose(ours.predict(X_te), ref.predict(X_te), rtol=1e-6)


def test_binary_classifier_reproduces_sklearn():
    X, y = load_breast_cancer(return_X_y=True)
    X = f32(X)
    ours = GradientBoostingClassifier(n_estimators=20, random_state=0).fit(X, y)
    ref = sk.GradientBoostingClassifier(n_estimators=20, random_state=0).fit(X, y)
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), rtol=1e-6)
    np.testing.assert_allclose(ours.train_score_, ref.train_score_, rtol=1e-6)
    assert_staged_outputs_match(ours, ref, X)


def assert_staged_outputs_match(ours, ref, X):
    """Staged scores and probabilities equal scikit-learn's after a middle
    stage, and the last stage is the final model. scikit-learn yields (n, 1)
    scores for two classes where decision_function gives (n,); we yield the
    (n,) shape of decision_function throughout."""
    staged, ref_staged = list(ours.staged_decision_function(X)), list(ref.staged_decision_function(X))
    assert len(staged) == ours.n_estimators_ == ours.n_estimators
    middle = ref_staged[4].ravel() if ref_staged[4].shape[1] == 1 else ref_staged[4]
    np.testing.assert_allclose(staged[4], middle, rtol=1e-6, atol=1e-12)
    np.testing.assert_array_equal(staged[-1], ours.decision_function(X))
    probabilities = list(ours.staged_predict_proba(X))
    np.testing.assert_allclose(probabilities[4], list(ref.staged_predict_proba(X))[4],
                               rtol=1e-6, atol=1e-9)
    np.testing.assert_array_equal(probabilities[-1], ours.predict_proba(X))


@pytest.mark.parametrize("n_classes, n_samples", [(3, 300), (4, 600)])
def test_multiclass_classifier_reproduces_sklearn(n_classes, n_samples):
    # Three classes too: K = 3 is the smallest case of the (K − 1)/K leaf factor (eq. 13).
    X, y = make_classification(n_samples=n_samples, n_features=10, n_informative=6,
                               n_classes=n_classes, random_state=0)
    X = f32(X)
    ours = GradientBoostingClassifier(n_estimators=15, random_state=0).fit(X, y)
    ref = sk.GradientBoostingClassifier(n_estimators=15, random_state=0).fit(X, y)
    assert ours.estimators_.shape == (15, n_classes)
    log_prior = np.log(np.bincount(y) / len(y))
    np.testing.assert_allclose(ours.initial_prediction_, log_prior - log_prior.mean())
    np.testing.assert_allclose(ours.predict_proba(X), ref.predict_proba(X), rtol=1e-6, atol=1e-9)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X),
                               rtol=1e-6, atol=1e-12)
    np.testing.assert_allclose(ours.train_score_, ref.train_score_, rtol=1e-6)
    assert_staged_outputs_match(ours, ref, X)


@pytest.mark.slow
def test_classifier_on_digits_scores_like_sklearn():
    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=0)
    ours = GradientBoostingClassifier(n_estimators=15, random_state=0).fit(X_tr, y_tr)
    ref = sk.GradientBoostingClassifier(n_estimators=15, random_state=0).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - ref.score(X_te, y_te)) <= 0.02
    assert ours.score(X_te, y_te) > 0.85


@pytest.mark.parametrize("loss, tolerance", [("huber", 0.02), ("absolute_error", 0.05)])
def test_robust_losses_score_like_sklearn_on_held_out_rows(loss, tolerance):
    # Tied splits (see above) let the two fits drift apart after a few
    # stages; absolute error, whose targets are all ±1, drifts the most.
    X, y = load_diabetes(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=1)
    ours = GradientBoostingRegressor(loss=loss, random_state=0).fit(X_tr, y_tr)
    ref = sk.GradientBoostingRegressor(loss=loss, random_state=0).fit(X_tr, y_tr)
    assert abs(ours.score(X_te, y_te) - ref.score(X_te, y_te)) <= tolerance


# -- the losses ----------------------------------------------------------------

def test_loss_gradients_match_finite_differences(rng):
    y = rng.normal(size=12)
    F = rng.normal(size=12)
    for loss in (squared_error, absolute_error, lambda y, F: huber(y, F, 0.7)):
        assert check_gradient(lambda F, loss=loss: loss(y, F)[0].sum(),
                              lambda F, loss=loss: loss(y, F)[1], F) < 1e-6
    yb = (rng.random(12) < 0.5).astype(float)
    assert check_gradient(lambda F: binary_log_loss(yb, F)[0].sum(),
                          lambda F: binary_log_loss(yb, F)[1], F) < 1e-6
    Y = np.eye(4)[rng.integers(0, 4, 12)]
    F4 = rng.normal(size=(12, 4))
    assert check_gradient(lambda F: multinomial_log_loss(Y, F)[0].sum(),
                          lambda F: multinomial_log_loss(Y, F)[1], F4) < 1e-6


def test_huber_is_squared_inside_delta_and_linear_outside():
    loss, grad = huber(np.array([0.0, 0.0]), np.array([0.5, 3.0]), 1.0)
    np.testing.assert_allclose(loss, [0.125, 2.5])
    np.testing.assert_allclose(grad, [0.5, 1.0])


def test_log_loss_leaf_values_are_newton_steps_zero_only_below_1e_150():
    # Node ids 0, 2 and 6 have no rows (one value per node id all the same);
    # node 4 is a pure leaf (p = 0 exactly); node 5 has curvature exactly
    # 1e-150, which scikit-learn still divides by (it zeroes a leaf only when
    # |Σ p(1 − p)| < 1e-150).
    leaf = np.array([1, 1, 3, 3, 4, 5])
    r = np.array([0.3, -0.1, 0.5, 0.25, 0.7, 0.2])
    p = np.array([0.2, 0.6, 0.5, 0.25, 0.0, 1e-150])
    two = log_loss_leaf_values(leaf, r, p, 7, 2)
    expected = [0.0, 0.2 / (0.2 * 0.8 + 0.6 * 0.4), 0.0, 0.75 / (0.25 + 0.25 * 0.75), 0.0, 0.2e150,
                0.0]
    np.testing.assert_allclose(two, expected, rtol=1e-12)
    # K classes scale the step by (K − 1)/K (eq. 13), from K = 3 on.
    np.testing.assert_allclose(log_loss_leaf_values(leaf, r, p, 7, 3), np.multiply(expected, 2 / 3),
                               rtol=1e-12)


def test_weighted_lower_median_per_leaf(rng):
    values = rng.normal(size=40)
    group = rng.integers(0, 4, 40)
    medians = weighted_lower_median(values, np.ones(40), group, 5)
    for g in range(4):
        expected = np.percentile(values[group == g], 50, method="inverted_cdf")
        assert medians[g] == expected
    assert medians[4] == 0.0                      # a node with no rows
    # Unequal weights: NumPy's weighted inverted-CDF percentile is the same rule.
    w = rng.uniform(0.1, 3.0, 40)
    medians = weighted_lower_median(values, w, group, 5)
    for g in range(4):
        in_group = group == g
        expected = np.percentile(values[in_group], 50, method="inverted_cdf", weights=w[in_group])
        assert medians[g] == expected


# -- behaviour ------------------------------------------------------------------

def test_learning_rate_trades_off_against_number_of_trees():
    X, y = synthetic_regression()
    slow = GradientBoostingRegressor(learning_rate=0.01, n_estimators=50).fit(X, y)
    fast = GradientBoostingRegressor(learning_rate=0.3, n_estimators=50).fit(X, y)
    assert fast.train_score_[-1] < slow.train_score_[-1]
    assert np.all(np.diff(slow.train_score_) < 0)          # squared error: every stage helps


def test_subsample_is_deterministic_and_records_oob():
    X, y = synthetic_regression()
    kw = dict(subsample=0.5, n_estimators=20, max_features=3)
    a = GradientBoostingRegressor(**kw, random_state=7).fit(X, y)
    b = GradientBoostingRegressor(**kw, random_state=7).fit(X, y)
    c = GradientBoostingRegressor(**kw, random_state=8).fit(X, y)
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    assert not np.array_equal(a.predict(X), c.predict(X))
    assert a.oob_scores_.shape == (20,) and np.isfinite(a.oob_score_)
    assert a.oob_improvement_[0] > 0


def test_each_stage_seeds_its_tree_from_random_state():
    # The seeding the notes describe (Parameters, random_state): one draw per stage from
    # numpy's default_rng(random_state), uniform on [0, 2³¹ − 1), before that
    # stage's subsample, so a tree's feature draws are reproducible on their own.
    X, y = synthetic_regression()
    model = GradientBoostingRegressor(n_estimators=3, max_features=2, random_state=5).fit(X, y)
    rng = np.random.default_rng(5)
    expected = [int(rng.integers(0, 2 ** 31 - 1)) for _ in range(3)]
    assert [tree.random_state for tree in model.estimators_[:, 0]] == expected


@pytest.mark.parametrize("estimator", [GradientBoostingRegressor, GradientBoostingClassifier])
def test_each_stage_grows_its_tree_with_the_given_parameters(estimator):
    X, y = synthetic_regression()
    y = y if estimator is GradientBoostingRegressor else y > 0
    params = dict(max_depth=2, min_samples_split=7, min_samples_leaf=3, max_features=2)
    model = estimator(n_estimators=2, random_state=0, **params).fit(X, y)
    for tree in model.estimators_.ravel():
        assert {name: tree.get_params()[name] for name in params} == params


@pytest.mark.parametrize("kind", ["regressor", "classifier"])
def test_out_of_bag_scores_with_one_row_left_out(kind):
    # scikit-learn's bag has max(1, int(subsample · n)) rows: 19 of 20 here,
    # so each stage leaves out one row, one of those whose loss under the
    # staged prediction is that stage's oob score (rows in the same leaves
    # with the same label tie, and then either fits). The in-bag mean loss is
    # then train_score_, and the stage's oob improvement is that row's loss
    # before the stage minus after it.
    X, y = make_regression(n_samples=20, n_features=3, noise=1.0, random_state=0)
    kw = dict(subsample=0.95, n_estimators=5, max_depth=1, random_state=0)
    if kind == "regressor":
        model = GradientBoostingRegressor(**kw).fit(X, y)
        staged = list(model.staged_predict(X))

        def row_loss(F):
            return (y - F) ** 2
    else:
        y = (y > np.median(y)).astype(int)
        model = GradientBoostingClassifier(**kw).fit(X, y)
        staged = list(model.staged_decision_function(X))

        def row_loss(F):                       # the binomial deviance, per row
            return 2 * (np.logaddexp(0, F) - y * F)
    staged = [np.full(20, model.initial_prediction_[0])] + staged
    for m, tree in enumerate(model.estimators_[:, 0]):
        assert tree.tree_.weighted_n_node_samples[0] == 19
        after = row_loss(staged[m + 1])
        before = row_loss(staged[m])
        candidates = np.flatnonzero(np.isclose(after, model.oob_scores_[m], rtol=1e-12, atol=0))
        assert any(
            np.isclose(model.train_score_[m], np.delete(after, i).mean(), rtol=1e-12, atol=0)
            and np.isclose(model.oob_improvement_[m], before[i] - after[i], rtol=1e-9, atol=0)
            for i in candidates)
    assert model.oob_score_ == model.oob_scores_[-1]
    # A bag of int(0.01 · 20) = 0 rows is raised to one.
    tiny = type(model)(**{**kw, "subsample": 0.01}).fit(X, y)
    assert all(tree.tree_.weighted_n_node_samples[0] == 1 for tree in tiny.estimators_[:, 0])
    # Without subsampling there are no out-of-bag attributes, as in scikit-learn.
    full = type(model)(**{**kw, "subsample": 1.0}).fit(X, y)
    assert not any(hasattr(full, name) for name in ("oob_scores_", "oob_improvement_", "oob_score_"))
    assert full.estimators_[0, 0].tree_.weighted_n_node_samples[0] == 20


def test_defaults_are_sklearns():
    for ours, theirs in [(GradientBoostingRegressor(), sk.GradientBoostingRegressor()),
                         (GradientBoostingClassifier(), sk.GradientBoostingClassifier())]:
        params, reference = ours.get_params(), theirs.get_params()
        assert params == {name: reference[name] for name in params}


def test_feature_importances_equal_sklearns_without_small_nodes():
    # Ties between features come from nodes of a few rows; with at least 20
    # rows per leaf every split is unique and the importances agree to rounding.
    X, y = synthetic_regression()
    kw = dict(n_estimators=10, max_depth=2, min_samples_leaf=20, random_state=0)
    ours = GradientBoostingRegressor(**kw).fit(X, y)
    ref = sk.GradientBoostingRegressor(**kw).fit(X, y)
    np.testing.assert_allclose(ours.feature_importances_, ref.feature_importances_,
                               rtol=1e-10, atol=1e-14)


def test_feature_importances_are_zero_when_no_tree_splits(rng):
    # A constant target leaves every gradient 0: each tree is a single leaf.
    X = rng.normal(size=(30, 3))
    y = np.full(30, 2.5)
    ours = GradientBoostingRegressor(n_estimators=3).fit(X, y)
    ref = sk.GradientBoostingRegressor(n_estimators=3).fit(X, y)
    np.testing.assert_array_equal(ours.feature_importances_, ref.feature_importances_)
    np.testing.assert_array_equal(ours.feature_importances_, np.zeros(3))


def test_string_labels_and_staged_predict():
    X, y = load_breast_cancer(return_X_y=True)
    labels = np.array(["benign", "malignant"])[y]
    model = GradientBoostingClassifier(n_estimators=10, random_state=0).fit(X, labels)
    np.testing.assert_array_equal(model.classes_, ["benign", "malignant"])
    stages = list(model.staged_predict(X))
    assert len(stages) == 10
    np.testing.assert_array_equal(stages[-1], model.predict(X))
    np.testing.assert_allclose(model.predict_proba(X).sum(axis=1), 1.0)


def test_bad_input():
    X, y = synthetic_regression()
    with pytest.raises(ValueError, match="loss"):
        GradientBoostingRegressor(loss="log_loss").fit(X, y)
    with pytest.raises(ValueError, match="learning_rate"):
        GradientBoostingRegressor(learning_rate=0).fit(X, y)
    with pytest.raises(ValueError, match="subsample"):
        GradientBoostingRegressor(subsample=1.5).fit(X, y)
    with pytest.raises(ValueError, match="n_estimators"):
        GradientBoostingClassifier(n_estimators=0).fit(X, y > 0)
    with pytest.raises(ValueError, match="subsample"):
        GradientBoostingRegressor(subsample=0.0).fit(X, y)
    # The boosting model's own check, before any tree is grown (a string is
    # not compared with 1).
    for max_depth in (0, "deep"):
        with pytest.raises(ValueError, match=rf"^max_depth must be None or an int >= 1, got {max_depth!r}\.$"):
            GradientBoostingRegressor(max_depth=max_depth).fit(X, y)
    for alpha in (0.0, 1.0):
        with pytest.raises(ValueError, match="alpha"):
            GradientBoostingRegressor(loss="huber", alpha=alpha).fit(X, y)
    with pytest.raises(ValueError, match="GradientBoostingClassifier .*class"):
        GradientBoostingClassifier().fit(X, np.zeros(len(y)))
    # The smallest valid values are accepted: one stage of one split each,
    # and trees of unlimited depth.
    GradientBoostingRegressor(n_estimators=1, max_depth=1).fit(X, y)
    GradientBoostingRegressor(n_estimators=1, max_depth=None).fit(X[:20], y[:20])
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        GradientBoostingRegressor().fit(X_nan, y)
    with pytest.raises(ValueError, match="2D"):
        GradientBoostingRegressor().fit(X[:, 0], y)
    with pytest.raises(NotFittedError):
        GradientBoostingRegressor().predict(X)
    model = GradientBoostingRegressor(n_estimators=3).fit(X, y)
    with pytest.raises(ValueError, match="features"):
        model.predict(X[:, :2])


@pytest.mark.parametrize("loss", ["squared_error", "absolute_error", "huber"])
def test_every_regression_loss_fits_with_subsampling(loss):
    # Huber's δ must be known before the first out-of-bag score (this crashed once).
    X, y = make_regression(200, 4, noise=5.0, random_state=0)
    model = GradientBoostingRegressor(loss=loss, subsample=0.7, n_estimators=20,
                                      random_state=0).fit(X, y)
    assert np.isfinite(model.oob_scores_).all() and model.oob_improvement_.shape == (20,)
    # Different random subsamples than scikit-learn's, so the same fit only
    # statistically: training R² within 0.05 of theirs.
    theirs = sk.GradientBoostingRegressor(loss=loss, subsample=0.7, n_estimators=20,
                                          random_state=0).fit(X, y)
    assert abs(model.score(X, y) - theirs.score(X, y)) < 0.05
