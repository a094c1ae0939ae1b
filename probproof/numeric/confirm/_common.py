"""Helpers shared by the catalog-2 confirmations (not a topic module: the leading
underscore keeps :func:`probproof.numeric.confirmations.load_all` from importing it
as one)."""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterable

import mpmath
import numpy as np
import sympy as sp
from scipy import optimize

from probproof.numeric.distributions import InvalidPoint
from probproof.numeric.estimate import Estimate
from probproof.numeric.evaluate import Context, Unevaluable, evaluate
from probproof.numeric.sampling import draw_point
from probproof.numeric.tolerance import AGREE, RESOLUTION, Z, compare


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


def instance(expr: sp.Basic, size: str, n: int, scalars: list[str], arrays: list[str],
             module: str = "numpy"):
    """A result stated for any size (``Sum`` up to the symbol named ``size``, with indexed
    parameters ``a[k]``) as a numeric function at ``size = n``: ``f(*scalar_values,
    *array_values)``, each array of length n holding ``a[1], ..., a[n]``. The finite sums
    are written out, so the claimed expression is evaluated as it stands."""
    return _instance(sp.sympify(expr), size, n, tuple(scalars), tuple(arrays), module)


@functools.lru_cache(maxsize=256)
def _instance(expr: sp.Basic, size: str, n: int, scalars: tuple[str, ...],
              arrays: tuple[str, ...], module: str):
    """:func:`instance`, kept per expression and size: writing out the sums and lambdifying
    costs 40 ms, and the checks of one result ask for the same few sizes many times. The
    key is the claimed expression itself, so a changed formula is compiled afresh."""
    e = expr.xreplace({sym(expr, size): n}).doit()
    table = {name: sp.symbols(f"_{name}1:{n + 1}", real=True) for name in arrays}
    e = e.replace(lambda a: isinstance(a, sp.Indexed) and a.base.label.name in table,
                  lambda a: table[a.base.label.name][int(a.indices[0]) - 1])
    flat = [sym(expr, name) for name in scalars] + [s for name in arrays for s in table[name]]
    f = sp.lambdify(flat, e, modules=module)
    return lambda *values: f(*values[:len(scalars)],
                             *(v for arr in values[len(scalars):] for v in arr))


def integral_1d(f, lo: float, hi: float, tol: float = 1e-11) -> tuple[float, float]:
    """The integral of a vectorised ``f(x)`` over ``[lo, hi]`` and its error estimate, by
    scipy's adaptive cubature (21-point Gauss-Kronrod): like ``quad``, but each
    subinterval's nodes go to ``f`` in one array call, so that a frozen ``scipy.stats``
    density (60 us a call, whatever its length) is called tens of times, not thousands.
    An estimate that did not converge comes back with an infinite error."""
    return _gk21(lambda x: f(x[:, 0]), [lo], [hi], tol)


def integral_2d(f, lo: float, hi: float, tol: float = 1e-10) -> tuple[float, float]:
    """The integral of a vectorised ``f(x, y)`` over ``[lo, hi]^2`` and its error estimate,
    by scipy's adaptive cubature with the 21-point Gauss-Kronrod product rule.

    ``dblquad`` nests two adaptive quadratures and calls ``f`` once per point from
    Python; cubature evaluates each subregion's nodes in one array call, to the same
    tolerance, ten to twenty times faster on a sum of Gaussian bumps. An estimate that did
    not converge comes back with an infinite error.
    """
    return _gk21(lambda xy: f(xy[:, 0], xy[:, 1]), [lo, lo], [hi, hi], tol)


def _gk21(f, lo: list[float], hi: list[float], tol: float) -> tuple[float, float]:
    from scipy.integrate import cubature

    r = cubature(lambda pts: _array(f(pts), len(pts)), lo, hi, rule="gk21", rtol=tol,
                 atol=tol)
    return float(r.estimate), float(r.error) if r.status == "converged" else math.inf


def _array(values, n: int) -> np.ndarray:
    """``values`` as n floats: a claimed formula that does not depend on the variable
    gives one number, where cubature needs one per node."""
    return np.broadcast_to(np.asarray(values, dtype=float), (n,))


def torch_maximum(f, size: int) -> float:
    """The largest value of ``f`` (a torch function of a float64 vector of length
    ``size``) found by L-BFGS from the origin, value and gradient by torch autograd.

    SciPy's L-BFGS-B drives the search, not ``torch.optim.LBFGS``: the first
    ``torch.optim`` optimiser of a process imports ``torch._dynamo``, about one CPU
    second in each worker of ``probproof verify``, for a search of a few variables."""
    import torch

    z0 = torch.zeros(size, dtype=torch.float64, requires_grad=True)
    if not torch.is_tensor(f(z0)):  # f does not depend on z: nothing to optimise
        return float(f(z0))

    def negative(x: np.ndarray) -> tuple[float, np.ndarray]:
        z = torch.tensor(x, dtype=torch.float64, requires_grad=True)
        loss = -f(z)
        loss.backward()
        grad = z.grad if z.grad is not None else torch.zeros_like(z)
        return float(loss.detach()), grad.numpy().astype(float)

    r = optimize.minimize(negative, np.zeros(size), jac=True, method="L-BFGS-B",
                          options={"maxiter": 500, "ftol": 1e-15, "gtol": 1e-12})
    with torch.no_grad():
        return float(f(torch.tensor(r.x, dtype=torch.float64)))


