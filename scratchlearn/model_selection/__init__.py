"""Model selection: splitting, cross-validation, hyperparameter search and
learning and validation curves, written out as plainly as the models.

``split`` cuts indices into folds, ``clone`` makes fresh estimators,
``validation`` fits and scores them fold by fold, ``search`` does that for
every candidate of a grid or a random draw, and ``curves`` for growing
training sets or one hyperparameter.
"""

from scratchlearn.model_selection.clone import clone
from scratchlearn.model_selection.curves import learning_curve, validation_curve
from scratchlearn.model_selection.scoring import check_scoring
from scratchlearn.model_selection.search import (
    GridSearchCV,
    ParameterGrid,
    ParameterSampler,
    RandomizedSearchCV,
)
from scratchlearn.model_selection.split import (
    KFold,
    ShuffleSplit,
    StratifiedKFold,
    check_cv,
    train_test_split,
)
from scratchlearn.model_selection.validation import (
    FitFailedWarning,
    cross_val_score,
    cross_validate,
)

__all__ = [
    "FitFailedWarning",
    "GridSearchCV",
    "KFold",
    "ParameterGrid",
    "ParameterSampler",
    "RandomizedSearchCV",
    "ShuffleSplit",
    "StratifiedKFold",
    "check_cv",
    "check_scoring",
    "clone",
    "cross_val_score",
    "cross_validate",
    "learning_curve",
    "train_test_split",
    "validation_curve",
]
