r"""Kernel support vector machine (C-SVC) trained by SMO, as libsvm does it.

The soft-margin SVM in a feature space φ (notes eq. 1) is solved through its
dual. Writing β = y ⊙ α (one signed coefficient per sample), the dual is

    min_β  f(β) = ½ βᵀ K β − yᵀ β                                  (eq. 4)
    s.t.   Σᵢ βᵢ = 0,   loᵢ ≤ βᵢ ≤ hiᵢ,   [lo, hi] = [0, C] if yᵢ = +1, [−C, 0] if yᵢ = −1

with Kᵢⱼ = k(xᵢ, xⱼ) (eqs. 15–18) and gradient ∇f = Kβ − y. The solver tracks
g = −∇f = y − Kβ (eq. 5). β is optimal when (KKT, eq. 6)

    max_{i ∈ I_up} gᵢ  ≤  min_{i ∈ I_low} gᵢ,   I_up = {βᵢ < hiᵢ},  I_low = {βᵢ > loᵢ}

and SMO stops when the gap is below ``tol`` (eq. 7). Each iteration moves one
pair, βᵢ += t, βⱼ −= t, by the clipped Newton step t = (gᵢ − gⱼ)/aᵢⱼ
(eqs. 8–10), then updates g ← g − t (Kᵢ − Kⱼ) from two kernel rows (eq. 11).
The pair is chosen with second-order information (eqs. 12–13, Fan, Chen & Lin
2005). The bias b is the common value of g on the free support vectors
(eq. 14), and the decision function is f(x) = Σᵢ βᵢ k(xᵢ, x) + b (eq. 3).
More than two classes: one binary SVM per pair of classes, combined by votes
(eq. 19). The linear SVM (classification/svm) calls this same ``smo`` with
the linear kernel.

With engine="fast" (the default) ``smo`` runs the same iterations on cached
kernel rows (kernel_cache.py) with leaner bookkeeping (fast_smo.py); notes,
"Making it fast".
"""

import numpy as np

from scratchlearn.classification.kernel_svm import fast_smo
from scratchlearn.classification.kernel_svm.kernel_cache import KernelCache
from scratchlearn.core.base import BaseEstimator, ClassifierMixin, warn_convergence
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.validation import encode_class_labels, is_integer, is_real, validate_data

KERNELS = ("linear", "poly", "rbf", "sigmoid")

# libsvm's floor on the curvature a_ij (eq. 8): a non-positive-definite kernel
# (sigmoid) or two identical points give a_ij ≤ 0, and the Newton step would
# divide by zero or climb; a tiny positive curvature makes it a long step that
# the box then clips.
TAU = 1e-12

# Predictions build K(X, support vectors) in blocks of at most this many
# entries (64 MB of float64), so memory stays bounded for any test-set size.
PREDICT_BLOCK_ENTRIES = 2 ** 23


def dual_objective_and_gradient(beta, K, y):
    """f(β) = ½ βᵀKβ − yᵀβ of eq. 4 and its gradient ∇f = Kβ − y (eq. 5)."""
    K_beta = K @ beta
    return 0.5 * beta @ K_beta - y @ beta, K_beta - y


def kernel_matrix(A, B, kernel, gamma, degree, coef0):
    """k(aᵢ, bⱼ) for every pair of rows (eqs. 15–18); shape (len(A), len(B))."""
    if kernel == "rbf":
        # ‖a − b‖² = ‖a‖² + ‖b‖² − 2a·b on data centred together: centring
        # removes the large common offset whose cancellation would lose digits.
        center = B.mean(axis=0) if len(B) else 0.0      # no support vectors: nothing to centre
        A, B = A - center, B - center
        sq_dist = (A * A).sum(axis=1)[:, None] + (B * B).sum(axis=1)[None, :] - 2.0 * (A @ B.T)
        np.maximum(sq_dist, 0.0, out=sq_dist)          # rounding can make it slightly negative
        return np.exp(-gamma * sq_dist)
    inner = A @ B.T
    if kernel == "linear":
        return inner
    if kernel == "poly":
        return (gamma * inner + coef0) ** degree
    return np.tanh(gamma * inner + coef0)


