"""`scratchlearn notebook` and `scratchlearn demo --save`: notebooks generated
from each stage's notes.md and demo.py (docs/notebooks.md), executed headless
in the slow set; the demo's model saved and predicting what it predicted."""

import ast
import base64
import re
import subprocess
import sys
from importlib import import_module, resources

import nbformat
import numpy as np
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import scratchlearn
from scratchlearn.cli import _save_demo_model, main
from scratchlearn.datasets import load_diabetes
from scratchlearn.exercises import exercises_for_stage
from scratchlearn.notebook import (
    DemoConventionError,
    demo_cells,
    demo_steps,
    notebook_cells,
    write_notebook,
)
from scratchlearn.pipeline import make_pipeline
from scratchlearn.quiz import parse_questions
from scratchlearn.registry import STAGES, find_stage

CELL_TIMEOUT = 600      # seconds for one cell; the slowest demo step (MLP) takes ~60 s alone


def _source(stage, filename):
    return resources.files(stage.package).joinpath(filename).read_text(encoding="utf-8")


def _python(code):
    """A code cell as plain Python (IPython's % magics removed)."""
    return "\n".join(line for line in code.splitlines() if not line.startswith("%"))


# ---------------------------------------------------------------------------
# the demo convention, on every stage
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_every_demo_splits_into_steps_that_compile_at_top_level(stage):
    demo = demo_steps(_source(stage, "demo.py"))
    assert len(demo.steps) >= 2, "a demo of one step gives the notebook one long cell"
    cells = [code for kind, code in notebook_cells(stage) if kind == "code"]
    for code in cells:
        compile(_python(code), stage.name, "exec")    # a bare return would be a SyntaxError
    # Every statement of run's body lands in exactly one step, in order.
    run = next(node for node in ast.parse(_source(stage, "demo.py")).body
               if isinstance(node, ast.FunctionDef) and node.name == "run")
    body = [node for node in run.body[1:] if not isinstance(node, ast.Return)]
    stepped = [node for _, code in demo.steps for node in ast.parse(code).body]
    assert len(stepped) == len([node for node in body if not _is_guard(node)])
    demo_code = [code for kind, code in demo_cells(stage, "notebooks") if kind == "code"]
    assert demo_code[-1] == demo.model


def _is_guard(node):
    return isinstance(node, ast.If) and ast.unparse(node.test) == "plt is None"


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_notebook_holds_title_notes_demo_and_questions_in_order(stage):
    cells = notebook_cells(stage)
    kinds = [kind for kind, _ in cells]
    texts = [text for _, text in cells]
    notes = _source(stage, "notes.md")
    assert texts[0].startswith(notes.splitlines()[0] + "\n")      # the notes' "# Title"
    assert f"Stage {STAGES.index(stage) + 1} of {len(STAGES)}" in texts[0]
    assert f"`{stage.name}`" in texts[0] and stage.summary in texts[0]
    assert not any(text.startswith("# ") for kind, text in cells[1:] if kind == "markdown")
    headings = re.findall(r"^## .+$", notes, flags=re.MULTILINE)
    theory = [h for h in headings if h != "## Interview questions"]
    starts = [text.splitlines()[0] for text in texts]
    positions = [starts.index(heading) for heading in theory]
    assert positions == sorted(positions)
    demo_at = starts.index("## The demo, step by step")
    questions_at = starts.index("## Interview questions")
    assert positions[-1] < demo_at < questions_at
    # The demo's and the exercises' code cells sit between the two headings.
    assert "code" not in kinds[:demo_at] and "code" not in kinds[questions_at:]
    assert "%matplotlib inline" in texts[demo_at + 1]
    exercises = exercises_for_stage(stage.name)
    assert exercises
    exercises_at = starts.index("## Write it yourself")
    assert demo_at < exercises_at < questions_at
    for exercise in exercises:
        written = texts.index(f"%%writefile {exercise.file_name()}\n{exercise.starter_source()}")
        assert exercises_at < written < questions_at
        assert f"check({exercise.name!r}, {exercise.file_name()!r})" in texts[written + 1]

    cards = parse_questions(notes, stage.name)
    folded = texts[questions_at + 1:]
    assert len(folded) == len(cards) >= 5
    for k, (text, card) in enumerate(zip(folded, cards, strict=True), start=1):
        assert text.startswith(f"**Q{k}. {card.question}**")
        assert f"<details><summary>Our answer</summary>\n\n{card.answer}\n\n</details>" in text


def test_the_math_stays_latex_and_links_point_to_notebooks_or_files(tmp_path):
    svm = find_stage("svm")
    text = "\n".join(source for kind, source in notebook_cells(svm, tmp_path)
                     if kind == "markdown")
    assert "\\tag{" in text and "$$" in text
    assert "](kernel_svm.ipynb)" in text             # another stage's notes -> its notebook
    assert "../kernel_svm/notes.md" not in text
    target = re.search(r"\]\(([^)]*kernel_svm/model\.py)\)", text).group(1)
    assert (tmp_path / target).resolve().is_file()    # a code file: the real file, from there


