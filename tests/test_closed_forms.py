"""Every entry of the closed-form table against scipy.stats or torch.distributions.

Expected values come from scipy (means, variances, entropies, cdfs; E[log x] and the
moment generating function by scipy's quadrature or summation of the definition) and
from torch (``kl_divergence``; Kumaraswamy's moments), never from probproof. Each entry
is tried at 20 or more parameter points, with shapes near 0 (0.05) and far out (1000)
where the value is finite in float64.
"""

from __future__ import annotations

import itertools
import math

import mpmath
import numpy as np
import pytest
import sympy as sp
import torch
import torch.distributions as TD
from scipy import integrate, special, stats

from probproof.checks.closed_forms import (
    entropy_closed_form,
    kl_closed_form,
    moment_closed_form,
)
from probproof.derivations import families as F
from probproof.derivations import vocabulary as V

SHAPES = [0.05, 0.3, 1.0, 2.5, 7.0, 1000.0]
MODEST = [0.05, 0.3, 1.0, 2.5, 7.0]
LOCS = [-3.0, 0.0, 1.5]
PROBS = [0.05, 0.3, 0.5, 0.8, 0.95]


def _points(*grids: list, n: int = 24) -> list[tuple]:
    """At least 20 (or all) points of the grid product, extremes included."""
    full = list(itertools.product(*grids))
    if len(full) <= n:
        return full
    idx = np.unique(np.linspace(0, len(full) - 1, n).round().astype(int))
    return [full[i] for i in idx]


def _num(e: sp.Expr) -> float:
    if e.has(sp.lowergamma, sp.uppergamma):
        # SymPy's own evaluation of an incomplete gamma of shape 1000 takes minutes
        with mpmath.workdps(30):
            return float(mpmath.re(sp.lambdify([], e, "mpmath")()))
    v = sp.N(e, 30)
    if v in (sp.oo, -sp.oo):
        return float(v)
    return float(sp.re(v))


def _sym(v: float) -> sp.Expr:
    return sp.Rational(repr(v)) if isinstance(v, float) else sp.Integer(v)


