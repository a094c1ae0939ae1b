"""Names for sub-expressions in print: a result's *legend*.

A result may name the sub-expressions that its formulas repeat (``Z = w_0 + w_1 + w_2``,
an energy ``E(x_1, x_2) = ...``); its snippet prints every formula with the name in
place of the sub-expression, and the definitions once. The checked objects are not
changed: only their printing is, and it is exact, a name stands where its definition
is a sub-tree of the object, a sub-product of a product or a sub-sum of a sum.

A definition whose left side is an undefined function of symbols, ``E(x_1, x_2)``, is
a pattern: its symbols match any arguments (``E(y_{11}, y_{12})``).
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.core.relational import Relational

from probproof.derivations.notation import VectorNormal
from probproof.derivations.result import Described, Let, Recalled, Text, text_parts
from probproof.derivations.vocabulary import MvNormal, Normal, logpdf, pdf

#: The definitions the printers use now (set by :func:`using`).
ACTIVE: ContextVar[tuple[Let, ...]] = ContextVar("legend", default=())


@contextmanager
def using(entries: Sequence[Let]) -> Iterator[None]:
    """Print with ``entries`` in force (inside the ``with`` block)."""
    # the largest definitions first: a name for a whole sum before one for its terms
    token = ACTIVE.set(tuple(sorted(entries, key=lambda e: -sp.count_ops(e.rhs))))
    try:
        yield
    finally:
        ACTIVE.reset(token)


@lru_cache(maxsize=512)
def _pattern(let: Let) -> tuple[sp.Basic, sp.Basic] | None:
    """``(rhs, lhs)`` with the symbols they share made wild, for a function-like definition
    (``f(x_1, ..., x_n) = rhs``, ``d f(x_1, x_2) / d a = rhs``); None for a plain name."""
    lhs = let.lhs
    if not lhs.atoms(AppliedUndef):
        return None
    shared = lhs.free_symbols & let.rhs.free_symbols
    if not shared:
        return None
    # a wild takes no number: E(t, 0) for a function of t alone would mislead the reader
    # (cached: the printer asks at every node, and building the pattern of a large
    # definition, a density of the ring mixture, re-evaluates it: a minute a result)
    wild = {a: sp.Wild(f"w_{a}", properties=[lambda e: not e.is_number]) for a in shared}
    return let.rhs.xreplace(wild), lhs.xreplace(wild)


def _without(args: list[sp.Basic], part: Sequence[sp.Basic]) -> list[sp.Basic] | None:
    """``args`` less the multiset ``part``, or None where ``part`` is not all there."""
    rest = list(args)
    for p in part:
        if p not in rest:
            return None
        rest.remove(p)
    return rest


def _factors(e: sp.Basic, kind: type) -> tuple[sp.Basic, ...]:
    return e.args if isinstance(e, kind) else (e,)


def stated_in(text: Text) -> frozenset[Let]:
    """The definitions that ``text`` (a claim) states itself, in words around them."""
    return frozenset(p for p in text_parts(text) if isinstance(p, Let))


def shown(entries: Sequence[Let], stated: Collection[Let] = ()) -> Iterator[
        tuple[Let, list[Let]]]:
    """The definitions a reader is shown, each with the legend to print it with (the
    others): one per name (a second form of a name, the determinant expanded, is used
    but not shown), and none that the claim just above states (``stated``: a definition
    read twice in a few lines), nor for the density of a named law (``q(X)`` for ``X ~ q``
    says what it is), the determinant of a named matrix (``|Sigma|``) or a normal
    density (``N(x; m, 1)``), nor one that an earlier result lists (:class:`Recalled`) or
    that the result's words describe (:class:`Described`)."""
    names = set()
    for i, let in enumerate(entries):
        others = [e for k, e in enumerate(entries) if k != i]
        if let in stated or isinstance(let, (Recalled, Described)):
            names.add(let.lhs)
            continue
        if let.lhs in names or (isinstance(let.rhs, (pdf, logpdf)) and any(
                e.rhs == let.rhs.args[0] for e in others)):
            continue
        if isinstance(let.lhs, pdf) and isinstance(let.lhs.args[0],
                                                   (Normal, MvNormal, VectorNormal)):
            # N(x; m, 1) is its own definition: the formula written out tells nothing more
            continue
        if isinstance(let.rhs, sp.Determinant) and any(e.rhs == let.rhs.arg for e in others):
            # |Sigma| for a matrix Sigma defined beside it: written out, the matrix again
            continue
        names.add(let.lhs)
        yield let, others


