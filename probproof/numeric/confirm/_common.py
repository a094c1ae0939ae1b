"""Helpers shared by the catalog-2 confirmations (not a topic module: the leading
underscore keeps :func:`probproof.numeric.confirmations.load_all` from importing it
as one)."""

from __future__ import annotations

import numpy as np
import sympy as sp
from scipy import stats

#: Monte Carlo comparisons pass iff |difference| <= Z * standard error; two-sided
#: false-alarm probability 1e-6 per comparison for a true claim (CLT).
Z = float(stats.norm.isf(5e-7))


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
    return bool(np.isfinite(a) and np.isfinite(b) and abs(a - b) <= atol + rtol * max(abs(a), abs(b)))
