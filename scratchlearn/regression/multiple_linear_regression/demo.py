"""Multiple linear regression on diabetes: ten features, exact and iterative fits.

Prints the coefficients beside scikit-learn's LinearRegression, runs gradient
descent on the raw and on the standardised features with the largest stable
step for each (notes eq. 9), and draws the two convergence curves and the
predicted-versus-actual plot.
"""

import warnings

import numpy as np

from scratchlearn.core.base import ConvergenceWarning
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_diabetes
from scratchlearn.regression.multiple_linear_regression.model import MultipleLinearRegression

GD_ITERATIONS = 5000    # the same budget for raw and standardised features
STEP_FRACTION = 0.95    # η = 0.95 · 2/λmax(H): just inside the stable range


def run(out_dir):
    """Fit diabetes progression on ten features and compare scaled vs raw GD."""
    data = load_diabetes(scaled=False)
    X, y = data.data, data.target

    exact = MultipleLinearRegression().fit(X, y)
    print(f"normal equations: R² = {exact.score(X, y):.4f}, "
          f"MSE = {exact.loss_history_[-1]:.2f}")
    for name, coefficient in zip(data.feature_names, exact.coef_):
        print(f"  {name:>4}: {coefficient:+10.4f}")
    print(f"  intercept: {exact.intercept_:+.4f}")
    try:
        from sklearn.linear_model import LinearRegression
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison with LinearRegression.")
    else:
        reference = LinearRegression().fit(X, y)
        compare("coefficients vs scikit-learn", np.r_[exact.coef_, exact.intercept_],
                np.r_[reference.coef_, reference.intercept_], rtol=1e-8,
                reference_name="scikit-learn")

    runs = {}
    for label, features in (("raw features", X),
                            ("standardised features", StandardScaler().fit_transform(X))):
        eta = STEP_FRACTION * 2.0 / _largest_hessian_eigenvalue(features)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)  # the raw run cannot finish
            model = MultipleLinearRegression(solver="gd", learning_rate=eta,
                                             max_iter=GD_ITERATIONS, tol=1e-8).fit(features, y)
        runs[label] = (model, eta)
        gap = model.loss_history_[-1] - exact.loss_history_[-1]
        print(f"gradient descent on {label}: η = {eta:.3g}, after {model.n_iter_} iterations "
              f"MSE is {max(gap, 0.0):.3g} above the optimum")

    standardised, _ = runs["standardised features"]
    scaler = StandardScaler().fit(X)
    coef_raw_units = standardised.coef_ / scaler.scale_
    compare("GD on standardised features, mapped back to raw units", coef_raw_units,
            exact.coef_, rtol=1e-4, reference_name="normal equations")

    plt = pyplot()
    if plt is None:
        return
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8))
    ax = axes[0]
    for label, (model, eta) in runs.items():
        gap = model.loss_history_ - exact.loss_history_[-1]
        ax.semilogy(np.maximum(gap, 1e-12), label=f"{label} (η = {eta:.2g})")
    ax.set(xlabel="iteration", ylabel="L(w, b) − L*  (MSE above the optimum)",
           title="Gradient descent: scaling decides the speed (eq. 9)")
    ax.legend()

    ax = axes[1]
    predicted = exact.predict(X)
    ax.scatter(y, predicted, s=12, alpha=0.6)
    limits = [min(y.min(), predicted.min()), max(y.max(), predicted.max())]
    ax.plot(limits, limits, "k--", lw=1, label="perfect prediction")
    ax.set(xlabel="actual progression", ylabel="predicted progression",
           title=f"Predicted vs actual (R² = {exact.score(X, y):.3f})")
    ax.legend()
    fig.tight_layout()
    save_figure(fig, out_dir, "multiple_linear_regression.png")


def _largest_hessian_eigenvalue(X):
    """λmax of the MSE Hessian (eq. 9), from the Gram matrix of [X, 1]."""
    augmented = np.column_stack([X, np.ones(len(X))])
    return np.linalg.eigvalsh(2.0 / len(X) * augmented.T @ augmented)[-1]


if __name__ == "__main__":
    run_as_script(run)
