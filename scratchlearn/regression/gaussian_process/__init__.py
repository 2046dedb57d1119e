from scratchlearn.regression.gaussian_process.model import GaussianProcessRegressor

__all__ = ["GaussianProcessRegressor"]
