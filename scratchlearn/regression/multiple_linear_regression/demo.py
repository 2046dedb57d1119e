"""Multiple linear regression on diabetes: ten features, exact and iterative fits.

Prints the coefficients beside scikit-learn's LinearRegression, runs gradient
descent on the raw and on the standardised features with the largest stable
step for each (notes eq. 13), and draws the two convergence curves and the
predicted-versus-actual plot. Then the accuracy story: NIST's certified
least-squares problems, Wampler1 coefficient by coefficient, in correct digits
for a naive normal-equations solve, scikit-learn and this solver.
"""

import warnings

import numpy as np

from scratchlearn.core.base import ConvergenceWarning
from scratchlearn.core.demo import compare, compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import NIST_STRD, correct_digits, load_diabetes, load_nist_strd
from scratchlearn.regression.multiple_linear_regression.model import MultipleLinearRegression

GD_ITERATIONS = 5000    # the same budget for raw and standardised features
STEP_FRACTION = 0.95    # η = 0.95 · 2/λmax(H): just inside the stable range


def plain_against_fast():
    """Time model.py's algorithm (engine "plain") against the speed machinery
    (engine "fast") on one data set, and check that they fit the same model."""
    X, y = load_diabetes(return_X_y=True)
    compare_engines("engine plain vs fast, diabetes", lambda: MultipleLinearRegression().fit(X, y),
                    lambda a, b: np.allclose(a.coef_, b.coef_, rtol=1e-10, atol=0))


def run(out_dir):
    """Fit diabetes progression on ten features and compare scaled vs raw GD."""
    # %% The plain engine against the fast one
    plain_against_fast()
    # %% Least squares on ten features, compared with scikit-learn
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

    # %% Gradient descent on raw and on standardised features
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

    # %% Correct digits on NIST's certified least-squares problems
    digits = nist_accuracy()

    # %% Draw the descent curves, the fit, and NIST's correct digits
    plt = pyplot()
    if plt is None:
        return exact
    fig, axes = plt.subplots(1, 2, figsize=(13, 4.8))
    ax = axes[0]
    for label, (model, eta) in runs.items():
        gap = model.loss_history_ - exact.loss_history_[-1]
        ax.semilogy(np.maximum(gap, 1e-12), label=f"{label} (η = {eta:.2g})")
    ax.set(xlabel="iteration", ylabel="L(w, b) − L*  (MSE above the optimum)",
           title="Gradient descent: scaling decides the speed (eq. 13)")
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
    draw_accuracy(plt, digits, out_dir)
    return exact


def naive_normal_equations(X, y):
    """(b, w₁, …, w_d) from solve(AᵀA, Aᵀy) with A = [1, X]: the textbook one-liner."""
    A = np.column_stack([np.ones(len(X)), X])
    return np.linalg.solve(A.T @ A, A.T @ y)


def coefficient_digits(estimate, certified):
    """Correct digits of each coefficient, capped at 16 (exact in float64)."""
    return [min(correct_digits([e], [c]), 16.0) for e, c in zip(estimate, certified)]


def nist_accuracy():
    """Correct digits on NIST's linear sets: naive normal equations, scikit-learn, ours."""
    try:
        from sklearn.linear_model import LinearRegression
    except ImportError:
        LinearRegression = None
    print("\nNIST StRD linear least squares, correct digits of the worst coefficient "
          "(certified to 15):")
    print(f"  {'set':<9} {'naive XᵀX':>10} {'scikit-learn':>13} {'ours':>6}")
    table = {}
    for name in NIST_STRD:
        nist = load_nist_strd(name)
        if not nist.fit_intercept:
            continue                                # the origin-only lines are trivial
        X, y = nist.data, nist.target
        ours = MultipleLinearRegression().fit(X, y)
        row = {"naive XᵀX": _naive_digits(X, y, nist.certified),
               "ours": correct_digits(np.r_[ours.intercept_, ours.coef_], nist.certified)}
        if LinearRegression is not None:
            theirs = LinearRegression().fit(X, y)
            row["scikit-learn"] = correct_digits(np.r_[theirs.intercept_, theirs.coef_],
                                                 nist.certified)
        table[name] = row
        print(f"  {name:<9} {row['naive XᵀX']:>10.1f} {row.get('scikit-learn', np.nan):>13.1f} "
              f"{row['ours']:>6.1f}")
    wampler = load_nist_strd("Wampler1")
    X, y = wampler.data, wampler.target
    ours = MultipleLinearRegression().fit(X, y)
    per_coefficient = {"naive XᵀX": naive_normal_equations(X, y),
                       "ours": np.r_[ours.intercept_, ours.coef_]}
    if LinearRegression is not None:
        theirs = LinearRegression().fit(X, y)
        per_coefficient["scikit-learn"] = np.r_[theirs.intercept_, theirs.coef_]
    print("Wampler1, y = 1 + x + x² + x³ + x⁴ + x⁵ at x = 0…20 (every coefficient is 1):")
    for label, estimate in per_coefficient.items():
        print(f"  {label:<13} {np.array2string(estimate, precision=12)}")
    return table, {label: coefficient_digits(estimate, wampler.certified)
                   for label, estimate in per_coefficient.items()}


def _naive_digits(X, y, certified):
    """Correct digits of the naive solve, or 0 when it fails outright (singular XᵀX)."""
    try:
        return max(correct_digits(naive_normal_equations(X, y), certified), 0.0)
    except np.linalg.LinAlgError:
        return 0.0


def draw_accuracy(plt, digits, out_dir):
    """Bars of correct digits: every NIST set, then Wampler1 coefficient by coefficient."""
    table, wampler = digits
    labels = [label for label in ("naive XᵀX", "scikit-learn", "ours")
              if label in next(iter(table.values()))]
    fig, axes = plt.subplots(1, 2, figsize=(14, 4.8))
    width = 0.8 / len(labels)
    ax = axes[0]
    names = list(table)
    for k, label in enumerate(labels):
        values = [max(table[name][label], 0.0) for name in names]
        ax.bar(np.arange(len(names)) + (k - (len(labels) - 1) / 2) * width, values, width,
               label=label)
    ax.axhline(7, color="k", ls="--", lw=1, label="goal: 7 digits")
    ax.set_xticks(np.arange(len(names)), names, rotation=30)
    ax.set(ylabel="correct digits, worst coefficient", ylim=(0, 16),
           title="NIST certified least squares (negative counted as 0)")
    ax.legend(fontsize=8)
    ax = axes[1]
    for k, label in enumerate(labels):
        values = np.maximum(wampler[label], 0.0)
        ax.bar(np.arange(6) + (k - (len(labels) - 1) / 2) * width, values, width, label=label)
    ax.set_xticks(np.arange(6), ["b", "x", "x²", "x³", "x⁴", "x⁵"])
    ax.set(ylabel="correct digits", ylim=(0, 16),
           title="Wampler1: y = 1 + x + … + x⁵, every coefficient exactly 1")
    ax.legend(fontsize=8)
    fig.tight_layout()
    save_figure(fig, out_dir, "least_squares_accuracy.png")


def _largest_hessian_eigenvalue(X):
    """λmax of the MSE Hessian (eq. 13), from the Gram matrix of [X, 1]."""
    augmented = np.column_stack([X, np.ones(len(X))])
    return np.linalg.eigvalsh(2.0 / len(X) * augmented.T @ augmented)[-1]


if __name__ == "__main__":
    run_as_script(run)
