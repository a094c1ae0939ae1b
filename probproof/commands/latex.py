"""``probproof latex [ID ...] [--document] [-o FILE]``: LaTeX snippets of the
catalog's results, or the whole answer key; ``probproof latex FILE.toml``: the
claims and derivations of a claim file."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from probproof.commands.catalog import select, select_key
from probproof.commands.outputs import output_file


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID",
                        help="result ids (default: all), or one claim file FILE.toml")
    parser.add_argument(
        "--document", action="store_true", help="a complete answer key that compiles with pdflatex"
    )
    parser.add_argument("-o", "--output", metavar="FILE", help="write here instead of stdout")
    parser.add_argument(
        "--runs", metavar="DIR", default="probproof-runs",
        help="with --document: the `probproof run` folders (DIR/NAME) whose numbers and figures "
             "the key reports; a missing one is made at the quick size (default: %(default)s)")


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
    if args.output:
        output_file(args.output, "-o")
    if len(args.ids) == 1 and args.ids[0].endswith(".toml"):
        text = _claim_file_text(args.ids[0], args.document)
        if text is None:
            return 2
        return _write(text, args.output)
    if args.document:
        return _document(args)
    from probproof.reports.latex import result_snippet

    results = select(args.ids)
    if results is None:
        return 2
    return _write("\n".join(result_snippet(r, heading=r"\subsection*") for r in results),
                  args.output)


def _document(args: argparse.Namespace) -> int:
    """The answer key, with the figures (written into ``figures/`` beside the
    output) and the experiments' numbers, but without running the checks."""
    from probproof.commands.runs import problems, prose_latex, questions_latex, write_answers
    from probproof.reports.catalog_figures import catalog_figures
    from probproof.reports.latex import document
    from probproof.reports.latex_checks import figures_tex

    chosen = select_key(args.ids)
    if chosen is None:
        return 2
    results, answers = chosen
    figdir = (Path(args.output).parent if args.output else Path.cwd()) / "figures"
    figures = catalog_figures({r.id: r for r in results}, figdir)
    written = write_answers(answers, Path(args.runs), figdir,
                            on_start=lambda name: print(f"probproof: running {name} --quick",
                                                        file=sys.stderr))
    extras = {rid: figures_tex(figs) for rid, figs in figures.items()}
    text = document(results, extras, prose_latex(written),
                    questions_latex(results, answers) if not args.ids else "")
    for line in problems(written):
        print(f"probproof: {line}", file=sys.stderr)
    code = _write(text, args.output)
    return code or (1 if problems(written) else 0)


def _write(text: str, output: str | None) -> int:
    if output:
        with open(output, "w", encoding="utf-8") as fh:
            fh.write(text)
    else:
        sys.stdout.write(text)
    return 0
