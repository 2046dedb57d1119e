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
