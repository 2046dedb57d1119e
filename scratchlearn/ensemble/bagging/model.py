r"""Bagging: fit the same model on many bootstrap resamples and average them.

Each of B copies of a base estimator is fitted on its own bootstrap sample
(n draws with replacement from the n training rows) and, optionally, on a
random subset of the features. The ensemble predicts the average (notes eq. 4)

    f_bag(x) = (1/B) Σ_b f_b(x)                                   (eq. 4)

and a classifier averages the class probabilities of its members ("soft
voting", eq. 5), or their one-hot votes when the base has no predict_proba:

    p̂(k | x) = (1/B) Σ_b p_b(k | x).                              (eq. 5)

Averaging B predictors of variance σ² and pairwise correlation ρ leaves
variance ρσ² + (1 − ρ)σ²/B (eq. 3): bagging attacks variance, not bias.

A row is left out of a bootstrap sample with probability (1 − 1/n)ⁿ ≈ e⁻¹
≈ 0.368 (eq. 6), so every row has about B/e members that never saw it; their
average is its out-of-bag prediction (eq. 7), and scoring those predictions
estimates the test score for free (``oob_score_``).
"""

import inspect
import warnings

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin, RegressorMixin
from scratchlearn.core.metrics import accuracy_score, r2_score
from scratchlearn.core.validation import (
    check_random_state,
    encode_class_labels,
    is_float,
    is_integer,
    validate_data,
)
from scratchlearn.trees.decision_tree import (
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    apply_trees,
)

__all__ = ["BaggingClassifier", "BaggingRegressor", "bootstrap_counts", "clone_estimator",
           "draw_seeds", "oob_average"]

MAX_SEED = 2 ** 31 - 1


# ---------------------------------------------------------------------------
# The pieces every averaging ensemble shares (the random forest uses them too)
# ---------------------------------------------------------------------------

def draw_seeds(random_state, n_estimators):
    """One integer seed per member, drawn up front, so member b's randomness
    depends only on (random_state, b): same random_state, same ensemble."""
    return check_random_state(random_state).integers(0, MAX_SEED, size=n_estimators)


# exercise: bagging.bootstrap
def bootstrap_counts(rng, n_samples, n_draws, bootstrap=True):
    """How many times each row is drawn: n_draws with replacement (the
    bootstrap), or n_draws distinct rows without replacement (pasting).
    The counts act as sample weights; a zero count is an out-of-bag row."""
    if bootstrap:
        drawn = rng.integers(0, n_samples, size=n_draws)
    else:
        drawn = rng.permutation(n_samples)[:n_draws]
    counts = np.bincount(drawn, minlength=n_samples)
    return counts


# exercise: bagging.oob
def oob_average(member_predictions, bootstrap_counts, estimator_name):
    """Out-of-bag average (eq. 7): each row's predictions summed over the
    members that did not see it, divided by their number.

    ``member_predictions`` holds one function per member, mapping a boolean
    row mask to that member's predictions for those rows (a 1-D or 2-D array);
    ``bootstrap_counts[b]`` is how often member b drew each row. Rows that every
    member saw have no estimate; they are reported and left out (the mask). If
    no row has one (every member drew every row), there is nothing to average:
    ValueError.
    """
    sums, counts = None, np.zeros(len(bootstrap_counts[0]))
    for predict, drawn in zip(member_predictions, bootstrap_counts):
        out = drawn == 0
        if out.any():
            prediction = predict(out)
            if sums is None:                # the first prediction gives the shape
                sums = np.zeros((len(out),) + prediction.shape[1:])
            sums[out] += prediction
        counts += out
    has_oob = counts > 0
    if sums is None:
        # No member left any row out (tiny data, few members): nothing to average or score.
        raise ValueError(
            f"{estimator_name}: every row was in every bootstrap sample, so there is no "
            "out-of-bag prediction. Use more estimators, or oob_score=False.")
    if not has_oob.all():
        warnings.warn(
            f"{estimator_name}: {np.sum(~has_oob)} rows were in every bootstrap sample and "
            "have no out-of-bag prediction; oob_score_ leaves them out. Use more estimators "
            "for a reliable estimate.", UserWarning, stacklevel=3)
    shape = (-1,) + (1,) * (sums.ndim - 1)
    average = np.full(sums.shape, np.nan)
    average[has_oob] = sums[has_oob] / counts[has_oob].reshape(shape)
    return average, has_oob


def clone_estimator(estimator, **overrides):
    """A fresh, unfitted copy built from the estimator's own parameters
    (scikit-learn's ``clone`` without importing it)."""
    params = estimator.get_params(deep=False)
    params.update({key: value for key, value in overrides.items() if key in params})
    return type(estimator)(**params)


def accepts_sample_weight(estimator):
    return "sample_weight" in inspect.signature(estimator.fit).parameters




def resolve_count(value, total, name):
    """An int count in [1, total], or a float fraction in (0, 1] of total."""
    if is_integer(value) and 1 <= value <= total:
        return int(value)
    if is_float(value) and 0.0 < value <= 1.0:
        return max(1, int(value * total))
    raise ValueError(f"{name} must be an int in [1, {total}] or a float in (0, 1], "
                     f"got {value!r}.")


