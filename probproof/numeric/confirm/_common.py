"""Helpers shared by the catalog-2 confirmations (not a topic module: the leading
underscore keeps :func:`probproof.numeric.confirmations.load_all` from importing it
as one)."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import numpy as np
import sympy as sp
from scipy import integrate, stats

from probproof.derivations import vocabulary as V

#: Monte Carlo comparisons pass iff |difference| <= Z * standard error; two-sided
#: false-alarm probability 1e-6 per comparison for a true claim (CLT).
Z = float(stats.norm.isf(5e-7))


def by_name(symbols: Iterable[sp.Basic]) -> list[sp.Basic]:
    """Symbols in the order of their names. A set of symbols iterates in an order that
    changes with Python's per-process hash seed; random draws assigned in that order
    would make a seeded check give different numbers from one run to the next."""
    return sorted(symbols, key=str)


def sym(expr: sp.Basic, name: str) -> sp.Symbol:
    """The free symbol of ``expr`` called ``name`` (claims match symbols by name)."""
    for s in expr.free_symbols:
        if s.name == name:
            return s
    return sp.Symbol(name)


def lam(expr: sp.Basic, names: list[str], module: str = "numpy"):
    """Lambdify ``expr`` as a function of the symbols named ``names`` (by name)."""
    expr = sp.sympify(expr)
    syms = [sym(expr, n) for n in names]
    return sp.lambdify(syms, expr, modules=module)


def draw(domain: str, rng: np.random.Generator) -> float:
    """One value from a claim-file domain, middle and edges both."""
    if domain == "real":
        return float(rng.choice([rng.normal(0, 1.5), rng.uniform(-6, 6)]))
    if domain in ("positive", "nonnegative"):
        return float(np.exp(rng.uniform(-2.5, 2.5)))
    if domain == "negative":
        return -float(np.exp(rng.uniform(-2.5, 2.5)))
    if domain == "probability":
        return float(rng.uniform(0.01, 0.99))
    if domain.startswith("interval("):
        a, b = (float(sp.sympify(t)) for t in domain[len("interval("):-1].split(","))
        return float(rng.uniform(a, b))
    if domain == "positive integer":
        return float(rng.integers(1, 9))
    if domain == "integer":
        return float(rng.integers(-8, 9))
    raise ValueError(f"unknown domain {domain!r}")


def close(a: float, b: float, rtol: float = 1e-7, atol: float = 1e-9) -> bool:
    scale = max(abs(a), abs(b))
    return bool(np.isfinite(a) and np.isfinite(b) and abs(a - b) <= atol + rtol * scale)


# --------------------------------------------------------------------------
# A small numeric evaluator for the functionals used by the catalog-2 statements
# (1-D distributions): quadrature and Monte Carlo. It is independent of the claim
# engine, so the confirmations do not check the engine against itself.
# --------------------------------------------------------------------------


def scipy_dist(d: V.Distribution):
    """A frozen scipy distribution (or a sampler for mixtures) for a numeric distribution."""
    a = [float(x) for x in d.args] if not isinstance(d, (V.Categorical, V.Mixture)) else None
    if isinstance(d, V.Normal):
        return stats.norm(a[0], a[1])
    if isinstance(d, V.Laplace):
        return stats.laplace(a[0], a[1])
    if isinstance(d, V.Uniform):
        return stats.uniform(a[0], a[1] - a[0])
    if isinstance(d, V.Exponential):
        return stats.expon(scale=1 / a[0])
    if isinstance(d, V.Gamma):
        return stats.gamma(a[0], scale=1 / a[1])
    if isinstance(d, V.Bernoulli):
        return stats.bernoulli(a[0])
    if isinstance(d, V.Categorical):
        p = np.array([float(x) for x in d.probs])
        return stats.rv_discrete(values=(np.arange(len(p)), p))
    raise NotImplementedError(type(d).__name__)


def _range(d: V.Distribution) -> tuple[float, float]:
    if isinstance(d, V.Mixture):
        rs = [_range(c) for c in d.components]
        return min(r[0] for r in rs), max(r[1] for r in rs)
    f = scipy_dist(d)
    return float(f.ppf(1e-13)), float(f.isf(1e-13))


def _sample(d: V.Distribution, n: int, rng: np.random.Generator) -> np.ndarray:
    if isinstance(d, V.Mixture):
        w = np.array([float(x) for x in d.weights])
        k = rng.choice(len(w), size=n, p=w / w.sum())
        out = np.empty(n)
        for j, c in enumerate(d.components):
            m = k == j
            out[m] = _sample(c, int(m.sum()), rng)
        return out
    return np.asarray(scipy_dist(d).rvs(size=n, random_state=rng), dtype=float)


def _rewrite(e: sp.Basic) -> sp.Basic:
    """KL, JSD, H, CrossEntropy as expectations; pdf/logpdf as the distributions' formulas."""
    x = sp.Dummy("x", real=True)
    if isinstance(e, V.KL):
        p, q = e.args
        return V.Expect(V.logpdf(p, x) - V.logpdf(q, x), x, p)
    if isinstance(e, V.H):
        return V.Expect(-V.logpdf(e.args[0], x), x, e.args[0])
    if isinstance(e, V.CrossEntropy):
        p, q = e.args
        return V.Expect(-V.logpdf(q, x), x, p)
    if isinstance(e, V.JSD):
        p, q = e.args
        m = V.Mixture([sp.Rational(1, 2)] * 2, [p, q])
        return (V.Expect(V.logpdf(p, x) - V.logpdf(m, x), x, p)
                + V.Expect(V.logpdf(q, x) - V.logpdf(m, x), x, q)) / 2
    return e