# ---------------------------------------------------------------------------
# the convention's refusals
# ---------------------------------------------------------------------------

GOOD = '''"""A demo."""

import numpy as np

SIZE = 3


def run(out_dir):
    """Run it."""
    # %% Fit
    model = np.arange(SIZE)
    # %% Draw
    plt = pyplot()
    if plt is None:
        return model
    helper(plt)
    return model


def helper(plt):
    return plt


if __name__ == "__main__":
    run_as_script(run)
'''


def test_a_demo_is_cut_at_its_markers_and_the_guard_is_dropped():
    demo = demo_steps(GOOD)
    assert demo.docstring == "A demo."
    assert demo.setup == "import numpy as np\n\nSIZE = 3"
    assert demo.helpers == "def helper(plt):\n    return plt"
    assert demo.steps == [("Fit", "model = np.arange(SIZE)"),
                          ("Draw", "plt = pyplot()\nhelper(plt)")]
    assert (demo.out_dir, demo.model) == ("out_dir", "model")


@pytest.mark.parametrize("change, message", [
    (("    # %% Fit\n", ""), "must open with a step marker"),
    (("# %% Fit", "# %%"), "needs a title"),
    (("    helper(plt)\n    return model\n", "    helper(plt)\n"), "must end with 'return model'"),
    (("        return model\n", "        return None\n"), "must return what run returns"),
    (("    model = np.arange(SIZE)\n",
      "    model = np.arange(SIZE)\n    if SIZE > 2:\n        return model\n"),
     "a notebook cell cannot 'return'"),
    (("def run(out_dir)", "def run(out_dir, verbose)"), "one argument"),
    (("def run(out_dir)", "def main(out_dir)"), "no function run"),
])
def test_a_demo_that_breaks_the_convention_is_refused_with_its_line(change, message):
    source = GOOD.replace(*change)
    assert source != GOOD
    with pytest.raises(DemoConventionError, match=re.escape(message)):
        demo_steps(source, "family/model/demo.py")


def test_returns_inside_nested_functions_are_allowed():
    source = GOOD.replace("    model = np.arange(SIZE)\n",
                          "    def double(x):\n        return 2 * x\n"
                          "    model = double(np.arange(SIZE))\n")
    assert "return 2 * x" in demo_steps(source).steps[0][1]


# ---------------------------------------------------------------------------
# writing: the CLI
# ---------------------------------------------------------------------------

def test_notebook_command_writes_a_valid_notebook_the_same_every_time(tmp_path, capsys):
    assert main(["notebook", "huber_regression", "--out", str(tmp_path)]) == 0
    path = tmp_path / "huber_regression.ipynb"
    out = capsys.readouterr().out
    assert f"wrote {path}" in out and "open them" in out
    notebook = nbformat.read(path, as_version=4)
    nbformat.validate(notebook)
    assert notebook.metadata.kernelspec.name == "python3"
    assert [(cell.cell_type, cell.source) for cell in notebook.cells] == [
        (kind, source) for kind, source in notebook_cells(find_stage("huber_regression"),
                                                          tmp_path)]
    first = path.read_bytes()
    write_notebook("huber_regression", tmp_path)
    assert path.read_bytes() == first


def test_notebook_all_writes_one_file_per_stage(tmp_path):
    assert main(["notebook", "all", "--out", str(tmp_path / "nb")]) == 0
    assert sorted(p.name for p in (tmp_path / "nb").iterdir()) == sorted(
        f"{stage.name}.ipynb" for stage in STAGES)


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "scratchlearn", *args], capture_output=True,
                          text=True, timeout=300)


def test_notebook_for_an_unknown_stage_exits_2_with_the_names(tmp_path):
    result = run_cli("notebook", "no_such_model", "--out", str(tmp_path))
    assert result.returncode == 2
    assert "unknown model 'no_such_model'" in result.stderr
    assert all(stage.name in result.stderr for stage in STAGES)
    assert not list(tmp_path.iterdir())


