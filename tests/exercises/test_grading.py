"""The grader against learners' files that misbehave: each is a failing
check with a plain message, never a traceback from the grader, and the
learner's code never runs in the grader's process."""

import os
import subprocess
import sys
import textwrap

import pytest

from scratchlearn.exercises import get_exercise, grade, grading

NAME = "linear_regression.gradient"
SOLUTION_BODY = """r = w * x + b - y
return np.mean(r ** 2), 2.0 * np.mean(r * x), 2.0 * np.mean(r)
"""


def learner_file(tmp_path, body, prelude=""):
    path = tmp_path / "mine.py"
    path.write_text(f"import numpy as np\n{textwrap.dedent(prelude)}\n\n"
                    f"def mse_loss_and_gradient(w, b, x, y):\n"
                    f"{textwrap.indent(textwrap.dedent(body), '    ')}\n")
    return path


def only_messages(rows):
    return [message for _, passed, message, _ in rows if not passed]


def test_a_right_answer_written_differently_passes(tmp_path):
    rows, notes = grade(NAME, learner_file(tmp_path, SOLUTION_BODY))
    assert only_messages(rows) == [] and notes == []


def test_an_endless_loop_is_stopped_and_named(tmp_path):
    rows, _ = grade(NAME, learner_file(tmp_path, "while True:\n    pass"), time_limit=3)
    assert "did not finish within 3 s" in rows[0][2]
    assert all(message == "not run" for _, _, message, _ in rows[1:])


def test_a_file_that_loops_while_loading_is_stopped(tmp_path, monkeypatch):
    monkeypatch.setattr(grading, "LOAD_LIMIT", 3.0)
    path = learner_file(tmp_path, SOLUTION_BODY, prelude="while True:\n    pass")
    rows, notes = grade(NAME, path)
    assert not any(passed for _, passed, _, _ in rows)
    assert any("did not finish loading within 3 s" in note for note in notes)


def test_an_exception_names_its_type_and_the_learners_line(tmp_path):
    rows, _ = grade(NAME, learner_file(tmp_path, "return 1 / 0"))
    assert all("ZeroDivisionError" in m and "line 5 of your file" in m
               for m in only_messages(rows))


def test_a_wrong_return_type_or_count_is_explained(tmp_path):
    rows, _ = grade(NAME, learner_file(tmp_path, "return 'a loss'"))
    assert "expected a tuple of 3 values (loss, grad_w, grad_b)" in rows[0][2]
    rows, _ = grade(NAME, learner_file(tmp_path, "return 1.0, 2.0"))
    assert "returned 2 values; expected 3" in rows[0][2]
    rows, _ = grade(NAME, learner_file(tmp_path, "return None"))
    assert "expected a tuple" in rows[0][2]
    rows, _ = grade(NAME, learner_file(tmp_path, "return 'a', 'b', 'c'"))
    assert "loss: got a str" in rows[0][2] or "not a number" in rows[0][2]


def test_a_wrong_shape_is_reported_as_a_shape(tmp_path):
    body = "r = w * x + b - y\nreturn np.mean(r ** 2), 2 * r * x, 2.0 * np.mean(r)"
    rows, _ = grade(NAME, learner_file(tmp_path, body))
    assert "grad_w has shape (3,); expected ()" in rows[0][2]


def test_printing_a_lot_is_cut_short_and_reported(tmp_path):
    rows, notes = grade(NAME, learner_file(tmp_path, "print('x' * 100000)\n" + SOLUTION_BODY))
    assert only_messages(rows) == []
    assert any("printed" in note and len(note) < 2500 for note in notes)


@pytest.mark.parametrize("text, fragment", [
    ("def mse_loss_and_gradient(w, b, x, y)\n    return 0\n", "does not parse"),
    ("import numpy as np\n", "defines no function named mse_loss_and_gradient"),
    ("raise RuntimeError('broken on import')\n", "RuntimeError: broken on import"),
    ("import sys\nsys.exit(3)\n", "SystemExit"),
])
def test_a_file_that_cannot_be_loaded_fails_every_check(tmp_path, text, fragment):
    path = tmp_path / "mine.py"
    path.write_text(text)
    rows, notes = grade(NAME, path)
    assert not any(passed for _, passed, _, _ in rows)
    assert any(fragment in note for note in notes), notes


def test_a_learner_that_kills_the_interpreter_is_reported(tmp_path):
    rows, _ = grade(NAME, learner_file(tmp_path, "import os\nos._exit(7)"))
    assert "exit status 7" in rows[0][2]


def test_the_learners_code_runs_in_another_process(tmp_path):
    body = f"open({str(tmp_path / 'pid')!r}, 'w').write(str(__import__('os').getpid()))\n" \
           + SOLUTION_BODY
    grade(NAME, learner_file(tmp_path, body))
    assert int((tmp_path / "pid").read_text()) != os.getpid()


def cli(*args, cwd):
    return subprocess.run([sys.executable, "-m", "scratchlearn", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_the_command_line_writes_a_starter_grades_it_and_keeps_work(tmp_path):
    listing = cli("exercise", "--list", cwd=tmp_path)
    assert listing.returncode == 0 and NAME in listing.stdout
    written = cli("exercise", NAME, "--out", "work", cwd=tmp_path)
    assert written.returncode == 0
    starter = tmp_path / "work" / "linear_regression_gradient.py"
    assert "def mse_loss_and_gradient(w, b, x, y):" in starter.read_text()
    again = cli("exercise", NAME, "--out", "work", cwd=tmp_path)
    assert again.returncode == 1 and "--force" in again.stderr
    graded = cli("check", NAME, str(starter), cwd=tmp_path)
    assert graded.returncode == 1
    assert "FAIL" in graded.stdout and "--hint" in graded.stdout
    assert "Traceback" not in graded.stdout + graded.stderr
    starter.write_text(starter.read_text().replace(
        'raise NotImplementedError("write mse_loss_and_gradient (see its docstring)")',
        SOLUTION_BODY.strip().replace("\n", "\n    ")))
    assert cli("check", NAME, str(starter), cwd=tmp_path).returncode == 0


def test_the_command_line_gives_hints_the_solution_and_clear_errors(tmp_path):
    hint = cli("check", NAME, "--hint", cwd=tmp_path)
    assert hint.returncode == 0 and "Hint 1 of 3" in hint.stdout
    assert cli("check", NAME, "--hint", "9", cwd=tmp_path).returncode == 2
    solution = cli("check", NAME, "--solution", cwd=tmp_path)
    assert solution.returncode == 0
    assert get_exercise(NAME).solution_source() in solution.stdout
    unknown = cli("check", "linear_regresion.gradient", "x.py", cwd=tmp_path)
    assert unknown.returncode == 2 and "Did you mean linear_regression.gradient" in unknown.stderr
    missing = cli("check", NAME, "nowhere.py", cwd=tmp_path)
    assert missing.returncode == 2 and "no file" in missing.stderr
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where a folder should be")
    unwritable = cli("exercise", NAME, "--out", str(blocked / "sub"), cwd=tmp_path)
    assert unwritable.returncode == 1 and "cannot write" in unwritable.stderr


def test_the_hint_shown_is_the_one_for_the_wrong_output(tmp_path):
    body = "r = w * x + b - y\nreturn np.mean(r ** 2), 2.0 * np.mean(r * x), np.mean(r)"
    rows, _ = grade(NAME, learner_file(tmp_path, body))
    assert rows[0][2].startswith("grad_b is")
    assert rows[0][3] == get_exercise(NAME).output_hints["grad_b"]
