"""The numeric side of the energy-based model of seed 000, 1.4-1.7, shared by the
confirmations of ``ebm.*`` (``ebm.py``) and ``is.*`` (``is_.py``); not a topic module.

Every quantity is read from the result's statement: integrals over R^2 and expectations
over the 2-D mixture q are evaluated by a grid rule (trapezoid, spacing 0.05 on
[-16, 16]^2: the integrands are analytic and negligible at the border) in numpy or in
torch (float64, for autograd), or by the shared evaluator (``numeric.evaluate``):
adaptive n-dimensional quadrature, with finite differences for derivatives.
"""

from __future__ import annotations

import functools

import numpy as np
import sympy as sp
import torch

from probproof.derivations.vocabulary import Expect, pdf
from probproof.numeric.confirm._common import by_name
from probproof.numeric.confirmations import Confirmation
from probproof.numeric.estimate import Estimate
from probproof.numeric.evaluate import Context, evaluate
from probproof.numeric.tolerance import AGREE, compare

L_GRID, N_GRID = 16.0, 641
PNAMES = ["v", "a1", "a2", "c"]
u1, u2 = sp.symbols("u1 u2", real=True)


def _psyms(expr):
    by = {s.name: s for s in expr.free_symbols}
    return [by.get(n, sp.Symbol(n, real=True)) for n in PNAMES]


def _integrand(node) -> sp.Expr:
    """The integrand over (u1, u2) of an Integral over R^2 or an Expect over a 2-D q."""
    if isinstance(node, sp.Integral):
        (a, *_), (b, *_) = node.limits
        return node.function.xreplace({a: u1, b: u2})
    (Xs,), (Q,) = node.variables, node.distributions
    Xi = sp.IndexedBase(Xs)
    body = node.body.replace(lambda n: isinstance(n, pdf), lambda n: n.args[0].pdf(n.args[1]))
    body = body.xreplace({Xi[0]: u1, Xi[1]: u2})
    return body * Q.pdf(sp.Tuple(u1, u2))


def _nodes(expr):
    return [n for n in sp.preorder_traversal(expr) if isinstance(n, (sp.Integral, Expect))]


def grid_value(expr, pvals, module="numpy"):
    """Evaluate ``expr`` at parameter values ``pvals`` (v, a1, a2, c), replacing each
    integral / expectation by the grid rule. With ``module="torch"`` the values may be
    tensors that require grad."""
    lib = torch if module == "torch" else np
    g = (torch.linspace(-L_GRID, L_GRID, N_GRID, dtype=torch.float64) if module == "torch"
         else np.linspace(-L_GRID, L_GRID, N_GRID))
    h = 2 * L_GRID / (N_GRID - 1)
    G1, G2 = lib.meshgrid(g, g, indexing="ij")
    integrands, outer = _compiled(expr, module)
    vals = [f(G1, G2, *pvals).sum() * h * h for f in integrands]
    return outer(*pvals, *vals)


@functools.lru_cache(maxsize=64)
def _compiled(expr: sp.Basic, module: str):
    """The integrands of ``expr``'s integrals and expectations as functions of ``(u1, u2,
    *parameters)``, and ``expr`` as a function of the parameters and those integrals'
    values. Kept per expression: writing out the densities took most of a check's time
    when it was done again at every parameter point."""
    ps = _psyms(expr)
    nodes = list(dict.fromkeys(_nodes(expr)))
    integrands = [sp.lambdify([u1, u2, *ps], sp.N(_integrand(n)), module) for n in nodes]
    repl = {n: sp.Dummy() for n in nodes}
    outer = sp.lambdify([*ps, *repl.values()], sp.N(expr.xreplace(repl)), module)
    return integrands, outer


def points(seed, n=3):
    rng = np.random.default_rng(seed)
    for _ in range(n):
        yield [float(rng.normal(0, 1.5)), float(rng.normal(0, 0.5)), float(rng.normal(0, 0.5)),
               float(rng.normal(0, 1))]


def autograd_derivative(deriv: sp.Derivative, pvals, extra=None):
    """d expr / d a1 by torch autograd through the grid rule."""
    (var, _), = deriv.variable_count
    t = [torch.tensor(p, dtype=torch.float64, requires_grad=True) for p in pvals]
    expr = deriv.expr.xreplace(extra or {})
    val = grid_value(expr, t, "torch")
    (gr,) = torch.autograd.grad(val, t[PNAMES.index(var.name)])
    return float(gr)


def data_subs(expr, rng):
    """Data points y_i near the ring (where the model's data live)."""
    out = {}
    for s in by_name(expr.free_symbols):
        if s.name.startswith("y") and s.name[-1] == "1":
            ang = rng.uniform(0, 2 * np.pi)
            out[s] = 10 * np.cos(ang) + rng.normal(0, 0.5)
            other = [t for t in expr.free_symbols if t.name == s.name[:-1] + "2"]
            if other:
                out[other[0]] = 10 * np.sin(ang) + rng.normal(0, 0.5)
    return out


def _params(expr, p) -> dict[sp.Symbol, float]:
    """The point ``p`` (values of v, a1, a2, c) keyed by the expression's own symbols."""
    return {s: v for s, v in zip(_psyms(expr), p, strict=True)}


def finite_differences(result, seed: int, npoints: int) -> Confirmation:
    """Central differences (h = 1e-4) of the derivative's body against the claimed right
    side, both evaluated by the shared evaluator (n-dimensional quadrature), at
    ``npoints`` parameter points; compared by the shared tolerance rule, with a
    truncation allowance of 1e-6 relative (times its factor 10) on the difference."""
    rng = np.random.default_rng(seed)
    st = result.statement
    (var, _), = st.lhs.variable_count
    k = PNAMES.index(var.name)
    ctx, h = Context(seed=seed), 1e-4
    worst, bad = 0.0, []
    for p in list(points(seed, npoints)):
        data = {s: float(v) for s, v in data_subs(st.lhs, rng).items()}
        hp, hm = list(p), list(p)
        hp[k] += h
        hm[k] -= h
        up = evaluate(st.lhs.expr, {**_params(st.lhs, hp), **data}, ctx)
        down = evaluate(st.lhs.expr, {**_params(st.lhs, hm), **data}, ctx)
        fd = (up.value - down.value) / (2 * h)
        fd_est = Estimate(fd, abserr=(up.abserr + down.abserr) / (2 * h)
                          + 1e-6 * max(1.0, float(abs(fd))))
        claimed = evaluate(st.rhs, {**_params(st.rhs, p), **data}, ctx)
        c = compare(fd_est, claimed, "==")
        worst = max(worst, c.gap / c.tolerance)
        if c.outcome != AGREE:
            bad.append(f"at {p}: differences {fd_est.real:.10g}, claimed {claimed.real:.10g}")
    detail = (f"{npoints} points; largest gap {worst:.3g} of its tolerance (quadrature error "
              f"/ h + 1e-5 relative for the truncation)" + "".join("; " + b for b in bad[:3]))
    return Confirmation("quadrature+finite-differences", not bad, detail, worst)
