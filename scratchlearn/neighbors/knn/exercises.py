"""Exercises: the k nearest neighbours of each query, then their vote."""

import numpy as np

from scratchlearn.datasets import load_iris, load_wine
from scratchlearn.exercises import Exercise, same_output
from scratchlearn.neighbors.knn.model import k_nearest, neighbour_weights


def _iris():
    # Iris holds duplicate rows: equal distances, broken by the lower index.
    X = load_iris(return_X_y=True)[0]
    return X[::7] + 0.05, X, 6, 2


def _random_manhattan():
    rng = np.random.default_rng(12)
    return rng.normal(size=(25, 6)), rng.normal(size=(90, 6)), 3, 1


def _grid_ties():
    # The query (1, 1) is at distance 1 from four training points and at √2
    # from four more: eq. 2 orders equal distances by index.
    X = np.array([[i, j] for i in range(3) for j in range(3)], dtype=float)
    return np.array([[1.0, 1.0], [0.0, 0.5]]), X[::-1].copy(), 7, 2


def _one_point():
    return np.array([[0.3, -1.0]]), np.array([[2.0, 2.0]]), 1, 2


def _votes(X_query, X_fit, y_fit, k, weights):
    dist, ind = k_nearest(X_query, X_fit, k, 2)
    return y_fit[ind], neighbour_weights(dist, weights), int(y_fit.max()) + 1


def _iris_votes():
    X, y = load_iris(return_X_y=True)
    return _votes(X[::4] + 0.1, X, y, 7, "distance")


def _wine_votes():
    X, y = load_wine(return_X_y=True)
    X = (X - X.mean(axis=0)) / X.std(axis=0)
    return _votes(X[1::5], X[::5], y[::5], 5, "uniform")


def _random_many_classes():
    rng = np.random.default_rng(4)
    # Ten classes, of which 8 and 9 get no vote: their columns must still be there.
    return rng.integers(0, 8, size=(30, 4)), rng.uniform(0.1, 2.0, size=(30, 4)), 10


def _one_query():
    return np.array([[2, 2, 0]]), np.array([[0.5, 0.25, 1.0]]), 3


def _iris_distances():
    X = load_iris(return_X_y=True)[0]
    return k_nearest(X[::9] + 0.05, X, 5, 2)[0], "distance"


def _uniform():
    return np.random.default_rng(6).uniform(size=(8, 3)), "uniform"


def _on_a_point():
    # Query 0 lies on two training points (distance 0), query 1 on none,
    # query 2 closer to a point than 1/d can express (1/1e-310 overflows).
    dist = np.array([[0.0, 0.0, 0.5], [0.1, 0.2, 0.4], [1e-310, 0.3, 0.3]])
    return dist, "distance"


