"""Exercises: the posterior mean (with the residual sum of squares) and the
posterior covariance of Bayesian linear regression, in the SVD basis."""

import numpy as np

from scratchlearn.datasets import load_diabetes
from scratchlearn.exercises import Exercise, Mismatch, property_holds, same_output


def _spectrum(X, y):
    """(s, Vt, z, ‖y_⊥‖²) of the centred data, as the model computes them (eq. 12)."""
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    z = U.T @ yc
    y_perp = yc - U @ z
    return s, Vt, z, y_perp @ y_perp


def _diabetes_mean():
    X, y = load_diabetes(return_X_y=True)
    return (1 / 3000.0, 0.002, *_spectrum(X, y))


def _wide_mean():
    rng = np.random.default_rng(12)
    X = rng.normal(size=(6, 9))
    return (4.0, 0.5, *_spectrum(X, X @ rng.normal(size=9) + 0.1 * rng.normal(size=6)))


def _tall_noisy_mean():
    rng = np.random.default_rng(13)
    X = rng.normal(size=(40, 3))
    return (0.2, 30.0, *_spectrum(X, rng.normal(size=40) * 5))


def _matches_eq_3(learner):
    rng = np.random.default_rng(15)
    X = rng.normal(size=(25, 4))
    Xc = X - X.mean(axis=0)
    y = Xc @ np.array([1.0, -0.5, 2.0, 0.0]) + rng.normal(size=25)
    yc = y - y.mean()
    alpha, lam = 2.0, 0.7
    m, sse = learner(alpha, lam, *_spectrum(X, y))
    Sigma = np.linalg.inv(lam * np.eye(4) + alpha * Xc.T @ Xc)
    m_direct = alpha * Sigma @ Xc.T @ yc
    r = yc - Xc @ m_direct
    if not np.allclose(m, m_direct, rtol=1e-8):
        raise Mismatch(f"m is {np.round(m, 6)}, but αΣXᵀy with Σ = (λI + αXᵀX)⁻¹ (eq. 3) is "
                       f"{np.round(m_direct, 6)}.")
    if not np.isclose(sse, r @ r, rtol=1e-8):
        raise Mismatch(f"sse is {float(sse):.8g}, but ‖y − Xm‖² is {r @ r:.8g}.")


def _diabetes_cov():
    X, y = load_diabetes(return_X_y=True)
    s, Vt, _, _ = _spectrum(X, y)
    return 1 / 3000.0, 0.002, s, Vt


def _wide_cov():
    rng = np.random.default_rng(16)
    s, Vt, _, _ = _spectrum(rng.normal(size=(4, 7)), rng.normal(size=4))
    return 3.0, 0.25, s, Vt


def _one_sample_cov():
    # One centred sample is all zeros: nothing is learned, Σ is the prior's.
    s, Vt, _, _ = _spectrum(np.array([[1.0, 2.0, 3.0]]), np.array([1.0]))
    return 2.0, 4.0, s, Vt


def _inverts_the_precision(learner):
    rng = np.random.default_rng(17)
    X = rng.normal(size=(30, 5))
    Xc = X - X.mean(axis=0)
    s, Vt, _, _ = _spectrum(X, rng.normal(size=30))
    alpha, lam = 1.5, 0.3
    product = np.asarray(learner(alpha, lam, s, Vt)) @ (lam * np.eye(5) + alpha * Xc.T @ Xc)
    if not np.allclose(product, np.eye(5), atol=1e-9):
        raise Mismatch("Σ (λI + αXᵀX) is not the identity: the largest entry off by "
                       f"{np.max(np.abs(product - np.eye(5))):.3g}.")


