"""Exercises: Lloyd's two steps, the assignment and the update."""

import numpy as np

from scratchlearn.clustering.kmeans.model import assign
from scratchlearn.datasets import load_iris
from scratchlearn.exercises import Exercise, same_output


def _iris_centres():
    X = load_iris(return_X_y=True)[0]
    return X, X[[0, 50, 100]].copy()


def _random_centres():
    rng = np.random.default_rng(3)
    X = rng.normal(size=(200, 5))
    return X, rng.normal(size=(7, 5))


def _ties():
    # (1, 0) and (1, 5) are as far from both centres: the lower index wins.
    X = np.array([[1.0, 0.0], [1.0, 5.0], [3.0, 0.0], [-1.0, 0.0]])
    return X, np.array([[0.0, 0.0], [2.0, 0.0]])


def _one_sample():
    return np.array([[0.5, -2.0, 1.0]]), np.array([[1.0, 1.0, 1.0]])


def _iris_assigned():
    X, C = _iris_centres()
    return X, assign(X, C)[0], C


def _random_assigned():
    X, C = _random_centres()
    return X, assign(X, C)[0], C


def _one_empty_cluster():
    # No sample is nearest to the centre at (50, 50): it moves to the sample
    # farthest from its own centre, (9, 0), which leaves cluster 1.
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 1.0], [5.0, 5.0], [6.0, 5.0], [9.0, 0.0]])
    z = np.array([0, 0, 0, 1, 1, 1])
    return X, z, np.array([[0.0, 0.0], [5.0, 4.0], [50.0, 50.0]])


def _two_empty_clusters():
    rng = np.random.default_rng(8)
    X = rng.normal(size=(30, 3))
    C = rng.normal(size=(5, 3))
    z = assign(X, C[:3])[0]          # clusters 3 and 4 get no sample
    return X, z, C


EXERCISES = (
    Exercise(
        name="kmeans.assign",
        function="assign",
        goal="the assignment step: each sample's nearest centre",
        difficulty=1,
        task="Given samples X (n, d) and centres C (K, d), return z (n,), the index of "
             "each sample's nearest centre (the lowest index on a tie), and D_min (n,), "
             "the value of ‖c_k‖² − 2 xᵢ·c_k at that centre: the squared distance "
             "without the term ‖xᵢ‖², which is the same for every k. Vectorise: one "
             "(n, K) matrix, no loop over samples.",
        equations=("2", "3"),
        checks=(
            same_output("iris, three centres", _iris_centres,
                        hint="eq. 3: argmin over k of ‖c_k‖² − 2 xᵢ·c_k, one (n, K) matrix."),
            same_output("random data, 200 samples, 7 centres in 5 dimensions", _random_centres,
                        hint="eq. 2: X @ C.T gives every xᵢ·c_k at once; ‖c_k‖² is a row "
                             "added to every sample's row."),
            same_output("samples exactly between two centres (ties)", _ties,
                        hint="on a tie the lower centre index wins: np.argmin picks the first."),
            same_output("a single sample and a single centre", _one_sample,
                        hint="shapes (1,) and (1,): keep the sample axis."),
        ),
        hints=(
            "Build the (n, K) matrix of ‖c_k‖² − 2 xᵢ·c_k (eq. 3); the answer is its "
            "argmin along k and the value there.",
            "X @ C.T is (n, K); np.sum(C ** 2, axis=1) is (K,) and broadcasts over rows.",
            "D = -2 * X @ C.T + np.sum(C**2, axis=1); z = D.argmin(axis=1); "
            "D_min = D[np.arange(n), z].",
        ),
        output_hints={
            "z": "eq. 3: the argmin over k of ‖c_k‖² − 2 xᵢ·c_k, the first on a tie.",
            "D_min": "the minimum of ‖c_k‖² − 2 xᵢ·c_k itself, without ‖xᵢ‖² (eq. 3).",
        },
        example="""
X = np.array([[0.0, 0.0], [1.0, 0.2], [4.0, 4.0], [5.0, 3.5]])
C = np.array([[0.5, 0.0], [4.5, 4.0]])
z, D_min = assign(X, C)
print("nearest centre:", z)
print("squared distance:", D_min + np.sum(X ** 2, axis=1))
""",
    ),
    Exercise(
        name="kmeans.update",
        function="update_centres",
        goal="the update step: each centre moves to its cluster's mean",
        difficulty=2,
        task="Given samples X (n, d), their cluster indices z (n,) and the old centres "
             "C_old (K, d), return C (K, d), each centre the mean of its cluster's "
             "samples, and N (K,), the cluster sizes as floats. A cluster with no "
             "sample gets the sample farthest from its own old centre ‖xᵢ − c_{zᵢ}‖² "
             "(the first on a tie): that sample is removed from its old cluster's sum "
             "and count and becomes the new centre (count 1); with several empty "
             "clusters, in increasing cluster index, the farthest, second farthest, … "
             "sample. A cluster that is left with no sample by this keeps its old centre.",
        equations=("1", "4"),
        checks=(
            same_output("iris, three clusters", _iris_assigned,
                        hint="eq. 4: c_k is the mean of the samples with zᵢ = k; N_k their count."),
            same_output("random data, 7 clusters in 5 dimensions", _random_assigned,
                        hint="eq. 4 per cluster; np.bincount(z, minlength=K) counts them."),
            same_output("a cluster with no sample", _one_empty_cluster,
                        hint="an empty cluster takes the sample farthest from its own old "
                             "centre, and that sample leaves its old cluster's mean."),
            same_output("two clusters with no sample", _two_empty_clusters,
                        hint="empty clusters in increasing index take the farthest samples "
                             "in decreasing distance (a stable sort: first on ties)."),
        ),
        hints=(
            "First the sums and counts of every cluster; then fix the empty clusters; then "
            "divide (eq. 4).",
            "Distances of every sample to its own old centre: np.sum((X - C_old[z])**2, "
            "axis=1); the farthest first: np.argsort(-distance, kind='stable').",
            "For each empty k with its farthest sample i: sums[z[i]] -= X[i]; "
            "N[z[i]] -= 1; sums[k] = X[i]; N[k] = 1. Then C = sums / N where N > 0, "
            "else C_old.",
        ),
        output_hints={
            "C": "eq. 4: the mean of each cluster's samples; an empty cluster takes the sample "
                 "farthest from its own old centre.",
            "N": "N_k counts cluster k's samples, as floats, after any relocation.",
        },
        example="""
X = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0], [6.0, 5.0], [9.0, 0.0]])
z = np.array([0, 0, 1, 1, 1])
C, N = update_centres(X, z, np.array([[0.0, 0.0], [5.0, 4.0], [50.0, 50.0]]))
print("centres:\\n", C)
print("sizes:", N)
""",
    ),
)
