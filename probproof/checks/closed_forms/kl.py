"""KL divergences between families: every pair that ``torch.distributions`` registers
between families of the language (``torch/distributions/kl.py``), and a few classical
ones beyond (Weibull, von Mises, discrete uniform). One small function per pair, the
formula in its docstring; ``H`` is the entropy of P and ``G`` Euler's constant.

A pair whose supports are not nested is +oo (``finite_if`` states the condition when
the parameters are symbolic).
"""

from __future__ import annotations

import sympy as sp

from probproof.checks.closed_forms.moments import (
    G,
    _cb_eta,
    _h_beta,
    _h_cb,
    _h_gamma,
    _h_geometric,
    _mean_cb,
    _var_cb,
    finite_if,
    lgamma,
    psi,
    xlogx,
)
from probproof.checks.closed_forms.registry import register_kl
from probproof.derivations import families as F
from probproof.derivations import vocabulary as V


def _xlog_ratio(a: sp.Expr, b: sp.Expr) -> sp.Expr:
    """``a log(a/b)`` with ``0 log 0 = 0``."""
    return sp.S.Zero if a.is_zero else a * sp.log(a / b)


def _infinite(p, q) -> sp.Expr:
    """+oo: P puts mass where Q has none."""
    return sp.oo


# P's support is not within Q's whatever the parameters: (P, Q) pairs as torch has them.
_ALWAYS_INFINITE = [
    (V.Beta, F.Pareto),
    *[(p, q) for p in (V.Exponential, V.Gamma) for q in (V.Beta, F.Pareto, V.Uniform)],
    *[(p, q) for p in (F.Gumbel, V.Laplace, V.Normal)
      for q in (V.Beta, V.Exponential, V.Gamma, F.Pareto, V.Uniform)],
    (F.Pareto, V.Beta), (F.Pareto, V.Uniform),
    (V.Poisson, V.Bernoulli), (V.Poisson, V.Binomial),
    *[(p, F.ContinuousBernoulli) for p in (V.Exponential, V.Gamma, F.Gumbel, V.Laplace,
                                          V.Normal, F.Pareto)],
    (F.ContinuousBernoulli, F.Pareto),
]
for _p, _q in _ALWAYS_INFINITE:
    register_kl(_p, _q)(_infinite)


# ----------------------------------------------------------------------------- same family


@register_kl(V.Normal, V.Normal)
def _kl_normal_normal(p, q):
    """log(s2/s1) + (s1^2 + (m1 - m2)^2)/(2 s2^2) - 1/2"""
    m1, s1 = p.args
    m2, s2 = q.args
    return sp.log(s2 / s1) + (s1**2 + (m1 - m2) ** 2) / (2 * s2**2) - sp.Rational(1, 2)


@register_kl(F.LogNormal, F.LogNormal)
def _kl_lognormal_lognormal(p, q):
    """that of the Normals of the logs (KL is invariant under a bijection)"""
    return _kl_normal_normal(V.Normal(*p.args), V.Normal(*q.args))


@register_kl(F.HalfNormal, F.HalfNormal)
def _kl_halfnormal_halfnormal(p, q):
    """log(s2/s1) + s1^2/(2 s2^2) - 1/2"""
    return _kl_normal_normal(V.Normal(0, p.args[0]), V.Normal(0, q.args[0]))


@register_kl(V.Bernoulli, V.Bernoulli)
def _kl_bernoulli(p, q):
    """a log(a/b) + (1 - a) log((1 - a)/(1 - b))"""
    (a,), (b,) = p.args, q.args
    return _xlog_ratio(a, b) + _xlog_ratio(1 - a, 1 - b)


@register_kl(V.Binomial, V.Binomial)
def _kl_binomial(p, q):
    """n (a log(a/b) + (1 - a) log((1 - a)/(1 - b))) for equal n; +oo when n1 > n2"""
    (n1, a), (n2, b) = p.args, q.args
    if (n1 - n2).is_zero:
        return n1 * (_xlog_ratio(a, b) + _xlog_ratio(1 - a, 1 - b))
    if (n1 - n2).is_positive:
        return sp.oo
    return None


@register_kl(V.Categorical, V.Categorical)
def _kl_categorical(p, q):
    """sum_k a_k log(a_k/b_k)"""
    if len(p.probs) != len(q.probs):
        return None
    return sp.Add(*[_xlog_ratio(a, b) for a, b in zip(p.probs, q.probs, strict=True)])


