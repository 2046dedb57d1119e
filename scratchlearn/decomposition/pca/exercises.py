"""Exercises: what PCA makes of the SVD of the centred data — the variance of
each direction, and the sign that makes each direction unique."""

import numpy as np

from scratchlearn.datasets import load_iris, load_wine
from scratchlearn.exercises import Exercise, same_output


def _directions(X):
    return np.linalg.svd(X - X.mean(axis=0), full_matrices=False)


def _iris_singular_values():
    X = load_iris(return_X_y=True)[0]
    return _directions(X)[1], len(X)


def _wine_singular_values():
    X = load_wine(return_X_y=True)[0]
    return _directions(X)[1], len(X)


def _constant_data():
    return np.zeros(3), 10


def _two_samples():
    X = np.array([[1.0, 2.0, 0.0], [3.0, -1.0, 4.0]])
    return _directions(X)[1], 2


def _iris_directions():
    return (_directions(load_iris(return_X_y=True)[0])[2],)


def _random_directions():
    return (_directions(np.random.default_rng(7).normal(size=(5, 8)))[2],)


def _ties_and_negatives():
    # Row 0: its largest |entry| is negative. Row 1: two entries tie for the
    # largest |entry|, the first of them is negative. Row 2 is already right.
    return (np.array([[0.3, -0.9, 0.3], [-0.6, 0.6, 0.52915026], [0.8, 0.6, 0.0]]),)


EXERCISES = (
    Exercise(
        name="pca.variance",
        function="explained_variance",
        goal="the variance along each principal direction, and its share",
        difficulty=1,
        task="Given the singular values σ (r,) of the centred data X̃ (n samples), "
             "largest first, return variance (r,), the variance λⱼ of the data along "
             "each principal direction (eq. 5), and ratio (r,), each λⱼ's share of the "
             "total variance (eq. 7). Data with no variance at all (every σ = 0) get "
             "ratios of 0.",
        equations=("2", "5", "7"),
        checks=(
            same_output("iris", _iris_singular_values,
                        hint="eq. 5: λⱼ = σⱼ² / (n − 1), the sample covariance's "
                             "eigenvalue (eq. 2 divides by n − 1)."),
            same_output("wine", _wine_singular_values,
                        hint="eq. 7: ratioⱼ = λⱼ / Σₗ λₗ, the sum over all r directions."),
            same_output("two samples (one direction of variance)", _two_samples,
                        hint="with n = 2, n − 1 = 1: λⱼ = σⱼ²."),
            same_output("constant data (every σ = 0)", _constant_data,
                        hint="nothing to share out: ratios of 0, not 0/0."),
        ),
        hints=(
            "X̃ = UΣVᵀ makes the covariance S = V (Σ²/(n − 1)) Vᵀ (eq. 5): its "
            "eigenvalues are σⱼ²/(n − 1).",
            "The ratio divides by the total Σₗ λₗ; guard the case where that total is 0.",
            "variance = sigma ** 2 / (n - 1); total = variance.sum(); ratio = variance / "
            "total if total > 0 else np.zeros_like(variance).",
        ),
        output_hints={
            "variance": "eq. 5: λⱼ = σⱼ² / (n − 1).",
            "ratio": "eq. 7: λⱼ / Σₗ λₗ, and 0 when the total is 0.",
        },
        example="""
X = np.array([[2.0, 0.0], [0.0, 1.0], [-2.0, 0.0], [0.0, -1.0]])
sigma = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
variance, ratio = explained_variance(sigma, len(X))
print("variance:", variance, "ratio:", ratio)
""",
    ),
    Exercise(
        name="pca.signs",
        function="flip_signs",
        goal="the sign convention that makes each principal direction unique",
        difficulty=1,
        task="An eigenvector is defined only up to its sign. Given the directions Vᵀ "
             "(r, d), one per row, return them (r, d) with each row multiplied by ±1 so "
             "that its entry of largest absolute value is positive (eq. 11); when "
             "several entries tie for the largest absolute value, the first of them "
             "decides.",
        equations=("11",),
        checks=(
            same_output("iris's four directions", _iris_directions,
                        hint="eq. 11: the largest entry in absolute value, not the "
                             "largest entry, decides the sign."),
            same_output("random data, 5 directions in 8 dimensions", _random_directions,
                        hint="flip whole rows (directions), not columns."),
            same_output("ties for the largest |entry|, and negative largest entries",
                        _ties_and_negatives,
                        hint="on a tie, the first entry of largest |·| decides: "
                             "np.argmax returns the first."),
        ),
        hints=(
            "Per row: find the index m of the entry with the largest |v_m| (eq. 11), then "
            "multiply the row by the sign of v_m.",
            "np.argmax(np.abs(Vt), axis=1) gives m for every row at once.",
            "signs = np.sign(Vt[np.arange(len(Vt)), m]); return Vt * signs[:, None].",
        ),
        example="""
Vt = np.array([[-0.8, 0.6], [0.6, 0.8]])
print(flip_signs(Vt))
""",
    ),
)
