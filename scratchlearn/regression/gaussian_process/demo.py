"""Gaussian process regression on a noisy sine: the posterior mean with its ±2σ
band, functions drawn from the prior and from the posterior, and the log
marginal likelihood surface over (length_scale, noise_variance).

Prints the fitted hyperparameters and log marginal likelihood beside
scikit-learn's GaussianProcessRegressor (ConstantKernel · RBF + WhiteKernel)
from the same starting point, and the fixed-hyperparameter posterior beside
scikit-learn's to 1e-8; then the same on the diabetes data (standardised).
"""

import warnings

import numpy as np

from scratchlearn.core.demo import compare, compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.datasets import load_diabetes
from scratchlearn.regression.gaussian_process.model import (
    GaussianProcessRegressor,
    rbf_kernel,
    squared_distances,
)

# --- settings ---------------------------------------------------------------
N_TRAIN = 30                 # noisy sine observations
NOISE_STD = 0.3              # their noise: true σ_n² = 0.09
START = dict(signal_variance=1.0, length_scale=1.0, noise_variance=0.1)  # optimiser start
N_DRAWS = 4                  # functions drawn from the prior and from the posterior
GRID = 60                    # points per axis of the likelihood surface
SEED = 0
# -----------------------------------------------------------------------------


def plain_against_fast():
    """Time model.py's algorithm (engine "plain") against the speed machinery
    (engine "fast") on one data set, and check that they fit the same model."""
    X, y = load_diabetes(return_X_y=True)
    X, y = X[:400], (y[:400] - y[:400].mean()) / y[:400].std()
    compare_engines("engine plain vs fast, diabetes, 400 rows", lambda: GaussianProcessRegressor(optimize=False, noise_variance=0.5).fit(X, y),
                    lambda a, b: np.allclose(a.predict(X), b.predict(X), rtol=1e-10, atol=1e-12))


def run(out_dir):
    """Fit a GP to a noisy sine and to diabetes; compare with scikit-learn; draw it."""
    # %% The plain engine against the fast one
    plain_against_fast()
    # %% A noisy sine: hyperparameters by maximising the marginal likelihood, compared with scikit-learn
    try:
        from sklearn.gaussian_process import GaussianProcessRegressor as SkGPR
        from sklearn.gaussian_process.kernels import RBF, WhiteKernel
        from sklearn.gaussian_process.kernels import ConstantKernel as Constant

        def reference(s, length, noise, **kw):
            return SkGPR(Constant(s) * RBF(length) + WhiteKernel(noise), **kw)
    except ImportError:
        reference = None
        print("scikit-learn is not installed: skipping the comparisons.")

    X, y = _noisy_sine()
    model = GaussianProcessRegressor(**START).fit(X, y)
    print("== Noisy sine: hyperparameters by maximising the log marginal likelihood (eq. 7) ==")
    _report(model, NOISE_STD ** 2)
    x_plot = np.linspace(-1, 11, 300)[:, None]
    if reference is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = reference(START["signal_variance"], START["length_scale"],
                               START["noise_variance"]).fit(X, y)
        print(f"  scikit-learn from the same start: log marginal likelihood "
              f"{theirs.log_marginal_likelihood_value_:.10f}, kernel {theirs.kernel_}")
        fixed = dict(signal_variance=model.signal_variance_, length_scale=model.length_scale_,
                     noise_variance=model.noise_variance_)
        ours = GaussianProcessRegressor(**fixed, optimize=False).fit(X, y)
        ref = reference(*fixed.values(), optimizer=None).fit(X, y)
        mean, std = ours.predict(x_plot, return_std=True)
        ref_mean, ref_std = ref.predict(x_plot, return_std=True)
        compare("posterior mean on 300 points, fixed hyperparameters", mean, ref_mean,
                rtol=1e-8, reference_name="scikit-learn")
        compare("posterior std on 300 points", std, ref_std, rtol=1e-8,
                reference_name="scikit-learn")
    # %% Diabetes, compared with scikit-learn
    _diabetes(reference)

    # %% Draw the posterior and the likelihood surface
    plt = pyplot()
    if plt is None:
        return model
    _draw_fit(plt, model, X, y, x_plot, out_dir)
    _draw_surface(plt, model, out_dir)
    return model


def _noisy_sine():
    rng = np.random.default_rng(SEED)
    X = np.sort(rng.uniform(0, 10, N_TRAIN))[:, None]
    return X, np.sin(X[:, 0]) + NOISE_STD * rng.standard_normal(N_TRAIN)


def _report(model, true_noise=None):
    truth = "" if true_noise is None else f" (true noise {true_noise:g})"
    print(f"  σ_f² = {model.signal_variance_:.4f}, ℓ = {model.length_scale_:.4f}, "
          f"σ_n² = {model.noise_variance_:.4f}{truth}, "
          f"{model.n_iter_} projected BFGS iterations")
    print(f"  log marginal likelihood {model.log_marginal_likelihood_:.10f}")


def _diabetes(reference):
    X, y = load_diabetes(return_X_y=True)
    X, y = X[:200], y[:200]
    X, y = (X - X.mean(axis=0)) / X.std(axis=0), (y - y.mean()) / y.std()
    print("\n== Diabetes, 200 rows, standardised ==")
    model = GaussianProcessRegressor(**START).fit(X, y)
    _report(model)
    if reference is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            theirs = reference(*START.values()).fit(X, y)
        gap = (model.log_marginal_likelihood_ - theirs.log_marginal_likelihood_value_) / abs(
            theirs.log_marginal_likelihood_value_)
        print(f"  scikit-learn from the same start: {theirs.log_marginal_likelihood_value_:.10f}"
              f"; ours − theirs = {gap:+.1e} relative (target ≥ −1e-4): "
              f"{'met' if gap >= -1e-4 else 'NOT MET'}")


