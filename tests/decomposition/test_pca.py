"""PCA against scikit-learn's PCA(svd_solver="full") and against closed forms.

With the same sign convention (eq. 11 of the notes) the components are
compared with their signs: no "up to sign" slack is needed.
"""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from numpy.testing import assert_allclose, assert_array_equal
from sklearn.decomposition import PCA as SklearnPCA

from scratchlearn.core import NotFittedError
from scratchlearn.core.config import config_context
from scratchlearn.datasets import load_digits, load_wine
from scratchlearn.decomposition.pca import PCA, tall_svd
from scratchlearn.decomposition.pca.model import flip_signs


def _low_rank(n=300, d=20, rank=4, seed=0):
    rng = np.random.default_rng(seed)
    scales = np.array([10.0, 5.0, 2.0, 1.0])[:rank]
    return (rng.normal(size=(n, rank)) * scales) @ rng.normal(size=(rank, d)) \
        + 1e-3 * rng.normal(size=(n, d)) + 3.0


DATASETS = {
    "wine": lambda: load_wine(return_X_y=True)[0],
    "digits": lambda: load_digits(return_X_y=True)[0],
    "low_rank": _low_rank,
}


def _assert_like_sklearn(ours, theirs, X):
    scale = np.max(np.abs(theirs.transform(X)))
    assert ours.n_components_ == theirs.n_components_
    assert ours.n_samples_ == theirs.n_samples_
    assert_allclose(ours.components_, theirs.components_, rtol=0, atol=1e-8)
    assert_allclose(ours.transform(X), theirs.transform(X), rtol=0, atol=1e-8 * max(scale, 1))
    assert_allclose(ours.explained_variance_ratio_, theirs.explained_variance_ratio_,
                    rtol=0, atol=1e-10)
    assert_allclose(ours.explained_variance_, theirs.explained_variance_, rtol=1e-10)
    assert_allclose(ours.singular_values_, theirs.singular_values_, rtol=1e-10)
    assert_allclose(ours.mean_, theirs.mean_, rtol=1e-12, atol=1e-12)
    assert ours.noise_variance_ == pytest.approx(theirs.noise_variance_, rel=1e-10, abs=1e-12)
    Z = theirs.transform(X)
    assert_allclose(ours.inverse_transform(Z), theirs.inverse_transform(Z),
                    rtol=0, atol=1e-8 * max(np.max(np.abs(X)), 1))


@pytest.mark.parametrize("dataset", DATASETS)
@pytest.mark.parametrize("n_components", [None, 1, 3, 0.5, 0.95])
@pytest.mark.parametrize("whiten", [False, True])
def test_matches_sklearn_full_svd(dataset, n_components, whiten):
    X = DATASETS[dataset]()
    ours = PCA(n_components=n_components, whiten=whiten).fit(X)
    theirs = SklearnPCA(n_components=n_components, whiten=whiten, svd_solver="full").fit(X)
    _assert_like_sklearn(ours, theirs, X)


def test_sign_convention_largest_entry_positive():
    X = load_wine(return_X_y=True)[0]
    components = PCA().fit(X).components_
    largest = components[np.arange(len(components)), np.argmax(np.abs(components), axis=1)]
    assert np.all(largest > 0)


def test_fraction_keeps_fewest_components_exceeding_it():
    X = _low_rank()
    ratio = PCA().fit(X).explained_variance_ratio_
    cumulative = np.cumsum(ratio)
    for f in [0.1, 0.6, 0.9, 0.999, float(cumulative[1])]:
        k = PCA(n_components=f).fit(X).n_components_
        assert cumulative[k - 1] > f and (k == 1 or cumulative[k - 2] <= f)
        assert k == SklearnPCA(n_components=f, svd_solver="full").fit(X).n_components_


