"""Naive Bayes (Gaussian, multinomial, Bernoulli) against scikit-learn's GaussianNB,
MultinomialNB and BernoulliNB, plus partial_fit, gradients, properties and bad input."""

import numpy as np
import pytest
from sklearn.naive_bayes import BernoulliNB, GaussianNB, MultinomialNB

from scratchlearn.classification.naive_bayes import (
    BernoulliNaiveBayes,
    GaussianNaiveBayes,
    MultinomialNaiveBayes,
)
from scratchlearn.classification.naive_bayes.model import (
    class_mean_variance,
    gaussian_log_likelihood,
    gaussian_nll_and_gradient,
    pooled_variance,
)
from scratchlearn.core import NotFittedError, check_gradient, one_hot
from scratchlearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_classification,
)

PROBA_TOL = 1e-8


def _counts(n=600, d=40, k=4, seed=0):
    """Synthetic word counts: each class draws Poisson counts from its own rates."""
    rng = np.random.default_rng(seed)
    rates = rng.gamma(0.6, 2.0, size=(k, d))
    y = rng.integers(0, k, n)
    return rng.poisson(rates[y]).astype(float), y


def _assert_same_model(ours, theirs, X):
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X),
                               rtol=0, atol=PROBA_TOL)
    np.testing.assert_allclose(ours.predict_log_proba(X), theirs.predict_log_proba(X),
                               rtol=1e-10, atol=1e-8)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)


# ---------------------------------------------------------------------------
# Reference comparisons
# ---------------------------------------------------------------------------

GAUSSIAN_DATA = {
    "wine": lambda: load_wine(return_X_y=True),
    "iris": lambda: load_iris(return_X_y=True),
    "breast_cancer": lambda: load_breast_cancer(return_X_y=True),
    "synthetic": lambda: make_classification(500, 12, n_informative=4, n_classes=3,
                                             random_state=1),
}


@pytest.mark.parametrize("name", GAUSSIAN_DATA)
def test_gaussian_equals_sklearn(name):
    X, y = GAUSSIAN_DATA[name]()
    ours, theirs = GaussianNaiveBayes().fit(X, y), GaussianNB().fit(X, y)
    _assert_same_model(ours, theirs, X)
    np.testing.assert_allclose(ours.theta_, theirs.theta_, rtol=1e-12)
    np.testing.assert_allclose(ours.var_, theirs.var_, rtol=1e-10)
    np.testing.assert_allclose(ours.class_prior_, theirs.class_prior_, rtol=1e-14)
    np.testing.assert_allclose(ours.class_count_, theirs.class_count_)
    assert ours.epsilon_ == pytest.approx(theirs.epsilon_, rel=1e-12)


@pytest.mark.parametrize("var_smoothing", [0.0, 1e-9, 1e-2])
def test_gaussian_priors_and_smoothing_equal_sklearn(var_smoothing):
    X, y = load_wine(return_X_y=True)
    priors = [0.2, 0.5, 0.3]
    ours = GaussianNaiveBayes(priors=priors, var_smoothing=var_smoothing).fit(X, y)
    theirs = GaussianNB(priors=priors, var_smoothing=var_smoothing).fit(X, y)
    _assert_same_model(ours, theirs, X)


def test_gaussian_log_likelihood_matches_direct_sum(rng):
    """The expanded matrix-product form of eq. 5 equals the plain sum over features."""
    X = rng.normal(50, 10, (30, 5))
    theta = rng.normal(50, 10, (3, 5))
    var = rng.uniform(0.1, 5, (3, 5))
    direct = -0.5 * np.sum(np.log(2 * np.pi * var)[None]
                           + (X[:, None, :] - theta[None]) ** 2 / var[None], axis=2)
    np.testing.assert_allclose(gaussian_log_likelihood(X, theta, var), direct, rtol=1e-12)


def test_class_moments_and_law_of_total_variance(rng):
    X = rng.normal(1e4, 3.0, (300, 4))              # a large mean: E[x²] − E[x]² would fail
    y = rng.integers(0, 3, 300)
    w = rng.uniform(0.0, 2.0, 300)
    N, theta, var = class_mean_variance(X, y, 4, w)    # class 3 has no samples
    for k in range(3):
        rows = y == k
        mean = np.average(X[rows], axis=0, weights=w[rows])
        np.testing.assert_allclose(theta[k], mean, rtol=1e-14)
        np.testing.assert_allclose(var[k], np.average((X[rows] - mean) ** 2, axis=0,
                                                      weights=w[rows]), rtol=1e-10)
    assert N[3] == 0 and np.all(theta[3] == 0)
    N, theta, var = class_mean_variance(X, y, 3)
    np.testing.assert_allclose(pooled_variance(N, theta, var), np.var(X, axis=0), rtol=1e-10)


