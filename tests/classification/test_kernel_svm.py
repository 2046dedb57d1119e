"""KernelSVM against scikit-learn's SVC (libsvm), closed forms and the KKT conditions."""

import re
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.metrics.pairwise import linear_kernel, polynomial_kernel, rbf_kernel, sigmoid_kernel
from sklearn.svm import SVC

import scratchlearn
from scratchlearn.classification.kernel_svm import KernelSVM
from scratchlearn.classification.kernel_svm import model as kernel_svm_model
from scratchlearn.classification.kernel_svm.kernel_cache import KernelCache
from scratchlearn.classification.kernel_svm.model import (
    dual_objective_and_gradient,
    kernel_matrix,
    kernel_rows,
    smo,
)
from scratchlearn.core import NotFittedError, check_gradient
from scratchlearn.core.base import ConvergenceWarning
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import (
    load_breast_cancer,
    load_iris,
    load_wine,
    make_circles,
    make_moons,
)


def _moons():
    return make_moons(400, noise=0.3, random_state=0)


def _circles():
    return make_circles(400, noise=0.1, factor=0.5, random_state=1)


def _cancer():
    X, y = load_breast_cancer(return_X_y=True)
    return StandardScaler().fit_transform(X), y


def _standardised(loader):
    X, y = loader(return_X_y=True)
    return StandardScaler().fit_transform(X), y


DATASETS = {"moons": _moons, "circles": _circles, "breast_cancer": _cancer}


def pair_duals(model):
    """The dual objective D(α) = Σα − ½ βᵀKβ of every one-vs-one problem,
    read from dual_coef_ and support_vectors_ (same layout for both libraries)."""
    n_classes = len(model.classes_)
    sv_class = np.repeat(np.arange(n_classes), model.n_support_)
    K = kernel_matrix(model.support_vectors_, model.support_vectors_, model.kernel,
                      model._gamma, model.degree, model.coef0)
    values = []
    for p in range(n_classes):
        for q in range(p + 1, n_classes):
            beta = np.zeros(len(sv_class))
            beta[sv_class == p] = model.dual_coef_[q - 1, sv_class == p]
            beta[sv_class == q] = model.dual_coef_[p, sv_class == q]
            values.append(np.abs(beta).sum() - 0.5 * beta @ K @ beta)
    return np.array(values)


def fit_both(X, y, **params):
    return KernelSVM(**params).fit(X, y), SVC(**params).fit(X, y)


# ---------------------------------------------------------------------------
# Agreement with libsvm
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kernel", ["rbf", "linear", "poly"])
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_binary_agrees_with_svc(dataset, kernel):
    X, y = DATASETS[dataset]()
    ours, ref = fit_both(X, y, C=1.0, kernel=kernel, tol=1e-3)

    assert np.mean(ours.predict(X) == ref.predict(X)) >= 0.99
    assert np.corrcoef(ours.decision_function(X), ref.decision_function(X))[0, 1] > 0.999
    assert abs(len(ours.support_) - len(ref.support_)) <= 0.1 * len(ref.support_)
    np.testing.assert_allclose(pair_duals(ours), pair_duals(ref), rtol=1e-3)
    assert ours._gamma == pytest.approx(ref._gamma, rel=1e-12)
    assert ours.decision_function(X).shape == (len(X),)


@pytest.mark.parametrize("kernel", ["rbf", "linear", "poly"])
@pytest.mark.parametrize("dataset", list(DATASETS))
def test_tight_tol_reaches_libsvm_optimum(dataset, kernel):
    # At tol = 1e-8 both solvers sit at the same optimum: same support vectors,
    # and decision values and biases equal to far below the default tol.
    X, y = DATASETS[dataset]()
    ours, ref = fit_both(X, y, C=1.0, kernel=kernel, tol=1e-8)
    np.testing.assert_array_equal(ours.support_, ref.support_)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-4)
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=1e-4)


