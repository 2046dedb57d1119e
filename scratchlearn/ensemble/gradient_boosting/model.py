r"""Gradient boosting: gradient descent in function space, one small tree per step.

The model is an additive expansion of regression trees (notes eq. 1)

    F_M(x) = F_0 + η Σ_m Σ_j γ_jm [x ∈ R_jm]                         (eq. 1)

grown greedily to lower Σ_i L(y_i, F(x_i)). Stage m

1. computes the negative gradient of the loss at the current fit,
   r_im = −∂L(y_i, F)/∂F at F = F_{m−1}(x_i)                            (eq. 2)
2. fits a regression tree to r (least squares), giving leaves R_jm;
3. chooses each leaf's value γ_jm by a line search on the true loss
   (eqs. 5, 8, 10, 12, 13), kept in our own array indexed by the leaf ids that
   the tree's ``apply`` returns (the tree itself is not modified);
4. takes a shrunken step  F_m = F_{m−1} + η γ_{j(x), m}.

Losses (pointwise, with their derivative g = ∂L/∂F; r = −g):

    squared error   L = ½ (y − F)²                   r = y − F                  (eq. 3)
    absolute error  L = |y − F|                      r = sign(y − F)            (eq. 6)
    Huber           L = ½ e² if |e| ≤ δ, else δ(|e| − δ/2), with e = y − F
                                                     r = clip(e, −δ, δ)         (eq. 9)
    log-loss (2)    L = log(1 + e^F) − y F           r = y − σ(F)               (eq. 11)
    log-loss (K)    L = logsumexp(F) − Σ_k y_k F_k   r_k = y_k − softmax(F)_k   (eq. 14)

Leaf values and initial values follow scikit-learn's formulas exactly: the
mean residual for squared error, the weighted (lower) median for absolute
error, median plus a mean clipped deviation for Huber, and one Newton step
Σ r / Σ p(1 − p) (times (K − 1)/K for K classes) for the log-loss.
"""

from collections import deque

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin, RegressorMixin
from scratchlearn.core.special import log_sigmoid, logsumexp, sigmoid, softmax
from scratchlearn.core.validation import (
    check_random_state,
    encode_class_labels,
    is_integer,
    is_real,
    validate_data,
)
from scratchlearn.trees.decision_tree import DecisionTreeRegressor, apply_trees

__all__ = ["GradientBoostingClassifier", "GradientBoostingRegressor", "absolute_error",
           "binary_log_loss", "huber", "multinomial_log_loss", "squared_error"]

TREE_LEAF = -1


# ---------------------------------------------------------------------------
# Pointwise losses and their derivatives ∂L/∂F (the notes' eqs.)
# ---------------------------------------------------------------------------

def squared_error(y, F):
    """L = ½ (y − F)² and ∂L/∂F = F − y (eq. 3)."""
    e = y - F
    return 0.5 * e * e, -e


def absolute_error(y, F):
    """L = |y − F| and ∂L/∂F = −sign(y − F) (eq. 6; 0 where y = F)."""
    e = y - F
    return np.abs(e), -np.sign(e)


# exercise: gradient_boosting.huber
def huber(y, F, delta):
    """L = ½ e² for |e| ≤ δ, δ(|e| − δ/2) beyond; ∂L/∂F = −e, or −δ sign(e) (eq. 9)."""
    e = y - F
    small = np.abs(e) <= delta
    loss = np.where(small, 0.5 * e * e, delta * (np.abs(e) - 0.5 * delta))
    grad = -np.where(small, e, delta * np.sign(e))
    return loss, grad


def binary_log_loss(y, F):
    """L = log(1 + e^F) − y F = F − log σ(F) − y F and ∂L/∂F = σ(F) − y (eq. 11),
    for y ∈ {0, 1} and F the log-odds."""
    return F - log_sigmoid(F) - y * F, sigmoid(F) - y


def multinomial_log_loss(Y, F):
    """L = logsumexp_k F_k − Σ_k Y_k F_k and ∂L/∂F_k = softmax(F)_k − Y_k (eq. 14),
    for one-hot Y and scores F, both (n, K)."""
    return logsumexp(F, axis=1) - np.sum(Y * F, axis=1), softmax(F, axis=1) - Y


