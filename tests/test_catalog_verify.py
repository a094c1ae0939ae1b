"""``probproof verify --json`` passes for the whole catalog (parts 1 and 2): every
result, every derivation step, statement and fact is proved or confirmed, every
numeric confirmation is confirmed, and the exit code is 0.

The command runs once, as a user runs it (one CLI process that checks the results in
parallel workers), and its parsed output is shared by the tests below.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gaussian_model_ids import GAUSSIAN_MODEL_IDS

from probproof.derivations import load_all

ROOT = Path(__file__).resolve().parents[1]

PASSING = {"proved", "confirmed"}
ALL = sorted(load_all())


@pytest.fixture(scope="module")
def verified() -> tuple[int, dict]:
    """Exit code and parsed JSON output of ``probproof verify --json``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "probproof", "verify", "--json"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=1800)
    assert proc.stdout.strip(), f"no output; stderr: {proc.stderr[-2000:]}"
    return proc.returncode, json.loads(proc.stdout)


def _results(verified) -> dict[str, dict]:
    return {r["id"]: r for r in verified[1]["results"]}


def test_every_gaussian_model_result_is_listed(capsys):
    from probproof import cli

    assert cli.main(["list", "--json"]) == 0
    listed = {r["id"] for r in json.loads(capsys.readouterr().out)["results"]}
    assert set(GAUSSIAN_MODEL_IDS) <= listed, sorted(set(GAUSSIAN_MODEL_IDS) - listed)


def test_verify_exits_zero(verified):
    code, out = verified
    assert code == 0, out["summary"]
    assert out["summary"]["failed"] == 0
    assert out["summary"]["passed"] == out["summary"]["total"] == len(ALL)


def test_every_result_was_verified(verified):
    assert sorted(_results(verified)) == ALL
    assert set(GAUSSIAN_MODEL_IDS) <= set(ALL)


@pytest.mark.parametrize("rid", ALL)
def test_every_step_and_check_passes(verified, rid):
    result = _results(verified)[rid]
    assert result["verdict"] in PASSING, result["verdict"]
    assert result["steps"], "no step was checked"
    for step in result["steps"]:
        assert step["verdict"] in PASSING, (step["label"], step["verdict"], step["message"])
    assert len(result["checks"]) >= 2, "fewer than two numeric confirmations"
    for check in result["checks"]:
        assert check["verdict"] == "confirmed", (check["method"], check["detail"])
