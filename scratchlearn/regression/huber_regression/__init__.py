from scratchlearn.regression.huber_regression.model import HuberRegression, huber_loss

__all__ = ["HuberRegression", "huber_loss"]
