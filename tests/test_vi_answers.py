"""The numbers in the answers to seed 000, 2.3 and 2.4 are computed, and right:
the uniform bound's gap at a centre is R^2 - log K, its limit log I0(R^2)."""

from __future__ import annotations

import math

import numpy as np
from scipy.special import i0e

from probproof.derivations import load_all
from probproof.derivations.result import plain

RESULTS = load_all()


def test_gap_of_the_uniform_bound_at_a_centre_is_r_squared_minus_log_k():
    """KL(Unif || one-hot posterior) at x = mu_K: the mean of |mu_K - mu_k|^2 / 2 over
    the ten centres, minus log 10 (97.7 for R = 10), not "about R^2 = 100"."""
    k = np.arange(1, 11)
    mu = 10 * np.c_[np.cos(2 * np.pi * k / 10), np.sin(2 * np.pi * k / 10)]
    gap = float(((mu[-1] - mu) ** 2).sum(1).mean() / 2 - math.log(10))
    answer = plain(RESULTS["vi.gmm_bounds"].answer)
    assert f"{gap:.1f} nats" in answer
    assert "R^2 = 100" not in answer


def test_limit_of_the_gap_on_the_ring_is_log_bessel():
    """log I0(R |x|) at |x| = R = 10 is 96.8 (scipy's scaled Bessel function), not 90."""
    expected = math.log(i0e(100.0)) + 100.0
    answer = plain(RESULTS["vi.gmm_limit"].answer)
    assert f"{expected:.1f} nats" in answer
    assert "about 90" not in answer


def test_the_posterior_case_of_2_3_is_a_checked_derivation():
    r = RESULTS["vi.gmm_bounds.posterior"]
    assert r.statement.relation == "==" and r.derivations and r.derivations[0].steps
