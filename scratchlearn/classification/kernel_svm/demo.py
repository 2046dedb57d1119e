"""Kernel SVM on moons, circles and breast cancer, beside scikit-learn's SVC.

Fits the RBF SVM by SMO, prints accuracy, support-vector counts and the dual
objective next to libsvm's (scikit-learn's SVC, when installed), then draws
the decision regions with their margins and support vectors, a grid over C
and γ that shows under- and over-fitting, and SMO's dual objective falling
iteration by iteration. It also times engine="plain" against "fast" and
checks they fit the same model.
"""

import time

import numpy as np

from scratchlearn.classification.kernel_svm.model import KernelSVM, kernel_matrix
from scratchlearn.core.config import config_context
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler, train_test_split
from scratchlearn.datasets import load_breast_cancer, make_circles, make_moons

# --- settings -------------------------------------------------------------
N_SAMPLES = 300                   # points in each synthetic set
C = 1.0                           # box bound on α (notes eq. 2)
GRID_C = (0.1, 1.0, 100.0)        # rows of the C × γ grid
GRID_GAMMA = (0.1, 1.0, 30.0)     # columns: γ of the RBF kernel (eq. 17)
SEED = 0
# ---------------------------------------------------------------------------


def run(out_dir):
    """Fit RBF SVMs on moons, circles and breast cancer; draw regions, margins
    and support vectors, and a C × γ grid."""
    # %% Three datasets: moons, circles and breast cancer
    datasets = {
        "moons": make_moons(N_SAMPLES, noise=0.25, random_state=SEED),
        "circles": make_circles(N_SAMPLES, noise=0.1, factor=0.5, random_state=SEED),
    }
    X_bc, y_bc = load_breast_cancer(return_X_y=True)
    datasets["breast cancer (standardised)"] = (StandardScaler().fit_transform(X_bc), y_bc)

    try:
        from sklearn.svm import SVC
    except ImportError:
        SVC = None
        print("scikit-learn is not installed: skipping the comparison with SVC.")

    # %% An RBF SVM on each, compared with libsvm (scikit-learn's SVC)
    models = {}
    for name, (X, y) in datasets.items():
        model = KernelSVM(C=C, kernel="rbf").fit(X, y)
        models[name] = model
        print(f"\n{name}: {len(X)} samples, training accuracy {model.score(X, y):.4f}, "
              f"{len(model.support_)} support vectors {model.n_support_.tolist()}, "
              f"{model.n_iter_[0]} SMO iterations")
        if SVC is None:
            continue
        reference = SVC(C=C, kernel="rbf").fit(X, y)
        same = np.mean(model.predict(X) == reference.predict(X))
        corr = np.corrcoef(model.decision_function(X), reference.decision_function(X))[0, 1]
        print(f"  vs SVC: identical predictions {same:.1%}, decision-function correlation "
              f"{corr:.6f}, support vectors {len(model.support_)} vs {len(reference.support_)}")
        compare("  dual objective D(α)", _dual(model), _dual(reference), rtol=1e-3,
                reference_name="libsvm")

    # %% The plain engine against the fast one
    _plain_against_fast(*datasets["breast cancer (standardised)"])

    # %% Draw the regions, a C × γ grid, and SMO's convergence
    plt = pyplot()
    if plt is None:
        return models["breast cancer (standardised)"]
    _draw_regions(plt, datasets, models, out_dir)
    _draw_grid(plt, datasets["moons"], out_dir)
    _draw_convergence(plt, datasets["moons"], out_dir)
    return models["breast cancer (standardised)"]


def _plain_against_fast(X, y):
    """Time engine="plain" (kernel rows recomputed, masks rebuilt) against
    "fast" (cached rows, lean bookkeeping) and check the models are equal."""
    fits, seconds = {}, {}
    for engine in ("plain", "fast"):
        with config_context(engine=engine):
            start = time.perf_counter()
            fits[engine] = KernelSVM(C=C, kernel="rbf").fit(X, y)
            seconds[engine] = time.perf_counter() - start
    plain, fast = fits["plain"], fits["fast"]
    same = (np.array_equal(plain.support_, fast.support_)
            and np.array_equal(plain.dual_coef_, fast.dual_coef_)
            and np.array_equal(plain.intercept_, fast.intercept_))
    print(f"\nengine plain vs fast on breast cancer: fit {seconds['plain']:.3f} s vs "
          f"{seconds['fast']:.3f} s (speed-up {seconds['plain'] / seconds['fast']:.1f}×); same "
          f"support vectors, β and b bit for bit: {'yes' if same else 'NO'}")


def _dual(model):
    """D(α) = Σ|β| − ½ βᵀKβ (notes eq. 2) from dual_coef_ and the support vectors."""
    beta = model.dual_coef_[0]
    K = kernel_matrix(model.support_vectors_, model.support_vectors_, model.kernel,
                      model._gamma, model.degree, model.coef0)
    return np.abs(beta).sum() - 0.5 * beta @ K @ beta


