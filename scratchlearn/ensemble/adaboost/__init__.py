from scratchlearn.ensemble.adaboost.model import AdaBoostClassifier

__all__ = ["AdaBoostClassifier"]