@pytest.mark.parametrize("alpha, fit_prior, class_prior", [
    (1.0, True, None), (0.1, True, None), (2.5, False, None), (1.0, True, [0.1] * 10),
])
def test_multinomial_equals_sklearn_on_digits(alpha, fit_prior, class_prior):
    X, y = load_digits(return_X_y=True)
    ours = MultinomialNaiveBayes(alpha=alpha, fit_prior=fit_prior,
                                 class_prior=class_prior).fit(X, y)
    theirs = MultinomialNB(alpha=alpha, fit_prior=fit_prior, class_prior=class_prior).fit(X, y)
    _assert_same_model(ours, theirs, X)
    np.testing.assert_allclose(ours.feature_log_prob_, theirs.feature_log_prob_, rtol=1e-13)
    np.testing.assert_allclose(ours.class_log_prior_, theirs.class_log_prior_, rtol=1e-13)
    np.testing.assert_array_equal(ours.feature_count_, theirs.feature_count_)


@pytest.mark.parametrize("name", ["wine", "synthetic"])
def test_multinomial_equals_sklearn_on_other_counts(name):
    X, y = load_wine(return_X_y=True) if name == "wine" else _counts()
    ours, theirs = MultinomialNaiveBayes().fit(X, y), MultinomialNB().fit(X, y)
    _assert_same_model(ours, theirs, X)


def test_multinomial_smoothing_by_hand():
    """Eq. 9 on a three-word vocabulary, computed by hand."""
    X = np.array([[2, 1, 0], [1, 0, 0], [0, 0, 3]])
    y = np.array([0, 0, 1])
    model = MultinomialNaiveBayes(alpha=1.0).fit(X, y)
    # class 0: word counts (3, 1, 0) + 1 → (4, 2, 1) / 7; class 1: (0, 0, 3) + 1 → (1, 1, 4) / 6
    expected = np.log([[4 / 7, 2 / 7, 1 / 7], [1 / 6, 1 / 6, 4 / 6]])
    np.testing.assert_allclose(model.feature_log_prob_, expected, rtol=1e-14)
    np.testing.assert_allclose(np.exp(model.class_log_prior_), [2 / 3, 1 / 3], rtol=1e-14)


@pytest.mark.parametrize("binarize, alpha, fit_prior", [
    (0.0, 1.0, True), (4.0, 1.0, True), (8.0, 0.3, False),
])
def test_bernoulli_equals_sklearn_on_digits(binarize, alpha, fit_prior):
    X, y = load_digits(return_X_y=True)
    ours = BernoulliNaiveBayes(alpha=alpha, binarize=binarize, fit_prior=fit_prior).fit(X, y)
    theirs = BernoulliNB(alpha=alpha, binarize=binarize, fit_prior=fit_prior).fit(X, y)
    _assert_same_model(ours, theirs, X)
    np.testing.assert_allclose(ours.feature_log_prob_, theirs.feature_log_prob_, rtol=1e-13)


def test_bernoulli_equals_sklearn_on_breast_cancer_and_binary_input():
    X, y = load_breast_cancer(return_X_y=True)
    threshold = float(np.median(X))
    _assert_same_model(BernoulliNaiveBayes(binarize=threshold).fit(X, y),
                       BernoulliNB(binarize=threshold).fit(X, y), X)
    B, y = _counts(seed=3)
    B = (B > 0).astype(float)
    _assert_same_model(BernoulliNaiveBayes(binarize=None).fit(B, y),
                       BernoulliNB(binarize=None).fit(B, y), B)


def test_tiny_alpha_is_floored_like_sklearn():
    X, y = load_digits(return_X_y=True)
    with pytest.warns(UserWarning, match="alpha"):
        ours = MultinomialNaiveBayes(alpha=0.0).fit(X, y)
    with pytest.warns(UserWarning):
        theirs = MultinomialNB(alpha=0.0, force_alpha=False).fit(X, y)
    _assert_same_model(ours, theirs, X)
    assert np.all(np.isfinite(ours.predict_log_proba(X)))


