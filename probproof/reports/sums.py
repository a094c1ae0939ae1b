"""A sum over numbered coordinates printed as a sum: ``sum_{i=1}^{8} KL(q_i || p_i)``.

An instance of a general result (eight latent coordinates ``mu_1, ..., mu_8``) is a
flat SymPy sum of eight copies of one term; written out it fills several lines and
hides that it is one term summed. The printers ask :func:`as_indexed_sum` for the
same value as ``Sum(term_i, (i, 1, n))`` over indexed symbols; it is only returned
when its terms, put back, are exactly the expression's (the checked object is not
changed, only its printing).
"""

from __future__ import annotations

import re

import sympy as sp

#: Fewer terms than this are read as easily written out as summed.
MIN_TERMS = 4

_NUMBERED = re.compile(r"(.*[A-Za-z])_?(\d+)$")
#: The summation index printed (a name no coordinate family uses, else the next).
_INDEX_NAMES = ("i", "j", "k", "l")


def _numbered(expr: sp.Basic) -> dict[sp.Symbol, tuple[str, int]]:
    """``{symbol: (stem, number)}`` for the free symbols written ``stem_number``."""
    out = {}
    for s in expr.free_symbols:
        if isinstance(s, sp.Symbol) and (m := _NUMBERED.fullmatch(s.name)):
            out[s] = (m.group(1), int(m.group(2)))
    return out


def as_indexed_sum(expr: sp.Basic) -> sp.Basic | None:
    """``expr`` as ``c * Sum(term, (i, 1, n))`` (unevaluated) where it is ``n >= 4``
    copies of one term in the coordinates ``stem_1, ..., stem_n`` of each of its numbered
    symbol families (plus a number spread evenly over the copies), else None."""
    if not isinstance(expr, sp.Add):
        return None
    numbered = _numbered(expr)
    if not numbered:
        return None
    stems = {stem for stem, _ in numbered.values()}
    numbers = sorted({k for _, k in numbered.values()})
    n = len(numbers)
    if n < MIN_TERMS or numbers != list(range(1, n + 1)):
        return None
    if any({stem for stem, k in numbered.values() if k == k0} != stems for k0 in numbers):
        return None  # a family that lacks a coordinate: not copies of one term
    groups: dict[int, list[sp.Basic]] = {k: [] for k in numbers}
    constant = sp.S.Zero
    for term in expr.args:
        ks = {numbered[s][1] for s in term.free_symbols if s in numbered}
        if term.free_symbols - set(numbered):
            return None  # a symbol outside the coordinates: not one term summed
        if not ks:
            if not term.is_number:
                return None
            constant += term
        elif len(ks) == 1:
            groups[ks.pop()].append(term)
        else:
            return None  # a term that couples two coordinates
    by_stem_and_k = {(stem, k): s for s, (stem, k) in numbered.items()}
    index = sp.Symbol(next(name for name in _INDEX_NAMES if name not in stems),
                      integer=True, positive=True)

    def indexed(k: int) -> dict[sp.Symbol, sp.Basic]:
        return {s: sp.IndexedBase(stem, **_assumptions(s))[index]
                for (stem, kk), s in by_stem_and_k.items() if kk == k}

    first = sp.Add(*groups[1]) + constant / n
    template = first.xreplace(indexed(1))
    for k in numbers:
        back = template.xreplace({v: by_stem_and_k[(str(v.base.label), k)]
                                  for v in template.atoms(sp.Indexed)})
        if sp.expand(back - sp.Add(*groups[k]) - constant / n) != 0:
            return None
    coeff, body = sp.factor_terms(template).as_coeff_Mul()
    summed = sp.Sum(body, (index, 1, n))
    return summed if coeff == 1 else sp.Mul(coeff, summed, evaluate=False)


def _assumptions(s: sp.Symbol) -> dict[str, bool]:
    """The sign assumptions of a coordinate, for its indexed family (so that a
    distribution's parameter checks accept ``sigma_i`` as they accepted ``sigma_1``)."""
    return {k: True for k in ("positive", "real") if getattr(s, f"is_{k}")}


def vector_coordinate(expr: sp.Indexed) -> tuple[sp.Symbol, sp.Basic, str] | None:
    """``(name, index, coordinate)`` for coordinate ``j`` of a sequence of vectors, an
    ``IndexedBase`` named ``mu1`` at ``k`` (printed ``mu_{k,1}`` by both printers);
    ``None`` for any other indexed symbol."""
    m = re.fullmatch(r"([A-Za-z]+)(\d)", str(expr.base.label))
    if m is None or len(expr.indices) != 1:
        return None
    return sp.Symbol(m.group(1)), expr.indices[0], m.group(2)
