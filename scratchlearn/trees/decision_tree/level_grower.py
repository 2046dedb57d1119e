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

How the search is made fast in plain NumPy (each trick is explained where it
is used, and in the notes under "Making it fast"):

1. Presort every feature once; when a node splits, partition its samples
   stably, so every node's samples stay sorted by every feature. Nothing is
   ever sorted again.
2. Grow level by level: all nodes of one depth are searched together, as
   segments of one (n_features, n_active) array, so the number of NumPy calls
   per level does not depend on the number of nodes.
3. Prefix sums of class counts (integers when the weights are whole numbers)
   with a reset at every node start give the left child's statistics at every
   candidate threshold in one cumulative sum per class.
4. Only samples in nodes that will still be split stay in the working arrays;
   samples that reach a leaf leave them. The large work arrays are allocated
   once per fit and reused at every level.
5. Prediction walks all samples down the tree together, one level per step,
   with 1-D gathers only; an ensemble's trees are stacked into one flat
   forest and walked together (``apply_trees``).
6. With many classes, tied values or max_features, class counts are taken per
   run of samples between valid cuts (one bincount), not per sample per class.
7. With max_features (and whole-number counts), only the drawn (node,
   feature) pairs are sorted and scored: each level sorts the samples of
   every drawn pair afresh, by their presorted positions, instead of keeping
   every feature partitioned in every node.

The file reads top-down: the impurity measures, the two estimators and
export_text; then the machinery they use: the fitted Tree, the split criteria
and the level-by-level grower.

Ties between equally good splits go to the lowest feature index, then the
lowest threshold. (scikit-learn visits features in a random order and keeps
the first best it meets, so on exact ties the two may pick different, equally
good, splits.)
"""

import functools
import math
import numbers

import numpy as np

from scratchlearn.core.base import (
    BaseEstimator,
    ClassifierMixin,
    RegressorMixin,
    check_is_fitted,
)
from scratchlearn.core.validation import (
    check_random_state,
    check_sample_weight,
    encode_class_labels,
    validate_data,
)

__all__ = ["DecisionTreeClassifier", "DecisionTreeRegressor", "Tree", "apply_trees",
           "export_text", "absolute_error", "entropy", "gini", "squared_error"]

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
# Impurity measures (eqs. 1–4). Each works on many sets at once: statistics
# are arrays whose last axis runs over nodes or candidate splits.
# ---------------------------------------------------------------------------

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
    sum_sq /= w * w                         # in place: these arrays hold every cut of a level
    return np.subtract(1.0, sum_sq, out=sum_sq)


def entropy(counts, w):
    """Entropy − Σ_k p_k log₂ p_k in bits (eq. 2); a class with p_k = 0 adds 0."""
    H = np.zeros(np.shape(w))
    for c in counts:
        p = c / w
        H -= p * (np.log(np.where(p > 0, p, 1.0)) / LN2)   # 0·log 0 = 0
    return H


def squared_error(w, s, q):
    """Weighted variance (eq. 3) from the sums w = Σ w_i, s = Σ w_i y_i, q = Σ w_i y_i²:
    q/w − (s/w)²."""
    return q / w - (s / w) ** 2.0


def absolute_error(y, w=None):
    """Mean absolute deviation from the weighted median (eq. 4) of one set,
    and that median. The median is the smallest y whose cumulative weight
    exceeds half the total, or the midpoint of two values when the cumulative
    weight lands exactly on one half."""
    y = np.asarray(y, dtype=float)
    w = np.ones_like(y) if w is None else np.asarray(w, dtype=float)
    order = np.argsort(y, kind="stable")
    y, w = y[order], w[order]
    cum = np.cumsum(w)
    half = 0.5 * cum[-1]
    r = int(np.searchsorted(cum, half, side="right"))      # first cum > half
    median = y[r]
    if r > 0 and cum[r - 1] == half:
        median = 0.5 * (y[r - 1] + y[r])
    return float(np.sum(w * np.abs(y - median)) / cum[-1]), float(median)


# ---------------------------------------------------------------------------
# The estimators
# ---------------------------------------------------------------------------

class _BaseDecisionTree(BaseEstimator):
    """What the classifier and the regressor share: checking the
    hyperparameters, growing, and the tree's accessors."""

    def _validate_hyperparameters(self, criteria):
        if self.criterion not in criteria:
            raise ValueError(f"criterion must be one of {criteria}, got {self.criterion!r}.")
        if self.max_depth is not None and not (_is_int(self.max_depth) and self.max_depth >= 1):
            raise ValueError(f"max_depth must be None or an int >= 1, got {self.max_depth!r}.")
        split = self.min_samples_split
        if not ((_is_int(split) and split >= 2) or (_is_float(split) and 0.0 < split <= 1.0)):
            raise ValueError("min_samples_split must be an int >= 2 or a float in (0, 1], "
                             f"got {split!r}.")
        leaf = self.min_samples_leaf
        if not ((_is_int(leaf) and leaf >= 1) or (_is_float(leaf) and 0.0 < leaf < 1.0)):
            raise ValueError("min_samples_leaf must be an int >= 1 or a float in (0, 1), "
                             f"got {leaf!r}.")
        mf = self.max_features
        if not (mf is None or (isinstance(mf, str) and mf in ("sqrt", "log2"))
                or (_is_int(mf) and mf >= 1) or (_is_float(mf) and 0.0 < mf <= 1.0)):
            raise ValueError("max_features must be None, 'sqrt', 'log2', an int >= 1 or a "
                             f"float in (0, 1], got {mf!r}.")
        decrease = self.min_impurity_decrease
        if not (isinstance(decrease, numbers.Real) and not isinstance(decrease, bool)
                and decrease >= 0):
            raise ValueError(f"min_impurity_decrease must be a float >= 0, got {decrease!r}.")

    def _resolve_sizes(self, n_samples, n_features):
        """Hyperparameters given as fractions → counts, as scikit-learn does."""
        leaf = self.min_samples_leaf
        leaf = leaf if _is_int(leaf) else int(np.ceil(leaf * n_samples))
        split = self.min_samples_split
        split = split if _is_int(split) else max(2, int(np.ceil(split * n_samples)))
        split = max(split, 2 * leaf)
        mf = self.max_features
        if mf is None:
            mf = n_features
        elif mf == "sqrt":
            mf = max(1, int(np.sqrt(n_features)))
        elif mf == "log2":
            mf = max(1, int(np.log2(n_features)))
        elif _is_float(mf):
            mf = max(1, int(mf * n_features))
        elif mf > n_features:
            raise ValueError(f"max_features must be at most n_features = {n_features}, got {mf}.")
        return split, leaf, mf

    def _fit_tree(self, X, sample_weight, make_criterion):
        """Grow the tree on the rows of positive weight (a zero weight removes
        the row, as in scikit-learn) and return them for the leaf values, with
        the statistics of every node when they are exact whole-number class
        counts (else None)."""
        n, d = X.shape
        w = None
        if sample_weight is not None:
            w = check_sample_weight(sample_weight, n)
            positive = w > 0
            X, w = X[positive], w[positive]
            if np.all(w == 1.0):
                w = None
            elif np.all(w == np.round(w)) and w.sum() < 2 ** 53:
                w = w.astype(np.int64)          # bootstrap counts: exact integer sums (trick 3)
        else:
            positive = np.ones(n, dtype=bool)
        split, leaf, mf = self._resolve_sizes(X.shape[0], d)
        self.max_features_ = mf
        criterion = make_criterion(positive, w)
        grower = _Grower(
            criterion, max_depth=np.inf if self.max_depth is None else
            self.max_depth, min_samples_split=split, min_samples_leaf=leaf, max_features=mf,
            min_impurity_decrease=float(self.min_impurity_decrease),
            rng=check_random_state(self.random_state))
        tree = grower.grow(X)
        exact = grower.node_stats if getattr(criterion, "exact_counts", False) else None
        return tree, X, positive, (np.ones(X.shape[0]) if w is None else w.astype(float)), exact

    def _finish(self, tree):
        self.tree_ = tree
        self.feature_importances_ = tree.compute_feature_importances(self.n_features_in_)

    def get_depth(self):
        """Depth of the tree: the longest root-to-leaf path (0 for a single leaf)."""
        self._check_fitted()
        return self.tree_.max_depth

    def get_n_leaves(self):
        """Number of leaves."""
        self._check_fitted()
        return self.tree_.n_leaves

    def apply(self, X):
        """Id of the leaf (an index into ``tree_``'s arrays) each row of X reaches."""
        X = validate_data(self, X, reset=False)
        return self.tree_.apply(X)

    def _check_fitted(self):
        check_is_fitted(self)


