"""``probproof show ID``: one result in full (statement, derivations, answer)."""

from __future__ import annotations

import argparse

import sympy as sp

from probproof.checks.catalog_commands import select


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="result id (see `probproof list`)")


def run(args: argparse.Namespace) -> int:
    found = select([args.id])
    if found is None:
        return 2
    r = found[0]
    print(f"{r.id}: {r.title}")
    print("sources: " + "; ".join(f"{s.seed} question {s.question}" for s in r.sources))
    st = r.statement
    print(f"\nstatement: {st.text}\n  {sp.sstr(st.lhs)} {st.relation} {sp.sstr(st.rhs)}")
    if r.domains:
        print("  where " + ", ".join(f"{k}: {v}" for k, v in r.domains.items()))
    for i, d in enumerate(r.derivations, start=1):
        print(f"\nderivation {i}{': ' + d.title if d.title else ''}\n  {sp.sstr(d.start)}")
        for step in d.steps:
            print(f"  {step.relation} {sp.sstr(step.expr)}    ({step.justification})")
    for f in r.facts:
        print(f"\nfact: {f.text}\n  {sp.sstr(f.lhs)} {f.relation} {sp.sstr(f.rhs)}")
    print(f"\nanswer: {r.answer}")
    for note in r.notes:
        print(f"note: {note}")
    return 0
