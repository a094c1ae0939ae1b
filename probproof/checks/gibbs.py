"""Inequalities that hold by Gibbs' inequality (a divergence is nonnegative), by their form.

SymPy cannot tell the sign of ``sum_k p_k log(p_k / q_k)`` nor of a KL divergence's
closed form (``log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2 s2^2) - 1/2``), so the catalog's
"a divergence is nonnegative" steps could only be confirmed by a 40-point search.
:func:`nonnegative` recognises a difference that is a sum of terms, each of which is

* nonnegative by SymPy's assumptions;
* ``c * KL(P, Q)`` or ``c * JSD(P, Q)`` with ``c >= 0`` and ``P``, ``Q`` distributions
  whose parameters are valid by the assumptions (:func:`valid`);
* ``c * Sum(p_k log(p_k / q_k), (k, a, b))`` (in any algebraically equal form) with
  ``c >= 0`` free of ``k``, a range of integers that is empty or runs upwards, and
  ``p_k = x_k / Sum(x_j, (j, a, b))``, ``q_k = y_k / Sum(y_j, (j, a, b))`` with
  ``x_k, y_k > 0``: two distributions on the same finite range, each normalised by
  its own construction, so that the sum is ``KL(p, q) >= 0``.

It proves nothing else: weights that may be negative, a ``q`` that is not normalised
over the same range (``sum_k p_k log(p_k / q_k)`` can then be negative), or a
coefficient of unknown sign make the rule not apply, never a false proof.

Example
-------
>>> import sympy as sp
>>> k, K = sp.symbols("k K", integer=True, positive=True)
>>> j = sp.Symbol("j", integer=True, positive=True)
>>> a, b = (sp.IndexedBase(sp.Symbol(n, positive=True)) for n in "ab")
>>> p, q = a[k] / sp.Sum(a[j], (j, 1, K)), b[k] / sp.Sum(b[j], (j, 1, K))
>>> nonnegative(sp.Sum(p * sp.log(p / q), (k, 1, K)))
True
>>> nonnegative(sp.Sum(p * sp.log(p / b[k]), (k, 1, K)))  # b is not normalised
False
"""

from __future__ import annotations

import sympy as sp

from probproof.derivations import vocabulary as V

#: Families whose parameters are valid when each ``(parameter, condition)`` holds.
_POSITIVE_PARAMETERS = {
    V.Normal: (1,),
    V.Laplace: (1,),
    V.Exponential: (0,),
    V.Gamma: (0, 1),
    V.Beta: (0, 1),
    V.Poisson: (0,),
}


def nonnegative(difference: sp.Basic) -> bool:
    """Whether ``difference >= 0`` by the forms of the module docstring."""
    if not isinstance(difference, sp.Expr) or not difference.has(V.KL, V.JSD, sp.Sum):
        return False
    terms = sp.Add.make_args(sp.expand_mul(difference, deep=False))
    return all(_term_nonnegative(t) for t in terms)


def _term_nonnegative(term: sp.Expr) -> bool:
    factors = sp.Mul.make_args(term)
    for div in factors:
        if isinstance(div, (V.KL, V.JSD)):
            if not all(valid(d) for d in div.args):
                continue
            c = sp.S.One
        elif isinstance(div, sp.Sum):
            c = _gibbs_coefficient(div)
            if c is None:
                continue
        else:
            continue
        # The other factors (a normaliser Sum among them) must be nonnegative with c.
        rest = sp.Mul(*[f for f in factors if f is not div])
        if (rest * c).is_nonnegative is True:
            return True
    return term.is_nonnegative is True


def valid(d: sp.Basic) -> bool:
    """Whether ``d`` is a distribution whose parameters are valid by the assumptions
    (``sigma.is_positive is True``, weights nonnegative and summing to exactly 1), not
    only not known to be invalid, as the vocabulary's own check asks."""
    if isinstance(d, V.Mixture):
        weights = list(d.weights)
        return (all(w.is_nonnegative is True for w in weights)
                and sp.cancel(sp.Add(*weights) - 1) == 0
                and all(valid(c) for c in d.components))
    if isinstance(d, V.Categorical):
        return (all(p.is_nonnegative is True for p in d.probs)
                and sp.cancel(sp.Add(*d.probs) - 1) == 0)
    if isinstance(d, (V.Bernoulli, V.Binomial)):
        p = d.args[-1]
        ok = p.is_nonnegative is True and (1 - p).is_nonnegative is True
        if isinstance(d, V.Binomial):
            n = d.args[0]
            ok = ok and n.is_integer is True and n.is_nonnegative is True
        return ok
    if isinstance(d, V.Uniform):
        a, b = d.args
        return (b - a).is_positive is True
    for family, positive in _POSITIVE_PARAMETERS.items():
        if type(d) is family:
            return (all(d.args[i].is_positive is True for i in positive)
                    and all(a.is_extended_real is True and a.is_finite is True
                            for a in d.args))
    return False


def _gibbs_coefficient(s: sp.Sum) -> sp.Expr | None:
    """``c`` (free of the index) when ``s = c * sum_k p_k log(p_k / q_k)`` with ``p`` and
    ``q`` as in the module docstring; ``None`` otherwise."""
    if len(s.limits) != 1:
        return None
    k, a, b = s.limits[0]
    # A range that runs downwards is a negative sum by SymPy's (Karr's) convention.
    if not (a.is_integer is True and b.is_integer is True
            and (b - a + 1).is_nonnegative is True):
        return None
    body = s.function
    # Each normaliser Sum(x_j, (j, a, b)) over the same range gives x_k = P * S, with
    # P > 0 standing for x_k / S and S > 0 for the normaliser: an exact rewriting.
    normalisers: dict[sp.Basic, sp.Dummy] = {}
    pairs: dict[sp.Basic, tuple[sp.Dummy, sp.Dummy]] = {}  # x_k -> (P, S)
    for node in sp.preorder_traversal(body):
        if not (isinstance(node, sp.Sum) and len(node.limits) == 1
                and tuple(node.limits[0][1:]) == (a, b)) or node in normalisers:
            continue
        j = node.limits[0][0]
        if j != k and node.function.has(k):
            continue  # renaming j to k would capture the outer index
        x_k = node.function.xreplace({j: k})
        if not x_k.has(k) or x_k.is_positive is not True:
            continue
        if x_k not in pairs:
            pairs[x_k] = (sp.Dummy("P", positive=True), sp.Dummy("S", positive=True))
        normalisers[node] = pairs[x_k][1]
    if not pairs:
        return None
    rewritten = body.xreplace(normalisers)
    for x, (p, s) in pairs.items():
        # SymPy writes 1/exp(a) as exp(-a): both are rewritten, exactly.
        rewritten = rewritten.xreplace({x: p * s, 1 / x: 1 / (p * s)})
    if rewritten.has(k):
        return None
    e = sp.expand(sp.expand_log(rewritten, force=False))
    probabilities = [p for p, _ in pairs.values()]
    for p in probabilities:
        c = e.coeff(p * sp.log(p))
        if c == 0 or c.has(*probabilities):
            continue
        for q in probabilities:
            if q is not p and sp.expand(e - c * p * (sp.log(p) - sp.log(q))) == 0:
                return c
    return None
