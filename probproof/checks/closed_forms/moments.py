"""Mean, variance, entropy, E[log x], moment generating function and cdf of each family.

One small function per entry, its formula in the docstring. Parameters are those of
the vocabulary (torch's order). ``G`` is Euler's constant, ``psi`` the digamma function.
"""

from __future__ import annotations

import sympy as sp

from probproof.checks.closed_forms.registry import register_entropy, register_moment
from probproof.derivations import families as F
from probproof.derivations import vocabulary as V

G = sp.EulerGamma
psi = sp.digamma
lgamma = sp.loggamma


def xlogx(a: sp.Expr) -> sp.Expr:
    """``a log a`` with ``0 log 0 = 0``."""
    return sp.S.Zero if a.is_zero else a * sp.log(a)


def finite_if(cond: sp.Basic, value: sp.Expr) -> sp.Expr:
    """``value`` where ``cond`` holds and +oo elsewhere (a moment that diverges)."""
    cond = sp.sympify(cond)
    if cond is sp.true:
        return value
    if cond is sp.false:
        return sp.oo
    return sp.Piecewise((value, cond), (sp.oo, True))


def only_if(cond: sp.Basic, value: sp.Expr) -> sp.Expr | None:
    """``value`` when ``cond`` certainly holds; ``None`` (no closed form here) otherwise."""
    return value if sp.sympify(cond) is sp.true else None


def _incomplete_gamma(fn: type, k: sp.Expr, x: sp.Expr) -> sp.Expr:
    """``fn(k, x)`` (lower or upper), left unexpanded for a large numeric shape: SymPy
    writes lowergamma(1000, x) out as a sum of a thousand terms."""
    return fn(k, x, evaluate=not (k.is_number and abs(k) > 20))


def _std_normal_cdf(z: sp.Expr) -> sp.Expr:
    return (1 + sp.erf(z / sp.sqrt(2))) / 2


def _real_cdf(x: sp.Expr, lo: sp.Expr, value: sp.Expr) -> sp.Expr:
    """A cdf that is 0 below ``lo`` (where the support begins)."""
    return sp.Piecewise((0, x < lo), (value, True))


# ----------------------------------------------------------------------------- Normal


@register_moment("mean", V.Normal)
def _mean_normal(d):
    """mu"""
    return d.args[0]


@register_moment("variance", V.Normal)
def _var_normal(d):
    """sigma^2"""
    return d.args[1] ** 2


@register_moment("mgf", V.Normal)
def _mgf_normal(d, t):
    """exp(mu t + sigma^2 t^2 / 2) for every t"""
    mu, s = d.args
    return sp.exp(mu * t + s**2 * t**2 / 2)


@register_moment("cdf", V.Normal)
def _cdf_normal(d, x):
    """(1 + erf((x - mu)/(sigma sqrt 2)))/2"""
    mu, s = d.args
    return _std_normal_cdf((x - mu) / s)


@register_entropy(V.Normal)
def _h_normal(d):
    """log(2 pi e sigma^2)/2"""
    return sp.log(2 * sp.pi * sp.E * d.args[1] ** 2) / 2


# ----------------------------------------------------------------------------- Laplace


@register_moment("mean", V.Laplace)
def _mean_laplace(d):
    """mu"""
    return d.args[0]


@register_moment("variance", V.Laplace)
def _var_laplace(d):
    """2 b^2"""
    return 2 * d.args[1] ** 2


@register_moment("mgf", V.Laplace)
def _mgf_laplace(d, t):
    """exp(mu t) / (1 - b^2 t^2) for |t| < 1/b; +oo beyond"""
    mu, b = d.args
    return finite_if(sp.Abs(t) < 1 / b, sp.exp(mu * t) / (1 - b**2 * t**2))


@register_moment("cdf", V.Laplace)
def _cdf_laplace(d, x):
    """exp((x - mu)/b)/2 below mu, 1 - exp(-(x - mu)/b)/2 above"""
    mu, b = d.args
    return sp.Piecewise((sp.exp((x - mu) / b) / 2, x < mu), (1 - sp.exp(-(x - mu) / b) / 2, True))


@register_entropy(V.Laplace)
def _h_laplace(d):
    """1 + log(2 b)"""
    return 1 + sp.log(2 * d.args[1])


# ----------------------------------------------------------------------------- Uniform