@pytest.mark.parametrize("C, gamma", [(0.1, 0.5), (10.0, "auto"), (100.0, 2.0)])
def test_agrees_with_svc_over_c_and_gamma(C, gamma):
    X, y = _moons()
    ours, ref = fit_both(X, y, C=C, gamma=gamma)
    assert np.mean(ours.predict(X) == ref.predict(X)) >= 0.99
    assert np.corrcoef(ours.decision_function(X), ref.decision_function(X))[0, 1] > 0.999
    np.testing.assert_allclose(pair_duals(ours), pair_duals(ref), rtol=1e-3)


@pytest.mark.parametrize("loader", [load_iris, load_wine])
@pytest.mark.parametrize("kernel", ["rbf", "poly"])
def test_multiclass_agrees_with_svc(loader, kernel):
    X, y = _standardised(loader)
    ours, ref = fit_both(X, y, kernel=kernel)

    assert np.mean(ours.predict(X) == ref.predict(X)) >= 0.99
    decision, ref_decision = ours.decision_function(X), ref.decision_function(X)
    assert decision.shape == ref_decision.shape == (len(X), 3)
    assert np.corrcoef(decision.ravel(), ref_decision.ravel())[0, 1] > 0.999
    assert ours.dual_coef_.shape[0] == 2 and ours.intercept_.shape == (3,)
    assert np.all(np.abs(ours.n_support_ - ref.n_support_) <= np.maximum(1, 0.1 * ref.n_support_))
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, atol=5e-3)
    np.testing.assert_allclose(pair_duals(ours), pair_duals(ref), rtol=1e-3)
    # No vote ties on the training points, so the ovr-shaped score ranks the
    # voted class first (ties: test_vote_ties_go_to_the_first_class).
    np.testing.assert_array_equal(ours.classes_[decision.argmax(axis=1)], ours.predict(X))


def test_multiclass_decision_function_equals_svc_at_tight_tol():
    """The one-vs-rest score of eq. 19 (votes plus confidences squashed into ±1/3)
    equals scikit-learn's value for value once both solvers sit at the optimum."""
    X, y = _standardised(load_wine)
    ours, ref = fit_both(X, y, tol=1e-8)
    points = np.random.default_rng(1).normal(scale=1.5, size=(300, X.shape[1]))
    np.testing.assert_allclose(ours.decision_function(points), ref.decision_function(points),
                               atol=1e-6)
    np.testing.assert_array_equal(ours.predict(points), ref.predict(points))


def test_vote_ties_go_to_the_first_class():
    X, y = _standardised(load_iris)
    model = KernelSVM().fit(X, y)
    points = np.random.default_rng(0).normal(scale=2.0, size=(5000, 4))   # far ones tie often
    score, predicted = model.decision_function(points), model.predict(points)
    votes = np.round(score)                   # the confidence term of eq. 19 is within ±1/3
    top = votes.max(axis=1, keepdims=True)
    tied = (votes == top).sum(axis=1) > 1
    assert 0.05 < tied.mean() < 0.95          # both cases occur
    index = np.searchsorted(model.classes_, predicted)
    np.testing.assert_array_equal(index[~tied], score[~tied].argmax(axis=1))
    np.testing.assert_array_equal(index[tied], (votes[tied] == top[tied]).argmax(axis=1))
    assert np.mean(predicted == SVC().fit(X, y).predict(points)) >= 0.99


def test_attributes_are_consistent():
    X, y = _standardised(load_wine)
    order = np.random.default_rng(2).permutation(len(y))    # wine comes sorted by class
    X, y = X[order], y[order]
    model = KernelSVM().fit(X, y)
    np.testing.assert_array_equal(model.support_vectors_, X[model.support_])
    assert model.n_support_.sum() == len(model.support_)
    # grouped by class, ascending within a class
    sv_class = y[model.support_]
    assert np.all(np.diff(sv_class) >= 0)
    for c in model.classes_:
        assert np.all(np.diff(model.support_[sv_class == c]) > 0)
    assert np.all(np.abs(model.dual_coef_) <= model.C + 1e-12)
    assert len(model.loss_history_) == len(model.n_iter_) == 3
    # Counts are integers, n_support_ in the same dtype as scikit-learn's.
    assert model.n_support_.dtype == SVC().fit(X, y).n_support_.dtype
    assert np.issubdtype(model.n_iter_.dtype, np.integer)


