"""MLPClassifier and MLPRegressor: every backward pass against finite
differences, training step for step against scikit-learn from the same
starting weights, held-out scores against scikit-learn, properties, bad input."""

import re
import warnings

import numpy as np
import pytest
from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning
from sklearn.metrics import accuracy_score as sk_accuracy_score
from sklearn.metrics import r2_score as sk_r2_score
from sklearn.neural_network import MLPClassifier as SkMLPClassifier
from sklearn.neural_network import MLPRegressor as SkMLPRegressor
from sklearn.neural_network._base import ACTIVATIONS as SK_ACTIVATIONS

from scratchlearn.core import NotFittedError, StandardScaler, check_gradient, train_test_split
from scratchlearn.core.base import ConvergenceWarning
from scratchlearn.core.optim import DivergenceError
from scratchlearn.core.validation import check_random_state
from scratchlearn.datasets import (
    load_breast_cancer,
    load_diabetes,
    load_digits,
    make_moons,
    make_regression,
)
from scratchlearn.neural_network.mlp.model import (
    Dense,
    Identity,
    Logistic,
    MLPClassifier,
    MLPRegressor,
    Network,
    ReLU,
    SigmoidCrossEntropy,
    SoftmaxCrossEntropy,
    SquaredError,
    Tanh,
    dense_backward,
    init_parameters,
)
from scratchlearn.regression.multiple_linear_regression import MultipleLinearRegression

GRAD_TOL = 1e-6
quiet = pytest.mark.filterwarnings("ignore::UserWarning")   # ConvergenceWarning is one


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------

def _digits():
    X, y = load_digits(return_X_y=True)
    return train_test_split(X / 16.0, y, test_size=0.25, random_state=0, stratify=y)


def _standardised(X_train, X_test):
    scaler = StandardScaler().fit(X_train)
    return scaler.transform(X_train), scaler.transform(X_test)


def _diabetes():
    X, y = load_diabetes(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    return (*_standardised(X_train, X_test), y_train, y_test)


def _breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0,
                                                        stratify=y)
    return (*_standardised(X_train, X_test), y_train, y_test)


# ---------------------------------------------------------------------------
# Every piece's backward pass against central finite differences (float64)
# ---------------------------------------------------------------------------

def _check_piece(forward, backward, x, rng):
    """Check backward(R) = ∂/∂x Σ R ⊙ forward(x) for a random R."""
    R = rng.standard_normal(forward(x).shape)

    def f(v):
        return float(np.sum(R * forward(v)))

    def grad(v):
        forward(v)
        return backward(R)

    return check_gradient(f, grad, x)


@pytest.mark.parametrize("activation", [ReLU, Tanh, Logistic, Identity])
def test_activation_backward_matches_finite_differences(activation, rng):
    layer = activation()
    Z = rng.standard_normal((7, 5)) * 2
    Z[np.abs(Z) < 0.05] = 0.5          # keep ReLU's kink out of the ±ε stencil
    assert _check_piece(layer.forward, layer.backward, Z, rng) < GRAD_TOL


def _dense(rng, fan_in=4, fan_out=3):
    W, b = rng.standard_normal((fan_in, fan_out)), rng.standard_normal(fan_out)
    return Dense(W, b, np.zeros_like(W), np.zeros_like(b))


def test_dense_backward_returns_the_input_gradient_unless_told_not_to(rng):
    """∂J/∂A = δ Wᵀ (eq. 7) by default, as the exercise's learners call it;
    the first layer, whose input is the data, skips it."""
    A, W, delta = rng.standard_normal((6, 4)), rng.standard_normal((4, 3)), rng.standard_normal((6, 3))
    np.testing.assert_allclose(dense_backward(A, W, delta)[2], delta @ W.T)
    assert dense_backward(A, W, delta, input_grad=False)[2] is None
    first = Dense(W, np.zeros(3), np.zeros_like(W), np.zeros(3), input_grad=False)
    first.forward(A)
    assert first.backward(delta) is None
    n_params = (4 * 5 + 5 * 5 + 5 * 3) + (5 + 5 + 3)    # weights, then biases
    net = Network((4, 5, 5, 3), "relu", None, theta=np.zeros(n_params))
    assert [layer.input_grad for layer in net.dense] == [False, True, True]


def test_dense_backward_wrt_input(rng):
    layer = _dense(rng)
    A = rng.standard_normal((6, 4))
    assert _check_piece(layer.forward, layer.backward, A, rng) < GRAD_TOL


