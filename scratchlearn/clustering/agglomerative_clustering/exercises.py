"""Exercises: the Lance–Williams update, then the whole merge loop."""

import numpy as np

from scratchlearn.clustering.agglomerative_clustering.model import pairwise_distances
from scratchlearn.datasets import load_iris
from scratchlearn.exercises import Exercise, same_output


def _clusters(linkage, seed, m=12, d=3):
    """Distances from m clusters K to two clusters A and B, and between A and
    B, all Ward distances (eq. 7) of real centroids, so that eq. 6 is never
    the square root of a negative number."""
    rng = np.random.default_rng(seed)
    mu = rng.normal(size=(m + 2, d))
    size = rng.integers(1, 20, size=m + 2).astype(float)

    def ward(p, q):
        return np.sqrt(2 * size[p] * size[q] / (size[p] + size[q])) * np.linalg.norm(
            mu[p] - mu[q], axis=-1)
    K, a, b = np.arange(m), m, m + 1
    return linkage, ward(K, a), ward(K, b), float(ward(a, b)), size[a], size[b], size[K]


def _merged_away(linkage):
    # Rows of clusters merged earlier hold +∞ and must stay +∞.
    args = list(_clusters(linkage, 5))
    args[1][[2, 7]] = np.inf
    args[2][[2, 7]] = np.inf
    return tuple(args)


def _iris(linkage):
    X = load_iris(return_X_y=True)[0][::3]
    return pairwise_distances(X), linkage


def _random(linkage):
    X = np.random.default_rng(9).normal(size=(40, 4))
    return pairwise_distances(X), linkage


def _grid(linkage):
    # Points on a square grid: many pairs at exactly the same distance, and
    # eq. 8 decides which merges first.
    X = np.array([[i, j] for i in range(3) for j in range(3)], dtype=float)
    return pairwise_distances(X), linkage


def _one_sample():
    return np.zeros((1, 1)), "ward"


EXERCISES = (
    Exercise(
        name="agglomerative_clustering.lance_williams",
        function="lance_williams",
        goal="the distance from every cluster to a merged pair, for four linkages",
        difficulty=1,
        task="Clusters A and B (sizes n_a, n_b, distance d_ab, numbers) merge. Given "
             "the distances d_ka, d_kb (m,) from m other clusters K (sizes n_k (m,)) to "
             "A and to B, return the (m,) distances D(K, A∪B) for linkage 'single', "
             "'complete', 'average' or 'ward', computed from those numbers alone. An "
             "entry of +∞ (a cluster merged away earlier) must stay +∞.",
        equations=("2", "3", "4", "5", "6"),
        checks=(
            same_output("single linkage", lambda: _clusters("single", 1),
                        hint="eq. 3: the merged cluster is as close as its closer half."),
            same_output("complete linkage", lambda: _clusters("complete", 2),
                        hint="eq. 4: as far as its farther half."),
            same_output("average linkage", lambda: _clusters("average", 3),
                        hint="eq. 5: the average weighted by the sizes n_A and n_B."),
            same_output("Ward linkage", lambda: _clusters("ward", 4),
                        hint="eq. 6 gives D(K, A∪B)²: weights n_K + n_A, n_K + n_B and "
                             "−n_K, over n_K + n_A + n_B; then the square root."),
            same_output("clusters merged away (+∞) under Ward", lambda: _merged_away("ward"),
                        hint="∞ must stay ∞: no ∞ − ∞ (D(A, B) is finite)."),
        ),
        hints=(
            "Each linkage is one line of NumPy over the arrays of K at once (eqs. 3–6).",
            "single: np.minimum; complete: np.maximum; average: (n_a·d_ka + n_b·d_kb) / "
            "(n_a + n_b).",
            "ward: np.sqrt(((n_k + n_a)·d_ka² + (n_k + n_b)·d_kb² − n_k·d_ab²) / "
            "(n_k + n_a + n_b)).",
        ),
        example="""
d_ka, d_kb, n_k = np.array([1.0, 4.0]), np.array([2.0, 3.0]), np.array([1.0, 2.0])
for linkage in ("single", "complete", "average", "ward"):
    print(linkage, lance_williams(linkage, d_ka, d_kb, 1.5, 1.0, 3.0, n_k))
""",
    ),
    Exercise(
        name="agglomerative_clustering.merge",
        function="merge_tree",
        goal="the n − 1 merges of agglomerative clustering, in order",
        difficulty=3,
        task="Given the n × n distance matrix D of n samples (you may overwrite it) and "
             "a linkage, merge clusters n − 1 times and return children (n − 1, 2) ints "
             "and distances (n − 1,). Sample i is cluster i; the cluster formed by merge "
             "m is cluster n + m. Each merge takes the two clusters at the smallest "
             "distance; keep each cluster in the row and column of its lowest sample "
             "index, and on a tie take the pair (row a < column b) that comes first in "
             "row-major order (eq. 8). children[m] holds the two merged cluster ids, "
             "smaller first; distances[m] their distance. The merged cluster's "
             "distances to the others come from lance_williams(linkage, d_ka, d_kb, "
             "d_ab, n_a, n_b, n_k) (imported for you).",
        equations=("2", "3", "4", "5", "6", "8"),
        checks=(
            same_output("iris (every third sample), Ward", lambda: _iris("ward"),
                        hint="after a merge, row a (the lower index) holds A∪B, with "
                             "distances from eq. 6; row and column b are gone for good."),
            same_output("random data, average linkage", lambda: _random("average"),
                        hint="eq. 5 needs the clusters' sizes: the merged one has n_A + n_B."),
            same_output("random data, single linkage", lambda: _random("single"),
                        hint="the ids: sample i is i, merge m makes n + m."),
            same_output("a square grid (ties), complete linkage", lambda: _grid("complete"),
                        hint="eq. 8: among equal distances the first pair in row-major "
                             "order; np.argmin of the whole matrix finds it."),
            same_output("a single sample", _one_sample,
                        hint="one sample means no merge: shapes (0, 2) and (0,)."),
        ),
        hints=(
            "Put +∞ on the diagonal; each merge is the argmin over the whole matrix, "
            "a, b = divmod(argmin, n).",
            "Keep size[i] and the cluster id node[i] of row i. After merging a < b: new "
            "row = lance_williams(...) over all rows, written to row and column a; row "
            "and column b become +∞.",
            "Keep D[a, a] = +∞, size[a] += size[b], node[a] = n + m; children[m] = "
            "sorted((node[a], node[b])), distances[m] = D[a, b] before the update.",
        ),
        output_hints={
            "children": "the ids merged at step m, smaller first; the cluster made by merge m is "
                        "n + m; ties by eq. 8.",
            "distances": "the distance D(A, B) of the pair merged, read before the update of eqs."
                         " 3–6.",
        },
        example="""
X = np.array([[0.0, 0.0], [0.0, 1.0], [4.0, 0.0], [4.0, 1.5], [10.0, 0.0]])
D = np.sqrt(((X[:, None, :] - X[None, :, :]) ** 2).sum(axis=2))
children, distances = merge_tree(D, "average")
for m, ((a, b), d) in enumerate(zip(children, distances)):
    print(f"merge {m}: {a} + {b} at {d:.3f} -> cluster {len(X) + m}")
""",
    ),
)