#: name -> (vocabulary class, parameter points, scipy frozen law or None)
FAMILIES = {
    "Normal": (V.Normal, _points([*LOCS, 1000.0], SHAPES), lambda m, s: stats.norm(m, s)),
    "Laplace": (V.Laplace, _points([*LOCS, 1000.0], SHAPES), lambda m, b: stats.laplace(m, b)),
    "Uniform": (V.Uniform, [(a, a + w) for a in (0.0, 0.05, 1.5, 20.0, -3.0) for w in SHAPES],
                lambda a, b: stats.uniform(a, b - a)),
    "Exponential": (V.Exponential, [(r,) for r in [*SHAPES, 0.01, 0.5, 3.0, 20.0, 100.0]]
                    + [(r,) for r in (0.1, 0.2, 0.7, 1.3, 4.0, 9.0, 50.0, 200.0, 500.0)],
                    lambda r: stats.expon(scale=1 / r)),
    "Gamma": (V.Gamma, _points(SHAPES, [0.05, 1.0, 4.0, 1000.0]),
              lambda k, r: stats.gamma(k, scale=1 / r)),
    "Beta": (V.Beta, _points(SHAPES, SHAPES), lambda a, b: stats.beta(a, b)),
    "Bernoulli": (V.Bernoulli, [(p,) for p in np.linspace(0.02, 0.98, 21)],
                  lambda p: stats.bernoulli(p)),
    "Binomial": (V.Binomial, _points([1, 5, 40, 1000], PROBS), lambda n, p: stats.binom(n, p)),
    "Poisson": (V.Poisson, [(r,) for r in np.geomspace(0.05, 1000, 21)],
                lambda r: stats.poisson(r)),
    "LogNormal": (F.LogNormal, _points([*LOCS, -0.5], [0.05, 0.3, 1.0, 2.5, 4.0]),
                  lambda m, s: stats.lognorm(s, scale=math.exp(m))),
    "StudentT": (F.StudentT, _points([0.05, 0.5, 1.5, 2.5, 7.0, 1000.0], LOCS, [0.05, 2.0]),
                 lambda nu, m, s: stats.t(nu, m, s)),
    "Cauchy": (F.Cauchy, _points([*LOCS, 1000.0], SHAPES), lambda m, g: stats.cauchy(m, g)),
    "Gumbel": (F.Gumbel, _points([*LOCS, 1000.0], SHAPES), lambda m, b: stats.gumbel_r(m, b)),
    "Logistic": (F.Logistic, _points([*LOCS, 1000.0], SHAPES),
                 lambda m, s: stats.logistic(m, s)),
    "Weibull": (F.Weibull, _points(SHAPES, [0.05, 0.3, 1.0, 2.5, 7.0, 1000.0]),
                lambda lam, k: stats.weibull_min(k, scale=lam)),
    "Pareto": (F.Pareto, _points(SHAPES, [0.05, 0.5, 1.5, 2.5, 7.0, 1000.0]),
               lambda m, a: stats.pareto(a, scale=m)),
    "HalfNormal": (F.HalfNormal, [(s,) for s in np.geomspace(0.05, 1000, 21)],
                   lambda s: stats.halfnorm(scale=s)),
    "HalfCauchy": (F.HalfCauchy, [(s,) for s in np.geomspace(0.05, 1000, 21)],
                   lambda s: stats.halfcauchy(scale=s)),
    "Chi2": (F.Chi2, [(k,) for k in np.geomspace(0.05, 1000, 21)], lambda k: stats.chi2(k)),
    "InverseGamma": (F.InverseGamma, _points([0.05, 0.5, 1.5, 2.5, 7.0, 1000.0], SHAPES),
                     lambda a, b: stats.invgamma(a, scale=b)),
    "Kumaraswamy": (F.Kumaraswamy, _points(SHAPES, SHAPES), None),
    # lam = 1/2 is the removable singularity of every closed form; torch switches to a
    # Taylor series in (0.499, 0.501)
    "ContinuousBernoulli": (F.ContinuousBernoulli,
                            [(p,) for p in (1e-6, 0.02, 0.1, 0.25, 0.4, 0.4985, 0.4999, 0.5,
                                            0.5000001, 0.5003, 0.51, 0.6, 0.75, 0.9, 0.98,
                                            0.999, 0.3, 0.45, 0.55, 0.7, 0.999999)], None),
    "FisherSnedecor": (F.FisherSnedecor, _points(SHAPES, [0.05, 0.5, 2.5, 3.0, 4.5, 7.0, 1000.0]),
                       lambda d1, d2: stats.f(d1, d2)),
    "GeneralizedPareto": (F.GeneralizedPareto,
                          _points(LOCS, [0.05, 1.0, 7.0],
                                  [-2.0, -0.5, -0.1, 0.0, 0.2, 0.45, 0.7, 1.5], n=30),
                          lambda m, s, xi: stats.genpareto(xi, m, s)),
    "VonMises": (F.VonMises, _points([-1.0, 0.0, 2.0], [0.05, 0.3, 1.0, 2.5, 7.0, 50.0, 700.0]),
                 lambda m, k: stats.vonmises(k, loc=m)),
    "Geometric": (F.Geometric, [(p,) for p in np.linspace(0.02, 0.98, 21)],
                  lambda p: stats.geom(p, loc=-1)),
    "NegativeBinomial": (F.NegativeBinomial, _points([0.05, 1.0, 3.5, 20.0, 1000.0], PROBS),
                         lambda r, p: stats.nbinom(r, 1 - p)),
    "DiscreteUniform": (F.DiscreteUniform, _points([-3, 0, 2, 7], [0, 1, 5, 40, 1000]),
                        lambda a, w: stats.randint(a, a + w + 1)),
}


