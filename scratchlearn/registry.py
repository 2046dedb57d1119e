"""The learning path: one line per model folder, in the order a learner reads them.

The CLI (``list``, ``demo``, ``notes``, ``tour``), the top-level imports and
the contract tests are all driven by ``STAGES``. Adding a model means adding
its folder and one line here.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Stage:
    name: str
    package: str
    family: str
    estimators: tuple
    summary: str

    @property
    def demo_module(self):
        return f"{self.package}.demo"


STAGES = (
    Stage("linear_regression", "scratchlearn.regression.linear_regression", "regression",
          ("SimpleLinearRegression",),
          "One feature, y = w·x + b: the closed form and gradient descent on the MSE"),
    Stage("multiple_linear_regression", "scratchlearn.regression.multiple_linear_regression",
          "regression", ("MultipleLinearRegression",),
          "Many features: least squares by a stable solve, GD and SGD, why scaling matters"),
)

# Estimators that are not a stage of the path but follow the same contract.
# (OneHotEncoder takes categories, not numeric features: it is importable from
# scratchlearn.core and tested against scikit-learn's encoder on its own.)
TRANSFORMERS = (
    ("StandardScaler", "scratchlearn.core.preprocessing"),
    ("PolynomialFeatures", "scratchlearn.core.preprocessing"),
)


def stage_names():
    return [stage.name for stage in STAGES]


def find_stage(name):
    for stage in STAGES:
        if stage.name == name:
            return stage
    return None


def estimator_locations():
    """``{class name: module}`` for every public estimator, models first."""
    locations = {name: stage.package for stage in STAGES for name in stage.estimators}
    locations.update(dict(TRANSFORMERS))
    return locations
