"""scratchlearn quiz: questions parsed from the notes, answered with piped input."""

import subprocess
import sys

from scratchlearn.quiz import parse_questions

NOTES = """# Model

Some theory.

## Interview questions

**Q: First question?**
A: First answer,
continued on a second line.

**Q: Second question?**
A: Second answer.

## References
- not a question
"""


def test_parse_questions_reads_pairs_in_order():
    cards = parse_questions(NOTES, "toy")
    assert [c.question for c in cards] == ["First question?", "Second question?"]
    assert cards[0].answer == "First answer, continued on a second line."
    assert cards[1].answer == "Second answer."
    assert parse_questions("# no section here") == []


def quiz(*args, stdin=""):
    return subprocess.run([sys.executable, "-m", "scratchlearn", "quiz", *args], input=stdin,
                          capture_output=True, text=True, timeout=60)


def test_answers_are_revealed_in_order_and_end_of_input_exits_cleanly():
    result = quiz("huber_regression", stdin="\n\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.index("Q1/") < out.index("A: ") < out.index("Q2/") < out.index("Q3/")
    assert out.count("A: ") == 2
    assert "Covered 2 of" in out


def test_list_prints_everything_without_prompting():
    result = quiz("linear_regression", "--list")
    assert result.returncode == 0
    assert result.stdout.count("?") >= 5 and "Covered" not in result.stdout


def test_selection_across_the_path_and_unknown_name():
    result = quiz("--count", "3", "--seed", "1", stdin="\n" * 5)
    assert result.returncode == 0 and "Covered 3 of 3" in result.stdout
    assert quiz("nope").returncode == 2
