"""Exercises: the two halves of EM, the E-step and the M-step."""

import numpy as np

from scratchlearn.clustering.gaussian_mixture.model import e_step, precision_cholesky
from scratchlearn.datasets import load_iris, load_wine
from scratchlearn.exercises import Exercise, same_output


def _iris_by_class():
    """Iris and one full-covariance component per species."""
    X, y = load_iris(return_X_y=True)
    means = np.array([X[y == k].mean(axis=0) for k in range(3)])
    covariances = np.array([np.cov(X[y == k].T) + 1e-3 * np.eye(4) for k in range(3)])
    return X, np.array([0.2, 0.3, 0.5]), means, precision_cholesky(covariances, "full"), "full"


def _random_diag():
    rng = np.random.default_rng(4)
    X = rng.normal(size=(120, 3)) * [1.0, 3.0, 0.5]
    variances = rng.uniform(0.5, 2.0, size=(4, 3))
    return (X, np.array([0.1, 0.2, 0.3, 0.4]), rng.normal(size=(4, 3)),
            precision_cholesky(variances, "diag"), "diag")


def _far_away():
    # A sample 1000 standard deviations from every component: each density
    # underflows to 0 in linear space, but its logs are finite.
    X, weights, means, U, kind = _iris_by_class()
    return np.vstack([X[:5], [[1000.0, -1000.0, 1000.0, 0.0]]]), weights, means, U, kind


def _one_component():
    X, _, means, U, kind = _iris_by_class()
    return X[::10], np.array([1.0]), means[:1], U[:1], kind


def _iris_responsibilities():
    X, weights, means, U, kind = _iris_by_class()
    return X, np.exp(e_step(X, weights, means, U, kind)[1]), 1e-6, "full"


def _wine_tied():
    X = load_wine(return_X_y=True)[0][:, :5]
    rng = np.random.default_rng(0)
    resp = rng.dirichlet(np.ones(3), size=len(X))
    return X, resp, 1e-6, "tied"


def _random_diag_resp():
    rng = np.random.default_rng(5)
    X = rng.normal(size=(80, 4))
    return X, rng.dirichlet(np.ones(4), size=80), 1e-3, "diag"


def _random_spherical_resp():
    rng = np.random.default_rng(6)
    X = rng.normal(size=(50, 3))
    return X, rng.dirichlet(np.ones(2), size=50), 1e-3, "spherical"


def _unchosen_component():
    # Component 1 is responsible for no sample: N_1 = 10ε, μ_1 = 0, and its
    # covariance is reg_covar·I.
    rng = np.random.default_rng(7)
    X = rng.normal(size=(20, 2))
    resp = np.zeros((20, 2))
    resp[:, 0] = 1.0
    return X, resp, 1e-2, "full"


