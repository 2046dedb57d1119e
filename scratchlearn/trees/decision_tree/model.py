r"""Decision trees (CART): greedy axis-aligned splits for classification and regression.

A tree cuts feature space into boxes and predicts a constant in each box: the
class proportions (classifier) or the mean or median target (regressor). It is
grown greedily: every node takes the test ``x[j] <= t`` that most reduces the
weighted impurity (notes eq. 6)

    Δ(j, t) = (W_node / W) · [ I(node) − (W_L / W_node)·I(L) − (W_R / W_node)·I(R) ]

where W are sums of sample weights and the impurity I of a set of samples is

    Gini         I = 1 − Σ_k p_k²                         (eq. 1)
    entropy      I = − Σ_k p_k log₂ p_k                   (eq. 2)
    squared      I = (1/W) Σ_i w_i (y_i − ȳ)²              (eq. 3)
    absolute     I = (1/W) Σ_i w_i |y_i − median(y)|       (eq. 4)

with p_k the weighted fraction of class k. The candidate thresholds t of a
feature are the midpoints between its consecutive distinct values (eq. 9).
A sample with ``x[j] <= t`` goes left, so a value exactly on a threshold goes
left.

This file is the plain algorithm, the specification: ``CART.best_split``
searches the features and thresholds of one node ("for each feature: sort,
scan the thresholds, keep the best") and ``CART.grow`` splits nodes until the
stopping rules hold. With ``scratchlearn.set_config(engine="fast")`` (the
default) the same tree is grown by ``level_grower.py``, which searches all
nodes of one depth at once, and trees are walked by ``forest_walk.py`` (notes,
"Making it fast"). Tests require the two engines to grow identical trees.

Ties between equally good splits go to the lowest feature index, then the
lowest threshold. (scikit-learn visits features in a random order and keeps
the first best it meets, so on exact ties the two may pick different, equally
good, splits.)
"""

from collections import deque

import numpy as np

from scratchlearn.core.base import (
    BaseEstimator,
    ClassifierMixin,
    RegressorMixin,
    check_is_fitted,
)
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.validation import (
    check_random_state,
    check_sample_weight,
    encode_class_labels,
    validate_data,
)
from scratchlearn.trees.decision_tree import forest_walk
from scratchlearn.trees.decision_tree.hyperparameters import resolve_sizes, validate_hyperparameters

__all__ = ["DecisionTreeClassifier", "DecisionTreeRegressor", "Tree", "apply_trees",
           "absolute_error", "entropy", "gini", "squared_error"]

# Consecutive feature values closer than this are treated as equal, so no
# threshold is placed between them (scikit-learn's rule; it matters for data
# that went through float32).
FEATURE_THRESHOLD = 1e-7
# A node whose impurity is at most this is pure: rounding can leave 1e-17
# where the exact answer is 0.
EPSILON = np.finfo(np.float64).eps
TREE_LEAF = -1          # children_left / children_right of a leaf
TREE_UNDEFINED = -2     # feature / threshold of a leaf
LN2 = np.log(2.0)


# ---------------------------------------------------------------------------
# Impurity measures (eqs. 1–4). Statistics may be arrays whose last axis runs
# over candidate splits, so one call scores every threshold of a feature.
# ---------------------------------------------------------------------------

# exercise: decision_tree.gini
def gini(counts, w, whole_numbers=False):
    """Gini impurity 1 − Σ_k p_k² (eq. 1) of class weights ``counts`` (K, ...)
    whose total is ``w`` (...). ``whole_numbers``: the counts are whole
    numbers, so Σ_k c_k² is exact in any order and one reduction may replace
    the loop over classes (same result, fewer NumPy calls)."""
    if whole_numbers:
        sum_sq = np.einsum("k...,k...->...", counts, counts)
    else:
        sum_sq = counts[0] * counts[0]
        for c in counts[1:]:                # K is small: a loop over classes, not samples
            sum_sq += c * c                 # in this order: float sums depend on it
    return 1.0 - sum_sq / (w * w)


