"""The terminal reads well: math as Unicode, pipes closed early, a pager, examples in --help."""

import os
import pty
import subprocess
import sys

import pytest

from scratchlearn.terminal_math import render_markdown_math, render_math

COMMANDS = ["list", "demo", "notes", "tour", "compare", "predict", "quiz"]


@pytest.mark.parametrize(("tex", "text"), [
    (r"2/\|w\|", "2/‖w‖"),
    (r"\sigma(z) = \frac{1}{1 + e^{-z}}", "σ(z) = 1 / (1 + e^(-z))"),
    (r"\sum_{i=1}^{n} \alpha_i y_i = 0", "Σᵢ₌₁ⁿ αᵢ yᵢ = 0"),
    (r"0 \le \alpha_i \le C", "0 ≤ αᵢ ≤ C"),
    (r"\hat{y}_i \ne y_i", "ŷᵢ ≠ yᵢ"),
    (r"\mathbf{x}^\top w + b", "xᵀ w + b"),
    (r"\min_{w, b} \tfrac12 \|w\|^2", "min_(w, b) 1 / 2 ‖w‖²"),
    (r"y \in \{-1, +1\}", "y ∈ {-1, +1}"),
    (r"\nabla_w L = \frac{1}{n} X^\top (p - y) \tag{4}", "∇_w L = 1 / n Xᵀ (p - y)  (4)"),
    (r"\sqrt{\lambda_{\max}}", "√(λₘₐₓ)"),
])
def test_latex_becomes_readable_unicode(tex, text):
    assert render_math(tex) == text


def test_markdown_keeps_prose_and_renders_inline_and_display_math():
    markdown = "Cost $5 or $6, margin $2/\\|w\\|$.\n\n$$\nz = Xw + b \\tag{1}\n$$\n"
    assert render_markdown_math(markdown) == "Cost $5 or $6, margin 2/‖w‖.\n\n    z = Xw + b  (1)\n"


def scratchlearn(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "scratchlearn", *args], capture_output=True,
                          text=True, timeout=120, **kwargs)


def test_notes_piped_into_head_ends_quietly():
    command = f"{sys.executable} -m scratchlearn notes knn | head -n 2"
    result = subprocess.run(["bash", "-o", "pipefail", "-c", command], capture_output=True,
                            text=True, timeout=120)
    assert result.stdout.startswith("# k-nearest neighbours")
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_notes_render_math_unless_raw():
    rendered, raw = scratchlearn("notes", "svm").stdout, scratchlearn("notes", "svm", "--raw").stdout
    assert "‖w‖" in rendered and "\\|w\\|" not in rendered
    assert "\\|w\\|" in raw and "‖w‖" not in raw


def test_notes_go_through_the_pager_in_a_terminal(tmp_path):
    paged = tmp_path / "paged.txt"
    env = {**os.environ, "PAGER": f"sh -c 'cat > {paged}'"}
    pid, fd = pty.fork()
    if pid == 0:
        os.execvpe(sys.executable, [sys.executable, "-m", "scratchlearn", "notes", "svm"], env)
    while True:
        try:
            if not os.read(fd, 4096):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    assert paged.read_text(encoding="utf-8").startswith("# The linear support vector machine")


def test_quiz_count_asks_that_many_of_one_stages_questions():
    result = scratchlearn("quiz", "svm", "--count", "2", "--seed", "3", input="\n\n\n")
    assert result.returncode == 0, result.stderr
    assert "Q1/2 [svm]" in result.stdout and "Q2/2 [svm]" in result.stdout
    assert "Q3/" not in result.stdout and "Covered 2 of 2" in result.stdout
    assert scratchlearn("quiz", "svm", "--count", "0").returncode == 2


@pytest.mark.parametrize("command", COMMANDS)
def test_every_commands_help_shows_an_example(command):
    result = scratchlearn(command, "--help")
    assert result.returncode == 0
    assert f"example:\n  scratchlearn {command}" in result.stdout
