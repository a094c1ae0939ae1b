"""Whether an expression is identically 0: the zero test of the symbolic proofs.

SymPy's ``simplify`` alone misses differences that only cancel once logarithms of
products are split (``log(a b) - log a - log b`` with positive ``a, b``), and is slow
where plain expansion already gives 0; the steps go from cheap to thorough. A ``True``
is always right; a ``False`` only means that none of the steps found the 0.

Sums whose bounds are symbols (``Sum(c[w], (w, 1, M))``) are equal when they differ only
in the name of their index, which SymPy does not see: ``Sum(c[w], (w, 1, M)) /
Sum(c[j], (j, 1, M))`` stays a quotient. The last step names every index by how deeply
its sum is nested (:func:`canonical_sums`), simplifies, and names them again, since
simplifying moves factors out of sums and changes their depth; first after splitting
each finite sum into sums of single terms with the constants taken out
(:func:`split_sums`), which SymPy does not do inside a sum of sums, then without.

Example
-------
>>> import sympy as sp
>>> a, b = sp.symbols("a b", positive=True)
>>> is_zero(sp.log(a * b) - sp.log(a) - sp.log(b))
True
>>> is_zero(sp.log(a + b) - sp.log(a) - sp.log(b))
False
"""

from __future__ import annotations

from collections.abc import Iterator

import sympy as sp
from sympy.core.function import AppliedUndef

from probproof.checks.memo import remembered


@remembered()
def is_zero(e: sp.Basic) -> bool:
    """Whether ``e`` (a scalar or a matrix, entry by entry) is identically 0.

    Remembered per process: the proofs of a derivation's steps ask it of the same
    differences again (about a fifth of the time of ``simplify`` went to repeats)."""
    if isinstance(e, sp.MatrixBase):
        return all(is_zero(x) for x in e)
    if e == 0:
        return True
    for step in (sp.expand, _log_expand):
        if step(e) == 0:
            return True
    # Before SymPy's slow simplify, which on sums of sums can use up the time of a proof.
    if e.has(sp.Sum) and _zero_up_to_index_names(e):
        return True
    # ... and on two densities written differently, which it often fails to equate.
    if _ratio_is_one(e):
        return True
    return any(step(e) == 0 for step in (simplified, lambda z: simplified(_log_expand(z))))


def sympy_cannot_sum(s: sp.Sum) -> bool:
    """Whether SymPy's ``s.doit()`` can only give ``s`` back, unchanged.

    That is so for a sum over a symbolic range (``k = 1..K``) of which some term (once
    expanded) holds an unknown sequence at the index itself: ``x[k]`` or ``f(k)``, never
    shifted (``x[k + 1] - x[k]`` telescopes), with no ``Piecewise`` or Kronecker delta.
    SymPy's summation adds up term by term and gives up on the first term it cannot sum,
    after its hypergeometric and Meijer-G searches: up to a second per sum in the
    catalog's derivations (its telescoping test solves equations), for the same ``Sum``
    it was given.
    """
    if (not isinstance(s, sp.Sum) or len(s.limits) != 1
            or s.function.has(sp.Piecewise, sp.KroneckerDelta)):
        return False
    i, a, b = s.limits[0]
    if (b - a).is_Integer:
        return False  # a definite range is written out term by term
    applied = {node for node in sp.preorder_traversal(s.function)
               if isinstance(node, (sp.Indexed, AppliedUndef)) and i in node.free_symbols}
    if any(arg != i and i in arg.free_symbols for node in applied
           for arg in (node.indices if isinstance(node, sp.Indexed) else node.args)):
        return False

    def unknown(term: sp.Basic) -> bool:
        return any(node in applied for node in sp.preorder_traversal(term))

    return bool(applied) and any(unknown(t) for t in sp.Add.make_args(sp.expand(s.function)))


def summed(e: sp.Basic) -> sp.Basic:
    """``e.doit()``, except that the sums :func:`sympy_cannot_sum` are left as they are,
    without the seconds SymPy spends failing on them (their bodies are not evaluated
    either: here they come from :func:`probproof.checks.symbolic.reduce`, which did)."""
    if not e.has(sp.Sum):
        return e.doit()
    hidden: dict[sp.Dummy, sp.Sum] = {}

    def hide(s: sp.Sum) -> sp.Dummy:
        hidden[d := sp.Dummy("sum")] = s
        return d

    out = e.replace(lambda n: isinstance(n, sp.Sum) and sympy_cannot_sum(n), hide).doit()
    while hidden and out.has(*hidden):  # a hidden sum may hold another one
        out = out.xreplace(hidden)
    return out


