"""``log(c exp(a))`` is compiled as ``log(c) + a``: a density written out by hand inside a
logarithm (the entropy of an exponential law from its definition) underflowed to
``log(0)`` far out in float64, the first witness fell back on mpmath, and a wrong value
had no independent second witness: ``-int p log p == -log(lam) + 1/lam`` was undecided.
The reference is scipy's entropy of the exponential law, ``1 - log(lam)``.
"""

from __future__ import annotations

import math

from scipy import stats

from probproof.checks.api import check
from probproof.checks.verdict import Status

ENTROPY = "-integrate(lam*exp(-lam*x)*log(lam*exp(-lam*x)), (x, 0, oo))"


def test_the_reference() -> None:
    for lam in (0.5, 3.0):
        assert math.isclose(stats.expon(scale=1 / lam).entropy(), 1 - math.log(lam),
                            rel_tol=1e-14)


def test_an_entropy_written_out_is_decided() -> None:
    symbols = {"lam": "positive"}
    assert check(f"{ENTROPY} == 1 - log(lam)", symbols, timeout=30).status in (
        Status.PROVED, Status.CONFIRMED)
    assert check(f"{ENTROPY} == -log(lam) + 1/lam", symbols,
                 timeout=30).status is Status.REFUTED
