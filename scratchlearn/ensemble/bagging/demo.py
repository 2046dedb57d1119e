"""Bagging on digits: test error against the number of trees for one tree,
bagged trees and a random forest, beside scikit-learn's BaggingClassifier.

The curves are read off one fitted ensemble by averaging its first b members.
"""

import numpy as np

from scratchlearn.core.demo import compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import train_test_split
from scratchlearn.datasets import load_digits
from scratchlearn.ensemble.bagging import BaggingClassifier
from scratchlearn.ensemble.random_forest import RandomForestClassifier
from scratchlearn.trees.decision_tree import DecisionTreeClassifier

N_TREES = 40            # members in each ensemble
ENGINE_TREES = 2        # members timed under both engines (the plain one is slow on digits)
TEST_SIZE = 0.3
SEED = 0


def _error_curve(members, X, y, proba):
    """Test error of the average of the first b members, b = 1..B (eq. 4/5)."""
    total, errors = 0.0, []
    for member in members:
        total = total + proba(member, X)
        errors.append(np.mean(np.argmax(total, axis=1) != y))
    return np.array(errors)


def run(out_dir):
    """Single tree vs bagging vs random forest on digits, error vs number of trees."""
    # %% One tree, bagging and a random forest on digits
    X, y = load_digits(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=TEST_SIZE, random_state=SEED)
    tree_error = 1 - DecisionTreeClassifier(random_state=SEED).fit(X_tr, y_tr).score(X_te, y_te)
    bag = BaggingClassifier(n_estimators=N_TREES, oob_score=True, random_state=SEED).fit(X_tr, y_tr)
    forest = RandomForestClassifier(n_estimators=N_TREES, random_state=SEED).fit(X_tr, y_tr)
    bag_curve = _error_curve(bag.estimators_, X_te, y_te, lambda m, X: m.predict_proba(X))
    rf_curve = _error_curve(forest.estimators_, X_te, y_te, lambda m, X: m.predict_proba(X))
    print(f"test error: one tree {tree_error:.3f}, bagging ({N_TREES}) {bag_curve[-1]:.3f}, "
          f"random forest ({N_TREES}) {rf_curve[-1]:.3f}")
    compare_engines(f"bagging, {ENGINE_TREES} trees",
                    lambda: BaggingClassifier(n_estimators=ENGINE_TREES,
                                              random_state=SEED).fit(X_tr, y_tr),
                    lambda plain, fast: np.array_equal(plain.predict_proba(X_te),
                                                       fast.predict_proba(X_te)))
    print(f"bagging out-of-bag accuracy {bag.oob_score_:.3f} vs test accuracy "
          f"{1 - bag_curve[-1]:.3f}")
    # %% Compare with scikit-learn
    try:
        from sklearn.ensemble import BaggingClassifier as SkBagging
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison.")
    else:
        ref = SkBagging(n_estimators=N_TREES, random_state=SEED).fit(X_tr, y_tr)
        ours, theirs = bag.score(X_te, y_te), ref.score(X_te, y_te)
        verdict = "agree" if abs(ours - theirs) <= 0.02 else "DIFFER"
        print(f"test accuracy: ours {ours:.3f}, scikit-learn {theirs:.3f} "
              f"(different random draws; within 0.02: {verdict})")

    # %% Draw the test error against the number of trees
    plt = pyplot()
    if plt is None:
        return bag
    fig, ax = plt.subplots(figsize=(7, 4.5))
    b = np.arange(1, N_TREES + 1)
    ax.axhline(tree_error, color="C7", ls="--", label="one deep tree")
    ax.plot(b, bag_curve, label="bagged trees (all 64 features per split)")
    ax.plot(b, rf_curve, label="random forest (√64 = 8 random features per split)")
    ax.set(xlabel="number of trees B", ylabel="test error (digits)", ylim=(0, None),
           title="Averaging cuts variance; decorrelating the trees cuts more (eq. 3)")
    ax.legend()
    save_figure(fig, out_dir, "bagging_error_vs_trees.png")
    return bag


if __name__ == "__main__":
    run_as_script(run)
