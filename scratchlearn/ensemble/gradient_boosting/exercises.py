"""Exercises: one boosting stage's two computations, the negative gradient the
tree is fitted to (for the Huber loss) and the leaf values of the log-loss."""

import numpy as np

from scratchlearn.datasets import load_breast_cancer, load_diabetes, load_iris
from scratchlearn.exercises import Exercise, gradient_matches_loss, same_output
from scratchlearn.trees.decision_tree import DecisionTreeRegressor


def _diabetes_huber():
    y = load_diabetes(return_X_y=True)[1]
    F = np.full(len(y), np.median(y)) + np.linspace(-20, 20, len(y))
    return y, F, float(np.percentile(np.abs(y - F), 90))


def _random_huber():
    rng = np.random.default_rng(6)
    y = rng.standard_t(2, size=(70,))
    return y, rng.normal(size=70), 0.8


def _exact_fits():
    # e = 0 in the middle, ±δ on the border between the two pieces, and far out.
    y = np.array([1.0, 2.0, -3.0, 0.5, -10.0])
    return y, np.array([1.0, 1.5, -2.5, 0.5, 10.0]), 0.5


def _stage(X, y_col, p_col, max_depth):
    """A regression tree fitted to the residuals r = y − p, the leaf of each
    row, and the data for the leaf values."""
    r = y_col - p_col
    tree = DecisionTreeRegressor(max_depth=max_depth).fit(X, r).tree_
    return tree.apply(X), r, p_col, tree.node_count


def _breast_cancer():
    X, y = load_breast_cancer(return_X_y=True)
    p = np.full(len(y), y.mean())                     # F_0: the prior log-odds
    return (*_stage(X, y.astype(float), p, 3), 2)


def _iris_class_1():
    X, y = load_iris(return_X_y=True)
    F = np.log(np.bincount(y) / len(y)) + np.linspace(-0.5, 0.5, len(y))[:, None]
    P = np.exp(F) / np.exp(F).sum(axis=1, keepdims=True)
    return (*_stage(X, (y == 1).astype(float), P[:, 1], 2), 3)


def _pure_and_empty():
    # Node 0 and 3 get no row; leaf 1 is pure with p = 1 exactly (zero
    # curvature); leaf 2 is an ordinary leaf.
    leaf = np.array([1, 1, 2, 2, 2, 4])
    r = np.array([0.0, 0.0, 0.5, -0.2, 0.7, 0.1])
    p = np.array([1.0, 1.0, 0.5, 0.2, 0.3, 0.9])
    return leaf, r, p, 5, 2


EXERCISES = (
    Exercise(
        name="gradient_boosting.huber",
        function="huber",
        goal="the Huber loss and its derivative, per sample",
        difficulty=1,
        task="Given targets y (n,), current predictions F (n,) and the threshold δ, "
             "return loss (n,), the Huber loss of each residual e = y − F, and grad "
             "(n,), its derivative ∂L/∂F (eq. 9). The next tree is fitted to the "
             "negative gradient r = −grad (eq. 2). Take sign(0) = 0.",
        equations=("2", "9"),
        checks=(
            same_output("diabetes, δ = the 90th percentile of |e|", _diabetes_huber,
                        hint="eq. 9: ½e² where |e| ≤ δ, and δ(|e| − δ/2) beyond."),
            same_output("heavy-tailed random residuals", _random_huber,
                        hint="the derivative is with respect to F, not y: e = y − F gives "
                             "∂L/∂F = −∂L/∂e."),
            same_output("residuals of 0, ±δ and far beyond", _exact_fits,
                        hint="in the tails the slope is ±δ: −δ·sign(e)."),
            gradient_matches_loss("your gradient against finite differences of your loss",
                                  _random_huber, wrt={1: 1},
                                  hint="eq. 9 is ∂L/∂F: mind the sign from e = y − F."),
        ),
        hints=(
            "Compute e = y − F once and a mask of the small residuals |e| ≤ δ; each "
            "output is np.where(mask, quadratic piece, linear piece).",
            "Quadratic piece: ½e², derivative −e. Linear piece: δ(|e| − δ/2), "
            "derivative −δ·sign(e).",
            "loss = np.where(small, 0.5 * e * e, delta * (np.abs(e) - 0.5 * delta)); "
            "grad = -np.where(small, e, delta * np.sign(e)).",
        ),
        output_hints={
            "loss": "eq. 9: ½e² where |e| ≤ δ, δ(|e| − δ/2) beyond, with e = y − F.",
            "grad": "eq. 9 differentiated in F: −e where |e| ≤ δ, −δ·sign(e) beyond.",
        },
        example="""
y = np.array([0.0, 0.0, 0.0, 0.0])
F = np.array([0.5, -1.0, 3.0, -4.0])
loss, grad = huber(y, F, 1.0)
print("loss:", loss)
print("negative gradient (what the next tree fits):", -grad)
""",
    ),
    Exercise(
        name="gradient_boosting.leaf_values",
        function="log_loss_leaf_values",
        goal="the log-loss leaf values of one stage: a Newton step per leaf",
        difficulty=2,
        task="After a tree is fitted to the residuals r = y − p of one class, each "
             "leaf gets one Newton step. Given leaf (n,) ints (each row's node id, "
             "< n_nodes), r (n,), the probabilities p (n,), n_nodes and the number of "
             "classes K, return gamma (n_nodes,): Σ r / Σ p(1 − p) over the rows of each "
             "node (eq. 12), times (K − 1)/K when K > 2 (eq. 13), and 0 where the "
             "curvature |Σ p(1 − p)| < 1e-150 (a node no row reaches, or a pure leaf "
             "with p exactly 0 or 1).",
        equations=("11", "12", "13"),
        checks=(
            same_output("breast cancer, the first stage's tree (two classes)",
                        _breast_cancer,
                        hint="eq. 12: one Newton step Σ r / Σ p(1 − p) per leaf; two "
                             "classes take no (K − 1)/K factor."),
            same_output("iris, class 1 of three (multinomial)", _iris_class_1,
                        hint="eq. 13: with K > 2 classes the step is scaled by (K − 1)/K."),
            same_output("a pure leaf (p = 1) and nodes no row reaches", _pure_and_empty,
                        hint="no curvature, no step: γ = 0 where Σ p(1 − p) is "
                             "(numerically) 0, never 0/0."),
        ),
        hints=(
            "Two sums per node: of r and of p(1 − p). np.bincount(leaf, weights=..., "
            "minlength=n_nodes) does each in one call.",
            "Scale the numerator by (K − 1)/K only for K > 2; then divide where the "
            "denominator is safe.",
            "safe = np.abs(den) >= 1e-150; gamma = np.where(safe, num / np.where(safe, "
            "den, 1.0), 0.0).",
        ),
        example="""
leaf = np.array([1, 1, 2, 2])                  # node 0 is the root: no row ends there
y = np.array([1.0, 1.0, 0.0, 1.0])
p = np.full(4, 0.5)
print("leaf values:", log_loss_leaf_values(leaf, y - p, p, 3, 2))
""",
    ),
)
