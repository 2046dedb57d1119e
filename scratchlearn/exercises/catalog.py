"""Every exercise of the learning path, gathered from the model folders.

A stage's exercises live beside its model, in ``<stage package>/exercises.py``
as a tuple ``EXERCISES``; this module collects them in the path's order.
"""

import dataclasses
from functools import cache
from importlib import import_module, util

from scratchlearn.registry import STAGES


@cache
def all_exercises():
    """Every exercise, in learning-path order."""
    found = []
    for stage in STAGES:
        module_name = f"{stage.package}.exercises"
        if util.find_spec(module_name) is None:
            continue
        for exercise in import_module(module_name).EXERCISES:
            if exercise.stage != stage.name:
                raise ValueError(f"{module_name}: exercise {exercise.name!r} should be "
                                 f"named {stage.name}.<part>.")
            found.append(dataclasses.replace(exercise, package=stage.package))
    return tuple(found)


def exercise_names():
    return [exercise.name for exercise in all_exercises()]


def exercises_for_stage(stage_name):
    """The exercises of one learning-path stage (possibly none)."""
    return [exercise for exercise in all_exercises() if exercise.stage == stage_name]


def get_exercise(name):
    """The exercise called ``name``; KeyError naming the choices otherwise."""
    for exercise in all_exercises():
        if exercise.name == name:
            return exercise
    raise KeyError(name)
