"""The linear SVM: the widest margin, its support vectors, and the role of C.

Fits two overlapping 2-D blobs with a small and a large C and draws the
boundary, the margins f(x) = ±1 and the support vectors; fits breast cancer
and compares the primal objective, w and b with libsvm (scikit-learn's
SVC(kernel="linear")); and shows SMO's dual objective climbing to the optimum
from α = 0 (engine="plain") while Pegasos' primal objective falls towards it,
beside the interior-point start of engine="fast" that gets there in about
twenty iterations, and times the two engines.
"""

import time

import numpy as np

from scratchlearn.classification.svm.model import LinearSVM, primal_objective
from scratchlearn.core.config import config_context
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_breast_cancer, make_blobs

C_SMALL, C_LARGE = 0.02, 100.0     # wide soft margin vs nearly hard margin
C_CANCER = 1.0                     # breast cancer, standardised
PEGASOS_EPOCHS = 50
SEED = 0


def run(out_dir):
    """Fit linear SVMs on blobs and breast cancer, beside libsvm."""
    # %% Two blobs: a wide margin (small C) and a narrow one (large C)
    X, y = make_blobs(80, centers=[[-1.5, -0.5], [1.5, 0.5]], cluster_std=0.9,
                      random_state=SEED)
    models = {C: LinearSVM(C=C).fit(X, y) for C in (C_SMALL, C_LARGE)}
    for C, model in models.items():
        w = model.coef_[0]
        print(f"blobs, C = {C:g}: margin width 2/‖w‖ = {2 / np.linalg.norm(w):.3f}, "
              f"{len(model.support_)} support vectors, training accuracy "
              f"{model.score(X, y):.3f}")

    # %% Breast cancer: SMO from zero, the fast engine's warm start, and Pegasos
    cancer = load_breast_cancer()
    Xc = StandardScaler().fit_transform(cancer.data)
    yc = cancer.target
    sc = np.where(yc == 1, 1.0, -1.0)
    seconds = {}
    for engine in ("plain", "fast"):
        with config_context(engine=engine):
            start = time.perf_counter()
            fitted = LinearSVM(C=C_CANCER).fit(Xc, yc)
            seconds[engine] = time.perf_counter() - start
        if engine == "plain":
            cold = fitted                                     # SMO from α = 0
        else:
            ours = fitted                                     # interior-point start + SMO
    pegasos = LinearSVM(C=C_CANCER, solver="pegasos", max_iter=PEGASOS_EPOCHS,
                        random_state=SEED).fit(Xc, yc)
    p_ours = ours.objective_[0]
    print(f"breast cancer, C = {C_CANCER:g}: primal objective {p_ours:.6f} after "
          f"{ours.n_iter_} iterations (engine='fast': interior-point start, then SMO), "
          f"{len(ours.support_)} support vectors; SMO from α = 0: {cold.objective_[0]:.6f} "
          f"in {cold.n_iter_} steps; Pegasos after {PEGASOS_EPOCHS} epochs "
          f"{pegasos.objective_[0]:.6f}")
    same = np.array_equal(cold.predict(Xc), ours.predict(Xc))
    print(f"engine plain vs fast on breast cancer: fit {seconds['plain']:.3f} s vs "
          f"{seconds['fast']:.3f} s (speed-up {seconds['plain'] / seconds['fast']:.1f}×); "
          f"identical predictions: {'yes' if same else 'NO'}, primal objectives agree to "
          f"{abs(cold.objective_[0] - p_ours) / p_ours:.0e} (both stop at tol = {ours.tol:g})")
    # %% Compare with libsvm (scikit-learn's SVC)
    try:
        from sklearn.svm import SVC
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison with libsvm.")
    else:
        theirs = SVC(kernel="linear", C=C_CANCER).fit(Xc, yc)
        p_theirs = primal_objective(theirs.coef_[0], theirs.intercept_[0], Xc, sc, C_CANCER)
        compare("primal objective P(w, b) (eq. 4)", p_ours, p_theirs, rtol=1e-3,
                reference_name="libsvm")
        compare("coefficients w", ours.coef_[0], theirs.coef_[0], rtol=1e-2,
                reference_name="libsvm")
        compare("intercept b", ours.intercept_, theirs.intercept_, rtol=1e-2,
                reference_name="libsvm")
        agree = np.mean(ours.predict(Xc) == theirs.predict(Xc))
        print(f"predictions agree with libsvm on {100 * agree:.1f}% of samples; support "
              f"vectors {len(ours.support_)} (ours) vs {len(theirs.support_)} (libsvm)")

    # %% Draw the margins and the dual objective
    plt = pyplot()
    if plt is None:
        return ours
    fig, axes = plt.subplots(1, 2, figsize=(13, 5.2), sharex=True, sharey=True)
    for ax, (C, model) in zip(axes, models.items(), strict=True):
        _draw(ax, model, X, y)
        w = model.coef_[0]
        ax.set_title(f"C = {C:g}: margin 2/‖w‖ = {2 / np.linalg.norm(w):.2f}, "
                     f"{len(model.support_)} support vectors")
    axes[0].set_ylabel("x₂")
    fig.suptitle("Small C: a wide margin that tolerates violations. Large C: a narrow "
                 "margin that fits the training data harder")
    fig.tight_layout()
    save_figure(fig, out_dir, "svm_margins.png")

    fig, ax = plt.subplots(figsize=(8, 4.6))
    dual = cold.loss_history_[0][1:]                      # after each step (D = 0 at α = 0)
    ax.plot(np.arange(1, len(dual) + 1), dual, color="C0",
            label="SMO from α = 0 (engine='plain'): dual D(α) per step")
    ax.plot(ours.n_iter_, ours.loss_history_[0][-1], "*", ms=14, color="C2",
            label=f"interior-point start (engine='fast'): D(α) after {ours.n_iter_} "
                  "iterations")
    epochs = np.arange(1, PEGASOS_EPOCHS + 1) * len(yc)
    ax.plot(epochs, pegasos.loss_history_[0], "o-", ms=3, color="C1",
            label="Pegasos: primal P(w, b) after each epoch (n steps)")
    ax.axhline(p_ours, color="k", ls="--", lw=1, label=f"optimum ≈ {p_ours:.3f}")
    ax.set_xscale("log")
    ax.set_ylim(0, 3 * p_ours)
    ax.set(xlabel="steps (SMO: pairs of multipliers; Pegasos: samples; interior point: "
                  "Newton iterations)",
           ylabel="objective", title=f"Breast cancer, C = {C_CANCER:g}: the dual rises, "
           "the primal falls, both meet at the optimum")
    ax.legend()
    fig.tight_layout()
    save_figure(fig, out_dir, "svm_convergence.png")
    return ours