def close(a: float, b: float, rtol: float = 1e-7, atol: float = 1e-9) -> bool:
    scale = max(abs(a), abs(b))
    return bool(np.isfinite(a) and np.isfinite(b) and abs(a - b) <= atol + rtol * scale)


#: Draws per point that :func:`check_points` may make: where Monte Carlo is the method,
#: the evaluator declines the points of a domain where the integrand is heavy-tailed
#: (``E[exp(a x)]`` under a wide normal), which can be most of them.
REDRAWS = 6
#: Draws per expectation of a Monte Carlo confirmation: a quarter of the checker's
#: default (its resolution, about 6 standard errors, is still far below the error of
#: any plausible wrong formula) so that the catalog's verification is no slower.
MC_SAMPLES = 1 << 15


def check_points(result, claims, method: str, seed: int, npoints: int = 6,
                 fixed: dict | None = None, monte_carlo: bool = False,
                 independent: bool = False, mc_samples: int = MC_SAMPLES
                 ) -> tuple[bool, str, float]:
    """Evaluate claims ``(lhs, rhs, relation)`` at random points of the result's domains.

    Both sides go through the one evaluator of the claim language
    (:func:`probproof.numeric.evaluate.evaluate`): quadrature and sums by default; with
    ``monte_carlo``, Monte Carlo for every expectation; with ``independent``, the
    evaluator's second witness (mpmath on the SymPy definitions). They are compared by the
    one tolerance rule (:mod:`probproof.numeric.tolerance`). ``fixed`` pins symbols (by
    name) to values. A point the evaluator declines (a Monte Carlo sample whose standard
    error it does not trust, say) is replaced by a fresh one, up to ``REDRAWS * npoints`` draws
    per claim; fewer than ``npoints`` evaluated points fail the check. Returns (passed,
    detail, worst), ``worst`` being the largest gap as a multiple of its tolerance.
    """
    rng = np.random.default_rng(seed)
    ctx = Context(seed=seed, monte_carlo=monte_carlo, independent=independent,
                  mc_samples=mc_samples)
    worst, bad, declined = 0.0, [], []
    for lhs, rhs, rel in claims:
        lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
        done = 0
        for _ in range(REDRAWS * npoints):
            if done == npoints:
                break
            point = draw_point(lhs.free_symbols | rhs.free_symbols, result.domains, rng)
            point.update({s: (fixed or {})[s.name] for s in point if s.name in (fixed or {})})
            at = {s.name: round(v, 6) for s, v in point.items()}
            try:
                c = compare(evaluate(lhs, point, ctx), evaluate(rhs, point, ctx), rel)
            except (InvalidPoint, Unevaluable) as exc:
                declined.append(f"not evaluated at {at}: {exc}")
                continue
            done += 1
            ratio = c.gap / c.tolerance if c.tolerance > 0 else (0.0 if c.gap <= 0 else np.inf)
            worst = max(worst, ratio)
            if c.outcome != AGREE:
                bad.append(f"{rel} {c.outcome} at {at}: lhs={_show(c.lhs)}, rhs={_show(c.rhs)}")
        if done < npoints:
            bad.append(f"only {done} of {npoints} points evaluated")
    detail = (f"{method}: {len(claims)} claim(s) at {npoints} random points"
              + (f", {ctx.mc_samples} draws per expectation" if monte_carlo else "")
              + f", tolerance 10 x error bounds + {RESOLUTION:g} relative"
              + (f" + {Z:.2f} standard errors" if monte_carlo else "")
              + f"; largest gap {worst:.3g} of its tolerance"
              + (f"; {len(declined)} point(s) declined and redrawn" if declined else ""))
    if bad:
        detail += "; " + "; ".join((bad + declined)[:3])
    return not bad, detail, worst


def _show(e: Estimate) -> str:
    return mpmath.nstr(e.value if not e.is_real() else e.value.real, 10) + (
        f" +- {e.stderr:.2g}" if e.stderr else "")


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

    def scalar(z: float) -> float:
        # f for one point: Brent calls it a thousand times a check, and numpy's errstate
        # and where on a 0-d array cost ten times the body itself.
        v = body_fn(to(z))
        v = sign * (float(v) if isinstance(v, (float, int, np.floating))
                    else float(np.asarray(v, dtype=float)))
        return math.inf if math.isnan(v) else v

    edges = np.linspace(lo, hi, 41)
    best = np.inf
    with np.errstate(all="ignore"):
        for a, b in itertools.pairwise(edges):
            r = optimize.minimize_scalar(scalar, bounds=(a, b), method="bounded",
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
        vals = list(draw_point([sp.Symbol(n) for n in others], result.domains, rng).values())
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
