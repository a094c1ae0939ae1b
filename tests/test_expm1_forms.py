"""Differences that cancel near an end point (``exp(y) - 1``, ``log(1 + y)``), evaluated
without the cancellation by both witnesses.

The Bose-Einstein integrals ``int_0^oo y**(s - 1)/(exp(y) - 1) dy = gamma(s) zeta(s)``
(a textbook identity; the references below are mpmath's gamma and zeta) were undecided:
``y/(exp(y) - 1)`` is 0/0 in float64 below y = 1e-16 and in mpmath's working precision
below 1e-30, where the quadratures probe the end ("the integrand is undefined towards
x = 0").
"""

from __future__ import annotations

import math

import mpmath
import numpy as np
import pytest
import sympy as sp

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.numeric import mp_witness
from probproof.numeric.cancellation import without_cancellation
from probproof.numeric.compile import compile_expr

y = sp.Symbol("y", positive=True)


def test_the_rewritten_forms_keep_their_digits() -> None:
    f = compile_expr(y / (sp.exp(y) - 1), [y], lambda d: d)
    assert abs(float(f(np.array([1e-20]))[0]) - 1) < 1e-15
    g = compile_expr(sp.log(1 + y) / y, [y], lambda d: d)
    assert abs(float(g(np.array([1e-20]))[0]) - 1) < 1e-15
    h = mp_witness.mp_compile(y, (1 - sp.exp(-y)) / y, 30)
    assert abs(h(mpmath.mpf("1e-60")) - 1) < 1e-25


def test_the_rewrite_is_an_identity() -> None:
    exprs = [y / (sp.exp(y) - 1), sp.log(1 - sp.exp(-y)), sp.log(1 + y**2) + sp.exp(2 * y) - 1,
             (1 - sp.exp(-y)) * sp.log(1 + sp.exp(y))]
    for e in exprs:
        rewritten = without_cancellation(e)
        assert rewritten != e
        for v in (0.3, 2.0, 7.5):
            assert math.isclose(complex(e.subs(y, v)).real,
                                complex(rewritten.subs(y, v).evalf()).real, rel_tol=1e-14)


@pytest.mark.parametrize("s", [2, 4])
def test_bose_integrals(s: int) -> None:
    reference = mpmath.gamma(s) * mpmath.zeta(s)
    exact = {2: "pi**2/6", 4: "pi**4/15"}[s]
    assert mpmath.almosteq(reference, {2: mpmath.pi**2 / 6, 4: mpmath.pi**4 / 15}[s], 1e-14)
    statement = f"integrate(y**{s - 1}/(exp(y) - 1), (y, 0, oo))"
    assert check(f"{statement} == {exact}", {}, timeout=30).status is Status.CONFIRMED
    wrong = f"{float(reference) * (1 + 2e-5):.12g}"
    assert check(f"{statement} == {wrong}", {}, timeout=30).status is Status.REFUTED


def test_a_parametric_bose_integral() -> None:
    verdict = check("integrate(y**(s - 1)/(exp(y) - 1), (y, 0, oo)) == gamma(s)*zeta(s)",
                    {"s": "interval(1, 5)"}, timeout=30)
    assert verdict.status is Status.CONFIRMED, verdict


def test_one_minus_a_cosine_keeps_its_digits() -> None:
    # 1 - cos(y) is 0 in float64 below y = 1e-8 and in mpmath's 30 digits below 1e-15;
    # 2 sin(y/2)**2 is not (reference: the series 1/2 - y**2/24 of (1 - cos y)/y**2)
    f = compile_expr((1 - sp.cos(y)) / y**2, [y], lambda d: d)
    assert abs(float(f(np.array([1e-12]))[0]) - 0.5) < 1e-15
    h = mp_witness.mp_compile(y, (sp.cos(y) - 1) / y**2, 30)
    assert abs(h(mpmath.mpf("1e-40")) + 0.5) < 1e-25
    for e in ((1 - sp.cos(y)) / y**2, 1 + sp.cos(3 * y), -1 - sp.cos(y), y + 1 - sp.cos(y)):
        rewritten = without_cancellation(e)
        assert rewritten != e and not rewritten.has(sp.cos(y) - 1, 1 - sp.cos(y))
        for v in (0.3, 2.0, 7.5):
            assert math.isclose(float(e.subs(y, v)), float(rewritten.subs(y, v)),
                                rel_tol=1e-14)
    # a sum that does not cancel is left as it is
    assert without_cancellation(3 + sp.cos(y)) == 3 + sp.cos(y)
