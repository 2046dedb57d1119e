"""Evaluation metrics, each one formula, vectorised.

Regression: mean squared error, mean absolute error, R².
Classification: accuracy, confusion matrix, precision, recall and F1
(binary or macro-averaged), log-loss, ROC AUC.
"""

import numpy as np

__all__ = [
    "accuracy_score",
    "confusion_matrix",
    "f1_score",
    "log_loss",
    "mean_absolute_error",
    "mean_squared_error",
    "precision_score",
    "r2_score",
    "recall_score",
    "roc_auc_score",
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
