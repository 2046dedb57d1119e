r"""Multi-layer perceptron: dense layers and nonlinearities, trained by backpropagation.

With A⁰ = X of shape (n, d) and L dense layers, the network computes

    Zˡ = Aˡ⁻¹ Wˡ + bˡ,   Aˡ = f(Zˡ)   for l < L,   Z = Z^L        (notes eq. 1)

and minimises, over the rows of each mini-batch of size n,

    J(θ) = (1/n) Σᵢ ℓ(zᵢ, yᵢ) + (α / 2n) Σₗ ‖Wˡ‖²_F                  (eq. 2)

with ℓ the softmax cross-entropy (eq. 3; gradient eq. 4) for several classes,
the sigmoid cross-entropy (eq. 5) for two, or half the squared error (eq. 6)
for regression. Each of the three has ∂ℓ/∂z = ŷ − y, the network's output
minus the target. Backpropagation (eqs. 7–8) runs the chain rule through the
layers in reverse; each piece below has its forward pass and its backward pass
side by side, and nothing is differentiated automatically. Weights start from
the He or Glorot uniform distribution (eq. 9) and are updated by SGD, momentum,
Nesterov momentum (eqs. 10–11) or Adam (eq. 12); training stops by the rule of
eq. 13 or at max_iter.

The conventions (α divided by the batch size, ½ on the squared error, the
stopping rule, loss_curve_ as the mean batch objective of each epoch) are
scikit-learn's, so the two libraries' MLPClassifier and MLPRegressor mean the
same thing by the same hyperparameters.
"""

import numbers
import warnings

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin, RegressorMixin, warn_convergence
from scratchlearn.core.metrics import accuracy_score, r2_score
from scratchlearn.core.optim import DivergenceError
from scratchlearn.core.preprocessing import one_hot, train_test_split
from scratchlearn.core.special import log_sigmoid, log_softmax, sigmoid, softmax
from scratchlearn.core.validation import check_random_state, encode_class_labels, validate_data

# ---------------------------------------------------------------------------
# Layers: forward(input) → output, backward(∂J/∂output) → ∂J/∂input
# ---------------------------------------------------------------------------


class Dense:
    """Z = A W + b (eq. 1), W of shape (fan_in, fan_out), b of shape (fan_out,).

    ``W``, ``b``, ``grad_W`` and ``grad_b`` are views into the network's flat
    parameter and gradient vectors, so the optimiser updates all of them in
    one vectorised step.
    """

    def __init__(self, W, b, grad_W, grad_b, input_grad=True):
        self.W, self.b = W, b
        self.grad_W, self.grad_b = grad_W, grad_b
        self.input_grad = input_grad   # the first layer need not return ∂J/∂X

    def forward(self, A):
        self.A = A                                  # (n, fan_in), kept for backward
        Z = A @ self.W                              # (n, fan_out)
        Z += self.b                                 # in place: one array, not two
        return Z

    def backward(self, delta):
        """delta = ∂J/∂Z (n, fan_out) → ∂J/∂A (n, fan_in); stores ∂J/∂W, ∂J/∂b (eq. 7)."""
        self.grad_W[...], self.grad_b[...], grad_A = dense_backward(
            self.A, self.W, delta, self.input_grad)
        return grad_A


# exercise: mlp.dense_backward
def dense_backward(A, W, delta, input_grad=True):
    """The backward pass of Z = A W + 1 bᵀ (eq. 7): from δ = ∂J/∂Z (n, fan_out)
    and the layer's input A (n, fan_in) and weights W (fan_in, fan_out), the
    gradients ∂J/∂W = Aᵀ δ (fan_in, fan_out), ∂J/∂b = 1ᵀ δ (fan_out,) and
    ∂J/∂A = δ Wᵀ (n, fan_in) — None when ``input_grad`` is False (the first
    layer, whose input is the data)."""
    grad_W = A.T @ delta
    grad_b = np.sum(delta, axis=0)
    grad_A = delta @ W.T if input_grad else None
    return grad_W, grad_b, grad_A


