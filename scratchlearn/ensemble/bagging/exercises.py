"""Exercises: the bootstrap draw, then the out-of-bag average."""

import numpy as np

from scratchlearn.datasets import load_diabetes, load_iris
from scratchlearn.ensemble.bagging.model import bootstrap_counts
from scratchlearn.exercises import Exercise, same_output
from scratchlearn.trees.decision_tree import DecisionTreeClassifier, DecisionTreeRegressor


def _draws(seed, n_samples, n_draws, bootstrap=True):
    return lambda: (np.random.default_rng(seed), n_samples, n_draws, bootstrap)


def _members(tree, X, y, B, seed, proba=False):
    """B trees fitted on bootstrap samples: their predictions for every row,
    read back through a row mask, and how often each tree drew each row."""
    rng = np.random.default_rng(seed)
    counts = np.array([bootstrap_counts(rng, len(y), len(y)) for _ in range(B)])
    predictions = []
    for c in counts:
        fitted = tree.fit(X, y, sample_weight=c.astype(float))
        P = fitted.predict_proba(X) if proba else fitted.predict(X)
        predictions.append(lambda rows, P=P: P[rows])
    return predictions, counts


def _diabetes():
    X, y = load_diabetes(return_X_y=True)
    predictions, counts = _members(DecisionTreeRegressor(max_depth=3), X, y, 12, 0)
    return predictions, counts, "BaggingRegressor"


def _iris_proba():
    X, y = load_iris(return_X_y=True)
    predictions, counts = _members(DecisionTreeClassifier(max_depth=2), X, y, 9, 1, proba=True)
    return predictions, counts, "BaggingClassifier"


def _row_seen_by_all():
    # Row 0 is in every bootstrap sample: it has no out-of-bag estimate.
    P = np.arange(12.0).reshape(3, 4)
    counts = np.array([[2, 0, 1, 1], [1, 1, 0, 2], [1, 0, 3, 0]])
    return [lambda rows, p=p: p[rows] for p in P], counts, "BaggingRegressor"


EXERCISES = (
    Exercise(
        name="bagging.bootstrap",
        function="bootstrap_counts",
        goal="one bootstrap sample, as how many times each row is drawn",
        difficulty=1,
        task="Given a NumPy Generator rng, n_samples and n_draws, return counts "
             "(n_samples,) ints: how many times each row was drawn. With bootstrap=True "
             "draw with replacement, exactly as rng.integers(0, n_samples, "
             "size=n_draws); with bootstrap=False (pasting) take the first n_draws of "
             "rng.permutation(n_samples). A row drawn 0 times is out of bag (eq. 6).",
        equations=("6", "7"),
        checks=(
            same_output("150 draws from 150 rows (the bootstrap)", _draws(0, 150, 150),
                        hint="one call rng.integers(0, n_samples, size=n_draws), then count "
                             "each row's draws."),
            same_output("60 draws from 200 rows (max_samples < 1)", _draws(1, 200, 60),
                        hint="every row gets a count, drawn or not: length n_samples."),
            same_output("30 of 40 rows without replacement (pasting)",
                        _draws(2, 40, 30, False),
                        hint="without replacement: the first n_draws of "
                             "rng.permutation(n_samples), each counted once."),
            same_output("one row", _draws(3, 1, 1),
                        hint="one row drawn once: counts = [1]."),
        ),
        hints=(
            "Draw the row indices with the generator exactly as the task says, so the "
            "same seed gives the same sample.",
            "np.bincount(indices, minlength=n_samples) counts each row's draws, zeros "
            "included.",
            "drawn = rng.integers(0, n_samples, size=n_draws) if bootstrap else "
            "rng.permutation(n_samples)[:n_draws]; return np.bincount(drawn, "
            "minlength=n_samples).",
        ),
        example="""
counts = bootstrap_counts(np.random.default_rng(0), 1000, 1000)
print("first rows drawn", counts[:10], "times")
print(f"out of bag: {np.mean(counts == 0):.3f} (eq. 6: about 1/e = 0.368)")
""",
    ),
    Exercise(
        name="bagging.oob",
        function="oob_average",
        goal="the out-of-bag prediction: each row averaged over the members that never saw it",
        difficulty=2,
        task="member_predictions is a list of B functions: member_predictions[b](mask), "
             "for a boolean row mask (n,), returns member b's predictions for the rows "
             "where mask is True, shape (mask.sum(),) or (mask.sum(), K). "
             "bootstrap_counts (B, n) ints says how often member b drew each row. Return "
             "average, shape (n,) or (n, K): each row's predictions averaged over the "
             "members that drew it 0 times (eq. 7), NaN for a row every member drew; and "
             "has_oob (n,) bool, which rows have an estimate. estimator_name is for a "
             "warning about rows without an estimate (optional).",
        equations=("7",),
        checks=(
            same_output("diabetes, 12 regression trees", _diabetes,
                        hint="eq. 7: divide each row's sum by the number of members that "
                             "left it out, not by B."),
            same_output("iris, 9 trees' class probabilities (n, 3)", _iris_proba,
                        hint="2-D predictions: sum per row and column, divide each row "
                             "by its own count."),
            same_output("a row that every member drew", _row_seen_by_all,
                        hint="a row with no out-of-bag member has no estimate: NaN, and "
                             "has_oob False."),
        ),
        hints=(
            "For each member: out = counts[b] == 0 are the rows it never saw; add its "
            "predictions for them (member_predictions[b](out)) to those rows' sums, and "
            "count one more member for each.",
            "Keep sums of shape (n,) or (n, K) (take the shape from the first "
            "prediction) and counts (n,).",
            "has_oob = counts > 0; average = NaN everywhere, then average[has_oob] = "
            "sums[has_oob] / counts[has_oob] (reshaped to (−1, 1) for 2-D sums).",
        ),
        output_hints={
            "average": "eq. 7: each row's sum over the members that drew it 0 times, divided by "
                       "their number; NaN where there is none.",
            "has_oob": "a row has an estimate when at least one member left it out.",
        },
        example="""
P = np.array([[1.0, 2.0, 3.0, 4.0], [5.0, 6.0, 7.0, 8.0]])
members = [lambda rows, p=p: p[rows] for p in P]
counts = np.array([[1, 0, 2, 0], [0, 0, 0, 3]])
average, has_oob = oob_average(members, counts, "example")
print("out-of-bag average:", average, "estimated:", has_oob)
""",
    ),
)
