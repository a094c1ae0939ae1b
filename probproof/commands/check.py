"""``probproof check FILE.toml [--json] [--seed N] [--timeout S] [--jobs J] [--budget S]
[--report DIR]``.

Exit status: 0 when every claim's and derivation's verdict matches its
``expect``, 1 when some does not, 2 when the file cannot be used or some entry
is malformed (the others are still checked and reported), 130 when interrupted
(what finished is still printed; the rest is marked as not run).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from probproof.checks.api import NOT_RUN, ClaimReport, Interrupted, check_document
from probproof.checks.chains import DerivationReport
from probproof.checks.claimfile import ClaimFileError, load_claim_document
from probproof.checks.sandbox import check_seconds
from probproof.checks.verdict import Status
from probproof.commands.outputs import OutputError, output_directory
from probproof.commands.text_table import format_table

#: A row of the output: a claim or a derivation (both have .spec, .verdict, .ok).
Entry = ClaimReport | DerivationReport

#: Seconds per claim, and for the whole file, unless told otherwise (README, Limits).
DEFAULT_TIMEOUT = 20.0
DEFAULT_BUDGET = 1800.0


def cpu_count() -> int:
    """The CPUs this process may run on (a container's share, not the host's)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a TOML claim file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=0, help="seed of the search (default 0)")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds per claim (default {DEFAULT_TIMEOUT:g})")
    parser.add_argument("--budget", type=float, default=DEFAULT_BUDGET,
                        help="seconds for the whole file; claims left when it is spent are "
                             f"undecided (default {DEFAULT_BUDGET:g})")
    parser.add_argument("--jobs", type=int, default=min(2, cpu_count()),
                        help="claims checked in parallel (default: up to 2; at most the "
                             "number of CPUs unless --force-jobs)")
    parser.add_argument("--force-jobs", action="store_true",
                        help="run as many jobs as --jobs says, even more than the CPUs")
    parser.add_argument("--report", metavar="DIR",
                        help="also write DIR/index.html: each claim, its verdict, its "
                             "counterexample and a plot of both sides")


def summary(reports: Sequence[Entry], seconds: float) -> dict:
    out = {"total": len(reports), "ok": sum(r.ok for r in reports)}
    for s in Status:
        out[str(s)] = sum(r.verdict.status is s for r in reports)
    out["not_run"] = sum(r.verdict.message == NOT_RUN for r in reports)
    out["seconds"] = round(seconds, 3)
    return out


def jobs_for(args: argparse.Namespace) -> int:
    """``--jobs`` capped at the CPU count: more workers than cores only share them, each
    with its own memory limit."""
    cpus = cpu_count()
    if args.jobs > cpus and not args.force_jobs:
        print(f"probproof: --jobs {args.jobs} capped at {cpus}, the number of CPUs "
              "(--force-jobs to run more)", file=sys.stderr)
        return cpus
    return args.jobs


def exit_code(reports: Sequence[Entry]) -> int:
    if any(r.verdict.status is Status.ERROR for r in reports):
        return 2
    return 0 if all(r.ok for r in reports) else 1


def _derivation_rows(r: DerivationReport) -> list[tuple[str, ...]]:
    """A derivation's row, and under a failing one the row of its failing link."""
    v = r.verdict
    bad = r.failing_link if not v.passed else None
    # the failing link's own row carries its evidence: here only which step and why
    summary_text = (v.message if bad is None or v.status is Status.ERROR else
                    f"step {bad.index} {bad.verdict.status}"
                    + (f" ({bad.step.because})" if bad.step.because else ""))
    rows = [(r.spec.id, str(v.status), r.spec.expect, "ok" if r.ok else "FAIL",
             f"{v.seconds:.2f}", f"derivation, {len(r.links)} links: {summary_text}")]
    if bad is not None and v.status is not Status.ERROR:
        lv = bad.verdict
        # the sides can be long: the counterexample first, so that it stays in view
        detail = lv.counterexample.describe() if lv.counterexample else lv.message
        rows.append((f"  step {bad.index}", str(lv.status), "", "", f"{lv.seconds:.2f}",
                     f"{detail}; link: {bad.left} {bad.step.relation} {bad.step.to}"
                     .replace("\n", " ")))
    return rows


def render_table(reports: Sequence[Entry]) -> str:
    rows = [("id", "verdict", "expect", "ok", "seconds", "detail")]
    for r in reports:
        if isinstance(r, DerivationReport):
            rows += _derivation_rows(r)
            continue
        v = r.verdict
        detail = v.counterexample.describe() if v.counterexample else v.message
        rows.append((r.spec.id, str(v.status), r.spec.expect, "ok" if r.ok else "FAIL",
                     f"{v.seconds:.2f}", detail))
    return format_table(rows)


def run(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    try:
        document = load_claim_document(args.file)
    except ClaimFileError as exc:
        if args.json:
            print(json.dumps({"error": str(exc), "claims": [], "derivations": [],
                              "summary": summary([], time.perf_counter() - t0)}))
        else:
            print(f"probproof: {exc}", file=sys.stderr)
        return 2
    for note in document.notes:
        print(f"probproof: {args.file}: {note}", file=sys.stderr)
    try:
        check_seconds(args.timeout, "--timeout")
        check_seconds(args.budget, "--budget")
        if args.jobs < 1:
            raise ValueError("--jobs must be at least 1")
        if args.report:
            output_directory(args.report, "--report")
    except (ValueError, OutputError) as exc:
        print(f"probproof: {exc}", file=sys.stderr)
        return 2
    interrupted = False
    try:
        claims, chains = check_document(document, seed=args.seed, timeout=args.timeout,
                                        jobs=jobs_for(args), budget=args.budget)
    except Interrupted as exc:
        # What finished is kept: print it, then leave with the status of an interrupt.
        claims, chains, interrupted = exc.reports, exc.derivations, True
    seconds = time.perf_counter() - t0
    _print(claims, chains, seconds, args.json, interrupted=interrupted)
    if interrupted:
        print("probproof: interrupted; unfinished claims are marked as not run", file=sys.stderr)
        return 130
    if args.report:
        from probproof.reports.claims_report import write_claims_report

        index = write_claims_report(claims, Path(args.report), seed=args.seed, source=args.file,
                                    derivations=chains)
        if not args.json:
            print(f"wrote {index}")
    return exit_code([*claims, *chains])


def _print(claims: list[ClaimReport], chains: list[DerivationReport], seconds: float,
           as_json: bool, interrupted: bool = False) -> None:
    # the table in file order; a malformed entry may have no known line
    reports: list[Entry] = sorted([*claims, *chains], key=lambda r: r.spec.line or 0)
    if as_json:
        out = {"claims": [r.to_json() for r in claims],
               "derivations": [r.to_json() for r in chains],
               "summary": summary(reports, seconds)}
        if interrupted:
            out["interrupted"] = True
        print(json.dumps(out, indent=2), flush=True)
        return
    print(render_table(reports))
    s = summary(reports, seconds)
    not_run = f", {s['not_run']} not run" if s["not_run"] else ""
    print(f"\n{s['ok']}/{s['total']} as expected: {s['proved']} proved, {s['confirmed']} "
          f"confirmed, {s['refuted']} refuted, {s['undecided']} undecided, {s['error']} "
          f"error{not_run} ({seconds:.1f} s)", flush=True)
