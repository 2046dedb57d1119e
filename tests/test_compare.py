"""scratchlearn compare: a row per model, real numbers, files written."""

import subprocess
import sys

import numpy as np
import pytest

from scratchlearn.compare import COMPARISONS, run_comparisons
from scratchlearn.registry import STAGES


def test_every_model_has_a_comparison():
    models = {name for stage in STAGES for name in stage.estimators}
    assert models == {c.estimator for c in COMPARISONS}


@pytest.mark.slow
def test_compare_all_on_a_small_size_writes_a_row_per_model(tmp_path):
    rows = run_comparisons(repeat=1, max_samples=400, out=tmp_path)
    assert [row["model"] for row in rows] == [c.estimator for c in COMPARISONS]
    for row in rows:
        assert np.isfinite([row["score_ours"], row["score_sklearn"], row["fit_ratio"],
                            row["predict_ratio"], row["max_difference"]]).all()
        # The same model on the same split scores the same to within a few points.
        assert abs(row["score_ours"] - row["score_sklearn"]) < 0.05, row
    table = (tmp_path / "compare.md").read_text()
    assert table.count("\n") == len(rows) + 2
    assert (tmp_path / "compare.png").stat().st_size > 1000


def test_compare_one_model_from_the_command_line():
    result = subprocess.run([sys.executable, "-m", "scratchlearn", "compare", "HuberRegression",
                             "--repeat", "1"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "| HuberRegression | diabetes |" in result.stdout
    bad = subprocess.run([sys.executable, "-m", "scratchlearn", "compare", "Nope"],
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "Valid names" in bad.stderr
