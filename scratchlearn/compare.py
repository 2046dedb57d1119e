"""``scratchlearn compare``: each model beside its scikit-learn counterpart.

For every model, on its standard dataset, both estimators are fitted with
matching settings on the same seeded train/test split; the table gives the
held-out score of each, the largest difference between them (coefficients,
probabilities or predictions, whichever both expose), and the median fit and
predict times with their ratio. scikit-learn is imported only here, inside
the functions, and only when the command runs.
"""

import importlib
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from scratchlearn import datasets
from scratchlearn.core.preprocessing import StandardScaler, train_test_split


@dataclass(frozen=True)
class Comparison:
    estimator: str              # our class, importable from scratchlearn
    reference: str              # "module.Class" in scikit-learn
    dataset: str                # a bundled loader name: "diabetes", "breast_cancer", ...
    params: dict = field(default_factory=dict)
    reference_params: dict = field(default_factory=dict)
    standardise: bool = True


_IRIS_START = np.array([[-1.0, 0.8, -1.3, -1.3], [0.0, -0.8, 0.3, 0.2], [1.2, 0.2, 1.1, 1.1]])

# One line per estimator; matching settings on both sides.
COMPARISONS = (
    Comparison("SimpleLinearRegression", "sklearn.linear_model.LinearRegression", "diabetes_bmi"),
    Comparison("MultipleLinearRegression", "sklearn.linear_model.LinearRegression", "diabetes"),
    Comparison("HuberRegression", "sklearn.linear_model.HuberRegressor", "diabetes",
               {"tol": 1e-8}, {"tol": 1e-8, "max_iter": 1000}),
    Comparison("RidgeRegression", "sklearn.linear_model.Ridge", "diabetes", {"alpha": 1.0},
               {"alpha": 1.0}),
    Comparison("PolynomialRegression", "scratchlearn.compare.sklearn_polynomial_pipeline",
               "diabetes", {"degree": 2, "alpha": 1.0}, {"degree": 2, "alpha": 1.0}),
    Comparison("LassoRegression", "sklearn.linear_model.Lasso", "diabetes",
               {"alpha": 1.0, "tol": 1e-10}, {"alpha": 1.0, "tol": 1e-10}),
    Comparison("ElasticNetRegression", "sklearn.linear_model.ElasticNet", "diabetes",
               {"alpha": 0.1, "l1_ratio": 0.5, "tol": 1e-10},
               {"alpha": 0.1, "l1_ratio": 0.5, "tol": 1e-10}),
    Comparison("BayesianLinearRegression", "sklearn.linear_model.BayesianRidge", "diabetes"),
    Comparison("LogisticRegression", "sklearn.linear_model.LogisticRegression", "breast_cancer",
               {"C": 1.0}, {"C": 1.0, "max_iter": 1000}),
    Comparison("LinearSVM", "sklearn.svm.SVC", "breast_cancer", {"C": 1.0},
               {"kernel": "linear", "C": 1.0}),
    Comparison("Perceptron", "sklearn.linear_model.Perceptron", "breast_cancer",
               {"shuffle": False, "tol": None, "max_iter": 20},
               {"shuffle": False, "tol": None, "max_iter": 20}),
    Comparison("SoftmaxRegression", "sklearn.linear_model.LogisticRegression", "wine",
               {"C": 1.0}, {"C": 1.0, "max_iter": 1000}),
    Comparison("KernelSVM", "sklearn.svm.SVC", "breast_cancer"),
    Comparison("GaussianNaiveBayes", "sklearn.naive_bayes.GaussianNB", "wine"),
    Comparison("MultinomialNaiveBayes", "sklearn.naive_bayes.MultinomialNB", "digits",
               standardise=False),
    Comparison("BernoulliNaiveBayes", "sklearn.naive_bayes.BernoulliNB", "digits",
               {"binarize": 4.0}, {"binarize": 4.0}, standardise=False),
    Comparison("LinearDiscriminantAnalysis",
               "sklearn.discriminant_analysis.LinearDiscriminantAnalysis", "wine"),
    Comparison("QuadraticDiscriminantAnalysis",
               "sklearn.discriminant_analysis.QuadraticDiscriminantAnalysis", "wine"),
    # Fixed hyperparameters: scikit-learn's default kernel 1·RBF(1) with the noise as alpha
    # (its kernel objects cannot be built here without importing it at module level).
    Comparison("GaussianProcessRegressor", "sklearn.gaussian_process.GaussianProcessRegressor",
               "diabetes", {"optimize": False, "noise_variance": 0.5, "normalize_y": True},
               {"optimizer": None, "alpha": 0.5, "normalize_y": True}),
    Comparison("DecisionTreeClassifier", "sklearn.tree.DecisionTreeClassifier", "digits",
               {"random_state": 0}, {"random_state": 0}, standardise=False),
    Comparison("DecisionTreeRegressor", "sklearn.tree.DecisionTreeRegressor", "diabetes",
               {"max_depth": 4}, {"max_depth": 4, "random_state": 0}, standardise=False),
    Comparison("KNNClassifier", "sklearn.neighbors.KNeighborsClassifier", "digits", {},
               {"algorithm": "brute", "n_jobs": 1}, standardise=False),
    Comparison("KNNRegressor", "sklearn.neighbors.KNeighborsRegressor", "diabetes", {},
               {"algorithm": "brute", "n_jobs": 1}),
    Comparison("BaggingClassifier", "sklearn.ensemble.BaggingClassifier", "digits",
               {"random_state": 0}, {"random_state": 0}, standardise=False),
    Comparison("BaggingRegressor", "sklearn.ensemble.BaggingRegressor", "diabetes",
               {"random_state": 0}, {"random_state": 0}, standardise=False),
    Comparison("RandomForestClassifier", "sklearn.ensemble.RandomForestClassifier", "digits",
               {"random_state": 0}, {"random_state": 0, "n_jobs": 1}, standardise=False),
    Comparison("RandomForestRegressor", "sklearn.ensemble.RandomForestRegressor", "diabetes",
               {"random_state": 0}, {"random_state": 0, "n_jobs": 1}, standardise=False),
    Comparison("AdaBoostClassifier", "sklearn.ensemble.AdaBoostClassifier", "breast_cancer",
               {"random_state": 0}, {"random_state": 0}, standardise=False),
    Comparison("GradientBoostingRegressor", "sklearn.ensemble.GradientBoostingRegressor",
               "diabetes", {"random_state": 0}, {"random_state": 0}, standardise=False),
    Comparison("GradientBoostingClassifier", "sklearn.ensemble.GradientBoostingClassifier",
               "digits", {"n_estimators": 20, "random_state": 0},
               {"n_estimators": 20, "random_state": 0}, standardise=False),
    Comparison("MLPClassifier", "sklearn.neural_network.MLPClassifier", "digits",
               {"hidden_layer_sizes": (64,), "random_state": 0},
               {"hidden_layer_sizes": (64,), "random_state": 0}),
    Comparison("MLPRegressor", "sklearn.neural_network.MLPRegressor", "diabetes",
               {"hidden_layer_sizes": (32,), "learning_rate_init": 0.01, "max_iter": 300,
                "random_state": 0},
               {"hidden_layer_sizes": (32,), "learning_rate_init": 0.01, "max_iter": 300,
                "random_state": 0}),
    # Clusterings: the same initial centres (in standardised iris units) on both
    # sides, so both libraries reach the same local optimum and can be compared.
    Comparison("KMeans", "sklearn.cluster.KMeans", "iris",
               {"n_clusters": 3, "init": _IRIS_START, "n_init": 1},
               {"n_clusters": 3, "init": _IRIS_START, "n_init": 1}),
    Comparison("GaussianMixture", "sklearn.mixture.GaussianMixture", "iris",
               {"n_components": 3, "means_init": _IRIS_START, "weights_init": np.full(3, 1 / 3),
                "precisions_init": np.stack([np.eye(4)] * 3)},
               {"n_components": 3, "means_init": _IRIS_START, "weights_init": np.full(3, 1 / 3),
                "precisions_init": np.stack([np.eye(4)] * 3)}),
    Comparison("PCA", "sklearn.decomposition.PCA", "digits", {"n_components": 10},
               {"n_components": 10, "svd_solver": "full"}, standardise=False),
    Comparison("DBSCAN", "sklearn.cluster.DBSCAN", "iris", {"eps": 0.8}, {"eps": 0.8}),
    Comparison("AgglomerativeClustering", "sklearn.cluster.AgglomerativeClustering", "iris",
               {"n_clusters": 3}, {"n_clusters": 3}),
)

