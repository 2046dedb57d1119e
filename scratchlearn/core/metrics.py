"""Evaluation metrics, each one formula, vectorised.

Regression: mean squared error, mean absolute error, R².
Classification: accuracy, confusion matrix, precision, recall and F1
(binary or macro-averaged), log-loss, ROC AUC.
Clustering: the silhouette (no labels needed), the adjusted Rand index
(against reference labels), and the inertia of a partition around centres.
"""

import numpy as np

__all__ = [
    "accuracy_score",
    "adjusted_rand_score",
    "confusion_matrix",
    "f1_score",
    "inertia",
    "log_loss",
    "mean_absolute_error",
    "mean_squared_error",
    "precision_score",
    "r2_score",
    "recall_score",
    "roc_auc_score",
    "silhouette_score",
]


def _paired(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape[0] != y_pred.shape[0]:
        raise ValueError(
            f"y_true and y_pred have different lengths: {y_true.shape[0]} and {y_pred.shape[0]}."
        )
    return y_true, y_pred


def _weights(sample_weight, n):
    return np.ones(n) if sample_weight is None else np.asarray(sample_weight, dtype=float)


def mean_squared_error(y_true, y_pred, sample_weight=None):
    """(1/n) Σ (yᵢ − ŷᵢ)²."""
    y_true, y_pred = _paired(y_true, y_pred)
    return float(np.average((y_true - y_pred) ** 2, weights=sample_weight))


def mean_absolute_error(y_true, y_pred, sample_weight=None):
    """(1/n) Σ |yᵢ − ŷᵢ|."""
    y_true, y_pred = _paired(y_true, y_pred)
    return float(np.average(np.abs(y_true - y_pred), weights=sample_weight))


def r2_score(y_true, y_pred, sample_weight=None):
    """R² = 1 − Σ(yᵢ − ŷᵢ)² / Σ(yᵢ − ȳ)².

    A constant target has no variance to explain: the score is then 1.0 for a
    perfect prediction and 0.0 otherwise (scikit-learn's convention).
    """
    y_true, y_pred = _paired(y_true, y_pred)
    y_true, y_pred = y_true.astype(float), y_pred.astype(float)
    w = _weights(sample_weight, y_true.shape[0])
    if y_true.ndim == 2:
        w = w[:, None]
    residual = np.sum(w * (y_true - y_pred) ** 2, axis=0)
    total = np.sum(w * (y_true - np.average(y_true, axis=0, weights=w.ravel())) ** 2, axis=0)
    with np.errstate(divide="ignore", invalid="ignore"):
        score = np.where(total > 0, 1.0 - residual / np.where(total > 0, total, 1.0),
                         np.where(residual == 0, 1.0, 0.0))
    return float(np.mean(score))


def accuracy_score(y_true, y_pred, sample_weight=None):
    """Fraction of samples whose predicted label equals the true one."""
    y_true, y_pred = _paired(y_true, y_pred)
    return float(np.average(y_true == y_pred, weights=sample_weight))


def confusion_matrix(y_true, y_pred, labels=None):
    """C[i, j] = number of samples of true class i predicted as class j."""
    y_true, y_pred = _paired(y_true, y_pred)
    labels = np.unique(np.concatenate([y_true, y_pred])) if labels is None else np.asarray(labels)
    index = {label: i for i, label in enumerate(labels.tolist())}
    k = len(labels)
    true_idx = np.array([index.get(v, -1) for v in y_true.tolist()], dtype=np.intp)
    pred_idx = np.array([index.get(v, -1) for v in y_pred.tolist()], dtype=np.intp)
    keep = (true_idx >= 0) & (pred_idx >= 0)
    return np.bincount(true_idx[keep] * k + pred_idx[keep], minlength=k * k).reshape(k, k)


def _precision_recall_counts(y_true, y_pred, average, pos_label):
    y_true, y_pred = _paired(y_true, y_pred)
    if average == "binary":
        labels = np.array([pos_label])
    elif average == "macro":
        labels = np.unique(np.concatenate([y_true, y_pred]))
    else:
        raise ValueError(f"average must be 'binary' or 'macro', got {average!r}.")
    true_positive = np.array([np.sum((y_pred == c) & (y_true == c)) for c in labels], float)
    predicted = np.array([np.sum(y_pred == c) for c in labels], float)
    actual = np.array([np.sum(y_true == c) for c in labels], float)
    return true_positive, predicted, actual


def _safe_divide(numerator, denominator):
    # An undefined ratio (no predicted or no actual positives) counts as 0,
    # scikit-learn's default zero_division behaviour.
    return np.divide(numerator, denominator, out=np.zeros_like(numerator),
                     where=denominator > 0)


def precision_score(y_true, y_pred, average="binary", pos_label=1):
    """TP / (TP + FP), for ``pos_label`` or averaged over classes (macro)."""
    tp, predicted, _ = _precision_recall_counts(y_true, y_pred, average, pos_label)
    return float(np.mean(_safe_divide(tp, predicted)))


def recall_score(y_true, y_pred, average="binary", pos_label=1):
    """TP / (TP + FN), for ``pos_label`` or averaged over classes (macro)."""
    tp, _, actual = _precision_recall_counts(y_true, y_pred, average, pos_label)
    return float(np.mean(_safe_divide(tp, actual)))


def f1_score(y_true, y_pred, average="binary", pos_label=1):
    """Harmonic mean of precision and recall: 2·TP / (2·TP + FP + FN)."""
    tp, predicted, actual = _precision_recall_counts(y_true, y_pred, average, pos_label)
    return float(np.mean(_safe_divide(2 * tp, predicted + actual)))


def log_loss(y_true, y_prob, labels=None, eps=None):
    """Mean negative log-likelihood −(1/n) Σᵢ log p̂(yᵢ | xᵢ).

    ``y_prob`` is (n, K) with columns in the sorted order of ``labels`` (or of
    the labels in ``y_true``), or (n,) as the probability of the larger label
    of two. Probabilities are clipped to [eps, 1 − eps] so that a confident
    mistake costs a large finite amount rather than infinity.
    """
    y_true = np.asarray(y_true)
    y_prob = np.asarray(y_prob, dtype=float)
    labels = np.unique(y_true) if labels is None else np.asarray(labels)
    if y_prob.ndim == 1:
        y_prob = np.column_stack([1.0 - y_prob, y_prob])
    if y_prob.shape[1] != len(labels):
        raise ValueError(
            f"y_prob has {y_prob.shape[1]} columns but there are {len(labels)} labels."
        )
    eps = np.finfo(y_prob.dtype).eps if eps is None else eps
    y_prob = np.clip(y_prob, eps, 1 - eps)
    y_prob = y_prob / y_prob.sum(axis=1, keepdims=True)
    column = np.searchsorted(labels, y_true)
    return float(-np.mean(np.log(y_prob[np.arange(len(y_true)), column])))


def roc_auc_score(y_true, y_score):
    """Area under the ROC curve for a binary problem.

    It equals the probability that a random positive is scored above a random
    negative (the Mann–Whitney U statistic), ties counting one half; average
    ranks compute it in one sort.
    """
    y_true, y_score = _paired(y_true, y_score)
    classes = np.unique(y_true)
    if classes.size != 2:
        raise ValueError(
            f"roc_auc_score needs exactly two classes in y_true, got {classes.size}."
        )
    positive = y_true == classes[1]
    ranks = _average_ranks(np.asarray(y_score, dtype=float))
    n_pos = positive.sum()
    n_neg = positive.size - n_pos
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg))


