"""Exercises: LDA's pooled within-class covariance; QDA's quadratic
discriminant of one class."""

import numpy as np

from scratchlearn.datasets import load_iris, load_wine
from scratchlearn.exercises import Exercise, Mismatch, property_holds, same_output


def _centred_by_class(X, y, K):
    N = np.bincount(y, minlength=K).astype(float)
    means = np.array([X[y == k].mean(axis=0) for k in range(K)])
    return X - means[y], N, means


def _iris_pooled():
    X, y = load_iris(return_X_y=True)
    Xc, N, _ = _centred_by_class(X, y, 3)
    return Xc, y, N, N / N.sum()


def _wine_given_priors():
    X, y = load_wine(return_X_y=True)
    Xc, N, _ = _centred_by_class(X, y, 3)
    return Xc, y, N, np.array([0.5, 0.3, 0.2])


def _one_feature_two_classes():
    X = np.array([[1.0], [3.0], [10.0], [10.0], [16.0]])
    y = np.array([0, 0, 1, 1, 1])
    Xc, N, _ = _centred_by_class(X, y, 2)
    return Xc, y, N, np.array([0.4, 0.6])


def _matches_the_weighted_sum(learner):
    rng = np.random.default_rng(31)
    X, y = rng.normal(size=(30, 3)), rng.integers(0, 3, 30)
    Xc, N, _ = _centred_by_class(X, y, 3)
    priors = np.array([0.2, 0.5, 0.3])
    expected = sum(priors[k] * np.cov(X[y == k].T, bias=True) for k in range(3))
    got = np.asarray(learner(Xc, y, N, priors), dtype=float)
    if got.shape != (3, 3) or not np.allclose(got, expected, rtol=1e-10):
        raise Mismatch("your Σ_W is not Σ_k π_k C_k (eq. 7) with C_k each class's biased "
                       "covariance (eq. 6).")


def _qda_args(X, y, k, reg=0.0):
    rows = X[y == k]
    mean = rows.mean(axis=0)
    C = (rows - mean).T @ (rows - mean) / len(rows)
    C = (1 - reg) * C + reg * np.eye(X.shape[1])
    return X, mean, np.linalg.cholesky(C), np.log(np.mean(y == k))


def _iris_quadratic():
    X, y = load_iris(return_X_y=True)
    return _qda_args(X, y, 1)


