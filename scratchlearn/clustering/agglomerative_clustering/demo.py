"""Agglomerative clustering: the four linkages beside scikit-learn, a
dendrogram cut at k clusters, and what each linkage does to two moons.

Fits all four linkages to iris and checks labels (up to renaming), merge
heights and merge trees against scikit-learn; scores each against the
species with the adjusted Rand index; draws the dendrogram of a small blob
data set (from children_ and distances_, no SciPy) cut at k = 3 beside the
clusters it gives; and runs every linkage on noisy moons.
"""

import numpy as np

from scratchlearn.clustering.agglomerative_clustering import AgglomerativeClustering
from scratchlearn.core.demo import compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.core.metrics import adjusted_rand_score
from scratchlearn.datasets import load_iris, make_blobs, make_moons

LINKAGES = ("ward", "complete", "average", "single")
BLOBS = dict(n_samples=45, centers=3, cluster_std=1.2, random_state=4)   # dendrogram data
K = 3                               # where the dendrogram is cut
MOONS = dict(n_samples=300, noise=0.05, random_state=0)
COLOURS = np.array(["tab:blue", "tab:orange", "tab:green", "tab:red", "tab:purple"])


def plain_against_fast():
    """Time model.py's algorithm (engine "plain") against the speed machinery
    (engine "fast") on one data set, and check that they fit the same model."""
    X, _ = load_iris(return_X_y=True)
    compare_engines("engine plain vs fast, iris", lambda: AgglomerativeClustering(n_clusters=3, linkage="average").fit(X),
                    lambda a, b: np.array_equal(a.children_, b.children_) and np.array_equal(a.labels_, b.labels_))


def run(out_dir):
    """All four linkages on iris beside scikit-learn; a dendrogram; linkages on moons."""
    # %% The plain engine against the fast one
    plain_against_fast()
    # %% Iris cut at three clusters by all four linkages, compared with scikit-learn
    X, species = load_iris(return_X_y=True)
    reference = _sklearn_agglomerative()
    print(f"iris, {len(X)} samples, cut at 3 clusters:")
    models = {}
    for linkage in LINKAGES:
        model = models[linkage] = AgglomerativeClustering(n_clusters=3, linkage=linkage).fit(X)
        line = (f"  {linkage:8s} ARI against the species {adjusted_rand_score(species, model.labels_):.3f}"
                f", last merge at height {model.distances_[-1]:.4f}")
        if reference is not None:
            theirs = reference(n_clusters=3, linkage=linkage, compute_distances=True).fit(X)
            same = adjusted_rand_score(model.labels_, theirs.labels_) == 1.0
            gap = np.max(np.abs(model.distances_ - theirs.distances_)
                         / np.maximum(theirs.distances_, 1e-300))
            same_tree = np.array_equal(model.children_, np.sort(theirs.children_, axis=1))
            verdict = "agree" if same and gap <= 1e-10 else "DIFFER"
            line += (f"; scikit-learn: same clusters {same}, heights within {gap:.1e} "
                     f"(tolerance 1e-10), same merge tree {same_tree}: {verdict}")
        print(line)

    # %% Draw a dendrogram, and the four linkages on the moons
    plt = pyplot()
    if plt is None:
        return models["ward"]
    B, _ = make_blobs(**BLOBS)
    model = AgglomerativeClustering(n_clusters=K, linkage="ward").fit(B)
    fig, axes = plt.subplots(1, 2, figsize=(14, 5), gridspec_kw=dict(width_ratios=[2, 1]))
    _dendrogram(axes[0], model.children_, model.distances_, model.labels_, K)
    axes[0].set_title(f"Ward dendrogram of {len(B)} points, cut at k = {K}")
    axes[1].scatter(B[:, 0], B[:, 1], c=COLOURS[model.labels_], s=40)
    for i, (a, b) in enumerate(B):
        axes[1].annotate(str(i), (a, b), fontsize=6, xytext=(3, 3), textcoords="offset points")
    axes[1].set_title(f"The {K} clusters of the cut")
    axes[1].set_aspect("equal", adjustable="datalim")
    save_figure(fig, out_dir, "agglomerative_dendrogram.png")

    M, moon = make_moons(**MOONS)
    fig, axes = plt.subplots(1, len(LINKAGES), figsize=(4.2 * len(LINKAGES), 3.8))
    for ax, linkage in zip(axes, LINKAGES):
        labels = AgglomerativeClustering(n_clusters=2, linkage=linkage).fit(M).labels_
        ax.scatter(M[:, 0], M[:, 1], c=COLOURS[labels], s=10)
        ax.set_title(f"{linkage}: ARI {adjusted_rand_score(moon, labels):.2f}")
        ax.set_aspect("equal", adjustable="datalim")
    fig.suptitle("Two moons, k = 2: only single linkage follows the curves (it chains "
                 "along them); the others cut compact pieces", y=1.04)
    save_figure(fig, out_dir, "agglomerative_linkages_moons.png")
    return models["ward"]


def _dendrogram(ax, children, distances, labels, k):
    """Draw the merge tree: leaves in depth-first order, each merge a ∩ shape
    at its height; merges below the cut coloured by their cluster."""
    n = len(children) + 1
    order, stack = [], [2 * n - 2]
    # Depth-first walk from the root; children pushed right first so the
    # left subtree is drawn first. One step per node of the tree.
    while stack:
        node = stack.pop()
        if node < n:
            order.append(node)
        else:
            left, right = children[node - n]
            stack += [right, left]
    x = np.zeros(2 * n - 1)
    x[order] = np.arange(n)
    height = np.zeros(2 * n - 1)
    leaf = np.arange(2 * n - 1)                # one sample under each node
    # One drawing call per merge, in merge order (children before parents).
    for m, (a, b) in enumerate(children):
        node = n + m
        x[node] = (x[a] + x[b]) / 2
        height[node] = distances[m]
        leaf[node] = leaf[a]
        below_cut = m < n - k
        colour = COLOURS[labels[leaf[node]]] if below_cut else "black"
        ax.plot([x[a], x[a], x[b], x[b]], [height[a], height[node], height[node], height[b]],
                color=colour, lw=1.2)
    cut = (distances[n - k - 1] + distances[n - k]) / 2
    ax.axhline(cut, color="grey", ls="--", lw=1)
    ax.text(n - 0.5, cut, f" cut: {k} clusters", va="bottom", ha="right", color="grey")
    ax.set_xticks(np.arange(n))
    ax.set_xticklabels([str(i) for i in order], fontsize=6)
    ax.set(xlabel="sample", ylabel="merge height (Ward distance, eq. 7)", xlim=(-1, n))


def _sklearn_agglomerative():
    try:
        from sklearn.cluster import AgglomerativeClustering as SklearnAgglomerative
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison.")
        return None
    return SklearnAgglomerative


if __name__ == "__main__":
    run_as_script(run)