def _point(e: sp.Basic, x: sp.Basic) -> sp.Basic:
    """Replace pdf/logpdf(P, x) by formulas; log of a Piecewise pdf kept safe."""
    def rep(node):
        if isinstance(node, V.pdf):
            return node.args[0].pdf(node.args[1])
        if isinstance(node, V.logpdf):
            d = node.args[0]
            return sp.log(d.pdf(node.args[1])) if d.discrete or isinstance(
                d, (V.Uniform, V.Mixture)) else d.logpdf(node.args[1])
        return None
    return e.replace(lambda n: isinstance(n, (V.pdf, V.logpdf)), rep)


def quad_value(expr: sp.Basic) -> float:
    """Evaluate a closed expression (no free symbols) by quadrature / exact summation."""
    expr = sp.sympify(expr)

    def ev(e):
        e = _rewrite(e)
        if isinstance(e, V.Expect):
            (x,), (d,) = e.variables, e.distributions
            body = _point(_inner(e.body, x), x)
            if d.discrete:
                return sum(float(d.pdf(k)) * _safe(body, x, k) for k in d.support())
            integrand = sp.powsimp(body * d.pdf(x), combine="exp")
            f = sp.lambdify(x, integrand, modules=["numpy", "scipy"])
            lo, hi = _range(d)
            pts = None
            if isinstance(d, V.Mixture):
                pts = sorted({float(c.args[0]) for c in d.components})
            g = lambda t: np.nan_to_num(float(f(t)))  # noqa: E731
            val = integrate.quad(g, lo, hi, limit=400, points=pts, epsabs=1e-11,
                                 epsrel=1e-10)[0]
            if not isinstance(d, V.Uniform):  # unbounded support: add the tails
                val += integrate.quad(g, -np.inf, lo, limit=200)[0]
                val += integrate.quad(g, hi, np.inf, limit=200)[0]
            return val
        if isinstance(e, sp.Integral):
            (x, lo, hi), = e.limits
            f = sp.lambdify(x, _point(_inner(e.function, x), x), modules=["numpy", "scipy"])
            val, _ = integrate.quad(lambda t: float(f(t)), float(lo), float(hi), limit=400,
                                    epsabs=1e-11, epsrel=1e-10)
            return val
        return None

    def _inner(body, x):
        # evaluate functionals that do not involve the bound variable x
        return body.replace(
            lambda n: isinstance(n, (V.Expect, V.KL, V.JSD, V.H, V.CrossEntropy, sp.Integral))
            and x not in n.free_symbols,
            lambda n: sp.Float(ev(n), 30))

    out = expr.replace(
        lambda n: isinstance(n, (V.Expect, V.KL, V.JSD, V.H, V.CrossEntropy, sp.Integral)),
        lambda n: sp.Float(ev(n), 30))
    return float(sp.N(out, 20))