def name_of(expr: sp.Basic) -> sp.Basic | None:
    """The name that the legend in force gives ``expr`` itself, or None."""
    return next((let.lhs for let in ACTIVE.get() if let.rhs == expr), None)


_REST = sp.Wild("rest")


def _multiple(expr: sp.Basic, rhs: sp.Basic) -> sp.Basic | None:
    """The number ``c`` (not 0 or 1) for which the sum ``expr`` is ``c rhs`` term by term,
    or None. SymPy spreads a number over a sum, ``-(a + b)/2`` into ``-a/2 - b/2``, so a
    named sum times a number is no longer a sub-tree."""
    if not (isinstance(expr, sp.Add) and isinstance(rhs, sp.Add)
            and len(expr.args) == len(rhs.args)):
        return None
    for r in rhs.args:
        c = expr.args[0] / r
        if c.is_Number and c not in (0, 1) and _without(
                list(expr.args), [c * t for t in rhs.args]) == []:
            return c
    return None


def rewrite(expr: sp.Basic, entries: Sequence[Let]) -> sp.Basic | None:
    """``expr`` with the names of ``entries`` in place of their definitions at its top
    (the expression itself, a sub-product or a sub-sum), unevaluated, or None where
    none applies. Sub-trees are the printer's business: it calls this at every node."""
    # (cached: a formula is printed several times, on one line and in rows, and SymPy's
    # matcher takes seconds on an energy's products)
    return _rewrite(expr, tuple(entries))


@lru_cache(maxsize=4096)
def _rewrite(expr: sp.Basic, entries: tuple[Let, ...]) -> sp.Basic | None:
    for let in entries:
        if expr == let.rhs:
            return let.lhs
    for let in entries:
        if (c := _multiple(expr, let.rhs)) is not None:
            return _rebuilt(sp.Mul, [c, let.lhs])
    for let in entries:
        pat = _pattern(let)
        if pat is not None and type(expr) is type(pat[0]) and len(expr.args) == len(pat[0].args):
            found = expr.match(pat[0])
            if found and all(w in found for w in pat[1].atoms(sp.Wild)):
                return pat[1].xreplace(found)
        kind = type(expr)
        if pat is not None and kind in (sp.Mul, sp.Add) and isinstance(pat[0], kind):
            # the definition as some of the factors of a product, or terms of a sum
            for found in _bindings(expr, pat, kind):
                unit = kind.identity
                rest = found.get(_REST, unit)
                if rest != unit and _without(
                        [a for a in expr.args if not a.is_Number],
                        [a for a in kind.make_args(pat[0].xreplace(found)) if not a.is_Number],
                ) is not None:
                    # (the definition's own terms or factors, up to a number, not a rest
                    # that makes up for an instance that is not there: v tanh(t) - t^2/2 is
                    # no energy E(t, 0) plus a rest; phi/3 is phi times a third)
                    named = pat[1].xreplace(found)
                    again = rewrite(rest, entries)  # the rest may hold the definition again
                    rest = rest if again is None else again
                    return _rebuilt(kind, [named, *kind.make_args(rest)])
    if not isinstance(expr, (sp.Mul, sp.Add)):
        return None
    kind = type(expr)
    args, changed = list(expr.args), False
    for let in entries:
        if len(args) < 2 or let.rhs.is_Atom or not isinstance(let.rhs, sp.Expr) or getattr(
                let.rhs, "is_Matrix", False):
            continue  # a matrix is named only where it stands whole
        rest = _without(args, _factors(let.rhs, kind))
        if rest is not None and len(rest) < len(args):
            # the name where the first of its terms stood: an unevaluated sum keeps the
            # order its derivation wrote (a e^G + F - F, not a e^G - F + F)
            # (no term of the definition stands before the first: rest[:at] is args[:at])
            at = min(args.index(p) for p in _factors(let.rhs, kind))
            args, changed = [*rest[:at], let.lhs, *rest[at:]], True
        elif kind is sp.Mul and (rest := _without(args, _factors(1 / let.rhs, sp.Mul))):
            args, changed = [*rest, sp.Pow(let.lhs, -1, evaluate=False)], True
        elif kind is sp.Add and isinstance(let.rhs, sp.Add) and (
                rest := _without(args, _factors(-let.rhs, sp.Add))) is not None:
            # the named sum subtracted: SymPy spreads the minus over its terms, log p - T
            # with T = a tanh x + c sin x is log p - a tanh x - c sin x
            at = min(args.index(p) for p in _factors(-let.rhs, kind))
            args, changed = [*rest[:at], -let.lhs, *rest[at:]], True
    if kind is sp.Add and not changed:
        # a term renamed on its own (-f1/(f0 + f1) as -D*): the sum rebuilt, so that it
        # prints in the order of the names (1 - D*), not of the terms written out
        named = [rewrite(a, entries) for a in args]
        if any(n is not None for n in named):
            args = [a if n is None else n for a, n in zip(args, named, strict=True)]
            changed = True
    return _rebuilt(kind, args, expr) if changed else None