def _draw(ax, model, X, y):
    """Data, f = 0 (solid), f = ±1 (dashed) and the support vectors circled."""
    pad = 0.8
    x1 = np.linspace(X[:, 0].min() - pad, X[:, 0].max() + pad, 200)
    x2 = np.linspace(X[:, 1].min() - pad, X[:, 1].max() + pad, 200)
    G1, G2 = np.meshgrid(x1, x2)
    F = model.decision_function(np.column_stack([G1.ravel(), G2.ravel()])).reshape(G1.shape)
    ax.contourf(G1, G2, F, levels=[-1e9, 0, 1e9], colors=["C0", "C1"], alpha=0.08)
    ax.contour(G1, G2, F, levels=[-1, 0, 1], colors="k", linestyles=["--", "-", "--"],
               linewidths=[1, 2, 1])
    for k, marker in enumerate("os"):
        ax.scatter(*X[y == k].T, s=22, marker=marker, color=f"C{k}", label=f"class {k}")
    ax.scatter(*X[model.support_].T, s=130, facecolors="none", edgecolors="k",
               linewidths=1.2, label="support vectors (y f(x) ≤ 1)")
    ax.set_xlabel("x₁")
    ax.legend(loc="lower right", fontsize=8)


if __name__ == "__main__":
    run_as_script(run)
