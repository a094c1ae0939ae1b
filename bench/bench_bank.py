"""A problem bank of claim files under pytest, on 1 and on 2 workers (pytest-xdist).

Run: ``python bench/bench_bank.py [--claims 200] [--files 4] [--workers 1,2] [--bank DIR]``

Without ``--bank`` a folder of ``--claims`` generated claims (cheap symbolic
identities, a tenth of them wrong) is written to a temporary folder; with it,
that folder is run (e.g. ``examples/bank``). Each run is ``pytest DIR`` in a
subprocess (``-n W`` for W > 1; 1 worker is plain pytest, without xdist's own
start-up), so the times are what a user sees. The outcomes of every run must
agree: the bench says so, or exits 1.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def write_bank(directory: Path, n: int = 200, files: int = 4) -> None:
    """``n`` claims over ``files`` files ``test_bank*.toml``: most true; every
    tenth (k = 3 mod 10) wrong and expected true, so it fails; k = 7 mod 10
    wrong and expected false, so it passes."""
    for f in range(files):
        parts = ['[symbols]\nx = "real"\n']
        for k in range(f, n, files):
            if k % 10 == 3:
                statement, expect = f"{k}*x + x == {k + 2}*x", "true"
            elif k % 10 == 7:
                statement, expect = f"x**2 + {k} == (x + {k})**2", "false"
            else:
                statement, expect = f"{k}*x + x == {k + 1}*x", "true"
            parts.append(f'[[claim]]\nid = "c{k:03d}"\nstatement = "{statement}"\n'
                         f'expect = "{expect}"\n')
        (directory / f"test_bank{f}.toml").write_text("\n".join(parts))


def outcomes(xml: Path) -> dict[str, str]:
    """``classname::name -> passed|failed`` from a JUnit XML report."""
    out = {}
    for case in ET.parse(xml).getroot().iter("testcase"):
        failed = case.find("failure") is not None or case.find("error") is not None
        out[f'{case.get("classname")}::{case.get("name")}'] = "failed" if failed else "passed"
    return out


def run_bank(directory: Path, workers: int, xml: Path) -> float:
    cmd = [sys.executable, "-m", "pytest", str(directory), "-q", "-p", "no:cacheprovider",
           f"--junitxml={xml}", "--rootdir", str(directory)]
    if workers > 1:
        cmd += ["-n", str(workers)]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    t0 = time.perf_counter()
    subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=directory, check=False)
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--claims", type=int, default=200)
    ap.add_argument("--files", type=int, default=4)
    ap.add_argument("--workers", default="1,2", help="comma-separated worker counts")
    ap.add_argument("--bank", type=Path, help="run this folder instead of a generated bank")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        bank = args.bank.resolve() if args.bank else Path(tmp) / "bank"
        if not args.bank:
            bank.mkdir()
            write_bank(bank, args.claims, args.files)
        rows, seen = [], []
        for w in (int(x) for x in args.workers.split(",")):
            xml = Path(tmp) / f"w{w}.xml"
            seconds = run_bank(bank, w, xml)
            result = outcomes(xml)
            seen.append(result)
            failed = sum(v == "failed" for v in result.values())
            rows.append((w, seconds, len(result), failed))
    print(f"bank: {args.bank or f'{args.claims} generated claims in {args.files} files'} "
          f"({os.cpu_count()} CPUs)")
    print(f"{'workers':>7}  {'seconds':>8}  {'items':>5}  {'failed':>6}  {'speed-up':>8}")
    for w, seconds, items, failed in rows:
        print(f"{w:>7}  {seconds:8.1f}  {items:>5}  {failed:>6}  {rows[0][1] / seconds:8.2f}")
    same = all(s == seen[0] for s in seen)
    print("outcomes: identical on every run" if same else "outcomes DIFFER between runs")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
