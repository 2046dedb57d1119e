"""The multi-layer perceptron: MLPClassifier and MLPRegressor."""
from scratchlearn.neural_network.mlp.model import MLPClassifier, MLPRegressor

__all__ = ["MLPClassifier", "MLPRegressor"]
