"""Linear and quadratic discriminant analysis against scikit-learn's, plus the
closed forms behind them (eqs. 4, 12), Fisher's criterion, properties and bad input."""

import re
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn import discriminant_analysis as sk

from scratchlearn.classification.discriminant_analysis import (
    LinearDiscriminantAnalysis,
    QuadraticDiscriminantAnalysis,
)
from scratchlearn.classification.discriminant_analysis.model import (
    generalized_eigh,
    orient_axes,
    shrunk_covariance,
)
from scratchlearn.core import NotFittedError, check_gradient
from scratchlearn.datasets import load_breast_cancer, load_iris, load_wine, make_classification

PROBA_TOL = 1e-8

DATA = {
    "wine": lambda: load_wine(return_X_y=True),
    "iris": lambda: load_iris(return_X_y=True),
    "breast_cancer": lambda: load_breast_cancer(return_X_y=True),
    "synthetic": lambda: make_classification(400, 8, n_informative=5, n_redundant=0,
                                             n_classes=4, random_state=3),
}


def _same_up_to_axis_sign(ours, theirs, tol):
    """max |ours − theirs| after flipping each of our columns to theirs, relative."""
    signs = np.sign(np.sum(ours * theirs, axis=0))
    return np.max(np.abs(ours * signs - theirs)) / np.max(np.abs(theirs)) <= tol


def _assert_same_classifier(ours, theirs, X):
    np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X),
                               rtol=0, atol=PROBA_TOL)
    p = theirs.predict_proba(X)
    confident = p > 1e-12           # scikit-learn's log of a rounded-to-0 probability is -708
    np.testing.assert_allclose(ours.predict_log_proba(X)[confident],
                               theirs.predict_log_proba(X)[confident], rtol=1e-7, atol=1e-8)
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_array_equal(ours.classes_, theirs.classes_)
    scale = np.max(np.abs(theirs.decision_function(X)))
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X),
                               rtol=0, atol=1e-9 * scale)
    np.testing.assert_allclose(ours.means_, theirs.means_, rtol=1e-12)
    np.testing.assert_allclose(ours.priors_, theirs.priors_, rtol=1e-14)


# ---------------------------------------------------------------------------
# LDA against scikit-learn
# ---------------------------------------------------------------------------

LDA_SETTINGS = [dict(solver="svd"), dict(solver="eigen"),
                dict(solver="eigen", shrinkage=0.1), dict(solver="eigen", shrinkage=0.5)]


@pytest.mark.parametrize("name", DATA)
@pytest.mark.parametrize("params", LDA_SETTINGS, ids=str)
def test_lda_equals_sklearn(name, params):
    X, y = DATA[name]()
    ours = LinearDiscriminantAnalysis(**params).fit(X, y)
    theirs = sk.LinearDiscriminantAnalysis(**params).fit(X, y)
    _assert_same_classifier(ours, theirs, X)
    scale = np.max(np.abs(theirs.coef_))
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-9 * scale)
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=1e-9,
                               atol=1e-9 * np.max(np.abs(theirs.intercept_)))
    np.testing.assert_allclose(ours.explained_variance_ratio_,
                               theirs.explained_variance_ratio_, rtol=0, atol=1e-10)
    T_ours, T_theirs = ours.transform(X), theirs.transform(X)
    assert T_ours.shape == T_theirs.shape
    assert ours.scalings_.shape == theirs.scalings_.shape     # svd: only axes with s > tol·s₁
    assert _same_up_to_axis_sign(T_ours, T_theirs, PROBA_TOL)
    if params["solver"] == "eigen":
        np.testing.assert_allclose(ours.covariance_, theirs.covariance_, rtol=1e-10,
                                   atol=1e-12 * np.max(np.abs(theirs.covariance_)))
    else:
        np.testing.assert_allclose(ours.xbar_, theirs.xbar_, rtol=1e-12)


