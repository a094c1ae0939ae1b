"""The order of ``probproof verify`` (issue 18): the longest results first, by the CPU
seconds recorded in :mod:`probproof.checks.verify_costs`; unmeasured ones before them."""

from __future__ import annotations

import pytest

from probproof.checks import verify_costs
from probproof.checks.catalog import CHECKS, STEPS, plan
from probproof.derivations import load_all


def test_the_plan_starts_unmeasured_results_then_the_longest(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    catalog = load_all()
    ids = ["kl.gaussian.standard", "jsd.disjoint", "flow.coupling.det"]
    monkeypatch.setattr(verify_costs, "SECONDS", {"kl.gaussian.standard": (1.0, 3.0),
                                                  "flow.coupling.det": (7.0, 0.5)})
    order = plan([catalog[i] for i in ids])
    # Each result is two tasks, its steps and its confirmations, ordered by their costs.
    assert [(ids[i], part) for i, part in order] == [
        ("jsd.disjoint", STEPS), ("jsd.disjoint", CHECKS), ("flow.coupling.det", STEPS),
        ("kl.gaussian.standard", CHECKS), ("kl.gaussian.standard", STEPS),
        ("flow.coupling.det", CHECKS)]