@pytest.mark.parametrize("which", ["W", "b"])
def test_dense_backward_wrt_parameters(which, rng):
    layer = _dense(rng)
    A = rng.standard_normal((6, 4))
    R = rng.standard_normal((6, 3))
    parameter = getattr(layer, which)

    def f(value):
        parameter[...] = value
        return float(np.sum(R * layer.forward(A)))

    def grad(value):
        parameter[...] = value
        layer.forward(A)
        layer.backward(R)
        return getattr(layer, "grad_" + which).copy()

    assert check_gradient(f, grad, parameter.copy()) < GRAD_TOL


def _targets(loss, rng, n=8):
    if isinstance(loss, SoftmaxCrossEntropy):
        return np.eye(4)[rng.integers(0, 4, n)]
    if isinstance(loss, SigmoidCrossEntropy):
        return rng.integers(0, 2, (n, 1)).astype(float)
    return rng.standard_normal((n, 1)) * 3


@pytest.mark.parametrize("loss", [SoftmaxCrossEntropy(), SigmoidCrossEntropy(), SquaredError()],
                         ids=["softmax_ce", "sigmoid_ce", "squared_error"])
def test_loss_backward_matches_finite_differences(loss, rng):
    Y = _targets(loss, rng)
    Z = rng.standard_normal(Y.shape) * 3

    def f(v):
        return loss.forward(v, Y)

    def grad(v):
        loss.forward(v, Y)
        return loss.backward()

    assert check_gradient(f, grad, Z) < GRAD_TOL


@pytest.mark.parametrize("loss", [SoftmaxCrossEntropy, SigmoidCrossEntropy, SquaredError])
def test_each_loss_names_and_computes_its_output_unit_as_sklearn(loss, rng):
    # scikit-learn's in-place output activations, applied to a copy.
    Z = rng.standard_normal((6, 3 if loss is SoftmaxCrossEntropy else 1)) * 4
    expected = Z.copy()
    SK_ACTIVATIONS[loss.output_activation](expected)
    np.testing.assert_allclose(loss.output(Z), expected, rtol=1e-12)


def test_losses_are_stable_for_huge_logits():
    Z = np.array([[1000.0, -1000.0, 0.0], [-800.0, 800.0, 1.0]])
    Y = np.eye(3)[[0, 2]]
    loss = SoftmaxCrossEntropy()
    assert np.isclose(loss.forward(Z, Y), (0.0 + 799.0) / 2)
    assert np.isfinite(loss.backward()).all()
    binary = SigmoidCrossEntropy()
    value = binary.forward(np.array([[800.0], [-800.0]]), np.array([[0.0], [0.0]]))
    assert np.isclose(value, 400.0)


@pytest.mark.parametrize("activation", ["relu", "tanh", "logistic", "identity"])
@pytest.mark.parametrize("loss", [SoftmaxCrossEntropy(), SigmoidCrossEntropy(), SquaredError()],
                         ids=["softmax_ce", "sigmoid_ce", "squared_error"])
def test_network_parameter_gradient_matches_finite_differences(activation, loss, rng):
    Y = _targets(loss, rng, n=10)
    X = rng.standard_normal((10, 3))
    sizes = (3, 5, 4, Y.shape[1])
    net = Network(sizes, activation, loss,
                  theta=init_parameters(sizes, activation, check_random_state(1)))
    net.theta[net.n_weights:] = rng.standard_normal(net.theta.size - net.n_weights) * 0.3
    alpha = 0.7

    def f(theta):
        net.theta[:] = theta
        return net.loss_and_gradient(X, Y, alpha)[0]

    def grad(theta):
        net.theta[:] = theta
        return net.loss_and_gradient(X, Y, alpha)[1].copy()

    assert check_gradient(f, grad, net.theta.copy()) < GRAD_TOL


def test_initialisation_follows_he_and_glorot():
    rng = check_random_state(0)
    sizes = (400, 300, 10)
    theta = init_parameters(sizes, "relu", rng)
    W1, W2 = theta[:400 * 300], theta[400 * 300:400 * 300 + 300 * 10]
    assert np.isclose(W1.var(), 2.0 / 400, rtol=0.02)              # He: 2/fan_in
    assert np.isclose(W2.var(), 2.0 / (300 + 10), rtol=0.1)        # Glorot: 2/(in + out)
    assert np.all(theta[-310:] == 0.0)                              # zero biases
    tanh_theta = init_parameters(sizes, "tanh", check_random_state(0))
    assert np.isclose(tanh_theta[:400 * 300].var(), 2.0 / 700, rtol=0.02)


