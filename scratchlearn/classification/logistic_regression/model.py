r"""Logistic regression: a linear model of the log-odds, fitted by maximum likelihood.

    z = X w + b,   p = σ(z) = 1 / (1 + e^(−z))               (notes eqs. 1–2)
    ℓᵢ = −[yᵢ log pᵢ + (1 − yᵢ) log(1 − pᵢ)]                  (eq. 3)
    J(w, b) = ½‖w‖² + C Σᵢ sᵢ ℓᵢ                              (eq. 4)

with yᵢ ∈ {0, 1}, sample weights sᵢ (1 by default) and the intercept b not
penalised: scikit-learn's convention, so the two give the same solution.
The solvers minimise the same objective divided by C·S, S = Σᵢ sᵢ (eq. 5),
whose gradient (eq. 6) and Hessian (eq. 7) are written out below.

``solver="newton"`` takes damped Newton steps (eq. 8), which is iteratively
reweighted least squares (eq. 9); ``"gd"`` takes gradient steps (eq. 10).
More than two classes: one binary problem per class, class k against the rest,
and the K probabilities σ(z_k) are normalised to sum to one (eq. 12).
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin
from scratchlearn.core.optim import gradient_descent, newton_method
from scratchlearn.core.special import log_sigmoid, logsumexp, sigmoid
from scratchlearn.core.validation import check_sample_weight, encode_class_labels, validate_data


# exercise: logistic_regression.gradient
def log_loss_and_gradient(theta, X1, y, s, C, n_penalised):
    """L(θ) of eq. 5 and its gradient ∇L of eq. 6.

    θ = (w, b) stacks the weights and the intercept, X1 = [X, 1] has a column
    of ones for b (X1 = X when there is no intercept), y holds 0/1 targets and
    s the sample weights; only the first ``n_penalised`` entries of θ (the
    weights) enter the penalty.
    """
    z = X1 @ theta                                   # (n,)
    S = s.sum()
    w = theta[:n_penalised]
    # ℓ = −log σ(z) if y = 1 and −log σ(−z) if y = 0 (eq. 11): finite for any z.
    loss = -(s @ log_sigmoid(np.where(y == 1, z, -z))) / S + (w @ w) / (2 * C * S)
    p = sigmoid(z)
    grad = X1.T @ (s * (p - y)) / S                  # (d + 1,)
    grad[:n_penalised] += w / (C * S)
    return loss, grad


# exercise: logistic_regression.hessian
def log_loss_hessian(theta, X1, s, C, n_penalised, buffer=None):
    """∇²L of eq. 7 at θ, shape (m, m) for X1 of shape (n, m); the arguments
    as in ``log_loss_and_gradient``. ``buffer``, an array shaped like X1,
    saves allocating one (leave it None)."""
    p = sigmoid(X1 @ theta)
    S = s.sum()
    # X1ᵀ diag(r) X1 = BᵀB with B = diag(√r) X1: a symmetric product, half the work.
    r = s * p * (1.0 - p) / S                        # (n,) diagonal of R in eq. 7, over S
    B = np.multiply(X1, np.sqrt(r)[:, None], out=buffer)
    hess = B.T @ B                                   # (d + 1, d + 1)
    hess[np.arange(n_penalised), np.arange(n_penalised)] += 1.0 / (C * S)
    return hess


def log_loss_objective(theta, X1, y, s, C, n_penalised, order=1, buffer=None):
    """What the solvers ask for: L (eq. 5) for ``order`` 0, (L, ∇L) (eq. 6)
    for 1, (L, ∇L, ∇²L) (eq. 7) for 2."""
    loss, grad = log_loss_and_gradient(theta, X1, y, s, C, n_penalised)
    if order == 0:
        return loss
    if order == 1:
        return loss, grad
    return loss, grad, log_loss_hessian(theta, X1, s, C, n_penalised, buffer)


class LogisticRegression(ClassifierMixin, BaseEstimator):
    """L2-penalised logistic regression (one-vs-rest for more than two classes).

    Parameters
    ----------
    C : float
        Inverse penalty strength: the weight of the data term against ½‖w‖²
        (eq. 4). Large C, weak penalty.
    fit_intercept : bool
        Learn an unpenalised intercept b; otherwise the boundary passes
        through the origin.
    solver : {"newton", "gd"}
        Damped Newton / iteratively reweighted least squares (eqs. 8–9), or
        full-batch gradient descent (eq. 10).
    learning_rate : float
        Step size η of gradient descent (unused by Newton).
    max_iter : int
        Most iterations per binary problem.
    tol : float
        Stop when ‖∇L‖∞ ≤ tol, L the objective scaled per sample (eq. 5).
    verbose : int
        Print the loss each iteration when positive.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The distinct labels, sorted.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        The weights w: one row for two classes (of the log-odds of
        ``classes_[1]``), one row per class for one-vs-rest.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        The intercepts b.
    n_iter_ : int
        Iterations taken (the most over the one-vs-rest problems).
    loss_history_ : ndarray, or list of ndarray (one per class)
        L of eq. 5 before and after each iteration.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, C=1.0, fit_intercept=True, solver="newton", learning_rate=0.1,
                 max_iter=1000, tol=1e-6, verbose=0):
        self.C = C
        self.fit_intercept = fit_intercept
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose

    def fit(self, X, y, sample_weight=None):
        X, y = validate_data(self, X, y, reset=True)
        self._check_params()
        s = check_sample_weight(sample_weight, X.shape[0])
        self.classes_, y_index = encode_class_labels(y, "LogisticRegression")
        if np.unique(y_index[s > 0]).size < 2:
            raise ValueError("LogisticRegression needs samples of at least 2 classes with "
                             "positive sample_weight, but only one class has any weight.")
        X1 = np.hstack([X, np.ones((X.shape[0], 1))]) if self.fit_intercept else X

        # Two classes: one problem, the log-odds of classes_[1]. More: one per class.
        targets = [1] if len(self.classes_) == 2 else range(len(self.classes_))
        thetas, histories, n_iters = [], [], []
        for k in targets:
            theta, history, n_iter = self._fit_binary(X1, (y_index == k).astype(float), s)
            thetas.append(theta)
            histories.append(history)
            n_iters.append(n_iter)

        d = X.shape[1]
        thetas = np.array(thetas)                               # (1 or K, d + 1 or d)
        self.coef_ = thetas[:, :d]
        self.intercept_ = thetas[:, d] if self.fit_intercept else np.zeros(len(thetas))
        self.loss_history_ = histories[0] if len(histories) == 1 else histories
        self.n_iter_ = int(max(n_iters))
        return self

    def _fit_binary(self, X1, y, s):
        """Minimise eq. 5 for 0/1 targets y; returns (θ, loss history, iterations)."""
        d = self.n_features_in_
        C = float(self.C)
        name = "LogisticRegression"
        theta0 = np.zeros(X1.shape[1])
        if self.solver == "newton":
            buffer = np.empty_like(X1)
            result = newton_method(
                lambda theta, order: log_loss_objective(theta, X1, y, s, C, d, order, buffer),
                theta0, max_iter=self.max_iter, tol=self.tol, verbose=self.verbose, name=name)
        else:
            result = gradient_descent(
                lambda theta, rows: log_loss_objective(theta, X1, y, s, C, d), theta0,
                n_samples=X1.shape[0], learning_rate=self.learning_rate,
                max_iter=self.max_iter, tol=self.tol, verbose=self.verbose, name=name)
        return result.w, result.loss_history, result.n_iter

    def decision_function(self, X):
        """z = X w + b (eq. 1): the log-odds of ``classes_[1]`` for two classes,
        shape (n_samples,); one column per class for one-vs-rest."""
        X = validate_data(self, X, reset=False)
        z = X @ self.coef_.T + self.intercept_                  # (n, 1 or K)
        return z[:, 0] if z.shape[1] == 1 else z

    def predict_proba(self, X):
        """Class probabilities, columns in the order of ``classes_`` (eqs. 2, 12)."""
        return np.exp(self.predict_log_proba(X))

    def predict_log_proba(self, X):
        """log of ``predict_proba``, computed without forming p (eq. 11)."""
        z = self.decision_function(X)
        if z.ndim == 1:
            # log(1 − σ(z)) = log σ(−z): both columns stay finite for any z.
            return np.column_stack([log_sigmoid(-z), log_sigmoid(z)])
        # One-vs-rest: p_k = σ(z_k) / Σⱼ σ(z_j), normalised in log space (eq. 12).
        log_p = log_sigmoid(z)
        return log_p - logsumexp(log_p, axis=1, keepdims=True)

    def predict(self, X):
        """The most probable class: z > 0 for two classes, else the largest z_k."""
        z = self.decision_function(X)
        index = (z > 0).astype(int) if z.ndim == 1 else np.argmax(z, axis=1)
        return self._decode(index)

    def _check_params(self):
        if not (isinstance(self.C, int | float | np.number) and not isinstance(self.C, bool)
                and np.isfinite(self.C) and self.C > 0):
            raise ValueError(f"C must be a positive finite number, got {self.C!r}.")
        if self.solver not in ("newton", "gd"):
            raise ValueError(f"solver must be 'newton' or 'gd', got {self.solver!r}.")
        if not isinstance(self.fit_intercept, bool | np.bool_):
            raise ValueError(f"fit_intercept must be True or False, got {self.fit_intercept!r}.")