@remembered()
def simplified(e: sp.Basic) -> sp.Basic:
    """SymPy's ``simplify``, with its final ``doit`` done by :func:`summed`; remembered
    per process, like :func:`is_zero`."""
    return summed(sp.simplify(e, doit=False))


@remembered()
def _simplify(e: sp.Basic) -> sp.Basic:
    return sp.simplify(e)


def simpler_forms(e: sp.Basic) -> Iterator[sp.Basic]:
    """``e``, then SymPy's ``simplify(e)``, then that factored: the forms in which an
    inequality's sign is looked for, each computed only when the one before did not
    tell (and ``simplify`` once per expression in a process)."""
    yield e
    once = _simplify(e)
    yield once
    yield sp.factor(once)


#: The prefix of the index names :func:`canonical_sums` gives; a claim's own names are
#: identifiers of the claim language, which never contain it.
_INDEX = "_sum·"


def canonical_sums(e: sp.Basic, depth: int = 0) -> sp.Basic:
    """``e`` with the index of every ``Sum`` renamed by its nesting depth (``_sum·0``
    outermost; SymPy merges nested sums into one with several limits, innermost first),
    keeping the index's assumptions. Renaming a bound index changes no value; ``subs``
    (not ``xreplace``) leaves an inner sum's own index alone."""
    if not isinstance(e, sp.Basic) or not e.args:
        return e
    if isinstance(e, sp.Sum):
        k = len(e.limits)
        names = {v: sp.Symbol(f"{_INDEX}{depth + k - 1 - n}", **v.assumptions0)
                 for n, (v, *_) in enumerate(e.limits)}
        limits = [(names[v], canonical_sums(sp.sympify(a).subs(names, simultaneous=True), depth),
                   canonical_sums(sp.sympify(b).subs(names, simultaneous=True), depth))
                  for v, a, b in e.limits]
        body = e.function.subs(names, simultaneous=True)
        return sp.Sum(canonical_sums(body, depth + k), *limits)
    return e.func(*[canonical_sums(x, depth) for x in e.args])


def split_sums(e: sp.Basic) -> sp.Basic:
    """``e`` with every finite one-index ``Sum`` written as a linear combination of sums of
    products: its body expanded, one sum per term, the factors that do not depend on the
    index taken out (``sum_i (a x_i + b) = a sum_i x_i + b n``). Only sums with finite
    bounds are split, where linearity holds without conditions."""
    if not isinstance(e, sp.Basic) or not e.args:
        return e
    if not isinstance(e, sp.Sum):
        return e.func(*[split_sums(a) for a in e.args])
    e = sp.Sum(split_sums(e.function), *e.limits)
    if len(e.limits) != 1 or any(x.has(sp.oo, -sp.oo, sp.zoo) for x in e.limits[0][1:]):
        return e
    ((v, a, b),) = e.limits
    out = []
    for term in sp.Add.make_args(sp.expand(e.function)):
        const, dep = term.as_independent(v, as_Add=False)
        out.append(const * (b - a + 1) if dep == 1 else const * sp.Sum(dep, (v, a, b)))
    return sp.Add(*out)


def _zero_up_to_index_names(e: sp.Basic) -> bool:
    if any(_INDEX in s.name for s in e.atoms(sp.Symbol)):  # bound ones too: no capture
        return False
    for form in (split_sums, lambda z: z):
        try:
            once = simplified(canonical_sums(form(e)))
            if once == 0 or simplified(canonical_sums(once)) == 0:
                return True
        except Exception:  # SymPy's sum_simplify raises StopIteration on some sums
            continue
    return False


def _ratio_is_one(e: sp.Basic) -> bool:
    """Whether ``e = a - b`` with ``a / b`` equal to 1 once the exponentials are combined
    (``exp(u) / exp(v) = exp(u - v)``), each exponent is put over a common denominator and
    each base of a root is factored (``sqrt(x**2) = |x|`` for real x).

    The shape of two densities written differently (a quadratic form expanded on one
    side, ``|det S|`` against ``sqrt(det(S S^T))``), where ``simplify`` spends seconds and
    fails. ``a / b = 1`` is ``a = b`` wherever ``b`` is defined and not 0.
    """
    terms = sp.Add.make_args(e)
    if len(terms) != 2 or not e.has(sp.exp):
        return False
    a, b = terms
    q = sp.powsimp(a / (-b), combine="exp")
    q = q.replace(lambda n: isinstance(n, sp.exp), lambda n: sp.exp(sp.cancel(n.args[0])))
    q = q.replace(lambda n: n.is_Pow and n.exp.is_Rational and not n.exp.is_Integer,
                  lambda n: sp.factor(n.base) ** n.exp)
    return q == 1 or sp.cancel(q) == 1


def _log_expand(e: sp.Basic) -> sp.Basic:
    return sp.expand(sp.expand_log(e, force=False))