@pytest.mark.parametrize("activation, hidden_bound", [
    ("relu", np.sqrt(6.0 / 400)),                    # He
    ("tanh", np.sqrt(6.0 / 700)),                    # Glorot
    ("logistic", 4.0 * np.sqrt(6.0 / 700)),          # Glorot × 4: σ'(0) = 1/4
    ("identity", np.sqrt(6.0 / 700)),
])
def test_initial_weights_fill_exactly_their_uniform_bounds(activation, hidden_bound):
    # Uniform weights on ±bound (eq. 9): none beyond it, and among
    # thousands some within 1 % of it. The output layer is Glorot with gain 1
    # whatever the hidden activation.
    theta = init_parameters((400, 300, 10), activation, check_random_state(0))
    layers = [(theta[:400 * 300], hidden_bound),
              (theta[400 * 300:400 * 300 + 300 * 10], np.sqrt(6.0 / 310))]
    for W, bound in layers:
        assert 0.99 * bound < np.max(np.abs(W)) <= bound


# ---------------------------------------------------------------------------
# Training step for step against scikit-learn from the same initial weights
# ---------------------------------------------------------------------------

def _sklearn_from_our_start(ours, reference_class, X, y, **params):
    """Train scikit-learn's MLP from our initial θ with the same batch order
    (shuffle=False) for as many epochs as ours ran."""
    reference = reference_class(max_iter=1, warm_start=True, shuffle=False, random_state=0,
                                **params).fit(X, y)
    sizes = (X.shape[1], *(W.shape[1] for W in reference.coefs_))
    theta = init_parameters(sizes, ours.activation, check_random_state(0))
    weights_at, biases_at = 0, sum(a * b for a, b in zip(sizes[:-1], sizes[1:]))
    coefs, intercepts = [], []
    for fan_in, fan_out in zip(sizes[:-1], sizes[1:]):
        coefs.append(theta[weights_at:weights_at + fan_in * fan_out].reshape(fan_in, fan_out))
        intercepts.append(theta[biases_at:biases_at + fan_out])
        weights_at += fan_in * fan_out
        biases_at += fan_out
    reference.coefs_, reference.intercepts_ = coefs, intercepts
    reference.set_params(max_iter=ours.n_iter_).fit(X, y)
    return reference


STEP_FOR_STEP = [
    ("digits", dict(hidden_layer_sizes=(32,))),
    ("digits", dict(hidden_layer_sizes=(32, 16), activation="tanh", solver="sgd",
                    learning_rate_init=0.05)),
    ("digits", dict(hidden_layer_sizes=(24,), activation="logistic", solver="sgd",
                    nesterovs_momentum=False, learning_rate_init=0.05, alpha=0.1)),
    ("breast_cancer", dict(hidden_layer_sizes=(16,), alpha=1.0, batch_size=64)),
    ("diabetes", dict(hidden_layer_sizes=(16,), learning_rate_init=0.01)),
    ("diabetes", dict(hidden_layer_sizes=(), activation="identity", solver="sgd", momentum=0.0,
                      learning_rate_init=0.01)),
]


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@quiet
@pytest.mark.parametrize("dataset, params", STEP_FOR_STEP)
def test_training_matches_sklearn_step_for_step(dataset, params):
    if dataset == "digits":
        X, _, y, _ = _digits()
    elif dataset == "breast_cancer":
        X, _, y, _ = _breast_cancer()
    else:
        X, _, y, _ = _diabetes()
    ours_class, reference_class = ((MLPRegressor, SkMLPRegressor) if dataset == "diabetes"
                                   else (MLPClassifier, SkMLPClassifier))
    ours = ours_class(max_iter=6, shuffle=False, random_state=0, **params).fit(X, y)
    reference = _sklearn_from_our_start(ours, reference_class, X, y, **params)
    # Same θ₀, same batches, same update rules: equal up to rounding.
    np.testing.assert_allclose(ours.loss_curve_, reference.loss_curve_[-ours.n_iter_:],
                               rtol=1e-10)
    for ours_p, reference_p in zip(ours.coefs_ + ours.intercepts_,
                                   reference.coefs_ + reference.intercepts_, strict=True):
        np.testing.assert_allclose(ours_p, reference_p, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(ours.predict(X[:50]), reference.predict(X[:50]), rtol=1e-9)


# ---------------------------------------------------------------------------
# Held-out scores against scikit-learn with the same settings
# ---------------------------------------------------------------------------

@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@quiet
def test_digits_accuracy_one_hidden_layer_of_64():
    X_train, X_test, y_train, y_test = _digits()
    params = dict(hidden_layer_sizes=(64,), max_iter=200, random_state=0)
    ours = MLPClassifier(**params).fit(X_train, y_train).score(X_test, y_test)
    reference = SkMLPClassifier(**params).fit(X_train, y_train).score(X_test, y_test)
    assert ours >= 0.95
    assert abs(ours - reference) <= 0.02


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@quiet
def test_breast_cancer_binary_accuracy_and_probabilities():
    X_train, X_test, y_train, y_test = _breast_cancer()
    params = dict(hidden_layer_sizes=(16,), max_iter=100, random_state=0)
    ours = MLPClassifier(**params).fit(X_train, y_train)
    reference = SkMLPClassifier(**params).fit(X_train, y_train)
    assert ours.out_activation_ == "logistic" and ours.coefs_[-1].shape == (16, 1)
    assert ours.score(X_test, y_test) >= 0.95
    assert abs(ours.score(X_test, y_test) - reference.score(X_test, y_test)) <= 0.03
    P = ours.predict_proba(X_test)
    assert P.shape == (len(X_test), 2)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-12)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@quiet
