"""The families of ``torch.distributions`` beyond the first dozen, as SymPy objects.

Parameters have the order and meaning of ``torch.distributions`` (DESIGN.md,
"More of the field's vocabulary"); ``Logistic`` and ``DiscreteUniform``, which
torch lacks, follow ``scipy.stats``. Each class gives its log density (log mass)
with the support as a condition, its support as a SymPy set, and rejects a
parameter that is certainly outside its domain (a symbolic one passes; the
numeric layer rejects it at a point).

Only SymPy is imported here.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.containers import Tuple

from probproof.derivations.vocabulary import (
    Distribution,
    InvalidParameter,
    _in_support_piecewise,
    _require,
)


def _positive(cls_name: str, names: tuple[str, ...], values: tuple[sp.Expr, ...]) -> None:
    for name, v in zip(names, values, strict=True):
        _require(v.is_positive is not False, f"{cls_name}: {name} must be > 0, got {v}")


def _real(cls_name: str, name: str, v: sp.Expr) -> None:
    _require(v.is_extended_real is not False, f"{cls_name}: {name} must be real, got {v}")


def _probability(cls_name: str, name: str, v: sp.Expr, open_at: tuple[bool, bool]) -> None:
    """``v`` in [0, 1], with either end excluded when ``open_at`` says so."""
    lo_ok = v.is_positive if open_at[0] else v.is_nonnegative
    _require(lo_ok is not False, f"{cls_name}: {name} must be in the interval allowed, got {v}")
    if v.is_number:
        ok = bool(v < 1) if open_at[1] else bool(v <= 1)
        _require(ok, f"{cls_name}: {name} must be a probability"
                     f"{' below 1' if open_at[1] else ''}, got {v}")


class _Continuous(Distribution):
    """A scalar continuous family: subclasses give ``_log_density`` on ``support()``."""

    def _log_density(self, x: sp.Expr) -> sp.Expr:
        raise NotImplementedError

    def logpdf(self, x):
        return _in_support_piecewise(x, self.support(), self._log_density(x), -sp.oo)

    def pdf(self, x):
        return _in_support_piecewise(x, self.support(), sp.exp(self._log_density(x)), sp.S.Zero)

    def _validate(self) -> None:
        _positive(type(self).__name__, self.param_names, self.args)


class LogNormal(_Continuous):
    """``LogNormal(mu, sigma)``: ``log x ~ Normal(mu, sigma)``, on (0, oo)."""

    nparams = 2
    param_names = ("mu", "sigma")

    def _validate(self) -> None:
        _real("LogNormal", "mu", self.args[0])
        _positive("LogNormal", ("sigma",), self.args[1:])

    def _log_density(self, x):
        mu, s = self.args
        return -((sp.log(x) - mu) ** 2) / (2 * s**2) - sp.log(x * s) - sp.log(2 * sp.pi) / 2

    def support(self):
        return sp.Interval.open(0, sp.oo)

    def cdf_formula(self, x):
        mu, s = self.args
        return sp.Piecewise((sp.S.Zero, x <= 0),
                            (sp.erfc((mu - sp.log(x)) / (s * sp.sqrt(2))) / 2, True))


class StudentT(_Continuous):
    """``StudentT(df, mu, sigma)``: Student's t with ``df`` degrees of freedom, location, scale."""

    nparams = 3
    param_names = ("df", "mu", "sigma")

    def _validate(self) -> None:
        df, mu, s = self.args
        _positive("StudentT", ("df", "sigma"), (df, s))
        _real("StudentT", "mu", mu)

    def _log_density(self, x):
        nu, mu, s = self.args
        return (sp.loggamma((nu + 1) / 2) - sp.loggamma(nu / 2) - sp.log(nu * sp.pi) / 2
                - sp.log(s) - (nu + 1) / 2 * sp.log(1 + ((x - mu) / s) ** 2 / nu))

    def support(self):
        return sp.Reals