# exercise: decision_tree.entropy
def entropy(counts, w):
    """Entropy − Σ_k p_k log₂ p_k in bits (eq. 2); a class with p_k = 0 adds 0."""
    H = np.zeros(np.shape(w))
    for c in counts:
        p = c / w
        H -= p * (np.log(np.where(p > 0, p, 1.0)) / LN2)   # 0·log 0 = 0
    return H


def squared_error(w, s, q):
    """Weighted variance (eq. 3) from the sums w = Σ w_i, s = Σ w_i y_i, q = Σ w_i y_i²:
    q/w − (s/w)². The two terms nearly cancel for a node whose targets are
    (almost) equal, and rounding can then leave a tiny negative number (−1.6e−9
    on diabetes); a variance is never negative, so it is floored at 0."""
    mean = s / w
    return np.maximum(q / w - mean * mean, 0.0)      # mean·mean: ** 2.0 rounds otherwise on scalars


def weighted_median(y, w):
    """The smallest y whose cumulative weight (in increasing y) exceeds half the
    total, or the midpoint of two values when the cumulative weight lands
    exactly on one half (an even count of unit weights)."""
    order = np.argsort(y, kind="stable")
    y, cum = y[order], np.cumsum(w[order])
    half = 0.5 * cum[-1]
    r = int(np.searchsorted(cum, half, side="right"))      # first cum > half
    if r > 0 and cum[r - 1] == half:
        return 0.5 * (y[r - 1] + y[r])
    return y[r]


def absolute_error(y, w=None):
    """Mean absolute deviation from the weighted median (eq. 4) of one set, and
    that median."""
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None else np.asarray(w, dtype=float)
    W, loss = absolute_deviation(y, w)
    return float(loss / W), float(weighted_median(y, w))


def absolute_deviation(y, w):
    """(W, Σ w_i |y_i − m|) of one set of samples, m its weighted median: the
    statistics the absolute-error criterion keeps for a node."""
    return np.array([np.sum(w), np.sum(w * np.abs(y - weighted_median(y, w)))])


# ---------------------------------------------------------------------------
# Split criteria: the statistics of a set of samples, its impurity, and the
# proxy that ranks the splits of one node as Δ (eq. 6) does.
# ---------------------------------------------------------------------------

class Criterion:
    """What every criterion provides: ``impurity(stats)`` of sets of samples
    from their statistics, and ``proxy(left, right)`` ranking a node's cuts."""

    tie_tolerance = 0.0

    def proxy(self, left, right):
        """−W_R·I(R) − W_L·I(L) (eq. 7): Δ of eq. 6 up to terms that are the same
        for every split of a node."""
        proxy = self.impurity(right)
        proxy *= -right[0]
        proxy -= left[0] * self.impurity(left)
        return proxy


class ClassCounts(Criterion):
    """Statistics (W, c_0, ..., c_{K−1}): total weight and weight of each class.
    Criteria "gini" (eq. 1) and "entropy"/"log_loss" (eq. 2)."""

    def __init__(self, criterion, y, w, n_classes):
        self.impurity_of_counts = gini if criterion == "gini" else entropy
        # One row per statistic, one column per sample: its weight, and its
        # weight again in the row of its class.
        self.per_sample = np.zeros((1 + n_classes, len(y)))
        self.per_sample[0] = w
        self.per_sample[1 + y, np.arange(len(y))] = w

    def impurity(self, stats):
        return self.impurity_of_counts(stats[1:], stats[0])


class TargetMoments(Criterion):
    """Statistics (Σ w_i, Σ w_i y_i, Σ w_i y_i²). Criterion "squared_error" (eq. 3)."""

    def __init__(self, y, w):
        self.per_sample = np.stack([w, w * y, y * y * w])

    def impurity(self, stats):
        return squared_error(stats[0], stats[1], stats[2])

    def proxy(self, left, right):
        """S_L²/W_L + S_R²/W_R (eq. 8): minus the children's summed squared
        error, plus a term that is the same for every split of a node."""
        return left[1] * left[1] / left[0] + right[1] * right[1] / right[0]