EXERCISES = (
    Exercise(
        name="knn.neighbors",
        function="k_nearest",
        goal="the k nearest training points of every query, by brute force",
        difficulty=2,
        task="Given queries X_query (m, d), training points X_fit (n, d), k ≤ n and the "
             "Minkowski power p, return dist (m, k), the distances to each query's k "
             "nearest training points, nearest first, and ind (m, k) ints, their row "
             "indices in X_fit; equal distances are ordered by index. "
             "minkowski_distances(A, B, p) (imported for you) gives d_p between rows "
             "paired by broadcasting: A (m, 1, d) and B (1, n, d) give all m × n pairs.",
        equations=("1", "2"),
        checks=(
            same_output("iris, 6 neighbours, Euclidean (with duplicate rows)", _iris,
                        hint="eq. 2: sort each query's distances; equal distances keep "
                             "index order (a stable sort)."),
            same_output("random data, 3 neighbours, Manhattan (p = 1)", _random_manhattan,
                        hint="eq. 1 with p = 1; keep the k smallest per row, nearest first."),
            same_output("a grid: many equal distances", _grid_ties,
                        hint="eq. 2 orders by (distance, index): np.argsort(..., "
                             "kind='stable') keeps the lower index first."),
            same_output("one query, one training point, k = 1", _one_point,
                        hint="shapes (1, 1) and (1, 1)."),
        ),
        hints=(
            "Compute the (m, n) distance matrix with minkowski_distances(X_query[:, None, :], "
            "X_fit[None, :, :], p); each row is one query.",
            "np.argsort(D, axis=1, kind='stable')[:, :k] gives the indices; "
            "np.take_along_axis reads the distances.",
            "For many queries, do it a block of rows at a time to bound memory (the "
            "reference uses blocks of about 65,536 entries); the answer is the same.",
        ),
        output_hints={
            "dist": "eq. 1: the k smallest distances of each query, nearest first.",
            "ind": "eq. 2: order by (distance, index): a stable sort keeps equal distances in "
                   "index order.",
        },
        example="""
X_fit = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 2.0], [5.0, 5.0]])
dist, ind = k_nearest(np.array([[0.2, 0.1], [4.0, 4.0]]), X_fit, 2, 2)
print("indices:\\n", ind)
print("distances:\\n", dist.round(3))
""",
    ),
    Exercise(
        name="knn.weights",
        function="neighbour_weights",
        goal="each neighbour's weight in the vote: 1, or 1/distance",
        difficulty=1,
        task="Given the distances dist (m, k) from each query to its k neighbours and "
             "weights ('uniform' or 'distance'), return w (m, k), the weights of eq. 3. "
             "A query whose 1/d is infinite for some neighbour (d = 0: it lies on a "
             "training point, or d so small that 1/d overflows) gives those neighbours "
             "weight 1 and its other neighbours weight 0, instead of ∞/∞ in eqs. 4–5.",
        equations=("3", "4", "5"),
        checks=(
            same_output("iris, weights 1/distance", _iris_distances,
                        hint="eq. 3: wᵢ = 1/d(x, xᵢ) for weights='distance'."),
            same_output("uniform weights", _uniform,
                        hint="eq. 3: every neighbour weighs 1, whatever its distance."),
            same_output("queries lying on training points", _on_a_point,
                        hint="a row with an infinite 1/d: weight 1 for those neighbours, "
                             "0 for the rest; other rows keep 1/d."),
        ),
        hints=(
            "Uniform: np.ones_like(dist). Distance: 1.0 / dist, which gives inf where "
            "dist is 0 (silence the warning with np.errstate(divide='ignore')).",
            "Find the rows with any infinite weight: np.isinf(w).any(axis=1).",
            "In those rows replace the weights by the boolean np.isinf(w) (1 for the "
            "infinite ones, 0 otherwise).",
        ),
        example="""
dist = np.array([[0.5, 1.0, 2.0], [0.0, 0.3, 0.6]])
print(neighbour_weights(dist, "distance"))
""",
    ),
    Exercise(
        name="knn.vote",
        function="class_votes",
        goal="the (weighted) vote of each query's neighbours for every class",
        difficulty=1,
        task="Given the class indices y_neighbours (m, k) ints in 0..n_classes − 1 of "
             "each query's k neighbours and their weights w (m, k), return votes "
             "(m, n_classes): votes[q, c] = Σ of w over the neighbours of query q whose "
             "class is c (the numerator of eq. 4). A class no neighbour has gets 0.",
        equations=("3", "4"),
        checks=(
            same_output("iris, 7 neighbours weighted by 1/distance", _iris_votes,
                        hint="eq. 4's numerator: add each neighbour's weight wᵢ, not 1, "
                             "to its class."),
            same_output("wine, 5 neighbours, uniform weights", _wine_votes,
                        hint="with uniform weights each neighbour adds 1 to its class."),
            same_output("ten classes, two of them without a vote", _random_many_classes,
                        hint="the result has n_classes columns, even for classes that "
                             "get no vote."),
            same_output("a single query", _one_query,
                        hint="two neighbours of the same class add up."),
        ),
        hints=(
            "Start from zeros (m, n_classes) and add each neighbour's weight to its "
            "query's row, in its class's column.",
            "np.add.at(votes, (rows, y_neighbours), w) with rows = np.arange(m)[:, None] "
            "adds repeated cells correctly (votes[rows, y] += w does not).",
            "Or one np.bincount over cell ids q·n_classes + c with weights w and "
            "minlength m·n_classes, reshaped to (m, n_classes).",
        ),
        example="""
y_neighbours = np.array([[0, 1, 1], [2, 2, 0]])
w = np.array([[1.0, 0.5, 0.5], [0.2, 0.2, 3.0]])
votes = class_votes(y_neighbours, w, 3)
print(votes, "-> predicted classes", votes.argmax(axis=1))
""",
    ),
)