# ---------------------------------------------------------------------------
# Per-leaf line searches (vectorised over leaves with bincount / one sort)
# ---------------------------------------------------------------------------

def weighted_lower_median(values, w, group, n_groups):
    """Per group (leaf): the smallest value whose cumulative weight reaches
    half of the group's weight, the "inverted CDF" median (eq. 8). On an exact
    half this is the lower of the two middle values, not their midpoint (F_0
    takes the midpoint): both minimise the absolute error; each is the one
    scikit-learn uses there (see _initial_prediction)."""
    order = np.lexsort((values, group))                  # by group, then by value
    g, v, wo = group[order], values[order], w[order]
    total = np.bincount(g, weights=wo, minlength=n_groups)
    before = np.cumsum(total) - total                    # weight of the earlier groups
    reached = np.flatnonzero(np.cumsum(wo) - before[g] >= 0.5 * total[g])
    # The rows are sorted by group, so the first reaching row of each group
    # is where the group number changes along ``reached``.
    first = reached[np.r_[True, g[reached[1:]] != g[reached[:-1]]]]
    median = np.zeros(n_groups)
    median[g[first]] = v[first]
    return median


# exercise: gradient_boosting.leaf_values
def log_loss_leaf_values(leaf, r, p, n_nodes, n_classes):
    """One Newton step per node for the log-loss (eqs. 12, 13): γ_j = Σ r_i /
    Σ p_i (1 − p_i) over the rows i with leaf[i] = j, times (K − 1)/K when
    there are K > 2 classes; shape (n_nodes,). Where the curvature Σ p(1 − p)
    is (numerically) zero, |·| < 1e-150 — a pure leaf with p = 0 or 1 exactly,
    or a node no row reaches — γ_j = 0: no step improves the loss."""
    num = np.bincount(leaf, weights=r, minlength=n_nodes)
    den = np.bincount(leaf, weights=p * (1.0 - p), minlength=n_nodes)
    if n_classes > 2:
        num *= (n_classes - 1) / n_classes                                # eq. 13
    safe = np.abs(den) >= 1e-150
    gamma = np.where(safe, num / np.where(safe, den, 1.0), 0.0)
    return gamma


def _weighted_percentile(values, w, q):
    """The smallest value whose cumulative weight reaches q · total."""
    order = np.argsort(values, kind="stable")
    cw = np.cumsum(w[order])
    i = min(int(np.searchsorted(cw, q * cw[-1])), len(values) - 1)
    return float(values[order][i])


def _unnormalised_importances(tree, n_features):
    """Σ over nodes splitting on j of W·I − W_L·I_L − W_R·I_R, over the root
    weight: the tree's impurity decrease per feature, not normalised."""
    t = tree.tree_
    internal = np.flatnonzero(t.children_left != TREE_LEAF)
    W, imp = t.weighted_n_node_samples, t.impurity
    left, right = t.children_left[internal], t.children_right[internal]
    decrease = W[internal] * imp[internal] - W[left] * imp[left] - W[right] * imp[right]
    return np.bincount(t.feature[internal], weights=decrease, minlength=n_features) / W[0]




# ---------------------------------------------------------------------------
# The boosting loop shared by the regressor and the classifier
# ---------------------------------------------------------------------------