class AbsoluteDeviation(Criterion):
    """Statistics (W, Σ w_i |y_i − m|), m the weighted median. Criterion
    "absolute_error" (eq. 4). Deviations from a median do not add up over
    samples, so the children of every cut are measured afresh."""

    # The loss has plateaus of equally good cuts that rounding separates by a
    # few ulps: proxies within 1e-12 of the node's own loss count as ties.
    tie_tolerance = 1e-12

    def __init__(self, y, w):
        self.y, self.w = y, w

    def statistics(self, samples):
        """Statistics of a set of samples, taken in increasing sample order
        (the order fixes the rounding of the sums; both engines use it)."""
        samples = np.sort(samples)
        return absolute_deviation(self.y[samples], self.w[samples])

    def impurity(self, stats):
        return stats[1] / stats[0]


# ---------------------------------------------------------------------------
# Scoring the cuts of one feature in one node
# ---------------------------------------------------------------------------

def valid_cuts(x, min_samples_leaf):
    """Which cuts of a node's sorted feature values x (m,) may be made, (m − 1,)
    booleans: cut b (samples 0..b go left) needs two distinct values around it,
    x[b + 1] > x[b] (eq. 9; values closer than FEATURE_THRESHOLD count as
    equal), and at least min_samples_leaf samples on each side."""
    n_left = np.arange(1, len(x))
    return ((x[1:] > x[:-1] + FEATURE_THRESHOLD) & (n_left >= min_samples_leaf)
            & (len(x) - n_left >= min_samples_leaf))


# exercise: decision_tree.split
def cut_scores(x, per_sample, stats, proxy, min_samples_leaf):
    """The score of every cut of one feature in one node, (m − 1,), −∞ where
    the cut is not valid. x (m,): the node's values of the feature, sorted;
    per_sample (n_stats, m): each sample's additive statistics in that order;
    stats (n_stats,): their sums, the node's statistics; proxy(left, right)
    scores children statistics (n_stats, c) → (c,) (eqs. 7, 8). Cut b sends
    samples 0..b left: the left child's statistics are a running sum along
    the sorted samples, the right child's the node's minus the left's. That
    difference can round to weight 0 (weights 2⁵³ apart): such a right side is
    no child, so the cut is not valid."""
    left = np.cumsum(per_sample, axis=1)[:, :-1]
    right = stats[:, None] - left
    valid = valid_cuts(x, min_samples_leaf) & (right[0] > 0)
    scores = np.full(len(x) - 1, -np.inf)
    scores[valid] = proxy(left[:, valid], right[:, valid])
    return scores


# ---------------------------------------------------------------------------
# The plain CART grower
# ---------------------------------------------------------------------------

