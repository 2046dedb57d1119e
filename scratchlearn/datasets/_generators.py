"""Synthetic data, seeded by ``random_state`` so every figure can be redrawn."""

import numpy as np

from scratchlearn.core.validation import check_random_state

__all__ = ["make_blobs", "make_circles", "make_classification", "make_moons",
           "make_regression"]


def make_regression(n_samples=100, n_features=1, *, noise=0.0, bias=0.0, coef_scale=10.0,
                    outlier_fraction=0.0, outlier_scale=20.0, return_coef=False,
                    random_state=None):
    """A linear target y = X w + b + ε with standard-normal X and ε ~ N(0, noise²).

    ``outlier_fraction`` of the samples (chosen at random) get a gross error:
    their y is shifted by ``outlier_scale`` times the target's standard
    deviation, all in one direction, so they lie far off the line and pull a
    least-squares fit towards them. With ``return_coef=True`` also returns w
    and a boolean mask of the outliers.
    """
    rng = check_random_state(random_state)
    X = rng.standard_normal((n_samples, n_features))
    w = coef_scale * rng.uniform(0.5, 1.5, n_features) * rng.choice([-1.0, 1.0], n_features)
    y = X @ w + bias + noise * rng.standard_normal(n_samples)
    n_outliers = int(round(outlier_fraction * n_samples))
    is_outlier = np.zeros(n_samples, dtype=bool)
    if n_outliers:
        rows = rng.choice(n_samples, n_outliers, replace=False)
        is_outlier[rows] = True
        spread = max(np.std(y), 1.0)
        y[rows] += outlier_scale * spread * rng.uniform(0.5, 1.0, n_outliers)
    if return_coef:
        return X, y, w, is_outlier
    return X, y


def make_classification(n_samples=100, n_features=20, *, n_informative=2, n_redundant=2,
                        n_classes=2, n_clusters_per_class=2, class_sep=1.0, flip_y=0.01,
                        random_state=None):
    """Gaussian clusters on the vertices of a hypercube, in the manner of
    Guyon (2003), the design behind the NIPS 2003 feature-selection benchmark.

    The ``n_informative`` features hold ``n_classes × n_clusters_per_class``
    unit-variance clusters centred on random hypercube vertices at ±class_sep,
    each randomly correlated; ``n_redundant`` features are random linear
    combinations of them; the rest are pure noise. A fraction ``flip_y`` of
    labels is reassigned at random. Columns are then shuffled.
    """
    if n_informative + n_redundant > n_features:
        raise ValueError("n_informative + n_redundant must not exceed n_features.")
    n_clusters = n_classes * n_clusters_per_class
    if n_clusters > 2 ** n_informative:
        raise ValueError(
            f"n_classes × n_clusters_per_class = {n_clusters} exceeds 2**n_informative; "
            "raise n_informative."
        )
    rng = check_random_state(random_state)
    vertex_ids = rng.choice(2 ** n_informative, n_clusters, replace=False)
    bits = (vertex_ids[:, None] >> np.arange(n_informative)) & 1
    centroids = (2.0 * bits - 1.0) * class_sep

    cluster = np.arange(n_samples) % n_clusters
    y = cluster % n_classes
    informative = rng.standard_normal((n_samples, n_informative))
    for k in range(n_clusters):
        rows = cluster == k
        mixing = rng.uniform(-1, 1, (n_informative, n_informative))
        informative[rows] = informative[rows] @ mixing + centroids[k]

    redundant = informative @ rng.uniform(-1, 1, (n_informative, n_redundant))
    noise = rng.standard_normal((n_samples, n_features - n_informative - n_redundant))
    X = np.hstack([informative, redundant, noise])

    flip = rng.random(n_samples) < flip_y
    y[flip] = rng.integers(0, n_classes, flip.sum())
    X = X[:, rng.permutation(n_features)]
    order = rng.permutation(n_samples)
    return X[order], y[order]


def make_blobs(n_samples=100, n_features=2, *, centers=3, cluster_std=1.0,
               center_box=(-10.0, 10.0), random_state=None):
    """Isotropic Gaussian blobs; ``centers`` is a count (drawn uniformly in
    ``center_box``) or an explicit (k, n_features) array."""
    rng = check_random_state(random_state)
    if np.ndim(centers) == 0:
        centers = rng.uniform(*center_box, (int(centers), n_features))
    centers = np.asarray(centers, dtype=float)
    y = np.arange(n_samples) % len(centers)
    X = centers[y] + cluster_std * rng.standard_normal((n_samples, centers.shape[1]))
    order = rng.permutation(n_samples)
    return X[order], y[order]


def make_moons(n_samples=100, *, noise=0.0, random_state=None):
    """Two interleaving half circles: class 0 the upper arc centred at (0, 0),
    class 1 the lower arc centred at (1, 0.5); Gaussian noise of sd ``noise``."""
    rng = check_random_state(random_state)
    n_upper = n_samples // 2
    n_lower = n_samples - n_upper
    t_upper = np.linspace(0, np.pi, n_upper)
    t_lower = np.linspace(0, np.pi, n_lower)
    X = np.vstack([
        np.column_stack([np.cos(t_upper), np.sin(t_upper)]),
        np.column_stack([1 - np.cos(t_lower), 0.5 - np.sin(t_lower)]),
    ])
    y = np.r_[np.zeros(n_upper, int), np.ones(n_lower, int)]
    X += noise * rng.standard_normal(X.shape)
    order = rng.permutation(n_samples)
    return X[order], y[order]


def make_circles(n_samples=100, *, noise=0.0, factor=0.8, random_state=None):
    """Two concentric circles: class 0 of radius 1, class 1 of radius ``factor``."""
    if not 0 < factor < 1:
        raise ValueError(f"factor must be in (0, 1), got {factor!r}.")
    rng = check_random_state(random_state)
    n_outer = n_samples // 2
    n_inner = n_samples - n_outer
    t_outer = np.linspace(0, 2 * np.pi, n_outer, endpoint=False)
    t_inner = np.linspace(0, 2 * np.pi, n_inner, endpoint=False)
    X = np.vstack([
        np.column_stack([np.cos(t_outer), np.sin(t_outer)]),
        factor * np.column_stack([np.cos(t_inner), np.sin(t_inner)]),
    ])
    y = np.r_[np.zeros(n_outer, int), np.ones(n_inner, int)]
    X += noise * rng.standard_normal(X.shape)
    order = rng.permutation(n_samples)
    return X[order], y[order]
