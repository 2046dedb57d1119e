"""Grading a learner's file: run it in a child process with a time limit,
then print each check as pass or FAIL with what was expected and a hint.

The learner's code runs only in the child (``runner.py``). What comes back
is a file of JSON lines, never the child's traceback: a crash, a time-out or
a flood of output is reported as a failing check in plain words.
"""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scratchlearn.exercises.catalog import get_exercise

DEFAULT_TIME_LIMIT = 60.0
LOAD_LIMIT = 120.0
POLL_SECONDS = 0.05


def grade(name, path, *, time_limit=DEFAULT_TIME_LIMIT):
    """Run exercise ``name``'s checks on the function in ``path``.

    Returns a list of (description, passed, message, hint) per check, and a
    note about anything else (the file did not load, printed output)."""
    exercise = get_exercise(name)
    path = Path(path).resolve()
    if not path.is_file():
        raise FileNotFoundError(f"no file {path}")
    with tempfile.TemporaryDirectory(prefix="scratchlearn-check-") as work:
        results_path = Path(work) / "results.jsonl"
        results_path.touch()
        env = dict(os.environ, PYTHONDONTWRITEBYTECODE="1")
        with open(Path(work) / "output.txt", "wb") as output:
            child = subprocess.Popen(
                [sys.executable, "-m", "scratchlearn.exercises.runner", name, str(path),
                 str(results_path)],
                stdout=output, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                cwd=path.parent, env=env)
            timed_out = _wait(child, results_path, time_limit)
        entries = [json.loads(line) for line in results_path.read_text().splitlines()
                   if line.strip()]
        crash = (Path(work) / "output.txt").read_bytes()[-1500:].decode(errors="replace")
    return _outcomes(exercise, entries, timed_out, time_limit, child.returncode, crash)


def _wait(child, results_path, time_limit):
    """Wait for the child; kill it once the checks have run for ``time_limit``
    seconds. The clock starts when the first check does: starting Python and
    importing NumPy and the learner's file can take seconds on a busy machine,
    and is not the learner's function running. Loading has LOAD_LIMIT.
    Returns whether the child was killed."""
    started = time.monotonic()
    checks_started = None
    while True:
        try:
            child.wait(timeout=POLL_SECONDS)
            return False
        except subprocess.TimeoutExpired:
            pass
        now = time.monotonic()
        if checks_started is None and b'"started"' in results_path.read_bytes():
            checks_started = now
        if (now - checks_started > time_limit if checks_started is not None
                else now - started > LOAD_LIMIT):
            child.kill()
            child.wait()
            return True


def _outcomes(exercise, entries, timed_out, time_limit, returncode, crash):
    outcomes, notes = {}, []
    running = None
    for entry in entries:
        if entry["kind"] == "load":
            notes.append(entry["message"])
        elif entry["kind"] == "started":
            running = entry["index"]
        elif entry["kind"] == "check":
            hint = exercise.output_hints.get(entry.get("output"))
            outcomes[entry["index"]] = (entry["passed"], entry["message"], hint)
            running = None
        elif entry["kind"] == "printed" and entry["total"]:
            notes.append(f"your function printed {entry['total']} characters while being "
                         f"checked (shown: the first {len(entry['text'])}):\n{entry['text']}")
    if running is not None:
        message = (f"did not finish within {time_limit:g} s: an endless loop, or far more "
                   "work than the task needs?" if timed_out else
                   f"the check's process died (exit status {returncode}) while your "
                   f"function ran:\n{crash.strip()}")
        outcomes[running] = (False, message, None)
    elif timed_out and not outcomes:
        notes.append(f"your file did not finish loading within {LOAD_LIMIT:g} s: does it "
                     "run something endless when imported?")
    rows = []
    for index, check in enumerate(exercise.checks):
        passed, message, output_hint = outcomes.get(index, (False, "not run", None))
        rows.append((check.description, passed, message, output_hint or check.hint))
    return rows, notes


def report(name, path, *, time_limit=DEFAULT_TIME_LIMIT, out=None):
    """Grade and print; True when every check passes."""
    out = out or sys.stdout
    exercise = get_exercise(name)
    rows, notes = grade(name, path, time_limit=time_limit)
    print(f"Checking {exercise.function} in {path} (exercise {name})", file=out)
    for note in notes:
        print(f"  note: {note}", file=out)
    previous, hints_given = None, set()
    for description, passed, message, hint in rows:
        print(f"  {'pass' if passed else 'FAIL'}  {description}", file=out)
        if passed or message == "not run":
            continue
        if message == previous:                     # e.g. the starter's NotImplementedError
            print("        (the same)", file=out)
            continue
        print(f"        {message}", file=out)
        if hint and hint not in hints_given:
            print(f"        hint: {hint}", file=out)
            hints_given.add(hint)
        previous = message
    n_passed = sum(passed for _, passed, _, _ in rows)
    if n_passed == len(rows):
        print(f"All {len(rows)} checks pass: {exercise.function} is right.", file=out)
        return True
    print(f"{n_passed} of {len(rows)} checks pass. More help: `scratchlearn check {name} "
          f"--hint`; the notes: `scratchlearn notes {exercise.stage}`.", file=out)
    return False
