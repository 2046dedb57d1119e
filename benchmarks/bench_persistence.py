"""scratchlearn.save / load against pickle: time and file size for fitted models.

    .venv/bin/python -m benchmarks.bench_persistence

The issue's bar: a 100-tree random forest saves and loads in under a second,
and its file is no larger than its pickle plus 10 %.
"""

import pickle
import tempfile
from pathlib import Path

from benchmarks.harness import median_time, single_threaded, write_markdown
from scratchlearn import (
    GradientBoostingClassifier,
    KernelSVM,
    MLPClassifier,
    RandomForestClassifier,
    load,
    save,
)
from scratchlearn.datasets import load_digits


def measure(name, model, folder):
    path = Path(folder) / "model.npz"
    pickled = Path(folder) / "model.pkl"

    def dump_pickle():
        pickled.write_bytes(pickle.dumps(model))

    row = {"model": name,
           "save_s": median_time(lambda: save(model, path), 5),
           "load_s": median_time(lambda: load(path), 5),
           "pickle_save_s": median_time(dump_pickle, 5),
           "pickle_load_s": median_time(lambda: pickle.loads(pickled.read_bytes()), 5)}
    row["file_kb"] = path.stat().st_size / 1024
    row["pickle_kb"] = pickled.stat().st_size / 1024
    row["size_vs_pickle"] = row["file_kb"] / row["pickle_kb"]
    return row


def main():
    X, y = load_digits(return_X_y=True)
    models = {
        "RandomForestClassifier (100 trees), digits":
            RandomForestClassifier(n_estimators=100, random_state=0),
        "GradientBoostingClassifier (100 stages × 10 classes), digits":
            GradientBoostingClassifier(random_state=0),
        "KernelSVM (RBF), digits": KernelSVM(),
        "MLPClassifier (100 hidden), digits": MLPClassifier(random_state=0, max_iter=50),
    }
    rows = []
    with single_threaded(), tempfile.TemporaryDirectory() as folder:
        for name, model in models.items():
            model.fit(X, y)
            rows.append(measure(name, model, folder))
    columns = ["model", "save_s", "load_s", "pickle_save_s", "pickle_load_s", "file_kb",
               "pickle_kb", "size_vs_pickle"]
    write_markdown("persistence", "scratchlearn.save / load against pickle: seconds (median "
                   "of 5) and file size", columns, rows,
                   notes="Model files hold no pickle: packed .npy arrays plus model.json, "
                         "deflate-compressed (level 1); pickle files are uncompressed.")


if __name__ == "__main__":
    main()