def _bindings(expr: sp.Basic, pat: tuple[sp.Basic, sp.Basic],
              kind: type) -> Iterator[dict[sp.Basic, sp.Basic]]:
    """The values of the wilds of ``pat`` (and ``_REST``, what is left of ``expr``) for
    which the definition is some of the terms or factors of ``expr``.

    SymPy's matcher alone misses most of them once a product has numeric factors
    (``sqrt(2) e^{...} / (2 sqrt(pi) s)`` times another factor): so the wilds are also
    read off one argument of ``expr`` against each argument of the definition that holds
    them all, and the instance is then checked as a sub-multiset by the caller."""
    wilds = pat[1].atoms(sp.Wild)
    found = expr.match(kind(pat[0], _REST))
    if found and all(w in found for w in wilds):
        yield found
    keys = [a for a in kind.make_args(pat[0]) if wilds <= a.atoms(sp.Wild)]
    for key in keys:
        for arg in expr.args:
            if type(arg) is not type(key):
                continue
            got = arg.match(key)
            if not got or not all(w in got for w in wilds):
                continue
            got = {w: got[w] for w in wilds}
            inst = pat[0].xreplace(got)
            if _without([a for a in expr.args if not a.is_Number],
                        [a for a in kind.make_args(inst) if not a.is_Number]) is not None:
                # the rest exactly: what the product or sum holds besides the instance
                yield {**got, _REST: expr / inst if kind is sp.Mul else expr - inst}


def _rebuilt(kind: type, args: list[sp.Basic], original: sp.Basic | None = None) -> sp.Basic:
    """``kind(*args)``, evaluated where SymPy can (so that ``1 - D*`` prints in its usual
    order, not as ``-D* + 1``), else unevaluated; either way the same value. An
    ``original`` that a derivation left unevaluated (``log(1/K) + l_k - log(1/K)``, to show
    the terms cancel) stays unevaluated: evaluated, the cancellation would vanish."""
    if original is not None and kind(*original.args) != original:
        return kind(*args, evaluate=False)
    try:
        return kind(*args)
    except (TypeError, ValueError):
        return kind(*args, evaluate=False)


class Naming:
    """A mixin for SymPy printers: print with the names of the legend in force.

    The printer's own printing, without names, is :meth:`_print_unnamed`."""

    def _print_unnamed(self, expr, **kwargs):  # pragma: no cover - overridden
        raise NotImplementedError

    def _print(self, expr, **kwargs):
        entries = ACTIVE.get()
        if isinstance(expr, sp.Basic) and entries:
            if isinstance(expr, (Let, Relational)):
                # D* = f1/(f0 + f1) in the text is not to print as D* = D*, nor a density's
                # definition q(z) = N(mu, sigma^2) as q(z) = q where the law is named q
                sides = {expr.lhs, expr.rhs}
                with using([e for e in entries if e.lhs not in sides and e.rhs not in sides]):
                    return self._print_unnamed(expr, **kwargs)
            named = rewrite(expr, entries)
            if named is not None:
                return self._print(named, **kwargs)
            if isinstance(expr, (sp.Sum, sp.Product, sp.Integral)) and (
                    body := rewrite(expr.function, entries)) is not None:
                # the body by its name, so that the printer brackets the name as what it is
                # (a sum written out is bracketed, its name l(t) is not)
                return self._print_unnamed(type(expr)(body, *expr.limits), **kwargs)
        return self._print_unnamed(expr, **kwargs)
