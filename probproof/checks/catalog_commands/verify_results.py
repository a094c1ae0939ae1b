"""``probproof verify [ID ...] [--json] [--seed N]``: check every step of every
derivation and run the numeric confirmations.

Exit status 0 only when every result, step and check is proved or confirmed;
1 otherwise; 2 for an unknown id.
"""

from __future__ import annotations

import argparse
import json
import os
import time

from probproof.checks import sandbox
from probproof.checks.catalog import (
    CHECK_TIMEOUT,
    ResultVerdict,
    StepVerdict,
    summary,
    verify_result,
)
from probproof.checks.catalog_commands import select
from probproof.checks.verdict import Status, Verdict
from probproof.derivations.result import Result
from probproof.numeric.confirmations import load_all as load_confirmations
from probproof.reports.progress import Progress


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="result ids (default: all)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=0, help="seed of the numeric checks")
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="results checked at once, each in its own process (default: the number of "
             "CPUs, %(default)s; 1 checks them one after another in this process)",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=CHECK_TIMEOUT,
        help="seconds allowed to each check (default %(default)s)",
    )


def _verify(result: Result, seed: int, timeout: float) -> ResultVerdict:
    return verify_result(result, seed, timeout=timeout)


def _failed(result: Result, failure: sandbox.WorkerFailed) -> ResultVerdict:
    """The verdict of a result whose worker process did not come back."""
    verdict = Verdict(Status.ERROR, message=f"the check of this result stopped: {failure}",
                      seconds=failure.seconds)
    return ResultVerdict(result.id, [StepVerdict("statement", "statement", verdict)],
                         seconds=failure.seconds)


def run(args: argparse.Namespace) -> int:
    results = select(args.ids)
    if results is None:
        return 2
    t0 = time.perf_counter()
    # A counter on a terminal only: --json output and pipes stay clean.
    progress = Progress(len(results), enabled=False if args.json else None)
    progress.start(f"{len(results)} result(s)")

    def report(i: int, v: ResultVerdict | sandbox.WorkerFailed) -> None:
        progress.advance()
        if args.json:
            return
        v = _failed(results[i], v) if isinstance(v, sandbox.WorkerFailed) else v
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

    # Imported once here, not once per worker (torch alone takes seconds to import).
    load_confirmations()
    tasks = [(_verify, (r, args.seed, args.timeout)) for r in results]
    # A whole result in one worker: its checks keep their own time limits, so the
    # worker's limit only guards against a hang outside them.
    worker_limit = args.timeout * (2 + max(len(r.facts) + sum(len(d.steps) for d in
                                                              r.derivations) for r in results)) * 2
    if args.jobs > 1:
        outcomes = sandbox.run_many(tasks, worker_limit, jobs=args.jobs, on_done=report)
    else:
        outcomes = []
        for i, (fn, fn_args) in enumerate(tasks):
            outcomes.append(fn(*fn_args))
            report(i, outcomes[-1])
    verdicts = [_failed(r, v) if isinstance(v, sandbox.WorkerFailed) else v
                for r, v in zip(results, outcomes, strict=True)]
    progress.close()
    total = summary(verdicts, time.perf_counter() - t0)
    if args.json:
        print(json.dumps({"results": [v.to_json() for v in verdicts], "summary": total}, indent=2))
    else:
        print(f"{total['passed']}/{total['total']} results passed in {total['seconds']:.1f} s")
    return 0 if total["failed"] == 0 else 1