class Cauchy(_Continuous):
    """``Cauchy(mu, gamma)``: location ``mu``, scale ``gamma`` > 0."""

    nparams = 2
    param_names = ("mu", "gamma")

    def _validate(self) -> None:
        _real("Cauchy", "mu", self.args[0])
        _positive("Cauchy", ("gamma",), self.args[1:])

    def _log_density(self, x):
        mu, g = self.args
        return -sp.log(sp.pi * g * (1 + ((x - mu) / g) ** 2))

    def support(self):
        return sp.Reals

    def cdf_formula(self, x):
        # 1/2 + atan(z)/pi, and -atan(1/z)/pi below the location, where the first cancels
        mu, g = self.args
        z = (x - mu) / g
        return sp.Piecewise((-sp.atan(1 / z) / sp.pi, z < 0), (sp.S.Half + sp.atan(z) / sp.pi,
                                                                 True))


class Gumbel(_Continuous):
    """``Gumbel(mu, beta)``: density ``exp(-(z + exp(-z)))/beta``, ``z = (x-mu)/beta``."""

    nparams = 2
    param_names = ("mu", "beta")

    def _validate(self) -> None:
        _real("Gumbel", "mu", self.args[0])
        _positive("Gumbel", ("beta",), self.args[1:])

    def _log_density(self, x):
        mu, b = self.args
        z = (x - mu) / b
        return -(z + sp.exp(-z)) - sp.log(b)

    def support(self):
        return sp.Reals

    def cdf_formula(self, x):
        mu, b = self.args
        return sp.exp(-sp.exp(-(x - mu) / b))


class Logistic(_Continuous):
    """``Logistic(mu, s)``: density ``exp(-z)/(s (1 + exp(-z))**2)``, ``z = (x - mu)/s``."""

    nparams = 2
    param_names = ("mu", "s")

    def _validate(self) -> None:
        _real("Logistic", "mu", self.args[0])
        _positive("Logistic", ("s",), self.args[1:])

    def _log_density(self, x):
        mu, s = self.args
        z = (x - mu) / s
        return -z - sp.log(s) - 2 * sp.log(1 + sp.exp(-z))

    def support(self):
        return sp.Reals

    def cdf_formula(self, x):
        mu, s = self.args
        return 1 / (1 + sp.exp(-(x - mu) / s))


class Weibull(_Continuous):
    """``Weibull(scale, shape)``: density ``k/l (x/l)**(k-1) exp(-(x/l)**k)`` on (0, oo)."""

    nparams = 2
    param_names = ("scale", "shape")

    def _log_density(self, x):
        lam, k = self.args
        return sp.log(k / lam) + (k - 1) * sp.log(x / lam) - (x / lam) ** k

    def support(self):
        return sp.Interval.open(0, sp.oo)

    def cdf_formula(self, x):
        lam, k = self.args
        return sp.Piecewise((sp.S.Zero, x <= 0), (1 - sp.exp(-((x / lam) ** k)), True))


class Pareto(_Continuous):
    """``Pareto(scale, alpha)``: density ``alpha scale**alpha / x**(alpha+1)`` on [scale, oo)."""

    nparams = 2
    param_names = ("scale", "alpha")

    def _log_density(self, x):
        m, a = self.args
        return sp.log(a) + a * sp.log(m) - (a + 1) * sp.log(x)

    def support(self):
        return sp.Interval(self.args[0], sp.oo)

    def cdf_formula(self, x):
        m, a = self.args
        return sp.Piecewise((sp.S.Zero, x <= m), (1 - (m / x) ** a, True))


class HalfNormal(_Continuous):
    """``HalfNormal(sigma)``: ``|z|`` for ``z ~ Normal(0, sigma)``, on [0, oo)."""

    nparams = 1
    param_names = ("sigma",)

    def _log_density(self, x):
        (s,) = self.args
        return sp.log(2) - x**2 / (2 * s**2) - sp.log(s) - sp.log(2 * sp.pi) / 2

    def support(self):
        return sp.Interval(0, sp.oo)

    def cdf_formula(self, x):
        (s,) = self.args
        return sp.Piecewise((sp.S.Zero, x <= 0), (sp.erf(x / (s * sp.sqrt(2))), True))


class HalfCauchy(_Continuous):
    """``HalfCauchy(gamma)``: ``|z|`` for ``z ~ Cauchy(0, gamma)``, on [0, oo)."""

    nparams = 1
    param_names = ("gamma",)

    def _log_density(self, x):
        (g,) = self.args
        return sp.log(2) - sp.log(sp.pi * g * (1 + (x / g) ** 2))

    def support(self):
        return sp.Interval(0, sp.oo)

    def cdf_formula(self, x):
        (g,) = self.args
        return sp.Piecewise((sp.S.Zero, x <= 0), (2 * sp.atan(x / g) / sp.pi, True))