class ReLU:
    """A = max(Z, 0); f'(Z) = 1 where Z > 0, else 0 (eq. 8).

    ``inplace=True`` overwrites Z with A, saving an (n, h) array per layer;
    the network uses it, since the Z a dense layer returns is needed by no one
    else (backward reads A only).
    """

    def __init__(self, inplace=False):
        self.inplace = inplace

    def forward(self, Z):
        self.A = np.maximum(Z, 0.0, out=Z if self.inplace else None)
        return self.A

    def backward(self, dA):
        return dA * (self.A > 0)


class Tanh:
    """A = tanh(Z); f'(Z) = 1 − A² (eq. 8)."""

    def __init__(self, inplace=False):
        self.inplace = inplace

    def forward(self, Z):
        self.A = np.tanh(Z, out=Z if self.inplace else None)
        return self.A

    def backward(self, dA):
        return dA * (1.0 - self.A * self.A)


class Logistic:
    """A = σ(Z); f'(Z) = A (1 − A) (eq. 8)."""

    def __init__(self, inplace=False):
        self.inplace = inplace      # accepted for a uniform interface; σ allocates anyway

    def forward(self, Z):
        self.A = sigmoid(Z)
        return self.A

    def backward(self, dA):
        return dA * self.A * (1.0 - self.A)


class Identity:
    """A = Z; f'(Z) = 1. A network of identity layers is a linear model."""

    def __init__(self, inplace=False):
        self.inplace = inplace

    def forward(self, Z):
        return Z

    def backward(self, dA):
        return dA


ACTIVATIONS = {"relu": ReLU, "tanh": Tanh, "logistic": Logistic, "identity": Identity}


# ---------------------------------------------------------------------------
# Losses: forward(Z, Y) → mean loss over the n rows, backward() → ∂/∂Z of it
# ---------------------------------------------------------------------------


class SoftmaxCrossEntropy:
    """ℓ(z, y) = −Σₖ yₖ log softmax(z)ₖ for one-hot Y of shape (n, K) (eq. 3)."""

    output_activation = "softmax"

    def forward(self, Z, Y):
        loss, self.grad = softmax_cross_entropy(Z, Y)
        return loss

    def backward(self):
        return self.grad

    @staticmethod
    def output(Z):
        return softmax(Z)


# exercise: mlp.softmax_cross_entropy
def softmax_cross_entropy(Z, Y):
    """The mean softmax cross-entropy J = (1/n) Σᵢ ℓ(zᵢ, yᵢ) (eq. 3) of scores
    Z (n, K) against one-hot targets Y (n, K), and its gradient ∂J/∂Z =
    (P − Y)/n (eq. 4), P = softmax(Z), shape (n, K)."""
    n = Z.shape[0]
    log_P = log_softmax(Z)              # z − logsumexp(z): no exp overflows (eq. 14)
    P = np.exp(log_P)                   # softmax(Z), (n, K)
    loss = -(Y.ravel() @ log_P.ravel()) / n
    grad = (P - Y) / n
    return loss, grad


class SigmoidCrossEntropy:
    """ℓ(z, y) = −y log σ(z) − (1 − y) log σ(−z) for y ∈ {0, 1}, Z of shape (n, 1) (eq. 5)."""

    output_activation = "logistic"

    def forward(self, Z, Y):
        self.P, self.Y = sigmoid(Z), Y
        # log σ(−z) = log σ(z) − z, so ℓ = (1 − y) z − log σ(z); log_sigmoid
        # stays finite where log(σ(z)) would be log(0) = −inf.
        return np.sum((1.0 - Y) * Z - log_sigmoid(Z)) / Z.shape[0]

    def backward(self):
        return (self.P - self.Y) / self.Y.shape[0]     # (σ(Z) − Y)/n

    @staticmethod
    def output(Z):
        return sigmoid(Z)


