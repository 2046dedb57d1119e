"""Perceptron against scikit-learn's Perceptron (same update rule, same epochs)."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning
from sklearn.exceptions import NotFittedError as SkNotFittedError
from sklearn.linear_model import Perceptron as SkPerceptron

import scratchlearn
from scratchlearn.classification.perceptron import Perceptron, block_scan
from scratchlearn.classification.perceptron.model import (
    perceptron_epoch,
    perceptron_loss_and_gradient,
)
from scratchlearn.core import ConvergenceWarning, DivergenceError, StandardScaler, check_gradient
from scratchlearn.datasets import (
    load_breast_cancer,
    load_digits,
    load_iris,
    load_wine,
    make_blobs,
    make_classification,
)


def _data(name):
    if name == "make_classification":
        return make_classification(300, 8, n_classes=3, n_informative=4, random_state=0)
    loader = {"iris": load_iris, "wine": load_wine, "breast_cancer": load_breast_cancer,
              "digits": load_digits}[name]
    return loader(return_X_y=True)


def _assert_same(ours, theirs):
    np.testing.assert_allclose(ours.coef_, theirs.coef_, rtol=0, atol=1e-10 * max(
        1.0, np.abs(theirs.coef_).max()))
    np.testing.assert_allclose(ours.intercept_, theirs.intercept_, rtol=0, atol=1e-10 * max(
        1.0, np.abs(theirs.intercept_).max()))


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits",
                                  "make_classification"])
@pytest.mark.parametrize("scale", [False, True])
@pytest.mark.parametrize("epochs", [1, 7, 40])
def test_weights_equal_sklearn_without_shuffle(name, scale, epochs):
    X, y = _data(name)
    if scale:
        X = StandardScaler().fit_transform(X)
    ours = Perceptron(shuffle=False, tol=None, max_iter=epochs).fit(X, y)
    theirs = SkPerceptron(shuffle=False, tol=None, max_iter=epochs).fit(X, y)
    _assert_same(ours, theirs)
    assert ours.n_iter_ == theirs.n_iter_ == epochs
    np.testing.assert_array_equal(ours.predict(X), theirs.predict(X))
    np.testing.assert_allclose(ours.decision_function(X), theirs.decision_function(X),
                               atol=1e-8 * max(1.0, np.abs(theirs.decision_function(X)).max()))


@pytest.mark.parametrize("params", [dict(eta0=0.37), dict(fit_intercept=False),
                                    dict(eta0=3.0, fit_intercept=False), dict(eta0=2.0)])
@pytest.mark.parametrize("name", ["wine", "breast_cancer"])
def test_eta0_and_no_intercept_equal_sklearn(name, params):
    X, y = _data(name)
    X = StandardScaler().fit_transform(X)
    ours = Perceptron(shuffle=False, tol=None, max_iter=12, **params).fit(X, y)
    theirs = SkPerceptron(shuffle=False, tol=None, max_iter=12, **params).fit(X, y)
    _assert_same(ours, theirs)
    if not params.get("fit_intercept", True):
        assert np.all(ours.intercept_ == 0)


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "make_classification"])
def test_tol_stops_at_the_same_epoch_as_sklearn(name):
    X, y = _data(name)
    X = StandardScaler().fit_transform(X)
    ours = Perceptron(shuffle=False, tol=1e-3).fit(X, y)
    theirs = SkPerceptron(shuffle=False, tol=1e-3).fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_
    assert ours.n_iter_ < 1000
    _assert_same(ours, theirs)


def test_perceptron_loss_gradient_check(rng):
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    s = np.where(y == 1, 1.0, -1.0)
    theta = rng.standard_normal(X.shape[1] + 1)     # a generic point: no sample on the boundary

    def f(t):
        return perceptron_loss_and_gradient(t[:-1], t[-1], X, s)[0]

    def grad(t):
        _, grad_w, grad_b = perceptron_loss_and_gradient(t[:-1], t[-1], X, s)
        return np.append(grad_w, grad_b)

    assert check_gradient(f, grad, theta) < 1e-6


def test_separable_data_are_learned_perfectly_far_from_origin():
    # Two separable clusters away from the origin, split by x₁ = 5: needs the
    # bias with the right sign. (Much further out, Novikoff's bound (R/γ)²
    # explodes and the perceptron takes very long: see the notes.)
    rng = np.random.default_rng(1)
    X = np.vstack([rng.uniform([2, 2], [4, 8], (60, 2)),
                   rng.uniform([6, 2], [8, 8], (60, 2))])
    y = np.r_[np.zeros(60, int), np.ones(60, int)]
    model = Perceptron(tol=None, max_iter=300, random_state=0).fit(X, y)
    assert model.score(X, y) == 1.0
    assert model.loss_history_[-1] == 0.0             # an epoch without a mistake
    assert model.coef_[0, 0] > 0 and model.intercept_[0] < 0
    X_test = np.array([[3.0, 5.0], [7.0, 5.0]])
    np.testing.assert_array_equal(model.predict(X_test), [0, 1])


def test_novikoff_bound_on_separable_data():
    # Mistakes ≤ (R/γ)² with R = max ‖(x, 1)‖ and γ the margin of a unit separator.
    X, y = make_blobs(200, centers=[[-3, 0], [3, 0]], cluster_std=0.6, random_state=0)
    s = np.where(y == 1, 1.0, -1.0)
    u = np.array([1.0, 0.0, 0.0])                     # the separator x₁ = 0, in (w, b)
    Z = np.column_stack([X, np.ones(len(X))])
    gamma = np.min(s * (Z @ u))
    assert gamma > 0
    R = np.max(np.linalg.norm(Z, axis=1))
    model = Perceptron(shuffle=False, tol=None, max_iter=100).fit(X, y)
    # Count the mistakes by replaying the rule sample by sample (eq. 3).
    w = np.zeros(3)
    mistakes = 0
    for _ in range(100):
        for z_i, s_i in zip(Z, s, strict=True):
            if s_i * (w @ z_i) <= 0:
                w += s_i * z_i
                mistakes += 1
    assert mistakes <= (R / gamma) ** 2
    np.testing.assert_allclose(np.append(model.coef_[0], model.intercept_), w, atol=1e-10)
    assert model.score(X, y) == 1.0


def test_multiclass_is_one_vs_rest():
    X, y = load_iris(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    model = Perceptron(shuffle=False, tol=None, max_iter=10).fit(X, y)
    assert model.coef_.shape == (3, 4) and model.intercept_.shape == (3,)
    for k in range(3):
        binary = Perceptron(shuffle=False, tol=None, max_iter=10).fit(X, (y == k).astype(int))
        np.testing.assert_allclose(binary.coef_[0], model.coef_[k], atol=1e-12)
        np.testing.assert_allclose(binary.intercept_[0], model.intercept_[k], atol=1e-12)
    scores = model.decision_function(X)
    assert scores.shape == (150, 3)
    np.testing.assert_array_equal(model.predict(X), np.argmax(scores, axis=1))


def test_row_order_only_changes_the_visiting_order():
    # The perceptron depends on sample order by design; in any fixed order it
    # still equals scikit-learn fed the same order.
    X, y = load_wine(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    order = np.random.default_rng(3).permutation(len(y))
    ours = Perceptron(shuffle=False, tol=None, max_iter=5).fit(X[order], y[order])
    theirs = SkPerceptron(shuffle=False, tol=None, max_iter=5).fit(X[order], y[order])
    _assert_same(ours, theirs)


def test_shuffle_is_deterministic_under_random_state():
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    a = Perceptron(random_state=7).fit(X, y)
    b = Perceptron(random_state=7).fit(X, y)
    c = Perceptron(random_state=8).fit(X, y)
    np.testing.assert_array_equal(a.coef_, b.coef_)
    np.testing.assert_array_equal(a.intercept_, b.intercept_)
    assert not np.array_equal(a.coef_, c.coef_)
    assert a.score(X, y) > 0.95


def test_string_labels_and_label_permutation():
    X, y = load_iris(return_X_y=True)
    names = np.array(["setosa", "versicolor", "virginica"])
    model = Perceptron(shuffle=False, tol=None, max_iter=5).fit(X, names[y])
    reference = Perceptron(shuffle=False, tol=None, max_iter=5).fit(X, y)
    np.testing.assert_array_equal(model.classes_, names)
    np.testing.assert_array_equal(model.predict(X), names[reference.predict(X)])
    # Binary: swapping which label sorts first flips the sign of w and b.
    Xb, yb = X[y > 0], y[y > 0]
    m1 = Perceptron(shuffle=False, tol=None, max_iter=5).fit(Xb, np.where(yb == 1, "a", "b"))
    m2 = Perceptron(shuffle=False, tol=None, max_iter=5).fit(Xb, np.where(yb == 1, "b", "a"))
    np.testing.assert_allclose(m1.coef_, -m2.coef_)
    np.testing.assert_array_equal(m1.predict(Xb) == "a", m2.predict(Xb) == "b")


def test_convergence_warning_at_max_iter():
    X, y = load_breast_cancer(return_X_y=True)
    message = (r"^Perceptron stopped at max_iter=2 epochs before its loss stopped improving; "
               r"increase max_iter \(the data may not be linearly separable\)\.$")
    with pytest.warns(ConvergenceWarning, match=message):
        Perceptron(max_iter=2).fit(X, y)


def test_no_warning_without_a_stopping_rule_as_in_sklearn():
    """tol=None runs all max_iter epochs by request: nothing to warn about."""
    X, y = load_breast_cancer(return_X_y=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        Perceptron(tol=None, max_iter=2).fit(X, y)
        SkPerceptron(tol=None, max_iter=2).fit(X, y)


def test_a_loss_that_stays_at_its_best_is_not_a_stall_as_in_sklearn():
    """Eq. 7 counts an epoch as stalled when its loss exceeds best − tol. On
    separable data the loss sits at 0 = best − 0 from some epoch on: with tol=0
    that is no stall, so both run to max_iter."""
    X, y = make_blobs(200, centers=[[-3, 0], [3, 0]], cluster_std=0.6, random_state=0)
    params = dict(tol=0.0, n_iter_no_change=1, shuffle=False, max_iter=20)
    with pytest.warns(ConvergenceWarning):
        ours = Perceptron(**params).fit(X, y)
    with pytest.warns(SkConvergenceWarning):
        theirs = SkPerceptron(**params).fit(X, y)
    assert ours.loss_history_[-1] == 0.0
    assert ours.n_iter_ == theirs.n_iter_ == 20


def test_bad_input():
    X, y = load_iris(return_X_y=True)
    with pytest.raises(SkNotFittedError):
        Perceptron().predict(X)
    X_nan = X.copy()
    X_nan[0, 0] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        Perceptron().fit(X_nan, y)
    with pytest.raises(ValueError, match="2D"):
        Perceptron().fit(X[:, 0], y)
    with pytest.raises(ValueError, match="^Perceptron needs samples of at least 2 classes"):
        Perceptron().fit(X, np.zeros(len(y)))
    model = Perceptron().fit(X, y)
    with pytest.raises(ValueError, match="expecting 4 features"):
        model.predict(X[:, :3])
    for params, name in [(dict(eta0=0), "eta0"), (dict(max_iter=0), "max_iter"),
                         (dict(tol=-1.0), "tol"), (dict(n_iter_no_change=0),
                                                   "n_iter_no_change")]:
        with pytest.raises(ValueError, match=f"^{name} must be"):
            Perceptron(**params).fit(X, y)


# ---------------------------------------------------------------------------
# Plain and fast paths (engine="plain" | "fast") fit the same weights
# ---------------------------------------------------------------------------

def _fit_plain_and_fast(X, y, **params):
    fits = []
    for engine in ("plain", "fast"):
        with warnings.catch_warnings(), scratchlearn.config_context(engine=engine):
            warnings.simplefilter("ignore", ConvergenceWarning)
            fits.append(Perceptron(**params).fit(X, y))
    return fits


def _assert_same_fit(plain, fast, X):
    # The fast path scores blocks of samples with one matrix–vector product
    # and jumps to the first mistake; the updates, and so the weights, are
    # those of the sample-by-sample loop, bit for bit.
    np.testing.assert_array_equal(fast.coef_, plain.coef_)
    np.testing.assert_array_equal(fast.intercept_, plain.intercept_)
    assert fast.n_iter_ == plain.n_iter_
    np.testing.assert_allclose(fast.loss_history_, plain.loss_history_, rtol=1e-12, atol=0)
    np.testing.assert_array_equal(fast.predict(X), plain.predict(X))


@pytest.mark.parametrize("name", ["iris", "wine", "breast_cancer", "digits"])
@pytest.mark.parametrize("params", [dict(shuffle=False, tol=None, max_iter=15),
                                    dict(random_state=0, max_iter=30),
                                    dict(eta0=0.3, fit_intercept=False, max_iter=10,
                                         random_state=1)])
def test_plain_and_fast_paths_agree_on_bundled_data(name, params):
    X, y = _data(name)
    X = StandardScaler().fit_transform(X)
    plain, fast = _fit_plain_and_fast(X, y, **params)
    _assert_same_fit(plain, fast, X)


@st.composite
def _awkward_classification(draw):
    """Ties (values from a short list), duplicated rows (possibly with other
    labels), a constant column, and optionally one class with one sample."""
    n, d = draw(st.integers(2, 40)), draw(st.integers(1, 5))
    values = st.one_of(st.sampled_from([-2.0, -1.0, 0.0, 0.5, 1.0, 3.0]),
                       st.floats(-3.0, 3.0, allow_nan=False).map(lambda v: round(v, 2)))
    X = draw(arrays(np.float64, (n, d), elements=values))
    copies = draw(st.lists(st.integers(0, n - 1), max_size=n))
    X = np.vstack([X, X[copies]])
    if draw(st.booleans()):
        X[:, draw(st.integers(0, d - 1))] = 1.5
    n_classes = draw(st.integers(2, 4))
    if draw(st.booleans()):
        y = np.zeros(len(X), dtype=int)                 # one class nearly absent
        y[draw(st.integers(0, len(X) - 1))] = 1
    else:
        y = draw(arrays(np.int64, len(X), elements=st.integers(0, n_classes - 1)))
        y[:min(n_classes, len(X))] = np.arange(min(n_classes, len(X)))
    return X, y


def test_plain_and_fast_paths_agree_when_a_margin_rounds_across_zero():
    # Found by hypothesis: with eta0=0.1 the weights are inexact, and a block
    # product and a one-row dot product round one margin to opposite sides of
    # 0 (4e-16 against -1e-16); the fast path must decide it as perceptron_epoch does.
    X = np.full((13, 3), -2.0)
    X[1] = [-2.0, -1.0, -2.0]
    X[11] = [-2.0, 1.0, 0.0]
    y = np.zeros(13, dtype=int)
    y[1] = 1
    for variant in (X, np.vstack([X[:2], [[0.0, -2.0, -2.0]], X[3:8], [[-2.0, 0.0, 0.0]],
                                  X[9:]])):
        plain, fast = _fit_plain_and_fast(variant, y, shuffle=False, eta0=0.1, max_iter=25,
                                          fit_intercept=True, random_state=0)
        _assert_same_fit(plain, fast, variant)


def _row_the_block_product_rounds_positive(m=128, block=8, row=3, scale=1.0):
    """Signed rows Z and weights u where the first block's product puts row
    ``row`` clearly above 0 (beyond ε·max|z|·‖u‖₁/m) while the one-row dot of
    perceptron_epoch gives ≤ 0; the other rows are clean (positive margins).
    None if this BLAS rounds both orders alike on every draw."""
    eps = np.finfo(np.float64).eps
    for seed in range(200):
        rng = np.random.default_rng(seed)
        u, Z = rng.normal(size=m), scale * rng.normal(size=(block, m))
        Z[row] -= (Z[row] @ u) / (u @ u) * u           # exactly orthogonal but for rounding
        others = np.arange(block) != row
        Z[others] *= np.sign(Z[others] @ u)[:, None]
        clearly = eps * np.abs(Z).max() * np.abs(u).sum() / m
        if (Z @ u)[row] > clearly and float(Z[row] @ u) <= 0:
            return Z, u
    return None


@pytest.mark.parametrize("scale", [1.0, 2.0 ** 13])   # a power of two rounds alike
def test_the_block_scan_decides_a_margin_rounding_across_zero_as_the_row_dot_does(scale):
    # The bound grows with max|z|: rows far above 1 check that it multiplies.
    case = _row_the_block_product_rounds_positive(scale=scale)
    if case is None:
        pytest.skip("this BLAS rounds the block product and the row dot alike on every draw")
    plain = _plain_and_block_scan_epochs_agree(*case)
    assert plain[1] >= 1                                # the row is a mistake by the dot


def _plain_and_block_scan_epochs_agree(Z, u):
    """One epoch each from the same start: the same result and the same u.
    Returns the plain epoch's result."""
    u_plain, u_fast = u.copy(), u.copy()
    plain = perceptron_epoch(Z, u_plain, 1.0)
    assert block_scan.epoch(Z, u_fast, 1.0) == plain
    np.testing.assert_array_equal(u_fast, u_plain)
    return plain


