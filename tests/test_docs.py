"""Every Markdown file is sound: relative links and images resolve, display math
is closed, and every model's notes end with at least five interview questions."""

import re
from pathlib import Path

import pytest

from scratchlearn.quiz import parse_questions
from scratchlearn.registry import STAGES

ROOT = Path(__file__).resolve().parents[1]
SKIP = {".venv", "scratchlearn-output", ".git", ".pytest_cache", "build"}
MARKDOWN = sorted(p for p in ROOT.rglob("*.md")
                  if not SKIP & set(p.relative_to(ROOT).parts))
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"```.*?```", "", text, flags=re.DOTALL)  # code blocks are not links
    text = re.sub(r"`[^`\n]*`", "", text)                    # nor are inline code spans
    for target in LINK.findall(text):
        if re.match(r"^[a-z]+:", target) or target.startswith("#"):
            continue
        resolved = (path.parent / target.split("#")[0]).resolve()
        assert resolved.exists(), f"{path.relative_to(ROOT)} links to missing {target}"


@pytest.mark.parametrize("path", MARKDOWN, ids=lambda p: str(p.relative_to(ROOT)))
def test_display_math_is_closed(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("$$") % 2 == 0, f"{path.relative_to(ROOT)} has an unclosed $$ block"


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_notes_end_with_interview_questions(stage):
    package = ROOT / Path(*stage.package.split("."))
    cards = parse_questions((package / "notes.md").read_text(encoding="utf-8"), stage.name)
    assert len(cards) >= 5, f"{stage.name}/notes.md has {len(cards)} interview questions"
    for card in cards:
        assert len(card.question) > 10 and len(card.answer) > 20


@pytest.mark.parametrize("stage", STAGES, ids=lambda s: s.name)
def test_equations_cited_in_model_exist_in_notes(stage):
    package = ROOT / Path(*stage.package.split("."))
    notes = (package / "notes.md").read_text(encoding="utf-8")
    tags = set(re.findall(r"\\tag\{(\d+)\}", notes))
    # A stage without a model.py (model selection) cites from all its modules.
    modules = ([package / "model.py"] if (package / "model.py").is_file() else
               sorted(p for p in package.glob("*.py") if p.name not in ("demo.py", "__init__.py")))
    code = "".join(p.read_text(encoding="utf-8") for p in modules)
    cited = set(re.findall(r"eqs?\. (\d+)", code))
    cited |= {n for a, b in re.findall(r"eqs\. (\d+)[–-](\d+)", code)
              for n in map(str, range(int(a), int(b) + 1))}
    assert cited, f"{stage.name}/model.py cites no equation of its notes"
    assert cited <= tags, f"{stage.name}/model.py cites eq. {sorted(cited - tags)} missing in notes"
