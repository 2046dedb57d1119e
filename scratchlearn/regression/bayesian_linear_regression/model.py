r"""Bayesian linear regression with evidence maximisation (scikit-learn's BayesianRidge).

    y | X, w, α ~ N(X w, α⁻¹ I),   w | λ ~ N(0, λ⁻¹ I)              (notes eqs. 1–2)
    posterior  w | y ~ N(m, Σ),  Σ = (λ I + α XᵀX)⁻¹,  m = α Σ Xᵀy    (eq. 3)
    predictive y* | x* ~ N(x*ᵀm, 1/α + x*ᵀΣ x*)                     (eq. 5)

The noise precision α and the weight precision λ are chosen to maximise the
evidence p(y | α, λ) (eq. 6) times Gamma hyperpriors (eq. 7), by MacKay's
fixed-point updates (eqs. 9–11). One SVD of the centred X, X = U S Vᵀ,
turns every quantity into sums over its singular values (eq. 12), so each
update costs O(min(n, d)). With engine="fast" and a well-conditioned tall X,
the same quantities come from the Gram matrix XᵀX instead (gram_spectrum.py).
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, RegressorMixin, warn_convergence
from scratchlearn.core.config import use_fast_path
from scratchlearn.core.validation import is_integer, is_real, validate_data
from scratchlearn.regression.bayesian_linear_regression.gram_spectrum import spectrum_from_gram


# exercise: bayesian_linear_regression.posterior_mean
def posterior_mean(alpha, lam, s, Vt, z, y_perp_norm2):
    """m of eq. 3 and the residual sum of squares ‖y − X m‖², in the SVD basis (eq. 12).

    With r = λ/α, m = V diag(sᵢ/(sᵢ² + r)) z where z = Uᵀy, and the residual
    has components r zᵢ/(sᵢ² + r) along uᵢ plus y's part outside span(U).
    """
    r = lam / alpha
    m = Vt.T @ (s / (s ** 2 + r) * z)                        # (d,)
    sse = y_perp_norm2 + np.sum((r * z / (s ** 2 + r)) ** 2)
    return m, sse


# exercise: bayesian_linear_regression.posterior_covariance
def posterior_covariance(alpha, lam, s, Vt):
    """Σ = (λI + αXᵀX)⁻¹ of eq. 3 from the thin SVD X = U diag(s) Vᵀ (eq. 12).

    Σ = V diag(1/(α sᵢ² + λ)) Vᵀ, plus 1/λ on the directions X does not see
    (d > n, rows missing from Vᵀ): there the posterior is the prior. Returns
    a (d, d) array.
    """
    d = Vt.shape[1]
    sigma = (Vt.T * (1.0 / (alpha * s ** 2 + lam) - 1.0 / lam)) @ Vt + np.eye(d) / lam
    return sigma


def log_evidence_and_gradient(alpha, lam, s, Vt, z, y_perp_norm2, n, d, priors):
    """The objective maximised (eq. 8) — log evidence (eq. 6) plus the Gamma
    log-priors (eq. 7), without their constants, as scikit-learn's scores_ —
    and its gradient (∂/∂α, ∂/∂λ) (eq. 9).

    ``priors`` = (α₁, α₂, λ₁, λ₂). Missing singular values (d > n) are zeros.
    """
    alpha_1, alpha_2, lambda_1, lambda_2 = priors
    m, sse = posterior_mean(alpha, lam, s, Vt, z, y_perp_norm2)
    e = np.zeros(d)
    e[:len(s)] = s ** 2                                       # eigenvalues of XᵀX
    logdet_sigma = -np.sum(np.log(lam + alpha * e))           # log |Σ|
    m_norm2 = m @ m
    score = (lambda_1 * np.log(lam) - lambda_2 * lam + alpha_1 * np.log(alpha) - alpha_2 * alpha
             + 0.5 * (d * np.log(lam) + n * np.log(alpha) - alpha * sse - lam * m_norm2
                      + logdet_sigma - n * np.log(2 * np.pi)))
    gamma = np.sum(alpha * e / (lam + alpha * e))             # effective parameters, eq. 10
    grad_alpha = 0.5 * ((n - gamma) / alpha - sse) + alpha_1 / alpha - alpha_2
    grad_lambda = 0.5 * (gamma / lam - m_norm2) + lambda_1 / lam - lambda_2
    return score, np.array([grad_alpha, grad_lambda])


class BayesianLinearRegression(RegressorMixin, BaseEstimator):
    """Linear regression with a Gaussian prior on the weights and a posterior over them.

    Fits eqs. 1–3 with α and λ chosen by evidence maximisation (eqs. 9–11),
    exactly as scikit-learn's BayesianRidge; ``predict(X, return_std=True)``
    also returns the predictive standard deviation of eq. 5.

    Parameters
    ----------
    max_iter : int
        Most fixed-point iterations.
    tol : float
        Stop when the posterior mean moves by less than tol (in ‖·‖₁).
    alpha_1, alpha_2 : float
        Shape and rate of the Gamma hyperprior on α (eq. 7).
    lambda_1, lambda_2 : float
        Shape and rate of the Gamma hyperprior on λ (eq. 7).
    alpha_init : float or None
        Starting α; None starts at 1/Var(y).
    lambda_init : float or None
        Starting λ; None starts at 1.
    compute_score : bool
        Record the objective of eq. 8 at every iteration in ``scores_``.
    fit_intercept : bool
        Learn an intercept (flat prior) by centring X and y.

    Attributes
    ----------
    coef_ : ndarray of shape (n_features,)
        The posterior mean m.
    intercept_ : float
        The intercept b = ȳ − x̄ᵀm.
    alpha_ : float
        The estimated noise precision α.
    lambda_ : float
        The estimated weight precision λ.
    sigma_ : ndarray of shape (n_features, n_features)
        The posterior covariance Σ.
    scores_ : ndarray
        Eq. 8 at each iteration and at the end (empty unless compute_score).
    X_offset_ : ndarray of shape (n_features,)
        The feature means x̄ subtracted before fitting.
    n_iter_ : int
        Fixed-point iterations taken.
    n_features_in_ : int
        Number of features seen in fit.
    feature_names_in_ : ndarray
        Column names, when X is a DataFrame with string column names.
    """

    def __init__(self, max_iter=300, tol=1e-3, alpha_1=1e-6, alpha_2=1e-6, lambda_1=1e-6,
                 lambda_2=1e-6, alpha_init=None, lambda_init=None, compute_score=False,
                 fit_intercept=True):
        self.max_iter = max_iter
        self.tol = tol
        self.alpha_1 = alpha_1
        self.alpha_2 = alpha_2
        self.lambda_1 = lambda_1
        self.lambda_2 = lambda_2
        self.alpha_init = alpha_init
        self.lambda_init = lambda_init
        self.compute_score = compute_score
        self.fit_intercept = fit_intercept

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        self._check_parameters()
        n, d = X.shape
        priors = (self.alpha_1, self.alpha_2, self.lambda_1, self.lambda_2)
        # eps keeps 1/Var(y) finite for a constant target.
        alpha = 1.0 / (y.var() + np.finfo(float).eps) if self.alpha_init is None \
            else float(self.alpha_init)
        lam = 1.0 if self.lambda_init is None else float(self.lambda_init)

        x_mean = X.mean(axis=0) if self.fit_intercept else np.zeros(d)
        y_mean = y.mean() if self.fit_intercept else 0.0
        Xc, yc = X - x_mean, y - y_mean                       # the intercept's flat prior
        spectrum = spectrum_from_gram(Xc, yc) if use_fast_path() else None
        if spectrum is None:
            U, s, Vt = np.linalg.svd(Xc, full_matrices=False)    # eq. 12; min(n, d) values
            z = U.T @ yc
            y_perp = yc - U @ z
            y_perp_norm2 = y_perp @ y_perp                    # the part no w can fit
        else:
            s, Vt, z, y_perp_norm2 = spectrum                 # "Making it fast", item 1
        e = s ** 2

        scores = []
        m_old = None
        converged = False
        for iteration in range(self.max_iter):
            m, sse = posterior_mean(alpha, lam, s, Vt, z, y_perp_norm2)
            if self.compute_score:
                scores.append(log_evidence_and_gradient(alpha, lam, s, Vt, z, y_perp_norm2,
                                                        n, d, priors)[0])
            gamma = np.sum(alpha * e / (lam + alpha * e))     # eq. 10
            lam = (gamma + 2 * self.lambda_1) / (m @ m + 2 * self.lambda_2)      # eq. 11
            alpha = (n - gamma + 2 * self.alpha_1) / (sse + 2 * self.alpha_2)   # eq. 11
            if iteration > 0 and np.sum(np.abs(m_old - m)) < self.tol:
                converged = True
                break
            m_old = m
        if not converged:
            warn_convergence(
                f"BayesianLinearRegression did not converge after {self.max_iter} iterations "
                f"(tol={self.tol}). Increase max_iter."
            )

        # The mean and covariance at the final (α, λ), as scikit-learn reports them.
        m, sse = posterior_mean(alpha, lam, s, Vt, z, y_perp_norm2)
        if self.compute_score:
            scores.append(log_evidence_and_gradient(alpha, lam, s, Vt, z, y_perp_norm2,
                                                    n, d, priors)[0])
        self.sigma_ = posterior_covariance(alpha, lam, s, Vt)
        self.coef_ = m
        self.intercept_ = float(y_mean - x_mean @ m)
        self.alpha_ = float(alpha)
        self.lambda_ = float(lam)
        self.scores_ = np.array(scores)
        self.X_offset_ = x_mean
        self.n_iter_ = iteration + 1
        return self

    def predict(self, X, return_std=False):
        """The predictive mean x*ᵀm + b and, with ``return_std``, its standard
        deviation √(1/α + x̃ᵀΣx̃), x̃ = x* − x̄ (eq. 5)."""
        X = validate_data(self, X, reset=False)
        y_mean = X @ self.coef_ + self.intercept_
        if not return_std:
            return y_mean
        Xc = X - self.X_offset_
        variance = np.einsum("ij,ij->i", Xc @ self.sigma_, Xc) + 1.0 / self.alpha_
        return y_mean, np.sqrt(variance)

    def _check_parameters(self):
        if not (is_integer(self.max_iter) and self.max_iter >= 1):
            raise ValueError(f"max_iter must be a positive integer, got {self.max_iter!r}.")
        if not (is_real(self.tol) and self.tol >= 0):
            raise ValueError(f"tol must be a non-negative number, got {self.tol!r}.")
        for name in ("alpha_1", "alpha_2", "lambda_1", "lambda_2"):
            value = getattr(self, name)
            if not (is_real(value) and value >= 0):
                raise ValueError(f"{name} must be a non-negative number, got {value!r}.")
        for name in ("alpha_init", "lambda_init"):
            value = getattr(self, name)
            if value is not None and not (is_real(value) and value > 0):
                raise ValueError(f"{name} must be None or a positive number, got {value!r}.")