@register_moment("mean", V.Uniform)
def _mean_uniform(d):
    """(a + b)/2"""
    a, b = d.args
    return (a + b) / 2


@register_moment("variance", V.Uniform)
def _var_uniform(d):
    """(b - a)^2 / 12"""
    a, b = d.args
    return (b - a) ** 2 / 12


@register_moment("elog", V.Uniform)
def _elog_uniform(d):
    """(b log b - a log a)/(b - a) - 1 for a >= 0"""
    a, b = d.args
    return only_if(a >= 0, (xlogx(b) - xlogx(a)) / (b - a) - 1)


@register_moment("mgf", V.Uniform)
def _mgf_uniform(d, t):
    """(exp(t b) - exp(t a)) / (t (b - a)), and 1 at t = 0"""
    a, b = d.args
    value = (sp.exp(t * b) - sp.exp(t * a)) / (t * (b - a))
    if t.is_zero:
        return sp.S.One
    if t.is_zero is False:
        return value
    return sp.Piecewise((1, sp.Eq(t, 0)), (value, True))


@register_moment("cdf", V.Uniform)
def _cdf_uniform(d, x):
    """(x - a)/(b - a) on [a, b], 0 below, 1 above"""
    a, b = d.args
    return sp.Piecewise((0, x < a), ((x - a) / (b - a), x <= b), (1, True))


@register_entropy(V.Uniform)
def _h_uniform(d):
    """log(b - a)"""
    a, b = d.args
    return sp.log(b - a)


# ----------------------------------------------------------------------------- Exponential


@register_moment("mean", V.Exponential)
def _mean_exponential(d):
    """1/rate"""
    return 1 / d.args[0]


@register_moment("variance", V.Exponential)
def _var_exponential(d):
    """1/rate^2"""
    return 1 / d.args[0] ** 2


@register_moment("elog", V.Exponential)
def _elog_exponential(d):
    """-G - log(rate)"""
    return -G - sp.log(d.args[0])


@register_moment("mgf", V.Exponential)
def _mgf_exponential(d, t):
    """rate/(rate - t) for t < rate; +oo beyond"""
    (r,) = d.args
    return finite_if(t < r, r / (r - t))


@register_moment("cdf", V.Exponential)
def _cdf_exponential(d, x):
    """1 - exp(-rate x) for x >= 0"""
    return _real_cdf(x, 0, 1 - sp.exp(-d.args[0] * x))


@register_entropy(V.Exponential)
def _h_exponential(d):
    """1 - log(rate)"""
    return 1 - sp.log(d.args[0])


# ----------------------------------------------------------------------------- Gamma


@register_moment("mean", V.Gamma)
def _mean_gamma(d):
    """shape/rate"""
    k, r = d.args
    return k / r


@register_moment("variance", V.Gamma)
def _var_gamma(d):
    """shape/rate^2"""
    k, r = d.args
    return k / r**2


@register_moment("elog", V.Gamma)
def _elog_gamma(d):
    """psi(shape) - log(rate)"""
    k, r = d.args
    return psi(k) - sp.log(r)


@register_moment("mgf", V.Gamma)
def _mgf_gamma(d, t):
    """(1 - t/rate)^(-shape) for t < rate; +oo beyond"""
    k, r = d.args
    return finite_if(t < r, (1 - t / r) ** (-k))


@register_moment("cdf", V.Gamma)
def _cdf_gamma(d, x):
    """lowergamma(shape, rate x)/Gamma(shape) for x >= 0"""
    k, r = d.args
    return _real_cdf(x, 0, _incomplete_gamma(sp.lowergamma, k, r * x) / sp.gamma(k))


@register_entropy(V.Gamma)
def _h_gamma(d):
    """shape - log(rate) + lgamma(shape) + (1 - shape) psi(shape)"""
    k, r = d.args
    return k - sp.log(r) + lgamma(k) + (1 - k) * psi(k)


# ----------------------------------------------------------------------------- Beta


@register_moment("mean", V.Beta)
def _mean_beta(d):
    """a/(a + b)"""
    a, b = d.args
    return a / (a + b)


@register_moment("variance", V.Beta)
def _var_beta(d):
    """a b / ((a + b)^2 (a + b + 1))"""
    a, b = d.args
    return a * b / ((a + b) ** 2 * (a + b + 1))


