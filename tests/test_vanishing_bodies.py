"""Expectations over an infinite discrete support whose body is exactly 0 from some atom on.

``TV(P, Q) = E_P[max(0, 1 - q/p)]``: between two Poisson (or two geometric) laws the body
is 0 once ``q > p``, so the terms carry no ratio for the geometric bound on the rest,
and ``TV(Poisson(1), Poisson(2))`` was undecided ("the terms do not decay fast enough").
The references are direct sums of scipy's mass functions.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats

from probproof.checks.api import check
from probproof.checks.verdict import Status


def _tv(p: np.ndarray, q: np.ndarray) -> float:
    return 0.5 * math.fsum(np.abs(p - q))


def test_the_references() -> None:
    k = np.arange(0, 200)
    assert abs(_tv(stats.poisson(1).pmf(k), stats.poisson(2).pmf(k))
               - (2 * math.exp(-1) - 3 * math.exp(-2))) < 1e-15
    # torch's Geometric counts failures: P(k) = p (1 - p)**k, scipy's geom counts trials
    assert abs(_tv(stats.geom(1 / 2, loc=-1).pmf(k), stats.geom(1 / 3, loc=-1).pmf(k))
               - 7 / 36) < 1e-15


def test_total_variation_between_discrete_laws_is_decided() -> None:
    assert check("TV(Poisson(1), Poisson(2)) == 2*exp(-1) - 3*exp(-2)", {},
                 timeout=30).status is Status.CONFIRMED
    assert check("TV(Poisson(1), Poisson(2)) == 2*exp(-1) - 3*exp(-2) + 1e-6", {},
                 timeout=30).status is Status.REFUTED
    assert check("TV(Geometric(1/2), Geometric(1/3)) == 7/36", {},
                 timeout=30).status is Status.CONFIRMED
    # the sum of the positive parts without the k = 1 term
    assert check("TV(Geometric(1/2), Geometric(1/3)) == 1/6", {},
                 timeout=30).status is Status.REFUTED
