"""The second witness of one-dimensional integrals and sums: mpmath on SymPy forms.

A counterexample needs two witnesses that share no code beyond the parsed
expression (DESIGN.md, Evidence rules). The first witness of an integral is
:func:`probproof.numeric.quadrature.integrate` (float64, ``scipy.stats``
densities, SciPy's cubature); this module is the second: the integrand is the
SymPy expression with every density written out from its definition
(:func:`probproof.derivations.vocabulary.explicit_densities`), evaluated by
mpmath at 30 or more digits and integrated by tanh-sinh quadrature.

Two things make it trustworthy where float64 quadrature is not:

- **End points are distances.** Near a finite end point ``e`` the variable is
  ``y = |x - e|``, substituted *symbolically*, so ``1 - x`` near ``x = 1`` is
  computed as ``y`` instead of a rounded difference, and a power singularity
  ``y**(a - 1)`` is integrated down to ``y = 1e-60`` and below.
- **Divergence is detected, not integrated.** Before integrating, ``|y f|`` is
  probed as ``y -> 0`` at each finite end and ``|x f|`` as ``x -> oo`` at each
  infinite one. Growth with a constant sign makes the integral ``+-oo``
  (divergence established); neither growth nor decay makes it unevaluable.

Break points are the support ends of every density in the integrand and the
zeros of the arguments of ``Abs``, ``sign``, ``Max``/``Min``, ``floor`` and the
conditions of ``Piecewise``, where these are linear in the variable.
"""

from __future__ import annotations

import collections
import itertools
import math
from collections.abc import Iterable, Sequence
from typing import Any, ClassVar

import mpmath
import sympy as sp

from probproof.derivations import vocabulary as V
from probproof.numeric.cancellation import without_cancellation
from probproof.numeric.disk_cache import json_cached
from probproof.numeric.fourier import DECAYED, cut_points


class NoWitness(ArithmeticError):
    """The second witness cannot evaluate this integral or sum reliably."""


class NoValue(NoWitness):
    """The integral or sum diverges both ways: ``oo - oo`` has no value."""


class Divergent(ArithmeticError):
    """The integral or sum diverges; ``sign`` is +1 or -1."""

    def __init__(self, sign: int, message: str) -> None:
        super().__init__(message)
        self.sign = sign


_KINKED = (sp.Abs, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Max, sp.Min)


def kinks(expr: sp.Basic, x: sp.Symbol, lo: float = -math.inf, hi: float = math.inf,
          loc: float = 0.0, scale: float = 1.0) -> set[float]:
    """Points where ``expr`` may jump or bend: zeros of linear arguments of kinked
    functions and of the relations of ``Piecewise`` conditions, and in a finite range the
    points where the argument of ``floor``/``ceiling``/``frac`` crosses an integer.

    Examples
    --------
    >>> x = sp.Symbol("x", real=True)
    >>> sorted(kinks(sp.Abs(x - 2) + sp.Piecewise((1, x < 3), (0, True)), x))
    [2.0, 3.0]
    """
    out: set[float] = set()

    def root(arg: sp.Basic) -> None:
        try:
            poly = sp.Poly(arg, x)
        except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
            poly = None
        if poly is None or poly.degree() != 1:
            # |p(x) - q(x)| in a total variation: the zeros of a nonlinear argument,
            # found as sign changes on a scan of the range and refined by bisection.
            out.update(_sign_changes(arg, x, lo, hi, loc, scale))
            return
        a, b = poly.all_coeffs()
        if a.is_number and b.is_number and a != 0:
            r = complex(sp.N(-b / a, 20))
            if r.imag == 0 and math.isfinite(r.real):
                out.add(r.real)

    out |= _step_jumps(expr, x, lo, hi)
    for node in sp.preorder_traversal(expr):
        if isinstance(node, (sp.Max, sp.Min)):
            # where two of the arguments cross (Min(1, 1/x**3) bends at x = 1), not where
            # each is 0: the quadrature gave 1.5000014 with a bound of 2.5e-13 for 3/2
            for a, b in itertools.combinations(node.args, 2):
                if a.has(x) or b.has(x):
                    root(a - b)
        elif isinstance(node, _KINKED):
            for a in node.args:
                if a.has(x):
                    root(a)
        elif isinstance(node, sp.Rel) and node.has(x):
            root(node.lhs - node.rhs)
        elif isinstance(node, sp.Contains) and isinstance(node.args[1], sp.Interval):
            iv = node.args[1]
            for end in (iv.start, iv.end):
                if end.is_number and end.is_finite:
                    out.add(float(end))
    return out


#: Scales of the law on each side of its location within which the jumps of a step
#: function are marked on an infinite range.
JUMP_SCALES = 40.0


def jumps_in_bulk(expr: sp.Basic, x: sp.Symbol, lo: float, hi: float, loc: float,
                  scale: float) -> set[float]:
    """The jumps of the step functions of ``expr`` within ``JUMP_SCALES`` scales of the
    law around its location, where ``(lo, hi)`` is infinite: where the law's mass is.
    Unmarked, the jumps of ``floor(x)`` under an exponential law of rate 1 made float64's
    precise quadrature miss by 8e-8 with a bound of 6e-13. (Not for this module's own
    tanh-sinh, which :func:`kinks` leaves without them: hundreds of cuts made each of its
    evaluations take seconds.)"""
    if math.isfinite(lo) and math.isfinite(hi):
        return set()
    width = JUMP_SCALES * (scale if math.isfinite(scale) and scale > 0 else 1.0)
    return _step_jumps(expr, x, lo if math.isfinite(lo) else loc - width,
                       hi if math.isfinite(hi) else loc + width)


def _step_jumps(expr: sp.Basic, x: sp.Symbol, lo: float, hi: float) -> set[float]:
    """Where the arguments of the step functions of ``expr`` cross an integer in a finite
    ``(lo, hi)`` (:func:`_integer_crossings`)."""
    return {t for node in sp.preorder_traversal(expr)
            if isinstance(node, _STEPS) and node.args[0].has(x)
            for t in _integer_crossings(node.args[0], x, lo, hi)}


#: Step functions: they jump wherever their argument crosses an integer.
_STEPS = (sp.floor, sp.ceiling, sp.frac)
#: Most jumps of a step function that are made break points of one integral.
MAX_JUMPS = 2000


def _integer_crossings(arg: sp.Basic, x: sp.Symbol, lo: float, hi: float) -> set[float]:
    """Where a linear ``arg`` takes integer values in a finite ``(lo, hi)``: the jumps of
    ``floor(arg)``. None for an infinite range, a nonlinear argument or too many jumps
    (tanh-sinh across unmarked jumps then fails to converge: no value, not a wrong one)."""
    if not (math.isfinite(lo) and math.isfinite(hi)):
        return set()
    try:
        poly = sp.Poly(arg, x)
    except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
        return _nonlinear_crossings(arg, x, lo, hi)
    if poly.degree() != 1 or not all(c.is_number for c in poly.all_coeffs()):
        return _nonlinear_crossings(arg, x, lo, hi)
    a, b = (float(c) for c in poly.all_coeffs())
    ends = sorted((a * lo + b, a * hi + b))
    first, last = math.ceil(ends[0]), math.floor(ends[1])
    if last - first + 1 > MAX_JUMPS:
        return set()
    return {(n - b) / a for n in range(first, last + 1)}


#: Most jumps of a step function of a nonlinear argument that are looked for.
MAX_NONLINEAR_JUMPS = 200


