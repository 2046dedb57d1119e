"""DBSCAN on two moons beside scikit-learn, and against k-means.

Clusters noisy moons and checks labels, core points and noise against
scikit-learn's DBSCAN; does the same on standardised iris; scores DBSCAN and
k-means (two clusters) against the true moons with the adjusted Rand index;
draws the clusters with core, border and noise points, k-means' straight
cut, the k-distance plot used to pick eps, and what too small and too large
an eps do.
"""

import numpy as np

from scratchlearn.clustering.dbscan import DBSCAN
from scratchlearn.core.demo import compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.core.metrics import adjusted_rand_score
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_iris, make_moons

MOONS = dict(n_samples=600, noise=0.08, random_state=0)   # two noisy half-moons
OUTLIERS = 30                       # uniform background points added to the moons
EPS, MIN_SAMPLES = 0.15, 6          # the moons' settings (eps from the k-distance knee)
EPS_SWEEP = (0.04, 0.08, 0.15, 0.5) # too small … too large
IRIS = dict(eps=0.6, min_samples=5) # standardised iris
SEED = 0


def plain_against_fast():
    """Time model.py's algorithm (engine "plain") against the speed machinery
    (engine "fast") on one data set, and check that they fit the same model."""
    X, _ = make_moons(3000, noise=0.05, random_state=0)
    compare_engines("engine plain vs fast, 3,000 moons", lambda: DBSCAN(eps=0.1, min_samples=5).fit(X),
                    lambda a, b: np.array_equal(a.labels_, b.labels_))


def run(out_dir):
    """DBSCAN beside scikit-learn on moons and iris; DBSCAN against k-means on moons."""
    # %% The plain engine against the fast one
    plain_against_fast()
    # %% Moons with outliers, and standardised iris
    X, y = _moons_with_outliers()
    model = DBSCAN(eps=EPS, min_samples=MIN_SAMPLES).fit(X)
    labels = model.labels_
    n_clusters = labels.max() + 1
    print(f"moons: {len(X)} points ({OUTLIERS} uniform outliers), eps = {EPS}, "
          f"min_samples = {MIN_SAMPLES}: {n_clusters} clusters, "
          f"{len(model.core_sample_indices_)} core points, {np.sum(labels == -1)} noise")
    X_iris = StandardScaler().fit_transform(load_iris(return_X_y=True)[0])
    iris = DBSCAN(**IRIS).fit(X_iris)
    print(f"standardised iris, eps = {IRIS['eps']}, min_samples = {IRIS['min_samples']}: "
          f"{iris.labels_.max() + 1} clusters, {np.sum(iris.labels_ == -1)} noise")

    # %% Compare with scikit-learn
    reference = _sklearn_dbscan()
    if reference is not None:
        for name, data, ours, params in [
            ("moons", X, model, dict(eps=EPS, min_samples=MIN_SAMPLES)),
            ("iris", X_iris, iris, IRIS),
        ]:
            theirs = reference(**params).fit(data)
            same = np.array_equal(ours.labels_, theirs.labels_)
            same_core = np.array_equal(ours.core_sample_indices_, theirs.core_sample_indices_)
            print(f"  {name}: identical labels to scikit-learn {same}, identical core points "
                  f"{same_core}: {'agree' if same and same_core else 'DIFFER'}")

    # %% DBSCAN against k-means on the moons
    kmeans_labels, kmeans_name = _kmeans(X)
    clustered = y >= 0
    print(f"adjusted Rand index against the true moons (outliers left out): "
          f"DBSCAN {adjusted_rand_score(y[clustered], labels[clustered]):.3f}")
    if kmeans_labels is not None:
        print(f"                                                          {kmeans_name} "
              f"{adjusted_rand_score(y[clustered], kmeans_labels[clustered]):.3f}")

    # %% Draw the clusters, k-means' cut, and the k-distance plot
    plt = pyplot()
    if plt is None:
        return model
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.8))
    _draw_dbscan(axes[0], X, model)
    axes[0].set_title(f"DBSCAN, eps = {EPS}, min_samples = {MIN_SAMPLES}:\n"
                      "two moons found, outliers marked as noise")
    ax = axes[1]
    if kmeans_labels is not None:
        ax.scatter(X[:, 0], X[:, 1], c=kmeans_labels, cmap="coolwarm", s=12)
        ax.set_title(f"{kmeans_name}, k = 2:\na straight cut through both moons")
    else:
        ax.text(0.5, 0.5, "no k-means available", ha="center", transform=ax.transAxes)
    ax.set_aspect("equal", adjustable="datalim")
    ax = axes[2]
    k_distance = np.sort(_kth_neighbour_distance(X, MIN_SAMPLES))
    ax.plot(k_distance, color="tab:blue")
    ax.axhline(EPS, color="tab:red", ls="--", label=f"eps = {EPS}")
    ax.set(xlabel="points, sorted", ylabel=f"distance to {MIN_SAMPLES}th nearest (self counted)",
           title="k-distance plot: take eps at the knee")
    ax.legend()
    save_figure(fig, out_dir, "dbscan_vs_kmeans_moons.png")

    fig, axes = plt.subplots(1, len(EPS_SWEEP), figsize=(4.2 * len(EPS_SWEEP), 4))
    for ax, eps in zip(axes, EPS_SWEEP):
        sweep = DBSCAN(eps=eps, min_samples=MIN_SAMPLES).fit(X)
        _draw_dbscan(ax, X, sweep, legend=False)
        ax.set_title(f"eps = {eps}: {sweep.labels_.max() + 1} clusters, "
                     f"{np.sum(sweep.labels_ == -1)} noise", fontsize=10)
    fig.suptitle(f"The eps trade-off at min_samples = {MIN_SAMPLES}: shattered, "
                 "right, merged", y=1.04)
    save_figure(fig, out_dir, "dbscan_eps_sweep.png")
    return model


