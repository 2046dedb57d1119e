"""The child process that runs a learner's file: ``python -m
scratchlearn.exercises.runner NAME FILE RESULTS``.

The learner's code never runs in the grader's process: a loop that never
ends, a crash of the interpreter or a flood of output stays here, where the
parent can time it out and read only what it needs. Each check's outcome is
appended to RESULTS as one JSON line the moment it is known (a "started"
line first), so after a time-out the parent knows which check was running.
"""

import contextlib
import importlib.util
import io
import json
import sys
import warnings

from scratchlearn.exercises.catalog import get_exercise
from scratchlearn.exercises.checks import LEARNER_MODULE, LearnerError, Mismatch, describe_exception

MAX_PRINTED = 2000


class _BoundedOutput(io.TextIOBase):
    """Keeps the first MAX_PRINTED characters the learner prints and counts the rest."""

    def __init__(self):
        self.kept, self.total = [], 0

    def write(self, text):
        room = MAX_PRINTED - sum(map(len, self.kept))
        if room > 0:
            self.kept.append(text[:room])
        self.total += len(text)
        return len(text)


def load_learner(path, function):
    """The learner's function, or the reason it cannot be had."""
    spec = importlib.util.spec_from_file_location(LEARNER_MODULE, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[LEARNER_MODULE] = module
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        raise LearnerError(f"your file does not parse: {error.msg} (line {error.lineno})") \
            from None
    except BaseException as error:                 # the learner's file may do anything
        raise LearnerError(describe_exception(error).replace("your function", "your file")
                           + " while being imported") from None
    learner = getattr(module, function, None)
    if not callable(learner):
        raise LearnerError(f"your file defines no function named {function}.")
    return learner


def main(name, path, results_path):
    exercise = get_exercise(name)
    reference = exercise.reference()
    printed = _BoundedOutput()
    with open(results_path, "a", encoding="utf-8") as results:
        def record(**entry):
            results.write(json.dumps(entry) + "\n")
            results.flush()

        # Warnings (0/0 in the learner's code, a UserWarning the reference
        # gives on an edge case) are not output the learner printed.
        with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            try:
                learner = load_learner(path, exercise.function)
            except LearnerError as error:
                record(kind="load", passed=False, message=str(error))
                return
            for index, check in enumerate(exercise.checks):
                record(kind="started", index=index)
                try:
                    check.run(learner, reference)
                except (Mismatch, LearnerError) as failure:
                    record(kind="check", index=index, passed=False, message=str(failure),
                           output=getattr(failure, "output", None))
                except BaseException as error:      # noqa: BLE001 — graded, never a traceback
                                record(kind="check", index=index, passed=False,
                           message=describe_exception(error))
                else:
                    record(kind="check", index=index, passed=True, message="")
        record(kind="printed", total=printed.total, text="".join(printed.kept))


if __name__ == "__main__":
    main(*sys.argv[1:4])
