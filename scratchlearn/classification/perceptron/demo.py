"""The perceptron on iris, epoch by epoch.

Setosa against versicolor on two standardised features is linearly separable:
the demo draws the boundary after each epoch until an epoch passes without a
mistake, and checks Novikoff's bound on the number of mistakes. Versicolor
against virginica is not separable: the perceptron never settles. The
weights are printed beside scikit-learn's Perceptron (same rule, no shuffle).
"""

import time

import numpy as np

from scratchlearn.classification.perceptron.model import Perceptron
from scratchlearn.core.config import config_context
from scratchlearn.core.demo import compare, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import load_breast_cancer, load_iris

FEATURES = ["sepal length (cm)", "sepal width (cm)"]   # setosa vs versicolor: separable
OVERLAP_FEATURES = ["petal length (cm)", "petal width (cm)"]  # versicolor vs virginica: not
MAX_EPOCHS = 12        # epochs drawn for the separable pair
NON_SEPARABLE_EPOCHS = 60
ETA0 = 1.0


def run(out_dir):
    """Train the perceptron epoch by epoch on iris and compare with scikit-learn."""
    # %% Setosa against versicolor: separable, so the perceptron settles
    data = load_iris()
    columns = [data.feature_names.index(name) for name in FEATURES]
    X_all = StandardScaler().fit_transform(data.data[:, columns])
    y_all = data.target

    # Setosa (0) vs versicolor (1): separable.
    keep = y_all < 2
    X, y = X_all[keep], y_all[keep]
    fits = [Perceptron(eta0=ETA0, shuffle=False, tol=None, max_iter=e).fit(X, y)
            for e in range(1, MAX_EPOCHS + 1)]
    clean = next((e for e, m in enumerate(fits, 1) if m.loss_history_[-1] == 0), None)
    print(f"setosa vs versicolor: training accuracy after each epoch "
          f"{[round(m.score(X, y), 3) for m in fits]}")
    if clean is None:
        print(f"no mistake-free epoch within {MAX_EPOCHS} epochs")
    else:
        print(f"epoch {clean} is the first without a mistake: the data are separated")
    mistakes = _count_mistakes(X, y, MAX_EPOCHS)
    bound = _novikoff_bound(X, y)
    print(f"mistakes made in total: {sum(mistakes)}; Novikoff's bound (R/γ)² for the "
          f"max-margin separator: {bound:.0f} (eq. 5) — "
          f"{'holds' if sum(mistakes) <= bound else 'VIOLATED'}")

    # %% Versicolor against virginica: not separable
    # Versicolor (1) vs virginica (2): a few flowers overlap even in the petal features.
    keep2 = y_all > 0
    overlap_columns = [data.feature_names.index(name) for name in OVERLAP_FEATURES]
    X2 = StandardScaler().fit_transform(data.data[keep2][:, overlap_columns])
    y2 = y_all[keep2]
    # Shuffled each epoch (in a fixed order the weights would cycle, see notes).
    loose = [Perceptron(eta0=ETA0, shuffle=True, random_state=0, tol=None, max_iter=e)
             .fit(X2, y2) for e in range(1, NON_SEPARABLE_EPOCHS + 1)]
    accuracy2 = [m.score(X2, y2) for m in loose]
    print(f"versicolor vs virginica (not separable): accuracy wanders between "
          f"{min(accuracy2):.2f} and {max(accuracy2):.2f} over {NON_SEPARABLE_EPOCHS} epochs")

    # %% Compare with scikit-learn
    try:
        from sklearn.linear_model import Perceptron as SkPerceptron
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison.")
    else:
        cancer = load_breast_cancer()
        Xc = StandardScaler().fit_transform(cancer.data)
        ours = Perceptron(shuffle=False, tol=None, max_iter=20).fit(Xc, cancer.target)
        theirs = SkPerceptron(shuffle=False, tol=None, max_iter=20).fit(Xc, cancer.target)
        compare("breast cancer, 20 epochs: (w, b)", np.append(ours.coef_, ours.intercept_),
                np.append(theirs.coef_, theirs.intercept_), rtol=1e-10,
                reference_name="scikit-learn")
        last = fits[-1]
        theirs = SkPerceptron(shuffle=False, tol=None, max_iter=MAX_EPOCHS).fit(X, y)
        compare(f"iris pair, {MAX_EPOCHS} epochs: (w, b)", np.append(last.coef_, last.intercept_),
                np.append(theirs.coef_, theirs.intercept_), rtol=1e-10,
                reference_name="scikit-learn")

    # %% The plain engine against the fast one
    _plain_against_fast()

    # %% Draw the boundary epoch by epoch, and the accuracy curves
    plt = pyplot()
    if plt is None:
        return fits[-1]
    shown = fits[:(clean or MAX_EPOCHS)]
    n_cols = 4
    n_rows = int(np.ceil(len(shown) / n_cols))
    fig, axes = plt.subplots(n_rows, n_cols, figsize=(4 * n_cols, 3.6 * n_rows), sharex=True,
                             sharey=True, squeeze=False)
    previous = None
    for e, (ax, model) in enumerate(zip(axes.flat, shown, strict=False), 1):
        _scatter(ax, X, y, ["setosa", "versicolor"])
        if previous is not None:
            _line(ax, previous, X, color="0.6", ls="--", label=f"after epoch {e - 1}")
        _line(ax, model, X, color="C3", label=f"after epoch {e}")
        ax.set_title(f"epoch {e}: {mistakes[e - 1]} mistakes, accuracy {model.score(X, y):.2f}")
        ax.legend(loc="lower right", fontsize=7)
        previous = model
    for ax in axes.flat[len(shown):]:
        ax.axis("off")
    for ax in axes[-1]:
        ax.set_xlabel(_axis_label(FEATURES[0]))
    for ax in axes[:, 0]:
        ax.set_ylabel(_axis_label(FEATURES[1]))
    fig.suptitle("The perceptron boundary w·x + b = 0 after each epoch (eq. 3), "
                 "setosa vs versicolor")
    fig.tight_layout()
    save_figure(fig, out_dir, "perceptron_epochs.png")

    fig, axes = plt.subplots(1, 2, figsize=(12, 4.4))
    ax = axes[0]
    ax.plot(range(1, MAX_EPOCHS + 1), [m.score(X, y) for m in fits], "o-",
            label="setosa vs versicolor (separable)")
    ax.plot(range(1, NON_SEPARABLE_EPOCHS + 1), accuracy2, ".-",
            label="versicolor vs virginica (not separable, shuffled)")
    ax.set(xlabel="epoch", ylabel="training accuracy after the epoch",
           title="Separable: it settles (Novikoff, eq. 5). Otherwise it never does")
    ax.legend()
    ax = axes[1]
    _scatter(ax, X2, y2 - 1, ["versicolor", "virginica"])
    for color, e in zip(("C2", "C3", "C4"), range(NON_SEPARABLE_EPOCHS - 2,
                                                   NON_SEPARABLE_EPOCHS + 1), strict=True):
        _line(ax, loose[e - 1], X2, color=color,
              label=f"after epoch {e} (accuracy {accuracy2[e - 1]:.2f})")
    ax.set(xlabel=_axis_label(OVERLAP_FEATURES[0]), ylabel=_axis_label(OVERLAP_FEATURES[1]),
           title="Not separable (versicolor vs virginica): the boundary keeps jumping")
    ax.legend(loc="upper left", fontsize=8)
    fig.tight_layout()
    save_figure(fig, out_dir, "perceptron_mistakes.png")
    return fits[-1]


