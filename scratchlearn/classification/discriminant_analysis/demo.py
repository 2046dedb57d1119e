"""Discriminant analysis: LDA, QDA and Gaussian naive Bayes on the same 2-D data,
and wine projected by LDA (supervised) against PCA (unsupervised).

Prints each model's probabilities beside scikit-learn's (when installed) on
wine, iris and breast cancer, and draws the three decision boundaries side by
side — straight for LDA (shared covariance), curved for QDA (one covariance a
class), curved but axis-aligned for naive Bayes (diagonal covariances) — and
the two projections of wine.
"""

import numpy as np

from scratchlearn.classification.discriminant_analysis.model import (
    LinearDiscriminantAnalysis,
    QuadraticDiscriminantAnalysis,
)
from scratchlearn.classification.naive_bayes import GaussianNaiveBayes
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.datasets import load_breast_cancer, load_iris, load_wine

# --- settings ---------------------------------------------------------------
N_PER_CLASS = 120          # samples per class of the 2-D data
SEED = 0
# three Gaussian classes: mean and covariance (tilted, stretched differently)
CLASSES = (
    ((0.0, 0.0), ((1.0, 0.8), (0.8, 1.0))),
    ((3.0, 0.5), ((0.3, 0.0), (0.0, 2.0))),
    ((1.0, 3.5), ((2.0, -0.6), (-0.6, 0.5))),
)
SHRINKAGE = 0.1            # for the eigen solver's comparison (eq. 9)
REG_PARAM = 0.1            # for QDA on breast cancer (eq. 8): its class covariances are singular
# -----------------------------------------------------------------------------


def run(out_dir):
    """LDA and QDA against scikit-learn; boundaries and projections drawn."""
    # %% LDA and QDA on real data, compared with scikit-learn
    try:
        from sklearn import discriminant_analysis as sk
    except ImportError:
        sk = None
        print("scikit-learn is not installed: skipping the comparisons.")

    _against_sklearn(sk)
    # %% Three tilted Gaussian classes: LDA, QDA and naive Bayes
    X, y = _three_gaussians()
    models = {
        "LDA (shared Σ)": LinearDiscriminantAnalysis().fit(X, y),
        "QDA (Σ_k per class)": QuadraticDiscriminantAnalysis().fit(X, y),
        "Gaussian naive Bayes (diagonal Σ_k)": GaussianNaiveBayes().fit(X, y),
    }
    print("\n== Three tilted Gaussian classes in 2-D: training accuracy ==")
    for name, model in models.items():
        print(f"  {name:38} {model.score(X, y):.3f}")

    # %% Wine in two dimensions: Fisher's projection against PCA
    wine = load_wine()
    lda = LinearDiscriminantAnalysis().fit(wine.data, wine.target)
    Z_lda = lda.transform(wine.data)
    Z_pca, pca_ratio = _pca(wine.data, 2)
    standardised = (wine.data - wine.data.mean(axis=0)) / wine.data.std(axis=0)
    Z_std, std_ratio = _pca(standardised, 2)
    print("\n== Wine in two dimensions ==")
    print(f"  LDA: share of between-class variance per axis   {lda.explained_variance_ratio_}")
    print(f"  PCA, raw features: share of total variance      {pca_ratio}")
    print(f"  PCA, standardised features: share of variance   {std_ratio}")
    print("  nearest-class-mean accuracy in 2-D: "
          f"LDA {_nearest_mean(Z_lda, wine.target):.3f}, "
          f"PCA raw {_nearest_mean(Z_pca, wine.target):.3f}, "
          f"PCA standardised {_nearest_mean(Z_std, wine.target):.3f}")

    # %% Draw the boundaries and the projections
    plt = pyplot()
    if plt is None:
        return lda
    _draw_boundaries(plt, models, X, y, out_dir)
    _draw_projections(plt, (Z_lda, Z_pca, Z_std), wine, out_dir)
    return lda


def _against_sklearn(sk):
    print("== Probabilities against scikit-learn (max |difference|, tolerance 1e-8) ==")
    data = {"wine": load_wine(return_X_y=True), "iris": load_iris(return_X_y=True),
            "breast cancer": load_breast_cancer(return_X_y=True)}
    for name, (X, y) in data.items():
        settings = [("LDA svd", LinearDiscriminantAnalysis, {}),
                    (f"LDA eigen, shrinkage {SHRINKAGE}", LinearDiscriminantAnalysis,
                     {"solver": "eigen", "shrinkage": SHRINKAGE}),
                    (f"QDA reg_param {REG_PARAM}", QuadraticDiscriminantAnalysis,
                     {"reg_param": REG_PARAM})]
        for label, cls, params in settings:
            ours = cls(**params).fit(X, y)
            line = f"  {name:14} {label:26} training accuracy {ours.score(X, y):.3f}"
            if sk is not None:
                theirs = getattr(sk, cls.__name__)(**params).fit(X, y)
                diff = np.abs(ours.predict_proba(X) - theirs.predict_proba(X)).max()
                line += f", vs scikit-learn {diff:.1e} ({'agree' if diff <= 1e-8 else 'DIFFER'})"
            print(line)
    X, y = data["wine"]
    if sk is not None:
        ours = LinearDiscriminantAnalysis().fit(X, y).transform(X)
        theirs = sk.LinearDiscriminantAnalysis().fit(X, y).transform(X)
        signs = np.sign(np.sum(ours * theirs, axis=0))       # axes agree up to sign
        compare("wine LDA projection, up to the sign of each axis", ours * signs, theirs,
                rtol=1e-8, reference_name="scikit-learn")


