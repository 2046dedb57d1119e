r"""Softmax (multinomial logistic) regression: one linear score per class.

    z_k = X w_k + b_k,   P_k = e^(z_k) / Σⱼ e^(z_j)                 (notes eqs. 1–2)
    J(W, b) = ½‖W‖²_F − C Σᵢ sᵢ log P_{i, yᵢ}                      (eq. 3)

with sample weights sᵢ (1 by default) and the intercepts b not penalised:
scikit-learn's multinomial ``LogisticRegression(C)`` minimises the same J.
The solver minimises J / (C·S), S = Σᵢ sᵢ (eq. 4), by truncated Newton steps
(Newton-CG, eq. 8): each Newton system ∇²L Δ = ∇L is solved by conjugate
gradients, which need only Hessian-vector products (eq. 9), never the
K(d+1) × K(d+1) Hessian (eq. 6) itself. The gradient (eq. 5) and that product
are the two pure functions below. The softmax is evaluated through
log-sum-exp, so huge scores neither overflow nor lose the small probabilities
(eq. 10).

Arrays are stored class-major: Θ is (K, d+1) and the scores, probabilities and
one-hot targets are (K, n), the transposes of the notes' n × K matrices Z, P,
Y; with X̃ᵀ stored as a contiguous (d+1, n) array, every product is one large
matrix multiplication and every sum over classes runs along contiguous rows.
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin
from scratchlearn.core.optim import newton_cg
from scratchlearn.core.preprocessing import one_hot
from scratchlearn.core.special import log_softmax, softmax
from scratchlearn.core.validation import check_sample_weight, encode_class_labels, validate_data


# exercise: softmax_regression.gradient
def cross_entropy_objective(theta, X1t, Y, s, C, n_penalised, order=1):
    """L(Θ) of eq. 4 for ``order`` 0; (L, ∇L, P) for ``order`` 1, with ∇L of
    eq. 5 and the probabilities P (K, n) that the Hessian-vector product needs.

    Θ (K, m) has one row per class, θ_k = (w_k, b_k); X1t (m, n) is X̃ᵀ,
    X̃ = [X, 1] with a column of ones for the intercepts (X̃ = X without them);
    Y (K, n) is the one-hot target, class-major; s (n,) the sample weights.
    Only the first ``n_penalised`` columns of Θ (the weights) are penalised.
    """
    Z = theta @ X1t                                      # (K, n) scores, eq. 1
    S = s.sum()
    W = theta[:, :n_penalised]
    log_P = log_softmax(Z, axis=0)                       # eq. 10: z − logsumexp(z)
    loss = -np.sum((Y * s) * log_P) / S + np.sum(W * W) / (2 * C * S)
    if order == 0:
        return loss
    P = np.exp(log_P)
    grad = ((P - Y) * s) @ X1t.T / S                     # (K, m), eq. 5
    grad[:, :n_penalised] += W / (C * S)
    return loss, grad, P


# exercise: softmax_regression.hessian_vector
def hessian_vector_product(V, X1t, P, s, C, n_penalised):
    """∇²L V (eq. 9): the Hessian of eq. 6 at the point with probabilities P,
    applied to a direction V shaped like Θ, in O(nKd) without forming it.

    Ż = X̃Vᵀ is how the scores move along V; Ṗ = P ⊙ (Ż − rowsum(P ⊙ Ż)) how
    the probabilities move; the result is Ṗᵀ diag(s) X̃ / S plus the penalty's
    V Λ / (C S). Here all three are class-major (K, n).
    """
    S = s.sum()
    Z_dot = V @ X1t                                      # (K, n)
    Z_dot -= np.sum(P * Z_dot, axis=0)                   # Ż − Σ_l P_l Ż_l, per sample
    Z_dot *= P * s                                       # s ⊙ Ṗ
    out = Z_dot @ X1t.T / S                              # (K, m)
    out[:, :n_penalised] += V[:, :n_penalised] / (C * S)
    return out


class SoftmaxRegression(ClassifierMixin, BaseEstimator):
    """L2-penalised multinomial logistic regression, fitted by Newton-CG.

    Parameters
    ----------
    C : float
        Inverse penalty strength: the weight of the data term against ½‖W‖²_F
        (eq. 3). Large C, weak penalty.
    fit_intercept : bool
        Learn one unpenalised intercept per class.
    max_iter : int
        Most Newton iterations (each runs conjugate gradients inside).
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
        Newton iterations taken (outer iterations, not CG steps).
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
        columns = [X, np.ones((n, 1))] if self.fit_intercept else [X]
        X1t = np.ascontiguousarray(np.hstack(columns).T)      # (m, n), m = d + 1 or d
        Y = np.ascontiguousarray(one_hot(y_index, K).T)       # (K, n)
        C = float(self.C)

        # Adding c to every intercept leaves every probability unchanged, so
        # ∇²L is singular along u (eq. 7). CG needs no fix for it: starting
        # from Δ = 0 with ∇L ⊥ u, its iterates stay orthogonal to u.
        def objective(theta):
            loss, grad, P = cross_entropy_objective(theta, X1t, Y, s, C, d)
            return loss, grad, lambda V: hessian_vector_product(V, X1t, P, s, C, d)

        result = newton_cg(objective, np.zeros((K, X1t.shape[0])), max_iter=self.max_iter,
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
        """log P_k = z_k − logsumexp(z) (eq. 10), finite even where P_k underflows."""
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
