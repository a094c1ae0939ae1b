"""Compile a SymPy expression of a few variables into a vectorised numpy function.

Real functions that leave their real domain give complex values (``log(-1)``
is ``i*pi``, not NaN), through ``numpy.emath``. Densities are evaluated with
SciPy (:mod:`probproof.numeric.distributions`), not with SymPy's formulas.
Sub-expressions that cannot be vectorised (a nested expectation whose
parameters depend on the variable, say) are evaluated point by point by the
``fallback`` function.
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Sequence

import numpy as np
import sympy as sp
from scipy import special

from probproof.derivations import vocabulary as V
from probproof.numeric.cancellation import expm1, log1p, without_cancellation
from probproof.numeric.distributions import VECTOR_LOGPDF, mvnormal_logpdf, vector_logpdf

Env = dict[sp.Basic, np.ndarray]
Fn = Callable[[Env], np.ndarray]


class NotCompilable(Exception):
    """An expression outside what the compiler handles."""


def _emath_pow(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    b = np.asarray(b)
    if np.iscomplexobj(a) or np.iscomplexobj(b):
        return np.power(a.astype(complex), b)
    b_int = np.all(np.mod(b, 1) == 0)
    if b_int:
        with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
            return np.power(a.astype(float), b)
    if np.any(a < 0):
        return np.power(a.astype(complex), b)
    with np.errstate(divide="ignore", over="ignore", invalid="ignore"):
        return np.power(a.astype(float), b)


def _int_pow(a: np.ndarray, n: int) -> np.ndarray:
    """``a ** n`` for an integer ``n`` known when compiling: what :func:`_emath_pow` does
    for an integer exponent, without testing the exponent's values at every call."""
    a = np.asarray(a)
    return np.power(a if np.iscomplexobj(a) else np.asarray(a, dtype=float), n)


def _loggamma(x: np.ndarray) -> np.ndarray:
    x = np.asarray(x)
    if np.iscomplexobj(x) or np.any(x <= 0):
        return special.loggamma(x.astype(complex))
    return special.gammaln(x)