def _bottom_up_sums(tree, leaf_sums):
    """Sums over the training samples of every node: leaves given, each internal
    node the sum of its two children, deepest first."""
    sums = leaf_sums
    for level in reversed(tree._internal_by_depth()):
        sums[level] = sums[tree.children_left[level]] + sums[tree.children_right[level]]
    return sums


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
        self._validate_hyperparameters(("gini", "entropy", "log_loss"))
        X, y = validate_data(self, X, y, reset=True)
        # A single class is allowed (the tree is one leaf), as in scikit-learn;
        # ensembles rely on it when a resample holds only one class.
        classes, y_index = encode_class_labels(y, type(self).__name__, min_classes=1)
        self.classes_ = classes
        self.n_classes_ = K = len(classes)
        d = X.shape[1]

        def make_criterion(positive, w):
            return _ClassCounts(y_index[positive], w, K, d, self.criterion)

        tree, X_fit, positive, w, exact_counts = self._fit_tree(X, sample_weight, make_criterion)
        # Leaf values: class proportions of the training samples in each node.
        if exact_counts is not None:
            # Whole-number weights: the class counts the grower kept for every
            # node are exact, the very numbers a recount would give.
            counts = exact_counts[1:].T
        else:
            leaf = tree.apply(X_fit)
            counts = np.bincount(leaf * K + y_index[positive], weights=w,
                                 minlength=tree.node_count * K).reshape(-1, K)
            counts = _bottom_up_sums(tree, counts)
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
        self._validate_hyperparameters(("squared_error", "absolute_error"))
        X, y = validate_data(self, X, y, reset=True)
        d = X.shape[1]

        def make_criterion(positive, w):
            if self.criterion == "absolute_error":
                return _AbsoluteDeviation(y[positive], w, d)
            return _TargetMoments(y[positive], w, d)

        tree, X_fit, positive, w, _ = self._fit_tree(X, sample_weight, make_criterion)
        y_fit = y[positive]
        if self.criterion == "absolute_error":
            value = _node_medians(tree, X_fit, y_fit, w)
        else:
            # Leaf values: weighted mean target of the training samples in each node.
            leaf = tree.apply(X_fit)
            sums = np.stack([np.bincount(leaf, weights=w, minlength=tree.node_count),
                             np.bincount(leaf, weights=w * y_fit, minlength=tree.node_count)], 1)
            sums = _bottom_up_sums(tree, sums)
            value = sums[:, 1] / sums[:, 0]
        tree.value = value[:, None]
        self._finish(tree)
        return self

    def predict(self, X):
        """The value (mean or median) of the leaf each row reaches."""
        X = validate_data(self, X, reset=False)
        return self.tree_.predict(X)[:, 0]


# ---------------------------------------------------------------------------
# Reading a tree
# ---------------------------------------------------------------------------