def _moons_with_outliers():
    X, y = make_moons(**MOONS)
    rng = np.random.default_rng(SEED)
    outliers = rng.uniform([-1.5, -1.0], [2.5, 1.5], size=(OUTLIERS, 2))
    return np.vstack([X, outliers]), np.r_[y, np.full(OUTLIERS, -1)]


def _draw_dbscan(ax, X, model, legend=True):
    labels = model.labels_
    core = np.zeros(len(X), dtype=bool)
    core[model.core_sample_indices_] = True
    colours = np.array(["tab:blue", "tab:orange", "tab:green", "tab:purple", "tab:brown",
                        "tab:pink", "tab:olive", "tab:cyan"])
    clustered = labels >= 0
    ax.scatter(X[clustered & core, 0], X[clustered & core, 1],
               c=colours[labels[clustered & core] % len(colours)], s=14, label="core")
    border = clustered & ~core
    ax.scatter(X[border, 0], X[border, 1], facecolors="none",
               edgecolors=colours[labels[border] % len(colours)], s=30, label="border")
    ax.scatter(X[~clustered, 0], X[~clustered, 1], c="black", marker="x", s=18, label="noise")
    ax.set_aspect("equal", adjustable="datalim")
    if legend:
        ax.legend(loc="lower left", fontsize=8)


def _kth_neighbour_distance(X, k):
    """Distance from each point to its k-th nearest point, itself counted first."""
    d2 = np.sum((X[:, None, :] - X[None, :, :]) ** 2, axis=2)
    return np.sqrt(np.partition(d2, k - 1, axis=1)[:, k - 1])


def _kmeans(X):
    """k-means labels from scratchlearn's KMeans if present, else scikit-learn's."""
    try:
        from scratchlearn.clustering.kmeans import KMeans
        name = "k-means (scratchlearn)"
    except ImportError:
        try:
            from sklearn.cluster import KMeans
            name = "k-means (scikit-learn)"
        except ImportError:
            print("no k-means available (neither scratchlearn's nor scikit-learn's)")
            return None, None
    return KMeans(n_clusters=2, n_init=10, random_state=SEED).fit(X).labels_, name


def _sklearn_dbscan():
    try:
        from sklearn.cluster import DBSCAN as SklearnDBSCAN
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison.")
        return None
    return SklearnDBSCAN


if __name__ == "__main__":
    run_as_script(run)
