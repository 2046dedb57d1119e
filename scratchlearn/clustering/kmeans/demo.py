"""k-means on blobs, iris and digits.

Prints the inertia beside scikit-learn's KMeans (when installed): identical
labels from the same initial centres, and k-means++ with 10 runs. Draws
Lloyd's iterations on blobs — the Voronoi cells of the centres moving until
nothing changes — with the inertia falling, k-means++ seeds against random
ones, and the elbow of the inertia against K.
"""

import warnings

import numpy as np

from scratchlearn.clustering.kmeans.model import KMeans, assign, inertia, update_centres
from scratchlearn.core.base import ConvergenceWarning
from scratchlearn.core.demo import compare, compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.datasets import load_digits, load_iris, make_blobs

# --- settings ---------------------------------------------------------------
K = 4                        # clusters in the blobs
BLOB_SEED = 6                # the blobs
SHOWN_ITERATIONS = (0, 1, 2, 3, 5, 8)   # Lloyd rounds drawn (0 = the start), then the last
ELBOW_KS = range(1, 11)      # K values for the elbow curve
N_SEEDS = 50                 # runs per seeding method in the histogram
# -----------------------------------------------------------------------------


def plain_against_fast():
    """Time model.py's algorithm (engine "plain") against the speed machinery
    (engine "fast") on one data set, and check that they fit the same model."""
    X, _ = load_digits(return_X_y=True)
    compare_engines("engine plain vs fast, digits", lambda: KMeans(n_clusters=10, n_init=3, random_state=0).fit(X),
                    lambda a, b: np.array_equal(a.labels_, b.labels_))


def run(out_dir):
    """k-means: Lloyd's iterations, k-means++ and the elbow, checked against scikit-learn."""
    # %% The plain engine against the fast one
    plain_against_fast()
    # %% Blobs: Lloyd's algorithm from a poor start, then k-means++
    try:
        from sklearn.cluster import KMeans as SKKMeans
    except ImportError:
        SKKMeans = None
        print("scikit-learn is not installed: skipping the comparisons with sklearn.cluster.")

    X, _ = make_blobs(400, 2, centers=K, cluster_std=1.1, random_state=BLOB_SEED)
    # A poor start on purpose: the K samples nearest the lower-left corner, so
    # the centres have to travel across the data.
    C0 = X[np.argsort(np.sum((X - X.min(axis=0)) ** 2, axis=1), kind="stable")[:K]]
    centres, labels, history = _iterate(X, C0)

    print("== Blobs: 400 points, K = 4, all centres starting in one corner ==")
    model = KMeans(K, init=C0, n_init=1).fit(X)
    print(f"Lloyd's algorithm: {model.n_iter_} rounds, inertia {model.inertia_:.4f}")
    print("inertia after each assignment step: "
          + ", ".join(f"{j:.1f}" for j in model.loss_history_))
    best = KMeans(K, random_state=0).fit(X)
    print(f"k-means++, 10 runs: inertia {best.inertia_:.4f}")
    if SKKMeans is not None:
        theirs = SKKMeans(K, init=C0, n_init=1).fit(X)
        same = np.array_equal(model.labels_, theirs.labels_)
        print(f"same start in scikit-learn: labels identical: {same}")
        compare("inertia, same start", model.inertia_, theirs.inertia_, rtol=1e-10,
                reference_name="scikit-learn")

    # %% Iris and digits, compared with scikit-learn
    for name, data, k in (("iris", load_iris(return_X_y=True)[0], 3),
                          ("digits", load_digits(return_X_y=True)[0], 10)):
        print(f"\n== {name}: K = {k}, k-means++ with 10 runs ==")
        ours = KMeans(k, random_state=0).fit(data)
        print(f"ours: inertia {ours.inertia_:.2f} after {ours.n_iter_} rounds")
        if SKKMeans is not None:
            theirs = SKKMeans(k, n_init=10, random_state=0).fit(data)
            gap = ours.inertia_ / theirs.inertia_ - 1
            print(f"scikit-learn: inertia {theirs.inertia_:.2f}; ours is {100 * gap:+.3f} % "
                  f"(target: within 1 %): {'agree' if gap <= 0.01 else 'DIFFER'}")

    # %% Draw the iterations, the seeding and the elbow
    plt = pyplot()
    if plt is None:
        return best
    _draw_iterations(plt, X, centres, labels, history, out_dir)
    _draw_seeding_and_elbow(plt, X, out_dir)
    return best


