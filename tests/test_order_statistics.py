"""Expectations of the largest or smallest of K IID draws, by one integral.

``E[g(max(z))] = int g(y) K F(y)**(K - 1) p(y) dy`` (``1 - F`` for the min), with the base
law's SciPy distribution function. Before, the joint cubature did not converge on the
kink of ``Max`` and only Monte Carlo evaluated such claims, which cannot confirm an
equality: ``E[max(U1, U2)] == 2/3`` was undecided. The expected values come from the
textbook formulas (harmonic numbers for exponential maxima, ``1/sqrt(pi)`` for two
standard normals, Beta laws for uniform order statistics), checked here against scipy.
"""

from __future__ import annotations

import math

import pytest
from scipy import integrate, stats

from probproof.checks.api import check
from probproof.checks.verdict import Status


def _draws(k: int) -> str:
    return ", ".join(f"z[{i}]" for i in range(k))


def test_the_references_hold() -> None:
    # E[max of 3 N(0, 1)] = 3/(2 sqrt(pi)), by scipy's own quadrature of K F^(K-1) p
    v, _ = integrate.quad(lambda y: y * 3 * stats.norm.cdf(y) ** 2 * stats.norm.pdf(y),
                          -math.inf, math.inf)
    assert abs(v - 3 / (2 * math.sqrt(math.pi))) < 1e-12
    assert abs(stats.beta(2, 1).var() - 1 / 18) < 1e-15


TRUE = [
    (f"Expect(Max({_draws(2)}), z, IID(Uniform(0, 1), 2)) == 2/3", {}),
    (f"Var(Max({_draws(2)}), z, IID(Uniform(0, 1), 2)) == 1/18", {}),
    (f"Expect(Max({_draws(3)}), z, IID(Normal(0, 1), 3)) == 3/(2*sqrt(pi))", {}),
    (f"Expect(Max({_draws(10)}), z, IID(Exponential(1), 10)) == 7381/2520", {}),
    (f"Expect(Min({_draws(3)}), z, IID(Exponential(r), 3)) == 1/(3*r)", {"r": "positive"}),
    (f"Expect(Max({_draws(2)}), z, IID(Normal(m, s), 2)) == m + s/sqrt(pi)",
     {"m": "real", "s": "positive"}),
    (f"Expect(Min({_draws(4)})**2, z, IID(Uniform(0, 1), 4)) == 1/15", {}),
]


@pytest.mark.parametrize(("statement", "symbols"), TRUE)
def test_an_order_statistic_identity_is_confirmed(statement, symbols) -> None:
    verdict = check(statement, symbols, timeout=30)
    assert verdict.status in (Status.PROVED, Status.CONFIRMED), verdict
    if verdict.status is Status.CONFIRMED:
        assert "order-statistic quadrature" in verdict.message


@pytest.mark.parametrize(("statement", "symbols"), [
    (f"Expect(Max({_draws(2)}), z, IID(Normal(0, 1), 2)) == sqrt(2/pi)", {}),
    (f"Expect(Min({_draws(3)}), z, IID(Exponential(r), 3)) == 1/(2*r)", {"r": "positive"}),
    # the min of four uniforms is Beta(1, 4): E[min**2] = 2/30, not 1/10
    (f"Expect(Min({_draws(4)})**2, z, IID(Uniform(0, 1), 4)) == 1/10", {}),
])
def test_a_wrong_order_statistic_is_refuted(statement, symbols) -> None:
    assert check(statement, symbols, timeout=30).status is Status.REFUTED


def test_a_near_miss_is_not_confirmed() -> None:
    """0.03% off: the quadrature disagrees, and Monte Carlo, the second witness, cannot
    resolve it: neither confirmed (as when Monte Carlo alone evaluated it) nor refuted."""
    verdict = check(f"Expect(Max({_draws(10)}), z, IID(Exponential(1), 10)) == "
                    "log(10) + EulerGamma + 1/20", {}, timeout=30)
    assert verdict.status is Status.UNDECIDED, verdict


def test_a_body_that_uses_a_draw_outside_the_max_takes_the_joint_route() -> None:
    # E[max(U1, U2) - U1] = 2/3 - 1/2: not a function of the max alone
    verdict = check(f"Expect(Max({_draws(2)}) - z[0], z, IID(Uniform(0, 1), 2)) <= 0.2", {},
                    timeout=30)
    assert verdict.status is Status.CONFIRMED, verdict
    assert "order-statistic" not in verdict.message
