"""Exercises: the RBF kernel; the predictive variance; the log marginal
likelihood of a Gaussian process and its gradient in the log hyperparameters."""

import numpy as np

from scratchlearn.datasets import load_diabetes
from scratchlearn.exercises import Exercise, Mismatch, property_holds, same_output


def _squared_distances(A, B):
    return np.sum((A[:, None, :] - B[None, :, :]) ** 2, axis=2)


def _diabetes_subset():
    X, y = load_diabetes(return_X_y=True)
    X = X[:60] / X[:60].std(axis=0)
    return X, (y[:60] - y[:60].mean()) / y[:60].std()


def _diabetes_kernel():
    X, _ = _diabetes_subset()
    return _squared_distances(X, X), 2.0, 3.0


def _rectangular_kernel():
    rng = np.random.default_rng(18)
    A, B = rng.normal(size=(7, 2)), rng.normal(size=(4, 2))
    return _squared_distances(A, B), 0.5, 0.3


def _far_and_identical():
    return np.array([[0.0, 1e4, 0.25]]), 1.7, 0.5


def _diabetes_likelihood():
    X, y = _diabetes_subset()
    return _squared_distances(X, X), y, 1.2, 2.5, 0.3


def _small_likelihood():
    rng = np.random.default_rng(19)
    X = rng.uniform(-2, 2, size=(12, 1))
    y = np.sin(2 * X[:, 0]) + 0.1 * rng.normal(size=12)
    return _squared_distances(X, X), y, 0.8, 0.6, 0.01


def _duplicate_points_no_noise():
    X = np.array([[0.0], [0.0], [1.0]])
    return _squared_distances(X, X), np.array([1.0, 1.0, -0.5]), 1.0, 1.0, 0.0


def _gradient_in_log_space(learner):
    # eq. 8 is the gradient in θ = (log σ_f², log ℓ, log σ_n²): step in log space.
    D2, y, *params = _small_likelihood()
    theta = np.log(params)
    result = learner(D2, y, *params)
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise Mismatch("with eval_gradient=True return the pair (lml, grad).")
    grad = np.asarray(result[1], dtype=float).ravel()
    if grad.shape != (3,):
        raise Mismatch(f"grad has shape {grad.shape}; expected (3,).")
    h = 1e-6
    for j, name in enumerate(("log σ_f²", "log ℓ", "log σ_n²")):
        up, down = theta.copy(), theta.copy()
        up[j] += h
        down[j] -= h
        numeric = (float(learner(D2, y, *np.exp(up), eval_gradient=False))
                   - float(learner(D2, y, *np.exp(down), eval_gradient=False))) / (2 * h)
        if not np.isclose(grad[j], numeric, rtol=1e-5, atol=1e-7):
            raise Mismatch(f"∂lml/∂{name} is {grad[j]:.6g}, but finite differences of your "
                           f"lml in {name} give {numeric:.6g}.")


def _variance_args(X, X_test, signal_variance, length_scale, noise_variance):
    K_y = signal_variance * np.exp(-_squared_distances(X, X) / (2 * length_scale ** 2))
    K_y += noise_variance * np.eye(len(X))
    K_star = signal_variance * np.exp(-_squared_distances(X_test, X) / (2 * length_scale ** 2))
    return np.linalg.cholesky(K_y), K_star, signal_variance + noise_variance


def _diabetes_variance():
    X, _ = _diabetes_subset()
    X_test = X[:5] + np.random.default_rng(33).normal(scale=0.5, size=(5, X.shape[1]))
    return _variance_args(X[5:], X_test, 1.2, 2.5, 0.3)


def _sine_variance():
    rng = np.random.default_rng(34)
    X = rng.uniform(-2, 2, size=(15, 1))
    return _variance_args(X, np.linspace(-4, 4, 9)[:, None], 0.8, 0.6, 0.01)


def _at_a_training_point_and_far_away():
    X = np.array([[0.0], [1.0], [2.5]])
    return _variance_args(X, np.array([[1.0], [100.0]]), 1.0, 0.7, 1e-6)


