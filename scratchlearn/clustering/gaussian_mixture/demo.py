"""Gaussian mixtures by EM on a synthetic 2-D mixture, iris and wine.

Prints the fitted mixture beside scikit-learn's GaussianMixture started from
the same parameters (when installed), for all four covariance types. Draws
EM at work — the covariance ellipses settling while the lower bound rises —
then the four covariance types side by side and BIC choosing the number of
components.
"""

import warnings

import numpy as np

from scratchlearn.clustering.gaussian_mixture.model import GaussianMixture
from scratchlearn.clustering.kmeans.model import KMeans
from scratchlearn.core.base import ConvergenceWarning
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_iris, load_wine

# --- settings ---------------------------------------------------------------
K = 3                                # components of the synthetic mixture
N_SAMPLES = 600
EM_SEED = 2                          # random responsibilities to start EM from
SHOWN_ITERATIONS = (1, 3, 8, 20)     # EM iterations drawn, then the converged fit
BIC_KS = range(1, 7)
TYPES = ("full", "tied", "diag", "spherical")
# -----------------------------------------------------------------------------


def make_mixture(n=N_SAMPLES, seed=0):
    """Three tilted, elongated 2-D Gaussians of different sizes and weights."""
    rng = np.random.default_rng(seed)
    means = np.array([[0.0, 0.0], [5.0, 3.0], [0.5, 6.0]])
    A = [np.array([[2.0, 0.0], [1.2, 0.5]]), np.array([[0.6, 0.0], [-0.4, 1.4]]),
         np.array([[1.0, 0.0], [0.0, 0.4]])]
    counts = rng.multinomial(n, [0.45, 0.35, 0.2])
    X = np.vstack([means[k] + rng.standard_normal((counts[k], 2)) @ A[k].T for k in range(K)])
    return X, np.repeat(np.arange(K), counts)


def run(out_dir):
    """EM for Gaussian mixtures, checked against scikit-learn from the same start."""
    # %% A mixture of tilted Gaussians: EM against k-means
    try:
        from sklearn.mixture import GaussianMixture as SKGaussianMixture
    except ImportError:
        SKGaussianMixture = None
        print("scikit-learn is not installed: skipping the comparisons with sklearn.mixture.")

    X, y = make_mixture()
    print(f"== Synthetic mixture: {len(X)} points, {K} tilted Gaussians ==")
    model = GaussianMixture(K, random_state=0).fit(X)
    print(f"EM from k-means: {model.n_iter_} iterations, mean log-likelihood "
          f"{model.lower_bound_:.4f}, weights {np.round(np.sort(model.weights_), 3)}")
    kmeans = KMeans(K, random_state=0).fit(X)
    agreement = _matched_accuracy(model.predict(X), y)
    print(f"points given their true component: GMM {agreement:.3f}, "
          f"k-means {_matched_accuracy(kmeans.labels_, y):.3f} (round cells cut the "
          "tilted clusters)")

    # %% Four covariance shapes on three datasets, compared with scikit-learn
    datasets = (("iris", load_iris(return_X_y=True)[0]),
                ("wine (standardised)",
                 StandardScaler().fit_transform(load_wine(return_X_y=True)[0])),
                ("synthetic", X))
    for name, data in datasets:
        print(f"\n== {name}: K = 3 from the same start as scikit-learn ==")
        for covariance_type in TYPES:
            start = _start(data, covariance_type)
            ours = GaussianMixture(K, covariance_type=covariance_type, tol=1e-6,
                                   max_iter=500, **start).fit(data)
            line = (f"{covariance_type:9} {ours.n_iter_:3d} iterations, "
                    f"log-likelihood/n {ours.score(data):.6f}, BIC {ours.bic(data):.2f}")
            print(line)
            if SKGaussianMixture is not None:
                theirs = SKGaussianMixture(K, covariance_type=covariance_type, tol=1e-6,
                                           max_iter=500, **start).fit(data)
                compare(f"    {covariance_type} covariances vs scikit-learn", np.ravel(ours.covariances_),
                        np.ravel(theirs.covariances_), rtol=1e-6, reference_name="scikit-learn")
                compare(f"    {covariance_type} log p(x) per sample", ours.score_samples(data),
                        theirs.score_samples(data), rtol=1e-8, reference_name="scikit-learn")

    # %% Draw EM's iterations, the covariance shapes and BIC
    plt = pyplot()
    if plt is None:
        return model
    _draw_em(plt, X, out_dir)
    _draw_types_and_bic(plt, X, out_dir)
    return model


def _start(X, covariance_type, seed=0):
    """Equal weights, K samples as means, precisions from the feature variances."""
    rng = np.random.default_rng(seed)
    v = X.var(axis=0)
    precisions = {"full": np.stack([np.diag(1.0 / v)] * K), "tied": np.diag(1.0 / v),
                  "diag": np.tile(1.0 / v, (K, 1)),
                  "spherical": np.full(K, 1.0 / v.mean())}[covariance_type]
    return {"weights_init": np.full(K, 1.0 / K),
            "means_init": X[rng.choice(len(X), K, replace=False)],
            "precisions_init": precisions}


