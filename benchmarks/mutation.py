"""Mutation testing, one model folder at a time: do the model's own tests notice a planted bug?

    make mutate                        # every model folder, smallest first
    make mutate MODEL=decision_tree    # one folder; the other rows of the report stay
    .venv/bin/python -m benchmarks.mutation ridge_regression lasso_regression --jobs 1

The tool is mutmut (see docs/mutation.md for why). For each stage of
scratchlearn/registry.py that has estimators, this script builds a scratch
project in build/mutation/<stage>/ (links to scratchlearn/ and tests/ and a
generated pyproject.toml), so mutmut mutates only that folder's .py files
(demo.py and exercises.py excluded: the demos and the exercise records are
not the model, and their tests live elsewhere) and runs only that model's tests: tests/<family>/test_<stage>*.py
and every other file in tests/<family>/ that imports the stage's package (the
engine differential tests among them), with those of the models that import it. mutmut first records which test calls
which function, then runs only those tests against each mutant, under a CPU
time limit derived from the clean run (``timeout_multiplier`` below).

The counts are kept in benchmarks/results/mutation.json, one entry per stage,
and benchmarks/results/mutation.md is redrawn from it, so measuring one model
keeps the others' rows. Each surviving mutant is looked up in
benchmarks/mutation_triage/<stage>.toml, where a person has written either
"equivalent: <why no output can change>" or "killed by <test> (added)" (the
latter stays listed after the mutant dies, as the record of the test it
prompted). Score = (killed + timed out) / (generated - equivalent): a mutant
that makes the tests hang (a loop that never ends) is a bug they caught.
"""

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
from datetime import date
from pathlib import Path

from scratchlearn.registry import STAGES

ROOT = Path(__file__).resolve().parent.parent
NOT_MUTATED = {"demo.py", "exercises.py"}
RESULTS = ROOT / "benchmarks" / "results"
TRIAGE = ROOT / "benchmarks" / "mutation_triage"
WORK = ROOT / "build" / "mutation"

# Smallest folders first, so a run cut short has measured the most models.
ORDER = ("linear_regression", "multiple_linear_regression", "perceptron", "naive_bayes", "knn",
         "huber_regression", "ridge_regression", "lasso_regression", "elastic_net",
         "logistic_regression", "softmax_regression", "pca", "kmeans")

# A mutant whose tests use more than this many times their clean CPU time
# (plus TIMEOUT_CONSTANT seconds, then doubled by mutmut) counts as timed out:
# a mutated loop bound or tolerance can make a solver run forever.
TIMEOUT_MULTIPLIER = 10.0
TIMEOUT_CONSTANT = 2.0

STATUSES = ("killed", "survived", "timeout", "no tests", "suspicious", "segfault", "skipped")


def model_stages():
    """Stages that are model folders (the model-selection stage has no estimator)."""
    stages = [s for s in STAGES if s.estimators]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(stages, key=lambda s: rank.get(s.name, len(ORDER)))


def stage_folder(stage):
    return Path(*stage.package.split("."))


def files_to_mutate(stage):
    folder = ROOT / stage_folder(stage)
    return sorted(str(p.relative_to(ROOT)) for p in folder.glob("*.py")
                  if p.name not in NOT_MUTATED)


def _imports(path, stage):
    return re.search(re.escape(stage.package) + r"\b", path.read_text()) is not None


def _own_tests(stage):
    family_dir = ROOT / "tests" / stage.family
    own = set(family_dir.glob(f"test_{stage.name}*.py"))
    return own | {p for p in family_dir.glob("test_*.py") if _imports(p, stage)}


def tests_for(stage):
    """The model's own test files, relative to the repository root, and those
    of every model whose code imports this folder (ridge solves through
    multiple regression's normal equations, the forests grow its trees): code
    kept in a folder for another model is tested by that model's tests."""
    tests = _own_tests(stage)
    for other in model_stages():
        uses = other is not stage and any(
            _imports(ROOT / path, stage) for path in files_to_mutate(other))
        if uses:
            tests |= _own_tests(other)
    return sorted(str(p.relative_to(ROOT)) for p in tests)


def _toml_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | list | int | float):
        return json.dumps(value, ensure_ascii=False)   # JSON strings, numbers and arrays are TOML
    raise TypeError(value)


def _toml_table(name, table):
    return [f"[{name}]"] + [f"{key} = {_toml_value(v)}" for key, v in table.items()] + [""]


def prepare(stage, workdir):
    """A scratch project in which mutmut sees only this stage's files and tests."""
    if workdir.exists():
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True)
    (workdir / "scratchlearn").symlink_to(ROOT / "scratchlearn")
    (workdir / "tests").symlink_to(ROOT / "tests")
    pytest_options = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]
    mutmut = {
        "source_paths": ["scratchlearn"],
        "only_mutate": files_to_mutate(stage),
        "pytest_add_cli_args_test_selection": tests_for(stage),
        "pytest_add_cli_args": ["-p", "no:cacheprovider", "-p", "no:xdist"],
        "timeout_multiplier": TIMEOUT_MULTIPLIER,
        "timeout_constant": TIMEOUT_CONSTANT,
        "use_git_change_detection": False,
    }
    lines = _toml_table("tool.pytest.ini_options", pytest_options["ini_options"])
    lines += _toml_table("tool.mutmut", mutmut)
    (workdir / "pyproject.toml").write_text("\n".join(lines))


