from scratchlearn.regression.bayesian_linear_regression.model import BayesianLinearRegression

__all__ = ["BayesianLinearRegression"]