def _rounds_positive_after_a_small_update(m=128):
    """Signed rows Z and start weights u: row 0 is a clear mistake whose update
    is tiny (‖z₀‖₁ = 1e-3), and row 4 is one the next block's product rounds
    above the rounding bound of that update alone while the row dot gives ≤ 0.
    None if this BLAS rounds both orders alike on every draw."""
    eps = np.finfo(np.float64).eps
    for seed in range(400):
        rng = np.random.default_rng(seed)
        u = rng.normal(size=m)
        Z = rng.normal(size=(9, m))
        Z[0] = 0.0
        Z[0, 0] = -1e-3 * np.sign(u[0])
        u_after = u + Z[0]
        Z[4] -= (Z[4] @ u_after) / (u_after @ u_after) * u_after
        clean = [1, 2, 3, 5, 6, 7, 8]
        Z[clean] *= np.sign(Z[clean] @ u_after)[:, None]
        last_update_bound = 2 * m * eps * np.abs(Z).max() * 1e-3
        if (Z[1:9] @ u_after)[3] > last_update_bound and float(Z[4] @ u_after) <= 0:
            return Z, u
    return None


def test_the_rounding_bound_keeps_all_of_u_after_an_update():
    # ‖u‖₁ is bounded by the start's norm plus every update's, not the last one's.
    case = _rounds_positive_after_a_small_update()
    if case is None:
        pytest.skip("this BLAS rounds the block product and the row dot alike on every draw")
    _plain_and_block_scan_epochs_agree(*case)


