from scratchlearn.regression.multiple_linear_regression.model import MultipleLinearRegression

__all__ = ["MultipleLinearRegression"]