@register_kl(V.Exponential, V.Exponential)
def _kl_exponential(p, q):
    """log(a/b) + b/a - 1 (rates a, b)"""
    (a,), (b,) = p.args, q.args
    return sp.log(a / b) + b / a - 1


@register_kl(V.Poisson, V.Poisson)
def _kl_poisson(p, q):
    """a log(a/b) - a + b"""
    (a,), (b,) = p.args, q.args
    return a * sp.log(a / b) - a + b


@register_kl(V.Gamma, V.Gamma)
def _kl_gamma(p, q):
    """(a1 - a2) psi(a1) - lgamma(a1) + lgamma(a2) + a2 (log b1 - log b2) + a1 (b2 - b1)/b1"""
    a1, b1 = p.args
    a2, b2 = q.args
    return ((a1 - a2) * psi(a1) - lgamma(a1) + lgamma(a2)
            + a2 * (sp.log(b1) - sp.log(b2)) + a1 * (b2 - b1) / b1)


@register_kl(F.InverseGamma, F.InverseGamma)
def _kl_invgamma_invgamma(p, q):
    """that of the Gammas of the reciprocals"""
    return _kl_gamma(V.Gamma(*p.args), V.Gamma(*q.args))


@register_kl(V.Beta, V.Beta)
def _kl_beta_beta(p, q):
    """log B(a2, b2) - log B(a1, b1) + (a1 - a2) psi(a1) + (b1 - b2) psi(b1)
    + (a2 - a1 + b2 - b1) psi(a1 + b1)"""
    a1, b1 = p.args
    a2, b2 = q.args
    return (lgamma(a2) + lgamma(b2) + lgamma(a1 + b1) - lgamma(a1) - lgamma(b1) - lgamma(a2 + b2)
            + (a1 - a2) * psi(a1) + (b1 - b2) * psi(b1) + (a2 + b2 - a1 - b1) * psi(a1 + b1))


@register_kl(V.Laplace, V.Laplace)
def _kl_laplace(p, q):
    """log(b2/b1) + |m1 - m2|/b2 + b1/b2 exp(-|m1 - m2|/b1) - 1"""
    m1, b1 = p.args
    m2, b2 = q.args
    d = sp.Abs(m1 - m2)
    return sp.log(b2 / b1) + d / b2 + b1 / b2 * sp.exp(-d / b1) - 1


@register_kl(V.Uniform, V.Uniform)
def _kl_uniform(p, q):
    """log((b2 - a2)/(b1 - a1)) when [a1, b1] lies in [a2, b2]; +oo otherwise"""
    a1, b1 = p.args
    a2, b2 = q.args
    return finite_if(sp.And(a2 <= a1, b1 <= b2), sp.log((b2 - a2) / (b1 - a1)))


@register_kl(V.MvNormal, V.MvNormal)
def _kl_mvnormal(p, q):
    """(tr(S2^-1 S1) + d^T S2^-1 d - k + log(det S2/det S1))/2, d = m2 - m1"""
    if p.dim != q.dim:
        return None
    s1, s2 = p.cov_matrix, q.cov_matrix
    s2inv = s2.inv()
    d = q.mean_vector - p.mean_vector
    return ((s2inv * s1).trace() + (d.T * s2inv * d)[0, 0] - p.dim
            + sp.log(s2.det() / s1.det())) / 2


@register_kl(F.Cauchy, F.Cauchy)
def _kl_cauchy_cauchy(p, q):
    """log(((g1 + g2)^2 + (m1 - m2)^2) / (4 g1 g2))"""
    m1, g1 = p.args
    m2, g2 = q.args
    return sp.log(((g1 + g2) ** 2 + (m1 - m2) ** 2) / (4 * g1 * g2))


@register_kl(F.HalfCauchy, F.HalfCauchy)
def _kl_halfcauchy_halfcauchy(p, q):
    """log((g1 + g2)^2 / (4 g1 g2))"""
    return _kl_cauchy_cauchy(F.Cauchy(0, p.args[0]), F.Cauchy(0, q.args[0]))


@register_kl(F.Dirichlet, F.Dirichlet)
def _kl_dirichlet_dirichlet(p, q):
    """lgamma(a0) - lgamma(b0) - sum (lgamma(a_j) - lgamma(b_j))
    + sum (a_j - b_j)(psi(a_j) - psi(a0))"""
    a, b = p.concentration, q.concentration
    if len(a) != len(b):
        return None
    a0, b0 = sp.Add(*a), sp.Add(*b)
    return (lgamma(a0) - lgamma(b0) - sp.Add(*[lgamma(x) - lgamma(y) for x, y in zip(a, b,
                                                                                    strict=True)])
            + sp.Add(*[(x - y) * (psi(x) - psi(a0)) for x, y in zip(a, b, strict=True)]))


