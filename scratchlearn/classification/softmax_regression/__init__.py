from scratchlearn.classification.softmax_regression.model import SoftmaxRegression

__all__ = ["SoftmaxRegression"]
