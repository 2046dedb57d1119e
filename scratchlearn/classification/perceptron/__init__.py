"""Rosenblatt's perceptron, one-vs-rest for several classes."""

from scratchlearn.classification.perceptron.model import Perceptron

__all__ = ["Perceptron"]
