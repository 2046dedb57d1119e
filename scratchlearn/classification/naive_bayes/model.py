r"""Naive Bayes: Gaussian, multinomial and Bernoulli.

    P(y = k | x) = π_k p(x | k) / Σ_c π_c p(x | c)                    (notes eq. 1)
    p(x | k) = Π_j p(x_j | k)          (the naive independence assumption, eq. 2)
    J_k(x) = log π_k + Σ_j log p(x_j | k)                               (eq. 3)
    log P(y = k | x) = J_k(x) − log Σ_c exp J_c(x)                      (eq. 4)

with one likelihood per model:

    Gaussian     log p(x_j | k) = −½ log(2π σ²_kj) − (x_j − θ_kj)² / 2σ²_kj         (eq. 5)
    multinomial  log p(x | k)   = Σ_j x_j log θ_kj  (+ a term free of k)              (eq. 8)
    Bernoulli    log p(b | k)   = Σ_j b_j log p_kj + (1 − b_j) log(1 − p_kj)          (eq. 10)

Fitting maximises the joint log-likelihood Σ_i log π_{y_i} + log p(x_i | y_i),
whose maximum is in closed form: class means and variances (eq. 6), smoothed
word frequencies (eq. 9), smoothed pixel frequencies (eq. 11) and class
frequencies (eq. 12). Everything is a sum over samples, so ``partial_fit``
adds a batch's sums to the running ones (eq. 7 for the Gaussian's mean and
variance). Everything stays in log space; eq. 4 is one log-sum-exp.
"""

import warnings

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin
from scratchlearn.core.preprocessing import one_hot
from scratchlearn.core.special import log_softmax
from scratchlearn.core.validation import (
    check_sample_weight,
    encode_class_labels,
    is_real,
    validate_data,
)

# α = 0 gives a word never seen in class k θ_kj = 0: log 0 = −inf, and
# 0·(−inf) = NaN in eq. 8 for every document without that word. Any α ≥ this
# floor keeps every θ_kj positive; it is the bound scikit-learn applies when
# its force_alpha is False.
ALPHA_FLOOR = 1e-10


# ---------------------------------------------------------------------------
# The likelihoods and their estimates, as pure functions with the notes' symbols
# ---------------------------------------------------------------------------

def class_log_prior(class_count, fit_prior=True, class_prior=None):
    """log π_k (eq. 12): given priors, class frequencies N_k / N, or uniform 1/K."""
    K = len(class_count)
    if class_prior is not None:
        with np.errstate(divide="ignore"):      # a prior of 0 rules the class out
            return np.log(class_prior)
    if fit_prior:
        with np.errstate(divide="ignore"):      # a class not seen yet: π_k = 0
            return np.log(class_count) - np.log(class_count.sum())
    return np.full(K, -np.log(K))


# exercise: naive_bayes.log_likelihood
def gaussian_log_likelihood(X, theta, var):
    """Σ_j log N(x_j; θ_kj, σ²_kj) of eq. 5 for every sample and class: (n, K).

    The squared distance Σ_j (x_j − θ_kj)² / σ²_kj is expanded into
    x² · (1/σ²) − 2 x · (θ/σ²) + θ² · (1/σ²), so the n × K × d work is two
    matrix products instead of K passes over X. X and θ are first shifted by
    the mean of the class means: the three terms are then small, and their sum
    loses no accuracy to cancellation.
    """
    c = theta.mean(axis=0)                  # (d,)
    Xc, Tc = X - c, theta - c               # (n, d), (K, d)
    precision = 1.0 / var                   # (K, d)
    squared_distance = ((Xc * Xc) @ precision.T
                        - 2.0 * (Xc @ (Tc * precision).T)
                        + np.sum(Tc * Tc * precision, axis=1))      # (n, K)
    log_normaliser = np.sum(np.log(2.0 * np.pi * var), axis=1)       # (K,)
    return -0.5 * (log_normaliser + squared_distance)


