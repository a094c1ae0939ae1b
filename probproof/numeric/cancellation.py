"""Differences that cancel, written so that they do not: ``exp(a) - 1`` as ``expm1(a)``,
``log(1 + a)`` as ``log1p(a)``.

Both witnesses evaluate a claim as written. ``y/(exp(y) - 1)`` near ``y = 0`` is ``0/0``
in float64 below 1e-16 and in mpmath's 30 digits below 1e-30, where both probe an end
point; the Bose integral ``int_0^oo y/(exp(y) - 1) dy == pi**2/6`` was undecided ("the
integrand is undefined towards x = 0"). The rewrite is SymPy's own
(``sympy.codegen.rewriting``'s ``expm1_opt`` and ``log1p_opt`` do the same), done here on
the few nodes that need it: that module's ``optimize`` costs about 10 ms per expression,
and the evaluator compiles one per point.
"""

from __future__ import annotations

import sympy as sp
from sympy.codegen.cfunctions import expm1, log1p

__all__ = ["expm1", "log1p", "without_cancellation"]


def without_cancellation(expr: sp.Basic) -> sp.Basic:
    """``expr`` with each ``exp(a) - 1`` (also ``1 - exp(a)``, inside a longer sum) as
    ``expm1(a)`` and each ``log(1 + a)`` as ``log1p(a)``.

    >>> y = sp.Symbol("y")
    >>> without_cancellation(y / (sp.exp(y) - 1))
    y/expm1(y)
    >>> without_cancellation(sp.log(1 - sp.exp(-y)) + sp.log(1 + y**2))
    log(-expm1(-y)) + log1p(y**2)
    """
    if not expr.has(sp.exp, sp.log):
        return expr
    swaps: dict[sp.Basic, sp.Basic] = {}
    for add in expr.atoms(sp.Add):
        ones = [a for a in add.args if a in (sp.S.One, sp.S.NegativeOne)]
        if len(ones) != 1:
            continue
        one = ones[0]
        for term in add.args:
            # exp(a) - 1, or 1 - exp(a) (the term -exp(a))
            if one == -1 and isinstance(term, sp.exp):
                swaps[add] = add - term + 1 + expm1(term.args[0])
                break
            if (one == 1 and term.is_Mul and len(term.args) == 2 and term.args[0] == -1
                    and isinstance(term.args[1], sp.exp)):
                swaps[add] = add - term - 1 - expm1(term.args[1].args[0])
                break
    out = expr.xreplace(swaps) if swaps else expr
    logs = {lg: log1p(lg.args[0] - 1) for lg in out.atoms(sp.log)
            if isinstance(lg.args[0], sp.Add) and sp.S.One in lg.args[0].args}
    return out.xreplace(logs) if logs else out