def _law(name: str, params: tuple):
    cls, _, _ = FAMILIES[name]
    if name == "DiscreteUniform":
        a, w = params
        return cls(_sym(a), _sym(a + w))
    return cls(*[_sym(float(v)) if not isinstance(v, int) else sp.Integer(v) for v in params])


def _close(got: float, want: float, rtol: float = 1e-7, atol: float = 1e-9) -> bool:
    if math.isinf(want) or math.isinf(got):
        return got == want
    return abs(got - want) <= atol + rtol * abs(want)


def _reference(kind: str, name: str, params: tuple, frozen) -> float | None:
    if name in ("Kumaraswamy", "ContinuousBernoulli"):  # not in SciPy
        d = (TD.Kumaraswamy(*map(_t, params)) if name == "Kumaraswamy"
             else TORCH[name](*params))
        return {"mean": d.mean, "variance": d.variance, "entropy": d.entropy()}[kind].item()
    if kind == "mean":
        return float(frozen.mean())
    if kind == "variance":
        v = float(frozen.var())
        if math.isnan(v) and math.isfinite(frozen.mean()):
            # SciPy's generalized Pareto answers nan where E[x^2] diverges and E[x] does not
            return float(frozen.moment(2))
        return v
    return float(frozen.entropy())


@pytest.mark.parametrize("name", sorted(FAMILIES))
@pytest.mark.parametrize("kind", ["mean", "variance", "entropy"])
def test_mean_variance_entropy_against_scipy(name: str, kind: str) -> None:
    _, points, make = FAMILIES[name]
    assert len(points) >= 20
    tried = 0
    for params in points:
        law = _law(name, params)
        form = (entropy_closed_form(law) if kind == "entropy"
                else moment_closed_form(kind, law))
        if form is None:
            continue
        tried += 1
        want = _reference(kind, name, params, make(*params) if make else None)
        got = _num(form)
        if not math.isfinite(want) and math.isnan(want):
            pytest.fail(f"{name}{params}: closed {kind} {got} where scipy has none")
        assert _close(got, want, rtol=1e-6), f"{name}{params} {kind}: {got} vs {want}"
    # a family with an entry answers at every point where the moment exists
    entry = any((entropy_closed_form(_law(name, p)) if kind == "entropy"
                 else moment_closed_form(kind, _law(name, p))) is not None for p in points)
    if entry:
        assert tried >= 10, f"{name} {kind}: only {tried} points answered"


def _elog_reference(frozen) -> float:
    """E[log x] by quadrature in y = log x (smooth even for a shape of 0.05)."""
    lo = frozen.ppf(1e-15)
    hi = frozen.ppf(1 - 1e-15)
    ylo = math.log(lo) if lo > 0 else -745.0
    yhi = math.log(hi)

    def f(y: float) -> float:
        return y * math.exp(frozen.logpdf(math.exp(y)) + y)

    med = math.log(frozen.median())
    total = 0.0
    for a, b in ((ylo, med), (med, yhi)):
        v, _ = integrate.quad(f, a, b, limit=500, epsabs=1e-13, epsrel=1e-12)
        total += v
    return total


ELOG = ["Uniform", "Exponential", "Gamma", "Beta", "LogNormal", "Weibull", "Pareto",
        "HalfNormal", "HalfCauchy", "Chi2", "InverseGamma", "Kumaraswamy", "FisherSnedecor"]


@pytest.mark.parametrize("name", ELOG)
def test_expected_log_against_quadrature(name: str) -> None:
    _, points, make = FAMILIES[name]
    tried = 0
    for params in points:
        law = _law(name, params)
        form = moment_closed_form("elog", law)
        if form is None:
            continue
        if name == "Kumaraswamy":
            a, b = params  # x^a ~ Beta(1, b): scipy's Beta is the reference
            frozen = stats.beta(1, b)
            want = _elog_reference(frozen) / a
        elif name == "Uniform":
            a, b = params
            want = integrate.quad(lambda x: math.log(x), a, b, limit=200)[0] / (b - a)
        else:
            want = _elog_reference(make(*params))
        tried += 1
        got = _num(form)
        assert _close(got, want, rtol=1e-6, atol=1e-7), f"{name}{params}: {got} vs {want}"
    assert tried >= 20