def test_equals_eigendecomposition_of_covariance():
    """Eq. 3: the components are eigenvectors of S, the variances its eigenvalues."""
    X = load_wine(return_X_y=True)[0]
    X = (X - X.mean(0)) / X.std(0)
    pca = PCA().fit(X)
    S = np.cov(X, rowvar=False)
    eigenvalues = np.linalg.eigvalsh(S)[::-1]
    assert_allclose(pca.explained_variance_, eigenvalues, rtol=1e-10)
    assert_allclose(S @ pca.components_.T, pca.components_.T * pca.explained_variance_,
                    atol=1e-10)


@pytest.mark.parametrize("k", [1, 2, 3, 6])
def test_reconstruction_error_is_the_discarded_variance(k):
    """Eq. 6: ‖X̃ − X̃WWᵀ‖²_F = Σ_{j>k} σⱼ², and no other k-dimensional
    projection (here: random ones) does better."""
    X = _low_rank(rank=4) + np.random.default_rng(1).normal(size=(300, 20))
    full = PCA().fit(X)
    pca = PCA(n_components=k).fit(X)
    error = np.sum((X - pca.inverse_transform(pca.transform(X))) ** 2)
    assert error == pytest.approx(np.sum(full.singular_values_[k:] ** 2), rel=1e-10)
    rng = np.random.default_rng(2)
    X_c = X - X.mean(0)
    for _ in range(20):
        Q, _ = np.linalg.qr(rng.normal(size=(20, k)))
        assert np.sum((X_c - X_c @ Q @ Q.T) ** 2) >= error


def test_scores_are_uncorrelated_and_whitened_scores_have_unit_variance():
    X = load_wine(return_X_y=True)[0]
    Z = PCA(n_components=5).fit_transform(X)
    C = np.cov(Z, rowvar=False)
    assert_allclose(C - np.diag(np.diag(C)), 0, atol=1e-8 * np.max(C))
    Z_white = PCA(n_components=5, whiten=True).fit_transform(X)
    assert_allclose(np.cov(Z_white, rowvar=False), np.eye(5), atol=1e-10)


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(2, 12), st.integers(1, 6)),
              elements=st.floats(-100, 100, allow_nan=False, width=64)))
def test_properties_hold_on_any_data(X):
    pca = PCA().fit(X)
    V = pca.components_
    r = min(X.shape)
    assert V.shape == (r, X.shape[1])
    assert_allclose(V @ V.T, np.eye(r), atol=1e-8)
    assert np.all(np.diff(pca.explained_variance_) <= 1e-9 * max(pca.explained_variance_[0], 1))
    # Variance that underflows to 0 (a spread of 1e-253 squared) counts as constant data.
    if pca.explained_variance_.sum() > 0:
        assert pca.explained_variance_ratio_.sum() == pytest.approx(1.0, rel=1e-9)
    else:
        assert np.all(pca.explained_variance_ratio_ == 0)
    # A full set of components reconstructs the data.
    if r == X.shape[1]:
        assert_allclose(pca.inverse_transform(pca.transform(X)), X, atol=1e-8 * (1 + np.abs(X).max()))


def test_row_order_does_not_change_the_fit():
    X = load_wine(return_X_y=True)[0]
    order = np.random.default_rng(0).permutation(len(X))
    a, b = PCA(4).fit(X), PCA(4).fit(X[order])
    assert_allclose(a.components_, b.components_, atol=1e-10)
    assert_allclose(a.transform(X), b.transform(X), atol=1e-8)


@pytest.mark.parametrize("n_components", [0, 14, -1, 1.0, 0.0, 1.5, "mle", [2]])
def test_bad_n_components_is_rejected(n_components):
    X = load_wine(return_X_y=True)[0]
    with pytest.raises(ValueError, match="n_components"):
        PCA(n_components=n_components).fit(X)


def test_bad_input():
    X = load_wine(return_X_y=True)[0]
    with pytest.raises(ValueError, match="whiten"):
        PCA(whiten="yes").fit(X)
    with pytest.raises(ValueError, match="1 sample"):
        PCA().fit(X[:1])
    with pytest.raises(NotFittedError):
        PCA().transform(X)
    with pytest.raises(NotFittedError):
        PCA().inverse_transform(X[:, :2])
    pca = PCA(3).fit(X)
    with pytest.raises(ValueError, match="expecting 13 features"):
        pca.transform(X[:, :5])
    with pytest.raises(ValueError, match="expects 3"):
        pca.inverse_transform(X[:, :4])
    with pytest.raises(ValueError, match="NaN"):
        PCA().fit(np.where(X > 100, np.nan, X))