class KernelSVM(ClassifierMixin, BaseEstimator):
    """Soft-margin kernel SVM classifier (C-SVC), solved by SMO with libsvm's
    working-set selection; several classes by one-vs-one voting.

    Parameters
    ----------
    C : float
        Penalty on margin violations: the upper bound on every αᵢ (eq. 2).
        Large C fits the training data harder (narrower margin).
    kernel : {"linear", "poly", "rbf", "sigmoid"}
        The kernel k(x, x') (eqs. 15–18).
    degree : int
        Degree d of the polynomial kernel (γ x·x' + coef0)^d; ignored otherwise.
    gamma : {"scale", "auto"} or float
        γ of the rbf, poly and sigmoid kernels. "scale" is 1 / (n_features ·
        X.var()) on the training X, "auto" is 1 / n_features, a float is used as is.
    coef0 : float
        Constant term of the poly and sigmoid kernels.
    tol : float
        Stop when the KKT gap max_{I_up} g − min_{I_low} g falls below tol (eq. 7).
    max_iter : int
        Most SMO iterations per binary problem; -1 means no limit.
    cache_size : float
        Memory for cached kernel rows, in megabytes, per binary problem.
    random_state : None, int or numpy Generator
        Unused: the solver is deterministic. Kept so the signature matches
        scikit-learn's SVC.
    verbose : int
        Print a summary line per binary problem when positive.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, sorted.
    support_ : ndarray of shape (n_SV,)
        Indices of the support vectors in the training set, grouped by class
        (in ``classes_`` order), ascending within each class.
    support_vectors_ : ndarray of shape (n_SV, n_features)
        The support vectors, X[support_].
    n_support_ : ndarray of shape (n_classes,)
        Number of support vectors of each class.
    dual_coef_ : ndarray of shape (n_classes - 1, n_SV)
        The signed coefficients yᵢαᵢ of the support vectors in each one-vs-one
        problem, laid out as libsvm and scikit-learn do (see notes, "Several
        classes"). With two classes, the single row gives
        f(x) = dual_coef_ @ k(support_vectors_, x) + intercept_, positive for
        ``classes_[1]``.
    intercept_ : ndarray of shape (n_classes * (n_classes - 1) / 2,)
        The bias b of each one-vs-one problem, in the order (0, 1), (0, 2), …,
        (1, 2), … of class indices.
    n_iter_ : ndarray of shape (n_classes * (n_classes - 1) / 2,)
        SMO iterations taken by each one-vs-one problem.
    loss_history_ : list of ndarray
        For each one-vs-one problem, the dual objective f(β) of eq. 4 (the
        minimised form, ≤ 0) at the start and after every SMO iteration.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, C=1.0, kernel="rbf", degree=3, gamma="scale", coef0=0.0, tol=1e-3,
                 max_iter=-1, cache_size=200, random_state=None, verbose=0):
        self.C = C
        self.kernel = kernel
        self.degree = degree
        self.gamma = gamma
        self.coef0 = coef0
        self.tol = tol
        self.max_iter = max_iter
        self.cache_size = cache_size
        self.random_state = random_state
        self.verbose = verbose

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        self._check_hyperparameters()
        self.classes_, y_index = encode_class_labels(y, "KernelSVM")
        self._gamma = self._resolve_gamma(X)
        n_classes = len(self.classes_)

        # One binary problem per pair of classes (p, q), p < q, with class p
        # as y = +1, in libsvm's order (0, 1), (0, 2), …, (1, 2), … (eq. 19).
        pairs = [(p, q) for p in range(n_classes) for q in range(p + 1, n_classes)]
        solutions = []                                     # (rows, β) of each pair
        intercepts = np.empty(len(pairs))
        self.n_iter_ = np.empty(len(pairs), dtype=np.intp)
        self.loss_history_ = []
        for k, (p, q) in enumerate(pairs):
            rows = np.flatnonzero((y_index == p) | (y_index == q))
            y_pair = np.where(y_index[rows] == p, 1.0, -1.0)
            result = smo(X[rows], y_pair, C=float(self.C), kernel=self.kernel,
                         gamma=self._gamma, degree=self.degree, coef0=float(self.coef0),
                         tol=float(self.tol), max_iter=self.max_iter,
                         cache_bytes=self.cache_size * 2 ** 20)
            beta, intercepts[k], self.n_iter_[k], history, converged = result
            solutions.append((rows, beta))
            self.loss_history_.append(history)
            if not converged:
                warn_convergence(
                    f"KernelSVM stopped at max_iter={self.max_iter} SMO iterations for classes "
                    f"{self.classes_[p]!r} vs {self.classes_[q]!r} before the KKT gap fell "
                    f"below tol={self.tol}. Increase max_iter, or scale the features."
                )
            if self.verbose > 0:
                print(f"[KernelSVM] classes {self.classes_[p]!r} vs {self.classes_[q]!r}: "
                      f"{self.n_iter_[k]} iterations, f(β) = {history[-1]:.6g}, "
                      f"{np.count_nonzero(beta)} support vectors")

        # A sample is a support vector if it has αᵢ > 0 in any of its problems.
        # Order them by class, then by index, as libsvm does.
        is_sv = np.zeros(X.shape[0], dtype=bool)
        for rows, beta in solutions:
            is_sv[rows[beta != 0.0]] = True
        support = np.flatnonzero(is_sv)
        support = support[np.argsort(y_index[support], kind="stable")]
        self.support_ = support
        self.support_vectors_ = X[support]
        self.n_support_ = np.bincount(y_index[support], minlength=n_classes).astype(np.int32)

        # (n_SV, n_pairs): the coefficient of each support vector in each
        # problem, zero where it does not take part. Predictions use it.
        position = np.full(X.shape[0], -1, dtype=np.intp)
        position[support] = np.arange(len(support))
        self._pair_coef = np.zeros((len(support), len(pairs)))
        for k, (rows, beta) in enumerate(solutions):
            nonzero = beta != 0.0
            self._pair_coef[position[rows[nonzero]], k] = beta[nonzero]
        self._pair_intercept = intercepts
        self._pair_first = np.array([p for p, _ in pairs], dtype=np.intp)
        self._pair_second = np.array([q for _, q in pairs], dtype=np.intp)

        self.dual_coef_, self.intercept_ = self._libsvm_layout(y_index[support], pairs)
        return self

    def decision_function(self, X):
        """Two classes: f(x) of eq. 3, shape (n_samples,), positive for
        ``classes_[1]``. More classes: the one-vs-one votes turned into a
        one-vs-rest score per class (eq. 19), shape (n_samples, n_classes),
        whose argmax is the predicted class unless votes tie (there the
        confidences decide, while ``predict`` takes the first tied class)."""
        X = validate_data(self, X, reset=False)
        pair_values = self._pair_decision(X)
        if len(self.classes_) == 2:
            return -pair_values[:, 0]
        votes, confidence = self._votes(pair_values)
        # Confidence sums squashed into (−1/3, 1/3): they break ties between
        # equal vote counts but never overturn a difference of one vote.
        return votes + confidence / (3.0 * (np.abs(confidence) + 1.0))

    def predict(self, X):
        """The class with the most one-vs-one votes (ties: the first class)."""
        X = validate_data(self, X, reset=False)
        votes, _ = self._votes(self._pair_decision(X))
        return self._decode(np.argmax(votes, axis=1))

    # -- private helpers ---------------------------------------------------

    def _pair_decision(self, X):
        """f_k(x) = Σᵢ β_ki k(xᵢ, x) + b_k for every one-vs-one problem k (eq. 3),
        positive for the first class of the pair; shape (n_samples, n_pairs)."""
        n_sv = max(len(self.support_), 1)
        block = max(1, PREDICT_BLOCK_ENTRIES // n_sv)
        out = np.empty((X.shape[0], len(self._pair_intercept)))
        for start in range(0, X.shape[0], block):
            K = kernel_matrix(X[start:start + block], self.support_vectors_, self.kernel,
                              self._gamma, self.degree, self.coef0)
            out[start:start + block] = K @ self._pair_coef + self._pair_intercept
        return out

    def _votes(self, pair_values):
        """Votes and summed signed confidences per class, shape (n, n_classes)."""
        n_classes = len(self.classes_)
        first = np.eye(n_classes)[self._pair_first]     # (n_pairs, n_classes)
        second = np.eye(n_classes)[self._pair_second]
        first_wins = pair_values > 0
        votes = first_wins @ first + (~first_wins) @ second
        confidence = pair_values @ (first - second)
        return votes, confidence

    def _libsvm_layout(self, sv_class, pairs):
        """dual_coef_ and intercept_ in libsvm's (and scikit-learn's) layout.

        A support vector of class c stores its coefficient of the problem
        (c, d) in row d − 1 if d > c, else in row d: each of the n_classes − 1
        rows holds one problem per class.
        """
        n_classes = len(self.classes_)
        dual_coef = np.zeros((n_classes - 1, len(sv_class)))
        for k, (p, q) in enumerate(pairs):
            in_p, in_q = sv_class == p, sv_class == q
            dual_coef[q - 1, in_p] = self._pair_coef[in_p, k]
            dual_coef[p, in_q] = self._pair_coef[in_q, k]
        intercept = self._pair_intercept.copy()
        if n_classes == 2:
            # The binary convention is "positive means classes_[1]", the
            # second class of the pair: flip the sign of f.
            dual_coef, intercept = -dual_coef, -intercept
        return dual_coef, intercept

    def _resolve_gamma(self, X):
        if isinstance(self.gamma, str):
            if self.gamma == "scale":
                variance = X.var()
                return 1.0 / (X.shape[1] * variance) if variance > 0 else 1.0
            return 1.0 / X.shape[1]
        return float(self.gamma)

    def _check_hyperparameters(self):
        if not (is_real(self.C) and self.C > 0):
            raise ValueError(f"C must be a positive number, got {self.C!r}.")
        if not (isinstance(self.kernel, str) and self.kernel in KERNELS):
            raise ValueError(f"kernel must be one of {KERNELS}, got {self.kernel!r} "
                             "(precomputed and callable kernels are not supported).")
        if not (is_integer(self.degree) and self.degree >= 0):
            raise ValueError(f"degree must be a non-negative integer, got {self.degree!r}.")
        if isinstance(self.gamma, str):
            if self.gamma not in ("scale", "auto"):
                raise ValueError(f"gamma must be 'scale', 'auto' or a non-negative number, "
                                 f"got {self.gamma!r}.")
        elif not (is_real(self.gamma) and self.gamma >= 0):
            raise ValueError(f"gamma must be 'scale', 'auto' or a non-negative number, "
                             f"got {self.gamma!r}.")
        if not (is_real(self.coef0) and np.isfinite(self.coef0)):
            raise ValueError(f"coef0 must be a finite number, got {self.coef0!r}.")
        if not (is_real(self.tol) and self.tol > 0):
            raise ValueError(f"tol must be a positive number, got {self.tol!r}.")
        if not (is_integer(self.max_iter) and (self.max_iter == -1 or self.max_iter >= 1)):
            raise ValueError(f"max_iter must be -1 (no limit) or a positive integer, "
                             f"got {self.max_iter!r}.")
        if not (is_real(self.cache_size) and self.cache_size > 0):
            raise ValueError(f"cache_size must be a positive number of megabytes, "
                             f"got {self.cache_size!r}.")


# ---------------------------------------------------------------------------
# The solver: SMO (eqs. 5–14)
# ---------------------------------------------------------------------------

def kernel_rows(X, kernel, gamma, degree, coef0):
    """``row(i)`` = Kᵢ = (k(xᵢ, x₁), …, k(xᵢ, xₙ)) on demand (eqs. 15–18),
    and the diagonal (K₁₁, …, Kₙₙ). SMO needs two rows per iteration, never
    the whole n × n matrix."""
    if kernel == "rbf":
        # −γ‖xᵢ − xₜ‖² = 2γ xᵢ·xₜ − γ‖xᵢ‖² − γ‖xₜ‖², on data centred first:
        # centring removes the large common offset whose cancellation would
        # lose digits.
        Xc = X - X.mean(axis=0)
        minus_gamma_sq = -gamma * np.einsum("ij,ij->i", Xc, Xc)     # −γ‖xₜ‖², (n,)

        def row(i):
            K_i = Xc @ (2.0 * gamma * Xc[i])
            K_i += minus_gamma_sq
            K_i += minus_gamma_sq[i]
            return np.exp(K_i, out=K_i)

        return row, np.ones(len(X))

    def outer(inner):                      # the kernel's function of γ x·x' + coef0
        if kernel == "linear":
            return inner
        if kernel == "poly":
            return (gamma * inner + coef0) ** degree
        return np.tanh(gamma * inner + coef0)

    def row(i):
        return outer(X @ X[i])

    return row, outer(np.einsum("ij,ij->i", X, X))


def smo(X, y, *, C, kernel, gamma, degree, coef0, tol, max_iter, cache_bytes, start=None):
    """Solve the binary dual (eq. 4) for labels y ∈ {−1, +1} by SMO.

    SMO starts from β = 0, where g = y, or from ``start = (β, g)``: a feasible
    β and its g = y − Kβ (the linear SVM's warm start). ``max_iter``: most
    iterations, −1 for no limit. Returns (β, b, iterations, f(β) at the start
    and after every iteration, converged).

    With engine="fast" the same iterations run in fast_smo.py on cached
    kernel rows (notes, "Making it fast", 1–3): the same arithmetic in the
    same order, so both paths return the same β bit for bit.
    """
    row, diag = kernel_rows(X, kernel, gamma, degree, coef0)
    lo = np.where(y > 0, 0.0, -C)                  # the box of eq. 4
    hi = np.where(y > 0, C, 0.0)
    if start is None:
        beta, g = np.zeros(len(y)), y.copy()       # g = y − Kβ at β = 0 (eq. 5)
    else:
        beta, g = start[0].copy(), start[1].copy()
    f = -0.5 * beta @ (y + g)                      # ½βᵀKβ − yᵀβ with Kβ = y − g (eqs. 4–5)
    limit = np.inf if max_iter == -1 else max_iter
    if use_fast_path():
        beta, g, history, converged = fast_smo.iterate(
            KernelCache(row, len(y), cache_bytes), diag, lo, hi, beta, g, f, tol, limit, TAU)
        return beta, _bias(g, beta, lo, hi), len(history) - 1, np.array(history), converged

    history = [f]
    converged = False
    # SMO is sequential: each step changes g for the next selection. The loop
    # runs over iterations, never over samples.
    while True:
        in_up, in_low = beta < hi, beta > lo       # I_up, I_low (eq. 6)
        # Working set, first index: the largest g inside I_up (eq. 12).
        i = int(np.argmax(np.where(in_up, g, -np.inf)))
        gap = g[i] - np.min(np.where(in_low, g, np.inf))     # m(β) − M(β) (eq. 6)
        if gap < tol:                              # eq. 7: optimal to tol
            converged = True
            break
        if len(history) - 1 == limit:
            break
        K_i = row(i)
        a = np.maximum(diag[i] + diag - 2.0 * K_i, TAU)      # a_it of eq. 8, floored
        # Second index: the largest guaranteed decrease (g_i − g_t)² / a_it
        # over t ∈ I_low with g_t < g_i (eq. 13); 0 elsewhere.
        decrease = np.where(in_low & (g < g[i]), (g[i] - g) ** 2 / a, 0.0)
        j = int(np.argmax(decrease))
        K_j = row(j)

        g_gap = g[i] - g[j]
        beta, g, t = smo_step(beta, g, i, j, K_i, K_j, a[j], lo, hi)
        # f changes by −t(g_i − g_j) + ½ a_ij t² along e_i − e_j (eq. 8).
        history.append(history[-1] + t * (0.5 * a[j] * t - g_gap))
    return beta, _bias(g, beta, lo, hi), len(history) - 1, np.array(history), converged


# exercise: kernel_svm.smo_step
def smo_step(beta, g, i, j, K_i, K_j, a_ij, lo, hi):
    """SMO's two-variable step on the pair (i, j): β_i += t, β_j −= t with t
    the Newton step (g_i − g_j)/a_ij (eq. 9) clipped so both stay in their
    boxes [lo, hi] (eq. 10), then g ← g − t (K_i − K_j) (eq. 11).

    beta, g, lo, hi, K_i = K[i] and K_j = K[j] are arrays of shape (n,);
    a_ij = K_ii + K_jj − 2K_ij > 0. Updates beta and g in place and returns
    (beta, g, t).
    """
    room_i, room_j = hi[i] - beta[i], beta[j] - lo[j]
    t = min((g[i] - g[j]) / a_ij, room_i, room_j)
    beta[i] += t
    beta[j] -= t
    # A variable stopped by the box is set to its bound exactly, so it
    # leaves I_up or I_low without rounding error.
    if t == room_i:
        beta[i] = hi[i]
    if t == room_j:
        beta[j] = lo[j]
    g -= t * (K_i - K_j)
    return beta, g, t


def _bias(g, beta, lo, hi):
    """b of eq. 14: the mean of g over free support vectors (lo < β < hi);
    with none, the middle of the interval the KKT conditions allow."""
    free = (beta > lo) & (beta < hi)
    if free.any():
        return float(g[free].mean())
    # Neither set is empty: with every β at a bound, all at hi (or all at lo)
    # would make Σβ = ±C·(count of one class) ≠ 0, against eq. 4's constraint.
    lower = g[beta <= lo].max()                         # at lo: g_i ≤ b
    upper = g[beta >= hi].min()                         # at hi: g_i ≥ b
    return float(0.5 * (lower + upper))
