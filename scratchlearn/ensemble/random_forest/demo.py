"""Random forest on wine and diabetes: held-out scores beside scikit-learn's,
the out-of-bag estimate, and the mean-decrease-in-impurity importances."""

import numpy as np

from scratchlearn.core.demo import compare_engines, pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import train_test_split
from scratchlearn.datasets import load_diabetes, load_wine
from scratchlearn.ensemble.random_forest import RandomForestClassifier, RandomForestRegressor

N_TREES = 100
ENGINE_TREES = 10       # trees timed under both engines (the plain one is slow)
SEED = 0


def run(out_dir):
    """Fit forests on wine and diabetes and compare with scikit-learn."""
    # %% Forests on wine and diabetes, compared with scikit-learn
    wine = load_wine()
    results = {}
    for name, data, Ours, sk_name in (
            ("wine", wine, RandomForestClassifier, "RandomForestClassifier"),
            ("diabetes", load_diabetes(), RandomForestRegressor, "RandomForestRegressor")):
        X_tr, X_te, y_tr, y_te = train_test_split(data.data, data.target, test_size=0.3,
                                                  random_state=SEED)
        model = Ours(n_estimators=N_TREES, oob_score=True, min_samples_leaf=2,
                     random_state=SEED).fit(X_tr, y_tr)
        results[name] = model
        print(f"{name}: test score {model.score(X_te, y_te):.3f}, out-of-bag "
              f"{model.oob_score_:.3f}")
        compare_engines(f"    {name}, {ENGINE_TREES} trees",
                        lambda X=X_tr, y=y_tr, M=Ours: M(n_estimators=ENGINE_TREES,
                                                         min_samples_leaf=2,
                                                         random_state=SEED).fit(X, y),
                        lambda plain, fast, X=X_te: np.array_equal(plain.predict(X),
                                                                   fast.predict(X)))
        try:
            from sklearn import ensemble
        except ImportError:
            print("scikit-learn is not installed: skipping the comparison.")
            continue
        ref = getattr(ensemble, sk_name)(n_estimators=N_TREES, min_samples_leaf=2,
                                          random_state=SEED).fit(X_tr, y_tr)
        gap = abs(model.score(X_te, y_te) - ref.score(X_te, y_te))
        print(f"    scikit-learn test score {ref.score(X_te, y_te):.3f} "
              f"(|difference| {gap:.3f}: {'agree' if gap <= 0.03 else 'DIFFER'} within 0.03)")

    # %% Draw the feature importances
    plt = pyplot()
    if plt is None:
        return results["wine"]
    imp = results["wine"].feature_importances_
    order = np.argsort(imp)
    fig, ax = plt.subplots(figsize=(7, 4.8))
    ax.barh(np.array(wine.feature_names)[order], imp[order])
    ax.set(xlabel="mean decrease in impurity (eq. 5)",
           title="Which measurements separate the three wines")
    save_figure(fig, out_dir, "random_forest_importances.png")
    return results["wine"]


if __name__ == "__main__":
    run_as_script(run)
