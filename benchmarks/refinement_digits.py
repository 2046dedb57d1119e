"""How many digits does multiple regression's iterative refinement (notes eqs. 10–11) buy,
and does it reach them from a wrong start?

    .venv/bin/python -m benchmarks.refinement_digits

Correct digits (−log₁₀ of the worst relative error) of (b, w) against the exact
least-squares answer for the numbers as stored (rational arithmetic, the tests'
reference), on NIST's hardest designs and on two nearly collinear columns:

* with 0, 1, 2 and 3 refinement steps (``REFINEMENT_STEPS``);
* with 3 steps from a wrong start, the three mutants of ``least_squares`` that
  survive ``make mutate``: the first z with Σ multiplied instead of divided, the
  first residual with the sign of Az flipped, and every residual update with its
  sign flipped. Each step solves the augmented system for the whole correction,
  so in exact arithmetic one step reaches the answer from any start; these
  columns show that in floats, too, they end at the digits of the correct start.
"""

import inspect
import sys
import textwrap
from pathlib import Path

import numpy as np

import scratchlearn.regression.multiple_linear_regression.model as ols
from scratchlearn.datasets import correct_digits, load_nist_strd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests" / "regression"))
from conftest import _exact_least_squares  # noqa: E402  (the tests' rational reference)

SOURCE = textwrap.dedent(inspect.getsource(ols.least_squares))
WRONG_STARTS = {
    "z·Σ": ("(U.T @ yc.astype(float)) / sigma", "(U.T @ yc.astype(float)) * sigma"),
    "r=ỹ+Az": ("r = yc - A @ z ", "r = yc + A @ z "),
    "r−δr": ("r = r + (f - U @ c)", "r = r - (f - U @ c)"),
}


def solve(X, y, steps, change=None):
    source = SOURCE if change is None else SOURCE.replace(*change)
    assert change is None or source != SOURCE, change
    namespace = dict(vars(ols), REFINEMENT_STEPS=steps)
    exec(source, namespace)                 # least_squares with these globals
    w, b = namespace["least_squares"](X, y, True)
    return np.r_[b, w]


def problems():
    for name in ("Filip", "Wampler4", "Wampler5"):
        data = load_nist_strd(name)
        yield name, data.data, data.target
    rng = np.random.default_rng(0)
    for gap in (1e-12, 1e-14):
        X = rng.normal(size=(8, 3))
        X[:, 2] = X[:, 0] + gap * rng.normal(size=8)
        yield f"columns {gap:g} apart", X, X @ [1.0, 2.0, 3.0] + 1e3 * rng.normal(size=8)


def main():
    header = ["problem", "0 steps", "1", "2", "3", *(f"3 from {k}" for k in WRONG_STARTS)]
    print("| " + " | ".join(header) + " |")
    print("|---" * len(header) + "|")
    with np.errstate(all="ignore"):
        for name, X, y in problems():
            b, w = _exact_least_squares(X, y)
            exact = np.r_[b, w]
            cells = [correct_digits(solve(X, y, steps), exact) for steps in range(4)]
            cells += [correct_digits(solve(X, y, 3, change), exact)
                      for change in WRONG_STARTS.values()]
            print(f"| {name} | " + " | ".join(f"{c:.1f}" for c in cells) + " |", flush=True)


if __name__ == "__main__":
    main()
