"""Jupyter notebooks generated from a stage's folder: ``scratchlearn notebook NAME``.

Nothing is stored twice: a notebook is assembled on demand from what the stage
already has, so it cannot drift from the code it shows.

* the title and one-line summary from ``scratchlearn/registry.py``;
* ``notes.md``, one Markdown cell per ``##`` section (math stays LaTeX:
  Jupyter renders it), the interview questions left for the end;
* ``demo.py``: its imports and settings, its helper functions, then one code
  cell per step of ``run(out_dir)``. A step starts at a ``# %% Title``
  comment in the body of ``run`` (the percent-cell marker that editors such as
  VS Code, Spyder and Jupytext already read); the figures are drawn inline
  and also saved under ``figures/<stage>/`` beside the notebook;
* the stage's exercises (``scratchlearn.exercises``): the task, the starter
  in a cell that writes the learner's file, and a cell that grades it;
* the interview questions (``scratchlearn.quiz``), each answer folded away in
  ``<details>``.

A notebook is a list of sections, each a function ``(stage, out_dir) ->
[(kind, source), ...]`` with kind ``"markdown"`` or ``"code"``: see
``SECTIONS``. The demo convention and how to extend the notebook are in
docs/notebooks.md. Only ``write_notebook`` needs ``nbformat`` (the
``notebooks`` extra); the library itself still imports NumPy alone.
"""

import ast
import os
import re
import textwrap
from importlib import resources
from pathlib import Path

from scratchlearn.exercises import exercises_for_stage
from scratchlearn.quiz import SECTION as QUESTIONS_HEADING
from scratchlearn.quiz import parse_questions
from scratchlearn.registry import STAGES, find_stage

__all__ = ["SECTIONS", "DemoSteps", "demo_steps", "notebook_cells", "write_notebook"]

STEP_MARKER = re.compile(r"^(?P<indent>\s*)# %%(?P<title>.*)$")
MISSING_NBFORMAT = ("writing notebooks needs nbformat, which is not installed. "
                    "Install it with: pip install 'scratchlearn[notebooks]'")


class DemoConventionError(ValueError):
    """A demo.py that the generator cannot split into notebook cells."""


# ---------------------------------------------------------------------------
# demo.py -> steps
# ---------------------------------------------------------------------------

class DemoSteps:
    """A demo split for a notebook: ``docstring`` (Markdown), ``setup`` (its
    imports and settings), ``helpers`` (its other functions), ``steps`` (a
    list of ``(title, code)``, one per ``# %%`` marker in ``run``),
    ``out_dir`` (the name of run's parameter) and ``model`` (the expression
    run returns: the fitted estimator the stage is about)."""

    def __init__(self, docstring, setup, helpers, steps, out_dir, model):
        self.docstring, self.setup, self.helpers = docstring, setup, helpers
        self.steps, self.out_dir, self.model = steps, out_dir, model


def demo_steps(source, filename="demo.py"):
    """Split the source of a demo module into notebook cells (see ``DemoSteps``).

    The convention (docs/notebooks.md): ``run(out_dir)``'s body, after its
    docstring, is a series of steps, each opened by a comment ``# %% Title``
    at the body's indentation. Its returns are the final ``return model`` and
    the guard ``if plt is None: return model`` after ``plt = pyplot()``; the
    notebook always has matplotlib, so it drops the guard and shows ``model``.
    Anything else raises ``DemoConventionError`` naming the line.
    """
    lines = source.splitlines()
    tree = ast.parse(source, filename)
    body = list(tree.body)
    docstring = ast.get_docstring(tree) or ""
    if docstring:
        body = body[1:]
    run = next((node for node in body if isinstance(node, ast.FunctionDef)
                and node.name == "run"), None)
    if run is None:
        raise DemoConventionError(f"{filename} has no function run(out_dir)")
    if len(run.args.args) != 1:
        raise DemoConventionError(f"{filename}:{run.lineno}: run takes one argument, out_dir")

    setup, helpers = [], []
    previous_end = tree.body[0].end_lineno if docstring else 0
    for node in body:
        # Each top-level statement with the comments and blank lines above it.
        text = "\n".join(lines[previous_end:node.end_lineno])
        previous_end = node.end_lineno
        if node is run or _is_main_guard(node):
            continue
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            helpers.append(text.strip("\n"))
        else:
            setup.append(text)

    steps, model = _run_steps(run, lines, filename)
    setup = re.sub(r"\n{3,}", "\n\n", "\n".join(setup)).strip("\n")
    return DemoSteps(docstring, setup, "\n\n\n".join(helpers),
                     steps, run.args.args[0].arg, model)


