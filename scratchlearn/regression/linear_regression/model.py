r"""Simple linear regression: one feature, a straight line.

    ŷᵢ = w·xᵢ + b                                   (notes eq. 1)
    L(w, b) = (1/n) Σᵢ rᵢ²,  rᵢ = w·xᵢ + b − yᵢ      (eq. 2)

solved exactly (eq. 4) or by gradient descent on L (eqs. 3 and 5).
"""

import numpy as np

from scratchlearn.core.base import BaseEstimator, RegressorMixin
from scratchlearn.core.optim import gradient_descent
from scratchlearn.core.validation import validate_data


# exercise: linear_regression.gradient
def mse_loss_and_gradient(w, b, x, y):
    """L(w, b) of eq. 2 and its gradient (∂L/∂w, ∂L/∂b) of eq. 3."""
    r = w * x + b - y
    loss = np.mean(r ** 2)
    grad_w = 2.0 * np.mean(r * x)
    grad_b = 2.0 * np.mean(r)
    return loss, grad_w, grad_b


class SimpleLinearRegression(RegressorMixin, BaseEstimator):
    """Least-squares line through one-feature data.

    Parameters
    ----------
    solver : {"closed_form", "gd"}
        The exact solution (eq. 4) or batch gradient descent (eq. 5).
    learning_rate : float
        Step size η of gradient descent.
    max_iter : int
        Most gradient-descent steps.
    tol : float
        Gradient descent stops when max(|∂L/∂w|, |∂L/∂b|) ≤ tol.

    Attributes
    ----------
    coef_ : ndarray of shape (1,)
        The slope w.
    intercept_ : float
        The intercept b.
    n_iter_ : int
        Gradient steps taken (1 for the closed form).
    loss_history_ : ndarray
        L before and after each step (the final L for the closed form).
    n_features_in_ : int
        Always 1.
    feature_names_in_ : ndarray
        Column name, when X is a DataFrame with a string column name.
    """

    def __init__(self, solver="closed_form", learning_rate=0.1, max_iter=1000, tol=1e-6):
        self.solver = solver
        self.learning_rate = learning_rate
        self.max_iter = max_iter
        self.tol = tol

    def fit(self, X, y):
        X, y = validate_data(self, X, y, reset=True)
        if X.shape[1] != 1:
            raise ValueError(
                f"SimpleLinearRegression fits one feature, but X has {X.shape[1]}. "
                "Use MultipleLinearRegression for several features."
            )
        x = X[:, 0]
        if self.solver == "closed_form":
            w, b = self._closed_form(x, y)
            self.n_iter_ = 1
            self.loss_history_ = np.array([mse_loss_and_gradient(w, b, x, y)[0]])
        elif self.solver == "gd":
            def loss_and_gradient(theta, rows):
                loss, grad_w, grad_b = mse_loss_and_gradient(theta[0], theta[1], x, y)
                return loss, np.array([grad_w, grad_b])

            result = gradient_descent(
                loss_and_gradient, np.zeros(2), n_samples=len(x),
                learning_rate=self.learning_rate, max_iter=self.max_iter, tol=self.tol,
                name="SimpleLinearRegression",
            )
            w, b = result.w
            self.n_iter_ = result.n_iter
            self.loss_history_ = result.loss_history
        else:
            raise ValueError(f"solver must be 'closed_form' or 'gd', got {self.solver!r}.")
        self.coef_ = np.array([w])
        self.intercept_ = float(b)
        return self

    @staticmethod
    def _closed_form(x, y):
        """w = cov(x, y) / var(x), b = ȳ − w·x̄ (eq. 4); w = 0 when x is constant."""
        x_tilde = x - x.mean()
        y_tilde = y - y.mean()
        var_x = x_tilde @ x_tilde
        w = (x_tilde @ y_tilde) / var_x if var_x > 0 else 0.0
        b = y.mean() - w * x.mean()
        return w, b

    def predict(self, X):
        """ŷ = w·x + b (eq. 1)."""
        X = validate_data(self, X, reset=False)
        return X[:, 0] * self.coef_[0] + self.intercept_
