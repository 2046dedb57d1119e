"""k-nearest neighbours: digits against scikit-learn, then what k and the
number of dimensions do.

Classifies held-out handwritten digits with k = 1, 4, 7 and both weightings
and checks the predictions and probabilities against scikit-learn's
brute-force KNeighborsClassifier on every image without a tie at the k-th
distance (counting the tied ones); times the plain search against the fast
one and checks they agree; shows why scaling matters on wine; then draws
decision regions on noisy moons for k = 1, 5, 25, the held-out error as k
grows, and how distances concentrate as the dimension grows.
"""

import time

import numpy as np

from scratchlearn.core.config import config_context
from scratchlearn.core.demo import pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler, train_test_split
from scratchlearn.datasets import load_digits, load_wine, make_moons
from scratchlearn.neighbors.knn import KNNClassifier

DIGITS_KS = (1, 4, 7)             # the k compared with scikit-learn on digits
REGION_KS = (1, 5, 25)            # k for the three decision-region panels
CURVE_KS = np.unique(np.geomspace(1, 200, 30).astype(int))   # k for the error curve
MOONS = dict(n_samples=800, noise=0.35, random_state=0)      # two noisy half-moons
TEST_SIZE = 0.5                   # held-out share of the moons and digits
DIMENSIONS = (1, 2, 5, 10, 50, 100, 500, 1000)   # for the curse-of-dimensionality panel
SEED = 0


def run(out_dir):
    """KNN on digits beside scikit-learn, then decision regions and error vs k on moons."""
    # %% Digits: held-out accuracy for several k, compared with scikit-learn
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SIZE,
                                                        random_state=SEED, stratify=y)
    print(f"digits: {len(X_train)} training and {len(X_test)} held-out images, 64 pixels each")
    reference = _sklearn()
    for k in DIGITS_KS:
        for weights in ("uniform", "distance"):
            ours = KNNClassifier(n_neighbors=k, weights=weights).fit(X_train, y_train)
            line = f"  k = {k}, {weights:8s}: held-out accuracy {ours.score(X_test, y_test):.4f}"
            if reference is not None:
                # A tie at the k-th distance (eq. 2) is settled by index here and
                # by a heap in scikit-learn: compare on the untied images.
                dist = ours.kneighbors(X_test, n_neighbors=k + 1)[0]
                untied = dist[:, k - 1] < dist[:, k]
                ref = reference(n_neighbors=k, weights=weights,
                                algorithm="brute").fit(X_train, y_train)
                same_labels = np.array_equal(ours.predict(X_test)[untied],
                                             ref.predict(X_test)[untied])
                same_proba = np.array_equal(ours.predict_proba(X_test)[untied],
                                            ref.predict_proba(X_test)[untied])
                verdict = "agree" if same_labels and same_proba else "DIFFER"
                line += (f"; scikit-learn on the {untied.sum()} untied images: identical "
                         f"predictions {same_labels}, probabilities {same_proba}: {verdict} "
                         f"({np.sum(~untied)} tie at the k-th distance)")
            print(line)
    # %% The plain engine against the fast one
    _plain_against_fast(X_train, y_train, X_test)

    # %% Wine: why features must be scaled
    X, y = load_wine(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SIZE,
                                                        random_state=SEED, stratify=y)
    raw = KNNClassifier().fit(X_train, y_train).score(X_test, y_test)
    scaler = StandardScaler().fit(X_train)
    scaled = KNNClassifier().fit(scaler.transform(X_train), y_train).score(
        scaler.transform(X_test), y_test)
    print(f"wine, k = 5: held-out accuracy {raw:.3f} on raw features (proline, in the hundreds "
          f"to thousands, swamps every distance), {scaled:.3f} after standardising")

    # %% Noisy moons: error against k
    X, y = make_moons(**MOONS)
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_SIZE,
                                                        random_state=SEED)
    train_error, test_error = [], []
    for k in CURVE_KS:
        model = KNNClassifier(n_neighbors=int(k)).fit(X_train, y_train)
        train_error.append(1 - model.score(X_train, y_train))
        test_error.append(1 - model.score(X_test, y_test))
    best = int(CURVE_KS[np.argmin(test_error)])
    chosen = KNNClassifier(n_neighbors=best).fit(X_train, y_train)
    print(f"moons: held-out error {test_error[0]:.3f} at k = 1, {min(test_error):.3f} at "
          f"k = {best} (best), {test_error[-1]:.3f} at k = {CURVE_KS[-1]}")

    # %% The curse of dimensionality
    contrast = _distance_contrast(DIMENSIONS)
    print("distance contrast (farthest − nearest) / nearest, 1,000 uniform points in [0, 1]^d: "
          + ", ".join(f"d={d}: {c:.2f}" for d, c in zip(DIMENSIONS, contrast)))

    # %% Draw the regions, the error against k, and the distance contrast
    plt = pyplot()
    if plt is None:
        return chosen
    _plot_regions(plt, out_dir, X_train, y_train, X_test, y_test)
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.6))
    ax = axes[0]
    ax.plot(CURVE_KS, train_error, "o-", ms=3, label="training error")
    ax.plot(CURVE_KS, test_error, "o-", ms=3, label="held-out error")
    ax.axvline(best, color="gray", ls=":", label=f"best k = {best}")
    ax.set_xscale("log")
    ax.set(xlabel="k (log scale)   ← flexible, high variance · smooth, high bias →",
           ylabel="error rate", title="Noisy moons: error against k")
    ax.legend()
    ax = axes[1]
    ax.loglog(DIMENSIONS, contrast, "o-")
    ax.set(xlabel="number of dimensions d", ylabel="(farthest − nearest) / nearest distance",
           title="Curse of dimensionality: 1,000 uniform points in [0, 1]^d")
    fig.tight_layout()
    save_figure(fig, out_dir, "knn_error_vs_k.png")
    return chosen