class SquaredError:
    """ℓ(z, y) = ½ (z − y)² (eq. 6); the ½ makes the gradient plainly z − y."""

    output_activation = "identity"

    def forward(self, Z, Y):
        self.R = Z - Y                                  # residuals, (n, 1)
        return 0.5 * (self.R.ravel() @ self.R.ravel()) / Z.shape[0]

    def backward(self):
        return self.R / self.R.shape[0]

    @staticmethod
    def output(Z):
        return Z


# ---------------------------------------------------------------------------
# The network: dense layers and activations composed; J(θ) and ∇J(θ) (eq. 2)
# ---------------------------------------------------------------------------


class Network:
    """Dense → f → Dense → f → … → Dense, then a loss.

    All weights and biases live in one flat vector ``theta`` (all W's first,
    then all b's) and their gradients in ``grad``; each layer holds views.
    ``layer_sizes`` is (d, h₁, …, h_{L−1}, n_outputs).
    """

    def __init__(self, layer_sizes, activation, loss, theta):
        shapes = list(zip(layer_sizes[:-1], layer_sizes[1:]))
        self.n_weights = sum(fan_in * fan_out for fan_in, fan_out in shapes)
        self.theta = theta
        self.grad = np.zeros_like(theta)
        self.loss = loss
        self.dense, self.layers = [], []
        w_at, b_at = 0, self.n_weights
        for l, (fan_in, fan_out) in enumerate(shapes):
            w_slice = slice(w_at, w_at + fan_in * fan_out)
            b_slice = slice(b_at, b_at + fan_out)
            dense = Dense(self.theta[w_slice].reshape(fan_in, fan_out), self.theta[b_slice],
                          self.grad[w_slice].reshape(fan_in, fan_out), self.grad[b_slice],
                          input_grad=l > 0)
            self.dense.append(dense)
            self.layers.append(dense)
            if l < len(shapes) - 1:
                self.layers.append(ACTIVATIONS[activation](inplace=True))
            w_at, b_at = w_slice.stop, b_slice.stop

    def forward(self, X):
        """Z^L, the output layer's pre-activation, for the rows of X (eq. 1)."""
        A = X
        for layer in self.layers:
            A = layer.forward(A)
        return A

    def loss_and_gradient(self, X, Y, alpha):
        """J(θ) of eq. 2 on the rows (X, Y); ∇J(θ) is written into ``self.grad``."""
        n = X.shape[0]
        Z = self.forward(X)
        weights = self.theta[:self.n_weights]
        J = self.loss.forward(Z, Y) + (0.5 * alpha / n) * (weights @ weights)
        delta = self.loss.backward()                # ∂J/∂Z^L = (Ŷ − Y)/n
        for layer in reversed(self.layers):         # the chain rule, layer by layer
            delta = layer.backward(delta)
        self.grad[:self.n_weights] += (alpha / n) * weights     # the L2 penalty's gradient
        return J, self.grad


def init_parameters(layer_sizes, activation, rng):
    """Flat θ with uniform He or Glorot weights and zero biases (eq. 9).

    Hidden layers feeding a ReLU use He's bound √(6/fan_in) (variance
    2/fan_in, making up for the half of the units ReLU zeroes); the others use
    Glorot's √(6/(fan_in + fan_out)), times 4 before a logistic unit, whose
    slope at 0 is ¼. The output layer feeds the loss directly: Glorot, gain 1.
    """
    blocks = []
    n_layers = len(layer_sizes) - 1
    for l, (fan_in, fan_out) in enumerate(zip(layer_sizes[:-1], layer_sizes[1:])):
        hidden = l < n_layers - 1
        if hidden and activation == "relu":
            bound = np.sqrt(6.0 / fan_in)
        else:
            bound = np.sqrt(6.0 / (fan_in + fan_out))
            if hidden and activation == "logistic":
                bound *= 4.0
        blocks.append(rng.uniform(-bound, bound, fan_in * fan_out))
    n_biases = sum(layer_sizes[1:])
    return np.concatenate(blocks + [np.zeros(n_biases)])


