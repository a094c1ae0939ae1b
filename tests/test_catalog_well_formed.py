"""The energy, divergence, mixture and mean-field topics: ids, sources, derivations and
answers are well formed. (That every link,
statement and fact gets a passing verdict is tested through ``probproof verify`` in
``test_catalog_verify.py``.)"""

from __future__ import annotations

import re

import pytest
from _confirm_runs import IDS, RESULTS

from probproof.derivations.result import Derivation

SEEDS = {"000_ff966f29da14a2c6.txt", "001_6664ac7dfb33b96a.txt", "002_744d3837ef1c38b7.txt"}


def test_these_topics_are_not_empty():
    assert len(IDS) >= 25


@pytest.mark.parametrize("rid", IDS)
def test_result_is_well_formed(rid):
    r = RESULTS[rid]
    assert r.id == rid and re.fullmatch(r"[a-z0-9_]+(\.[A-Za-z0-9_]+)+", rid)
    assert r.sources and all(s.seed in SEEDS for s in r.sources)
    assert r.answer.strip() and r.title.strip()
    for d in r.derivations:
        assert isinstance(d, Derivation) and d.steps
        d.relation  # noqa: B018 - raises on a chain mixing <= and >=
    names = {s.name for e in (r.statement.lhs, r.statement.rhs) for s in e.free_symbols}
    assert names <= set(r.domains), f"undeclared: {names - set(r.domains)}"