@register_moment("elog", V.Beta)
def _elog_beta(d):
    """psi(a) - psi(a + b)"""
    a, b = d.args
    return psi(a) - psi(a + b)


@register_entropy(V.Beta)
def _h_beta(d):
    """log B(a, b) - (a - 1) psi(a) - (b - 1) psi(b) + (a + b - 2) psi(a + b)"""
    a, b = d.args
    return (lgamma(a) + lgamma(b) - lgamma(a + b) - (a - 1) * psi(a) - (b - 1) * psi(b)
            + (a + b - 2) * psi(a + b))


# ----------------------------------------------------------------------------- discrete


@register_moment("mean", V.Bernoulli)
def _mean_bernoulli(d):
    """p"""
    return d.args[0]


@register_moment("variance", V.Bernoulli)
def _var_bernoulli(d):
    """p (1 - p)"""
    (p,) = d.args
    return p * (1 - p)


@register_moment("mgf", V.Bernoulli)
def _mgf_bernoulli(d, t):
    """1 - p + p exp(t)"""
    (p,) = d.args
    return 1 - p + p * sp.exp(t)


@register_entropy(V.Bernoulli)
def _h_bernoulli(d):
    """-p log p - (1 - p) log(1 - p)"""
    (p,) = d.args
    return -xlogx(p) - xlogx(1 - p)


@register_moment("mean", V.Binomial)
def _mean_binomial(d):
    """n p"""
    n, p = d.args
    return n * p


@register_moment("variance", V.Binomial)
def _var_binomial(d):
    """n p (1 - p)"""
    n, p = d.args
    return n * p * (1 - p)


@register_moment("mgf", V.Binomial)
def _mgf_binomial(d, t):
    """(1 - p + p exp(t))^n"""
    n, p = d.args
    return (1 - p + p * sp.exp(t)) ** n


@register_moment("mean", V.Poisson)
def _mean_poisson(d):
    """rate"""
    return d.args[0]


@register_moment("variance", V.Poisson)
def _var_poisson(d):
    """rate"""
    return d.args[0]


@register_moment("mgf", V.Poisson)
def _mgf_poisson(d, t):
    """exp(rate (exp(t) - 1))"""
    (r,) = d.args
    return sp.exp(r * (sp.exp(t) - 1))


@register_moment("mean", V.Categorical)
def _mean_categorical(d):
    """sum_k k p_k"""
    return sp.Add(*[k * p for k, p in enumerate(d.probs)])


@register_moment("variance", V.Categorical)
def _var_categorical(d):
    """sum_k k^2 p_k - (sum_k k p_k)^2"""
    m = _mean_categorical(d)
    return sp.Add(*[k**2 * p for k, p in enumerate(d.probs)]) - m**2


@register_moment("mgf", V.Categorical)
def _mgf_categorical(d, t):
    """sum_k p_k exp(t k)"""
    return sp.Add(*[p * sp.exp(t * k) for k, p in enumerate(d.probs)])


@register_entropy(V.Categorical)
def _h_categorical(d):
    """-sum_k p_k log p_k"""
    return -sp.Add(*[xlogx(p) for p in d.probs])


@register_moment("mean", F.Geometric)
def _mean_geometric(d):
    """(1 - p)/p"""
    (p,) = d.args
    return (1 - p) / p


@register_moment("variance", F.Geometric)
def _var_geometric(d):
    """(1 - p)/p^2"""
    (p,) = d.args
    return (1 - p) / p**2


@register_moment("mgf", F.Geometric)
def _mgf_geometric(d, t):
    """p / (1 - (1 - p) exp(t)) for t < -log(1 - p); +oo beyond"""
    (p,) = d.args
    return finite_if((1 - p) * sp.exp(t) < 1, p / (1 - (1 - p) * sp.exp(t)))


@register_moment("cdf", F.Geometric)
def _cdf_geometric(d, x):
    """1 - (1 - p)^(floor(x) + 1) for x >= 0"""
    (p,) = d.args
    return _real_cdf(x, 0, 1 - (1 - p) ** (sp.floor(x) + 1))


@register_entropy(F.Geometric)
def _h_geometric(d):
    """-((1 - p) log(1 - p) + p log p)/p"""
    (p,) = d.args
    return -(xlogx(1 - p) + xlogx(p)) / p


