"""The elastic net beside the lasso: their paths on diabetes and the grouping effect.

Prints the elastic net at one (α, ρ) beside scikit-learn's ElasticNet and its
50-α path beside enet_path; draws the lasso and elastic-net paths side by
side, and the weights both give a group of three nearly identical features.
"""

import numpy as np

from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_diabetes
from scratchlearn.regression.elastic_net.model import ElasticNetRegression, enet_path
from scratchlearn.regression.lasso_regression.model import LassoRegression, lasso_path

ALPHA = 1.0
L1_RATIO = 0.5
N_ALPHAS = 50
TOL = 1e-10
GROUP_NOISE = 0.05   # the three grouped features are one signal plus this much noise
N_RESAMPLES = 20


def run(out_dir):
    """Fit the elastic net on standardised diabetes and show the grouping effect."""
    # %% The elastic net against the lasso on standardised diabetes
    data = load_diabetes()
    X = StandardScaler().fit_transform(data.data)
    y = data.target
    names = list(data.feature_names)
    model = ElasticNetRegression(alpha=ALPHA, l1_ratio=L1_RATIO, tol=TOL).fit(X, y)
    lasso = LassoRegression(alpha=ALPHA, tol=TOL).fit(X, y)
    print(f"α = {ALPHA}: the lasso keeps {np.count_nonzero(lasso.coef_)} features, the elastic "
          f"net (l1_ratio = {L1_RATIO}) keeps {np.count_nonzero(model.coef_)}; "
          f"‖w‖₁ = {np.abs(lasso.coef_).sum():.1f} vs {np.abs(model.coef_).sum():.1f}")
    # %% Both paths over α, compared with scikit-learn
    Xc, yc = X - X.mean(axis=0), y - y.mean()
    lasso_alphas, lasso_coefs, _ = lasso_path(Xc, yc, alphas=N_ALPHAS, tol=TOL)
    alphas, coefs, _ = enet_path(Xc, yc, l1_ratio=L1_RATIO, alphas=N_ALPHAS, tol=TOL)
    try:
        from sklearn.linear_model import ElasticNet
        from sklearn.linear_model import enet_path as sklearn_enet_path
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison with ElasticNet.")
    else:
        reference = ElasticNet(alpha=ALPHA, l1_ratio=L1_RATIO, tol=TOL).fit(X, y)
        compare("weights vs scikit-learn's ElasticNet", model.coef_, reference.coef_,
                rtol=1e-6, reference_name="scikit-learn")
        _, ref_coefs, _ = sklearn_enet_path(Xc, yc, l1_ratio=L1_RATIO, alphas=N_ALPHAS,
                                            tol=TOL)
        compare(f"path of {N_ALPHAS} alphas vs scikit-learn's enet_path", coefs, ref_coefs,
                rtol=1e-6, reference_name="scikit-learn")
        print(f"    same zero pattern at every α: {np.array_equal(coefs == 0, ref_coefs == 0)}")

    # %% The grouping effect: three near-copies of one signal
    # The grouping effect (notes eq. 7): one signal measured three times, and
    # the weights each model gives the three copies on bootstrap resamples.
    rng = np.random.default_rng(0)
    n = 200
    signal = rng.normal(size=n)
    group = signal[:, None] + GROUP_NOISE * rng.normal(size=(n, 3))
    others = rng.normal(size=(n, 5))
    X_g = StandardScaler().fit_transform(np.column_stack([group, others]))
    y_g = 3 * signal + others @ np.array([1.0, -1.0, 0.0, 0.0, 0.5]) + rng.normal(size=n)
    group_lasso, group_enet = [], []
    for _ in range(N_RESAMPLES):
        rows = rng.integers(0, n, n)
        group_lasso.append(LassoRegression(alpha=0.1, tol=1e-8, max_iter=100_000)
                           .fit(X_g[rows], y_g[rows]).coef_[:3])
        group_enet.append(ElasticNetRegression(alpha=0.2, l1_ratio=0.5, tol=1e-8)
                          .fit(X_g[rows], y_g[rows]).coef_[:3])
    group_lasso, group_enet = np.array(group_lasso), np.array(group_enet)
    print(f"three near-copies of one signal, {N_RESAMPLES} bootstrap resamples: weight of "
          "each copy, mean ± sd")
    for label, weights in (("lasso      ", group_lasso), ("elastic net", group_enet)):
        cells = ", ".join(f"{m:.2f} ± {s:.2f}" for m, s in zip(weights.mean(0), weights.std(0)))
        print(f"    {label}  {cells}")
    print("    the lasso's split is erratic (any split fits almost equally well); the elastic "
          "net shares the weight (the grouping effect)")

    # %% Draw the two paths and the grouping effect
    plt = pyplot()
    if plt is None:
        return model
    fig, axes = plt.subplots(1, 3, figsize=(17, 5))
    limits = (min(coefs.min(), lasso_coefs.min()) * 1.05, max(coefs.max(), lasso_coefs.max()) * 1.05)
    for ax, a, c, title in ((axes[0], lasso_alphas, lasso_coefs, "Lasso path (l1_ratio = 1)"),
                            (axes[1], alphas, coefs, f"Elastic-net path (l1_ratio = {L1_RATIO})")):
        for j, name in enumerate(names):
            ax.plot(a, c[j], lw=1.6, label=name)
        ax.set_xscale("log")
        ax.invert_xaxis()
        ax.set_ylim(*limits)
        ax.set(xlabel="α (log scale, decreasing →)", ylabel="weight (standardised features)",
               title=f"{title}\nα_max = {a[0]:.1f}")
    axes[0].legend(fontsize=7, ncol=2)

    ax = axes[2]
    jitter = np.random.default_rng(1).uniform(-0.08, 0.08, N_RESAMPLES)
    for copy in range(3):
        ax.scatter(copy - 0.2 + jitter, group_lasso[:, copy], s=14, color="C0",
                   label="lasso (α = 0.1)" if copy == 0 else None)
        ax.scatter(copy + 0.2 + jitter, group_enet[:, copy], s=14, color="C3",
                   label="elastic net (α = 0.2, ρ = 0.5)" if copy == 0 else None)
    ax.set_xticks(range(3), ["copy 1", "copy 2", "copy 3"])
    ax.set(ylabel="weight", title=f"Grouping effect (eq. 7): three near-identical features,\n"
                                  f"{N_RESAMPLES} bootstrap resamples")
    ax.legend(fontsize=8)
    fig.tight_layout()
    save_figure(fig, out_dir, "elastic_net.png")
    return model


if __name__ == "__main__":
    run_as_script(run)