def _grid(X, steps=250):
    (x0, y0), (x1, y1) = X.min(axis=0) - 0.5, X.max(axis=0) + 0.5
    xx, yy = np.meshgrid(np.linspace(x0, x1, steps), np.linspace(y0, y1, steps))
    return xx, yy, np.column_stack([xx.ravel(), yy.ravel()])


def _panel(ax, model, X, y, *, show_sv=True, levels=3.0):
    """Decision regions, the boundary f = 0, the margins f = ±1 and the support vectors."""
    xx, yy, points = _grid(X)
    f = model.decision_function(points).reshape(xx.shape)
    ax.contourf(xx, yy, np.clip(f, -levels, levels), levels=np.linspace(-levels, levels, 25),
                cmap="RdBu_r", alpha=0.55)
    ax.contour(xx, yy, f, levels=[-1, 0, 1], colors="k", linestyles=["--", "-", "--"],
               linewidths=[1, 2, 1])
    ax.scatter(X[:, 0], X[:, 1], c=y, cmap="RdBu_r", s=14, edgecolors="k", linewidths=0.3)
    if show_sv:
        beta = np.abs(model.dual_coef_[0])
        at_bound = beta >= model.C * (1 - 1e-9)
        sv = model.support_vectors_
        ax.scatter(sv[~at_bound, 0], sv[~at_bound, 1], s=70, facecolors="none",
                   edgecolors="gold", linewidths=1.6, label="free SV (0 < α < C): on the margin")
        ax.scatter(sv[at_bound, 0], sv[at_bound, 1], s=70, facecolors="none",
                   edgecolors="k", linewidths=1.0, label="bound SV (α = C): inside or wrong side")
    ax.set_xticks([])
    ax.set_yticks([])


def _draw_regions(plt, datasets, models, out_dir):
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.6))
    for ax, name in zip(axes, ("moons", "circles"), strict=True):
        X, y = datasets[name]
        model = models[name]
        _panel(ax, model, X, y)
        ax.set_title(f"{name}: RBF, C = {C}, γ = {model._gamma:.2f} ('scale')\n"
                     f"{len(model.support_)} of {len(X)} points are support vectors")
    axes[0].legend(loc="lower left", fontsize=8, framealpha=0.9)
    fig.suptitle("Decision regions (red: f(x) > 0, class 1; blue: class 0): boundary f(x) = 0 "
                 "(solid), margins f(x) = ±1 (dashed)")
    fig.tight_layout()
    save_figure(fig, out_dir, "kernel_svm_regions.png")


def _draw_grid(plt, data, out_dir):
    X, y = data
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=0.3, random_state=SEED)
    fig, axes = plt.subplots(len(GRID_C), len(GRID_GAMMA), figsize=(12, 11.5))
    for r, c_value in enumerate(GRID_C):
        for k, gamma in enumerate(GRID_GAMMA):
            model = KernelSVM(C=c_value, gamma=gamma).fit(X_train, y_train)
            ax = axes[r, k]
            _panel(ax, model, X_train, y_train, show_sv=False)
            ax.set_title(f"C = {c_value:g}, γ = {gamma:g}: {len(model.support_)} SVs\n"
                         f"train {model.score(X_train, y_train):.2f}, "
                         f"test {model.score(X_test, y_test):.2f}", fontsize=10)
    for r, c_value in enumerate(GRID_C):
        axes[r, 0].set_ylabel(f"C = {c_value:g}", fontsize=12)
    for k, gamma in enumerate(GRID_GAMMA):
        axes[-1, k].set_xlabel(f"γ = {gamma:g}", fontsize=12)
    fig.suptitle("Moons, RBF kernel, training points shown. Small γ and C: too smooth "
                 "(under-fit, top left);\nlarge γ and C: islands around single points "
                 "(over-fit, bottom right). Accuracy on training and held-out data.",
                 fontsize=12)
    fig.tight_layout()
    save_figure(fig, out_dir, "kernel_svm_c_gamma_grid.png")


def _draw_convergence(plt, data, out_dir):
    X, y = data
    tight = KernelSVM(C=C, tol=1e-8).fit(X, y)
    history = tight.loss_history_[0]
    f_star = history[-1]
    fig, ax = plt.subplots(figsize=(7, 4.2))
    excess = history - f_star
    # Below ~1e-13 the difference is rounding in f itself, not progress.
    shown = excess > 1e-13
    ax.semilogy(np.flatnonzero(shown), excess[shown], color="C0")
    default = KernelSVM(C=C).fit(X, y)
    ax.axvline(default.n_iter_[0], color="C3", ls="--",
               label=f"default tol = 1e-3 stops here ({default.n_iter_[0]} iterations)")
    ax.set(xlabel="SMO iteration (one pair of α's per step)", ylabel="f(β) − f(β*)",
           title="SMO on moons: the dual objective (eq. 4) falls every step")
    ax.legend()
    fig.tight_layout()
    save_figure(fig, out_dir, "kernel_svm_convergence.png")


if __name__ == "__main__":
    run_as_script(run)