def export_text(model, feature_names=None, decimals=2, show_weights=False):
    """The fitted tree as indented text, one line per test and one per leaf::

        |--- petal length (cm) <= 2.45
        |   |--- class: 0
        |--- petal length (cm) >  2.45
        |   |--- ...

    ``feature_names`` defaults to the DataFrame column names seen in fit, else
    ``feature_0, feature_1, ...``; ``show_weights`` adds the weighted class
    counts at each classifier leaf.
    """
    tree = model.tree_
    if feature_names is None:
        names = getattr(model, "feature_names_in_", None)
        feature_names = (list(names) if names is not None
                         else [f"feature_{j}" for j in range(model.n_features_in_)])
    classes = getattr(model, "classes_", None)

    def leaf_text(node):
        value = tree.value[node]
        if classes is None:
            return f"value: [{value[0]:.{decimals}f}]"
        text = f"class: {classes[np.argmax(value)]}"
        if show_weights:
            weights = value * tree.weighted_n_node_samples[node]
            text = f"weights: [{', '.join(f'{v:.{decimals}f}' for v in weights)}] {text}"
        return text

    lines = []
    stack = [(0, 0, "<=")]         # (node, depth, which line): a walk for printing only
    while stack:
        node, depth, side = stack.pop()
        indent = "|   " * depth + "|--- "
        if side == ">":            # the right-hand test line of a node, then its right subtree
            lines.append(f"{indent}{feature_names[tree.feature[node]]} >  "
                         f"{tree.threshold[node]:.{decimals}f}")
            stack.append((tree.children_right[node], depth + 1, "<="))
        elif tree.children_left[node] == TREE_LEAF:
            lines.append(indent + leaf_text(node))
        else:
            lines.append(f"{indent}{feature_names[tree.feature[node]]} <= "
                         f"{tree.threshold[node]:.{decimals}f}")
            stack.append((node, depth, ">"))
            stack.append((tree.children_left[node], depth + 1, "<="))
    return "\n".join(lines) + "\n"


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
        """Depth of every node (root 0); preorder puts parents before children."""
        depth = np.zeros(self.node_count, dtype=np.intp)
        for level in self._internal_by_depth():
            depth[self.children_left[level]] = depth[level] + 1
            depth[self.children_right[level]] = depth[level] + 1
        return depth

    def _internal_by_depth(self):
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
        """Leaf id of every row of X: all rows step down together, one level
        per iteration (see ``apply_trees``, which does the walking)."""
        return apply_trees([self], X)[0]

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
    """Leaf of every row of X in every tree of a list, all trees walked at once.

    Returns an (n_trees, n_samples) array of node ids into the trees' node
    arrays laid end to end: node i of tree b is ``offsets[b] + i``, with
    ``offsets`` the running total of the node counts, so one gather from the
    concatenated ``value`` arrays reads every tree's prediction (for a single
    tree these are its own node ids). ``columns[b]``, if given, maps tree b's
    feature indices to columns of X (a tree fitted on a subset of the
    features, as in bagging).

    Why all at once: the trees are stacked into one flat forest with one root
    per tree and every (tree, row) pair steps down together, so the number of
    NumPy calls is about a dozen per level whatever the number of trees: an
    ensemble of 100 depth-3 trees costs three levels, not 100 walks.
    """
    X = np.ascontiguousarray(X, dtype=float)      # float32 → float64 is exact: same comparisons
    B, n = len(trees), X.shape[0]
    sizes = np.array([tree.node_count for tree in trees], dtype=np.intp)
    offsets = np.zeros(B, dtype=np.intp)
    np.cumsum(sizes[:-1], out=offsets[1:])
    N = int(sizes.sum())
    shift = np.repeat(offsets, sizes)             # a tree's own child ids → stacked ids
    left = np.concatenate([tree.children_left for tree in trees])
    right = np.concatenate([tree.children_right for tree in trees])
    feature = np.concatenate([tree.feature if columns is None else
                              np.asarray(columns[b], dtype=np.intp)[np.maximum(tree.feature, 0)]
                              for b, tree in enumerate(trees)])
    is_leaf = left == TREE_LEAF
    node = np.arange(N)
    # The tables of the walk. A leaf gets a test every row passes (feature 0
    # <= +inf) and both its children are the leaf itself, written as id − N:
    # a negative number, which NumPy's take wraps to the same entry, so a row
    # that has arrived needs no special case, and `at < 0` tells at once
    # which rows are done. child holds the right children, then the left
    # ones: a row at node i goes to child[i + N·(x <= t)], one gather instead
    # of two plus a np.where (and a NaN goes right, as x <= t reads).
    child = np.concatenate([np.where(is_leaf, node - N, right + shift),
                            np.where(is_leaf, node - N, left + shift)])
    feature = np.where(is_leaf, 0, feature)
    threshold = np.where(is_leaf, np.inf, np.concatenate([tree.threshold for tree in trees]))
    leaf = np.empty((B, n), dtype=np.intp)
    # A block of rows at a time, so that the (tree, row) working arrays stay
    # a few MB however many trees and rows there are.
    block = max(1, _WALK_BLOCK // B)
    for start in range(0, n, block):
        stop = min(n, start + block)
        at = np.repeat(offsets, stop - start)             # every (tree, row) pair at its root
        rows = np.tile(np.arange(start, stop), B)
        leaf[:, start:stop] = _descend(X, rows, at, child, feature, threshold).reshape(B, -1)
    leaf += N                                             # id − N → stacked id
    return leaf


# (tree, row) pairs walked together: small enough to stay in cache (2**14 to
# 2**16 measured best on digits forests).
_WALK_BLOCK = 2 ** 15


def _descend(X, rows, at, child, feature, threshold):
    """Move each (row, node) pair down the tables of ``apply_trees`` until it
    reaches a leaf; return the leaves (as id − N). Every step is a handful of
    whole-array gathers on the pairs still moving."""
    flat = X.ravel()                    # x[row, j] = flat[row·d + j]: a 1-D take is ~10×
    row_start = rows * X.shape[1]       # faster than the 2-D fancy index X[rows, j]
    N = feature.size
    arrived = np.empty(at.size, dtype=np.intp)
    slot = np.arange(at.size)           # where each moving pair's answer goes
    while True:
        col = feature.take(at)
        col += row_start
        goes_left = flat.take(col) <= threshold.take(at)
        entry = np.multiply(goes_left, N, dtype=np.intp)
        entry += at
        at = child.take(entry)
        done = at < 0
        n_done = np.count_nonzero(done)
        if n_done == at.size:
            arrived[slot] = at
            return arrived
        # Once a quarter of the pairs have arrived, write them out and keep
        # walking only the others (a deep tree's deep levels hold few rows);
        # compacting more often costs more than it saves.
        if n_done > at.size // 4:
            arrived[slot[done]] = at[done]
            keep = np.flatnonzero(~done)
            slot, at, row_start = slot.take(keep), at.take(keep), row_start.take(keep)


# ---------------------------------------------------------------------------
# Split criteria: the statistics each one accumulates, its impurity, its proxy
# ---------------------------------------------------------------------------

class _AdditiveStatistics:
    """Statistics that add up over samples: the right child's are the node's
    minus the left child's, so only the left needs prefix sums."""

    def children_statistics(self, order, prefix, n_left, node_stats, seg_of_cut, ranges):
        """Left and right statistics at every cut, (n_stats, d, m − 1) each."""
        left = self.left_statistics(order, prefix, n_left, node_stats)
        return left, node_stats[:, None, seg_of_cut] - left


class _ClassCounts(_AdditiveStatistics):
    """Statistics of a set of samples: row 0 its total weight, rows 1..K the
    weight of each class. Criteria "gini" (eq. 1), "entropy"/"log_loss" (eq. 2)."""

    tie_tolerance = 0.0

    def __init__(self, y, w, n_classes, n_features, criterion):
        self.K = n_classes
        self.y, self.w = y, w
        self.impurity_of_counts = (functools.partial(gini, whole_numbers=self.exact_counts)
                                   if criterion == "gini" else entropy)
        self.n_features = n_features
        self.y32 = y.astype(np.int32)
        self.w_float = None if w is None else w.astype(float)    # bincount's weights are floats
        self.count_dtype = np.int32 if len(y) < 2 ** 31 else np.int64

    # One copy of y (and w) per feature, so that a flat index j·n + i into the
    # transposed X also finds the label of sample i (the all-features layout
    # of _Grower). Made on first use: the drawn-features layout (trick 7)
    # looks samples up directly and never needs them.
    @functools.cached_property
    def y_tiled(self):
        return np.tile(self.y32, self.n_features)

    @functools.cached_property
    def w_tiled(self):
        return None if self.w is None else np.tile(self.w, self.n_features)

    def root_statistics(self):
        w = np.ones(len(self.y)) if self.w is None else self.w
        counts = np.bincount(self.y, weights=w, minlength=self.K)
        return np.concatenate([[counts.sum()], counts])[:, None]     # (1 + K, 1)

    def left_statistics(self, order, prefix, n_left, node_stats):
        """Statistics of the left child at every cut, (1 + K, d, m − 1). One
        prefix sum per class (trick 3); class 0 is the total minus the others,
        so K − 1 sums suffice."""
        Y = self.y_tiled[order]                                   # (d, m) labels, sorted like X
        d, m = Y.shape
        left = np.empty((1 + self.K, d, m - 1))
        if self.w_tiled is None:
            left[0] = n_left
            for k in range(1, self.K):
                # With two classes the labels themselves (int32 0/1) are the
                # indicator of class 1: no comparison needed.
                indicator = Y if self.K == 2 else (Y == k).astype(self.count_dtype)
                left[1 + k] = prefix(indicator, node_stats[1 + k])
        else:
            W = self.w_tiled[order]
            for k in range(1, self.K):
                left[1 + k] = prefix(np.where(Y == k, W, 0), node_stats[1 + k])
            left[0] = prefix(W, node_stats[0])                  # last: prefix() works in place
        left[1] = left[0] - left[2:].sum(axis=0)           # class 0: the total minus the others
        return left

    @property
    def exact_counts(self):
        """Whole-number counts (no weights, or integer weights): sums are exact
        in any order, so counting per run gives the same numbers (trick 6)."""
        return self.w is None or self.w.dtype.kind in "iu"

    def counts_at_cuts(self, index, ends, at, group_at, scratch, tiled=True):
        """Trick 6: the statistics (1 + K, V) of entries ``group_at[v]`` through
        ``at[v]`` of a 1-D layout of samples cut into groups, each sorted by
        one feature, for V cuts at once. ``index`` holds flat indices j·n + i
        into the tiled labels (tiled) or sample ids i (not). ``ends`` marks
        the entries that end a run: every cut and the last entry of every
        group, so the samples between two cuts (tied values, or positions that
        may not be cut) form one run. One bincount of (class, run) gives each
        run's class counts, and a cumulative sum over the runs, read at a cut
        and at its group's start, the counts left of the cut. The work is one
        pass over the samples plus O(K · runs), not O(K · samples)."""
        K = self.K
        # Cumulative sums keep their input's dtype: bool → int32 and int64 →
        # int64 are fast, while any widening cast inside cumsum (bool → int64,
        # int32 → int64) is about 10× slower.
        run = np.cumsum(ends, dtype=np.int32, out=scratch("run", ends.shape, np.int32))
        n_runs = int(run[-1])                              # (inclusive: the run ending here, + 1)
        run -= ends                                        # run of each sample (0-based)
        y, w = (self.y_tiled, self.w_tiled) if tiled else (self.y32, self.w_float)
        if K * n_runs < 2 ** 31:
            key = np.take(y, index, mode="clip", out=scratch("key", index.shape, np.int32))
        else:
            key = y[index].astype(np.intp)
        key *= n_runs                                      # (class, run) → class · n_runs + run
        key += run
        weights = None
        if w is not None:
            weights = np.take(w, index, mode="clip", out=scratch("weights", index.shape, w.dtype))
        counts = np.bincount(key, weights=weights, minlength=K * n_runs).reshape(K, n_runs)
        # cum[:, r] = counts of the runs before run r. Weighted counts are whole
        # numbers, so the integer sum is exact (and faster than a float one).
        cum = np.zeros((K, n_runs + 1), dtype=np.int64)
        np.cumsum(counts.astype(np.int64, copy=False), axis=1, out=cum[:, 1:])
        left = np.empty((1 + K, at.size))
        np.subtract(np.take(cum, run[at] + 1, axis=1), np.take(cum, run[group_at], axis=1),
                    out=left[1:])
        left[0] = left[1:].sum(axis=0)
        return left

    def impurity(self, stats):
        return self.impurity_of_counts(stats[1:], stats[0])

    def proxy(self, left, right):
        """−W_R·I(R) − W_L·I(L) (eq. 7): Δ of eq. 6 up to terms that are the same
        for every split of a node, so it ranks a node's splits as Δ does."""
        proxy = self.impurity(right)
        proxy *= -right[0]
        proxy -= left[0] * self.impurity(left)
        return proxy


class _TargetMoments(_AdditiveStatistics):
    """Statistics of a set of samples: (Σ w_i, Σ w_i y_i, Σ w_i y_i²).
    Criterion "squared_error" (eq. 3)."""

    tie_tolerance = 0.0

    def __init__(self, y, w, n_features):
        self.y_tiled = np.tile(y, n_features)
        self.w_tiled = None if w is None else np.tile(w, n_features)
        self.y, self.w = y, w

    def root_statistics(self):
        w = np.ones(len(self.y)) if self.w is None else self.w
        wy = w * self.y
        return np.array([[w.sum()], [wy.sum()], [wy @ self.y]])

    def left_statistics(self, order, prefix, n_left, node_stats):
        Yv = self.y_tiled[order]                                  # (d, m) targets, sorted like X
        left = np.empty((3,) + (Yv.shape[0], Yv.shape[1] - 1))
        if self.w_tiled is None:
            Y2 = Yv * Yv
            left[0] = n_left
        else:
            W = self.w_tiled[order].astype(float)
            Y2 = Yv * Yv * W                                      # w·y²
            Yv *= W                                               # w·y
            left[0] = prefix(W, node_stats[0])
        left[1] = prefix(Yv, node_stats[1])
        left[2] = prefix(Y2, node_stats[2])
        return left

    def impurity(self, stats):
        return squared_error(stats[0], stats[1], stats[2])

    def proxy(self, left, right):
        """s_L²/W_L + s_R²/W_R (eq. 8): minus the summed squared error of the two
        children, plus a term that is the same for every split of a node."""
        return left[1] * left[1] / left[0] + right[1] * right[1] / right[0]


class _AbsoluteDeviation:
    """Statistics of a set of samples: (Σ w_i, Σ w_i |y_i − m|) with m the
    weighted median. Criterion "absolute_error" (eq. 4).

    Absolute deviations do not add up over samples, so the children's losses
    come from weighted medians of every prefix and suffix of each node. A
    wavelet matrix over the targets' ranks answers all those range-median
    questions together, in O(log n) vectorised steps (notes, "Absolute error").
    """

    tie_tolerance = 1e-12

    def __init__(self, y, w, n_features):
        self.y_sorted = np.sort(y)
        rank = np.empty(len(y), dtype=np.intp)
        rank[np.argsort(y, kind="stable")] = np.arange(len(y))     # distinct ranks of y
        self.rank_tiled = np.tile(rank, n_features)
        self.y_tiled = np.tile(y, n_features)
        self.w_tiled = None if w is None else np.tile(w.astype(float), n_features)
        self.n_bits = max(1, int(len(y) - 1).bit_length())
        self.y, self.w = y, w

    def root_statistics(self):
        w = np.ones(len(self.y)) if self.w is None else self.w.astype(float)
        mad, _ = absolute_error(self.y, w)
        return np.array([[w.sum()], [mad * w.sum()]])

    def children_statistics(self, order, prefix, n_left, node_stats, seg_of_cut, ranges):
        lo, mid, hi = (r.ravel() for r in ranges())
        R = self.rank_tiled[order].ravel()
        W = np.ones(R.size) if self.w_tiled is None else self.w_tiled[order].ravel()
        WY = W * self.y_tiled[order].ravel()
        matrix = _WaveletMatrix(R, W, WY, self.n_bits)
        w_left, loss_left = matrix.absolute_error(lo, mid, self.y_sorted)
        w_right, loss_right = matrix.absolute_error(mid, hi, self.y_sorted)
        shape = (2, order.shape[0], order.shape[1] - 1)
        return (np.array([w_left, loss_left]).reshape(shape),
                np.array([w_right, loss_right]).reshape(shape))

    def impurity(self, stats):
        return stats[1] / stats[0]

    def proxy(self, left, right):
        """−W_R·I(R) − W_L·I(L), as eq. 7."""
        return -right[0] * self.impurity(right) - left[0] * self.impurity(left)


class _WaveletMatrix:
    """Range weighted-median queries over a sequence of distinct integer ranks.

    Level by level from the top bit, the sequence is stably partitioned into
    the elements whose bit is 0, then those whose bit is 1; prefix sums of the
    zeros (count, weight, weight·y) at each level let a query descend one bit
    per level, narrowing its range to the half that holds the median, for all
    queries at once (Claude, Navarro & Ordóñez, 2015).
    """

    def __init__(self, ranks, w, wy, n_bits):
        self.n_bits = n_bits
        self.levels = []
        self.total_w = np.concatenate([[0.0], np.cumsum(w)])
        self.total_wy = np.concatenate([[0.0], np.cumsum(wy)])
        for bit in range(n_bits - 1, -1, -1):
            zero = ((ranks >> bit) & 1) == 0
            zeros = np.concatenate([[0], np.cumsum(zero)])
            zeros_w = np.concatenate([[0.0], np.cumsum(np.where(zero, w, 0.0))])
            zeros_wy = np.concatenate([[0.0], np.cumsum(np.where(zero, wy, 0.0))])
            self.levels.append((bit, zeros, zeros_w, zeros_wy))
            perm = np.concatenate([np.flatnonzero(zero), np.flatnonzero(~zero)])
            ranks, w, wy = ranks[perm], w[perm], wy[perm]

    def absolute_error(self, a, b, y_sorted):
        """(W, Σ w|y − median|) of each range [a, b) of the original sequence.
        The median is the smallest rank whose cumulative weight exceeds half
        the range's weight, or the midpoint with the rank before it when the
        cumulative weight hits one half exactly."""
        W = self.total_w[b] - self.total_w[a]
        WY = self.total_wy[b] - self.total_wy[a]
        half = 0.5 * W
        a0, b0 = a, b
        t = half.copy()
        w_below = np.zeros_like(W)
        wy_below = np.zeros_like(W)
        n_below = np.zeros(a.shape, dtype=np.intp)
        rank = np.zeros(a.shape, dtype=np.intp)
        for bit, zeros, zeros_w, zeros_wy in self.levels:
            za, zb = zeros[a], zeros[b]
            wz = zeros_w[b] - zeros_w[a]
            to_ones = wz <= t                  # the median is not among the zeros
            t = np.where(to_ones, t - wz, t)
            w_below += np.where(to_ones, wz, 0.0)
            wy_below += np.where(to_ones, zeros_wy[b] - zeros_wy[a], 0.0)
            n_below += np.where(to_ones, zb - za, 0)
            rank |= to_ones.astype(np.intp) << bit
            a = np.where(to_ones, zeros[-1] + a - za, za)
            b = np.where(to_ones, zeros[-1] + b - zb, zb)
        median = y_sorted[np.minimum(rank, y_sorted.size - 1)]    # an empty range walks off the end
        exact = (w_below == half) & (n_below > 0)
        if exact.any():
            previous = self._kth_smallest(a0[exact], b0[exact], n_below[exact] - 1)
            median[exact] = 0.5 * (y_sorted[previous] + median[exact])
        w_above = W - w_below
        loss = (WY - wy_below - median * w_above) + (median * w_below - wy_below)
        return W, loss

    def _kth_smallest(self, a, b, k):
        """Rank of the k-th smallest (0-based) element of each range [a, b)."""
        rank = np.zeros(a.shape, dtype=np.intp)
        for bit, zeros, _, _ in self.levels:
            za, zb = zeros[a], zeros[b]
            to_ones = k >= zb - za
            k = np.where(to_ones, k - (zb - za), k)
            rank |= to_ones.astype(np.intp) << bit
            a = np.where(to_ones, zeros[-1] + a - za, za)
            b = np.where(to_ones, zeros[-1] + b - zb, zb)
        return rank


def _node_medians(tree, X, y, w):
    """Weighted median (the rule of absolute_error) of the training samples
    reaching each node: all samples walk down together; at each step the
    samples are grouped by the node they are at."""
    value = np.empty(tree.node_count)
    rows = np.arange(X.shape[0])
    at = np.zeros(X.shape[0], dtype=np.intp)
    while rows.size:
        order = np.lexsort((y[rows], at))                  # by node, then by y
        node, ys, ws = at[order], y[rows][order], w[rows][order]
        starts = np.flatnonzero(np.r_[True, node[1:] != node[:-1]])
        cum = np.cumsum(ws)
        before = np.repeat(np.r_[0.0, cum[starts[1:] - 1]], np.diff(np.r_[starts, ws.size]))
        cum -= before                                      # cumulative weight within each node
        group = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, ws.size]))
        half = 0.5 * cum[np.r_[starts[1:], ws.size] - 1]
        above = np.flatnonzero(cum > half[group])
        first = above[np.r_[True, group[above[1:]] != group[above[:-1]]]]
        median = ys[first]
        exact = (first > starts) & (cum[np.maximum(first - 1, 0)] == half)
        median[exact] = 0.5 * (ys[first[exact] - 1] + median[exact])
        value[node[starts]] = median
        internal = tree.children_left[at] != TREE_LEAF
        rows, at = rows[internal], at[internal]
        go_left = X[rows, tree.feature[at]] <= tree.threshold[at]
        at = np.where(go_left, tree.children_left[at], tree.children_right[at])
    return value


