"""The hostile claim file (tests/claims/hostile.toml) run as a user would run it.

Every hostile claim must be ``error`` or ``undecided`` with one line that says why, no
traceback, the control claims beside them still checked, nothing written outside
the run's own temporary folder, and the whole file within its budget.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLAIMS = ROOT / "tests" / "claims" / "hostile.toml"
BUDGET = 120  #: seconds for the whole file (about 20 s on 2 quiet cores)


def test_hostile_file(tmp_path: Path) -> None:
    cwd, tmp, home = (tmp_path / name for name in ("cwd", "tmp", "home"))
    for d in (cwd, tmp, home):
        d.mkdir()
    # Hypothesis's database and everything else must stay out of the user's folders.
    env = {k: v for k, v in os.environ.items() if not k.startswith("HYPOTHESIS")}
    env.update(PYTHONPATH=str(ROOT), TMPDIR=str(tmp), HOME=str(home))
    t0 = time.monotonic()
    out = subprocess.run([sys.executable, "-m", "probproof", "check", str(CLAIMS), "--json",
                          "--timeout", "3", "--budget", str(BUDGET)], capture_output=True,
                         text=True, cwd=cwd, env=env, timeout=BUDGET + 120)
    elapsed = time.monotonic() - t0

    assert out.returncode == 2, out.stderr[-2000:]  # malformed claims: the file's status
    assert "Traceback" not in out.stdout + out.stderr
    data = json.loads(out.stdout)
    written = tomllib.loads(CLAIMS.read_text(encoding="utf-8"))["claim"]
    claims = data["claims"]
    assert len(claims) == len(written), "a claim went missing"
    hostile = [c for c in claims if not c["id"].startswith("control.")]
    controls = [c for c in claims if c["id"].startswith("control.")]
    assert len(hostile) >= 150 and len(controls) == 4
    for c in hostile:
        assert c["verdict"] in ("error", "undecided"), c
        message = c["message"]
        assert message and "\n" not in message and "Traceback" not in message, c
        assert "internal error" not in message, c
    assert all(c["verdict"] in ("proved", "confirmed") for c in controls), controls

    assert data["summary"]["seconds"] < BUDGET and elapsed < BUDGET + 60
    for folder in (cwd, tmp, home):
        assert list(folder.iterdir()) == [], f"{folder.name}: {list(folder.iterdir())}"
    assert not (ROOT / "pwned").exists()