def _safe(body, x, k):
    v = complex(sp.N(body.subs(x, k)))
    return v.real


def mc_value(expr: sp.Basic, n: int, rng: np.random.Generator) -> tuple[float, float]:
    """Monte Carlo value and delta-method standard error of a closed expression whose
    functionals are (after rewriting) expectations of 1-D distributions, each estimated
    from its own independent sample of size ``n``."""
    expr = sp.sympify(expr)
    means, variances, syms = [], [], []

    def ev(e):
        e = _rewrite(e)
        if isinstance(e, V.Expect):
            (x,), (d,) = e.variables, e.distributions
            body = _point(e.body, x)
            f = sp.lambdify(x, body, modules=["numpy", "scipy"])
            xs = _sample(d, n, rng)
            vals = np.broadcast_to(np.asarray(f(xs), dtype=float), xs.shape)
            s = sp.Dummy("E")
            means.append(float(vals.mean()))
            variances.append(float(vals.var(ddof=1) / n))
            syms.append(s)
            return s
        return None

    heads = (V.Expect, V.KL, V.JSD, V.H, V.CrossEntropy)
    out = expr.replace(lambda n_: isinstance(n_, heads), ev)
    f = sp.lambdify(syms, out, modules="numpy")
    value = float(f(*means))
    grad = []
    for i in range(len(syms)):
        h = 1e-6 * abs(means[i]) if means[i] != 0 else 1e-12
        up, dn = list(means), list(means)
        up[i] += h
        dn[i] -= h
        grad.append((float(f(*up)) - float(f(*dn))) / (2 * h))
    se = float(np.sqrt(sum(g * g * v for g, v in zip(grad, variances, strict=True))))
    return value, se


def check_points(result, claims, method: str, seed: int, npoints: int = 6,
                 fixed: dict | None = None, mc_n: int = 0) -> tuple[bool, str, float]:
    """Evaluate claims (lhs, rhs, relation) at random points of the result's domains.

    Quadrature when ``mc_n == 0`` (relative tolerance 1e-6), else Monte Carlo with
    ``mc_n`` draws per expectation and the Z-sigma rule. Returns (passed, detail, worst).
    """
    rng = np.random.default_rng(seed)
    worst, bad = 0.0, []
    for _ in range(npoints):
        for lhs, rhs, rel in claims:
            free = sorted({s.name for s in (sp.sympify(lhs).free_symbols
                                            | sp.sympify(rhs).free_symbols)})
            vals = {n: (fixed or {}).get(n, draw(result.domains[n], rng)) for n in free}
            sub = {s: vals[s.name] for s in (sp.sympify(lhs).free_symbols
                                             | sp.sympify(rhs).free_symbols)}
            L, R = sp.sympify(lhs).subs(sub), sp.sympify(rhs).subs(sub)
            if mc_n:
                lv, ls = mc_value(L, mc_n, rng)
                rv, rs = mc_value(R, mc_n, rng)
                se = float(np.hypot(ls, rs)) + 1e-12
                d = lv - rv
                ok = {"==": abs(d) <= Z * se, "<=": d <= Z * se, "<": d <= Z * se,
                      ">=": d >= -Z * se, ">": d >= -Z * se}[rel]
                err = (abs(d) if rel == "==" else max(0.0, -d if rel[0] == ">" else d)) / se
            else:
                lv, rv = quad_value(L), quad_value(R)
                tol = 1e-6 * max(1.0, abs(lv), abs(rv))
                d = lv - rv
                ok = {"==": abs(d) <= tol, "<=": d <= tol, "<": d < tol,
                      ">=": d >= -tol, ">": d > -tol}[rel]
                err = abs(d) if rel == "==" else max(0.0, -d if rel[0] == ">" else d)
            worst = max(worst, err)
            if not ok:
                bad.append(f"{rel} fails at {vals}: lhs={lv:.6g}, rhs={rv:.6g}")
    unit = "standard errors" if mc_n else "absolute"
    detail = (f"{method}: {len(claims)} claim(s) at {npoints} random points"
              + (f", {mc_n} draws per expectation, pass iff within {Z:.2f} se" if mc_n else
                 ", relative tolerance 1e-6")
              + f"; largest discrepancy {worst:.3g} ({unit})")
    if bad:
        detail += "; " + "; ".join(bad[:3])
    return not bad, detail, worst


