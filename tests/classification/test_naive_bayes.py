"""Naive Bayes (Gaussian, multinomial, Bernoulli) against scikit-learn's GaussianNB,
MultinomialNB and BernoulliNB, plus partial_fit, gradients, properties and bad input."""

import re
import warnings

import numpy as np
import pytest
from scipy.stats import norm
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
    merge_mean_variance,
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


@pytest.mark.parametrize("binarize, alpha, fit_prior, class_prior", [
    (0.0, 1.0, True, None), (4.0, 1.0, True, None), (8.0, 0.3, False, None),
    (4.0, 1.0, True, [0.02] * 5 + [0.18] * 5),
])
def test_bernoulli_equals_sklearn_on_digits(binarize, alpha, fit_prior, class_prior):
    X, y = load_digits(return_X_y=True)
    ours = BernoulliNaiveBayes(alpha=alpha, binarize=binarize, fit_prior=fit_prior,
                               class_prior=class_prior).fit(X, y)
    theirs = BernoulliNB(alpha=alpha, binarize=binarize, fit_prior=fit_prior,
                         class_prior=class_prior).fit(X, y)
    _assert_same_model(ours, theirs, X)
    np.testing.assert_allclose(ours.feature_log_prob_, theirs.feature_log_prob_, rtol=1e-13)
    np.testing.assert_allclose(ours.class_log_prior_, theirs.class_log_prior_, rtol=1e-13)


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
    # The loss itself (its constant 2π too, which no gradient sees) against SciPy's density.
    label = Y.argmax(axis=1)
    reference = -np.sum(norm.logpdf(X, theta[label], np.sqrt(var[label])))
    assert f_theta(theta) == pytest.approx(reference, rel=1e-13)


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


@pytest.mark.parametrize("model, message", [
    (GaussianNaiveBayes(var_smoothing=-1.0),
     "var_smoothing must be a non-negative number, got -1.0."),
    (GaussianNaiveBayes(var_smoothing="big"),
     "var_smoothing must be a non-negative number, got 'big'."),
    (GaussianNaiveBayes(priors=[0.5, 0.5]),
     "priors must hold one probability per class (3), got shape (2,)."),
    (GaussianNaiveBayes(priors=[0.5, 0.5, 0.5]), "priors must sum to 1, but they sum to 1.5."),
    (GaussianNaiveBayes(priors=[1.5, -0.25, -0.25]),
     "priors must be non-negative and finite, got [ 1.5  -0.25 -0.25]."),
    (GaussianNaiveBayes(priors=[0.5, None, 0.5]),        # None reads as NaN
     "priors must be non-negative and finite, got [0.5 nan 0.5]."),
    (MultinomialNaiveBayes(alpha=-1.0), "alpha must be a non-negative number, got -1.0."),
    (MultinomialNaiveBayes(alpha="one"), "alpha must be a non-negative number, got 'one'."),
    (MultinomialNaiveBayes(fit_prior="yes"), "fit_prior must be True or False, got 'yes'."),
    (MultinomialNaiveBayes(class_prior=[0.5, 0.5]),
     "class_prior must hold one probability per class (3), got shape (2,)."),
    (BernoulliNaiveBayes(binarize="half"), "binarize must be None or a number, got 'half'."),
    (BernoulliNaiveBayes(alpha=np.nan), "alpha must be a non-negative number, got nan."),
    (BernoulliNaiveBayes(fit_prior="yes"), "fit_prior must be True or False, got 'yes'."),
    (BernoulliNaiveBayes(class_prior=[0.5, 0.5]),
     "class_prior must hold one probability per class (3), got shape (2,)."),
])
def test_invalid_hyperparameters(model, message):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        model.fit(X, y)


NEGATIVE_COUNTS = ("Negative values in data passed to MultinomialNaiveBayes (input X): the "
                   "multinomial model needs counts, which are non-negative. Shift or rescale the "
                   "features, or use GaussianNaiveBayes for real-valued data.")


def test_multinomial_rejects_negative_counts():
    X, y = load_digits(return_X_y=True)
    negative = X.copy()
    negative[3, 5] = -1.0
    whole_message = f"^{re.escape(NEGATIVE_COUNTS)}$"
    with pytest.raises(ValueError, match=whole_message):
        MultinomialNaiveBayes().fit(negative, y)
    model = MultinomialNaiveBayes()
    with pytest.raises(ValueError, match=whole_message):
        model.partial_fit(negative, y, classes=np.arange(10))
    assert not hasattr(model, "classes_")           # a failed first call leaves it unfitted
    with pytest.raises(ValueError, match=whole_message):
        MultinomialNaiveBayes().fit(X, y).predict(negative)


def test_bernoulli_without_threshold_needs_binary_input():
    X, y = load_digits(return_X_y=True)
    message = ("BernoulliNaiveBayes with binarize=None needs binary X (0 or 1); set binarize to "
               "a threshold to binarise other values.")
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        BernoulliNaiveBayes(binarize=None).fit(X, y)