@settings(max_examples=80, deadline=None)
@given(data=_awkward_classification(), shuffle=st.booleans(),
       eta0=st.sampled_from([1.0, 0.1, 2.5]), fit_intercept=st.booleans())
def test_plain_and_fast_paths_agree_on_awkward_data(data, shuffle, eta0, fit_intercept):
    X, y = data
    plain, fast = _fit_plain_and_fast(X, y, shuffle=shuffle, eta0=eta0, max_iter=25,
                                      fit_intercept=fit_intercept, random_state=0)
    _assert_same_fit(plain, fast, X)


# -- tests prompted by mutation testing (benchmarks/results/mutation.md) ---------------

def test_loss_gradient_at_the_origin_counts_every_sample_as_a_mistake():
    """At w = 0, b = 0 every margin is exactly 0, a mistake by eq. 3's rule
    (margin ≤ 0): the gradient is −(1/n) Σ yᵢ (xᵢ, 1), the first full-batch step."""
    X, y = load_iris(return_X_y=True)
    s = np.where(y == 2, 1.0, -1.0)
    loss, grad_w, grad_b = perceptron_loss_and_gradient(np.zeros(4), 0.0, X, s)
    assert loss == 0.0
    np.testing.assert_allclose(grad_w, -(s @ X) / len(s), rtol=1e-15)
    assert grad_b == pytest.approx(-np.mean(s), abs=1e-15)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_verbose_mistake_counts_equal_a_replay_of_the_rule(engine, capsys):
    """The mistakes printed per epoch are those of eq. 3 replayed sample by
    sample (versicolor against virginica: never separable, mistakes every epoch)."""
    X, y = load_iris(return_X_y=True)
    X, y = X[y > 0], y[y > 0]
    with scratchlearn.config_context(engine=engine):
        Perceptron(shuffle=False, tol=None, max_iter=4, verbose=1).fit(X, y)
    lines = [line for line in capsys.readouterr().out.splitlines() if "mistakes" in line]
    printed = [int(line.rsplit(" ", 1)[1]) for line in lines]
    losses = [float(line.split("loss ")[1].split(",")[0]) for line in lines]
    s = np.where(y == 2, 1.0, -1.0)
    Z = s[:, None] * np.column_stack([X, np.ones(len(X))])
    u = np.zeros(5)
    replayed, replayed_loss = [], []
    for _ in range(4):
        mistakes, loss = 0, 0.0
        for z in Z:
            margin = z @ u
            if margin <= 0:
                u += z
                mistakes += 1
                loss -= margin
        replayed.append(mistakes)
        replayed_loss.append(loss / len(Z))                  # eq. 2 over the epoch
    assert printed == replayed
    assert min(replayed) > 1
    np.testing.assert_allclose(losses, replayed_loss, rtol=1e-5)
    assert len(set(losses)) == 4


