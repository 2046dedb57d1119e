from scratchlearn.regression.polynomial_regression.model import PolynomialRegression

__all__ = ["PolynomialRegression"]
