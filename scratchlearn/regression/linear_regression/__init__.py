from scratchlearn.regression.linear_regression.model import SimpleLinearRegression

__all__ = ["SimpleLinearRegression"]
