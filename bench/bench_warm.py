"""Per-claim cost of a claim file's workers: forked from a cold caller against a warmed one.

Run: ``PYTHONPATH=. python bench/bench_warm.py [FILE.toml] [--claims N] [--rounds R]``

Each claim runs in a fresh worker forked per claim, as ``probproof check`` runs it,
one at a time. **cold**: the caller has imported the checker and read the file, and
forks (the behaviour before :mod:`probproof.checks.warm`); **warm**: the caller first
runs :func:`probproof.checks.warm.warm_up` once, then forks. Like for like: the same
claims, seed and time limit, each mode in a fresh Python process (no cache carried
from one mode to the other), and the verdicts of the two modes compared claim by claim.

Per claim the wall time seen by the caller (fork to join) and the worker's CPU time
(user + system, from ``getrusage(RUSAGE_CHILDREN)``) are printed; on a loaded machine
the CPU time is the steadier figure. ``--rounds`` repeats each mode in a new process and
keeps each claim's median.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "examples" / "seed-claims.toml"


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def measure(path: str, claims: int, mode: str, timeout: float) -> None:
    """One mode in this process: print one JSON line per claim, then the warm-up's cost."""
    from probproof.checks import sandbox
    from probproof.checks.api import GRACE, _check_spec
    from probproof.checks.claimfile import load_claim_document
    from probproof.checks.warm import warm_up

    specs = [s for s in load_claim_document(path).claims if s.problem is None][:claims]
    t0, c0 = time.perf_counter(), time.process_time()
    if mode == "warm":
        warm_up()
    print(json.dumps({"warm_up": time.perf_counter() - t0,
                      "warm_up_cpu": time.process_time() - c0}), flush=True)
    mark = [time.perf_counter(), _children_cpu()]

    def done(i: int, v: object) -> None:
        now, cpu = time.perf_counter(), _children_cpu()
        status = str(v.status) if hasattr(v, "status") else f"failed: {v}"
        print(json.dumps({"id": specs[i].id, "wall": now - mark[0], "cpu": cpu - mark[1],
                          "verdict": status}), flush=True)
        mark[:] = [time.perf_counter(), _children_cpu()]

    sandbox.run_many([(_check_spec, (s, 0, timeout)) for s in specs], timeout + GRACE,
                     jobs=1, on_done=done)


def run_mode(path: str, claims: int, mode: str, timeout: float) -> tuple[dict, list[dict]]:
    out = subprocess.run([sys.executable, __file__, path, "--claims", str(claims),
                          "--timeout", str(timeout), "--mode", mode],
                         capture_output=True, text=True, check=True, env=os.environ)
    rows = [json.loads(line) for line in out.stdout.splitlines() if line.startswith("{")]
    return rows[0], rows[1:]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--claims", type=int, default=13, help="the first N claims of the file")
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=20.0)
    ap.add_argument("--mode", choices=["cold", "warm"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.mode:
        measure(args.file, args.claims, args.mode, args.timeout)
        return 0

    runs: dict[str, list[tuple[dict, list[dict]]]] = {"cold": [], "warm": []}
    for _ in range(args.rounds):
        for mode in ("cold", "warm"):  # interleaved: both modes see the same load
            runs[mode].append(run_mode(args.file, args.claims, mode, args.timeout))
    print(f"load average at the end: {os.getloadavg()[0]:.2f} on {os.cpu_count()} CPUs")
    ids = [r["id"] for r in runs["cold"][0][1]]

    def med(mode: str, key: str, k: int) -> float:
        return statistics.median(rows[k][key] for _, rows in runs[mode])

    print(f"{'claim':28} {'cold s':>7} {'warm s':>7} {'cold cpu':>8} {'warm cpu':>8}  "
          "verdict (cold / warm)")
    same = True
    for k, cid in enumerate(ids):
        verdicts = {rows[k]["verdict"] for mode in runs for _, rows in runs[mode]}
        same &= len(verdicts) == 1
        shown = runs["cold"][0][1][k]["verdict"] + (
            "" if len(verdicts) == 1 else " / " + runs["warm"][0][1][k]["verdict"])
        print(f"{cid[:28]:28} {med('cold', 'wall', k):7.3f} {med('warm', 'wall', k):7.3f} "
              f"{med('cold', 'cpu', k):8.3f} {med('warm', 'cpu', k):8.3f}  {shown}")
    for key, what in (("wall", "wall"), ("cpu", "worker CPU")):
        cold = statistics.median(med("cold", key, k) for k in range(len(ids)))
        warm = statistics.median(med("warm", key, k) for k in range(len(ids)))
        print(f"per claim, {what}: median cold {cold:.3f} s, warm {warm:.3f} s "
              f"(ratio warm/cold {warm / cold:.2f})")
    tot = {m: statistics.median(sum(r["wall"] for r in rows) + head["warm_up"]
                                for head, rows in runs[m]) for m in runs}
    warm_up = statistics.median(head["warm_up"] for head, _ in runs["warm"])
    print(f"{len(ids)} claims, one at a time: cold {tot['cold']:.2f} s, warm {tot['warm']:.2f} s "
          f"(including the warm-up, {warm_up:.2f} s once per process)")
    print("same verdicts in both modes: " + ("yes" if same else "NO"))
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