# ---------------------------------------------------------------------------
# Closed forms and optimality
# ---------------------------------------------------------------------------

def test_two_points_closed_form():
    # Hard margin between (0, 0) and (2, 2): w = (½, ½), b = −1, α = ¼ each;
    # a sign error in the bias would put the boundary at x + y = −2.
    X = np.array([[0.0, 0.0], [2.0, 2.0]])
    model = KernelSVM(C=1e3, kernel="linear", tol=1e-9).fit(X, ["neg", "pos"])
    np.testing.assert_allclose(model.dual_coef_, [[-0.25, 0.25]], atol=1e-12)
    np.testing.assert_allclose(model.intercept_, [-1.0], atol=1e-12)
    np.testing.assert_allclose(model.decision_function([[1.0, 1.0], [0.0, 0.0], [2.0, 2.0]]),
                               [0.0, -1.0, 1.0], atol=1e-12)
    assert list(model.predict([[3.0, 3.0], [-1.0, 0.0]])) == ["pos", "neg"]
    # (1, 1) lies exactly on the boundary, f = 0: libsvm's vote (f > 0 for the
    # pair's first class) gives it to the second class, "pos".
    reference = SVC(C=1e3, kernel="linear", tol=1e-9).fit(X, ["neg", "pos"])
    assert reference.decision_function([[1.0, 1.0]])[0] == 0.0
    assert list(model.predict([[1.0, 1.0]])) == list(reference.predict([[1.0, 1.0]])) == ["pos"]


def test_separable_data_has_margin_one_on_support_vectors():
    rng = np.random.default_rng(3)
    X = np.vstack([rng.normal(-3, 0.5, (30, 2)), rng.normal(3, 0.5, (30, 2))])
    y = np.r_[np.zeros(30), np.ones(30)]
    model = KernelSVM(C=1e4, kernel="linear", tol=1e-8).fit(X, y)
    f = model.decision_function(X)
    signed = np.where(y == 1, f, -f)
    assert signed.min() == pytest.approx(1.0, abs=1e-6)
    np.testing.assert_allclose(signed[model.support_], 1.0, atol=1e-6)


@pytest.mark.parametrize("kernel", ["rbf", "linear", "poly"])
def test_solution_satisfies_kkt(kernel):
    X, y = _moons()
    C, tol = 1.0, 1e-3
    model = KernelSVM(C=C, kernel=kernel, tol=tol).fit(X, y)
    y_pm = np.where(y == 1, 1.0, -1.0)           # classes_[1] is +1 in dual_coef_
    beta = np.zeros(len(X))
    beta[model.support_] = model.dual_coef_[0]
    assert abs(beta.sum()) < 1e-10                 # Σ β = 0
    lo, hi = np.where(y_pm > 0, 0.0, -C), np.where(y_pm > 0, C, 0.0)
    assert np.all(beta >= lo) and np.all(beta <= hi)
    K = kernel_matrix(X, X, kernel, model._gamma, model.degree, model.coef0)
    g = y_pm - K @ beta                            # eq. 5
    gap = g[beta < hi].max() - g[beta > lo].min()  # eq. 7
    assert gap < tol
    free = (beta > lo) & (beta < hi)
    assert np.all(np.abs(g[free] - model.intercept_[0]) < tol)


def test_dual_gradient_matches_finite_differences(rng):
    X = rng.normal(size=(12, 3))
    y = np.where(rng.random(12) > 0.5, 1.0, -1.0)
    K = rbf_kernel(X, gamma=0.7)
    beta = rng.normal(size=12)
    error = check_gradient(lambda b: dual_objective_and_gradient(b, K, y)[0],
                           lambda b: dual_objective_and_gradient(b, K, y)[1], beta)
    assert error < 1e-6


