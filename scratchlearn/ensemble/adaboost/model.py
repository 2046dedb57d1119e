r"""AdaBoost (SAMME): weak classifiers fitted one after another on reweighted data.

Forward stagewise additive modelling with the exponential loss (notes eq. 3)
builds the score F(x) = Σ_m α_m h_m(x) one term at a time. For K classes
(SAMME, Zhu et al. 2009) each round m

1. fits a weak learner h_m (a depth-1 tree by default) with sample weights w;
2. measures its weighted error  err_m = Σ_i w_i [h_m(x_i) ≠ y_i] / Σ_i w_i   (eq. 7)
3. gives it the weight          α_m = η · (log((1 − err_m)/err_m) + log(K − 1))   (eq. 8)
4. up-weights its mistakes       w_i ← w_i · exp(α_m [h_m(x_i) ≠ y_i]), then normalises   (eq. 9)

and the ensemble predicts the class with the largest weighted vote

    ŷ(x) = argmax_k Σ_m α_m [h_m(x) = k].                          (eq. 10)

``decision_function`` is that vote in Zhu et al.'s symmetric coding (eq. 11),
whose K entries sum to 0, and ``predict_proba`` is softmax(f / (K − 1)) (eq. 12).

α_m > 0 needs err_m < 1 − 1/K (better than guessing); a learner that is not
is discarded and boosting stops. A perfect learner (err_m = 0) ends boosting.
"""

from collections import deque

import numpy as np

from scratchlearn.core.base import BaseEstimator, ClassifierMixin
from scratchlearn.core.special import softmax
from scratchlearn.core.validation import encode_class_labels, is_integer, is_real, validate_data
from scratchlearn.ensemble.bagging.model import accepts_sample_weight, clone_estimator, draw_seeds
from scratchlearn.trees.decision_tree import DecisionTreeClassifier

__all__ = ["AdaBoostClassifier", "samme_estimator_weight", "update_sample_weights"]


# exercise: adaboost.estimator_weight
def samme_estimator_weight(err, n_classes, learning_rate=1.0):
    """α = η · (log((1 − err)/err) + log(K − 1)) (eq. 8): the step that
    minimises the exponential loss along the new learner's direction."""
    return learning_rate * (np.log((1.0 - err) / err) + np.log(n_classes - 1.0))


# exercise: adaboost.sample_weights
def update_sample_weights(w, miss, alpha):
    """w_i · exp(α [h(x_i) ≠ y_i]), normalised to sum to 1 (eq. 9): the
    samples the new learner got wrong (``miss``) weigh e^α times more."""
    w = w * np.exp(alpha * miss)
    w /= w.sum()
    return w