# ---------------------------------------------------------------------------
# Optimisers: step(θ, g) updates θ in place
# ---------------------------------------------------------------------------


class SGD:
    """Plain SGD (μ = 0, eq. 10), heavy-ball momentum or Nesterov's (eq. 11):

        v ← μ v − η g,   θ ← θ + v            (momentum)
        v ← μ v − η g,   θ ← θ + μ v − η g    (Nesterov)
    """

    def __init__(self, n_params, learning_rate, momentum, nesterov):
        self.eta, self.mu, self.nesterov = learning_rate, momentum, nesterov
        self.v = np.zeros(n_params)

    def step(self, theta, g):
        self.v *= self.mu
        self.v -= self.eta * g
        if self.nesterov:
            theta += self.mu * self.v - self.eta * g
        else:
            theta += self.v


class Adam:
    """Adam (eq. 12), in the form with the bias corrections folded into η_t:

        m ← β₁ m + (1 − β₁) g,   s ← β₂ s + (1 − β₂) g²
        η_t = η √(1 − β₂ᵗ) / (1 − β₁ᵗ),   θ ← θ − η_t m / (√s + ε)
    """

    beta_1, beta_2, epsilon = 0.9, 0.999, 1e-8

    def __init__(self, n_params, learning_rate):
        self.eta = learning_rate
        self.m, self.s = np.zeros(n_params), np.zeros(n_params)
        self.t = 0

    def step(self, theta, g):
        self.t += 1
        # β m + (1 − β) g written as m + (1 − β)(g − m): updated in place, no new vector
        self.m += (1.0 - self.beta_1) * (g - self.m)
        self.s += (1.0 - self.beta_2) * (g * g - self.s)
        eta_t = self.eta * np.sqrt(1.0 - self.beta_2 ** self.t) / (1.0 - self.beta_1 ** self.t)
        theta -= eta_t * self.m / (np.sqrt(self.s) + self.epsilon)


# ---------------------------------------------------------------------------
# The estimators
# ---------------------------------------------------------------------------


