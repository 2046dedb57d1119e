"""PCA on the handwritten digits: 64 pixels down to 2, beside scikit-learn.

Fits PCA to the 1,797 digits and compares components, scores and
explained-variance ratios with scikit-learn's PCA(svd_solver="full"); prints
how many components keep 90 % and 95 % of the variance and why wine needs
standardising; then draws the digits in the plane of the first two
components, the (cumulative) explained-variance curve, the mean digit with
the first "eigen-digits", and a digit rebuilt from more and more components.
"""

import numpy as np

from scratchlearn.core.demo import compare, compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_digits, load_wine
from scratchlearn.decomposition.pca import PCA

FRACTIONS = (0.90, 0.95)            # variance to keep, for the printed counts
N_EIGEN_DIGITS = 7                  # components drawn as 8 × 8 images
REBUILD_KS = (1, 2, 5, 10, 20, 40, 64)   # components used to rebuild one digit
REBUILD_INDEX = 0                   # which digit to rebuild


def plain_against_fast():
    """Time model.py's algorithm (engine "plain") against the speed machinery
    (engine "fast") on one data set, and check that they fit the same model."""
    X, _ = load_digits(return_X_y=True)
    compare_engines("engine plain vs fast, digits", lambda: PCA(n_components=10).fit(X),
                    lambda a, b: np.allclose(a.explained_variance_ratio_, b.explained_variance_ratio_, rtol=1e-10, atol=0))


def run(out_dir):
    """PCA of the digits beside scikit-learn; projection, variance curve, eigen-digits."""
    # %% The plain engine against the fast one
    plain_against_fast()
    # %% PCA of the digits: how much variance each component keeps
    X, y = load_digits(return_X_y=True)
    pca = PCA().fit(X)
    Z = pca.transform(X)
    print(f"digits: {X.shape[0]} images of {X.shape[1]} pixels")
    print("first five explained-variance ratios: "
          + ", ".join(f"{r:.4f}" for r in pca.explained_variance_ratio_[:5]))
    kept = {f: PCA(n_components=f).fit(X).n_components_ for f in FRACTIONS}
    for f, k in kept.items():
        print(f"components needed to keep more than {f:.0%} of the variance: {k}")

    # %% Compare with scikit-learn
    reference = _sklearn_pca()
    if reference is not None:
        theirs = reference(svd_solver="full").fit(X)
        compare("components (signs fixed by the largest entry)", pca.components_,
                theirs.components_, rtol=1e-8, reference_name="scikit-learn")
        compare("scores of the training digits", Z, theirs.transform(X), rtol=1e-8,
                reference_name="scikit-learn")
        compare("explained-variance ratios", pca.explained_variance_ratio_,
                theirs.explained_variance_ratio_, rtol=1e-10, reference_name="scikit-learn")
        white = PCA(n_components=10, whiten=True).fit(X)
        compare("whitened scores, 10 components", white.transform(X),
                reference(n_components=10, whiten=True, svd_solver="full").fit(X).transform(X),
                rtol=1e-8, reference_name="scikit-learn")

    # %% Wine: why scale before PCA
    W, _ = load_wine(return_X_y=True)
    raw = PCA(1).fit(W).components_[0]
    scaled = PCA(1).fit(StandardScaler().fit_transform(W)).components_[0]
    print(f"wine: the first component of the raw data puts weight {abs(raw[-1]):.4f} on proline "
          f"(its largest column); after standardising, at most {np.max(np.abs(scaled)):.2f} "
          "on any one feature")

    # %% Draw the projection, the variance curve and the eigen-digits
    plt = pyplot()
    if plt is None:
        return pca
    fig, axes = plt.subplots(1, 2, figsize=(13, 5))
    ax = axes[0]
    points = ax.scatter(Z[:, 0], Z[:, 1], c=y, cmap="tab10", s=8, alpha=0.8)
    for digit in range(10):
        centre = np.median(Z[y == digit, :2], axis=0)
        ax.text(*centre, str(digit), fontsize=15, weight="bold", ha="center", va="center",
                bbox=dict(boxstyle="round", fc="white", alpha=0.8))
    ax.set(xlabel=f"PC 1 ({pca.explained_variance_ratio_[0]:.1%} of the variance)",
           ylabel=f"PC 2 ({pca.explained_variance_ratio_[1]:.1%})",
           title="1,797 digits projected on the first two components")
    fig.colorbar(points, ax=ax, label="digit")
    ax = axes[1]
    j = np.arange(1, len(pca.explained_variance_ratio_) + 1)
    ax.bar(j, pca.explained_variance_ratio_, color="tab:blue", alpha=0.6,
           label="ratio of each component")
    ax.plot(j, np.cumsum(pca.explained_variance_ratio_), "o-", ms=3, color="tab:red",
            label="cumulative")
    for f, k in kept.items():
        ax.axhline(f, color="grey", ls=":", lw=1)
        ax.annotate(f"{f:.0%}: k = {k}", (k, f), xytext=(k + 4, f - 0.12),
                    arrowprops=dict(arrowstyle="->"))
    ax.set(xlabel="component j", ylabel="explained-variance ratio", ylim=(0, 1.02),
           title="How much of the pixel variance k components keep")
    ax.legend(loc="center right")
    save_figure(fig, out_dir, "pca_digits_projection.png")

    fig, axes = plt.subplots(2, N_EIGEN_DIGITS + 1, figsize=(13, 4))
    images = [pca.mean_] + list(pca.components_[:N_EIGEN_DIGITS])
    titles = ["mean digit"] + [f"PC {i + 1}" for i in range(N_EIGEN_DIGITS)]
    for ax, image, title in zip(axes[0], images, titles):
        limit = np.max(np.abs(image))
        ax.imshow(image.reshape(8, 8), cmap="gray_r" if title == "mean digit" else "RdBu_r",
                  vmin=0 if title == "mean digit" else -limit, vmax=limit)
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    x = X[REBUILD_INDEX:REBUILD_INDEX + 1]
    panels = [(x, "original")]
    z = pca.transform(x)
    for k in REBUILD_KS:
        # Eq. 9 with the first k components: the same as refitting with
        # n_components=k, since the components do not depend on k.
        panels.append((z[:, :k] @ pca.components_[:k] + pca.mean_, f"k = {k}"))
    for ax, (image, title) in zip(axes[1], panels):
        ax.imshow(image.reshape(8, 8), cmap="gray_r", vmin=0, vmax=16)
        ax.set_title(title, fontsize=9)
        ax.axis("off")
    fig.suptitle("Top: the mean and the first eigen-digits (red +, blue −). "
                 "Bottom: one digit rebuilt from k components (eq. 9)")
    save_figure(fig, out_dir, "pca_eigen_digits.png")
    return pca


def _sklearn_pca():
    try:
        from sklearn.decomposition import PCA as SklearnPCA
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison.")
        return None
    return SklearnPCA


if __name__ == "__main__":
    run_as_script(run)
