from scratchlearn.classification.logistic_regression.model import LogisticRegression

__all__ = ["LogisticRegression"]