@register_moment("mean", F.NegativeBinomial)
def _mean_negbin(d):
    """r p / (1 - p)"""
    r, p = d.args
    return r * p / (1 - p)


@register_moment("variance", F.NegativeBinomial)
def _var_negbin(d):
    """r p / (1 - p)^2"""
    r, p = d.args
    return r * p / (1 - p) ** 2


@register_moment("mgf", F.NegativeBinomial)
def _mgf_negbin(d, t):
    """((1 - p)/(1 - p exp(t)))^r for t < -log p; +oo beyond"""
    r, p = d.args
    return finite_if(p * sp.exp(t) < 1, ((1 - p) / (1 - p * sp.exp(t))) ** r)


register_moment("mean", F.DiscreteUniform)(_mean_uniform)  # (a + b)/2 as well


@register_moment("variance", F.DiscreteUniform)
def _var_dunif(d):
    """((b - a + 1)^2 - 1)/12"""
    a, b = d.args
    return ((b - a + 1) ** 2 - 1) / 12


@register_moment("mgf", F.DiscreteUniform)
def _mgf_dunif(d, t):
    """(exp(a t) - exp((b + 1) t)) / ((b - a + 1)(1 - exp(t))), and 1 at t = 0"""
    a, b = d.args
    value = (sp.exp(a * t) - sp.exp((b + 1) * t)) / ((b - a + 1) * (1 - sp.exp(t)))
    if t.is_zero:
        return sp.S.One
    if t.is_zero is False:
        return value
    return sp.Piecewise((1, sp.Eq(t, 0)), (value, True))


@register_entropy(F.DiscreteUniform)
def _h_dunif(d):
    """log(b - a + 1)"""
    a, b = d.args
    return sp.log(b - a + 1)


# ----------------------------------------------------------------------------- new continuous


@register_moment("mean", F.LogNormal)
def _mean_lognormal(d):
    """exp(mu + sigma^2/2)"""
    mu, s = d.args
    return sp.exp(mu + s**2 / 2)


@register_moment("variance", F.LogNormal)
def _var_lognormal(d):
    """(exp(sigma^2) - 1) exp(2 mu + sigma^2)"""
    mu, s = d.args
    return (sp.exp(s**2) - 1) * sp.exp(2 * mu + s**2)


@register_moment("elog", F.LogNormal)
def _elog_lognormal(d):
    """mu"""
    return d.args[0]


@register_moment("cdf", F.LogNormal)
def _cdf_lognormal(d, x):
    """Phi((log x - mu)/sigma) for x > 0"""
    mu, s = d.args
    return sp.Piecewise((0, x <= 0), (_std_normal_cdf((sp.log(x) - mu) / s), True))


@register_entropy(F.LogNormal)
def _h_lognormal(d):
    """mu + log(2 pi e sigma^2)/2"""
    mu, s = d.args
    return mu + sp.log(2 * sp.pi * sp.E * s**2) / 2


@register_moment("mean", F.StudentT)
def _mean_studentt(d):
    """mu for df > 1 (undefined otherwise)"""
    nu, mu, _s = d.args
    return only_if(nu > 1, mu)


@register_moment("variance", F.StudentT)
def _var_studentt(d):
    """sigma^2 df/(df - 2) for df > 2; +oo for 1 < df <= 2"""
    nu, _mu, s = d.args
    return only_if(nu > 1, finite_if(nu > 2, s**2 * nu / (nu - 2)))


@register_entropy(F.StudentT)
def _h_studentt(d):
    """(df + 1)/2 (psi((df + 1)/2) - psi(df/2)) + log(sqrt(df) B(df/2, 1/2)) + log sigma"""
    nu, _mu, s = d.args
    log_beta = lgamma(nu / 2) + lgamma(sp.S.Half) - lgamma((nu + 1) / 2)
    return ((nu + 1) / 2 * (psi((nu + 1) / 2) - psi(nu / 2)) + sp.log(nu) / 2 + log_beta
            + sp.log(s))


@register_moment("cdf", F.Cauchy)
def _cdf_cauchy(d, x):
    """1/2 + atan((x - mu)/gamma)/pi"""
    mu, g = d.args
    return sp.Rational(1, 2) + sp.atan((x - mu) / g) / sp.pi


@register_entropy(F.Cauchy)
def _h_cauchy(d):
    """log(4 pi gamma)"""
    return sp.log(4 * sp.pi * d.args[1])


