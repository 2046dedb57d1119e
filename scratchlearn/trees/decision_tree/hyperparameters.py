"""Checking a tree's hyperparameters and turning fractions into counts, as
scikit-learn does (notes, "Parameters"). Plumbing, kept out of model.py so
that the algorithm reads in one sitting."""

import numbers

import numpy as np


def validate_hyperparameters(self, criteria):
    if self.criterion not in criteria:
        raise ValueError(f"criterion must be one of {criteria}, got {self.criterion!r}.")
    if self.max_depth is not None and not (_is_int(self.max_depth) and self.max_depth >= 1):
        raise ValueError(f"max_depth must be None or an int >= 1, got {self.max_depth!r}.")
    split = self.min_samples_split
    if not ((_is_int(split) and split >= 2) or (_is_float(split) and 0.0 < split <= 1.0)):
        raise ValueError("min_samples_split must be an int >= 2 or a float in (0, 1], "
                         f"got {split!r}.")
    leaf = self.min_samples_leaf
    if not ((_is_int(leaf) and leaf >= 1) or (_is_float(leaf) and 0.0 < leaf < 1.0)):
        raise ValueError("min_samples_leaf must be an int >= 1 or a float in (0, 1), "
                         f"got {leaf!r}.")
    mf = self.max_features
    if not (mf is None or (isinstance(mf, str) and mf in ("sqrt", "log2"))
            or (_is_int(mf) and mf >= 1) or (_is_float(mf) and 0.0 < mf <= 1.0)):
        raise ValueError("max_features must be None, 'sqrt', 'log2', an int >= 1 or a "
                         f"float in (0, 1], got {mf!r}.")
    decrease = self.min_impurity_decrease
    if not (isinstance(decrease, numbers.Real) and not isinstance(decrease, bool)
            and decrease >= 0):
        raise ValueError(f"min_impurity_decrease must be a float >= 0, got {decrease!r}.")

def resolve_sizes(self, n_samples, n_features):
    """Hyperparameters given as fractions → counts, as scikit-learn does."""
    leaf = self.min_samples_leaf
    leaf = leaf if _is_int(leaf) else int(np.ceil(leaf * n_samples))
    split = self.min_samples_split
    split = split if _is_int(split) else max(2, int(np.ceil(split * n_samples)))
    split = max(split, 2 * leaf)
    mf = self.max_features
    if mf is None:
        mf = n_features
    elif mf == "sqrt":
        mf = max(1, int(np.sqrt(n_features)))
    elif mf == "log2":
        mf = max(1, int(np.log2(n_features)))
    elif _is_float(mf):
        mf = max(1, int(mf * n_features))
    elif mf > n_features:
        raise ValueError(f"max_features must be at most n_features = {n_features}, got {mf}.")
    return split, leaf, mf


def _is_int(value):
    return isinstance(value, numbers.Integral) and not isinstance(value, bool)


def _is_float(value):
    return isinstance(value, numbers.Real) and not isinstance(value, (numbers.Integral, bool))