@register_kl(F.Geometric, F.Geometric)
def _kl_geometric_geometric(p, q):
    """-H - log(1 - b)/a - log(b/(1 - b))"""
    (a,), (b,) = p.args, q.args
    return -_h_geometric(p) - sp.log(1 - b) / a - sp.log(b / (1 - b))


@register_kl(F.Gumbel, F.Gumbel)
def _kl_gumbel_gumbel(p, q):
    """log(b2/b1) + (m1 - m2)/b2 + G (b1/b2 - 1) + exp((m2 - m1)/b2) Gamma(1 + b1/b2) - 1"""
    m1, b1 = p.args
    m2, b2 = q.args
    r = b1 / b2
    return (-sp.log(r) - m2 / b2 + m1 / b2 + r * G
            + sp.exp(m2 / b2 - m1 / b2 + lgamma(1 + r)) - (1 + G))


@register_kl(F.Pareto, F.Pareto)
def _kl_pareto_pareto(p, q):
    """a2 log(m1/m2) - log(a2/a1) + a2/a1 - 1 for m1 >= m2; +oo otherwise"""
    m1, a1 = p.args
    m2, a2 = q.args
    return finite_if(m1 >= m2, a2 * sp.log(m1 / m2) - sp.log(a2 / a1) + a2 / a1 - 1)


@register_kl(F.Weibull, F.Weibull)
def _kl_weibull_weibull(p, q):
    """log(k1/l1^k1) - log(k2/l2^k2) + (k1 - k2)(log l1 - G/k1) + (l1/l2)^k2 Gamma(k2/k1 + 1) - 1"""
    l1, k1 = p.args
    l2, k2 = q.args
    return (sp.log(k1) - k1 * sp.log(l1) - sp.log(k2) + k2 * sp.log(l2)
            + (k1 - k2) * (sp.log(l1) - G / k1) + (l1 / l2) ** k2 * sp.gamma(k2 / k1 + 1) - 1)


@register_kl(F.VonMises, F.VonMises)
def _kl_vonmises_vonmises(p, q):
    """log(I0(k2)/I0(k1)) + I1(k1)/I0(k1) (k1 - k2 cos(m1 - m2))"""
    m1, k1 = p.args
    m2, k2 = q.args
    a = sp.besseli(1, k1) / sp.besseli(0, k1)
    return sp.log(sp.besseli(0, k2) / sp.besseli(0, k1)) + a * (k1 - k2 * sp.cos(m1 - m2))


@register_kl(F.DiscreteUniform, F.DiscreteUniform)
def _kl_dunif_dunif(p, q):
    """log((b2 - a2 + 1)/(b1 - a1 + 1)) when a2 <= a1 and b1 <= b2; +oo otherwise"""
    a1, b1 = p.args
    a2, b2 = q.args
    return finite_if(sp.And(a2 <= a1, b1 <= b2), sp.log((b2 - a2 + 1) / (b1 - a1 + 1)))


# ----------------------------------------------------------------------------- across families


@register_kl(V.Bernoulli, V.Poisson)
def _kl_bernoulli_poisson(p, q):
    """-H(p) - (p log r - r)"""
    (a,), (r,) = p.args, q.args
    return xlogx(a) + xlogx(1 - a) - (a * sp.log(r) - r)


def _beta_mean(p):
    a, b = p.args
    return a / (a + b)


@register_kl(V.Beta, V.Exponential)
def _kl_beta_exponential(p, q):
    """-H - log r + r a/(a + b)"""
    (r,) = q.args
    return -_h_beta(p) - sp.log(r) + r * _beta_mean(p)


@register_kl(V.Beta, V.Gamma)
def _kl_beta_gamma(p, q):
    """-H + lgamma(k) - k log r - (k - 1)(psi(a) - psi(a + b)) + r a/(a + b)"""
    a, b = p.args
    k, r = q.args
    return (-_h_beta(p) + lgamma(k) - k * sp.log(r) - (k - 1) * (psi(a) - psi(a + b))
            + r * _beta_mean(p))


