"""Model selection: leakage, learning curves, a validation curve and a grid
search heat map, each checked against scikit-learn's functions on the same
folds.

1. Leakage (scratchlearn.pipeline.demo): preprocessing fitted on all the data
   against the same preprocessing inside a pipeline, on pure noise.
2. Learning curves on digits: Gaussian naive Bayes (high bias: the curves
   meet early, low) against a fully grown tree (high variance: training
   accuracy 100 %, a wide gap that narrows with data).
3. A validation curve over tree depth on breast cancer.
4. GridSearchCV over (C, γ) of a scaled RBF KernelSVM on breast cancer,
   drawn as a heat map, with the winner compared to scikit-learn's search.
"""

import warnings

import numpy as np

from scratchlearn.classification.kernel_svm import KernelSVM
from scratchlearn.classification.naive_bayes import GaussianNaiveBayes
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_breast_cancer, load_digits
from scratchlearn.model_selection import (
    GridSearchCV,
    StratifiedKFold,
    learning_curve,
    validation_curve,
)
from scratchlearn.pipeline import Pipeline
from scratchlearn.pipeline.demo import run as run_leakage
from scratchlearn.trees.decision_tree import DecisionTreeClassifier

TRAIN_SIZES = (0.05, 0.1, 0.2, 0.35, 0.55, 0.775, 1.0)
DEPTHS = [1, 2, 3, 4, 5, 6, 8, 10, 14]
C_GRID = [0.1, 1.0, 10.0, 100.0, 1000.0]
GAMMA_GRID = [1e-4, 1e-3, 1e-2, 1e-1, 1.0]
FOLDS = 5
SEED = 0


def _sklearn():
    try:
        from sklearn import model_selection
    except ImportError:
        print("scikit-learn is not installed: skipping the comparisons.")
        return None
    return model_selection


