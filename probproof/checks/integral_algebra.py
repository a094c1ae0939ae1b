"""Identities between integrals that hold by their form, without evaluating them.

Many steps of a derivation never need the value of an integral: "take the constant
out of the integral", "rename the bound variable", "differentiate under the integral
sign", "E_q[g / q] is the integral of g". SymPy's ``integrate`` cannot evaluate the
integrals involved (``exp(v tanh(a x + c))`` has no antiderivative) and spends its
whole time limit trying. :func:`same_value` instead rewrites both sides to a normal
form in which integrals stay unevaluated:

* an expectation over a continuous distribution with an explicit density becomes
  the integral of density times body over the support (``MvNormal`` and mixtures
  of them in several dimensions, whose support is the whole space);
* a derivative is taken by SymPy's rules, which differentiate under the integral
  sign (Leibniz's rule, the justification a derivation gives for that step);
* in each integral, the factors that do not depend on the integration variables
  are taken out, and the bound variables are renamed canonically
  (``Integral.as_dummy``), so that integrals equal up to renaming are one object;

then replaces each distinct integral by a symbol and asks whether the difference
simplifies to 0 (:data:`EXACT`). Failing that, integrals over the same limits are
merged by linearity, ``a integral(f) + b integral(g) = integral(a f + b g)``, and the
question is asked again (:data:`MERGED`); failing that, a finite sum in an integrand is
taken out of the integral, ``integral(sum_i f_i) = sum_i integral(f_i)`` (for ``i`` up to
a symbolic ``n`` as well), and it is asked once more (also :data:`MERGED`). Merging and
taking sums out are only valid when each integral is finite, so the engine calls such an
identity proved only after the numeric spot check has evaluated both sides, finite, at
some point. The first two forms never split an integral of a sum.
"""

from __future__ import annotations

import sympy as sp

from probproof.checks.memo import remembered
from probproof.checks.zero import simplified
from probproof.derivations import vocabulary as V
from probproof.derivations.factors import split_constant_factors


class NotStructural(Exception):
    """The expression holds something this normal form does not handle."""


#: Continuous families whose ``pdf`` is explicit (and whose support SymPy knows).
_CONTINUOUS_1D = (V.Normal, V.Laplace, V.Uniform, V.Exponential, V.Gamma, V.Beta)
#: ... and those positive on the whole line (a KL against them is an expectation of logs).
_POSITIVE_EVERYWHERE = (V.Normal, V.Laplace)


def applies(*exprs: sp.Basic) -> bool:
    """Whether the expressions hold integrals or continuous expectations at all."""
    return any(isinstance(e, sp.Basic) and e.has(sp.Integral, V.Expect) for e in exprs)


#: ``same_value`` found the sides equal as written (integrals equal up to renaming).
EXACT = "exact"
#: ... after merging integrals by linearity, valid only when each of them is finite.
MERGED = "merged"


def same_value(lhs: sp.Basic, rhs: sp.Basic) -> str | None:
    """:data:`EXACT` or :data:`MERGED` when ``lhs - rhs`` is 0 in the normal form
    described above (before or after merging integrals over the same limits);
    ``None`` otherwise."""
    difference = normal_form(lhs) - normal_form(rhs)
    if _zero_with_integrals_as_numbers(difference):
        return EXACT
    if _zero_with_integrals_as_numbers(_merge_by_linearity(difference)):
        return MERGED
    if not any(i.function.has(sp.Sum) for i in difference.atoms(sp.Integral)):
        return None  # no sum inside an integral: taking sums out changes nothing
    split = split_form(lhs) - split_form(rhs)
    if split != difference and (_zero_with_integrals_as_numbers(split) or
                                _zero_with_integrals_as_numbers(_merge_by_linearity(split))):
        return MERGED
    return None


def _sums_out_of_integrals(e: sp.Basic) -> sp.Basic:
    """``integral(c * sum_{i=a}^{b} f_i)`` as ``sum_{i=a}^{b} integral(c * f_i)`` where the
    sum is finite (``b`` may be a symbol: an integer is finite) and its limits do not
    depend on the integration variables. Valid when every ``integral(c * f_i)`` is finite
    (the caller's condition for :data:`MERGED`); an infinite series is left alone
    (interchanging it needs Fubini's or Tonelli's conditions)."""

    def out(node: sp.Integral) -> sp.Basic:
        xs = {lim[0] for lim in node.limits}
        factors = sp.Mul.make_args(node.function)
        sums = [f for f in factors if isinstance(f, sp.Sum) and len(f.limits) == 1]
        if len(sums) != 1:
            return node
        (i, a, b), = sums[0].limits
        rest = sp.Mul(*[f for f in factors if f is not sums[0]])
        if (any(bound.has(sp.oo, -sp.oo, sp.zoo) or bound.free_symbols & xs for bound in (a, b))
                or i in xs or i in rest.free_symbols):
            return node
        return sp.Sum(sp.Integral(rest * sums[0].function, *node.limits), (i, a, b))

    return e.replace(lambda n: isinstance(n, sp.Integral), out)


