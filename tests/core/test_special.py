"""Stable special functions against scipy.special, including extreme inputs."""

import numpy as np
import pytest
from scipy import special

from scratchlearn.core.special import log_sigmoid, log_softmax, logsumexp, sigmoid, softmax


def test_sigmoid_matches_expit_and_survives_huge_logits():
    z = np.array([-1e4, -745.0, -30.0, -1.0, 0.0, 1.0, 30.0, 745.0, 1e4])
    np.testing.assert_allclose(sigmoid(z), special.expit(z), rtol=1e-15, atol=1e-300)
    np.testing.assert_allclose(log_sigmoid(z), special.log_expit(z), rtol=1e-13)
    assert np.all(np.isfinite(log_sigmoid(z)))


def test_logsumexp_softmax_match_scipy(rng):
    a = rng.normal(scale=50, size=(20, 7))
    a[0] = 1e4  # a row that would overflow a naive exp
    np.testing.assert_allclose(logsumexp(a, axis=1), special.logsumexp(a, axis=1), rtol=1e-13)
    np.testing.assert_allclose(softmax(a, axis=1), special.softmax(a, axis=1), rtol=1e-12,
                               atol=1e-300)
    np.testing.assert_allclose(log_softmax(a, axis=1), special.log_softmax(a, axis=1),
                               rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(softmax(a, axis=1).sum(axis=1), 1.0, rtol=1e-14)


def test_logsumexp_of_all_minus_infinity_is_minus_infinity():
    assert logsumexp(np.array([-np.inf, -np.inf])) == -np.inf


@pytest.mark.parametrize("axis", [0, 1])
def test_logsumexp_axis(rng, axis):
    a = rng.normal(size=(4, 5))
    np.testing.assert_allclose(logsumexp(a, axis=axis), np.log(np.exp(a).sum(axis=axis)))