def test_diabetes_r2_comparable_to_sklearn():
    """Held-out R² averaged over three seeds within 0.03 of scikit-learn's.

    Diabetes is small and noisy (ordinary least squares reaches R² 0.37 on
    this split), so single fits vary by a few hundredths with the seed; the
    mean over seeds is what the two implementations should share.
    """
    X_train, X_test, y_train, y_test = _diabetes()
    params = dict(hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=300)
    ours = [MLPRegressor(random_state=s, **params).fit(X_train, y_train).score(X_test, y_test)
            for s in range(3)]
    reference = [SkMLPRegressor(random_state=s, **params).fit(X_train, y_train)
                 .score(X_test, y_test) for s in range(3)]
    assert min(ours) >= 0.30
    assert abs(np.mean(ours) - np.mean(reference)) <= 0.03


@quiet
def test_moons_accuracy_matches_sklearn():
    X, y = make_moons(400, noise=0.2, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    params = dict(hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=300,
                  random_state=0)
    ours = MLPClassifier(**params).fit(X_train, y_train).score(X_test, y_test)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkConvergenceWarning)
        reference = SkMLPClassifier(**params).fit(X_train, y_train).score(X_test, y_test)
    assert ours >= 0.93
    assert abs(ours - reference) <= 0.03


@quiet
def test_make_regression_r2_matches_sklearn():
    X, y = make_regression(300, n_features=5, noise=5.0, random_state=0)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.25, random_state=0)
    params = dict(hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=500,
                  random_state=0)
    ours = MLPRegressor(**params).fit(X_train, y_train).score(X_test, y_test)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkConvergenceWarning)
        reference = SkMLPRegressor(**params).fit(X_train, y_train).score(X_test, y_test)
    # noise 5 on a target of standard deviation 20 caps R² near 0.94
    assert ours >= 0.8
    assert abs(ours - reference) <= 0.02


# ---------------------------------------------------------------------------
# Training behaviour: stopping rule, early stopping, warnings, determinism
# ---------------------------------------------------------------------------

