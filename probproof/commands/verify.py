"""``probproof verify [ID ...] [--json] [--seed N]``: check every step of every
derivation and run the numeric confirmations.

Exit status 0 only when every result, step and check is proved or confirmed;
1 otherwise; 2 for an unknown id.
"""

from __future__ import annotations

import argparse
import json
import time

from probproof.checks.catalog import CHECK_TIMEOUT, ResultVerdict, summary, verify_many
from probproof.commands.catalog import add_jobs_argument, select
from probproof.reports.progress import Progress


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="result ids (default: all)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=0, help="seed of the numeric checks")
    add_jobs_argument(parser)
    parser.add_argument(
        "--timeout",
        type=float,
        default=CHECK_TIMEOUT,
        help="seconds allowed to each check (default %(default)s)",
    )


def run(args: argparse.Namespace) -> int:
    results = select(args.ids)
    if results is None:
        return 2
    t0 = time.perf_counter()
    # A counter on a terminal only: --json output and pipes stay clean.
    progress = Progress(len(results), enabled=False if args.json else None)
    progress.start(f"{len(results)} result(s)")

    def report(v: ResultVerdict) -> None:
        progress.advance()
        if args.json:
            return
        progress.close()
        print(f"{v.status!s:<10} {v.result_id}  ({v.seconds:.1f} s)", flush=True)
        for s in v.steps:
            if not s.verdict.passed:
                print(f"    {s.verdict.status}: {s.label}: {s.verdict}")
        for c in v.checks:
            if not c.status.passed:
                print(f"    {c.status}: {c.method}: {c.detail}")
        if progress.done < progress.total:
            progress.start(f"{progress.total - progress.done} left")

    verdicts = verify_many(results, args.seed, timeout=args.timeout, jobs=args.jobs,
                           on_done=report)
    progress.close()
    total = summary(verdicts, time.perf_counter() - t0)
    if args.json:
        print(json.dumps({"results": [v.to_json() for v in verdicts], "summary": total}, indent=2))
    else:
        print(f"{total['passed']}/{total['total']} results passed in {total['seconds']:.1f} s")
    return 0 if total["failed"] == 0 else 1
