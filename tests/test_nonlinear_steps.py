"""Break points where a step function's nonlinear argument crosses an integer, and where
the arguments of ``Max``/``Min`` cross each other.

``int_0^10 floor(sqrt(x)) dx`` is 16 (jumps at 1, 4, 9); the float64 quadrature, with no
break points, gave 16.00074 with a bound of 3e-14, and ``... > 16`` was confirmed.
``Min(1, 1/x**3)`` bends at x = 1, not where either argument is 0: its integral came out
1.5000014 for 3/2. References: the integrals by hand (sums of rectangles), checked by
scipy with the break points given.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy as sp
from scipy import integrate

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.numeric import mp_witness

x = sp.Symbol("x", real=True)


def test_the_references() -> None:
    v, _ = integrate.quad(lambda t: math.floor(math.sqrt(t)), 0, 10, points=[1, 4, 9])
    assert abs(v - 16) < 1e-12
    v, _ = integrate.quad(lambda t: math.ceil(math.log(t)), 1, 10, points=[math.e, math.e**2])
    assert abs(v - (29 - math.e - math.e**2)) < 1e-12


def test_the_break_points() -> None:
    assert np.allclose(sorted(mp_witness.kinks(sp.floor(sp.sqrt(x)), x, 0, 10)), [1, 4, 9])
    assert np.allclose(sorted(mp_witness.kinks(sp.floor(sp.log(x)), x, 1, 10)),
                       [math.e, math.e**2])
    assert np.allclose(sorted(mp_witness.kinks(sp.Min(1, 1 / x**3), x, 0, math.inf)), [1])


@pytest.mark.parametrize(("statement", "status"), [
    ("integrate(floor(sqrt(x)), (x, 0, 10)) == 16", Status.CONFIRMED),
    ("integrate(ceiling(log(x)), (x, 1, 10)) == 29 - exp(1) - exp(2)", Status.CONFIRMED),
    ("integrate(ceiling(log(x)), (x, 1, 10)) == 18.8884094795812", Status.REFUTED),
    ("integrate(Min(1, 1/x**2), (x, 0, oo)) > 2.0000009", Status.REFUTED),
])
def test_step_and_kink_integrals(statement: str, status: Status) -> None:
    assert check(statement, {}, timeout=30).status is status


@pytest.mark.parametrize("statement", [
    "integrate(floor(sqrt(x)), (x, 0, 10)) > 16",
    "integrate(Min(1, 1/x**3), (x, 0, oo)) > 3/2",
])
def test_a_strict_inequality_that_is_an_equality_is_not_confirmed(statement: str) -> None:
    assert check(statement, {}, timeout=30).status is not Status.CONFIRMED
