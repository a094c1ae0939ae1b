"""Which result answers which question of the seeds: the key's closing table
and ``probproof list --json``'s ``questions`` (no SymPy needed)."""

from __future__ import annotations

import re
from collections.abc import Iterable


def question_key(label: str) -> list:
    """Sort key of a question label as the seeds number them: ``Q2.10`` after ``Q2.9``."""
    return [int(p) if p.isdigit() else p for p in re.split(r"(\d+)", label)]


def question_rows(entries: Iterable[tuple[str, Iterable[tuple[str, str]]]]
                  ) -> list[tuple[str, str, list[str]]]:
    """``(seed, question, ids)`` for every question some entry answers.

    Parameters
    ----------
    entries : iterable of (id, sources)
        The catalog's results and the answers in words, each source a
        ``(seed, question)`` pair.

    Returns
    -------
    list
        Sorted by seed, then by question as the seed numbers them; the ids in
        the order given.
    """
    answered: dict[tuple[str, str], list[str]] = {}
    for rid, sources in entries:
        for seed, question in sources:
            answered.setdefault((seed, question), []).append(rid)
    order = sorted(answered, key=lambda sq: (sq[0], question_key(sq[1])))
    return [(seed, q, answered[(seed, q)]) for seed, q in order]
