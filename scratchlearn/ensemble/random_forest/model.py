r"""Random forests: bagged decision trees that also draw features at every split.

A random forest is bagging (see ../bagging) of deep CART trees with one more
source of randomness: every node of every tree searches only ``max_features``
features drawn at random for that node (notes eq. 4). The forest averages

    f_RF(x) = (1/B) Σ_b T_b(x; Θ_b)                               (eq. 1)

where Θ_b is tree b's bootstrap sample and its per-node feature draws. The
variance of the average of B trees with variance σ² and correlation ρ is

    Var f_RF(x) = ρ σ² + (1 − ρ) σ² / B                           (eq. 2)

so once B is large only ρσ² is left; drawing features lowers ρ (the trees
stop all splitting on the same strong feature first) at a small cost in each
tree's bias. Classification averages the trees' leaf class proportions.

``feature_importances_`` averages each tree's normalised impurity decrease
(eq. 5); ``oob_score_`` scores each row with the trees that did not see it.
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin, RegressorMixin
from scratchlearn.core.metrics import accuracy_score, r2_score
from scratchlearn.core.validation import encode_class_labels, validate_data
from scratchlearn.ensemble.bagging.model import (
    bootstrap_counts,
    check_ensemble_params,
    draw_seeds,
    oob_average,
)
from scratchlearn.trees.decision_tree import (
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    apply_trees,
)

__all__ = ["RandomForestClassifier", "RandomForestRegressor"]


# exercise: random_forest.average
def average_leaf_values(values, leaf):
    """The forest's prediction (eq. 1): (1/B) Σ_b values[leaf[b]], shape (n,
    n_outputs). ``values`` (n_nodes, n_outputs) holds every tree's node values
    laid end to end; ``leaf`` (B, n) the row of ``values`` that tree b's leaf
    for each sample is. The trees are added one by one, in order, so the sum
    rounds the same way however many samples there are."""
    total = values.take(leaf[0], axis=0)
    for ids in leaf[1:]:                # a loop over trees, each step all samples
        total += values.take(ids, axis=0)
    return total / len(leaf)


class _BaseForest(BaseEstimator):

    def _make_tree(self, seed):
        raise NotImplementedError

    def _grow_trees(self, X, y):
        """Grow every tree on its bootstrap sample, given as integer sample
        weights (row i drawn c times weighs c; c = 0 is out of bag)."""
        check_ensemble_params(self)
        n = X.shape[0]
        self.estimators_ = []
        counts = np.zeros((self.n_estimators, n), dtype=np.intp)
        for b, seed in enumerate(draw_seeds(self.random_state, self.n_estimators)):
            tree = self._make_tree(int(seed))
            if self.bootstrap:
                counts[b] = bootstrap_counts(np.random.default_rng(seed), n, n)
                tree.fit(X, y, sample_weight=counts[b].astype(float))
            else:
                tree.fit(X, y)
            self.estimators_.append(tree)
        self.feature_importances_ = self._feature_importances()
        return counts

    def _feature_importances(self):
        """Mean over the trees of each tree's normalised impurity decrease
        (eq. 5), renormalised; trees that are a single leaf add nothing."""
        per_tree = [t.feature_importances_ for t in self.estimators_ if t.tree_.node_count > 1]
        if not per_tree:
            return np.zeros(self.n_features_in_)
        mean = np.mean(per_tree, axis=0)
        return mean / mean.sum()

    def _tree_params(self):
        return dict(criterion=self.criterion, max_depth=self.max_depth,
                    min_samples_split=self.min_samples_split,
                    min_samples_leaf=self.min_samples_leaf, max_features=self.max_features)

    def _oob_mean_leaf_value(self, X, counts):
        """Each row's leaf values averaged over the trees that did not see it."""
        trees = [lambda rows, tree=tree: tree.tree_.predict(X[rows]) for tree in self.estimators_]
        return oob_average(trees, counts, type(self).__name__)

    def _mean_leaf_value(self, X):
        """(1/B) Σ_b value of the leaf of tree b that each row reaches (eq. 1).
        X is already validated, so the trees' arrays are read directly: all
        trees are walked at once (``apply_trees``), and the values are summed
        tree by tree, in order, so the sum is the same to the last bit."""
        trees = [estimator.tree_ for estimator in self.estimators_]
        leaf = apply_trees(trees, X)                   # (B, n) ids into the stacked nodes
        # C order: a tree's value may be column-major, and rows are gathered.
        values = np.ascontiguousarray(np.concatenate([tree.value for tree in trees]))
        return average_leaf_values(values, leaf)