def gaussian_nll_and_gradient(theta, var, X, Y):
    """Negative log-likelihood of eq. 5 over the training set and its gradient.

    L(θ, σ²) = −Σ_i Σ_k Y_ik Σ_j log N(x_ij; θ_kj, σ²_kj),  Y the one-hot labels;
    ∂L/∂θ_kj  = −Σ_i Y_ik (x_ij − θ_kj) / σ²_kj,
    ∂L/∂σ²_kj =  Σ_i Y_ik [1/(2σ²_kj) − (x_ij − θ_kj)² / (2σ⁴_kj)].
    Both vanish at the class mean and (biased) class variance: eq. 6.
    """
    N = Y.sum(axis=0)[:, None]                                  # (K, 1)
    S1, S2 = Y.T @ X, Y.T @ (X * X)                             # Σ_i Y_ik x_ij, Σ_i Y_ik x_ij²
    ssd = S2 - 2.0 * theta * S1 + N * theta ** 2                # Σ_i Y_ik (x_ij − θ_kj)²
    loss = 0.5 * np.sum(N * np.log(2.0 * np.pi * var) + ssd / var)
    grad_theta = -(S1 - N * theta) / var
    grad_var = 0.5 * (N / var - ssd / var ** 2)
    return loss, grad_theta, grad_var


# exercise: naive_bayes.mean_variance
def class_mean_variance(X, y_index, n_classes, w=None):
    """Each class's (weighted) count N_k, mean θ_k and biased variance s²_k (eq. 6
    without ε), in two passes: the mean, then the squared deviations from it.

    Returns (N (K,), theta (K, d), var (K, d)); a class with no rows (or zero
    weight) gets N_k = 0 and zeros.
    """
    K, d = n_classes, X.shape[1]
    N, theta, var = np.zeros(K), np.zeros((K, d)), np.zeros((K, d))
    # A loop over classes, not samples: each step is vectorised over a class's rows.
    for k in range(K):
        in_k = y_index == k
        rows = X[in_k]                  # a copy, so it can be centred in place
        w_k = None if w is None else w[in_k]
        N[k] = len(rows) if w_k is None else w_k.sum()
        if N[k] == 0:
            continue
        theta[k] = rows.mean(axis=0) if w_k is None else (w_k @ rows) / N[k]
        rows -= theta[k]
        np.square(rows, out=rows)
        var[k] = rows.mean(axis=0) if w_k is None else (w_k @ rows) / N[k]
    return N, theta, var


def merge_mean_variance(n_past, theta, var, n_new, theta_new, var_new):
    """Merge a batch's class statistics into the running ones (eq. 7).

    Works through the sums of squared deviations (Chan, Golub & LeVeque), never
    through E[x²] − E[x]², which cancels badly. A class absent from the batch
    (n_new = 0) keeps its state; a class seen for the first time takes the
    batch's. Returns (n_total, theta, var).
    """
    n_total = n_past + n_new                                    # (K,)
    a, b = n_past[:, None], n_new[:, None]
    safe_total = np.where(n_total > 0, n_total, 1.0)[:, None]
    theta_total = (a * theta + b * theta_new) / safe_total
    ssd_total = a * var + b * var_new + (a * b / safe_total) * (theta - theta_new) ** 2
    var_total = ssd_total / safe_total
    first = (n_past == 0)[:, None]
    absent = (n_new == 0)[:, None]
    theta_total = np.where(absent, theta, np.where(first, theta_new, theta_total))
    var_total = np.where(absent, var, np.where(first, var_new, var_total))
    return n_total, theta_total, var_total


def pooled_variance(n, theta, var):
    """Variance of all samples from class counts, means and variances, by the law
    of total variance: Σ_k N_k [s²_k + (θ_k − μ)²] / N, with μ = Σ_k N_k θ_k / N."""
    mu = (n @ theta) / n.sum()
    return (n @ (var + (theta - mu) ** 2)) / n.sum()


def lidstone_log_probabilities(feature_count, alpha):
    """log θ_kj = log(N_kj + α) − log(N_k + α d)  (eq. 9): smoothed word frequencies."""
    smoothed = feature_count + alpha                            # (K, d)
    return np.log(smoothed) - np.log(smoothed.sum(axis=1, keepdims=True))