def _zero_with_integrals_as_numbers(difference: sp.Basic) -> bool:
    if difference == 0:
        return True
    # An integral that depends on a sum's index is a function of it (sum_i I(i), not n I).
    bound = {lim[0] for s in difference.atoms(sp.Sum, sp.Product) for lim in s.limits}
    names = {}
    for k, integral in enumerate(outer_integrals(difference)):
        inside = sorted(integral.free_symbols & bound, key=str)
        names[integral] = sp.Function(f"_I{k}")(*inside) if inside else sp.Dummy("I")
    reduced = difference.xreplace(names)
    if reduced.has(V.Expect, sp.Integral, sp.Derivative):
        return False
    return _simplifies_to_zero(reduced)


def outer_integrals(e: sp.Basic) -> list[sp.Integral]:
    """The distinct integrals of ``e`` that are not inside another (an integral nested in
    another is part of its integrand), in a fixed order."""
    integrals = sorted({n for n in sp.preorder_traversal(e) if isinstance(n, sp.Integral)},
                       key=sp.default_sort_key)
    return [i for i in integrals if not any(i != j and j.has(i) for j in integrals)]


def _merge_by_linearity(e: sp.Basic) -> sp.Basic:
    """``a * integral(f) + b * integral(g) + r`` over the same limits as
    ``integral(a f + b g) + r``, and an integrand that simplifies to 0 as 0.

    Valid when both integrals are finite (``integral(1/x) - integral(1/(x + 1))`` over
    ``(1, oo)`` is not ``integral(1/x - 1/(x + 1))``): the caller must see finite
    values numerically before it calls an identity proved this way.
    """
    groups: dict[tuple, list[sp.Expr]] = {}
    rest = []
    for term in sp.Add.make_args(sp.expand(e, deep=False)):
        inner = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Integral)]
        if len(inner) != 1:
            rest.append(term)
            continue
        coefficient = term / inner[0]
        groups.setdefault(inner[0].limits, []).append(coefficient * inner[0].function)
    merged = []
    for limits, parts in groups.items():
        function = sp.Add(*parts)
        if len(parts) > 1 and _simplifies_to_zero(function):
            continue
        merged.append(sp.Integral(function, *limits))
    return sp.Add(*rest, *merged)


@remembered(NotStructural)
def normal_form(expr: sp.Basic) -> sp.Basic:
    """Expectations as integrals, derivatives taken, integrals in canonical form (each
    expression once per process)."""
    return _canonical(_to_integrals(sp.sympify(expr)))


@remembered(NotStructural)
def split_form(expr: sp.Basic) -> sp.Basic:
    """:func:`normal_form` with finite sums taken out of integrals (before the bound
    variables are renamed: canonical names may give a sum's index and an integration
    variable the same symbol)."""
    return _canonical(_sums_out_of_integrals(_to_integrals(sp.sympify(expr))))


def _to_integrals(e: sp.Basic) -> sp.Basic:
    if not isinstance(e, sp.Basic) or e.is_Atom or isinstance(e, V.Distribution):
        return e
    if isinstance(e, V.Expect):
        body = e.body
        for x, d in zip(e.variables, e.distributions, strict=True):
            if d.dim == 1 and not d.discrete:
                # x ranges over the support only: there the density is its first branch
                # (and 1 / density stays a power that cancels, not a Piecewise with zoo).
                inside = density_on_support(d, x)
                body = body.xreplace({V.pdf(d, x): inside, V.logpdf(d, x): sp.log(inside)})
        return _expect_as_integral(_to_integrals(body), e.variables, e.distributions)
    if isinstance(e, (V.pdf, V.logpdf)):
        d, point = e.args
        point = _to_integrals(point)
        x = list(point) if d.dim > 1 else point
        return d.pdf(x) if isinstance(e, V.pdf) else d.logpdf(x)
    if isinstance(e, (V.KL, V.H, V.CrossEntropy)):
        return _to_integrals(_as_expectation(e))
    if isinstance(e, (sp.Sum, sp.Product)) and any(
            b.has(sp.oo, -sp.oo, sp.zoo) for lim in e.limits for b in lim[1:]):
        raise NotStructural(f"an infinite {type(e).__name__}")
    if isinstance(e, (V.JSD, V.Sup, sp.Limit)):
        raise NotStructural(type(e).__name__)
    args = [_to_integrals(a) for a in e.args]
    if isinstance(e, sp.Derivative):
        # SymPy's rules, Leibniz's among them; no integral is evaluated.
        return sp.diff(args[0], *e.variable_count)
    return e.func(*args)


def _as_expectation(e: V.KL | V.H | V.CrossEntropy) -> V.Expect:
    """KL, entropy and cross-entropy by their definitions, where the definition is the
    expectation of log densities: continuous scalar distributions, and a second
    distribution positive on the whole line (otherwise KL may be infinite)."""
    p = e.args[0]
    x = sp.Dummy("x", real=True)
    if p.discrete or p.dim > 1 or not V.made_of(p, _CONTINUOUS_1D):
        raise NotStructural(f"{type(e).__name__} of {type(p).__name__}")
    if isinstance(e, V.H):
        return V.Expect(-V.logpdf(p, x), x, p)
    q = e.args[1]
    if q.discrete or q.dim > 1 or not V.made_of(q, _POSITIVE_EVERYWHERE):
        raise NotStructural(f"{type(e).__name__} against {type(q).__name__}")
    body = -V.logpdf(q, x) if isinstance(e, V.CrossEntropy) else (
        V.logpdf(p, x) - V.logpdf(q, x))
    return V.Expect(body, x, p)


