"""Helpers for tests that run whole claim files."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from probproof.checks.api import ClaimReport, check_specs
from probproof.checks.claimfile import load_claim_file
from probproof.checks.parser import ClaimSyntaxError, parse_statement
from probproof.checks.verdict import Status

HERE = Path(__file__).parent
EXAMPLES = HERE.parent.parent / "shared" / "examples" / "seed-claims.toml"
if not EXAMPLES.exists():  # a checkout with shared/ inside it
    EXAMPLES = HERE.parent / "shared" / "examples" / "seed-claims.toml"


def claim_ids(path: Path) -> list[str]:
    return [s.id for s in load_claim_file(path)]


@cache
def run_file(path: Path, seed: int = 0, timeout: float = 30.0) -> dict[str, ClaimReport]:
    specs = load_claim_file(path)
    return {r.spec.id: r for r in check_specs(specs, seed=seed, timeout=timeout, jobs=2)}


def assert_no_false_verdict(reports: dict[str, ClaimReport], label: str = "") -> None:
    """No true claim refuted, no false claim proved or confirmed, no error; undecided is
    allowed (how many claims decide depends on the load, not on correctness)."""
    for claim_id, report in reports.items():
        status, where = report.verdict.status, f"{label}{claim_id}: {report.verdict}"
        if report.spec.expect == "true":
            assert status is not Status.REFUTED, where
        else:
            assert status not in (Status.PROVED, Status.CONFIRMED), where
        assert status is not Status.ERROR, where


def assert_one_clear_line(statement: str, fragment: str, domains: dict) -> None:
    """Parsing ``statement`` fails with one line (no traceback) that contains ``fragment``."""
    with pytest.raises(ClaimSyntaxError) as info:
        parse_statement(statement, domains)
    message = str(info.value)
    assert fragment in message, message
    assert "\n" not in message and "Traceback" not in message
