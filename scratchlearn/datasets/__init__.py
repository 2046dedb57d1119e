"""Bundled real datasets (CSV inside the package) and seeded synthetic generators."""

from scratchlearn.datasets._generators import (
    make_blobs,
    make_circles,
    make_classification,
    make_moons,
    make_regression,
)
from scratchlearn.datasets._loaders import (
    NIST_STRD,
    CertifiedDataset,
    Dataset,
    correct_digits,
    load_breast_cancer,
    load_diabetes,
    load_digits,
    load_iris,
    load_nist_strd,
    load_wine,
)

__all__ = [
    "NIST_STRD",
    "CertifiedDataset",
    "Dataset",
    "correct_digits",
    "load_breast_cancer",
    "load_diabetes",
    "load_digits",
    "load_iris",
    "load_nist_strd",
    "load_wine",
    "make_blobs",
    "make_circles",
    "make_classification",
    "make_moons",
    "make_regression",
]