@pytest.mark.parametrize("solver", ["svd", "eigen"])
def test_lda_priors_store_covariance_and_n_components_equal_sklearn(solver):
    X, y = load_wine(return_X_y=True)
    params = dict(solver=solver, priors=[0.5, 0.2, 0.3], n_components=1)
    if solver == "svd":
        params["store_covariance"] = True
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # priors that sum to 1 are taken as they are
        ours = LinearDiscriminantAnalysis(**params).fit(X, y)
    theirs = sk.LinearDiscriminantAnalysis(**params).fit(X, y)
    _assert_same_classifier(ours, theirs, X)
    assert ours.transform(X).shape == (len(X), 1)
    assert _same_up_to_axis_sign(ours.transform(X), theirs.transform(X), PROBA_TOL)
    np.testing.assert_allclose(ours.covariance_, theirs.covariance_, rtol=1e-10)
    np.testing.assert_allclose(ours.explained_variance_ratio_,
                               theirs.explained_variance_ratio_, atol=1e-10)


@pytest.mark.parametrize("priors, total", [([2, 1, 1], "4"), ([0.5, 0.5, 0.5], "1.5")])
def test_lda_renormalises_priors_like_sklearn(priors, total, assert_warned_from):
    X, y = load_iris(return_X_y=True)
    message = f"The priors sum to {total}, not 1: renormalising them."
    with pytest.warns(UserWarning, match=f"^{re.escape(message)}$") as caught:
        ours = LinearDiscriminantAnalysis(priors=priors).fit(X, y)
    assert_warned_from(caught[:1], __file__)          # stacklevel=3: the line that called fit
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        theirs = sk.LinearDiscriminantAnalysis(priors=priors).fit(X, y)
    _assert_same_classifier(ours, theirs, X)


def test_priors_may_be_zero_or_exact_fractions_like_sklearn():
    """A zero prior is allowed (that class is never predicted), and priors are
    read as floats, so exact fractions work; QDA takes them as LDA does."""
    X, y = load_iris(return_X_y=True)
    for priors in ([0.0, 0.5, 0.5], [Fraction(1, 2), Fraction(1, 4), Fraction(1, 4)]):
        expected = [float(p) for p in priors]
        with np.errstate(divide="ignore"):                  # log π = −∞ for a zero prior
            for ours, theirs in [
                (LinearDiscriminantAnalysis(priors=priors),
                 sk.LinearDiscriminantAnalysis(priors=expected)),
                (QuadraticDiscriminantAnalysis(priors=priors),
                 sk.QuadraticDiscriminantAnalysis(priors=expected))]:
                ours.fit(X, y)
                theirs.fit(X, y)
                assert ours.priors_.dtype == np.float64
                np.testing.assert_array_equal(ours.priors_, expected)
                np.testing.assert_allclose(ours.predict_proba(X), theirs.predict_proba(X),
                                           rtol=0, atol=PROBA_TOL)
                np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))


def test_lda_svd_tol_drops_weak_axes_like_sklearn():
    """Iris's second singular value is 0.094 of the first: tol=0.1 keeps one axis.
    Identical class means give all singular values 0 and no axis at all; tol=0 is
    allowed and still drops a constant feature's zero within-class variance."""
    X, y = load_iris(return_X_y=True)
    E = np.random.default_rng(0).standard_normal((10, 3))
    cases = [(X, y, dict(tol=0.1)),
             (np.vstack([E, E]), np.repeat([0, 1], 10), {}),
             (np.column_stack([X, np.ones(len(X))]), y, dict(tol=0.0))]
    for X_case, y_case, params in cases:
        with np.errstate(invalid="ignore"):                 # 0/0 ratios with equal means
            ours = LinearDiscriminantAnalysis(**params).fit(X_case, y_case)
            theirs = sk.LinearDiscriminantAnalysis(**params).fit(X_case, y_case)
        assert ours.scalings_.shape == theirs.scalings_.shape
        assert ours.transform(X_case).shape == theirs.transform(X_case).shape
        np.testing.assert_allclose(ours.predict_proba(X_case), theirs.predict_proba(X_case),
                                   rtol=0, atol=PROBA_TOL)
    assert ours.scalings_.shape == (5, 3) and np.all(ours.scalings_[-1] == 0)


