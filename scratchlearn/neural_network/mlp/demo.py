"""The multi-layer perceptron on digits, moons and diabetes.

Trains a network with one hidden layer of 64 units on the handwritten digits
and prints its held-out accuracy beside scikit-learn's MLPClassifier with the
same settings, then does the same for MLPRegressor on diabetes. Draws the
training loss of SGD, momentum, Nesterov momentum and Adam on one plot, the
decision regions on the two moons for 2, 8 and 64 hidden units, and the 64
first-layer weight vectors of the digits network as 8×8 images.
"""

import warnings

import numpy as np

from scratchlearn.core.base import ConvergenceWarning
from scratchlearn.core.demo import pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler, train_test_split
from scratchlearn.datasets import load_diabetes, load_digits, make_moons
from scratchlearn.neural_network.mlp.model import MLPClassifier, MLPRegressor

# --- settings -------------------------------------------------------------
SEED = 0
DIGITS = dict(hidden_layer_sizes=(64,), max_iter=200, random_state=SEED)
DIGITS_DECAY = 1.0             # a strong L2 penalty α for the second weights picture
DIABETES = dict(hidden_layer_sizes=(32,), learning_rate_init=0.01, max_iter=300,
                random_state=SEED)
OPTIMISER_EPOCHS = 60          # every optimiser runs exactly this many epochs
OPTIMISERS = [                 # (label, solver settings): same network, same θ₀
    ("SGD, η = 0.01", dict(solver="sgd", momentum=0.0, learning_rate_init=0.01)),
    ("SGD, η = 0.1", dict(solver="sgd", momentum=0.0, learning_rate_init=0.1)),
    ("momentum, η = 0.01, μ = 0.9",
     dict(solver="sgd", momentum=0.9, nesterovs_momentum=False, learning_rate_init=0.01)),
    ("Nesterov, η = 0.01, μ = 0.9", dict(solver="sgd", momentum=0.9, learning_rate_init=0.01)),
    ("Adam, η = 0.001", dict(solver="adam", learning_rate_init=0.001)),
]
MOONS_HIDDEN = [2, 8, 64]
MOONS = dict(learning_rate_init=0.01, max_iter=1000, random_state=SEED)
AGREEMENT = 0.02               # accuracy / R² gap to scikit-learn we call agreement
# ---------------------------------------------------------------------------