@register_kl(V.Beta, V.Normal)
def _kl_beta_normal(p, q):
    """-H + log(2 pi s^2)/2 + (E[x^2] - 2 m E[x] + m^2)/(2 s^2)"""
    a, b = p.args
    m, s = q.args
    e = _beta_mean(p)
    ex2 = e * (1 - e) / (a + b + 1) + e**2
    return -_h_beta(p) + sp.log(2 * sp.pi * s**2) / 2 + (ex2 - 2 * m * e + m**2) / (2 * s**2)


@register_kl(V.Beta, V.Uniform)
def _kl_beta_uniform(p, q):
    """-H + log(hi - lo) when [0, 1] lies in [lo, hi]; +oo otherwise"""
    lo, hi = q.args
    return finite_if(sp.And(lo <= 0, hi >= 1), -_h_beta(p) + sp.log(hi - lo))


@register_kl(V.Exponential, V.Gamma)
def _kl_exponential_gamma(p, q):
    """-k log(r/l) + r/l + lgamma(k) + k G - (1 + G)  (rate l; shape k, rate r)"""
    (lam,) = p.args
    k, r = q.args
    ratio = r / lam
    return -k * sp.log(ratio) + ratio + lgamma(k) + k * G - (1 + G)


@register_kl(V.Exponential, F.Gumbel)
def _kl_exponential_gumbel(p, q):
    """log(l b) - 1 - m/b + exp(m/b) l b/(l b + 1) + 1/(l b)"""
    (lam,) = p.args
    m, b = q.args
    c = lam * b
    return sp.log(c) - 1 - m / b + sp.exp(m / b) * c / (c + 1) + 1 / c


@register_kl(V.Exponential, V.Normal)
def _kl_exponential_normal(p, q):
    """log(l^2 s^2 2 pi)/2 - 1 + (1/l^2 - m/l + m^2/2)/s^2"""
    (lam,) = p.args
    m, s = q.args
    return (sp.log(lam**2 * s**2 * 2 * sp.pi) / 2 - 1
            + (1 / lam**2 - m / lam + m**2 / 2) / s**2)


@register_kl(V.Gamma, V.Exponential)
def _kl_gamma_exponential(p, q):
    """-H - log r + r k/l  (shape k, rate l; rate r)"""
    k, lam = p.args
    (r,) = q.args
    return -_h_gamma(p) - sp.log(r) + r * k / lam


@register_kl(V.Gamma, F.Gumbel)
def _kl_gamma_gumbel(p, q):
    """(k - 1) psi(k) - lgamma(k) - k + log(l b) + k/(l b) + exp(m/b)(1 + 1/(l b))^(-k) - m/b"""
    k, lam = p.args
    m, b = q.args
    c = lam * b
    return ((k - 1) * psi(k) - lgamma(k) - k + sp.log(c) + k / c
            + sp.exp(m / b) * (1 + 1 / c) ** (-k) - m / b)


@register_kl(V.Gamma, V.Normal)
def _kl_gamma_normal(p, q):
    """log(l^2 s^2 2 pi)/2 - k - lgamma(k) + (k - 1) psi(k)
    + ((k^2 + k)/(2 l^2) - m k/l + m^2/2)/s^2"""
    k, lam = p.args
    m, s = q.args
    return (sp.log(lam**2 * s**2 * 2 * sp.pi) / 2 - k - lgamma(k) + (k - 1) * psi(k)
            + ((k**2 + k) / (2 * lam**2) - m * k / lam + m**2 / 2) / s**2)


@register_kl(F.Gumbel, V.Normal)
def _kl_gumbel_normal(p, q):
    """-log(b/(s sqrt(2 pi))) + (pi b/s)^2/24 + ((m1 + b G - m2)/s)^2/2 - (G + 1)"""
    m1, b = p.args
    m2, s = q.args
    r = b / s
    return (-sp.log(r / sp.sqrt(2 * sp.pi)) + (sp.pi * r / 2) ** 2 / 3
            + ((m1 + b * G - m2) / s) ** 2 / 2 - (G + 1))


@register_kl(V.Laplace, V.Normal)
def _kl_laplace_normal(p, q):
    """-log(2 b^2/(pi s^2))/2 + b^2/s^2 + (m1 - m2)^2/(2 s^2) - 1"""
    m1, b = p.args
    m2, s = q.args
    r = b**2 / s**2
    return -sp.log(2 * r / sp.pi) / 2 + r + (m1 - m2) ** 2 / (2 * s**2) - 1