def run(out_dir):
    """Leakage, learning and validation curves, and a (C, γ) grid search."""
    # %% 1. Leakage: preprocessing fitted before the split
    print("== 1. Leakage ==")
    run_leakage(out_dir)
    sk = _sklearn()
    plt = pyplot()

    # %% 2. Learning curves on digits
    print("\n== 2. Learning curves on digits (5-fold, stratified) ==")
    X, y = load_digits(return_X_y=True)
    cv = StratifiedKFold(FOLDS, shuffle=True, random_state=SEED)
    folds = list(cv.split(X, y))
    models = {"Gaussian naive Bayes (high bias)": GaussianNaiveBayes(),
              "fully grown tree (high variance)": DecisionTreeClassifier(random_state=SEED)}
    curves = {}
    for name, model in models.items():
        sizes, train, test = learning_curve(model, X, y, train_sizes=TRAIN_SIZES, cv=folds)
        curves[name] = (sizes, train, test)
        print(f"{name}: train {train[-1].mean():.3f}, test {test[-1].mean():.3f} at "
              f"{sizes[-1]} samples; test {test[0].mean():.3f} at {sizes[0]}")
        if sk is not None:
            reference = sk.learning_curve(model, X, y, train_sizes=TRAIN_SIZES, cv=folds)
            compare("    test scores vs scikit-learn's learning_curve", test, reference[2],
                    rtol=1e-12, reference_name="scikit-learn")

    # %% 3. A validation curve over tree depth
    print("\n== 3. Validation curve over tree depth on breast cancer ==")
    Xb, yb = load_breast_cancer(return_X_y=True)
    folds_b = list(StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(Xb, yb))
    tree = DecisionTreeClassifier(random_state=SEED)
    train_d, test_d = validation_curve(tree, Xb, yb, param_name="max_depth",
                                       param_range=DEPTHS, cv=folds_b)
    best_depth = DEPTHS[int(np.argmax(test_d.mean(axis=1)))]
    print("depth:  " + " ".join(f"{d:6d}" for d in DEPTHS))
    print("train:  " + " ".join(f"{s:6.3f}" for s in train_d.mean(axis=1)))
    print("test:   " + " ".join(f"{s:6.3f}" for s in test_d.mean(axis=1)))
    print(f"best depth by mean test accuracy: {best_depth}")
    if sk is not None:
        reference = sk.validation_curve(tree, Xb, yb, param_name="max_depth",
                                        param_range=DEPTHS, cv=folds_b)
        compare("    test scores vs scikit-learn's validation_curve", test_d, reference[1],
                rtol=1e-12, reference_name="scikit-learn")

    # %% 4. Grid search over (C, γ) for a scaled RBF SVM
    print("\n== 4. Grid search over (C, γ) for a scaled RBF KernelSVM on breast cancer ==")
    pipe = Pipeline([("scale", StandardScaler()), ("svm", KernelSVM(kernel="rbf"))])
    grid = {"svm__C": C_GRID, "svm__gamma": GAMMA_GRID}
    search = GridSearchCV(pipe, grid, cv=folds_b).fit(Xb, yb)
    print(f"{len(search.cv_results_['params'])} candidates × {FOLDS} folds; best "
          f"{search.best_params_}, mean accuracy {search.best_score_:.4f}")
    # Rows C, columns γ: ParameterGrid orders keys alphabetically, so C varies slowest.
    heat = search.cv_results_["mean_test_score"].reshape(len(C_GRID), len(GAMMA_GRID))
    if sk is not None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reference = sk.GridSearchCV(pipe, grid, cv=folds_b).fit(Xb, yb)
        print(f"    scikit-learn's GridSearchCV: best {reference.best_params_}, "
              f"{reference.best_score_:.4f}; same choice: "
              f"{reference.best_params_ == search.best_params_}")
        compare("    mean_test_score vs scikit-learn's", search.cv_results_["mean_test_score"],
                reference.cv_results_["mean_test_score"], rtol=1e-12,
                reference_name="scikit-learn")

    # %% Draw the learning curves, the validation curve and the grid
    if plt is None:
        return search.best_estimator_
    fig, axes = plt.subplots(1, 2, figsize=(12, 4.3), sharey=True)
    for ax, (name, (sizes, train, test)) in zip(axes, curves.items(), strict=True):
        for scores, label, colour in ((train, "training", "C0"), (test, "cross-validation",
                                                                  "C1")):
            mean, sd = scores.mean(axis=1), scores.std(axis=1)
            ax.plot(sizes, mean, "o-", color=colour, label=label)
            ax.fill_between(sizes, mean - sd, mean + sd, color=colour, alpha=0.2)
        ax.set(title=name, xlabel="training samples", ylim=(0.4, 1.02))
        ax.legend(loc="lower right", fontsize=8)
    axes[0].set_ylabel("accuracy (mean ± sd over folds)")
    fig.suptitle("Learning curves on digits: bias shows as two low curves that meet, "
                 "variance as a gap")
    save_figure(fig, out_dir, "model_selection_learning_curves.png")

    fig, ax = plt.subplots(figsize=(7, 4.2))
    for scores, label, colour in ((train_d, "training", "C0"), (test_d, "cross-validation",
                                                                "C1")):
        mean, sd = scores.mean(axis=1), scores.std(axis=1)
        ax.plot(DEPTHS, mean, "o-", color=colour, label=label)
        ax.fill_between(DEPTHS, mean - sd, mean + sd, color=colour, alpha=0.2)
    ax.axvline(best_depth, color="k", ls=":", label=f"best depth {best_depth}")
    ax.set(xlabel="max_depth", ylabel="accuracy", title="Validation curve: tree depth on "
           "breast cancer (underfit left, overfit right)")
    ax.legend(fontsize=8)
    save_figure(fig, out_dir, "model_selection_validation_curve.png")

    fig, ax = plt.subplots(figsize=(6.4, 5))
    image = ax.imshow(heat, cmap="viridis", origin="lower", vmin=max(heat.min(), 0.6))
    ax.set_xticks(range(len(GAMMA_GRID)), [f"{g:g}" for g in GAMMA_GRID])
    ax.set_yticks(range(len(C_GRID)), [f"{c:g}" for c in C_GRID])
    for (i, j), value in np.ndenumerate(heat):
        ax.text(j, i, f"{value:.3f}", ha="center", va="center", fontsize=8,
                color="k" if value > heat.max() - 0.03 else "w")
    i, j = np.unravel_index(np.argmax(heat), heat.shape)
    ax.add_patch(plt.Rectangle((j - 0.5, i - 0.5), 1, 1, fill=False, ec="r", lw=2))
    ax.set(xlabel="γ (RBF width⁻²)", ylabel="C (penalty)",
           title="GridSearchCV: 5-fold accuracy of a scaled RBF SVM")
    fig.colorbar(image, ax=ax, label="mean CV accuracy")
    save_figure(fig, out_dir, "model_selection_grid_search.png")
    return search.best_estimator_


if __name__ == "__main__":
    run_as_script(run)
