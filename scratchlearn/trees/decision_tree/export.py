"""Reading a fitted tree as text (``export_text``), as scikit-learn's
``sklearn.tree.export_text`` prints it. Not part of the algorithm: the notes'
"The model" section explains what each line means."""

import numpy as np

from scratchlearn.trees.decision_tree.model import TREE_LEAF

__all__ = ["export_text"]


def export_text(model, feature_names=None, decimals=2, show_weights=False):
    """The fitted tree as indented text, one line per test and one per leaf::

        |--- petal length (cm) <= 2.45
        |   |--- class: 0
        |--- petal length (cm) >  2.45
        |   |--- ...

    ``feature_names`` defaults to the DataFrame column names seen in fit, else
    ``feature_0, feature_1, ...``; ``show_weights`` adds the weighted class
    counts at each classifier leaf.
    """
    tree = model.tree_
    if feature_names is None:
        names = getattr(model, "feature_names_in_", None)
        feature_names = (list(names) if names is not None
                         else [f"feature_{j}" for j in range(model.n_features_in_)])
    classes = getattr(model, "classes_", None)

    def leaf_text(node):
        value = tree.value[node]
        if classes is None:
            return f"value: [{value[0]:.{decimals}f}]"
        text = f"class: {classes[np.argmax(value)]}"
        if show_weights:
            weights = value * tree.weighted_n_node_samples[node]
            text = f"weights: [{', '.join(f'{v:.{decimals}f}' for v in weights)}] {text}"
        return text

    lines = []
    stack = [(0, 0, "<=")]         # (node, depth, which line): a walk for printing only
    while stack:
        node, depth, side = stack.pop()
        indent = "|   " * depth + "|--- "
        if side == ">":            # the right-hand test line of a node, then its right subtree
            lines.append(f"{indent}{feature_names[tree.feature[node]]} >  "
                         f"{tree.threshold[node]:.{decimals}f}")
            stack.append((tree.children_right[node], depth + 1, "<="))
        elif tree.children_left[node] == TREE_LEAF:
            lines.append(indent + leaf_text(node))
        else:
            lines.append(f"{indent}{feature_names[tree.feature[node]]} <= "
                         f"{tree.threshold[node]:.{decimals}f}")
            stack.append((node, depth, ">"))
            stack.append((tree.children_left[node], depth + 1, "<="))
    return "\n".join(lines) + "\n"