@register_moment("mean", F.Gumbel)
def _mean_gumbel(d):
    """mu + beta G"""
    mu, b = d.args
    return mu + b * G


@register_moment("variance", F.Gumbel)
def _var_gumbel(d):
    """pi^2 beta^2 / 6"""
    return sp.pi**2 * d.args[1] ** 2 / 6


@register_moment("mgf", F.Gumbel)
def _mgf_gumbel(d, t):
    """Gamma(1 - beta t) exp(mu t) for t < 1/beta; +oo beyond"""
    mu, b = d.args
    return finite_if(b * t < 1, sp.gamma(1 - b * t) * sp.exp(mu * t))


@register_moment("cdf", F.Gumbel)
def _cdf_gumbel(d, x):
    """exp(-exp(-(x - mu)/beta))"""
    mu, b = d.args
    return sp.exp(-sp.exp(-(x - mu) / b))


@register_entropy(F.Gumbel)
def _h_gumbel(d):
    """log beta + G + 1"""
    return sp.log(d.args[1]) + G + 1


@register_moment("mean", F.Logistic)
def _mean_logistic(d):
    """mu"""
    return d.args[0]


@register_moment("variance", F.Logistic)
def _var_logistic(d):
    """s^2 pi^2 / 3"""
    return d.args[1] ** 2 * sp.pi**2 / 3


@register_moment("mgf", F.Logistic)
def _mgf_logistic(d, t):
    """exp(mu t) B(1 - s t, 1 + s t) for |t| < 1/s; +oo beyond"""
    mu, s = d.args
    return finite_if(sp.Abs(s * t) < 1,
                     sp.exp(mu * t) * sp.gamma(1 - s * t) * sp.gamma(1 + s * t))


@register_moment("cdf", F.Logistic)
def _cdf_logistic(d, x):
    """1/(1 + exp(-(x - mu)/s))"""
    mu, s = d.args
    return 1 / (1 + sp.exp(-(x - mu) / s))


@register_entropy(F.Logistic)
def _h_logistic(d):
    """log s + 2"""
    return sp.log(d.args[1]) + 2


@register_moment("mean", F.Weibull)
def _mean_weibull(d):
    """scale Gamma(1 + 1/shape)"""
    lam, k = d.args
    return lam * sp.gamma(1 + 1 / k)


@register_moment("variance", F.Weibull)
def _var_weibull(d):
    """scale^2 (Gamma(1 + 2/shape) - Gamma(1 + 1/shape)^2)"""
    lam, k = d.args
    return lam**2 * (sp.gamma(1 + 2 / k) - sp.gamma(1 + 1 / k) ** 2)


@register_moment("elog", F.Weibull)
def _elog_weibull(d):
    """log scale - G/shape"""
    lam, k = d.args
    return sp.log(lam) - G / k


@register_moment("cdf", F.Weibull)
def _cdf_weibull(d, x):
    """1 - exp(-(x/scale)^shape) for x >= 0"""
    lam, k = d.args
    return _real_cdf(x, 0, 1 - sp.exp(-((x / lam) ** k)))


@register_entropy(F.Weibull)
def _h_weibull(d):
    """G (1 - 1/shape) + log(scale/shape) + 1"""
    lam, k = d.args
    return G * (1 - 1 / k) + sp.log(lam / k) + 1


@register_moment("mean", F.Pareto)
def _mean_pareto(d):
    """alpha scale/(alpha - 1) for alpha > 1; +oo otherwise"""
    m, a = d.args
    return finite_if(a > 1, a * m / (a - 1))


@register_moment("variance", F.Pareto)
def _var_pareto(d):
    """scale^2 alpha / ((alpha - 1)^2 (alpha - 2)) for alpha > 2; +oo for 1 < alpha <= 2"""
    m, a = d.args
    return only_if(a > 1, finite_if(a > 2, m**2 * a / ((a - 1) ** 2 * (a - 2))))


@register_moment("elog", F.Pareto)
def _elog_pareto(d):
    """log scale + 1/alpha"""
    m, a = d.args
    return sp.log(m) + 1 / a


@register_moment("cdf", F.Pareto)
def _cdf_pareto(d, x):
    """1 - (scale/x)^alpha for x >= scale"""
    m, a = d.args
    return _real_cdf(x, m, 1 - (m / x) ** a)