COLUMNS = ["model", "dataset", "score_ours", "score_sklearn", "max_difference", "compared",
           "fit_ours_s", "fit_sklearn_s", "fit_ratio", "predict_ours_s", "predict_sklearn_s",
           "predict_ratio"]


def sklearn_polynomial_pipeline(degree, alpha):
    """PolynomialRegression's counterpart: PolynomialFeatures, then LinearRegression
    (alpha = 0) or Ridge(alpha), as one scikit-learn pipeline."""
    from sklearn.linear_model import LinearRegression, Ridge
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures

    regressor = LinearRegression() if alpha == 0 else Ridge(alpha=alpha)
    return make_pipeline(PolynomialFeatures(degree, include_bias=False), regressor)


def load(dataset):
    """(X, y) of a bundled dataset by name; "diabetes_bmi" is its one BMI column."""
    if dataset == "diabetes_bmi":
        X, y = datasets.load_diabetes(return_X_y=True)
        return X[:, [2]], y
    return getattr(datasets, f"load_{dataset}")(return_X_y=True)


def median_seconds(fn, repeat=5):
    """Median wall time of ``fn()`` over ``repeat`` runs, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def compare_one(comparison, repeat=5, max_samples=None):
    """Fit both estimators of ``comparison`` and return one table row (a dict)."""
    import scratchlearn

    ours = getattr(scratchlearn, comparison.estimator)(**comparison.params)
    module, _, name = comparison.reference.rpartition(".")
    theirs = getattr(importlib.import_module(module), name)(**comparison.reference_params)

    X, y = load(comparison.dataset)
    if max_samples is not None and len(y) > max_samples:
        X, y = X[:max_samples], y[:max_samples]
    is_classifier = ours._estimator_type == "classifier"
    X_train, X_test, y_train, y_test = train_test_split(
        X, y, test_size=0.25, random_state=0, stratify=y if is_classifier else None)
    if comparison.standardise:
        scaler = StandardScaler().fit(X_train)
        X_train, X_test = scaler.transform(X_train), scaler.transform(X_test)

    row = {"model": comparison.estimator, "dataset": comparison.dataset}
    if not hasattr(ours, "predict"):
        return _compare_unsupervised(row, ours, theirs, X_train, X_test, y_test, repeat)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence chatter from either side
        for label, model in (("ours", ours), ("sklearn", theirs)):
            row[f"fit_{label}_s"] = median_seconds(lambda m=model: m.fit(X_train, y_train),
                                                   repeat)
            row[f"predict_{label}_s"] = median_seconds(lambda m=model: m.predict(X_test),
                                                       repeat)
            row[f"score_{label}"] = float(model.score(X_test, y_test))
    row["fit_ratio"] = row["fit_ours_s"] / row["fit_sklearn_s"]
    row["predict_ratio"] = row["predict_ours_s"] / row["predict_sklearn_s"]
    row["compared"], row["max_difference"] = _largest_difference(ours, theirs, X_test)
    return row


def _compare_unsupervised(row, ours, theirs, X_train, X_test, y_test, repeat):
    """Models without ``predict``. A transformer (PCA): fit on the training
    set, "predict" is ``transform`` of the test set, the score is the share of
    the test set's variance its reconstruction keeps. A clusterer with no
    ``predict`` (DBSCAN, agglomerative): fit on the training set, "predict" is
    ``fit_predict`` on the test set, the score the adjusted Rand index of those
    labels against the classes."""
    from scratchlearn.core.metrics import adjusted_rand_score

    transformer = hasattr(ours, "transform")
    for label, model in (("ours", ours), ("sklearn", theirs)):
        row[f"fit_{label}_s"] = median_seconds(lambda m=model: m.fit(X_train), repeat)
        if transformer:
            model.fit(X_train)
            row[f"predict_{label}_s"] = median_seconds(lambda m=model: m.transform(X_test),
                                                       repeat)
            rebuilt = model.inverse_transform(model.transform(X_test))
            centred = X_test - X_test.mean(axis=0)
            row[f"score_{label}"] = float(1 - np.sum((X_test - rebuilt) ** 2)
                                          / np.sum(centred ** 2))
        else:
            row[f"predict_{label}_s"] = median_seconds(lambda m=model: m.fit_predict(X_test),
                                                       repeat)
            row[f"score_{label}"] = adjusted_rand_score(y_test, model.fit_predict(X_test))
    row["fit_ratio"] = row["fit_ours_s"] / row["fit_sklearn_s"]
    row["predict_ratio"] = row["predict_ours_s"] / row["predict_sklearn_s"]
    if transformer:
        Z_ours, Z_theirs = ours.transform(X_test), theirs.transform(X_test)
        scale = max(np.max(np.abs(Z_theirs)), 1e-12)
        row["compared"] = "transform (relative)"
        row["max_difference"] = float(np.max(np.abs(Z_ours - Z_theirs)) / scale)
    else:
        agreement = adjusted_rand_score(ours.fit_predict(X_test), theirs.fit_predict(X_test))
        row["compared"] = "labels (1 − ARI between them)"
        row["max_difference"] = 1.0 - agreement
    return row


def _largest_difference(ours, theirs, X_test):
    """What both models expose, most specific first, and the largest gap in it."""
    coef_ours, coef_theirs = getattr(ours, "coef_", None), getattr(theirs, "coef_", None)
    if coef_ours is not None and coef_theirs is not None and \
            np.shape(coef_ours) == np.shape(coef_theirs):
        scale = max(np.max(np.abs(coef_theirs)), 1e-12)
        return "coef_ (relative)", float(np.max(np.abs(coef_ours - coef_theirs)) / scale)
    if hasattr(ours, "predict_proba") and hasattr(theirs, "predict_proba"):
        gap = np.max(np.abs(ours.predict_proba(X_test) - theirs.predict_proba(X_test)))
        return "predict_proba", float(gap)
    predicted_ours, predicted_theirs = ours.predict(X_test), theirs.predict(X_test)
    if np.asarray(predicted_theirs).dtype.kind == "f":
        scale = max(np.max(np.abs(predicted_theirs)), 1e-12)
        return "predict (relative)", float(np.max(np.abs(predicted_ours - predicted_theirs))
                                           / scale)
    return "predict (fraction differing)", float(np.mean(predicted_ours != predicted_theirs))


def run_comparisons(names=None, repeat=5, max_samples=None, out=None):
    """Rows for the named estimators (all when None); print the table, and with
    ``out`` also write compare.md and the time-ratio chart compare.png."""
    selected = [c for c in COMPARISONS if names is None or c.estimator in names]
    rows = []
    for k, comparison in enumerate(selected, start=1):
        print(f"[{k}/{len(selected)}] {comparison.estimator} vs {comparison.reference} "
              f"on {comparison.dataset}", flush=True)
        rows.append(compare_one(comparison, repeat=repeat, max_samples=max_samples))
    table = markdown_table(rows)
    print()
    print(table)
    if out is not None:
        out = Path(out)
        out.mkdir(parents=True, exist_ok=True)
        (out / "compare.md").write_text(table + "\n", encoding="utf-8")
        print(f"\ntable: {out / 'compare.md'}")
        _ratio_chart(rows, out / "compare.png")
    return rows


def markdown_table(rows):
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in rows:
        cells = [f"{row[c]:.3g}" if isinstance(row[c], float) else str(row[c]) for c in COLUMNS]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _ratio_chart(rows, path):
    from scratchlearn.core.demo import pyplot, save_figure

    plt = pyplot()
    if plt is None:
        return
    names = [row["model"] for row in rows]
    positions = np.arange(len(rows))
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(rows) + 1.5))
    ax.barh(positions - 0.2, [row["fit_ratio"] for row in rows], height=0.4, label="fit")
    ax.barh(positions + 0.2, [row["predict_ratio"] for row in rows], height=0.4,
            label="predict")
    ax.axvline(1.0, color="k", lw=1)
    ax.set_xscale("log")
    ax.set_yticks(positions, names)
    ax.invert_yaxis()
    ax.set(xlabel="time ours / time scikit-learn (log scale; < 1 is faster)",
           title="scratchlearn vs scikit-learn: time ratios")
    ax.legend()
    save_figure(fig, path.parent, path.name)