def _draw_fit(plt, model, X, y, x_plot, out_dir):
    rng = np.random.default_rng(SEED + 1)
    # Prior: f on the grid is N(0, K) (eq. 1); draw with an eigendecomposition.
    K = rbf_kernel(squared_distances(x_plot, x_plot), model.signal_variance_,
                   model.length_scale_)
    lam, U = np.linalg.eigh(K)
    prior = U @ (np.sqrt(np.maximum(lam, 0))[:, None] * rng.standard_normal((len(K), N_DRAWS)))
    mean, cov = model.predict(x_plot, return_cov=True)
    std = np.sqrt(np.diag(cov))
    # sample_y draws new observations y* = f + ε (scikit-learn's convention), which
    # look jagged; for smooth functions f, draw from cov − σ_n² I, the posterior of f.
    cov_f = cov - model.noise_variance_ * np.eye(len(cov))
    f_std = np.sqrt(np.maximum(np.diag(cov_f), 0))
    lam, U = np.linalg.eigh(cov_f)
    posterior = mean[:, None] + U @ (np.sqrt(np.maximum(lam, 0))[:, None]
                                     * rng.standard_normal((len(cov), N_DRAWS)))
    print(f"\nsample_y at x = 5: {model.sample_y([[5.0]], 3, random_state=SEED)[0]} "
          f"(draws of y*, mean {mean[len(mean) // 2]:.3f})")

    fig, axes = plt.subplots(1, 2, figsize=(15, 5), sharey=True)
    ax = axes[0]
    ax.plot(x_plot, prior, lw=1.2)
    ax.fill_between(x_plot[:, 0], -2 * np.sqrt(model.signal_variance_),
                    2 * np.sqrt(model.signal_variance_), color="0.85", label="prior ±2σ_f")
    ax.set(title=f"Prior: {N_DRAWS} functions from GP(0, k), ℓ = {model.length_scale_:.2f}, "
                 f"σ_f² = {model.signal_variance_:.2f} (eq. 1)", xlabel="x", ylabel="y")
    ax.legend(loc="lower left")

    ax = axes[1]
    ax.fill_between(x_plot[:, 0], mean - 2 * std, mean + 2 * std, color="C0", alpha=0.15,
                    label="±2σ of a new observation y* (includes σ_n²)")
    ax.fill_between(x_plot[:, 0], mean - 2 * f_std, mean + 2 * f_std, color="C0", alpha=0.3,
                    label="±2σ of f(x*)")
    ax.plot(x_plot, posterior, lw=0.9, alpha=0.8)
    ax.plot(x_plot, mean, "C0", lw=2.5, label="posterior mean (eq. 4)")
    ax.plot(x_plot, np.sin(x_plot), "k--", lw=1, label="true sin(x)")
    ax.scatter(X, y, color="k", s=18, zorder=3, label=f"{N_TRAIN} noisy observations")
    ax.set(title=f"Posterior (eqs. 4–6) and {N_DRAWS} functions drawn from it;\n"
                 "the band widens away from the data", xlabel="x")
    ax.legend(loc="lower left", fontsize=8)
    fig.tight_layout()
    save_figure(fig, out_dir, "gaussian_process_sine.png")


def _draw_surface(plt, model, out_dir):
    lengths = np.logspace(-1.5, 1.5, GRID)
    noises = np.logspace(-3, 1, GRID)
    # eq. 7 at every (ℓ, σ_n²) with σ_f² held at its fitted value
    surface = np.array([[model.log_marginal_likelihood(np.log([model.signal_variance_, l, n]))
                         for l in lengths] for n in noises])
    fig, ax = plt.subplots(figsize=(8.5, 6))
    top = surface.max()
    depth = 40.0                      # show the top 40 nats; below is uniformly "bad"
    filled = ax.contourf(lengths, noises, np.maximum(surface, top - depth),
                         levels=np.linspace(top - depth, top, 21), cmap="viridis")
    ax.contour(lengths, noises, surface, levels=top - np.array([16, 8, 4, 2, 1, 0.5]),
               colors="w", linewidths=0.7)
    fig.colorbar(filled, ax=ax, label="log marginal likelihood (eq. 7), top 40 nats")
    # The other local maximum on this slice (shorter ℓ, less noise).
    short = lengths < 0.5 * model.length_scale_
    i, j = np.unravel_index(np.argmax(np.where(short[None, :], surface, -np.inf)),
                            surface.shape)
    ax.plot(lengths[j], noises[i], "wo", ms=8, mfc="none", mew=2,
            label=f"a second local maximum, {top - surface[i, j]:.1f} nats lower: "
                  "why restarts matter")
    ax.plot(model.length_scale_, model.noise_variance_, "r*", ms=16,
            label=f"maximum found: ℓ = {model.length_scale_:.2f}, "
                  f"σ_n² = {model.noise_variance_:.3f}")
    ax.axhline(NOISE_STD ** 2, color="w", ls=":", lw=1, label=f"true σ_n² = {NOISE_STD**2:g}")
    ax.set(xscale="log", yscale="log", xlabel="length_scale ℓ", ylabel="noise_variance σ_n²",
           title="Occam's razor: short ℓ + tiny noise interpolates (too complex),\n"
                 "long ℓ + large noise calls everything noise (too simple)")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    save_figure(fig, out_dir, "gaussian_process_likelihood_surface.png")


if __name__ == "__main__":
    run_as_script(run)
