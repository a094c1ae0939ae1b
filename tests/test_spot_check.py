"""The spot check after a symbolic proof (issue 18): when its short first attempt
evaluates no point, it goes on until as many points agree as it wanted, not to the
time limit."""

from __future__ import annotations

import sympy as sp

from probproof.checks import engine
from probproof.checks.domains import parse_domain
from probproof.checks.search import search
from probproof.checks.verdict import Status


def test_a_spot_check_that_had_no_time_stops_once_enough_points_agree(monkeypatch) -> None:
    # No time for the first spot check: every point is evaluated by the one that follows.
    monkeypatch.setattr(engine, "SPOT_SECONDS", 0.0)
    x = sp.Symbol("x")
    v = engine.check_relation(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1), "==",
                              {"x": "real"}, timeout=20)
    assert v.status is Status.PROVED
    assert v.trials == engine.SPOT_EXAMPLES  # before the fix: every one of 40 points


def _search(lhs: sp.Basic, rhs: sp.Basic, enough: int | None):
    import time

    x = sp.Symbol("x", real=True)
    return search(lhs.subs("x", x), rhs.subs("x", x), "==", {"x": x},
                  {"x": parse_domain("real")}, seed=0, deadline=time.monotonic() + 20,
                  enough_agreeing=enough)


def test_enough_agreeing_ends_the_search_and_a_plain_search_still_refutes() -> None:
    x = sp.Symbol("x")
    assert _search(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1), 3).agreed == 3
    assert _search(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1), None).agreed > 3
    # without the option, the search is what it was: a false claim is caught
    assert _search(sp.sin(x) ** 2, sp.Integer(1), None).counterexample is not None


def test_hypothesis_stops_drawing_once_enough_points_agree(monkeypatch) -> None:
    from probproof.checks import search as search_module

    tested = [0]
    original = search_module.find

    def counting_find(strategy, condition, **kwargs):
        def counted(values):
            tested[0] += 1
            return condition(values)

        return original(strategy, counted, **kwargs)

    monkeypatch.setattr(search_module, "find", counting_find)
    x = sp.Symbol("x")
    assert _search(sp.sin(x) ** 2 + sp.cos(x) ** 2, sp.Integer(1), 3).agreed == 3
    # three points evaluated (Hypothesis may repeat one), one more asked that ends the
    # search; before: Hypothesis drew all 40 examples, each a millisecond of its own work
    assert tested[0] <= 6


def test_a_search_of_the_same_domains_replays_hypothesiss_points(monkeypatch) -> None:
    from probproof.checks import search as search_module

    monkeypatch.setattr(search_module, "_DRAWN", {})
    finds = [0]
    original = search_module.find

    def counting_find(*args, **kwargs):
        finds[0] += 1
        return original(*args, **kwargs)

    monkeypatch.setattr(search_module, "find", counting_find)
    seen: list[tuple] = []
    compare = search_module.compare_at

    def logged(lhs, rhs, relation, point, ctx, floor=1.0):
        if not ctx.precise:
            seen.append((sp.srepr(lhs), tuple(sorted(point.values()))))
        return compare(lhs, rhs, relation, point, ctx, floor)

    monkeypatch.setattr(search_module, "compare_at", logged)
    x = sp.Symbol("x")
    true_one, true_two = sp.sin(x) ** 2 + sp.cos(x) ** 2, (x + 1) ** 2 - x**2 - 2 * x
    assert _search(true_one, sp.Integer(1), None).agreed > 3
    assert finds[0] == 1
    first = [p for _, p in seen]
    seen.clear()
    assert _search(true_two, sp.Integer(1), None).agreed > 3
    assert finds[0] == 1  # no second find: its points were replayed
    assert [p for _, p in seen] == first  # the same points, in the same order
    # A false claim over the same domains: the replay finds the disagreement, and
    # Hypothesis itself shrinks it to what a search without the replay gives.
    replayed = _search(sp.sin(x) ** 2, sp.Integer(1), None)
    assert finds[0] == 2 and replayed.counterexample is not None
    monkeypatch.setattr(search_module, "_DRAWN", {})
    fresh = _search(sp.sin(x) ** 2, sp.Integer(1), None)
    assert replayed.counterexample == fresh.counterexample