class Chi2(_Continuous):
    """``Chi2(df)``: ``Gamma(df/2, rate=1/2)`` on (0, oo)."""

    nparams = 1
    param_names = ("df",)

    def _log_density(self, x):
        (k,) = self.args
        return (k / 2 - 1) * sp.log(x) - x / 2 - k / 2 * sp.log(2) - sp.loggamma(k / 2)

    def support(self):
        return sp.Interval.open(0, sp.oo)


class InverseGamma(_Continuous):
    """``InverseGamma(shape, rate)``: ``1/y`` for ``y ~ Gamma(shape, rate)``, on (0, oo)."""

    nparams = 2
    param_names = ("shape", "rate")

    def _log_density(self, x):
        a, b = self.args
        return a * sp.log(b) - sp.loggamma(a) - (a + 1) * sp.log(x) - b / x

    def support(self):
        return sp.Interval.open(0, sp.oo)


class Kumaraswamy(_Continuous):
    """``Kumaraswamy(a, b)``: density ``a b x**(a-1) (1 - x**a)**(b-1)`` on (0, 1)."""

    nparams = 2
    param_names = ("a", "b")

    def _log_density(self, x):
        a, b = self.args
        return sp.log(a * b) + (a - 1) * sp.log(x) + (b - 1) * sp.log(1 - x**a)

    def support(self):
        return sp.Interval.open(0, 1)


class VonMises(_Continuous):
    """``VonMises(mu, kappa)``: density ``exp(kappa cos(x - mu))/(2 pi I0(kappa))``, (-pi, pi]."""

    nparams = 2
    param_names = ("mu", "kappa")

    def _validate(self) -> None:
        _real("VonMises", "mu", self.args[0])
        _positive("VonMises", ("kappa",), self.args[1:])

    def _log_density(self, x):
        mu, k = self.args
        return k * sp.cos(x - mu) - sp.log(2 * sp.pi * sp.besseli(0, k))

    def support(self):
        return sp.Interval.Lopen(-sp.pi, sp.pi)


def continuous_bernoulli_log_norm_off_half(lam: sp.Expr) -> sp.Expr:
    """``log C(lam)``, ``C = 2 atanh(1 - 2 lam)/(1 - 2 lam)``, for ``lam != 1/2``."""
    return sp.log(2 * sp.atanh(1 - 2 * lam) / (1 - 2 * lam))


def continuous_bernoulli_log_norm(lam: sp.Expr) -> sp.Expr:
    """``log C(lam)``, with its limit ``log 2`` at ``lam = 1/2``."""
    return sp.Piecewise((sp.log(2), sp.Eq(lam, sp.S.Half)),
                        (continuous_bernoulli_log_norm_off_half(lam), True))


class ContinuousBernoulli(_Continuous):
    """``ContinuousBernoulli(probs)``: density ``C(lam) lam**x (1 - lam)**(1 - x)`` on
    [0, 1] (Loaiza-Ganem and Cunningham, 2019), ``C = 2 atanh(1 - 2 lam)/(1 - 2 lam)``,
    the uniform law at ``lam = 1/2``."""

    nparams = 1
    param_names = ("probs",)

    def _validate(self) -> None:
        _probability("ContinuousBernoulli", "probs", self.args[0], (True, True))

    def _log_density(self, x):
        (lam,) = self.args
        return (continuous_bernoulli_log_norm(lam) + x * sp.log(lam)
                + (1 - x) * sp.log(1 - lam))

    def support(self):
        return sp.Interval(0, 1)


class FisherSnedecor(_Continuous):
    """``FisherSnedecor(df1, df2)``: the law of ``(u/df1)/(v/df2)`` for independent
    ``u ~ Chi2(df1)``, ``v ~ Chi2(df2)``; on (0, oo)."""

    nparams = 2
    param_names = ("df1", "df2")

    def _log_density(self, x):
        d1, d2 = self.args
        return (d1 / 2 * sp.log(d1 / d2) + (d1 / 2 - 1) * sp.log(x)
                - (d1 + d2) / 2 * sp.log(1 + d1 * x / d2)
                - (sp.loggamma(d1 / 2) + sp.loggamma(d2 / 2) - sp.loggamma((d1 + d2) / 2)))

    def support(self):
        return sp.Interval.open(0, sp.oo)


