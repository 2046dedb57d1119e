r"""Softmax (multinomial logistic) regression: one linear score per class.

    z_k = X w_k + b_k,   P_k = e^(z_k) / Σⱼ e^(z_j)                 (notes eqs. 1–2)
    J(W, b) = ½‖W‖²_F − C Σᵢ sᵢ log P_{i, yᵢ}                      (eq. 3)

with sample weights sᵢ (1 by default) and the intercepts b not penalised:
scikit-learn's multinomial ``LogisticRegression(C)`` minimises the same J.
The solver minimises J / (C·S), S = Σᵢ sᵢ (eq. 4), whose gradient (eq. 5) and
Hessian (eq. 6) are written out below, by damped Newton steps (eq. 8) on all
K·(d + 1) parameters at once. The softmax is evaluated through log-sum-exp, so
huge scores neither overflow nor lose the small probabilities (eq. 9).
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin
from scratchlearn.core.optim import newton_method
from scratchlearn.core.preprocessing import one_hot
from scratchlearn.core.special import log_softmax, softmax
from scratchlearn.core.validation import check_sample_weight, encode_class_labels, validate_data


def cross_entropy_objective(theta, X1, Y, s, C, n_penalised, order=1, buffer=None):
    """L(Θ) of eq. 4, with its gradient ∇L (eq. 5) if ``order`` ≥ 1 and its
    Hessian ∇²L (eq. 6) if ``order`` = 2: returns L, (L, ∇L) or (L, ∇L, ∇²L).

    Θ has one row per class, θ_k = (w_k, b_k); X1 = [X, 1] has a column of
    ones for the intercepts (X1 = X without them); Y is the one-hot target
    (n, K). Only the first ``n_penalised`` columns of Θ (the weights) enter
    the penalty. The Hessian's rows and columns run class by class, θ_0 first.
    ``buffer``, an array shaped like X1, saves allocating one per Hessian block.
    """
    Z = X1 @ theta.T                                     # (n, K) scores
    S = s.sum()
    W = theta[:, :n_penalised]
    log_P = log_softmax(Z, axis=1)                       # eq. 9: z − logsumexp(z)
    loss = -np.sum((s[:, None] * Y) * log_P) / S + np.sum(W * W) / (2 * C * S)
    if order == 0:
        return loss
    P = np.exp(log_P)
    grad = ((P - Y) * s[:, None]).T @ X1 / S             # (K, d + 1)
    grad[:, :n_penalised] += W / (C * S)
    if order == 1:
        return loss, grad

    K, m = theta.shape
    hess = np.empty((K * m, K * m))
    # Block (k, l) is X1ᵀ diag(r) X1 with r = s P_k (δ_kl − P_l) / S: a loop over
    # the K² pairs of classes, not over samples. Diagonal blocks have r ≥ 0 and
    # are computed as BᵀB, B = diag(√r) X1 (a symmetric product, half the work).
    for k in range(K):
        for l in range(k, K):
            r = s * P[:, k] * ((k == l) - P[:, l]) / S   # (n,)
            if k == l:
                B = np.multiply(X1, np.sqrt(r)[:, None], out=buffer)
                block = B.T @ B
            else:
                block = np.multiply(X1, r[:, None], out=buffer).T @ X1
            hess[k * m:(k + 1) * m, l * m:(l + 1) * m] = block
            hess[l * m:(l + 1) * m, k * m:(k + 1) * m] = block.T
    penalised = (np.arange(K)[:, None] * m + np.arange(n_penalised)).ravel()
    hess[penalised, penalised] += 1.0 / (C * S)
    return loss, grad, hess


class SoftmaxRegression(ClassifierMixin, BaseEstimator):
    """L2-penalised multinomial logistic regression, fitted by Newton's method.

    Parameters
    ----------
    C : float
        Inverse penalty strength: the weight of the data term against ½‖W‖²_F
        (eq. 3). Large C, weak penalty.
    fit_intercept : bool
        Learn one unpenalised intercept per class.
    max_iter : int
        Most Newton iterations.
    tol : float
        Stop when ‖∇L‖∞ ≤ tol, L the objective scaled per sample (eq. 4).
    verbose : int
        Print the loss each iteration when positive.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The distinct labels, sorted.
    coef_ : ndarray of shape (n_classes, n_features)
        One weight vector w_k per class; the rows sum to zero at the optimum.
    intercept_ : ndarray of shape (n_classes,)
        The intercepts b_k, shifted to sum to zero (softmax ignores a common
        shift, eq. 7).
    n_iter_ : int
        Newton iterations taken.
    loss_history_ : ndarray
        L of eq. 4 before and after each iteration.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, C=1.0, fit_intercept=True, max_iter=100, tol=1e-6, verbose=0):
        self.C = C
        self.fit_intercept = fit_intercept
        self.max_iter = max_iter
        self.tol = tol
        self.verbose = verbose

    def fit(self, X, y, sample_weight=None):
        X, y = validate_data(self, X, y, reset=True)
        self._check_params()
        s = check_sample_weight(sample_weight, X.shape[0])
        self.classes_, y_index = encode_class_labels(y, "SoftmaxRegression")
        if np.unique(y_index[s > 0]).size < 2:
            raise ValueError("SoftmaxRegression needs samples of at least 2 classes with "
                             "positive sample_weight, but only one class has any weight.")
        n, d = X.shape
        K = len(self.classes_)
        X1 = np.hstack([X, np.ones((n, 1))]) if self.fit_intercept else X
        Y = one_hot(y_index, K)
        C = float(self.C)
        m = X1.shape[1]

        # Adding b + c·1 to all intercepts leaves every probability unchanged, so
        # ∇²L is singular along u = (the intercepts, all equal). Adding u uᵀ makes
        # it invertible without changing the step: ∇L ⊥ u, so the solution of
        # (∇²L + u uᵀ) Δ = ∇L is the minimum-norm Newton step (eq. 7).
        u = np.zeros(K * m)
        if self.fit_intercept:
            u[np.arange(K) * m + d] = 1.0 / np.sqrt(K)

        buffer = np.empty_like(X1)

        def objective(theta, order):
            out = cross_entropy_objective(theta, X1, Y, s, C, d, order, buffer)
            if order == 2:
                out = (*out[:2], out[2] + np.outer(u, u))
            return out

        result = newton_method(objective, np.zeros((K, m)), max_iter=self.max_iter,
                               tol=self.tol, verbose=self.verbose, name="SoftmaxRegression")
        theta = result.w
        self.coef_ = theta[:, :d]
        self.intercept_ = theta[:, d] - theta[:, d].mean() if self.fit_intercept else np.zeros(K)
        self.n_iter_ = result.n_iter
        self.loss_history_ = result.loss_history
        return self

    def _scores(self, X):
        X = validate_data(self, X, reset=False)
        return X @ self.coef_.T + self.intercept_               # (n, K)

    def decision_function(self, X):
        """The scores z_k (eq. 1), shape (n_samples, n_classes); for two classes
        the log-odds z₁ − z₀ of ``classes_[1]``, shape (n_samples,)."""
        Z = self._scores(X)
        return Z[:, 1] - Z[:, 0] if Z.shape[1] == 2 else Z

    def predict_proba(self, X):
        """Class probabilities P_k (eq. 2), columns in the order of ``classes_``."""
        return softmax(self._scores(X), axis=1)

    def predict_log_proba(self, X):
        """log P_k = z_k − logsumexp(z) (eq. 9), finite even where P_k underflows."""
        return log_softmax(self._scores(X), axis=1)

    def predict(self, X):
        """The class with the largest score (the largest probability)."""
        return self._decode(np.argmax(self._scores(X), axis=1))

    def _check_params(self):
        if not (isinstance(self.C, int | float | np.number) and not isinstance(self.C, bool)
                and np.isfinite(self.C) and self.C > 0):
            raise ValueError(f"C must be a positive finite number, got {self.C!r}.")
        if not isinstance(self.fit_intercept, bool | np.bool_):
            raise ValueError(f"fit_intercept must be True or False, got {self.fit_intercept!r}.")
