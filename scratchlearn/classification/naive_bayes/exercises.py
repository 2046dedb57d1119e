"""Exercises: the Gaussian naive Bayes log-likelihood of every sample under
every class; each class's mean and variance."""

import numpy as np

from scratchlearn.datasets import load_iris, load_wine
from scratchlearn.exercises import Exercise, Mismatch, property_holds, same_output


def _class_stats(X, y, K):
    theta = np.array([X[y == k].mean(axis=0) for k in range(K)])
    var = np.array([X[y == k].var(axis=0) for k in range(K)]) + 1e-9 * X.var(axis=0).max()
    return theta, var


def _iris_likelihood():
    X, y = load_iris(return_X_y=True)
    return (X, *_class_stats(X, y, 3))


def _wine_new_points():
    X, y = load_wine(return_X_y=True)
    theta, var = _class_stats(X, y, 3)
    rng = np.random.default_rng(28)
    return X[rng.choice(len(X), 7)] + rng.normal(size=(7, 13)), theta, var


def _one_sample_tiny_variance():
    return (np.array([[1.0, -2.0]]), np.array([[1.0, -2.0], [1.001, -1.999]]),
            np.array([[1e-9, 1e-9], [1e-6, 4.0]]))


def _matches_the_density(learner):
    rng = np.random.default_rng(29)
    X = rng.normal(size=(5, 3))
    theta, var = rng.normal(size=(2, 3)), rng.uniform(0.5, 2.0, size=(2, 3))
    got = np.asarray(learner(X, theta, var), dtype=float)
    density = np.exp(-(X[:, None, :] - theta) ** 2 / (2 * var)) / np.sqrt(2 * np.pi * var)
    expected = np.log(density).sum(axis=2)
    if got.shape != expected.shape or not np.allclose(got, expected, rtol=1e-9):
        raise Mismatch(f"your log-likelihoods {np.round(got, 5).tolist()} are not the logs of "
                       f"the product of normal densities {np.round(expected, 5).tolist()}.")


def _iris_stats():
    X, y = load_iris(return_X_y=True)
    return X, y, 3


def _wine_weighted_stats():
    X, y = load_wine(return_X_y=True)
    return X, y, 3, np.random.default_rng(30).uniform(0.1, 3.0, len(y))


def _empty_and_single_classes():
    X = np.array([[1.0, 2.0], [3.0, 5.0], [2.0, -1.0], [4.0, 4.0]])
    return X, np.array([0, 0, 2, 0]), 4


EXERCISES = (
    Exercise(
        name="naive_bayes.log_likelihood",
        function="gaussian_log_likelihood",
        goal="the Gaussian naive Bayes log-likelihood of every sample under every class",
        difficulty=2,
        task="X (n, d) holds the samples, theta (K, d) each class's feature means and var "
             "(K, d) its feature variances. Return the (n, K) array whose entry [i, k] is "
             "Σ_j log N(x_ij; θ_kj, σ²_kj) (eqs. 2 and 5). Vectorise over samples and "
             "classes: no Python loop over samples.",
        equations=("2", "3", "5"),
        checks=(
            same_output("iris, each class's own mean and variance", _iris_likelihood,
                        hint="eq. 5: −½ log(2πσ²) − (x − θ)²/(2σ²) per feature, summed over "
                             "the features (eq. 2 is a product of densities)."),
            same_output("7 new points against wine's 3 classes", _wine_new_points,
                        hint="the result is (n, K): one column per class, one row per "
                             "sample — broadcast X[:, None, :] against θ[None, :, :]."),
            same_output("one sample, a class with variance 1e-9", _one_sample_tiny_variance,
                        rtol=1e-6,
                        hint="eq. 5's normaliser is log(2πσ²), inside the −½: with a tiny σ² "
                             "it is large and negative, so the log-likelihood is large."),
            property_holds("the log of a product of normal densities", _matches_the_density,
                           hint="eq. 2: log of a product is the sum of the logs."),
        ),
        hints=(
            "Broadcast: (X[:, None, :] − θ[None, :, :]) has shape (n, K, d); sum eq. 5 "
            "over the last axis.",
            "−½ Σ_j [log(2πσ²_kj) + (x_ij − θ_kj)²/σ²_kj]. The model expands the square "
            "into two matrix products to save memory; either way is right.",
            "return -0.5 * (np.log(2 * np.pi * var).sum(axis=1) + "
            "((X[:, None, :] - theta) ** 2 / var).sum(axis=2))",
        ),
        example="""
X = np.array([[0.0, 1.0], [2.0, 2.0]])
theta = np.array([[0.0, 0.0], [2.0, 2.0]])
var = np.ones((2, 2))
print(np.round(gaussian_log_likelihood(X, theta, var), 4))
""",
    ),
    Exercise(
        name="naive_bayes.mean_variance",
        function="class_mean_variance",
        goal="each class's (weighted) count, feature means and feature variances",
        difficulty=1,
        task="X (n, d), y_index (n,) class numbers in 0, …, n_classes − 1, optional sample "
             "weights w (n,). Return (N, theta, var): N (K,) the (weighted) count of each "
             "class, theta (K, d) its feature means and var (K, d) its biased feature "
             "variances (divide by N_k, not N_k − 1), weighted when w is given. A class "
             "with no samples gets N_k = 0 and zero rows.",
        equations=("5", "6"),
        checks=(
            same_output("iris, 3 classes", _iris_stats,
                        hint="the maximum-likelihood variance divides by N_k: np.var's "
                             "default (ddof = 0)."),
            same_output("wine, weighted samples", _wine_weighted_stats,
                        hint="with weights, θ_k = Σ wᵢxᵢ / Σ wᵢ over the class and the "
                             "variance weights the squared deviations the same way."),
            same_output("a class with no samples and a class with one", _empty_and_single_classes,
                        hint="a class with no rows: N_k = 0 and zeros, not NaN; a single "
                             "sample has variance 0."),
        ),
        hints=(
            "Loop over the classes (not the samples): take the rows of class k, then their "
            "mean and variance along axis 0.",
            "Skip a class with no rows (or zero total weight), leaving zeros. With weights "
            "use (w_k @ rows) / N_k for the mean and for the mean squared deviation.",
            "theta[k] = rows.mean(axis=0); var[k] = ((rows − theta[k])²).mean(axis=0); "
            "N[k] = len(rows) or w_k.sum().",
        ),
        example="""
X = np.array([[1.0, 2.0], [3.0, 6.0], [10.0, 0.0]])
N, theta, var = class_mean_variance(X, np.array([0, 0, 1]), 2)
print(N, theta, var, sep="\\n")
""",
    ),
)
