"""Splitting an integrand into the factors that depend on bound variables and those
that do not (shared by the integral algebra of ``checks`` and the evaluator of
``numeric``, which may not import ``checks``)."""

from __future__ import annotations

from collections.abc import Iterable

import sympy as sp


def split_constant_factors(body: sp.Basic,
                           bound: Iterable[sp.Basic]) -> tuple[list[sp.Basic], list[sp.Basic]]:
    """The factors of ``body`` free of the ``bound`` variables, and the others.

    ``exp(E - log Z)`` is ``exp(E) / Z`` first: a normaliser in an exponent is a
    constant factor too.

    Examples
    --------
    >>> x, z = sp.symbols("x z")
    >>> split_constant_factors(sp.exp(x - sp.log(z)), [x])
    ([1/z], [exp(x)])
    """
    bound = tuple(bound)
    factors = sp.Mul.make_args(sp.expand_power_exp(body))
    return ([f for f in factors if not f.has(*bound)], [f for f in factors if f.has(*bound)])
