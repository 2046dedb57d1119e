from scratchlearn.trees.decision_tree.export import export_text
from scratchlearn.trees.decision_tree.model import (
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    apply_trees,
)

__all__ = ["DecisionTreeClassifier", "DecisionTreeRegressor", "apply_trees", "export_text"]
