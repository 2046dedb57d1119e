r"""The soft-margin linear support vector machine.

    f(x) = w·x + b                                                (notes eq. 1)
    P(w, b) = ½‖w‖² + C Σᵢ max(0, 1 − yᵢ f(xᵢ)),  yᵢ ∈ {−1, +1}     (eq. 4)

The bias b is not penalised. The solver, SMO, solves the dual (eq. 6)

    min_β  ½ βᵀKβ − yᵀβ   s.t.  Σᵢ βᵢ = 0,  βᵢ = yᵢαᵢ,  0 ≤ αᵢ ≤ C,  K = XXᵀ

two multipliers at a time (eq. 11), choosing the pair as libsvm does
(eq. 12). It is the kernel SVM's SMO (``kernel_svm.model.smo``) with the
linear kernel k(x, x') = x·x': one solver for both models. Then w = Σ βᵢxᵢ
(eq. 7); b is read off the free support vectors (eq. 13).
With engine="fast" SMO starts from an interior-point solution of the same
dual (svm/warm_start.py, eqs. 16–20) when d ≤ n/2 and d ≤ 500, and then
usually only certifies the optimum with its stopping test (eq. 10);
engine="plain" runs SMO from α = 0.
``solver="pegasos"`` is the stochastic subgradient method on eq. 4 (eq. 14),
for comparison. Several classes: one machine per class against the rest.
"""

import numpy as np

from scratchlearn.classification.kernel_svm.model import smo
from scratchlearn.classification.svm import warm_start
from scratchlearn.core.base import BaseEstimator, ClassifierMixin, warn_convergence
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.preprocessing import one_vs_rest_signs
from scratchlearn.core.validation import (
    check_random_state,
    encode_class_labels,
    validate_data,
)

# Memory for cached kernel rows x_i·X in SMO's fast path, per binary problem.
CACHE_BYTES = 200 * 2 ** 20


def primal_objective(w, b, X, y, C):
    """P(w, b) = ½‖w‖² + C Σ max(0, 1 − yᵢ(w·xᵢ + b)) (eq. 4)."""
    hinge = np.maximum(0.0, 1.0 - y * (X @ w + b))
    return 0.5 * (w @ w) + C * np.sum(hinge)


# exercise: svm.gradient
def primal_objective_and_gradient(w, b, X, y, C):
    """P(w, b) of eq. 4 and its (sub)gradient of eq. 5: the gradient wherever
    no sample sits exactly on its margin, yᵢ f(xᵢ) = 1."""
    z = y * (X @ w + b)
    violates = z < 1                                   # samples inside the margin
    loss = 0.5 * (w @ w) + C * np.sum(1.0 - z[violates])
    grad_w = w - C * (y * violates) @ X
    grad_b = -C * np.sum(y * violates)
    return loss, grad_w, grad_b


def dual_objective(alpha, X, y):
    """D(α) = Σ αᵢ − ½‖Σ αᵢyᵢxᵢ‖² (eq. 6, to be maximised)."""
    w = (alpha * y) @ X
    return np.sum(alpha) - 0.5 * (w @ w)


