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
simplifies to 0. Like SymPy, it treats an integral as a finite number; a claim
whose integrals diverge is caught by the numeric spot check that follows every
proof. The rewriting never splits an integral of a sum (that step is only valid
when both parts converge).
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations import vocabulary as V


class NotStructural(Exception):
    """The expression holds something this normal form does not handle."""


#: Continuous families whose ``pdf`` is explicit (and whose support SymPy knows).
_CONTINUOUS_1D = (V.Normal, V.Laplace, V.Uniform, V.Exponential, V.Gamma, V.Beta)


def applies(*exprs: sp.Basic) -> bool:
    """Whether the expressions hold integrals or continuous expectations at all."""
    return any(isinstance(e, sp.Basic) and e.has(sp.Integral, V.Expect) for e in exprs)


def same_value(lhs: sp.Basic, rhs: sp.Basic) -> bool:
    """``True`` when ``lhs - rhs`` is 0 in the normal form described above."""
    difference = normal_form(lhs) - normal_form(rhs)
    integrals = sorted({n for n in sp.preorder_traversal(difference)
                        if isinstance(n, sp.Integral)}, key=sp.default_sort_key)
    # Outermost integrals only: an integral nested in another is part of its integrand.
    outer = [i for i in integrals if not any(i != j and j.has(i) for j in integrals)]
    names = {i: sp.Dummy("I") for i in outer}
    reduced = difference.xreplace(names)
    if reduced.has(V.Expect, sp.Integral, sp.Derivative):
        return False
    return _simplifies_to_zero(reduced)


def normal_form(expr: sp.Basic) -> sp.Basic:
    """Expectations as integrals, derivatives taken, integrals in canonical form."""
    return _canonical(_to_integrals(sp.sympify(expr)))


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
    if isinstance(e, (V.KL, V.H, V.CrossEntropy, V.JSD, V.Sup, sp.Sum, sp.Product,
                      sp.Limit)):
        raise NotStructural(type(e).__name__)
    args = [_to_integrals(a) for a in e.args]
    if isinstance(e, sp.Derivative):
        # SymPy's rules, Leibniz's among them; no integral is evaluated.
        return sp.diff(args[0], *e.variable_count)
    return e.func(*args)


def _expect_as_integral(body: sp.Basic, variables, dists) -> sp.Integral:
    integrand, limits = body, []
    for x, d in zip(variables, dists, strict=True):
        if d.discrete:
            raise NotStructural("expectation over a discrete distribution")
        if d.dim == 1:
            if not (isinstance(d, _CONTINUOUS_1D)
                    or (isinstance(d, V.Mixture) and all(isinstance(c, _CONTINUOUS_1D)
                                                        for c in d.components))):
                raise NotStructural(f"no explicit density for {type(d).__name__}")
            t = sp.Dummy("t", real=True)
            support = d.support()
            integrand = density_on_support(d, t) * integrand.xreplace({x: t})
            limits.append((t, support.inf, support.sup))
            continue
        comps = d.components if isinstance(d, V.Mixture) else (d,)
        if not all(isinstance(c, V.MvNormal) for c in comps):
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
    bound = [lim[0] for lim in integral.limits]
    # exp(E - log Z) = exp(E) / Z: constants hidden in an exponent come out too.
    body = sp.expand_power_exp(integral.function)
    factors = sp.Mul.make_args(body)
    constant = sp.Mul(*[f for f in factors if not f.has(*bound)])
    varying = sp.Mul(*[f for f in factors if f.has(*bound)])
    return constant * sp.Integral(varying, *integral.limits).as_dummy()


def _simplifies_to_zero(e: sp.Basic) -> bool:
    if e == 0:
        return True
    for step in (sp.expand, sp.cancel, lambda z: sp.simplify(sp.expand_log(z, force=False))):
        if step(e) == 0:
            return True
    return False
