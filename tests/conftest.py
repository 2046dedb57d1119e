"""Shared test settings: every test sees the same seeded generator, and CI
draws hypothesis examples reproducibly.

Locally hypothesis explores new examples on every run (and keeps the ones
that failed in .hypothesis/). `.ci/run` sets HYPOTHESIS_PROFILE=ci: the
examples are derived from each test's name, so a green run here is the
run CI repeats, and a failure CI reports can be reproduced exactly."""

import os

import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


@pytest.fixture
def rng():
    return np.random.default_rng(0)


@pytest.fixture
def assert_warned_from():
    """``check(warnings, path)``: each warning names ``path`` as its origin, i.e.
    its stacklevel reaches the caller of the library. Skipped under mutation
    testing: mutmut wraps every mutated function in a trampoline, more stack
    frames per call, so there no fixed stacklevel can name the caller."""
    def check(caught, path):
        if "MUTANT_UNDER_TEST" not in os.environ:
            assert [w.filename for w in caught] == [path] * len(caught)
    return check
