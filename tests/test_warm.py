"""The warmed caller of the claim workers (issue 18, item 5): workers are forked from a
process that has paid the checker's first-use costs once, and each claim still gets a
fresh worker of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from probproof.checks import api, sandbox
from probproof.checks.claimfile import ClaimDocument, ClaimSpec
from probproof.checks.domains import parse_domain
from probproof.checks.verdict import Status

pytestmark = pytest.mark.skipif(not sandbox.fork_available(), reason="needs fork (POSIX)")

ROOT = Path(__file__).resolve().parents[1]

_SEEN: list[int] = []


def _append_and_count() -> int:
    _SEEN.append(1)
    return len(_SEEN)


def _spec(cid: str, statement: str, **symbols: str) -> ClaimSpec:
    return ClaimSpec(cid, statement, domains={k: parse_domain(v) for k, v in symbols.items()})


def test_the_warm_up_runs_once_leaves_no_files_and_does_not_import_torch(tmp_path: Path) -> None:
    # A fresh interpreter in an empty folder: what the warm-up writes or imports is its own.
    code = (
        "import json, sys\n"
        "from hypothesis import configuration\n"
        "from probproof.checks import warm\n"
        "first, second = warm.warm_up(), warm.warm_up()\n"
        "print(json.dumps({'first': first, 'second': second,\n"
        "                  'torch': 'torch' in sys.modules,\n"
        "                  'home': str(getattr(configuration, '__hypothesis_home_directory'))}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("HYPOTHESIS_STORAGE_DIRECTORY", None)
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=300, check=True)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["first"] > 0 and seen["second"] == 0
    assert not seen["torch"]
    assert seen["home"] == "None"  # the caller's Hypothesis setting is given back
    assert list(tmp_path.iterdir()) == []  # no ./.hypothesis in the caller's folder


def test_a_claim_file_and_a_single_check_warm_the_caller_before_forking(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    calls: list[int] = []
    monkeypatch.setattr(api, "warm_up", lambda *_: calls.append(os.getpid()) or 0.0)
    doc = ClaimDocument([_spec("a", "exp(log(x)) == x", x="positive"),
                         _spec("b", "x**2 == x", x="real")], [])
    claims, _ = api.check_document(doc, timeout=20)
    assert [c.verdict.status for c in claims] == [Status.PROVED, Status.REFUTED]
    assert api.check("2 + 2 == 4").status is Status.PROVED
    assert calls == [os.getpid(), os.getpid()]  # in the caller, once per call


def test_an_interrupt_during_the_warm_up_reports_every_claim_as_not_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def interrupted(*_: float) -> float:
        raise KeyboardInterrupt

    monkeypatch.setattr(api, "warm_up", interrupted)
    doc = ClaimDocument([_spec("a", "exp(log(x)) == x", x="positive")], [])
    with pytest.raises(api.Interrupted) as info:
        api.check_document(doc)
    assert [r.verdict.message for r in info.value.reports] == [api.NOT_RUN]


def test_the_warm_up_of_a_claim_file_counts_against_its_budget(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    asked: list[float] = []
    monkeypatch.setattr(api, "warm_up", lambda seconds=8.0: asked.append(seconds) or 3.5)
    doc = ClaimDocument([_spec("a", "2 + 2 == 4")], [])
    # A warm-up that (pretends to have) spent the whole budget leaves none to the claims.
    claims, _ = api.check_document(doc, budget=3.5, jobs=1)
    assert asked == [0.875]  # a quarter of the budget at most for the warm-up
    assert claims[0].verdict.status is Status.UNDECIDED
    assert "the time budget of 3.5 s" in claims[0].verdict.message  # the user's figure


def test_after_the_warm_up_every_claim_still_gets_a_fresh_worker() -> None:
    from probproof.checks.warm import warm_up

    warm_up()
    # Each worker appends to the list it inherited; none sees another's append.
    assert sandbox.run_many([(_append_and_count, ())] * 3, timeout=30, jobs=2) == [1, 1, 1]
    assert _SEEN == []
