"""Ways to cut n samples into train and test indices.

Every splitter has ``split(X, y=None, groups=None)``, a generator of
``(train_index, test_index)`` pairs of integer arrays, and
``get_n_splits()``. Without shuffling the folds are the same indices in the
same order as scikit-learn's splitters of the same name. Shuffling is seeded
by ``random_state`` through a NumPy ``Generator``, so it is reproducible but
draws different permutations from scikit-learn (which uses the legacy
``RandomState``).
"""

import numbers
import warnings

import numpy as np

from scratchlearn.core.validation import check_random_state

__all__ = ["KFold", "ShuffleSplit", "StratifiedKFold", "check_cv", "train_test_split"]


def _n_samples(X):
    if hasattr(X, "shape") and len(X.shape) > 0:
        return int(X.shape[0])
    return len(X)


def _check_n_splits(n_splits):
    if not isinstance(n_splits, numbers.Integral) or isinstance(n_splits, bool) or n_splits < 2:
        raise ValueError(f"n_splits must be an integer of at least 2, got {n_splits!r}: "
                         "cross-validation needs at least one train/test split.")


# exercise: model_selection.kfold
def kfold_assignment(n, n_splits):
    """The fold (0, …, n_splits − 1) of each of n positions: consecutive
    blocks, the first n mod n_splits of them one longer (eq. 1). Returns an
    int array of shape (n,)."""
    sizes = np.full(n_splits, n // n_splits)
    sizes[: n % n_splits] += 1
    fold_of = np.repeat(np.arange(n_splits), sizes)
    return fold_of


# exercise: model_selection.stratified
def stratified_fold_assignment(y_code, n_splits, rng=None):
    """The fold of each sample so that every fold holds ⌊n_c/k⌋ or ⌈n_c/k⌉ of
    each class c (eq. 2). ``y_code`` (n,) holds class numbers 0, …, C − 1.

    Dealing the sorted codes round robin, sample by sample, to folds 0, 1, …,
    k − 1, 0, 1, … fixes how many of each class every fold receives. Then the
    samples of class c, in their original order, go to fold 0 (as many as it
    receives), then fold 1, and so on. With a NumPy Generator ``rng``, each
    class's list of folds is shuffled by ``rng.permutation``, class 0 first.
    Returns an int array of shape (n,).
    """
    n_classes = int(y_code.max()) + 1
    y_dealt = np.sort(y_code)
    allocation = np.stack([np.bincount(y_dealt[f::n_splits], minlength=n_classes)
                           for f in range(n_splits)])               # allocation[f, c]
    fold_of = np.empty(len(y_code), dtype=int)
    for c in range(n_classes):
        folds_for_class = np.repeat(np.arange(n_splits), allocation[:, c])
        if rng is not None:
            folds_for_class = rng.permutation(folds_for_class)
        fold_of[y_code == c] = folds_for_class
    return fold_of


class KFold:
    """``n_splits`` consecutive folds; each is the test set once (eq. 1).

    The first ``n % n_splits`` folds hold one sample more than the others.
    With ``shuffle=True`` the sample order is permuted once, by ``random_state``,
    before cutting.
    """

    def __init__(self, n_splits=5, *, shuffle=False, random_state=None):
        _check_n_splits(n_splits)
        self.n_splits = n_splits
        self.shuffle = shuffle
        self.random_state = random_state

    def get_n_splits(self, X=None, y=None, groups=None):
        return self.n_splits

    def split(self, X, y=None, groups=None):
        n = _n_samples(X)
        if self.n_splits > n:
            raise ValueError(f"Cannot have n_splits={self.n_splits} greater than the number of "
                             f"samples: n_samples={n}; each fold needs a test sample.")
        order = np.arange(n)
        if self.shuffle:
            order = check_random_state(self.random_state).permutation(n)
        fold_of = kfold_assignment(n, self.n_splits)
        for f in range(self.n_splits):
            in_test = fold_of == f
            yield order[~in_test], order[in_test]

    def __repr__(self):
        return (f"{type(self).__name__}(n_splits={self.n_splits}, shuffle={self.shuffle}, "
                f"random_state={self.random_state!r})")


class StratifiedKFold(KFold):
    """k folds that keep each class's share of the samples (eq. 2).

    Classes are numbered in the order they first appear in ``y``. The samples
    of each class, in their original order, are dealt to folds 0, 1, …, k−1 in
    consecutive blocks whose sizes come from dealing the sorted labels round
    robin, so every fold gets ⌊n_c/k⌋ or ⌈n_c/k⌉ samples of class c and the
    fold sizes differ by at most one. ``shuffle=True`` permutes, within each
    class, which fold each sample goes to.
    """

    def split(self, X, y=None, groups=None):
        if y is None:
            raise ValueError("StratifiedKFold needs the class labels y to stratify by.")
        y = np.asarray(y)
        if y.ndim == 2 and y.shape[1] == 1:
            y = y.ravel()
        n = _n_samples(X)
        if len(y) != n:
            raise ValueError(f"X has {n} samples but y has {len(y)}.")
        if self.n_splits > n:
            raise ValueError(f"Cannot have n_splits={self.n_splits} greater than the number of "
                             f"samples: n_samples={n}; each fold needs a test sample.")
        _, first_seen, y_sorted_index = np.unique(y, return_index=True, return_inverse=True)
        appearance_rank = np.argsort(np.argsort(first_seen))
        y_code = appearance_rank[y_sorted_index.ravel()]           # (n,) class in order seen
        n_classes = len(first_seen)
        counts = np.bincount(y_code, minlength=n_classes)
        if np.all(self.n_splits > counts):
            raise ValueError(f"n_splits={self.n_splits} cannot be greater than the number of "
                             f"members in each class (the largest class has {counts.max()}).")
        if self.n_splits > counts.min():
            warnings.warn(f"The least populated class in y has only {counts.min()} members, "
                          f"which is less than n_splits={self.n_splits}: some test folds will "
                          "miss that class.", UserWarning, stacklevel=2)
        rng = check_random_state(self.random_state) if self.shuffle else None
        fold_of = stratified_fold_assignment(y_code, self.n_splits, rng)
        indices = np.arange(n)
        for f in range(self.n_splits):
            in_test = fold_of == f
            yield indices[~in_test], indices[in_test]


class ShuffleSplit:
    """``n_splits`` independent random train/test splits (Monte Carlo CV).

    ``test_size`` and ``train_size`` are fractions in (0, 1) or counts; with
    neither, a tenth of the samples is the test set. The test size is rounded
    up, the train size down, as in scikit-learn.
    """

    def __init__(self, n_splits=10, *, test_size=None, train_size=None, random_state=None):
        if not isinstance(n_splits, numbers.Integral) or n_splits < 1:
            raise ValueError(f"n_splits must be a positive integer, got {n_splits!r}.")
        self.n_splits = n_splits
        self.test_size = test_size
        self.train_size = train_size
        self.random_state = random_state

    def get_n_splits(self, X=None, y=None, groups=None):
        return self.n_splits

    def split(self, X, y=None, groups=None):
        n = _n_samples(X)
        test_size = 0.1 if self.test_size is None and self.train_size is None else self.test_size
        n_test, n_train = _split_sizes(n, test_size, self.train_size)
        rng = check_random_state(self.random_state)
        for _ in range(self.n_splits):
            order = rng.permutation(n)
            yield order[n_test:n_test + n_train], order[:n_test]

    def __repr__(self):
        return (f"ShuffleSplit(n_splits={self.n_splits}, test_size={self.test_size!r}, "
                f"train_size={self.train_size!r}, random_state={self.random_state!r})")


class _PredefinedSplits:
    """An iterable of (train, test) pairs given by the user, kept as a list."""

    def __init__(self, splits):
        self.splits = [(np.asarray(train), np.asarray(test)) for train, test in splits]

    def get_n_splits(self, X=None, y=None, groups=None):
        return len(self.splits)

    def split(self, X=None, y=None, groups=None):
        yield from self.splits


def check_cv(cv=5, y=None, *, classifier=False):
    """A splitter from ``cv``: an int is k-fold (stratified for a classifier
    given class labels, as scikit-learn does), a splitter is used as it is, an
    iterable of (train, test) index pairs is taken literally."""
    if cv is None:
        cv = 5
    if isinstance(cv, numbers.Integral) and not isinstance(cv, bool):
        if classifier and y is not None and _is_class_labels(y):
            return StratifiedKFold(cv)
        return KFold(cv)
    if hasattr(cv, "split") and hasattr(cv, "get_n_splits"):
        return cv
    if hasattr(cv, "__iter__") and not isinstance(cv, str):
        return _PredefinedSplits(cv)
    raise ValueError(f"cv must be an int, a splitter with split() and get_n_splits(), or an "
                     f"iterable of (train, test) index arrays; got {cv!r}.")


def _is_class_labels(y):
    """Binary or multiclass labels (not continuous, not multi-output), which
    is when scikit-learn stratifies."""
    y = np.asarray(y)
    if y.ndim == 2 and y.shape[1] == 1:
        y = y.ravel()
    if y.ndim != 1:
        return False
    if y.dtype.kind == "f":
        return bool(np.all(y == np.round(y)))
    return True


def train_test_split(*arrays, test_size=None, train_size=None, random_state=None,
                     shuffle=True, stratify=None):
    """Split arrays into random train and test parts: ``X_train, X_test, y_train, ...``.

    ``test_size`` and ``train_size`` are fractions in (0, 1) or counts; with
    neither, a quarter of the samples is held out. ``stratify`` (class labels)
    keeps each class's share equal in both parts, allotting the rounding
    remainders to the classes with the largest fractional parts.
    """
    if not arrays:
        raise ValueError("train_test_split needs at least one array.")
    n = len(arrays[0])
    if any(len(a) != n for a in arrays):
        raise ValueError(f"All arrays must have the same length; got {[len(a) for a in arrays]}.")
    if test_size is None and train_size is None:
        test_size = 0.25
    n_test, n_train = _split_sizes(n, test_size, train_size)
    rng = check_random_state(random_state)

    if stratify is None:
        order = rng.permutation(n) if shuffle else np.arange(n)
        train, test = order[:n_train], order[n_train:n_train + n_test]
    else:
        if not shuffle:
            raise ValueError("Stratified splitting requires shuffle=True.")
        classes, y_index = np.unique(np.asarray(stratify), return_inverse=True)
        counts = np.bincount(y_index.ravel(), minlength=len(classes))
        exact = counts * n_test / n
        per_class = np.floor(exact).astype(int)
        remainder = n_test - per_class.sum()
        per_class[np.argsort(-(exact - per_class), kind="stable")[:remainder]] += 1
        train_parts, test_parts = [], []
        for k in range(len(classes)):
            members = rng.permutation(np.flatnonzero(y_index.ravel() == k))
            test_parts.append(members[:per_class[k]])
            train_parts.append(members[per_class[k]:])
        train = rng.permutation(np.concatenate(train_parts))[:n_train]
        test = rng.permutation(np.concatenate(test_parts))

    result = []
    for a in arrays:
        result.extend([_take(a, train), _take(a, test)])
    return result


def _split_sizes(n, test_size, train_size):
    """(n_test, n_train): fractions of n (test rounded up, train down) or counts."""
    def count(size, name):
        if size is None:
            return None
        if isinstance(size, float) and 0 < size < 1:
            return size * n
        if isinstance(size, int | np.integer) and 0 < size < n:
            return int(size)
        raise ValueError(f"{name}={size!r} must be a fraction in (0, 1) or a count in [1, {n}).")

    test, train = count(test_size, "test_size"), count(train_size, "train_size")
    n_test = int(np.ceil(test)) if test is not None else n - int(np.floor(train))
    n_train = int(np.floor(train)) if train is not None else n - n_test
    if n_train < 1 or n_test < 1 or n_train + n_test > n:
        raise ValueError(f"Cannot split {n} samples into {n_train} train and {n_test} test.")
    return n_test, n_train


def _take(array, rows):
    if hasattr(array, "iloc"):
        return array.iloc[rows]
    return np.asarray(array)[rows]
