"""The lasso on diabetes: its path against α, checked against scikit-learn, and
why the L1 ball gives zeros.

Prints the lasso at one α beside scikit-learn's Lasso and the exact solution
on its support (notes eq. 5), and the 50-α path beside scikit-learn's
lasso_path; draws the L1 diamond and L2 circle touched by the loss contours,
the coefficient path, and the duality gap falling sweep by sweep.
"""

import warnings

import numpy as np

from scratchlearn.core.config import config_context
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_diabetes
from scratchlearn.regression.lasso_regression.model import (
    LassoRegression,
    duality_gap,
    lasso_path,
)

ALPHA = 1.0          # on standardised diabetes: keeps 7 of the 10 features
N_ALPHAS = 50
TOL = 1e-10


def run(out_dir):
    """Fit the lasso on standardised diabetes and draw its path."""
    # %% Fit the lasso on standardised diabetes
    data = load_diabetes()
    X = StandardScaler().fit_transform(data.data)
    y = data.target
    model = LassoRegression(alpha=ALPHA, tol=TOL).fit(X, y)
    names = list(data.feature_names)
    kept = [name for name, w in zip(names, model.coef_) if w != 0]
    print(f"lasso, α = {ALPHA}: {len(kept)} of {len(names)} features kept ({', '.join(kept)}); "
          f"{model.n_iter_} sweeps, duality gap {model.dual_gap_:.2e}")

    # %% Check the weights against the exact solution on their support (eq. 5)
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    support = model.coef_ != 0
    exact = np.zeros_like(model.coef_)
    Xs = Xc[:, support]
    exact[support] = np.linalg.solve(Xs.T @ Xs, Xs.T @ yc - len(y) * ALPHA
                                     * np.sign(model.coef_[support]))
    compare("weights vs the exact solution on their support (notes eq. 5)", model.coef_,
            exact, rtol=1e-6)
    # %% The lasso path over α, compared with scikit-learn
    alphas, coefs, gaps = lasso_path(Xc, yc, alphas=N_ALPHAS, tol=TOL)
    try:
        from sklearn.linear_model import Lasso
        from sklearn.linear_model import lasso_path as sklearn_lasso_path
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison with Lasso.")
    else:
        reference = Lasso(alpha=ALPHA, tol=TOL).fit(X, y)
        compare("weights vs scikit-learn's Lasso", model.coef_, reference.coef_, rtol=1e-6,
                reference_name="scikit-learn")
        _, ref_coefs, _ = sklearn_lasso_path(Xc, yc, alphas=N_ALPHAS, tol=TOL)
        compare(f"path of {N_ALPHAS} alphas vs scikit-learn's lasso_path", coefs, ref_coefs,
                rtol=1e-6, reference_name="scikit-learn")
        print(f"    same zero pattern at every α: {np.array_equal(coefs == 0, ref_coefs == 0)}")

    # %% Draw the L1 ball, the path, and the duality gap sweep by sweep
    plt = pyplot()
    if plt is None:
        return model
    fig, axes = plt.subplots(1, 3, figsize=(17, 5))
    draw_balls(axes[0])

    ax = axes[1]
    for j, name in enumerate(names):
        ax.plot(alphas, coefs[j], lw=1.6, label=name)
    ax.axvline(ALPHA, color="k", ls=":", lw=1)
    ax.set_xscale("log")
    ax.invert_xaxis()
    ax.set(xlabel="α (log scale, decreasing →)", ylabel="weight (standardised features)",
           title=f"Lasso path on diabetes: features enter one by one\n(α_max = {alphas[0]:.1f}; "
                 f"dotted: α = {ALPHA})")
    ax.legend(fontsize=7, ncol=2)

    ax = axes[2]
    small = alphas[N_ALPHAS // 2]
    n = len(y)
    Xf = np.asfortranarray(Xc)
    optimum = LassoRegression(alpha=small, tol=1e-14, max_iter=100_000).fit(X, y)
    best = optimum.loss_history_[-1]
    for engine, colour in (("plain", "C0"), ("fast", "C2")):
        gaps_per_sweep, excess = sweep_by_sweep(X, y, Xf, yc, small, best, engine)
        sweeps = np.arange(1, len(excess) + 1)
        ax.semilogy(sweeps, gaps_per_sweep, "o-", ms=3, color=colour,
                    label=f"{engine} engine: duality gap G (eq. 11)")
        shown = excess > 1e-12 * best             # below that: rounding in P itself
        ax.semilogy(sweeps[shown], excess[shown], "s--", ms=3, color=colour, alpha=0.6,
                    label=f"{engine} engine: P(w) − P(w*) (≤ G)")
    ax.axhline(1e-4 * (yc @ yc) / n, color="C3", ls=":",
               label="default stop: tol·‖y − ȳ‖²/n, tol = 1e-4")
    ax.set(xlabel="sweep", ylabel="eq. 1 units",
           title=f"Coordinate descent at α = {small:.2f}: the gap certifies the optimum\n"
                 "(fast: covariance updates, active set, Newton step on the support)")
    ax.legend(fontsize=7)
    fig.tight_layout()
    save_figure(fig, out_dir, "lasso_regression.png")
    return model


def sweep_by_sweep(X, y, Xf, yc, alpha, best, engine):
    """Duality gap and excess objective after each sweep of one run: one-sweep
    fits, each warm-started from the last."""
    n = len(y)
    stepper = LassoRegression(alpha=alpha, tol=0.0, max_iter=1, warm_start=True)
    gaps, excess = [], []
    with config_context(engine=engine), warnings.catch_warnings():
        warnings.simplefilter("ignore")           # each one-sweep fit "did not converge"
        for _ in range(200):
            w = stepper.fit(X, y).coef_
            gaps.append(duality_gap(Xf, yc, w, yc - Xf @ w, n * alpha, 0.0) / n)
            excess.append(stepper.loss_history_[-1] - best)
            if gaps[-1] < 1e-10 * (yc @ yc) / n:
                break
    return np.array(gaps), np.array(excess)


def draw_balls(ax):
    """Loss contours around the least-squares point touching the L1 and L2 balls."""
    w_ls = np.array([2.0, 0.7])
    H = np.array([[1.0, 0.6], [0.6, 0.8]])                     # XᵀX/n of two features

    def loss(w1, w2):
        d1, d2 = w1 - w_ls[0], w2 - w_ls[1]
        return H[0, 0] * d1 ** 2 + 2 * H[0, 1] * d1 * d2 + H[1, 1] * d2 ** 2

    t = 1.0
    # The smallest loss on each ball, by brute force over its boundary.
    theta = np.linspace(0, 2 * np.pi, 20_001)
    diamond = np.c_[np.cos(theta), np.sin(theta)]
    diamond = t * diamond / np.abs(diamond).sum(axis=1, keepdims=True)
    circle = t * np.c_[np.cos(theta), np.sin(theta)]
    w_l1 = diamond[np.argmin(loss(*diamond.T))]
    w_l2 = circle[np.argmin(loss(*circle.T))]

    g1, g2 = np.meshgrid(np.linspace(-1.6, 3.2, 300), np.linspace(-1.6, 2.2, 300))
    ax.contour(g1, g2, loss(g1, g2), levels=np.linspace(0.1, 6, 6), colors="0.7",
               linewidths=0.8)
    for point, colour in ((w_l1, "C0"), (w_l2, "C1")):
        ax.contour(g1, g2, loss(g1, g2), levels=[loss(*point)], colors=colour,
                   linestyles="--", linewidths=1.2)
    ax.fill(*diamond.T, color="C0", alpha=0.25, label="L1 ball ‖w‖₁ ≤ t")
    ax.plot(*circle.T, color="C1", lw=1.5, label="L2 ball ‖w‖₂ ≤ t")
    ax.plot(*w_ls, "k+", ms=12, label="least squares")
    ax.plot(*w_l1, "o", color="C0", ms=9, label=f"L1 solution ({w_l1[0]:.2f}, {w_l1[1]:.2f})")
    ax.plot(*w_l2, "o", color="C1", ms=9, label=f"L2 solution ({w_l2[0]:.2f}, {w_l2[1]:.2f})")
    ax.axhline(0, color="k", lw=0.5)
    ax.axvline(0, color="k", lw=0.5)
    ax.set_aspect("equal")
    ax.set(xlabel="w₁", ylabel="w₂",
           title="Why zeros: the contours touch the diamond at a corner (w₂ = 0),\n"
                 "the circle at a point with both weights nonzero (eq. 2)")
    ax.legend(fontsize=7, loc="lower right")


if __name__ == "__main__":
    run_as_script(run)