def _is_main_guard(node):
    return (isinstance(node, ast.If) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "__name__")


def _is_pyplot_guard(node):
    """``if plt is None: return ...`` with nothing else in it."""
    return (isinstance(node, ast.If) and not node.orelse and len(node.body) == 1
            and isinstance(node.body[0], ast.Return) and isinstance(node.test, ast.Compare)
            and isinstance(node.test.left, ast.Name) and node.test.left.id == "plt"
            and len(node.test.ops) == 1 and isinstance(node.test.ops[0], ast.Is)
            and isinstance(node.test.comparators[0], ast.Constant)
            and node.test.comparators[0].value is None)


def _run_steps(run, lines, filename):
    statements = list(run.body)
    if ast.get_docstring(run) is not None:
        statements = statements[1:]
    if not statements:
        raise DemoConventionError(f"{filename}:{run.lineno}: run has an empty body")
    indent = lines[statements[0].lineno - 1][:statements[0].col_offset]
    first = statements[0].lineno
    markers = [(number, match["title"].strip())
               for number in range(run.body[0].lineno, run.end_lineno + 1)
               if (match := STEP_MARKER.match(lines[number - 1])) and match["indent"] == indent]
    if not markers or markers[0][0] > first:
        raise DemoConventionError(
            f"{filename}:{first}: the body of run must open with a step marker "
            f"'# %% Title' (docs/notebooks.md)")
    untitled = [number for number, title in markers if not title]
    if untitled:
        raise DemoConventionError(f"{filename}:{untitled[0]}: a step marker needs a title: "
                                  "'# %% What this step does'")

    final = statements[-1]
    if not isinstance(final, ast.Return) or final.value is None:
        raise DemoConventionError(f"{filename}:{final.lineno}: run must end with "
                                  "'return model', the fitted estimator the stage is about")
    model = ast.get_source_segment("\n".join(lines), final.value)
    dropped = {final.lineno}
    for node in statements:
        if _is_pyplot_guard(node):
            if ast.dump(node.body[0]) != ast.dump(final):
                raise DemoConventionError(
                    f"{filename}:{node.lineno}: the pyplot guard must return what run "
                    f"returns at the end ('return {model}')")
            dropped.update(range(node.lineno, node.end_lineno + 1))
    for node in statements:
        for inner in _walk_outside_functions(node):
            if isinstance(inner, ast.Return) and inner.lineno not in dropped:
                raise DemoConventionError(
                    f"{filename}:{inner.lineno}: a notebook cell cannot 'return'; only the "
                    "final 'return model' and the 'if plt is None' guard may (docs/notebooks.md)")

    steps = []
    bounds = [number for number, _ in markers] + [final.lineno]
    for (start, title), end in zip(markers, bounds[1:]):
        kept = [lines[number - 1] for number in range(start + 1, end) if number not in dropped]
        code = textwrap.dedent("\n".join(kept)).strip("\n")
        if not code.strip():
            raise DemoConventionError(f"{filename}:{start}: step '{title}' holds no code")
        steps.append((title, code))
    return steps, model


