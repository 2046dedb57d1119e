"""KNNClassifier vs scikit-learn's KNeighborsClassifier(algorithm="brute").

Predict time at several training sizes (50 features, k = 5), then the peak
memory of one large query: 50,000 queries against 50,000 training rows, whose
full distance matrix alone would take 20 GB.

    .venv/bin/python -m benchmarks.bench_knn
"""

import numpy as np

from benchmarks.harness import (
    median_time,
    peak_memory_mb,
    single_threaded,
    time_fit_predict,
    write_markdown,
)
from scratchlearn.neighbors.knn import KNNClassifier

SIZES = [(2_000, 50), (10_000, 50), (20_000, 50)]   # training rows × features
N_QUERIES = 2_000
LARGE = (50_000, 50_000, 10)                        # queries, training rows, features


def _data(n_train, n_features, n_queries, seed=0):
    rng = np.random.default_rng(seed)
    centres = rng.normal(scale=2.0, size=(5, n_features))
    labels = rng.integers(0, 5, n_train + n_queries)
    X = centres[labels] + rng.normal(size=(n_train + n_queries, n_features))
    return X[:n_train], labels[:n_train], X[n_train:]


def main():
    from sklearn.neighbors import KNeighborsClassifier

    rows = []
    with single_threaded():
        for n_train, n_features in SIZES:
            X, y, X_query = _data(n_train, n_features, N_QUERIES)
            row = time_fit_predict(
                lambda: KNNClassifier(n_neighbors=5),
                lambda: KNeighborsClassifier(n_neighbors=5, algorithm="brute"),
                X, y, X_query, repeat=5,
            )
            ours = KNNClassifier(n_neighbors=5).fit(X, y)
            theirs = KNeighborsClassifier(n_neighbors=5, algorithm="brute").fit(X, y)
            row["agree"] = f"{np.mean(ours.predict(X_query) == theirs.predict(X_query)):.0%}"
            row.update(model="KNNClassifier", n=n_train,
                       size=f"{n_train:,} × {n_features}, {N_QUERIES:,} queries")
            rows.append(row)

        n_query, n_train, n_features = LARGE
        X, y, X_query = _data(n_train, n_features, n_query, seed=1)
        ours = KNNClassifier(n_neighbors=5).fit(X, y)
        theirs = KNeighborsClassifier(n_neighbors=5, algorithm="brute").fit(X, y)
        ours_mb = peak_memory_mb(lambda: ours.predict(X_query))
        ours_s = median_time(lambda: ours.predict(X_query), repeat=1)
        theirs_s = median_time(lambda: theirs.predict(X_query), repeat=1)
        rows.append({
            "model": "KNNClassifier", "n": n_train, "data": "large",
            "size": f"{n_train:,} × {n_features}, {n_query:,} queries",
            "fit_ours": "—", "fit_sklearn": "—", "fit_ratio": "—",
            "predict_ours": ours_s, "predict_sklearn": theirs_s,
            "predict_ratio": ours_s / theirs_s, "agree": "",
        })

    full_matrix_gb = n_query * n_train * 8 / 2 ** 30
    notes = (
        f"Times in seconds (medians of 5; one run for the last row). Fit only stores "
        f"the data, so its ratio is noise. Peak memory of our predict on the last row "
        f"(tracemalloc): **{ours_mb:.0f} MB**, against {full_matrix_gb:.0f} GB for the "
        "full distance matrix. `agree` is the share of identical predictions."
    )
    columns = ["size", "fit_ours", "fit_sklearn", "fit_ratio", "predict_ours",
               "predict_sklearn", "predict_ratio", "agree"]
    write_markdown("knn", "KNNClassifier vs KNeighborsClassifier(algorithm='brute'), k = 5",
                   columns, rows, notes)


if __name__ == "__main__":
    main()