class _BaseMLP(BaseEstimator):
    """What the classifier and the regressor share: hyperparameters and training."""

    def __init__(self, hidden_layer_sizes=(100,), activation="relu", solver="adam",
                 alpha=0.0001, batch_size="auto", learning_rate_init=0.001, momentum=0.9,
                 nesterovs_momentum=True, max_iter=200, tol=1e-4, n_iter_no_change=10,
                 early_stopping=False, validation_fraction=0.1, shuffle=True,
                 random_state=None, verbose=0):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.solver = solver
        self.alpha = alpha
        self.batch_size = batch_size
        self.learning_rate_init = learning_rate_init
        self.momentum = momentum
        self.nesterovs_momentum = nesterovs_momentum
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.early_stopping = early_stopping
        self.validation_fraction = validation_fraction
        self.shuffle = shuffle
        self.random_state = random_state
        self.verbose = verbose

    def _train(self, X, Y, loss, score, stratify=None):
        """Mini-batch training of θ on (X, Y); sets every fitted attribute."""
        hidden = self._check_hyperparameters()
        rng = check_random_state(self.random_state)
        layer_sizes = (X.shape[1], *hidden, Y.shape[1])
        net = Network(layer_sizes, self.activation, loss,
                      theta=init_parameters(layer_sizes, self.activation, rng))
        if self.solver == "adam":
            optimizer = Adam(net.theta.size, self.learning_rate_init)
        else:
            optimizer = SGD(net.theta.size, self.learning_rate_init, self.momentum,
                            self.nesterovs_momentum)

        if self.early_stopping:
            X, X_val, Y, Y_val = train_test_split(
                X, Y, test_size=self.validation_fraction, random_state=rng, stratify=stratify)
            if X_val.shape[0] < 2:
                raise ValueError("The validation set is too small for early_stopping: raise "
                                 "validation_fraction or use more samples.")
        n = X.shape[0]
        m = self._batch_size(n)

        self.loss_curve_ = []
        self.validation_scores_ = [] if self.early_stopping else None
        self.best_loss_ = None if self.early_stopping else np.inf
        self.best_validation_score_ = -np.inf if self.early_stopping else None
        best_theta = net.theta.copy()
        no_improvement = 0
        stopped = False
        self.n_iter_ = 0
        with np.errstate(over="ignore", invalid="ignore"):
            for _ in range(self.max_iter):
                order = rng.permutation(n) if self.shuffle else np.arange(n)
                X_epoch, Y_epoch = X[order], Y[order]
                epoch_loss = 0.0
                # Mini-batch SGD: each step starts from the parameters the step
                # before produced, so this loop over batches is inherently sequential.
                for start in range(0, n, m):
                    X_b, Y_b = X_epoch[start:start + m], Y_epoch[start:start + m]
                    J, g = net.loss_and_gradient(X_b, Y_b, self.alpha)
                    if not np.isfinite(J):
                        raise DivergenceError(
                            f"{type(self).__name__} diverged in epoch {self.n_iter_ + 1}: the "
                            f"loss became {J}. learning_rate_init={self.learning_rate_init} is "
                            "too large for this data; lower it or standardise the features.")
                    optimizer.step(net.theta, g)
                    epoch_loss += J * X_b.shape[0]
                self.n_iter_ += 1
                self.loss_curve_.append(epoch_loss / n)
                if self.verbose:
                    print(f"[{type(self).__name__}] epoch {self.n_iter_}: "
                          f"loss {self.loss_curve_[-1]:.8f}")

                # The stopping rule (eq. 13): count epochs that fail to improve
                # the best value so far by at least tol.
                if self.early_stopping:
                    value = score(net, X_val, Y_val)
                    self.validation_scores_.append(value)
                    improved = value >= self.best_validation_score_ + self.tol
                    if value > self.best_validation_score_:
                        self.best_validation_score_ = value
                        best_theta = net.theta.copy()
                else:
                    value = self.loss_curve_[-1]
                    improved = value <= self.best_loss_ - self.tol
                    self.best_loss_ = min(self.best_loss_, value)
                no_improvement = 0 if improved else no_improvement + 1
                if no_improvement > self.n_iter_no_change:
                    stopped = True
                    break

        if not stopped:
            warn_convergence(
                f"{type(self).__name__} reached max_iter={self.max_iter} epochs before the "
                f"{'validation score' if self.early_stopping else 'training loss'} stopped "
                f"improving by tol={self.tol}. Increase max_iter or learning_rate_init.")
        if self.early_stopping:
            net.theta[:] = best_theta       # keep the epoch that validated best
        self.loss_ = self.loss_curve_[-1]
        self.t_ = n * self.n_iter_
        self.n_layers_ = len(layer_sizes)
        self.n_outputs_ = Y.shape[1]
        self.out_activation_ = loss.output_activation
        self.coefs_ = [layer.W.copy() for layer in net.dense]
        self.intercepts_ = [layer.b.copy() for layer in net.dense]

    def _forward(self, X):
        """Z^L for X with the fitted weights (eq. 1)."""
        sizes = (self.coefs_[0].shape[0], *(W.shape[1] for W in self.coefs_))
        theta = np.concatenate([W.ravel() for W in self.coefs_] + list(self.intercepts_))
        return Network(sizes, self.activation, None, theta=theta).forward(X)

    def _batch_size(self, n):
        if self.batch_size == "auto":
            return min(200, n)
        if self.batch_size > n:
            warnings.warn(f"batch_size={self.batch_size} is larger than the {n} training "
                          "samples; using all of them in each batch.", UserWarning, stacklevel=4)
        return min(int(self.batch_size), n)

    def _check_hyperparameters(self):
        """Validate the hyperparameters; return the hidden sizes as a tuple."""
        sizes = self.hidden_layer_sizes
        if isinstance(sizes, numbers.Integral):
            sizes = (sizes,)
        try:
            hidden = tuple(sizes)
        except TypeError:
            hidden = None
        if hidden is None or not all(isinstance(h, numbers.Integral) and not isinstance(h, bool)
                                     and h >= 1 for h in hidden):
            raise ValueError("hidden_layer_sizes must be a positive integer or a sequence of "
                             f"positive integers, got {self.hidden_layer_sizes!r}.")
        if self.activation not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}, "
                             f"got {self.activation!r}.")
        if self.solver not in ("adam", "sgd"):
            raise ValueError(f"solver must be 'adam' or 'sgd', got {self.solver!r}.")
        checks = [
            ("alpha", self.alpha, lambda v: v >= 0, "a non-negative number"),
            ("learning_rate_init", self.learning_rate_init, lambda v: v > 0,
             "a positive number"),
            ("momentum", self.momentum, lambda v: 0 <= v <= 1, "a number in [0, 1]"),
            ("tol", self.tol, lambda v: v >= 0, "a non-negative number"),
            ("validation_fraction", self.validation_fraction, lambda v: 0 < v < 1,
             "a number in (0, 1)"),
        ]
        for name, value, ok, what in checks:
            if not (isinstance(value, numbers.Real) and not isinstance(value, bool)
                    and np.isfinite(value) and ok(value)):
                raise ValueError(f"{name} must be {what}, got {value!r}.")
        for name in ("max_iter", "n_iter_no_change"):
            value = getattr(self, name)
            if not (isinstance(value, numbers.Integral) and not isinstance(value, bool)
                    and value >= 1):
                raise ValueError(f"{name} must be a positive integer, got {value!r}.")
        if not (self.batch_size == "auto" or (isinstance(self.batch_size, numbers.Integral)
                                              and not isinstance(self.batch_size, bool)
                                              and self.batch_size >= 1)):
            raise ValueError(f"batch_size must be 'auto' or a positive integer, "
                             f"got {self.batch_size!r}.")
        return hidden


