"""Ridge regression on diabetes: the coefficient path against α.

Checks the SVD closed form against scikit-learn's Ridge over a grid of α,
prints the effective degrees of freedom (notes eq. 6), and draws the ten
coefficients shrinking towards zero as α grows, beside the training and
held-out error: a little shrinkage helps, too much underfits.
"""

import numpy as np

from scratchlearn.core.demo import compare, compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import train_test_split
from scratchlearn.datasets import load_diabetes
from scratchlearn.regression.ridge_regression.model import RidgeRegression

ALPHAS = np.logspace(-4, 2, 61)     # on the scaled diabetes features, σ² spans 0.003 … 4.5
CHECK_ALPHAS = (1e-3, 1e-1, 1.0, 10.0)
TEST_FRACTION = 0.3


def effective_degrees_of_freedom(X, alpha):
    """df(α) = Σ σ²/(σ² + α) over the singular values of the centred X (eq. 6)."""
    sigma = np.linalg.svd(X - X.mean(axis=0), compute_uv=False)
    return float(np.sum(sigma ** 2 / (sigma ** 2 + alpha)))


def plain_against_fast():
    """Time model.py's algorithm (engine "plain") against the speed machinery
    (engine "fast") on one data set, and check that they fit the same model."""
    X, y = load_diabetes(return_X_y=True)
    compare_engines("engine plain vs fast, diabetes", lambda: RidgeRegression(alpha=1.0).fit(X, y),
                    lambda a, b: np.allclose(a.coef_, b.coef_, rtol=1e-10, atol=0))


def run(out_dir):
    """Fit ridge on diabetes for 61 values of α and draw the path."""
    # %% The plain engine against the fast one
    plain_against_fast()
    data = load_diabetes()             # columns centred and scaled to unit norm
    X, y = data.data, data.target

    # %% Compare with scikit-learn's Ridge at a few α
    try:
        from sklearn.linear_model import Ridge
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison with Ridge.")
    else:
        for alpha in CHECK_ALPHAS:
            ours = RidgeRegression(alpha=alpha).fit(X, y)
            theirs = Ridge(alpha=alpha).fit(X, y)
            compare(f"α = {alpha:g}: coefficients and intercept vs scikit-learn's Ridge",
                    np.r_[ours.coef_, ours.intercept_], np.r_[theirs.coef_, theirs.intercept_],
                    rtol=1e-8, reference_name="scikit-learn")

    # %% The ridge path: coefficients and degrees of freedom over α
    path = np.array([RidgeRegression(alpha=a).fit(X, y).coef_ for a in ALPHAS])
    dof = np.array([effective_degrees_of_freedom(X, a) for a in ALPHAS])
    for alpha in (1e-4, 1e-2, 1.0, 1e2):
        k = int(np.argmin(np.abs(ALPHAS - alpha)))
        print(f"α = {alpha:<6g} df = {dof[k]:5.2f}   ‖w‖ = {np.linalg.norm(path[k]):8.1f}")

    # %% Training and held-out error over α
    X_train, X_test, y_train, y_test = train_test_split(X, y, test_size=TEST_FRACTION,
                                                        random_state=0)
    train_error, test_error = [], []
    for alpha in ALPHAS:
        model = RidgeRegression(alpha=alpha).fit(X_train, y_train)
        train_error.append(np.mean((model.predict(X_train) - y_train) ** 2))
        test_error.append(np.mean((model.predict(X_test) - y_test) ** 2))
    best = int(np.argmin(test_error))
    chosen = RidgeRegression(alpha=ALPHAS[best]).fit(X_train, y_train)
    print(f"held-out MSE: {test_error[0]:.1f} at α = {ALPHAS[0]:g} (≈ least squares), "
          f"{test_error[best]:.1f} at α = {ALPHAS[best]:.3g}, {test_error[-1]:.1f} at "
          f"α = {ALPHAS[-1]:g}")

    # %% Draw the path and the error curves
    plt = pyplot()
    if plt is None:
        return chosen
    fig, axes = plt.subplots(1, 2, figsize=(14, 5))
    ax = axes[0]
    for j, name in enumerate(data.feature_names):
        ax.semilogx(ALPHAS, path[:, j], label=name)
    ax.axhline(0.0, color="k", lw=0.8)
    ax.set(xlabel="α (log scale)", ylabel="coefficient")
    ax.set_title("Ridge path on diabetes: every weight shrinks towards 0, none reaches it",
                 pad=28)
    ax.legend(ncol=2, fontsize=8)
    top = ax.secondary_xaxis("top", functions=(lambda a: a, lambda a: a))
    ticks = [1e-4, 1e-2, 1e-1, 1.0, 1e1, 1e2]
    top.set_xticks(ticks, [f"{effective_degrees_of_freedom(X, t):.1f}" for t in ticks])
    top.set_xlabel("effective degrees of freedom df(α) (eq. 6)", fontsize=8)

    ax = axes[1]
    ax.semilogx(ALPHAS, train_error, label="training")
    ax.semilogx(ALPHAS, test_error, label=f"held out ({TEST_FRACTION:.0%})")
    ax.axvline(ALPHAS[best], color="grey", ls="--", lw=1,
               label=f"best held-out α = {ALPHAS[best]:.2g}")
    ax.set(xlabel="α (log scale)", ylabel="mean squared error",
           title="Training error only grows with α; held-out error dips first")
    ax.legend()
    fig.tight_layout()
    save_figure(fig, out_dir, "ridge_path.png")
    return chosen


if __name__ == "__main__":
    run_as_script(run)
