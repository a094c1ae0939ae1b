"""``probproof latex [ID ...] [--document] [-o FILE]``: LaTeX snippets of the
catalog's results, or the whole answer key; ``probproof latex FILE.toml``: the
claims and derivations of a claim file."""

from __future__ import annotations

import argparse
import sys

from probproof.commands.catalog import select
from probproof.reports.latex import document, result_snippet


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID",
                        help="result ids (default: all), or one claim file FILE.toml")
    parser.add_argument(
        "--document", action="store_true", help="a complete answer key that compiles with pdflatex"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")


def _claim_file_text(path: str, standalone: bool) -> str | None:
    from probproof.checks.claimfile import ClaimFileError, load_claim_document
    from probproof.reports.claims_latex import claim_file_tex

    try:
        document = load_claim_document(path)
    except ClaimFileError as exc:
        print(f"probproof: {exc}", file=sys.stderr)
        return None
    return claim_file_tex(document, title=f"Claims of {path}", standalone=standalone)


def run(args: argparse.Namespace) -> int:
    if len(args.ids) == 1 and args.ids[0].endswith(".toml"):
        text = _claim_file_text(args.ids[0], args.document)
        if text is None:
            return 2
        return _write(text, args.output)
    results = select(args.ids)
    if results is None:
        return 2
    text = (
        document(results)
        if args.document
        else "\n".join(result_snippet(r, heading=r"\subsection*") for r in results)
    )
    return _write(text, args.output)


def _write(text: str, output: str | None) -> int:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0
