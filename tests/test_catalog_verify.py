"""``probproof verify --json`` passes for every result of issue 3 (the catalog,
part 1): every result, every derivation step, statement and fact is proved or
confirmed, every numeric confirmation is confirmed, and the exit code is 0.

The command runs once per module, in two CLI processes side by side (the
catalog takes minutes on one core), and its parsed output is shared by the
tests below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from issue3_ids import ISSUE3

ROOT = Path(__file__).resolve().parents[1]

PASSING = {"proved", "confirmed"}
WORKERS = 2


def _cli(ids: list[str]) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "probproof", "verify", *ids, "--json"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.fixture(scope="module")
def verified() -> tuple[list[int], list[dict]]:
    """Exit codes and parsed JSON outputs of the CLI runs (the ids dealt round-robin)."""
    procs = [_cli(list(ISSUE3[k::WORKERS])) for k in range(WORKERS)]
    codes, outputs = [], []
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        codes.append(proc.returncode)
        assert out.strip(), f"no output; stderr: {err[-2000:]}"
        outputs.append(json.loads(out))
    return codes, outputs


def _results(verified) -> dict[str, dict]:
    return {r["id"]: r for out in verified[1] for r in out["results"]}


def test_every_issue3_result_is_listed(capsys):
    from probproof import cli

    assert cli.main(["list", "--json"]) == 0
    listed = {r["id"] for r in json.loads(capsys.readouterr().out)["results"]}
    assert set(ISSUE3) <= listed, sorted(set(ISSUE3) - listed)


def test_verify_exits_zero(verified):
    codes, outputs = verified
    assert codes == [0] * WORKERS, [out["summary"] for out in outputs]
    for out in outputs:
        assert out["summary"]["failed"] == 0
        assert out["summary"]["passed"] == out["summary"]["total"]


def test_every_result_was_verified(verified):
    assert sorted(_results(verified)) == sorted(ISSUE3)


@pytest.mark.parametrize("rid", ISSUE3)
def test_every_step_and_check_passes(verified, rid):
    result = _results(verified)[rid]
    assert result["verdict"] in PASSING, result["verdict"]
    assert result["steps"], "no step was checked"
    for step in result["steps"]:
        assert step["verdict"] in PASSING, (step["label"], step["verdict"], step["message"])
    assert len(result["checks"]) >= 2, "fewer than two numeric confirmations"
    for check in result["checks"]:
        assert check["verdict"] == "confirmed", (check["method"], check["detail"])