def bernoulli_log_probabilities(feature_count, class_count, alpha):
    """log p_kj = log(N_kj + α) − log(N_k + 2α)  (eq. 11): smoothed pixel-on frequencies."""
    return np.log(feature_count + alpha) - np.log(class_count + 2.0 * alpha)[:, None]


# ---------------------------------------------------------------------------
# What the three models share: counting in fit / partial_fit, eq. 4 at predict
# ---------------------------------------------------------------------------

class _NaiveBayesMixin:
    """fit, partial_fit and the prediction methods, written once.

    A model supplies ``_check_parameters()``, ``_start(n_classes, n_features)``
    (zero counters), ``_accumulate(X, y_index, w)`` (add a batch; w None or weights),
    ``_prepare(X)`` (model-specific input checks) and
    ``predict_joint_log_proba(X)`` (eq. 3).
    """

    def fit(self, X, y, sample_weight=None):
        """Learn the class priors and per-class likelihoods from (X, y)."""
        self._check_parameters()
        X, y = validate_data(self, X, y, reset=True)
        self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0])
        X = self._prepare(X)
        self._start(len(self.classes_), X.shape[1])
        self._accumulate(X, y_index, w)
        return self

    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Add one batch to the counts; ``classes`` (every label) on the first call.

        Batches fed one after another give the model that one ``fit`` on
        their concatenation gives (up to the Gaussian's ε; see GaussianNaiveBayes).
        """
        name = type(self).__name__
        first_call = not hasattr(self, "classes_")
        self._check_parameters()
        if classes is not None:
            all_classes, _ = encode_class_labels(classes, name)
            if not first_call and not np.array_equal(all_classes, self.classes_):
                raise ValueError(f"classes={all_classes.tolist()} differs from the classes "
                                 f"{self.classes_.tolist()} given on the first call to partial_fit.")
        elif first_call:
            raise ValueError("classes must be passed on the first call to partial_fit: the "
                             "model needs every label up front, even those not in this batch.")
        X, y = validate_data(self, X, y, reset=first_call, requires_y=True)
        w = None if sample_weight is None else check_sample_weight(sample_weight, X.shape[0])
        y_index = _class_indices(y, all_classes if first_call else self.classes_)
        X = self._prepare(X)
        if first_call:
            self._start(len(all_classes), X.shape[1])
            self.classes_ = all_classes
        self._accumulate(X, y_index, w)
        return self

    def predict(self, X):
        """The class of highest posterior, argmax_k J_k(x) (eqs. 1 and 3)."""
        return self._decode(np.argmax(self.predict_joint_log_proba(X), axis=1))

    def predict_log_proba(self, X):
        """log P(y = k | x) = J_k(x) − logsumexp_c J_c(x) (eq. 4): (n, K)."""
        # normalise by p(x) = Σ_c π_c p(x | c), in log space so nothing underflows
        return log_softmax(self.predict_joint_log_proba(X), axis=1)

    def predict_proba(self, X):
        """P(y = k | x) (eq. 1): exp of ``predict_log_proba``; rows sum to 1."""
        return np.exp(self.predict_log_proba(X))

    def _prepare(self, X):
        return X


# ---------------------------------------------------------------------------
# Gaussian naive Bayes
# ---------------------------------------------------------------------------

class GaussianNaiveBayes(_NaiveBayesMixin, ClassifierMixin, BaseEstimator):
    """Naive Bayes with one Gaussian per class and feature (eq. 5).

    Parameters
    ----------
    priors : None or array-like of shape (n_classes,)
        Class priors π_k, non-negative and summing to 1; None estimates them
        from the class frequencies (eq. 12).
    var_smoothing : float
        ε = var_smoothing × the largest feature variance is added to every
        σ²_kj (eq. 6), so a feature constant within a class does not give a
        zero variance and an infinite density.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, sorted.
    class_count_ : ndarray of shape (n_classes,)
        N_k, the (weighted) number of training samples per class.
    class_prior_ : ndarray of shape (n_classes,)
        π_k.
    theta_ : ndarray of shape (n_classes, n_features)
        θ_kj, the class means.
    var_ : ndarray of shape (n_classes, n_features)
        σ²_kj, the class variances plus ε.
    epsilon_ : float
        ε, computed from the variances of the last batch seen.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.

    Notes
    -----
    ``partial_fit`` handles ε as scikit-learn's GaussianNB does, so the two
    agree batch for batch: before merging a batch it subtracts the *new*
    batch's ε from ``var_`` and adds it back afterwards. ``var_`` still holds
    the previous ε, so the carried-over variances are off by the difference
    of the two, and batches differ from one ``fit`` by a few ε (exactly equal
    when var_smoothing = 0).
    """

    def __init__(self, priors=None, var_smoothing=1e-9):
        self.priors = priors
        self.var_smoothing = var_smoothing

    def _check_parameters(self):
        _check_non_negative_number(self.var_smoothing, "var_smoothing")

    def _start(self, K, n_features):
        if self.priors is not None:
            self._checked_priors(K)             # fail before any counting
        self.class_count_ = np.zeros(K)
        self.theta_ = np.zeros((K, n_features))
        self.var_ = np.zeros((K, n_features))
        self.epsilon_ = 0.0

    def _accumulate(self, X, y_index, w):
        n_new, theta_new, var_new = class_mean_variance(X, y_index, len(self.classes_), w)
        # ε is re-estimated on each batch from its (unweighted) feature variances;
        # unweighted, the class statistics already hold them (law of total variance).
        batch_var = pooled_variance(n_new, theta_new, var_new) if w is None else np.var(X, axis=0)
        first_batch = not self.class_count_.any()
        self.epsilon_ = float(self.var_smoothing * np.max(batch_var))
        # From the second batch on, var_ holds the earlier ε; it is taken out
        # using the *new* ε, as scikit-learn does (see the class notes).
        var = self.var_ if first_batch else self.var_ - self.epsilon_
        self.class_count_, self.theta_, var = merge_mean_variance(
            self.class_count_, self.theta_, var, n_new, theta_new, var_new)
        self.var_ = var + self.epsilon_
        if self.priors is None:
            self.class_prior_ = self.class_count_ / self.class_count_.sum()
        else:
            self.class_prior_ = self._checked_priors(len(self.classes_))

    def _checked_priors(self, K):
        priors = _check_prior(self.priors, K, "priors")
        if not np.isclose(priors.sum(), 1.0):
            raise ValueError(f"priors must sum to 1, but they sum to {priors.sum():g}.")
        return priors

    def predict_joint_log_proba(self, X):
        """J_k(x) = log π_k + Σ_j log N(x_j; θ_kj, σ²_kj) (eqs. 3, 5): (n, K)."""
        X = validate_data(self, X, reset=False)
        with np.errstate(divide="ignore"):      # π_k = 0 gives J_k = −inf
            log_prior = np.log(self.class_prior_)
        return log_prior + gaussian_log_likelihood(X, self.theta_, self.var_)


# ---------------------------------------------------------------------------
# Multinomial naive Bayes
# ---------------------------------------------------------------------------

class MultinomialNaiveBayes(_NaiveBayesMixin, ClassifierMixin, BaseEstimator):
    """Naive Bayes for counts (word counts of a document, pixel intensities): eq. 8.

    Parameters
    ----------
    alpha : float
        Additive (Lidstone) smoothing: α pseudo-counts added to every feature
        of every class (eq. 9); α = 1 is Laplace smoothing. Values below 1e-10
        are raised to 1e-10 with a warning.
    fit_prior : bool
        Estimate π_k from the class frequencies; otherwise uniform priors.
    class_prior : None or array-like of shape (n_classes,)
        Fixed priors π_k (they override fit_prior).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, sorted.
    class_count_ : ndarray of shape (n_classes,)
        N_k, the (weighted) number of training samples per class.
    class_log_prior_ : ndarray of shape (n_classes,)
        log π_k.
    feature_count_ : ndarray of shape (n_classes, n_features)
        N_kj, the (weighted) total count of feature j in class k.
    feature_log_prob_ : ndarray of shape (n_classes, n_features)
        log θ_kj, the smoothed log-probability of feature j in class k.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, alpha=1.0, fit_prior=True, class_prior=None):
        self.alpha = alpha
        self.fit_prior = fit_prior
        self.class_prior = class_prior

    def _check_parameters(self):
        _check_non_negative_number(self.alpha, "alpha")
        _check_bool(self.fit_prior, "fit_prior")

    def _prepare(self, X):
        if np.min(X) < 0:
            raise ValueError(
                f"Negative values in data passed to {type(self).__name__} (input X): the "
                "multinomial model needs counts, which are non-negative. Shift or rescale "
                "the features, or use GaussianNaiveBayes for real-valued data."
            )
        return X

    def _start(self, K, n_features):
        if self.class_prior is not None:
            _check_prior(self.class_prior, K, "class_prior")
        self.class_count_ = np.zeros(K)
        self.feature_count_ = np.zeros((K, n_features))

    def _accumulate(self, X, y_index, w):
        Y = _weighted_one_hot(y_index, len(self.classes_), w)   # (n, K)
        self.class_count_ += Y.sum(axis=0)                      # N_k
        self.feature_count_ += Y.T @ X                          # N_kj
        self.feature_log_prob_ = lidstone_log_probabilities(self.feature_count_,
                                                            _smoothing(self.alpha))
        self.class_log_prior_ = class_log_prior(self.class_count_, self.fit_prior,
                                                self.class_prior)

    def predict_joint_log_proba(self, X):
        """J_k(x) = log π_k + Σ_j x_j log θ_kj (eqs. 3, 8): (n, K)."""
        X = self._prepare(validate_data(self, X, reset=False))
        return X @ self.feature_log_prob_.T + self.class_log_prior_

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.positive_only = True
        tags.classifier_tags.poor_score = True
        return tags


