"""The tables of closed forms and their look-ups (filled by :mod:`.moments` and :mod:`.kl`)."""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from probproof.derivations.families import Chi2
from probproof.derivations.vocabulary import Distribution, Gamma

KLFn = Callable[[Distribution, Distribution], sp.Expr | None]
MomentFn = Callable[..., sp.Expr | None]

#: The moments of one family: E[x], Var[x], E[log x], E[exp(t x)] (given t), P(X <= x)
#: (given x). The entropy has its own table, like the KL divergence.
MOMENTS = ("mean", "variance", "elog", "mgf", "cdf")

_KL: dict[tuple[type, type], KLFn] = {}
_ENTROPY: dict[type, MomentFn] = {}
_MOMENT: dict[str, dict[type, MomentFn]] = {kind: {} for kind in MOMENTS}


def _canonical(d: Distribution) -> Distribution | None:
    """Another name for the same law whose entries serve when ``d``'s own are missing
    (``Chi2(k)`` is ``Gamma(k/2, 1/2)``, as torch has it)."""
    if isinstance(d, Chi2):
        return Gamma(d.args[0] / 2, sp.Rational(1, 2))
    return None


def _forms(d: Distribution) -> list[Distribution]:
    alt = _canonical(d)
    return [d] if alt is None else [d, alt]


def register_kl(p: type, q: type) -> Callable[[KLFn], KLFn]:
    def decorate(fn: KLFn) -> KLFn:
        _KL[(p, q)] = fn
        return fn

    return decorate


def register_entropy(p: type) -> Callable[[MomentFn], MomentFn]:
    def decorate(fn: MomentFn) -> MomentFn:
        _ENTROPY[p] = fn
        return fn

    return decorate


def register_moment(kind: str, p: type) -> Callable[[MomentFn], MomentFn]:
    if kind not in _MOMENT:
        raise ValueError(f"unknown moment {kind!r}; one of {MOMENTS}")

    def decorate(fn: MomentFn) -> MomentFn:
        _MOMENT[kind][p] = fn
        return fn

    return decorate


def kl_pairs() -> list[tuple[type, type]]:
    """The (P, Q) family pairs that have a KL entry."""
    return sorted(_KL, key=lambda pq: (pq[0].__name__, pq[1].__name__))


def kl_closed_form(p: Distribution, q: Distribution) -> sp.Expr | None:
    for a in _forms(p):
        for b in _forms(q):
            fn = _KL.get((type(a), type(b)))
            if fn is not None:
                return fn(a, b)
    return None


def entropy_closed_form(p: Distribution) -> sp.Expr | None:
    for a in _forms(p):
        fn = _ENTROPY.get(type(a))
        if fn is not None:
            return fn(a)
    return None


def moment_closed_form(kind: str, p: Distribution, *args: sp.Expr) -> sp.Expr | None:
    """``kind`` (one of :data:`MOMENTS`) of ``p``; ``args``: ``t`` (mgf) or ``x`` (cdf)."""
    for a in _forms(p):
        fn = _MOMENT[kind].get(type(a))
        if fn is not None:
            return fn(a, *args)
    return None


def cdf_closed_form(p: Distribution, x: sp.Expr) -> sp.Expr | None:
    return moment_closed_form("cdf", p, x)


def expectation_closed_form(body: sp.Expr, x: sp.Symbol, d: Distribution) -> sp.Expr | None:
    """``E[body]`` for ``x ~ d`` when ``body`` is a polynomial of degree <= 2 in ``x``,
    ``log(x)`` or ``c exp(t x)``, from the tables; ``None`` otherwise."""
    if not body.has(x):
        return None
    if isinstance(body, sp.log) and body.args[0] == x:
        return moment_closed_form("elog", d)
    if isinstance(body, sp.exp):
        arg = sp.expand(body.args[0])
        if arg.is_polynomial(x) and sp.degree(arg, x) == 1:
            t = arg.coeff(x, 1)
            c = arg.coeff(x, 0)
            mgf = moment_closed_form("mgf", d, t)
            return None if mgf is None else sp.exp(c) * mgf
        return None
    if body.is_polynomial(x):
        poly = sp.Poly(body, x)
        if poly.degree() > 2:
            return None
        c = [poly.coeff_monomial(x**i) for i in range(3)]
        mean = moment_closed_form("mean", d)
        if mean is None:
            return None
        if c[2] == 0:
            return c[0] + c[1] * mean
        var = moment_closed_form("variance", d)
        if var is None:
            return None
        if c[1] != 0 and (mean.has(sp.oo) or var.has(sp.oo)):
            return None  # oo - oo where the moments diverge: no value to give
        return c[0] + c[1] * mean + c[2] * (var + mean**2)
    return None
