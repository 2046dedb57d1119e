"""The library depends on NumPy alone: nothing under scratchlearn/ imports
scikit-learn, SciPy, statsmodels, pandas or matplotlib, neither when it is
imported nor while it fits and predicts.

Three checks, each able to catch what the others miss:
* every import statement in the package, at any depth (inside functions too),
  is either free of the reference libraries or one of the documented lazy
  imports in ``LAZY_IMPORTS``;
* ``importlib.import_module`` / ``__import__`` (imports that no import
  statement shows) are called only from the modules in ``DYNAMIC_IMPORTERS``;
* in a fresh interpreter, importing every module and then fitting and
  predicting with every registered estimator loads none of them.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "scratchlearn"
FORBIDDEN = ("sklearn", "scipy", "statsmodels", "pandas", "matplotlib")

# (file pattern relative to scratchlearn/, enclosing function or "*") -> libraries
# it may import there, and why.
LAZY_IMPORTS = {
    # scikit-learn's test suite asks for its own Tags objects; only it calls this.
    ("core/base.py", "__sklearn_tags__"): {"sklearn"},
    # `scratchlearn compare` checks that its reference is installed before it starts.
    ("cli.py", "_compare"): {"sklearn"},
    # `scratchlearn compare` builds each model's scikit-learn counterpart, when it runs.
    ("compare.py", "*"): {"sklearn"},
    # The demos' shared figure helpers.
    ("core/demo.py", "*"): {"matplotlib"},
    # Demos draw figures and print scikit-learn's answer beside ours, inside run().
    ("*/demo.py", "*"): {"matplotlib", "sklearn"},
}

# Modules that import by name at run time, and what they import.
DYNAMIC_IMPORTERS = {
    "__init__.py": "scratchlearn's own estimators, from the registry",
    "cli.py": "each stage's demo module, from the registry",
    "compare.py": "the scikit-learn counterpart named in each comparison row",
    "core/persistence.py": "the registered classes a model file names, from the registry",
    "exercises/catalog.py": "each stage's exercises.py, from the registry",
    "exercises/spec.py": "the model module an exercise's reference function lives in",
}

MODULES = sorted(PACKAGE.rglob("*.py"))


def _relative(path):
    return path.relative_to(PACKAGE).as_posix()


def _imports_with_their_function(tree):
    """``(function name or "<module>", imported module, line)`` for every import statement."""
    found = []

    def visit(node, function):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Import):
                found.extend((function, alias.name, child.lineno) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.module and child.level == 0:
                found.append((function, child.module, child.lineno))
            visit(child, function)

    visit(tree, "<module>")
    return found


def _allowed(relative, function, library):
    for (pattern, where), libraries in LAZY_IMPORTS.items():
        matches_file = relative == pattern or (
            pattern.startswith("*/") and relative.endswith(pattern[1:]))
        if matches_file and where in ("*", function) and function != "<module>":
            if library in libraries:
                return True
    return False


def forbidden_imports(relative, source):
    """Every import of a reference library in ``source`` that ``LAZY_IMPORTS`` does not allow."""
    problems = []
    for function, module, line in _imports_with_their_function(ast.parse(source)):
        library = module.split(".")[0]
        if library in FORBIDDEN and not _allowed(relative, function, library):
            problems.append(f"{relative}:{line} imports {module} in {function}")
    return problems


@pytest.mark.parametrize("path", MODULES, ids=_relative)
def test_no_import_statement_reaches_a_reference_library(path):
    assert forbidden_imports(_relative(path), path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", MODULES, ids=_relative)
def test_imports_by_name_only_where_documented(path):
    if _relative(path) in DYNAMIC_IMPORTERS:
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    calls = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Call) and (
        (isinstance(node.func, ast.Name) and node.func.id in ("import_module", "__import__"))
        or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"))]
    assert calls == [], f"{_relative(path)} imports by name at lines {calls}"


def test_the_scan_catches_imports_inside_functions():
    planted = ("import numpy as np\n\n\nclass HuberRegression:\n    def fit(self, X, y):\n"
               "        import scipy.linalg\n        return self\n")
    assert forbidden_imports("regression/huber_regression/model.py", planted) == [
        "regression/huber_regression/model.py:6 imports scipy.linalg in fit"]
    assert forbidden_imports("classification/svm/demo.py",
                             "def run(out):\n    from sklearn.svm import SVC\n") == []
    assert forbidden_imports("classification/svm/demo.py", "import matplotlib\n") != []
    assert forbidden_imports("core/base.py",
                             "def fit(self):\n    from sklearn.utils import Tags\n") != []


RUNTIME_SCRIPT = f"""
import importlib, pkgutil, sys, warnings
import numpy as np
import scratchlearn
from scratchlearn.datasets import load_iris
for module in pkgutil.walk_packages(scratchlearn.__path__, "scratchlearn."):
    if not module.name.endswith(".demo"):
        importlib.import_module(module.name)
X, y = load_iris(return_X_y=True)
X, y = X[::3], y[::3]
warnings.simplefilter("ignore")
for name, cls in scratchlearn.all_estimators():
    estimator = cls()
    kind = getattr(estimator, "_estimator_type", None)
    features = X[:, :1] if name == "SimpleLinearRegression" else X
    target = {{"classifier": y, "regressor": features[:, -1] + y}}.get(kind)
    estimator.fit(features, target) if target is not None else estimator.fit(features)
    for method in ("predict", "predict_proba", "decision_function", "transform"):
        if hasattr(estimator, method):
            getattr(estimator, method)(features)
loaded = sorted({{name.split(".")[0] for name in sys.modules}} & set({FORBIDDEN!r}))
print(",".join(loaded))
"""


def test_fitting_and_predicting_with_every_estimator_loads_no_reference_library():
    result = subprocess.run([sys.executable, "-c", RUNTIME_SCRIPT], capture_output=True,
                            text=True, check=True)
    assert result.stdout.strip() == ""