def _average_ranks(values):
    """1-based ranks with ties given the mean of the ranks they span."""
    order = np.argsort(values, kind="stable")
    sorted_values = values[order]
    starts = np.r_[True, sorted_values[1:] != sorted_values[:-1]]
    group = np.cumsum(starts) - 1
    first = np.flatnonzero(starts)
    last = np.r_[first[1:], values.size] - 1
    mean_rank = (first + last) / 2 + 1
    ranks = np.empty(values.size)
    ranks[order] = mean_rank[group]
    return ranks


# ---------------------------------------------------------------------------
# Clustering
# ---------------------------------------------------------------------------

# Rows of the pairwise-distance block in ``silhouette_score``: the block is
# (rows × n_samples) float64, kept near 64 MB whatever n is.
_SILHOUETTE_BLOCK_ENTRIES = 2 ** 23


def _cluster_data(X, labels):
    X = np.asarray(X, dtype=float)
    labels = np.asarray(labels)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {X.shape}.")
    if not np.isfinite(X).all():
        raise ValueError("X contains NaN or infinity.")
    if labels.shape != (X.shape[0],):
        raise ValueError(
            f"labels must hold one label per row of X: got shape {labels.shape} for "
            f"{X.shape[0]} rows."
        )
    return X, labels


def silhouette_score(X, labels):
    """Mean silhouette coefficient over all samples (Euclidean distance).

    For sample i in cluster C: a(i) is its mean distance to the other members
    of C, b(i) the smallest mean distance to the members of another cluster,
    and s(i) = (b(i) − a(i)) / max(a(i), b(i)), in [−1, 1]. A sample alone in
    its cluster has s(i) = 0 (Rousseeuw's convention, and scikit-learn's).
    Needs 2 ≤ number of clusters ≤ n_samples − 1. Rows of distances are
    computed in blocks, so memory stays bounded for any n.
    """
    X, labels = _cluster_data(X, labels)
    _, cluster = np.unique(labels, return_inverse=True)
    cluster = cluster.reshape(-1)
    n, k = len(X), cluster.max() + 1 if len(X) else 0
    if not 1 < k < n:
        raise ValueError(
            f"Number of labels is {k}. Valid values are 2 to n_samples - 1 (inclusive): "
            "the silhouette compares each cluster with another one."
        )
    sizes = np.bincount(cluster)
    member = np.zeros((n, k))
    member[np.arange(n), cluster] = 1.0
    sq_norms = np.einsum("ij,ij->i", X, X)
    a, b = np.empty(n), np.empty(n)
    rows = max(1, _SILHOUETTE_BLOCK_ENTRIES // n)
    for start in range(0, n, rows):          # blocks of rows, not single samples
        block = slice(start, start + rows)
        # ‖x − x'‖² = ‖x‖² + ‖x'‖² − 2 x·x', clipped at 0 against rounding.
        d2 = sq_norms[block, None] - 2.0 * X[block] @ X.T + sq_norms[None, :]
        np.maximum(d2, 0.0, out=d2)
        d2[np.arange(d2.shape[0]), np.arange(start, start + d2.shape[0])] = 0.0
        cluster_sums = np.sqrt(d2) @ member            # (rows, k)
        own = cluster[block]
        idx = np.arange(len(own))
        a[block] = cluster_sums[idx, own]
        mean_to = cluster_sums / sizes
        mean_to[idx, own] = np.inf
        b[block] = mean_to.min(axis=1)
    own_size = sizes[cluster]
    with np.errstate(divide="ignore", invalid="ignore"):
        a = a / (own_size - 1)
        s = (b - a) / np.maximum(a, b)
    s[own_size == 1] = 0.0
    return float(np.mean(s))


def adjusted_rand_score(labels_true, labels_pred):
    """Rand index adjusted for chance (Hubert and Arabie, 1985).

    With the contingency table n_ij (samples in true class i and predicted
    cluster j), row sums a_i, column sums b_j and N = C(n, 2) pairs:

        index    = Σ_ij C(n_ij, 2)
        expected = Σ_i C(a_i, 2) · Σ_j C(b_j, 2) / N
        maximum  = (Σ_i C(a_i, 2) + Σ_j C(b_j, 2)) / 2
        ARI      = (index − expected) / (maximum − expected)

    1 for identical partitions (whatever the names of the labels), about 0
    for independent ones, negative when worse than chance. The counts are
    exact Python integers; one division at the end.
    """
    labels_true, labels_pred = _paired(labels_true, labels_pred)
    if labels_true.ndim != 1:
        raise ValueError(f"labels must be 1-D, got shape {labels_true.shape}.")
    _, i = np.unique(labels_true, return_inverse=True)
    _, j = np.unique(labels_pred, return_inverse=True)
    i, j = i.reshape(-1), j.reshape(-1)
    n_cols = j.max() + 1 if j.size else 0
    n_ij = np.bincount(i * n_cols + j).astype(np.int64) if i.size else np.zeros(0, np.int64)

    def pairs(counts):
        return int(np.sum(counts * (counts - 1))) // 2

    index = pairs(n_ij)
    sum_a = pairs(np.bincount(i).astype(np.int64))
    sum_b = pairs(np.bincount(j).astype(np.int64))
    n_pairs = len(i) * (len(i) - 1) // 2
    # Multiplied through by 2N so every term stays an exact integer.
    numerator = 2 * (index * n_pairs - sum_a * sum_b)
    denominator = (sum_a + sum_b) * n_pairs - 2 * sum_a * sum_b
    if denominator == 0:
        # Only identical partitions reach this (both one cluster, both all
        # singletons, or fewer than two samples): perfect agreement.
        return 1.0
    return numerator / denominator


def inertia(X, labels, centers):
    """Σᵢ ‖xᵢ − c_{labels[i]}‖²: the within-cluster sum of squares that k-means
    minimises, for any partition ``labels`` (integers 0..k−1 indexing the rows
    of ``centers``)."""
    X, labels = _cluster_data(X, labels)
    centers = np.asarray(centers, dtype=float)
    if centers.ndim != 2 or centers.shape[1] != X.shape[1]:
        raise ValueError(
            f"centers must be (n_clusters, {X.shape[1]}), got shape {centers.shape}."
        )
    if labels.size and (labels.min() < 0 or labels.max() >= len(centers)):
        raise ValueError(f"labels must index the {len(centers)} rows of centers.")
    residual = X - centers[labels.astype(np.intp)]
    return float(np.einsum("ij,ij->", residual, residual))