class _BaseGradientBoosting(BaseEstimator):

    _losses = ()

    def _check_params(self):
        if self.loss not in self._losses:
            raise ValueError(f"loss must be one of {self._losses}, got {self.loss!r}.")
        if not (is_real(self.learning_rate) and self.learning_rate > 0):
            raise ValueError(f"learning_rate must be a float > 0, got {self.learning_rate!r}.")
        if not (is_integer(self.n_estimators) and self.n_estimators >= 1):
            raise ValueError(f"n_estimators must be an int >= 1, got {self.n_estimators!r}.")
        if not (is_real(self.subsample) and 0.0 < self.subsample <= 1.0):
            raise ValueError(f"subsample must be a float in (0, 1], got {self.subsample!r}.")
        if self.max_depth is not None and not (is_integer(self.max_depth) and self.max_depth >= 1):
            raise ValueError(f"max_depth must be None or an int >= 1, got {self.max_depth!r}.")

    def _boost(self, X, Y):
        """The loop of eqs. 1–2. Y is (n, n_trees): the target (regression) or
        the one-hot classes. Sets the fitted attributes."""
        n, d = X.shape
        T = Y.shape[1]
        rng = check_random_state(self.random_state)
        n_inbag = max(1, int(self.subsample * n))
        M, eta = self.n_estimators, self.learning_rate

        self.initial_prediction_ = self._initial_prediction(Y)           # F_0, (T,)
        F = np.tile(self.initial_prediction_, (n, 1))                    # (n, T)
        self.estimators_ = np.empty((M, T), dtype=object)
        self.leaf_values_ = np.empty((M, T), dtype=object)
        self.train_score_ = np.zeros(M)
        if self.subsample < 1.0:
            self.oob_scores_ = np.zeros(M)
            self.oob_improvement_ = np.zeros(M)
        inbag = np.ones(n, dtype=bool)
        for m in range(M):
            seed = int(rng.integers(0, 2 ** 31 - 1))
            # The stage's loss first (Huber's δ), so the out-of-bag scores
            # before and after the stage use the same loss.
            self._prepare_stage(Y, F)
            if self.subsample < 1.0:
                inbag = np.zeros(n, dtype=bool)
                inbag[rng.permutation(n)[:n_inbag]] = True
                oob_before = self._score(Y[~inbag], F[~inbag])
            r = -self._gradient(Y, F)                                    # eq. 2, (n, T)
            for k in range(T):
                tree = DecisionTreeRegressor(
                    max_depth=self.max_depth, min_samples_split=self.min_samples_split,
                    min_samples_leaf=self.min_samples_leaf, max_features=self.max_features,
                    random_state=seed)
                tree.fit(X, r[:, k], sample_weight=None if self.subsample == 1.0 else inbag)
                leaf = tree.tree_.apply(X)                               # leaf id of each row
                gamma = self._leaf_values(tree, leaf, inbag, Y, F, r, k)  # line search
                F[:, k] += eta * gamma[leaf]                             # eq. 1
                self.estimators_[m, k] = tree
                self.leaf_values_[m, k] = gamma
            self.train_score_[m] = self._score(Y[inbag], F[inbag])
            if self.subsample < 1.0:
                self.oob_scores_[m] = self._score(Y[~inbag], F[~inbag])
                self.oob_improvement_[m] = oob_before - self.oob_scores_[m]
        if self.subsample < 1.0:
            self.oob_score_ = float(self.oob_scores_[-1])
        self.n_estimators_ = M
        self.feature_importances_ = self._feature_importances(d)

    def _leaf_values(self, tree, leaf, inbag, Y, F, r, k):
        """γ of every node id (only the leaves' entries are used), from the
        in-bag rows of each leaf."""
        n_nodes = tree.tree_.node_count
        if self.loss == "squared_error":
            # The tree's own leaf means of r are already the minimisers (eq. 5).
            return tree.tree_.value[:, 0].copy()
        leaf_in, r_in = leaf[inbag], r[inbag, k]
        if self.loss == "log_loss":
            p = Y[inbag, k] - r_in                                        # r = y − p
            # One column of Y (one tree per stage) means two classes.
            return log_loss_leaf_values(leaf_in, r_in, p, n_nodes, max(Y.shape[1], 2))
        residual = Y[inbag, 0] - F[inbag, 0]
        w = np.ones(len(residual))
        median = weighted_lower_median(residual, w, leaf_in, n_nodes)    # eq. 8
        if self.loss == "absolute_error":
            return median
        # Huber (eq. 10): the median, plus the mean of the deviations from it
        # clipped at ±δ.
        dev = residual - median[leaf_in]
        clipped = np.sign(dev) * np.minimum(self.delta_, np.abs(dev))
        count = np.bincount(leaf_in, minlength=n_nodes)
        total = np.bincount(leaf_in, weights=clipped, minlength=n_nodes)
        return median + total / np.maximum(count, 1)

    def _feature_importances(self, d):
        """Mean over the trees (that split at all) of each tree's unnormalised
        impurity decrease, normalised to sum to 1."""
        per_tree = [_unnormalised_importances(t, d) for t in self.estimators_.ravel()
                    if t.tree_.node_count > 1]
        if not per_tree:
            return np.zeros(d)
        mean = np.mean(per_tree, axis=0)
        return mean / mean.sum()

    def _prepare_stage(self, Y, F):
        """Run before each stage's gradient; the Huber regressor re-sets δ here."""

    def _raw_predict_stages(self, X):
        """Yield F_m(X), shape (n, n_trees), after each stage m (eq. 1)."""
        X = validate_data(self, X, reset=False)
        F = np.tile(self.initial_prediction_, (X.shape[0], 1))
        M, T = self.estimators_.shape
        # All M·T trees walked at once (a few levels of NumPy calls in all,
        # not M·T walks), and each tree's step η·γ read for all rows in one
        # gather: η·γ[leaf] is (η·γ)[leaf] to the bit. The steps are still
        # added stage by stage, in order, so every F_m is unchanged.
        leaf = apply_trees([tree.tree_ for tree in self.estimators_.ravel()], X)
        steps = np.concatenate([self.learning_rate * gamma for gamma in self.leaf_values_.ravel()])
        steps = steps.take(leaf).reshape(M, T, X.shape[0])
        for stage in steps:
            for k in range(T):
                F[:, k] += stage[k]
            yield F

    def _raw_predict(self, X):
        return deque(self._raw_predict_stages(X), maxlen=1)[0]   # the last stage


