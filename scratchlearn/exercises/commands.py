"""``scratchlearn exercise`` and ``scratchlearn check``: the command-line side
of the exercises."""

import difflib
import sys
from pathlib import Path

from scratchlearn.exercises.catalog import (
    all_exercises,
    exercise_names,
    exercises_for_stage,
    get_exercise,
)
from scratchlearn.exercises.grading import report
from scratchlearn.registry import find_stage


def exercise(args):
    if args.list or args.name is None:
        _print_list(all_exercises())
        return 0
    if find_stage(args.name) is not None:
        chosen = exercises_for_stage(args.name)
        print(f"Exercises of {args.name} (write one with `scratchlearn exercise NAME`):")
        _print_list(chosen)
        return 0
    found = _exercise_or_exit(args.name)
    if found is None:
        return 2
    folder = Path(args.out)
    target = folder / found.file_name()
    if target.exists() and not args.force:
        print(f"scratchlearn: {target} exists (your work?); pass --force to overwrite it, or "
              f"--out another folder.", file=sys.stderr)
        return 1
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target.write_text(found.starter_source(), encoding="utf-8")
    except OSError as error:
        print(f"scratchlearn: cannot write {target}: {error.strerror or error}", file=sys.stderr)
        return 1
    print(f"Wrote {target}: write {found.function} there, then grade it with\n"
          f"  scratchlearn check {found.name} {target}")
    return 0


def check(args):
    found = _exercise_or_exit(args.name)
    if found is None:
        return 2
    if args.solution:
        path, first, last, _, _, _ = found.region()
        print(f"# {path} lines {first}-{last}")
        print(found.solution_source(), end="")
        return 0
    if args.hint is not None:
        n = len(found.hints)
        if not 1 <= args.hint <= n:
            print(f"scratchlearn: {found.name} has hints 1 to {n}.", file=sys.stderr)
            return 2
        print(f"Hint {args.hint} of {n}: {found.hints[args.hint - 1]}")
        if args.hint < n:
            print(f"(More: scratchlearn check {found.name} --hint {args.hint + 1})")
        return 0
    if args.file is None:
        print(f"scratchlearn: which file? scratchlearn check {found.name} FILE "
              f"(write one with `scratchlearn exercise {found.name}`)", file=sys.stderr)
        return 2
    if not Path(args.file).is_file():
        print(f"scratchlearn: no file {args.file}", file=sys.stderr)
        return 2
    return 0 if report(found.name, args.file, time_limit=args.time_limit) else 1


def _exercise_or_exit(name):
    try:
        return get_exercise(name)
    except KeyError:
        close = difflib.get_close_matches(name, exercise_names(), n=3)
        stage = exercises_for_stage(name)
        suggestion = (f" {name}'s exercises: {', '.join(e.name for e in stage)}." if stage else
                      f" Did you mean {', '.join(close)}?" if close else "")
        print(f"scratchlearn: unknown exercise {name!r}.{suggestion} "
              f"`scratchlearn exercise --list` shows them all.", file=sys.stderr)
        return None


def _print_list(exercises):
    width = max((len(e.name) for e in exercises), default=0)
    for e in exercises:
        stars = "★" * e.difficulty + "☆" * (3 - e.difficulty)
        print(f"{e.name:<{width}}  {stars}  {e.function}: {e.goal}")
