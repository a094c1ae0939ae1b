"""``probproof list [--json]``: the results of the catalog and their sources."""

from __future__ import annotations

import argparse
import json

from probproof.checks.catalog_commands import catalog


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    results = list(catalog().values())
    if args.json:
        print(
            json.dumps(
                {
                    "results": [
                        {
                            "id": r.id,
                            "title": r.title,
                            "sources": [
                                {"seed": s.seed, "question": s.question} for s in r.sources
                            ],
                        }
                        for r in results
                    ]
                },
                indent=2,
            )
        )
        return 0
    width = max((len(r.id) for r in results), default=0)
    for r in results:
        where = "; ".join(f"{s.seed} {s.question}" for s in r.sources)
        print(f"{r.id:<{width}}  {r.title}  [{where}]")
    return 0
