"""Exercise: the exponents of the monomials that make the polynomial features."""

from math import comb

import numpy as np

from scratchlearn.datasets import load_iris
from scratchlearn.exercises import Exercise, Mismatch, property_holds, same_output


def _iris_cubic():
    return load_iris().data.shape[1], 3


def _two_features_with_bias():
    return 2, 2, False, True


def _interactions_only():
    return 4, 3, True, False


def _degree_zero():
    return 3, 0


def _counts_match_eq_4(learner):
    for d, p in ((1, 5), (3, 2), (5, 3)):
        powers = np.asarray(learner(d, p, False, False))
        expected = comb(d + p, p) - 1
        if powers.ndim != 2 or powers.shape[0] != expected:
            raise Mismatch(f"{d} features, degree {p}: {powers.shape[0] if powers.ndim else 0} "
                           f"monomials; eq. 4 counts {expected} (without the constant).")
        degrees = powers.sum(axis=1)
        if np.any(np.diff(degrees) < 0) or degrees.min() < 1 or degrees.max() > p:
            raise Mismatch(f"{d} features, degree {p}: the total degrees of your rows are "
                           f"{degrees.tolist()}; they should run 1, …, {p} in order.")


EXERCISES = (
    Exercise(
        name="polynomial_regression.powers",
        function="monomial_powers",
        module="scratchlearn.core.preprocessing",
        goal="the exponents of every monomial of the polynomial features, in order",
        difficulty=2,
        task="Return an int array of shape (m, n_features): row k holds the exponent of each "
             "feature in monomial k, for every monomial of total degree 0 (only if "
             "include_bias) through degree. Rows go by total degree; within one degree, in "
             "lexicographic order of the sorted tuple of features multiplied (for features "
             "a, b and degree 2: 1, a, b, a², ab, b² — scikit-learn's order). With "
             "interaction_only, keep only products of distinct features (exponents 0 or 1).",
        equations=("1", "4"),
        checks=(
            same_output("iris's 4 features, degree 3", _iris_cubic,
                        hint="eq. 1 lists degree 1 first, then 2, then 3; the constant (degree "
                             "0) comes first when include_bias is True (the default)."),
            same_output("2 features, degree 2, with the constant", _two_features_with_bias,
                        hint="for (a, b): 1, a, b, a², ab, b² — rows [0,0], [1,0], [0,1], "
                             "[2,0], [1,1], [0,2]."),
            same_output("4 features, degree 3, interactions only, no constant",
                        _interactions_only,
                        hint="interaction_only: products of distinct features, so every "
                             "exponent is 0 or 1 (combinations without replacement)."),
            same_output("degree 0: the constant alone", _degree_zero,
                        hint="degree 0 with include_bias leaves one row of zeros: shape "
                             "(1, n_features)."),
            property_holds("the number of monomials is C(d + p, p) − 1 (eq. 4)",
                           _counts_match_eq_4,
                           hint="eq. 4: choosing a multiset of p items from d features and "
                                "a 'none' placeholder."),
        ),
        hints=(
            "A monomial of degree k is a multiset of k features: x₀²x₂ is (0, 0, 2). "
            "itertools has a function that lists the sorted k-tuples in order.",
            "itertools.combinations_with_replacement(range(d), k) for k = 0 (or 1), …, p "
            "(itertools.combinations for interaction_only); then count how often each "
            "feature appears in a tuple.",
            "terms = [t for k in range(start, degree + 1) for t in combine(range(d), k)]; "
            "powers[row, j] = number of times j occurs in terms[row] (np.add.at).",
        ),
        example="""
print(monomial_powers(2, 2))            # rows: 1, a, b, a², ab, b²
print(monomial_powers(3, 2, interaction_only=True, include_bias=False))
""",
    ),
)
