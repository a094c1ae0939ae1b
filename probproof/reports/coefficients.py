"""Which factors of a product the printers set before the rest, as the field writes them.

SymPy stacks a product over its denominator: ``sum_i x_i / n``, ``KL(P, M) / 2``. Stacked,
the sum's limits and the laws of the divergence shrink to text size; a reader writes
``(1/n) sum_i x_i`` and ``(1/2) KL(P, M)``. Both printers (LaTeX and MathML) ask these
predicates; the checked object is not changed, only its printing.
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations.result import Divergence, Expectation
from probproof.derivations.vocabulary import Expect, Functional
from probproof.reports.term_order import left_unevaluated


def is_monomial(expr: sp.Basic) -> bool:
    """Whether ``expr`` is a number, a symbol, or a product of powers of them (``2 pi``,
    ``n``, ``K s``): a denominator that the printers set as a factor before a sum,
    ``(1/n) sum_i ...``, rather than under it."""
    return all(f.is_number or isinstance(f, (sp.Symbol, sp.Indexed))
               or (isinstance(f, sp.Pow) and isinstance(f.base, (sp.Symbol, sp.Indexed))
                   and f.exp.is_number)
               for f in sp.Mul.make_args(expr))


def sum_over_count(expr: sp.Mul) -> sp.Basic | None:
    """The sum or integral of ``expr = c * S / m`` for a count ``m`` (a monomial, ``n``,
    ``2 pi``, or a sum of them, ``n + 1``): printed ``(c/m) S``, its limits and fractions at
    full size, not stacked over ``m``; else None."""
    sums = [f for f in expr.args if isinstance(f, (sp.Sum, sp.Integral))]
    den = sp.fraction(expr)[1]
    if len(sums) != 1 or den == 1 or not all(is_monomial(t) for t in sp.Add.make_args(den)):
        return None
    return sums[0]


def wide_over_number(expr: sp.Mul) -> sp.Basic | None:
    """The functional of ``c * F`` for a number ``c`` (a fraction or a power of e: 1/2,
    1/e) and a functional, an expectation or a logarithm ``F`` (KL, JSD, E[...], log(2 pi e
    s^2)), which reads better after its coefficient than stacked over a number (the
    entropy (1/2) log(2 pi e s^2), not log(2 pi e s^2) over 2); else None."""
    laws = [f for f in expr.args
            if isinstance(f, (Functional, Expect, Expectation, Divergence, sp.log))]
    if len(laws) != 1:
        return None
    coeff = expr / laws[0]
    # a fraction or a power of e (1/2, 1/e); 2 KL(P, M) prints as it is, and JSD / log 2
    # (in bits) as the quotient it is
    plain = coeff.is_Rational or (coeff.is_number and (isinstance(coeff, sp.exp) or (
        isinstance(coeff, sp.Pow) and coeff.base is sp.E)))
    return laws[0] if plain and not coeff.is_Integer else None


def kept_whole_over_count(expr: sp.Mul) -> tuple[sp.Basic, sp.Add] | None:
    """``(1/m, s)`` for ``expr = s / m`` with ``m`` a count (``K``, ``n s``, not a number)
    and ``s`` a sum that a derivation kept unevaluated, its terms to cancel in the next
    step (``log pi_k + log N_k - log q_k``); else None. Stacked over ``m``, the terms
    that cancel shrink into a numerator; ``(1/m)(s)`` keeps them at full size."""
    if len(expr.args) != 2:
        return None
    first, second = expr.args
    coeff, whole = (first, second) if isinstance(second, sp.Add) else (second, first)
    if not isinstance(whole, sp.Add) or isinstance(coeff, sp.Add):
        return None
    num, den = sp.fraction(coeff)
    if num != 1 or den.is_number or not is_monomial(den):
        return None
    return (coeff, whole) if left_unevaluated(whole) else None