def _nonlinear_crossings(arg: sp.Basic, x: sp.Symbol, lo: float, hi: float) -> set[float]:
    """Where a nonlinear ``arg`` crosses an integer in a finite ``(lo, hi)``: a scan of
    400 points (the ends included) and bisection between the two that bracket each
    integer. ``floor(sqrt(x))`` over (0, 10) jumps at 1, 4 and 9; without them the
    float64 quadrature gave 16.00074 with a bound of 3e-14 for 16, and
    ``int floor(sqrt(x)) > 16`` was confirmed."""
    if arg.free_symbols - {x} or arg.has(*V.FUNCTIONALS, V.pdf, V.logpdf):
        return set()
    value = _real_function(arg, x)
    grid = [lo + (hi - lo) * i / 400 for i in range(401)]
    vals = [value(t) for t in grid]
    out: set[float] = set()
    for (a0, fa0), (b0, fb0) in itertools.pairwise(zip(grid, vals, strict=True)):
        if fa0 is None or fb0 is None:
            continue
        low, high = sorted((fa0, fb0))
        for n in range(math.floor(low) + 1, math.floor(high) + 1):
            if len(out) >= MAX_NONLINEAR_JUMPS:
                return set()  # too many: none rather than some
            out.add(_bisect(value, a0, fa0 - n, b0, level=n))
    return out


def _real_function(arg: sp.Basic, x: sp.Symbol):
    """``arg`` as an mpmath function of a float: its real value, or ``None`` where it is
    undefined, complex or not finite."""
    fn = sp.lambdify(x, arg, modules=["mpmath"])

    def value(t: float) -> float | None:
        try:
            v = complex(fn(mpmath.mpf(t)))
        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
            return None
        return v.real if v.imag == 0 and math.isfinite(v.real) else None

    return value


def _bisect(value, a: float, fa: float, b: float, level: float = 0.0) -> float:
    """Where ``value`` crosses ``level`` between ``a`` and ``b`` (``fa = value(a) -
    level``, of the other sign than at ``b``): bisection to the last float between them."""
    for _ in range(200):
        m = (a + b) / 2
        fm = value(m)
        if fm is None or m in (a, b):
            break
        if (fm - level > 0) == (fa > 0):
            a, fa = m, fm - level
        else:
            b = m
    return (a + b) / 2


def _sign_changes(arg: sp.Basic, x: sp.Symbol, lo: float, hi: float, loc: float,
                  scale: float) -> set[float]:
    """Zeros of a real function of ``x`` in ``(lo, hi)`` where it changes sign."""
    if arg.free_symbols - {x} or arg.has(*V.FUNCTIONALS, V.pdf, V.logpdf):
        return set()
    value = _real_function(arg, x)
    if math.isfinite(lo) and math.isfinite(hi):
        grid = [lo + (hi - lo) * (i + 0.5) / 400 for i in range(400)]
    else:
        grid = [loc + scale * math.sinh(u) for u in (-8 + 16 * i / 400 for i in range(401))]
        grid = [g for g in grid if lo < g < hi]
    out: set[float] = set()
    vals = [value(t) for t in grid]
    for (a, fa), (b, fb) in itertools.pairwise(zip(grid, vals, strict=True)):
        if fa is None or fb is None or fa == 0 or fb == 0 or (fa > 0) == (fb > 0):
            continue
        out.add(_bisect(value, a, fa, b))
    return out


def density_form(body: sp.Basic) -> sp.Basic:
    """``body`` with densities, and distribution functions that have a closed form
    (:meth:`~probproof.derivations.vocabulary.Distribution.cdf_formula`), written out by
    their SymPy definitions."""
    return V.explicit_densities(V.explicit_cdfs(body))


def error_bound(err: mpmath.mpf) -> float:
    """An error bound as a float, or as an mpf where float64 cannot hold it: the bound on
    a sum near e^954 is itself beyond float64, while its logarithm's bound is small; and
    the bound 5e-929 on an integral of 3e-924 (a Renyi divergence's, whose logarithm is
    2636.78321) is 0.0 as a float, which made the logarithm exact to the comparison while
    it was off by 4e-6: both witnesses then refuted a true claim."""
    if err == 0 or 1e-300 < err < 1e300:
        return float(err)
    return err  # type: ignore[return-value]


def _constants(expr: sp.Basic, table: dict[sp.Basic, sp.Dummy]) -> sp.Basic:
    """``expr`` with each largest constant subexpression that is not an integer (``sqrt(2) /
    sqrt(pi)``, ``1/2``, a 40-digit ``Float``) replaced by a dummy recorded in ``table``.
    Exponents stay: ``x**(1/2)`` is printed as ``sqrt(x)``, which a dummy would not be."""
    if not expr.free_symbols:
        if expr.is_Integer or isinstance(expr, (sp.logic.boolalg.BooleanAtom, sp.Tuple)):
            return expr
        if expr.is_number:
            return table.setdefault(expr, sp.Dummy("c"))
    if not expr.args or isinstance(expr, (sp.Integral, sp.Sum, sp.Lambda, sp.Set)):
        return expr
    if isinstance(expr, sp.Pow):
        return sp.Pow(_constants(expr.base, table), expr.exp, evaluate=False)
    args = [_constants(a, table) for a in expr.args]
    try:
        return expr.func(*args, evaluate=False)
    except TypeError:  # a class without the option (ExprCondPair)
        return expr.func(*args)


def mp_compile(var: sp.Symbol | Sequence[sp.Symbol], expr: sp.Basic, dps: int):
    """``expr`` as an mpmath function of ``var`` (one symbol, or several: the function
    then takes as many arguments), compiled for many calls at ``dps`` digits.

    A plain ``lambdify`` recomputes ``sqrt(2)/sqrt(pi)`` and converts every ``Float`` from
    its digit string at each call, and evaluates a density that appears twice in an
    integrand (``p log(p/q)``) twice. Here constants are evaluated once (with ten guard
    digits, so the value is at least as accurate as a per-call one) and passed in as
    arguments, and common subexpressions are computed once per call. Not where a
    ``Piecewise`` is: a shared subexpression would be computed on branches not taken,
    where it may be undefined.
    """
    args = list(var) if isinstance(var, Sequence) else [var]
    table: dict[sp.Basic, sp.Dummy] = {}
    try:
        body = _constants(without_cancellation(expr), table)
        values = []
        with mpmath.workdps(dps + 10):
            for const, dummy in list(table.items()):
                try:
                    values.append(sp.lambdify((), const, modules=["mpmath"])())
                except (ArithmeticError, ValueError, TypeError):
                    body = body.xreplace({dummy: const})  # evaluated at each call
                    del table[const]
        fn = sp.lambdify([*args, *table.values()], body, modules=["mpmath"],
                         cse=not body.has(sp.Piecewise))
    except Exception:  # a node that cannot be rebuilt or printed so: the plain form
        return sp.lambdify(args, expr, modules=["mpmath"])
    return lambda *t: fn(*t, *values)


def _lambdify(var: sp.Symbol, expr: sp.Basic, dps: int):
    if expr.has(*V.FUNCTIONALS, V.pdf, V.logpdf, V.cdf):
        raise NoWitness("the integrand holds a functional that mpmath cannot evaluate (a "
                        "cdf without a closed form, an inner expectation)")
    fn = mp_compile(var, expr, dps)

    def safe(t):
        try:
            v = mpmath.mpc(fn(t))
        except (ZeroDivisionError, ValueError, OverflowError, TypeError):
            return mpmath.mpc(mpmath.nan)
        return v

    return safe