class GeneralizedPareto(_Continuous):
    """``GeneralizedPareto(loc, scale, concentration)``: density
    ``(1 + xi z)**(-1/xi - 1)/scale``, ``z = (x - loc)/scale``, on ``[loc, oo)`` for
    ``xi >= 0`` and ``[loc, loc - scale/xi]`` for ``xi < 0``; ``exp(-z)/scale`` at
    ``xi = 0``."""

    nparams = 3
    param_names = ("loc", "scale", "concentration")

    def _validate(self) -> None:
        loc, scale, xi = self.args
        _real("GeneralizedPareto", "loc", loc)
        _positive("GeneralizedPareto", ("scale",), (scale,))
        _real("GeneralizedPareto", "concentration", xi)

    def _log_density(self, x):
        loc, scale, xi = self.args
        z = (x - loc) / scale
        if xi.is_zero:
            return -z - sp.log(scale)
        general = -(1 / xi + 1) * sp.log(1 + xi * z) - sp.log(scale)
        if xi.is_zero is False:
            return general
        return sp.Piecewise((-z - sp.log(scale), sp.Eq(xi, 0)), (general, True))

    def support(self):
        loc, scale, xi = self.args
        if xi.is_nonnegative:
            return sp.Interval(loc, sp.oo)
        if xi.is_negative:
            return sp.Interval(loc, loc - scale / xi)
        return sp.Interval(loc, sp.Piecewise((sp.oo, xi >= 0), (loc - scale / xi, True)))


# ----------------------------------------------------------------------------- discrete


class _Discrete(Distribution):
    discrete = True

    def _log_mass(self, k: sp.Expr) -> sp.Expr:
        raise NotImplementedError

    def _in_support(self, k: sp.Expr) -> sp.Basic:
        return k >= 0

    def logpdf(self, x):
        return sp.Piecewise((self._log_mass(x), self._in_support(x)), (-sp.oo, True))

    def pdf(self, x):
        return sp.Piecewise((sp.exp(self._log_mass(x)), self._in_support(x)), (0, True))

    def support(self):
        return sp.Naturals0


class Geometric(_Discrete):
    """``Geometric(p)``: failures before the first success, ``p (1-p)**k`` for k = 0, 1, ..."""

    nparams = 1
    param_names = ("p",)

    def _validate(self) -> None:
        _probability("Geometric", "p", self.args[0], (True, False))

    def _log_mass(self, k):
        (p,) = self.args
        return sp.log(p) + k * sp.log(1 - p)

    def pdf(self, x):
        (p,) = self.args
        return sp.Piecewise((p * (1 - p) ** x, x >= 0), (0, True))


class NegativeBinomial(_Discrete):
    """``NegativeBinomial(r, p)`` (torch's meaning): successes, each of probability ``p``,
    before the ``r``-th failure: ``binomial(k + r - 1, k) p**k (1-p)**r``."""

    nparams = 2
    param_names = ("r", "p")

    def _validate(self) -> None:
        r, p = self.args
        _positive("NegativeBinomial", ("r",), (r,))
        _probability("NegativeBinomial", "p", p, (False, True))

    def _log_mass(self, k):
        r, p = self.args
        return (sp.loggamma(k + r) - sp.loggamma(r) - sp.loggamma(k + 1)
                + k * sp.log(p) + r * sp.log(1 - p))

    def pdf(self, x):
        r, p = self.args
        return sp.Piecewise((sp.gamma(x + r) / (sp.gamma(r) * sp.factorial(x))
                             * p**x * (1 - p) ** r, x >= 0), (0, True))


