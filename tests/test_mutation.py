"""`make mutate` cannot rot: the driver runs mutmut on one small function and
the report it writes says every planted bug there was caught.

The full run (every model folder) takes hours on two cores, so CI runs this
smoke only: SimpleLinearRegression._closed_form (eq. 4), whose mutants are all
killed by tests/regression/test_linear_regression.py."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

@pytest.mark.slow
def test_mutating_the_closed_form_of_simple_regression_kills_every_mutant(tmp_path):
    results = tmp_path / "results"
    completed = subprocess.run(
        [sys.executable, "-m", "benchmarks.mutation", "linear_regression",
         "--functions", "_closed_form", "--jobs", "1",
         "--results", str(results), "--work", str(tmp_path / "work")],
        cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert completed.returncode == 0, completed.stdout + completed.stderr

    entry = json.loads((results / "mutation.json").read_text())["linear_regression"]
    # the closed form's centring, the division, the constant-x guard, the intercept
    assert entry["generated"] >= 10
    assert entry["counts"]["killed"] == entry["generated"]
    assert entry["survivors"] == []
    assert entry["files"] == ["scratchlearn/regression/linear_regression/__init__.py",
                              "scratchlearn/regression/linear_regression/model.py"]
    assert entry["tests"] == ["tests/regression/test_linear_regression.py"]

    report = (results / "mutation.md").read_text()
    row = re.search(r"^\| linear_regression \| (\d+) \| (\d+) \| (\d+) \| (\d+) \| (\d+) "
                    r"\| ([\d.]+) % \|", report, flags=re.MULTILINE)
    assert row is not None, report
    generated, killed, survived, timed_out, equivalent = map(int, row.groups()[:5])
    assert (generated, killed, survived, timed_out, equivalent) == (
        entry["generated"], entry["generated"], 0, 0, 0)
    assert float(row.group(6)) == 100.0
    # the other model folders keep a row, marked as not measured in this run
    assert re.search(r"^\| decision_tree \| not yet measured", report, flags=re.MULTILINE)


def test_each_model_folder_is_mutated_against_its_own_tests(monkeypatch):
    monkeypatch.syspath_prepend(str(ROOT))
    from benchmarks.mutation import files_to_mutate, model_stages, tests_for

    stages = {s.name: s for s in model_stages()}
    assert "model_selection" not in stages
    tree = stages["decision_tree"]
    assert "scratchlearn/trees/decision_tree/demo.py" not in files_to_mutate(tree)
    assert not any(path.endswith("exercises.py") for path in files_to_mutate(tree))
    assert "scratchlearn/trees/decision_tree/range_median.py" in files_to_mutate(tree)
    # its own tests, and those of the ensembles built from its trees
    assert {"tests/trees/test_decision_tree.py", "tests/trees/test_engines.py",
            "tests/ensemble/test_random_forest.py"} <= set(tests_for(tree))
    assert tests_for(stages["svm"]) == ["tests/classification/test_linear_svm.py"]
    # ridge solves through multiple regression's normal equations
    assert "tests/regression/test_ridge_regression.py" in tests_for(
        stages["multiple_linear_regression"])
    assert "tests/regression/test_ridge_regression.py" not in tests_for(stages["linear_regression"])
    for stage in stages.values():
        assert tests_for(stage), stage.name