def test_stopping_rule_counts_epochs_without_improvement():
    X, _, y, _ = _diabetes()
    # With a huge tol only the first epoch improves (on an infinite best loss):
    # the run stops once n_iter_no_change + 1 epochs in a row have not, as in
    # scikit-learn.
    params = dict(hidden_layer_sizes=(4,), tol=1e9, n_iter_no_change=3, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", ConvergenceWarning)      # it stopped: no warning
        ours = MLPRegressor(**params).fit(X, y)
    reference = SkMLPRegressor(**params).fit(X, y)
    assert ours.n_iter_ == reference.n_iter_ == 5
    assert len(ours.loss_curve_) == ours.n_iter_
    assert ours.best_loss_ == min(ours.loss_curve_)


def test_convergence_warning_at_max_iter():
    X, _, y, _ = _digits()
    with pytest.warns(ConvergenceWarning, match=r"^MLPClassifier reached max_iter=3 epochs before "
                      r"the training loss stopped improving by tol=0.0001\. Increase max_iter"):
        model = MLPClassifier(hidden_layer_sizes=(8,), max_iter=3, random_state=0).fit(X, y)
    assert model.n_iter_ == 3 and len(model.loss_curve_) == 3
    assert model.loss_curve_[-1] < model.loss_curve_[0]
    # What scikit-learn records besides: the last loss, and t_ = rows seen.
    assert model.loss_ == model.loss_curve_[-1] and model.t_ == 3 * len(X)
    assert model.validation_scores_ is None and model.best_validation_score_ is None
    with pytest.warns(ConvergenceWarning, match=r"^MLPClassifier reached max_iter=2 epochs before "
                      r"the validation score stopped improving"):
        MLPClassifier(hidden_layer_sizes=(8,), max_iter=2, early_stopping=True,
                      random_state=0).fit(X, y)


def test_verbose_prints_each_epochs_loss(capsys):
    X, _, y, _ = _diabetes()
    with pytest.warns(ConvergenceWarning):
        model = MLPRegressor(hidden_layer_sizes=(4,), max_iter=3, verbose=1, random_state=0).fit(X, y)
    printed = capsys.readouterr().out.splitlines()
    assert printed == [f"[MLPRegressor] epoch {i}: loss {loss:.8f}"
                       for i, loss in enumerate(model.loss_curve_, start=1)]


def test_an_unchanged_loss_counts_as_improving_by_tol_zero():
    # X = 0 and balanced targets ±1: with zero starting weights the
    # full-batch gradient is exactly 0, so the loss stays ½·mean(y²) = ½ in
    # every epoch. "Lowers the best loss by at least tol = 0" holds for an
    # equal loss, as in scikit-learn's rule, so training never stops early.
    X = np.zeros((8, 2))
    y = np.tile([1.0, -1.0], 4)
    with pytest.warns(ConvergenceWarning):
        model = MLPRegressor(hidden_layer_sizes=(), alpha=0.0, batch_size=8, tol=0.0,
                             n_iter_no_change=2, max_iter=7, random_state=0).fit(X, y)
    assert model.loss_curve_ == [0.5] * 7


@quiet
def test_early_stopping_counts_ties_as_improving_and_keeps_the_first_best_epoch():
    # Two far-apart blobs: validation accuracy is 1.0 from the first epoch on.
    # With tol = 0 an equal score still improves (as in scikit-learn: both
    # run to max_iter), and the weights kept are the first best epoch's.
    rng = check_random_state(0)
    X = np.vstack([rng.normal(-6.0, 1.0, (30, 2)), rng.normal(6.0, 1.0, (30, 2))])
    y = np.repeat([0, 1], 30)
    params = dict(hidden_layer_sizes=(4,), early_stopping=True, tol=0.0, n_iter_no_change=2,
                  learning_rate_init=0.01, max_iter=8, random_state=0)
    model = MLPClassifier(**params).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkConvergenceWarning)
        reference = SkMLPClassifier(**params).fit(X, y)
    assert model.validation_scores_ == [1.0] * 8
    assert model.n_iter_ == reference.n_iter_ == 8
    first = MLPClassifier(**{**params, "max_iter": 1}).fit(X, y)
    for kept, first_p in zip(model.coefs_ + model.intercepts_, first.coefs_ + first.intercepts_,
                             strict=True):
        np.testing.assert_array_equal(kept, first_p)
    # A tol of half the accuracy range: only the first epoch improves, so the
    # run stops after n_iter_no_change + 1 more, as scikit-learn's does.
    strict = {**params, "tol": 0.5, "max_iter": 50}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkConvergenceWarning)
        reference = SkMLPClassifier(**strict).fit(X, y)
    assert MLPClassifier(**strict).fit(X, y).n_iter_ == reference.n_iter_ == 4


@quiet
def test_early_stopping_keeps_the_best_epoch():
    X, _, y, _ = _digits()
    params = dict(hidden_layer_sizes=(16,), early_stopping=True, learning_rate_init=0.01,
                  n_iter_no_change=3, max_iter=200, random_state=0)
    model = MLPClassifier(**params).fit(X, y)
    scores = model.validation_scores_
    assert model.n_iter_ < 200 and len(scores) == model.n_iter_
    assert model.best_validation_score_ == max(scores) and model.best_loss_ is None
    # The same run stopped after the best epoch ends on that epoch's weights.
    best_epoch = int(np.argmax(scores)) + 1
    rerun = MLPClassifier(**{**params, "max_iter": best_epoch}).fit(X, y)
    for kept, rerun_p in zip(model.coefs_ + model.intercepts_,
                             rerun.coefs_ + rerun.intercepts_, strict=True):
        np.testing.assert_array_equal(kept, rerun_p)


@quiet
def test_same_random_state_is_bit_identical_and_refit_starts_over():
    X, _, y, _ = _diabetes()
    params = dict(hidden_layer_sizes=(8,), max_iter=20, random_state=3)
    a = MLPRegressor(**params).fit(X, y)
    b = MLPRegressor(**params).fit(X, y)
    first = [W.copy() for W in a.coefs_]
    a.fit(X, y)
    for W_a, W_b, W_first in zip(a.coefs_, b.coefs_, first, strict=True):
        np.testing.assert_array_equal(W_a, W_b)
        np.testing.assert_array_equal(W_a, W_first)
    assert a.loss_curve_ == b.loss_curve_
    c = MLPRegressor(**{**params, "random_state": 4}).fit(X, y)
    assert not np.array_equal(a.coefs_[0], c.coefs_[0])