def test_refit_starts_from_scratch():
    X, Y = load_wine(return_X_y=True)[0], _low_rank(d=13)
    pca = PCA(2).fit(Y).fit(X)
    assert_array_equal(pca.components_, PCA(2).fit(X).components_)


def _fit_both_engines(X, **params):
    with config_context(engine="plain"):
        plain = PCA(**params).fit(X)
    with config_context(engine="fast"):
        fast = PCA(**params).fit(X)
    return plain, fast


@pytest.mark.parametrize("name", ["wine", "digits", "low rank"])
def test_plain_and_fast_engines_fit_the_same_pca(name):
    """The fast engine's QR-then-SVD (tall_svd.py) against model.py's direct SVD."""
    X = {"wine": lambda: load_wine(return_X_y=True)[0],
         "digits": lambda: load_digits(return_X_y=True)[0],
         "low rank": _low_rank}[name]()
    k = 10
    plain, fast = _fit_both_engines(X, n_components=k)
    assert_allclose(fast.explained_variance_ratio_, plain.explained_variance_ratio_, rtol=1e-10)
    assert_allclose(fast.singular_values_, plain.singular_values_, rtol=1e-10)
    # Directions are compared where their variances are distinct (a repeated
    # variance leaves any rotation inside its eigenspace equally right).
    distinct = np.abs(np.diff(plain.explained_variance_)) > 1e-8 * plain.explained_variance_[0]
    keep = np.r_[distinct, True] & np.r_[True, distinct]
    assert_allclose(fast.components_[keep], plain.components_[keep], atol=1e-10)
    assert_allclose(fast.transform(X)[:, keep], plain.transform(X)[:, keep],
                    atol=1e-10 * np.abs(plain.transform(X)).max())


@settings(max_examples=40, deadline=None)
@given(arrays(np.float64, st.tuples(st.integers(8, 40), st.integers(1, 4)),
              elements=st.floats(-100, 100, allow_nan=False, width=64)))
def test_engines_agree_on_any_tall_data(X):
    plain, fast = _fit_both_engines(X)
    scale = max(plain.singular_values_[0], 1e-300)
    assert_allclose(fast.singular_values_, plain.singular_values_, atol=1e-10 * scale)
    assert_allclose(fast.explained_variance_ratio_, plain.explained_variance_ratio_,
                    atol=1e-9)


def test_defaults_keep_every_component_unwhitened():
    # scikit-learn's defaults: n_components=None, whiten=False, so the scores
    # keep their variances λⱼ (eq. 8 without eq. 10).
    X = load_wine(return_X_y=True)[0]
    assert PCA().get_params() == {"n_components": None, "whiten": False}
    pca = PCA().fit(X)
    assert pca.n_components_ == 13
    assert_allclose(np.var(pca.transform(X), axis=0, ddof=1), pca.explained_variance_,
                    rtol=1e-10)


@pytest.mark.parametrize("n_components", [2, 13])
def test_the_extreme_counts_are_allowed(n_components):
    # Two samples are the fewest with a variance, and min(n, d) = 13 is the
    # largest count for wine: both are accepted and match scikit-learn.
    X = load_wine(return_X_y=True)[0]
    X = X[:n_components] if n_components == 2 else X
    ours = PCA(n_components=n_components).fit(X)
    theirs = SklearnPCA(n_components=n_components, svd_solver="full").fit(X)
    assert ours.n_components_ == n_components
    assert_allclose(ours.explained_variance_, theirs.explained_variance_, rtol=1e-10, atol=1e-12)
    assert ours.noise_variance_ == 0.0