def test_objective_history_decreases_to_the_final_objective():
    X, y = _cancer()
    model = KernelSVM().fit(X, y)
    history = model.loss_history_[0]
    assert history[0] == 0.0 and len(history) == model.n_iter_[0] + 1
    assert np.all(np.diff(history) <= 1e-12)
    # f(β) = −D(α): the tracked value equals the objective recomputed from scratch.
    assert history[-1] == pytest.approx(-pair_duals(model)[0], rel=1e-9)


# ---------------------------------------------------------------------------
# Kernels and the row cache
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("kernel, reference", [
    ("linear", lambda A, B: linear_kernel(A, B)),
    ("rbf", lambda A, B: rbf_kernel(A, B, gamma=0.3)),
    ("poly", lambda A, B: polynomial_kernel(A, B, degree=3, gamma=0.3, coef0=1.5)),
    ("sigmoid", lambda A, B: sigmoid_kernel(A, B, gamma=0.3, coef0=-0.5)),
])
@pytest.mark.parametrize("offset", [5.0, 0.0])     # near the origin tanh is not saturated
def test_kernels_match_sklearn(kernel, reference, offset, rng):
    A, B = rng.normal(size=(20, 4)) + offset, rng.normal(size=(15, 4)) + offset
    np.testing.assert_allclose(kernel_matrix(A, B, kernel, 0.3, 3, 1.5 if kernel == "poly"
                                             else -0.5 if kernel == "sigmoid" else 0.0),
                               reference(A, B), rtol=1e-10, atol=1e-12)
    coef0 = 1.5 if kernel == "poly" else -0.5 if kernel == "sigmoid" else 0.0
    row, diag = kernel_rows(A, kernel, 0.3, 3, coef0)
    full = reference(A, A)
    for i in (0, 7, 19):
        np.testing.assert_allclose(row(i), full[i], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(diag, np.diag(full), rtol=1e-10, atol=1e-12)


def test_rbf_kernel_keeps_its_digits_far_from_the_origin():
    """‖a − b‖² expanded as ‖a‖² + ‖b‖² − 2a·b cancels catastrophically on data
    far from the origin; centring each column first keeps K to 1e-9 of the
    direct exp(−γ Σ (a − b)²). Rounding can still make a diagonal ‖a − a‖² slightly
    negative, which is clipped: no kernel value exceeds k(a, a) = 1."""
    rng = np.random.default_rng(0)
    A = rng.normal(size=(200, 3)) * [1.0, 10.0, 0.1] + [1e6, -3e5, 0.0]
    direct = np.exp(-0.3 * ((A[:, None, :] - A[None, :, :]) ** 2).sum(axis=2))
    K = kernel_matrix(A, A, "rbf", 0.3, 3, 0.0)
    np.testing.assert_allclose(K, direct, rtol=1e-9, atol=1e-12)
    assert K.max() <= 1.0
    row, _ = kernel_rows(A, "rbf", 0.3, 3, 0.0)
    for i in (0, 57, 199):
        np.testing.assert_allclose(row(i), direct[i], rtol=1e-9, atol=1e-12)


def test_tiny_cache_gives_the_same_solution():
    X, y = _moons()
    big = KernelSVM(cache_size=200).fit(X, y)
    tiny = KernelSVM(cache_size=0.005).fit(X, y)   # two rows: recomputed nearly every time
    np.testing.assert_array_equal(tiny.support_, big.support_)
    np.testing.assert_array_equal(tiny.dual_coef_, big.dual_coef_)
    row, _ = kernel_rows(X, "rbf", 1.0, 3, 0.0)
    cache = KernelCache(row, len(X), cache_bytes=0.005 * 2 ** 20)
    assert cache.capacity == 2
    for i in range(10):
        np.testing.assert_array_equal(cache.get(i), row(i))
    assert list(cache.cache) == [8, 9]               # the two most recently used rows
    assert cache.get(9) is cache.get(9)              # a hit returns the stored row


def test_gamma_scale_and_auto():
    X, y = _moons()
    X = X * [1.0, 30.0]
    for gamma in ("scale", "auto", 0.25):
        ours, ref = fit_both(X, y, gamma=gamma)
        assert ours._gamma == pytest.approx(ref._gamma, rel=1e-12)
    # X of zero variance: "scale" falls back to γ = 1, as scikit-learn does.
    constant = np.full((6, 2), 0.5)
    ours, ref = fit_both(constant, [0, 1, 0, 1, 0, 1], gamma="scale")
    assert ours._gamma == ref._gamma == 1.0


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_smo_reports_unconverged_when_capped(engine):
    X, y = _moons()
    y_pm = np.where(y == 1, 1.0, -1.0)
    settings = dict(C=1.0, kernel="rbf", gamma=1.0, degree=3, coef0=0.0, tol=1e-3,
                    cache_bytes=1 << 20)
    with scratchlearn.config_context(engine=engine):
        beta, b, n_iter, history, converged = smo(X, y_pm, max_iter=5, **settings)
        assert n_iter == 5 and converged is False and len(history) == 6
        assert abs(beta.sum()) < 1e-12
        beta, b, n_iter, history, converged = smo(X, y_pm, max_iter=-1, **settings)
        assert converged is True and len(history) == n_iter + 1 > 6


def test_smo_objective_starts_at_the_warm_start():
    """From start = (β, g) the history begins at f(β) = ½βᵀKβ − yᵀβ (eq. 4), not at 0."""
    X, y = _moons()
    y_pm = np.where(y == 1, 1.0, -1.0)
    settings = dict(C=1.0, kernel="rbf", gamma=1.0, degree=3, coef0=0.0, tol=1e-3,
                    cache_bytes=1 << 20)
    beta = smo(X, y_pm, max_iter=40, **settings)[0]           # feasible, not optimal
    K = kernel_matrix(X, X, "rbf", 1.0, 3, 0.0)
    objective, gradient = dual_objective_and_gradient(beta, K, y_pm)
    for engine in ("plain", "fast"):
        with scratchlearn.config_context(engine=engine):
            history = smo(X, y_pm, max_iter=5, start=(beta, -gradient), **settings)[3]
        assert objective < 0
        assert history[0] == pytest.approx(objective, rel=1e-10)


def test_max_iter_warns():
    X, y = _moons()
    message = ("KernelSVM stopped at max_iter=3 SMO iterations for classes np.int64(0) vs "
               "np.int64(1) before the KKT gap fell below tol=0.001. Increase max_iter, or "
               "scale the features.")
    with pytest.warns(ConvergenceWarning, match=f"^{re.escape(message)}$"):
        model = KernelSVM(max_iter=3).fit(X, y)
    assert model.n_iter_[0] == 3
    with pytest.warns(ConvergenceWarning, match="max_iter=1 "):
        assert KernelSVM(max_iter=1).fit(X, y).n_iter_[0] == 1     # the smallest cap


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_a_converged_fit_does_not_warn(engine):
    X, y = _standardised(load_iris)
    with warnings.catch_warnings(), scratchlearn.config_context(engine=engine):
        warnings.simplefilter("error")
        KernelSVM().fit(X, y)


@pytest.mark.parametrize("tol, stops_at_start", [(3.0, True), (2.0, False)])
def test_the_stopping_rule_is_strict_as_in_libsvm(tol, stops_at_start):
    """At β = 0 the KKT gap is exactly 2 (g = y): SMO stops only when gap < tol (eq. 7),
    so tol = 2 still iterates and tol = 3 returns β = 0, no support vector, as libsvm."""
    X, y = _moons()
    ours, ref = fit_both(X, y, tol=tol)
    assert (ours.n_iter_[0] == 0) == (ref.n_iter_[0] == 0) == stops_at_start
    with scratchlearn.config_context(engine="plain"):
        assert KernelSVM(tol=tol).fit(X, y).n_iter_[0] == ours.n_iter_[0]
    np.testing.assert_array_equal(ours.n_support_, ref.n_support_ if stops_at_start else
                                  ours.n_support_)
    assert (len(ours.support_) == 0) == stops_at_start
    if stops_at_start:
        np.testing.assert_array_equal(ours.n_support_, [0, 0])
        np.testing.assert_array_equal(ours.dual_coef_, np.zeros((1, 0)))


@pytest.mark.parametrize("C", [1e-3, 1e-2])
def test_bias_without_free_support_vectors_is_libsvms(C):
    """With a tiny C every αᵢ sits at 0 or C: no free support vector to average g
    over, and b is the middle of the interval the KKT conditions allow (eq. 14)."""
    X, y = _moons()
    ours, ref = fit_both(X, y, C=C, tol=1e-8)
    assert np.all(np.isin(np.abs(ours.dual_coef_), [0.0, C]))
    # libsvm caches kernel values in single precision: agreement to 1e-7, not 1e-15.
    np.testing.assert_allclose(ours.intercept_, ref.intercept_, rtol=1e-6)
    np.testing.assert_allclose(ours.decision_function(X), ref.decision_function(X), atol=1e-7)


def test_verbose_prints_one_line_per_pair(capsys):
    X, y = _standardised(load_iris)
    KernelSVM().fit(X, y)
    assert capsys.readouterr().out == ""                  # verbose=0: silent
    # Converged, and capped at two iterations (where f(β) still moves in its 6th digit).
    for max_iter in (-1, 2):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = KernelSVM(verbose=1, max_iter=max_iter).fit(X, y)
        sv_class = np.repeat(np.arange(3), model.n_support_)
        expected = []
        for k, (p, q) in enumerate([(0, 1), (0, 2), (1, 2)]):
            # the pair's support vectors: its nonzero coefficients in the libsvm layout
            count = (np.count_nonzero(model.dual_coef_[q - 1, sv_class == p])
                     + np.count_nonzero(model.dual_coef_[p, sv_class == q]))
            expected.append(f"[KernelSVM] classes np.int64({p}) vs np.int64({q}): "
                            f"{model.n_iter_[k]} iterations, "
                            f"f(β) = {model.loss_history_[k][-1]:.6g}, {count} support vectors")
        assert capsys.readouterr().out.splitlines() == expected


def test_predictions_in_blocks_equal_one_block(monkeypatch):
    """K(X, support vectors) is built a block of rows at a time; seven rows a
    block give the decision values of one block."""
    X, y = _moons()
    model = KernelSVM().fit(X, y)
    whole = model.decision_function(X)
    monkeypatch.setattr(kernel_svm_model, "PREDICT_BLOCK_ENTRIES", 7 * len(model.support_))
    np.testing.assert_allclose(model.decision_function(X), whole, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(model.predict(X), np.where(whole > 0, 1, 0))


def test_defaults_are_scikit_learns():
    mine, reference = KernelSVM().get_params(), SVC().get_params()
    assert mine == {name: reference[name] for name in mine}
    assert KernelSVM(random_state=3).get_params()["random_state"] == 3     # kept, though unused


# ---------------------------------------------------------------------------
# Properties
# ---------------------------------------------------------------------------

def test_determinism():
    X, y = _standardised(load_iris)
    a, b = KernelSVM(random_state=0).fit(X, y), KernelSVM(random_state=0).fit(X, y)
    np.testing.assert_array_equal(a.dual_coef_, b.dual_coef_)
    np.testing.assert_array_equal(a.intercept_, b.intercept_)
    np.testing.assert_array_equal(a.decision_function(X), b.decision_function(X))


def test_row_order_invariance():
    X, y = _cancer()
    order = np.random.default_rng(0).permutation(len(X))
    # SMO's path depends on the order (ties go to the first index), its
    # optimum does not: at a tight tol the two fits coincide.
    a, b = KernelSVM(tol=1e-8).fit(X, y), KernelSVM(tol=1e-8).fit(X[order], y[order])
    np.testing.assert_array_equal(a.predict(X), b.predict(X))
    np.testing.assert_allclose(pair_duals(a), pair_duals(b), rtol=1e-8)
    np.testing.assert_allclose(a.decision_function(X), b.decision_function(X), atol=1e-5)


def test_string_labels_and_label_permutation():
    X, y = _standardised(load_iris)
    names = np.array(["setosa", "versicolor", "virginica"])
    ints = KernelSVM().fit(X, y)
    strings = KernelSVM().fit(X, names[y])
    np.testing.assert_array_equal(strings.classes_, names)
    np.testing.assert_array_equal(strings.predict(X), names[ints.predict(X)])
    np.testing.assert_array_equal(strings.dual_coef_, ints.dual_coef_)

    # Binary: swapping the two labels flips the sign of f.
    Xb, yb = _moons()
    a, b = KernelSVM(tol=1e-8).fit(Xb, yb), KernelSVM(tol=1e-8).fit(Xb, 1 - yb)
    np.testing.assert_allclose(a.decision_function(Xb), -b.decision_function(Xb), atol=1e-5)
    np.testing.assert_array_equal(a.predict(Xb), 1 - b.predict(Xb))


# ---------------------------------------------------------------------------
# Plain and fast paths (engine="plain" | "fast") fit the same model
# ---------------------------------------------------------------------------

def fit_plain_and_fast(X, y, **params):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        with scratchlearn.config_context(engine="plain"):
            plain = KernelSVM(**params).fit(X, y)
        with scratchlearn.config_context(engine="fast"):
            fast = KernelSVM(**params).fit(X, y)
    return plain, fast


def assert_same_model(plain, fast, X):
    """The fast path runs the plain iterations on cached rows with the same
    arithmetic, so the two agree bit for bit (stronger than the 1e-8
    relative the design asks for): same support vectors, coefficients,
    biases, iteration counts, objective histories and predictions."""
    np.testing.assert_array_equal(fast.support_, plain.support_)
    np.testing.assert_array_equal(fast.dual_coef_, plain.dual_coef_)
    np.testing.assert_array_equal(fast.intercept_, plain.intercept_)
    np.testing.assert_array_equal(fast.n_iter_, plain.n_iter_)
    for h_fast, h_plain in zip(fast.loss_history_, plain.loss_history_, strict=True):
        np.testing.assert_array_equal(h_fast, h_plain)
    np.testing.assert_array_equal(fast.predict(X), plain.predict(X))
    np.testing.assert_array_equal(fast.decision_function(X), plain.decision_function(X))


@pytest.mark.parametrize("kernel", ["rbf", "linear", "poly", "sigmoid"])
@pytest.mark.parametrize("loader", [load_iris, load_wine, load_breast_cancer])
def test_plain_and_fast_paths_agree_on_bundled_data(loader, kernel):
    X, y = _standardised(loader)
    plain, fast = fit_plain_and_fast(X, y, kernel=kernel)
    assert_same_model(plain, fast, X)
    assert plain.score(X, y) > 0.8 or kernel == "sigmoid"
    # Both are libsvm's solution too (to its tolerance).
    np.testing.assert_allclose(pair_duals(plain), pair_duals(SVC(kernel=kernel).fit(X, y)),
                               rtol=1e-3 if kernel != "sigmoid" else 5e-2)


@st.composite
def awkward_classification(draw, max_classes=3):
    """Small data sets with what breaks solvers: values from a short list
    (ties), duplicated rows (possibly with other labels), a constant column,
    and optionally one class with a single sample."""
    n, d = draw(st.integers(4, 30)), draw(st.integers(1, 4))
    values = st.one_of(st.sampled_from([-2.0, -1.0, 0.0, 0.5, 1.0, 3.0]),
                       st.floats(-3.0, 3.0, allow_nan=False).map(lambda v: round(v, 2)))
    X = draw(arrays(np.float64, (n, d), elements=values))
    copies = draw(st.lists(st.integers(0, n - 1), max_size=n))
    X = np.vstack([X, X[copies]])
    if draw(st.booleans()):
        X[:, draw(st.integers(0, d - 1))] = 1.5
    n_classes = draw(st.integers(2, max_classes))
    if draw(st.booleans()):
        y = np.zeros(len(X), dtype=int)            # one class nearly absent
        y[draw(st.integers(0, len(X) - 1))] = 1
    else:
        y = draw(arrays(np.int64, len(X), elements=st.integers(0, n_classes - 1)))
        y[:n_classes] = np.arange(n_classes)       # every class present
    return X, y


@settings(max_examples=60, deadline=None)
@given(data=awkward_classification(),
       kernel=st.sampled_from(["rbf", "linear", "poly", "sigmoid"]),
       C=st.sampled_from([0.1, 1.0, 100.0]))
def test_plain_and_fast_paths_agree_on_awkward_data(data, kernel, C):
    X, y = data
    plain, fast = fit_plain_and_fast(X, y, kernel=kernel, C=C, max_iter=20_000)
    assert_same_model(plain, fast, X)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

def test_bad_input():
    X, y = _moons()
    with pytest.raises(ValueError, match="NaN"):
        KernelSVM().fit(np.where(np.arange(X.size).reshape(X.shape) == 5, np.nan, X), y)
    with pytest.raises(ValueError, match="2D"):
        KernelSVM().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="^KernelSVM needs samples of at least 2 classes"):
        KernelSVM().fit(X, np.zeros(len(X)))
    with pytest.raises(ValueError, match="continuous"):
        KernelSVM().fit(X, np.linspace(0, 1, len(X)))
    with pytest.raises(NotFittedError):
        KernelSVM().predict(X)
    with pytest.raises(NotFittedError):
        KernelSVM().decision_function(X)
    model = KernelSVM().fit(X, y)
    with pytest.raises(ValueError, match="3 features, but KernelSVM is expecting 2"):
        model.predict(np.hstack([X, X[:, :1]]))
    with pytest.raises(ValueError, match="Reshape"):
        model.decision_function(X[0])
    with pytest.raises(ValueError, match="3 features, but KernelSVM is expecting 2"):
        model.decision_function(np.hstack([X, X[:, :1]]))
    with pytest.raises(ValueError, match="NaN"):
        model.predict(np.full((2, 2), np.nan))


@pytest.mark.parametrize("param, value", [
    ("C", 0.0), ("C", -1.0), ("C", "1"),
    ("kernel", "precomputed"), ("kernel", "gaussian"),
    ("degree", -1), ("degree", 2.5),
    ("gamma", -0.1), ("gamma", "large"),
    ("coef0", np.inf),
    ("tol", 0.0), ("tol", -1e-3),
    ("max_iter", 0), ("max_iter", -2), ("max_iter", 10.5),
    ("cache_size", 0), ("cache_size", -5),
])
def test_invalid_hyperparameters(param, value):
    X, y = _moons()
    with pytest.raises(ValueError, match=param):
        KernelSVM(**{param: value}).fit(X, y)


def test_hyperparameter_ranges_are_scikit_learns():
    X, y = _moons()
    message = ("kernel must be one of ('linear', 'poly', 'rbf', 'sigmoid'), got 'precomputed' "
               "(precomputed and callable kernels are not supported).")
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        KernelSVM(kernel="precomputed").fit(X, y)
    # The edges of the allowed ranges are allowed, as in SVC: degree 0 and gamma 0 make
    # the poly kernel constant (1 and coef0³ = 0), so f(x) = Σβ·const + b = b everywhere.
    for param in ("degree", "gamma"):
        model = KernelSVM(kernel="poly", **{param: 0}).fit(X, y)
        SVC(kernel="poly", **{param: 0}).fit(X, y)
        np.testing.assert_allclose(model.decision_function(X), model.intercept_[0], atol=1e-12)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_a_tolerance_met_at_the_start_leaves_no_support_vectors_as_in_svc(engine):
    # At β = 0, m − M = 1 − (−1) = 2 (eq. 7): any tol above 2 stops before the
    # first step, and f is the bias alone, with no kernel over an empty set.
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    with scratchlearn.config_context(engine=engine), warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = KernelSVM(tol=2.5).fit(X, y)
        scores = ours.decision_function(X[:5])
    theirs = SVC(tol=2.5).fit(X, y)
    assert ours.support_vectors_.shape == theirs.support_vectors_.shape == (0, 30)
    np.testing.assert_array_equal(scores, theirs.decision_function(X[:5]))