@register_kl(V.Normal, F.Gumbel)
def _kl_normal_gumbel(p, q):
    """-log(s/b) + (m1 - m2)/b + exp(-(m1 - m2)/b + s^2/(2 b^2)) - (1 + log(2 pi))/2"""
    m1, s = p.args
    m2, b = q.args
    return (-sp.log(s / b) + (m1 - m2) / b + sp.exp(-(m1 - m2) / b + s**2 / (2 * b**2))
            - (1 + sp.log(2 * sp.pi)) / 2)


@register_kl(V.Normal, V.Laplace)
def _kl_normal_laplace(p, q):
    """-log(s/b) + (s sqrt(2/pi) exp(-d^2/(2 s^2)) + d erf(d/(s sqrt 2)))/b
    - (1 + log(pi/2))/2,  d = m1 - m2"""
    m1, s = p.args
    m2, b = q.args
    d = m1 - m2
    return (-sp.log(s / b)
            + (sp.sqrt(2 / sp.pi) * s * sp.exp(-d**2 / (2 * s**2))
               + d * sp.erf(d / (sp.sqrt(2) * s)))
            / b - (1 + sp.log(sp.pi / 2)) / 2)


@register_kl(F.Pareto, V.Exponential)
def _kl_pareto_exponential(p, q):
    """log(a/(m r)) - 1/a + a m r/(a - 1) - 1 for a > 1; +oo otherwise"""
    m, a = p.args
    (r,) = q.args
    return finite_if(a > 1, sp.log(a / (m * r)) - 1 / a + a * m * r / (a - 1) - 1)


@register_kl(F.Pareto, V.Gamma)
def _kl_pareto_gamma(p, q):
    """log a - c + lgamma(k) - k log r + (1 - k) c + r a m/(a - 1) - 1 for a > 1,
    c = log m + 1/a; +oo otherwise"""
    m, a = p.args
    k, r = q.args
    c = sp.log(m) + 1 / a
    return finite_if(a > 1, sp.log(a) - c + lgamma(k) - k * sp.log(r) + (1 - k) * c
                     + r * a * m / (a - 1) - 1)


@register_kl(F.Pareto, V.Normal)
def _kl_pareto_normal(p, q):
    """log(sqrt(2 pi) s a/m) - 1/a + (a c^2/(a - 2) + (a c - mu)^2)/(2 s^2) - 1 for a > 2,
    c = m/(a - 1); +oo otherwise"""
    m, a = p.args
    mu, s = q.args
    c = m / (a - 1)
    return finite_if(a > 2, sp.log(sp.sqrt(2 * sp.pi) * s * a / m) - 1 / a
                     + (a * c**2 / (a - 2) + (a * c - mu) ** 2) / (2 * s**2) - 1)


@register_kl(V.Uniform, V.Beta)
def _kl_uniform_beta(p, q):
    """-log(h - l) - (a - 1)(h log h - l log l - (h - l))/(h - l)
    + (b - 1)((1-h) log(1-h) - (1-l) log(1-l) + (h - l))/(h - l) + log B(a, b),
    for [l, h] within [0, 1]; +oo otherwise"""
    lo, hi = p.args
    a, b = q.args
    w = hi - lo
    value = ((b - 1) * (xlogx(1 - hi) - xlogx(1 - lo) + w) / w
             + lgamma(a) + lgamma(b) - lgamma(a + b) - sp.log(w)
             - (a - 1) * (xlogx(hi) - xlogx(lo) - w) / w)
    return finite_if(sp.And(lo >= 0, hi <= 1), value)


@register_kl(V.Uniform, V.Exponential)
def _kl_uniform_exponential(p, q):
    """r (h + l)/2 - log((h - l) r) for l >= 0; +oo otherwise"""
    lo, hi = p.args
    (r,) = q.args
    return finite_if(lo >= 0, r * (hi + lo) / 2 - sp.log((hi - lo) * r))


@register_kl(V.Uniform, V.Gamma)
def _kl_uniform_gamma(p, q):
    """-log(h - l) + lgamma(k) - k log r + (1 - k)(h log h - l log l - (h - l))/(h - l)
    + r (h + l)/2 for l >= 0; +oo otherwise"""
    lo, hi = p.args
    k, r = q.args
    w = hi - lo
    return finite_if(lo >= 0, -sp.log(w) + lgamma(k) - k * sp.log(r)
                     + (1 - k) * (xlogx(hi) - xlogx(lo) - w) / w + r * (hi + lo) / 2)


