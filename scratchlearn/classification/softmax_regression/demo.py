"""Softmax regression on iris and wine: three classes in one model.

Fits the standardised iris and wine data by Newton-CG and compares the
probabilities and coefficients with scikit-learn's multinomial
LogisticRegression (when installed), then draws the three-class decision
regions of iris from petal length and width, at a strong and a weak penalty,
shading each point of the plane by its class probabilities.
"""

import numpy as np

from scratchlearn.classification.softmax_regression.model import SoftmaxRegression
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_iris, load_wine

C = 1.0                                      # inverse penalty strength (notes eq. 3)
PICTURE_CS = (0.05, 100.0)                   # strong and weak penalty for the two panels
FEATURES = ("petal length (cm)", "petal width (cm)")
COLOURS = np.array([[0.89, 0.29, 0.20],      # one RGB colour per class
                    [0.20, 0.63, 0.17],
                    [0.12, 0.47, 0.71]])


def run(out_dir):
    """Fit iris and wine by Newton-CG, compare with scikit-learn, draw regions."""
    # %% All features of iris and wine, by Newton's method, compared with scikit-learn
    try:
        from sklearn.linear_model import LogisticRegression as SkLogisticRegression
    except ImportError:
        SkLogisticRegression = None
        print("scikit-learn is not installed: skipping the comparison.")

    fitted = {}
    for name, loader in (("iris", load_iris), ("wine", load_wine)):
        data = loader()
        X = StandardScaler().fit_transform(data.data)
        model = fitted[name] = SoftmaxRegression(C=C, tol=1e-10).fit(X, data.target)
        print(f"{name}: {model.n_iter_} Newton iterations, objective L = "
              f"{model.loss_history_[-1]:.10f}, training accuracy {model.score(X, data.target):.4f}")
        if SkLogisticRegression is not None:
            reference = SkLogisticRegression(C=C, tol=1e-10, max_iter=10_000).fit(X, data.target)
            compare(f"{name}: probabilities of all samples", model.predict_proba(X),
                    reference.predict_proba(X), rtol=1e-5, reference_name="scikit-learn")
            compare(f"{name}: coefficients W and intercepts b",
                    np.c_[model.coef_, model.intercept_],
                    np.c_[reference.coef_, reference.intercept_], rtol=1e-4,
                    reference_name="scikit-learn")

    # %% Two iris features at two penalties, for a picture
    data = load_iris()
    columns = [data.feature_names.index(name) for name in FEATURES]
    X2 = data.data[:, columns]
    y = data.target
    models = [SoftmaxRegression(C=c).fit(X2, y) for c in PICTURE_CS]
    for c, model in zip(PICTURE_CS, models, strict=True):
        print(f"iris, petal length and width, C = {c:g}: training accuracy "
              f"{model.score(X2, y):.3f}, mean max probability "
              f"{model.predict_proba(X2).max(axis=1).mean():.3f}")

    # %% Draw the decision regions and the probabilities
    plt = pyplot()
    if plt is None:
        return fitted["wine"]
    fig, axes = plt.subplots(1, len(PICTURE_CS), figsize=(13, 5.4))
    lo, hi = X2.min(axis=0) - 0.4, X2.max(axis=0) + 0.4
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], 400), np.linspace(lo[1], hi[1], 400))
    grid = np.column_stack([g0.ravel(), g1.ravel()])
    for ax, c, model in zip(axes, PICTURE_CS, models, strict=True):
        P = model.predict_proba(grid)                         # (n_grid, 3)
        # Mix the class colours by probability, then fade towards white where
        # the model is unsure: pure colour means P ≈ 1 for one class.
        rgb = P @ COLOURS
        confidence = P.max(axis=1, keepdims=True)
        image = 1 - (1 - rgb) * (0.25 + 0.75 * (confidence - 1 / 3) / (2 / 3))
        ax.imshow(image.reshape(*g0.shape, 3), origin="lower", aspect="auto",
                  extent=(lo[0], hi[0], lo[1], hi[1]), alpha=0.6)
        ax.contour(g0, g1, model.predict(grid).reshape(g0.shape), levels=[0.5, 1.5],
                   colors="k", linewidths=1.5)
        for k, species in enumerate(data.target_names):
            ax.scatter(*X2[y == k].T, s=18, color=COLOURS[k], edgecolors="k", linewidths=0.4,
                       label=species)
        ax.set(xlabel=FEATURES[0], ylabel=FEATURES[1],
               title=f"C = {c:g}: decision regions, colour fades where P is unsure\n"
                     f"(accuracy {model.score(X2, y):.3f})")
        ax.legend(loc="upper left")
    fig.suptitle("Softmax regression on iris: argmax_k (w_k·x + b_k) gives straight boundaries")
    fig.tight_layout()
    save_figure(fig, out_dir, "softmax_regression.png")
    return fitted["wine"]


if __name__ == "__main__":
    run_as_script(run)