def check_ensemble_params(est):
    if not (is_integer(est.n_estimators) and est.n_estimators >= 1):
        raise ValueError(f"n_estimators must be an int >= 1, got {est.n_estimators!r}.")
    if not isinstance(est.bootstrap, (bool, np.bool_)):
        raise ValueError(f"bootstrap must be True or False, got {est.bootstrap!r}.")
    if not isinstance(est.oob_score, (bool, np.bool_)):
        raise ValueError(f"oob_score must be True or False, got {est.oob_score!r}.")
    if est.oob_score and not est.bootstrap:
        raise ValueError("oob_score=True needs bootstrap=True: without bootstrap there are "
                         "no out-of-bag rows.")


# ---------------------------------------------------------------------------
# The estimators
# ---------------------------------------------------------------------------

class _BaseBagging(BaseEstimator):

    def _default_estimator(self):
        raise NotImplementedError

    def _fit_members(self, X, y):
        """Fit every member on its bootstrap sample and feature subset.
        Returns the in-bag counts, shape (B, n), for the OOB estimate."""
        check_ensemble_params(self)
        n, d = X.shape
        n_draws = resolve_count(self.max_samples, n, "max_samples")
        n_features = resolve_count(self.max_features, d, "max_features")
        base = self._default_estimator() if self.estimator is None else self.estimator
        if not (hasattr(base, "fit") and hasattr(base, "predict")):
            raise ValueError(f"estimator must have fit and predict methods, got {base!r}.")
        weighted = accepts_sample_weight(base)

        self.estimators_, self.estimators_features_ = [], []
        counts = np.zeros((self.n_estimators, n), dtype=np.intp)
        for b, seed in enumerate(draw_seeds(self.random_state, self.n_estimators)):
            rng = np.random.default_rng(seed)
            features = (np.arange(d) if n_features == d
                        else np.sort(rng.choice(d, size=n_features, replace=False)))
            counts[b] = bootstrap_counts(rng, n, n_draws, self.bootstrap)
            member = clone_estimator(base, random_state=int(seed))
            Xb = X[:, features]
            if weighted:
                # Repeated rows as integer weights: no copy of X per member.
                member.fit(Xb, y, sample_weight=counts[b].astype(float))
            else:
                rows = np.repeat(np.arange(n), counts[b])
                member.fit(Xb[rows], y[rows])
            self.estimators_.append(member)
            self.estimators_features_.append(features)
        return counts


class BaggingClassifier(ClassifierMixin, _BaseBagging):
    """Bootstrap aggregating for classification: average the class
    probabilities (or votes) of members fitted on bootstrap resamples.

    Parameters
    ----------
    estimator : estimator or None
        The base classifier to copy for every member; None means an unpruned
        DecisionTreeClassifier. Its ``random_state`` (if it has one) is set
        per member. If its ``fit`` takes ``sample_weight`` the bootstrap is
        passed as integer weights, otherwise as repeated rows.
    n_estimators : int
        Number of members B.
    max_samples : int or float
        Rows drawn for each member: a count, or a fraction of n.
    max_features : int or float
        Features each member sees (drawn without replacement): a count, or a
        fraction of the features.
    bootstrap : bool
        Draw rows with replacement (bagging); False draws without
        replacement (pasting).
    oob_score : bool
        Estimate the accuracy on unseen data from the out-of-bag rows.
    random_state : int, numpy Generator or None
        Seeds the resamples and the members.

    Attributes
    ----------
    estimators_ : list of estimators
        The fitted members. They were trained on the class indices 0..K−1.
    estimators_features_ : list of ndarray
        The feature indices each member saw.
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    n_classes_ : int
        Number of classes.
    oob_score_ : float
        Accuracy of the out-of-bag predictions (only with ``oob_score=True``).
    oob_decision_function_ : ndarray of shape (n_samples, n_classes)
        Out-of-bag class probabilities of the training rows (NaN for a row
        with no out-of-bag member).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, estimator=None, n_estimators=10, max_samples=1.0, max_features=1.0,
                 bootstrap=True, oob_score=False, random_state=None):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.random_state = random_state

    def _default_estimator(self):
        return DecisionTreeClassifier()

    def fit(self, X, y):
        """Fit ``n_estimators`` members, each on its own bootstrap sample."""
        X, y = validate_data(self, X, y, reset=True)
        self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        self.n_classes_ = len(self.classes_)
        counts = self._fit_members(X, y_index)
        if self.oob_score:
            members = [lambda rows, m=member, f=features: self._member_proba(m, X[rows][:, f])
                       for member, features in zip(self.estimators_, self.estimators_features_)]
            self.oob_decision_function_, has = oob_average(members, counts,
                                                           type(self).__name__)
            self.oob_score_ = float(accuracy_score(
                y_index[has], np.argmax(self.oob_decision_function_[has], axis=1)))
        return self

    def _member_proba(self, member, X):
        """A member's class probabilities in the ensemble's K columns (a member
        that never saw class k gives it 0); one-hot votes without predict_proba."""
        proba = np.zeros((X.shape[0], self.n_classes_))
        if hasattr(member, "predict_proba"):
            proba[:, np.asarray(member.classes_, dtype=np.intp)] = member.predict_proba(X)
        else:
            proba[np.arange(X.shape[0]), np.asarray(member.predict(X), dtype=np.intp)] = 1.0
        return proba

    def predict_proba(self, X):
        """Average of the members' class probabilities (eq. 5)."""
        X = validate_data(self, X, reset=False)
        total = np.zeros((X.shape[0], self.n_classes_))
        if _all_trees(self.estimators_, DecisionTreeClassifier):
            # Each tree's class proportions, spread to the ensemble's K
            # columns, read for all trees from one walk (same sum, in order).
            values = []
            for member in self.estimators_:
                value = np.zeros((member.tree_.node_count, self.n_classes_))
                value[:, np.asarray(member.classes_, dtype=np.intp)] = member.tree_.value
                values.append(value)
            stacked, leaf = _walk_members(self, values, X)
            for ids in leaf:
                total += stacked.take(ids, axis=0)
            return total / len(self.estimators_)
        for member, features in zip(self.estimators_, self.estimators_features_):
            total += self._member_proba(member, X[:, features])
        return total / len(self.estimators_)

    def predict(self, X):
        """The class with the highest averaged probability."""
        return self._decode(np.argmax(self.predict_proba(X), axis=1))