def _three_gaussians():
    rng = np.random.default_rng(SEED)
    X = np.vstack([rng.multivariate_normal(mean, cov, N_PER_CLASS) for mean, cov in CLASSES])
    return X, np.repeat(np.arange(len(CLASSES)), N_PER_CLASS)


def _pca(X, n_components):
    """PCA by an SVD of the centred data: scores and shares of total variance."""
    Xc = X - X.mean(axis=0)
    U, s, _ = np.linalg.svd(Xc, full_matrices=False)
    return U[:, :n_components] * s[:n_components], (s ** 2 / np.sum(s ** 2))[:n_components]


def _nearest_mean(Z, y):
    means = np.array([Z[y == k].mean(axis=0) for k in np.unique(y)])
    distances = ((Z[:, None, :] - means[None]) ** 2).sum(axis=2)
    return np.mean(np.argmin(distances, axis=1) == y)


def _draw_boundaries(plt, models, X, y, out_dir):
    from matplotlib.colors import ListedColormap

    pad = 1.0
    g0 = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, 300)
    g1 = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, 300)
    G0, G1 = np.meshgrid(g0, g1)
    grid = np.column_stack([G0.ravel(), G1.ravel()])
    colors = ["C0", "C1", "C2"]
    fig, axes = plt.subplots(1, 3, figsize=(17, 5.4), sharex=True, sharey=True)
    for ax, (name, model) in zip(axes, models.items(), strict=True):
        proba = model.predict_proba(grid)
        winner = proba.argmax(axis=1).reshape(G0.shape)
        ax.contourf(G0, G1, winner, levels=[-0.5, 0.5, 1.5, 2.5], alpha=0.9,
                    cmap=ListedColormap(["#c6dbef", "#fdd0a2", "#c7e9c0"]))
        ax.contour(G0, G1, winner, levels=[0.5, 1.5], colors="k", linewidths=1.2)
        for k in range(3):
            ax.scatter(*X[y == k].T, s=10, color=colors[k], edgecolor="k", lw=0.2)
            ax.plot(*_ellipse(*_fitted_gaussian(model, k, X, y)), color=colors[k], lw=1.6)
        ax.set(title=f"{name}\ntraining accuracy {model.score(X, y):.3f}", xlabel="x₁")
    axes[0].set_ylabel("x₂")
    fig.suptitle("Same data, three Gaussian models (ellipses: each class's fitted 2σ contour). "
                 "LDA: one shared Σ ⇒ straight boundaries (eq. 4); QDA: Σ_k per class ⇒ "
                 "curves (eq. 3);\nnaive Bayes: diagonal Σ_k ⇒ curves too, but its ellipses "
                 "cannot tilt", fontsize=10)
    fig.tight_layout()
    save_figure(fig, out_dir, "discriminant_analysis_boundaries.png")


def _fitted_gaussian(model, k, X, y):
    """The mean and covariance a model uses for class k."""
    if isinstance(model, QuadraticDiscriminantAnalysis):
        return model.means_[k], model.covariance_[k]
    if isinstance(model, GaussianNaiveBayes):
        return model.theta_[k], np.diag(model.var_[k])
    Xc = X - model.means_[y]                      # LDA: the pooled covariance (eq. 7)
    return model.means_[k], Xc.T @ Xc / len(X)


def _ellipse(mean, cov, n_std=2.0):
    angles = np.linspace(0, 2 * np.pi, 100)
    values, vectors = np.linalg.eigh(cov)
    circle = np.vstack([np.cos(angles), np.sin(angles)])
    return mean[:, None] + vectors @ (n_std * np.sqrt(values)[:, None] * circle)


def _draw_projections(plt, projections, wine, out_dir):
    fig, axes = plt.subplots(1, 3, figsize=(18, 5.2))
    titles = ("LDA: Fisher's axes (eqs. 11–13), using the labels",
              "PCA of the raw features (labels unused)",
              "PCA of the standardised features (labels unused)")
    labels = (("discriminant 1", "discriminant 2"),) + (("component 1", "component 2"),) * 2
    for ax, Z, title, (xlabel, ylabel) in zip(axes, projections, titles, labels, strict=True):
        for k, name in enumerate(wine.target_names):
            ax.scatter(*Z[wine.target == k].T, s=14, label=name, color=f"C{k}",
                       edgecolor="k", lw=0.2)
        ax.set(title=title, xlabel=xlabel, ylabel=ylabel)
        ax.legend()
    fig.suptitle("Wine (13 features) in two dimensions. Raw PCA is dominated by proline "
                 "(values in the 1000s) and mixes the cultivars; standardised PCA does better; "
                 "LDA, told the classes, separates them best.", fontsize=10)
    fig.tight_layout()
    save_figure(fig, out_dir, "discriminant_analysis_wine_projection.png")

if __name__ == "__main__":
    run_as_script(run)
