"""Differences that cancel, written so that they do not: ``exp(a) - 1`` as ``expm1(a)``,
``log(1 + a)`` as ``log1p(a)``, ``1 - cos(a)`` as ``2 sin(a/2)**2``.

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
    if expr.has(sp.tanh):
        expr = _tanh_complements(expr)
    if expr.has(sp.cos):
        expr = _cosine_complements(expr)
    if not expr.has(sp.exp, sp.log):
        return expr
    expr = _logistic_complements(expr)
    swaps: dict[sp.Basic, sp.Basic] = {}
    for add in expr.atoms(sp.Add):
        one = _sole_unit(add)
        if one is None:
            continue
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
    logs: dict[sp.Basic, sp.Basic] = {}
    for lg in out.atoms(sp.log):
        arg = lg.args[0]
        if isinstance(arg, sp.Add) and sp.S.One in arg.args:
            logs[lg] = log1p(arg - 1)
        else:
            # log(sigmoid(y)) = log(1/(1 + exp(-y))) = -log1p(exp(-y)): 1/(1 + exp(800))
            # is 0 in float64, its logarithm -inf; log1p(exp(a)) compiles as softplus.
            # Also with other factors (log(2/(1 + exp(2 y))), from 1 - tanh(y)).
            factors = sp.Mul.make_args(arg)
            inverse = [f for f in factors if isinstance(f, sp.Pow) and f.exp == -1
                       and isinstance(f.base, sp.Add) and sp.S.One in f.base.args
                       and _positive_sum(f.base)]
            if inverse:
                rest = sp.Mul(*[f for f in factors if f not in inverse])
                logs[lg] = sp.log(rest) - sp.Add(*[log1p(f.base - 1) for f in inverse])
    return out.xreplace(logs) if logs else out


def _sole_unit(add: sp.Add) -> sp.Integer | None:
    """The one term ``1`` or ``-1`` of a sum, or ``None`` (none, or both)."""
    ones = [t for t in add.args if t in (sp.S.One, sp.S.NegativeOne)]
    return ones[0] if len(ones) == 1 else None


def _positive_sum(add: sp.Add) -> bool:
    """``1 + exp(a)`` (and other sums of 1 and exponentials of real arguments)."""
    return all(t == 1 or (isinstance(t, sp.exp) and t.args[0].is_extended_real)
               for t in add.args)


def _tanh_complements(expr: sp.Basic) -> sp.Basic:
    """``1 - tanh(a)`` as ``2/(1 + exp(2 a))`` and ``1 + tanh(a)`` as
    ``2/(1 + exp(-2 a))``: the first is 0 in float64 from a = 19 on."""
    swaps: dict[sp.Basic, sp.Basic] = {}
    for add in expr.atoms(sp.Add):
        if sp.S.One not in add.args:
            continue
        for term in add.args:
            if isinstance(term, sp.tanh):
                swaps[add] = add - 1 - term + 2 / (1 + sp.exp(-2 * term.args[0]))
                break
            if (term.is_Mul and len(term.args) == 2 and term.args[0] == -1
                    and isinstance(term.args[1], sp.tanh)):
                swaps[add] = add - 1 - term + 2 / (1 + sp.exp(2 * term.args[1].args[0]))
                break
    return expr.xreplace(swaps) if swaps else expr


def _cosine_complements(expr: sp.Basic) -> sp.Basic:
    """``1 - cos(a)`` as ``2 sin(a/2)**2`` and ``1 + cos(a)`` as ``2 cos(a/2)**2`` (also
    with the signs flipped, inside a longer sum): ``1 - cos(a)`` is 0 in float64 below
    a = 1e-8 and a multiple of 1.1e-16 near it, so ``(1 - cos(a u))/u**2`` came out twice
    its supremum ``a**2/2``; in mpmath's 50 digits the same happens below a = 1e-25."""
    swaps: dict[sp.Basic, sp.Basic] = {}
    for add in expr.atoms(sp.Add):
        one = _sole_unit(add)
        if one is None:
            continue
        for term in add.args:
            coeff, rest = term.as_coeff_Mul()
            if not (isinstance(rest, sp.cos) and coeff in (sp.S.One, sp.S.NegativeOne)):
                continue
            half = rest.args[0] / 2
            # one + coeff cos(a): 1 - cos = 2 sin^2, 1 + cos = 2 cos^2, and their negatives
            same_sign = one == coeff
            square = sp.cos(half) ** 2 if same_sign else sp.sin(half) ** 2
            swaps[add] = add - one - term + 2 * one * square
            break
    return expr.xreplace(swaps) if swaps else expr


def _logistic_complements(expr: sp.Basic) -> sp.Basic:
    """``1 - 1/(1 + exp(a))`` as ``1/(1 + exp(-a))``: ``1 - sigmoid(y)``, the GAN's
    ``log(1 - D(x))``, is ``1 - 1`` = 0 in float64 from y = 37 on and in mpmath's 50
    digits from y = 116, where its logarithm became -inf, and the expectation of
    ``log(1 - sigmoid(y))`` under a normal law was "-oo" to both witnesses."""
    swaps: dict[sp.Basic, sp.Basic] = {}
    for add in expr.atoms(sp.Add):
        if sp.S.One not in add.args:
            continue
        for term in add.args:
            if (term.is_Mul and len(term.args) == 2 and term.args[0] == -1
                    and isinstance(term.args[1], sp.Pow) and term.args[1].exp == -1):
                base = term.args[1].base
                exps = [t for t in base.args if isinstance(t, sp.exp)] if isinstance(
                    base, sp.Add) else []
                if (isinstance(base, sp.Add) and len(base.args) == 2 and sp.S.One in base.args
                        and len(exps) == 1):
                    swaps[add] = add - 1 - term + 1 / (1 + sp.exp(-exps[0].args[0]))
                    break
    return expr.xreplace(swaps) if swaps else expr
