"""The order in which a sum's terms are printed, shared by the LaTeX and MathML printers.

SymPy orders a sum's terms by its own key, which often puts a subtracted term first:
``-m + x_i``, ``-mu_1 + z_1``. A reader writes the difference ``x_i - m``. A sum that
SymPy would start with a minus sign is printed with its added terms first, then the
subtracted ones, each group in SymPy's order. A sum a derivation left unevaluated keeps
the order it was written in (the printers pass ``order="none"`` for it).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

import sympy as sp

T = TypeVar("T")


def _subtracted(term: sp.Basic) -> bool:
    return term.could_extract_minus_sign()


def reader_order(terms: list[T], subtracted: Callable[[T], bool] = _subtracted) -> list[T]:
    """``terms`` with the added (not subtracted) ones first, each group in its order, when
    the first term is subtracted (``E_1 + E_2 - 2 A``, not ``-2 A + E_1 + E_2``, nor
    ``E_1 - 2 A + E_2``); otherwise unchanged."""
    if not terms or not subtracted(terms[0]):
        return terms
    added = [t for t in terms if not subtracted(t)]
    return [*added, *(t for t in terms if subtracted(t))] if added else terms


def left_unevaluated(expr: sp.Basic) -> bool:
    """Whether ``expr`` is a sum a derivation built with ``evaluate=False`` (to show terms
    that cancel): SymPy would combine its terms."""
    return isinstance(expr, sp.Add) and sp.Add(*expr.args) != expr


def written_order(expr: sp.Basic) -> str | None:
    """``"none"`` for a sum that a derivation left unevaluated, to show terms that cancel
    (``a e^G + F - F``, not SymPy's ``-F + F + a e^G``): it prints in the order it was
    written; None (the printer's order) for any other."""
    return "none" if left_unevaluated(expr) else None


class ReaderOrder:
    """A mixin for SymPy printers: a sum starts with an added term (:func:`reader_order`),
    and a sum left unevaluated keeps the order it was written in (:func:`written_order`)."""

    def _as_ordered_terms(self, expr, order=None):
        order = order or written_order(expr)
        terms = list(super()._as_ordered_terms(expr, order=order))
        if order == "none" or not isinstance(expr, sp.Add):
            return terms
        return reader_order(terms)


def matrix_terms(expr: sp.MatAdd) -> list[tuple[bool, sp.Basic]]:
    """The terms of a matrix sum as ``(subtracted, term without its sign)``, in
    :func:`reader_order` (``z - mu``, not ``-mu + z``). A term ``-1 * M`` is read off its
    product, not negated: negating an explicit matrix computes it."""
    out = []
    for term in expr.args:
        negated = isinstance(term, sp.MatMul) and term.args[0] == -1
        if negated:
            term = sp.MatMul(*term.args[1:], evaluate=False) if len(term.args) > 2 else (
                term.args[1])
        out.append((negated, term))
    return reader_order(out, subtracted=lambda t: t[0])