@register_kl(V.Uniform, F.Gumbel)
def _kl_uniform_gumbel(p, q):
    """log(b/(h - l)) + (zh + zl)/2 - b/(h - l) (exp(-zh) - exp(-zl)), z = (x - m)/b"""
    lo, hi = p.args
    m, b = q.args
    c = b / (hi - lo)
    zh, zl = (hi - m) / b, (lo - m) / b
    return sp.log(c) + (zh + zl) / 2 - c * (sp.exp(-zh) - sp.exp(-zl))


@register_kl(V.Uniform, V.Normal)
def _kl_uniform_normal(p, q):
    """log(sqrt(2 pi) s/(h - l)) + ((h - l)^2/12 + ((h + l)/2 - m)^2)/(2 s^2)"""
    lo, hi = p.args
    m, s = q.args
    w = hi - lo
    return sp.log(sp.sqrt(2 * sp.pi) * s / w) + (w**2 / 12 + ((hi + lo) / 2 - m) ** 2) / (2 * s**2)


@register_kl(V.Uniform, F.Pareto)
def _kl_uniform_pareto(p, q):
    """(a + 1)(h log h - l log l - (h - l))/(h - l) - log(a m^a (h - l)) for l >= m;
    +oo otherwise"""
    lo, hi = p.args
    m, a = q.args
    w = hi - lo
    return finite_if(lo >= m, (a + 1) * (xlogx(hi) - xlogx(lo) - w) / w
                     - sp.log(a * m**a * w))


# ----------------------------------------------------------------------------- continuous Bernoulli


def _cross_entropy_to_cb(mean_p: sp.Expr, q) -> sp.Expr:
    """``-E_p[log q(x)]`` for a continuous Bernoulli q of parameter ``lam`` and a law p on
    [0, 1] of mean ``mean_p``: ``-log C(lam) - log(1 - lam) - E_p[x] log(lam/(1 - lam))``."""
    (lam,) = q.args
    return (-F.continuous_bernoulli_log_norm(lam) - sp.log(1 - lam)
            - mean_p * _cb_eta(lam))


@register_kl(F.ContinuousBernoulli, F.ContinuousBernoulli)
def _kl_cb_cb(p, q):
    """-H(p) - log C(l2) - log(1 - l2) - E_p[x] log(l2/(1 - l2))"""
    return -_h_cb(p) + _cross_entropy_to_cb(_mean_cb(p), q)


@register_kl(V.Beta, F.ContinuousBernoulli)
def _kl_beta_cb(p, q):
    """-H(p) - log C(l) - log(1 - l) - a/(a + b) log(l/(1 - l))"""
    return -_h_beta(p) + _cross_entropy_to_cb(_beta_mean(p), q)


@register_kl(V.Uniform, F.ContinuousBernoulli)
def _kl_uniform_cb(p, q):
    """-log(h - lo) - log C(l) - log(1 - l) - (lo + h)/2 log(l/(1 - l)) for [lo, h] within
    [0, 1]; +oo otherwise (torch 2.13 also answers +oo when lo = 0 or h = 1)"""
    lo, hi = p.args
    return finite_if(sp.And(lo >= 0, hi <= 1),
                     -sp.log(hi - lo) + _cross_entropy_to_cb((lo + hi) / 2, q))


@register_kl(F.ContinuousBernoulli, V.Exponential)
def _kl_cb_exponential(p, q):
    """-H(p) - log r + r E_p[x]"""
    (r,) = q.args
    return -_h_cb(p) - sp.log(r) + r * _mean_cb(p)


@register_kl(F.ContinuousBernoulli, V.Normal)
def _kl_cb_normal(p, q):
    """-H(p) + log(sqrt(2 pi) s) + (Var_p + (E_p[x] - m)^2)/(2 s^2)"""
    m, s = q.args
    return (-_h_cb(p) + sp.log(sp.sqrt(2 * sp.pi) * s)
            + (_var_cb(p) + (_mean_cb(p) - m) ** 2) / (2 * s**2))


@register_kl(F.ContinuousBernoulli, V.Uniform)
def _kl_cb_uniform(p, q):
    """-H(p) + log(h - lo) when [0, 1] lies in [lo, h]; +oo otherwise (torch 2.13 also
    answers +oo when lo = 0 or h = 1)"""
    lo, hi = q.args
    return finite_if(sp.And(lo <= 0, hi >= 1), -_h_cb(p) + sp.log(hi - lo))
