"""Huber regression on a line with gross outliers, and on diabetes.

Prints ordinary least squares and Huber beside the true line, checks Huber
against scikit-learn's HuberRegressor on diabetes, and draws the two fitted
lines with the detected outliers, plus the Huber and squared losses and their
derivatives side by side.
"""

import warnings

import numpy as np

from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_diabetes, make_regression
from scratchlearn.regression.huber_regression.model import HuberRegression, huber_loss
from scratchlearn.regression.multiple_linear_regression.model import MultipleLinearRegression

N_SAMPLES = 120
OUTLIER_FRACTION = 0.15     # 18 points shifted far above the line
NOISE = 1.0
EPSILON = 1.35


def run(out_dir):
    """Fit least squares and Huber to a line with 15 % gross outliers."""
    # %% Least squares and Huber on a line with 15 % gross outliers
    X, y, true_w, is_outlier = make_regression(
        N_SAMPLES, 1, noise=NOISE, bias=2.0, coef_scale=2.0, outlier_fraction=OUTLIER_FRACTION,
        return_coef=True, random_state=4)
    ols = MultipleLinearRegression().fit(X, y)
    huber = HuberRegression(epsilon=EPSILON).fit(X, y)
    print(f"true line:      y = {true_w[0]:.3f}·x + 2.000")
    print(f"least squares:  y = {ols.coef_[0]:.3f}·x + {ols.intercept_:.3f}   "
          f"(dragged by {is_outlier.sum()} outliers)")
    print(f"Huber:          y = {huber.coef_[0]:.3f}·x + {huber.intercept_:.3f}   "
          f"σ = {huber.scale_:.3f} (true noise sd {NOISE}), {huber.n_iter_} Newton steps")
    found = huber.outliers_ & is_outlier
    print(f"outliers_ (|r| > εσ, the linear part of the loss): {huber.outliers_.sum()} samples, "
          f"including {found.sum()} of the {is_outlier.sum()} planted gross errors; the rest "
          f"are ordinary noise beyond {EPSILON}σ")

    # %% Huber on diabetes, compared with scikit-learn's HuberRegressor
    Xd, yd = load_diabetes(return_X_y=True)
    Xd = StandardScaler().fit_transform(Xd)
    ours = HuberRegression(epsilon=EPSILON, tol=1e-10).fit(Xd, yd)
    try:
        from sklearn.linear_model import HuberRegressor
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison with HuberRegressor.")
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # L-BFGS-B may stop at its own precision limit
            reference = HuberRegressor(epsilon=EPSILON, tol=1e-12, max_iter=10_000).fit(Xd, yd)
        compare("diabetes: (w, b, σ) vs scikit-learn's HuberRegressor",
                np.r_[ours.coef_, ours.intercept_, ours.scale_],
                np.r_[reference.coef_, reference.intercept_, reference.scale_], rtol=2e-3,
                reference_name="scikit-learn")
        print(f"    same outliers: {np.array_equal(ours.outliers_, reference.outliers_)} "
              f"({ours.outliers_.sum()} of {len(yd)} patients)")

    # %% Draw the two lines, the losses and their derivatives
    plt = pyplot()
    if plt is None:
        return huber
    fig, axes = plt.subplots(1, 3, figsize=(17, 4.8))
    ax = axes[0]
    x = X[:, 0]
    ax.scatter(x[~huber.outliers_], y[~huber.outliers_], s=14, color="C0", label="inliers")
    ax.scatter(x[huber.outliers_], y[huber.outliers_], s=40, facecolors="none",
               edgecolors="C3", linewidths=1.5, label="outliers_: |r| > εσ")
    grid = np.linspace(x.min(), x.max(), 2)
    ax.plot(grid, true_w[0] * grid + 2.0, "k:", lw=1.5, label="true line")
    ax.plot(grid, ols.coef_[0] * grid + ols.intercept_, color="C1", lw=2, label="least squares")
    ax.plot(grid, huber.coef_[0] * grid + huber.intercept_, color="C2", lw=2, label="Huber")
    ax.set(xlabel="x", ylabel="y", title="15 % gross outliers: Huber keeps the line")
    ax.legend(fontsize=8)

    r = np.linspace(-4, 4, 401)
    delta = EPSILON
    rho, psi = huber_loss(r, delta)
    ax = axes[1]
    ax.plot(r, 0.5 * r ** 2, color="C1", label="squared ½r²")
    ax.plot(r, rho, color="C2", lw=2, label=f"Huber ρ_δ(r), δ = {delta}")
    ax.axvspan(-delta, delta, color="C2", alpha=0.08)
    ax.set(xlabel="residual r (in units of σ)", ylabel="loss", title="Losses (eq. 1)")
    ax.legend()
    ax = axes[2]
    ax.plot(r, r, color="C1", label="squared: ψ(r) = r")
    ax.plot(r, psi, color="C2", lw=2, label="Huber: ψ_δ(r) = clip(r, −δ, δ)")
    ax.axvspan(-delta, delta, color="C2", alpha=0.08)
    ax.set(xlabel="residual r (in units of σ)", ylabel="influence ψ(r) = loss′(r)",
           title="Their derivatives (eq. 2): Huber's pull is bounded")
    ax.legend()
    fig.tight_layout()
    save_figure(fig, out_dir, "huber_regression.png")
    return huber


if __name__ == "__main__":
    run_as_script(run)
