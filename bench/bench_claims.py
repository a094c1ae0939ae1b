"""Time per claim of the example claim file: median and worst, per phase.

Run: ``python bench/bench_claims.py [FILE.toml] [--seeds N]``

Each claim is checked in-process (no worker fork), so the times are the
engine's own. Alongside, the time SymPy's ``simplify`` alone takes on
``lhs - rhs`` for the claims it can reduce (the peer a user would otherwise
reach for) is printed as a ratio: it shows what the numeric confirmation,
the spot check after a proof and the counterexample search cost on top.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import sympy as sp

from probproof.checks.api import _check_in_process
from probproof.checks.claimfile import load_claim_file
from probproof.checks.parser import parse_statement
from probproof.checks.symbolic import Irreducible, reduce

DEFAULT = Path(__file__).resolve().parents[2] / "shared" / "examples" / "seed-claims.toml"


def sympy_alone(statement: str, domains) -> float | None:
    rel = parse_statement(statement, domains)
    t0 = time.perf_counter()
    try:
        sp.simplify(reduce(rel.lhs) - reduce(rel.rhs))
    except (Irreducible, TypeError, ValueError):
        return None
    return time.perf_counter() - t0


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", nargs="?", default=str(DEFAULT))
    ap.add_argument("--seeds", type=int, default=3)
    args = ap.parse_args()
    specs = load_claim_file(args.file)
    rows = []
    for spec in specs:
        times = []
        for seed in range(args.seeds):
            t0 = time.perf_counter()
            v = _check_in_process(spec.statement, {k: d.name for k, d in spec.domains.items()},
                                  seed, 20.0)
            times.append(time.perf_counter() - t0)
        peer = sympy_alone(spec.statement, spec.domains)
        rows.append((spec.id, str(v.status), statistics.median(times), max(times), peer))
    width = max(len(r[0]) for r in rows)
    print(f"{'claim':{width}}  {'verdict':9}  {'median s':>8}  {'worst s':>8}  "
          f"{'simplify s':>10}  {'ratio':>6}")
    for cid, status, med, worst, peer in rows:
        ratio = f"{med / peer:6.1f}" if peer else "     -"
        peer_s = f"{peer:10.3f}" if peer is not None else "         -"
        print(f"{cid:{width}}  {status:9}  {med:8.3f}  {worst:8.3f}  {peer_s}  {ratio}")
    meds = [r[2] for r in rows]
    worst = max(r[3] for r in rows)
    print(f"\nper claim: median {statistics.median(meds):.3f} s, worst {worst:.3f} s "
          f"over {len(rows)} claims x {args.seeds} seeds (targets: median < 0.5 s, worst < 10 s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