# ---------------------------------------------------------------------------
# Growing the tree, level by level
# ---------------------------------------------------------------------------

class _Grower:
    """Grows one tree by the CART recursion, all nodes of a depth at a time.

    The working state between levels comes in one of two layouts.

    All features (the default): ``order`` (n_features, n_active) holds, in
    row j, the active samples sorted by feature j within each node; a node
    occupies the same columns [start, start + size) in every row. Entries are
    flat indices j·n + i into ``XT`` (X transposed and flattened), so one
    gather yields the sorted values of every feature at once. A split
    partitions every row stably, so nothing is ever sorted again.

    Drawn features (trick 7: ``max_features`` below n_features, with exact
    class counts): a node searches only a few features, so keeping every
    feature sorted in every node would cost n_features / max_features times
    the work the search needs. Only ``members``, the active samples grouped by
    node, is kept; each level sorts the samples of every drawn (node, feature)
    pair afresh, by their presorted positions.
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

    def grow(self, X):
        n, d = X.shape
        self.n, self.d = n, d
        self.XT = np.ascontiguousarray(X.T).ravel()            # feature j of sample i at j·n + i
        self.side = np.zeros(n, dtype=bool)                    # scratch: does sample i go left?
        self.buffers = {}
        criterion = self.criterion
        # Trick 7 adds up class counts in another order than the full layout
        # does; whole numbers give the same exact sums, hence the same splits.
        # Float sums (fractional weights, regression) stay in the full layout,
        # so their rounding, and the splits, do not change.
        self.drawn_layout = self.max_features < d and getattr(criterion, "exact_counts", False)

        stats = criterion.root_statistics()                     # (n_stats, 1)
        impurity = criterion.impurity(stats)
        self.w_root = stats[0, 0]
        self.nodes = [dict(n=np.array([n]), stats=stats, impurity=impurity)]
        self.splits = []
        next_id = 1

        ids = np.zeros(1, dtype=np.intp)
        open_ = self.can_split(np.array([n]), impurity, 0)
        if open_[0]:
            # Trick 1: sort each feature once. Row j lists the samples by x_j.
            order = _argsort_rows(self.XT.reshape(d, n))
            level = dict(ids=ids, starts=np.zeros(1, dtype=np.intp), sizes=np.array([n]),
                         stats=stats, impurity=impurity)
            if self.drawn_layout:
                # The presorted rows one after another (sample ids), and where
                # sample i stands in row j: position_of[j·n + i].
                self.presorted = order.ravel()
                position_of = np.empty((d, n), dtype=np.intp)
                np.put_along_axis(position_of, order, np.arange(n)[None, :], axis=1)
                self.position_of = position_of.ravel()
                level["members"] = np.arange(n)
            else:
                order += (np.arange(d) * n)[:, None]
                level["order"] = order
        else:
            level = None
        depth = 0
        with np.errstate(divide="ignore", invalid="ignore"):   # invalid cuts: empty sides
            while level is not None:
                level, next_id = self._split_level(level, depth, next_id)
                depth += 1
        return self._assemble(next_id)

    def scratch(self, name, shape, dtype):
        """Trick 4: a work array kept for the whole fit, viewed at this level's
        size (the active set only shrinks). Fresh arrays of this size would come
        from the operating system every level (glibc maps anything over 128 kB
        anew), and touching new pages costs more than the arithmetic."""
        size = math.prod(shape)                 # (np.prod of a tuple costs microseconds)
        buffer = self.buffers.get(name)
        if buffer is None or buffer.size < size or buffer.dtype != dtype:
            buffer = self.buffers[name] = np.empty(size, dtype=dtype)
        return buffer[:size].reshape(shape)

    # -- one level -----------------------------------------------------------

    def _split_level(self, level, depth, next_id):
        """Find the best split of every node of this depth, record the splits
        and their children, and lay out the samples of the children that will
        be split in turn (the next level)."""
        sizes, node_stats, node_impurity = level["sizes"], level["stats"], level["impurity"]
        if self.drawn_layout:
            best, layout = self._best_drawn_splits(level)
        else:
            best, layout = self._best_splits(level)
        # best: per node that found a split, in node order: s, feature f, left
        # size cut, where the cut is in the layout, the two values around it,
        # both children's statistics.
        s, f, cut, at, x_lo, x_hi = (best[k] for k in ("s", "f", "cut", "at", "x_lo", "x_hi"))
        threshold = x_lo / 2.0 + x_hi / 2.0                     # midpoint (eq. 9), halves avoid overflow
        rounded_up = (threshold == x_hi) | np.isinf(threshold)  # adjacent floats: keep x_hi on the right
        threshold[rounded_up] = x_lo[rounded_up]
        # The children, left and right interleaved as they are recorded.
        left_s, right_s = best["left"], best["right"]
        child_stats = _interleave(left_s, right_s)
        child_impurity = self.criterion.impurity(child_stats)
        impurity_l, impurity_r = child_impurity[0::2], child_impurity[1::2]
        W = node_stats[0, s]
        improvement = (W / self.w_root) * (node_impurity[s] - right_s[0] / W * impurity_r
                                           - left_s[0] / W * impurity_l)           # eq. 6
        keep = improvement + EPSILON >= self.min_impurity_decrease
        if not keep.all():
            s, f, cut, threshold, at = s[keep], f[keep], cut[keep], threshold[keep], at[keep]
            child_stats = child_stats[:, np.repeat(keep, 2)]
            child_impurity = child_impurity[np.repeat(keep, 2)]
        P = s.size
        if P == 0:
            return None, next_id

        # Record the splits and the 2P children (left, right, left, right, ...).
        child_ids = next_id + np.arange(2 * P)
        self.splits.append(dict(node=level["ids"][s], feature=f, threshold=threshold,
                                left=child_ids[0::2], right=child_ids[1::2]))
        child_n = _interleave(cut, sizes[s] - cut)
        self.nodes.append(dict(n=child_n, stats=child_stats, impurity=child_impurity))
        next_id += 2 * P
        child_open = self.can_split(child_n, child_impurity, depth + 1)
        if not child_open.any():
            return None, next_id

        # Lay out the samples of the open children and drop everything else
        # (trick 4): a stable partition of every row (trick 1), or, for drawn
        # features, the members regrouped by child (trick 7).
        keep_child = np.flatnonzero(child_open)
        next_level = dict(ids=child_ids[keep_child], stats=child_stats[:, keep_child],
                          impurity=child_impurity[keep_child])
        if self.drawn_layout:
            next_level["members"], next_level["starts"], next_level["sizes"] = self._regroup(
                layout, cut, at, child_open, child_n)
        else:
            next_level["order"], next_level["starts"], next_level["sizes"] = self._partition(
                level["order"], layout["seg_of_pos"], layout["offset"], sizes, s, f, cut,
                child_open.reshape(P, 2), depth)
        return next_level, next_id

    def _best_splits(self, level):
        """All-features layout: the best cut of every node, scoring every cut
        of every feature at once as (d, m − 1) arrays."""
        order, starts, sizes = level["order"], level["starts"], level["sizes"]
        node_stats = level["stats"]
        d, m = order.shape
        S = starts.size
        msl = self.min_samples_leaf
        seg_of_pos = np.repeat(np.arange(S), sizes)            # node of each column
        offset = np.arange(m) - starts[seg_of_pos]             # column within its node
        Xs = np.take(self.XT, order, out=self.scratch("Xs", (d, m), float),   # (d, m) sorted
                     mode="clip")                       # values ("clip": no checked copy)

        # Cut b lies between columns b and b + 1: left child = columns start..b.
        # A cut is valid if the two values differ (a threshold fits between
        # them, eq. 9) and each side keeps min_samples_leaf samples, which also
        # rules out a cut across two nodes (its left side would be empty).
        seg_of_cut = seg_of_pos[:-1]
        n_left = offset[1:]                                    # (m − 1,)
        leaf_ok = (n_left >= msl) & (sizes[seg_of_cut] - n_left >= msl)
        above = np.add(Xs[:, :-1], FEATURE_THRESHOLD, out=self.scratch("above", (d, m - 1), float))
        distinct = np.greater(Xs[:, 1:], above, out=self.scratch("distinct", (d, m - 1), bool))
        valid = np.logical_and(distinct, leaf_ok, out=self.scratch("valid", (d, m - 1), bool))

        # Trick 3: the left child's statistics at every cut are prefix sums
        # along each row, restarted at every node: before summing, the first
        # sample of a node gets the previous node's total subtracted, so the
        # running sum returns to zero there. Integer totals are known exactly
        # (the node's counts); float totals are summed afresh from this
        # level's values, or rounding errors would carry from node to node
        # and from level to level.
        def prefix(values, totals):
            if values.dtype.kind == "f":
                totals = np.add.reduceat(values, starts, axis=1)[:, :-1]   # (d, S − 1)
            else:
                totals = totals[:-1].astype(values.dtype)
            values[:, starts[1:]] -= totals
            np.cumsum(values, axis=1, out=values)
            return values[:, :-1]

        def ranges():                                          # flat [start, cut), [cut, end)
            row = (np.arange(d) * m)[:, None]
            lo = row + starts[seg_of_cut]
            return lo, row + np.arange(1, m), lo + sizes[seg_of_cut]

        if self.max_features < d:                              # features drawn for each node
            valid &= self._visited_features(distinct, offset, starts)[:, seg_of_cut]
        # Trick 6 pays when there are many classes or few valid cuts (tied
        # values); for two classes and all-distinct values the per-sample
        # prefix sums of trick 3 are cheaper. Both give exact integer counts,
        # hence identical splits.
        by_runs = getattr(self.criterion, "exact_counts", False) and (
            self.criterion.K > 2 or 4 * np.count_nonzero(valid) < valid.size)
        if by_runs:
            # Runs end at valid cuts and at node ends, in every row.
            ends = self.scratch("ends", (d, m), bool)
            ends[:, :-1] = valid
            ends[:, starts[1:] - 1] = True
            ends[:, -1] = True
            cut_at = np.flatnonzero(valid)                     # flat index into (d, m − 1)
            row, col = np.divmod(cut_at, m - 1)
            left = self.criterion.counts_at_cuts(order.ravel(), ends.ravel(), row * m + col,
                                                 row * m + starts[seg_of_cut[col]], self.scratch)
            right = node_stats[:, seg_of_cut[col]] - left
            proxy = self.scratch("proxy", (d, m - 1), float)
            proxy.fill(-np.inf)
            proxy.flat[cut_at] = self.criterion.proxy(left, right)
        else:
            left, right = self.criterion.children_statistics(
                order, prefix, n_left, node_stats, seg_of_cut, ranges)
            proxy = self.criterion.proxy(left, right)         # (d, m − 1)
            np.copyto(proxy, -np.inf, where=~valid)

        # Best cut per node: the maximum over each node's columns of each row
        # (one reduceat, the node boundaries are the same in every row), then
        # the best feature, then the first column reaching that maximum.
        best_of_group = np.maximum.reduceat(proxy, starts, axis=1)          # (d, S)
        best_proxy = best_of_group.max(axis=0)                             # (S,)
        if self.criterion.tie_tolerance:
            # Ties count as ties even when rounding separates them by a few
            # ulps: the absolute error has whole plateaus of equally good cuts.
            best_proxy -= self.criterion.tie_tolerance * np.abs(best_proxy)
        best_feature = np.argmax(best_of_group >= best_proxy, axis=0)      # ties: lowest feature
        chosen = proxy[best_feature[seg_of_cut], np.arange(m - 1)]
        hit = np.flatnonzero((chosen >= best_proxy[seg_of_cut]) & (chosen > -np.inf))
        starts_run = np.ones(hit.size, dtype=bool)                     # ties: lowest cut
        starts_run[1:] = seg_of_cut[hit[1:]] != seg_of_cut[hit[:-1]]      # (no hit: no split)
        first = hit[starts_run]

        s = seg_of_cut[first]                                   # nodes that found a split, in order
        f = best_feature[s]
        if by_runs:
            at = np.searchsorted(cut_at, f * (m - 1) + first)
            left_s, right_s = left[:, at], right[:, at]
        else:
            left_s, right_s = left[:, f, first], right[:, f, first]
        best = dict(s=s, f=f, cut=n_left[first], x_lo=Xs[f, first], x_hi=Xs[f, first + 1],
                    left=left_s, right=right_s, at=first)
        # left, right and proxy (tens of MB on large data) are returned to stay
        # referenced until the level is done: freed before the partition
        # allocates, glibc hands their memory back to the operating system and
        # the next level faults it in afresh (measured 25 % slower on
        # 40,000 × 20).
        return best, dict(seg_of_pos=seg_of_pos, offset=offset, work=(left, right, proxy))

    def _partition(self, order, seg_of_pos, offset, sizes, s, f, cut, child_open, depth):
        """Move every active sample to the columns of its child, keeping each
        row's order (a stable partition), and keep only open children."""
        d, m = order.shape
        n = self.n
        S = sizes.size
        # Which side does each sample go to? In the row of the split feature,
        # the first `cut` columns of the node go left. Nodes that did not split
        # send everything "left" into a closed child, i.e. away.
        cut_all = sizes.copy()
        cut_all[s] = cut
        row = np.zeros(S, dtype=np.intp)
        row[s] = f
        row_of_pos = row[seg_of_pos]
        samples = order[row_of_pos, np.arange(m)] - row_of_pos * n
        self.side[samples] = offset < cut_all[seg_of_pos]
        sample = np.subtract(order, (np.arange(d) * n)[:, None],
                             out=self.scratch("sample", (d, m), np.intp))
        goes_left = np.take(self.side, sample, out=self.scratch("goes_left", (d, m), bool),
                            mode="clip")                                    # (d, m)

        # New layout: for each node in turn, its left then its right child,
        # open children only.
        open_left = np.zeros(S, dtype=bool)
        open_right = np.zeros(S, dtype=bool)
        open_left[s], open_right[s] = child_open[:, 0], child_open[:, 1]
        new_size = np.stack([np.where(open_left, cut_all, 0),
                             np.where(open_right, sizes - cut_all, 0)], axis=1).ravel()
        new_start = np.concatenate([[0], np.cumsum(new_size)[:-1]])
        m_new = int(new_size.sum())
        trash = d * m_new                                       # one spare slot for dropped samples
        base_left = np.where(open_left, new_start[0::2], trash + m)
        base_right = np.where(open_right, new_start[1::2], trash + m)

        # Destination column = child start + rank among the samples of the same
        # node going the same way, counted along the row by one cumulative sum
        # of goes_left (R, inclusive, int32: NumPy's bool→int64 cumsum is ~7×
        # slower). With L = lefts in earlier nodes, the j-th left sample of a
        # node goes to base_left + j − 1 = (base_left − 1 − L) + R and a right
        # sample at column offset has offset − (R − L) rights before it.
        # Written without branches, dest = to_right − R + goes_left·(to_left −
        # to_right + 2R): a masked ufunc (where=) or np.where on a random mask
        # is several times slower than four plain passes.
        lefts_before = np.concatenate([[0], np.cumsum(cut_all)[:-1]])
        to_left = (base_left - 1 - lefts_before)[seg_of_pos]                # (m,)
        to_right = (base_right + lefts_before)[seg_of_pos] + offset         # (m,)
        # In int32 while it fits (half the memory traffic of int64), converted
        # once to intp for the scatter.
        dtype = np.int32 if trash + m < 2 ** 31 else np.intp
        R = np.cumsum(goes_left, axis=1, dtype=np.int32, out=self.scratch("R", (d, m), np.int32))
        R = R.astype(dtype, copy=False)
        dest = np.subtract(to_right.astype(dtype), R, out=self.scratch("dest", (d, m), dtype))
        R *= 2
        R += (to_left - to_right).astype(dtype)
        R *= goes_left
        dest += R
        dest += (np.arange(d, dtype=dtype) * m_new)[:, None]
        np.minimum(dest, trash, out=dest)
        sample[...] = dest                                                  # reuses sample (intp)
        buffer = self.scratch(f"order{depth % 2}", (trash + 1,), np.intp)   # read next level
        buffer[sample] = order
        keep = new_size > 0
        return buffer[:-1].reshape(d, m_new), new_start[keep], new_size[keep]

    def _visited_features(self, distinct, offset, starts):
        """max_features: which (feature, node) pairs may split. Each node visits
        the features in its own random order: the first max_features of them,
        and further until it has met one that is not constant in the node."""
        d, S = distinct.shape[0], starts.size
        inside = offset[1:] > 0                                  # cut inside a node
        nonconstant = np.logical_or.reduceat(distinct & inside, starts, axis=1)   # (d, S)
        rank = self.rng.random((S, d)).argsort(axis=1).argsort(axis=1).T         # visit order
        first_nonconstant = np.where(nonconstant, rank, d).min(axis=0)
        return rank < np.maximum(self.max_features, first_nonconstant + 1)

    # -- drawn features (trick 7) --------------------------------------------

    def _best_drawn_splits(self, level):
        """Drawn-features layout: the best cut of every node over the
        max_features features it draws. The draws are those of
        ``_visited_features``; only the drawn (node, feature) pairs are sorted
        and scored, in a compact 1-D layout."""
        members, starts, sizes = level["members"], level["starts"], level["sizes"]
        S, d, mf = starts.size, self.d, self.max_features
        visit = self.rng.random((S, d)).argsort(axis=1)       # each node's features, visiting order
        node = np.repeat(np.arange(S), mf)
        feature = np.sort(visit[:, :mf], axis=1).ravel()       # by node, then feature (tie-breaking)
        pairs = self._sorted_pairs(members, starts, sizes, node, feature)
        has_nonconstant = pairs["nonconstant"].reshape(S, mf).any(axis=1)
        if not has_nonconstant.all():
            # A node whose drawn features are all constant in it keeps drawing,
            # in its visiting order, up to the first feature that is not: only
            # that one can have a valid cut.
            q = np.flatnonzero(~has_nonconstant)
            rest = visit[q, mf:]                                          # (Q, d − mf)
            more = self._sorted_pairs(members, starts, sizes, np.repeat(q, d - mf), rest.ravel())
            nonconstant = more["nonconstant"].reshape(q.size, d - mf)
            found = nonconstant.any(axis=1)
            if found.any():
                node = np.concatenate([node, q[found]])
                feature = np.concatenate([feature, rest[found, np.argmax(nonconstant[found], axis=1)]])
                by_node = np.lexsort((feature, node))
                node, feature = node[by_node], feature[by_node]
                pairs = self._sorted_pairs(members, starts, sizes, node, feature)

        # Valid cuts, as in _best_splits: entry b and b + 1 differ and each side
        # keeps min_samples_leaf samples (which also rules out a cut between
        # two pairs: its left side would be empty).
        pair_of, within, seg_start = pairs["pair_of"], pairs["within"], pairs["seg_start"]
        valid = pairs["distinct"]                               # (already inside one pair)
        msl = self.min_samples_leaf
        if msl > 1:
            n_left = within[1:]
            valid = valid & (n_left >= msl) & (sizes[node][pair_of[1:]] - n_left >= msl)
        cut_at = np.flatnonzero(valid)
        ends = np.empty(valid.size + 1, dtype=bool)             # runs end at cuts and pair ends
        ends[:-1] = valid
        ends[seg_start[1:] - 1] = True
        ends[-1] = True
        pair = pair_of[cut_at]
        left = self.criterion.counts_at_cuts(pairs["sample"], ends, cut_at, seg_start[pair],
                                             self.scratch, tiled=False)
        node_of_cut = node[pair]
        right = level["stats"][:, node_of_cut] - left
        proxy = self.criterion.proxy(left, right)

        # Best cut per node. The cuts are listed by node, then feature, then
        # position, so the first cut reaching its node's maximum is the one of
        # the lowest feature and the lowest threshold. (Class counts have no
        # tie tolerance.)
        new_node = np.ones(cut_at.size, dtype=bool)
        new_node[1:] = node_of_cut[1:] != node_of_cut[:-1]
        group = np.cumsum(new_node) - 1
        best = np.maximum.reduceat(proxy, np.flatnonzero(new_node)) if cut_at.size else proxy
        hit = np.flatnonzero(proxy >= best[group])
        first_hit = np.ones(hit.size, dtype=bool)
        first_hit[1:] = group[hit[1:]] != group[hit[:-1]]
        first = hit[first_hit]
        at = cut_at[first]
        values = pairs["values"]
        best = dict(s=node_of_cut[first], f=feature[pair[first]], cut=within[at] + 1,
                    x_lo=values[at], x_hi=values[at + 1], left=left[:, first],
                    right=right[:, first], at=at)
        return best, pairs

    def _sorted_pairs(self, members, starts, sizes, node, feature):
        """The compact layout of the (node, feature) pairs: pair p holds the
        samples of node[p] sorted by feature[p], one pair after another.
        Returns the samples, their values, each entry's pair and position in
        it, where each pair starts, which neighbouring values are distinct
        (inside a pair) and which pairs are not constant."""
        n = self.n
        length = sizes[node]
        seg_start = np.zeros(node.size, dtype=np.intp)
        np.cumsum(length[:-1], out=seg_start[1:])
        pair_of = np.repeat(np.arange(node.size), length)
        within = np.arange(pair_of.size)
        within -= seg_start[pair_of]
        row = (feature * n)[pair_of]
        if sizes.size == 1 and sizes[0] == n:
            # The root holds every sample: its pairs are the presorted rows.
            position = row + within
        else:
            # A sample's position in the presorted row of a feature is a
            # unique key that orders it by its value (ties by index, as in the
            # full layout), so one sort of (pair, position) keys orders every
            # pair at once. kind="stable" selects timsort, which finds the
            # blocks the pairs already come in and sorts each alone: several
            # times faster here than the default quicksort.
            key = self.position_of[row + members[starts[node][pair_of] + within]]
            pair_key = pair_of * n
            key += pair_key
            key.sort(kind="stable")
            position = row - pair_key
            position += key
        sample = self.presorted[position]
        values = self.XT[row + sample]
        inside = within[1:] > 0                                 # entries b and b + 1 in one pair
        distinct = values[1:] > values[:-1] + FEATURE_THRESHOLD
        distinct &= inside
        nonconstant = np.logical_or.reduceat(distinct, seg_start)
        return dict(sample=sample, values=values, pair_of=pair_of, within=within,
                    seg_start=seg_start, distinct=distinct, nonconstant=nonconstant)

    def _regroup(self, pairs, cut, at, child_open, child_n):
        """Drawn-features layout: the members of the open children, grouped
        by child (each split node's left child, then its right child). The
        chosen pair of a split node lists the node's samples sorted by the
        split feature: its first ``cut`` entries are the left child, the rest
        the right child. (Order within a child does not matter: every level
        sorts afresh.)"""
        first_entry = _interleave(at - (cut - 1), at + 1)[child_open]  # each open child's samples
        new_sizes = child_n[child_open]
        new_starts = np.cumsum(new_sizes) - new_sizes
        entry = np.arange(new_sizes.sum()) + np.repeat(first_entry - new_starts, new_sizes)
        return pairs["sample"][entry], new_starts, new_sizes

    # -- the flat arrays -----------------------------------------------------

    def _assemble(self, n_nodes):
        """Breadth-first records → flat arrays in depth-first preorder."""
        n_node_samples = np.concatenate([part["n"] for part in self.nodes]).astype(np.intp)
        stats = np.concatenate([part["stats"] for part in self.nodes], axis=1)
        impurity = np.concatenate([part["impurity"] for part in self.nodes])
        left = np.full(n_nodes, TREE_LEAF, dtype=np.intp)
        right = np.full(n_nodes, TREE_LEAF, dtype=np.intp)
        feature = np.full(n_nodes, TREE_UNDEFINED, dtype=np.intp)
        threshold = np.full(n_nodes, float(TREE_UNDEFINED))
        for part in self.splits:
            left[part["node"]], right[part["node"]] = part["left"], part["right"]
            feature[part["node"]], threshold[part["node"]] = part["feature"], part["threshold"]

        # Preorder id = parent's id + 1 for a left child, + 1 + size of the left
        # subtree for a right child. Subtree sizes come bottom-up, ids top-down,
        # one depth at a time (the splits were recorded one depth at a time).
        size = np.ones(n_nodes, dtype=np.intp)
        for part in reversed(self.splits):
            v = part["node"]
            size[v] = 1 + size[left[v]] + size[right[v]]
        pre = np.zeros(n_nodes, dtype=np.intp)
        for part in self.splits:
            v = part["node"]
            pre[left[v]] = pre[v] + 1
            pre[right[v]] = pre[v] + 1 + size[left[v]]

        def renumber(values):
            out = np.empty_like(values)
            out[pre] = values
            return out

        internal = left != TREE_LEAF
        left[internal], right[internal] = pre[left[internal]], pre[right[internal]]
        self.node_stats = np.empty_like(stats)                   # (n_stats, n_nodes), preorder
        self.node_stats[:, pre] = stats
        return Tree(renumber(left), renumber(right), renumber(feature), renumber(threshold),
                    value=None, impurity=renumber(impurity), n_node_samples=renumber(n_node_samples),
                    weighted_n_node_samples=self.node_stats[0].copy())


def _interleave(a, b):
    """[a0, b0, a1, b1, ...] along the last axis (np.stack costs more for small arrays)."""
    out = np.empty(a.shape[:-1] + (2 * a.shape[-1],), dtype=np.result_type(a, b))
    out[..., 0::2], out[..., 1::2] = a, b
    return out


def _argsort_rows(X):
    """Stable argsort of every row. Small whole numbers (pixel intensities,
    counts, categories) are sorted as int16, for which NumPy's stable sort is
    a radix sort, several times faster than sorting floats; the order is the
    same, since equal keys keep their index order either way."""
    if X.size and X.min() >= -2 ** 15 and X.max() < 2 ** 15:
        small = X.astype(np.int16)
        if np.array_equal(small, X):
            return np.argsort(small, axis=1, kind="stable")
    return np.argsort(X, axis=1, kind="stable")


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_float(value):
    return isinstance(value, numbers.Real) and not isinstance(value, (numbers.Integral, bool))