@pytest.mark.parametrize("model", [GaussianNaiveBayes(), MultinomialNaiveBayes(),
                                   BernoulliNaiveBayes(binarize=4.0)], ids=type)
def test_sample_weight_equals_sklearn_and_repetition(model):
    X, y = load_digits(return_X_y=True)
    X, y = X[:400], y[:400]
    w = np.random.default_rng(0).integers(0, 4, len(y)).astype(float)
    reference = {GaussianNaiveBayes: GaussianNB(), MultinomialNaiveBayes: MultinomialNB(),
                 BernoulliNaiveBayes: BernoulliNB(binarize=4.0)}[type(model)]
    ours = model.fit(X, y, sample_weight=w)
    reference.fit(X, y, sample_weight=w)
    np.testing.assert_allclose(ours.predict_proba(X), reference.predict_proba(X),
                               atol=PROBA_TOL)
    if not isinstance(model, GaussianNaiveBayes):      # ε depends on unweighted variance
        repeated = type(model)(**model.get_params()).fit(np.repeat(X, w.astype(int), axis=0),
                                                        np.repeat(y, w.astype(int)))
        np.testing.assert_allclose(ours.predict_proba(X), repeated.predict_proba(X),
                                   atol=1e-12)


# ---------------------------------------------------------------------------
# Online learning
# ---------------------------------------------------------------------------

def _batches(n, n_batches, seed=0):
    return np.array_split(np.random.default_rng(seed).permutation(n), n_batches)


@pytest.mark.parametrize("make, reference, loader", [
    (GaussianNaiveBayes, GaussianNB, load_wine),
    (GaussianNaiveBayes, GaussianNB, load_iris),
    (MultinomialNaiveBayes, MultinomialNB, load_digits),
    (lambda: BernoulliNaiveBayes(binarize=4.0), lambda: BernoulliNB(binarize=4.0), load_digits),
])
def test_partial_fit_equals_sklearn_partial_fit(make, reference, loader):
    X, y = loader(return_X_y=True)
    ours, theirs = make(), reference()
    classes = np.unique(y)
    for rows in _batches(len(y), 7):
        ours.partial_fit(X[rows], y[rows], classes=classes)
        theirs.partial_fit(X[rows], y[rows], classes=classes)
    _assert_same_model(ours, theirs, X)
    if isinstance(ours, GaussianNaiveBayes):
        np.testing.assert_allclose(ours.var_, theirs.var_, rtol=1e-10)
        np.testing.assert_allclose(ours.theta_, theirs.theta_, rtol=1e-12)


@pytest.mark.parametrize("model", [MultinomialNaiveBayes(alpha=0.5),
                                   BernoulliNaiveBayes(binarize=6.0)], ids=type)
def test_discrete_partial_fit_over_batches_equals_one_fit(model):
    X, y = load_digits(return_X_y=True)
    online = type(model)(**model.get_params())
    online.partial_fit(X[:5], y[:5], classes=np.arange(10))   # a batch missing classes
    for rows in np.array_split(np.arange(5, len(y)), 6):
        online.partial_fit(X[rows], y[rows])
    full = model.fit(X, y)
    np.testing.assert_allclose(online.feature_count_, full.feature_count_, rtol=1e-13)
    np.testing.assert_allclose(online.predict_proba(X), full.predict_proba(X), atol=1e-12)


@pytest.mark.parametrize("loader", [load_wine, load_iris])
def test_gaussian_partial_fit_running_moments_equal_one_fit(loader):
    """Without ε the merged mean and variance (eq. 7) equal one fit exactly."""
    X, y = loader(return_X_y=True)
    online = GaussianNaiveBayes(var_smoothing=0.0)
    for i, rows in enumerate(_batches(len(y), 9, seed=2)):
        online.partial_fit(X[rows], y[rows], classes=[0, 1, 2] if i == 0 else None)
    full = GaussianNaiveBayes(var_smoothing=0.0).fit(X, y)
    np.testing.assert_allclose(online.theta_, full.theta_, rtol=1e-12)
    np.testing.assert_allclose(online.var_, full.var_, rtol=1e-10)
    np.testing.assert_allclose(online.class_count_, full.class_count_)
    np.testing.assert_allclose(online.predict_proba(X), full.predict_proba(X), atol=1e-10)