def test_notebook_into_a_folder_that_cannot_be_made_says_so(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    result = run_cli("notebook", "svm", "--out", str(blocker / "notebooks"))
    assert result.returncode == 1
    assert f"cannot write notebooks to {blocker / 'notebooks'}" in result.stderr
    assert "Traceback" not in result.stderr


def test_notebook_without_nbformat_names_the_extra(tmp_path):
    script = ("import sys; sys.modules['nbformat'] = None\n"
              "from scratchlearn.cli import main\n"
              f"raise SystemExit(main(['notebook', 'svm', '--out', {str(tmp_path)!r}]))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 2
    assert "pip install 'scratchlearn[notebooks]'" in result.stderr
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.iterdir())


# ---------------------------------------------------------------------------
# demo --save
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["huber_regression", "logistic_regression"])
def test_demo_save_writes_the_demos_model_and_it_predicts_the_same(name, tmp_path, capsys,
                                                                    monkeypatch):
    stage = find_stage(name)
    module = import_module(stage.demo_module)
    returned = []
    run = module.run
    monkeypatch.setattr(module, "run", lambda out_dir: returned.append(run(out_dir)) or
                        returned[-1])
    path = tmp_path / "model.npz"
    assert main(["demo", name, "--out", str(tmp_path / "figures"), "--save", str(path)]) == 0
    model, = returned
    assert type(model).__name__ in stage.estimators
    out = capsys.readouterr().out
    assert f"saved {model!r}" in out and f"scratchlearn predict {path} data.csv" in out
    loaded = scratchlearn.load(path)
    X = np.random.default_rng(0).normal(size=(40, model.n_features_in_))
    np.testing.assert_array_equal(loaded.predict(X), model.predict(X))

    csv = tmp_path / "data.csv"
    np.savetxt(csv, X, delimiter=",")
    predicted = subprocess.run([sys.executable, "-m", "scratchlearn", "predict", str(path),
                                str(csv)], capture_output=True, text=True, check=True).stdout
    np.testing.assert_array_equal(np.array(predicted.split(), dtype=float), model.predict(X))


@pytest.mark.parametrize("where, reason", [
    ("missing/model.npz", "the folder {tmp}/missing does not exist"),
    ("a_file/model.npz", "{tmp}/a_file is a file, not a folder"),
    (".", "that is a folder"),
])
def test_demo_save_to_a_bad_path_fails_before_the_demo_runs(where, reason, tmp_path):
    (tmp_path / "a_file").write_text("")
    result = run_cli("demo", "svm", "--out", str(tmp_path / "figures"),
                     "--save", str(tmp_path / where))
    assert result.returncode == 2
    assert reason.format(tmp=tmp_path) in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == "" and not (tmp_path / "figures").exists()


def test_demo_save_of_a_stage_without_its_own_model_says_so(tmp_path, capsys):
    # What the model_selection demo returns: the pipeline its grid search chose.
    chosen = make_pipeline(scratchlearn.StandardScaler(), scratchlearn.RidgeRegression()).fit(
        *load_diabetes(return_X_y=True))
    path = tmp_path / "model.npz"
    assert _save_demo_model(find_stage("model_selection"), chosen, path) == 2
    error = capsys.readouterr().err
    assert "the model_selection stage has no model of its own to save" in error
    assert "Pipeline" in error
    assert not path.exists()


# ---------------------------------------------------------------------------
# every notebook, executed (slow)
# ---------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_every_notebook_runs_top_to_bottom(stage, tmp_path):
    path = write_notebook(stage.name, tmp_path)
    notebook = nbformat.read(path, as_version=4)
    # "python3" is ipykernel's own kernel: jupyter_client starts it with this
    # interpreter (sys.executable), so the kernel sees this checkout.
    client = NotebookClient(notebook, timeout=CELL_TIMEOUT, kernel_name="python3",
                            shutdown_kernel="immediate",
                            resources={"metadata": {"path": str(tmp_path)}})
    try:
        client.execute()
    except CellExecutionError as error:
        failed = next(cell for cell in notebook.cells if cell.cell_type == "code" and any(
            output.output_type == "error" for output in cell.get("outputs", ())))
        pytest.fail(f"{stage.name}.ipynb: this cell failed:\n{failed.source}\n\n{error}",
                    pytrace=False)

    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    images = [output for cell in code for output in cell.outputs
              if "image/png" in output.get("data", {})]
    assert images, "no figure was drawn inline"
    assert base64.b64decode(images[0].data["image/png"])[:4] == b"\x89PNG"
    assert list((tmp_path / "figures" / stage.name).glob("*.png"))
    text = "".join(output.get("text", "") for cell in code for output in cell.outputs)
    assert "Traceback" not in text
    # Each exercise's check cell grades the untouched starter: every check fails.
    for exercise in exercises_for_stage(stage.name):
        checked = next(cell for cell in code if f"check({exercise.name!r}" in cell.source)
        report = "".join(output.get("text", "") for output in checked.outputs)
        assert f"Checking {exercise.function} in {exercise.file_name()}" in report
        assert f"0 of {len(exercise.checks)} checks pass" in report
    demo_code = [cell for cell in code if "%%writefile" not in cell.source
                 and "scratchlearn.exercises import check" not in cell.source]
    last = demo_code[-1].outputs[-1]
    shown = last.data.get("text/html", "")
    expected = stage.estimators or ("Pipeline",)        # model selection: the chosen pipeline
    assert any(f"<strong>{name}</strong> (fitted)" in shown for name in expected), shown[:300]
