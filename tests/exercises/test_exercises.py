"""Every exercise: its starter fails, its solution passes, and the mistakes
learners typically make fail with a message that points at the right thing.

The solution is the marked function cut from the current model file, so
these tests also prove the exercise and the library have not drifted apart.
Mistakes are planted as text edits of that solution: (old, new, a fragment
the report must contain)."""

import runpy
from pathlib import Path

import pytest

from scratchlearn.exercises import all_exercises, get_exercise, grade
from scratchlearn.registry import STAGES

FAMILIES = sorted({stage.family for stage in STAGES})


def planted_mistakes():
    """Every family's planted mistakes, from tests/exercises/planted_<family>.py."""
    mistakes = {}
    for family in FAMILIES:
        path = Path(__file__).with_name(f"planted_{family}.py")
        if path.exists():
            namespace = runpy.run_path(str(path))
            mistakes.update(namespace["MISTAKES"])
    return mistakes


PLANTED_MISTAKES = planted_mistakes()


def solution_file(exercise, folder, edit=None):
    source = exercise.solution_source()
    if edit is not None:
        old, new = edit
        assert old in source, f"planted mistake {old!r} is not in {exercise.name}'s solution"
        source = source.replace(old, new, 1)
    path = folder / exercise.file_name()
    path.write_text("\n".join(exercise.imports()) + "\n\n\n" + source, encoding="utf-8")
    return path


def failures(rows, notes):
    return [f"{description}: {message}" for description, passed, message, _ in rows
            if not passed] + list(notes)


NAMES = [exercise.name for exercise in all_exercises()]


@pytest.mark.parametrize("name", NAMES)
def test_the_solution_passes_every_check(name, tmp_path):
    exercise = get_exercise(name)
    rows, notes = grade(name, solution_file(exercise, tmp_path))
    assert failures(rows, notes) == []
    assert len(rows) >= 3


@pytest.mark.parametrize("name", NAMES)
def test_the_starter_fails_and_names_the_function(name, tmp_path):
    exercise = get_exercise(name)
    path = tmp_path / exercise.file_name()
    path.write_text(exercise.starter_source(), encoding="utf-8")
    rows, _ = grade(name, path)
    assert not any(passed for _, passed, _, _ in rows)
    assert all("NotImplementedError" in message and exercise.function in message
               for _, _, message, _ in rows)


@pytest.mark.parametrize("name, mistake", [(name, mistake)
                                           for name, mistakes in PLANTED_MISTAKES.items()
                                           for mistake in mistakes])
def test_a_planted_mistake_fails_with_a_pointed_message(name, mistake, tmp_path):
    old, new, fragment = mistake
    exercise = get_exercise(name)
    rows, notes = grade(name, solution_file(exercise, tmp_path, (old, new)))
    found = failures(rows, notes)
    assert found, f"{name}: the mistake {old!r} → {new!r} passed every check"
    assert any(fragment in message for message in found), found


def test_every_stage_has_an_exercise_and_every_exercise_a_planted_mistake():
    stages_with_exercises = {exercise.stage for exercise in all_exercises()}
    assert stages_with_exercises == {stage.name for stage in STAGES}
    assert set(PLANTED_MISTAKES) == set(NAMES)