class RandomForestClassifier(ClassifierMixin, _BaseForest):
    """A forest of randomised classification trees whose class proportions are averaged.

    Parameters
    ----------
    n_estimators : int
        Number of trees B.
    criterion : {"gini", "entropy", "log_loss"}
        Impurity each tree's splits reduce.
    max_depth : int or None
        Deepest level of each tree; None grows until leaves are pure.
    min_samples_split : int or float
        Fewest samples a node needs to be split (float: fraction of n).
    min_samples_leaf : int or float
        Fewest samples each child must keep (float: fraction of n).
    max_features : int, float, "sqrt", "log2" or None
        Features drawn at random at every node; fewer features make the trees
        less correlated (eq. 2). None uses all of them (bagged trees).
    bootstrap : bool
        Grow each tree on a bootstrap sample; False grows every tree on all rows
        (only the feature draws then differ).
    oob_score : bool
        Estimate the test accuracy from the out-of-bag rows.
    random_state : int, numpy Generator or None
        Seeds the bootstrap samples and the feature draws.

    Attributes
    ----------
    estimators_ : list of DecisionTreeClassifier
        The fitted trees, trained on the class indices 0..K−1.
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    n_classes_ : int
        Number of classes.
    feature_importances_ : ndarray of shape (n_features,)
        Mean decrease in impurity of each feature, summing to 1 (eq. 5).
    oob_score_ : float
        Out-of-bag accuracy (only with ``oob_score=True``).
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
        Out-of-bag class probabilities of the training rows.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, n_estimators=100, criterion="gini", max_depth=None, min_samples_split=2,
                 min_samples_leaf=1, max_features="sqrt", bootstrap=True, oob_score=False,
                 random_state=None):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.random_state = random_state

    def _make_tree(self, seed):
        return DecisionTreeClassifier(random_state=seed, **self._tree_params())

    def fit(self, X, y):
        """Grow ``n_estimators`` randomised trees on bootstrap samples."""
        X, y = validate_data(self, X, y, reset=True)
        self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        self.n_classes_ = len(self.classes_)
        # Every tree sees all n labels (out-of-bag rows have weight 0), so its
        # columns are the same K classes as the forest's.
        counts = self._grow_trees(X, y_index)
        if self.oob_score:
            self.oob_decision_function_, has = self._oob_mean_leaf_value(X, counts)
            self.oob_score_ = float(accuracy_score(
                y_index[has], np.argmax(self.oob_decision_function_[has], axis=1)))
        return self

    def predict_proba(self, X):
        """Average over the trees of the class proportions in each row's leaf."""
        X = validate_data(self, X, reset=False)
        return self._mean_leaf_value(X)

    def predict(self, X):
        """The class with the highest averaged probability."""
        return self._decode(np.argmax(self.predict_proba(X), axis=1))


class RandomForestRegressor(RegressorMixin, _BaseForest):
    """A forest of randomised regression trees whose predictions are averaged.

    Parameters
    ----------
    n_estimators : int
        Number of trees B.
    criterion : {"squared_error", "absolute_error"}
        Impurity each tree's splits reduce.
    max_depth : int or None
        Deepest level of each tree; None grows until leaves are pure.
    min_samples_split : int or float
        Fewest samples a node needs to be split (float: fraction of n).
    min_samples_leaf : int or float
        Fewest samples each child must keep (float: fraction of n).
    max_features : int, float, "sqrt", "log2" or None
        Features drawn at random at every node. 1.0 (all features) makes the
        forest bagged trees, scikit-learn's default for regression; smaller
        values decorrelate the trees (eq. 2).
    bootstrap : bool
        Grow each tree on a bootstrap sample; False grows every tree on all rows.
    oob_score : bool
        Estimate the test R² from the out-of-bag rows.
    random_state : int, numpy Generator or None
        Seeds the bootstrap samples and the feature draws.

    Attributes
    ----------
    estimators_ : list of DecisionTreeRegressor
        The fitted trees.
    feature_importances_ : ndarray of shape (n_features,)
        Mean decrease in impurity of each feature, summing to 1 (eq. 5).
    oob_score_ : float
        Out-of-bag R² (only with ``oob_score=True``).
    oob_prediction_ : ndarray of shape (n_samples,)
        Out-of-bag prediction of every training row.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, n_estimators=100, criterion="squared_error", max_depth=None,
                 min_samples_split=2, min_samples_leaf=1, max_features=1.0, bootstrap=True,
                 oob_score=False, random_state=None):
        self.n_estimators = n_estimators
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split
        self.min_samples_leaf = min_samples_leaf
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.random_state = random_state

    def _make_tree(self, seed):
        return DecisionTreeRegressor(random_state=seed, **self._tree_params())

    def fit(self, X, y):
        """Grow ``n_estimators`` randomised trees on bootstrap samples."""
        X, y = validate_data(self, X, y, reset=True)
        counts = self._grow_trees(X, y)
        if self.oob_score:
            oob, has = self._oob_mean_leaf_value(X, counts)
            self.oob_prediction_ = oob[:, 0]
            self.oob_score_ = float(r2_score(y[has], self.oob_prediction_[has]))
        return self

    def predict(self, X):
        """Average over the trees of the value of each row's leaf (eq. 1)."""
        X = validate_data(self, X, reset=False)
        return self._mean_leaf_value(X)[:, 0]
