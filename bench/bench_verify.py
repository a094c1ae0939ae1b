"""Time per catalog result of ``probproof verify``, cold, as a user runs it.

Run: ``PYTHONPATH=. python bench/bench_verify.py [ID ...] [--jobs N] [--compare FILE.json]
[--json OUT.json]``

The results are verified as ``probproof verify`` does by default (``--jobs`` worker
processes, the longest first), in this fresh process: nothing is warm. Printed: the load
average before and after (the machine is shared: say it with the figure), each result's
wall and CPU seconds (CPU of the worker that checked it: on a loaded machine the
steadier figure), slowest first, with its verdict; the total wall time and the sum of
the CPU times. ``--compare`` reads the JSON of an earlier ``probproof verify --json``
and lists every result, step and check whose verdict differs (a pass that became a
failure, or the reverse, is what matters; ``proved`` against ``confirmed`` is also
listed, since a symbolic attempt that runs out of time on a loaded machine turns one
into the other). ``--json`` writes this run's ``verify --json`` object. ``--record``
writes each result's CPU seconds into ``probproof/checks/verify_costs.py``, the order in
which ``verify`` starts the results (the longest first); run it on the whole catalog.
"""

from __future__ import annotations

import argparse
import json
import os
import time
from pathlib import Path

from probproof.checks.catalog import summary, verify_many
from probproof.commands.catalog import select

#: The issue's targets (issue 18): the catalog in 20 s on 2 cores, no result over 5 s.
TARGET_TOTAL, TARGET_RESULT = 20.0, 5.0


def _verdicts(entry: dict) -> dict[str, str]:
    """Result, step and check verdicts of one ``verify --json`` entry, by a stable key."""
    out = {"result": entry["verdict"]}
    for k, s in enumerate(entry["steps"]):
        out[f"step {k + 1} ({s.get('label', '')[:50]})"] = s["verdict"]
    for k, c in enumerate(entry["checks"]):
        out[f"check {k + 1} ({c['method']})"] = c["verdict"]
    return out


def compare(before: dict, after: dict) -> list[str]:
    """Every verdict that differs between two ``verify --json`` objects."""
    old = {r["id"]: r for r in before["results"]}
    lines = []
    for r in after["results"]:
        if r["id"] not in old:
            lines.append(f"{r['id']}: new result ({r['verdict']})")
            continue
        a, b = _verdicts(old[r["id"]]), _verdicts(r)
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                lines.append(f"{r['id']}: {key}: {a.get(key)} -> {b.get(key)}")
    return lines


def record(seconds: dict[str, tuple[float, float]]) -> None:
    """Rewrite :mod:`probproof.checks.verify_costs` with these CPU seconds, of the steps
    and of the confirmations (and keep the ones of results not run this time)."""
    import probproof.checks.verify_costs as costs

    merged = {**costs.SECONDS,
              **{k: (round(a, 2), round(b, 2)) for k, (a, b) in seconds.items()}}
    path = Path(costs.__file__)
    text = path.read_text()
    head = text[:text.index("SECONDS: dict[str, ")]
    body = "".join(f'    "{k}": {merged[k]},\n' for k in sorted(merged))
    path.write_text(head + "SECONDS: dict[str, tuple[float, float]] = {\n" + body + "}\n")
    print(f"recorded the CPU seconds of {len(seconds)} result(s) in {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ids", nargs="*")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--compare", metavar="FILE", help="an earlier `verify --json` output")
    parser.add_argument("--json", metavar="OUT", help="write this run's `verify --json` object")
    parser.add_argument("--record", action="store_true",
                        help="write the CPU seconds into probproof/checks/verify_costs.py")
    args = parser.parse_args()
    t0 = time.perf_counter()
    results = select(args.ids)
    if results is None:
        return 2
    load_before = os.getloadavg()
    verdicts = verify_many(results, jobs=args.jobs)
    wall = time.perf_counter() - t0
    load_after = os.getloadavg()

    print(f"{'wall s':>7} {'cpu s':>6}  verdict    result")
    for v in sorted(verdicts, key=lambda v: -v.seconds):
        flag = "  (over 5 s)" if v.seconds > TARGET_RESULT else ""
        print(f"{v.seconds:7.2f} {v.cpu_seconds:6.2f}  {v.status!s:<10} {v.result_id}{flag}")
    cpu = sum(v.cpu_seconds for v in verdicts)
    passed = sum(v.passed for v in verdicts)
    print(f"{len(verdicts)} results ({passed} passed) on {args.jobs} workers: {wall:.1f} s wall "
          f"from the start of this process (target {TARGET_TOTAL:g} s), {cpu:.1f} s CPU in "
          f"the workers; {sum(v.seconds > TARGET_RESULT for v in verdicts)} result(s) over "
          f"{TARGET_RESULT:g} s")
    print(f"load average (1 min) {load_before[0]:.2f} before, {load_after[0]:.2f} after, "
          f"on {os.cpu_count()} CPUs")
    out = {"results": [v.to_json() for v in verdicts], "summary": summary(verdicts, wall)}
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(out, fh, indent=2)
    if args.record:
        record({v.result_id: v.part_cpu_seconds for v in verdicts})
    if args.compare:
        with open(args.compare) as fh:
            before = json.load(fh)
        changed = compare(before, out)
        print(f"verdicts against {args.compare}: " + ("all the same" if not changed else
                                                        f"{len(changed)} differ"))
        for line in changed:
            print("    " + line)
    return 0 if passed == len(verdicts) else 1


if __name__ == "__main__":
    raise SystemExit(main())
