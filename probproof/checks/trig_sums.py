"""Sums over a full period of roots of unity, up to a symbolic number of terms.

``sum_{k=a}^{a+N-1} P(cos(2 pi k / N), sin(2 pi k / N))`` for a polynomial ``P`` of
degree at most 2 in which ``cos^2`` and ``sin^2`` have the same coefficient (a squared
distance to a point on a circle, the Riemann sum of a Gaussian ring): with ``N >= 2``,
``sum_k cos(2 pi k / N) = sum_k sin(2 pi k / N) = 0`` (the N-th roots of unity sum to 0)
and ``cos^2 + sin^2 = 1``, so the sum is ``N`` times the constant term once ``sin^2`` is
written as ``1 - cos^2``. SymPy's ``summation`` searches for its whole time limit and
fails on these. Anything else (``cos^2`` alone, whose sum is ``N/2`` only for ``N >= 3``;
``cos sin``; another frequency; a range that is not one period) is left alone.

Example
-------
>>> import sympy as sp
>>> k, n = sp.symbols("k n", integer=True, positive=True)
>>> x, R = sp.Symbol("x", real=True), sp.Symbol("R", positive=True)
>>> t = 2 * sp.pi * k / (n + 1)
>>> period_sum(sp.Sum((x - R * sp.cos(t)) ** 2 + (R * sp.sin(t)) ** 2, (k, 1, n + 1)))
(R**2 + x**2)*(n + 1)
>>> period_sum(sp.Sum(sp.cos(t) ** 2, (k, 1, n + 1))) is None
True
"""

from __future__ import annotations

import sympy as sp


def period_sum(total: sp.Sum) -> sp.Expr | None:
    """The closed form of the module docstring, or ``None`` when it does not apply."""
    if len(total.limits) != 1:
        return None
    k, a, b = total.limits[0]
    n = b - a + 1
    if not (a.is_integer is True and b.is_integer is True and (n - 2).is_nonnegative is True):
        return None
    trig = {f for f in total.function.atoms(sp.sin, sp.cos) if f.has(k)}
    if not trig or len({f.args[0] for f in trig}) != 1:
        return None
    theta = next(iter(trig)).args[0]
    if sp.cancel(theta * n / (2 * sp.pi * k)) != 1:
        return None  # another frequency than one turn over the N terms
    c, s = sp.Dummy("c"), sp.Dummy("s")
    body = total.function.xreplace({sp.cos(theta): c, sp.sin(theta): s})
    if body.has(k) or not body.is_polynomial(c, s):
        return None
    poly = sp.Poly(sp.expand(body), s, c)
    if poly.total_degree() > 2:
        return None
    reduced = sp.Poly(sp.expand(poly.as_expr().subs(s**2, 1 - c**2)), s, c)
    if reduced.coeff_monomial(c**2) != 0 or reduced.coeff_monomial(s * c) != 0:
        return None
    return sp.factor_terms(n * reduced.coeff_monomial(1))
