"""Leakage: preprocessing fitted on all the data before cross-validation
against the same preprocessing inside a pipeline.

The data are pure noise — 60 samples, 2000 features, random labels — so
every honest estimate of accuracy must be near 50 %. Choosing the 20
features most correlated with y on all 60 samples, then cross-validating,
reports a high accuracy anyway: the test folds helped choose the features.
Inside a pipeline the choice is remade on each training fold and the
estimate drops back to chance. Scaling leaks far less (means and standard
deviations carry little about y), and the demo prints that gap too.
"""

import numpy as np

from scratchlearn.classification.naive_bayes import GaussianNaiveBayes
from scratchlearn.core.base import BaseEstimator, TransformerMixin
from scratchlearn.core.demo import pyplot, run_as_script, save_figure
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.model_selection import StratifiedKFold, cross_val_score
from scratchlearn.pipeline import make_pipeline

N_SAMPLES = 60
N_FEATURES = 2000
N_KEPT = 20          # features kept by the univariate selection
N_REPEATS = 10       # noise data sets, to show the gap is not luck
SEED = 0


class TopCorrelated(TransformerMixin, BaseEstimator):
    """Keep the ``k`` columns with the largest |correlation| with y."""

    def __init__(self, k=20):
        self.k = k

    def fit(self, X, y):
        Xc = X - X.mean(axis=0)
        yc = y - y.mean()
        corr = Xc.T @ yc / (np.linalg.norm(Xc, axis=0) * np.linalg.norm(yc) + 1e-12)
        self.columns_ = np.argsort(-np.abs(corr))[: self.k]
        return self

    def transform(self, X):
        return X[:, self.columns_]


def leakage_scores(random_state):
    """Mean CV accuracy of four ways to use preprocessing on one noise data set."""
    rng = np.random.default_rng(random_state)
    X = rng.standard_normal((N_SAMPLES, N_FEATURES))
    y = rng.integers(0, 2, N_SAMPLES)
    cv = StratifiedKFold(5, shuffle=True, random_state=random_state)
    # Naive Bayes fits 2000 features in microseconds; any classifier shows the leak.
    model = GaussianNaiveBayes()
    leaky_X = TopCorrelated(N_KEPT).fit(X, y).transform(X)
    scaled_X = StandardScaler().fit_transform(X)
    return {
        "selection before CV (leaky)": cross_val_score(model, leaky_X, y, cv=cv).mean(),
        "selection inside the pipeline": cross_val_score(
            make_pipeline(TopCorrelated(N_KEPT), GaussianNaiveBayes()), X, y,
            cv=cv).mean(),
        "scaling before CV (leaky)": cross_val_score(model, scaled_X, y, cv=cv).mean(),
        "scaling inside the pipeline": cross_val_score(
            make_pipeline(StandardScaler(), GaussianNaiveBayes()), X, y, cv=cv).mean(),
    }


def run(out_dir):
    """Cross-validated accuracy on pure noise, with and without leakage."""
    rows = [leakage_scores(SEED + r) for r in range(N_REPEATS)]
    names = list(rows[0])
    table = np.array([[row[name] for name in names] for row in rows])   # (repeats, 4)
    print(f"Pure noise, {N_SAMPLES} samples × {N_FEATURES} features, random labels: the "
          "true accuracy of any model is 50 %.")
    print(f"5-fold CV accuracy of Gaussian naive Bayes, mean ± sd over {N_REPEATS} data sets:")
    for name, column in zip(names, table.T, strict=True):
        print(f"    {name:32s} {column.mean():6.1%} ± {column.std():.1%}")
    gap = table[:, 0].mean() - table[:, 1].mean()
    print(f"Feature selection on all the data inflates the estimate by {gap:.0%} points.")

    plt = pyplot()
    if plt is None:
        return
    fig, ax = plt.subplots(figsize=(8, 4.2))
    colours = ["C3", "C2", "C1", "C0"]
    ax.bar(range(4), table.mean(axis=0), yerr=table.std(axis=0), color=colours, capsize=4)
    for k in range(4):
        ax.scatter(np.full(N_REPEATS, k) + np.linspace(-0.2, 0.2, N_REPEATS), table[:, k],
                   s=10, color="k", zorder=3)
    ax.axhline(0.5, color="k", ls=":", label="chance (the truth)")
    ax.set_xticks(range(4), [n.replace(" (leaky)", "\n(leaky)").replace(" inside", "\ninside")
                             for n in names], fontsize=8)
    ax.set(ylabel="5-fold CV accuracy", ylim=(0, 1.05),
           title=f"Leakage on pure noise ({N_SAMPLES} × {N_FEATURES}): "
                 "preprocessing must be fitted inside each fold")
    ax.legend(loc="upper right", fontsize=8)
    save_figure(fig, out_dir, "pipeline_leakage.png")


if __name__ == "__main__":
    run_as_script(run)