class BaggingRegressor(RegressorMixin, _BaseBagging):
    """Bootstrap aggregating for regression: average the predictions of
    members fitted on bootstrap resamples (eq. 4).

    Parameters
    ----------
    estimator : estimator or None
        The base regressor to copy for every member; None means an unpruned
        DecisionTreeRegressor. Its ``random_state`` (if it has one) is set per
        member. If its ``fit`` takes ``sample_weight`` the bootstrap is passed
        as integer weights, otherwise as repeated rows.
    n_estimators : int
        Number of members B.
    max_samples : int or float
        Rows drawn for each member: a count, or a fraction of n.
    max_features : int or float
        Features each member sees (drawn without replacement): a count, or a
        fraction of the features.
    bootstrap : bool
        Draw rows with replacement (bagging); False draws without
        replacement (pasting).
    oob_score : bool
        Estimate R² on unseen data from the out-of-bag rows.
    random_state : int, numpy Generator or None
        Seeds the resamples and the members.

    Attributes
    ----------
    estimators_ : list of estimators
        The fitted members.
    estimators_features_ : list of ndarray
        The feature indices each member saw.
    oob_score_ : float
        R² of the out-of-bag predictions (only with ``oob_score=True``).
    oob_prediction_ : ndarray of shape (n_samples,)
        Out-of-bag prediction of every training row (NaN for a row with no
        out-of-bag member).
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, estimator=None, n_estimators=10, max_samples=1.0, max_features=1.0,
                 bootstrap=True, oob_score=False, random_state=None):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.max_samples = max_samples
        self.max_features = max_features
        self.bootstrap = bootstrap
        self.oob_score = oob_score
        self.random_state = random_state

    def _default_estimator(self):
        return DecisionTreeRegressor()

    def fit(self, X, y):
        """Fit ``n_estimators`` members, each on its own bootstrap sample."""
        X, y = validate_data(self, X, y, reset=True)
        counts = self._fit_members(X, y)
        if self.oob_score:
            members = [lambda rows, m=member, f=features: m.predict(X[rows][:, f])
                       for member, features in zip(self.estimators_, self.estimators_features_)]
            self.oob_prediction_, has = oob_average(members, counts, type(self).__name__)
            self.oob_score_ = float(r2_score(y[has], self.oob_prediction_[has]))
        return self

    def predict(self, X):
        """Average of the members' predictions (eq. 4)."""
        X = validate_data(self, X, reset=False)
        total = np.zeros(X.shape[0])
        if _all_trees(self.estimators_, DecisionTreeRegressor):
            values = [member.tree_.value[:, 0] for member in self.estimators_]
            stacked, leaf = _walk_members(self, values, X)
            for ids in leaf:
                total += stacked.take(ids)
            return total / len(self.estimators_)
        for member, features in zip(self.estimators_, self.estimators_features_):
            total += member.predict(X[:, features])
        return total / len(self.estimators_)


def _all_trees(members, tree_class):
    """Are all members plain trees of this class (not subclasses, whose
    prediction might differ), so that they can be walked all at once?"""
    return all(type(member) is tree_class for member in members)


def _walk_members(ensemble, values, X):
    """Tree members: every tree walked at once (``apply_trees``, each on its
    feature subset) instead of one walk per member. Returns the members'
    node ``values`` laid end to end and the (B, n) ids of each row's leaf in
    that stacked array, one row of ids per member."""
    trees = [member.tree_ for member in ensemble.estimators_]
    leaf = apply_trees(trees, X, columns=ensemble.estimators_features_)
    return np.concatenate(values), leaf