MGF = {  # name -> t values inside the domain, as a fraction of the edge (or absolute)
    "Normal": None, "Laplace": 0.5, "Uniform": None, "Exponential": 0.5, "Gamma": 0.5,
    "Bernoulli": None, "Binomial": None, "Poisson": None, "Gumbel": 0.5, "Logistic": 0.5,
    "HalfNormal": None, "Geometric": None, "NegativeBinomial": None, "DiscreteUniform": None,
}


def _mgf_t(name: str, law) -> float:
    """A t inside the domain of the mgf, of either sign."""
    args = [float(a) for a in law.args]
    edge = {"Laplace": lambda: 1 / args[1], "Exponential": lambda: args[0],
            "Gamma": lambda: args[1], "Gumbel": lambda: 1 / args[1],
            "Logistic": lambda: 1 / args[1],
            "Geometric": lambda: -math.log(1 - args[0]) if args[0] < 1 else 1.0,
            "NegativeBinomial": lambda: -math.log(args[1])}.get(name)
    scale = {"Normal": lambda: 1 / args[1], "Uniform": lambda: 1 / (args[1] - args[0]),
             "HalfNormal": lambda: 1 / args[0], "Poisson": lambda: 1.0,
             "Binomial": lambda: 0.01 if args[0] > 100 else 1.0,
             "DiscreteUniform": lambda: 1 / max(1.0, args[1] - args[0])}.get(name)
    if edge is not None:
        return 0.5 * edge()
    return 0.7 * (scale() if scale is not None else 1.0)


def _log_mgf_reference(law, frozen, t: float) -> float:
    """log E[exp(t x)] by scipy: a sum for a discrete law; for a continuous one a
    quadrature of the definition, rescaled by its largest term (no overflow), in
    y = log x on (0, oo) (no end-point singularity for a shape of 0.05)."""
    if law.discrete:
        lo, hi = frozen.support()
        hi = min(hi, int(frozen.mean() + 200 * frozen.std() + 100))
        ks = np.arange(lo, hi + 1)
        return float(special.logsumexp(t * ks + frozen.logpmf(ks)))
    lo, hi = frozen.support()
    if lo >= 0:
        def g(y: np.ndarray) -> np.ndarray:
            x = np.exp(y)
            return t * x + frozen.logpdf(x) + y

        a = math.log(max(frozen.ppf(1e-300), 1e-300))
        b = math.log(frozen.isf(1e-300))
    else:
        def g(y: np.ndarray) -> np.ndarray:
            return t * y + frozen.logpdf(y)

        a, b = max(lo, frozen.ppf(1e-300)), min(hi, frozen.isf(1e-300))
    for _ in range(3):  # zoom in on where the integrand is within e^-700 of its peak
        grid = np.linspace(a, b, 20001)
        with np.errstate(all="ignore"):
            vals = np.nan_to_num(g(grid), nan=-np.inf)
        keep = np.nonzero(vals > np.max(vals) - 700)[0]
        a, b = grid[max(keep[0] - 1, 0)], grid[min(keep[-1] + 1, len(grid) - 1)]
    c = float(np.max(vals))
    peak = float(grid[int(np.argmax(vals))])
    med = float(frozen.median())
    med = math.log(med) if lo >= 0 else med
    cuts = sorted({a, b, peak} | ({med} if a < med < b else set()))
    total = 0.0
    for u, v in itertools.pairwise(cuts):
        if v > u:
            total += integrate.quad(lambda y: math.exp(g(np.array([y]))[0] - c), u, v,
                                    limit=500, epsabs=0, epsrel=1e-11)[0]
    return c + math.log(total)


