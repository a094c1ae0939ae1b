"""A number that SymPy's two-digit evaluation rounds to an exact zero is not zero.

SymPy 1.14 decides the sign of a closed number from the number evaluated to two digits;
for ``loggamma`` and ``acosh`` that evaluation rounds the argument first, so
``loggamma(2 + 5e-7)`` came out as an exact 0 and every automatic simplification
believed it: ``exp(loggamma(1 + a)) == gamma(1 + a)`` (an identity) was refuted at
``a = 2e-8``, ``exp(loggamma(4000001/2000000)) == 1`` was proved, and a Fisher-Snedecor
mean at ``df1 = 1e-6`` was confirmed at a value 2e-7 off (its density lost the factor
``exp(loggamma((df1 + df2)/2))``). ``probproof.derivations._sympy_zero`` leaves such a
number's sign unknown.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.derivations.vocabulary import DISTRIBUTIONS

TINY = sp.Rational(1, 2_000_000)


@pytest.mark.parametrize("number", [sp.loggamma(2 + TINY), sp.loggamma(1 - TINY),
                                    sp.acosh(1 + TINY**2)])
def test_a_number_rounded_to_zero_in_two_digits_is_not_taken_for_zero(number) -> None:
    assert number.is_zero is not True
    assert sp.exp(number) != 1
    assert abs(float(sp.exp(number) - 1)) > 1e-10


def test_a_number_rounded_to_infinity_in_two_digits_is_not_taken_for_zero() -> None:
    # atanh(1 - 2e-9) rounds to atanh(1) = oo, "neither positive nor negative"
    number = sp.atanh(1 - 2 * sp.Rational(1, 10**9))
    assert number.is_zero is not True
    assert sp.log(number) != sp.zoo
    assert abs(float(sp.log(number)) - 2.3381098) < 1e-6
    law = DISTRIBUTIONS["ContinuousBernoulli"](sp.Rational(1, 10**9))
    assert sp.N(law.logpdf(sp.Rational(3, 10)), 20).is_finite


def test_the_value_is_kept_in_an_expression_built_from_it() -> None:
    density_factor = sp.exp(sp.loggamma(2 + TINY) - sp.loggamma(TINY))
    want = mpmath.exp(mpmath.loggamma(mpmath.mpf(2) + mpmath.mpf(1) / 2_000_000)
                      - mpmath.loggamma(mpmath.mpf(1) / 2_000_000))
    assert abs(sp.N(density_factor, 30) - sp.Float(str(want), 30)) < 1e-25


def test_true_zeros_and_signs_are_still_known() -> None:
    assert sp.loggamma(2) == 0 and sp.loggamma(1) == 0 and sp.acosh(1) == 0
    assert (sp.sqrt(2) * sp.sqrt(3) - sp.sqrt(6)).is_zero
    assert sp.loggamma(sp.Rational(1, 2)).is_positive
    assert sp.loggamma(sp.Rational(3, 2)).is_negative
    assert sp.loggamma(2 + sp.Rational(1, 100)).is_positive


@pytest.mark.parametrize(("statement", "domains", "verdicts"), [
    ("exp(loggamma(1 + a)) == gamma(1 + a)", {"a": "interval(0, 1/1000000)"},
     {Status.PROVED, Status.CONFIRMED}),
    ("exp(loggamma(1 + a)) == 1", {"a": "interval(0, 1/1000000)"}, {Status.REFUTED}),
    ("exp(loggamma(4000001/2000000)) == 1", {}, {Status.REFUTED}),
    ("exp(loggamma(2 + 1/10**8)) == 1", {}, {Status.REFUTED}),
    ("Expect(x, x, FisherSnedecor(1/1000000, 4)) == 19999995772155484/10000000000000000", {},
     {Status.REFUTED, Status.UNDECIDED}),
    ("Expect(x, x, FisherSnedecor(1/1000000, 4)) == 2", {}, {Status.PROVED, Status.CONFIRMED}),
])
def test_claims_near_a_rounded_zero(statement: str, domains: dict, verdicts: set) -> None:
    assert check(statement, domains, timeout=30).status in verdicts
