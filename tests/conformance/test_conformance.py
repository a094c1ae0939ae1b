"""The conformance suite's fixed CI part, checked by probproof.

Which part: every claim (true form and wrong versions) of the rows listed in
``CI_ROWS`` below, the Normal, Exponential and Bernoulli families (mean,
variance, entropy, moment generating function or Laplace transform,
E[log z], pdf, logpdf, cdf) and their same-family KL and cross entropy: 157
claims, median 2.2 s a claim: about 200 s on the shared 2 cores. The whole
suite (739 claims) is scored over 5 seeds by ``bench/bench_conformance.py``.

A true claim must not be refuted and a false one must not be proved or
confirmed; ``undecided`` is allowed here (the bench reports the share decided).
Claims that get a false verdict on the code of main when this was written are
marked xfail (strict) with the verdict they got.
"""

from __future__ import annotations

from functools import cache

import pytest
import runner
from generate import claims
from table import ROWS

CI_ROWS = (
    "normal.",
    "exponential.",
    "bernoulli.",
    "kl.normal.normal2",
    "kl.exponential.exponential2",
    "kl.bernoulli.bernoulli2",
    "ce.normal.normal2",
    "ce.exponential.exponential2",
    "ce.bernoulli.bernoulli2",
)

#: claim id -> the false verdict it gets today.
FALSE_TODAY: dict[str, str] = {}


def ci_claims():
    rows = [r for r in ROWS if r.id.startswith(CI_ROWS)]
    return claims(rows)[0]


@cache
def reports() -> dict[str, runner.ClaimReport]:
    return {r.spec.id: r for r in runner.run(ci_claims(), seed=0, jobs=2)}


def _cases():
    return [
        pytest.param(
            c.id,
            id=c.id,
            marks=[pytest.mark.xfail(strict=True, reason=FALSE_TODAY[c.id])]
            if c.id in FALSE_TODAY
            else [],
        )
        for c in ci_claims()
    ]


@pytest.mark.parametrize("claim_id", _cases())
def test_no_false_verdict(claim_id: str) -> None:
    r = reports()[claim_id]
    assert not runner.false_refutation(r), f"true claim refuted: {r.spec.statement}: {r.verdict}"
    assert not runner.false_confirmation(r), (
        f"false claim {r.verdict.status}: {r.spec.statement}: {r.verdict}"
    )