@pytest.mark.parametrize("name", sorted(MGF))
def test_mgf_against_scipy(name: str) -> None:
    _, points, make = FAMILIES[name]
    tried = 0
    for i, params in enumerate(points):
        law = _law(name, params)
        t = _mgf_t(name, law) * (1 if i % 2 else -1)
        form = moment_closed_form("mgf", law, _sym(t))
        assert form is not None
        want = _log_mgf_reference(law, make(*params), t)
        got = float(sp.re(sp.N(sp.log(form), 30)))
        tried += 1
        assert _close(got, want, rtol=1e-7, atol=1e-7), f"{name}{params} t={t}: {got} vs {want}"
    assert tried >= 20


def test_mgf_is_infinite_outside_its_domain() -> None:
    t = sp.Symbol("t", real=True)
    for law, edge in ((V.Exponential(2), 2), (V.Gamma(3, 2), 2), (V.Laplace(0, 1), 1),
                      (F.Gumbel(0, 1), 1), (F.Logistic(0, 2), sp.Rational(1, 2)),
                      (F.Geometric(sp.Rational(1, 2)), sp.log(2)),
                      (F.NegativeBinomial(3, sp.Rational(1, 4)), sp.log(4))):
        form = moment_closed_form("mgf", law, t)
        assert form.subs(t, edge + sp.Rational(1, 10)) == sp.oo, law
        assert form.subs(t, edge * 2) == sp.oo, law
        assert sp.N(form.subs(t, edge / 2)).is_finite, law


CDF = ["Normal", "Laplace", "Uniform", "Exponential", "Gamma", "LogNormal", "Cauchy", "Gumbel",
       "Logistic", "Weibull", "Pareto", "HalfNormal", "HalfCauchy", "InverseGamma", "Geometric",
       "Chi2", "GeneralizedPareto"]


@pytest.mark.parametrize("name", CDF)
def test_cdf_against_scipy(name: str) -> None:
    _, points, make = FAMILIES[name]
    for params in points:
        law = _law(name, params)
        frozen = make(*params)
        for q in (1e-6, 0.1, 0.5, 0.9, 0.999):
            x = float(frozen.ppf(q))
            if law.discrete:
                x = x + 0.5
            form = moment_closed_form("cdf", law, _sym(x))
            assert _close(_num(form), float(frozen.cdf(x)), rtol=1e-7, atol=1e-12), (
                f"{name}{params} at {x}")
        below = float(frozen.support()[0]) - 1.0
        if math.isfinite(below):
            assert _num(moment_closed_form("cdf", law, _sym(below))) == 0


def test_kumaraswamy_elog_and_dirichlet_entropy_against_scipy_and_torch() -> None:
    for alpha in ([0.05, 1.0], [1.0, 2.0, 3.0], [1000.0, 0.3, 2.5], [0.5, 0.5, 0.5, 0.5],
                  [7.0, 1000.0], [0.05, 0.05, 0.05]) * 4:
        law = F.Dirichlet([_sym(a) for a in alpha])
        want = float(stats.dirichlet(alpha).entropy())
        assert _close(_num(entropy_closed_form(law)), want, rtol=1e-7, atol=1e-9)


# ----------------------------------------------------------------------------- KL


def _t(v: float) -> torch.Tensor:
    return torch.tensor(float(v), dtype=torch.float64)