class LinearSVM(ClassifierMixin, BaseEstimator):
    """Soft-margin linear SVM (eq. 4), one-vs-rest for several classes.

    Parameters
    ----------
    C : float
        Cost of a margin violation: large C fits the training data harder
        (narrow margin), small C prefers a wide margin.
    solver : {"smo", "pegasos"}
        Exact dual solver (eqs. 10–13) or the stochastic subgradient method
        (eq. 14), for teaching.
    max_iter : int or None
        Most iterations per binary problem, interior-point iterations (fast
        path) and SMO steps (pairs of multipliers) counted alike; or Pegasos
        epochs. None: SMO runs until ``tol`` is met; Pegasos runs 100 epochs.
    tol : float
        SMO stops when the KKT violation, max over I_up of g minus min over
        I_low of g (eq. 10), is below tol. Unused by Pegasos.
    random_state : None, int or numpy Generator
        Seed of Pegasos' sample order (SMO is deterministic).
    verbose : int
        Print progress of each binary problem.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The sorted class labels.
    coef_ : ndarray of shape (1, n_features) or (n_classes, n_features)
        w: one row for two classes (positive class ``classes_[1]``), one row
        per class otherwise.
    intercept_ : ndarray of shape (1,) or (n_classes,)
        b, one per row of ``coef_``.
    dual_coef_ : ndarray of shape (n_problems, n_samples)
        αᵢyᵢ of every training sample in each binary problem (SMO; zeros for
        Pegasos).
    support_ : ndarray of int
        Indices of the training samples on or inside the margin of at least
        one binary problem: yᵢ f(xᵢ) ≤ 1 + tol.
    n_iter_ : int
        SMO steps plus any interior-point iterations, or Pegasos epochs (the
        largest over the binary problems).
    objective_ : ndarray of shape (n_problems,)
        The primal objective P(w, b) (eq. 4) reached by each binary problem.
    loss_history_ : list of ndarray, one per binary problem
        SMO: the dual objective D(α) (eq. 6) at its start (α = 0, or the
        interior-point start) and after each step, rising to the optimum.
        Pegasos: the primal objective P(w, b) (eq. 4) after each epoch,
        falling to it.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, C=1.0, solver="smo", max_iter=None, tol=1e-3, random_state=None,
                 verbose=0):
        self.C = C
        self.solver = solver
        self.max_iter = max_iter
        self.tol = tol
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        self._check_params()
        self.classes_, y_index = encode_class_labels(y, "LinearSVM")
        n, d = X.shape
        n_classes = len(self.classes_)
        Y = one_vs_rest_signs(y_index, n_classes)
        n_problems = Y.shape[1]
        C = float(self.C)
        rng = check_random_state(self.random_state)

        W = np.zeros((n_problems, d))
        b = np.zeros(n_problems)
        dual_coef = np.zeros((n_problems, n))
        histories, n_iter = [], []
        for k in range(n_problems):
            y_k = Y[:, k]
            if self.solver == "smo":
                start, start_iter = None, 0
                if use_fast_path() and warm_start.pays_off(n, d):
                    # (Making it fast, 1–2) SMO from the interior-point solution.
                    start, start_iter = warm_start.interior_point_start(X, y_k, C, self.max_iter)
                    if self.verbose:
                        print(f"[LinearSVM] problem {k}: interior-point start, "
                              f"{start_iter} iterations")
                # The kernel SVM's SMO with k(x, x') = x·x' (eqs. 9–13).
                beta, b[k], steps, f_history, converged = smo(
                    X, y_k, C=C, kernel="linear", gamma=1.0, degree=1, coef0=0.0,
                    tol=float(self.tol), cache_bytes=CACHE_BYTES, start=start,
                    max_iter=-1 if self.max_iter is None else self.max_iter - start_iter)
                W[k] = beta @ X                                 # w = Σ αᵢyᵢxᵢ (eq. 7)
                dual_coef[k] = beta                             # αᵢyᵢ
                history = -f_history                            # D(α) = −f(β)
                n_iter.append(start_iter + steps)
                if not converged:
                    warn_convergence(
                        f"LinearSVM's SMO stopped at max_iter={self.max_iter} iterations before "
                        f"the KKT violation fell below tol={self.tol}; increase max_iter, "
                        "or standardise the features."
                    )
            else:
                epochs = 100 if self.max_iter is None else self.max_iter
                W[k], b[k], history = _pegasos(X, y_k, C, epochs, rng)
                n_iter.append(len(history))
            histories.append(history)
            if self.verbose:
                print(f"[LinearSVM] problem {k}: {n_iter[-1]} iterations, primal objective "
                      f"{primal_objective(W[k], b[k], X, y_k, C):.6g}")

        self.coef_ = W
        self.intercept_ = b
        self.dual_coef_ = dual_coef
        self.n_iter_ = max(n_iter)
        self.loss_history_ = histories
        margins = Y * (X @ W.T + b)                           # yᵢ f(xᵢ), (n, n_problems)
        self.support_ = np.flatnonzero(np.any(margins <= 1.0 + self.tol, axis=1))
        self.objective_ = np.array([primal_objective(W[k], b[k], X, Y[:, k], C)
                                    for k in range(n_problems)])
        return self

    def decision_function(self, X):
        """f(x) = w·x + b (eq. 1): shape (n_samples,) for two classes, else
        (n_samples, n_classes)."""
        X = validate_data(self, X, reset=False)
        scores = X @ self.coef_.T + self.intercept_
        return scores[:, 0] if scores.shape[1] == 1 else scores

    def predict(self, X):
        """The sign of f for two classes; the class with the largest f_k otherwise (eq. 15)."""
        scores = self.decision_function(X)
        if scores.ndim == 1:
            return self._decode((scores > 0).astype(int))
        return self._decode(np.argmax(scores, axis=1))

    def _check_params(self):
        if not (isinstance(self.C, int | float | np.number) and not isinstance(self.C, bool)
                and np.isfinite(self.C) and self.C > 0):
            raise ValueError(f"C must be a positive finite number, got {self.C!r}.")
        if self.solver not in ("smo", "pegasos"):
            raise ValueError(f"solver must be 'smo' or 'pegasos', got {self.solver!r}.")
        if self.max_iter is not None and not (isinstance(self.max_iter, int | np.integer)
                                              and self.max_iter >= 1):
            raise ValueError(f"max_iter must be None or a positive integer, got "
                             f"{self.max_iter!r}.")
        if not (isinstance(self.tol, int | float | np.number) and self.tol > 0):
            raise ValueError(f"tol must be a positive number, got {self.tol!r}.")


def _pegasos(X, y, C, epochs, rng):
    """Pegasos (eq. 14): stochastic subgradient steps on λ/2‖w‖² + (1/n) Σ hinge,
    λ = 1/(nC), which is P(w, b)/(nC) and so has the same minimiser as eq. 4.
    Step size η_t = 1/(λt); the bias, not penalised, takes the hinge part only.

    A Python loop over samples is inherent: every step changes w, which the
    next sample's margin test needs. Returns (w, b, primal objective per epoch).
    """
    n, d = X.shape
    lam = 1.0 / (n * C)
    w = np.zeros(d)
    b = 0.0
    t = 0
    history = []
    for _ in range(epochs):
        for i in rng.permutation(n):
            t += 1
            eta = 1.0 / (lam * t)
            inside_margin = y[i] * (X[i] @ w + b) < 1
            w *= 1.0 - eta * lam                        # the λw part of the subgradient
            if inside_margin:                           # the hinge part, −y x and −y
                w += (eta * y[i]) * X[i]
                b += eta * y[i]
        history.append(primal_objective(w, b, X, y, C))
    return w, b, np.array(history)
