"""A multivariate normal's covariance written as ``diag([...])``, ``eye(n)`` or
``Matrix([...])``, as a user of the field writes it, beside the list of rows.

It was refused ("MvNormal takes a mean list and a covariance list of rows"). The
references are scipy's ``multivariate_normal`` entropy and the Gaussian KL computed in
numpy, never probproof.
"""

from __future__ import annotations

import math

import numpy as np
from claimfiles import assert_one_clear_line
from scipy import stats

from probproof.checks.api import check
from probproof.checks.domains import parse_domain
from probproof.checks.verdict import Status


def _gauss_kl(m0, s0, m1, s1) -> float:
    m0, s0, m1, s1 = (np.asarray(a, dtype=float) for a in (m0, s0, m1, s1))
    inv = np.linalg.inv(s1)
    d = m1 - m0
    return 0.5 * (np.trace(inv @ s0) + d @ inv @ d - len(m0)
                  + math.log(np.linalg.det(s1) / np.linalg.det(s0)))


def test_diag_eye_and_matrix_covariances() -> None:
    h = stats.multivariate_normal([0, 0, 0], np.diag([1.0, 2.0, 3.0])).entropy()
    assert abs(h - (1.5 * math.log(2 * math.pi * math.e) + math.log(6) / 2)) < 1e-12
    assert check("H(MvNormal([0, 0, 0], diag([1, 2, 3]))) == 3/2*log(2*pi*exp(1)) + log(6)/2",
                 {}, timeout=30).status in (Status.PROVED, Status.CONFIRMED)
    assert check("H(MvNormal([0, 0, 0], diag([1, 2, 3]))) == 3/2*log(2*pi*exp(1)) + log(6)",
                 {}, timeout=30).status is Status.REFUTED
    kl = _gauss_kl([0, 0], np.eye(2), [1, 0], 2 * np.eye(2))
    assert abs(kl - (math.log(2) - 1 / 4)) < 1e-12
    assert check("KL(MvNormal([0, 0], eye(2)), MvNormal([1, 0], diag([2, 2]))) == log(2) - 1/4",
                 {}, timeout=30).status in (Status.PROVED, Status.CONFIRMED)
    # the swapped direction, KL(N(m, 2I) || N(0, I)), is 1 + 1/2 - log(2)
    assert check("KL(MvNormal([0, 0], eye(2)), MvNormal([1, 0], diag([2, 2]))) == "
                 "3/2 - log(2)", {}, timeout=30).status is Status.REFUTED
    assert check("H(MvNormal([0, 0], Matrix([[1, 0], [0, 4]]))) == log(2*pi*exp(1)) + log(2)",
                 {}, timeout=30).status in (Status.PROVED, Status.CONFIRMED)


def test_a_covariance_that_is_no_matrix_gets_one_line() -> None:
    assert_one_clear_line("H(MvNormal([0, 0], 3)) == 1", "diag([...])",
                          {"s": parse_domain("positive")})
