"""Tree ensembles fit and predict the same under both engines.

Every ensemble here is built from scratchlearn's trees: with
``engine="plain"`` each tree is grown by model.py's CART and each tree is
walked alone; with ``engine="fast"`` by the level-wise grower and the
all-trees-at-once walk (forest_walk.py). With a fixed random_state the two
must give identical predictions, probabilities and decision functions, on
bundled data and on hypothesis data full of ties.
"""

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scratchlearn
from scratchlearn.datasets import load_breast_cancer, load_diabetes, load_iris, load_wine
from scratchlearn.ensemble.adaboost import AdaBoostClassifier
from scratchlearn.ensemble.bagging import BaggingClassifier, BaggingRegressor
from scratchlearn.ensemble.gradient_boosting import (
    GradientBoostingClassifier,
    GradientBoostingRegressor,
)
from scratchlearn.ensemble.random_forest import RandomForestClassifier, RandomForestRegressor

CLASSIFIERS = [
    RandomForestClassifier(n_estimators=8, random_state=0),
    RandomForestClassifier(n_estimators=5, criterion="entropy", max_features=None,
                           bootstrap=False, random_state=1),
    BaggingClassifier(n_estimators=6, max_features=0.6, random_state=2),
    AdaBoostClassifier(n_estimators=10, random_state=3),
    GradientBoostingClassifier(n_estimators=6, max_depth=2, subsample=0.8, random_state=4),
]
REGRESSORS = [
    RandomForestRegressor(n_estimators=6, max_features=0.5, random_state=0),
    BaggingRegressor(n_estimators=5, max_features=0.7, random_state=1),
    GradientBoostingRegressor(n_estimators=8, random_state=2),
    GradientBoostingRegressor(loss="absolute_error", n_estimators=6, subsample=0.7,
                              random_state=3),
    GradientBoostingRegressor(loss="huber", n_estimators=6, max_features=3, random_state=4),
]


def fit_both(model, X, y):
    fitted = []
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            fitted.append(type(model)(**model.get_params()).fit(X, y))
    return fitted


def assert_same_outputs(plain, fast, X):
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            for method in ("predict", "predict_proba", "decision_function"):
                if hasattr(plain, method):
                    np.testing.assert_array_equal(getattr(plain, method)(X),
                                                  getattr(fast, method)(X), err_msg=method)


@pytest.mark.parametrize("model", CLASSIFIERS, ids=lambda m: type(m).__name__)
@pytest.mark.parametrize("loader", [load_iris, load_wine, load_breast_cancer],
                         ids=lambda f: f.__name__)
def test_classifier_ensembles_agree_across_engines(model, loader):
    X, y = loader(return_X_y=True)
    plain, fast = fit_both(model, X, y)
    assert_same_outputs(plain, fast, X)


@pytest.mark.parametrize("model", REGRESSORS, ids=lambda m: f"{type(m).__name__}")
@pytest.mark.parametrize("scaled", [True, False])
def test_regressor_ensembles_agree_across_engines(model, scaled):
    X, y = load_diabetes(return_X_y=True, scaled=scaled)
    plain, fast = fit_both(model, X[:250], y[:250])
    assert_same_outputs(plain, fast, X)


@st.composite
def tied_data(draw):
    """Rows drawn with repetition from a few distinct rows of small integers,
    a class (or target) that appears once."""
    d = draw(st.integers(1, 4))
    base = np.array(draw(st.lists(st.lists(st.integers(0, 3), min_size=d, max_size=d),
                                  min_size=2, max_size=12)), dtype=float)
    rows = draw(st.lists(st.integers(0, len(base) - 1), min_size=6, max_size=40))
    X = base[rows]
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=len(rows), max_size=len(rows))))
    y[draw(st.integers(0, len(rows) - 1))] = 2
    return X, y


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=tied_data(), which=st.integers(0, len(CLASSIFIERS) + len(REGRESSORS) - 1),
       seed=st.integers(0, 1000))
def test_ensembles_agree_across_engines_on_tied_data(data, which, seed):
    X, y = data
    model = (CLASSIFIERS + REGRESSORS)[which]
    model = type(model)(**{**model.get_params(), "random_state": seed})
    if "max_features" in model.get_params() and isinstance(model.max_features, int):
        model.set_params(max_features=min(model.max_features, X.shape[1]))
    if which >= len(CLASSIFIERS):
        y = y * 1.5 + X[:, 0]
    plain, fast = fit_both(model, X, y)
    assert_same_outputs(plain, fast, X)
