"""The ``scratchlearn`` command: list, demo, notes, tour, compare, predict, quiz,
exercise and check."""

import argparse
import contextlib
import html
import io
import os
import random
import shlex
import signal
import subprocess
import sys
import time
import traceback
from importlib import import_module, resources
from pathlib import Path

import numpy as np

from scratchlearn.exercises import commands as exercise_commands
from scratchlearn.exercises import exercises_for_stage
from scratchlearn.progress import Progress
from scratchlearn.quiz import parse_questions
from scratchlearn.registry import STAGES, find_stage, stage_names
from scratchlearn.terminal_math import render_markdown_math

DEFAULT_OUT = "scratchlearn-output"


def main(argv=None):
    # Like any Unix tool: when the reader (head, less) closes the pipe, stop
    # quietly instead of printing a BrokenPipeError traceback.
    if hasattr(signal, "SIGPIPE"):
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 0
    return args.handler(args)


def _parser():
    parser = argparse.ArgumentParser(
        prog="scratchlearn",
        description="Machine learning from scratch in NumPy: the learning path, its demos "
                    "and notes.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name, help, example):
        return commands.add_parser(name, help=help, description=help,
                                   epilog=f"example:\n  {example}",
                                   formatter_class=argparse.RawDescriptionHelpFormatter)

    listing = command("list", "the learning path, one stage a line", "scratchlearn list")
    listing.set_defaults(handler=_list)

    demo = command("demo", "run one model's demo",
                   "scratchlearn demo huber_regression --out figures")
    demo.add_argument("name", help="a stage name from `scratchlearn list`")
    demo.add_argument("--out", default=DEFAULT_OUT, help="folder for figures")
    demo.set_defaults(handler=_demo)

    notes = command("notes", "print one model's notes (through $PAGER in a terminal)",
                    "scratchlearn notes svm | head -40")
    notes.add_argument("name", help="a stage name from `scratchlearn list`")
    notes.add_argument("--raw", action="store_true",
                       help="the Markdown source, math as LaTeX (default in a terminal: "
                            "math as Unicode text)")
    notes.set_defaults(handler=_notes)

    tour = command("tour", "run every demo in order and write report.html",
                   "scratchlearn tour --out scratchlearn-output")
    tour.add_argument("--out", default=DEFAULT_OUT, help="folder for figures and the report")
    tour.add_argument("--verbose", action="store_true",
                      help="in a terminal, print every demo's output too (always in a log)")
    tour.set_defaults(handler=_tour)

    compare = command(
        "compare", "each model beside scikit-learn: scores, differences, times "
                   "(needs scikit-learn: pip install 'scratchlearn[dev]')",
        "scratchlearn compare KernelSVM --repeat 3")
    compare.add_argument("name", help="an estimator class name, or 'all'")
    compare.add_argument("--out", default=None, help="also write compare.md and compare.png here")
    compare.add_argument("--repeat", type=int, default=5, help="timed runs per measurement")
    compare.add_argument("--max-samples", type=int, default=None,
                         help="use at most this many samples of each dataset (quick runs)")
    compare.set_defaults(handler=_compare)

    predict = command("predict", "predict with a saved model (scratchlearn.save) on a CSV file",
                      "scratchlearn predict model.npz data.csv --out predictions.csv")
    predict.add_argument("model", help="a model file written by scratchlearn.save")
    predict.add_argument("data", help="CSV of numeric features, one sample a row; a first "
                                      "row of column names is skipped")
    predict.add_argument("--out", default=None, help="write the predictions here "
                                                      "(default: print them)")
    predict.set_defaults(handler=_predict)

    quiz = command("quiz", "interview questions, one at a time",
                   "scratchlearn quiz svm --count 3")
    quiz.add_argument("name", nargs="?", help="one stage's questions (default: a random "
                                              "selection across the path)")
    quiz.add_argument("--list", action="store_true", help="print every question and answer")
    quiz.add_argument("--count", type=int, default=None,
                      help="ask this many, drawn at random (default: all of one stage's, "
                           "10 across the path)")
    quiz.add_argument("--raw", action="store_true", help="math as LaTeX, not Unicode text")
    quiz.add_argument("--seed", type=int, default=None, help="seed for the selection")
    quiz.set_defaults(handler=_quiz)

    exercise = command("exercise", "write a model's heart yourself: list the exercises or "
                                   "write one's starter file",
                       "scratchlearn exercise logistic_regression.gradient --out my_work")
    exercise.add_argument("name", nargs="?", help="an exercise (or a stage: its exercises)")
    exercise.add_argument("--list", action="store_true", help="every exercise, one a line")
    exercise.add_argument("--out", default=".", help="folder for the starter file")
    exercise.add_argument("--force", action="store_true",
                          help="overwrite a starter file that is already there")
    exercise.set_defaults(handler=exercise_commands.exercise)

    check = command("check", "grade your solution of an exercise (run in a separate process)",
                    "scratchlearn check logistic_regression.gradient "
                    "logistic_regression_gradient.py")
    check.add_argument("name", help="an exercise from `scratchlearn exercise --list`")
    check.add_argument("file", nargs="?", help="your Python file defining the function")
    check.add_argument("--hint", type=int, nargs="?", const=1, default=None, metavar="N",
                       help="print hint N (default 1; higher hints say more)")
    check.add_argument("--solution", action="store_true",
                       help="print the library's own function, from its model file")
    check.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                       help="stop your function after this long (default 60)")
    check.set_defaults(handler=exercise_commands.check)
    return parser