def test_boundary_parameters_are_allowed_like_sklearn():
    """The closed ends of [0, 1] for shrinkage and reg_param, n_components at its
    maximum min(K − 1, d) and tol=0 for QDA; store_covariance is off by default."""
    X, y = load_iris(return_X_y=True)
    for params in (dict(solver="eigen", shrinkage=0.0), dict(solver="eigen", shrinkage=1.0),
                   dict(n_components=2)):
        ours = LinearDiscriminantAnalysis(**params).fit(X, y)
        theirs = sk.LinearDiscriminantAnalysis(**params).fit(X, y)
        _assert_same_classifier(ours, theirs, X)
        assert ours.transform(X).shape == theirs.transform(X).shape
    for params in (dict(reg_param=1.0), dict(tol=0.0)):
        ours = QuadraticDiscriminantAnalysis(**params).fit(X, y)
        theirs = sk.QuadraticDiscriminantAnalysis(**params).fit(X, y)
        _assert_same_classifier(ours, theirs, X)
    assert not hasattr(LinearDiscriminantAnalysis().fit(X, y), "covariance_")
    assert not hasattr(sk.LinearDiscriminantAnalysis().fit(X, y), "covariance_")


@pytest.mark.parametrize("n_components", [None, 1])
def test_lda_feature_names_out_equal_sklearn(n_components):
    X, y = load_iris(return_X_y=True)
    ours = LinearDiscriminantAnalysis(n_components=n_components).fit(X, y)
    theirs = sk.LinearDiscriminantAnalysis(n_components=n_components).fit(X, y)
    names = ours.get_feature_names_out()
    np.testing.assert_array_equal(names, theirs.get_feature_names_out())
    assert names.dtype == object and len(names) == ours.transform(X).shape[1]


def test_lda_svd_drops_collinear_and_constant_features_like_sklearn():
    X, y = make_classification(300, 10, n_informative=4, n_redundant=3, n_classes=3,
                               random_state=0)
    X = np.column_stack([X, np.ones(len(X))])           # a constant column too
    ours = LinearDiscriminantAnalysis().fit(X, y)
    theirs = sk.LinearDiscriminantAnalysis().fit(X, y)
    _assert_same_classifier(ours, theirs, X)
    assert _same_up_to_axis_sign(ours.transform(X), theirs.transform(X), PROBA_TOL)


def test_lda_string_labels_and_binary_logistic_form():
    X, y = load_breast_cancer(return_X_y=True)
    labels = np.where(y == 1, "benign", "malignant")
    model = LinearDiscriminantAnalysis().fit(X, labels)
    assert model.coef_.shape == (1, X.shape[1]) and model.intercept_.shape == (1,)
    # Two classes: P(classes_[1] | x) = σ(wᵀx + b) (eq. 15), logistic regression's form.
    z = X @ model.coef_[0] + model.intercept_[0]
    np.testing.assert_allclose(model.predict_proba(X)[:, 1], 1 / (1 + np.exp(-z)), atol=1e-12)
    np.testing.assert_array_equal(model.classes_, ["benign", "malignant"])


# ---------------------------------------------------------------------------
# LDA's closed forms: eq. 4, the generalised eigenproblem (eq. 12), Fisher's criterion
# ---------------------------------------------------------------------------

def test_lda_eigen_coefficients_are_the_closed_form():
    X, y = load_iris(return_X_y=True)
    model = LinearDiscriminantAnalysis(solver="eigen").fit(X, y)
    Sigma = sum(np.mean(y == k) * np.cov(X[y == k].T, bias=True) for k in range(3))
    mu = np.array([X[y == k].mean(axis=0) for k in range(3)])
    w = np.linalg.solve(Sigma, mu.T).T                                        # eq. 4
    b = -0.5 * np.sum(w * mu, axis=1) + np.log(np.bincount(y) / len(y))
    np.testing.assert_allclose(model.coef_, w, rtol=1e-10)
    np.testing.assert_allclose(model.intercept_, b, rtol=1e-10)


def test_generalized_eigh_solves_eq_12():
    rng = np.random.default_rng(0)
    G = rng.standard_normal((6, 6))
    A, B = G + G.T, G @ G.T + 6 * np.eye(6)
    lam, V = generalized_eigh(A, B)
    np.testing.assert_allclose(A @ V, B @ V * lam, atol=1e-10)
    np.testing.assert_allclose(V.T @ B @ V, np.eye(6), atol=1e-10)
    assert np.all(np.diff(lam) <= 0)