def _wine_regularised():
    X, y = load_wine(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return _qda_args(X, y, 2, reg=0.1)


def _at_the_mean():
    mean = np.array([1.0, -1.0])
    L = np.array([[2.0, 0.0], [0.5, 0.1]])
    return mean[None, :], mean, L, np.log(0.25)


def _matches_the_gaussian(learner):
    rng = np.random.default_rng(32)
    A = rng.normal(size=(3, 3))
    Sigma = A @ A.T + np.eye(3)
    mean, X = rng.normal(size=3), rng.normal(size=(4, 3))
    got = np.asarray(learner(X, mean, np.linalg.cholesky(Sigma), np.log(0.3)), dtype=float)
    diff = X - mean
    expected = (-0.5 * np.linalg.slogdet(Sigma)[1]
                - 0.5 * np.einsum("ij,jk,ik->i", diff, np.linalg.inv(Sigma), diff) + np.log(0.3))
    if got.shape != (4,) or not np.allclose(got, expected, rtol=1e-9):
        raise Mismatch(f"your δ is {np.round(got, 5).tolist()}; eq. 3 with Σ = LLᵀ inverted "
                       f"directly gives {np.round(expected, 5).tolist()}.")


EXERCISES = (
    Exercise(
        name="discriminant_analysis.pooled_covariance",
        function="within_class_covariance",
        goal="LDA's shared covariance: the prior-weighted average of the class covariances",
        difficulty=1,
        task="Xc (n, d) holds each sample minus its class mean, y_index (n,) the class "
             "numbers 0, …, K − 1, N (K,) the class counts and priors (K,) the class "
             "priors π_k. Return Σ_W = Σ_k π_k C_k (eq. 7), shape (d, d), where C_k is class "
             "k's biased covariance Σ_{i in k} (x_i − μ_k)(x_i − μ_k)ᵀ / N_k (eq. 6). One "
             "matrix product is enough.",
        equations=("6", "7"),
        checks=(
            same_output("iris, priors = class frequencies", _iris_pooled,
                        hint="eq. 6 divides by N_k (the maximum-likelihood estimate), "
                             "not N_k − 1."),
            same_output("wine, priors 0.5 / 0.3 / 0.2", _wine_given_priors,
                        hint="eq. 7 weights class k by π_k, which need not be N_k/N."),
            same_output("one feature, two classes", _one_feature_two_classes,
                        hint="Σ_W is (d, d) even when d = 1: Xcᵀ(...) gives a 1 × 1 "
                             "matrix."),
            property_holds("Σ_W equals Σ_k π_k C_k computed class by class",
                           _matches_the_weighted_sum,
                           hint="eq. 7: each sample's outer product weighs π_{yᵢ}/N_{yᵢ}."),
        ),
        hints=(
            "Each sample's outer product (x_i − μ_{y_i})(x_i − μ_{y_i})ᵀ enters with weight "
            "π_{y_i}/N_{y_i}.",
            "weight = (priors / N)[y_index] gives the per-sample weights, shape (n,).",
            "return Xc.T @ (Xc * weight[:, None])",
        ),
        example="""
X = np.array([[1.0, 0.0], [3.0, 1.0], [10.0, 2.0], [12.0, 5.0]])
y = np.array([0, 0, 1, 1])
means = np.array([X[y == k].mean(axis=0) for k in range(2)])
print(within_class_covariance(X - means[y], y, np.array([2.0, 2.0]), np.array([0.5, 0.5])))
""",
    ),
    Exercise(
        name="discriminant_analysis.quadratic",
        function="quadratic_discriminant",
        goal="QDA's discriminant of one class, through its covariance's Cholesky factor",
        difficulty=2,
        task="For samples X (n, d) and one class with mean μ (d,), covariance Σ = LLᵀ (L "
             "lower-triangular, (d, d)) and log prior log π, return δ(x) of eq. 3 for every "
             "row, shape (n,): −½ log|Σ| − ½ (x − μ)ᵀΣ⁻¹(x − μ) + log π, without the "
             "constant −(d/2) log 2π. Use L: (x − μ)ᵀΣ⁻¹(x − μ) = ‖L⁻¹(x − μ)‖² and "
             "log|Σ| = 2 Σ_j log L_jj.",
        equations=("2", "3"),
        checks=(
            same_output("iris, versicolor's mean and covariance", _iris_quadratic,
                        hint="eq. 3 has ½ log|Σ|, and log|Σ| = 2 Σ log L_jj — the ½ and "
                             "the 2 cancel."),
            same_output("wine, standardised, a regularised covariance", _wine_regularised,
                        hint="solve with L (or invert it once) and square-sum each row of "
                             "L⁻¹(x − μ): the rows of (X − μ) L⁻ᵀ."),
            same_output("a sample exactly at the mean", _at_the_mean,
                        hint="at x = μ only −½ log|Σ| + log π remain."),
            property_holds("δ equals eq. 3 with Σ inverted directly", _matches_the_gaussian,
                           hint="eq. 3: the Mahalanobis distance uses Σ⁻¹ = L⁻ᵀL⁻¹."),
        ),
        hints=(
            "Centre the samples at μ; then you need, for each row, the squared length of "
            "L⁻¹(x − μ).",
            "L_inv = np.linalg.solve(L, I); Z = (X − μ) @ L_inv.T has rows L⁻¹(x − μ); "
            "the distance is (Z²).sum(axis=1).",
            "δ = −½ (Σ_j Z²_ij + 2 Σ_j log L_jj) + log π.",
        ),
        example="""
L = np.linalg.cholesky(np.array([[2.0, 0.3], [0.3, 0.5]]))
X = np.array([[0.0, 0.0], [1.0, 1.0], [3.0, -1.0]])
print(np.round(quadratic_discriminant(X, np.zeros(2), L, np.log(0.5)), 4))
""",
    ),
)
