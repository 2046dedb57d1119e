"""The scratchlearn command: list, demo, notes, tour, and the registry behind it."""

import subprocess
import sys
from importlib import import_module, resources

import pytest

import scratchlearn
from scratchlearn.cli import main
from scratchlearn.exercises import all_exercises
from scratchlearn.registry import STAGES


def run_cli(*args, timeout=600):
    return subprocess.run([sys.executable, "-m", "scratchlearn", *args], capture_output=True,
                          text=True, timeout=timeout)


def test_list_prints_every_stage_in_order(capsys):
    assert main(["list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].split()[:3] == ["stage", "name", "family"]
    assert [line.split()[1] for line in lines[1:]] == [stage.name for stage in STAGES]


def test_path_keeps_the_seed_order():
    # The seed's stages come first in their order; the regression stages that
    # build on them (ridge … Bayesian) and model selection sit between them.
    seed = ["linear_regression", "multiple_linear_regression", "huber_regression",
            "logistic_regression", "svm"]
    names = [stage.name for stage in STAGES]
    present = [name for name in seed if name in names]
    assert names[0] == present[0]
    assert [name for name in names if name in seed] == present
    assert all(STAGES[k].family in ("regression", "model_selection")
               for k in range(names.index("svm")) if names[k] not in seed)


def test_unknown_name_exits_2_and_lists_valid_names():
    result = run_cli("demo", "no_such_model")
    assert result.returncode == 2
    assert "unknown model 'no_such_model'" in result.stderr
    assert STAGES[0].name in result.stderr
    assert run_cli("notes", "nope").returncode == 2


def test_notes_prints_the_notes(capsys):
    assert main(["notes", STAGES[0].name]) == 0
    assert capsys.readouterr().out.startswith("# ")


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_every_stage_is_complete(stage):
    package = resources.files(stage.package)
    # model.py holds a stage's estimators; a stage without estimators (model
    # selection) has its code in modules named for what they do.
    required = ["demo.py", "notes.md", "__init__.py"] + (["model.py"] if stage.estimators else [])
    for filename in required:
        assert package.joinpath(filename).is_file(), f"{stage.name} lacks {filename}"
    module = import_module(stage.package)
    for name in stage.estimators:
        assert getattr(module, name) is getattr(scratchlearn, name)
    assert callable(import_module(stage.demo_module).run)


def test_all_estimators_lists_every_registered_class():
    names = [name for name, _ in scratchlearn.all_estimators()]
    for stage in STAGES:
        assert set(stage.estimators) <= set(names)
    assert len(names) == len(set(names))
    with pytest.raises(AttributeError):
        scratchlearn.NoSuchModel  # noqa: B018


@pytest.mark.slow
def test_tour_writes_a_report_naming_every_stage(tmp_path):
    result = run_cli("tour", "--out", str(tmp_path), timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    for k, stage in enumerate(STAGES, start=1):
        assert f'id="{stage.name}"' in report
        assert f"stage {k} of {len(STAGES)}" in result.stdout
    for exercise in all_exercises():
        assert f"scratchlearn exercise {exercise.name}</code>" in report
    assert "FAILED" not in result.stdout
    figures = list(tmp_path.rglob("*.png"))
    assert len(figures) >= len(STAGES)
    for figure in figures:
        assert str(figure.relative_to(tmp_path)) in report


@pytest.mark.slow
def test_tour_without_matplotlib_prints_numbers_and_says_how_to_get_figures(tmp_path):
    # Make `import matplotlib` fail, as on a machine without the plot extra.
    script = ("import sys; sys.modules['matplotlib'] = None\n"
              "from scratchlearn.cli import main\n"
              f"raise SystemExit(main(['tour', '--out', {str(tmp_path)!r}]))\n")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            timeout=900)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert result.stdout.count("pip install 'scratchlearn[plot]'") >= len(STAGES)
    assert not list(tmp_path.rglob("*.png"))
    assert "agree" in result.stdout
