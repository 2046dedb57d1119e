"""Long commands say how far along they are: one redrawn line in a terminal,
plain lines in a log."""

import io
import sys

from scratchlearn import cli
from scratchlearn.progress import Progress
from scratchlearn.registry import STAGES


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_a_log_gets_one_plain_line_per_event():
    log = io.StringIO()
    progress = Progress(2, log)
    progress.start(1, "alpha")
    progress.finish(1, "alpha", "done in 1.0 s")
    assert log.getvalue() == "[1/2] alpha …\n[1/2] alpha done in 1.0 s\n"
    assert "\r" not in log.getvalue()


def test_a_terminal_redraws_one_line_until_the_step_is_finished():
    terminal = Terminal()
    progress = Progress(2, terminal)
    progress.start(2, "beta")
    progress.finish(2, "beta", "FAILED in 0.5 s")
    assert terminal.getvalue() == "\r\033[K[2/2] beta …\r\033[K[2/2] beta FAILED in 0.5 s\n"


def test_tour_in_a_terminal_shows_progress_and_keeps_the_demo_output_for_the_report(
        tmp_path, monkeypatch):
    stages = [s for s in STAGES if s.name in ("linear_regression", "naive_bayes")]
    monkeypatch.setattr(cli, "STAGES", stages)
    terminal = Terminal()
    monkeypatch.setattr(sys, "stdout", terminal)
    assert cli.main(["tour", "--out", str(tmp_path)]) == 0
    shown = terminal.getvalue()
    assert "[1/2] linear_regression …" in shown and "[2/2] naive_bayes done in" in shown
    assert "=== stage" not in shown
    report = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'id="naive_bayes"' in report and "<pre>" in report
    assert len(report.split("<pre>")[1].split("</pre>")[0].strip()) > 50
