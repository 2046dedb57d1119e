"""Exercises: the ε-neighbourhoods, then clusters grown from the core points."""

import numpy as np

from scratchlearn.clustering.dbscan.model import radius_neighbors
from scratchlearn.datasets import load_iris
from scratchlearn.exercises import Exercise, same_output


def _iris():
    # ε = 0.45 lies between the distances the 0.1-grid of iris can give
    # (√0.20 ≈ 0.447 and √0.21 ≈ 0.458), so no pair sits on the boundary.
    return load_iris(return_X_y=True)[0], 0.45, "euclidean"


def _random_manhattan():
    return np.random.default_rng(2).normal(size=(150, 3)), 1.2, "manhattan"


def _random_chebyshev():
    return np.random.default_rng(3).uniform(size=(90, 4)), 0.3, "chebyshev"


def _on_the_boundary():
    # Neighbours at distance exactly ε = 1 belong to the neighbourhood (eq. 1).
    X = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [3.0, 0.0], [3.0, 2.0]])
    return X, 1.0, "euclidean"


def _one_sample():
    return np.array([[2.0, 3.0]]), 0.5, "euclidean"


def _graph(X, eps, min_samples):
    indptr, indices = radius_neighbors(X, eps, "euclidean")
    return indptr, indices, np.diff(indptr) >= min_samples


def _iris_graph():
    return _graph(load_iris(return_X_y=True)[0], 0.45, 5)


def _random_blobs():
    rng = np.random.default_rng(11)
    X = np.vstack([rng.normal(c, 0.4, size=(40, 2)) for c in ((0, 0), (3, 0), (0, 3))]
                  + [rng.uniform(-2, 5, size=(20, 2))])
    return _graph(X, 0.5, 4)


def _shared_border():
    # Samples 0–4 and 6–10 are two dense runs; sample 5 (x = 1.7) is within
    # ε = 1 of one core point of each but is not core itself: it joins the
    # lower-numbered cluster, the one found first (eq. 6).
    x = np.array([2.6, 2.8, 3.0, 3.2, 3.4, 1.7, 0.0, 0.2, 0.4, 0.6, 0.8])
    return _graph(x[:, None], 1.0, 4)


def _all_noise():
    return _graph(np.random.default_rng(1).uniform(size=(30, 2)) * 100, 1.0, 3)


EXERCISES = (
    Exercise(
        name="dbscan.neighbors",
        function="radius_neighbors",
        goal="every sample's ε-neighbourhood, as compressed sparse rows",
        difficulty=2,
        task="Given samples X (n, d), a radius eps and a metric ('euclidean', "
             "'manhattan' or 'chebyshev'), return the ε-neighbourhoods N_ε(xᵢ) = {j : "
             "d(xᵢ, xⱼ) ≤ ε} (i itself included) in compressed sparse row form: "
             "indptr (n + 1,) ints with indptr[0] = 0, and indices (total,) ints, the "
             "neighbours of i being indices[indptr[i]:indptr[i + 1]] in increasing "
             "order. Compare squared distances with ε² for the Euclidean metric.",
        equations=("1",),
        checks=(
            same_output("iris, Euclidean, ε = 0.45", _iris,
                        hint="eq. 1: every j with d(xᵢ, xⱼ) ≤ ε, i included, in "
                             "increasing j."),
            same_output("random data, Manhattan", _random_manhattan,
                        hint="Manhattan: Σⱼ |x_j − x'_j|; indptr is the running total of "
                             "the neighbour counts, starting at 0."),
            same_output("random data, Chebyshev", _random_chebyshev,
                        hint="Chebyshev: maxⱼ |x_j − x'_j|."),
            same_output("neighbours exactly at distance ε", _on_the_boundary,
                        hint="eq. 1 says d ≤ ε: a point at distance exactly ε is a "
                             "neighbour."),
            same_output("a single sample", _one_sample,
                        hint="a sample is always its own neighbour: indptr = [0, 1]."),
        ),
        hints=(
            "Compute the (n, n) distance matrix (squared, for Euclidean), then the "
            "boolean matrix of entries ≤ ε (ε² for Euclidean).",
            "np.nonzero of a boolean matrix returns (rows, columns) in row-major order: "
            "the columns are the indices, already grouped by row and sorted.",
            "indptr = np.concatenate([[0], np.cumsum(close.sum(axis=1))]); indices = "
            "np.nonzero(close)[1].",
        ),
        output_hints={
            "indptr": "indptr[i + 1] − indptr[i] is the size of N_ε(xᵢ) (eq. 1), itself included;"
                      " indptr[0] = 0.",
            "indices": "row by row, the j with d(xᵢ, xⱼ) ≤ ε in increasing order.",
        },
        example="""
X = np.array([[0.0, 0.0], [0.3, 0.0], [0.0, 0.4], [5.0, 5.0]])
indptr, indices = radius_neighbors(X, 0.5, "euclidean")
for i in range(len(X)):
    print(i, "->", indices[indptr[i]:indptr[i + 1]])
""",
    ),
    Exercise(
        name="dbscan.expand",
        function="expand_clusters",
        goal="clusters grown from the core points, border points and noise",
        difficulty=3,
        task="Given the ε-neighbourhoods in compressed sparse row form (indptr (n + 1,), "
             "indices: the neighbours of i are indices[indptr[i]:indptr[i + 1]], i "
             "included) and the boolean mask is_core (n,), return labels (n,) ints: "
             "take the unlabelled core points in increasing index; each starts a new "
             "cluster (numbered 0, 1, …) and gives its label to every still-unlabelled "
             "point it reaches through chains of core points (a point reached is "
             "labelled, and only core points pass the label on). A point no cluster "
             "reaches is noise, −1. A border point keeps the first cluster that "
             "reached it.",
        equations=("2", "3", "4", "5", "6"),
        checks=(
            same_output("iris, ε = 0.45, 5 samples", _iris_graph,
                        hint="eqs. 3–4: a cluster is every point reachable from its "
                             "first core point through core points."),
            same_output("three blobs and scattered noise", _random_blobs,
                        hint="eq. 5: points no core point reaches stay −1."),
            same_output("a border point between two clusters", _shared_border,
                        hint="eq. 6: a border point joins the lowest-numbered cluster that "
                             "reaches it; a later cluster must not relabel it."),
            same_output("no core point at all", _all_noise,
                        hint="with no core point every label is −1."),
        ),
        hints=(
            "Start labels at −1. Loop over the core points in increasing index; skip "
            "those already labelled; grow a cluster from each of the others.",
            "Grow by breadth-first search: a frontier of core points; their neighbours "
            "that are still −1 get the cluster's label; the core points among them are "
            "the next frontier.",
            "for seed in np.flatnonzero(is_core): if labels[seed] == -1: label it, then "
            "repeat frontier → neighbours with labels == -1 → label → keep the core ones.",
        ),
        example="""
# Samples on a line: 0, 0.5, 1 | 5 | 9, 9.5, 10, with ε = 1 and 2 neighbours for a core.
x = np.array([0.0, 0.5, 1.0, 5.0, 9.0, 9.5, 10.0])
close = np.abs(x[:, None] - x[None, :]) <= 1.0
indptr = np.concatenate([[0], np.cumsum(close.sum(axis=1))])
indices = np.nonzero(close)[1]
print(expand_clusters(indptr, indices, close.sum(axis=1) >= 2))
""",
    ),
)