@quiet
def test_shuffle_reorders_the_mini_batches_of_every_epoch():
    X, _, y, _ = _diabetes()
    params = dict(hidden_layer_sizes=(4,), batch_size=50, max_iter=3, random_state=0)
    shuffled = MLPRegressor(**params).fit(X, y)
    in_order = MLPRegressor(**params, shuffle=False).fit(X, y)
    assert shuffled.loss_curve_ != in_order.loss_curve_
    # One batch of all rows: the order cannot matter (up to rounding).
    full = {**params, "batch_size": len(X)}
    np.testing.assert_allclose(MLPRegressor(**full).fit(X, y).loss_curve_,
                               MLPRegressor(**full, shuffle=False).fit(X, y).loss_curve_, rtol=1e-12)


@quiet
def test_full_batch_training_ignores_row_order(rng):
    X, _, y, _ = _breast_cancer()
    params = dict(hidden_layer_sizes=(8,), batch_size=len(X), max_iter=30, random_state=0)
    order = rng.permutation(len(X))
    a = MLPClassifier(**params).fit(X, y)
    b = MLPClassifier(**params).fit(X[order], y[order])
    np.testing.assert_allclose(a.predict_proba(X), b.predict_proba(X), atol=1e-10)


@quiet
def test_string_labels_and_label_permutation():
    X, _, y, _ = _digits()
    X, y = X[:600], y[:600]
    names = np.array(["zero", "one", "two", "three", "four", "five", "six", "seven",
                      "eight", "nine"])
    params = dict(hidden_layer_sizes=(16,), learning_rate_init=0.01, max_iter=30,
                  random_state=0)
    numeric = MLPClassifier(**params).fit(X, y)
    named = MLPClassifier(**params).fit(X, names[y])
    assert list(named.classes_) == sorted(names)
    P = named.predict_proba(X)          # columns follow classes_, sorted by name
    np.testing.assert_array_equal(named.predict(X), named.classes_[np.argmax(P, axis=1)])
    assert np.mean(named.predict(X) == names[y]) >= 0.9
    assert np.mean(numeric.predict(X) == y) >= 0.9
    # Relabelling 0..9 by an order-preserving map changes nothing at all.
    shifted = MLPClassifier(**params).fit(X, 10 * y + 5)
    np.testing.assert_array_equal(shifted.predict(X), 10 * numeric.predict(X) + 5)
    np.testing.assert_array_equal(shifted.predict_proba(X), numeric.predict_proba(X))


@quiet
def test_predict_proba_rows_sum_to_one_and_log_proba_agrees():
    X, X_test, y, _ = _digits()
    model = MLPClassifier(hidden_layer_sizes=(16, 8), max_iter=20, random_state=0).fit(X, y)
    P = model.predict_proba(X_test)
    assert P.shape == (len(X_test), 10) and np.all(P >= 0)
    np.testing.assert_allclose(P.sum(axis=1), 1.0, atol=1e-12)
    np.testing.assert_allclose(np.exp(model.predict_log_proba(X_test)), P, atol=1e-12)
    np.testing.assert_array_equal(model.predict(X_test), np.argmax(P, axis=1))
    assert [W.shape for W in model.coefs_] == [(64, 16), (16, 8), (8, 10)]
    assert model.n_layers_ == 4 and model.n_outputs_ == 10


@quiet
def test_binary_log_proba_is_the_log_of_the_probabilities():
    # Two classes have one logit z: log P = (log σ(−z), log σ(z)), finite even
    # where σ rounds to 0 or 1.
    X, X_test, y, _ = _breast_cancer()
    model = MLPClassifier(hidden_layer_sizes=(4,), max_iter=5, random_state=0).fit(X, y)
    log_P = model.predict_log_proba(X_test)
    assert log_P.shape == (len(X_test), 2)
    np.testing.assert_allclose(np.exp(log_P), model.predict_proba(X_test), rtol=1e-12, atol=1e-15)
    model.intercepts_[-1][:] = 800.0                    # σ(z) = 1 in floating point
    far = model.predict_log_proba(X_test[:3])
    assert np.all(np.isfinite(far)) and np.all(far[:, 0] < -700) and np.all(far[:, 1] == 0.0)


@quiet
@pytest.mark.parametrize("n_classes", [2, 3])
def test_a_zero_logit_predicts_the_first_class_as_sklearn_does(n_classes):
    # With every weight 0 all logits are 0: P(class 1) = σ(0) = 1/2 exactly
    # (or 1/K each), and, as in scikit-learn, the tie goes to classes_[0].
    X, y = make_moons(30, random_state=0)
    y = y if n_classes == 2 else np.arange(30) % 3
    params = dict(hidden_layer_sizes=(3,), max_iter=1)
    ours = MLPClassifier(**params, random_state=0).fit(X, y + 5)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkConvergenceWarning)
        reference = SkMLPClassifier(**params, random_state=0).fit(X, y + 5)
    for model in (ours, reference):
        for parameter in model.coefs_ + model.intercepts_:
            parameter[...] = 0.0
    np.testing.assert_array_equal(ours.predict(X), reference.predict(X))
    np.testing.assert_array_equal(ours.predict(X), np.full(30, 5))
    np.testing.assert_array_equal(ours.predict_proba(X), reference.predict_proba(X))