def test_gaussian_partial_fit_epsilon_follows_sklearn():
    """With ε > 0, scikit-learn's per-batch ε makes batches differ from one fit by
    a few ε; ours follows it exactly, so the gap is the same and that small."""
    X, y = load_wine(return_X_y=True)
    ours = GaussianNaiveBayes(var_smoothing=1e-3)
    theirs = GaussianNB(var_smoothing=1e-3)
    for rows in _batches(len(y), 5, seed=4):
        ours.partial_fit(X[rows], y[rows], classes=[0, 1, 2])
        theirs.partial_fit(X[rows], y[rows], classes=[0, 1, 2])
    full = GaussianNaiveBayes(var_smoothing=1e-3).fit(X, y)
    np.testing.assert_allclose(ours.var_, theirs.var_, rtol=1e-12)
    gap = np.abs(ours.var_ - full.var_)
    assert gap.max() > 0                          # the ε handling does show
    assert gap.max() <= 2 * max(ours.epsilon_, full.epsilon_)


def test_partial_fit_with_unseen_class_gives_it_zero_probability():
    X, y = load_iris(return_X_y=True)
    model = GaussianNaiveBayes().partial_fit(X[y < 2], y[y < 2], classes=[0, 1, 2])
    proba = model.predict_proba(X)
    assert np.all(proba[:, 2] == 0) and np.allclose(proba.sum(axis=1), 1)
    model.partial_fit(X[y == 2], y[y == 2])
    np.testing.assert_allclose(model.predict_proba(X),
                               GaussianNaiveBayes().fit(X, y).predict_proba(X), atol=1e-6)


# ---------------------------------------------------------------------------
# The maximum-likelihood estimates (eq. 6) and the gradient of eq. 5
# ---------------------------------------------------------------------------

def test_gaussian_gradient_matches_finite_differences(rng):
    X = rng.normal(size=(40, 3))
    Y = one_hot(rng.integers(0, 2, 40), 2)
    theta = rng.normal(size=(2, 3))
    var = rng.uniform(0.5, 2.0, (2, 3))

    def f_theta(t):
        return gaussian_nll_and_gradient(t, var, X, Y)[0]

    def f_var(v):
        return gaussian_nll_and_gradient(theta, v, X, Y)[0]

    assert check_gradient(f_theta, lambda t: gaussian_nll_and_gradient(t, var, X, Y)[1],
                          theta) < 1e-6
    assert check_gradient(f_var, lambda v: gaussian_nll_and_gradient(theta, v, X, Y)[2],
                          var) < 1e-6


def test_fitted_gaussian_is_the_maximum_likelihood_estimate():
    X, y = load_iris(return_X_y=True)
    model = GaussianNaiveBayes(var_smoothing=0.0).fit(X, y)
    _, grad_theta, grad_var = gaussian_nll_and_gradient(model.theta_, model.var_, X,
                                                        one_hot(y, 3))
    assert np.abs(grad_theta).max() < 1e-8
    assert np.abs(grad_var).max() < 1e-6 * np.abs(1 / model.var_).max()


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

MODELS = [GaussianNaiveBayes(), MultinomialNaiveBayes(), BernoulliNaiveBayes(binarize=4.0)]


@pytest.mark.parametrize("model", MODELS, ids=type)
def test_row_order_invariance(model):
    X, y = load_digits(return_X_y=True)
    order = np.random.default_rng(5).permutation(len(y))
    a = type(model)(**model.get_params()).fit(X, y).predict_proba(X)
    b = type(model)(**model.get_params()).fit(X[order], y[order]).predict_proba(X)
    np.testing.assert_allclose(a, b, atol=1e-10)


@pytest.mark.parametrize("model", MODELS, ids=type)
def test_string_labels_and_label_permutation(model):
    X, y = load_wine(return_X_y=True)
    names = np.array(["zinfandel", "barolo", "grignolino"])   # not in sorted order
    numeric = type(model)(**model.get_params()).fit(X, y)
    named = type(model)(**model.get_params()).fit(X, names[y])
    assert list(named.classes_) == sorted(names)
    column = np.searchsorted(named.classes_, names)           # class k's column in named
    np.testing.assert_allclose(named.predict_proba(X)[:, column], numeric.predict_proba(X),
                               atol=1e-12)
    np.testing.assert_array_equal(named.predict(X), names[numeric.predict(X)])


