"""Polynomial regression: over-fitting as the degree grows, and ridge taming it.

Fits polynomials of degree 1 to 15 to 20 noisy samples of sin(3x), with and
without a ridge penalty, and draws training and held-out error against the
degree (the bias–variance trade-off, notes eq. 5) beside three of the fitted
curves. Checks the fit against scikit-learn's PolynomialFeatures +
LinearRegression / Ridge pipeline on diabetes.
"""

import numpy as np

from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.datasets import load_diabetes
from scratchlearn.regression.polynomial_regression.model import PolynomialRegression

N_TRAIN = 20            # few points: a degree-15 polynomial can nearly interpolate them
N_TEST = 1000
NOISE = 0.2
DEGREES = range(1, 16)
RIDGE_ALPHA = 1e-3      # on x ∈ [−1, 1] every monomial has norm ≲ √n: a light penalty
SHOWN_DEGREES = (1, 5, 15)


def truth(x):
    return np.sin(3 * x)


def run(out_dir):
    """Training and held-out error against the degree, with and without ridge."""
    # %% Degree 2 on diabetes, compared with scikit-learn's pipeline
    check_against_sklearn()

    # %% Training and held-out error against the degree, with and without ridge
    rng = np.random.default_rng(0)
    x_train, x_test = rng.uniform(-1, 1, size=N_TRAIN), rng.uniform(-1, 1, size=N_TEST)
    y_train = truth(x_train) + NOISE * rng.normal(size=N_TRAIN)
    y_test = truth(x_test) + NOISE * rng.normal(size=N_TEST)

    errors = {"least squares": ([], []), f"ridge α = {RIDGE_ALPHA:g}": ([], [])}
    for degree in DEGREES:
        for (train, test), alpha in zip(errors.values(), (0.0, RIDGE_ALPHA)):
            model = PolynomialRegression(degree=degree, alpha=alpha).fit(x_train[:, None],
                                                                         y_train)
            train.append(np.mean((model.predict(x_train[:, None]) - y_train) ** 2))
            test.append(np.mean((model.predict(x_test[:, None]) - y_test) ** 2))
    print(f"{N_TRAIN} samples of sin(3x) + noise (sd {NOISE}, so the best possible MSE "
          f"is {NOISE ** 2:.2f}):")
    print(f"  {'degree':>6}  {'train LS':>9} {'test LS':>9}  {'train ridge':>11} "
          f"{'test ridge':>10}")
    (ls_train, ls_test), (ridge_train, ridge_test) = errors.values()
    for k, degree in enumerate(DEGREES):
        print(f"  {degree:>6}  {ls_train[k]:9.4f} {ls_test[k]:9.4f}  {ridge_train[k]:11.4f} "
              f"{ridge_test[k]:10.4f}")
    best = int(np.argmin(ls_test))
    chosen = PolynomialRegression(degree=DEGREES[best]).fit(x_train[:, None], y_train)
    print(f"least squares: best held-out degree {DEGREES[best]}; at degree {DEGREES[-1]} the "
          f"training MSE is {ls_train[-1]:.4f} and the held-out MSE {ls_test[-1]:.3g}")

    # %% Draw the error curves and the fitted curves
    plt = pyplot()
    if plt is None:
        return chosen
    fig, axes = plt.subplots(1, 2, figsize=(14, 5))
    ax = axes[0]
    for k, (label, (train, test)) in enumerate(errors.items()):
        ax.semilogy(list(DEGREES), train, "o-", color=f"C{k}", label=f"{label}: training")
        ax.semilogy(list(DEGREES), test, "s--", color=f"C{k}", label=f"{label}: held out")
    ax.axhline(NOISE ** 2, color="k", lw=0.8, ls=":", label="noise variance s²")
    ax.set(xlabel="polynomial degree p", ylabel="mean squared error (log scale)",
           title="Training error only falls; held-out error turns up (eq. 5)")
    ax.legend(fontsize=8)

    ax = axes[1]
    grid = np.linspace(-1, 1, 400)
    ax.plot(grid, truth(grid), "k", lw=2, label="truth sin(3x)")
    ax.scatter(x_train, y_train, color="k", zorder=3, label="training data")
    for k, degree in enumerate(SHOWN_DEGREES):
        model = PolynomialRegression(degree=degree).fit(x_train[:, None], y_train)
        ax.plot(grid, model.predict(grid[:, None]), color=f"C{k + 2}", label=f"degree {degree}")
    ridge = PolynomialRegression(degree=SHOWN_DEGREES[-1], alpha=RIDGE_ALPHA)
    ridge.fit(x_train[:, None], y_train)
    ax.plot(grid, ridge.predict(grid[:, None]), color="C1", ls="--",
            label=f"degree {SHOWN_DEGREES[-1]}, ridge α = {RIDGE_ALPHA:g}")
    ax.set(xlabel="x", ylabel="y", ylim=(-2.5, 2.5),
           title="Under-fit (1), about right (5), over-fit (15), and ridge at 15")
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    save_figure(fig, out_dir, "polynomial_degree.png")
    return chosen


def check_against_sklearn():
    """Degree 2 on the ten diabetes features (65 monomials), least squares and ridge."""
    X, y = load_diabetes(return_X_y=True)
    try:
        from sklearn.linear_model import LinearRegression, Ridge
        from sklearn.pipeline import make_pipeline
        from sklearn.preprocessing import PolynomialFeatures
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison with its pipeline.")
        return
    for alpha in (0.0, 0.1):
        ours = PolynomialRegression(degree=2, alpha=alpha).fit(X, y)
        regressor = LinearRegression() if alpha == 0 else Ridge(alpha=alpha)
        theirs = make_pipeline(PolynomialFeatures(2, include_bias=False), regressor).fit(X, y)
        compare(f"diabetes, degree 2 ({ours.coef_.size} monomials), α = {alpha:g}: "
                "coefficients vs scikit-learn's pipeline",
                np.r_[ours.coef_, ours.intercept_],
                np.r_[theirs[-1].coef_, theirs[-1].intercept_], rtol=1e-8,
                reference_name="scikit-learn")


if __name__ == "__main__":
    run_as_script(run)