def _expect_as_integral(body: sp.Basic, variables, dists) -> sp.Integral:
    integrand, limits = body, []
    for x, d in zip(variables, dists, strict=True):
        if d.discrete:
            raise NotStructural("expectation over a discrete distribution")
        if d.dim == 1:
            if not V.made_of(d, _CONTINUOUS_1D):
                raise NotStructural(f"no explicit density for {type(d).__name__}")
            t = sp.Dummy("t", real=True)
            support = d.support()
            integrand = density_on_support(d, t) * integrand.xreplace({x: t})
            limits.append((t, support.inf, support.sup))
            continue
        if not V.made_of(d, V.MvNormal):
            raise NotStructural(f"no explicit density for {type(d).__name__}")
        us = [sp.Dummy(f"u{i}", real=True) for i in range(d.dim)]
        base = sp.IndexedBase(x)
        integrand = integrand.xreplace({base[i]: u for i, u in enumerate(us)})
        if integrand.has(x):
            raise NotStructural("a multivariate bound variable used other than by its "
                                "coordinates")
        integrand = d.pdf(us) * integrand
        limits += [(u, -sp.oo, sp.oo) for u in us]
    return sp.Integral(integrand, *limits)


def density_on_support(d: V.Distribution, x: sp.Basic) -> sp.Basic:
    """The density on its support, without the Piecewise guard."""
    density = d.pdf(x)
    return density.args[0].expr if isinstance(density, sp.Piecewise) else density


def _canonical(e: sp.Basic) -> sp.Basic:
    if not isinstance(e, sp.Basic) or e.is_Atom:
        return e
    args = [_canonical(a) for a in e.args]
    if not isinstance(e, sp.Integral):
        return e.func(*args) if args != list(e.args) else e
    integral = e.func(*args)
    if any(len(lim) != 3 for lim in integral.limits):
        raise NotStructural("an indefinite integral")
    constant, varying = split_constant_factors(integral.function,
                                               [lim[0] for lim in integral.limits])
    return sp.Mul(*constant) * sp.Integral(sp.Mul(*varying), *integral.limits).as_dummy()


def _simplifies_to_zero(e: sp.Basic) -> bool:
    if e == 0:
        return True
    if _clearly_nonzero(e):
        # No simplification can make it 0: SymPy's simplify would spend seconds failing
        # (the sum of three different Gaussian integrands, merged by linearity).
        return False
    for step in (sp.expand, sp.cancel, lambda z: simplified(sp.expand_log(z, force=False))):
        if step(e) == 0:
            return True
    return False


#: Points at which :func:`_clearly_nonzero` evaluates.
_PROBES = 2


def _clearly_nonzero(e: sp.Basic) -> bool:
    """Whether ``e`` is visibly not 0 at a point that honours its symbols' assumptions.

    Only ever a reason to stop trying to simplify ``e`` to 0, never a proof of anything:
    an identity SymPy can show holds at every such point. The value must be the same at
    30 and at 50 digits (an expression that is 0 evaluates to rounding noise, which
    changes with the precision). Anything that cannot be evaluated to a number at such a
    point (undefined functions, indexed symbols, assumptions no probe value honours) is
    not clearly nonzero.
    """
    if e.has(sp.Indexed, sp.core.function.AppliedUndef, sp.Derivative, sp.Integral, sp.Sum):
        return False
    symbols = e.free_symbols
    if not all(isinstance(s, sp.Symbol) for s in symbols):
        return False
    for k in range(_PROBES):
        point = {s: _probe_value(s, k) for s in symbols}
        if any(v is None for v in point.values()):
            return False
        try:
            low, high = (complex(e.evalf(n, subs=point)) for n in (30, 50))
        except (TypeError, ValueError, ZeroDivisionError, OverflowError):
            return False
        if 1e-100 < abs(high) < 1e100 and abs(low - high) <= 1e-20 * abs(high):
            return True
    return False


def _probe_value(s: sp.Symbol, k: int) -> sp.Rational | None:
    """A value for ``s`` that has every assumption of ``s`` (``None`` if neither candidate
    does), different for each probe ``k`` and symbol name, away from 0 and from simple
    coincidences between symbols."""
    h = (sum(map(ord, s.name)) * 7919 + 104729 * (k + 1)) % 1000
    magnitude = sp.Integer(1 + h % 5) if s.is_integer else sp.Rational(300 + h, 577)
    for value in (magnitude, -magnitude) if h % 2 else (-magnitude, magnitude):
        if all(getattr(value, f"is_{key}") == truth for key, truth in s.assumptions0.items()
               if key != "commutative"):
            return value
    return None
