"""The library depends on NumPy alone: nothing under scratchlearn/ imports
scikit-learn, SciPy, statsmodels, pandas or matplotlib when it is imported."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scratchlearn"
FORBIDDEN = ("sklearn", "scipy", "statsmodels", "pandas", "matplotlib")


def test_importing_every_module_loads_none_of_the_reference_libraries():
    script = f"""
import importlib, pkgutil, sys
import scratchlearn
for module in pkgutil.walk_packages(scratchlearn.__path__, "scratchlearn."):
    importlib.import_module(module.name)
scratchlearn.all_estimators()
loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set({FORBIDDEN!r}))
print(",".join(loaded))
"""
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                            check=True)
    assert result.stdout.strip() == ""


@pytest.mark.parametrize("path", sorted(PACKAGE.rglob("*.py")), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_no_module_level_import_of_reference_libraries(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in tree.body:
        names = []
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module]
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name} at module level"
