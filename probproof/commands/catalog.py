"""The catalog's subcommands: ``list``, ``show`` and ``verify`` (one module each,
as the CLI dispatcher wants), and the helpers they share."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # building the catalog imports SymPy; `probproof list` avoids it
    from probproof.derivations.result import Result
    from probproof.reports.prose_answers import ProseAnswer


def catalog() -> dict[str, Result]:
    """All registered results, id -> Result."""
    from probproof.derivations import load_all

    return load_all()


def select(ids: Sequence[str] | None) -> list[Result] | None:
    """The results named by ``ids`` (all when empty); ``None`` after printing
    the unknown ids to stderr."""
    results = catalog()
    if not ids:
        return list(results.values())
    unknown = [i for i in ids if i not in results]
    if unknown:
        print(f"unknown result id(s): {', '.join(unknown)}; see `probproof list`", file=sys.stderr)
        return None
    return [results[i] for i in ids]


def select_key(ids: Sequence[str] | None
               ) -> tuple[list[Result], list[ProseAnswer]] | None:
    """The results and the answers in words named by ``ids`` (all of both when
    empty); ``None`` after printing the unknown ids to stderr."""
    from probproof.reports.prose_answers import PROSE_ANSWERS

    results = catalog()
    prose = {a.id: a for a in PROSE_ANSWERS}
    if not ids:
        return list(results.values()), list(prose.values())
    unknown = [i for i in ids if i not in results and i not in prose]
    if unknown:
        print(f"unknown result id(s): {', '.join(unknown)}; see `probproof list`", file=sys.stderr)
        return None
    return [results[i] for i in ids if i in results], [prose[i] for i in ids if i in prose]


def add_jobs_argument(parser: argparse.ArgumentParser) -> None:
    """``--jobs N``: results verified at once, each in its own worker process."""
    parser.add_argument(
        "--jobs",
        type=int,
        default=os.cpu_count() or 1,
        help="results checked at once, each in its own process (default: the number of "
             "CPUs, %(default)s; 1 checks them one after another in this process)",
    )
