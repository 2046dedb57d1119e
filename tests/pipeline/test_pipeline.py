"""Pipeline and make_pipeline: the same predictions as scikit-learn's Pipeline
of the same steps; parameters by step__param; clear errors."""

import numpy as np
import pytest
from sklearn.pipeline import Pipeline as SkPipeline
from sklearn.pipeline import make_pipeline as sk_make_pipeline

from scratchlearn.classification.logistic_regression import LogisticRegression
from scratchlearn.core.preprocessing import PolynomialFeatures, StandardScaler
from scratchlearn.datasets import load_breast_cancer, load_diabetes, load_wine
from scratchlearn.pipeline import Pipeline, make_pipeline
from scratchlearn.regression.multiple_linear_regression import MultipleLinearRegression


@pytest.mark.parametrize("load", [load_breast_cancer, load_wine])
def test_classifier_pipeline_equals_sklearn(load):
    X, y = load(return_X_y=True)
    steps = lambda: [("scale", StandardScaler()), ("model", LogisticRegression(C=0.5))]  # noqa: E731
    ours = Pipeline(steps()).fit(X, y)
    theirs = SkPipeline(steps()).fit(X, y)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), rtol=0,
                               atol=1e-15)
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X),
                               rtol=1e-15)
    assert ours.score(X, y) == theirs.score(X, y)
    np.testing.assert_array_equal(ours.classes_, np.unique(y))
    assert ours.n_features_in_ == X.shape[1]


def test_regression_pipeline_with_two_transformers_equals_sklearn():
    X, y = load_diabetes(return_X_y=True)
    steps = lambda: (PolynomialFeatures(2), StandardScaler(), MultipleLinearRegression())  # noqa: E731
    ours = make_pipeline(*steps()).fit(X, y)
    theirs = sk_make_pipeline(*steps()).fit(X, y)
    assert [n for n, _ in ours.steps] == [n for n, _ in theirs.steps]
    np.testing.assert_allclose(ours.predict(X), theirs.predict(X), rtol=1e-12)
    assert not hasattr(ours, "predict_proba")
    transform_only = make_pipeline(StandardScaler(), PolynomialFeatures(2))
    np.testing.assert_allclose(transform_only.fit_transform(X),
                               sk_make_pipeline(StandardScaler(), PolynomialFeatures(2))
                               .fit_transform(X), rtol=1e-12)


def test_params_by_step_name():
    pipe = Pipeline([("scale", StandardScaler()), ("model", LogisticRegression())])
    params = pipe.get_params()
    assert params["model__C"] == 1.0 and params["scale"] is pipe.steps[0][1]
    assert set(pipe.get_params(deep=False)) == {"steps"}
    pipe.set_params(model__C=3.0, scale__with_mean=False)
    assert pipe.named_steps["model"].C == 3.0 and not pipe["scale"].with_mean
    original = pipe.steps
    pipe.set_params(scale=PolynomialFeatures())
    assert type(pipe[0]) is PolynomialFeatures and type(original[0][1]) is StandardScaler
    assert len(pipe) == 2 and len(pipe[:1]) == 1
    with pytest.raises(ValueError, match="no step 'modle'.*'model__C'"):
        pipe.set_params(modle__C=1.0)


def test_make_pipeline_numbers_repeated_classes():
    pipe = make_pipeline(StandardScaler(), StandardScaler(), LogisticRegression())
    assert [n for n, _ in pipe.steps] == ["standardscaler-1", "standardscaler-2",
                                          "logisticregression"]


def test_bad_steps():
    X, y = load_wine(return_X_y=True)
    with pytest.raises(TypeError, match="must be a transformer"):
        Pipeline([("model", LogisticRegression()), ("scale", StandardScaler())]).fit(X, y)
    with pytest.raises(ValueError, match="unique"):
        Pipeline([("a", StandardScaler()), ("a", LogisticRegression())]).fit(X, y)
    with pytest.raises(ValueError, match="'__'"):
        Pipeline([("a__b", StandardScaler()), ("m", LogisticRegression())]).fit(X, y)
    with pytest.raises(ValueError, match="non-empty"):
        Pipeline([]).fit(X, y)