def _on_sympy_branch(fn: Callable[[np.ndarray], np.ndarray], below_right: bool
                     ) -> Callable[[np.ndarray], np.ndarray]:
    """``fn`` (NumPy's complex inverse function) with SymPy's and mpmath's values on its
    branch cut, the real axis beyond the real domain.

    NumPy's real ``arcsin(2.0)`` is ``nan`` and its complex one follows the sign of the
    imaginary zero (C99): ``arcsin(2 + 0j)`` is ``pi/2 + 1.317j`` where SymPy and mpmath
    give ``pi/2 - 1.317j``. Two witnesses with different branches would disagree on a
    claim both evaluate correctly, so real points are put on the side of the cut that
    SymPy takes: below it right of 0 when ``below_right`` (asin, acos, atanh), above it
    otherwise (acosh)."""

    def branch(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        with np.errstate(all="ignore"):  # a pole (atanh(1)) is inf, as in SymPy
            if not np.iscomplexobj(x):
                out = fn(x.astype(float))
                if not np.any(np.isnan(out) & ~np.isnan(x)):
                    return out
            z = np.array(x, dtype=complex)
            side = np.where(z.real > 0, -0.0, 0.0) if below_right else np.zeros(z.shape)
            z.imag = np.where(z.imag == 0, side, z.imag)
            return fn(z)

    return branch


def _real_only(fn: Callable[[np.ndarray], np.ndarray]) -> Callable[[np.ndarray], np.ndarray]:
    """``fn`` of a real argument; ``nan`` (unevaluable) at a complex one, which SciPy's
    ``zeta`` and NumPy's ``heaviside`` do not take."""

    def real(x: np.ndarray) -> np.ndarray:
        x = np.asarray(x)
        if np.iscomplexobj(x):
            return np.where(x.imag == 0, fn(x.real), np.nan)
        return fn(x)

    return real


def _log1p(x: np.ndarray) -> np.ndarray:
    """``log(1 + x)`` without its cancellation near 0, complex below -1 (``np.emath.log``)."""
    x = np.asarray(x)
    if np.iscomplexobj(x) or np.any(x < -1):
        return np.emath.log(1 + np.asarray(x, dtype=complex))
    return np.log1p(x)


_UNARY: dict[type, Callable[[np.ndarray], np.ndarray]] = {
    sp.exp: np.exp,
    expm1: np.expm1,
    log1p: _log1p,
    sp.log: np.emath.log,
    sp.Abs: np.abs,
    sp.sign: np.sign,
    sp.sin: np.sin,
    sp.cos: np.cos,
    sp.tan: np.tan,
    sp.tanh: np.tanh,
    sp.sinh: np.sinh,
    sp.cosh: np.cosh,
    sp.atan: np.arctan,
    sp.asin: _on_sympy_branch(np.arcsin, below_right=True),
    sp.acos: _on_sympy_branch(np.arccos, below_right=True),
    sp.atanh: _on_sympy_branch(np.arctanh, below_right=True),
    sp.acosh: _on_sympy_branch(np.arccosh, below_right=False),
    sp.asinh: np.arcsinh,
    # SymPy's Heaviside(0) is 1/2
    sp.Heaviside: _real_only(lambda x: np.heaviside(x, 0.5)),
    # SciPy's one-argument zeta is Riemann's on the whole real line (its pole at 1: inf)
    sp.zeta: _real_only(special.zeta),
    sp.erf: special.erf,
    sp.gamma: special.gamma,
    sp.loggamma: _loggamma,
    sp.digamma: special.digamma,
    sp.floor: np.floor,
    sp.ceiling: np.ceil,
    sp.factorial: lambda x: special.gamma(np.asarray(x) + 1),
    sp.erfc: special.erfc,
}
#: Functions of two arguments (the language's special functions).
_BINARY: dict[type, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    sp.beta: special.beta,
    sp.polygamma: lambda n, x: special.polygamma(np.asarray(np.real(n), dtype=int), x),
    sp.besseli: special.iv,
    sp.lowergamma: lambda s, x: special.gammainc(s, x) * special.gamma(s),
    sp.uppergamma: lambda s, x: special.gammaincc(s, x) * special.gamma(s),
}
_RELATIONAL = {
    sp.Eq: np.equal, sp.Ne: np.not_equal, sp.Lt: np.less, sp.Le: np.less_equal,
    sp.Gt: np.greater, sp.Ge: np.greater_equal,
}


def compile_expr(
    expr: sp.Basic,
    variables: Sequence[sp.Basic],
    make_dist: Callable[[V.Distribution], object],
    fallback: Callable[[sp.Basic, Sequence[sp.Basic]], Fn] | None = None,
    dims: Sequence[int] | None = None,
) -> Callable[..., np.ndarray]:
    """Return ``f(*arrays)`` evaluating ``expr`` with ``variables`` bound to the arrays.

    ``make_dist`` turns a distribution whose parameters are numbers into a
    :class:`~probproof.numeric.distributions.NumericDist`. ``fallback`` builds
    an evaluator for sub-expressions the compiler does not know. ``dims`` gives the
    dimension of each variable (default 1): a point of R^d (used as ``x[0]``,
    ``x[1]``, ...) is an array of shape ``(..., d)``, whose last axis is not part of
    the shape of the result.
    """
    fn = _Compiler(set(variables), make_dist, fallback).compile(without_cancellation(expr))
    vector = {v for v, d in zip(variables, dims or [1] * len(variables), strict=True) if d > 1}

    def f(*arrays: np.ndarray) -> np.ndarray:
        env = dict(zip(variables, arrays, strict=True))
        with np.errstate(all="ignore"):
            out = fn(env)
        shapes = [np.shape(a)[:-1] if v in vector else np.shape(a)
                  for v, a in zip(variables, arrays, strict=True)]
        shape = np.broadcast_shapes(*shapes) if arrays else ()
        return np.broadcast_to(out, shape) if np.ndim(out) == 0 and shape else out

    return f


def _fold(parts: list[Fn], op: Callable[[np.ndarray, np.ndarray], np.ndarray]) -> Fn:
    """``op(...op(op(p0, p1), p2)..., pn)`` of the compiled parts, left to right."""

    def fold(env: Env) -> np.ndarray:
        out = parts[0](env)
        for p in parts[1:]:
            out = op(out, p(env))
        return out

    return fold


class _Compiler:
    def __init__(self, variables, make_dist, fallback) -> None:
        self.variables = variables
        self.make_dist = make_dist
        self.fallback = fallback
        #: Index variables of IID draws being compiled along an axis: k -> (first, last).
        self.slices: dict[sp.Symbol, tuple[int, int]] = {}

    def depends(self, e: sp.Basic) -> bool:
        return bool(e.free_symbols & self.variables) or any(
            isinstance(a, sp.Indexed) and a.base.label in self.variables
            for a in e.atoms(sp.Indexed)
        )

    def varies(self, e: sp.Basic) -> bool:
        """Whether ``e`` depends on the variables or on the index of a sum along an axis."""
        return self.depends(e) or bool(e.free_symbols & set(self.slices))

    def compile(self, e: sp.Basic) -> Fn:
        draws = draw_reduction(e, self.variables)
        if draws is not None:
            return self.compile_draws(*draws)
        finite = finite_reduction(e) if self.depends(e) else None
        if finite is not None:
            # A finite sum in an integrand (a kernel estimator's n kernels at every node):
            # its terms along one more axis, instead of the whole sum point by point.
            try:
                return self.compile_draws(*finite, guarded=True)
            except NotCompilable:
                pass
        if self.slices and not (e.free_symbols & set(self.slices)) and self.depends(e):
            # A part of a body over draws z[k] that does not vary with k: one value per
            # sample, against which the k axis (the last) broadcasts.
            inner = _Compiler(self.variables, self.make_dist, self.fallback).compile(e)
            return lambda env: np.expand_dims(inner(env), -1)
        if e in self.slices:
            a, b = self.slices[e]
            ks = np.arange(a, b + 1, dtype=float)
            return lambda env: ks
        if e in self.variables:
            return lambda env: env[e]
        if isinstance(e, sp.Indexed) and e.base.label in self.variables and e.indices[
                0] in self.slices:
            a, b = self.slices[e.indices[0]]
            lab = e.base.label
            return lambda env: env[lab][..., a:b + 1]
        if isinstance(e, sp.Indexed) and e.base.label in self.variables:
            i = int(e.indices[0])
            lab = e.base.label
            return lambda env: env[lab][..., i]
        if not self.depends(e) and not e.has(*_HARD) and e.is_number:
            c = complex(e.evalf(30)) if not e.has(sp.oo, -sp.oo, sp.zoo, sp.nan) else complex(
                float(e) if e in (sp.oo, -sp.oo) else float("nan"))
            c = c.real if c.imag == 0 else c
            return lambda env: c
        if isinstance(e, sp.Add):
            parts = [self.compile(a) for a in e.args]
            return lambda env: sum(p(env) for p in parts)
        if isinstance(e, sp.Mul):
            return _fold([self.compile(a) for a in e.args], operator.mul)
        if isinstance(e, sp.Pow):
            base, ex = self.compile(e.base), self.compile(e.exp)
            if e.exp == sp.Rational(1, 2):
                return lambda env: np.emath.sqrt(base(env))
            if e.exp == -1:
                return lambda env: 1.0 / base(env)
            if e.exp.is_Integer:
                n = int(e.exp)
                return lambda env: _int_pow(base(env), n)
            return lambda env: _emath_pow(base(env), ex(env))
        if (isinstance(e, sp.log) and len(e.args) == 1 and isinstance(e.args[0], sp.Mul)
                and any(isinstance(f, sp.exp) for f in e.args[0].args)):
            # log(c exp(a)) = log(c) + a for real a (an exponential density written out,
            # log(lam exp(-lam x))): exp(a) underflows to 0 far out, and log(0) * 0 made
            # the first witness fail where the second had nothing to be checked against
            rest = sp.Mul(*[f for f in e.args[0].args if not isinstance(f, sp.exp)])
            exponent = sp.Add(*[f.args[0] for f in e.args[0].args if isinstance(f, sp.exp)])
            head, tail = self.compile(sp.log(rest)), self.compile(exponent)

            def log_product(env: Env) -> np.ndarray:
                a = np.asarray(tail(env))
                if np.iscomplexobj(a) and np.any(a.imag):
                    return np.emath.log(np.asarray(self_eval(env)))
                return np.asarray(head(env)) + np.real(a)

            self_eval = self.compile(e.args[0])
            return log_product
        if isinstance(e, log1p) and isinstance(e.args[0], sp.exp):
            # softplus: log(1 + exp(a)) without exp(a) overflowing (a = 800 far out in a
            # normal law's tail, where -log(sigmoid(-a)) is 800, not inf)
            inner = self.compile(e.args[0].args[0])

            def softplus(env: Env) -> np.ndarray:
                a = np.asarray(inner(env))
                if np.iscomplexobj(a) and np.any(a.imag):
                    return _log1p(np.exp(a))
                return np.logaddexp(0.0, np.real(a))

            return softplus
        if isinstance(e, sp.log) and len(e.args) == 1 and isinstance(e.args[0], sp.exp):
            # log(exp(a)) is a for real a (an f-divergence's log of a density ratio written
            # as exp(log p - log q)): exp(a) overflows long before a does
            a = self.compile(e.args[0].args[0])

            def log_exp(env: Env) -> np.ndarray:
                v = np.asarray(a(env))
                if not np.iscomplexobj(v) or not np.any(v.imag):
                    return np.real(v)
                return np.emath.log(np.exp(v))

            return log_exp
        if isinstance(e, sp.log) and len(e.args) == 1:
            split = _density_factors(e.args[0])
            if split is not None:
                # log(p(x) q(x) / r(x)) as log p + log q - log r: each density's log from
                # its law, so that densities that underflow far out (the ratio does not)
                # give the finite log ratio instead of log(0 / 0) or log(0).
                rest, dens = split
                parts = [(n, self.compile(V.logpdf(*d.args))) for d, n in dens]
                if rest != 1:
                    parts.append((1, self.compile(sp.log(rest))))
                return lambda env: sum(n * p(env) for n, p in parts)
        if type(e) in _UNARY:
            f = _UNARY[type(e)]
            a = self.compile(e.args[0])
            return lambda env: f(a(env))
        if type(e) in _BINARY:
            fn2 = _BINARY[type(e)]
            a, b = self.compile(e.args[0]), self.compile(e.args[1])
            return lambda env: fn2(np.real(a(env)), np.real(b(env)))
        if isinstance(e, V.cdf) and not self.varies(e.args[0]):
            law = self.make_dist(e.args[0])
            xf = self.compile(e.args[1])
            return lambda env: law.cdf(np.real(xf(env)))  # type: ignore[attr-defined]
        if isinstance(e, sp.log) and len(e.args) == 2:  # pragma: no cover - sympy folds these
            a, b = self.compile(e.args[0]), self.compile(e.args[1])
            return lambda env: np.emath.log(a(env)) / np.emath.log(b(env))
        if isinstance(e, (sp.Min, sp.Max)):
            return _fold([self.compile(a) for a in e.args],
                         np.minimum if isinstance(e, sp.Min) else np.maximum)
        if isinstance(e, sp.binomial):
            n, k = self.compile(e.args[0]), self.compile(e.args[1])
            return lambda env: special.binom(n(env), k(env))
        if isinstance(e, sp.Piecewise):
            pieces = [(self.compile(expr), self.compile_cond(cond)) for expr, cond in e.args]

            def piecewise(env: Env) -> np.ndarray:
                vals = [p(env) for p, _ in pieces]
                conds = [c(env) for _, c in pieces]
                shape = np.broadcast_shapes(*[np.shape(v) for v in vals + conds])
                return np.select([np.broadcast_to(c, shape) for c in conds],
                                 [np.broadcast_to(v, shape) for v in vals], default=np.nan)

            return piecewise
        if isinstance(e, (V.pdf, V.logpdf)) and not self.varies(e.args[0]):
            dist = self.make_dist(e.args[0])
            point = e.args[1]
            if isinstance(point, sp.Tuple):
                coords = [self.compile(c) for c in point]

                def at(env: Env) -> np.ndarray:
                    cs = np.broadcast_arrays(*[np.real(c(env)) for c in coords])
                    return np.stack(cs, axis=-1)
            else:
                xf = self.compile(point)

                def at(env: Env) -> np.ndarray:
                    return np.real(xf(env))

            if isinstance(e, V.pdf):
                return lambda env: dist.pdf(at(env))  # type: ignore[attr-defined]
            return lambda env: dist.logpdf(at(env))  # type: ignore[attr-defined]
        if isinstance(e, (V.pdf, V.logpdf)) and isinstance(e.args[0], V.MvNormal) and (
                isinstance(e.args[1], sp.Tuple)):
            # Parameters depending on the variables (a mixture's component k, a kernel
            # centred on data point i): one covariance per point.
            mean_t, cov_t = e.args[0].args
            mean_f = [self.compile(m) for m in mean_t]
            cov_f = [[self.compile(c) for c in row] for row in cov_t]
            point_f = [self.compile(c) for c in e.args[1]]

            def stacked(fns: list[Fn], env: Env) -> np.ndarray:
                return np.stack(np.broadcast_arrays(*[np.asarray(f(env)) for f in fns]), -1)

            def mv_logdens(env: Env) -> np.ndarray:
                cov = np.stack(np.broadcast_arrays(
                    *[np.asarray(f(env)) for row in cov_f for f in row]), -1)
                d = len(mean_f)
                return mvnormal_logpdf(stacked(point_f, env), stacked(mean_f, env),
                                       cov.reshape(*cov.shape[:-1], d, d))

            if isinstance(e, V.pdf):
                return lambda env: np.exp(mv_logdens(env))
            return mv_logdens
        if isinstance(e, (V.pdf, V.logpdf)) and type(e.args[0]).__name__ in VECTOR_LOGPDF:
            # Parameters depending on the variables: SciPy broadcasts over parameter arrays.
            kind = type(e.args[0]).__name__
            params = [self.compile(p) for p in e.args[0].args]
            xf = self.compile(e.args[1])

            def logdens(env: Env) -> np.ndarray:
                return vector_logpdf(kind, xf(env), [p(env) for p in params])

            if isinstance(e, V.pdf):
                return lambda env: np.exp(logdens(env))
            return logdens
        if e.is_Number or e in (sp.pi, sp.E):
            c = complex(e.evalf(30)) if e.is_finite else float(e)
            return lambda env: c
        if e == sp.oo:
            return lambda env: np.inf
        if e == -sp.oo:
            return lambda env: -np.inf
        if self.fallback is not None:
            return self.fallback(e, sorted(self.variables, key=str))
        raise NotCompilable(f"cannot compile {type(e).__name__}")

    def compile_draws(self, kind: str, body: sp.Basic, k: sp.Symbol, a: int, b: int,
                      guarded: bool = False) -> Fn:
        """``Sum``, ``Product`` or ``log(Sum(exp(.)))`` over the draws ``z[k]`` of an IID
        law, ``k`` from ``a`` to ``b``: the body over the last axis of the draws, then
        reduced along it (``logsumexp`` without overflow). ``guarded``: raise
        :class:`NotCompilable` where a part of the body that varies with ``k`` would go to
        the point-by-point fallback, which knows nothing of the axis."""
        fallback = self.fallback
        if guarded:
            def fallback(node: sp.Basic, variables: Sequence[sp.Basic]) -> Fn:
                if node.free_symbols & set(inner.slices) or self.fallback is None:
                    raise NotCompilable(f"{type(node).__name__} varies along a sum's axis")
                return self.fallback(node, variables)
        inner = _Compiler(self.variables, self.make_dist, fallback)
        inner.slices = {**self.slices, k: (a, b)}
        fn = inner.compile(body)
        shape = (b - a + 1,)

        def reduce(env: Env) -> np.ndarray:
            vals = fn(env)
            vals = np.broadcast_to(vals, np.broadcast_shapes(np.shape(vals), shape))
            if kind == "sum":
                return np.sum(vals, axis=-1)
            if kind == "product":
                return np.prod(vals, axis=-1)
            return special.logsumexp(vals, axis=-1)

        return reduce

    def compile_cond(self, c: sp.Basic) -> Fn:
        if c is sp.true:
            return lambda env: True
        if c is sp.false:
            return lambda env: False
        if type(c) in _RELATIONAL:
            f = _RELATIONAL[type(c)]
            a, b = self.compile(c.args[0]), self.compile(c.args[1])
            return lambda env: f(np.real(a(env)), np.real(b(env)))
        if isinstance(c, (sp.And, sp.Or)):
            return _fold([self.compile_cond(a) for a in c.args],
                         np.logical_and if isinstance(c, sp.And) else np.logical_or)
        if isinstance(c, sp.Not):
            inner = self.compile_cond(c.args[0])
            return lambda env: np.logical_not(inner(env))
        raise NotCompilable(f"cannot compile condition {c}")


def _density_factors(arg: sp.Basic) -> tuple[sp.Basic, list[tuple[sp.Basic, int]]] | None:
    """``(rest, [(pdf(P, x), n), ...])`` with ``arg = rest * prod pdf(P, x)**n`` (integer
    ``n``), when ``arg`` has a density factor; ``None`` otherwise. A density is a
    nonnegative real, so ``log(arg) = log(rest) + sum n log pdf`` on the principal branch."""
    rest, dens = [], []
    for factor in sp.Mul.make_args(arg):
        base, n = factor.as_base_exp() if isinstance(factor, sp.Pow) else (factor, sp.S.One)
        if isinstance(base, V.pdf) and n.is_Integer:
            dens.append((base, int(n)))
        else:
            rest.append(factor)
    if not dens:
        return None
    return sp.Mul(*rest), dens


def _reduction(e: sp.Basic) -> tuple | None:
    """``(kind, body, k, a, b)`` when ``e`` is a ``Sum``/``Product`` over ``k`` (or
    ``log(Sum(exp(body)))``) from integer ``a`` to ``b``; ``None`` otherwise."""
    kind = "sum"
    if isinstance(e, sp.log) and len(e.args) == 1 and isinstance(e.args[0], sp.Sum) and (
            isinstance(e.args[0].function, sp.exp)):
        kind, e = "logsumexp", e.args[0]
    if not isinstance(e, (sp.Sum, sp.Product)) or len(e.limits) != 1:
        return None
    k, a, b = e.limits[0]
    if not (a.is_Integer and b.is_Integer):
        return None
    if isinstance(e, sp.Product):
        kind = "product"
    body = e.function.args[0] if kind == "logsumexp" else e.function
    return kind, body, k, int(a), int(b)


def draw_reduction(e: sp.Basic, variables) -> tuple | None:
    """:func:`_reduction` of ``e`` when its body indexes a draw ``z[k]`` of one of
    ``variables``; ``None`` otherwise."""
    found = _reduction(e)
    if found is None:
        return None
    _, body, k, _, _ = found
    if not any(isinstance(n, sp.Indexed) and n.base.label in variables and n.indices[0] == k
               for n in body.atoms(sp.Indexed)):
        return None
    return found


#: The most terms of a finite sum compiled along an axis (memory: nodes x terms).
MAX_AXIS_TERMS = 4096


def finite_reduction(e: sp.Basic) -> tuple | None:
    """:func:`_reduction` of ``e`` when it has at most :data:`MAX_AXIS_TERMS` terms."""
    found = _reduction(e)
    if found is None or not 0 <= found[4] - found[3] < MAX_AXIS_TERMS:
        return None
    return found


#: Nodes that need integration, summation, search or differentiation.
_HARD = (V.KL, V.JSD, V.H, V.CrossEntropy, V.Expect, V.Sup, V.pdf, V.logpdf, V.cdf,
         sp.Integral, sp.Sum, sp.Product, sp.Limit, sp.Derivative)
HARD = _HARD
