"""Check conformance claims with probproof and score the verdicts.

The claims go through the claim-file machinery (``check_specs``: one worker
per claim, in parallel, each under the per-claim time limit), exactly as
``probproof check`` runs them.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from generate import Claim

from probproof.checks.api import ClaimReport, check_specs
from probproof.checks.claimfile import ClaimSpec
from probproof.checks.domains import parse_domain
from probproof.checks.verdict import Status

DEFAULT_TIMEOUT = 20.0


def to_spec(c: Claim) -> ClaimSpec:
    return ClaimSpec(
        id=c.id,
        statement=c.statement,
        expect=c.expect,
        source=f"conformance {c.row}",
        domains={k: parse_domain(v) for k, v in c.symbols.items()},
    )


def run(
    claims: list[Claim],
    *,
    seed: int = 0,
    timeout: float = DEFAULT_TIMEOUT,
    jobs: int = 2,
    on_chunk: Callable[[list[ClaimReport]], None] | None = None,
    chunk: int = 32,
) -> list[ClaimReport]:
    """Check the claims; ``on_chunk`` sees each chunk's reports as they come
    (a long run shows its failures early)."""
    specs = [to_spec(c) for c in claims]
    if on_chunk is None:
        return check_specs(specs, seed=seed, timeout=timeout, jobs=jobs)
    out: list[ClaimReport] = []
    for i in range(0, len(specs), chunk):
        part = check_specs(specs[i : i + chunk], seed=seed, timeout=timeout, jobs=jobs)
        on_chunk(part)
        out += part
    return out


def false_refutation(r: ClaimReport) -> bool:
    return r.spec.expect == "true" and r.verdict.status is Status.REFUTED


def false_confirmation(r: ClaimReport) -> bool:
    return r.spec.expect == "false" and r.verdict.status in (Status.PROVED, Status.CONFIRMED)


@dataclass
class Score:
    total: int
    counts: Counter
    false_refutations: list[str]
    false_confirmations: list[str]
    undecided: int
    errors: int
    as_expected: int
    median_s: float
    p95_s: float
    max_s: float

    @property
    def share(self) -> float:
        return self.as_expected / self.total if self.total else 0.0


def score(reports: list[ClaimReport]) -> Score:
    secs = sorted(r.verdict.seconds for r in reports) or [0.0]
    return Score(
        total=len(reports),
        counts=Counter(str(r.verdict.status) for r in reports),
        false_refutations=[r.spec.id for r in reports if false_refutation(r)],
        false_confirmations=[r.spec.id for r in reports if false_confirmation(r)],
        undecided=sum(r.verdict.status is Status.UNDECIDED for r in reports),
        errors=sum(r.verdict.status is Status.ERROR for r in reports),
        as_expected=sum(r.ok for r in reports),
        median_s=statistics.median(secs),
        p95_s=secs[min(len(secs) - 1, int(0.95 * len(secs)))],
        max_s=secs[-1],
    )


def failure_lines(reports: list[ClaimReport]) -> list[str]:
    """One line per claim not decided as expected: id, expected, got, message."""
    out = []
    for r in reports:
        if not r.ok:
            v = r.verdict
            detail = v.counterexample.describe() if v.counterexample else v.message
            out.append(
                f"{r.spec.id} | {r.spec.statement} | expect {r.spec.expect} | got "
                f"{v.status} | {detail.splitlines()[0][:200] if detail else ''}"
            )
    return out
