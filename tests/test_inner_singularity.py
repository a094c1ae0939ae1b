"""Integrable singularities inside the range, at a break point: ``log|x|`` and
``|x - m|**(-1/2)`` at their zero.

float64's rule across such a point did not converge; the arbitrary-precision fallback
then stood alone, and with no independent second witness ``E[log|x|] == log(g) + 1``
under a Cauchy law was undecided. Each side of the singularity is now a range of its own,
whose end piece takes it in the logarithm of the distance. References: ``E log|X| = log g``
for a Cauchy(0, g) law and ``-(EulerGamma + log 2)/2`` for a standard normal one, checked
here by SciPy's QUADPACK with the singular point given (``points=[0]``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import integrate, stats

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.numeric.quadrature import _singular_at

EULER_GAMMA = 0.5772156649015329


def _expect_log_abs(law) -> float:
    left = integrate.quad(lambda y: math.log(-y) * law.pdf(y), -np.inf, 0, limit=200)[0]
    right = integrate.quad(lambda y: math.log(y) * law.pdf(y), 0, np.inf, limit=200)[0]
    return left + right


def test_the_references() -> None:
    for g in (0.5, 3.0):
        assert abs(_expect_log_abs(stats.cauchy(0, g)) - math.log(g)) < 1e-8
    assert abs(_expect_log_abs(stats.norm()) + (EULER_GAMMA + math.log(2)) / 2) < 1e-8


RIGHT = [
    ("Expect(log(Abs(x)), x, Cauchy(0, g)) == log(g)", {"g": "positive"}),
    ("Expect(log(Abs(x)), x, Normal(0, 1)) == -(EulerGamma + log(2))/2", {}),
]
WRONG = [
    ("Expect(log(Abs(x)), x, Cauchy(0, g)) == log(g) + 1", {"g": "positive"}),
    ("Expect(log(Abs(x)), x, Normal(0, 1)) == -(EulerGamma + log(2))/2 + 0.01", {}),
    ("integrate(log(Abs(x))*exp(-x**2), (x, -oo, oo)) == "
     "-sqrt(pi)*(EulerGamma + 2*log(2))/2 + 0.001", {}),
]


@pytest.mark.parametrize(("statement", "symbols"), RIGHT)
def test_an_expectation_with_a_log_singularity_is_confirmed(statement, symbols) -> None:
    assert check(statement, symbols, timeout=60).status in (Status.PROVED, Status.CONFIRMED)


@pytest.mark.parametrize(("statement", "symbols"), WRONG)
def test_a_wrong_value_beside_a_log_singularity_is_refuted(statement, symbols) -> None:
    assert check(statement, symbols, timeout=60).status is Status.REFUTED  # before: undecided


def test_what_counts_as_singular() -> None:
    with np.errstate(all="ignore"):
        assert _singular_at(lambda x: np.log(np.abs(x)), 0.0, 1.0)
        assert _singular_at(lambda x: np.abs(x - 2) ** -0.5, 2.0, 1.0)
        assert _singular_at(lambda x: 1 / x, 0.0, 1.0)
    assert not _singular_at(np.abs, 0.0, 1.0)  # a kink
    assert not _singular_at(np.sign, 0.0, 1.0)  # a jump
    assert not _singular_at(np.exp, 0.0, 1.0)