#: Distances (powers of ten) at which an end point is probed.
_NEAR = (4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096)
#: Far points (powers of ten of the scale) at which an infinite end is probed.
_FAR = (2, 4, 8, 16, 32, 64, 96, 128, 256, 512, 1024, 2048, 4096)


#: Smallest growth exponent of ``|t f(t)|`` (as a power of the distance to the end, or of
#: ``x`` far out) that counts as divergence. Slower growth proves nothing:
#: ``y**0.003 * log(y)`` grows over every probe down to 1e-128 and still converges,
#: and so does ``y**(1e-6 - 1)``, whose ``y f`` looks constant.
DIVERGENCE_EXPONENT = 0.05
#: Smallest decay exponent of ``|t f(t)|`` that counts as convergence at an end.
CONVERGENCE_EXPONENT = 0.01


def _probe(tf, powers: tuple[int, ...], where: str,
           log_distance=None) -> tuple[int, mpmath.mpf]:
    """Follow ``|t f(t)|`` (``tf(k)`` at the k-th probe, ``10**-k`` from an end or
    ``10**k`` out) towards the end, and return the power at which the quadrature stops
    and a bound on the integral beyond it.

    The bound is ``|t f(t)| / p`` at the last probe, ``p`` the decay rate of ``|t f|``
    in ``log t`` read off the last two probes: the integral beyond is
    ``int t f(t) d log t``. Without it a slow power (``x**-1.02`` on ``(1, oo)``, whose
    rest beyond ``10**128`` is 0.3% of the whole, or a Pareto mean with ``alpha``
    near 1) was left out with an error bound of 1e-16, and the value was confirmed.

    Probes are taken one at a time and stop as soon as the answer is known: the next
    one could ask mpmath for ``exp(-exp(10**8))`` (a Gumbel density far out), whose
    argument reduction never ends.

    Raises :class:`Divergent` when ``|t f|`` grows with one sign at least like a power
    (:data:`DIVERGENCE_EXPONENT`) over three probes, :class:`NoWitness` when it
    neither vanishes nor decays like a power (:data:`CONVERGENCE_EXPONENT`).
    """
    values: list[mpmath.mpc] = []
    top = mpmath.mpf(0)
    for n, k in enumerate(powers):
        v = mpmath.mpc(tf(k))
        if mpmath.isnan(v.real) or mpmath.isnan(v.imag):
            raise NoWitness(f"the integrand is undefined towards {where}")
        values.append(v)
        top = max(top, abs(v))
        if n >= 1 and abs(v) <= mpmath.mpf(10) ** -40 * max(1, top):
            return k, _beyond(values, powers[n - 1:n + 1])
        if n >= 2:
            verdict = _trend(values[-3:], [float(b - a) for a, b in
                                           itertools.pairwise(powers[n - 2:n + 1])])
            if verdict == "grows":
                signs = {mpmath.sign(x.real) for x in values[-3:] if x != 0}
                reals = all(abs(x.imag) <= 1e-20 * abs(x) for x in values[-3:] if x != 0)
                if reals and len(signs) == 1:
                    raise Divergent(int(signs.pop()), f"the integral diverges towards {where}")
    if values and _trend(values[-3:], [float(b - a) for a, b in
                                       itertools.pairwise(powers[-3:])]) == "decays":
        return powers[-1], _beyond(values, powers[-2:])
    used = powers[len(values) - 4:len(values)]
    sign = _logarithmic_divergence(
        values[-4:], used, [log_distance(k) for k in used] if log_distance else None)
    if sign:
        raise Divergent(sign, f"the integral diverges towards {where} (like int dt/t)")
    raise NoWitness(f"cannot establish that the integral converges towards {where}")


#: Least ratio of ``|t f(t)|`` from one probe to the next where the logarithm of the
#: distance doubles, for an end to diverge like ``int dt/t`` (Bertrand: ``1/(t log(t)**p)``
#: gives ``2**-p`` and diverges for ``p <= 1``; 0.6 takes ``p < 0.74`` only).
LOG_DIVERGENCE_RATIO = mpmath.mpf("0.6")


def _logarithmic_divergence(values: list[mpmath.mpc], powers: tuple[int, ...],
                            logs: list | None = None) -> int:
    """``+1`` or ``-1`` where the last four probes of ``t f(t)`` (powers of ten that
    double) are real, of one sign, and shrink by less than :data:`LOG_DIVERGENCE_RATIO`
    from one to the next, and the power of ``t`` they hide is none: ``int t f(t) d log t``
    then grows without bound, as ``int_1^oo dy/y`` and ``E|x|`` under a Cauchy law do.
    ``0`` otherwise.

    ``logs`` are the natural logarithms of the probes' distances (``powers`` times
    ``log 10`` where not given). ``log |t f|`` over the last three is fitted exactly by
    ``a + p log L + q L``, ``L = |log t|``: a power ``t**eps`` behind the logarithm is
    ``q = -eps``. ``log(t) t**1e-9`` near ``t = 0`` grows by nearly 2 per doubling out to
    1e-4096, and both witnesses called ``E[log(1 - z)]`` under Beta(1/20, 1e-9), which
    is -1e9, infinite."""
    if len(values) < 4 or any(b != 2 * a for a, b in itertools.pairwise(powers)):
        return 0
    if any(v == 0 or abs(v.imag) > 1e-20 * abs(v) for v in values):
        return 0
    signs = {mpmath.sign(v.real) for v in values}
    steps = [mpmath.log(abs(b.real) / abs(a.real)) for a, b in itertools.pairwise(values)]
    if len(signs) != 1 or any(d < mpmath.log(LOG_DIVERGENCE_RATIO) for d in steps):
        return 0
    ls = [abs(mpmath.mpf(v)) for v in logs] if logs else [k * mpmath.log(10) for k in powers]
    rows = [[1, mpmath.log(L), L] for L in ls[-3:]]
    try:
        _, _, q = mpmath.lu_solve(mpmath.matrix(rows),
                                  mpmath.matrix([mpmath.log(abs(v.real)) for v in values[-3:]]))
    except ZeroDivisionError:
        return 0
    if q < -LOG_DIVERGENCE_POWER:
        return 0  # a power of t that decays, however slowly: the integral is finite
    return int(signs.pop())


#: Smallest decay ``eps`` of a power ``t**eps`` behind a logarithm that
#: :func:`_logarithmic_divergence` takes as convergence: far above the fit's noise at
#: the working precision, far below the ``1e-9`` of a far point's parameter.
LOG_DIVERGENCE_POWER = mpmath.mpf(10) ** -18


def _beyond(values: list[mpmath.mpc], powers: tuple[int, ...]) -> mpmath.mpf:
    """Bound on ``int t f(t) d log t`` beyond the last of ``values`` (``t f`` at the
    probes ``10**±powers``), extrapolating the decay between the last two: a power
    law ``|t f| ~ t**-p`` leaves ``|t f| / p`` (in natural logarithms of ``t``).

    Where the last two do not decay (values below 1e-40 that the caller calls
    negligible, noise at the foot of a density), the slowest decay that counts as
    convergence, :data:`CONVERGENCE_EXPONENT`, stands in for ``p``."""
    last, before = abs(values[-1]), abs(values[-2])
    if last == 0:
        return mpmath.mpf(0)
    ln10 = mpmath.log(10)
    rate = (mpmath.log(before / last) / (ln10 * abs(powers[-1] - powers[-2]))
            if before > 0 else mpmath.mpf(0))
    return last / max(rate, CONVERGENCE_EXPONENT * ln10)


