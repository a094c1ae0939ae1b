"""Score of the conformance suite (tests/conformance) over N seeds.

Run: ``python bench/bench_conformance.py [--seeds 5] [--first-seed 0] [--timeout 20] [--jobs 2]
[--only PREFIX ...] [--json FILE]``

Every claim's expected truth comes from scipy.stats / torch.distributions /
mpmath (``tests/conformance/generate.py``), never from probproof. Prints, per
seed and in total: verdict counts, false refutations (a true claim refuted),
false confirmations (a false claim proved or confirmed), undecided, the share
decided as expected, and the time per claim (median, 95th percentile, max).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "conformance"))

import generate
import runner

HEADER = (
    "seed",
    "claims",
    "proved",
    "confirmed",
    "refuted",
    "undecided",
    "error",
    "false refut.",
    "false conf.",
    "as expected",
    "median s",
    "p95 s",
    "max s",
)


def row(seed: str, s: runner.Score) -> tuple:
    c = s.counts
    return (
        seed,
        s.total,
        c["proved"],
        c["confirmed"],
        c["refuted"],
        c["undecided"],
        c["error"],
        len(s.false_refutations),
        len(s.false_confirmations),
        f"{100 * s.share:.1f}%",
        f"{s.median_s:.2f}",
        f"{s.p95_s:.2f}",
        f"{s.max_s:.2f}",
    )


def markdown(rows: list[tuple]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(str(v) for v in r) + " |" for r in rows]
    return "\n".join(lines)


def show_failures(reports: list) -> None:
    for line in runner.failure_lines(reports):
        print("  ", line, flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=5)
    ap.add_argument("--first-seed", type=int, default=0,
                    help="seeds are first-seed .. first-seed + seeds - 1 (a run in parts)")
    ap.add_argument("--timeout", type=float, default=runner.DEFAULT_TIMEOUT)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--only", nargs="*", default=None, help="row id prefixes to keep")
    ap.add_argument("--json", help="write every claim's verdict per seed to this file")
    args = ap.parse_args()

    claims, dropped = generate.claims()
    if args.only:
        claims = [c for c in claims if c.row.startswith(tuple(args.only))]
    print(
        f"{len(claims)} claims ({sum(c.expect == 'true' for c in claims)} true); "
        f"{len(dropped)} left out as ambiguous by the references",
        flush=True,
    )
    rows, every, dump = [], [], {}
    for seed in range(args.first_seed, args.first_seed + args.seeds):
        t0 = time.perf_counter()
        reports = runner.run(
            claims, seed=seed, timeout=args.timeout, jobs=args.jobs, on_chunk=show_failures
        )
        every += reports
        s = runner.score(reports)
        rows.append(row(str(seed), s))
        print(
            markdown([rows[-1]]).splitlines()[-1],
            f"({time.perf_counter() - t0:.0f} s wall)",
            flush=True,
        )
        dump[seed] = [r.to_json() for r in reports]
    rows.append(row("all", runner.score(every)))
    print()
    print(markdown(rows))
    if args.json:
        Path(args.json).write_text(json.dumps(dump, indent=1))
    total = runner.score(every)
    return 1 if total.false_refutations or total.false_confirmations else 0


if __name__ == "__main__":
    sys.exit(main())