def _walk_outside_functions(node):
    """``node`` and every node under it, except inside nested functions and classes."""
    yield node
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef):
        return
    for child in ast.iter_child_nodes(node):
        yield from _walk_outside_functions(child)


# ---------------------------------------------------------------------------
# sections: stage -> [(kind, source)]
# ---------------------------------------------------------------------------

def _read(stage, filename):
    return resources.files(stage.package).joinpath(filename).read_text(encoding="utf-8")


def _package_dir(stage):
    return Path(str(resources.files(stage.package)))


def _notes_title(stage):
    """The notes' ``# Title`` line and the notes after it."""
    notes = _read(stage, "notes.md")
    first, _, rest = notes.partition("\n")
    if first.startswith("# "):
        return first[2:].strip(), rest
    return stage.name, notes


def title_cells(stage, out_dir):
    number = STAGES.index(stage) + 1
    folder = stage.package.replace(".", "/")
    title, _ = _notes_title(stage)
    return [("markdown",
             f"# {title}\n\n"
             f"Stage {number} of {len(STAGES)} of the scratchlearn learning path: "
             f"`{stage.name}` ({stage.family}). *{stage.summary}.*\n\n"
             "In this notebook: the stage's notes (the theory, equations numbered as in "
             "the code), then its demo step by step (code cells to run, figures drawn below "
             "them, every result printed beside scikit-learn's), then interview questions "
             "with the answers folded away.\n\n"
             f"Generated from `{folder}/` (`notes.md` and `demo.py`) by "
             f"`scratchlearn notebook {stage.name}`: to change it, edit those files and "
             "generate it again.")]


def notes_cells(stage, out_dir):
    """The notes before the interview questions, one cell per ``##`` section
    (their ``# Title`` is the notebook's title)."""
    notes = _notes_title(stage)[1].partition(QUESTIONS_HEADING)[0]
    notes = _LINK.sub(lambda match: _relink(match, stage, out_dir), notes)
    sections = re.split(r"^(?=## )", notes, flags=re.MULTILINE)
    return [("markdown", section.strip()) for section in sections if section.strip()]


_LINK = re.compile(r"\]\((?P<target>[^)\s#]+)(?P<anchor>#[^)\s]*)?\)")


def _relink(match, stage, out_dir):
    """Point a notes.md relative link at the same file from the notebook's folder,
    or at the other stage's notebook when it links to that stage's notes."""
    target = match["target"]
    if re.match(r"^[a-z][a-z0-9+.-]*:", target):        # http:, https:, mailto:
        return match.group(0)
    path = (_package_dir(stage) / target).resolve()
    for other in STAGES:
        if path == (_package_dir(other) / "notes.md").resolve():
            return f"]({other.name}.ipynb)"
    return f"]({Path(os.path.relpath(path, Path(out_dir).resolve())).as_posix()}" \
           f"{match['anchor'] or ''})"


def demo_cells(stage, out_dir):
    """The demo's imports, helpers and steps; the figures drawn inline."""
    demo = demo_steps(_read(stage, "demo.py"), f"{stage.package.replace('.', '/')}/demo.py")
    intro = (f"## The demo, step by step\n\n{demo.docstring}\n\n"
             "Each code cell below is one step of `run()` in `demo.py` (the same code "
             f"`scratchlearn demo {stage.name}` runs). Run them in order: the figures are "
             f"drawn below their cell and also saved in `figures/{stage.name}/`.")
    cells = [("markdown", intro),
             ("code", "%matplotlib inline\n"
                      "from pathlib import Path\n\n"
                      "from scratchlearn.core.demo import draw_inline\n\n"
                      "draw_inline()  # show each figure below its cell as well as saving it\n"
                      f"{demo.out_dir} = Path(\"figures\") / \"{stage.name}\""),
             ("code", demo.setup)]
    if demo.helpers:
        cells += [("markdown", "The demo's helper functions, used by the steps below."),
                  ("code", demo.helpers)]
    for title, code in demo.steps:
        cells += [("markdown", f"### {title}"), ("code", code)]
    if stage.estimators:
        about = (f"`run()` returns `{demo.model}`, the model this stage is about. "
                 f"`scratchlearn demo {stage.name} --save model.npz` saves it "
                 "(`scratchlearn.save`, no pickle); `scratchlearn predict model.npz data.csv` "
                 "predicts with it.")
    else:
        about = (f"`run()` returns `{demo.model}`, what the demo fitted. This stage has no "
                 "model of its own: it chooses among the other stages' models.")
    cells += [("markdown", f"### The fitted model\n\n{about}"), ("code", demo.model)]
    return cells


