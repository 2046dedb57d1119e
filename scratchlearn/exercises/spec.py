"""What an exercise is, and how its starter and solution are cut from the model
files.

An exercise asks a learner to write one function of a model: the heart of the
algorithm, a function the model itself calls. Its reference is that function
in the model folder, marked by the comment line

    # exercise: <stage>.<part>

directly above its ``def``. The solution a learner can ask for is that
function's source; the starter keeps its signature and docstring and raises
``NotImplementedError``. Both are cut from the current file each time, so the
exercise, its solution and the library cannot drift apart.
"""

import ast
import textwrap
from dataclasses import dataclass, field
from importlib import import_module, util
from pathlib import Path

MARKER = "# exercise: "


@dataclass(frozen=True)
class Exercise:
    """One function to write and the checks that grade it.

    ``name`` is ``<stage>.<part>``; ``function`` the marked function's name in
    ``<stage package>.<module>``; ``task`` what to do, with shapes;
    ``equations`` the notes' equation numbers to read; ``hints`` go from a
    nudge to nearly the answer; ``example`` is the source of a small run for
    the starter's ``__main__`` block (``np`` is imported);
    ``output_hints`` maps a returned value's name (as the reference's
    ``return`` names it) to the hint shown when that value is the wrong one,
    in place of the check's own hint. ``module`` may also be a full
    ``scratchlearn.…`` path, for a stage whose heart lives in another stage's
    folder.
    """

    name: str
    function: str
    goal: str
    difficulty: int
    task: str
    equations: tuple
    checks: tuple
    hints: tuple
    example: str
    module: str = "model"
    output_hints: dict = field(default_factory=dict, compare=False)
    package: str = field(default="", compare=False)

    @property
    def stage(self):
        return self.name.split(".", 1)[0]

    @property
    def module_name(self):
        # A full module path, for a stage whose heart lives in another stage's
        # folder (the random forest's feature draws are made by its trees).
        if self.module.startswith("scratchlearn."):
            return self.module
        return f"{self.package}.{self.module}"

    def reference(self):
        """The library's own function: what the learner's is graded against."""
        return getattr(import_module(self.module_name), self.function)

    def region(self):
        """The marked function's (path, first line, last line, source lines, ast
        node, module tree), found fresh in the model file."""
        path = Path(util.find_spec(self.module_name).origin)
        lines = path.read_text(encoding="utf-8").splitlines()
        tree = ast.parse("\n".join(lines))
        marker = f"{MARKER}{self.name}"
        for node in tree.body:
            if isinstance(node, ast.FunctionDef) and node.name == self.function:
                if lines[node.lineno - 2].strip() != marker:
                    raise LookupError(f"{path}: the line above `def {self.function}` should "
                                      f"be `{marker}`.")
                return path, node.lineno, node.end_lineno, lines, node, tree
        raise LookupError(f"{path} defines no top-level function {self.function}.")

    def solution_source(self):
        """The reference function exactly as the model file has it."""
        _, first, last, lines, _, _ = self.region()
        return "\n".join(lines[first - 1:last]) + "\n"

    def imports(self):
        """Import lines for the module-level names the reference uses (NumPy and
        the model file's helpers), so a solution file runs on its own."""
        _, _, _, _, node, tree = self.region()
        defined = {}
        for statement in tree.body:
            if isinstance(statement, (ast.Import, ast.ImportFrom)):
                for alias in statement.names:
                    defined[alias.asname or alias.name.split(".")[0]] = statement
            elif isinstance(statement, (ast.FunctionDef, ast.ClassDef)):
                defined[statement.name] = None
            elif isinstance(statement, ast.Assign):
                for target in statement.targets:
                    if isinstance(target, ast.Name):
                        defined[target.id] = None
        used = sorted({n.id for n in ast.walk(node)
                       if isinstance(n, ast.Name) and n.id in defined and n.id != node.name})
        lines = ["import numpy as np"] if "np" in used else []
        helpers = [name for name in used if name != "np"]
        if helpers:
            lines.append(f"from {self.module_name} import {', '.join(helpers)}")
        return lines

    def starter_source(self):
        """A self-contained file: the task, the signature and docstring, a body
        that raises, and a small run at the bottom."""
        _, first, _, lines, node, _ = self.region()
        body_start = node.body[0].lineno
        has_docstring = ast.get_docstring(node) is not None
        header = lines[first - 1:body_start - 1]
        docstring = (lines[node.body[0].lineno - 1:node.body[0].end_lineno]
                     if has_docstring else [])
        indent = " " * (node.body[0].col_offset)
        equations = ", ".join(f"({e})" for e in self.equations)
        imports = self.imports()
        if "import numpy as np" not in imports:          # the example uses np
            imports.insert(0, "import numpy as np")
        intro = textwrap.fill(self.task, 76)
        text = [
            f'"""Exercise {self.name} (difficulty {self.difficulty} of 3): {self.goal}',
            "",
            intro,
            "",
            f"Read: `scratchlearn notes {self.stage}`, equations {equations}.",
            f"Check: `scratchlearn check {self.name} <this file>`",
            f"Stuck: `scratchlearn check {self.name} --hint` (then --hint 2, ...)",
            '"""',
            "",
            *imports,
            "",
            "",
            *header,
            *docstring,
            f'{indent}raise NotImplementedError("write {self.function} (see its docstring)")',
            "",
            "",
            'if __name__ == "__main__":',
            textwrap.indent(self.example.strip(), "    "),
            "",
        ]
        return "\n".join(text)

    def file_name(self):
        return self.name.replace(".", "_") + ".py"