#: Fewest decades between two probes for a trend to count: over 4 or 8 decades a
#: logarithm grows like a power (``y**0.001 log y`` doubles from 1e-8 to 1e-16).
TREND_DECADES = 32


def _trend(values: list[mpmath.mpc], decades: list[float]) -> str:
    """``"grows"`` or ``"decays"`` like a power over consecutive probes at least
    :data:`TREND_DECADES` apart, else ``""``."""
    mags = [abs(v) for v in values]
    if len(mags) < 3 or any(m == 0 for m in mags[:-1]) or min(decades) < TREND_DECADES:
        return ""
    ratios = [b / a for a, b in itertools.pairwise(mags)]
    if mags[-1] > 1e-6 and all(r >= mpmath.mpf(10) ** (DIVERGENCE_EXPONENT * d)
                               for r, d in zip(ratios, decades, strict=True)):
        return "grows"
    if all(r <= mpmath.mpf(10) ** (-CONVERGENCE_EXPONENT * d)
           for r, d in zip(ratios, decades, strict=True)):
        return "decays"
    return ""


def integrate_form(expr: sp.Basic, x: sp.Symbol, lo: float | mpmath.mpf,
                   hi: float | mpmath.mpf,
                   breaks: Iterable[float] = (), loc: float = 0.0, scale: float = 1.0,
                   dps: int = 30, rule: str = "tanh-sinh") -> tuple[mpmath.mpc, float]:
    """Integrate the SymPy expression ``expr`` of ``x`` over ``(lo, hi)`` with mpmath.

    Parameters
    ----------
    expr : sympy.Basic
        Closed except for ``x``; densities are written out first.
    lo, hi : float or mpmath.mpf
        Limits, possibly infinite; an ``mpf`` end (a support computed from the point's
        exact values) is not rounded to float64.
    breaks : iterable of float
        Extra break points; kinks and support ends of ``expr`` are added.
    loc, scale : float
        Where the mass is expected (splits an infinite range, scales the far probes).
    dps : int
        Working precision.
    rule : {"tanh-sinh", "gauss-legendre"}
        mpmath's quadrature rule. The second witness uses tanh-sinh; the first
        witness, where float64 fails, uses Gauss-Legendre, so that the two still
        share no quadrature code.

    Returns
    -------
    value : mpmath.mpc
    abserr : float

    Raises
    ------
    Divergent
        When an end makes the integral infinite (with its sign).
    NoWitness
        When convergence cannot be established or the integrand cannot be evaluated.

    Examples
    --------
    >>> x = sp.Symbol("x", positive=True)
    >>> v, e = integrate_form(1/sp.sqrt(x), x, 0.0, 1.0)
    >>> float(v.real)
    2.0
    """
    expr = density_form(expr)
    if not math.isfinite(scale) or scale <= 0:
        scale = 1.0
    pts = {p for p in (*breaks, *kinks(expr, x, float(lo), float(hi), loc, scale)) if lo < p < hi}
    if not (math.isfinite(lo) or math.isfinite(hi)) and not any(True for _ in pts):
        pts.add(loc)
    pts |= {p for p in _distant_bump(expr, x, loc, scale, dps) if lo < p < hi}
    cuts = [lo, *sorted(pts), hi]
    y = sp.Dummy("y", positive=True)
    total = mpmath.mpc(0)
    err = mpmath.mpf(0)
    divergent: list[Divergent] = []
    with mpmath.workdps(dps):
        for a, b in itertools.pairwise(cuts):
            for end, sign, length in _pieces(a, b, scale):
                try:
                    v, e = _piece(expr, x, y, end, sign, length, scale, rule)
                except Divergent as exc:
                    # every piece is looked at: one end going to +oo and the other to -oo
                    # is no value (x/sqrt(1 + x**2) over the line, a Student law's mean
                    # at df 3/4), not the sign of whichever end came first
                    divergent.append(exc)
                    continue
                total += v
                err += e
    return _with_divergent_pieces(divergent, total, error_bound(err))


def _with_divergent_pieces(divergent: list[Divergent], total, err):
    """``(total, err)``, or the divergence of the pieces that diverge: one sign, or no
    value (:class:`NoWitness`) where they diverge both ways."""
    if not divergent:
        return total, err
    signs = {d.sign for d in divergent}
    if len(signs) > 1:
        raise NoValue("it diverges to +oo and to -oo: oo - oo has no value")
    raise divergent[0]


#: A bump of the integrand found this many scales from ``loc``, or narrower than this
#: share of the scale, gets break points (``_distant_bump``).
_BUMP_DISTANCE = 20.0
_BUMP_NARROW = 0.02
_NEWTON_STEPS = 12


def _distant_bump(expr: sp.Basic, x: sp.Symbol, loc: float, scale: float,
                  dps: int) -> list[float]:
    """Break points around the maximum of ``log |expr|``, found by Newton's method from
    ``loc``, where that maximum lies far from ``loc`` or is narrow in units of
    ``scale``: at its centre and 1/2 to 2^7 widths ``1/sqrt(-L'')`` either side.

    The scan of :func:`_around_peak` looks near the law's location; the mass of
    ``p^a q^(1 - a)`` for two normal laws of spread 0.05 a million apart (a Renyi
    divergence) sits at ``a mu + (1 - a) nu``, 2e7 spreads away, where no scan point
    falls, and both quadratures returned 2e14 for 4e12. The log of a Gaussian bump is a
    parabola, which Newton's method solves in one step from anywhere; elsewhere it
    takes a few, and a start where the log does not bend down gives nothing."""
    try:
        with mpmath.workdps(max(dps, 30)):
            f = _lambdify(x, expr, mpmath.mp.dps)

            def log_size(t):
                v = abs(f(t))
                if not mpmath.isfinite(v) or v == 0:
                    raise ValueError("no log")
                return mpmath.log(v)

            t = mpmath.mpf(loc)
            h = mpmath.mpf(scale) * mpmath.mpf(10) ** -6
            for _ in range(_NEWTON_STEPS):
                d1 = mpmath.diff(log_size, t, 1, h=h)
                d2 = mpmath.diff(log_size, t, 2, h=h)
                if not d2 < 0:
                    return []
                step = d1 / d2
                t -= step
                h = min(h, mpmath.sqrt(-1 / d2) * mpmath.mpf(10) ** -6)
                if abs(step) <= mpmath.sqrt(-1 / d2) * mpmath.mpf(10) ** -8:
                    break
            else:
                return []
            d2 = mpmath.diff(log_size, t, 2, h=h)
            if not d2 < 0:
                return []
            width = float(mpmath.sqrt(-1 / d2))
            centre = float(t)
    except (ValueError, ZeroDivisionError, OverflowError, TypeError, NoWitness):
        return []
    if not (math.isfinite(centre) and math.isfinite(width) and width > 0):
        return []
    if abs(centre - loc) < _BUMP_DISTANCE * scale and width > _BUMP_NARROW * scale:
        return []  # where the scan already looks, at a width it resolves
    out = [centre]
    for k in range(-1, 8, 2):
        out += [centre - width * 2.0**k, centre + width * 2.0**k]
    return out


