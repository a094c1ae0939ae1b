"""Inequalities that hold because a function of one positive integral is convex.

``R2[T] - R1[T] = E_q[e^T]/e - log E_q[e^T]`` is nonnegative because ``y/e - log y``
is convex on ``y > 0`` with its minimum 0 at ``y = e`` (the tangent of log at e).
SymPy can neither evaluate ``E_q[e^T]`` for a general critic ``T`` nor tell the
sign of ``y/e - log y``; :func:`nonnegative` does both steps by form:

1. both sides are written in the normal form of :mod:`~probproof.checks.integral_algebra`
   (expectations as integrals, constant factors out, canonical bound variables), so
   that integrals equal up to renaming cancel;
2. each remaining integral of a positive integrand (SymPy's assumptions must say so)
   becomes a positive unknown ``y``; there must be exactly one;
3. the difference ``D(y)`` is nonnegative for every ``y > 0`` when ``D'' >= 0`` on
   ``y > 0`` (convex) and ``D(c) >= 0`` at a stationary point ``c > 0`` (``D'(c) = 0``):
   a convex function has its minimum at a stationary point.

The integral is treated as a finite number: the engine calls a claim proved this way
only after a numeric evaluation saw finite values (as for merged integrals).

Example
-------
>>> import sympy as sp
>>> from probproof.derivations.vocabulary import Expect, Normal
>>> x, m = sp.Symbol("x", real=True), sp.Symbol("m", real=True)
>>> y = Expect(sp.exp(sp.tanh(x)), x, Normal(m, 1))
>>> nonnegative(y / sp.E - sp.log(y))
True
>>> nonnegative(y - sp.log(y) - 1 - sp.Rational(1, 10))
False
"""

from __future__ import annotations

import sympy as sp

from probproof.checks import integral_algebra as IA
from probproof.checks.zero import is_zero, simpler_forms


def nonnegative(difference: sp.Basic) -> bool:
    """Whether ``difference >= 0`` by steps 1-3 of the module docstring."""
    try:
        d = sp.expand(IA.normal_form(difference), deep=False)
    except IA.NotStructural:
        return False
    integrals = IA.outer_integrals(d)
    if len(integrals) != 1:
        return False
    (integral,) = integrals
    if not _positive(integral):
        return False
    y = sp.Dummy("y", positive=True)
    d = d.xreplace({integral: y})
    if d.has(sp.Integral) or not d.has(y):
        return False
    if not _nonnegative(sp.diff(d, y, 2)):
        return False
    for c in sp.solve(sp.diff(d, y), y):
        if c.is_positive is True and is_zero(sp.diff(d, y).subs(y, c)) and _nonnegative(
                d.subs(y, c)):
            return True
    return False


def _positive(integral: sp.Integral) -> bool:
    # The canonical bound variables carry no assumptions; over real limits they are real.
    real = {lim[0]: sp.Dummy(real=True) for lim in integral.limits}
    return integral.function.xreplace(real).is_positive is True and all(
        (hi - lo).is_extended_positive is True for _, lo, hi in integral.limits)


def _nonnegative(e: sp.Basic) -> bool:
    return any(f.is_nonnegative is True for f in simpler_forms(e))