def _matches_eq_4(learner):
    rng = np.random.default_rng(35)
    X, X_test = rng.normal(size=(10, 2)), rng.normal(size=(4, 2))
    L, K_star, prior = _variance_args(X, X_test, 1.5, 0.9, 0.05)
    K_y = L @ L.T
    expected = prior - np.einsum("ij,ji->i", K_star, np.linalg.solve(K_y, K_star.T))
    got = np.asarray(learner(L, K_star, prior), dtype=float)
    if got.shape != (4,) or not np.allclose(got, expected, rtol=1e-8):
        raise Mismatch(f"your variances {np.round(got, 6).tolist()} differ from eq. 4's "
                       f"k** + σ_n² − k*ᵀK_y⁻¹k* = {np.round(expected, 6).tolist()}.")


EXERCISES = (
    Exercise(
        name="gaussian_process.kernel",
        function="rbf_kernel",
        goal="the RBF (squared-exponential) kernel from squared distances",
        difficulty=1,
        task="Given the squared distances D2 (an (m, n) array, D2[i, j] = ‖xᵢ − x'ⱼ‖²), the "
             "signal variance σ_f² and the length scale ℓ, return the kernel matrix "
             "K[i, j] = σ_f² exp(−D2[i, j] / (2ℓ²)), shape (m, n).",
        equations=("1",),
        checks=(
            same_output("60 diabetes patients (standardised), σ_f² = 2, ℓ = 3",
                        _diabetes_kernel,
                        hint="eq. 1: σ_f² multiplies the exponential; it is not inside it."),
            same_output("7 × 4 points of two sets, σ_f² = 0.5, ℓ = 0.3", _rectangular_kernel,
                        hint="eq. 1 divides by 2ℓ² — ℓ squared, and the factor 2."),
            same_output("identical points (D² = 0) and very far ones", _far_and_identical,
                        hint="k(x, x) = σ_f²; far apart the kernel is 0, not NaN."),
        ),
        hints=(
            "Everything is elementwise on D2: one np.exp.",
            "The exponent is −D2/(2ℓ²); the result is scaled by σ_f².",
            "return signal_variance * np.exp(-D2 / (2.0 * length_scale ** 2))",
        ),
        example="""
x = np.array([0.0, 0.5, 1.0, 3.0])
D2 = (x[:, None] - x[None, :]) ** 2
print(np.round(rbf_kernel(D2, 1.0, 1.0), 4))
""",
    ),
    Exercise(
        name="gaussian_process.variance",
        function="predictive_variance",
        goal="the predictive variance of a GP at new points, from the Cholesky factor",
        difficulty=2,
        task="L (n, n) is the lower Cholesky factor of K_y = K + σ_n²I on the training "
             "inputs, K_star (m, n) the kernel between m test points and the n training "
             "points, and prior_variance = k(x*, x*) + σ_n² (a number: the same for every "
             "point with the RBF kernel). Return var(y*) of eq. 6 for each test point, "
             "shape (m,), with one triangular solve — no inverse of K_y. solve_triangular(L, "
             "B), which solves L X = B, is imported for you.",
        equations=("4", "5", "6"),
        checks=(
            same_output("55 diabetes patients, 5 perturbed test points", _diabetes_variance,
                        hint="eq. 6: v = L⁻¹k* for each test point; the variance subtracts "
                             "vᵀv, the squared length of each column of L⁻¹K*ᵀ."),
            same_output("a sine's 15 training points, 9 test points", _sine_variance,
                        hint="K_star is (m, n): solve for its transpose, one column per test "
                             "point, and sum the squares down each column."),
            same_output("at a training point (almost no noise) and far away",
                        _at_a_training_point_and_far_away,
                        hint="far from the data k* = 0 and the variance is the prior's; at "
                             "a training point it shrinks to about σ_n²."),
            property_holds("the variance equals eq. 4 computed with a solve",
                           _matches_eq_4,
                           hint="vᵀv = k*ᵀL⁻ᵀL⁻¹k* = k*ᵀK_y⁻¹k* (eq. 5: K_y = LLᵀ)."),
        ),
        hints=(
            "One triangular solve handles all test points at once: the right-hand side is "
            "K_starᵀ, shape (n, m).",
            "V = solve_triangular(L, K_star.T); column j of V is v for test point j.",
            "return prior_variance − np.sum(V * V, axis=0)",
        ),
        example="""
x = np.array([-2.0, 0.0, 1.0])
K_y = np.exp(-(x[:, None] - x[None, :]) ** 2 / 2) + 0.01 * np.eye(3)
x_test = np.array([-2.0, 0.5, 5.0])
K_star = np.exp(-(x_test[:, None] - x[None, :]) ** 2 / 2)
print(np.round(predictive_variance(np.linalg.cholesky(K_y), K_star, 1.01), 4))
""",
    ),
    Exercise(
        name="gaussian_process.likelihood",
        function="log_marginal_likelihood_and_gradient",
        goal="a GP's log marginal likelihood via Cholesky, and its gradient",
        difficulty=3,
        task="For training targets y (n,), the squared distances D2 (n, n) between the "
             "training inputs and the hyperparameters σ_f², ℓ, σ_n², build K_y = K + σ_n²I "
             "(K the RBF kernel, rbf_kernel is imported), factor K_y = LLᵀ and return "
             "log p(y | X, θ) of eq. 7 and, with eval_gradient, also its gradient (shape "
             "(3,)) in θ = (log σ_f², log ℓ, log σ_n²), eqs. 8–9. If K_y is not positive "
             "definite (np.linalg.cholesky raises LinAlgError) return −inf (and a gradient "
             "of three NaNs). cholesky_solve(L, B) = K_y⁻¹B is imported too.",
        equations=("5", "7", "8", "9"),
        checks=(
            same_output("60 diabetes patients, standardised", _diabetes_likelihood,
                        rtol=1e-6,
                        hint="eq. 7: −½yᵀα − Σ log Lᵢᵢ − (n/2) log 2π, with α = K_y⁻¹y "
                             "and log|K_y| = 2Σ log Lᵢᵢ."),
            same_output("12 noisy points of a sine, small noise", _small_likelihood,
                        rtol=1e-6,
                        hint="eq. 9: ∂K_y/∂log ℓ = K ∘ D²/ℓ², ∂K_y/∂log σ_n² = σ_n² I — "
                             "derivatives in the logs, so each carries its parameter."),
            same_output("two identical inputs and no noise (K_y singular)",
                        _duplicate_points_no_noise,
                        hint="catch np.linalg.LinAlgError from the Cholesky and return "
                             "(−inf, three NaNs)."),
            property_holds("your gradient against finite differences of your lml in log θ",
                           _gradient_in_log_space,
                           hint="eq. 8: ½ tr((ααᵀ − K_y⁻¹) ∂K_y/∂θⱼ); for symmetric "
                                "matrices tr(AB) = Σᵢⱼ AᵢⱼBᵢⱼ."),
        ),
        hints=(
            "K_y = rbf_kernel(D2, σ_f², ℓ) + σ_n² I; L = np.linalg.cholesky(K_y); "
            "α = cholesky_solve(L, y). Eq. 7 needs only α and diag(L).",
            "For the gradient form W = ααᵀ − K_y⁻¹ (K_y⁻¹ = cholesky_solve(L, I)); each "
            "component is ½ Σᵢⱼ Wᵢⱼ (∂K_y/∂θⱼ)ᵢⱼ with the three derivatives of eq. 9.",
            "grad = ½ (Σ W∘K, Σ W∘K∘D2 / ℓ², σ_n² tr W).",
        ),
        example="""
rng = np.random.default_rng(0)
x = rng.uniform(-3, 3, size=20)
y = np.sin(x) + 0.1 * rng.normal(size=20)
D2 = (x[:, None] - x[None, :]) ** 2
for ell in (0.3, 1.0, 3.0):
    lml, grad = log_marginal_likelihood_and_gradient(D2, y, 1.0, ell, 0.01)
    print(f"length scale {ell}: log marginal likelihood {lml:9.3f}, gradient {np.round(grad, 3)}")
""",
    ),
)