class CART:
    """Grows one tree by the CART recursion, one node at a time.

    Nodes are split in the order they are created (first in, first out:
    breadth first, so the random feature draws of ``max_features`` come in the
    same order as in the level-wise grower), and numbered in depth-first
    preorder at the end, as scikit-learn numbers them.
    """

    def __init__(self, criterion, *, max_depth, min_samples_split, min_samples_leaf,
                 max_features, min_impurity_decrease, rng):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.min_impurity_decrease = min_impurity_decrease
        self.rng = rng

    def can_split(self, n_samples, impurity, depth):
        """CART's stopping rules: a node is a leaf when it is at max_depth, has
        fewer than min_samples_split samples (or too few to give both children
        min_samples_leaf), or is pure."""
        return ((depth < self.max_depth) & (n_samples >= self.min_samples_split)
                & (n_samples >= 2 * self.min_samples_leaf) & (impurity > EPSILON))

    def grow(self, X, root_stats):
        """Split nodes until none can be split; return the fitted ``Tree`` and
        the statistics of its nodes, (n_stats, n_nodes)."""
        n = X.shape[0]
        root = dict(samples=np.arange(n), depth=0, stats=root_stats,
                    impurity=self.criterion.impurity(root_stats), left=TREE_LEAF,
                    right=TREE_LEAF, feature=TREE_UNDEFINED, threshold=float(TREE_UNDEFINED))
        nodes, queue = [root], deque([root])
        self.W = root_stats[0]
        while queue:
            node = queue.popleft()
            if not self.can_split(len(node["samples"]), node["impurity"], node["depth"]):
                continue
            split = self.best_split(X, node)
            if split is None:
                continue
            for side in ("left", "right"):
                child = dict(samples=split[side], depth=node["depth"] + 1,
                             stats=split[side + "_stats"],
                             impurity=self.criterion.impurity(split[side + "_stats"]),
                             left=TREE_LEAF, right=TREE_LEAF, feature=TREE_UNDEFINED,
                             threshold=float(TREE_UNDEFINED))
                node[side] = len(nodes)
                nodes.append(child)
                queue.append(child)
            node["feature"], node["threshold"] = split["feature"], split["threshold"]
        return _preorder_tree(nodes)

    def best_split(self, X, node):
        """The split (j, t) of one node with the largest proxy (eqs. 7, 8), or
        None when no cut is valid or the best Δ (eq. 6) is too small."""
        samples, stats = node["samples"], node["stats"]
        m = len(samples)
        features = draw_features(X[samples], self.max_features, self.rng)
        proxy = np.empty((len(features), m - 1))              # (features, cuts)
        for row, j in enumerate(features):
            order = samples[np.argsort(X[samples, j], kind="stable")]   # ties: by sample index
            proxy[row] = self.feature_scores(X[order, j], order, stats)
        best = proxy.max()
        if best == -np.inf:
            return None
        # Ties: the first (feature, cut) reaching the best, in order of feature
        # index, then threshold.
        tolerance = self.criterion.tie_tolerance * stats[1] if self.criterion.tie_tolerance else 0
        row, b = np.unravel_index(np.argmax(proxy >= best - tolerance), proxy.shape)
        j = features[row]
        order = samples[np.argsort(X[samples, j], kind="stable")]
        left_stats, right_stats = self.chosen_statistics(order, stats, b)
        impurity_l, impurity_r = self.criterion.impurity(left_stats), self.criterion.impurity(right_stats)
        W = stats[0]
        improvement = (W / self.W) * (node["impurity"] - right_stats[0] / W * impurity_r
                                      - left_stats[0] / W * impurity_l)          # eq. 6
        if improvement + EPSILON < self.min_impurity_decrease:
            return None
        x_lo, x_hi = X[order[b], j], X[order[b + 1], j]
        return dict(feature=j, threshold=midpoint(x_lo, x_hi),
                    left=np.sort(order[:b + 1]), right=np.sort(order[b + 1:]),
                    left_stats=left_stats, right_stats=right_stats)

    def feature_scores(self, x, order, stats):
        """The proxy of every cut of one feature, −∞ where a cut is not valid,
        for the node's samples ``order`` sorted by that feature (values x).
        Additive statistics: running sums (``cut_scores``). Absolute error:
        the children are measured afresh at each valid cut."""
        if not isinstance(self.criterion, AbsoluteDeviation):
            return cut_scores(x, self.criterion.per_sample[:, order], stats,
                              self.criterion.proxy, self.min_samples_leaf)
        valid = valid_cuts(x, self.min_samples_leaf)
        left = np.full((2, len(order) - 1), np.nan)
        right = left.copy()
        for b in np.flatnonzero(valid):          # a loop over cuts: medians do not add up
            left[:, b] = self.criterion.statistics(order[:b + 1])
            right[:, b] = self.criterion.statistics(order[b + 1:])
        scores = np.full(len(order) - 1, -np.inf)
        scores[valid] = self.criterion.proxy(left[:, valid], right[:, valid])
        return scores

    def chosen_statistics(self, order, stats, b):
        """The two children's statistics at the chosen cut b."""
        if isinstance(self.criterion, AbsoluteDeviation):
            return self.criterion.statistics(order[:b + 1]), self.criterion.statistics(order[b + 1:])
        left = np.cumsum(self.criterion.per_sample[:, order[:b + 1]], axis=1)[:, -1]
        return left, stats - left


# exercise: random_forest.features
def draw_features(X_node, max_features, rng):
    """The features one node searches, in increasing index (ties): all d of
    them when max_features >= d; otherwise the node visits the features in
    a random order and takes the first max_features of them, and further
    until it has met one that is not constant in the node (scikit-learn's
    rule; all of them if every feature is constant there). Constant means
    scikit-learn's test: the largest value is at most FEATURE_THRESHOLD above
    the smallest. Values that creep up in steps of at most FEATURE_THRESHOLD
    are therefore not constant, although no threshold fits between them."""
    d = X_node.shape[1]
    if max_features >= d:
        return np.arange(d)
    visit = np.argsort(rng.random(d))
    x = X_node[:, visit]
    nonconstant = x.max(axis=0) > x.min(axis=0) + FEATURE_THRESHOLD
    first = np.argmax(nonconstant) if nonconstant.any() else d
    features = np.sort(visit[:max(max_features, first + 1)])
    return features


