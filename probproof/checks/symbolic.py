"""The symbolic checker: reduce functionals to closed forms and simplify.

``prove(lhs, rhs, relation)`` returns a proof only when SymPy reduces
``lhs - rhs`` to exactly 0 (or, for an inequality, shows the difference is
nonnegative/positive) under the assumptions carried by the symbols. It never
refutes: a failure to simplify is no evidence. The caller runs it under a
time limit, because SymPy can take unbounded time.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from probproof.checks import convexity, donsker_varadhan, gibbs, integral_algebra, jensen
from probproof.checks.closed_forms import (
    cdf_closed_form,
    entropy_closed_form,
    expectation_closed_form,
    kl_closed_form,
)
from probproof.checks.memo import remembered
from probproof.checks.trig_sums import period_sum
from probproof.checks.zero import is_zero, simpler_forms, sympy_cannot_sum
from probproof.derivations import vocabulary as V


class Irreducible(Exception):
    """A functional that the symbolic checker cannot put in closed form."""


@remembered(Irreducible)
def reduce(expr: sp.Basic) -> sp.Basic:
    """Replace every functional of ``expr`` by a closed form (each expression once per
    process: the steps of a derivation share most of their sub-expressions).

    Raises
    ------
    Irreducible
        When some functional (e.g. a ``Sup``) has no closed form here.
    """
    if isinstance(expr, sp.MatrixBase):
        return expr.applyfunc(reduce)
    if isinstance(expr, V.Jacobian):
        return reduce(expr.doit())
    if not isinstance(expr, sp.Basic) or expr.is_Atom:
        return expr
    if isinstance(expr, V.Distribution):
        return expr.func(*[reduce(a) for a in expr.args])
    if isinstance(expr, V.Expect):
        return _expect(expr.body, expr.variables, expr.distributions)
    if isinstance(expr, V.Sup):
        raise Irreducible("Sup/Inf")
    args = [reduce(a) for a in expr.args]
    if isinstance(expr, V.pdf):
        return _point(args[0], args[1], "pdf")
    if isinstance(expr, V.logpdf):
        return _point(args[0], args[1], "logpdf")
    if isinstance(expr, V.cdf):
        closed = cdf_closed_form(args[0], args[1])
        if closed is None:
            raise Irreducible(f"no closed form of the cdf of {type(args[0]).__name__}")
        return closed
    if isinstance(expr, V.KL):
        return _kl(*args)
    if isinstance(expr, V.H):
        return _entropy(args[0])
    if isinstance(expr, V.CrossEntropy):
        return _entropy(args[0]) + _kl(*args)
    if isinstance(expr, V.JSD):
        return _jsd(*args)
    if isinstance(expr, sp.Tuple):
        return sp.Tuple(*args)
    rebuilt = expr.func(*args)
    if isinstance(rebuilt, sp.Integral):
        closed = gaussian_integral(rebuilt)
        if closed is not None:
            return closed
        for lim in rebuilt.limits:
            why = no_elementary_antiderivative(rebuilt.function, lim[0])
            if why:
                raise Irreducible(why)
    if isinstance(rebuilt, sp.Sum):
        closed = binomial_moment_sum(rebuilt)
        if closed is not None:
            return closed
        closed = period_sum(rebuilt)
        if closed is not None:
            return closed
        if len(rebuilt.limits) == 1 and not rebuilt.limits[0][2].is_number and any(
                isinstance(f, (sp.sin, sp.cos, sp.tan)) and f.has(rebuilt.limits[0][0])
                for f in sp.preorder_traversal(rebuilt.function)):
            # Sums of sin(2 pi k / n) up to a symbolic n: SymPy searches and fails.
            raise Irreducible("a trigonometric sum up to a symbolic bound")
        if sympy_cannot_sum(rebuilt):
            return rebuilt
    if isinstance(rebuilt, (sp.Integral, sp.Sum, sp.Product, sp.Limit, sp.Derivative)):
        # What SymPy cannot evaluate (the derivative of an undefined F, say) stays a
        # symbolic object that simplification may still cancel.
        return rebuilt.doit()
    return rebuilt


def _point(d: V.Distribution, x: sp.Basic, which: str) -> sp.Expr:
    if d.dim > 1:
        x = list(x)
    return d.pdf(x) if which == "pdf" else sp.expand_log(d.logpdf(x), force=False)


def _kl(p: V.Distribution, q: V.Distribution) -> sp.Expr:
    closed = kl_closed_form(p, q)
    if closed is not None:
        return closed
    if p.discrete != q.discrete:
        return sp.oo
    x = sp.Dummy("x", integer=p.discrete, real=True)
    return _expect(sp.expand_log(p.logpdf(x) - q.logpdf(x), force=False), (x,), (p,))


def _entropy(p: V.Distribution) -> sp.Expr:
    closed = entropy_closed_form(p)
    if closed is not None:
        return closed
    x = sp.Dummy("x", integer=p.discrete, real=True)
    return _expect(-p.logpdf(x), (x,), (p,))


def _jsd(p: V.Distribution, q: V.Distribution) -> sp.Expr:
    """JSD: log 2 for mutually singular P and Q; otherwise no closed form here."""
    if p.discrete != q.discrete:
        return sp.log(2)
    sp_, sq = p.support(), q.support()
    if not p.discrete and _apart(sp_, sq):
        return sp.log(2)
    if isinstance(p, V.Categorical) and isinstance(q, V.Categorical) and all(
            a == 0 or b == 0 for a, b in zip(p.probs, q.probs, strict=False)):
        # No category has a probability under both (those past the shorter list have
        # none under it): the laws are mutually singular, though their supports, as SymPy
        # reads them (every index), meet.
        return sp.log(2)
    if (sp_.intersect(sq)).measure == 0 if not p.discrete else sp_.intersect(sq) is sp.S.EmptySet:
        return sp.log(2)
    raise Irreducible("JSD of overlapping distributions")


def _apart(s: sp.Set, t: sp.Set) -> bool:
    """Whether two intervals meet in at most one point, by the assumptions on their ends:
    SymPy cannot take the measure of the intersection of intervals with symbolic ends
    (``(a, a + w)`` and ``(a + w + g, ...)`` with ``g >= 0``)."""
    if not (isinstance(s, sp.Interval) and isinstance(t, sp.Interval)):
        return False
    return bool((t.inf - s.sup).is_nonnegative or (s.inf - t.sup).is_nonnegative)


def jsd_by_definition(lhs: sp.Basic, rhs: sp.Basic) -> bool:
    """Whether ``lhs - rhs`` is 0 once every ``JSD(P, Q)`` in it is written by its
    definition, ``KL(P, M)/2 + KL(Q, M)/2`` with ``M = Mixture([1/2, 1/2], [P, Q])``,
    the divergences left unevaluated (they need not have closed forms)."""
    nodes = {n for e in (lhs, rhs) if isinstance(e, sp.Basic) for n in e.atoms(V.JSD)}
    if not nodes:
        return False
    half = sp.Rational(1, 2)
    definition = {}
    for n in nodes:
        p, q = n.args
        m = V.Mixture([half, half], [p, q])
        definition[n] = V.KL(p, m) / 2 + V.KL(q, m) / 2
    return sp.expand(sp.sympify(lhs).xreplace(definition)
                     - sp.sympify(rhs).xreplace(definition)) == 0


def _expect(body: sp.Expr, variables, dists) -> sp.Expr:
    body = reduce(body)
    for x, d in zip(variables, dists, strict=True):
        body = _expect_one(body, x, d)
    return body


def _expect_one(body: sp.Expr, x: sp.Symbol, d: V.Distribution) -> sp.Expr:
    if isinstance(d, V.Mixture):
        return sp.Add(*[w * _expect_one(body, x, c)
                        for w, c in zip(d.weights, d.components, strict=True)])
    if isinstance(d, V.Pushforward):
        # The law of the unconscious statistician: E[g(y)], y ~ f#P, is E[g(f(x))], x ~ P.
        inner = sp.Dummy(d.variable.name, real=True)
        return _expect_one(body.xreplace({x: d.map.xreplace({d.variable: inner})}), inner,
                           d.base)
    if isinstance(d, V.IID):
        return _expect_iid(body, x, d)
    if d.dim > 1:
        raise Irreducible("expectations over multivariate distributions")
    closed = expectation_closed_form(body, x, d)
    if closed is not None:
        return closed
    if d.discrete:
        support = d.support()
        if isinstance(support, sp.FiniteSet) or (
            isinstance(support, sp.Range) and support.size.is_number and support.size <= 200
        ):
            return sp.Add(*[body.xreplace({x: k}) * d.pdf(k) for k in support])
        k = sp.Dummy("k", integer=True, nonnegative=True)
        pmf = d.pdf(k)
        if isinstance(pmf, sp.Piecewise):
            pmf = pmf.args[0].expr
        total = sp.summation(body.xreplace({x: k}) * pmf, (k, support.inf, sp.oo))
        if total.has(sp.Sum):
            raise Irreducible("expectation over an infinite discrete support")
        return total
    if isinstance(d, V.Normal) and body.is_polynomial(x):
        return _normal_polynomial_moments(body, x, d)
    support = d.support()
    lo, hi = support.inf, support.sup
    t = sp.Dummy("t", real=True)
    integrand = (body * d.pdf(x)).xreplace({x: t})
    if isinstance(d, (V.Uniform, V.Exponential, V.Gamma, V.Beta)):
        integrand = (body.xreplace({x: t}) * integral_algebra.density_on_support(d, t))
    if isinstance(d, V.Normal):
        closed = gaussian_integral(sp.Integral(integrand, (t, -sp.oo, sp.oo)))
        if closed is not None:
            return closed
    why = no_elementary_antiderivative(integrand, t)
    if why:
        raise Irreducible(why)
    result = sp.integrate(integrand, (t, lo, hi), conds="none")
    if result.has(sp.Integral):
        raise Irreducible("integral without closed form")
    return result


def _expect_iid(body: sp.Expr, z: sp.Symbol, d: V.IID) -> sp.Expr:
    """Linearity over K independent draws: each term ``Sum(g(z[k]), (k, a, b))`` of the
    body has expectation ``(b - a + 1) E[g(x)]``, ``x ~ P`` (``Sum(E[g_k(x)], (k, a, b))``
    when ``g`` depends on ``k`` through other parameters); a term using a single draw
    ``z[i]`` has ``E[g(x)]``. Anything else (a ``logsumexp`` over the draws, a product of
    draws) has no closed form here."""
    total = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(body, deep=False, log=False, mul=True,
                                           power_exp=False, power_base=False,
                                           multinomial=False)):
        constant, varying = [], []
        for factor in sp.Mul.make_args(term):
            (varying if factor.has(z) else constant).append(factor)
        if not varying:
            total += term
            continue
        core = sp.Mul(*varying)
        x = sp.Dummy("x", integer=d.base.discrete, real=True)
        if isinstance(core, sp.Sum) and len(core.limits) == 1:
            k, a, b = core.limits[0]
            g = core.function.xreplace({sp.IndexedBase(z)[k]: x})
            count = b - a + 1  # K draws, K a symbol, when the range is (k, 0, K - 1)
            if g.has(z) or not (a.is_Integer and count.is_integer and count.is_nonnegative):
                raise Irreducible("a sum over IID draws that is not a sum of g(z[k])")
            # g_k(z[k]), g depending on k through other parameters (mu[k], sigma[k]): each
            # draw has the law P, so the k-th term has expectation E[g_k(x)].
            total += sp.Mul(*constant) * (sp.Sum(_expect_one(g, x, d.base), (k, a, b))
                                          if g.has(k) else count * _expect_one(g, x, d.base))
            continue
        indexed = {n for n in core.atoms(sp.Indexed) if n.base.label == z}
        # One draw z[i], i a literal: z[k] with k bound by a Sum inside the term (the log
        # of a sum over the draws) stands for all K draws, not one.
        if len(indexed) == 1 and next(iter(indexed)).indices[0].is_Integer:
            (one,) = indexed
            g = core.xreplace({one: x})
            if not g.has(z):
                total += sp.Mul(*constant) * _expect_one(g, x, d.base)
                continue
        raise Irreducible("an expectation over IID draws beyond linearity")
    return total


def no_elementary_antiderivative(integrand: sp.Expr, t: sp.Symbol) -> str | None:
    """Why SymPy's ``integrate`` will not find a closed form over ``t`` (``None`` when it
    may). Three patterns that make it search for its whole time limit and fail:

    * the log of a sum with exponentials of ``t`` (the log density of a mixture, a
      softplus);
    * the exponential of a transcendental function of ``t`` (``exp(a tanh t)``,
      ``exp(c sin t)``: a critic or an energy inside ``e^T``);
    * ``tanh`` or ``atan`` of ``t`` under a Gaussian weight.

    Saying "no" here only sends the claim to the numeric checkers sooner.
    """
    transcendental = (sp.tanh, sp.sinh, sp.cosh, sp.sin, sp.cos, sp.tan, sp.atan, sp.log,
                      sp.exp, sp.erf)
    gaussian = any(isinstance(e, sp.exp) and e.args[0].is_polynomial(t)
                   and sp.degree(e.args[0], t) == 2 for e in integrand.atoms(sp.exp))
    for node in sp.preorder_traversal(integrand):
        if isinstance(node, sp.log) and any(
                len(sub.args) > 1 and any(a.has(t) and a.has(sp.exp) for a in sub.args)
                for sub in sp.preorder_traversal(node.args[0]) if isinstance(sub, sp.Add)):
            return ("the log of a sum with exponentials (a mixture density, a softplus) has "
                    "no closed form")
        if isinstance(node, sp.exp) and any(
                isinstance(f, transcendental) and f.has(t)
                for f in sp.preorder_traversal(node.args[0]) if f is not node):
            return "the exponential of a transcendental function has no closed form"
        if gaussian and isinstance(node, (sp.tanh, sp.atan)) and node.has(t):
            return "a Gaussian expectation of tanh or atan has no closed form"
    return None


def binomial_moment_sum(total: sp.Sum) -> sp.Expr | None:
    """``sum_{k=0}^{n} C(n, k) p^k (1 - p)^(n - k) P(k)`` for a polynomial ``P``: the
    expectation of ``P(K)`` for ``K ~ Binomial(n, p)``, from the factorial moments
    ``E[K (K - 1) ... (K - i + 1)] = n (n - 1) ... (n - i + 1) p^i`` and
    ``k^j = sum_i S(j, i) k (k - 1) ... (k - i + 1)`` (Stirling numbers of the second
    kind). ``None`` when the sum has another form."""
    if len(total.limits) != 1:
        return None
    k, lo, n = total.limits[0]
    if lo != 0 or not (n.is_integer and n.is_nonnegative):
        return None
    factors = list(sp.Mul.make_args(total.function))
    binom = [f for f in factors if isinstance(f, sp.binomial) and f.args == (n, k)]
    if len(binom) != 1:
        return None
    factors.remove(binom[0])
    p = None
    for f in factors:
        if isinstance(f, sp.Pow) and f.exp == k:
            p = f.base
    if p is None or p.has(k):
        return None
    factors.remove(p**k)
    complement = [f for f in factors if isinstance(f, sp.Pow)
                  and sp.simplify(f.base - (1 - p)) == 0 and sp.expand(f.exp - (n - k)) == 0]
    if len(complement) != 1:
        return None
    factors.remove(complement[0])
    rest = sp.expand(sp.Mul(*factors))
    if not rest.is_polynomial(k):
        return None
    poly = sp.Poly(rest, k)
    return sp.Add(*[c * sp.Add(*[sp.functions.combinatorial.numbers.stirling(j, i)
                                 * sp.ff(n, i) * p**i for i in range(j + 1)])
                    for (j,), c in poly.terms()])


def _normal_polynomial_moments(body: sp.Expr, x: sp.Symbol, d: V.Normal) -> sp.Expr:
    """E[p(x)] for a polynomial p under Normal(mu, sigma), from the moments of
    x = mu + sigma e: E[e^j] = (j - 1)!! for even j, 0 for odd j. Exact, and much
    faster than integrating (log densities of Gaussians are polynomials)."""
    mu, sigma = d.args
    return _moment_at(body, x, mu, sigma)


def gaussian_integral(integral: sp.Integral) -> sp.Expr | None:
    """Closed form of ``integral(P(t) exp(a t^2 + b t + c), (t, -oo, oo))`` with P a
    polynomial and ``a < 0`` (by the assumptions), term by term; ``None`` otherwise.
    Several variables are integrated one at a time, innermost first (each step leaves
    an integrand of the same form in the others: a Gaussian mixture in the plane).

    Completing the square, the integral is ``exp(c - b^2/(4a)) sqrt(pi/(-a))
    E[P(m + s e)]`` with ``m = -b/(2a)``, ``s^2 = -1/(2a)`` and ``e`` standard
    normal. SymPy's ``integrate`` reaches the same result far more slowly.
    """
    body: sp.Expr | None = integral.function
    for limit in integral.limits:
        if len(limit) != 3 or limit[1] != -sp.oo or limit[2] != sp.oo:
            return None
        body = _gaussian_integral_1d(body, limit[0])
        if body is None:
            return None
    return body


def _gaussian_integral_1d(function: sp.Expr, t: sp.Symbol) -> sp.Expr | None:
    total = sp.S.Zero
    for term in sp.Add.make_args(sp.expand(sp.powsimp(function, combine="exp"))):
        exponent, poly = sp.S.Zero, sp.S.One
        for factor in sp.Mul.make_args(sp.powsimp(term, combine="exp")):
            if isinstance(factor, sp.exp):
                exponent += factor.args[0]
            elif isinstance(factor, sp.Pow) and factor.base == sp.E:
                exponent += factor.exp
            else:
                poly *= factor
        if not (exponent.has(t) and poly.is_polynomial(t) and exponent.is_polynomial(t)):
            return None
        q = sp.Poly(sp.expand(exponent), t)
        if q.degree() != 2:
            return None
        a, b, c = (q.coeff_monomial(t**k) for k in (2, 1, 0))
        if not any(f.is_negative for f in simpler_forms(a)):
            return None
        m, s = -b / (2 * a), sp.sqrt(-1 / (2 * a))
        total += sp.exp(c - b**2 / (4 * a)) * sp.sqrt(sp.pi / (-a)) * _moment_at(poly, t, m, s)
    return total


def _moment_at(poly: sp.Expr, t: sp.Symbol, m: sp.Expr, s: sp.Expr) -> sp.Expr:
    """``E[poly(m + s e)]`` for standard normal ``e``: ``E[e^j] = (j - 1)!!`` for even ``j``."""
    e = sp.Dummy("e", real=True)
    p = sp.Poly(sp.expand(poly.xreplace({t: m + s * e})), e)
    return sp.Add(*[c * (sp.factorial2(j - 1) if j % 2 == 0 else 0) for (j,), c in p.terms()])


@dataclass(frozen=True)
class Proof:
    """How ``prove`` showed a claim."""

    #: The proof assumed that some integrals are finite (it merged them by linearity):
    #: it stands only once both sides were evaluated numerically, finite.
    needs_finite_values: bool = False
    #: The law the proof rests on, when it is not plain simplification.
    law: str = ""


def prove(lhs: sp.Basic, rhs: sp.Basic, relation: str) -> Proof | None:
    """A :class:`Proof` when ``lhs relation rhs`` holds by exact symbolic reduction."""
    if relation == "==" and integral_algebra.applies(lhs, rhs):
        # Cheap and first: SymPy's integrate can spend the whole time limit on an
        # integral whose value the identity never needs.
        try:
            how = integral_algebra.same_value(lhs, rhs)
            if how is not None:
                return Proof(needs_finite_values=how == integral_algebra.MERGED)
        except integral_algebra.NotStructural:
            pass
    if relation == "==" and jsd_by_definition(lhs, rhs):
        return Proof(law="the definition of the Jensen-Shannon divergence")
    if relation in ("<=", ">=") and jensen.below(*((lhs, rhs) if relation == "<=" else
                                                   (rhs, lhs))):
        return Proof(law="Jensen's inequality (log is concave)")
    if relation in ("<=", ">="):
        small, big = (lhs, rhs) if relation == "<=" else (rhs, lhs)
        if gibbs.nonnegative(big - small):
            # Integrals (divergences among them) that cancel in big - small must be
            # finite for the difference to mean anything; a side that is 0 cancels
            # nothing. Finite sums cancel as the sign test of ``reduces`` lets them.
            cancels = not (small == 0 or big == 0) and any(
                e.has(sp.Integral, V.Expect, V.Functional) for e in (small, big))
            return Proof(needs_finite_values=cancels,
                         law="Gibbs' inequality (a divergence is nonnegative)")
        holds, merged = donsker_varadhan.below(small, big)
        if holds:
            return Proof(needs_finite_values=merged,
                         law="the Donsker-Varadhan bound KL(P, Q) >= E_P[T] - log E_Q[exp(T)]")
    if relation in ("<=", ">=") and integral_algebra.applies(lhs, rhs) and convexity.nonnegative(
            rhs - lhs if relation == "<=" else lhs - rhs):
        return Proof(needs_finite_values=True,
                     law="convexity in the one integral left after cancelling")
    return Proof() if reduces(lhs, rhs, relation) else None


def reduces(lhs: sp.Basic, rhs: sp.Basic, relation: str) -> bool:
    """Whether ``lhs relation rhs`` once both sides are reduced to closed forms."""
    lhs, rhs = reduce(lhs), reduce(rhs)
    if relation == "==":
        if isinstance(lhs, sp.MatrixBase):
            return is_zero(sp.Matrix(lhs) - sp.Matrix(rhs))
        if lhs.has(sp.oo, -sp.oo, sp.zoo) or rhs.has(sp.oo, -sp.oo, sp.zoo):
            return bool(lhs == rhs) and lhs.is_number
        return is_zero(lhs - rhs)
    diff = (rhs - lhs) if relation in ("<=", "<") else (lhs - rhs)
    for e in simpler_forms(diff):
        verdict = e.is_positive if relation in ("<", ">") else e.is_nonnegative
        if verdict:
            return True
    return False