def _whole(message):
    return f"^{re.escape(message)}$"


def test_partial_fit_class_list_errors():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=_whole(
            "classes must be passed on the first call to partial_fit: the model needs every "
            "label up front, even those not in this batch.")):
        GaussianNaiveBayes().partial_fit(X, y)
    with pytest.raises(ValueError, match="^BernoulliNaiveBayes needs samples of at least 2 "):
        BernoulliNaiveBayes().partial_fit(X[y == 0], y[y == 0], classes=[0])
    model = MultinomialNaiveBayes().partial_fit(X[y < 2], y[y < 2], classes=[0, 1])
    with pytest.raises(ValueError, match=_whole(
            "The label(s) [2] in y are not among the classes [0, 1] given on the first call "
            "to partial_fit.")):
        model.partial_fit(X, y)
    with pytest.raises(ValueError, match=_whole(
            "classes=[0, 1, 2] differs from the classes [0, 1] given on the first call to "
            "partial_fit.")):
        model.partial_fit(X[y < 2], y[y < 2], classes=[0, 1, 2])
    # Labels that do not even compare with the classes: strings among integer classes, alone
    # or mixed with a known label (which used to end in NumPy's TypeError, not this message).
    for labels, unknown in [(np.array(["b", "a", "b"], dtype=object), "['b', 'a']"),
                            (np.array([1, "a", 0], dtype=object), "['a']")]:
        with pytest.raises(ValueError, match=_whole(
                f"The label(s) {unknown} in y are not among the classes [0, 1] given on the "
                "first call to partial_fit.")):
            model.partial_fit(X[:3], labels)


# -- tests prompted by mutation testing (benchmarks/results/mutation.md) ---------------

@pytest.mark.parametrize("ours, theirs", [(GaussianNaiveBayes, GaussianNB),
                                          (MultinomialNaiveBayes, MultinomialNB),
                                          (BernoulliNaiveBayes, BernoulliNB)])
def test_defaults_are_scikit_learns(ours, theirs):
    mine, reference = ours().get_params(), theirs().get_params()
    assert mine == {name: reference[name] for name in mine}


@pytest.mark.parametrize("ours, theirs", [(MultinomialNaiveBayes, MultinomialNB),
                                          (BernoulliNaiveBayes, BernoulliNB)])
def test_tags_are_scikit_learns(ours, theirs):
    """Counts must be non-negative; both discrete models may score poorly on the
    estimator checks' real-valued data. The same tags as scikit-learn's."""
    mine, reference = ours().__sklearn_tags__(), theirs().__sklearn_tags__()
    assert mine.input_tags.positive_only == reference.input_tags.positive_only
    assert mine.classifier_tags.poor_score == reference.classifier_tags.poor_score is True


