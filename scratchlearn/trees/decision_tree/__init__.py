from scratchlearn.trees.decision_tree.model import (
    DecisionTreeClassifier,
    DecisionTreeRegressor,
    export_text,
)

__all__ = ["DecisionTreeClassifier", "DecisionTreeRegressor", "export_text"]
