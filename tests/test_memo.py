"""The symbolic checker remembers reductions per expression: each computed once, errors
remembered too, expressions that differ only in assumptions or in 2 against 2.0 apart."""

from __future__ import annotations

import pytest
import sympy as sp

from probproof.checks.memo import remembered


class Nope(Exception):
    pass


def test_each_expression_is_computed_once_and_errors_are_remembered() -> None:
    calls: list[sp.Basic] = []

    @remembered(Nope, size=2)
    def f(e: sp.Basic) -> sp.Basic:
        calls.append(e)
        if e.has(sp.Symbol("bad")):
            raise Nope("no closed form")
        return e * 2

    x, xp = sp.Symbol("x"), sp.Symbol("x", positive=True)
    assert f(x + 1) == 2 * x + 2 and f(x + 1) == 2 * x + 2
    assert len(calls) == 1
    f(xp + 1)  # other assumptions: another expression
    f(2.0 * x)
    f(2 * x)  # 2 against 2.0: another expression
    assert len(calls) == 4
    bad = sp.Symbol("bad") + 1
    for _ in range(2):
        with pytest.raises(Nope, match="no closed form"):
            f(bad)
    assert calls.count(bad) == 1
    # size 2: the oldest entries are gone and computed again.
    f(x + 1)
    assert calls.count(x + 1) == 2


def test_an_interrupted_call_stores_nothing() -> None:
    count = [0]

    @remembered(Nope)
    def f(e: sp.Basic) -> sp.Basic:
        count[0] += 1
        if count[0] == 1:
            raise TimeoutError("interrupted")
        return e

    x = sp.Symbol("x")
    with pytest.raises(TimeoutError):
        f(x + 1)
    assert f(x + 1) == x + 1 and count[0] == 2


def test_the_forms_of_an_inequality_are_simplified_only_when_needed(monkeypatch) -> None:
    from probproof.checks import convexity, zero

    simplified: list[sp.Basic] = []
    original = zero._simplify.__wrapped__

    @remembered()
    def counting(e: sp.Basic) -> sp.Basic:
        simplified.append(e)
        return original(e)

    monkeypatch.setattr(zero, "_simplify", counting)
    x = sp.Symbol("x", positive=True)
    # Nonnegative as it stands: no simplify at all.
    assert convexity._nonnegative(x**2 + 1)
    assert simplified == []
    # Nonnegative only once simplified, (x^2 - 1)/(x - 1) - x = 1: simplified once, however
    # often it is asked.
    e = (x**2 - 1) / (x - 1) - x
    assert convexity._nonnegative(e) and convexity._nonnegative(e)
    assert simplified == [e]
    # And a negative one is still refused.
    assert not convexity._nonnegative(-(x**2) - 1)
