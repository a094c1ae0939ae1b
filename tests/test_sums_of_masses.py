"""Infinite sums whose terms are masses of a law.

``Sum(pdf(Poisson(l), k), (k, 1, oo))`` was summed by mpmath in both witnesses (a term
holding a density was not compiled to float64), so a disagreement had no independent
second witness and false claims of that shape stayed undecided (found by the
field-identities and distributions hunts). The terms now compile to SciPy's masses, and
float64's series summation with its tail bound is the first witness.

References: SciPy's survival functions (``poisson.sf``; ``geom`` counts trials, so torch's
Geometric, which counts failures, is ``geom(p, loc=-1)``).
"""

from __future__ import annotations

import math

import pytest
from scipy import stats

from probproof.checks.api import check
from probproof.checks.verdict import Status


def test_the_references() -> None:
    lam = 2.0
    assert math.isclose(stats.poisson(lam).sf(0), 1 - math.exp(-lam), rel_tol=1e-14)
    assert abs((1 - math.exp(-lam)) - (1 - lam * math.exp(-lam))) > 0.1
    p, n = 0.5, 3
    tail = stats.geom(p, loc=-1).sf(n - 1)  # P(K >= n), K the failures before a success
    assert math.isclose(tail, (1 - p) ** n, rel_tol=1e-14)
    assert abs(tail - (1 - p) ** (n + 1)) > 0.06


@pytest.mark.parametrize(("statement", "symbols"), [
    ("Sum(pdf(Poisson(lam), k), (k, 1, oo)) == 1 - lam*exp(-lam)", {"lam": "positive"}),
    ("Sum(pdf(Geometric(p), k), (k, n, oo)) == (1 - p)**(n + 1)",
     {"p": "probability", "n": "positive integer"}),
])
def test_a_wrong_sum_of_masses_is_refuted(statement, symbols) -> None:
    assert check(statement, symbols, timeout=30).status is Status.REFUTED  # before: undecided


def test_the_right_sum_of_masses_is_not_refuted() -> None:
    v = check("Sum(pdf(Poisson(lam), k), (k, 1, oo)) == 1 - exp(-lam)", {"lam": "positive"},
              timeout=30)
    assert v.status in (Status.PROVED, Status.CONFIRMED)