def _pieces(a: float, b: float, scale: float) -> list[tuple[float, int, float]]:
    """``(end, direction, length)``: integrate from ``end`` along ``direction`` over
    ``length`` (``inf`` for a half line)."""
    if math.isfinite(a) and math.isfinite(b):
        half = (b - a) / 2
        return [(a, 1, half), (b, -1, half)]
    if math.isfinite(a):
        return [(a, 1, math.inf)]
    if math.isfinite(b):
        return [(b, -1, math.inf)]
    raise NoWitness("an infinite range without a break point")  # not reached: loc is added


class _HonestError:
    """mpmath's rule with an error estimate that does not extrapolate.

    mpmath estimates the error of level k from the last three levels as
    ``10**(D1**2 / D2)``: when level 6 and 7 of Gauss-Legendre differ by 1e-6, it can
    report 1e-12 (a Gaussian moment generating function at t = 40 came out 7e-6 off
    with an estimate below 1e-12). Here the error is the difference of the last two
    levels, and no level before the third counts as converged (two coarse levels can
    both miss a narrow peak and agree); levels that agree to a relative ``_STOP`` end
    a segment. The node caches are shared by every call:
    ``mpmath.quad`` makes a fresh rule object from a class each time, and
    Gauss-Legendre nodes cost seconds.
    """

    _standard: ClassVar[dict]
    _transformed: ClassVar[dict]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # One pair of caches per rule: nodes of one rule are not nodes of the other.
        cls._standard, cls._transformed = {}, {}

    def __init__(self, ctx: Any) -> None:
        super().__init__(ctx)  # type: ignore[call-arg]
        self.standard_cache = type(self)._standard
        self.transformed_cache = type(self)._transformed

    #: What the early stops left out, summed over the segments of one ``mpmath.quad``
    #: call (reset by :func:`_quad`, which adds it to the error).
    slack: ClassVar[Any] = 0

    def estimate_error(self, results: list, prec: int, epsilon: Any) -> Any:
        if len(results) < 3:
            return mpmath.inf
        diff = abs(results[-1] - results[-2])
        # mpmath stops when the estimate is below an absolute 2**-prec, which a value of
        # 1e347 never reaches: every level would run. Levels that agree to a relative
        # _STOP end the segment (0 stops mpmath's loop); what that leaves is slack.
        if diff <= _STOP * abs(results[-1]):
            _HonestError.slack += diff
            return mpmath.mpf(0)
        return diff


class _GaussLegendre(_HonestError, mpmath.calculus.quadrature.GaussLegendre):
    def calc_nodes(self, degree: int, prec: int, verbose: bool = False) -> list:
        """mpmath's nodes, kept on disk: they take seconds a process to compute, and every
        claim runs in a fresh process. Stored exactly, as mpmath's raw mantissa tuples."""
        def compute() -> list:
            nodes = super(_GaussLegendre, self).calc_nodes(degree, prec, verbose)
            return [[x._mpf_, w._mpf_] for x, w in nodes]

        raw = json_cached(f"gauss-legendre-{mpmath.__version__}-{degree}-{prec}.json", compute)
        make = mpmath.mp.make_mpf
        return [(make(tuple(x)), make(tuple(w))) for x, w in raw]


class _TanhSinh(_HonestError, mpmath.calculus.quadrature.TanhSinh):
    pass


_RULES = {"tanh-sinh": _TanhSinh, "gauss-legendre": _GaussLegendre}

#: Highest degree of mpmath's rules. mpmath computes Gauss-Legendre nodes by Newton's
#: method on the Legendre polynomials, once per process and precision: degree 7 (192
#: nodes a segment) takes about 0.4 s, 8 takes 1.7 s more, 10 takes 30 s, which used up
#: whole claims at a single point. An integrand that degree 7 does not resolve is
#: unevaluable there (NoWitness), never a number. Tanh-sinh nodes are cheap.
_MAXDEGREE = {"tanh-sinh": 10, "gauss-legendre": 7}


#: Largest degree of a polynomial sum that :func:`vanishing_sums_factored` rewrites.
_MAX_FACTORED_DEGREE = 32


def vanishing_sums_factored(expr: sp.Basic, y: sp.Symbol) -> sp.Basic:
    """``expr`` with each sum that is a polynomial in ``y`` and vanishes at ``y = 0``
    written as ``y**m * q(y)``, ``q`` expanded and ``q(0) != 0``.

    After ``x = 1 - y`` SymPy cancels ``1 - x`` to ``y`` by itself, but not
    ``1 - x**2``, which becomes ``1 - (1 - y)**2``: at ``y = 1e-64`` and 30 digits
    that is ``1 - 1 = 0``, and ``1/sqrt(1 - x**2)`` was undefined towards ``x = 1``
    (its integral over ``(-1, 1)``, pi, went unevaluated). ``y*(2 - y)`` keeps every
    digit near the end. Only sums that vanish at the end are touched: elsewhere an
    expanded polynomial could cancel where the written form did not.

    >>> y = sp.Symbol("y", positive=True)
    >>> vanishing_sums_factored(1 / sp.sqrt(1 - (1 - y)**2), y)
    1/(sqrt(y)*sqrt(2 - y))
    >>> vanishing_sums_factored((y - 6)**2 + y, y)  # does not vanish at 0: as it was
    y + (y - 6)**2
    """

    def vanishing(node: sp.Basic) -> bool:
        return isinstance(node, sp.Add) and node.has(y) and node.is_polynomial(y)

    def factored(node: sp.Basic) -> sp.Basic:
        try:
            poly = sp.Poly(node, y)
        except sp.PolificationFailed:
            return node
        if poly.degree() > _MAX_FACTORED_DEGREE or not poly.free_symbols <= {y}:
            return node
        coeffs = poly.all_coeffs()[::-1]  # c0, c1, ...
        # is_zero, not == 0: a Float 0.0 (the end 0.5 squared, less 1/4) is not equal to
        # the Integer 0 in SymPy
        if not coeffs[0].is_zero:
            return node
        m = next(k for k, c in enumerate(coeffs) if not c.is_zero)
        return y**m * sp.Add(*(c * y**(k - m) for k, c in enumerate(coeffs) if k >= m))

    return expr.replace(vanishing, factored)