def _iterate(X, C):
    """Lloyd's rounds written out with the model's two steps, keeping every state."""
    centres, labels, history = [C], [assign(X, C)[0]], []
    for _ in range(max(SHOWN_ITERATIONS) + 20):
        z = assign(X, C)[0]                          # eq. 3
        history.append(inertia(X, C, z))
        C_new, _ = update_centres(X, z, C)           # eq. 4
        if np.array_equal(C_new, C):
            break
        C = C_new
        centres.append(C)
        labels.append(assign(X, C)[0])
    return centres, labels, history


def _grid(X, steps=300):
    pad = 1.0
    g0 = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, steps)
    g1 = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, steps)
    G0, G1 = np.meshgrid(g0, g1)
    return G0, G1, np.column_stack([G0.ravel(), G1.ravel()])


def _draw_iterations(plt, X, centres, labels, history, out_dir):
    from matplotlib.colors import ListedColormap

    G0, G1, grid = _grid(X)
    shown = [t for t in SHOWN_ITERATIONS if t < len(centres)] + [len(centres) - 1]
    shown = sorted(set(shown))
    cells = ListedColormap(["#c6dbef", "#fdd0a2", "#c7e9c0", "#dadaeb"])
    fig, axes = plt.subplots(2, 4, figsize=(16, 8.4))
    axes = axes.ravel()
    for ax, t in zip(axes, shown, strict=False):
        C = centres[t]
        region = assign(grid, C)[0].reshape(G0.shape)          # the Voronoi cells of C
        ax.contourf(G0, G1, region, levels=np.arange(K + 1) - 0.5, cmap=cells)
        ax.scatter(*X.T, c=labels[t], cmap=ListedColormap(["C0", "C1", "C2", "C4"]), s=8)
        if t > 0:
            for k in range(K):                               # where each centre came from
                ax.annotate("", xy=C[k], xytext=centres[t - 1][k],
                            arrowprops={"arrowstyle": "->", "color": "k", "lw": 1.2})
        ax.scatter(*C.T, marker="X", s=160, c="k", edgecolor="w", lw=1.5)
        title = "start: K samples in one corner" if t == 0 else f"after update {t}"
        if t == len(centres) - 1:
            title += ": fixed point"
        ax.set(title=f"{title}\ninertia {inertia(X, C, assign(X, C)[0]):.0f}",
               xticks=[], yticks=[])
    ax = axes[-1]
    ax.plot(range(1, len(history) + 1), history, "o-")
    ax.set(xlabel="assignment step", ylabel="inertia J (eq. 1)",
           title="J never increases:\neach step minimises it exactly")
    fig.suptitle("Lloyd's algorithm: assign to the nearest centre (coloured cells), "
                 "move each centre to its points' mean (arrows)")
    fig.tight_layout()
    save_figure(fig, out_dir, "kmeans_iterations.png")


def _draw_seeding_and_elbow(plt, X, out_dir):
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.4))
    seeds = {"random samples": [], "k-means++": []}
    final = {"random samples": [], "k-means++": []}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)       # max_iter=1 on purpose
        for seed in range(N_SEEDS):
            for name, init in (("random samples", "random"), ("k-means++", "k-means++")):
                first = KMeans(K, init=init, n_init=1, max_iter=1, random_state=seed).fit(X)
                seeds[name].append(first.loss_history_[0])
                final[name].append(KMeans(K, init=init, n_init=1, random_state=seed).fit(X)
                                   .inertia_)
    ax = axes[0]
    bins = np.geomspace(min(min(v) for v in final.values()) * 0.95,
                        max(max(v) for v in seeds.values()) * 1.05, 40)
    for i, name in enumerate(seeds):
        ax.hist(seeds[name], bins=bins, alpha=0.45, color=f"C{i}", label=f"{name}: seeds")
        ax.hist(final[name], bins=bins, histtype="step", lw=2, color=f"C{i}",
                label=f"{name}: after Lloyd")
    ax.set_xscale("log")
    ax.set(xlabel="inertia", ylabel=f"runs (of {N_SEEDS})",
           title="k-means++ seeds (eq. 6) are already good, and Lloyd's\n"
                 "algorithm from them reaches the best optimum more often")
    ax.legend(fontsize=8)

    ax = axes[1]
    ks = list(ELBOW_KS)
    curve = [KMeans(k, n_init=3, random_state=0).fit(X).inertia_ for k in ks]
    ax.plot(ks, curve, "o-")
    ax.axvline(K, color="grey", ls="--")
    ax.set(xlabel="K", ylabel="inertia of the best of 3 runs",
           title=f"The elbow: inertia always falls with K,\n"
                 f"but slowly after the true K = {K}")
    fig.tight_layout()
    save_figure(fig, out_dir, "kmeans_seeding_elbow.png")


if __name__ == "__main__":
    run_as_script(run)
