"""Which result answers which question of the seeds: the key's last table."""

from __future__ import annotations

from collections.abc import Iterable

from probproof.derivations.result import Source
from probproof.reports.latex import _question_key


def question_rows(entries: Iterable[tuple[str, Iterable[Source]]]
                  ) -> list[tuple[str, str, list[str]]]:
    """``(seed, question, ids)`` for every question some entry answers.

    Parameters
    ----------
    entries : iterable of (id, sources)
        The catalog's results and the answers in words.

    Returns
    -------
    list
        Sorted by seed, then by question as the seed numbers them; the ids in
        the order given.
    """
    answered: dict[tuple[str, str], list[str]] = {}
    for rid, sources in entries:
        for s in sources:
            answered.setdefault((s.seed, s.question), []).append(rid)
    order = sorted(answered, key=lambda sq: (sq[0], _question_key(sq[1])))
    return [(seed, q, answered[(seed, q)]) for seed, q in order]
