from scratchlearn.regression.ridge_regression.model import RidgeRegression

__all__ = ["RidgeRegression"]
