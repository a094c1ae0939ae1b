"""``probproof latex [ID ...] [--document] [-o FILE]``: LaTeX snippets of the
catalog's results, or the whole answer key."""

from __future__ import annotations

import argparse
import sys

from probproof.checks.catalog_commands import select
from probproof.reports.latex import document, result_snippet


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="result ids (default: all)")
    parser.add_argument(
        "--document", action="store_true", help="a complete answer key that compiles with pdflatex"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")


def run(args: argparse.Namespace) -> int:
    results = select(args.ids)
    if results is None:
        return 2
    text = (
        document(results)
        if args.document
        else "\n".join(result_snippet(r, heading=r"\subsection*") for r in results)
    )
    if args.output:
        with open(args.output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0