@pytest.mark.parametrize("solver", ["svd", "eigen"])
def test_first_axis_maximises_fishers_criterion(solver):
    X, y = load_wine(return_X_y=True)
    model = LinearDiscriminantAnalysis(solver=solver).fit(X, y)
    mu = model.means_
    xbar = model.priors_ @ mu
    S_B = (mu - xbar).T @ np.diag(model.priors_) @ (mu - xbar)
    S_W = sum(model.priors_[k] * np.cov(X[y == k].T, bias=True) for k in range(3))

    def J(v):                                                                # eq. 11
        return (v @ S_B @ v) / (v @ S_W @ v)

    best = J(model.scalings_[:, 0])
    rng = np.random.default_rng(1)
    directions = rng.standard_normal((2000, X.shape[1]))
    assert best >= max(J(v) for v in directions)
    # no direction near the optimum does better (it is a stationary maximum)
    near = model.scalings_[:, 0] + 1e-3 * np.abs(model.scalings_[:, 0]).max() * directions
    assert best >= max(J(v) for v in near) - 1e-12 * best


def test_fisher_criterion_gradient_checks_and_vanishes_on_the_axes():
    """∇J(v) = 2 (Σ_B v − J(v) Σ_W v) / vᵀΣ_W v (from eq. 11): right by finite
    differences, and zero on every axis of eq. 12 (a stationary point)."""
    X, y = load_iris(return_X_y=True)
    model = LinearDiscriminantAnalysis(solver="eigen").fit(X, y)
    S_W = model.covariance_
    S_B = np.cov(X.T, bias=True) - S_W

    def J(v):
        return (v @ S_B @ v) / (v @ S_W @ v)

    def grad_J(v):
        return 2 * (S_B @ v - J(v) * (S_W @ v)) / (v @ S_W @ v)

    v = np.random.default_rng(0).standard_normal(4)
    assert check_gradient(J, grad_J, v) < 1e-7
    for axis in model.scalings_[:, :2].T:
        assert np.max(np.abs(grad_J(axis))) < 1e-9 * np.max(np.abs(grad_J(v)))


def test_axes_follow_the_sign_convention():
    X, y = load_wine(return_X_y=True)
    for solver in ("svd", "eigen"):
        A = LinearDiscriminantAnalysis(solver=solver).fit(X, y).scalings_
        assert np.all(A[np.argmax(np.abs(A), axis=0), np.arange(A.shape[1])] > 0)
    flipped = orient_axes(np.array([[1.0, -3.0], [-2.0, 1.0]]))
    np.testing.assert_array_equal(flipped, [[-1.0, 3.0], [2.0, -1.0]])


def test_shrinkage_pulls_eigenvalues_to_their_mean():
    rng = np.random.default_rng(0)
    G = rng.standard_normal((5, 5))
    S = G @ G.T
    lam = np.linalg.eigvalsh(S)
    for alpha in (0.0, 0.3, 1.0):
        shrunk = np.linalg.eigvalsh(shrunk_covariance(S, alpha))             # eq. 9
        np.testing.assert_allclose(shrunk, (1 - alpha) * lam + alpha * lam.mean(), atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), solver=st.sampled_from(["svd", "eigen"]))
def test_lda_is_invariant_to_affine_feature_maps(seed, solver):
    """A Gaussian model with a full covariance does not care about the units or
    the origin of the features: x → A x + c leaves every probability unchanged."""
    X, y = make_classification(150, 4, n_informative=3, n_redundant=0, n_classes=3,
                               random_state=seed % 50)
    rng = np.random.default_rng(seed)
    A = rng.standard_normal((4, 4)) + 3 * np.eye(4)
    c = rng.uniform(-100, 100, 4)
    before = LinearDiscriminantAnalysis(solver=solver).fit(X, y).predict_proba(X)
    after = LinearDiscriminantAnalysis(solver=solver).fit(X @ A.T + c, y).predict_proba(
        X @ A.T + c)
    np.testing.assert_allclose(before, after, atol=1e-8)


