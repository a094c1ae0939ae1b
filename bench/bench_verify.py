"""Time per catalog result of ``probproof verify``, and the parallel run beside it.

Run: ``PYTHONPATH=. python bench/bench_verify.py [ID ...] [--jobs N]``

Each result is verified in this process, one after another (``--jobs 1``), and the
seconds per result are printed, slowest first, with the share spent on derivation
steps, statements and facts (the claim engine) and on the numeric confirmations.
Before that the same results are verified as ``probproof verify`` does by default,
in ``--jobs`` worker processes, and the two wall times are printed side by side as
a ratio. The issue's target is the whole catalog in under 60 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import time

from probproof.checks.catalog import verify_many
from probproof.commands.catalog import select


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    results = select(args.ids)
    if results is None:
        raise SystemExit(2)

    # The parallel run first: forked workers inherit the parent's SymPy cache, and a
    # cache warmed by the serial run would make them look faster than a cold
    # ``probproof verify``.
    t0 = time.perf_counter()
    parallel = verify_many(results, jobs=args.jobs)
    many = time.perf_counter() - t0
    passed = sum(v.passed for v in parallel)

    t0 = time.perf_counter()
    serial = verify_many(results, jobs=1)
    one = time.perf_counter() - t0
    print(f"{'seconds':>8} {'engine':>7} {'numeric':>7}  verdict    result")
    for v in sorted(serial, key=lambda v: -v.seconds):
        engine = sum(s.verdict.seconds for s in v.steps)
        numeric = sum(c.seconds for c in v.checks)
        print(f"{v.seconds:8.2f} {engine:7.2f} {numeric:7.2f}  {v.status!s:<10} {v.result_id}")
    print(f"{len(serial)} results, one after another: {one:.1f} s")

    print(f"{args.jobs} workers: {many:.1f} s ({passed}/{len(parallel)} passed); "
          f"speed-up {one / many:.2f}x over one process")


if __name__ == "__main__":
    main()