class GradientBoostingRegressor(RegressorMixin, _BaseGradientBoosting):
    """Gradient-boosted regression trees: each shallow tree fits the negative
    gradient of the loss at the current predictions (eq. 2).

    Parameters
    ----------
    loss : {"squared_error", "absolute_error", "huber"}
        The loss being minimised (eqs. 3, 6, 9).
    learning_rate : float
        Shrinkage η of every tree's contribution (eq. 1): smaller needs more
        trees and usually generalises better.
    n_estimators : int
        Number of boosting stages M.
    subsample : float
        Fraction of rows drawn (without replacement) to fit each stage;
        below 1 this is stochastic gradient boosting and enables the
        out-of-bag attributes.
    min_samples_split : int or float
        Fewest samples a node needs to be split.
    min_samples_leaf : int or float
        Fewest samples each leaf must keep.
    max_depth : int or None
        Depth of each tree: the order of feature interactions it can model.
    max_features : int, float, "sqrt", "log2" or None
        Features searched at each split (all when None).
    alpha : float
        Huber only: δ is the alpha-quantile of the absolute residuals at each
        stage, so a fraction 1 − alpha of the rows are treated as outliers.
    random_state : int, numpy Generator or None
        Seeds the subsamples and the trees' feature draws.

    Attributes
    ----------
    estimators_ : ndarray of DecisionTreeRegressor, shape (n_estimators, 1)
        The tree of each stage, fitted to the negative gradient. Its own
        ``predict`` gives that fit; the stage adds ``learning_rate *
        leaf_values_[m, 0][tree.apply(X)]``.
    leaf_values_ : ndarray of object, shape (n_estimators, 1)
        γ of each stage: one value per node id of that stage's tree
        (the line-search results at the leaves).
    initial_prediction_ : ndarray of shape (1,)
        F_0: the mean (squared error) or the median (absolute error, Huber) of y.
    train_score_ : ndarray of shape (n_estimators,)
        Loss on the in-bag rows after each stage: the mean squared error,
        mean absolute error, or mean Huber loss.
    oob_scores_, oob_improvement_ : ndarray of shape (n_estimators,)
        With ``subsample < 1``: loss on the rows left out of each stage
        after it, and the decrease that stage brought.
    oob_score_ : float
        With ``subsample < 1``: the last entry of ``oob_scores_``.
    delta_ : float
        Huber only: δ of the last stage.
    n_estimators_ : int
        Number of stages fitted.
    feature_importances_ : ndarray of shape (n_features,)
        Impurity decrease per feature averaged over the trees, summing to 1.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    _losses = ("squared_error", "absolute_error", "huber")

    def __init__(self, loss="squared_error", learning_rate=0.1, n_estimators=100, subsample=1.0,
                 min_samples_split=2, min_samples_leaf=1, max_depth=3, max_features=None,
                 alpha=0.9, random_state=None):
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_depth = max_depth
        self.max_features = max_features
        self.alpha = alpha
        self.random_state = random_state

    def fit(self, X, y):
        """Fit ``n_estimators`` stages of trees to the negative gradients."""
        self._check_params()
        if not (is_real(self.alpha) and 0.0 < self.alpha < 1.0):
            raise ValueError(f"alpha must be a float in (0, 1), got {self.alpha!r}.")
        X, y = validate_data(self, X, y, reset=True)
        self._boost(X, y[:, None])
        return self

    def _initial_prediction(self, Y):
        """F_0 = argmin_c Σ L(y_i, c): the mean (eq. 4), else the median (eq. 7)."""
        y = Y[:, 0]
        if self.loss == "squared_error":
            return np.array([y.mean()])
        # Two medians, on purpose. With an even n, Σ|y_i − c| is flat between
        # the two middle values: every c there is optimal. scikit-learn takes
        # the midpoint here (np.median, its initial estimator) but the lower
        # value in the leaves (weighted_lower_median, its weighted percentile),
        # and we follow both so that predictions match it to rounding (notes,
        # "Absolute error").
        return np.array([np.median(y)])

    def _prepare_stage(self, Y, F):
        if self.loss == "huber":
            e = np.abs(Y[:, 0] - F[:, 0])
            self.delta_ = _weighted_percentile(e, np.ones(len(e)), self.alpha)

    def _gradient(self, Y, F):
        if self.loss == "squared_error":
            return squared_error(Y, F)[1]
        if self.loss == "absolute_error":
            return absolute_error(Y, F)[1]
        return huber(Y, F, self.delta_)[1]

    def _score(self, Y, F):
        if len(Y) == 0:
            return np.nan
        if self.loss == "squared_error":
            return 2.0 * float(np.mean(squared_error(Y, F)[0]))      # the mean squared error
        if self.loss == "absolute_error":
            return float(np.mean(absolute_error(Y, F)[0]))
        return float(np.mean(huber(Y, F, self.delta_)[0]))

    def staged_predict(self, X):
        """Yield the prediction F_m(X) after each stage m."""
        for F in self._raw_predict_stages(X):
            yield F[:, 0].copy()

    def predict(self, X):
        """F_M(X) (eq. 1)."""
        return self._raw_predict(X)[:, 0]


class GradientBoostingClassifier(ClassifierMixin, _BaseGradientBoosting):
    """Gradient-boosted trees for classification with the log-loss: one tree per
    stage for two classes (on the log-odds), one tree per class per stage for K > 2.

    Parameters
    ----------
    loss : {"log_loss"}
        Binomial (eq. 11) or multinomial (eq. 14) log-loss.
    learning_rate : float
        Shrinkage η of every tree's contribution (eq. 1).
    n_estimators : int
        Number of boosting stages M.
    subsample : float
        Fraction of rows drawn (without replacement) to fit each stage.
    min_samples_split : int or float
        Fewest samples a node needs to be split.
    min_samples_leaf : int or float
        Fewest samples each leaf must keep.
    max_depth : int or None
        Depth of each tree.
    max_features : int, float, "sqrt", "log2" or None
        Features searched at each split (all when None).
    random_state : int, numpy Generator or None
        Seeds the subsamples and the trees' feature draws.

    Attributes
    ----------
    estimators_ : ndarray of DecisionTreeRegressor, shape (n_estimators, n_trees)
        The trees; n_trees is 1 for two classes, K otherwise.
    leaf_values_ : ndarray of object, shape (n_estimators, n_trees)
        Newton-step leaf values γ of each tree, indexed by node id (eqs. 12–13).
    initial_prediction_ : ndarray of shape (n_trees,)
        F_0: the prior log-odds (two classes) or log p_k minus its mean (eq. 15).
    train_score_ : ndarray of shape (n_estimators,)
        In-bag loss after each stage: the binomial deviance (twice the mean
        log-loss, as scikit-learn reports it) for two classes, the mean
        log-loss for more.
    oob_scores_, oob_improvement_, oob_score_ :
        With ``subsample < 1``, as in the regressor.
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    n_classes_ : int
        Number of classes.
    n_estimators_ : int
        Number of stages fitted.
    feature_importances_ : ndarray of shape (n_features,)
        Impurity decrease per feature averaged over the trees, summing to 1.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    _losses = ("log_loss",)

    def __init__(self, loss="log_loss", learning_rate=0.1, n_estimators=100, subsample=1.0,
                 min_samples_split=2, min_samples_leaf=1, max_depth=3, max_features=None,
                 random_state=None):
        self.loss = loss
        self.learning_rate = learning_rate
        self.n_estimators = n_estimators
        self.subsample = subsample
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_depth = max_depth
        self.max_features = max_features
        self.random_state = random_state

    def fit(self, X, y):
        """Fit ``n_estimators`` stages of trees to the negative gradients."""
        self._check_params()
        X, y = validate_data(self, X, y, reset=True)
        self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        K = self.n_classes_ = len(self.classes_)
        # Two classes: one score, the log-odds of classes_[1]; K: one per class.
        Y = (y_index == 1)[:, None].astype(float) if K == 2 else np.eye(K)[y_index]
        self._boost(X, Y)
        return self

    def _initial_prediction(self, Y):
        """F_0 minimises the loss over constants: the prior log-odds, or
        log p_k − mean_k log p_k (eq. 15). Priors are clipped to [ε, 1 − ε]."""
        eps = np.finfo(float).eps
        p = np.clip(Y.mean(axis=0), eps, 1 - eps)
        if Y.shape[1] == 1:
            return np.log(p / (1 - p))
        log_p = np.log(p)
        return log_p - log_p.mean()

    def _gradient(self, Y, F):
        if Y.shape[1] == 1:
            return binary_log_loss(Y, F)[1]
        return multinomial_log_loss(Y, F)[1]

    def _score(self, Y, F):
        if len(Y) == 0:
            return np.nan
        if Y.shape[1] == 1:
            return 2.0 * float(np.mean(binary_log_loss(Y[:, 0], F[:, 0])[0]))
        return float(np.mean(multinomial_log_loss(Y, F)[0]))

    def _proba(self, F):
        if F.shape[1] == 1:
            p = sigmoid(F[:, 0])
            return np.stack([1.0 - p, p], axis=1)
        return softmax(F, axis=1)

    def staged_decision_function(self, X):
        """Yield ``decision_function(X)`` after each stage."""
        for F in self._raw_predict_stages(X):
            yield F[:, 0].copy() if F.shape[1] == 1 else F.copy()

    def decision_function(self, X):
        """The raw scores F_M(X): log-odds of classes_[1], shape (n,), for two
        classes; (n, K) otherwise."""
        F = self._raw_predict(X)
        return F[:, 0] if F.shape[1] == 1 else F

    def staged_predict_proba(self, X):
        """Yield ``predict_proba(X)`` after each stage."""
        for F in self._raw_predict_stages(X):
            yield self._proba(F)

    def predict_proba(self, X):
        """σ(F) for two classes, softmax(F) for more."""
        return self._proba(self._raw_predict(X))

    def staged_predict(self, X):
        """Yield the predicted labels after each stage."""
        for F in self._raw_predict_stages(X):
            yield self._decode(np.argmax(self._proba(F), axis=1))

    def predict(self, X):
        """The most probable class."""
        return self._decode(np.argmax(self.predict_proba(X), axis=1))