def _sklearn():
    try:
        from sklearn.neighbors import KNeighborsClassifier
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison.")
        return None
    return KNeighborsClassifier


def _plain_against_fast(X_train, y_train, X_test, k=5):
    """One line: the held-out digits' neighbours found by the plain search
    (every distance, whole rows sorted) and by the fast one, timed and compared."""
    model = KNNClassifier(n_neighbors=k).fit(X_train, y_train)
    found, seconds = {}, {}
    for engine in ("plain", "fast"):
        with config_context(engine=engine):
            start = time.perf_counter()
            found[engine] = model.kneighbors(X_test)
            seconds[engine] = time.perf_counter() - start
    same = all(np.array_equal(a, b) for a, b in zip(found["plain"], found["fast"]))
    print(f"plain vs fast search, {len(X_test)} digits against {len(X_train)}, k = {k}: "
          f"{seconds['plain']:.2f} s vs {seconds['fast']:.3f} s "
          f"({seconds['plain'] / seconds['fast']:.0f}× faster); identical neighbour indices "
          f"and distances: {'agree' if same else 'DIFFER'}")


def _distance_contrast(dimensions, n_points=1000, n_queries=20):
    """Mean over queries of (farthest − nearest) / nearest distance to
    ``n_points`` uniform random points in the unit cube [0, 1]^d."""
    rng = np.random.default_rng(SEED)
    contrast = []
    for d in dimensions:
        points = rng.random((n_points, d))
        queries = rng.random((n_queries, d))
        model = KNNClassifier(n_neighbors=n_points).fit(points, np.arange(n_points) % 2)
        dist = model.kneighbors(queries)[0]
        contrast.append(np.mean((dist[:, -1] - dist[:, 0]) / dist[:, 0]))
    return np.array(contrast)


def _plot_regions(plt, out_dir, X_train, y_train, X_test, y_test):
    from matplotlib.colors import ListedColormap

    x0, x1 = X_train[:, 0].min() - 0.5, X_train[:, 0].max() + 0.5
    y0, y1 = X_train[:, 1].min() - 0.5, X_train[:, 1].max() + 0.5
    g0, g1 = np.meshgrid(np.linspace(x0, x1, 300), np.linspace(y0, y1, 300))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    fig, axes = plt.subplots(1, len(REGION_KS), figsize=(16, 5), sharey=True)
    for ax, k in zip(axes, REGION_KS):
        model = KNNClassifier(n_neighbors=k).fit(X_train, y_train)
        p1 = model.predict_proba(grid)[:, 1].reshape(g0.shape)
        ax.contourf(g0, g1, p1, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.45)
        ax.contour(g0, g1, p1, levels=[0.5], colors="k", linewidths=1.2)
        ax.scatter(X_train[:, 0], X_train[:, 1], c=y_train, s=12, edgecolor="k",
                   linewidth=0.3, cmap=ListedColormap(["#2166ac", "#b2182b"]))
        ax.set(title=f"k = {k}: training accuracy {model.score(X_train, y_train):.2f}, "
                     f"held-out {model.score(X_test, y_test):.2f}",
               xlabel="x₁", xlim=(x0, x1), ylim=(y0, y1))
    axes[0].set_ylabel("x₂")
    fig.suptitle("Decision regions on noisy moons: colour = P(red class | x) "
                 "(the share of the k neighbours that are red), black line = 0.5", y=1.0)
    fig.tight_layout()
    save_figure(fig, out_dir, "knn_decision_regions.png")


if __name__ == "__main__":
    run_as_script(run)