def midpoint(x_lo, x_hi):
    """Threshold between two consecutive distinct values (eq. 9). Halves are
    added so that huge values cannot overflow; when x_lo and x_hi are adjacent
    floats the midpoint can round up to x_hi, and then x_lo is the threshold
    (x_hi must go right)."""
    threshold = x_lo / 2.0 + x_hi / 2.0
    rounded_up = (threshold == x_hi) | np.isinf(threshold)
    return np.where(rounded_up, x_lo, threshold)


def _preorder_tree(nodes):
    """Nodes in creation order → a ``Tree`` numbered in depth-first preorder
    (a node, its left subtree, its right subtree)."""
    new_id = np.empty(len(nodes), dtype=np.intp)
    stack, count = [0], 0
    while stack:                    # a walk over nodes, once per fit
        i = stack.pop()
        new_id[i], count = count, count + 1
        if nodes[i]["left"] != TREE_LEAF:
            stack += [nodes[i]["right"], nodes[i]["left"]]
    order = np.argsort(new_id)      # old ids in preorder

    def column(key, dtype):
        return np.array([nodes[i][key] for i in order], dtype=dtype)

    left, right = column("left", np.intp), column("right", np.intp)
    internal = left != TREE_LEAF
    left[internal], right[internal] = new_id[left[internal]], new_id[right[internal]]
    stats = np.stack([nodes[i]["stats"] for i in order], axis=1)         # (n_stats, n_nodes)
    n_node_samples = np.array([len(nodes[i]["samples"]) for i in order], dtype=np.intp)
    tree = Tree(left, right, column("feature", np.intp), column("threshold", float), None,
                column("impurity", float), n_node_samples, stats[0].copy())
    return tree, stats


# ---------------------------------------------------------------------------
# The estimators
# ---------------------------------------------------------------------------

class _BaseDecisionTree(BaseEstimator):
    """What the classifier and the regressor share: checking the
    hyperparameters, growing, and the tree's accessors."""

    def _fit_tree(self, X, y, sample_weight, n_classes=None):
        """Grow the tree on the rows of positive weight (a zero weight removes
        the row, as in scikit-learn); return it, the statistics of its nodes,
        and those rows and their weights."""
        w = np.ones(X.shape[0]) if sample_weight is None else check_sample_weight(
            sample_weight, X.shape[0])
        positive = w > 0
        X, y, w = X[positive], y[positive], w[positive]
        split, leaf, mf = resolve_sizes(self, X.shape[0], X.shape[1])
        self.max_features_ = mf
        limits = dict(max_depth=np.inf if self.max_depth is None else self.max_depth,
                      min_samples_split=split, min_samples_leaf=leaf, max_features=mf,
                      min_impurity_decrease=float(self.min_impurity_decrease),
                      rng=check_random_state(self.random_state))
        if n_classes is not None:
            criterion = ClassCounts(self.criterion, y, w, n_classes)
        elif self.criterion == "absolute_error":
            criterion = AbsoluteDeviation(y, w)
        else:
            criterion = TargetMoments(y, w)
        if isinstance(criterion, AbsoluteDeviation):
            root_stats = criterion.statistics(np.arange(len(y)))
        else:
            root_stats = criterion.per_sample.sum(axis=1)
        if use_fast_path():
            # The fast grower imports this file's criteria, hence imported here.
            from scratchlearn.trees.decision_tree.level_grower import grow_level_wise
            tree, node_stats = grow_level_wise(X, y, w, criterion, root_stats, n_classes, **limits)
        else:
            tree, node_stats = CART(criterion, **limits).grow(X, root_stats)
        return tree, node_stats, X, y, w

    def _finish(self, tree):
        self.tree_ = tree
        self.feature_importances_ = tree.compute_feature_importances(self.n_features_in_)

    def get_depth(self):
        """Depth of the tree: the longest root-to-leaf path (0 for a single leaf)."""
        check_is_fitted(self)
        return self.tree_.max_depth

    def get_n_leaves(self):
        """Number of leaves."""
        check_is_fitted(self)
        return self.tree_.n_leaves

    def apply(self, X):
        """Id of the leaf (an index into ``tree_``'s arrays) each row of X reaches."""
        X = validate_data(self, X, reset=False)
        return self.tree_.apply(X)


