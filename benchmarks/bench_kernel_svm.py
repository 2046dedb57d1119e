"""KernelSVM (SMO in NumPy) against scikit-learn's SVC (libsvm), RBF kernel, C = 1.

Run: .venv/bin/python -m benchmarks.bench_kernel_svm
"""

import numpy as np
from sklearn.svm import SVC

from benchmarks.harness import single_threaded, time_fit_predict, write_markdown
from scratchlearn.classification.kernel_svm import KernelSVM
from scratchlearn.core.preprocessing import StandardScaler
from scratchlearn.datasets import make_classification, make_moons

SIZES = (1000, 2000, 5000)
REPEAT = 3


def _datasets(n):
    X_moons, y_moons = make_moons(2 * n, noise=0.3, random_state=0)
    X_clf, y_clf = make_classification(2 * n, 20, n_informative=5, random_state=0)
    X_clf = StandardScaler().fit_transform(X_clf)
    # first half to fit, second half to predict
    # name → (model label for the summary, X, y)
    return {"moons (2 features)": ("KernelSVM (moons)", X_moons, y_moons),
            "classification (20 features)": ("KernelSVM", X_clf, y_clf)}


def main():
    rows = []
    with single_threaded():
        for n in SIZES:
            for name, (model, X, y) in _datasets(n).items():
                X_train, y_train, X_test = X[:n], y[:n], X[n:]
                row = time_fit_predict(lambda: KernelSVM(C=1.0, kernel="rbf"),
                                       lambda: SVC(C=1.0, kernel="rbf"),
                                       X_train, y_train, X_test, repeat=REPEAT)
                ours = KernelSVM(C=1.0).fit(X_train, y_train)
                theirs = SVC(C=1.0).fit(X_train, y_train)
                same = np.mean(ours.predict(X_test) == theirs.predict(X_test))
                row.update(model=model, n=n, size=f"{n} × {X.shape[1]}", data=name,
                           n_SV=f"{len(ours.support_)} / {len(theirs.support_)}",
                           same_predictions=f"{same:.2%}")
                rows.append(row)
    columns = ["data", "n", "n_SV", "fit_ours", "fit_sklearn", "fit_ratio",
               "predict_ours", "predict_sklearn", "predict_ratio", "same_predictions"]
    write_markdown(
        "kernel_svm", "KernelSVM vs scikit-learn SVC (RBF, C = 1, gamma = 'scale', tol = 1e-3)",
        columns, rows,
        notes=("Times in seconds, medians of 3 runs; ratio = ours / scikit-learn (below 1: "
               "faster). Prediction on as many new points as training points. n_SV: support "
               "vectors, ours / libsvm. Ours has no shrinking; SVC shrinks by default."),
    )


if __name__ == "__main__":
    main()
