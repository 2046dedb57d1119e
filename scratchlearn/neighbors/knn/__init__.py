from scratchlearn.neighbors.knn.model import KNNClassifier, KNNRegressor

__all__ = ["KNNClassifier", "KNNRegressor"]