class DecisionTreeClassifier(ClassifierMixin, _BaseDecisionTree):
    """CART classification tree: greedy splits that most reduce Gini impurity or entropy.

    Parameters
    ----------
    criterion : {"gini", "entropy", "log_loss"}
        Impurity of a node: Gini (eq. 1) or entropy in bits (eq. 2);
        "log_loss" is another name for "entropy".
    max_depth : int or None
        Deepest level a node may have (root = 0); None grows until the leaves
        are pure or too small to split.
    min_samples_split : int or float
        Fewest samples a node needs to be split; a float is a fraction of the
        training samples (rounded up).
    min_samples_leaf : int or float
        Fewest samples each child of a split must keep; a float is a fraction
        of the training samples (rounded up).
    max_features : int, float, "sqrt", "log2" or None
        Features each node may consider, drawn at random per node (all when
        None). A node keeps drawing past this number until it has seen one
        feature that is not constant in it.
    min_impurity_decrease : float
        A split is made only if its weighted impurity decrease Δ (eq. 6) is at
        least this.
    random_state : int, numpy Generator or None
        Seeds the feature draws of ``max_features``. Without ``max_features``
        the tree is deterministic.

    Attributes
    ----------
    tree_ : Tree
        The fitted tree as flat arrays (children_left, children_right, feature,
        threshold, value, impurity, n_node_samples, weighted_n_node_samples).
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    n_classes_ : int
        Number of classes.
    feature_importances_ : ndarray of shape (n_features,)
        Total weighted impurity decrease brought by each feature, normalised
        to sum to 1 (eq. 11).
    max_features_ : int
        The resolved number of features considered per split.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, criterion="gini", max_depth=None, min_samples_split=2, min_samples_leaf=1,
                 max_features=None, min_impurity_decrease=0.0, random_state=None):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.min_impurity_decrease = min_impurity_decrease
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Grow the tree on (X, y); ``sample_weight`` scales each sample's count
        (whole numbers act as repeated rows, zero removes a row)."""
        validate_hyperparameters(self, ("gini", "entropy", "log_loss"))
        X, y = validate_data(self, X, y, reset=True)
        # A single class is allowed (the tree is one leaf), as in scikit-learn;
        # ensembles rely on it when a resample holds only one class.
        self.classes_, y_index = encode_class_labels(y, type(self).__name__, min_classes=1)
        self.n_classes_ = K = len(self.classes_)
        tree, stats, X_fit, y_fit, w = self._fit_tree(X, y_index, sample_weight, n_classes=K)
        # Leaf values: class proportions of the training samples in each node.
        # Whole-number counts kept while growing are exact; float ones are
        # recounted from the samples.
        counts = stats[1:].T if _whole_numbers(w) else _node_sums(
            tree, X_fit, w[:, None] * (y_fit[:, None] == np.arange(K)))
        tree.value = counts / tree.weighted_n_node_samples[:, None]
        self._finish(tree)
        return self

    def predict_proba(self, X):
        """Class proportions of the training samples in the leaf each row reaches."""
        X = validate_data(self, X, reset=False)
        return self.tree_.predict(X)

    def predict(self, X):
        """The most frequent (weighted) training class of each row's leaf."""
        return self._decode(np.argmax(self.predict_proba(X), axis=1))