def test_log_space_survives_underflow():
    """Long documents: Π θ^x underflows to 0 for every class, log space does not."""
    X, y = load_digits(return_X_y=True)
    X_long = X * 200
    ours = MultinomialNaiveBayes().fit(X, y)
    theirs = MultinomialNB().fit(X, y)
    jll = ours.predict_joint_log_proba(X_long)
    assert np.all(np.exp(jll) == 0)                  # the naive product is gone
    proba = ours.predict_proba(X_long)
    assert np.all(np.isfinite(proba)) and np.allclose(proba.sum(axis=1), 1)
    np.testing.assert_allclose(proba, theirs.predict_proba(X_long), atol=PROBA_TOL)


def test_fit_is_deterministic_and_refit_starts_over():
    X, y = load_wine(return_X_y=True)
    model = GaussianNaiveBayes()
    model.partial_fit(X[:50], y[:50], classes=[0, 1, 2])
    first = model.fit(X, y).predict_proba(X)
    np.testing.assert_array_equal(first, GaussianNaiveBayes().fit(X, y).predict_proba(X))


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("model", MODELS, ids=type)
def test_bad_input(model):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(NotFittedError):
        type(model)().predict(X)
    bad = X.copy()
    bad[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        model.fit(bad, y)
    with pytest.raises(ValueError, match="2D"):
        model.fit(X[:, 0], y)
    with pytest.raises(ValueError, match=f"^{type(model).__name__} needs samples of at least 2"):
        model.fit(X, np.zeros(len(y)))
    model.fit(X, y)
    with pytest.raises(ValueError, match="expecting 4 features"):
        model.predict(X[:, :3])
    with pytest.raises(ValueError, match="expecting 4 features"):
        model.partial_fit(X[:, :3], y)


@pytest.mark.parametrize("model, match", [
    (GaussianNaiveBayes(var_smoothing=-1.0), "var_smoothing"),
    (GaussianNaiveBayes(var_smoothing="big"), "var_smoothing"),
    (GaussianNaiveBayes(priors=[0.5, 0.5]), "priors"),
    (GaussianNaiveBayes(priors=[0.5, 0.5, 0.5]), "priors must sum to 1"),
    (GaussianNaiveBayes(priors=[1.5, -0.25, -0.25]), "priors must be non-negative"),
    (MultinomialNaiveBayes(alpha=-1.0), "alpha"),
    (MultinomialNaiveBayes(alpha="one"), "alpha"),
    (MultinomialNaiveBayes(fit_prior="yes"), "fit_prior"),
    (MultinomialNaiveBayes(class_prior=[0.5, 0.5]), "class_prior"),
    (BernoulliNaiveBayes(binarize="half"), "binarize"),
    (BernoulliNaiveBayes(alpha=np.nan), "alpha"),
])
def test_invalid_hyperparameters(model, match):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=match):
        model.fit(X, y)


def test_multinomial_rejects_negative_counts():
    X, y = load_digits(return_X_y=True)
    negative = X.copy()
    negative[3, 5] = -1.0
    with pytest.raises(ValueError, match="Negative values"):
        MultinomialNaiveBayes().fit(negative, y)
    model = MultinomialNaiveBayes()
    with pytest.raises(ValueError, match="Negative values"):
        model.partial_fit(negative, y, classes=np.arange(10))
    assert not hasattr(model, "classes_")           # a failed first call leaves it unfitted
    with pytest.raises(ValueError, match="Negative values"):
        MultinomialNaiveBayes().fit(X, y).predict(negative)


def test_bernoulli_without_threshold_needs_binary_input():
    X, y = load_digits(return_X_y=True)
    with pytest.raises(ValueError, match="binarize=None"):
        BernoulliNaiveBayes(binarize=None).fit(X, y)


def test_partial_fit_class_list_errors():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match="classes must be passed"):
        GaussianNaiveBayes().partial_fit(X, y)
    model = MultinomialNaiveBayes().partial_fit(X[y < 2], y[y < 2], classes=[0, 1])
    with pytest.raises(ValueError, match="not among the classes"):
        model.partial_fit(X, y)
    with pytest.raises(ValueError, match="differs from the classes"):
        model.partial_fit(X[y < 2], y[y < 2], classes=[0, 1, 2])


# -- tests prompted by mutation testing (benchmarks/results/mutation.md) ---------------

@pytest.mark.parametrize("ours, theirs", [(GaussianNaiveBayes, GaussianNB),
                                          (MultinomialNaiveBayes, MultinomialNB),
                                          (BernoulliNaiveBayes, BernoulliNB)])
def test_defaults_are_scikit_learns(ours, theirs):
    mine, reference = ours().get_params(), theirs().get_params()
    assert mine == {name: reference[name] for name in mine}