@quiet
@pytest.mark.parametrize("estimator", [MLPRegressor, MLPClassifier])
def test_early_stopping_scores_the_held_out_rows(estimator):
    # The regressor scores R², the classifier accuracy on a split stratified
    # by class, as in scikit-learn.
    X, _, y, _ = _diabetes() if estimator is MLPRegressor else _breast_cancer()
    model = estimator(hidden_layer_sizes=(8,), early_stopping=True, validation_fraction=0.2,
                      learning_rate_init=0.01, n_iter_no_change=2, max_iter=40,
                      random_state=0).fit(X, y)
    # random_state draws the initial weights first, then the validation split:
    # replayed here to find the held-out rows.
    rng = check_random_state(0)
    init_parameters((X.shape[1], 8, 1), "relu", rng)
    stratify = None if estimator is MLPRegressor else y
    _, X_val, _, y_val = train_test_split(X, y, test_size=0.2, random_state=rng, stratify=stratify)
    # The kept weights are the best epoch's, so their score is the best one.
    score = sk_r2_score if estimator is MLPRegressor else sk_accuracy_score
    assert model.best_validation_score_ == max(model.validation_scores_)
    assert model.best_validation_score_ == pytest.approx(score(y_val, model.predict(X_val)),
                                                         rel=1e-12)
    assert len(model.validation_scores_) == model.n_iter_ and model.best_loss_ is None


@quiet
def test_no_hidden_layer_is_least_squares():
    # With no hidden layer and no penalty, J is half the mean squared error of a
    # linear model (eqs. 2 and 6): full-batch Nesterov descent must reach the
    # least-squares solution itself.
    X, _, y, _ = _diabetes()
    model = MLPRegressor(hidden_layer_sizes=(), solver="sgd", momentum=0.9, batch_size=len(X),
                         learning_rate_init=0.1, max_iter=2000, tol=0.0, n_iter_no_change=2000,
                         alpha=0.0, random_state=0).fit(X, y)
    exact = MultipleLinearRegression().fit(X, y)
    w, b = model.coefs_[0][:, 0], model.intercepts_[0][0]
    np.testing.assert_allclose(w, exact.coef_, rtol=1e-6, atol=1e-6 * np.max(np.abs(exact.coef_)))
    assert b == pytest.approx(exact.intercept_, rel=1e-9)
    np.testing.assert_allclose(model.predict(X), X @ w + b, rtol=1e-12)


# ---------------------------------------------------------------------------
# Bad input
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("estimator", [MLPClassifier, MLPRegressor])
def test_bad_input(estimator):
    X, _, y, _ = _breast_cancer()
    X, y = X[:100], y[:100]
    with pytest.raises(NotFittedError):
        estimator().predict(X)
    bad = X.copy()
    bad[3, 2] = np.nan
    with pytest.raises(ValueError, match="NaN"):
        estimator().fit(bad, y)
    with pytest.raises(ValueError, match="2D"):
        estimator().fit(X[:, 0], y)
    model = estimator(hidden_layer_sizes=(4,), max_iter=2)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model.fit(X, y)
    with pytest.raises(ValueError, match="expecting 30 features"):
        model.predict(X[:, :5])


def test_one_class_is_refused():
    X = np.arange(20.0).reshape(10, 2)
    with pytest.raises(ValueError, match="MLPClassifier needs .* 2 classes"):
        MLPClassifier().fit(X, np.zeros(10))


HIDDEN = "a positive integer or a sequence of positive integers"
INVALID_HYPERPARAMETERS = [
    ("hidden_layer_sizes", (10, 0), HIDDEN),
    ("hidden_layer_sizes", 0, HIDDEN),
    ("hidden_layer_sizes", "big", HIDDEN),
    ("hidden_layer_sizes", 2.5, HIDDEN),
    ("hidden_layer_sizes", (True,), HIDDEN),
    ("alpha", -1.0, "a non-negative number"),
    ("alpha", np.inf, "a non-negative number"),
    ("alpha", True, "a non-negative number"),
    ("learning_rate_init", 0.0, "a positive number"),
    ("momentum", 1.5, "a number in [0, 1]"),
    ("momentum", -0.1, "a number in [0, 1]"),
    ("tol", -1e-3, "a non-negative number"),
    ("validation_fraction", 1.0, "a number in (0, 1)"),
    ("validation_fraction", 0.0, "a number in (0, 1)"),
    ("max_iter", 0, "a positive integer"),
    ("max_iter", True, "a positive integer"),
    ("max_iter", 2.0, "a positive integer"),
    ("n_iter_no_change", 0, "a positive integer"),
    ("batch_size", 0, "'auto' or a positive integer"),
    ("batch_size", True, "'auto' or a positive integer"),
    ("batch_size", 2.5, "'auto' or a positive integer"),
    ("batch_size", "big", "'auto' or a positive integer"),
]