def question_cells(stage, out_dir):
    """The interview questions, each answer folded in ``<details>``."""
    cards = parse_questions(_read(stage, "notes.md"), stage.name)
    cells = [("markdown", "## Interview questions\n\nAnswer each one yourself first, then "
                          "unfold ours.")]
    for k, card in enumerate(cards, start=1):
        cells.append(("markdown", f"**Q{k}. {card.question}**\n\n<details><summary>Our answer"
                                  f"</summary>\n\n{card.answer}\n\n</details>"))
    return cells


def exercise_cells(stage, out_dir):
    """Per exercise: the task, the starter as a cell that writes the learner's
    file (``%%writefile``), and a cell that grades it in a separate process."""
    exercises = exercises_for_stage(stage.name)
    if not exercises:
        return []
    cells = [("markdown", "## Write it yourself\n\nEach exercise below is a function of "
                          "this model's `model.py`. Fill in the function in the first cell "
                          "and run it (it writes the file), then run the check under it. "
                          "The checks compare your function with the library's own.")]
    for exercise in exercises:
        stars = "★" * exercise.difficulty + "☆" * (3 - exercise.difficulty)
        equations = ", ".join(f"({e})" for e in exercise.equations)
        cells += [
            ("markdown", f"### Exercise `{exercise.name}` {stars}: {exercise.goal}\n\n"
                         f"{exercise.task}\n\nThe notes' equations {equations}. Stuck? "
                         f"`scratchlearn check {exercise.name} --hint` in a terminal (then "
                         f"`--hint 2`, …)."),
            ("code", f"%%writefile {exercise.file_name()}\n{exercise.starter_source()}"),
            ("code", f"from scratchlearn.exercises import check\n\n"
                     f"check({exercise.name!r}, {exercise.file_name()!r})"),
        ]
    return cells


# The notebook, in order: one more kind of cell is one more function
# (stage, out_dir) -> [(kind, source)] placed here.
SECTIONS = (title_cells, notes_cells, demo_cells, exercise_cells, question_cells)


def notebook_cells(stage, out_dir="notebooks"):
    """``[(kind, source), ...]`` of the stage's notebook, as it would be written
    to ``out_dir`` (relative links in the notes point from there)."""
    return [cell for section in SECTIONS for cell in section(stage, out_dir)]


# ---------------------------------------------------------------------------
# writing
# ---------------------------------------------------------------------------

def write_notebook(name, out_dir):
    """Write ``out_dir/<name>.ipynb`` for the stage called ``name`` and return its path.

    Raises ``ImportError`` (naming the extra) without nbformat, ``KeyError``
    for an unknown stage, ``OSError`` when ``out_dir`` cannot be written.
    """
    stage = find_stage(name)
    if stage is None:
        raise KeyError(name)
    try:
        import nbformat
    except ImportError as error:
        raise ImportError(MISSING_NBFORMAT) from error
    out_dir = Path(out_dir)
    cells = []
    for k, (kind, source) in enumerate(notebook_cells(stage, out_dir), start=1):
        make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
        # Stable ids: generating twice gives the same file.
        cells.append(make(source, id=f"{stage.name}-{k}"))
    notebook = nbformat.v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
    })
    nbformat.validate(notebook)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{stage.name}.ipynb"
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")
    return path
