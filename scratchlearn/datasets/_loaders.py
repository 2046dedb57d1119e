"""Loaders for the real datasets bundled as CSV files inside the package.

Each file starts with ``#`` lines giving its description, source and licence
(and class names for classification data), then a header row of feature
names ending in ``target``. Nothing is downloaded.
"""

from dataclasses import dataclass
from importlib import resources

import numpy as np

__all__ = ["NIST_STRD", "CertifiedDataset", "Dataset", "correct_digits", "load_breast_cancer",
           "load_diabetes", "load_digits", "load_iris", "load_nist_strd", "load_wine"]


@dataclass
class Dataset:
    """A bundled dataset: plain arrays plus what a reader needs to know."""

    data: np.ndarray
    target: np.ndarray
    feature_names: list
    target_names: list | None
    description: str


def _read(filename):
    text = resources.files("scratchlearn.datasets").joinpath("data", filename).read_text()
    lines = text.splitlines()
    meta = {}
    n_meta = 0
    while lines[n_meta].startswith("#"):
        key, _, value = lines[n_meta][1:].strip().partition(": ")
        meta[key] = value
        n_meta += 1
    header = lines[n_meta].split(",")
    values = np.array([[float(v) for v in line.split(",")] for line in lines[n_meta + 1:] if line])
    target_names = meta["target_names"].split(",") if "target_names" in meta else None
    description = (f"{meta['description']}\nSource: {meta['source']}\n"
                   f"Licence: {meta['licence']}")
    return Dataset(data=values[:, :-1], target=values[:, -1], feature_names=header[:-1],
                   target_names=target_names, description=description)


def _classification(filename, return_X_y):
    dataset = _read(filename)
    dataset.target = dataset.target.astype(np.int64)
    return (dataset.data, dataset.target) if return_X_y else dataset


def load_iris(return_X_y=False):
    """Iris: 150 samples, 4 features, 3 classes."""
    return _classification("iris.csv", return_X_y)


def load_wine(return_X_y=False):
    """Wine: 178 samples, 13 features, 3 classes."""
    return _classification("wine.csv", return_X_y)


def load_breast_cancer(return_X_y=False):
    """Breast cancer Wisconsin (diagnostic): 569 samples, 30 features, 2 classes
    (0 = malignant, 1 = benign)."""
    return _classification("breast_cancer.csv", return_X_y)


def load_digits(return_X_y=False):
    """Handwritten digits: 1797 images of 8×8 pixel counts (0–16), 10 classes."""
    return _classification("digits.csv", return_X_y)


def load_diabetes(return_X_y=False, scaled=True):
    """Diabetes: 442 samples, 10 features, a continuous target.

    ``scaled=True`` centres each feature and divides it by its standard
    deviation times √n_samples (every column then has unit Euclidean norm),
    as the data are usually published; ``scaled=False`` gives the raw values.
    """
    dataset = _read("diabetes.csv")
    if scaled:
        X = dataset.data - dataset.data.mean(axis=0)
        dataset.data = X / (X.std(axis=0) * np.sqrt(X.shape[0]))
    return (dataset.data, dataset.target) if return_X_y else dataset


NIST_STRD = ("Norris", "Pontius", "NoInt1", "NoInt2", "Filip", "Longley",
             "Wampler1", "Wampler2", "Wampler3", "Wampler4", "Wampler5")


@dataclass
class CertifiedDataset:
    """A least-squares problem with NIST's certified solution.

    ``data`` is the design matrix without the intercept column (for the
    polynomial sets, the powers x, x², …, x^degree), ``certified`` the
    certified (B0, B1, …) — (B1, …) when ``fit_intercept`` is False.
    """

    data: np.ndarray
    target: np.ndarray
    fit_intercept: bool
    certified: np.ndarray
    description: str


def load_nist_strd(name):
    """One of NIST's Statistical Reference Datasets for linear least squares.

    ``name`` is one of ``NIST_STRD``, from the easy Norris to the hardest,
    Filip (a degree-10 polynomial in raw powers). The certified coefficients
    were computed by NIST in 500-digit arithmetic and are given to 15 digits.
    """
    if name not in NIST_STRD:
        raise ValueError(f"name must be one of {NIST_STRD}, got {name!r}.")
    filename = f"nist_{name.lower()}.csv"
    meta = dict(line[1:].strip().split(": ", 1) for line in resources.files(
        "scratchlearn.datasets").joinpath("data", filename).read_text().splitlines()
        if line.startswith("#"))
    dataset = _read(filename)
    X, degree = dataset.data, int(meta["degree"])
    if degree > 1:
        X = np.column_stack([X[:, 0] ** k for k in range(1, degree + 1)])
    certified = np.array([float(v) for v in meta["certified"].split(",")])
    return CertifiedDataset(data=X, target=dataset.target,
                            fit_intercept=meta["intercept"] == "yes",
                            certified=certified, description=dataset.description)


def correct_digits(estimate, exact):
    """NIST's log relative error −log10(|b − b*| / |b*|) of the worst coefficient.

    About the number of leading digits that agree; inf when equal.
    """
    estimate, exact = np.asarray(estimate, dtype=float), np.asarray(exact, dtype=float)
    error = np.max(np.abs(estimate - exact) / np.abs(exact))
    return np.inf if error == 0 else float(-np.log10(error))