@pytest.mark.parametrize("param, value, what", INVALID_HYPERPARAMETERS)
def test_invalid_hyperparameters_name_the_parameter(param, value, what):
    X, y = make_moons(40, random_state=0)
    message = f"{param} must be {what}, got {value!r}."
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        MLPClassifier(**{param: value}).fit(X, y)


@pytest.mark.parametrize("param, value, message", [
    ("activation", "softplus",
     "activation must be one of ['identity', 'logistic', 'relu', 'tanh'], got 'softplus'."),
    ("solver", "lbfgs", "solver must be 'adam' or 'sgd', got 'lbfgs'."),
])
def test_unknown_choices_list_the_known_ones(param, value, message):
    X, y = make_moons(40, random_state=0)
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        MLPClassifier(**{param: value}).fit(X, y)


@pytest.mark.filterwarnings("ignore::scratchlearn.core.base.ConvergenceWarning")
@pytest.mark.parametrize("params", [
    dict(hidden_layer_sizes=1), dict(hidden_layer_sizes=(1, 1)), dict(alpha=0.0),
    dict(solver="sgd", momentum=0.0), dict(solver="sgd", momentum=1.0), dict(tol=0.0),
    dict(batch_size=1), dict(n_iter_no_change=1), dict(learning_rate_init=1e-9),
    dict(early_stopping=True, validation_fraction=0.5),
])
def test_boundary_hyperparameters_are_accepted(params):
    X, y = make_moons(12, random_state=0)
    model = MLPClassifier(max_iter=1, random_state=0, **params).fit(X, y)
    sizes = params.get("hidden_layer_sizes", (100,))
    assert [W.shape[1] for W in model.coefs_[:-1]] == list(np.atleast_1d(sizes))


@pytest.mark.parametrize("ours, theirs", [(MLPClassifier, SkMLPClassifier),
                                          (MLPRegressor, SkMLPRegressor)])
def test_defaults_are_sklearns(ours, theirs):
    # Built inside the test, not at collection, so that mutation testing sees
    # this test call __init__.
    params, reference = ours().get_params(), theirs().get_params()
    assert params == {name: reference[name] for name in params}


def test_divergence_raises_a_clear_error():
    X, y = load_diabetes(return_X_y=True, scaled=False)
    message = (r"^MLPRegressor diverged in epoch 9: the loss became inf\. learning_rate_init=10\.0 "
               r"is too large for this data; lower it or standardise the features\.$")
    with pytest.raises(DivergenceError, match=message):
        MLPRegressor(hidden_layer_sizes=(), solver="sgd", learning_rate_init=10.0,
                     random_state=0).fit(X, y)


def test_early_stopping_needs_a_big_enough_validation_set():
    X, y = make_moons(12, random_state=0)
    message = (r"^The validation set is too small for early_stopping: raise validation_fraction "
               r"or use more samples\.$")
    with pytest.raises(ValueError, match=message):
        MLPClassifier(early_stopping=True, validation_fraction=0.05).fit(X, y)
    # Two held-out rows are enough, as in scikit-learn (which refuses fewer than 2).
    X, y = make_moons(20, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        model = MLPClassifier(early_stopping=True, validation_fraction=0.1, max_iter=2).fit(X, y)
    assert len(model.validation_scores_) == 2


@pytest.mark.filterwarnings("ignore::scratchlearn.core.base.ConvergenceWarning")
def test_batch_size_above_n_is_clipped_with_a_warning(assert_warned_from):
    X, y = make_moons(40, random_state=0)
    message = ("batch_size=100 is larger than the 40 training samples; using all of them in "
               "each batch.")
    with pytest.warns(UserWarning, match=f"^{re.escape(message)}$") as record:
        MLPClassifier(batch_size=100, max_iter=5, tol=1e9, random_state=0).fit(X, y)
    # The warning points at the caller's fit, not at the library.
    assert_warned_from([w for w in record if w.category is UserWarning], __file__)
    # All rows in one batch, as with batch_size = n, which needs no warning.
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("ignore", ConvergenceWarning)
        exact = MLPClassifier(batch_size=40, max_iter=5, tol=1e9, random_state=0).fit(X, y)
    clipped = MLPClassifier(batch_size=100, max_iter=5, tol=1e9, random_state=0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clipped.fit(X, y)
    assert clipped.loss_curve_ == exact.loss_curve_