EXERCISES = (
    Exercise(
        name="gaussian_mixture.e_step",
        function="e_step",
        goal="the E-step: responsibilities and the log-likelihood, in log space",
        difficulty=2,
        task="Given samples X (n, d), mixture weights π (K,), means (K, d) and the "
             "Cholesky factors of the precisions in the shape of covariance_type, "
             "return log_px (n,), log p(xᵢ) = log Σ_k π_k N(xᵢ | μ_k, Σ_k), and "
             "log_resp (n, K), the log responsibilities log r_ik. Work in logs: "
             "log_gaussian_density(X, means, precisions_chol, covariance_type) gives "
             "log N(xᵢ | μ_k, Σ_k) as (n, K), and logsumexp(a, axis=1) sums "
             "exponentials without underflow.",
        equations=("1", "3", "6"),
        checks=(
            same_output("iris, one full-covariance component per species",
                        _iris_by_class,
                        hint="eq. 6: log r_ik = log π_k + log N_ik − log p(xᵢ); the "
                             "weights enter as log π_k."),
            same_output("random data, four diagonal components", _random_diag,
                        hint="eq. 1: log p(xᵢ) = logsumexp over k of log π_k + log N_ik."),
            same_output("a sample far from every component", _far_away,
                        hint="exp of the log-densities underflows to 0 here: normalise "
                             "with logsumexp in log space (eq. 6), never divide 0 by 0."),
            same_output("a single component", _one_component,
                        hint="with K = 1 every responsibility is 1, so log r = 0."),
        ),
        hints=(
            "Add log π_k to every column of the (n, K) log-densities; eq. 6 then "
            "normalises each row.",
            "The normaliser of row i is log p(xᵢ) = logsumexp of that row (eq. 1); "
            "subtract it from the row.",
            "weighted = log_gaussian_density(...) + np.log(weights); log_px = "
            "logsumexp(weighted, axis=1); log_resp = weighted - log_px[:, None].",
        ),
        output_hints={
            "log_px": "eq. 1 in logs: logsumexp over k of log π_k + log N(xᵢ | θ_k).",
            "log_resp": "eq. 6: log π_k + log N_ik − log p(xᵢ), row by row.",
        },
        example="""
rng = np.random.default_rng(0)
X = np.vstack([rng.normal(-2, 1, size=(5, 2)), rng.normal(3, 1, size=(5, 2))])
means = np.array([[-2.0, -2.0], [3.0, 3.0]])
precisions_chol = np.ones(2)                       # spherical, unit variance
log_px, log_resp = e_step(X, np.array([0.5, 0.5]), means, precisions_chol, "spherical")
print("log-likelihood:", log_px.sum())
print("responsibilities:\\n", np.exp(log_resp).round(3))
""",
    ),
    Exercise(
        name="gaussian_mixture.m_step",
        function="m_step",
        goal="the M-step: weights, means and covariances from responsibilities",
        difficulty=3,
        task="Given samples X (n, d), responsibilities resp (n, K), reg_covar ε and "
             "covariance_type, return N (K,), the soft counts N_k = Σᵢ r_ik plus 10 "
             "machine epsilons (10 * np.finfo(float).eps, so that an unchosen "
             "component gets μ_k = 0, not 0/0); means (K, d), μ_k = Σᵢ r_ik xᵢ / N_k; "
             "and the covariances with ε added to every variance: 'full' (K, d, d) by "
             "eq. 8, 'tied' (d, d) by eq. 9 (the total weight is Σ_k N_k), 'diag' (K, d) "
             "by eq. 10 and 'spherical' (K,) by eq. 11.",
        equations=("7", "8", "9", "10", "11"),
        checks=(
            same_output("iris, full covariances from E-step responsibilities",
                        _iris_responsibilities, rtol=1e-6,
                        hint="eq. 8: Σ_k = Σᵢ r_ik (xᵢ − μ_k)(xᵢ − μ_k)ᵀ / N_k + εI."),
            same_output("wine (5 features), a tied covariance", _wine_tied, rtol=1e-6,
                        hint="eq. 9: one Σ for all components, (XᵀX − Σ_k N_k μ_k μ_kᵀ) "
                             "divided by Σ_k N_k, plus εI."),
            same_output("random data, diagonal covariances", _random_diag_resp, rtol=1e-6,
                        hint="eq. 10: σ²_kj = Σᵢ r_ik x_ij² / N_k − μ_kj² + ε."),
            same_output("random data, spherical covariances", _random_spherical_resp,
                        rtol=1e-6,
                        hint="eq. 11: the mean over features of the diagonal variances "
                             "(ε included)."),
            same_output("a component responsible for no sample", _unchosen_component,
                        rtol=1e-6,
                        hint="N_k gets 10 machine epsilons (eq. 7), so μ_k = 0 and Σ_k = εI "
                             "instead of 0/0."),
        ),
        hints=(
            "Everything is a weighted average with weights r_ik: N = resp.sum(axis=0) "
            "(+ 10ε), means = resp.T @ X / N[:, None] (eq. 7).",
            "Full: for each k, diff = X − μ_k and (resp[:, k] * diff.T) @ diff / N_k. Diag: "
            "resp.T @ (X * X) / N[:, None] − means² (eq. 10).",
            "Tied: (X.T @ X − (N * means.T) @ means) / N.sum(); spherical: the diag "
            "variances' mean over axis 1. Add ε to every diagonal.",
        ),
        output_hints={
            "N": "eq. 7: N_k = Σᵢ r_ik, plus 10 machine epsilons.",
            "means": "eq. 7: μ_k = Σᵢ r_ik xᵢ / N_k.",
            "covariances": "eqs. 8–11 for the covariance type, with ε = reg_covar on every "
                           "variance.",
        },
        example="""
X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0]])
resp = np.array([[1.0, 0.0], [1.0, 0.0], [0.9, 0.1], [0.0, 1.0], [0.1, 0.9]])
N, means, covariances = m_step(X, resp, 1e-6, "full")
print("weights:", N / len(X))
print("means:\\n", means)
print("covariances:\\n", covariances)
""",
    ),
)
