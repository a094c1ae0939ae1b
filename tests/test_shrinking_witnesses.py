"""Shrinking a counterexample asks the second witness at the end, not at every step.

The second witness (mpmath on the SymPy definitions) is the slowest evaluation; a
refutation used to ask it at every point Hypothesis tried while shrinking. Every
reported counterexample must still be one that both witnesses confirmed (DESIGN.md,
Evidence rules).
"""

from __future__ import annotations

import time

from probproof.checks import search as S
from probproof.checks.domains import parse_domain
from probproof.checks.parser import parse_statement

DOMAINS = {"mu": parse_domain("real"), "nu": parse_domain("real"), "s": parse_domain("positive")}
# TV(N(mu, s^2), N(nu, s^2)) is erf(|mu - nu|/(2 sqrt(2) s)); the wrong claim flips the sign.
WRONG_TV = parse_statement("TV(Normal(mu, s), Normal(nu, s)) == -erf(Abs(mu - nu)/(2*sqrt(2)*s))",
                           DOMAINS)


def _second_witness_calls(monkeypatch, fail_after: int | None = None) -> list[dict]:
    calls: list[dict] = []
    original = S.compare_at

    def compare_at(lhs, rhs, relation, point, ctx):
        if ctx.independent:
            calls.append({k.name: v for k, v in point.items()})
            if fail_after is not None and len(calls) > fail_after:
                raise S.Unevaluable("no second witness here (test)")
        return original(lhs, rhs, relation, point, ctx)

    monkeypatch.setattr(S, "compare_at", compare_at)
    return calls


def _search() -> S.SearchReport:
    now = time.monotonic()
    symbols = {s.name: s for s in WRONG_TV.lhs.free_symbols | WRONG_TV.rhs.free_symbols}
    return S.search(WRONG_TV.lhs, WRONG_TV.rhs, "==", symbols, DOMAINS,
                    seed=0, deadline=now + 60, recheck_deadline=now + 60)


def test_second_witness_is_asked_once_after_shrinking(monkeypatch):
    calls = _second_witness_calls(monkeypatch)
    report = _search()
    assert report.counterexample is not None
    # the first disagreement, then the smallest shrunk point
    assert len(calls) <= 2
    assert report.counterexample == calls[-1]


def test_a_shrunk_point_without_a_second_witness_is_not_reported(monkeypatch):
    calls = _second_witness_calls(monkeypatch, fail_after=1)
    report = _search()
    # only the first point was confirmed by both witnesses: it is the counterexample
    assert report.counterexample == calls[0]