#: name -> torch law from the vocabulary's parameters (same order and meaning)
TORCH = {
    "Normal": lambda m, s: TD.Normal(_t(m), _t(s)),
    "Laplace": lambda m, b: TD.Laplace(_t(m), _t(b)),
    "Uniform": lambda a, b: TD.Uniform(_t(a), _t(b)),
    "Exponential": lambda r: TD.Exponential(_t(r)),
    "Gamma": lambda k, r: TD.Gamma(_t(k), _t(r)),
    "Beta": lambda a, b: TD.Beta(_t(a), _t(b)),
    "Bernoulli": lambda p: TD.Bernoulli(_t(p)),
    "Binomial": lambda n, p: TD.Binomial(int(n), _t(p)),
    "Poisson": lambda r: TD.Poisson(_t(r)),
    "LogNormal": lambda m, s: TD.LogNormal(_t(m), _t(s)),
    "Cauchy": lambda m, g: TD.Cauchy(_t(m), _t(g)),
    "Gumbel": lambda m, b: TD.Gumbel(_t(m), _t(b)),
    "Pareto": lambda m, a: TD.Pareto(_t(m), _t(a)),
    "HalfNormal": lambda s: TD.HalfNormal(_t(s)),
    "HalfCauchy": lambda g: TD.HalfCauchy(_t(g)),
    "Chi2": lambda k: TD.Chi2(_t(k)),
    "InverseGamma": lambda a, b: TD.InverseGamma(_t(a), _t(b)),
    "Geometric": lambda p: TD.Geometric(_t(p)),
    "ContinuousBernoulli": lambda p: TD.ContinuousBernoulli(_t(p)),
}

#: parameter grids for the KL test (moderate: torch's float64 formulas must not overflow)
KL_GRID = {
    "Normal": [LOCS, [0.05, 0.7, 2.0, 1000.0]], "Laplace": [LOCS, [0.05, 0.7, 2.0]],
    "Uniform": None, "Exponential": [[0.05, 0.4, 1.0, 3.0, 1000.0]],
    "Gamma": [[0.05, 0.7, 2.5, 1000.0], [0.05, 0.5, 2.0]], "Beta": [[0.05, 0.7, 2.5, 1000.0]] * 2,
    "Bernoulli": [[0.05, 0.3, 0.5, 0.9]], "Binomial": [[3, 10], [0.1, 0.5, 0.8]],
    "Poisson": [[0.05, 0.5, 3.0, 1000.0]], "LogNormal": [LOCS, [0.05, 0.7, 2.0]],
    "Cauchy": [LOCS, [0.05, 0.7, 2.0, 1000.0]], "Gumbel": [LOCS, [0.3, 0.7, 2.0]],
    "Pareto": [[0.05, 0.5, 1.5], [0.5, 1.5, 2.5, 7.0]],
    "HalfNormal": [[0.05, 0.3, 1.0, 4.0, 1000.0]],
    "HalfCauchy": [[0.05, 0.3, 1.0, 4.0, 1000.0]], "Chi2": [[0.05, 1.0, 3.0, 1000.0]],
    "InverseGamma": [[0.05, 0.7, 2.5, 1000.0], [0.05, 0.5, 2.0]],
    "Geometric": [[0.05, 0.3, 0.5, 0.9]],
    "ContinuousBernoulli": [[0.02, 0.3, 0.4999, 0.5, 0.5003, 0.8, 0.98]],
}
UNIFORMS = [(0.0, 1.0), (-1.0, 2.0), (0.2, 0.7), (0.05, 0.3), (1.5, 4.0), (0.0, 1000.0), (2.0, 3.0)]


def _grid(name: str) -> list[tuple]:
    if name == "Uniform":
        return UNIFORMS
    return list(itertools.product(*KL_GRID[name]))


def _torch_pairs() -> list[tuple[str, str]]:
    """The pairs torch registers (by kl_divergence's own look-up) between families it and
    the language share."""
    pairs = []
    for a, b in itertools.product(sorted(TORCH), repeat=2):
        p = TORCH[a](*_grid(a)[0])
        q = TORCH[b](*_grid(b)[0])
        try:
            TD.kl_divergence(p, q)
        except NotImplementedError:
            continue
        pairs.append((a, b))
    return pairs


TORCH_PAIRS = _torch_pairs()


def test_torch_pairs_all_have_an_entry() -> None:
    assert len(TORCH_PAIRS) >= 60
    missing = []
    for a, b in TORCH_PAIRS:
        p, q = _law_kl(a, _grid(a)[0]), _law_kl(b, _grid(b)[0])
        if kl_closed_form(p, q) is None:
            missing.append((a, b))
    assert not missing


