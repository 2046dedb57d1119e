"""Decision trees on iris and breast cancer.

Grows trees of depth 1–4 on two iris features and draws their decision
regions (each depth adds axis-aligned cuts), prints the depth-2 tree as text,
compares predictions, probabilities and feature importances with
scikit-learn's DecisionTreeClassifier (when installed), and draws the feature
importances of a depth-4 tree on breast cancer.
"""

import numpy as np

from scratchlearn.core.demo import compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.datasets import load_breast_cancer, load_iris
from scratchlearn.trees.decision_tree import DecisionTreeClassifier, export_text

IRIS_FEATURES = (2, 3)        # petal length and petal width: two features we can draw
DEPTHS = (1, 2, 3, 4)         # one panel per depth
CANCER_DEPTH = 4              # the tree whose feature importances we plot
N_IMPORTANT = 10              # bars in the importance chart


def run(out_dir):
    """Decision regions for depths 1–4 on iris, the printed tree, importances on breast cancer."""
    # %% Trees of depth 1 to 4 on two iris features
    iris = load_iris()
    X = iris.data[:, IRIS_FEATURES]
    y = iris.target
    names = [iris.feature_names[j] for j in IRIS_FEATURES]
    labels = np.array(iris.target_names)

    trees = {depth: DecisionTreeClassifier(max_depth=depth).fit(X, y) for depth in DEPTHS}
    for depth, tree in trees.items():
        print(f"depth {depth}: {tree.get_n_leaves()} leaves, training accuracy "
              f"{tree.score(X, y):.3f}")
    print("\nThe depth-2 tree (x ≤ t goes left):")
    print(export_text(trees[2], feature_names=names, show_weights=True))

    # %% Breast cancer: a depth-4 tree, the two engines, and scikit-learn
    cancer = load_breast_cancer()
    cancer_tree = DecisionTreeClassifier(max_depth=CANCER_DEPTH).fit(cancer.data, cancer.target)
    compare_engines("breast cancer, unlimited depth",
                    lambda: DecisionTreeClassifier().fit(cancer.data, cancer.target),
                    lambda plain, fast: _same_tree(plain, fast, cancer.data))
    _compare_with_sklearn(trees, X, y, cancer_tree, cancer)

    # %% Draw the decision regions and the feature importances
    plt = pyplot()
    if plt is None:
        return cancer_tree

    fig, axes = plt.subplots(1, len(DEPTHS), figsize=(4.2 * len(DEPTHS), 4.2), sharey=True)
    pad = 0.3
    grid_x, grid_y = np.meshgrid(np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, 400),
                                 np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, 400))
    grid = np.column_stack([grid_x.ravel(), grid_y.ravel()])
    colours = ["#4c72b0", "#dd8452", "#55a868"]
    from matplotlib.colors import ListedColormap

    for ax, (depth, tree) in zip(axes, trees.items()):
        region = tree.predict(grid).reshape(grid_x.shape)
        ax.contourf(grid_x, grid_y, region, levels=[-0.5, 0.5, 1.5, 2.5],
                    cmap=ListedColormap(colours), alpha=0.25)
        for k, label in enumerate(labels):
            ax.scatter(*X[y == k].T, s=14, color=colours[k], edgecolor="k", linewidth=0.3,
                       label=label)
        _draw_cuts(ax, tree.tree_, 0, [grid_x.min(), grid_x.max()], [grid_y.min(), grid_y.max()])
        ax.set(title=f"max_depth = {depth}: {tree.get_n_leaves()} leaves, "
                     f"accuracy {tree.score(X, y):.2f}", xlabel=names[0])
    axes[0].set_ylabel(names[1])
    axes[0].legend(loc="upper left", fontsize=8)
    fig.suptitle("Each level of the tree adds axis-aligned cuts (black lines); "
                 "every box predicts its majority class", y=1.02)
    fig.tight_layout()
    save_figure(fig, out_dir, "decision_regions.png")

    importances = cancer_tree.feature_importances_
    top = np.argsort(importances)[::-1][:N_IMPORTANT][::-1]
    fig, ax = plt.subplots(figsize=(7.5, 4.8))
    ax.barh([cancer.feature_names[j] for j in top], importances[top], color="#4c72b0")
    ax.set(xlabel="share of the total weighted impurity decrease (eq. 11)",
           title=f"Breast cancer, max_depth = {CANCER_DEPTH}: the features the tree splits on "
                 f"(top {N_IMPORTANT} of {len(importances)})")
    used = int(np.sum(importances > 0))
    ax.text(0.98, 0.03, f"{used} of {len(importances)} features used; the rest score 0",
            transform=ax.transAxes, ha="right", fontsize=9)
    fig.tight_layout()
    save_figure(fig, out_dir, "feature_importances.png")
    return cancer_tree


def _draw_cuts(ax, tree, node, x_range, y_range):
    """Draw each split as a line across the box its node owns (a walk for drawing only)."""
    if tree.children_left[node] == -1:
        return
    t = tree.threshold[node]
    if tree.feature[node] == 0:
        ax.plot([t, t], y_range, color="k", lw=1)
        _draw_cuts(ax, tree, tree.children_left[node], [x_range[0], t], y_range)
        _draw_cuts(ax, tree, tree.children_right[node], [t, x_range[1]], y_range)
    else:
        ax.plot(x_range, [t, t], color="k", lw=1)
        _draw_cuts(ax, tree, tree.children_left[node], x_range, [y_range[0], t])
        _draw_cuts(ax, tree, tree.children_right[node], x_range, [t, y_range[1]])


def _compare_with_sklearn(trees, X, y, cancer_tree, cancer):
    try:
        from sklearn.tree import DecisionTreeClassifier as SkTree
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison.")
        return
    print("Compared with scikit-learn's DecisionTreeClassifier (same depth):")
    for depth, tree in trees.items():
        ref = SkTree(max_depth=depth, random_state=0).fit(X, y)
        same_pred = np.array_equal(tree.predict(X), ref.predict(X))
        proba_diff = np.abs(tree.predict_proba(X) - ref.predict_proba(X)).max()
        print(f"  iris depth {depth}: predictions {'identical' if same_pred else 'DIFFER'}, "
              f"max |Δ probability| = {proba_diff:.1e}")
    ref = SkTree(max_depth=CANCER_DEPTH, random_state=0).fit(cancer.data, cancer.target)
    same_pred = np.array_equal(cancer_tree.predict(cancer.data), ref.predict(cancer.data))
    diff = np.abs(cancer_tree.feature_importances_ - ref.feature_importances_).max()
    print(f"  breast cancer depth {CANCER_DEPTH}: predictions "
          f"{'identical' if same_pred else 'DIFFER'}, max |Δ importance| = {diff:.1e} "
          f"({'agree' if diff < 1e-9 else 'differ: an exact tie broken another way'})")



def _same_tree(plain, fast, X):
    """The two engines' trees, array by array, and their probabilities on X."""
    arrays = ("children_left", "children_right", "feature", "threshold", "impurity", "value",
              "n_node_samples", "weighted_n_node_samples")
    return (all(np.array_equal(getattr(plain.tree_, a), getattr(fast.tree_, a)) for a in arrays)
            and np.array_equal(plain.predict_proba(X), fast.predict_proba(X)))


if __name__ == "__main__":
    run_as_script(run)