class AdaBoostClassifier(ClassifierMixin, BaseEstimator):
    """AdaBoost with the SAMME rule: a weighted vote of weak learners, each
    fitted to the samples its predecessors got wrong.

    Parameters
    ----------
    estimator : estimator or None
        The weak learner to copy each round; its ``fit`` must accept
        ``sample_weight``. None means a depth-1 DecisionTreeClassifier (a stump).
    n_estimators : int
        Largest number of boosting rounds (fewer if a learner is perfect or no
        better than chance).
    learning_rate : float
        Shrinks every learner's weight α_m (eq. 8); smaller values need more
        rounds and often generalise better.
    random_state : int, numpy Generator or None
        Seeds each round's learner (through its ``random_state``).

    Attributes
    ----------
    estimators_ : list of estimators
        The fitted weak learners, trained on the class indices 0..K−1.
    estimator_weights_ : ndarray of shape (n_rounds,)
        α_m of every kept learner (eq. 8).
    estimator_errors_ : ndarray of shape (n_rounds,)
        Weighted training error err_m of every kept learner (eq. 7).
    classes_ : ndarray of shape (n_classes,)
        The class labels.
    n_classes_ : int
        Number of classes.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray of shape (n_features_in_,)
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, estimator=None, n_estimators=50, learning_rate=1.0, random_state=None):
        self.estimator = estimator
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.random_state = random_state

    def fit(self, X, y):
        """Run up to ``n_estimators`` rounds of SAMME (eqs. 7–9)."""
        self._check_params()
        X, y = validate_data(self, X, y, reset=True)
        self.classes_, y_index = encode_class_labels(y, type(self).__name__)
        K = self.n_classes_ = len(self.classes_)
        base = DecisionTreeClassifier(max_depth=1) if self.estimator is None else self.estimator
        if not accepts_sample_weight(base):
            raise ValueError(f"estimator must accept sample_weight in fit; {base!r} does not.")

        n = X.shape[0]
        w = np.full(n, 1.0 / n)
        self.estimators_, alphas, errors = [], [], []
        for m, seed in enumerate(draw_seeds(self.random_state, self.n_estimators)):
            h = clone_estimator(base, random_state=int(seed)).fit(X, y_index, sample_weight=w)
            miss = np.asarray(h.predict(X)) != y_index
            err = float(np.sum(w[miss]) / np.sum(w))                          # eq. 7
            if err <= 0.0:
                # A perfect learner: eq. 8 would give it an infinite weight. It is
                # kept with weight 1 and boosting stops, as in scikit-learn.
                self.estimators_.append(h)
                alphas.append(1.0)
                errors.append(0.0)
                break
            if err >= 1.0 - 1.0 / K:
                if not self.estimators_:
                    raise ValueError(
                        f"The first weak learner is no better than chance (weighted error "
                        f"{err:.3f} >= 1 - 1/K = {1 - 1 / K:.3f}); AdaBoost cannot start. "
                        "Use a stronger estimator.")
                break                                                          # discard h
            alpha = samme_estimator_weight(err, K, self.learning_rate)         # eq. 8
            self.estimators_.append(h)
            alphas.append(alpha)
            errors.append(err)
            if m < self.n_estimators - 1:
                w = update_sample_weights(w, miss, alpha)                      # eq. 9
        self.estimator_weights_ = np.array(alphas)
        self.estimator_errors_ = np.array(errors)
        return self

    def _check_params(self):
        n = self.n_estimators
        if not (is_integer(n) and n >= 1):
            raise ValueError(f"n_estimators must be an int >= 1, got {n!r}.")
        rate = self.learning_rate
        if not (is_real(rate) and rate > 0):
            raise ValueError(f"learning_rate must be a float > 0, got {rate!r}.")

    # -- prediction ------------------------------------------------------------

    def _staged_scores(self, X):
        """Per round m: the symmetric score f of eq. 11 over the first m
        learners, shape (n_samples, K), built up one learner at a time."""
        K = self.n_classes_
        votes = np.zeros((X.shape[0], K))
        rows = np.arange(X.shape[0])
        alpha_sum = 0.0
        for h, alpha in zip(self.estimators_, self.estimator_weights_):
            votes[rows, np.asarray(h.predict(X), dtype=np.intp)] += alpha
            alpha_sum += alpha
            # +α for the predicted class, −α/(K − 1) for the others: with v the
            # vote of eq. 10 and A = Σα, f_k = (K v_k − A) / ((K − 1) A) (eq. 11).
            yield (K * votes - alpha_sum) / ((K - 1) * alpha_sum)

    def _to_decision(self, scores):
        # Two classes: one column, positive for classes_[1], as scikit-learn.
        return scores[:, 1] - scores[:, 0] if self.n_classes_ == 2 else scores

    def _to_proba(self, decision):
        """softmax(f / (K − 1)) (eq. 12); for two classes d = f₁ − f₀ and
        f = (−d/2, d/2), since f₀ + f₁ = 0."""
        if self.n_classes_ == 2:
            return softmax(np.stack([-decision, decision], axis=1) / 2.0, axis=1)
        return softmax(decision / (self.n_classes_ - 1), axis=1)

    def _to_labels(self, decision):
        if self.n_classes_ == 2:
            return self._decode((decision > 0).astype(np.intp))
        return self._decode(np.argmax(decision, axis=1))

    def staged_decision_function(self, X):
        """Yield ``decision_function(X)`` after each round."""
        X = validate_data(self, X, reset=False)
        for scores in self._staged_scores(X):
            yield self._to_decision(scores)

    def decision_function(self, X):
        """The symmetric score f (eq. 11): (n_samples,) for two classes
        (f₁ − f₀, positive means classes_[1]), else (n_samples, K)."""
        return deque(self.staged_decision_function(X), maxlen=1)[0]   # the last stage

    def staged_predict(self, X):
        """Yield the predicted labels after each round."""
        for decision in self.staged_decision_function(X):
            yield self._to_labels(decision)

    def predict(self, X):
        """The class with the largest weighted vote (eq. 10)."""
        return self._to_labels(self.decision_function(X))

    def staged_predict_proba(self, X):
        """Yield ``predict_proba(X)`` after each round."""
        for decision in self.staged_decision_function(X):
            yield self._to_proba(decision)

    def predict_proba(self, X):
        """Class probabilities softmax(f / (K − 1)) (eq. 12)."""
        return self._to_proba(self.decision_function(X))
