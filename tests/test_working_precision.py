"""Values in arbitrary precision are computed at the evaluation's precision.

mpmath's numbers take its global precision (15 digits) when they are made: the exact
masses of a Bernoulli law became float64's digits, their logarithms too, while the
error bounds spoke of 25 digits. ``KL(Bernoulli(p), Bernoulli(p + h))``, whose two terms
cancel from ``h`` to ``h**2 / (2 p (1 - p))``, came out 1.67e-16 for 2.38e-16 at
``h = 1e-8`` (both witnesses alike, "exactly"), and negative at ``h = 1e-14``, which
refuted the true ``KL(Bernoulli(p), Bernoulli(p + h))/h**2 > 1``.

Reference: mpmath at 60 digits on the definition ``p log(p/q) + (1 - p) log((1 - p)/(1 - q))``.
"""

from __future__ import annotations

import mpmath
import pytest
import sympy as sp

from probproof.checks.api import check
from probproof.checks.verdict import Status
from probproof.derivations import vocabulary as V
from probproof.numeric.evaluate import Context, evaluate


def _reference(p: mpmath.mpf, h: mpmath.mpf) -> mpmath.mpf:
    with mpmath.workdps(60):
        q = p + h
        return p * mpmath.log(p / q) + (1 - p) * mpmath.log((1 - p) / (1 - q))


def test_the_reference() -> None:
    with mpmath.workdps(60):
        p, h = mpmath.mpf(3) / 10, mpmath.mpf(10) ** -8
        # the leading term of the expansion, h**2 / (2 p (1 - p)), to 8 digits
        assert abs(_reference(p, h) / (h**2 / (2 * p * (1 - p))) - 1) < 1e-7


@pytest.mark.parametrize("ctx", [Context(), Context(precise=True),
                                 Context(precise=True, independent=True)],
                         ids=["first", "precise", "second"])
@pytest.mark.parametrize("k", [8, 14])
def test_a_kl_whose_terms_cancel_keeps_its_digits(ctx, k) -> None:
    p, h = sp.Rational(3, 10), sp.Rational(1, 10**k)
    v = evaluate(V.KL(V.Bernoulli(p), V.Bernoulli(p + h)), {}, ctx)
    with mpmath.workdps(60):
        truth = _reference(mpmath.mpf(3) / 10, mpmath.mpf(10) ** -k)
    assert abs(v.value - truth) <= v.abserr + 1e-9 * truth  # before: 1.67e-16 for 2.38e-16


def test_a_true_claim_on_a_cancelling_kl_is_not_refuted() -> None:
    v = check("KL(Bernoulli(p), Bernoulli(p + h))/h**2 > 1",
              {"p": "interval(0.1, 0.5)", "h": "interval(0, 1/100000)"}, timeout=30)
    assert v.status is not Status.REFUTED, v  # before: refuted, lhs = -3.4e11 at h = 1e-14
