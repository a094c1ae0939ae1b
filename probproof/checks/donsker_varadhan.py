"""Inequalities that hold by the Donsker-Varadhan bound, by their form.

For distributions ``P``, ``Q`` and any real function ``T``,
``KL(P, Q) >= E_P[T] - log E_Q[exp(T)]`` (the Donsker-Varadhan representation of the
divergence; when ``E_Q[exp(T)]`` is infinite the right side is ``-oo``). SymPy can
evaluate neither side for a critic such as ``a tanh(x) + c sin(x)``, so the catalog's
steps that use the bound could only be confirmed by a 40-point search of quadratures.

:func:`below` recognises ``small <= big`` where ``small = S - log E_Q[exp(T)]`` and
``big - S`` equals ``KL(P, Q) - E_P[T]`` for one of the distributions ``P`` of the
claim, the equality shown by the integral algebra of
:mod:`~probproof.checks.integral_algebra` (by merging integrals, valid when they are
finite: the engine then needs finite values where it evaluates). It proves nothing
else: another ``T`` in the two expectations, a ``T`` not known to be real, a ``Q`` that
is not the divergence's, or distributions whose parameters are not valid by the
assumptions make the rule not apply.

Example
-------
>>> import sympy as sp
>>> from probproof.derivations.vocabulary import KL, Expect, Laplace, Normal
>>> x, m = sp.Symbol("x", real=True), sp.Symbol("m", real=True)
>>> P, Q, T = Laplace(m, 1), Normal(0, 1), sp.tanh(x)
>>> below(Expect(T, x, P) - sp.log(Expect(sp.exp(T), x, Q)), KL(P, Q))
(True, False)
>>> below(Expect(T, x, P) - sp.log(Expect(sp.exp(2 * T), x, Q)), KL(P, Q))[0]
False
"""

from __future__ import annotations

import sympy as sp

from probproof.checks import integral_algebra as IA
from probproof.checks.gibbs import valid
from probproof.derivations import vocabulary as V

#: The answer when the rule does not apply.
NO = (False, False)


def below(small: sp.Basic, big: sp.Basic) -> tuple[bool, bool]:
    """``(holds, needs_finite_values)``: whether ``small <= big`` by the bound, and whether
    the proof merged integrals (valid only where they are finite)."""
    if not (isinstance(small, sp.Expr) and isinstance(big, sp.Expr)):
        return NO
    for term in sp.Add.make_args(small):
        critic = _log_partition(term)
        if critic is None:
            continue
        t, x, q = critic
        rest = small - term
        for p in _candidates(small, big, q):
            expected = V.KL(p, q) - V.Expect(t, x, p)
            how = _same(big - rest, expected)
            if how is not None:
                return True, how
    return NO


def _log_partition(term: sp.Basic) -> tuple[sp.Expr, sp.Symbol, V.Distribution] | None:
    """``(T, x, Q)`` when ``term = -log(Expect(exp(T), x, Q))`` with ``T`` real."""
    if not (isinstance(term, sp.Mul) and term.args[0] == -1 and len(term.args) == 2):
        return None
    log = term.args[1]
    if not (isinstance(log, sp.log) and isinstance(log.args[0], V.Expect)):
        return None
    e = log.args[0]
    if len(e.variables) != 1 or not isinstance(e.body, sp.exp):
        return None
    (x,), (q,) = e.variables, e.distributions
    t = e.body.args[0]
    real = t.xreplace({x: sp.Dummy("x", real=True)})
    if not (valid(q) and not q.discrete and real.is_extended_real is True):
        return None
    return t, x, q


def _candidates(small: sp.Basic, big: sp.Basic, q: V.Distribution) -> list[V.Distribution]:
    """The distributions P of the claim: first arguments of a KL against Q, and the
    distributions of expectations of one variable."""
    found: list[V.Distribution] = []
    for e in (big, small):
        for node in sp.preorder_traversal(e):
            if isinstance(node, V.KL) and node.args[1] == q:
                p = node.args[0]
            elif isinstance(node, V.Expect) and len(node.distributions) == 1:
                (p,) = node.distributions
            else:
                continue
            if p not in found and valid(p) and p.dim == 1:
                found.append(p)
    return found


def _same(a: sp.Basic, b: sp.Basic) -> bool | None:
    """``False`` when ``a == b`` outright, ``True`` when only after merging integrals (the
    proof then needs them finite), ``None`` when not shown."""
    if sp.expand(a - b) == 0:
        return False
    try:
        how = IA.same_value(a, b)
    except IA.NotStructural:
        return None
    if how is None:
        return None
    return how == IA.MERGED
