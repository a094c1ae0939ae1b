"""A supremum the float64 search cannot locate is not reported as a number or as infinite.

False verdicts on main before this test (truths from calculus: the conjugate of
``u log u`` is ``e^(t - 1)``, attained at ``u = e^(t - 1)``; ``u sin u`` is unbounded;
``t n - n log n`` over the integers peaks near ``n = e^(t - 1)``):

- ``Sup(t u - u log u, u) == exp(t - 1)`` with ``t`` in (900, 1000) was refuted: the
  peak lies beyond float64, the values grew up to the search's edge and overflowed,
  and the search called the supremum infinite;
- ``Sup(u sin u, u) == oo`` was refuted: the best value on the grid (1.4e69) was taken
  for the supremum, twice on the same grid;
- over the integers, the value at the last integer searched (20 001) was returned as
  the supremum while the values were still growing, and a false claim equal to it was
  confirmed, `Sup(1 - 1/n, n) == 1` and `Sup(n, n) == oo` over the integers refuted.
"""

from __future__ import annotations

import pytest
import sympy as sp

from probproof.checks.api import check
from probproof.checks.domains import parse_domain
from probproof.numeric.evaluate import Unevaluable, _unbounded_beyond


def _status(statement: str, symbols: dict[str, str]) -> str:
    return check(statement, symbols, timeout=20).status.value


def test_a_peak_beyond_float64_is_not_called_infinite():
    assert _status("Sup(t*u - u*log(u), u) == exp(t - 1)",
                   {"t": "interval(900, 1000)", "u": "positive"}) != "refuted"


def test_an_oscillating_unbounded_function_is_not_given_its_grid_maximum():
    assert _status("Sup(u*sin(u), u) == oo", {"u": "real"}) != "refuted"


@pytest.mark.parametrize(("statement", "symbols"), [
    # An increasing sequence whose supremum is approached past the integers searched:
    # 1 - 1/20001 was taken for it and `== 1` refuted.
    ("Sup(1 - 1/n, n) == 1", {"n": "positive integer"}),
    # Unbounded above over all integers: the search's last integer (10 000) was taken.
    ("Sup(n, n) == oo", {"n": "integer"}),
])
def test_a_supremum_approached_past_the_integers_searched_is_not_refuted(statement, symbols):
    assert _status(statement, symbols) != "refuted"


def test_the_last_integer_searched_is_not_the_supremum():
    assert _status("Sup(t*n - n*log(n), n) == 20001*(t - log(20001))",
                   {"t": "interval(40, 50)", "n": "positive integer"}) not in (
        "proved", "confirmed")


@pytest.mark.parametrize(("statement", "symbols"), [
    ("Sup(exp(u), u) == oo", {"u": "real"}),
    ("Sup(n, n) == oo", {"n": "positive integer"}),
    ("Sup(t*u - Abs(u - 1)/2, u) == oo", {"t": "interval(1/2, 5)", "u": "real"}),
    ("Sup(t*u - u*log(u), u) == exp(t - 1)", {"t": "real", "u": "positive"}),
])
def test_true_suprema_still_pass(statement, symbols):
    assert _status(statement, symbols) in ("proved", "confirmed")


@pytest.mark.parametrize(("statement", "symbols"), [
    ("Sup(t*u - u*log(u), u) == exp(t)", {"t": "real", "u": "positive"}),
    ("Sup(t*u - exp(u), u) == t*log(t)", {"t": "positive", "u": "real"}),
])
def test_slips_in_conjugates_are_still_refuted(statement, symbols):
    assert _status(statement, symbols) == "refuted"


def test_following_a_function_that_turns_down_is_unevaluable():
    u = sp.Symbol("u", positive=True)
    # t u - u log u at t = 2000: grows up to float64's edge (u = e^700), peaks at e^1999.
    with pytest.raises(Unevaluable, match="not settled"):
        _unbounded_beyond(2000 * u - u * sp.log(u), u, parse_domain("positive"), 1.0,
                          1, 700.0, 30)


def test_following_an_unbounded_function_gives_infinity():
    u = sp.Symbol("u", positive=True)
    est = _unbounded_beyond(u, u, parse_domain("positive"), 1.0, 1, 700.0, 30)
    assert est.value == sp.oo or str(est.value.real) == "+inf"
