"""A disagreement where float64's quadrature fails gets Monte Carlo as its second witness.

Float64 overflows on the square of the Logistic location score far out, so the first
witness of ``E[(d/dmu log p)^2]`` is mpmath's Gauss-Legendre rule, and mpmath's tanh-sinh
rule on the same density forms is no independent second witness: the false Fisher
information ``1/(4 s^2)`` (the truth is ``1/(3 s^2)``, 33% more, everywhere) stayed
undecided (found by the field-identities hunt). Monte Carlo shares neither the quadrature
nor the density forms (SciPy's draws, the body compiled to float64); where every side that
needed mpmath becomes a Monte Carlo estimate that disagrees with the claim and agrees
with mpmath's value within its error bars, the point is a counterexample.

Reference: SciPy's quadrature of the score's square against the Logistic density.
"""

from __future__ import annotations

import math

from scipy import integrate, stats

from probproof.checks.api import check
from probproof.checks.verdict import Status


def test_the_reference() -> None:
    for s in (0.5, 1.0, 2.0):
        law = stats.logistic(0.0, s)

        def score_squared(x, s=s, law=law):
            return (math.tanh(x / (2 * s)) / s) ** 2 * law.pdf(x)

        value = integrate.quad(score_squared, -math.inf, math.inf)[0]
        assert math.isclose(value, 1 / (3 * s**2), rel_tol=1e-8)


def test_a_wrong_fisher_information_where_float64_fails_is_refuted() -> None:
    v = check("Expect(diff(logpdf(Logistic(mu, s), x), mu)**2, x, Logistic(mu, s)) "
              "== 1/(4*s**2)", {"mu": "real", "s": "positive"}, timeout=30)
    assert v.status is Status.REFUTED, v  # before: undecided
    assert "monte-carlo" in v.methods


def test_the_right_fisher_information_is_not_refuted() -> None:
    v = check("Expect(diff(logpdf(Logistic(mu, s), x), mu)**2, x, Logistic(mu, s)) "
              "== 1/(3*s**2)", {"mu": "real", "s": "positive"}, timeout=30)
    assert v.status in (Status.PROVED, Status.CONFIRMED)
