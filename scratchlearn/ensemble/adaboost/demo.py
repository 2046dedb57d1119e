"""AdaBoost with stumps on the two moons: the decision boundary after 1, 5,
20 and all rounds, and the accuracy beside scikit-learn's AdaBoostClassifier."""

import numpy as np

from scratchlearn.core.demo import compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import train_test_split
from scratchlearn.datasets import load_breast_cancer, make_moons
from scratchlearn.ensemble.adaboost import AdaBoostClassifier

N_ROUNDS = 200          # boosting rounds on the moons
SHOW = (1, 5, 20, N_ROUNDS)
SEED = 0


def run(out_dir):
    """Staged decision boundaries of AdaBoost (SAMME) on the moons."""
    # %% AdaBoost with stumps on the moons
    X, y = make_moons(n_samples=300, noise=0.25, random_state=SEED)
    model = AdaBoostClassifier(n_estimators=N_ROUNDS, random_state=SEED).fit(X, y)
    print(f"moons: {len(model.estimators_)} stumps, training accuracy {model.score(X, y):.3f}; "
          f"first weights α = {np.round(model.estimator_weights_[:3], 3)}")

    # %% Breast cancer: the two engines and scikit-learn
    Xb, yb = load_breast_cancer(return_X_y=True)
    X_tr, X_te, y_tr, y_te = train_test_split(Xb, yb, test_size=0.3, random_state=SEED)
    ours = AdaBoostClassifier(random_state=SEED).fit(X_tr, y_tr)
    print(f"breast cancer, 50 stumps: test accuracy {ours.score(X_te, y_te):.3f}")
    compare_engines("    breast cancer, 50 stumps",
                    lambda: AdaBoostClassifier(random_state=SEED).fit(X_tr, y_tr),
                    lambda plain, fast: np.array_equal(plain.predict_proba(X_te),
                                                       fast.predict_proba(X_te)))
    try:
        from sklearn.ensemble import AdaBoostClassifier as SkAdaBoost
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison.")
    else:
        ref = SkAdaBoost(random_state=SEED).fit(X_tr, y_tr)
        same = np.allclose(ours.estimator_weights_[:5], ref.estimator_weights_[:5], rtol=1e-9)
        print(f"    scikit-learn {ref.score(X_te, y_te):.3f}; first five learner weights "
              f"{'agree' if same else 'DIFFER'} to 1e-9")

    # %% Draw the staged decision boundaries
    plt = pyplot()
    if plt is None:
        return model
    xx, yy = np.meshgrid(np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, 200),
                         np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, 200))
    grid = np.c_[xx.ravel(), yy.ravel()]
    stages = list(model.staged_decision_function(grid))
    fig, axes = plt.subplots(1, len(SHOW), figsize=(4 * len(SHOW), 4), sharey=True)
    for ax, m in zip(axes, SHOW):
        m = min(m, len(stages))
        score = stages[m - 1].reshape(xx.shape)
        # Levels symmetric about 0, so white is a tie and the colour's hue is the class.
        limit = np.abs(score).max()
        ax.contourf(xx, yy, score, levels=np.linspace(-limit, limit, 21), cmap="RdBu_r",
                    alpha=0.6)
        ax.contour(xx, yy, score, levels=[0], colors="k", linewidths=1.5)
        ax.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu_r", edgecolors="k", s=14)
        acc = np.mean(list(model.staged_predict(X))[m - 1] == y)
        ax.set(title=f"{m} stump{'s' * (m > 1)}: train acc {acc:.2f}", xlabel="x₁")
    axes[0].set_ylabel("x₂")
    fig.suptitle("AdaBoost: each stump is an axis-aligned cut; their weighted vote (eqs. 10–11) "
                 "bends the boundary")
    save_figure(fig, out_dir, "adaboost_staged_boundaries.png")
    return model


if __name__ == "__main__":
    run_as_script(run)
