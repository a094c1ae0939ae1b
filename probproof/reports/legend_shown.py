"""Which definitions of a result's legend a reader is shown, for both reports.

:func:`probproof.reports.legend.shown` picks one definition per name; a definition of a
power of a name defined beside it, ``(det S)^2 = s_11^2 s_22^2 - 2 s_11 s_12 s_21 s_22 + ...``
beside ``det S = s_11 s_22 - s_12 s_21``, tells the reader nothing the square does not: it
is used for print (a formula's ``(det S)^2``) but not shown.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence

import sympy as sp

from probproof.derivations.result import Let
from probproof.reports import legend


def _power_of_another(let: Let, others: Sequence[Let]) -> bool:
    """Whether ``let`` defines ``name^n`` as the expanded n-th power of the definition of
    ``name`` in ``others``."""
    if not (isinstance(let.lhs, sp.Pow) and let.lhs.exp.is_Integer):
        return False
    return any(o.lhs == let.lhs.base and sp.expand(o.rhs**let.lhs.exp - let.rhs) == 0
               for o in others)


def shown(entries: Sequence[Let], stated: Collection[Let] = ()) -> Iterator[
        tuple[Let, list[Let]]]:
    """:func:`probproof.reports.legend.shown` less the powers of a name defined beside."""
    for let, others in legend.shown(entries, stated):
        if not _power_of_another(let, others):
            yield let, others