def run(out_dir):
    """Digits and diabetes beside scikit-learn; optimisers, moons and learned weights drawn."""
    # %% Digits: 64 hidden units, with and without weight decay
    X, y = load_digits(return_X_y=True)
    X_train, X_test, y_train, y_test = train_test_split(X / 16.0, y, test_size=0.25,
                                                        random_state=SEED, stratify=y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        digits = MLPClassifier(**DIGITS).fit(X_train, y_train)
        decayed = MLPClassifier(**DIGITS, alpha=DIGITS_DECAY).fit(X_train, y_train)
    accuracy = digits.score(X_test, y_test)
    decayed_accuracy = decayed.score(X_test, y_test)
    print(f"digits, 64 hidden ReLU units, Adam: held-out accuracy {accuracy:.4f} "
          f"after {digits.n_iter_} epochs (final training loss {digits.loss_:.4f}); "
          f"with α = {DIGITS_DECAY:g}: {decayed_accuracy:.4f}")

    # %% Diabetes: a regression network, and both compared with scikit-learn
    X, y = load_diabetes(return_X_y=True)
    D_train, D_test, t_train, t_test = train_test_split(X, y, test_size=0.25, random_state=SEED)
    scaler = StandardScaler().fit(D_train)
    D_train, D_test = scaler.transform(D_train), scaler.transform(D_test)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        diabetes = MLPRegressor(**DIABETES).fit(D_train, t_train)
    r2 = diabetes.score(D_test, t_test)
    print(f"diabetes, 32 hidden ReLU units: held-out R² {r2:.4f}")
    _compare_with_sklearn(X_train, X_test, y_train, y_test, accuracy,
                          D_train, D_test, t_train, t_test, r2)

    # %% SGD, momentum and Adam on digits
    curves = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for label, settings in OPTIMISERS:
            model = MLPClassifier(hidden_layer_sizes=(64,), max_iter=OPTIMISER_EPOCHS,
                                  n_iter_no_change=OPTIMISER_EPOCHS, random_state=SEED,
                                  **settings).fit(X_train, y_train)
            curves[label] = model.loss_curve_
            print(f"{label:>28}: training loss after {OPTIMISER_EPOCHS} epochs "
                  f"{model.loss_:.4f}, held-out accuracy {model.score(X_test, y_test):.4f}")

    # %% More hidden units on the moons
    M, m = make_moons(300, noise=0.25, random_state=SEED)
    M_train, M_test, m_train, m_test = train_test_split(M, m, test_size=0.3, random_state=SEED)
    moons = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        for h in MOONS_HIDDEN:
            model = MLPClassifier(hidden_layer_sizes=(h,), **MOONS).fit(M_train, m_train)
            moons.append(model)
            print(f"moons, {h:>2} hidden units: training accuracy "
                  f"{model.score(M_train, m_train):.3f}, held-out {model.score(M_test, m_test):.3f}")

    # %% Draw the loss curves, the moons' regions, and the learned weights
    plt = pyplot()
    if plt is None:
        return digits

    fig, ax = plt.subplots(figsize=(8, 5))
    for (label, curve), style in zip(curves.items(), ["-", ":", "-", "--", "-"], strict=True):
        ax.semilogy(np.arange(1, len(curve) + 1), curve, style, lw=2, label=label)
    ax.set(xlabel="epoch", ylabel="training loss J (log scale)",
           title="Digits, 64 hidden units, same θ₀: SGD, momentum and Adam (eqs. 10–12)")
    ax.text(0.02, 0.03, "momentum with μ = 0.9 moves like plain SGD with a 1/(1 − μ) = 10× "
            "larger step", transform=ax.transAxes, fontsize=9)
    ax.legend()
    save_figure(fig, out_dir, "mlp_optimisers.png")

    fig, axes = plt.subplots(1, len(moons), figsize=(5 * len(moons), 4.6))
    xx, yy = np.meshgrid(np.linspace(M[:, 0].min() - 0.5, M[:, 0].max() + 0.5, 250),
                         np.linspace(M[:, 1].min() - 0.5, M[:, 1].max() + 0.5, 250))
    grid = np.column_stack([xx.ravel(), yy.ravel()])
    for ax, h, model in zip(axes, MOONS_HIDDEN, moons, strict=True):
        p = model.predict_proba(grid)[:, 1].reshape(xx.shape)
        ax.contourf(xx, yy, p, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.6)
        ax.contour(xx, yy, p, levels=[0.5], colors="k", linewidths=1.5)
        ax.scatter(M_train[:, 0], M_train[:, 1], c=m_train, cmap="RdBu_r", edgecolor="k",
                   s=18, label="train")
        ax.scatter(M_test[:, 0], M_test[:, 1], c=m_test, cmap="RdBu_r", edgecolor="k",
                   marker="s", s=18, label="held out")
        ax.set(title=f"{h} hidden units: held-out accuracy {model.score(M_test, m_test):.2f}",
               xlabel="x₁", ylabel="x₂")
        ax.legend(loc="lower left", fontsize=8)
    fig.suptitle("Decision regions on the moons: P(class 1 | x), boundary at 0.5 "
                 "(more hidden units, more bends)")
    fig.tight_layout()
    save_figure(fig, out_dir, "mlp_moons.png")

    fig = plt.figure(figsize=(13, 7.6))
    fig.suptitle("First-layer weights W¹ of the digits network: one 8×8 image per hidden "
                 "unit (red: ink there raises the unit's input, blue: lowers it)")
    for subfig, model, score in zip(fig.subfigures(1, 2, wspace=0.04), (digits, decayed),
                                    (accuracy, decayed_accuracy), strict=True):
        W = model.coefs_[0]                    # (64 pixels, 64 hidden units)
        limit = np.max(np.abs(W))
        axes = subfig.subplots(8, 8)
        for j, ax in enumerate(axes.ravel()):
            ax.imshow(W[:, j].reshape(8, 8), cmap="RdBu_r", vmin=-limit, vmax=limit)
            ax.set_axis_off()
        note = ("much of the random θ₀ is still there" if model is digits
                else "the L2 penalty has erased what the data do not support")
        subfig.suptitle(f"α = {model.alpha:g}, held-out accuracy {score:.3f}:\n{note}",
                        y=0.95, fontsize=11)
    save_figure(fig, out_dir, "mlp_digit_weights.png")
    return digits


def _compare_with_sklearn(X_train, X_test, y_train, y_test, accuracy,
                          D_train, D_test, t_train, t_test, r2):
    try:
        from sklearn.exceptions import ConvergenceWarning as SkConvergenceWarning
        from sklearn.neural_network import MLPClassifier as SkMLPClassifier
        from sklearn.neural_network import MLPRegressor as SkMLPRegressor
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison with its MLP.")
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SkConvergenceWarning)
        reference = SkMLPClassifier(**DIGITS).fit(X_train, y_train).score(X_test, y_test)
        reference_r2 = SkMLPRegressor(**DIABETES).fit(D_train, t_train).score(D_test, t_test)
    for what, ours, theirs in (("digits accuracy", accuracy, reference),
                               ("diabetes R²", r2, reference_r2)):
        verdict = "agree" if abs(ours - theirs) <= AGREEMENT else "DIFFER"
        print(f"{what}: ours {ours:.4f}, scikit-learn {theirs:.4f}, gap {abs(ours - theirs):.4f} "
              f"(tolerance {AGREEMENT}; the two start from different random weights): {verdict}")


if __name__ == "__main__":
    run_as_script(run)
