"""Interview questions, parsed from the "Interview questions" section that ends
every notes.md: one source for the notes and the ``scratchlearn quiz`` command."""

import re
from dataclasses import dataclass

SECTION = "## Interview questions"
QUESTION = re.compile(r"^\*\*Q:\s*(.+?)\*\*\s*$")


@dataclass(frozen=True)
class Card:
    stage: str
    question: str
    answer: str


def parse_questions(notes, stage=""):
    """The (question, answer) cards of a notes.md text, in order.

    A question is a line ``**Q: …**``; its answer is the following paragraph,
    which starts with ``A:``.
    """
    _, found, section = notes.partition(SECTION)
    if not found:
        return []
    section = re.split(r"^## ", section, flags=re.MULTILINE)[0]
    cards = []
    question, answer_lines = None, []
    for line in section.splitlines() + [""]:
        match = QUESTION.match(line.strip())
        if match:
            question, answer_lines = match.group(1), []
        elif question is not None and line.strip():
            answer_lines.append(line.strip())
        elif question is not None and answer_lines:
            answer = " ".join(answer_lines)
            cards.append(Card(stage, question, answer.removeprefix("A:").strip()))
            question, answer_lines = None, []
    return cards