class DiscreteUniform(_Discrete):
    """``DiscreteUniform(a, b)``: the integers a, a+1, ..., b, each of mass ``1/(b - a + 1)``."""

    nparams = 2
    param_names = ("a", "b")

    def _validate(self) -> None:
        a, b = self.args
        for name, v in (("a", a), ("b", b)):
            _require(v.is_integer is not False, f"DiscreteUniform: {name} must be an integer, "
                                                f"got {v}")
        _require((b - a).is_nonnegative is not False,
                 f"DiscreteUniform: need a <= b, got a = {a}, b = {b}")

    def _in_support(self, k):
        a, b = self.args
        return sp.And(k >= a, k <= b)

    def _log_mass(self, k):
        a, b = self.args
        return -sp.log(b - a + 1)

    def pdf(self, x):
        a, b = self.args
        return sp.Piecewise((1 / (b - a + 1), self._in_support(x)), (0, True))

    def support(self):
        a, b = self.args
        return sp.Range(a, b + 1)


# ----------------------------------------------------------------------------- multivariate


def _vector(name: str, values) -> Tuple:
    if not isinstance(values, (list, tuple, Tuple)):
        raise InvalidParameter(f"{name} takes a list: {name}([a1, ..., ak])")
    return Tuple(*values)


class Dirichlet(Distribution):
    """``Dirichlet([a1, ..., ak])`` on the simplex ``{x >= 0, sum x = 1}``; the density is
    with respect to the Lebesgue measure of the first k - 1 coordinates."""

    nparams = 1
    param_names = ("concentration",)

    def __new__(cls, concentration):
        return super().__new__(cls, _vector("Dirichlet", concentration))

    def _validate(self) -> None:
        a = self.concentration
        if not 2 <= len(a) <= 8:
            raise InvalidParameter("Dirichlet: between 2 and 8 concentrations")
        _positive("Dirichlet", ("concentration",) * len(a), a)

    @property
    def concentration(self) -> tuple[sp.Expr, ...]:
        return tuple(self.args[0])

    @property
    def dim(self) -> int:
        return len(self.args[0])

    def logpdf(self, x):
        a = self.concentration
        xs = list(x)
        return (sp.loggamma(sp.Add(*a)) - sp.Add(*[sp.loggamma(ai) for ai in a])
                + sp.Add(*[(ai - 1) * sp.log(xi) for ai, xi in zip(a, xs, strict=True)]))

    def support(self):
        return sp.Interval(0, 1) ** self.dim


class Multinomial(Distribution):
    """``Multinomial(n, [p1, ..., pk])``: counts of n draws from the categories."""

    nparams = 2
    discrete = True
    param_names = ("n", "probs")

    def __new__(cls, n, probs):
        return super().__new__(cls, n, _vector("Multinomial", probs))

    def _validate(self) -> None:
        n, probs = self.args[0], self.probs
        _require(n.is_integer is not False and n.is_nonnegative is not False,
                 f"Multinomial: n must be a nonnegative integer, got {n}")
        if not 2 <= len(probs) <= 8:
            raise InvalidParameter("Multinomial: between 2 and 8 probabilities")
        for p in probs:
            _require(p.is_nonnegative is not False,
                     f"Multinomial: probabilities must be >= 0, got {p}")
        total = sp.Add(*probs)
        if total.is_number:
            _require(abs(float(total) - 1) < 1e-12,
                     f"Multinomial: probabilities must sum to 1, they sum to {total}")

    @property
    def probs(self) -> tuple[sp.Expr, ...]:
        return tuple(self.args[1])

    @property
    def dim(self) -> int:
        return len(self.args[1])

    def logpdf(self, x):
        n = self.args[0]
        xs = list(x)
        inside = sp.And(sp.Eq(sp.Add(*xs), n), *[xi >= 0 for xi in xs])
        value = (sp.loggamma(n + 1) - sp.Add(*[sp.loggamma(xi + 1) for xi in xs])
                 + sp.Add(*[xi * sp.log(p) for xi, p in zip(xs, self.probs, strict=True)]))
        return sp.Piecewise((value, inside), (-sp.oo, True))

    def pdf(self, x):
        return sp.exp(self.logpdf(x))

    def support(self):
        return sp.Naturals0**self.dim


FAMILIES: dict[str, type[Distribution]] = {
    cls.__name__: cls
    for cls in (LogNormal, StudentT, Cauchy, Gumbel, Logistic, Weibull, Pareto, HalfNormal,
                HalfCauchy, Chi2, InverseGamma, Kumaraswamy, VonMises, ContinuousBernoulli,
                FisherSnedecor, GeneralizedPareto, Geometric,
                NegativeBinomial, DiscreteUniform, Dirichlet, Multinomial)
}