def _matched_accuracy(labels, y):
    """Share of points whose cluster, renamed to its most common true label, is right."""
    return sum(np.bincount(y[labels == c]).max() for c in np.unique(labels)) / len(y)


def _full_covariances(model):
    """Every component's covariance as a (K, 2, 2) array, whatever the type."""
    c, k = model.covariances_, model.n_components
    if model.covariance_type == "full":
        return c
    if model.covariance_type == "tied":
        return np.broadcast_to(c, (k, 2, 2))
    if model.covariance_type == "diag":
        return c[:, :, None] * np.eye(2)
    return c[:, None, None] * np.eye(2)


def _ellipse(mean, cov, n_std):
    angles = np.linspace(0, 2 * np.pi, 100)
    values, vectors = np.linalg.eigh(cov)
    circle = np.vstack([np.cos(angles), np.sin(angles)])
    return mean[:, None] + vectors @ (n_std * np.sqrt(values)[:, None] * circle)


def _draw_mixture(ax, model, X, title):
    proba = model.predict_proba(X)
    colors = np.array([[0.12, 0.47, 0.71], [1.0, 0.5, 0.05], [0.17, 0.63, 0.17]])
    # Each point coloured by its responsibilities: mixed colours are shared points.
    ax.scatter(*X.T, c=proba @ colors[:model.n_components], s=7)
    for k, cov in enumerate(_full_covariances(model)):
        for n_std in (1.0, 2.0):
            ax.plot(*_ellipse(model.means_[k], cov, n_std), color="k",
                    lw=1.4 if n_std == 1 else 0.7)
        ax.plot(*model.means_[k], "k+", ms=12, mew=2)
    ax.set(title=title, xticks=[], yticks=[], aspect="equal")


def _draw_em(plt, X, out_dir):
    final = GaussianMixture(K, init_params="random", random_state=EM_SEED, tol=1e-6,
                            max_iter=500).fit(X)
    fig = plt.figure(figsize=(16, 7.6))
    grid = fig.add_gridspec(2, 4)
    panels = [fig.add_subplot(grid[0, j]) for j in range(4)] + [fig.add_subplot(grid[1, 0])]
    shown = [t for t in SHOWN_ITERATIONS if t < final.n_iter_]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)      # stopping early on purpose
        for ax, t in zip(panels, shown, strict=False):
            # The same seed, stopped after t EM iterations: EM's state at t.
            model = GaussianMixture(K, init_params="random", random_state=EM_SEED,
                                    max_iter=t, tol=0.0).fit(X)
            _draw_mixture(ax, model, X, f"after {t} EM iteration{'s' * (t > 1)}\n"
                                        f"ℓ/n = {model.score(X):.3f}")
    _draw_mixture(panels[len(shown)], final, X,
                  f"converged after {final.n_iter_} iterations\nℓ/n = {final.score(X):.3f}")
    for ax in panels[len(shown) + 1:]:
        ax.set_visible(False)
    ax = fig.add_subplot(grid[1, 1:])
    bounds = final.lower_bounds_
    ax.plot(range(1, len(bounds) + 1), bounds, "o-", ms=3)
    for t in shown:
        ax.axvline(t + 1, color="grey", lw=0.6, ls=":")
    ax.set(xlabel="EM iteration (dotted: the states drawn above)",
           ylabel="mean log-likelihood ℓ/n (lower bound, tight)",
           title="The lower bound never decreases (eq. 12): E-step makes it tight, "
                 "M-step raises it")
    fig.suptitle("EM for a Gaussian mixture from random responsibilities: 1σ and 2σ "
                 "ellipses, points coloured by their responsibilities")
    fig.tight_layout()
    save_figure(fig, out_dir, "gaussian_mixture_em.png")


def _draw_types_and_bic(plt, X, out_dir):
    fig, axes = plt.subplots(1, 5, figsize=(20, 4.4))
    for ax, covariance_type in zip(axes, TYPES, strict=False):
        model = GaussianMixture(K, covariance_type=covariance_type, random_state=0).fit(X)
        _draw_mixture(ax, model, X, f"{covariance_type}: {model._n_parameters()} parameters\n"
                                    f"BIC {model.bic(X):.0f}")
    ax = axes[-1]
    for covariance_type in TYPES:
        bic = [GaussianMixture(k, covariance_type=covariance_type, random_state=0).fit(X).bic(X)
               for k in BIC_KS]
        ax.plot(list(BIC_KS), bic, "o-", label=covariance_type)
    ax.axvline(K, color="grey", ls="--")
    ax.set(xlabel="number of components K", ylabel="BIC (eq. 14), lower is better",
           title="BIC picks the model: full, K = 3")
    ax.legend()
    fig.suptitle("Four covariance types on the same data (eqs. 8–11)")
    fig.tight_layout()
    save_figure(fig, out_dir, "gaussian_mixture_types_bic.png")


if __name__ == "__main__":
    run_as_script(run)
