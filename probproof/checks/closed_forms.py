"""Closed forms of the functionals, one small function per distribution (pair).

Modelled on ``torch/distributions/kl.py``: a registry filled by decorators.
The symbolic checker uses these to reduce ``KL``, ``H`` and ``CrossEntropy``;
the numeric checkers never do (they integrate the definitions), so a wrong
entry here is caught by the spot check that follows every proof.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp

from probproof.derivations.vocabulary import (
    Bernoulli,
    Categorical,
    Distribution,
    Exponential,
    Gamma,
    Laplace,
    MvNormal,
    Normal,
    Poisson,
    Uniform,
)

KLFn = Callable[[Distribution, Distribution], sp.Expr]
EntropyFn = Callable[[Distribution], sp.Expr]

_KL: dict[tuple[type, type], KLFn] = {}
_ENTROPY: dict[type, EntropyFn] = {}


def register_kl(p: type, q: type) -> Callable[[KLFn], KLFn]:
    def decorate(fn: KLFn) -> KLFn:
        _KL[(p, q)] = fn
        return fn

    return decorate


def register_entropy(p: type) -> Callable[[EntropyFn], EntropyFn]:
    def decorate(fn: EntropyFn) -> EntropyFn:
        _ENTROPY[p] = fn
        return fn

    return decorate


def kl_closed_form(p: Distribution, q: Distribution) -> sp.Expr | None:
    fn = _KL.get((type(p), type(q)))
    return None if fn is None else fn(p, q)


def entropy_closed_form(p: Distribution) -> sp.Expr | None:
    fn = _ENTROPY.get(type(p))
    return None if fn is None else fn(p)


# ----------------------------------------------------------------------------- KL


@register_kl(Normal, Normal)
def _kl_normal_normal(p: Normal, q: Normal) -> sp.Expr:
    m1, s1 = p.args
    m2, s2 = q.args
    return sp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - sp.Rational(1, 2)


@register_kl(Bernoulli, Bernoulli)
def _kl_bernoulli(p: Bernoulli, q: Bernoulli) -> sp.Expr:
    (a,), (b,) = p.args, q.args
    return _xlogy_ratio(a, b) + _xlogy_ratio(1 - a, 1 - b)


@register_kl(Categorical, Categorical)
def _kl_categorical(p: Categorical, q: Categorical) -> sp.Expr | None:
    if len(p.probs) != len(q.probs):
        return None
    return sp.Add(*[_xlogy_ratio(a, b) for a, b in zip(p.probs, q.probs, strict=True)])


@register_kl(Exponential, Exponential)
def _kl_exponential(p: Exponential, q: Exponential) -> sp.Expr:
    (a,), (b,) = p.args, q.args
    return sp.log(a / b) + b / a - 1


@register_kl(Poisson, Poisson)
def _kl_poisson(p: Poisson, q: Poisson) -> sp.Expr:
    (a,), (b,) = p.args, q.args
    return a * sp.log(a / b) - a + b


@register_kl(Gamma, Gamma)
def _kl_gamma(p: Gamma, q: Gamma) -> sp.Expr:
    a1, b1 = p.args  # shape, rate
    a2, b2 = q.args
    return ((a1 - a2) * sp.digamma(a1) - sp.loggamma(a1) + sp.loggamma(a2)
            + a2 * (sp.log(b1) - sp.log(b2)) + a1 * (b2 - b1) / b1)


@register_kl(Laplace, Laplace)
def _kl_laplace(p: Laplace, q: Laplace) -> sp.Expr:
    m1, b1 = p.args
    m2, b2 = q.args
    d = sp.Abs(m1 - m2)
    return sp.log(b2 / b1) + d / b2 + b1 / b2 * sp.exp(-d / b1) - 1


@register_kl(Uniform, Uniform)
def _kl_uniform(p: Uniform, q: Uniform) -> sp.Expr:
    a1, b1 = p.args
    a2, b2 = q.args
    inside = sp.And(a2 <= a1, b1 <= b2)
    if inside is sp.true:
        return sp.log((b2 - a2) / (b1 - a1))
    if inside is sp.false:
        return sp.oo
    return sp.Piecewise((sp.log((b2 - a2) / (b1 - a1)), inside), (sp.oo, True))


@register_kl(MvNormal, MvNormal)
def _kl_mvnormal(p: MvNormal, q: MvNormal) -> sp.Expr | None:
    if p.dim != q.dim:
        return None
    s1, s2 = p.cov_matrix, q.cov_matrix
    s2inv = s2.inv()
    d = q.mean_vector - p.mean_vector
    return ((s2inv * s1).trace() + (d.T * s2inv * d)[0, 0] - p.dim
            + sp.log(s2.det() / s1.det())) / 2


def _xlogy_ratio(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """``a log(a/b)`` with the convention ``0 log 0 = 0``."""
    if a.is_zero:
        return sp.S.Zero
    return a * sp.log(a / b)


# ----------------------------------------------------------------------------- entropy


@register_entropy(Normal)
def _h_normal(p: Normal) -> sp.Expr:
    return sp.log(2 * sp.pi * sp.E * p.args[1] ** 2) / 2


@register_entropy(Uniform)
def _h_uniform(p: Uniform) -> sp.Expr:
    a, b = p.args
    return sp.log(b - a)


@register_entropy(Exponential)
def _h_exponential(p: Exponential) -> sp.Expr:
    return 1 - sp.log(p.args[0])


@register_entropy(Laplace)
def _h_laplace(p: Laplace) -> sp.Expr:
    return 1 + sp.log(2 * p.args[1])


@register_entropy(Gamma)
def _h_gamma(p: Gamma) -> sp.Expr:
    k, rate = p.args
    return k - sp.log(rate) + sp.loggamma(k) + (1 - k) * sp.digamma(k)


@register_entropy(Bernoulli)
def _h_bernoulli(p: Bernoulli) -> sp.Expr:
    (a,) = p.args
    return -_xlogy_ratio(a, 1) - _xlogy_ratio(1 - a, 1)


@register_entropy(Categorical)
def _h_categorical(p: Categorical) -> sp.Expr:
    return -sp.Add(*[_xlogy_ratio(a, 1) for a in p.probs])


@register_entropy(MvNormal)
def _h_mvnormal(p: MvNormal) -> sp.Expr:
    return (p.dim * sp.log(2 * sp.pi * sp.E) + sp.log(p.cov_matrix.det())) / 2