@settings(max_examples=20, deadline=None)
@given(seed=st.integers(0, 10_000))
def test_row_order_does_not_matter(seed):
    X, y = load_iris(return_X_y=True)
    order = np.random.default_rng(seed).permutation(len(y))
    for model in (LinearDiscriminantAnalysis(), QuadraticDiscriminantAnalysis(reg_param=0.01)):
        a = model.fit(X, y).predict_proba(X)
        b = model.fit(X[order], y[order]).predict_proba(X)
        np.testing.assert_allclose(a, b, atol=1e-12)


# ---------------------------------------------------------------------------
# QDA against scikit-learn
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["wine", "iris", "synthetic"])
@pytest.mark.parametrize("reg_param", [0.0, 0.1])
def test_qda_equals_sklearn(name, reg_param):
    X, y = DATA[name]()
    ours = QuadraticDiscriminantAnalysis(reg_param=reg_param).fit(X, y)
    theirs = sk.QuadraticDiscriminantAnalysis(reg_param=reg_param,
                                              store_covariance=True).fit(X, y)
    _assert_same_classifier(ours, theirs, X)
    for k in range(len(ours.classes_)):
        np.testing.assert_allclose(ours.covariance_[k], theirs.covariance_[k], rtol=1e-9,
                                   atol=1e-12 * np.max(np.abs(theirs.covariance_[k])))
        np.testing.assert_allclose(ours.scalings_[k], theirs.scalings_[k], rtol=1e-8,
                                   atol=1e-12 * theirs.scalings_[k][0])


def test_qda_regularisation_repairs_singular_covariances_like_sklearn():
    X, y = load_breast_cancer(return_X_y=True)
    with pytest.raises(np.linalg.LinAlgError, match="class 0 .*not full rank"):
        QuadraticDiscriminantAnalysis().fit(X, y)
    with pytest.raises(np.linalg.LinAlgError, match="not full rank"):
        sk.QuadraticDiscriminantAnalysis().fit(X, y)
    ours = QuadraticDiscriminantAnalysis(reg_param=0.1).fit(X, y)
    theirs = sk.QuadraticDiscriminantAnalysis(reg_param=0.1).fit(X, y)
    _assert_same_classifier(ours, theirs, X)


def test_qda_is_the_closed_form_gaussian_posterior():
    from scipy.stats import multivariate_normal

    X, y = load_iris(return_X_y=True)
    model = QuadraticDiscriminantAnalysis().fit(X, y)
    joint = np.column_stack([
        np.log(np.mean(y == k)) + multivariate_normal(X[y == k].mean(axis=0),
                                                      np.cov(X[y == k].T, bias=True)).logpdf(X)
        for k in range(3)])                                                    # eqs. 1–3
    expected = np.exp(joint - np.logaddexp.reduce(joint, axis=1, keepdims=True))
    np.testing.assert_allclose(model.predict_proba(X), expected, atol=1e-12)


def test_qda_with_a_shared_covariance_is_lda():
    """Classes with the same covariance: QDA's boundary becomes LDA's (eq. 3 → eq. 4)."""
    rng = np.random.default_rng(0)
    Z = rng.standard_normal((200, 3))
    X = np.vstack([Z, Z + [3.0, -1.0, 0.5]])           # identical scatter, shifted
    y = np.repeat([0, 1], 200)
    np.testing.assert_allclose(QuadraticDiscriminantAnalysis().fit(X, y).predict_proba(X),
                               LinearDiscriminantAnalysis().fit(X, y).predict_proba(X),
                               atol=1e-10)


# ---------------------------------------------------------------------------
# Bad input and parameters
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("params, match", [
    (dict(solver="lsqr"), "solver"),
    (dict(shrinkage=0.5), "^" + re.escape("shrinkage is not supported by the 'svd' solver "
                                          "(it never forms Σ_W); use solver='eigen'.") + "$"),
    (dict(solver="eigen", shrinkage=1.5), "shrinkage"),
    (dict(solver="eigen", shrinkage="auto"), "shrinkage"),
    (dict(n_components=0), "n_components"),
    (dict(n_components=3), "^" + re.escape("n_components=3 cannot be larger than "
                                           "min(n_features, n_classes - 1) = 2.") + "$"),
    (dict(priors=[0.5, 0.5]), "one probability per class"),
    (dict(priors=[-0.1, 0.6, 0.5]), "non-negative"),
    (dict(tol=-1.0), r"^tol must be a non-negative number, got -1\.0\.$"),
    (dict(store_covariance="yes"), "store_covariance"),
])
def test_lda_bad_parameters(params, match):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=match):
        LinearDiscriminantAnalysis(**params).fit(X, y)


