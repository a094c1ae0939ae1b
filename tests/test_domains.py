"""Domains: parsing, assumptions, and that their strategies stay inside them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from probproof.checks.domains import DomainError, parse_domain

DOMAINS = ["real", "positive", "nonnegative", "negative", "probability", "integer",
           "positive integer", "interval(0, 1)", "interval(-2, 3/2)", "interval(-oo, 2)",
           "interval(1, oo)"]


@pytest.mark.parametrize("name", DOMAINS)
def test_strategy_values_lie_in_the_domain(name: str) -> None:
    dom = parse_domain(name)

    @settings(max_examples=200, database=None)
    @given(dom.strategy())
    def inside(v):
        assert dom.contains(v), (name, v)
        s = dom.symbol("s")
        for cond in dom.conditions(s):
            assert bool(cond.subs(s, v))

    inside()


@pytest.mark.parametrize("name", DOMAINS)
def test_strategies_reach_edges_and_far_values(name: str) -> None:
    dom = parse_domain(name)
    seen = []

    @settings(max_examples=300, database=None, derandomize=True)
    @given(dom.strategy())
    def collect(v):
        seen.append(v)

    collect()
    assert len(set(seen)) > (8 if dom.integer else 20)
    if dom.integer:
        assert max(abs(v) for v in seen) >= 19  # a far-out value
    if dom.low is not None and not dom.integer:
        assert min(seen) - dom.low <= 1e-2
    if dom.low is None and dom.high is None:
        assert max(abs(v) for v in seen) >= 10


@pytest.mark.parametrize("bad", ["complex", "interval(1, 0)", "interval(0)", "interval(a, b)",
                                 "posative", 3, "interval(oo, 1)"])
def test_bad_domains(bad) -> None:
    with pytest.raises(DomainError):
        parse_domain(bad)


@given(st.sampled_from(DOMAINS))
def test_assumptions_are_consistent(name: str) -> None:
    dom = parse_domain(name)
    s = dom.symbol("s")
    if dom.low is not None and dom.low >= 0 and not dom.closed_low:
        assert s.is_positive
    if dom.integer:
        assert s.is_integer
    else:
        assert s.is_real
