from scratchlearn.trees.decision_tree.model import (
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    apply_trees,
    export_text,
)

__all__ = ["DecisionTreeClassifier", "DecisionTreeRegressor", "apply_trees", "export_text"]