def _law_kl(name: str, params: tuple):
    cls = FAMILIES[name][0]
    return cls(*[sp.Integer(v) if isinstance(v, int) else _sym(float(v)) for v in params])


@pytest.mark.parametrize(("a", "b"), TORCH_PAIRS, ids=[f"{a}-{b}" for a, b in TORCH_PAIRS])
def test_kl_against_torch(a: str, b: str) -> None:
    ps, qs = _grid(a), _grid(b)
    combos = list(itertools.product(ps, qs))
    rng = np.random.default_rng(len(a) * 31 + len(b))
    pick = combos if len(combos) <= 30 else [combos[i] for i in
                                             rng.choice(len(combos), 30, replace=False)]
    compared = 0
    for pp, qq in pick:
        try:
            want = TD.kl_divergence(TORCH[a](*pp), TORCH[b](*qq)).item()
        except NotImplementedError:  # Binomials of different n
            continue
        if _torch_cb_uniform_edge(a, b, pp, qq):
            want = _kl_by_torch_log_prob(TORCH[a](*pp), TORCH[b](*qq))
        form = kl_closed_form(_law_kl(a, pp), _law_kl(b, qq))
        if form is None:
            continue
        got = _num(form)
        if math.isnan(want) or (math.isinf(want) and math.isfinite(got) and got > 1e15):
            continue  # torch overflowed
        compared += 1
        assert _close(got, want, rtol=1e-6, atol=1e-8), f"KL({a}{pp}, {b}{qq}): {got} vs {want}"
    assert compared >= 20 or compared == len(pick), compared


def _torch_cb_uniform_edge(a: str, b: str, pp: tuple, qq: tuple) -> bool:
    """Whether torch 2.13 answers +oo for a KL between a continuous Bernoulli and a
    Uniform whose supports nest but share an end: its test is ``low >= 0`` or
    ``high <= 1`` (``>`` and ``<`` are meant), so ``KL(Uniform(0, 1) || CB)`` is +oo."""
    if {a, b} != {"ContinuousBernoulli", "Uniform"}:
        return False
    lo, hi = pp if a == "Uniform" else qq
    nested = (lo >= 0 and hi <= 1) if a == "Uniform" else (lo <= 0 and hi >= 1)
    return nested and (lo == 0 or hi == 1)


def _kl_by_torch_log_prob(p, q) -> float:
    """KL(p || q) by scipy's quadrature of torch's log densities, on P's support."""
    lo, hi = float(p.support.lower_bound), float(p.support.upper_bound)

    def f(x: float) -> float:
        xt = torch.tensor(x, dtype=torch.float64)
        lp = p.log_prob(xt).item()
        return math.exp(lp) * (lp - q.log_prob(xt).item())

    return integrate.quad(f, lo, hi, limit=200, epsabs=1e-13, epsrel=1e-11)[0]


def test_torch_boundary_answer_is_replaced_only_where_torch_is_wrong() -> None:
    cb, u01 = TORCH["ContinuousBernoulli"](0.3), TORCH["Uniform"](0.0, 1.0)
    assert TD.kl_divergence(u01, cb).item() == math.inf  # the torch 2.13 answer replaced
    want = _kl_by_torch_log_prob(u01, cb)
    assert math.isfinite(want)
    got = _num(kl_closed_form(_law_kl("Uniform", (0.0, 1.0)),
                              _law_kl("ContinuousBernoulli", (0.3,))))
    assert _close(got, want, rtol=1e-9)
    assert not _torch_cb_uniform_edge("Uniform", "ContinuousBernoulli", (0.0, 2.0), (0.3,))
    assert _num(kl_closed_form(_law_kl("Uniform", (0.0, 2.0)),
                               _law_kl("ContinuousBernoulli", (0.3,)))) == math.inf


def _kl_quadrature(p, q, lo: float, hi: float) -> float:
    def f(x: float) -> float:
        lp = p.logpdf(x)
        return math.exp(lp) * (lp - q.logpdf(x)) if lp > -745 else 0.0

    return integrate.quad(f, lo, hi, limit=500, epsabs=1e-12, epsrel=1e-10)[0]


