"""Monte Carlo agreement is no evidence for an equality beyond its error bars.

Where only Monte Carlo evaluated a point, its tolerance (6.11 standard errors of 131 072
draws) is a relative 1e-3 to 1e-2, and false claims inside it were confirmed:
``E[max(U1, U2)] == 0.667`` (2/3 rounded), the expected maximum of ten Exp(1) draws
written as ``log(10) + gamma + 1/20`` (0.03% off the harmonic number) and a mutual
information rounded to four digits. Such a point now refutes (with its two witnesses) and
confirms an inequality that holds beyond the bars; for an equality it is unevaluable.
(The maxima now have a deterministic route of their own, tests/test_order_statistics.py;
``E|U1 - U2|``, whose kink is not at a coordinate's value, stands in for them here.)
"""

from __future__ import annotations

import pytest

from probproof.checks.api import check
from probproof.checks.verdict import Status

GAP = "Expect(Abs(z[0] - z[1]), z, IID(Uniform(0, 1), 2))"  # 1/3
MI3 = ("MutualInformation(MvNormal([0, 0, 0], [[1, 1/2, 0], [1/2, 1, 1/2], [0, 1/2, 1]]), "
       "[0], [1, 2])")


@pytest.mark.parametrize("statement", [
    f"{GAP} == 0.333",
    f"{GAP} == 0.3337",
    f"{MI3} == 0.2026",
])
def test_a_false_equality_within_the_error_bars_is_not_confirmed(statement: str) -> None:
    verdict = check(statement, {}, timeout=30)
    assert verdict.status is Status.UNDECIDED, verdict
    assert "Monte Carlo agrees only within its error bars" in verdict.message


def test_a_false_equality_beyond_the_error_bars_is_still_refuted() -> None:
    assert check(f"{GAP} == 0.36", {}, timeout=30).status is Status.REFUTED


def test_an_inequality_that_holds_beyond_the_error_bars_is_confirmed() -> None:
    assert check(f"{GAP} <= 0.34", {}, timeout=30).status is Status.CONFIRMED
    # within the bars of a tie: neither way
    assert check(f"{GAP} <= 0.3334", {}, timeout=30).status is Status.UNDECIDED


def test_a_proof_spot_checked_by_monte_carlo_is_still_proved() -> None:
    verdict = check("Expect(Sum(z[k], (k, 0, K - 1)), z, IID(Normal(mu, 1), K)) == K*mu",
                    {"K": "positive integer", "mu": "real"}, timeout=30)
    assert verdict.status is Status.PROVED, verdict
