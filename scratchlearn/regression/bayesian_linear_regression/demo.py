"""Bayesian linear regression: a predictive band that widens away from the data,
the evidence it maximises, and agreement with scikit-learn's BayesianRidge.

Fits a line to 1-D data observed only on [−1, 1] and draws the predictive mean
with its ±2σ band (notes eq. 5) and lines sampled from the posterior (eq. 3);
draws the log evidence over (α, λ) with the fixed-point iterates (eq. 11)
climbing it; and prints diabetes beside BayesianRidge.
"""

import warnings

import numpy as np

from scratchlearn.core.demo import compare, compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.datasets import load_diabetes
from scratchlearn.regression.bayesian_linear_regression.model import (
    BayesianLinearRegression,
    log_evidence_and_gradient,
)

N_SAMPLES = 25
TRUE_SLOPE, TRUE_INTERCEPT, NOISE = 0.6, 0.5, 0.4
N_POSTERIOR_LINES = 12


def plain_against_fast():
    """Time model.py's algorithm (engine "plain") against the speed machinery
    (engine "fast") on one data set, and check that they fit the same model."""
    X, y = load_diabetes(return_X_y=True)
    compare_engines("engine plain vs fast, diabetes", lambda: BayesianLinearRegression().fit(X, y),
                    lambda a, b: np.allclose(a.coef_, b.coef_, rtol=1e-9, atol=0))


def run(out_dir):
    """Fit a line with error bars, then diabetes against BayesianRidge."""
    # %% The plain engine against the fast one
    plain_against_fast()
    # %% A line with error bars: the posterior on 1-D data
    rng = np.random.default_rng(2)
    x = rng.uniform(-1, 1, N_SAMPLES)
    y = TRUE_SLOPE * x + TRUE_INTERCEPT + NOISE * rng.normal(size=N_SAMPLES)
    model = BayesianLinearRegression(compute_score=True).fit(x[:, None], y)
    print(f"1-D data on [−1, 1]: y = {model.coef_[0]:.3f}·x + {model.intercept_:.3f} "
          f"(truth {TRUE_SLOPE}·x + {TRUE_INTERCEPT})")
    print(f"    noise sd 1/√α = {1 / np.sqrt(model.alpha_):.3f} (truth {NOISE}); "
          f"prior sd of the slope 1/√λ = {1 / np.sqrt(model.lambda_):.3f}; "
          f"posterior sd of the slope √Σ = {np.sqrt(model.sigma_[0, 0]):.3f}; "
          f"{model.n_iter_} iterations")
    for at in (0.0, 1.0, 3.0, 6.0):
        _, std = model.predict(np.array([[at]]), return_std=True)
        print(f"    predictive sd at x = {at:>3}: {std[0]:.3f}")

    # %% Diabetes, compared with scikit-learn's BayesianRidge
    X_d, y_d = load_diabetes(return_X_y=True)
    ours = BayesianLinearRegression().fit(X_d, y_d)
    mean, std = ours.predict(X_d[:5], return_std=True)
    try:
        from sklearn.linear_model import BayesianRidge
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison with BayesianRidge.")
    else:
        reference = BayesianRidge().fit(X_d, y_d)
        ref_mean, ref_std = reference.predict(X_d[:5], return_std=True)
        compare("diabetes: α_ (noise precision) vs scikit-learn's BayesianRidge", ours.alpha_,
                reference.alpha_, rtol=1e-6, reference_name="scikit-learn")
        compare("diabetes: λ_ (weight precision)", ours.lambda_, reference.lambda_, rtol=1e-6,
                reference_name="scikit-learn")
        compare("diabetes: posterior mean (coef_)", ours.coef_, reference.coef_, rtol=1e-6,
                reference_name="scikit-learn")
        compare("diabetes: predictive sd of 5 patients", std, ref_std, rtol=1e-6,
                reference_name="scikit-learn")

    # %% Draw the predictive band and the posterior
    plt = pyplot()
    if plt is None:
        return model
    fig, axes = plt.subplots(1, 2, figsize=(14, 5.2))
    ax = axes[0]
    grid = np.linspace(-7, 7, 300)
    mean, std = model.predict(grid[:, None], return_std=True)
    ax.fill_between(grid, mean - 2 * std, mean + 2 * std, color="C0", alpha=0.2,
                    label="±2σ predictive band (eq. 5)")
    noise_only = 2 / np.sqrt(model.alpha_)
    ax.plot(grid, mean - noise_only, color="C0", lw=0.8, ls=":")
    ax.plot(grid, mean + noise_only, color="C0", lw=0.8, ls=":", label="±2/√α: noise alone")
    slopes = rng.multivariate_normal(model.coef_, model.sigma_, N_POSTERIOR_LINES)[:, 0]
    for k, slope in enumerate(slopes):
        # Each sampled line passes through (x̄, ȳ): the intercept is centred out.
        ax.plot(grid, slope * (grid - x.mean()) + y.mean(), color="C2", lw=0.7, alpha=0.7,
                label="lines drawn from the posterior (eq. 3)" if k == 0 else None)
    ax.plot(grid, mean, color="C0", lw=2, label="predictive mean x·m + b")
    ax.scatter(x, y, color="k", s=16, zorder=3, label="data (x only in [−1, 1])")
    ax.axvspan(-1, 1, color="0.92", zorder=0)
    ax.set(xlabel="x", ylabel="y",
           title="The band widens away from the data: 1/α + x̃ᵀΣx̃ grows with |x − x̄|")
    ax.legend(fontsize=8, loc="upper left")

    ax = axes[1]
    Xc, yc = x[:, None] - x.mean(), y - y.mean()
    U, s, Vt = np.linalg.svd(Xc, full_matrices=False)
    z = U.T @ yc
    y_perp_norm2 = float(np.sum((yc - U @ z) ** 2))
    priors = (model.alpha_1, model.alpha_2, model.lambda_1, model.lambda_2)
    log_alpha = np.linspace(np.log(model.alpha_) - 3, np.log(model.alpha_) + 2, 120)
    log_lambda = np.linspace(np.log(model.lambda_) - 4, np.log(model.lambda_) + 4, 120)
    surface = np.array([[log_evidence_and_gradient(np.exp(a), np.exp(b), s, Vt, z,
                                                   y_perp_norm2, N_SAMPLES, 1, priors)[0]
                         for a in log_alpha] for b in log_lambda])
    top = surface.max()
    ax.contourf(log_alpha, log_lambda, surface, levels=np.linspace(top - 40, top, 21),
                cmap="viridis", extend="min")
    # The iterates: refit with max_iter = 1, 2, … (each starts afresh, so the
    # k-th fit ends at the k-th iterate).
    iterates = [(np.log(1 / (y.var() + np.finfo(float).eps)), 0.0)]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for k in range(1, model.n_iter_ + 1):
            fit = BayesianLinearRegression(max_iter=k).fit(x[:, None], y)
            iterates.append((np.log(fit.alpha_), np.log(fit.lambda_)))
    iterates = np.array(iterates)
    ax.plot(iterates[:, 0], iterates[:, 1], "o-", color="w", ms=4,
            label="fixed-point iterates (eq. 11) from α = 1/Var(y), λ = 1")
    ax.plot(*iterates[-1], "*", color="C3", ms=14, label="the maximiser (α_, λ_)")
    ax.set(xlabel="log α (noise precision)", ylabel="log λ (weight precision)",
           title="Log evidence + hyperpriors (eq. 8); 40 units shown")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    save_figure(fig, out_dir, "bayesian_linear_regression.png")
    return model


if __name__ == "__main__":
    run_as_script(run)