# ---------------------------------------------------------------------------
# Bernoulli naive Bayes
# ---------------------------------------------------------------------------

class BernoulliNaiveBayes(_NaiveBayesMixin, ClassifierMixin, BaseEstimator):
    """Naive Bayes for binary features (a word present or not, a pixel on or off): eq. 10.

    Parameters
    ----------
    alpha : float
        Additive smoothing: α pseudo-counts for "on" and α for "off" in every
        class (eq. 11). Values below 1e-10 are raised to 1e-10 with a warning.
    binarize : None or float
        Threshold: a feature counts as on when it is greater than this. None
        means X is binary already (0 or 1).
    fit_prior : bool
        Estimate π_k from the class frequencies; otherwise uniform priors.
    class_prior : None or array-like of shape (n_classes,)
        Fixed priors π_k (they override fit_prior).

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        The class labels, sorted.
    class_count_ : ndarray of shape (n_classes,)
        N_k, the (weighted) number of training samples per class.
    class_log_prior_ : ndarray of shape (n_classes,)
        log π_k.
    feature_count_ : ndarray of shape (n_classes, n_features)
        N_kj, the (weighted) number of samples of class k with feature j on.
    feature_log_prob_ : ndarray of shape (n_classes, n_features)
        log p_kj, the smoothed log-probability that feature j is on in class k.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, alpha=1.0, binarize=0.0, fit_prior=True, class_prior=None):
        self.alpha = alpha
        self.binarize = binarize
        self.fit_prior = fit_prior
        self.class_prior = class_prior

    def _check_parameters(self):
        _check_non_negative_number(self.alpha, "alpha")
        _check_bool(self.fit_prior, "fit_prior")
        if self.binarize is not None and not (is_real(self.binarize) and np.isfinite(self.binarize)):
            raise ValueError(f"binarize must be None or a number, got {self.binarize!r}.")

    def _prepare(self, X):
        """b = 1[x > binarize], or X itself when it is binary already."""
        if self.binarize is not None:
            return (X > self.binarize).astype(np.float64)
        if np.any((X != 0) & (X != 1)):
            raise ValueError(f"{type(self).__name__} with binarize=None needs binary X (0 or 1); "
                             "set binarize to a threshold to binarise other values.")
        return X

    def _start(self, K, n_features):
        if self.class_prior is not None:
            _check_prior(self.class_prior, K, "class_prior")
        self.class_count_ = np.zeros(K)
        self.feature_count_ = np.zeros((K, n_features))

    def _accumulate(self, B, y_index, w):
        Y = _weighted_one_hot(y_index, len(self.classes_), w)   # (n, K)
        self.class_count_ += Y.sum(axis=0)                      # N_k
        self.feature_count_ += Y.T @ B                          # N_kj
        self.feature_log_prob_ = bernoulli_log_probabilities(
            self.feature_count_, self.class_count_, _smoothing(self.alpha))
        self.class_log_prior_ = class_log_prior(self.class_count_, self.fit_prior,
                                                self.class_prior)

    def predict_joint_log_proba(self, X):
        """J_k(b) = log π_k + Σ_j log(1 − p_kj) + Σ_j b_j [log p_kj − log(1 − p_kj)]
        (eqs. 3, 10): (n, K), one matrix product."""
        B = self._prepare(validate_data(self, X, reset=False))
        log_p = self.feature_log_prob_                          # (K, d)
        log_q = np.log1p(-np.exp(log_p))                        # log(1 − p_kj)
        return B @ (log_p - log_q).T + (self.class_log_prior_ + log_q.sum(axis=1))

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.poor_score = True
        return tags


# ---------------------------------------------------------------------------
# Hyperparameter checks and small helpers
# ---------------------------------------------------------------------------


def _check_non_negative_number(value, name):
    if not (is_real(value) and np.isfinite(value)) or value < 0:
        raise ValueError(f"{name} must be a non-negative number, got {value!r}.")


def _check_bool(value, name):
    if not isinstance(value, (bool, np.bool_)):
        raise ValueError(f"{name} must be True or False, got {value!r}.")


def _check_prior(prior, n_classes, name):
    prior = np.asarray(prior, dtype=float)
    if prior.shape != (n_classes,):
        raise ValueError(f"{name} must hold one probability per class ({n_classes}), "
                         f"got shape {prior.shape}.")
    if np.any(prior < 0) or not np.all(np.isfinite(prior)):
        raise ValueError(f"{name} must be non-negative and finite, got {prior}.")
    return prior


def _class_indices(y, classes):
    """Index of each label of y in the sorted ``classes``; an unknown label is an error."""
    y = np.asarray(y)
    try:
        index = np.minimum(np.searchsorted(classes, y), len(classes) - 1)
        unknown = np.asarray(classes[index] != y, dtype=bool)
    except TypeError:                   # a label that does not compare with them ("a" among ints)
        known = set(classes.tolist())
        unknown = np.array([label not in known for label in y.tolist()])
    if unknown.any():
        # In order of appearance, not sorted: labels of mixed types (1 and "a") do not sort.
        labels = list(dict.fromkeys(y[unknown].tolist()))
        raise ValueError(f"The label(s) {labels} in y are not among the "
                         f"classes {classes.tolist()} given on the first call to partial_fit.")
    return index


def _weighted_one_hot(y_index, n_classes, w):
    """Y[i, k] = w_i if sample i is in class k, else 0."""
    Y = one_hot(y_index, n_classes)
    return Y if w is None else Y * w[:, None]


def _smoothing(alpha):
    """α, raised to ALPHA_FLOOR (with a warning) so that no θ_kj is exactly 0."""
    if alpha < ALPHA_FLOOR:
        warnings.warn(f"alpha={alpha!r} is too small: no probability may be exactly zero "
                      f"(log 0 = −inf), so alpha = {ALPHA_FLOOR:g} is used.",
                      UserWarning, stacklevel=4)
        return ALPHA_FLOOR
    return alpha