_PARAMETERS_DOC = """
    Parameters
    ----------
    hidden_layer_sizes : int or sequence of int
        Units in each hidden layer, input side first; () gives no hidden layer
        (a linear model).
    activation : {"relu", "tanh", "logistic", "identity"}
        The hidden units' nonlinearity f (eq. 8).
    solver : {"adam", "sgd"}
        Adam (eq. 12), or stochastic gradient descent with momentum (eqs. 10–11).
    alpha : float
        L2 penalty strength: J gains (α / 2n) Σ‖W‖² on a batch of n rows (eq. 2).
        Biases are not penalised.
    batch_size : "auto" or int
        Rows per gradient step; "auto" is min(200, n_samples).
    learning_rate_init : float
        The step size η (constant throughout training).
    momentum : float
        μ of eq. 11, for solver="sgd"; 0 gives plain SGD (eq. 10).
    nesterovs_momentum : bool
        Use Nesterov's look-ahead form of momentum (eq. 11), for solver="sgd".
    max_iter : int
        Most epochs (passes over the training rows).
    tol : float
        An epoch improves if it lowers the best training loss (or raises the best
        validation score) by at least tol (eq. 13).
    n_iter_no_change : int
        Stop once more than this many epochs in a row have not improved.
    early_stopping : bool
        Hold out validation_fraction of the training rows, score them after each
        epoch, stop by eq. 13 on that score, and keep the best epoch's weights.
    validation_fraction : float
        Share of the rows held out for early_stopping.
    shuffle : bool
        Reshuffle the rows before each epoch.
    random_state : None, int or numpy Generator
        Seeds the initial weights (eq. 9), the shuffling and the validation split.
    verbose : int
        Print the loss after each epoch when positive.
"""