def test_classical_kl_beyond_torch_against_scipy() -> None:
    cases = 0
    for (l1, k1), (l2, k2) in itertools.product(
            [(0.5, 0.7), (1.0, 2.0), (3.0, 1.5), (0.05, 3.0), (2.0, 7.0)], repeat=2):
        p, q = stats.weibull_min(k1, scale=l1), stats.weibull_min(k2, scale=l2)
        want = _kl_quadrature(p, q, 0, p.ppf(1 - 1e-16))
        got = _num(kl_closed_form(F.Weibull(_sym(l1), _sym(k1)), F.Weibull(_sym(l2), _sym(k2))))
        assert _close(got, want, rtol=1e-6, atol=1e-8), ((l1, k1), (l2, k2), got, want)
        cases += 1
    for (m1, c1), (m2, c2) in itertools.product([(0.0, 0.05), (1.0, 2.0), (-2.0, 7.0),
                                                  (0.5, 30.0)], repeat=2):
        p, q = stats.vonmises(c1, loc=m1), stats.vonmises(c2, loc=m2)
        want = _kl_quadrature(p, q, m1 - math.pi, m1 + math.pi)
        got = _num(kl_closed_form(F.VonMises(_sym(m1), _sym(c1)), F.VonMises(_sym(m2), _sym(c2))))
        assert _close(got, want, rtol=1e-6, atol=1e-8), ((m1, c1), (m2, c2), got, want)
        cases += 1
    for (a1, b1), (a2, b2) in [((0, 3), (0, 3)), ((1, 2), (0, 5)), ((0, 5), (1, 2)),
                               ((-2, 2), (-3, 10)), ((0, 0), (0, 9))]:
        got = _num(kl_closed_form(F.DiscreteUniform(a1, b1), F.DiscreteUniform(a2, b2)))
        ks = np.arange(a1, b1 + 1)
        p, q = stats.randint(a1, b1 + 1), stats.randint(a2, b2 + 1)
        with np.errstate(divide="ignore"):
            want = float(np.sum(p.pmf(ks) * (p.logpmf(ks) - q.logpmf(ks))))
        assert got == want or _close(got, want), ((a1, b1), (a2, b2), got, want)
        cases += 1
    assert cases >= 20


def test_kl_of_families_with_symbolic_parameters_states_its_condition() -> None:
    a = sp.Symbol("a", positive=True)
    form = kl_closed_form(F.Pareto(1, a), V.Exponential(1))
    assert isinstance(form, sp.Piecewise)
    assert form.subs(a, sp.Rational(1, 2)) == sp.oo
    assert sp.N(form.subs(a, 3)).is_finite


def test_expectations_read_from_the_table_and_divergent_ones_are_not_finite() -> None:
    from probproof.checks.closed_forms import expectation_closed_form

    x = sp.Symbol("x", real=True)
    a = sp.Symbol("a", positive=True)
    assert expectation_closed_form(x**2 - x, x, F.Pareto(1, 3)) == sp.Rational(3, 2)
    # +oo - oo: no value rather than a wrong one
    assert expectation_closed_form(x**2 - x, x, F.Pareto(1, sp.Rational(1, 2))) is None
    assert expectation_closed_form(x, x, F.Pareto(1, sp.Rational(1, 2))) == sp.oo
    assert expectation_closed_form(sp.exp(2 * x + 1), x, F.Gumbel(0, 1)) == sp.oo
    assert expectation_closed_form(x, x, F.Cauchy(0, 1)) is None  # no mean
    assert expectation_closed_form(x, x, F.StudentT(a, 0, 1)) is None  # exists only for a > 1
    assert expectation_closed_form(sp.log(x), x, V.Gamma(a, 2)) == sp.digamma(a) - sp.log(2)
    assert expectation_closed_form(sp.sin(x), x, V.Normal(0, 1)) is None
