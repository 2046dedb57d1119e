r"""Rosenblatt's perceptron: a linear classifier learned from its mistakes.

    f(x) = w·x + b,   ŷ = sign f(x)                          (notes eq. 1)
    ℓ(w, b; x, y) = max(0, −y·f(x)),  y ∈ {−1, +1}            (eq. 2)

Each sample in turn: if y·f(x) ≤ 0 (a mistake, or exactly on the boundary),

    w ← w + η·y·x,   b ← b + η·y                               (eq. 3)

which is one stochastic (sub)gradient step of eq. 2. One pass over the data
is an epoch. Several classes: one perceptron per class against the rest
(eq. 6), each taking its own pass in every epoch, in the same sample order.
With ``shuffle=False`` and
``tol=None`` the weights equal scikit-learn's ``Perceptron`` after the same
number of epochs.
"""

import numpy as np

from scratchlearn.classification.perceptron import block_scan
from scratchlearn.core.base import BaseEstimator, ClassifierMixin, warn_convergence
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.optim import DivergenceError
from scratchlearn.core.preprocessing import one_vs_rest_signs
from scratchlearn.core.validation import (
    check_random_state,
    encode_class_labels,
    validate_data,
)


def perceptron_loss_and_gradient(w, b, X, y):
    """L(w, b) = (1/n) Σᵢ max(0, −yᵢ(w·xᵢ + b)) (eq. 2) and its gradient (eq. 4),
    valid wherever no sample lies exactly on the boundary."""
    z = X @ w + b
    mistake = y * z <= 0
    loss = np.mean(np.maximum(0.0, -y * z))
    grad_w = -(y * mistake) @ X / len(y)
    grad_b = -np.sum(y * mistake) / len(y)
    return loss, grad_w, grad_b


