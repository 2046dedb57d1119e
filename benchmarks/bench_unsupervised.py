"""PCA, DBSCAN and AgglomerativeClustering vs scikit-learn, one BLAS thread.

PCA: fit and transform against PCA(svd_solver="full") on tall data (the
issue's size is 100,000 × 50). DBSCAN: fit on 2-D blobs with uniform noise
at two densities (the issue's size is 20,000 × 2); scikit-learn picks its
k-d tree there. Agglomerative: fit on 10-D blobs for every linkage (the
issue's size is 2,000 × 10), against scikit-learn (SciPy's linkage; its own
minimum spanning tree for single linkage).

    .venv/bin/python -m benchmarks.bench_unsupervised
"""

import numpy as np

from benchmarks.harness import median_time, single_threaded, write_markdown
from scratchlearn.clustering.agglomerative_clustering import AgglomerativeClustering
from scratchlearn.clustering.dbscan import DBSCAN
from scratchlearn.core.metrics import adjusted_rand_score
from scratchlearn.decomposition.pca import PCA

PCA_SIZES = [(10_000, 50), (100_000, 50), (5_000, 500)]
PCA_COMPONENTS = 10
DBSCAN_SIZES = [5_000, 20_000]
DBSCAN_SETTINGS = [(0.3, 10, "sparse"), (0.6, 10, "dense")]   # eps, min_samples, label
AGGLO_SIZES = [500, 1_000, 2_000]
AGGLO_FEATURES = 10
LINKAGES = ("ward", "complete", "average", "single")


def _low_rank(n, d, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, 10)) @ rng.normal(size=(10, d)) + 0.1 * rng.normal(size=(n, d))


def _blobs(n, d, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.uniform(-10, 10, size=(5, d))
    X = centres[rng.integers(0, 5, n)] + rng.normal(size=(n, d))
    noise = rng.uniform(-12, 12, size=(n // 20, d))
    return np.vstack([X, noise])


def _pca_rows():
    from sklearn.decomposition import PCA as SklearnPCA

    rows = []
    for n, d in PCA_SIZES:
        X = _low_rank(n, d)
        ours, theirs = PCA(PCA_COMPONENTS), SklearnPCA(PCA_COMPONENTS, svd_solver="full")
        row = {"model": "PCA", "n": n, "size": f"{n:,} × {d}, k = {PCA_COMPONENTS}"}
        for label, model in (("ours", ours), ("sklearn", theirs)):
            row[f"fit_{label}"] = median_time(lambda m=model, X=X: m.fit(X), 5)
            row[f"predict_{label}"] = median_time(lambda m=model, X=X: m.transform(X), 5)
        gap = np.max(np.abs(ours.transform(X) - theirs.transform(X)))
        row["agree"] = f"transform within {gap / np.max(np.abs(theirs.transform(X))):.0e}"
        rows.append(row)
    return rows


def _dbscan_rows():
    from sklearn.cluster import DBSCAN as SklearnDBSCAN

    rows = []
    for eps, min_samples, label in DBSCAN_SETTINGS:
        for n in DBSCAN_SIZES:
            X = _blobs(n, 2)
            ours = DBSCAN(eps=eps, min_samples=min_samples)
            theirs = SklearnDBSCAN(eps=eps, min_samples=min_samples)
            row = {"model": "DBSCAN", "n": len(X),
                   "size": f"{len(X):,} × 2, {label} (eps = {eps})"}
            row["fit_ours"] = median_time(lambda m=ours, X=X: m.fit(X), 3)
            row["fit_sklearn"] = median_time(lambda m=theirs, X=X: m.fit(X), 3)
            same = np.array_equal(ours.labels_, theirs.labels_)
            row["agree"] = "identical labels" if same else "labels DIFFER"
            rows.append(row)
    return rows


def _agglomerative_rows():
    from sklearn.cluster import AgglomerativeClustering as SklearnAgglomerative

    rows = []
    for linkage in LINKAGES:
        for n in AGGLO_SIZES:
            X = _blobs(n, AGGLO_FEATURES)[:n]
            ours = AgglomerativeClustering(n_clusters=5, linkage=linkage)
            theirs = SklearnAgglomerative(n_clusters=5, linkage=linkage)
            row = {"model": "AgglomerativeClustering", "n": n,
                   "size": f"{n:,} × {AGGLO_FEATURES}, {linkage}"}
            row["fit_ours"] = median_time(lambda m=ours, X=X: m.fit(X), 3)
            row["fit_sklearn"] = median_time(lambda m=theirs, X=X: m.fit(X), 3)
            same = adjusted_rand_score(ours.labels_, theirs.labels_) == 1.0
            row["agree"] = "same clusters" if same else "clusters DIFFER"
            rows.append(row)
    return rows


def main():
    with single_threaded():
        rows = _pca_rows() + _dbscan_rows() + _agglomerative_rows()
    for row in rows:
        row["fit_ratio"] = row["fit_ours"] / row["fit_sklearn"]
        if "predict_ours" in row:
            row["predict_ratio"] = row["predict_ours"] / row["predict_sklearn"]
        else:
            row.update(predict_ours="—", predict_sklearn="—", predict_ratio="—")
    notes = (
        "Times in seconds, medians of 5 (PCA) or 3 runs. For PCA the predict "
        "columns time `transform`; the clusterers have no `predict`. Targets (fit "
        "time, ours / scikit-learn's, from issue 16): PCA ≤ 1× at 100,000 × 50, "
        "DBSCAN ≤ 3× at 20,000 × 2, AgglomerativeClustering ≤ 5× at 2,000 × 10."
    )
    columns = ["model", "size", "fit_ours", "fit_sklearn", "fit_ratio", "predict_ours",
               "predict_sklearn", "predict_ratio", "agree"]
    write_markdown("unsupervised", "PCA, DBSCAN and AgglomerativeClustering vs scikit-learn",
                   columns, rows, notes)


if __name__ == "__main__":
    main()