def _lookup(name):
    stage = find_stage(name)
    if stage is None:
        print(f"scratchlearn: unknown model {name!r}. Valid names: "
              f"{', '.join(stage_names())}", file=sys.stderr)
    return stage


def _list(args):
    rows = [("stage", "name", "family", "what it shows")]
    rows += [(str(k), s.name, s.family, s.summary) for k, s in enumerate(STAGES, start=1)]
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[3])
    return 0


def _demo(args):
    stage = _lookup(args.name)
    if stage is None:
        return 2
    import_module(stage.demo_module).run(Path(args.out) / stage.name)
    return 0


def _notes(args):
    stage = _lookup(args.name)
    if stage is None:
        return 2
    text = _read_notes(stage)
    if not sys.stdout.isatty():
        print(text if args.raw else render_markdown_math(text))
        return 0
    _page(text if args.raw else render_markdown_math(text))
    return 0


def _page(text):
    """Show ``text`` through the user's pager ($PAGER, else less), or print it."""
    command = shlex.split(os.environ.get("PAGER") or "less -R")
    try:
        subprocess.run(command, input=text, text=True, check=False)
    except OSError:
        print(text)


def _compare(args):
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("scratchlearn compare needs scikit-learn, the reference it compares against. "
              "Install it with: pip install 'scratchlearn[dev]'", file=sys.stderr)
        return 2
    from scratchlearn.compare import COMPARISONS, run_comparisons

    names = None
    if args.name != "all":
        valid = [c.estimator for c in COMPARISONS]
        if args.name not in valid:
            print(f"scratchlearn: no comparison for {args.name!r}. Valid names: all, "
                  f"{', '.join(valid)}", file=sys.stderr)
            return 2
        names = [args.name]
    run_comparisons(names, repeat=args.repeat, max_samples=args.max_samples, out=args.out)
    return 0


def _predict(args):
    from scratchlearn.core.persistence import load

    try:
        model = load(args.model)
        X = _read_csv(args.data)
        predictions = model.predict(X)
    except (OSError, ValueError) as error:
        print(f"scratchlearn: {error}", file=sys.stderr)
        return 2
    text = "\n".join(str(value) for value in predictions) + "\n"
    if args.out is None:
        sys.stdout.write(text)
    else:
        Path(args.out).write_text(text, encoding="utf-8")
    return 0


def _read_csv(path):
    """Numeric features from a CSV file, skipping a first row of column names."""
    with open(path, encoding="utf-8") as file:
        first = file.readline()
    try:
        np.array(first.strip().split(","), dtype=float)
        header = 0
    except ValueError:
        header = 1
    X = np.loadtxt(path, delimiter=",", skiprows=header, ndmin=2)
    if X.size == 0:
        raise ValueError(f"{path} holds no data rows")
    return X


def _quiz(args):
    if args.count is not None and args.count < 1:
        print("scratchlearn: --count must be at least 1", file=sys.stderr)
        return 2
    stages = STAGES
    if args.name is not None:
        stages = [_lookup(args.name)]
        if stages[0] is None:
            return 2
    cards = [card for stage in stages
             for card in parse_questions(_read_notes(stage), stage.name)]
    count = args.count or (len(cards) if args.name is not None else 10)
    if not args.list and count < len(cards):
        chosen = random.Random(args.seed).sample(range(len(cards)), count)
        cards = [cards[k] for k in sorted(chosen)] if args.name is not None else \
            [cards[k] for k in chosen]
    if not args.raw:
        cards = [type(card)(card.stage, render_markdown_math(card.question),
                            render_markdown_math(card.answer)) for card in cards]
    if args.list:
        for k, card in enumerate(cards, start=1):
            print(f"{k}. [{card.stage}] {card.question}\n   {card.answer}\n")
        return 0
    print(f"{len(cards)} questions. Think of your answer, then press Enter to see ours "
          "(Ctrl-D to stop).")
    covered = 0
    for k, card in enumerate(cards, start=1):
        print(f"\nQ{k}/{len(cards)} [{card.stage}] {card.question}")
        try:
            input()
        except EOFError:
            break
        print(f"A: {card.answer}")
        covered += 1
    print(f"\nCovered {covered} of {len(cards)} questions.")
    return 0