def _environment():
    env = dict(os.environ)
    env.pop("PYTHONPATH", None)         # mutmut puts mutants/ first; nothing may shadow it
    env.update(SCIPY_ARRAY_API="1", MPLBACKEND="Agg", HYPOTHESIS_PROFILE="ci",
               OMP_NUM_THREADS="1", OPENBLAS_NUM_THREADS="1", MKL_NUM_THREADS="1")
    return env


def mutmut_command():
    return [str(Path(sys.executable).parent / "mutmut")]


def read_results(workdir):
    """``{mutant name: (status, source path)}`` from mutmut's .meta files
    (mutants left unchecked by a ``--functions`` selection are not counted)."""
    from mutmut.stats import status_by_exit_code

    results = {}
    for meta in sorted((workdir / "mutants" / "scratchlearn").rglob("*.py.meta")):
        source = str(meta.relative_to(workdir / "mutants"))[: -len(".meta")]
        for name, code in json.loads(meta.read_text())["exit_code_by_key"].items():
            if code is not None:
                results[name] = (status_by_exit_code[code], source)
    return results


def describe(workdir, name, source):
    """``(line in the source file, "old -> new")`` for one mutant, from mutmut's diff."""
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    here = Path.cwd()
    os.chdir(workdir)                   # mutmut reads mutants/ relative to the working directory
    try:
        diff = get_diff_for_mutant(name, path=source).splitlines()
    finally:
        os.chdir(here)
    removed = [line[1:].strip() for line in diff if line.startswith("-") and not line.startswith("---")]
    added = [line[1:].strip() for line in diff if line.startswith("+") and not line.startswith("+++")]
    text = (ROOT / source).read_text().splitlines()
    line = _locate(text, name, removed[0] if removed else "")
    return line, f"`{' '.join(removed)}` → `{' '.join(added)}`"


def _locate(text, name, removed):
    """The line of ``removed`` inside the mutated function (first match after its def)."""
    function = name.rsplit("__mutmut_", 1)[0].rsplit(".", 1)[-1].split("ǁ")[-1]
    function = function.removeprefix("x_")
    start = next((i for i, t in enumerate(text) if re.match(rf"\s*def {re.escape(function)}\(", t)), 0)
    for i in range(start, len(text)):
        if text[i].strip() == removed:
            return i + 1
    return start + 1


def run_stage(stage, jobs, work=WORK, functions=None, recheck=False):
    """Mutate one stage; ``functions`` (a glob on function names) limits the
    mutants, as the CI smoke does. ``recheck`` keeps the last run's verdicts
    and retests only its survivors not triaged as equivalent (after adding tests; the
    library itself must be unchanged since that run)."""
    workdir = work / stage.name
    if recheck and (workdir / "mutants").exists():
        equivalent = {name for name, note in load_triage().get(stage.name, {}).items()
                      if note.startswith("equivalent")}
        selection = [name for name, (status, _) in read_results(workdir).items()
                     if status in ("survived", "no tests", "suspicious")
                     and name not in equivalent]
    else:
        prepare(stage, workdir)
        selection = [f"{stage.package}.*{functions}*"] if functions else []
    started = time.monotonic()
    completed = subprocess.run(mutmut_command() + ["run", "--max-children", str(jobs)] + selection,
                               cwd=workdir, env=_environment(), capture_output=True, text=True)
    seconds = time.monotonic() - started
    (workdir / "mutmut.log").write_text(completed.stdout + completed.stderr)
    results = read_results(workdir)
    if completed.returncode != 0 or not results:
        raise RuntimeError(f"mutmut failed on {stage.name} (exit {completed.returncode}); "
                           f"see {workdir / 'mutmut.log'}")
    counts = {status: 0 for status in STATUSES}
    for status, _ in results.values():
        counts[status] = counts.get(status, 0) + 1
    survivors = []
    for name, (status, source) in sorted(results.items()):
        if status in ("survived", "no tests", "suspicious"):
            line, mutation = describe(workdir, name, source)
            survivors.append({"name": name, "file": source, "line": line,
                              "mutation": mutation, "status": status})
    return {"generated": len(results), "counts": counts, "survivors": survivors,
            "tests": tests_for(stage), "files": files_to_mutate(stage),
            "seconds": round(seconds), "date": date.today().isoformat(),
            "command": f"make mutate MODEL={stage.name}"
                       + (f" (functions {functions} only)" if functions else "")}


def load_triage():
    """``{stage: {mutant name: note}}`` from one TOML file per model folder."""
    return {path.stem: tomllib.loads(path.read_text()) for path in sorted(TRIAGE.glob("*.toml"))}