def _piece(expr: sp.Basic, x: sp.Symbol, y: sp.Dummy, end: float, sign: int, length: float,
           scale: float, rule: str = "tanh-sinh") -> tuple[mpmath.mpc, mpmath.mpf]:
    # An end given in arbitrary precision (a law's support at the point's exact values)
    # keeps its digits: 40 or the working precision, whichever is more.
    e = (sp.Float(end, max(40, mpmath.mp.dps + 5)) if end != int(end)
         else sp.Integer(int(end)))
    # Symbolic substitution: 1 - (1 - y) is y, not a rounded difference.
    g_expr = vanishing_sums_factored(expr.xreplace({x: e + sign * y}), y)
    g = _lambdify(y, g_expr, mpmath.mp.dps)
    short = min(1, length)
    near_k, near_rest = _probe(lambda k: (t := mpmath.mpf(10) ** -k * short) * g(t), _NEAR,
                               f"x = {float(end):g}",
                               lambda k: -k * mpmath.log(10) + mpmath.log(short))
    # Nodes of the quadrature stop where the probes showed the rest negligible.
    s_near = float(mpmath.log(mpmath.mpf(10) ** near_k))
    if math.isinf(length):
        sc = mpmath.mpf(scale)
        far_k, far_rest = _probe(lambda k: (t := mpmath.mpf(10) ** k * sc) * g(t), _FAR,
                                 f"x = {'+' if sign > 0 else '-'}oo",
                                 lambda k: k * mpmath.log(10) + mpmath.log(sc))
        s_far = float(mpmath.log(mpmath.mpf(10) ** far_k))

        # y = scale e^s over the whole line: exponential tails become double-exponential,
        # power tails exponential, and a log-normal's mass at e^50 sits at s = 50.
        def h_line(s_):
            t = sc * mpmath.exp(s_)
            return g(t) * t

        cuts = [-s_near - math.log(scale), *[c for c in (-30, -10, -3, 0, 3, 10, 30, 100)
                                            if -s_near - math.log(scale) < c < s_far], s_far]
        value, error = _quad(h_line, cuts, rule)
        rest = near_rest + far_rest
        slow = (f"x = {'+' if sign > 0 else '-'}oo" if far_rest >= near_rest
                else f"x = {float(end):g}")
    else:
        # y = L e^-s: a power singularity y**(p - 1) at the end becomes the exponential
        # tail e^(-p s), which tanh-sinh on a half line integrates to full precision.
        big = mpmath.mpf(length)

        def h(s_):
            t = big * mpmath.exp(-s_)
            return g(t) * t

        top = s_near + math.log(length / short)
        value, error = _quad(h, [0, *[c for c in (1, 10, 100) if c < top], top], rule)
        rest = near_rest
        slow = f"x = {float(end):g}"
    value = mpmath.mpc(value)
    if mpmath.isnan(value.real) or mpmath.isnan(value.imag):
        raise NoWitness("the integrand is undefined inside the range")
    if rest > mpmath.mpf(10) ** -12 * max(1, abs(value)):
        raise NoWitness(f"the integrand decays too slowly towards {slow} "
                        "for its rest beyond the last probe to be negligible")
    error += rest
    # The estimate is the difference of the last two levels (_HonestError); a value that has not
    # settled to a few digits of the working precision is not a witness.
    if error > mpmath.mpf(10) ** -12 * max(1, abs(value)):
        raise NoWitness(f"{rule} quadrature did not converge")
    return value, mpmath.mpf(error)


#: Points of the scan by which :func:`_around_peak` finds where an integrand lives.
_SCAN_POINTS = 200
#: Relative agreement of two levels at which a segment counts as converged (a witness
#: needs 1e-12; the difference is added to the error).
_STOP = 1e-16


def _quad(h: Any, cuts: list[float], rule: str) -> tuple[Any, Any]:
    """mpmath's quadrature of ``h`` over ``cuts`` (and around its peak), its error the
    difference of the last two levels of each segment."""
    _HonestError.slack = mpmath.mpf(0)
    value, error = mpmath.quad(h, _around_peak(h, cuts), error=True,
                               maxdegree=_MAXDEGREE[rule], method=_RULES[rule])
    return value, error + _HonestError.slack


def _around_peak(h: Any, cuts: list[float]) -> list[float]:
    """``cuts`` with points on either side of the largest ``|h|`` added, at three
    scales: a coarse scan of the range, then two scans zoomed ten times each.

    A bump narrow beside its segment (``exp(40 z)`` under a standard normal peaks at
    z = 40 with width 1, a fortieth of the segment from e^3 to e^10 in the log scale)
    needs more Gauss-Legendre levels than the rule has; nested between scan points it
    needs few. The same idea as the float64 scan of :mod:`probproof.numeric.quadrature`,
    done here in arbitrary precision on the SymPy form, so that the witnesses share no
    code."""
    lo, hi = cuts[0], cuts[-1]
    out = set(cuts)
    n = _SCAN_POINTS
    for level in range(_MAX_ZOOMS):
        step = (hi - lo) / n
        best, where = mpmath.mpf(0), None
        for i in range(1, n):
            v = _magnitude(h, lo + i * step)
            if v > best:  # NaN compares false
                best, where = v, lo + i * step
        if where is None:
            break
        lo, hi = where - step, where + step
        out |= {lo, hi}
        n = 20
        # Past the third scale, zoom on only while the bump is narrower than the bracket
        # around it (a Renyi integrand of two normals 30 apart with scales 1e-3 and 1e-2
        # is a bump of width 1e-4 in the log scale; the three scales left it inside a
        # segment 60 times wider, and both rules missed part of it with small errors).
        if level >= 2 and min(_magnitude(h, lo), _magnitude(h, hi)) >= _SPANS * best:
            break
    return sorted(out)


#: Scans of :func:`_around_peak` at most (each zooms ten times).
_MAX_ZOOMS = 12
#: A bump spans its bracket when the integrand at both ends is at least this share of
#: its largest scanned value.
_SPANS = 1e-2


def _magnitude(h: Any, t: float) -> Any:
    try:
        v = abs(h(mpmath.mpf(t)))
    except (ArithmeticError, ValueError, TypeError):
        return mpmath.mpf(0)
    return v if v == v else mpmath.mpf(0)  # NaN: nothing there


def sum_form(expr: sp.Basic, k: sp.Symbol, lo: float, hi: float,
             dps: int = 30, reach: int = 0) -> tuple[mpmath.mpc, float]:
    """Sum the SymPy expression ``expr`` of the integer ``k`` over ``lo..hi`` with mpmath.

    A finite range is summed term by term. An infinite one is summed by
    :func:`mpmath.nsum` only after convergence is established: the terms tend to 0
    and either their ratios settle below 1 (ratio test) or they alternate with
    decreasing magnitudes (Leibniz). Positive terms that do not tend to 0 make the
    sum ``+oo``. ``mpmath.nsum`` alone would sum ``(-1)**k`` to 1/2.

    ``reach``: on ``lo..oo``, the terms up to it are summed one by one before any test
    of the rest, which would read only the first terms (a mass in ``expr`` whose law
    lives far out has its terms there).
    """
    expr = density_form(expr)
    f = _lambdify(k, expr, dps)
    with mpmath.workdps(dps):
        if math.isfinite(lo) and math.isfinite(hi):
            if hi - lo > 200_000:
                raise NoWitness("too many terms for the arbitrary-precision witness")
            terms = []
            for i in range(int(lo), int(hi) + 1):
                t = f(mpmath.mpf(i))
                if mpmath.isnan(t.real) or mpmath.isnan(t.imag):
                    raise NoWitness(f"the term at {k.name} = {i} is undefined (a division by zero "
                                    "or a function outside its domain)")
                terms.append(t)
            v = mpmath.fsum(terms)
            return mpmath.mpc(v), float(mpmath.mpf(10) ** (-dps + 5) * max(1, abs(v)))
        if math.isinf(lo) and math.isinf(hi):
            parts, divergent = [], []
            for form, start in ((expr, 0), (expr.xreplace({k: -k}), 1)):
                try:
                    parts.append(sum_form(form, k, start, math.inf, dps))
                except Divergent as exc:
                    divergent.append(exc)
            return _with_divergent_pieces(divergent, sum(p[0] for p in parts),
                                          sum(p[1] for p in parts))
        if math.isinf(lo):
            return sum_form(expr.xreplace({k: -k}), k, -hi, math.inf, dps)
        start = int(lo)
        if reach > start:
            head, _ = sum_form(expr, k, start, reach, dps)
            rest, err = sum_form(expr, k, reach + 1, math.inf, dps)
            return head + rest, err + float(mpmath.mpf(10) ** (-dps + 5) * max(1, abs(head)))
        test = _series_converges(f, start)
        if test == "ratio":
            # Term by term up to a proven geometric tail bound: exact up to that bound,
            # where nsum's extrapolation misjudges sums whose terms peak far out (a
            # Poisson(50) moment generating function's terms peak near j = 1000).
            value, bound = _direct_sum(f, start)
            return value, error_bound(bound + mpmath.mpf(10) ** (-dps + 5) * max(1, abs(value)))
        value = mpmath.mpc(mpmath.nsum(f, [start, mpmath.inf]))
        # "power", "vanishing far out": two extrapolations that must agree
        if test == "leibniz":
            # Cohen-Villegas-Zagier acceleration, a method built for alternating series,
            # beside nsum's default Richardson/Shanks.
            check, bound = mpmath.mpc(mpmath.nsum(f, [start, mpmath.inf],
                                                   method="alternating")), 0
        else:
            check, bound = mpmath.mpc(mpmath.nsum(f, [start, mpmath.inf], method="e")), 0
        error = abs(value - check) + bound
        if error > mpmath.mpf(10) ** -12 * max(1, abs(value)):
            raise NoWitness("the series' extrapolations disagree")
        return value, error_bound(error + mpmath.mpf(10) ** -20 * max(1, abs(value)))