def _plain_against_fast():
    """Time engine="plain" (one Python step per sample) against "fast" (a
    block of samples per product) on breast cancer, and check the weights
    match."""
    X, y = load_breast_cancer(return_X_y=True)
    X = StandardScaler().fit_transform(X)
    fits, seconds = {}, {}
    for engine in ("plain", "fast"):
        with config_context(engine=engine):
            start = time.perf_counter()
            fits[engine] = Perceptron(random_state=0).fit(X, y)
            seconds[engine] = time.perf_counter() - start
    same = all(np.array_equal(getattr(fits["plain"], a), getattr(fits["fast"], a))
               for a in ("coef_", "intercept_"))
    print(f"engine plain vs fast on breast cancer ({fits['fast'].n_iter_} epochs): fit "
          f"{seconds['plain']:.3f} s vs {seconds['fast']:.3f} s "
          f"(speed-up {seconds['plain'] / seconds['fast']:.1f}×); identical weights: "
          f"{'yes' if same else 'NO'}")


def _count_mistakes(X, y, epochs):
    """Updates per epoch, replaying eq. 3 sample by sample (for the figure)."""
    s = np.where(y == np.max(y), 1.0, -1.0)
    w, b = np.zeros(X.shape[1]), 0.0
    counts = []
    for _ in range(epochs):
        count = 0
        for x_i, s_i in zip(X, s, strict=True):
            if s_i * (x_i @ w + b) <= 0:
                w, b = w + ETA0 * s_i * x_i, b + ETA0 * s_i
                count += 1
        counts.append(count)
    return counts


def _novikoff_bound(X, y):
    """(R/γ)² of eq. 5 with z = (x, 1) and the best separator's margin γ,
    found with LinearSVM on the augmented data at a large C."""
    from scratchlearn.classification.svm import LinearSVM

    Z = np.column_stack([X, np.ones(len(X))])
    s = np.where(y == np.max(y), 1.0, -1.0)
    u = LinearSVM(C=1e4).fit(X, y)
    direction = np.append(u.coef_[0], u.intercept_[0])
    gamma = np.min(s * (Z @ direction)) / np.linalg.norm(direction)
    R = np.max(np.linalg.norm(Z, axis=1))
    return (R / gamma) ** 2


def _axis_label(feature):
    return feature.replace(" (cm)", ", standardised")


def _scatter(ax, X, y, names):
    for k, (marker, name) in enumerate(zip("os", names, strict=True)):
        ax.scatter(*X[y == k].T, s=16, marker=marker, color=f"C{k}", alpha=0.7, label=name)


def _line(ax, model, X, **style):
    w, b = model.coef_[0], model.intercept_[0]
    lo, hi = X[:, 0].min() - 0.5, X[:, 0].max() + 0.5
    x1 = np.linspace(lo, hi, 2)
    if abs(w[1]) > 1e-12:
        ax.plot(x1, -(w[0] * x1 + b) / w[1], **style)
    else:
        ax.axvline(-b / w[0], **style)
    ax.set_xlim(lo, hi)
    ax.set_ylim(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5)


if __name__ == "__main__":
    run_as_script(run)
