"""Exercises: one SAMME round, the learner's weight and the samples' new weights."""

import numpy as np

from scratchlearn.datasets import load_iris, load_wine
from scratchlearn.exercises import Exercise, same_output
from scratchlearn.trees.decision_tree import DecisionTreeClassifier


def _stump_round(X, y):
    """A stump's mistakes on uniformly weighted data, and its SAMME weight."""
    w = np.full(len(y), 1.0 / len(y))
    miss = DecisionTreeClassifier(max_depth=1).fit(X, y).predict(X) != y
    K = len(np.unique(y))
    alpha = np.log((1 - miss.mean()) / miss.mean()) + np.log(K - 1)
    return w, miss, alpha


def _iris_round():
    return _stump_round(*load_iris(return_X_y=True))


def _wine_second_round():
    X, y = load_wine(return_X_y=True)
    w, miss, alpha = _stump_round(X, y)
    w = w * np.exp(alpha * miss)
    w /= w.sum()
    rng = np.random.default_rng(0)
    return w, rng.uniform(size=len(y)) < 0.3, 0.8


def _no_mistake():
    return np.array([0.1, 0.2, 0.3, 0.4]), np.zeros(4, dtype=bool), 2.5


EXERCISES = (
    Exercise(
        name="adaboost.estimator_weight",
        function="samme_estimator_weight",
        goal="the SAMME weight α of a weak learner from its weighted error",
        difficulty=1,
        task="Given the weak learner's weighted error err (a number, or an array of "
             "them), the number of classes K and the learning rate η, return α "
             "(eq. 8), elementwise for an array.",
        equations=("6", "7", "8"),
        checks=(
            same_output("two classes, err = 0.2", lambda: (0.2, 2, 1.0),
                        hint="with K = 2, eq. 8 is log((1 − err)/err): no ½ in SAMME "
                             "(eq. 6 has one, eq. 8 does not)."),
            same_output("three classes, err = 0.4, η = 0.5", lambda: (0.4, 3, 0.5),
                        hint="eq. 8: the term log(K − 1) makes α > 0 for any err < 1 − 1/K; "
                             "η multiplies the whole."),
            same_output("ten classes, an array of errors", lambda: (
                np.array([0.05, 0.3, 0.6, 0.85, 0.9]), 10, 1.0),
                hint="elementwise NumPy: np.log of arrays."),
            same_output("chance level err = 1 − 1/K", lambda: (0.75, 4, 1.0),
                        hint="a learner at chance level gets α = 0."),
        ),
        hints=(
            "Eq. 8 has two logs: the odds of being right, and the number of wrong classes.",
            "log((1 − err)/err) + log(K − 1), all times η.",
            "return learning_rate * (np.log((1.0 - err) / err) + np.log(n_classes - 1.0))",
        ),
        example="""
for err in (0.1, 0.3, 0.5, 0.6):
    print(f"err {err}: alpha = {samme_estimator_weight(err, 3):.3f}")
""",
    ),
    Exercise(
        name="adaboost.sample_weights",
        function="update_sample_weights",
        goal="reweight the samples: mistakes weigh e^α times more",
        difficulty=1,
        task="Given the sample weights w (n,), the boolean mask miss (n,) of the samples "
             "the new learner got wrong and its weight α, return the new weights (n,) "
             "of eq. 9, normalised to sum to 1. Do not change w in place.",
        equations=("9",),
        checks=(
            same_output("iris, after the first stump", _iris_round,
                        hint="eq. 9: multiply the weights of the misclassified samples by "
                             "e^α; the others keep theirs."),
            same_output("wine, weights that are not uniform, η = 0.8", _wine_second_round,
                        hint="then normalise: the new weights sum to 1."),
            same_output("a learner that made no mistake", _no_mistake,
                        hint="nothing to up-weight: the weights only get normalised."),
        ),
        hints=(
            "Mistakes are up-weighted by e^α, correct samples are left alone, then all "
            "are divided by their sum (eq. 9).",
            "exp(α · miss) is e^α where miss is True and 1 where it is False.",
            "w = w * np.exp(alpha * miss); return w / w.sum()",
        ),
        example="""
w = np.full(5, 0.2)
miss = np.array([False, True, False, False, True])
print(update_sample_weights(w, miss, np.log(4.0)))
""",
    ),
)
