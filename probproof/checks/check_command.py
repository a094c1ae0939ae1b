"""``probproof check FILE.toml [--json] [--seed N] [--timeout S] [--jobs J] [--report DIR]``.

Exit status: 0 when every claim's verdict matches its ``expect``, 1 when some
does not, 2 when the file cannot be used or some claim is malformed (the other
claims are still checked and reported).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from probproof.checks.api import ClaimReport, check_specs
from probproof.checks.claimfile import ClaimFileError, load_claim_file
from probproof.checks.text_table import format_table
from probproof.checks.verdict import Status


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a TOML claim file")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--seed", type=int, default=0, help="seed of the search (default 0)")
    parser.add_argument("--timeout", type=float, default=20.0,
                        help="seconds per claim (default 20)")
    parser.add_argument("--jobs", type=int, default=min(2, os.cpu_count() or 1),
                        help="claims checked in parallel (default: up to 2)")
    parser.add_argument("--report", metavar="DIR",
                        help="also write DIR/index.html: each claim, its verdict, its "
                             "counterexample and a plot of both sides")


def summary(reports: list[ClaimReport], seconds: float) -> dict:
    out = {"total": len(reports), "ok": sum(r.ok for r in reports)}
    for s in Status:
        out[str(s)] = sum(r.verdict.status is s for r in reports)
    out["seconds"] = round(seconds, 3)
    return out


def exit_code(reports: list[ClaimReport]) -> int:
    if any(r.verdict.status is Status.ERROR for r in reports):
        return 2
    return 0 if all(r.ok for r in reports) else 1


def render_table(reports: list[ClaimReport]) -> str:
    rows = [("id", "verdict", "expect", "ok", "seconds", "detail")]
    for r in reports:
        v = r.verdict
        detail = v.counterexample.describe() if v.counterexample else v.message
        rows.append((r.spec.id, str(v.status), r.spec.expect, "ok" if r.ok else "FAIL",
                     f"{v.seconds:.2f}", detail))
    return format_table(rows)


def run(args: argparse.Namespace) -> int:
    t0 = time.perf_counter()
    try:
        specs = load_claim_file(args.file)
    except ClaimFileError as exc:
        if args.json:
            print(json.dumps({"error": str(exc), "claims": [],
                              "summary": summary([], time.perf_counter() - t0)}))
        else:
            print(f"probproof: {exc}", file=sys.stderr)
        return 2
    if args.timeout <= 0:
        print("probproof: --timeout must be positive", file=sys.stderr)
        return 2
    reports = check_specs(specs, seed=args.seed, timeout=args.timeout, jobs=max(1, args.jobs))
    seconds = time.perf_counter() - t0
    if args.json:
        print(json.dumps({"claims": [r.to_json() for r in reports],
                          "summary": summary(reports, seconds)}, indent=2))
    else:
        print(render_table(reports))
        s = summary(reports, seconds)
        print(f"\n{s['ok']}/{s['total']} as expected: {s['proved']} proved, {s['confirmed']} "
              f"confirmed, {s['refuted']} refuted, {s['undecided']} undecided, {s['error']} "
              f"error ({seconds:.1f} s)")
    if args.report:
        from probproof.reports.claims_report import write_claims_report

        index = write_claims_report(reports, Path(args.report), seed=args.seed, source=args.file)
        if not args.json:
            print(f"wrote {index}")
    return exit_code(reports)
