from scratchlearn.regression.lasso_regression.model import (
    LassoRegression,
    duality_gap,
    lasso_path,
    soft_threshold,
)

__all__ = ["LassoRegression", "duality_gap", "lasso_path", "soft_threshold"]
