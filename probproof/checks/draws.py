"""Static checks on bound variables: what a draw can be indexed by, and whether a
distribution parameter that depends on a bound variable stays in its domain.

A parameter such as ``sigma = z`` inside ``Expect(..., z, Normal(0, 1))`` takes
negative values on a set of positive probability; evaluated from its formula it
gives a meaningless number. The check substitutes a few points of the bound
variable's range that are typical (never special values such as 0, which only
matter on a set of measure zero for continuous laws) and lets the distribution's
own validation say whether a parameter is certainly invalid there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import islice

import sympy as sp

from probproof.derivations import vocabulary as V

#: Typical points of the real line (none is a special value such as 0 or +-1).
_REAL_POINTS = tuple(sp.Rational(n, 10) for n in (-23, -13, -7, 4, 11, 26))
#: Offsets from the finite end of a half-line.
_HALF_LINE_OFFSETS = tuple(sp.Rational(n, 10) for n in (3, 11, 27))
#: Fractions of a bounded interval.
_FRACTIONS = tuple(sp.Rational(n, 100) for n in (13, 50, 87))
#: Points of a discrete support tried.
MAX_DISCRETE_POINTS = 6


def sample_points(support: object) -> list[sp.Expr]:
    """A few points of a support (a SymPy set), or ``[]`` when it is not a set whose
    points can be listed cheaply (symbolic bounds, products of sets)."""
    try:
        if isinstance(support, sp.FiniteSet):
            return list(islice(support, MAX_DISCRETE_POINTS))
        if isinstance(support, sp.Range) or support in (sp.Naturals0, sp.Naturals,
                                                         sp.Integers):
            if isinstance(support, sp.Range) and not support.size.is_number:
                return []
            return list(islice(iter(support), MAX_DISCRETE_POINTS))
        if support == sp.Reals:
            return list(_REAL_POINTS)
        if isinstance(support, sp.Interval):
            lo, hi = support.inf, support.sup
            if not (lo.is_number and hi.is_number):
                return []
            if lo.is_infinite and hi.is_infinite:
                return list(_REAL_POINTS)
            if hi.is_infinite:
                return [lo + d for d in _HALF_LINE_OFFSETS]
            if lo.is_infinite:
                return [hi - d for d in _HALF_LINE_OFFSETS]
            return [lo + (hi - lo) * f for f in _FRACTIONS]
        if isinstance(support, sp.Union):
            return [p for part in support.args for p in sample_points(part)]
    except (TypeError, ValueError, AttributeError):
        return []
    return []


def parameter_problem(cls: type, args: Sequence[sp.Basic],
                      points: Mapping[sp.Symbol, Sequence[sp.Expr]]) -> str | None:
    """Why ``cls(*args)`` has a certainly invalid parameter at some point of a bound
    variable it depends on, or ``None``.

    ``points`` maps each bound variable to points of its range; only scalar
    parameters are substituted (list parameters are validated as written).
    """
    if not all(isinstance(a, sp.Basic) for a in args):
        return None
    used = set().union(*(a.free_symbols for a in args)) if args else set()
    for var in sorted(used & set(points), key=lambda s: s.name):
        for p in points[var]:
            try:
                cls(*[a.xreplace({var: p}) for a in args])
            except V.InvalidParameter as exc:
                return (f"a parameter of {cls.__name__} leaves its domain as the bound "
                        f"variable {var.name} ranges over its values: at {var.name} = {p}, {exc}")
            except (TypeError, ValueError):  # not ours to judge here
                continue
    return None