def _read_notes(stage):
    return resources.files(stage.package).joinpath("notes.md").read_text(encoding="utf-8")


class _Tee(io.TextIOBase):
    """Keep a copy of what a demo prints for the report, and pass it on to
    ``stream`` unless that is None."""

    def __init__(self, stream):
        self.stream = stream
        self.copy = io.StringIO()

    def write(self, text):
        if self.stream is not None:
            self.stream.write(text)
        self.copy.write(text)
        return len(text)

    def flush(self):
        if self.stream is not None:
            self.stream.flush()


def _tour(args):
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    # In a terminal the demos' output goes to the report and one line shows the
    # progress; in a log (or with --verbose) every line is printed as well.
    progress = Progress(len(STAGES))
    echo = args.verbose or not progress.live
    sections = []
    failures = 0
    started = time.perf_counter()
    for k, stage in enumerate(STAGES, start=1):
        if echo:
            print(f"\n=== stage {k} of {len(STAGES)}: {stage.name} ({stage.family}) ===")
            print(stage.summary)
        else:
            progress.start(k, stage.name)
        stage_dir = out / stage.name
        tee = _Tee(sys.stdout if echo else None)
        stage_started = time.perf_counter()
        ok = True
        with contextlib.redirect_stdout(tee):
            try:
                import_module(stage.demo_module).run(stage_dir)
            except Exception:
                ok = False
                traceback.print_exc(file=sys.stdout)
        seconds = time.perf_counter() - stage_started
        failures += not ok
        figures = sorted(stage_dir.glob("*.png")) if stage_dir.exists() else []
        if echo:
            print(f"--- stage {k} of {len(STAGES)} {'done' if ok else 'FAILED'} in "
                  f"{seconds:.1f} s")
        else:
            progress.finish(k, stage.name, f"{'done' if ok else 'FAILED'} in {seconds:.1f} s, "
                                           f"{len(figures)} figure(s)")
        sections.append((k, stage, tee.copy.getvalue(), figures, ok, seconds))
    report = out / "report.html"
    report.write_text(_report_html(sections, out, time.perf_counter() - started),
                      encoding="utf-8")
    print(f"\nReport: {report.resolve()}")
    if failures:
        print(f"{failures} stage(s) failed; see the report.", file=sys.stderr)
        return 1
    return 0


def _exercises_html(stage):
    """The stage's exercises, as the commands that start them."""
    items = "".join(
        f"<li><code>scratchlearn exercise {html.escape(e.name)}</code> — "
        f"{html.escape(e.goal)} ({'★' * e.difficulty})</li>"
        for e in exercises_for_stage(stage.name)
    )
    return f'<p class="exercises">Write it yourself, graded by <code>scratchlearn check</code>:' \
           f"</p><ul>{items}</ul>" if items else ""


def _report_html(sections, out, seconds):
    toc = "\n".join(
        f'<li><a href="#{s.name}">{k}. {html.escape(s.name)}</a>'
        f'{"" if ok else " — failed"}</li>'
        for k, s, _, _, ok, _ in sections
    )
    body = []
    for k, stage, text, figures, ok, stage_seconds in sections:
        images = "\n".join(
            f'<figure><img src="{html.escape(str(f.relative_to(out)))}" '
            f'alt="{html.escape(f.stem)}"><figcaption>{html.escape(f.name)}</figcaption></figure>'
            for f in figures
        )
        status = "" if ok else '<p class="failed">This stage failed; its output ends with the error.</p>'
        body.append(
            f'<section id="{stage.name}"><h2>{k}. {html.escape(stage.name)} '
            f'<small>{html.escape(stage.family)} · {stage_seconds:.1f} s</small></h2>'
            f"<p>{html.escape(stage.summary)}</p>{_exercises_html(stage)}{status}"
            f"<pre>{html.escape(text)}</pre>{images}</section>"
        )
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>scratchlearn tour</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 1100px; margin: 2em auto; padding: 0 1em; }}
pre {{ background: #f5f5f5; padding: 1em; overflow-x: auto; font-size: 0.85em; }}
figure {{ display: inline-block; margin: 0.5em; }}
img {{ max-width: 100%; border: 1px solid #ddd; }}
small {{ color: #777; font-weight: normal; }}
.failed {{ color: #b00; font-weight: bold; }}
</style></head><body>
<h1>scratchlearn — the learning path</h1>
<p>{len(sections)} stages, run offline on bundled data in {seconds:.0f} s.
Each stage prints its result beside a reference and draws the figures that explain it.</p>
<ul>{toc}</ul>
{"".join(body)}
</body></html>
"""