EXERCISES = (
    Exercise(
        name="bayesian_linear_regression.posterior_mean",
        function="posterior_mean",
        goal="the posterior mean of the weights and its residual, from the SVD of X",
        difficulty=2,
        task="The centred data X = U diag(s) Vᵀ (thin SVD: s (k,), Vt (k, d)) and y are "
             "given through z = Uᵀy (k,) and ‖y_⊥‖², the squared norm of y's part outside "
             "span(U). For the noise precision α and the prior precision λ, return the "
             "posterior mean m (d,) of eq. 3 and the residual sum of squares ‖y − Xm‖² (a "
             "number), both in the SVD basis (eq. 12) — no d × d inverse.",
        equations=("3", "4", "12"),
        checks=(
            same_output("diabetes, centred, α = 1/3000, λ = 0.002", _diabetes_mean,
                        hint="eq. 12: mᵢ's coordinate along vᵢ is sᵢzᵢ/(sᵢ² + r) with "
                             "r = λ/α — the ratio, not λ alone."),
            same_output("6 samples, 9 features (more features than samples)", _wide_mean,
                        hint="Vt is (k, d): map the k coefficients back with Vt.T."),
            same_output("40 samples of pure noise, strong prior λ = 30", _tall_noisy_mean,
                        hint="the residual along uᵢ is zᵢ − sᵢ·(sᵢzᵢ/(sᵢ² + r)) = "
                             "r zᵢ/(sᵢ² + r); add ‖y_⊥‖², which no w can fit."),
            property_holds("m equals αΣXᵀy of eq. 3, computed directly", _matches_eq_3,
                           hint="eq. 4: m = (XᵀX + (λ/α)I)⁻¹Xᵀy, a ridge solution with "
                                "penalty λ/α."),
        ),
        hints=(
            "Write eq. 4 in the SVD basis: XᵀX = V diag(s²) Vᵀ and Xᵀy = V diag(s) z.",
            "With r = λ/α, m = V diag(s/(s² + r)) z. The fitted values are U diag(s²/(s² + "
            "r)) z, so the residual along U is r z/(s² + r).",
            "m = Vt.T @ (s / (s**2 + r) * z); sse = y_perp_norm2 + Σ (r z/(s² + r))².",
        ),
        example="""
rng = np.random.default_rng(0)
X = rng.normal(size=(50, 3))
y = X @ np.array([1.0, -2.0, 0.5]) + 0.3 * rng.normal(size=50)
U, s, Vt = np.linalg.svd(X, full_matrices=False)
z = U.T @ y
y_perp = y - U @ z
m, sse = posterior_mean(1 / 0.09, 1.0, s, Vt, z, y_perp @ y_perp)
print(f"posterior mean {np.round(m, 4)}, residual sum of squares {sse:.4f}")
""",
    ),
    Exercise(
        name="bayesian_linear_regression.posterior_covariance",
        function="posterior_covariance",
        goal="the posterior covariance Σ = (λI + αXᵀX)⁻¹ from the SVD of X",
        difficulty=2,
        task="From the thin SVD of the centred data (singular values s (k,), right singular "
             "vectors Vt (k, d)), return the posterior covariance Σ of eq. 3, shape (d, d), "
             "without inverting a matrix. When k < d, the directions outside the rows of "
             "Vt have no data: there Σ is the prior's, 1/λ.",
        equations=("3", "12"),
        checks=(
            same_output("diabetes, centred, α = 1/3000, λ = 0.002", _diabetes_cov,
                        hint="eq. 3 in the basis V: Σ = V diag(1/(αsᵢ² + λ)) Vᵀ — α "
                             "multiplies s², λ is added."),
            same_output("4 samples, 7 features (k < d)", _wide_cov,
                        hint="V has only k columns: add (1/λ)(I − VVᵀ) for the d − k "
                             "directions X does not see."),
            same_output("one sample (all zeros once centred)", _one_sample_cov,
                        hint="with no data the posterior is the prior: Σ = I/λ."),
            property_holds("Σ times the precision λI + αXᵀX is the identity",
                           _inverts_the_precision,
                           hint="eq. 3 defines Σ as the inverse of the posterior precision."),
        ),
        hints=(
            "XᵀX = V diag(s²) Vᵀ, so λI + αXᵀX has eigenvalues αsᵢ² + λ along the columns "
            "of V, and λ on the rest.",
            "Σ = V diag(1/(αs² + λ)) Vᵀ + (1/λ)(I − VVᵀ) = V diag(1/(αs² + λ) − 1/λ) Vᵀ + "
            "I/λ.",
            "(Vt.T * (1/(alpha * s**2 + lam) − 1/lam)) @ Vt + np.eye(d) / lam, with "
            "d = Vt.shape[1].",
        ),
        example="""
rng = np.random.default_rng(0)
X = rng.normal(size=(50, 3))
_, s, Vt = np.linalg.svd(X, full_matrices=False)
print(np.round(posterior_covariance(10.0, 1.0, s, Vt), 5))
""",
    ),
)