def test_constant_data_keeps_all_components_and_whitens_to_zero():
    # No variance at all: every ratio is 0 (scikit-learn's NaN), a fraction
    # therefore keeps all r components, and whitening floors the scale at ε
    # as scikit-learn does, so the scores are 0 rather than 0/0.
    X = np.full((5, 3), 2.0)
    pca = PCA(n_components=0.5).fit(X)
    assert pca.n_components_ == 3
    assert_array_equal(pca.explained_variance_ratio_, np.zeros(3))
    whitened = PCA(whiten=True).fit(X)
    with warnings.catch_warnings():
        warnings.simplefilter("error")          # no NumPy deprecation on the way either
        assert_array_equal(whitened.transform(X), np.zeros((5, 3)))
    with np.errstate(invalid="ignore"):           # scikit-learn's ratio is 0/0
        theirs = SklearnPCA(whiten=True).fit(X)
    assert_array_equal(whitened.transform(X), theirs.transform(X))


@pytest.mark.parametrize("params, n_samples, message", [
    ({}, 1, "PCA needs at least 2 samples to estimate a variance, got n_samples = 1 "
            "(1 sample)."),
    ({"whiten": "yes"}, 10, "whiten must be True or False, got 'yes'."),
    ({"n_components": 14}, 20, "n_components=14 must be between 1 and "
                               "min(n_samples, n_features)=13."),
    ({"n_components": 1.5}, 20, "n_components=1.5 as a float is the fraction of variance "
                                "to keep and must lie strictly between 0 and 1; pass an int "
                                "for a count."),
    ({"n_components": "mle"}, 20, "n_components must be None, an int or a float in (0, 1), "
                                  "got 'mle'."),
])
def test_errors_say_what_is_wrong_in_full(params, n_samples, message):
    X = load_wine(return_X_y=True)[0][:n_samples]
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        PCA(**params).fit(X)


def test_the_variance_ratio_does_not_depend_on_the_units():
    # Wine in thousands has a total variance near 0.1: the ratios (eq. 7)
    # are those of the raw data and scikit-learn's.
    X = load_wine(return_X_y=True)[0] * 1e-3
    ratio = PCA().fit(X).explained_variance_ratio_
    assert_allclose(ratio, PCA().fit(X * 1e3).explained_variance_ratio_, rtol=1e-10, atol=1e-15)
    assert_allclose(ratio, SklearnPCA(svd_solver="full").fit(X).explained_variance_ratio_,
                    rtol=1e-10, atol=1e-15)


def test_inverse_transform_names_the_model_in_its_errors():
    pca = PCA(2).fit(load_wine(return_X_y=True)[0])
    message = ("Found array with 0 sample(s) (shape=(0, 2)) while a minimum of 1 is "
               "required by PCA.")                      # scikit-learn's wording
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        pca.inverse_transform(np.zeros((0, 2)))


def test_each_engine_takes_its_own_svd_route(monkeypatch):
    # The routes agree to rounding (and here to the last bit on tall data), so
    # a counter on the QR route shows which one ran: the fast engine only when
    # n ≥ 2d (tall_svd.pays_off), the plain engine never.
    calls = []
    qr_route = tall_svd.singular_values_and_directions
    monkeypatch.setattr(tall_svd, "singular_values_and_directions",
                        lambda X_c: calls.append(X_c.shape) or qr_route(X_c))
    rng = np.random.default_rng(0)
    for engine, n, takes_qr in [("plain", 40, False), ("fast", 40, True), ("fast", 10, True),
                                ("fast", 9, False)]:
        calls.clear()
        with config_context(engine=engine):
            PCA().fit(rng.normal(size=(n, 5)))
        assert calls == ([(n, 5)] if takes_qr else [])
    # Wide data: the thin SVD's Vᵀ (r × d) differs in its last bits from the
    # first r rows of the full d × d one, and PCA's components are the thin ones.
    X = rng.normal(size=(10, 13))
    X_c = X - X.mean(axis=0)
    thin = flip_signs(np.linalg.svd(X_c, full_matrices=False)[2])
    full = flip_signs(np.linalg.svd(X_c, full_matrices=True)[2])[:10]
    assert not np.array_equal(thin, full)
    assert_array_equal(PCA().fit(X).components_, thin)