def test_merge_keeps_absent_classes_takes_new_ones_and_pools_the_rest():
    """Eq. 7 on five classes: seen before and now (fractional weights, and a single
    earlier sample), only now, only before, never. A class absent from the batch
    keeps its θ and σ² bit for bit and a new class takes the batch's, as documented;
    the merged ones equal the mean and variance of the pooled samples."""
    rng = np.random.default_rng(7)
    d = 30
    n_past = np.array([0.25, 1.0, 0.0, 5.0, 0.0])
    n_new = np.array([0.5, 2.0, 3.0, 0.0, 0.0])      # 3: (b·x)/b ≠ x in some bits
    theta, theta_new = rng.normal(size=(5, d)), rng.normal(size=(5, d))
    var, var_new = rng.uniform(0.5, 2.0, (5, d)), rng.uniform(0.5, 2.0, (5, d))
    theta[[2, 4]] = var[[2, 4]] = theta_new[[3, 4]] = var_new[[3, 4]] = 0.0   # unseen: zeros
    n, theta_total, var_total = merge_mean_variance(n_past, theta, var, n_new, theta_new, var_new)
    np.testing.assert_array_equal(n, n_past + n_new)
    np.testing.assert_array_equal(theta_total[2], theta_new[2])
    np.testing.assert_array_equal(var_total[2], var_new[2])
    np.testing.assert_array_equal(theta_total[3], theta[3])
    np.testing.assert_array_equal(var_total[3], var[3])
    np.testing.assert_array_equal(theta_total[4], 0.0)
    np.testing.assert_array_equal(var_total[4], 0.0)
    for k in (0, 1):
        # Two point masses per side reproduce each side's mean and variance exactly.
        points = np.vstack([theta[k] - np.sqrt(var[k]), theta[k] + np.sqrt(var[k]),
                            theta_new[k] - np.sqrt(var_new[k]), theta_new[k] + np.sqrt(var_new[k])])
        weights = np.repeat([n_past[k] / 2, n_new[k] / 2], 2)
        mean = np.average(points, axis=0, weights=weights)
        np.testing.assert_allclose(theta_total[k], mean, rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(var_total[k], np.average((points - mean) ** 2, axis=0,
                                                            weights=weights), rtol=1e-12)


def test_unweighted_fit_stores_the_plain_class_moments():
    """Without sample_weight, θ_k and σ²_k are the plain class mean and mean squared
    deviation (eq. 6), bit for bit: not a weighted average with unit weights, whose
    sums round differently."""
    X, y = load_wine(return_X_y=True)
    fitted = GaussianNaiveBayes(var_smoothing=0.0).fit(X, y)
    first_batch = GaussianNaiveBayes(var_smoothing=0.0).partial_fit(X, y, classes=[0, 1, 2])
    for model in (fitted, first_batch):
        for k in range(3):
            rows = X[y == k]
            mean = rows.mean(axis=0)
            np.testing.assert_array_equal(model.theta_[k], mean)
            np.testing.assert_array_equal(model.var_[k], ((rows - mean) ** 2).mean(axis=0))


def test_partial_fit_with_a_class_seen_once_equals_one_fit():
    """A class with a single sample in the first batch is merged with the later
    ones (eq. 7), not replaced by them."""
    X, y = load_iris(return_X_y=True)
    first = np.r_[np.flatnonzero(y == 0), np.flatnonzero(y == 1)[:1]]
    rest = np.setdiff1d(np.arange(len(y)), first)
    online = GaussianNaiveBayes(var_smoothing=0.0).partial_fit(X[first], y[first],
                                                                classes=[0, 1, 2])
    assert online.class_count_[1] == 1
    online.partial_fit(X[rest], y[rest])
    full = GaussianNaiveBayes(var_smoothing=0.0).fit(X, y)
    np.testing.assert_allclose(online.theta_, full.theta_, rtol=1e-12)
    np.testing.assert_allclose(online.var_, full.var_, rtol=1e-10)


@pytest.mark.parametrize("ours, theirs", [
    (GaussianNaiveBayes(), GaussianNB()),
    (MultinomialNaiveBayes(), MultinomialNB()),
    (BernoulliNaiveBayes(binarize=4.0), BernoulliNB(binarize=4.0)),
], ids=lambda m: type(m).__name__)
def test_partial_fit_with_sample_weight_equals_sklearn(ours, theirs):
    X, y = load_digits(return_X_y=True)
    X, y = X[:600], y[:600]
    w = np.random.default_rng(1).uniform(0.0, 3.0, len(y))
    for rows in _batches(len(y), 4, seed=3):
        ours.partial_fit(X[rows], y[rows], classes=np.arange(10), sample_weight=w[rows])
        theirs.partial_fit(X[rows], y[rows], classes=np.arange(10), sample_weight=w[rows])
    np.testing.assert_allclose(ours.class_count_, theirs.class_count_, rtol=1e-13)
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X), atol=PROBA_TOL)


@pytest.mark.parametrize("ours, theirs, ruled_out", [
    (GaussianNaiveBayes(priors=[0.5, 0.5, 0.0]), GaussianNB(priors=[0.5, 0.5, 0.0]), 2),
    (MultinomialNaiveBayes(class_prior=[0.0, 0.6, 0.4]),
     MultinomialNB(class_prior=[0.0, 0.6, 0.4]), 0),
], ids=["gaussian", "multinomial"])
def test_a_zero_prior_rules_a_class_out_as_in_sklearn(ours, theirs, ruled_out):
    X, y = load_iris(return_X_y=True)
    proba = ours.fit(X, y).predict_proba(X)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)      # scikit-learn's log 0
        reference = theirs.fit(X, y).predict_proba(X)
    assert np.all(proba[:, ruled_out] == 0)
    np.testing.assert_allclose(proba, reference, atol=PROBA_TOL)
    assert not np.any(ours.predict(X) == ruled_out)


def test_alpha_floor_is_exclusive_and_the_warning_points_at_the_caller(assert_warned_from):
    """As scikit-learn (force_alpha=False): alpha below 1e-10 is raised to it with a
    warning, alpha = 1e-10 itself is used silently. The warning names the line
    that called fit or partial_fit, not the library."""
    X, y = load_digits(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = MultinomialNaiveBayes(alpha=1e-10).fit(X, y)
        theirs = MultinomialNB(alpha=1e-10, force_alpha=False).fit(X, y)
    np.testing.assert_allclose(ours.feature_log_prob_, theirs.feature_log_prob_, rtol=1e-13)
    for model in (MultinomialNaiveBayes(alpha=1e-11), BernoulliNaiveBayes(alpha=0.0)):
        with pytest.warns(UserWarning, match="alpha = 1e-10 is used") as caught:
            model.fit(X, y)
        assert_warned_from(caught[:1], __file__)
        with pytest.warns(UserWarning, match="alpha = 1e-10 is used") as caught:
            model.partial_fit(X, y)
        assert_warned_from(caught[:1], __file__)
