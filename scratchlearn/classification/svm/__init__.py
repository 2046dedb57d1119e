"""The soft-margin linear support vector machine, solved exactly by SMO."""

from scratchlearn.classification.svm.model import LinearSVM

__all__ = ["LinearSVM"]