def _to_var(domain: str):
    """Map an unconstrained z to the variable's domain, and the z range to search."""
    if domain == "probability":
        return (lambda z: 1 / (1 + np.exp(-z))), (-35.0, 35.0)
    if domain == "positive":
        return np.exp, (-40.0, 40.0)
    if domain == "real":
        return (lambda z: z), (-80.0, 80.0)
    raise ValueError(domain)


def optimum(body_fn, domain: str, maximise: bool, method: str) -> float:
    """Numeric sup (or inf) of a scalar function over a domain: ``grid`` (dense grid,
    400001 points) or ``scipy`` (bounded Brent from 40 brackets, best kept)."""
    from scipy import optimize

    to, (lo, hi) = _to_var(domain)
    sign = -1.0 if maximise else 1.0

    def f(z):
        with np.errstate(all="ignore"):
            v = sign * np.asarray(body_fn(to(z)), dtype=float)
        return np.where(np.isnan(v), np.inf, v)

    if method == "grid":  # a coarse grid, then a fine grid around its best point
        z = np.linspace(lo, hi, 400001)
        i = int(np.argmin(f(z)))
        fine = np.linspace(z[max(i - 2, 0)], z[min(i + 2, len(z) - 1)], 400001)
        return float(sign * min(np.min(f(z)), np.min(f(fine))))
    edges = np.linspace(lo, hi, 41)
    best = np.inf
    for a, b in itertools.pairwise(edges):
        r = optimize.minimize_scalar(lambda z: float(f(z)), bounds=(a, b), method="bounded",
                                     options={"xatol": 1e-12})
        best = min(best, float(r.fun))
    return float(sign * best)


def check_sup(result, method: str, seed: int, npoints: int = 25) -> tuple[bool, str, float]:
    """The statement ``Sup(body, v) == rhs`` (or Inf) at random points of the other symbols:
    the numeric optimum of ``body`` over v's domain against the claimed ``rhs``."""
    from probproof.derivations.vocabulary import Inf, Sup

    st = result.statement
    assert isinstance(st.lhs, (Sup, Inf)), "statement must be Sup/Inf(body, v) == rhs"
    body, v = st.lhs.body, st.lhs.variable
    others = sorted({s.name for s in body.free_symbols | st.rhs.free_symbols} - {v.name})
    fb = lam(body, [v.name, *others])
    fr = lam(st.rhs, others)
    rng = np.random.default_rng(seed)
    worst, bad = 0.0, []
    for _ in range(npoints):
        vals = [draw(result.domains[n], rng) for n in others]
        num = optimum(lambda z, vals=vals: fb(z, *vals), result.domains[v.name],
                      isinstance(st.lhs, Sup) and not isinstance(st.lhs, Inf), method)
        claimed = float(fr(*vals))
        err = abs(num - claimed)
        worst = max(worst, err / max(1.0, abs(num)))
        if not close(num, claimed, rtol=1e-6, atol=1e-8):
            bad.append(f"at {dict(zip(others, vals, strict=True))}: numeric {num:.10g}, "
                       f"claimed {claimed:.10g}")
    detail = (f"{method} optimisation of the body over {v.name} at {npoints} random points; "
              f"largest relative error {worst:.2g} (tolerance 1e-6)")
    if bad:
        detail += "; " + "; ".join(bad[:3])
    return not bad, detail, worst


def register_optimisation_checks(result_ids) -> None:
    """Register, for each result id, two confirmations of a claimed supremum or
    maximiser: scipy's optimiser and a grid search (see :func:`check_sup`)."""
    from probproof.numeric.confirmations import Confirmation, confirms

    for rid in result_ids:
        for method in ("scipy", "grid"):
            def fn(result, seed: int = 0, method=method) -> Confirmation:
                ok, detail, worst = check_sup(result, method, seed)
                return Confirmation(f"{method}-optimisation", ok, detail, worst)

            confirms(rid, f"{method}-optimisation")(fn)