def score(entry, notes):
    """killed / (generated - equivalent), equivalent = survivors the triage calls so."""
    equivalent = sum(1 for s in entry["survivors"]
                     if notes.get(s["name"], "").startswith("equivalent"))
    denominator = entry["generated"] - equivalent
    caught = entry["counts"]["killed"] + entry["counts"]["timeout"]
    return caught / denominator if denominator else 1.0, equivalent


def render(measured, triage):
    lines = ["# Mutation testing", "",
             "Written by `benchmarks/mutation.py` (`make mutate`, `make mutate MODEL=<stage>`); "
             "docs/mutation.md says how. Each model folder's .py files except demo.py and "
             "exercises.py are "
             "mutated by mutmut and run against that model's own tests only. "
             "Score = (killed + timed out) / (generated − equivalent).", "",
             "| model folder | generated | killed | survived | timed out | equivalent | score "
             "| time | date | command |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|---|"]
    for stage in model_stages():
        entry = measured.get(stage.name)
        if entry is None:
            lines.append(f"| {stage.name} | not yet measured | | | | | | | | |")
            continue
        notes = triage.get(stage.name, {})
        value, equivalent = score(entry, notes)
        c = entry["counts"]
        survived = c["survived"] + c.get("no tests", 0) + c.get("suspicious", 0)
        generated = entry["generated"]
        if entry.get("partial"):        # a run stopped early: say how far it got
            generated = f"{generated} of {entry['total_mutants']} (partial run)"
        lines.append(f"| {stage.name} | {generated} | {c['killed']} | {survived} "
                     f"| {c['timeout']} | {equivalent} | {100 * value:.1f} % "
                     f"| {entry['seconds']} s | {entry['date']} | `{entry['command']}` |")
    lines += ["", "A mutant that times out made the tests run past their CPU limit (a loop "
              "whose counter no longer advances): the tests did not pass, so it counts as "
              "caught, as in mutmut's own summary.", "",
              "## Survivors and their triage", ""]
    for stage in model_stages():
        entry = measured.get(stage.name)
        notes = triage.get(stage.name, {})
        if entry is None:
            continue
        alive = {s["name"]: s for s in entry["survivors"]}
        added = {name: note for name, note in notes.items()
                 if name not in alive and not note.startswith("equivalent")}
        if not alive and not added:
            continue
        lines += [f"### {stage.name}", ""]
        for name, s in alive.items():
            note = notes.get(name, "not yet triaged")
            lines.append(f"- `{s['file']}:{s['line']}` {s['mutation']} ({s['status']}) — {note}"
                         f" <sub>{name.rsplit('.', 1)[-1]}</sub>")
        for name, note in added.items():
            lines.append(f"- {note} <sub>{name.rsplit('.', 1)[-1]}</sub>")
        lines.append("")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", help="stage names (default: every model folder)")
    parser.add_argument("--jobs", type=int, default=2, help="mutants tested at once")
    parser.add_argument("--results", type=Path, default=RESULTS,
                        help="folder for mutation.json and mutation.md")
    parser.add_argument("--work", type=Path, default=WORK, help="folder for mutmut's projects")
    parser.add_argument("--functions", help="mutate only functions whose name matches this glob")
    parser.add_argument("--recheck", action="store_true",
                        help="retest only the last run's survivors (after adding tests)")
    parser.add_argument("--render", action="store_true",
                        help="only redraw mutation.md from mutation.json and the triage files")
    args = parser.parse_args(argv)
    stages = model_stages()
    if args.models:
        known = {s.name: s for s in stages}
        unknown = [m for m in args.models if m not in known]
        if unknown:
            parser.error(f"not a model folder: {', '.join(unknown)}")
        stages = [known[m] for m in args.models]
    args.results.mkdir(parents=True, exist_ok=True)
    store = args.results / "mutation.json"
    if args.render:
        measured = json.loads(store.read_text()) if store.exists() else {}
        (args.results / "mutation.md").write_text(render(measured, load_triage()) + "\n")
        return
    for stage in stages:
        print(f"{stage.name}: mutating {', '.join(files_to_mutate(stage))}", flush=True)
        entry = run_stage(stage, args.jobs, args.work, args.functions, args.recheck)
        measured = json.loads(store.read_text()) if store.exists() else {}
        if args.recheck and stage.name in measured:
            # the time of the full run it completes, not of the recheck
            entry["seconds"] = measured[stage.name]["seconds"]
            entry["command"] += " (survivors rechecked with --recheck after adding tests)"
        measured[stage.name] = entry
        store.write_text(json.dumps(measured, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
        (args.results / "mutation.md").write_text(render(measured, load_triage()) + "\n")
        value, _ = score(entry, load_triage().get(stage.name, {}))
        print(f"{stage.name}: {entry['generated']} mutants, {entry['counts']}, "
              f"score {100 * value:.1f} % in {entry['seconds']} s", flush=True)


if __name__ == "__main__":
    main()