def test_lda_eigen_singular_within_class_covariance_is_a_clear_error():
    X, y = load_iris(return_X_y=True)
    X = np.column_stack([X, X[:, 0] + X[:, 1]])
    message = ("The within-class covariance is singular (collinear or constant features, "
               "or fewer samples than features): set shrinkage > 0, or use solver='svd'.")
    with pytest.raises(np.linalg.LinAlgError, match=f"^{re.escape(message)}$"):
        LinearDiscriminantAnalysis(solver="eigen").fit(X, y)
    LinearDiscriminantAnalysis(solver="eigen", shrinkage=0.1).fit(X, y)


def test_lda_needs_more_samples_than_classes():
    with pytest.raises(ValueError, match="more than the number of classes"):
        LinearDiscriminantAnalysis().fit([[0.0], [1.0]], [0, 1])


@pytest.mark.parametrize("params, match", [(dict(reg_param=-0.1), "reg_param"),
                                           (dict(reg_param=2), "reg_param"),
                                           (dict(tol=-1),
                                            r"^tol must be a non-negative number, got -1\.$"),
                                           (dict(priors=[1.0]), "one probability per class")])
def test_qda_bad_parameters(params, match):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(ValueError, match=match):
        QuadraticDiscriminantAnalysis(**params).fit(X, y)


def test_qda_class_with_one_sample():
    X = np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 2.0], [5.0, 5.0]])
    message = ("y has only 1 sample in class b: its covariance is undefined. "
               "Give each class at least 2 samples.")
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        QuadraticDiscriminantAnalysis().fit(X, ["a", "a", "a", "b"])


@pytest.mark.parametrize("reg_param, tol, smallest", [(0.0, 1e-4, "0"), (0.5, 0.5, "0.5")])
def test_qda_singular_class_message_names_its_smallest_eigenvalue(reg_param, tol, smallest):
    """Class 0 has covariance diag(1/2, 2, 0) exactly, so its regularised
    eigenvalues are exact: (1 − r)·(2, 1/2, 0) + r. An eigenvalue equal to tol
    counts as singular, as in scikit-learn (rank = #{λ > tol})."""
    X = np.array([[1, 0, 0], [-1, 0, 0], [0, 2, 0], [0, -2, 0],
                  [5, 5, 5], [6, 4, 4], [5, 6, 7], [7, 5, 5]], dtype=float)
    y = np.repeat([0, 1], 4)
    message = (f"The covariance matrix of class 0 is not full rank (smallest eigenvalue "
               f"{smallest} ≤ tol={tol:g}; 4 samples, 3 features). Increase reg_param to "
               "regularise it.")
    with pytest.raises(np.linalg.LinAlgError, match=f"^{re.escape(message)}$"):
        QuadraticDiscriminantAnalysis(reg_param=reg_param, tol=tol).fit(X, y)
    with pytest.raises(np.linalg.LinAlgError, match="not full rank"):
        sk.QuadraticDiscriminantAnalysis(reg_param=reg_param, tol=tol).fit(X, y)


@pytest.mark.parametrize("cls", [LinearDiscriminantAnalysis, QuadraticDiscriminantAnalysis])
def test_not_fitted_and_bad_input(cls):
    X, y = load_iris(return_X_y=True)
    with pytest.raises(NotFittedError):
        cls().predict(X)
    with pytest.raises(ValueError, match="NaN"):
        cls().fit(np.where(X == X[0, 0], np.nan, X), y)
    with pytest.raises(ValueError, match=f"^{cls.__name__} needs samples of at least 2 classes "
                                         "in y, but the data contain only one class: 0.0.$"):
        cls().fit(X, np.zeros(len(y)))
    model = cls().fit(X, y)
    with pytest.raises(ValueError, match="expecting 4 features"):
        model.predict_proba(X[:, :3])
