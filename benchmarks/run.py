"""Run every benchmark, then write the summary table and the scaling plot.

    make bench                          # everything (about 15 minutes on 2 cores)
    .venv/bin/python -m benchmarks.run --only regression trees
    .venv/bin/python -m benchmarks.run --summary-only   # redraw from saved results

Each ``bench_<family>.py`` writes ``results/<family>.md`` and ``.json``; this
script collects them into ``results/SUMMARY.md`` (every measured size of every
model, its ratios to scikit-learn and whether it meets its target) and
``results/scaling.png`` (fit time against n, ours and scikit-learn's, one
panel per family, log–log).
"""

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from scratchlearn.progress import Progress

RESULTS = Path(__file__).parent / "results"

# Fit-time targets (ours / scikit-learn) from the issues; floors, not aims.
# Huber and softmax regression (no target in their issue) are held to
# logistic regression's 2x, the linear SVM (SMO against libsvm) to the kernel
# SVM's 10x. The perceptron has none: it is sequential by nature (one update
# per mistake), and its scikit-learn counterpart runs that loop in compiled code.
TARGETS = {
    "SimpleLinearRegression": 1.0, "MultipleLinearRegression": 1.0, "HuberRegression": 2.0,
    "RidgeRegression": 2.0, "PolynomialRegression": 2.0,
    "LogisticRegression": 2.0, "SoftmaxRegression": 2.0,
    "LinearSVM": 10.0, "KernelSVM": 10.0,
    "GaussianNaiveBayes": 2.0, "MultinomialNaiveBayes": 2.0, "BernoulliNaiveBayes": 2.0,
    "KNNClassifier": 2.0, "KNNRegressor": 2.0,
    "DecisionTreeClassifier": 5.0, "DecisionTreeRegressor": 5.0,
    "BaggingClassifier": 5.0, "BaggingRegressor": 5.0,
    "RandomForestClassifier": 5.0, "RandomForestRegressor": 5.0,
    "AdaBoostClassifier": 5.0, "GradientBoostingClassifier": 5.0,
    "GradientBoostingRegressor": 5.0, "MLPClassifier": 2.0, "MLPRegressor": 2.0,
    "LinearDiscriminantAnalysis": 2.0, "QuadraticDiscriminantAnalysis": 2.0,
    "GaussianProcessRegressor": 2.0,
    "KMeans": 2.0, "GaussianMixture": 2.0,
    "LassoRegression": 2.0, "ElasticNetRegression": 2.0, "BayesianLinearRegression": 2.0,
    "PCA": 1.0, "DBSCAN": 3.0, "AgglomerativeClustering": 5.0,
    "GridSearchCV": 1.05,
}
# KNN's target is on predict time (fitting only stores the data).
PREDICT_TARGETS = {"KNNClassifier", "KNNRegressor"}


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", help="bench_<NAME> modules to run")
    parser.add_argument("--summary-only", action="store_true")
    args = parser.parse_args()
    if not args.summary_only:
        modules = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
        if args.only:
            modules = [m for m in modules if m.removeprefix("bench_") in args.only]
        progress = Progress(len(modules))
        for k, module in enumerate(modules, start=1):
            # In a terminal one updating line shows the progress and the tables
            # go to results/; in a log each benchmark's output follows its line.
            progress.start(k, module)
            started = time.perf_counter()
            subprocess.run([sys.executable, "-m", f"benchmarks.{module}"], check=True,
                           stdout=subprocess.DEVNULL if progress.live else None)
            progress.finish(k, module, f"done in {time.perf_counter() - started:.0f} s")
    write_summary()


def load_results():
    """Each bench_<family>.py's saved results/<family>.json (not the other
    files there, such as the mutation scores of benchmarks/mutation.py)."""
    families = {p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py")}
    return {path.stem: json.loads(path.read_text())
            for path in sorted(RESULTS.glob("*.json")) if path.stem in families}


def write_summary():
    results = load_results()
    lines = ["# Benchmark summary", "",
             "Time of scratchlearn divided by scikit-learn's (below 1: scratchlearn is "
             "faster), one BLAS thread each, medians of repeated runs in the same process. "
             "Targets are the floors the issues set. Regenerate with `make bench`; each "
             "family's own table (linked) has the absolute times and the agreement numbers.",
             "", "| family | model | size | fit ratio | predict ratio | target | met |",
             "|---|---|---|---|---|---|---|"]
    machines = set()
    for family, result in results.items():
        machines.add(result["machine"])
        for row in result["rows"]:
            model = row.get("model", "?")
            base = model.split()[0]
            target = TARGETS.get(base)
            on = "predict" if base in PREDICT_TARGETS else "fit"
            ratio = row.get(f"{on}_ratio")
            if not isinstance(ratio, float):
                target = None
            met = "—" if target is None else ("yes" if ratio <= target else "**no**")
            target_text = "—" if target is None else f"{on} ≤ {target:g}×"
            lines.append(f"| [{family}]({family}.md) | {model} | {row.get('size', '')} | "
                         f"{_ratio(row.get('fit_ratio'))} | {_ratio(row.get('predict_ratio'))} "
                         f"| {target_text} | {met} |")
    lines += ["", "Machines: " + "; ".join(sorted(machines)), "",
              "![fit time against n](scaling.png)"]
    (RESULTS / "SUMMARY.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    plot_scaling(results)


def _ratio(value):
    return f"{value:.3g}" if isinstance(value, float) else "—"


def plot_scaling(results):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    families = [f for f, r in results.items() if any("n" in row for row in r["rows"])]
    if not families:
        return
    columns = min(3, len(families))
    rows = -(-len(families) // columns)
    fig, axes = plt.subplots(rows, columns, figsize=(5.2 * columns, 4 * rows), squeeze=False)
    for ax, family in zip(axes.flat, families):
        # One line per model and setting (the text after the size's ", ", or the
        # data set): points of different settings are not a scaling curve.
        series = {}
        timed = "fit"
        for row in results[family]["rows"]:
            if "n" not in row or "model" not in row:
                continue
            timed = "predict" if row["model"].split()[0] in PREDICT_TARGETS else "fit"
            if not isinstance(row.get(f"{timed}_ours"), float):
                continue
            setting = row.get("size", "").partition(", ")[2].strip() or row.get("data", "")
            series.setdefault((row["model"], setting), []).append(row)
        for k, ((model, setting), rows_) in enumerate(series.items()):
            rows_.sort(key=lambda r: r["n"])
            n = [r["n"] for r in rows_]
            label = model if not setting else f"{model}, {setting}"
            ax.loglog(n, [r[f"{timed}_ours"] for r in rows_], "o-", color=f"C{k % 10}",
                      label=f"{label} (ours)")
            ax.loglog(n, [r[f"{timed}_sklearn"] for r in rows_], "s--", color=f"C{k % 10}",
                      alpha=0.6)
        ax.set(title=family, xlabel="n samples (training rows)", ylabel=f"{timed} time (s)")
        ax.legend(fontsize=6)
    for ax in list(axes.flat)[len(families):]:
        ax.set_visible(False)
    fig.suptitle("Time against n: scratchlearn (circles, solid) and scikit-learn (squares, "
                 "dashed), same colour = same model and setting")
    fig.tight_layout(rect=(0, 0, 1, 0.97))
    fig.savefig(RESULTS / "scaling.png", dpi=100)
    print(f"figure: {RESULTS / 'scaling.png'}")


if __name__ == "__main__":
    main()
