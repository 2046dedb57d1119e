"""Exercises a learner writes and the library grades.

``scratchlearn exercise --list`` lists them, ``scratchlearn exercise NAME``
writes a starter file, ``scratchlearn check NAME FILE`` grades it in a child
process. Each exercise is one marked function of a model file (see
``spec.py``); its checks (``checks.py``) compare the learner's function with
that reference.
"""

from scratchlearn.exercises.catalog import (
    all_exercises,
    exercise_names,
    exercises_for_stage,
    get_exercise,
)
from scratchlearn.exercises.checks import (
    Check,
    Mismatch,
    gradient_matches_loss,
    property_holds,
    same_output,
)
from scratchlearn.exercises.grading import grade, report
from scratchlearn.exercises.spec import Exercise

__all__ = ["Check", "Exercise", "Mismatch", "all_exercises", "check", "exercise_names",
           "exercises_for_stage", "get_exercise", "grade", "gradient_matches_loss",
           "property_holds", "report", "same_output"]


def check(name, path, *, time_limit=60.0):
    """Grade the function in ``path`` for exercise ``name`` and print each
    check (for notebooks: the same as ``scratchlearn check NAME PATH``).
    Returns True when every check passes."""
    return report(name, path, time_limit=time_limit)
