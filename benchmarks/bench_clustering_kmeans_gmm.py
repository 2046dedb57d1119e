"""KMeans and GaussianMixture against scikit-learn's, fit and predict, one thread.

KMeans, two settings on make_blobs (8 centres, 20 features): the same given
initial centres on both sides (n_init=1), so both run exactly the same Lloyd
iterations and the times compare the work per iteration; and k-means++ with
10 runs each (different random numbers, so the iteration counts differ a
little). GaussianMixture (full and diagonal covariances, K = 8, 10 features):
the same start (weights, means, precisions) on both sides, so both run the
same EM iterations.

Run: .venv/bin/python -m benchmarks.bench_clustering_kmeans_gmm
"""

import warnings

import numpy as np
from sklearn.cluster import KMeans as SkKMeans
from sklearn.mixture import GaussianMixture as SkGaussianMixture

from benchmarks.harness import single_threaded, time_fit_predict, write_markdown
from scratchlearn.clustering.gaussian_mixture import GaussianMixture
from scratchlearn.clustering.kmeans import KMeans
from scratchlearn.datasets import make_blobs

REPEAT = 3
K = 8


def _blobs(n, d, seed=0):
    X, _ = make_blobs(n, d, centers=K, cluster_std=4.0, random_state=seed)
    return X


def _kmeans_cases():
    for n in (10_000, 30_000, 100_000):
        X = _blobs(n, 20)
        C0 = X[np.random.default_rng(1).choice(n, K, replace=False)]
        params = {"n_clusters": K, "init": C0, "n_init": 1}
        yield "blobs, same initial centres, n_init=1", X, params, params
    for n in (10_000, 100_000):
        X = _blobs(n, 20)
        ours = {"n_clusters": K, "n_init": 10, "random_state": 0}
        yield "blobs, k-means++, n_init=10", X, ours, dict(ours)


def _gmm_cases():
    for covariance_type, sizes in (("full", (5_000, 20_000, 50_000)), ("diag", (20_000,))):
        for n in sizes:
            X = _blobs(n, 10, seed=2)
            rng = np.random.default_rng(3)
            v = X.var(axis=0)
            precisions = (np.stack([np.diag(1.0 / v)] * K) if covariance_type == "full"
                          else np.tile(1.0 / v, (K, 1)))
            params = {"n_components": K, "covariance_type": covariance_type,
                      "weights_init": np.full(K, 1.0 / K),
                      "means_init": X[rng.choice(n, K, replace=False)],
                      "precisions_init": precisions, "max_iter": 100}
            yield f"blobs, {covariance_type} covariances, same start", X, params, params


def main():
    rows = []
    with single_threaded(), warnings.catch_warnings():
        warnings.simplefilter("ignore")          # ConvergenceWarning chatter from either side
        for ours_class, theirs_class, cases in ((KMeans, SkKMeans, _kmeans_cases()),
                                                (GaussianMixture, SkGaussianMixture,
                                                 _gmm_cases())):
            for data, X, ours_params, theirs_params in cases:
                row = time_fit_predict(lambda c=ours_class, p=ours_params: c(**p),
                                       lambda c=theirs_class, p=theirs_params: c(**p),
                                       X, None, X, repeat=REPEAT)
                ours = ours_class(**ours_params).fit(X)
                theirs = theirs_class(**theirs_params).fit(X)
                if ours_class is KMeans:
                    agreement = f"inertia ratio {ours.inertia_ / theirs.inertia_:.6f}"
                else:
                    difference = np.abs(ours.score_samples(X) - theirs.score_samples(X)).max()
                    agreement = f"max log p(x) diff {difference:.1e}"
                row.update(model=ours_class.__name__, data=data, n=X.shape[0],
                           size=f"{X.shape[0]:,} × {X.shape[1]}",
                           iterations=f"{ours.n_iter_} / {theirs.n_iter_}", agreement=agreement)
                rows.append(row)
                print(row, flush=True)
    columns = ["model", "data", "size", "iterations", "fit_ours", "fit_sklearn", "fit_ratio",
               "predict_ours", "predict_sklearn", "predict_ratio", "agreement"]
    write_markdown(
        "clustering_kmeans_gmm",
        "KMeans and GaussianMixture vs scikit-learn (KMeans, GaussianMixture)",
        columns, rows,
        notes=(f"Times in seconds, medians of {REPEAT} runs; ratio = ours / scikit-learn "
               "(below 1: faster). iterations: ours / scikit-learn (n_iter_ of the kept "
               "run). Prediction on the training rows. KMeans runs the default fast path "
               "(carried cluster sums, notes 'Making it fast')."),
    )


if __name__ == "__main__":
    main()