@register_entropy(F.Pareto)
def _h_pareto(d):
    """log(scale/alpha) + 1 + 1/alpha"""
    m, a = d.args
    return sp.log(m / a) + 1 + 1 / a


@register_moment("mean", F.HalfNormal)
def _mean_halfnormal(d):
    """sigma sqrt(2/pi)"""
    return d.args[0] * sp.sqrt(2 / sp.pi)


@register_moment("variance", F.HalfNormal)
def _var_halfnormal(d):
    """sigma^2 (1 - 2/pi)"""
    return d.args[0] ** 2 * (1 - 2 / sp.pi)


@register_moment("elog", F.HalfNormal)
def _elog_halfnormal(d):
    """log sigma - (G + log 2)/2"""
    return sp.log(d.args[0]) - (G + sp.log(2)) / 2


@register_moment("mgf", F.HalfNormal)
def _mgf_halfnormal(d, t):
    """exp(sigma^2 t^2/2) (1 + erf(sigma t/sqrt 2))"""
    (s,) = d.args
    return sp.exp(s**2 * t**2 / 2) * (1 + sp.erf(s * t / sp.sqrt(2)))


@register_moment("cdf", F.HalfNormal)
def _cdf_halfnormal(d, x):
    """erf(x/(sigma sqrt 2)) for x >= 0"""
    return _real_cdf(x, 0, sp.erf(x / (d.args[0] * sp.sqrt(2))))


@register_entropy(F.HalfNormal)
def _h_halfnormal(d):
    """log(pi sigma^2 / 2)/2 + 1/2"""
    return sp.log(sp.pi * d.args[0] ** 2 / 2) / 2 + sp.Rational(1, 2)


@register_moment("mean", F.HalfCauchy)
def _mean_halfcauchy(d):
    """+oo"""
    return sp.oo


@register_moment("elog", F.HalfCauchy)
def _elog_halfcauchy(d):
    """log gamma"""
    return sp.log(d.args[0])


@register_moment("cdf", F.HalfCauchy)
def _cdf_halfcauchy(d, x):
    """2 atan(x/gamma)/pi for x >= 0"""
    return _real_cdf(x, 0, 2 * sp.atan(x / d.args[0]) / sp.pi)


@register_entropy(F.HalfCauchy)
def _h_halfcauchy(d):
    """log(2 pi gamma)"""
    return sp.log(2 * sp.pi * d.args[0])


@register_moment("mean", F.InverseGamma)
def _mean_invgamma(d):
    """rate/(shape - 1) for shape > 1; +oo otherwise"""
    a, b = d.args
    return finite_if(a > 1, b / (a - 1))


@register_moment("variance", F.InverseGamma)
def _var_invgamma(d):
    """rate^2 / ((shape - 1)^2 (shape - 2)) for shape > 2; +oo for 1 < shape <= 2"""
    a, b = d.args
    return only_if(a > 1, finite_if(a > 2, b**2 / ((a - 1) ** 2 * (a - 2))))


@register_moment("elog", F.InverseGamma)
def _elog_invgamma(d):
    """log rate - psi(shape)"""
    a, b = d.args
    return sp.log(b) - psi(a)


@register_moment("cdf", F.InverseGamma)
def _cdf_invgamma(d, x):
    """uppergamma(shape, rate/x)/Gamma(shape) for x > 0"""
    a, b = d.args
    return sp.Piecewise((0, x <= 0), (_incomplete_gamma(sp.uppergamma, a, b / x) / sp.gamma(a),
                                      True))


@register_entropy(F.InverseGamma)
def _h_invgamma(d):
    """shape + log(rate) + lgamma(shape) - (1 + shape) psi(shape)"""
    a, b = d.args
    return a + sp.log(b) + lgamma(a) - (1 + a) * psi(a)


def _kumaraswamy_moment(d, n: int) -> sp.Expr:
    """E[x^n] = b B(1 + n/a, b)"""
    a, b = d.args
    return b * sp.gamma(1 + n / a) * sp.gamma(b) / sp.gamma(1 + n / a + b)


@register_moment("mean", F.Kumaraswamy)
def _mean_kumaraswamy(d):
    """b B(1 + 1/a, b)"""
    return _kumaraswamy_moment(d, 1)


