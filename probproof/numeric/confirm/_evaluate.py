"""Numeric evaluation of the claim language for the confirmations: functionals
of 1-D Gaussians by Gauss-Hermite quadrature or by Monte Carlo with standard
errors. Shared by the topic modules (not a topic itself)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import sympy as sp
from scipy.stats import norm

from probproof.derivations.vocabulary import KL, Distribution, Expect, MvNormal, Normal
from probproof.derivations.vocabulary import explicit_densities as explicit_formulas

#: z of a two-sided 1e-6 false-alarm bound per comparison.
Z_BOUND = float(norm.isf(5e-7))
HERMITE_NODES = 80


def explicit_densities(expr: sp.Basic) -> sp.Basic:
    """Replace ``pdf``/``logpdf`` by the distributions' formulas and ``KL`` by its
    defining expectation."""

    def kl_as_expect(node: KL) -> sp.Expr:
        p, q = node.args
        if isinstance(p, MvNormal):
            ts = sp.symbols(f"_t0:{p.dim}", real=True)
            return Expect(p.logpdf(ts) - q.logpdf(ts), list(ts), _marginals(p))
        t = sp.Dummy("t", real=True)
        return Expect(p.logpdf(t) - q.logpdf(t), t, p)

    return explicit_formulas(expr.replace(lambda e: isinstance(e, KL), kl_as_expect))


def _marginals(p: MvNormal) -> list[Normal]:
    cov = p.cov_matrix
    if any(cov[i, j] != 0 for i in range(p.dim) for j in range(p.dim) if i != j):
        raise NotImplementedError("only diagonal MvNormal expectations are evaluated")
    return [Normal(p.mean_vector[i], sp.sqrt(cov[i, i])) for i in range(p.dim)]


def _innermost_expectation(expr: sp.Basic) -> Expect | None:
    for node in sp.postorder_traversal(expr):
        if isinstance(node, Expect):
            return node
    return None


def _normal_params(d: Distribution) -> tuple[float, float]:
    if not isinstance(d, Normal):
        raise NotImplementedError(f"expectations over {type(d).__name__} are not evaluated here")
    return float(d.args[0]), float(d.args[1])


def _hermite(node: Expect) -> float:
    xi, w = np.polynomial.hermite.hermgauss(HERMITE_NODES)
    w = w / np.sqrt(np.pi)
    params = [_normal_params(d) for d in node.distributions]
    f = sp.lambdify(node.variables, node.body, "numpy")
    grids = np.meshgrid(*[m + s * np.sqrt(2) * xi for m, s in params], indexing="ij")
    weights = np.ones_like(grids[0])
    for k, wk in enumerate(np.meshgrid(*[w] * len(params), indexing="ij")):
        weights = weights * wk
        del k
    vals = np.broadcast_to(np.asarray(f(*grids), dtype=float), weights.shape)
    return float(np.sum(weights * vals))


def _monte_carlo(node: Expect, rng: np.random.Generator, n: int) -> tuple[float, float]:
    params = [_normal_params(d) for d in node.distributions]
    f = sp.lambdify(node.variables, node.body, "numpy")
    draws = [m + s * rng.standard_normal(n) for m, s in params]
    vals = np.broadcast_to(np.asarray(f(*draws), dtype=float), (n,))
    return float(vals.mean()), float(vals.std(ddof=1) / np.sqrt(n))


def evaluate(
    expr: sp.Basic,
    point: Mapping[sp.Symbol, float],
    method: str = "hermite",
    rng: np.random.Generator | None = None,
    n: int = 400_000,
) -> tuple[float, float]:
    """Value of ``expr`` at ``point`` and its standard error (0 for quadrature).

    Expectations are replaced innermost first by their values; Monte Carlo
    standard errors add in quadrature (the expectations are sampled independently)
    and are propagated through the rest of the expression by its derivative.
    """
    expr = explicit_densities(sp.sympify(expr).subs(dict(point)))
    found: list[tuple[sp.Symbol, float, float]] = []  # placeholder, value, standard error
    while (node := _innermost_expectation(expr)) is not None:
        if method == "hermite":
            value, se = _hermite(node), 0.0
        else:
            value, se = _monte_carlo(node, rng or np.random.default_rng(0), n)
        placeholder = sp.Symbol(f"_E{len(found)}")
        found.append((placeholder, value, se))
        expr = expr.xreplace({node: placeholder})
    values = {p: v for p, v, _ in found}
    total = float(sp.N(expr.subs(values)))
    err2 = sum((float(sp.N(sp.diff(expr, p).subs(values))) * se) ** 2 for p, _, se in found if se)
    return total, float(np.sqrt(err2))


def random_point(
    symbols, domains: Mapping[str, str], rng: np.random.Generator
) -> dict[sp.Symbol, float]:
    """A random value for each symbol in its domain (away from the edges, where
    quadrature of the seeds' functionals stays accurate)."""
    out = {}
    for s in symbols:
        dom = domains.get(s.name, "real")
        if dom.startswith("interval("):
            low, high = (float(b) for b in sp.sympify(dom[len("interval") :]))
            low, high = max(low, -1.5), min(high, max(low, -1.5) + 3.0)
            out[s] = float(rng.uniform(low, high))
        elif dom == "positive":
            out[s] = float(rng.uniform(0.4, 2.0))
        elif dom == "probability":
            out[s] = float(rng.uniform(0.05, 0.95))
        else:
            out[s] = float(rng.uniform(-1.5, 1.5))
    return out


def holds(lhs: float, rhs: float, relation: str, tol: float) -> bool:
    """``lhs relation rhs`` allowing ``tol`` of numerical error in the claim's favour
    only where equality is claimed or admitted."""
    if relation == "==":
        return abs(lhs - rhs) <= tol
    if relation in ("<=", "<"):
        return lhs <= rhs + tol
    return lhs >= rhs - tol