#: Consecutive terms whose ratios :func:`_direct_sum` reads before it bounds the rest.
RATIO_WINDOW = 8
#: Consecutive exact zeros after which the rest of a series counts as zero (a mass
#: function written with its support as a condition).
ZERO_RUN = 1000


def _direct_sum(f, start: int, limit: int = 1_000_000) -> tuple[mpmath.mpc, mpmath.mpf]:
    """Sum until the ratios of the last :data:`RATIO_WINDOW` consecutive terms, none of
    them 0, are below 1 and the geometric bound ``|t| r / (1 - r)`` on the rest (``r``
    the largest ratio) is negligible.

    One ratio is not enough: a term that is exactly 0 (``p log(p/q)`` where the two
    masses meet, as Geometric(p) and NegativeBinomial(1, p) do at k = 1) made the ratio
    0, the bound 0, and the sum stopped after two terms (the KL of that pair came out
    -0.254 for a true 1.130)."""
    total = mpmath.mpc(0)
    mags: collections.deque = collections.deque(maxlen=RATIO_WINDOW)
    zeros = 0
    for k in range(start, start + limit):
        t = f(mpmath.mpf(k))
        total += t
        mags.append(abs(t))
        zeros = zeros + 1 if t == 0 else 0
        if zeros >= ZERO_RUN:
            return total, mpmath.mpf(0)
        if len(mags) == RATIO_WINDOW and all(m != 0 for m in mags):
            r = max(b / a for a, b in itertools.pairwise(mags))
            if r < 1:
                bound = mags[-1] * r / (1 - r)
                if bound <= mpmath.mpf(10) ** -25 * max(1, abs(total)):
                    return total, bound
    raise NoWitness("the series converges too slowly to be summed directly")


def _leibniz(far: list[mpmath.mpc], exponents: list[mpmath.mpf]) -> bool:
    """The alternating series test on far terms: real terms of alternating signs whose
    magnitudes decrease from one term to the next and tend to 0, decaying like
    ``k**-p`` with ``p`` at least 0.2 over each of the last three decades.

    The decay rule keeps out ``(-1)**k (1 + 1/k)``, whose magnitudes decrease but to 1.
    """
    if any(t.imag != 0 or t.real == 0 for t in far):
        return False
    alternate = all(mpmath.sign(a.real) == -mpmath.sign(b.real)
                    for a, b in itertools.pairwise(far))
    decrease = all(abs(b) < abs(a) for a, b in itertools.pairwise(far))
    return alternate and decrease and min(exponents) > mpmath.mpf("0.2")


def _settled(mags: list) -> bool:
    """Do term sizes at four successive decades (k = 1e3 .. 1e6 past the start) settle
    on a limit above 0? Their relative drop per decade must not grow, and must shrink
    fast enough (by half or more each decade) for the rest of it, summed as a geometric
    series, to stay below half the size: ``1 + 1/k`` drops by 9e-4, 9e-5, 9e-6. Terms
    ``w**k`` at ``w = 1 - 1e-9`` are 0.999 at k = 1e6, but their drops grow (9e-6, 9e-5,
    9e-4): they tend to 0, and the geometric series converges; both witnesses had called
    it divergent and refuted ``Sum(w**j, (j, 0, oo)) == 1/(1 - w)``."""
    drops = [1 - b / a for a, b in itertools.pairwise(mags)]
    if max(drops) <= 0:
        return True  # not decreasing at all
    if not all(d > 0 for d in drops) or not drops[2] <= drops[1] / 2 <= drops[0] / 4:
        return False
    q = drops[2] / drops[1]
    return drops[2] * q / (1 - q) < mpmath.mpf("0.5")


#: Powers of ten past the start at which terms that have not vanished by 1e6 are looked
#: at again before the series is called divergent: a geometric factor w**k with w a
#: float below 1 (at most 1 - 1.1e-16) has vanished by k = 1e20, and an exact one as
#: close as 1 - 1e-90 by k = 1e96.
_FAR_TERMS = (12, 24, 48, 96)


def _far_magnitudes(f, start: int) -> list | None:
    """``|f(start + 10**m)|`` for ``m`` in :data:`_FAR_TERMS`, or ``None`` where a term
    there cannot be evaluated (then nothing is concluded from far terms)."""
    out = []
    for m in _FAR_TERMS:
        try:
            t = mpmath.mpc(f(mpmath.mpf(start) + mpmath.mpf(10) ** m))
        except (ArithmeticError, ValueError, TypeError):
            return None
        if mpmath.isnan(t.real) or mpmath.isnan(t.imag):
            return None
        out.append(abs(t))
    return out


