"""Logistic regression on breast cancer: is a tumour malignant or benign?

Fits all 30 standardised features by Newton's method and compares the
coefficients and probabilities with scikit-learn's LogisticRegression (when
installed); runs gradient descent on the same objective to compare the loss
curves; and fits two features (mean radius, mean texture) to draw the
probability contours and the decision boundary p = 0.5.
"""

import warnings

import numpy as np

from scratchlearn.classification.logistic_regression.model import LogisticRegression
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_breast_cancer

C = 1.0                                     # inverse penalty strength (notes eq. 4)
FEATURES = ("mean radius", "mean texture")  # the two features of the 2-D picture
GD_LEARNING_RATE = 0.5                      # below 2/λmax ≈ 0.6 for these data (notes eq. 13)
GD_ITERATIONS = 300                         # enough to see the slow linear rate


def run(out_dir):
    """Fit breast cancer by Newton and GD, compare with scikit-learn, draw the boundary."""
    # %% Newton's method and gradient descent on all 30 features
    data = load_breast_cancer()
    X = StandardScaler().fit_transform(data.data)
    y = data.target                         # 0 = malignant, 1 = benign

    newton = LogisticRegression(C=C, tol=1e-10).fit(X, y)
    print(f"Newton (IRLS): {newton.n_iter_} iterations, objective L = "
          f"{newton.loss_history_[-1]:.10f}, training accuracy {newton.score(X, y):.4f}")
    gd = LogisticRegression(C=C, solver="gd", learning_rate=GD_LEARNING_RATE,
                            max_iter=GD_ITERATIONS, tol=0.0)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")     # GD stops at max_iter on purpose here
        gd.fit(X, y)
    print(f"gradient descent: {gd.n_iter_} iterations, objective L = "
          f"{gd.loss_history_[-1]:.10f} (gap to Newton's optimum "
          f"{gd.loss_history_[-1] - newton.loss_history_[-1]:.2e})")

    # %% Compare with scikit-learn
    try:
        from sklearn.linear_model import LogisticRegression as SkLogisticRegression
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison.")
    else:
        reference = SkLogisticRegression(C=C, tol=1e-10, max_iter=10_000).fit(X, y)
        compare("coefficients w (first 5 of 30)", newton.coef_[0, :5], reference.coef_[0, :5],
                rtol=1e-4, reference_name="scikit-learn")
        compare("all 30 coefficients and b", np.r_[newton.coef_[0], newton.intercept_],
                np.r_[reference.coef_[0], reference.intercept_], rtol=1e-4,
                reference_name="scikit-learn")
        rows = np.arange(0, len(y), 57)     # ten tumours spread through the file
        compare("P(benign) of ten tumours", newton.predict_proba(X[rows])[:, 1],
                reference.predict_proba(X[rows])[:, 1], rtol=1e-5,
                reference_name="scikit-learn")

    # %% Two features, for a picture
    columns = [data.feature_names.index(name) for name in FEATURES]
    X2 = X[:, columns]
    flat = LogisticRegression(C=C).fit(X2, y)
    w, b = flat.coef_[0], flat.intercept_[0]
    print(f"two features: log-odds of benign = {w[0]:.3f}·radius {w[1]:+.3f}·texture "
          f"{b:+.3f}, training accuracy {flat.score(X2, y):.3f}")

    # %% Draw the probability contours and the two descents
    plt = pyplot()
    if plt is None:
        return newton
    fig, axes = plt.subplots(1, 2, figsize=(14, 5.6))

    ax = axes[0]
    lo, hi = X2.min(axis=0) - 0.5, X2.max(axis=0) + 0.5
    g0, g1 = np.meshgrid(np.linspace(lo[0], hi[0], 300), np.linspace(lo[1], hi[1], 300))
    p = flat.predict_proba(np.column_stack([g0.ravel(), g1.ravel()]))[:, 1].reshape(g0.shape)
    filled = ax.contourf(g0, g1, p, levels=np.linspace(0, 1, 11), cmap="RdBu", alpha=0.45)
    fig.colorbar(filled, ax=ax, label="P(benign | x) = σ(w·x + b)")
    lines = ax.contour(g0, g1, p, levels=[0.1, 0.25, 0.75, 0.9], colors="0.3",
                       linewidths=0.8, linestyles="dashed")
    ax.clabel(lines, fmt="%.2f", fontsize=8)
    ax.contour(g0, g1, p, levels=[0.5], colors="k", linewidths=2.2)
    for label, name, colour, marker in ((0, "malignant", "C3", "^"), (1, "benign", "C0", "o")):
        ax.scatter(*X2[y == label].T, s=16, c=colour, marker=marker, edgecolors="k",
                   linewidths=0.4, label=name)
    ax.plot([], [], color="k", lw=2.2, label="decision boundary p = 0.5")
    ax.set(xlabel=f"{FEATURES[0]} (standardised)", ylabel=f"{FEATURES[1]} (standardised)",
           title="Probability contours of a linear log-odds (eqs. 1–2)")
    ax.legend(loc="upper right", fontsize=8)

    ax = axes[1]
    best = newton.loss_history_[-1]
    floor = 1e-16
    ax.semilogy(np.maximum(gd.loss_history_ - best, floor), color="C1",
                label=f"gradient descent, η = {GD_LEARNING_RATE}")
    ax.semilogy(np.maximum(newton.loss_history_ - best, floor), "o-", color="C2",
                label="Newton / IRLS")
    ax.set(xlabel="iteration", ylabel="L(θ) − L(θ*)", ylim=(floor / 2, 1),
           title="All 30 features: Newton reaches rounding level in a few steps,\n"
                 "gradient descent crawls along the flat directions")
    ax.legend()
    fig.tight_layout()
    save_figure(fig, out_dir, "logistic_regression.png")
    return newton


if __name__ == "__main__":
    run_as_script(run)
