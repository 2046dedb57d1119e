"""Timing ours against scikit-learn fairly: same data, same process, one BLAS
thread for both, medians of repeated runs, fit and predict timed apart."""

import contextlib
import json
import platform
import tracemalloc
from datetime import date
from pathlib import Path

import numpy as np

from scratchlearn.compare import median_seconds as median_time

RESULTS = Path(__file__).parent / "results"


@contextlib.contextmanager
def single_threaded():
    """Limit BLAS/OpenMP to one thread for both libraries (threadpoolctl)."""
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):
        yield


def peak_memory_mb(fn):
    """Peak Python/NumPy allocation during ``fn()`` in MB (tracemalloc)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1] / 2 ** 20
    finally:
        tracemalloc.stop()


def time_fit_predict(make_ours, make_theirs, X_train, y_train, X_test, repeat=5,
                     sample_weight=None):
    """Median fit and predict times of both estimators, and the ratios ours/theirs."""
    row = {}
    fit_params = {} if sample_weight is None else dict(sample_weight=sample_weight)
    for label, make in (("ours", make_ours), ("sklearn", make_theirs)):
        model = make()
        row[f"fit_{label}"] = median_time(lambda m=model: m.fit(X_train, y_train, **fit_params),
                                          repeat)
        row[f"predict_{label}"] = median_time(lambda m=model: m.predict(X_test), repeat)
    row["fit_ratio"] = row["fit_ours"] / row["fit_sklearn"]
    row["predict_ratio"] = row["predict_ours"] / row["predict_sklearn"]
    return row


def machine():
    import os

    import sklearn

    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"NumPy {np.__version__}, scikit-learn {sklearn.__version__}, "
            f"{date.today().isoformat()}")


def write_markdown(name, title, columns, rows, notes=""):
    """Write ``results/<name>.md``: a table of rows (dicts) under a title."""
    RESULTS.mkdir(exist_ok=True)
    lines = [f"# {title}", "", f"Machine: {machine()}; one BLAS thread for both.", ""]
    lines.append("| " + " | ".join(columns) + " |")
    lines.append("|" + "---|" * len(columns))
    for row in rows:
        lines.append("| " + " | ".join(_cell(row[c]) for c in columns) + " |")
    if notes:
        lines += ["", notes]
    path = RESULTS / f"{name}.md"
    path.write_text("\n".join(lines) + "\n")
    # The same rows as JSON, for the summary table and the scaling plot.
    (RESULTS / f"{name}.json").write_text(json.dumps(
        {"title": title, "machine": machine(), "rows": rows}, indent=1, default=float) + "\n")
    print("\n".join(lines))
    return path


def _cell(value):
    if isinstance(value, float):
        return f"{value:.3g}"
    return str(value)