def test_defaults_are_scikit_learns():
    ours, theirs = Perceptron().get_params(), SkPerceptron().get_params()
    shared = ["eta0", "max_iter", "tol", "n_iter_no_change", "shuffle", "fit_intercept",
              "verbose"]
    assert {k: ours[k] for k in shared} == {k: theirs[k] for k in shared}


def test_a_point_exactly_on_the_boundary_goes_to_the_first_class_as_in_sklearn():
    """Without an intercept the origin scores exactly 0: predict takes
    score > 0 as the second class, so the origin is classes_[0]."""
    X, y = load_breast_cancer(return_X_y=True)
    ours = Perceptron(fit_intercept=False, shuffle=False, max_iter=5, tol=None).fit(X, y)
    theirs = SkPerceptron(fit_intercept=False, shuffle=False, max_iter=5, tol=None).fit(X, y)
    origin = np.zeros((1, X.shape[1]))
    assert ours.decision_function(origin)[0] == 0.0
    assert ours.predict(origin)[0] == theirs.predict(origin)[0] == 0


def test_the_smallest_valid_tol_and_patience_fit_as_in_sklearn():
    """tol=0 and n_iter_no_change=1 are valid (the bounds of eq. 7's stopping
    rule); scikit-learn stops at the same epoch with the same weights."""
    X, y = load_wine(return_X_y=True)
    params = dict(tol=0.0, n_iter_no_change=1, shuffle=False, max_iter=50)
    ours = Perceptron(**params).fit(X, y)
    theirs = SkPerceptron(**params).fit(X, y)
    assert ours.n_iter_ == theirs.n_iter_ < 50
    _assert_same(ours, theirs)


@pytest.mark.parametrize("engine", ["plain", "fast"])
def test_overflowing_weights_raise_naming_the_epoch_and_the_cure(engine):
    X = np.array([[1e308, 1.0], [-1e308, 2.0], [1e308, -1.0], [-1e308, 0.5]])
    y = np.array([0, 0, 1, 1])
    message = (r"^Perceptron weights overflowed in epoch 1; scale the features "
               r"\(for example with StandardScaler\) or lower eta0\.$")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)    # NumPy's own overflow warning
        with scratchlearn.config_context(engine=engine), pytest.raises(DivergenceError,
                                                                       match=message):
            Perceptron(eta0=10.0, shuffle=False).fit(X, y)
