"""Claims false only between two places where they bend: the search also tries a point
between each two zeros of the arguments of ``Abs``, ``Max``, ``floor`` ... and beyond
the outer ones (``search._kink_points``).

``sqrt(f**2) = f`` (a student's slip) with ``f = (x - 1)(x - 3/2)`` is false on (1, 1.5)
only, and with ``f = (x - 50)(x - 70)`` between the search's moderate box (about 40) and
its far points (100.25): both were confirmed. The truth below is the sign of ``f`` at the
interval's midpoint, computed directly.
"""

from __future__ import annotations

import pytest

from probproof.checks.api import check
from probproof.checks.verdict import Status


def test_the_references() -> None:
    assert (1.25 - 1) * (1.25 - 1.5) < 0
    assert (60 - 50) * (60 - 70) < 0
    assert (10.25 - 10) * (10.25 - 10.5) < 0


SLIPS = [
    ("Abs((x - 1)*(x - 3/2)) == (x - 1)*(x - 3/2)", {"x": "real"}),
    ("sqrt(((x - 1)*(x - 3/2))**2) == (x - 1)*(x - 3/2)", {"x": "real"}),
    ("Abs((x - 50)*(x - 70)) == (x - 50)*(x - 70)", {"x": "real"}),
    ("Max((x - 10)*(x - 21/2), 0) == (x - 10)*(x - 21/2)", {"x": "positive"}),
    ("Abs((x - 50)*(x - 70)) + y**2 == (x - 50)*(x - 70) + y**2", {"x": "real", "y": "real"}),
]


@pytest.mark.parametrize(("statement", "symbols"), SLIPS)
def test_a_slip_false_between_two_kinks_is_refuted(statement, symbols) -> None:
    v = check(statement, symbols, timeout=30)
    assert v.status is Status.REFUTED, v  # before: confirmed


TRUE = [
    ("Abs((x - 1)**2) == (x - 1)**2", {"x": "real"}),
    ("sqrt(x**2) == Abs(x)", {"x": "real"}),
    ("Max((x - 10)*(x - 21/2), 0) >= (x - 10)*(x - 21/2)", {"x": "positive"}),
]


@pytest.mark.parametrize(("statement", "symbols"), TRUE)
def test_true_claims_with_kinks_stay_confirmed(statement, symbols) -> None:
    assert check(statement, symbols, timeout=30).status in (Status.PROVED, Status.CONFIRMED)