class Perceptron(ClassifierMixin, BaseEstimator):
    """The perceptron learning rule (eq. 3), one-vs-rest for several classes.

    Parameters
    ----------
    eta0 : float
        Step size η of the update (eq. 3). Starting from w = 0 it only scales
        w and b, so it does not change the predictions unless X is shifted.
    max_iter : int
        Most epochs (passes over the training data).
    tol : float or None
        Stop a one-vs-rest problem when its mean loss (eq. 2) over an epoch has
        not dropped below (best so far − tol) for ``n_iter_no_change`` epochs
        in a row (eq. 7). None: run all ``max_iter`` epochs.
    n_iter_no_change : int
        Epochs without improvement tolerated before stopping.
    shuffle : bool
        Visit the samples in a new random order each epoch.
    random_state : None, int or numpy Generator
        Seed of the shuffling.
    fit_intercept : bool
        Learn the bias b; if False, b stays 0 and the boundary passes through
        the origin.
    verbose : int
        Print the loss and the number of mistakes after each epoch.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The sorted class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        w: one row for two classes (positive class ``classes_[1]``), one row
        per class otherwise.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        b, one per row of ``coef_``.
    n_iter_ : int
        Epochs run (the largest over the one-vs-rest problems).
    loss_history_ : ndarray of shape (n_iter_,)
        Mean perceptron loss (eq. 2) seen during each epoch, summed over the
        one-vs-rest problems still training.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, eta0=1.0, max_iter=1000, tol=1e-3, n_iter_no_change=5, shuffle=True,
                 random_state=None, fit_intercept=True, verbose=0):
        self.eta0 = eta0
        self.max_iter = max_iter
        self.tol = tol
        self.n_iter_no_change = n_iter_no_change
        self.shuffle = shuffle
        self.random_state = random_state
        self.fit_intercept = fit_intercept
        self.verbose = verbose

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        self._check_params()
        self.classes_, y_index = encode_class_labels(y, "Perceptron")
        n, d = X.shape
        n_classes = len(self.classes_)
        # Targets ±1: one column for two classes (classes_[1] is +1), else one
        # column per class against the rest (eq. 6).
        Y = one_vs_rest_signs(y_index, n_classes)
        n_problems = Y.shape[1]
        # The bias rides along as a last weight on a constant feature 1, so
        # scoring is one product and an update one vector addition: row k of
        # U is (w_k, b_k). Without an intercept there is no such column.
        fit_intercept = bool(self.fit_intercept)
        X1 = np.hstack([X, np.ones((n, 1))]) if fit_intercept else X
        U = np.zeros((n_problems, X1.shape[1]))
        eta = float(self.eta0)

        # engine="fast": the same passes, scored a block of samples at a time
        # (notes, "Making it fast", 1).
        run_epoch = block_scan.epoch if use_fast_path() else perceptron_epoch
        rng = check_random_state(self.random_state)
        active = np.ones(n_problems, dtype=bool)
        best_loss = np.full(n_problems, np.inf)
        no_improvement = np.zeros(n_problems, dtype=int)
        history = []
        epoch = 0
        while epoch < self.max_iter and active.any():
            # This epoch's sample order: the rows reordered once.
            if self.shuffle:
                order = rng.permutation(n)
                X_epoch, Y_epoch = X1[order], Y[order]
            else:
                X_epoch, Y_epoch = X1, Y
            # One-vs-rest problems do not interact (each w_k moves only on its
            # own mistakes), so each active one takes its own pass. With
            # x̃ = (x, 1) and u = (w, b), y·f(x) = (y x̃)·u: on signed rows
            # z = y x̃ a mistake is z·u ≤ 0 and the update is u += η z.
            total_loss = np.zeros(n_problems)
            n_mistakes = np.zeros(n_problems, dtype=int)
            for k in np.flatnonzero(active):
                # (One problem in a fixed order: last epoch's Z still holds.)
                if n_problems > 1 or self.shuffle or epoch == 0:
                    Z = X_epoch * Y_epoch[:, k:k + 1]
                total_loss[k], n_mistakes[k] = run_epoch(Z, U[k], eta)
            epoch += 1
            if not np.all(np.isfinite(U)):
                raise DivergenceError(
                    f"Perceptron weights overflowed in epoch {epoch}; scale the features "
                    "(for example with StandardScaler) or lower eta0."
                )
            mean_loss = total_loss / n
            history.append(float(mean_loss[active].sum()))
            if self.verbose:
                print(f"[Perceptron] epoch {epoch}: loss {history[-1]:.6g}, "
                      f"mistakes {int(n_mistakes[active].sum())}")
            if self.tol is not None:
                # eq. 7: count epochs that fail to beat the best loss by tol.
                stalled = mean_loss > best_loss - self.tol
                no_improvement = np.where(stalled, no_improvement + 1, 0)
                best_loss = np.minimum(best_loss, mean_loss)
                active &= no_improvement < self.n_iter_no_change

        self.coef_ = U[:, :d].copy()
        self.intercept_ = U[:, d].copy() if fit_intercept else np.zeros(n_problems)
        self.n_iter_ = epoch
        self.loss_history_ = np.array(history)
        if self.tol is not None and epoch == self.max_iter:
            warn_convergence(
                f"Perceptron stopped at max_iter={self.max_iter} epochs before its loss "
                "stopped improving; increase max_iter (the data may not be linearly "
                "separable)."
            )
        return self

    def decision_function(self, X):
        """f(x) = w·x + b (eq. 1): shape (n_samples,) for two classes, else
        (n_samples, n_classes)."""
        X = validate_data(self, X, reset=False)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """The sign of f for two classes; the class with the largest f_k otherwise (eq. 6)."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self._decode((scores > 0).astype(int))
        return self._decode(np.argmax(scores, axis=1))

    def _check_params(self):
        if not (isinstance(self.eta0, int | float | np.number) and self.eta0 > 0):
            raise ValueError(f"eta0 must be a positive number, got {self.eta0!r}.")
        if not (isinstance(self.max_iter, int | np.integer) and self.max_iter >= 1):
            raise ValueError(f"max_iter must be a positive integer, got {self.max_iter!r}.")
        if self.tol is not None and not (isinstance(self.tol, int | float | np.number)
                                         and self.tol >= 0):
            raise ValueError(f"tol must be None or a non-negative number, got {self.tol!r}.")
        if not (isinstance(self.n_iter_no_change, int | np.integer)
                and self.n_iter_no_change >= 1):
            raise ValueError("n_iter_no_change must be a positive integer, got "
                             f"{self.n_iter_no_change!r}.")


# exercise: perceptron.epoch
def perceptron_epoch(Z, u, eta):
    """One pass of eq. 3 for one (two-class) problem, sample by sample, on
    signed rows zᵢ = yᵢ (xᵢ, 1): a mistake is z·u ≤ 0 and the update
    u += η z. Updates u in place; returns the summed loss (eq. 2) and the
    number of mistakes."""
    total_loss = 0.0
    n_mistakes = 0
    # A Python loop over samples is the algorithm: whether sample i is a
    # mistake depends on every update before it.
    for z in Z:
        margin = float(z @ u)                           # yᵢ f(xᵢ)
        if margin <= 0:
            total_loss -= margin
            n_mistakes += 1
            u += eta * z
    return total_loss, n_mistakes