@register_moment("variance", F.Kumaraswamy)
def _var_kumaraswamy(d):
    """b B(1 + 2/a, b) - (b B(1 + 1/a, b))^2"""
    return _kumaraswamy_moment(d, 2) - _kumaraswamy_moment(d, 1) ** 2


@register_moment("elog", F.Kumaraswamy)
def _elog_kumaraswamy(d):
    """(psi(1) - psi(b + 1))/a  (x^a is Beta(1, b))"""
    a, b = d.args
    return (psi(1) - psi(b + 1)) / a


@register_moment("cdf", F.Kumaraswamy)
def _cdf_kumaraswamy(d, x):
    """1 - (1 - x^a)^b on [0, 1]"""
    a, b = d.args
    return sp.Piecewise((0, x <= 0), (1 - (1 - x**a) ** b, x < 1), (1, True))


@register_entropy(F.Kumaraswamy)
def _h_kumaraswamy(d):
    """(1 - 1/b) + (1 - 1/a) H_b - log(a b), H_b = psi(b + 1) + G"""
    a, b = d.args
    return (1 - 1 / b) + (1 - 1 / a) * (psi(b + 1) + G) - sp.log(a * b)


# ----------------------------------------------------------------------------- continuous Bernoulli
# With eta = log(lam/(1 - lam)) = -2 atanh(1 - 2 lam) the density is eta exp(eta x)/expm1(eta)
# on [0, 1]; every form below has a removable singularity at lam = 1/2 (the uniform law),
# where the Piecewise gives the limit.


def _cb_flat(d, at_half: sp.Expr, value: sp.Expr) -> sp.Expr:
    (lam,) = d.args
    return sp.Piecewise((at_half, sp.Eq(lam, sp.S.Half)), (value, True))


def _cb_eta(lam: sp.Expr) -> sp.Expr:
    return -2 * sp.atanh(1 - 2 * lam)


@register_moment("mean", F.ContinuousBernoulli)
def _mean_cb(d):
    """lam/(2 lam - 1) + 1/(2 atanh(1 - 2 lam)); 1/2 at lam = 1/2"""
    return _cb_flat(d, sp.S.Half, _cb_mean_off_half(d.args[0]))


def _cb_mean_off_half(lam: sp.Expr) -> sp.Expr:
    return lam / (2 * lam - 1) + 1 / (2 * sp.atanh(1 - 2 * lam))


@register_moment("variance", F.ContinuousBernoulli)
def _var_cb(d):
    """lam (lam - 1)/(1 - 2 lam)^2 + 1/(2 atanh(1 - 2 lam))^2; 1/12 at lam = 1/2"""
    (lam,) = d.args
    return _cb_flat(d, sp.Rational(1, 12), lam * (lam - 1) / (1 - 2 * lam) ** 2
                    + 1 / (2 * sp.atanh(1 - 2 * lam)) ** 2)


@register_moment("cdf", F.ContinuousBernoulli)
def _cdf_cb(d, x):
    """(lam^x (1 - lam)^(1 - x) + lam - 1)/(2 lam - 1) on [0, 1]; x at lam = 1/2"""
    (lam,) = d.args
    inside = _cb_flat(d, x, (lam**x * (1 - lam) ** (1 - x) + lam - 1) / (2 * lam - 1))
    return sp.Piecewise((0, x <= 0), (inside, x < 1), (1, True))


@register_entropy(F.ContinuousBernoulli)
def _h_cb(d):
    """-log C(lam) - log(1 - lam) - eta E[x], C = 2 atanh(1 - 2 lam)/(1 - 2 lam); 0 at 1/2"""
    (lam,) = d.args
    value = (-F.continuous_bernoulli_log_norm_off_half(lam) - sp.log(1 - lam)
             - _cb_eta(lam) * _cb_mean_off_half(lam))
    return _cb_flat(d, sp.S.Zero, value)


# ----------------------------------------------------------------------------- Fisher-Snedecor


@register_moment("mean", F.FisherSnedecor)
def _mean_fisher(d):
    """df2/(df2 - 2) for df2 > 2; +oo otherwise"""
    _d1, d2 = d.args
    return finite_if(d2 > 2, d2 / (d2 - 2))