def _series_converges(f, start: int) -> str:
    """Raise unless ``sum_{k >= start} f(k)`` is shown to converge (ratio or Leibniz
    test on far terms); :class:`Divergent` when positive terms do not vanish.
    Returns the test that succeeded, ``"ratio"``, ``"power"``, ``"leibniz"`` or
    ``"vanishing far out"`` (terms that still grow at k = 1e6 are negligible by
    k = 1e96: summed by two extrapolations that must agree)."""
    ks = [start + n for n in (0, 10, 100, 1_000, 10_000, 100_000, 1_000_000)]
    terms = [f(mpmath.mpf(k)) for k in ks]
    if any(mpmath.isnan(t.real) or mpmath.isnan(t.imag) for t in terms):
        raise NoWitness("a term of the series is undefined")
    mags = [abs(t) for t in terms]
    top = max(mags)
    if top == 0:
        return "ratio"
    # Consecutive far terms: probes at spaced indices alone would see only the even
    # terms of (-1)**k.
    far = [f(mpmath.mpf(k)) for k in range(ks[-2], ks[-2] + 4)]
    if mags[-1] > mpmath.mpf(10) ** -30 * top and mags[-1] >= mags[-2] * mpmath.mpf("0.5"):
        # Far terms do not vanish by k = 1e6 (fast enough to be sure).
        signs = {mpmath.sign(t.real) for t in far if t != 0}
        beyond = _far_magnitudes(f, start)
        if beyond is not None and beyond[-1] <= mpmath.mpf(10) ** -30 * top:
            # They vanish further out: j w**j at w = 1 - 1e-6 grows up to j = 1e6 and
            # is e^-1e6 of that at j = 1e12. Both witnesses had called such series
            # divergent and refuted Sum(j w**j, (j, 0, oo)) == w/(1 - w)**2.
            return "vanishing far out"
        if (beyond is not None and mags[-1] > 1e-6 and len(signs) == 1
                and _settled(mags[-4:]) and all(m >= mags[-1] / 2 for m in beyond)
                and all(abs(t.imag) == 0 for t in far) and abs(far[-1]) > 1e-6):
            raise Divergent(int(signs.pop()), "the terms of the series do not tend to 0")
        raise NoWitness("cannot establish that the series converges")
    # Ratio test on consecutive far terms.
    ratios = [abs(b) / abs(a) for a, b in itertools.pairwise(far) if a != 0]
    if ratios and max(ratios) < 1 - mpmath.mpf(10) ** -3:
        return "ratio"
    if mags[-1] <= mpmath.mpf(10) ** -30 * top:
        return "ratio"  # terms vanish far out: a direct sum reaches its tail bound
    # Power-law decay k**-p with p clearly above 1 over the last three decades
    # (comparison with a convergent p-series).
    exponents = [mpmath.log10(a / b) for a, b in itertools.pairwise(mags[-4:]) if b != 0]
    if len(exponents) == 3 and _leibniz(far, exponents):
        return "leibniz"  # before the power test: Euler-Maclaurin is for one-signed terms
    if len(exponents) == 3 and min(exponents) > mpmath.mpf("1.2"):
        return "power"
    signs = {mpmath.sign(t.real) for t in far if t != 0}
    if (len(exponents) == 3 and max(exponents) < mpmath.mpf("0.95") and len(signs) == 1
            and all(t.imag == 0 for t in far)
            and exponents[-1] <= exponents[0] + mpmath.mpf("0.05")):
        # A power law's decay rate is the same in every decade; one that grows from
        # decade to decade is an exponential seen before its scale (w**k at w = 1 - 1e-6
        # has rates 0.004, 0.04, 0.4 over k = 1e3 .. 1e6), which converges: the
        # geometric series there was called divergent by both witnesses and refuted.
        # Like k**-p with p < 1 and of one sign: diverges by comparison with 1/k.
        raise Divergent(int(signs.pop()), "the terms of the series decay like 1/k or slower")
    raise NoWitness("cannot establish that the series converges")


#: Digits of the oscillating tails' sums (:func:`integrate_oscillatory`), and of the
#: second sum whose difference from the first is their error bound.
OSCILLATORY_DPS = (20, 26)
#: Digits of the stretch between the cut points (hundreds of periods at 50 took seconds).
MIDDLE_DPS = 25


def integrate_oscillatory(expr: sp.Basic, x: sp.Symbol, lo: float, hi: float, omega: float,
                          loc: float, scale: float, dps: int = 50,
                          steady: sp.Basic | None = None) -> tuple[mpmath.mpc, float]:
    """``int_lo^hi expr dx`` for an integrand that oscillates with angular frequency
    ``omega`` out to an infinite end and decays there like a power
    (:mod:`probproof.numeric.fourier`): Gauss-Legendre over each period between the cut
    points, mpmath's ``quadosc`` beyond them (integrals between the zeros, summed by
    ``nsum``) on the SymPy form, both tails at once (the left one reflected about
    ``loc``). The error is the change of the tails from 20 to 26 digits (``quadosc``'s
    sums cost seconds at 50) and the middle's own estimate.

    ``steady``: the part of ``expr`` that does not oscillate (``1/(2 (1 + x**2))`` of
    ``sin(x)**2/(1 + x**2)``), integrated beyond the cut points by tanh-sinh rather than
    by ``quadosc``, whose extrapolation of the integrals between zeros assumes they
    alternate: on the whole of that integrand it was 6e-5 off, at 20 and 26 digits alike.

    Raises :class:`NoWitness` where the integrand's envelope does not decay far out, or
    decays so fast that ordinary quadrature is the better witness."""
    f = _lambdify(x, density_form(expr), dps)
    steady_f = _lambdify(x, density_form(steady), dps) if steady is not None else None
    cut_lo, cut_hi = cut_points(lo, hi, loc, scale)
    period = 2 * mpmath.pi / omega
    with mpmath.workdps(dps):
        if math.isinf(hi) and math.isinf(lo):
            mirror = 2 * mpmath.mpf(loc)
            start = mpmath.mpf(cut_hi)
            if cut_lo != 2 * loc - cut_hi:
                raise NoWitness("cut points not symmetric about the location")

            def reflected(g):
                return lambda y: g(y) + g(mirror - y)
        elif math.isinf(hi):
            start = mpmath.mpf(cut_hi)

            def reflected(g):
                return g
        else:
            start = -mpmath.mpf(cut_lo)

            def reflected(g):
                return lambda y: g(-y)
        tail = reflected(f)
        envelope = []
        for k in (1, 3, 6, 10, 15):
            at = start + mpmath.mpf(scale) * mpmath.mpf(10) ** k
            envelope.append(max(abs(tail(at + period * j / 8)) for j in range(8)))
        if any(mpmath.isnan(v) for v in envelope) or not (
                all(b <= a for a, b in itertools.pairwise(envelope))
                and envelope[-1] <= DECAYED * envelope[0]):
            raise NoWitness("the oscillating integrand does not decay far out")
        if envelope[1] <= mpmath.mpf(10) ** -40 * envelope[0]:
            raise NoWitness("the integrand decays fast: ordinary quadrature")
        # a period and a scale per piece at most (at most 400 pieces), Gauss-Legendre on
        # each: a Cauchy density's peak on one piece 40 scales wide left 1e-7
        pieces = max(1, min(400, math.ceil((cut_hi - cut_lo) / min(float(period), scale))))
        edges = [mpmath.mpf(cut_lo) + (cut_hi - cut_lo) * mpmath.mpf(i) / pieces
                 for i in range(pieces + 1)]
        with mpmath.workdps(MIDDLE_DPS):
            middle, middle_err = (mpmath.quad(f, edges, error=True, method="gauss-legendre")
                                  if cut_hi > cut_lo else (mpmath.mpf(0), mpmath.mpf(0)))
        # from 0: quadosc takes the zeros at multiples of pi/omega from 0, and integrates
        # from the start to the first of them, backwards over every period in between
        # (Cauchy(2, 3) at t = 30: 300 periods by one Gauss-Legendre rule, 0.2154 for 2e-6)

        steady_tail = reflected(steady_f) if steady_f is not None else None

        def shifted(u):
            if steady_tail is None:
                return tail(start + u)
            return tail(start + u) - steady_tail(start + u)

        with mpmath.workdps(OSCILLATORY_DPS[0]):
            value = mpmath.quadosc(shifted, [0, mpmath.inf], omega=omega)
        with mpmath.workdps(OSCILLATORY_DPS[1]):
            again = mpmath.quadosc(shifted, [0, mpmath.inf], omega=omega)
        err = (mpmath.mpf(middle_err) + abs(again - value)
               + mpmath.mpf(10) ** (-OSCILLATORY_DPS[0] + 2) * abs(value))
        if steady_tail is not None:
            with mpmath.workdps(OSCILLATORY_DPS[1]):
                rest, rest_err = mpmath.quad(steady_tail, [start, mpmath.inf], error=True)
            value, err = value + rest, err + rest_err
        total = mpmath.mpc(middle) + value
        if mpmath.isnan(total.real) or mpmath.isnan(total.imag):
            raise NoWitness("the oscillating integral is undefined")
        return total, error_bound(err + mpmath.mpf(10) ** (-dps + 5) * max(1, abs(total)))