class DecisionTreeRegressor(RegressorMixin, _BaseDecisionTree):
    """CART regression tree: greedy splits that most reduce squared or absolute error.

    Parameters
    ----------
    criterion : {"squared_error", "absolute_error"}
        Impurity of a node: weighted variance (eq. 3), leaves predict the
        mean; or mean absolute deviation from the median (eq. 4), leaves
        predict the weighted median.
    max_depth : int or None
        Deepest level a node may have (root = 0); None grows until the leaves
        are pure or too small to split.
    min_samples_split : int or float
        Fewest samples a node needs to be split; a float is a fraction of the
        training samples (rounded up).
    min_samples_leaf : int or float
        Fewest samples each child of a split must keep; a float is a fraction
        of the training samples (rounded up).
    max_features : int, float, "sqrt", "log2" or None
        Features each node may consider, drawn at random per node (all when
        None).
    min_impurity_decrease : float
        A split is made only if its weighted impurity decrease Δ (eq. 6) is at
        least this.
    random_state : int, numpy Generator or None
        Seeds the feature draws of ``max_features``.

    Attributes
    ----------
    tree_ : Tree
        The fitted tree as flat arrays; ``value`` has one column.
    feature_importances_ : ndarray of shape (n_features,)
        Total weighted impurity decrease brought by each feature, normalised
        to sum to 1 (eq. 11).
    max_features_ : int
        The resolved number of features considered per split.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, criterion="squared_error", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, max_features=None, min_impurity_decrease=0.0,
                 random_state=None):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.min_impurity_decrease = min_impurity_decrease
        self.random_state = random_state

    def fit(self, X, y, sample_weight=None):
        """Grow the tree on (X, y); ``sample_weight`` scales each sample's count
        (whole numbers act as repeated rows, zero removes a row)."""
        validate_hyperparameters(self, ("squared_error", "absolute_error"))
        X, y = validate_data(self, X, y, reset=True)
        tree, _, X_fit, y_fit, w = self._fit_tree(X, y, sample_weight)
        if self.criterion == "absolute_error":
            value = _node_medians(tree, X_fit, y_fit, w)
        else:
            # Leaf values: weighted mean target of the training samples in each node.
            sums = _node_sums(tree, X_fit, np.stack([w, w * y_fit], axis=1))
            value = sums[:, 1] / sums[:, 0]
        tree.value = value[:, None]
        self._finish(tree)
        return self

    def predict(self, X):
        """The value (mean or median) of the leaf each row reaches."""
        X = validate_data(self, X, reset=False)
        return self.tree_.predict(X)[:, 0]


def _whole_numbers(w):
    """Weights whose sums are exact in any order: the class counts kept while
    growing are then the exact counts of every node."""
    return bool(np.all(w == np.round(w)) and w.sum() < 2 ** 53)


def _node_sums(tree, X, per_sample):
    """Sums of ``per_sample`` (n, k) over the training samples of every node:
    per leaf, then each internal node the sum of its two children, deepest
    first (sums recounted from the samples, not carried down the splits)."""
    leaf = tree.apply(X)
    sums = np.stack([np.bincount(leaf, weights=col, minlength=tree.node_count)
                     for col in per_sample.T], axis=1)
    for level in reversed(tree.internal_by_depth()):
        sums[level] = sums[tree.children_left[level]] + sums[tree.children_right[level]]
    return sums


def _node_medians(tree, X, y, w):
    """Weighted median of the training samples reaching each node: preorder
    puts every parent before its children, so each node hands its samples on."""
    value = np.empty(tree.node_count)
    samples = {0: np.arange(X.shape[0])}
    for node in range(tree.node_count):       # one median per node
        s = samples.pop(node)
        value[node] = weighted_median(y[s], w[s])
        if tree.children_left[node] != TREE_LEAF:
            goes_left = X[s, tree.feature[node]] <= tree.threshold[node]
            samples[tree.children_left[node]] = s[goes_left]
            samples[tree.children_right[node]] = s[~goes_left]
    return value


# ---------------------------------------------------------------------------
# The fitted tree: flat arrays indexed by node id
# ---------------------------------------------------------------------------

class Tree:
    """A binary tree stored as parallel arrays, one entry per node.

    Node 0 is the root and ids follow depth-first preorder (a node, then its
    left subtree, then its right subtree), as scikit-learn numbers them. A
    sample at internal node i goes to ``children_left[i]`` if
    ``x[feature[i]] <= threshold[i]`` and to ``children_right[i]`` otherwise.
    At a leaf both children are TREE_LEAF (-1) and feature and threshold are
    TREE_UNDEFINED (-2). ``value[i]`` holds the class proportions (classifier)
    or the prediction (regressor, one column) of the training samples reaching
    node i, ``impurity[i]`` their impurity, ``n_node_samples[i]`` their number
    and ``weighted_n_node_samples[i]`` their total weight.
    """

    def __init__(self, children_left, children_right, feature, threshold, value, impurity,
                 n_node_samples, weighted_n_node_samples):
        self.children_left = children_left
        self.children_right = children_right
        self.feature = feature
        self.threshold = threshold
        self.value = value
        self.impurity = impurity
        self.n_node_samples = n_node_samples
        self.weighted_n_node_samples = weighted_n_node_samples

    @property
    def node_count(self):
        return len(self.feature)

    @property
    def n_leaves(self):
        return int(np.sum(self.children_left == TREE_LEAF))

    @property
    def max_depth(self):
        return int(self.node_depths().max())

    def node_depths(self):
        """Depth of every node (root 0)."""
        depth = np.zeros(self.node_count, dtype=np.intp)
        for level in self.internal_by_depth():
            depth[self.children_left[level]] = depth[level] + 1
            depth[self.children_right[level]] = depth[level] + 1
        return depth

    def internal_by_depth(self):
        """Internal node ids grouped by depth, shallowest first."""
        level = np.zeros(1, dtype=np.intp)
        levels = []
        while level.size:
            level = level[self.children_left[level] != TREE_LEAF]
            if level.size:
                levels.append(level)
            level = np.concatenate([self.children_left[level], self.children_right[level]])
        return levels

    def apply(self, X):
        """Leaf id of every row of X: all rows start at the root and step down
        together, one level per iteration; x <= threshold goes left."""
        if use_fast_path():
            return forest_walk.apply_trees([self], X)[0]
        node = np.zeros(X.shape[0], dtype=np.intp)
        moving = np.flatnonzero(self.children_left[node] != TREE_LEAF)
        while moving.size:
            at = node[moving]
            goes_left = X[moving, self.feature[at]] <= self.threshold[at]
            node[moving] = np.where(goes_left, self.children_left[at], self.children_right[at])
            moving = moving[self.children_left[node[moving]] != TREE_LEAF]
        return node

    def predict(self, X):
        """``value`` of the leaf each row of X falls in: (n_samples, n_outputs)."""
        return self.value.take(self.apply(X), axis=0)     # take: ~10× faster than value[leaf]

    def compute_feature_importances(self, n_features):
        """Σ over the nodes splitting on feature j of W_node·I(node) − W_L·I(L) − W_R·I(R),
        divided by the root weight and normalised to sum to 1 (eq. 11)."""
        internal = np.flatnonzero(self.children_left != TREE_LEAF)
        left, right = self.children_left[internal], self.children_right[internal]
        W, impurity = self.weighted_n_node_samples, self.impurity
        decrease = (W[internal] * impurity[internal] - W[left] * impurity[left]
                    - W[right] * impurity[right])
        importances = np.bincount(self.feature[internal], weights=decrease,
                                  minlength=n_features).astype(float)
        importances /= W[0]
        total = importances.sum()
        return importances / total if total > 0 else importances


def apply_trees(trees, X, columns=None):
    """Leaf of every row of X in every tree of a list, as an (n_trees,
    n_samples) array of node ids into the trees' node arrays laid end to end:
    node i of tree b is ``offsets[b] + i`` (``offsets`` the running total of
    the node counts), so one gather from the concatenated ``value`` arrays
    reads every tree's prediction. ``columns[b]``, if given, maps tree b's
    feature indices to columns of X (a tree fitted on a subset of the
    features, as in bagging). The fast engine walks all trees at once
    (``forest_walk.apply_trees``); the plain one walks them one by one."""
    if use_fast_path():
        return forest_walk.apply_trees(trees, X, columns)
    X = np.asarray(X, dtype=float)
    offset, leaves = 0, []
    for b, tree in enumerate(trees):
        leaves.append(offset + tree.apply(X if columns is None else X[:, columns[b]]))
        offset += tree.node_count
    return np.array(leaves, dtype=np.intp).reshape(len(trees), X.shape[0])
