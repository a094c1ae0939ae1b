"""``probproof check FILE.toml [--json] [--seed N] [--timeout S] [--jobs J] [--report DIR]``.

Exit status: 0 when every claim's and derivation's verdict matches its
``expect``, 1 when some does not, 2 when the file cannot be used or some entry
is malformed (the others are still checked and reported).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from probproof.checks.api import ClaimReport, check_document
from probproof.checks.chains import DerivationReport
from probproof.checks.claimfile import ClaimFileError, load_claim_document
from probproof.checks.verdict import Status

#: A row of the output: a claim or a derivation (both have .spec, .verdict, .ok).
Entry = ClaimReport | DerivationReport


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


def summary(reports: Sequence[Entry], seconds: float) -> dict:
    out = {"total": len(reports), "ok": sum(r.ok for r in reports)}
    for s in Status:
        out[str(s)] = sum(r.verdict.status is s for r in reports)
    out["seconds"] = round(seconds, 3)
    return out


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
             f"{v.seconds:.2f}", f"derivation, {len(r.links)} links: {summary_text}"[:160])]
    if bad is not None and v.status is not Status.ERROR:
        lv = bad.verdict
        # the sides can be long: the counterexample first, so that it stays in view
        detail = lv.counterexample.describe() if lv.counterexample else lv.message
        rows.append((f"  step {bad.index}", str(lv.status), "", "", f"{lv.seconds:.2f}",
                     f"{detail}; link: {bad.left} {bad.step.relation} {bad.step.to}"
                     .replace("\n", " ")[:160]))
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
                     f"{v.seconds:.2f}", detail.replace("\n", " ")[:160]))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = []
    for row in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(row[:5], widths, strict=True))
                     + "  " + row[5])
    return "\n".join(lines)


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
    if args.timeout <= 0:
        print("probproof: --timeout must be positive", file=sys.stderr)
        return 2
    claims, chains = check_document(document, seed=args.seed, timeout=args.timeout,
                                    jobs=max(1, args.jobs))
    # the table in file order; a malformed entry may have no known line
    reports: list[Entry] = sorted([*claims, *chains], key=lambda r: r.spec.line or 0)
    seconds = time.perf_counter() - t0
    if args.json:
        print(json.dumps({"claims": [r.to_json() for r in claims],
                          "derivations": [r.to_json() for r in chains],
                          "summary": summary(reports, seconds)}, indent=2))
    else:
        print(render_table(reports))
        s = summary(reports, seconds)
        print(f"\n{s['ok']}/{s['total']} as expected: {s['proved']} proved, {s['confirmed']} "
              f"confirmed, {s['refuted']} refuted, {s['undecided']} undecided, {s['error']} "
              f"error ({seconds:.1f} s)")
    if args.report:
        from probproof.reports.claims_report import write_claims_report

        index = write_claims_report(claims, Path(args.report), seed=args.seed, source=args.file,
                                    derivations=chains)
        if not args.json:
            print(f"wrote {index}")
    return exit_code(reports)