_ATTRIBUTES_DOC = """
    coefs_ : list of ndarray
        Wˡ of shape (fan_in, fan_out) for each layer l = 1 … L.
    intercepts_ : list of ndarray
        bˡ of shape (fan_out,) for each layer.
    loss_curve_ : list of float
        The training objective J of each epoch, averaged over its batches.
    loss_ : float
        The last entry of loss_curve_.
    best_loss_ : float or None
        The lowest entry of loss_curve_ (None with early_stopping).
    validation_scores_ : list of float or None
        The held-out score after each epoch (only with early_stopping).
    best_validation_score_ : float or None
        The best of validation_scores_ (only with early_stopping).
    n_iter_ : int
        Epochs run.
    t_ : int
        Training rows seen (n_iter_ × rows per epoch).
    n_layers_ : int
        Layers including input and output (number of hidden layers + 2).
    n_outputs_ : int
        Units in the output layer.
    out_activation_ : str
        The output unit: "softmax", "logistic" or "identity".
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
"""


class MLPClassifier(ClassifierMixin, _BaseMLP):
    # The docstring is assembled from the parts both estimators share.
    __doc__ = """Multi-layer perceptron classifier: softmax cross-entropy over the
    classes (sigmoid cross-entropy for two), trained by backpropagation.
    """ + _PARAMETERS_DOC + """
    Attributes
    ----------
    classes_ : ndarray
        The class labels, sorted.""" + _ATTRIBUTES_DOC

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        K = len(self.classes_)
        if K == 2:
            loss, Y = SigmoidCrossEntropy(), y_index[:, None].astype(float)    # (n, 1)
        else:
            loss, Y = SoftmaxCrossEntropy(), one_hot(y_index, K)               # (n, K)

        def score(net, X_val, Y_val):
            return accuracy_score(_labels(Y_val), _labels(net.forward(X_val)))

        self._train(X, Y, loss, score, stratify=y_index)
        return self

    def predict_proba(self, X):
        """P(class k | x) for each row: softmax of Z^L, or (1 − σ(z), σ(z)) for two classes."""
        X = validate_data(self, X, reset=False)
        Z = self._forward(X)
        if Z.shape[1] == 1:
            p = sigmoid(Z)
            return np.hstack([1.0 - p, p])
        return softmax(Z)

    def predict_log_proba(self, X):
        """log P(class k | x), computed stably from the logits (eq. 14)."""
        X = validate_data(self, X, reset=False)
        Z = self._forward(X)
        if Z.shape[1] == 1:
            return np.hstack([log_sigmoid(-Z), log_sigmoid(Z)])
        return log_softmax(Z)

    def predict(self, X):
        """The most probable class of each row."""
        X = validate_data(self, X, reset=False)
        return self._decode(_labels(self._forward(X)))


def _labels(Z):
    """Class indices from logits (or one-hot rows): argmax, or z > 0 for one output."""
    return (Z[:, 0] > 0).astype(int) if Z.shape[1] == 1 else np.argmax(Z, axis=1)


class MLPRegressor(RegressorMixin, _BaseMLP):
    __doc__ = """Multi-layer perceptron regressor: half the squared error and a
    linear output unit, trained by backpropagation.
    """ + _PARAMETERS_DOC + """
    Attributes
    ----------""" + _ATTRIBUTES_DOC

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)

        def score(net, X_val, Y_val):
            return r2_score(Y_val[:, 0], net.forward(X_val)[:, 0])

        self._train(X, y[:, None], SquaredError(), score)
        return self

    def predict(self, X):
        """ŷ = Z^L, the linear output unit (eq. 1)."""
        X = validate_data(self, X, reset=False)
        return self._forward(X)[:, 0]
