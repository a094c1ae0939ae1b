"""Closed forms of ``P(X <= x)`` for the discrete families whose cdf the table lacked.

A step function in ``x`` through ``floor(x)``: Poisson by the regularised upper
incomplete gamma function, DiscreteUniform by counting, Bernoulli, Categorical and a
Binomial of a literal number of trials (at most :data:`MAX_STEPS`) as the finite
``Piecewise`` of their cumulative masses. A Binomial of a symbolic number of trials has
no entry (``None``): its cdf is a regularised incomplete beta function that the
language does not name.
"""

from __future__ import annotations

import sympy as sp

from probproof.checks.closed_forms.registry import register_moment
from probproof.derivations import families as F
from probproof.derivations import vocabulary as V

#: Most steps of a cdf written out as a Piecewise.
MAX_STEPS = 64


def _steps(x: sp.Expr, masses: list[sp.Expr]) -> sp.Expr:
    """The cdf of masses at 0, 1, ..., k - 1: 0 below 0, the partial sums between."""
    pieces = [(sp.S.Zero, x < 0)]
    total = sp.S.Zero
    for j, m in enumerate(masses[:-1]):
        total += m
        pieces.append((total, x < j + 1))
    pieces.append((sp.S.One, True))
    return sp.Piecewise(*pieces)


@register_moment("cdf", V.Bernoulli)
def _cdf_bernoulli(d, x):
    """0 below 0, 1 - p on [0, 1), 1 from 1"""
    (p,) = d.args
    return _steps(x, [1 - p, p])


@register_moment("cdf", V.Categorical)
def _cdf_categorical(d, x):
    """p_0 + ... + p_floor(x) on [0, k)"""
    probs = list(d.probs)
    return _steps(x, probs) if len(probs) <= MAX_STEPS else None


@register_moment("cdf", V.Binomial)
def _cdf_binomial(d, x):
    """sum_(j <= floor(x)) binomial(n, j) p^j (1 - p)^(n - j), n a literal"""
    n, p = d.args
    if not (n.is_Integer and 0 <= int(n) <= MAX_STEPS):
        return None
    return _steps(x, [sp.binomial(n, j) * p**j * (1 - p) ** (n - j) for j in range(int(n) + 1)])


@register_moment("cdf", V.Poisson)
def _cdf_poisson(d, x):
    """Gamma(floor(x) + 1, r) / floor(x)! for x >= 0 (the regularised upper gamma)"""
    (r,) = d.args
    k = sp.floor(x)
    return sp.Piecewise((0, x < 0), (sp.uppergamma(k + 1, r) / sp.factorial(k), True))


@register_moment("cdf", F.DiscreteUniform)
def _cdf_discrete_uniform(d, x):
    """(floor(x) - a + 1) / (b - a + 1) on [a, b)"""
    a, b = d.args
    return sp.Piecewise((0, x < a), (1, x >= b), ((sp.floor(x) - a + 1) / (b - a + 1), True))
