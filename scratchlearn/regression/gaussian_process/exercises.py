"""Exercises: the RBF kernel; the log marginal likelihood of a Gaussian
process and its gradient in the log hyperparameters."""

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
