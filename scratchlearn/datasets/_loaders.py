"""Loaders for the real datasets bundled as CSV files inside the package.

Each file starts with ``#`` lines giving its description, source and licence
(and class names for classification data), then a header row of feature
names ending in ``target``. Nothing is downloaded.
"""

from dataclasses import dataclass
from importlib import resources

import numpy as np

__all__ = ["Dataset", "load_breast_cancer", "load_diabetes", "load_digits", "load_iris",
           "load_wine"]


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
