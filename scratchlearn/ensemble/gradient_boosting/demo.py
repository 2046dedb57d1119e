"""Gradient boosting on diabetes: training and test loss against the number
of trees for three learning rates, with predictions checked against
scikit-learn's GradientBoostingRegressor (squared error: identical)."""

import numpy as np

from scratchlearn.core.demo import compare, compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import train_test_split
from scratchlearn.datasets import load_diabetes
from scratchlearn.ensemble.gradient_boosting import GradientBoostingRegressor

N_TREES = 300
LEARNING_RATES = (0.02, 0.1, 0.5)
MAX_DEPTH = 2
SEED = 0


def run(out_dir):
    """Train/test loss curves of gradient boosting and the effect of the learning rate."""
    # %% Boosted trees on diabetes at three learning rates
    X, y = load_diabetes(return_X_y=True)
    # scikit-learn's trees use float32 features; rounding first gives both
    # libraries the same numbers, hence the same splits.
    X = X.astype(np.float32).astype(float)
    X_tr, X_te, y_tr, y_te = train_test_split(X, y, test_size=0.3, random_state=SEED)
    curves, models = {}, {}
    for eta in LEARNING_RATES:
        model = models[eta] = GradientBoostingRegressor(
            learning_rate=eta, n_estimators=N_TREES, max_depth=MAX_DEPTH,
            random_state=SEED).fit(X_tr, y_tr)
        test = np.array([np.mean((y_te - p) ** 2) for p in model.staged_predict(X_te)])
        curves[eta] = (model.train_score_, test)
        best = int(np.argmin(test))
        print(f"η = {eta}: test MSE {test[-1]:.0f} after {N_TREES} trees, best {test[best]:.0f} "
              f"after {best + 1}")
    # %% The two engines, and scikit-learn
    compare_engines(f"η = 0.1, {N_TREES} trees",
                    lambda: GradientBoostingRegressor(n_estimators=N_TREES, max_depth=MAX_DEPTH,
                                                      random_state=SEED).fit(X_tr, y_tr),
                    lambda plain, fast: np.array_equal(plain.predict(X_te), fast.predict(X_te)))
    try:
        from sklearn.ensemble import GradientBoostingRegressor as SkGB
    except ImportError:
        print("scikit-learn is not installed: skipping the comparison.")
    else:
        # min_samples_leaf=3 avoids tiny leaves, where two features can give
        # the same partition (an exact tie scikit-learn breaks at random).
        kw = dict(n_estimators=100, max_depth=MAX_DEPTH, min_samples_leaf=3, random_state=SEED)
        ours = GradientBoostingRegressor(**kw).fit(X_tr, y_tr)
        ref = SkGB(**kw).fit(X_tr, y_tr)
        compare("test predictions, 100 trees, squared error", ours.predict(X_te),
                ref.predict(X_te), rtol=1e-6, reference_name="scikit-learn")

    # %% Draw the training and test loss curves
    plt = pyplot()
    if plt is None:
        return models[0.1]
    fig, ax = plt.subplots(figsize=(8, 4.8))
    m = np.arange(1, N_TREES + 1)
    for i, (eta, (train, test)) in enumerate(curves.items()):
        ax.plot(m, train, color=f"C{i}", ls="--", lw=1, label=f"η = {eta} train")
        ax.plot(m, test, color=f"C{i}", lw=2, label=f"η = {eta} test")
        ax.scatter([np.argmin(test) + 1], [test.min()], color=f"C{i}", zorder=3)
    ax.set(xlabel="number of trees M", ylabel="mean squared error", ylim=(0, 6500),
           title="Training loss always falls; test loss has a minimum (dots) that "
                 "a smaller η reaches later")
    ax.legend(ncol=3, fontsize=8)
    save_figure(fig, out_dir, "gradient_boosting_loss_curves.png")
    return models[0.1]


if __name__ == "__main__":
    run_as_script(run)