@register_moment("variance", F.FisherSnedecor)
def _var_fisher(d):
    """2 df2^2 (df1 + df2 - 2)/(df1 (df2 - 2)^2 (df2 - 4)) for df2 > 4; +oo for 2 < df2 <= 4"""
    d1, d2 = d.args
    return only_if(d2 > 2, finite_if(d2 > 4, 2 * d2**2 * (d1 + d2 - 2)
                                     / (d1 * (d2 - 2) ** 2 * (d2 - 4))))


@register_moment("elog", F.FisherSnedecor)
def _elog_fisher(d):
    """log(df2/df1) + psi(df1/2) - psi(df2/2)"""
    d1, d2 = d.args
    return sp.log(d2 / d1) + psi(d1 / 2) - psi(d2 / 2)


@register_entropy(F.FisherSnedecor)
def _h_fisher(d):
    """log(df2/df1) + log B(a, b) + (1 - a) psi(a) - (1 + b) psi(b) + (a + b) psi(a + b),
    a = df1/2, b = df2/2"""
    d1, d2 = d.args
    a, b = d1 / 2, d2 / 2
    return (sp.log(d2 / d1) + lgamma(a) + lgamma(b) - lgamma(a + b) + (1 - a) * psi(a)
            - (1 + b) * psi(b) + (a + b) * psi(a + b))


# ----------------------------------------------------------------------------- generalized Pareto


@register_moment("mean", F.GeneralizedPareto)
def _mean_genpareto(d):
    """loc + scale/(1 - xi) for xi < 1; +oo otherwise"""
    loc, s, xi = d.args
    return finite_if(xi < 1, loc + s / (1 - xi))


@register_moment("variance", F.GeneralizedPareto)
def _var_genpareto(d):
    """scale^2/((1 - xi)^2 (1 - 2 xi)) for xi < 1/2; +oo for 1/2 <= xi < 1"""
    _loc, s, xi = d.args
    return only_if(xi < 1, finite_if(xi < sp.S.Half, s**2 / ((1 - xi) ** 2 * (1 - 2 * xi))))


@register_moment("cdf", F.GeneralizedPareto)
def _cdf_genpareto(d, x):
    """1 - (1 + xi z)^(-1/xi), z = (x - loc)/scale, on the support; 1 - exp(-z) at xi = 0"""
    loc, s, xi = d.args
    z = (x - loc) / s
    if xi.is_zero:
        inside = 1 - sp.exp(-z)
    else:
        inside = 1 - (1 + xi * z) ** (-1 / xi)
        if xi.is_zero is not False:
            inside = sp.Piecewise((1 - sp.exp(-z), sp.Eq(xi, 0)), (inside, True))
    if xi.is_nonnegative:
        return _real_cdf(x, loc, inside)
    # the support ends at loc - scale/xi for xi < 0 (x >= that end is xi z <= -1)
    return sp.Piecewise((0, x < loc), (1, sp.And(xi < 0, xi * z <= -1)), (inside, True))


@register_entropy(F.GeneralizedPareto)
def _h_genpareto(d):
    """log(scale) + xi + 1"""
    _loc, s, xi = d.args
    return sp.log(s) + xi + 1


@register_entropy(F.VonMises)
def _h_vonmises(d):
    """log(2 pi I0(kappa)) - kappa I1(kappa)/I0(kappa)"""
    _mu, k = d.args
    return sp.log(2 * sp.pi * sp.besseli(0, k)) - k * sp.besseli(1, k) / sp.besseli(0, k)


@register_moment("mean", F.Chi2)
def _mean_chi2(d):
    """df"""
    return d.args[0]


@register_moment("variance", F.Chi2)
def _var_chi2(d):
    """2 df"""
    return 2 * d.args[0]


@register_entropy(F.Dirichlet)
def _h_dirichlet(d):
    """log B(a) + (a0 - K) psi(a0) - sum_j (a_j - 1) psi(a_j),  a0 = sum_j a_j"""
    a = d.concentration
    a0 = sp.Add(*a)
    log_b = sp.Add(*[lgamma(x) for x in a]) - lgamma(a0)
    return log_b + (a0 - len(a)) * psi(a0) - sp.Add(*[(x - 1) * psi(x) for x in a])


@register_entropy(V.MvNormal)
def _h_mvnormal(d):
    """(k log(2 pi e) + log det Sigma)/2"""
    return (d.dim * sp.log(2 * sp.pi * sp.E) + sp.log(d.cov_matrix.det())) / 2
