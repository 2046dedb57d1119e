"""Simple linear regression on diabetes: disease progression against body mass index.

Fits the closed form and gradient descent, prints both beside scikit-learn's
LinearRegression (when installed), and draws the fitted line, the MSE surface
over (w, b) with the gradient-descent path, and the loss curve.
"""

import numpy as np

from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_diabetes
from scratchlearn.regression.linear_regression.model import (
    SimpleLinearRegression,
    mse_loss_and_gradient,
)

FEATURE = "bmi"         # body mass index, the single strongest predictor
LEARNING_RATE = 0.1     # safe: η < 2/λmax(H) = 1 for a standardised feature (notes eq. 6)
MAX_ITER = 200


def run(out_dir):
    """Fit a line to diabetes progression vs BMI, exactly and by gradient descent."""
    # %% Fit the line by the closed form (BMI against disease progression)
    data = load_diabetes(scaled=False)
    X = data.data[:, [data.feature_names.index(FEATURE)]]
    y = data.target

    exact = SimpleLinearRegression(solver="closed_form").fit(X, y)
    print(f"closed form: progression = {_line(exact.coef_[0], exact.intercept_, 'bmi')}"
          f"   (MSE {exact.loss_history_[-1]:.2f}, R² {exact.score(X, y):.4f})")

    # %% The same line by gradient descent
    # Gradient descent runs on the standardised feature, where the loss bowl is
    # round (notes eq. 6); the line is mapped back to BMI units afterwards.
    scaler = StandardScaler().fit(X)
    gd = SimpleLinearRegression(solver="gd", learning_rate=LEARNING_RATE, max_iter=MAX_ITER,
                                tol=1e-6).fit(scaler.transform(X), y)
    w_std, b_std = gd.coef_[0], gd.intercept_
    w_raw = w_std / scaler.scale_[0]
    b_raw = b_std - w_raw * scaler.mean_[0]
    print(f"gradient descent ({gd.n_iter_} steps on standardised bmi): "
          f"progression = {_line(w_raw, b_raw, 'bmi')}")
    compare("gradient descent vs closed form (w, b)", [w_raw, b_raw],
            [exact.coef_[0], exact.intercept_], rtol=1e-5, reference_name="closed form")

    # %% Compare with scikit-learn
    try:
        from sklearn.linear_model import LinearRegression
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison with LinearRegression.")
    else:
        reference = LinearRegression().fit(X, y)
        compare("closed form vs scikit-learn (w, b)", [exact.coef_[0], exact.intercept_],
                [reference.coef_[0], reference.intercept_], rtol=1e-10,
                reference_name="scikit-learn")

    # %% Draw the line, the loss surface with the descent path, and the loss curve
    plt = pyplot()
    if plt is None:
        return exact
    path = _gd_path(scaler.transform(X)[:, 0], y)
    fig, axes = plt.subplots(1, 3, figsize=(16, 4.6))

    ax = axes[0]
    ax.scatter(X[:, 0], y, s=12, alpha=0.6, label="patients")
    grid = np.linspace(X.min(), X.max(), 2)
    ax.plot(grid, exact.coef_[0] * grid + exact.intercept_, color="C3", lw=2,
            label=f"ŷ = {_line(exact.coef_[0], exact.intercept_, 'x', digits=2)}")
    ax.set(xlabel="body mass index", ylabel="disease progression after one year",
           title="The least-squares line (eq. 4)")
    ax.legend()

    ax = axes[1]
    ws = np.linspace(-20, 100, 160)
    bs = np.linspace(60, 240, 160)
    W, B = np.meshgrid(ws, bs)
    x_std = scaler.transform(X)[:, 0]
    # MSE at every grid point at once: expand Σ(w·x + b − y)² in sums of x, y.
    n = len(y)
    Sx, Sy, Sxx, Sxy, Syy = x_std.sum(), y.sum(), x_std @ x_std, x_std @ y, y @ y
    surface = (W ** 2 * Sxx + B ** 2 * n + Syy + 2 * W * B * Sx - 2 * W * Sxy - 2 * B * Sy) / n
    contours = ax.contour(W, B, surface, levels=np.geomspace(surface.min() * 1.01,
                                                             surface.max(), 14), cmap="viridis")
    ax.clabel(contours, fmt="%.0f", fontsize=7)
    ax.plot(path[:, 0], path[:, 1], "o-", color="C3", ms=3, lw=1, label="gradient descent")
    ax.plot(w_std, b_std, "*", color="k", ms=12, label="minimum")
    ax.set(xlabel="w (slope, standardised bmi)", ylabel="b (intercept)",
           title="MSE surface L(w, b) and the GD path (eq. 5)")
    ax.legend(loc="lower right")

    ax = axes[2]
    ax.semilogy(gd.loss_history_ - exact.loss_history_[-1] + 1e-12, color="C0")
    ax.set(xlabel="iteration", ylabel="L(w, b) − L*",
           title=f"Loss curve, η = {LEARNING_RATE}: linear convergence")
    fig.tight_layout()
    save_figure(fig, out_dir, "linear_regression.png")
    return exact


def _line(w, b, x_name, digits=4):
    return f"{w:.{digits}f}·{x_name} {'−' if b < 0 else '+'} {abs(b):.{digits}f}"


def _gd_path(x, y):
    """The iterates of eq. 5 from (0, 0), for drawing."""
    w = b = 0.0
    path = [(w, b)]
    for _ in range(MAX_ITER):
        _, grad_w, grad_b = mse_loss_and_gradient(w, b, x, y)
        w, b = w - LEARNING_RATE * grad_w, b - LEARNING_RATE * grad_b
        path.append((w, b))
        if max(abs(grad_w), abs(grad_b)) <= 1e-6:
            break
    return np.array(path)


if __name__ == "__main__":
    run_as_script(run)
