"""Numeric evaluation of claim expressions at a point of the parameter space.

Every functional is evaluated from its definition, never from the closed forms
of the symbolic checker:

- ``KL``, ``H``, ``CrossEntropy``, ``JSD`` become expectations of log densities
  (evaluated by SciPy), after a support check (``KL = oo`` when P is not
  absolutely continuous w.r.t. Q);
- a scalar expectation is a quadrature (continuous) or a sum (discrete,
  truncated with a bound on the tail mass); a joint or multivariate one is
  exhaustive enumeration (finite discrete) or Monte Carlo with a standard error;
- ``integrate`` is adaptive quadrature, ``Sum``/``Product`` exact or mpmath's
  ``nsum``/``nprod``, ``limit`` mpmath's Richardson extrapolation,
  ``Sup``/``Inf`` a global grid search with local refinement over the declared
  domain (detecting an infinite supremum), ``diff`` of what SymPy cannot
  differentiate a Richardson-extrapolated central difference;
- the remaining closed-form arithmetic is evaluated by SymPy's ``evalf`` at 30
  significant digits (50 when re-checking), on the point's exact values (each float
  is the binary fraction it is), raising its working precision where digits cancel
  and giving an error bound where it cannot, so float64 overflow and cancellation do
  not decide a verdict, and complex values are kept (``log(-1)`` is ``i*pi``).
"""

from __future__ import annotations

import collections
import functools
import hashlib
import itertools
import math
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import mpmath
import numpy as np
import sympy as sp
from scipy import optimize, special

from probproof.derivations import vocabulary as V
from probproof.derivations.factors import split_constant_factors
from probproof.derivations.transforms import TooManyDraws
from probproof.numeric import distributions as D
from probproof.numeric import fourier, mp_gaussian, mp_witness, narrow, series, torch_mc
from probproof.numeric import transforms as T
from probproof.numeric.compile import HARD, compile_expr
from probproof.numeric.estimate import Estimate, to_mpc
from probproof.numeric.quadrature import (
    Diverges,
    NoMass,
    NotConverged,
    Overflow,
    SlowDecay,
    integrate,
    integrate_nd,
)
from probproof.numeric.simplex import dirichlet_expectation
from probproof.numeric.tails import tail_shape


class Domain(Protocol):
    """What the evaluator needs of a symbol's domain (``checks.domains.Domain`` has it;
    ``numeric`` may not import ``checks``)."""

    low: float | None
    high: float | None
    integer: bool

#: The method name of n-dimensional quadrature. Its error estimate can miss narrow,
#: separated bumps, so it may confirm a claim but never refute one on its own.
ND_QUADRATURE = "quadrature-nd"


#: Numbers drawn at once by Monte Carlo (rows times the dimension of a draw).
MC_BLOCK = 1 << 21
#: Numbers drawn in all by one Monte Carlo re-check, at most (rows times dimension).
MC_NUMBERS = 1 << 23


#: Functions whose kinks or jumps a rule without break points may miss unawares.
_NOT_SMOOTH = (sp.Abs, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Max, sp.Min,
               sp.Piecewise, sp.frac)
#: Draws that must land on a point before the log of its mass is estimated from them.
MIN_HITS = 1000


class TimeUp(Exception):
    """The evaluation ran past its deadline."""


#: Below this a distribution function from float64 is re-evaluated from its logarithm
#: (``_Evaluator.tiny_cdf``): it may be a number that underflowed.
TINY_CDF = 1e-290


class Unevaluable(Exception):
    """The expression cannot be evaluated reliably at this point."""


class BeyondRange(Unevaluable):
    """A valid point the numeric witnesses do not evaluate (``IID(P, K)`` at ``K > 64``):
    unlike an invalid parameter, the claim is not settled there."""


class NoValue(Unevaluable):
    """The expression has no value at this point: it diverges to +oo and to -oo (an
    integral over the line, a sum over all integers, a Student law's mean at df 3/4), or
    its terms keep both signs and do not tend to 0 (``Sum((-w)**k)`` at ``w >= 1``).
    Not a counterexample (only mpmath's probes establish it), but a claim that is
    evaluable only where such points are not must not be confirmed by the others."""


@dataclass
class Context:
    """Settings of one numeric evaluation.

    ``domains`` gives the domains of bound variables of ``Sup``/``Inf`` (by
    name); ``precise`` is the re-check mode (tighter tolerances, larger and
    fresh Monte Carlo samples, more digits); ``independent`` is the second
    witness of a counterexample: every integral, sum, density and limit is
    evaluated by a method that shares no code with the first one (mpmath on
    the SymPy definitions instead of SciPy; Monte Carlo instead of
    n-dimensional quadrature; a sequence test instead of extrapolation).
    ``monte_carlo`` evaluates every expectation by Monte Carlo (``mc_samples`` draws),
    a method independent of quadrature for callers that want one by choice (the
    catalog's confirmations).
    """

    domains: Mapping[str, Domain] = field(default_factory=dict)
    seed: int = 0
    precise: bool = False
    independent: bool = False
    deadline: float = math.inf
    mc_samples: int = 1 << 17
    monte_carlo: bool = False
    #: Put the point in as ``Float``s of ``dps + 20`` digits instead of its exact values.
    #: SymPy then evaluates a function of a point as the tree is built, at that
    #: precision: no exact power b**(4000001/4) of a 53-bit fraction (which does not end
    #: in minutes), but digits that cancel afterwards are lost without an error bound, so
    #: a caller may take such a value as agreement, never as a counterexample
    #: (``search``'s far points that ran out of time with exact values).
    float_points: bool = False

    @property
    def dps(self) -> int:
        return 50 if (self.precise or self.independent) else 30

    def check_time(self) -> None:
        if time.monotonic() > self.deadline:
            raise TimeUp()

    def rng(self, node: sp.Basic) -> np.random.Generator:
        """A generator seeded by the node and the seed: the same node gets the same
        draws at every point (common random numbers), a re-check gets fresh ones."""
        # sstr, not srepr: srepr spells out each Dummy's process-wide counter, so the
        # same claim and seed drew other numbers in another process.
        h = hashlib.sha256(f"{self.seed}|{self.precise}|{self.independent}|"
                           f"{sp.sstr(node)}".encode()).digest()
        return np.random.default_rng(int.from_bytes(h[:8], "little"))


def evaluate(expr: sp.Basic, point: Mapping[sp.Symbol, float], ctx: Context) -> Estimate:
    """Evaluate a scalar expression at ``point`` (symbol -> number).

    Raises
    ------
    probproof.numeric.distributions.InvalidPoint
        When a distribution parameter is invalid at this point.
    Unevaluable, TimeUp
    """
    ctx.check_time()
    settings = (ctx.seed, ctx.precise, ctx.independent, ctx.mc_samples, ctx.monte_carlo,
                ctx.float_points,
                tuple(sorted((name, repr(d)) for name, d in ctx.domains.items())))
    # The same expression at the same point (a derivation's middle expression is the right
    # side of one step and the left side of the next, and both spot checks draw the same
    # points): found before the numbers are put in, which rebuilds the tree.
    try:
        asked = (expr, frozenset((s, type(v), v) for s, v in point.items()), settings)
        hit = _EVALUATED.get(asked)
    except TypeError:  # an unhashable value in the point
        asked, hit = None, None
    if hit is not None:
        _EVALUATED.move_to_end(asked)
        return hit
    value = _evaluate(expr, point, ctx, settings)
    if asked is not None:
        _remember(asked, value)
    return value


def _remember(key: tuple, value: Estimate) -> None:
    _EVALUATED[key] = value
    if len(_EVALUATED) > _EVALUATED_SIZE:
        _EVALUATED.popitem(last=False)


def _evaluate(expr: sp.Basic, point: Mapping[sp.Symbol, float], ctx: Context,
              settings: tuple) -> Estimate:
    expr, iid_counts = _prepared(expr, frozenset(point))
    expr = _resolve_derivatives(expr, point, ctx)
    subs = {s: (sp.Float(float(v), ctx.dps + 20)
                if ctx.float_points and isinstance(v, (float, np.floating)) and math.isfinite(v)
                else _sym_number(v)) for s, v in point.items()}
    for count in iid_counts & set(subs):
        # K of IID(P, K) is a number of draws: 3.0 from a sampler of integers is 3.
        v = point[count]
        if isinstance(v, (float, np.floating)) and float(v).is_integer():
            subs[count] = sp.Integer(int(v))
    try:
        closed = expr.xreplace(subs)
    except TooManyDraws as exc:
        raise BeyondRange(str(exc)) from None
    except V.InvalidParameter as exc:
        raise D.InvalidPoint(str(exc)) from None
    left = {s for s in closed.free_symbols if s not in _NUMERIC_PLACEHOLDERS}
    if left:
        names = ", ".join(sorted(str(s) for s in left))
        raise Unevaluable(f"free symbols left after substitution: {names}")
    key = (closed, settings)
    hit = _EVALUATED.get(key)
    if hit is not None:
        _EVALUATED.move_to_end(key)
        return hit
    try:
        # mpmath's numbers at the evaluation's precision: at its global 15 digits every
        # value (an exact mass made an mpf, a log of it, a sum of them) was rounded to
        # float64's digits while its error bound claimed 25, and KL(Bernoulli(p),
        # Bernoulli(p + h)) at h = 1e-14, whose terms cancel to h**2, came out negative
        # "exactly", which refuted a true claim
        with mpmath.workdps(ctx.dps):
            value = _Evaluator(ctx).value(closed)
    except D.TooManyAtoms as exc:
        raise Unevaluable(str(exc)) from None
    _remember(key, value)
    return value


#: Nodes an infinite sum's terms may hold and still be summed in float64 (compiled to
#: SciPy's densities); any other functional sends the sum to mpmath.
_SUMMABLE_HARD = (V.pdf, V.logpdf, V.cdf)

#: Largest degree of a sum in the distance to an end that ``distance_form`` expands.
_MAX_EXPANDED_DEGREE = 32


def _expanded_near(e: sp.Basic, d: sp.Symbol) -> sp.Basic:
    """``e`` with each sum that is a polynomial in ``d`` expanded: ``1 - (1 - d)**2``
    (``1 - x**2`` at ``x = 1 - d``) is ``2 d - d**2``, every digit of ``d`` kept."""
    return e.replace(
        lambda n: isinstance(n, sp.Add) and n.has(d) and n.is_polynomial(d)
        and sp.degree(n, d) <= _MAX_EXPANDED_DEGREE,
        sp.expand)


#: Evaluations already made in this process, by the closed expression (and by the
#: expression and the point it was asked at) and every setting of the context but its
#: deadline. In a derivation, each intermediate expression is the
#: right side of one step and the left side of the next, and both steps' spot checks
#: evaluate it at the same points; the value does not change (Monte Carlo draws are
#: seeded by the node and the seed). Failures are not kept (a time limit is not a
#: property of the point).
_EVALUATED: collections.OrderedDict[tuple, Estimate] = collections.OrderedDict()
_EVALUATED_SIZE = 4096


@functools.lru_cache(maxsize=512)
def _prepared(expr: sp.Basic, free: frozenset[sp.Basic]
              ) -> tuple[sp.Basic, frozenset[sp.Basic]]:
    """What :func:`evaluate` needs of ``expr`` whatever the values put in for ``free``
    (the point's symbols): its bound variables renamed where they clash, and the counts
    of its ``IID`` laws. Computed once per expression and set of names, not at every
    point of a search (the renaming rebuilds the whole tree)."""
    renamed = _fresh_bound_variables(expr, free)
    return renamed, frozenset(d.args[1] for d in renamed.atoms(V.IID))


def evaluate_matrix(expr: sp.MatrixBase, point, ctx: Context) -> list[Estimate]:
    return [evaluate(e, point, ctx) for e in expr]


def _rounding(dps: int) -> float:
    """Relative error allowed for a value computed at ``dps`` digits (five spared)."""
    return 10.0 ** (5 - dps)


def _sym_number(v) -> sp.Expr:
    if isinstance(v, (bool, np.bool_)):
        raise TypeError("boolean parameter")
    if isinstance(v, (mpmath.mpf, mpmath.mpc)):
        v = mpmath.mpc(v)
        re = _mpf_to_sym(v.real)
        return re if v.imag == 0 else re + sp.I * _mpf_to_sym(v.imag)
    if isinstance(v, (int, np.integer)):
        return sp.Integer(int(v))
    if isinstance(v, complex):
        return _exact(v.real) + sp.I * _exact(v.imag)
    return _exact(float(v))


def _exact(v: float) -> sp.Expr:
    """A float as the exact number it is (a binary fraction), not as a ``Float`` of 30
    digits: SymPy evaluates a function of a ``Float`` at once, at the ``Float``'s own
    precision, so ``cosh(28.0)**2 - sinh(28.0)**2`` collapsed to 0.99999994 (24 of the 30
    digits cancel) while the tree was being built, whatever precision the evaluation asked
    for afterwards, and every witness refuted the identity alike. An exact number leaves
    the arithmetic to ``evalf``, which raises its working precision where digits cancel
    and says how accurate its result is (:func:`_evalf_with_error`)."""
    if math.isinf(v):
        return sp.oo if v > 0 else -sp.oo
    if math.isnan(v):
        return sp.nan
    return sp.Rational(v)


#: Extra bits for an exact 0 from a logarithm (see :func:`_evalf_with_error`): the square
#: of the smallest positive float, 2.5e-647, is 2**-2148.
_ZERO_LOG_BITS = 2200


def _evalf_with_error(x: sp.Basic, dps: int) -> tuple[mpmath.mpc, float]:
    """``x`` (a closed expression) by SymPy's ``evalf`` at ``dps`` digits, and an error
    bound: 0 where ``evalf`` reached the digits asked for, as it nearly always does;
    where cancellation left fewer (``evalf`` raises its working precision up to a limit,
    then gives what it has, ``0.e+96`` for ``cosh(300)**2 - sinh(300)**2``), the error
    that accuracy implies, so that the value is not taken for exact."""
    prec = sp.core.evalf.dps_to_prec(dps)
    if x.has(sp.Subs):
        # SymPy's internal evalf has no rule for Subs (Subs.evalf substitutes, then
        # evaluates with no accuracy to report): substitute first, so that digits lost to
        # cancellation inside one are seen like anywhere else
        x = x.replace(lambda n: isinstance(n, sp.Subs), lambda n: n.doit())
    try:
        re, im, re_acc, im_acc = sp.core.evalf.evalf(x, prec + 4, {})
    except NotImplementedError:
        # a node with no rule (and no _eval_evalf giving a number): a plain evalf would
        # give a value with no accuracy attached, which could pass for exact
        raise Unevaluable(f"no evaluation with a known accuracy of {x}") from None
    except sp.core.evalf.PrecisionExhausted:
        # e.g. floor(y) with y too close to an integer to tell at the working precision
        raise Unevaluable(f"precision exhausted evaluating {x}") from None
    if re in (None, mpmath.libmp.fzero) and im in (None, mpmath.libmp.fzero) and x.has(sp.log):
        # An exact 0 from a logarithm: SymPy's evalf of log(1 + a), with a below its
        # working precision, rounds 1 + a to 1 and gives log(1) = 0 with full accuracy
        # claimed (log(x + sqrt(x**2 + 1)) at x = 1e-200: 0, where asinh gives 1e-200).
        # Its rescue for a small logarithm starts from a nonzero one, so it never comes.
        # Again with enough bits that a of a float point (down to 5e-324, or its square)
        # is kept; a 0 that remains is a 0.
        try:
            re, im, re_acc, im_acc = sp.core.evalf.evalf(x, prec + _ZERO_LOG_BITS, {})
        except (NotImplementedError, sp.core.evalf.PrecisionExhausted):
            raise Unevaluable(f"no evaluation with a known accuracy of {x}") from None
    value = mpmath.mpc(mpmath.mpf(re) if re else 0, mpmath.mpf(im) if im else 0)
    err = 0.0
    for part, acc in ((re, re_acc), (im, im_acc)):
        if part and acc is not None and acc < prec - 8:
            # twice the bound evalf's accuracy implies, and a little more: at 1 bit it
            # is an estimate, not a bound (-1.07e96 +- 0.53e96 for a true 1)
            with mpmath.workprec(53):
                err += float(abs(mpmath.mpf(part)) * mpmath.ldexp(1, 2 - acc))
    return value, err


def _mpf_to_sym(x: mpmath.mpf) -> sp.Expr:
    if mpmath.isinf(x):
        return sp.oo if x > 0 else -sp.oo
    if mpmath.isnan(x):
        return sp.nan
    return sp.Float(x, 40)


def _to_mpc(x: sp.Basic) -> mpmath.mpc:
    if x in (sp.zoo, sp.nan) or x.has(sp.zoo, sp.nan):
        return mpmath.mpc(mpmath.nan, 0)
    if not x.is_number:
        raise Unevaluable(f"not a number: {x}")
    try:
        return to_mpc(x)
    except (TypeError, ValueError):
        raise Unevaluable(f"not a number: {x}") from None


#: Widths of the narrowest features of multivariate bodies, by (body, variables, laws).
_WIDTHS: dict[tuple, float] = {}


def _refuse_narrow(body: sp.Basic, variables: tuple, dists: tuple,
                   nds: list[D.NumericDist]) -> None:
    """Unevaluable where a joint expectation's body has a peak narrower than the
    multivariate rules resolve (:mod:`probproof.numeric.narrow`)."""
    _refuse_width((body, variables, dists), lambda: _narrowest(body, variables, nds))


def _refuse_narrow_integrand(body: sp.Basic, variables: list, lows: list, highs: list,
                             locs: list, scales: list) -> None:
    """The same for an integral over a box: the probes uniform over its finite sides,
    normal about the mass's location on an infinite one, half-normal from the end of a
    half-line. A finite side's unit is a twentieth of it, about the spacing of the
    cubature's first nodes (a peak at the centre of a large box is seen; one of the
    same width off the nodes is not), an infinite side's the scale of its mass."""
    def width() -> float:
        rng = np.random.default_rng(20261202)
        cols, spreads = [], []
        for lo, hi, loc, scale in zip(lows, highs, locs, scales, strict=True):
            if math.isfinite(lo) and math.isfinite(hi):
                cols.append(rng.uniform(lo, hi, 512))
                spreads.append((hi - lo) / 20)
                continue
            draws = rng.normal(0.0, 1.0, 512) * scale
            cols.append(lo + np.abs(draws) if math.isfinite(lo) else (
                hi - np.abs(draws) if math.isfinite(hi) else loc + draws))
            spreads.append(scale)
        return narrow.narrowest_width(body, variables, np.stack(cols, axis=1),
                                      np.asarray(spreads, dtype=float),
                                      box=(np.asarray(lows), np.asarray(highs)))

    _refuse_width((body, tuple(variables), tuple(lows), tuple(highs), tuple(locs),
                   tuple(scales)), width)


def _refuse_width(key: tuple, width_of) -> None:
    width = _WIDTHS.get(key)
    if width is None:
        try:
            width = width_of()
        except Exception:  # a form the reading does not know: evaluated as before
            width = math.inf
        if len(_WIDTHS) > 4096:
            _WIDTHS.clear()
        _WIDTHS[key] = width
    if width < narrow.NARROWEST:
        raise Unevaluable(
            f"the body has a peak about {width:.2g} of the law's (or the region's) spread "
            "wide, narrower than the multivariate integration rules resolve")


def _narrowest(body: sp.Basic, variables: tuple, nds: list[D.NumericDist]) -> float:
    reps: dict[sp.Basic, sp.Dummy] = {}
    coords: list[sp.Dummy] = []
    for x, nd in zip(variables, nds, strict=True):
        # Coordinates of a law on the positive half-line are positive (1/x is no pole
        # under a Gamma law)
        low = nd.base.lo if isinstance(nd, T.IIDDist) and nd.base is not None else (
            0.0 if nd.kind == "Dirichlet" else nd.lo)
        sign = {"positive": True} if low >= 0 else {"real": True}
        if nd.dim == 1 and not isinstance(nd, T.IIDDist):
            reps[x] = sp.Dummy(f"u{len(coords)}", **sign)
            coords.append(reps[x])
            continue
        base = sp.IndexedBase(x)
        for i in range(int(nd.dim)):
            reps[base[i]] = sp.Dummy(f"u{len(coords)}", **sign)
            coords.append(reps[base[i]])
    flat = body.xreplace(reps)
    if flat.has(*variables):
        return math.inf  # a variable used other than by its coordinates: not read here
    probes, spreads = _law_probes(nds)
    return narrow.narrowest_width(flat, coords, probes, np.where(np.isnan(spreads), 1.0,
                                                                 spreads))


def _law_probes(nds: Sequence[D.NumericDist]) -> tuple[np.ndarray, np.ndarray]:
    """512 points drawn from the laws, one column per coordinate, where the readings of
    peaks (:mod:`narrow`) look; and each coordinate's spread, the interquartile range
    over 1.349 (a normal law's standard deviation, robustly), NaN where that is not a
    positive number. A fixed seed: the probes only locate peaks, and the same body at
    the same point gets the same answer in every context."""
    rng = np.random.default_rng(20261202)
    probes = np.concatenate([np.asarray(nd.sample(rng, 512), dtype=float).reshape(512, -1)
                             for nd in nds], axis=1)
    with np.errstate(all="ignore"):
        q75, q25 = np.nanpercentile(probes, [75, 25], axis=0)
    spreads = (q75 - q25) / 1.349
    return probes, np.where(np.isfinite(spreads) & (spreads > 0), spreads, np.nan)


def _coordinate(i: int) -> sp.Symbol:
    # A closed body holds no free symbols of its own, so these names are not taken.
    return sp.Symbol(f"_gauss_hermite_{i}", real=True)


#: Gauss-Hermite witnesses (or None: refused) by (body, means, covariances).
_GAUSS_HERMITE: dict[tuple, Estimate | None] = {}


def _gaussian_coordinates(body: sp.Basic, variables: Sequence[sp.Basic],
                          dists: Sequence[V.Distribution]):
    """``(body, coordinates, means, covariance rows)`` where ``body`` is an expectation
    over normal laws (``Normal``, ``MvNormal``, ``IID`` of a ``Normal``) of 2 or 3
    coordinates in all, the body written in one real symbol per coordinate (the same
    symbols each time, so that the witness is found again); else None."""
    coords: list[sp.Dummy] = []
    means: list[sp.Basic] = []
    blocks: list[list[list[sp.Basic]]] = []
    reps: dict[sp.Basic, sp.Basic] = {}
    for x, d in zip(variables, dists, strict=True):
        if isinstance(d, V.Normal):
            u = _coordinate(len(coords))
            reps[x] = u
            coords.append(u)
            means.append(d.args[0])
            blocks.append([[d.args[1] ** 2]])
            continue
        if isinstance(d, V.MvNormal):
            mean, cov = d.args
            if not isinstance(mean, sp.Tuple) or not isinstance(cov, sp.Tuple):
                return None
            rows = [list(r) for r in cov]
            items = list(mean)
        elif (isinstance(d, V.IID) and isinstance(d.base, V.Normal)
              and isinstance(d.count, int)):
            mu, sigma = d.base.args
            items = [mu] * d.count
            rows = [[sigma ** 2 if i == j else sp.S.Zero for j in range(d.count)]
                    for i in range(d.count)]
        else:
            return None
        if len(coords) + len(items) > 3:
            return None
        base = sp.IndexedBase(x)
        for i in range(len(items)):
            u = _coordinate(len(coords))
            reps[base[i]] = u
            coords.append(u)
        means.extend(items)
        blocks.append(rows)
    if len(coords) not in (2, 3):
        return None
    flat = body.xreplace(reps)
    if flat.has(*variables):
        return None  # a variable used other than by its coordinates
    covs = [[sp.S.Zero] * len(coords) for _ in coords]
    at = 0
    for rows in blocks:
        for i, row in enumerate(rows):
            for j, c in enumerate(row):
                covs[at + i][at + j] = c
        at += len(rows)
    return flat, coords, means, covs


# ----------------------------------------------------------------------------- derivatives


def _resolve_derivatives(expr: sp.Basic, point, ctx: Context) -> sp.Basic:
    """Differentiate symbolically where SymPy can; numerically where the body holds
    functionals (central differences with Richardson extrapolation)."""
    if isinstance(expr, V.Jacobian):
        return expr.doit()
    if not expr.has(sp.Derivative, V.Jacobian):
        return expr
    reps = {}
    for node in sp.preorder_traversal(expr):
        if isinstance(node, V.Jacobian):
            reps[node] = node.doit()
        elif isinstance(node, sp.Derivative) and not any(n in reps for n in [node]):
            if not node.expr.has(*HARD):
                reps[node] = node.doit()
            elif (node.expr.free_symbols - set(point)
                  and all(isinstance(n, (V.pdf, V.logpdf)) for n in node.expr.atoms(*HARD))):
                # A density differentiated inside an expectation, at its bound variable
                # (the score d/dmu log p(z; mu)): no value of z to take differences at,
                # so by the density's formula ("free symbols left after substitution: _z")
                reps[node] = sp.diff(V.explicit_densities(node.expr), *node.variable_count)
            elif all(v in point for v, _ in node.variable_count):
                reps[node] = _numeric_derivative(node, point, ctx)
    return expr.xreplace(reps) if reps else expr


def _numeric_derivative(node: sp.Derivative, point, ctx: Context) -> sp.Expr:
    (x, n), *rest = node.variable_count
    body = sp.Derivative(node.expr, *rest).doit() if rest else node.expr
    x0 = float(point[x])

    def f(h: float) -> complex:
        p = dict(point)
        p[x] = x0 + h
        return evaluate(body, p, ctx).value

    h0 = 1e-2 * max(1.0, abs(x0))
    coeffs = [(-1) ** j * math.comb(n, j) for j in range(n + 1)]
    # Richardson-extrapolated central differences of order n, a level (step h0 / 2**k)
    # at a time: row k of the table holds T[k][0..k], T[k][j] the j-fold extrapolation.
    # The error is |T[k][k] - T[k][k-1]|; a first evaluation stops at the level where it
    # is far below the search's resolution (1e-7 relative) instead of always computing
    # four levels of differences of (often n-dimensional) integrals; a precise re-check
    # computes all four.
    previous: list = []
    for k in range(RICHARDSON_LEVELS):
        h = h0 / 2**k
        row = [sum(c * f((n / 2 - j) * h) for j, c in enumerate(coeffs)) / h**n]
        for j in range(1, k + 1):
            row.append((4**j * row[j - 1] - previous[j - 1]) / (4**j - 1))
        previous = row
        if k == 0:
            continue
        best = row[-1]
        err = abs(row[-1] - row[-2])
        if (not (ctx.precise or ctx.independent)
                and 10 * err <= RICHARDSON_EARLY * max(1.0, abs(best))):
            break
    placeholder = sp.Dummy("d")
    _NUMERIC_PLACEHOLDERS[placeholder] = Estimate(best, abserr=10 * err,
                                                  methods=frozenset(["numeric-diff"]))
    return placeholder


#: Levels of step halving of a numeric derivative.
RICHARDSON_LEVELS = 4
#: The relative error bound of a numeric derivative at which a first evaluation stops
#: halving the step: a thousandth of the search's resolution.
RICHARDSON_EARLY = 1e-10
#: Values of numeric derivatives, keyed by the Dummy that stands for them.
_NUMERIC_PLACEHOLDERS: dict[sp.Dummy, Estimate] = {}


def _masses_rounding(masses: np.ndarray, tail: float) -> float:
    """Relative error of a sum weighted by SciPy's masses ``masses`` (which leave out
    ``tail``): 1e-14, or twice their total's distance from 1 where that is larger.

    SciPy computes a mass as ``exp`` of a sum of large terms (``k log l - l -
    lgamma(k + 1)`` for a Poisson law): at a rate of 1e6 each loses about 5e-10 of
    itself, all in the same direction, and so does every moment summed with them
    (the variance came out 1000550 +- 0.03 for a true 1e6). Their total misses 1 by
    the same share, which makes it the measure."""
    with np.errstate(all="ignore"):
        mass = math.fsum(np.asarray(masses, dtype=float).ravel())
    defect = abs(mass - 1.0) - tail if math.isfinite(mass) else math.inf
    return max(1e-14, 2.0 * defect)


# ----------------------------------------------------------------------------- the evaluator


class _Evaluator:
    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    # -- entry --------------------------------------------------------------------
    def value(self, e: sp.Basic) -> Estimate:
        """Evaluate a closed expression (no free symbols)."""
        self.ctx.check_time()
        if isinstance(e, sp.Dummy) and e in _NUMERIC_PLACEHOLDERS:
            return _NUMERIC_PLACEHOLDERS[e]
        if e.is_Number:
            # What ``combine`` gives a number, without rebuilding and evalf'ing it.
            return Estimate(_to_mpc(e), methods=frozenset(["exact"]))
        if isinstance(e, HARD):
            return self.hard(e)
        hard_nodes = _maximal_hard(e)
        placeholders = {n: sp.Dummy("h") for n in hard_nodes}
        values = {placeholders[n]: self.value(n) for n in hard_nodes}
        values.update({d: _NUMERIC_PLACEHOLDERS[d] for d in e.atoms(sp.Dummy)
                       if d in _NUMERIC_PLACEHOLDERS})
        outer = e.xreplace(placeholders)
        return self.combine(outer, values)

    def combine(self, outer: sp.Basic, values: dict[sp.Dummy, Estimate]) -> Estimate:
        """Evaluate ``outer`` at high precision, propagating the errors of its inputs."""
        methods = frozenset().union(*[v.methods for v in values.values()]) if values else (
            frozenset(["exact"]))

        def at(vals: dict[sp.Dummy, mpmath.mpc]) -> tuple[mpmath.mpc, float]:
            reps = {d: _sym_number(v) for d, v in vals.items()}
            x = outer.xreplace(reps)
            if x.is_Number or x in (sp.oo, -sp.oo, sp.zoo, sp.nan):
                return _to_mpc(x), 0.0
            return _evalf_with_error(x, self.ctx.dps)

        center = {d: v.value for d, v in values.items()}
        value, abserr = at(center)
        var = 0.0
        if mpmath.isfinite(value.real) and mpmath.isfinite(value.imag):
            for d, v in values.items():
                for size, kind in ((v.abserr, "abs"), (v.stderr, "std")):
                    if size > 0 and v.is_finite:
                        moved = dict(center)
                        moved[d] = v.value + size
                        delta = float(abs(at(moved)[0] - value))
                        if kind == "abs":
                            abserr += delta
                        else:
                            var += delta**2
        return Estimate(value, abserr=abserr, stderr=math.sqrt(var), methods=methods)

    # -- numeric distributions ------------------------------------------------------
    def body_laws(self, body: sp.Basic, x: sp.Symbol,
                  measure: V.Distribution) -> list[D.NumericDist]:
        """The laws whose densities of ``x`` appear in ``body``, other than ``measure``:
        where such a density is large and the measure's is small (a ratio ``p/q``), the
        integrand has mass far from the measure's own."""
        laws = []
        for node in body.atoms(V.pdf, V.logpdf):
            if node.args[1] == x and node.args[0] != measure and not node.args[0].free_symbols:
                try:
                    laws.append(self.dist(node.args[0]))
                except Exception:  # a law this point cannot make: no hint
                    continue
        return laws

    def dist(self, d: V.Distribution) -> D.NumericDist:
        def num(x: sp.Basic) -> float:
            est = self.value(x)
            if not est.is_real():
                raise D.InvalidPoint(f"complex distribution parameter {est.value}")
            return est.real

        if isinstance(d, V.IID):
            return T.iid(self.dist(d.base), d.count)
        if isinstance(d, V.Pushforward):
            base = self.dist(d.base)
            if base.discrete:
                return T.discrete_pushforward(base, self.compile(d.map, [d.variable]))
            fn = self.compile(d.map, [d.variable])
            dfn = self.compile(sp.diff(d.map, d.variable), [d.variable])
            try:
                return T.pushforward(base, fn, dfn)
            except T.Unresolved as exc:
                raise Unevaluable(str(exc)) from None
        if isinstance(d, V.Mixture):
            return D.make("Mixture", [[num(w) for w in d.weights],
                                      [self.dist(c) for c in d.components]])
        if isinstance(d, (V.Categorical, V.Bernoulli)):
            exact = [self.value(p) for p in (d.probs if isinstance(d, V.Categorical)
                                              else (1 - d.args[0], d.args[0]))]
            if not all(e.is_real() for e in exact):
                raise D.InvalidPoint("complex probabilities")
            probs = [e.value.real for e in exact]
            inexact = any(e.abserr or e.stderr for e in exact)
            if any(p < 0 for p in probs) or abs(mpmath.fsum(probs) - 1) > 1e-9:
                raise D.InvalidPoint("probabilities must be >= 0 and sum to 1")
            nd = D.make("Categorical", [[float(p) for p in probs]])
            if not inexact:  # probabilities with an error bound are SciPy's floats
                nd.exact_probs = tuple(probs)
            return nd
        if isinstance(d, V.MvNormal):
            return D.make("MvNormal", [[num(m) for m in d.args[0]],
                                       [[num(c) for c in row] for row in d.args[1]]])
        # A list parameter (Dirichlet's concentrations, Multinomial's probabilities).
        return _made(type(d).__name__, tuple(tuple(num(x) for x in a) if isinstance(a, sp.Tuple)
                                             else num(a) for a in d.args))

    # -- hard nodes -----------------------------------------------------------------
    def hard(self, e: sp.Basic) -> Estimate:
        if isinstance(e, (V.pdf, V.logpdf)):
            return self.density(e)
        if isinstance(e, V.cdf) and isinstance(e.args[0], V.Pushforward) and e.args[0].discrete:
            return self.discrete_pushforward_mass(e)
        if isinstance(e, V.cdf) and self.ctx.independent:
            return self.cdf_form(e)
        if isinstance(e, V.cdf):
            x = self.value(e.args[1])
            if not x.is_real():
                raise Unevaluable("cdf at a complex point")
            nd = self.dist(e.args[0])
            at = np.array([x.real])
            v = float(nd.cdf(at)[0])
            if 0 <= v < TINY_CDF:
                return self.tiny_cdf(nd, x.real, v)
            # Relative: SciPy's distribution functions keep their relative accuracy in
            # the lower tail (ndtr, gammainc, betainc); an absolute 1e-12 made every value
            # below it equal to 0, and cdf(N(0, 1), -a) == 0 was confirmed for a > 20.
            # And the rounding of the point and the location to float64 (a few ulps of
            # each) times the density: cdf(Uniform(e, e + w), e + w u) at e = -1.2e5,
            # w = u = 1e-3 is 7e-9 off, a relative 7e-6, which passed for exact.
            with np.errstate(all="ignore"):
                dens = float(np.exp(np.atleast_1d(nd.logpdf(at))[0])) if not nd.discrete else 0.0
            rounding = (dens * (abs(x.real) + abs(nd.loc)) * 2.0 ** -52
                        if math.isfinite(dens) and math.isfinite(nd.loc) else 0.0)
            return Estimate(complex(v), abserr=1e-12 * abs(v) + rounding,
                            methods=frozenset(["scipy"]))
        if isinstance(e, V.KL):
            return self.kl(*e.args)
        if isinstance(e, V.CrossEntropy):
            return self.cross_entropy(*e.args)
        if isinstance(e, V.H):
            p = e.args[0]
            x = _bound_var(p)
            return self.expect(-V.logpdf(p, _point_of(p, x)), [x], [p])
        if isinstance(e, V.JSD):
            return self.jsd(*e.args)
        if isinstance(e, (V.Expect, sp.Integral)):
            pulled = _pull_constant_factor(e)
            if pulled is not None:
                # Evaluated once, not at every node of the quadrature (a normaliser
                # inside an integrand, say), and its error propagates by ``combine``.
                return self.value(pulled)
        if isinstance(e, V.Expect):
            return self.expect(e.body, list(e.variables), list(e.distributions))
        if isinstance(e, V.Sup):
            return self.extreme(e)
        if isinstance(e, sp.Integral):
            return self.integral(e)
        if isinstance(e, sp.Sum):
            return self.sum(e)
        if isinstance(e, sp.Product):
            return self.product(e)
        if isinstance(e, sp.Limit):
            return self.limit(e)
        if isinstance(e, sp.Derivative):
            raise Unevaluable("a derivative with respect to a bound variable inside a functional")
        raise Unevaluable(f"cannot evaluate {type(e).__name__}")

    def density(self, e: sp.Basic) -> Estimate:
        if isinstance(e.args[0], V.Pushforward) and e.args[0].discrete:
            return self.discrete_pushforward_mass(e)
        if self.ctx.independent:
            return self.density_form(e)
        nd = self.dist(e.args[0])
        pt = e.args[1]
        if nd.exact_probs is not None:
            k = self.value(pt)
            kk = int(mpmath.nint(k.value.real)) if k.is_real() else -1
            mass = (nd.exact_probs[kk] if 0 <= kk < len(nd.exact_probs) and k.value.real == kk
                    else mpmath.mpf(0))
            with mpmath.workdps(self.ctx.dps):  # not mpmath's global 15 digits
                v = mass if isinstance(e, V.pdf) else (mpmath.log(mass) if mass > 0
                                                       else mpmath.ninf)
            # the masses carry the digits they were computed with: a relative error of
            # the mass is an absolute one of its logarithm
            err = _rounding(self.ctx.dps) * (float(abs(v)) if isinstance(e, V.pdf) else 1.0)
            return Estimate(v, abserr=err if mass > 0 else 0.0, methods=frozenset(["exact"]))
        if isinstance(pt, sp.Tuple):
            x = np.array([[self.value(c).real for c in pt]])
        else:
            x = np.array([self.value(pt).real])
        with np.errstate(divide="ignore"):
            lp = float(np.atleast_1d(nd.logpdf(x))[0])
        # exp in mpmath: a density below float range (Gamma(1e6, 0.05) at 0.05, about
        # 1e-8167764) is that number, not an exact 0
        v = lp if isinstance(e, V.logpdf) else mpmath.exp(lp)
        return Estimate(v, abserr=float(1e-13 * abs(v)), methods=frozenset(["scipy"]))

    def tiny_cdf(self, nd: D.NumericDist, x: float, v: float) -> Estimate:
        """A distribution function below ``TINY_CDF`` from its logarithm: float64 gives
        Phi(-40) = 3.7e-350 as an exact 0, and cdf(Normal(0, 1), -a) == 0 was confirmed
        at such points. SciPy's ``logcdf`` keeps the digits; a 0 that it cannot tell
        from underflow (inside the support) is unevaluable, not 0."""
        frozen = nd.frozen if not nd.components and nd.probs is None else None
        if frozen is not None:
            with np.errstate(all="ignore"):
                lv = float(frozen.logcdf(x))  # type: ignore[attr-defined]
                low = float(frozen.support()[0])  # type: ignore[attr-defined]
            if math.isfinite(lv):
                value = mpmath.exp(lv)
                # logcdf's relative accuracy is about float64's: |lv| ulps of lv
                return Estimate(value, abserr=float(value) * (1e-12 + abs(lv) * 2.0 ** -50)
                                if float(value) > 0 else 0.0, methods=frozenset(["scipy"]))
            if lv == -math.inf and x < low:
                return Estimate(0j, methods=frozenset(["scipy"]))
        elif v == 0 and x < nd.lo:
            return Estimate(0j, methods=frozenset(["scipy"]))
        raise Unevaluable("the distribution function underflows float64 at this point")

    def discrete_pushforward_mass(self, e: sp.Basic) -> Estimate:
        """The mass of a discrete pushforward at a point (``pdf``, ``logpdf``) or up to it
        (``cdf``): the masses of the preimages summed (first witness), or the share of
        transformed draws that land there with its standard error (second witness)."""
        nd = self.dist(e.args[0])
        y = self.value(e.args[1])
        cumulative = isinstance(e, V.cdf)
        if not y.is_real():
            raise Unevaluable("the mass of a discrete law at a complex point")
        if self.ctx.independent:
            n = self.ctx.mc_samples * 4
            hits = nd.lands_on(nd.sample(self.ctx.rng(e), n), y.real,  # type: ignore
                               cumulative)
            count = int(np.sum(hits))
            p = count / n
            if isinstance(e, V.logpdf):
                if count < MIN_HITS:
                    raise Unevaluable("too few draws land on the point to estimate the log of "
                                      "its mass")
                # The delta method: the standard error of log p-hat is se(p-hat) / p.
                return Estimate(complex(math.log(p)), stderr=math.sqrt((1 - p) / count),
                                methods=frozenset(["monte-carlo"]))
            return Estimate(complex(p), stderr=math.sqrt(max(p * (1 - p), 1.0 / n) / n),
                            methods=frozenset(["monte-carlo"]))
        mass, tail = nd.mass_at(y.real, cumulative)  # type: ignore[attr-defined]
        if isinstance(e, V.logpdf):
            if mass == 0:
                if tail > 0:
                    raise Unevaluable("a mass of 0 within the tail bound: its log is unknown")
                return Estimate(mpmath.ninf, methods=frozenset(["summation"]))
            return Estimate(complex(math.log(mass)), abserr=tail / mass + 1e-15,
                            methods=frozenset(["summation"]))
        return Estimate(complex(mass), abserr=tail + 1e-15 * mass,
                        methods=frozenset(["summation"]))

    def density_form(self, e: sp.Basic) -> Estimate:
        """The second witness of a density: its SymPy definition, at ``dps`` digits."""
        self.dist(e.args[0])  # the same parameter validation as the first witness
        if isinstance(e, V.logpdf):
            dens = self.density_form(V.pdf(*e.args)).value
            with mpmath.workdps(self.ctx.dps):  # not mpmath's global 15 digits
                v = mpmath.log(dens) if dens != 0 else mpmath.ninf
            return Estimate(v, abserr=_rounding(self.ctx.dps) if dens != 0 else 0.0,
                            methods=frozenset(["sympy-density"]))
        v = _to_mpc(sp.N(V.explicit_densities(e), self.ctx.dps))
        return Estimate(v, abserr=_rounding(self.ctx.dps) * float(abs(v))
                        if mpmath.isfinite(abs(v)) else 0.0,
                        methods=frozenset(["sympy-density"]))

    def cdf_form(self, e: V.cdf) -> Estimate:
        """The second witness of a distribution function: the SymPy density integrated
        (the mass function summed) from the lower end of the support up to the point, by
        the arbitrary-precision methods of the second witness. The first witness is
        SciPy's ``cdf``; the two share no code beyond the parsed expression."""
        p, x = e.args
        if isinstance(p, V.Mixture):
            return self.value(sp.Add(*[w * V.cdf(c, x) for w, c in
                                       zip(p.weights, p.components, strict=True)]))
        nd = self.dist(p)  # the same parameter validation as the first witness
        at = self.value(x)
        if not at.is_real():
            raise Unevaluable("cdf at a complex point")
        lo = p.support().inf
        t = _bound_var(p)
        if p.discrete:
            top = mpmath.floor(at.value.real)
            if not mpmath.isfinite(top):
                return Estimate(mpmath.mpc(0 if top < 0 else 1), methods=frozenset(["exact"]))
            if top < lo:
                return Estimate(mpmath.mpc(0), methods=frozenset(["exact"]))
            return self.value(sp.Sum(V.pdf(p, t), (t, lo, sp.Integer(int(top)))))
        # The point and the lower end as the working precision has them, not rounded to
        # float64 as the first witness's are (see ``exact_end``).
        hi = self.exact_end(x, float(at.value.real))
        low = self.exact_end(lo, float(lo) if lo.is_finite else -math.inf)
        if hi <= low:
            return Estimate(mpmath.mpc(0), methods=frozenset(["exact"]))
        # Where the mass is (a break point and the quadrature's scale) is a hint only: on
        # (-oo, 1e10] the integral's own ends say nothing of a mass near 0.
        loc = nd.loc if math.isfinite(nd.loc) else 0.0
        scale = nd.scale if math.isfinite(nd.scale) and nd.scale > 0 else 1.0
        v, err = _integrate_form(V.pdf(p, t), t, low, hi, loc, scale, self.ctx.dps,
                                 rule="tanh-sinh", breaks=(loc,))
        return Estimate(mpmath.mpc(v), abserr=err,
                        methods=frozenset([_mp_label(v, "mpmath-quadrature")]))

    # -- functionals by their definitions ----------------------------------------------
    def absolutely_continuous(self, p: D.NumericDist, q: D.NumericDist) -> bool:
        """Is P << Q (every set of Q-probability 0 has P-probability 0)?"""
        if p.discrete != q.discrete or p.dim != q.dim:
            return False
        if p.exact_probs is not None and q.exact_probs is not None:
            n = len(q.exact_probs)
            return all(pk == 0 or (k < n and q.exact_probs[k] > 0)
                       for k, pk in enumerate(p.exact_probs))
        if p.discrete and _finitely_many_atoms(p) is False and _finitely_many_atoms(q):
            # Infinitely many atoms of positive mass cannot all lie in a finite support,
            # however small the mass beyond it: KL(Poisson(1) || Binomial(41, 1/2)) is +oo
            # although Poisson(1) puts only 1e-50 past 41, where its atoms are cut off.
            return False
        if p.discrete:
            atoms, _ = p.support_atoms()
            with np.errstate(divide="ignore"):
                lp, lq = p.logpdf(atoms), q.logpdf(atoms)
            return bool(np.all(np.isfinite(lq[np.isfinite(lp)])))
        if p.dim > 1:
            return True
        def within(a: float, b: float, qa: float, qb: float) -> bool:
            slack_a = 0.0 if math.isinf(a) else 1e-12 * max(1.0, abs(a))
            slack_b = 0.0 if math.isinf(b) else 1e-12 * max(1.0, abs(b))
            return qa <= a + slack_a and b - slack_b <= qb

        qiv = q.intervals()
        return all(any(within(a, b, qa, qb) for qa, qb in qiv) for a, b in p.intervals())

    def kl(self, p: V.Distribution, q: V.Distribution) -> Estimate:
        if not self.absolutely_continuous(self.dist(p), self.dist(q)):
            return Estimate(complex(math.inf), methods=frozenset(["support"]))
        x = _bound_var(p)
        pt = _point_of(p, x)
        return self.expect(V.logpdf(p, pt) - V.logpdf(q, pt), [x], [p])

    def cross_entropy(self, p: V.Distribution, q: V.Distribution) -> Estimate:
        if not self.absolutely_continuous(self.dist(p), self.dist(q)):
            return Estimate(complex(math.inf), methods=frozenset(["support"]))
        x = _bound_var(p)
        return self.expect(-V.logpdf(q, _point_of(p, x)), [x], [p])

    def jsd(self, p: V.Distribution, q: V.Distribution) -> Estimate:
        np_, nq = self.dist(p), self.dist(q)
        if np_.discrete != nq.discrete:
            return Estimate(mpmath.log(2), methods=frozenset(["support"]))
        half = sp.Rational(1, 2)
        m = V.Mixture([half, half], [p, q])
        x = _bound_var(p)
        pt = _point_of(p, x)
        a = self.expect(V.logpdf(p, pt) - V.logpdf(m, pt), [x], [p])
        b = self.expect(V.logpdf(q, pt) - V.logpdf(m, pt), [x], [q])
        return Estimate((a.value + b.value) / 2, (a.abserr + b.abserr) / 2,
                        math.hypot(a.stderr, b.stderr) / 2, a.methods | b.methods)

    # -- expectations ---------------------------------------------------------------
    def compile(self, body: sp.Basic, variables: Sequence[sp.Basic],
                dims: Sequence[int] | None = None):
        return compile_expr(body, variables, self.dist, fallback=self.pointwise, dims=dims)

    def pointwise(self, node: sp.Basic, variables: Sequence[sp.Basic]):
        """Evaluate a sub-expression point by point (nested functionals)."""

        # Only the variables the node depends on: a normaliser ``Sum(G[j], j)`` inside
        # a sum over ``k`` is one value, not one evaluation per ``k``.
        used = [v for v in variables if _depends_on(node, v)]
        if not used and not node.free_symbols:
            constant: list[complex] = []

            def once(env):
                # Closed: the same value at every call (each node of a quadrature).
                if not constant:
                    self.ctx.check_time()
                    constant.append(complex(self.value(node).value))
                return constant[0].real if constant[0].imag == 0 else constant[0]

            return once

        def fn(env):
            arrays = [np.asarray(env[v]) for v in used if v in env]
            names = [v for v in used if v in env]
            shape = np.broadcast_shapes(*[a.shape for a in arrays]) if arrays else ()
            flat = [np.broadcast_to(a, shape).ravel() for a in arrays]
            out = np.empty(int(np.prod(shape)) if shape else 1, dtype=complex)
            for i in range(len(out)):
                self.ctx.check_time()
                reps = {v: _sym_number(float(a[i])) for v, a in zip(names, flat, strict=True)}
                out[i] = complex(self.value(node.xreplace(reps)).value)
            out = out.reshape(shape) if shape else out[0]
            return out.real if np.all(np.imag(out) == 0) else out

        return fn

    def expect(self, body: sp.Basic, variables: list[sp.Symbol],
               dists: list[V.Distribution]) -> Estimate:
        nds = [self.dist(d) for d in dists]
        if not any(d.discrete for d in nds) and sum(d.dim for d in nds) >= 2:
            _refuse_narrow(body, tuple(variables), tuple(dists), nds)
        pushed = (T.PushforwardDist, T.DiscretePushforwardDist)
        if self.ctx.monte_carlo or (self.ctx.independent and any(
                isinstance(d, pushed) for d in nds)):
            # A pushforward's second witness: its transformed draws (the first integrates
            # the numeric change-of-variables density).
            return self.expect_mc(self.compile(body, variables, [d.dim for d in nds]), body, nds,
                                  variables)
        gaussian = _gaussian_coordinates(body, variables, dists)
        witness = None
        if gaussian is not None and (self.ctx.precise or self.ctx.independent):
            # A joint expectation over normal laws: mpmath's Gauss-Hermite rules are the
            # second witness of the cubature below, precise enough to refute. Asked at
            # the precise re-check already: where they refuse, both re-checks are Monte
            # Carlo, as for any other law.
            witness = self._gauss_hermite(gaussian)
        if witness is not None and self.ctx.independent:
            return witness
        if (not self.ctx.independent and len(nds) == 1 and isinstance(nds[0], T.IIDDist)
                and not nds[0].discrete):
            order = _order_statistic(body, variables[0], nds[0].dim)
            if order is not None:
                try:
                    return self.expect_order_statistic(*order, nds[0])
                except (NoMass, NotConverged, Overflow, SlowDecay):
                    pass  # the joint routes below
        if len(nds) == 1 and isinstance(nds[0], T.DiscretePushforwardDist):
            # The law of the unconscious statistician: E[g(y)], y = f(x), is a sum over x.
            d = dists[0]
            x = sp.Dummy(d.variable.name, integer=True)
            return self.expect(body.xreplace({variables[0]: d.map.xreplace({d.variable: x})}),
                               [x], [d.base])
        # One IID draw is still a draw of shape (..., 1): not the scalar paths.
        scalar = len(nds) == 1 and nds[0].dim == 1 and not isinstance(nds[0], T.IIDDist)
        if self.ctx.independent and scalar and nds[0].exact_probs is None:
            return self.expect_form(body, variables[0], dists[0], nds[0])
        if (len(dists) == 1 and dists[0].dim > 1 and not self.ctx.precise
                and not self.ctx.independent
                and V.made_of(dists[0], V.MvNormal)):
            cancelled = _cancel_own_density(body, variables[0], dists[0])
            if cancelled is not None:
                # An importance weight g / q: the integral of g over the whole space (a
                # Gaussian mixture is positive everywhere), where q is only a guide.
                return self.expect_cancelled_nd(cancelled, variables[0], nds[0])
        f = self.compile(body, variables, [d.dim for d in nds])
        if (len(nds) == 1 and nds[0].kind == "Dirichlet" and nds[0].dim <= 3
                and not self.ctx.independent and not body.has(*_NOT_SMOOTH)):
            # Quadrature on the simplex; its second witness is Monte Carlo. A kink or a
            # jump inside the simplex (no break points there) is left to Monte Carlo.
            try:
                return self.expect_dirichlet(f, nds[0])
            except NotConverged:
                pass
        iid = len(nds) == 1 and isinstance(nds[0], T.IIDDist)
        if (len(nds) == 1 and nds[0].discrete and (nds[0].dim > 1 or iid)
                and nds[0].atoms is not None and not (self.ctx.independent and iid)):
            # A finite multivariate law (Multinomial), or K draws of a finite law (K = 1
            # too: its outcomes are points of shape (1,)): every outcome, exactly.
            atoms = nds[0].atoms
            w = nds[0].pdf(atoms)
            vals = np.asarray(f(atoms)) * w
            vals = np.broadcast_to(vals, w.shape)[w > 0]
            total = complex(math.fsum(np.real(vals)), math.fsum(np.imag(vals)))
            return Estimate(total, abserr=1e-13 * float(np.sum(np.abs(vals))),
                            methods=frozenset(["enumeration"]))
        if scalar:
            return self.expect_scalar(f, body, variables[0], dists[0], nds[0])
        if (len(nds) == 1 and isinstance(nds[0], T.IIDDist) and nds[0].discrete
                and nds[0].atoms is None and nds[0].base.dim == 1
                and not (self.ctx.independent)):
            # Draws of an infinite discrete law: the product of the supports, truncated
            # where the tail mass is below 1e-20 (as for any joint discrete expectation).
            base, k = nds[0].base, nds[0].dim
            if len(base.support_atoms(cut_ok=True)[0]) ** k <= 2_000_000:
                return self.expect_enumerate(lambda *cols: f(np.stack(cols, axis=-1)),
                                             [base] * k)
        if (len(nds) == 1 and isinstance(nds[0], T.IIDDist) and not nds[0].discrete
                and nds[0].dim <= 3 and not (self.ctx.precise or self.ctx.independent)):
            # A few continuous draws: quadrature over the product (Monte Carlo re-checks).
            try:
                return self.expect_quadrature_nd(
                    lambda *cols: f(np.stack(np.broadcast_arrays(*cols), axis=-1)),
                    [nds[0].base] * nds[0].dim)
            except (NoMass, NotConverged, Overflow):
                pass
        if not iid and all(d.discrete and d.dim == 1 for d in nds):
            sizes = [len(d.support_atoms(cut_ok=True)[0]) for d in nds]
            if math.prod(sizes) <= 2_000_000:
                return self.expect_enumerate(f, nds)
        # The precise re-check uses Monte Carlo instead: an independent method, so that a
        # disagreement both see is a counterexample; over normal laws, where the second
        # witness is mpmath's Gauss-Hermite rule, the cubature again.
        if (not self.ctx.independent and (not self.ctx.precise or witness is not None)
                and not any(d.discrete for d in nds)
                and sum(d.dim for d in nds) <= 3
                and all(d.dim == 1 or d.kind in ("MvNormal", "Mixture") for d in nds)):
            try:
                return self.expect_quadrature_nd(f, nds)
            except (NoMass, NotConverged, Overflow, np.linalg.LinAlgError):
                pass  # Monte Carlo below, with its own diagnostics
        return self.expect_mc(f, body, nds, variables)

    def expect_form(self, body: sp.Basic, x: sp.Symbol, d: V.Distribution,
                    nd: D.NumericDist) -> Estimate:
        """The second witness of a scalar expectation: the SymPy form of ``body`` times
        ``d``'s SymPy density, integrated or summed by mpmath (:mod:`mp_witness`)."""
        if isinstance(d, V.Mixture):
            # Component by component: a mixture of discrete and continuous laws has no
            # single density, and each component has its own support.
            total, abserr, methods = mpmath.mpc(0), 0.0, set()
            for w, c_sym, c_num in zip(d.weights, d.components, nd.components, strict=True):
                part = self.expect_form(body, x, c_sym, c_num)
                weight = self.value(w).value
                total += weight * part.value
                abserr += float(abs(weight)) * part.abserr
                methods |= part.methods
            return Estimate(total, abserr=abserr, methods=frozenset(methods))
        form = mp_witness.density_form(body * V.pdf(d, x))
        try:
            if nd.discrete:
                # From the lowest atom (DiscreteUniform(-3, 2)) to the highest where the
                # support is finite (Binomial: log of a zero mass beyond n is undefined).
                if nd.atoms is not None:
                    lo, hi = float(np.min(nd.atoms)), float(np.max(nd.atoms))
                else:
                    lo, hi = (float(b) for b in nd.frozen.support())  # type: ignore[union-attr]
                v, err = mp_witness.sum_form(form, x, lo, hi, dps=self.ctx.dps,
                                             reach=_law_reach(self.body_laws(body, x, d)))
                return Estimate(v, abserr=err, methods=frozenset(["mpmath-sum"]))
            breaks = {b for lo, hi in nd.intervals() for b in (lo, hi) if math.isfinite(b)}
            total, err = mpmath.mpc(0), 0.0
            for lo, hi in self.exact_intervals(d, nd):
                try:
                    # the characteristic function of a law with power tails (Cauchy):
                    # tanh-sinh does not converge on it, and spends seconds finding out
                    v, e = self.oscillatory_form(body * V.pdf(d, x), x, float(lo), float(hi),
                                                 nd.loc, nd.scale)
                except Unevaluable:
                    v, e = mp_witness.integrate_form(
                        form, x, lo, hi, breaks | set(_law_breaks(self.body_laws(body, x, d), nd)),
                        loc=nd.loc, scale=nd.scale, dps=self.ctx.dps)
                total += v
                err += e
            return Estimate(total, abserr=err, methods=frozenset(["mpmath-quadrature"]))
        except mp_witness.Divergent as exc:
            return Estimate(exc.sign * mpmath.inf, methods=frozenset(["divergence-test"]))
        except mp_witness.NoValue as exc:
            raise NoValue(str(exc)) from None
        except mp_witness.NoWitness as exc:
            raise Unevaluable(str(exc)) from None

    def exact_intervals(self, d: V.Distribution, nd: D.NumericDist) -> list[tuple]:
        """The support of ``d`` for the second witness: the ends of the SymPy law's
        support at the working precision where it is one interval, SciPy's float64 ends
        otherwise.

        Both witnesses would otherwise integrate up to the same rounded end:
        ``Uniform(e, e + w)`` at e = -1.2e5 and w = 1e-3 has its upper end 7e-12 off in
        float64, a relative 7e-9 of its mass, and a relative 1e-7 at e = 1e6."""
        ivs = nd.intervals()
        if len(ivs) != 1 or nd.components:
            return ivs
        try:
            support = d.support()
        except Exception:  # a law without a SymPy support (a pushforward)
            return ivs
        if not isinstance(support, sp.Interval):
            return ivs
        return [(self.exact_end(support.inf, ivs[0][0]), self.exact_end(support.sup, ivs[0][1]))]

    def exact_end(self, end: sp.Basic, rounded: float) -> float | mpmath.mpf:
        """``end`` (a closed expression) at the working precision, where it is finite, free
        of functionals, evaluates without error and lies within a relative 1e-9 of its
        float64 value ``rounded``; else ``rounded`` (an infinite end, or one SciPy
        computes differently). Estimates keep 53 bits, so the value is taken from
        ``evalf`` here rather than from :meth:`value`."""
        if not math.isfinite(rounded) or end.is_finite is False or end.has(*HARD):
            return rounded
        with mpmath.workdps(self.ctx.dps):
            try:
                v, err = _evalf_with_error(end, self.ctx.dps)
            except Exception:
                return rounded
            if err or v.imag != 0 or not mpmath.isfinite(v.real):
                return rounded
            exact = v.real
        if abs(exact - rounded) > 1e-9 * max(1.0, abs(rounded)):
            return rounded
        return exact

    def _timed(self, f):
        """``f`` that stops at the deadline (a long quadrature is many calls of ``f``)."""

        def g(pts):
            self.ctx.check_time()
            return f(pts)

        return g

    def expect_cancelled_nd(self, body: sp.Basic, x: sp.Symbol, nd: D.NumericDist) -> Estimate:
        base = sp.IndexedBase(x)
        us = [sp.Dummy(f"u{i}", real=True) for i in range(nd.dim)]
        flat = body.xreplace({base[i]: u for i, u in enumerate(us)})
        if flat.has(x):
            raise Unevaluable("a multivariate bound variable used other than by its coordinates")
        mean, finest = _gaussian_guide(nd)
        return self.integral_nd(flat, [(u, -sp.oo, sp.oo) for u in us],
                                hints=list(zip(mean, finest, strict=True)))

    def _gauss_hermite(self, gaussian: tuple) -> Estimate | None:
        """:meth:`expect_gauss_hermite`, or None where it refuses; remembered for the
        second witness after the precise re-check."""
        body, _, means, covs = gaussian
        key = (body, tuple(means), tuple(tuple(r) for r in covs))
        if key in _GAUSS_HERMITE:
            return _GAUSS_HERMITE[key]
        try:
            found: Estimate | None = self.expect_gauss_hermite(*gaussian)
        except mp_witness.NoWitness:
            found = None
        if len(_GAUSS_HERMITE) > 1024:
            _GAUSS_HERMITE.clear()
        _GAUSS_HERMITE[key] = found
        return found

    def expect_gauss_hermite(self, body: sp.Basic, coords: list[sp.Symbol],
                             means: list[sp.Basic], covs: list[list[sp.Basic]]) -> Estimate:
        """A joint expectation over normal laws (2 or 3 coordinates) by mpmath's product
        Gauss-Hermite rules on the SymPy form (:mod:`probproof.numeric.mp_gaussian`)."""
        def num(e: sp.Basic) -> mpmath.mpf:
            est = self.value(e)
            if not est.is_real() or est.abserr or est.stderr:
                raise mp_witness.NoWitness("a normal law's parameters are not exact reals")
            return est.value.real

        mean = [num(m) for m in means]
        cov = [[num(c) for c in row] for row in covs]
        v, err = mp_gaussian.gaussian_expectation(body, coords, mean, cov)
        return Estimate(v, abserr=err, methods=frozenset([mp_gaussian.METHOD]))

    def expect_quadrature_nd(self, f, nds: list[D.NumericDist]) -> Estimate:
        """A joint expectation over continuous variables (<= 3 dimensions in all) by
        n-dimensional quadrature in standardised coordinates; mixtures component by
        component; a multivariate normal through its Cholesky factor."""
        choices = [list(zip(d.weights, d.components, strict=True)) if d.components
                   else [(1.0, d)] for d in nds]
        if math.prod(len(c) for c in choices) > 64:
            raise Overflow("too many mixture components for quadrature")
        total, err = 0j, 0.0
        for combo in itertools.product(*choices):
            weight = math.prod(w for w, _ in combo)
            comps = [c for _, c in combo]
            v, e = self._expect_product(f, comps)
            total += weight * v
            err += weight * e
        return Estimate(total, abserr=err, methods=frozenset([ND_QUADRATURE]))

    def expect_dirichlet(self, f, nd: D.NumericDist) -> Estimate:
        """``E[f(z)]``, ``z ~ Dirichlet(alpha)`` with 2 or 3 coordinates, by iterated
        tanh-sinh quadrature over the stick-breaking intervals (:mod:`simplex`)."""
        v, err = dirichlet_expectation(self._timed(f), nd.frozen.alpha)  # type: ignore
        return Estimate(v, abserr=err, methods=frozenset(["quadrature-simplex"]))

    def _expect_product(self, f, comps: list[D.NumericDist]) -> tuple[complex, float]:
        lows, highs, locs, scales, maps = [], [], [], [], []
        for c in comps:
            if c.dim == 1:
                lows.append(c.lo)
                highs.append(c.hi)
                locs.append(c.loc)
                scales.append(c.scale)
                maps.append(None)
            else:
                mean = np.asarray(c.frozen.mean, dtype=float)  # type: ignore[union-attr]
                chol = np.linalg.cholesky(np.asarray(c.frozen.cov, dtype=float))  # type: ignore
                maps.append((mean, chol))
                for _ in range(c.dim):
                    lows.append(-math.inf)
                    highs.append(math.inf)
                    locs.append(0.0)
                    scales.append(1.0)

        def integrand(pts: np.ndarray) -> np.ndarray:
            args, weight, col = [], np.ones(len(pts)), 0
            for c, m in zip(comps, maps, strict=True):
                if m is None:
                    xs = pts[:, col]
                    weight = weight * c.pdf(xs)
                    col += 1
                else:
                    mean, chol = m
                    u = pts[:, col:col + c.dim]
                    xs = mean + u @ chol.T
                    # density of x times |dx/du| is the standard normal density of u
                    weight = weight * np.exp(-0.5 * np.sum(u * u, axis=1)
                                             - 0.5 * c.dim * math.log(2 * math.pi))
                    col += c.dim
                args.append(xs)
            with np.errstate(all="ignore"):
                vals = np.asarray(f(*args))
                # As in one dimension: below 1e-280 the density contributes nothing.
                return np.where(weight > 1e-280, vals * weight, 0.0)

        return integrate_nd(self._timed(integrand), lows, highs, locs, scales,
                            precise=self.ctx.precise,
                            zero_ok=True)

    def expect_scalar(self, f, body, x, d: V.Distribution, nd: D.NumericDist) -> Estimate:
        if isinstance(nd, T.PushforwardDist):
            return self.expect_pushforward(f, nd)
        cancelled = _cancel_own_density(body, x, d)
        if cancelled is not None and not nd.discrete:
            # The body divides by the density itself (an importance weight): integrate
            # body * density with the density cancelled, over the Lebesgue measure.
            g = self.compile(cancelled, [x])
            total, err = 0j, 0.0
            used = set()
            law_breaks = _law_breaks(self.body_laws(body, x, d), nd)
            for lo, hi in nd.intervals():
                try:
                    v, e = integrate(g, lo, hi, nd.loc, nd.scale, precise=self.ctx.precise,
                                     breaks=law_breaks)
                    used.add("quadrature")
                except NoMass:
                    raise Unevaluable("the integrand vanishes wherever it was sampled") from None
                except (Overflow, SlowDecay):
                    v, e = _integrate_form(cancelled, x, lo, hi, nd.loc, nd.scale,
                                           self.ctx.dps, breaks=law_breaks)
                    used.add(_mp_label(v, "mpmath-gauss-legendre"))
                total += v
                err += e
            return Estimate(total, abserr=err, methods=frozenset(used))
        if nd.exact_probs is not None:
            # A finite sum in high precision: no mass underflows to 0.
            total = mpmath.mpf(0)
            abserr, var = 0.0, 0.0
            methods = {"summation"}
            size = mpmath.mpf(0)
            for k, pk in enumerate(nd.exact_probs):
                if pk == 0:
                    continue
                term = self.value(body.xreplace({x: sp.Integer(k)}))
                # at the evaluation's precision, not mpmath's global 15 digits: the terms
                # of KL(Bernoulli(p), Bernoulli(p + h)) cancel to h**2, and at h = 1e-14
                # the KL came out negative with no error, which refuted a true claim
                with mpmath.workdps(self.ctx.dps):
                    total += pk * term.value
                    size += abs(pk * term.value)
                abserr += float(pk) * term.abserr
                var += (float(pk) * term.stderr) ** 2
                methods |= term.methods
            rounding = float(size) * _rounding(self.ctx.dps) if mpmath.isfinite(size) else 0.0
            return Estimate(total, abserr=abserr + rounding, stderr=math.sqrt(var),
                            methods=frozenset(methods))
        if nd.discrete:
            return self.expect_discrete(f, body, x, d, nd)
        if nd.components:
            comps = list(zip(nd.weights, nd.components, d.components, strict=True))
        else:
            comps = [(1.0, nd, d)]
        total, err = 0j, 0.0
        # body = rest * exp(a): the exponent joins the density's logarithm, so that a
        # ratio of densities that overflows far out (p/q of two normal laws, exp(c x)) times
        # a density that underflows there is their finite product, not inf * 0
        split = _exp_factor(body, x)
        if split is not None:
            rest_f, exponent_f = (self.compile(part, [x]) for part in split)
        for w, c, c_sym in comps:
            if c.discrete:  # a mixture of discrete and continuous components
                part = self.expect_scalar(f, body, x, c_sym, c)
                total += w * complex(part.value)
                err += w * (part.abserr + 3 * part.stderr)
                continue
            # the largest log of the integrand's size seen on the exp route: where all of it
            # is below float range, its integral is not 0 but beyond float64
            top = [-math.inf]
            try:
                def g(xs, c=c, top=top):
                    if split is not None:
                        a = np.asarray(exponent_f(xs))
                        if not np.iscomplexobj(a) or not np.any(a.imag):
                            rest = np.asarray(rest_f(xs))
                            logs = np.real(a) + c.logpdf(xs)
                            with np.errstate(all="ignore"):
                                size = np.where(rest != 0, logs + np.log(np.abs(rest)), -np.inf)
                            if np.size(size):
                                top[0] = max(top[0], float(np.nanmax(size, initial=-np.inf)))
                            return _times_density(rest, logs)
                    return _times_density(np.asarray(f(xs)), c.logpdf(xs))

                v, e = integrate(g, c.lo, c.hi, c.loc, c.scale, precise=self.ctx.precise,
                                 zero_ok=True,
                                 breaks=_breaks(body, x, c.lo, c.hi, c.loc, c.scale)
                                 + _peak_breaks(body, x, c_sym, c)
                                 + _law_breaks(self.body_laws(body, x, c_sym), c))
                if math.isfinite(top[0]) and top[0] < _UNDERFLOW_LOG:
                    raise Overflow("the integrand is below float range wherever it was seen")
                if split is not None and math.isfinite(top[0]):
                    _decays_within_the_law(g, c, top[0])
                methods = "quadrature"
                if _too_wide(v, e):
                    # a characteristic function of a law with power tails (Cauchy):
                    # thousands of periods out to where the density is negligible
                    oscillating = self.fourier_integral(body, x, c.lo, c.hi, c.loc, c.scale,
                                                        logpdf=c.logpdf)
                    if oscillating is not None and oscillating.abserr < e:
                        v, e = oscillating.value, oscillating.abserr
                        methods = "quadrature (QAWF tails)"
            except Diverges as exc:
                v, e, methods = exc.sign * mpmath.inf, 0.0, LOG_DIVERGENCE
            except (Overflow, SlowDecay):
                # float64 overflows, or the integrand does not decay: float64 again with
                # the end of a singular density taken by its distance, else mpmath on the
                # definitions, which also establishes divergence (+-oo) where it can.
                v = None
                if len(comps) == 1:
                    v, e = self.expect_below_hi(f, body, x, c_sym, c)
                if v is not None:
                    methods = "quadrature"
                else:
                    v, e = self.expect_mpmath(body, x, c_sym, c)
                    methods = _mp_label(v, "mpmath-gauss-legendre")
            total += w * v
            err += w * e
        return Estimate(total, abserr=err, methods=frozenset([methods]))

    def expect_order_statistic(self, body: sp.Basic, y: sp.Symbol, largest: bool,
                               nd: T.IIDDist) -> Estimate:
        """``E[g(max)]`` (or of the min) of ``K`` IID draws as one integral,
        ``int g(y) K F(y)**(K - 1) p(y) dy`` (``1 - F`` for the min), with the base law's
        SciPy ``logcdf``/``logsf`` and ``logpdf``.

        The joint cubature does not converge on the kink of ``Max`` (E[max(U1, U2)] went to
        Monte Carlo, which cannot resolve an equality); Monte Carlo remains the second
        witness."""
        base, k = nd.base, nd.dim
        assert base is not None
        frozen = base.frozen
        if frozen is None or base.components or base.probs is not None:
            raise NotConverged("no SciPy law to take the base's distribution function from")
        log_tail = frozen.logcdf if largest else frozen.logsf  # type: ignore[attr-defined]
        f = self.compile(body, [y])

        def g(ys):
            with np.errstate(all="ignore"):
                logs = math.log(k) + (k - 1) * np.asarray(log_tail(ys), dtype=float) + \
                    base.logpdf(ys)
            return _times_density(np.asarray(f(ys)), logs)

        v, e = integrate(self._timed(g), base.lo, base.hi, base.loc, base.scale,
                         precise=self.ctx.precise, zero_ok=True,
                         breaks=_breaks(body, y, base.lo, base.hi, base.loc, base.scale))
        return Estimate(v, abserr=e, methods=frozenset(["order-statistic quadrature"]))

    def expect_pushforward(self, f, nd: T.PushforwardDist) -> Estimate:
        """``E[g(y)]`` for ``y ~ f#P``: quadrature of ``g`` times the numeric density of the
        change of variables where the map is monotone; where it turns (the density has a
        singularity at each turning value) or that quadrature fails, quadrature of
        ``g(f(x)) p(x)`` over ``x``. Never the symbolic density (the second witness's
        density form), never a closed form."""
        if len(nd.pieces) == 1:
            try:
                # The density must integrate to 1 over the range scanned, else the value
                # below is not trusted (a range the scan misses gives a confident 0).
                mass, merr = integrate(self._timed(lambda ys: np.exp(nd.logpdf(ys))), nd.lo,
                                       nd.hi, nd.loc, nd.scale, precise=self.ctx.precise)
                if abs(mass - 1) <= 1e-9 + 10 * merr:
                    v, e = integrate(
                        self._timed(lambda ys: _times_density(np.asarray(f(ys)),
                                                              nd.logpdf(ys))),
                        nd.lo, nd.hi, nd.loc, nd.scale, precise=self.ctx.precise,
                        zero_ok=True)
                    return Estimate(v, abserr=e, methods=frozenset(["quadrature"]))
            except (Overflow, SlowDecay, NoMass, NotConverged):
                pass
        base = nd.base
        assert base is not None and nd.fn is not None
        fn = nd.fn

        def lotus(xs):
            return _times_density(np.asarray(f(np.real(fn(xs)))), base.logpdf(xs))

        try:
            v, e = integrate(self._timed(lotus), base.lo, base.hi, base.loc, base.scale,
                             precise=self.ctx.precise, zero_ok=True)
        except (Overflow, SlowDecay, NoMass, NotConverged) as exc:
            raise Unevaluable(f"the pushforward's expectation: {exc}") from None
        return Estimate(v, abserr=e, methods=frozenset(["quadrature"]))

    def expect_discrete(self, f, body, x, d: V.Distribution, nd: D.NumericDist) -> Estimate:
        """A sum over an unbounded discrete support, cut where the *terms* (body times
        mass, not the mass alone) leave a tail below a geometric bound: the moment
        generating function of a Poisson law at large ``rate * e^t`` has its terms far
        beyond where the mass alone is negligible."""
        atoms, tail = nd.support_atoms(1e-30 if self.ctx.precise else 1e-20, cut_ok=True)
        reach = _law_reach(self.body_laws(body, x, d)) if nd.atoms is None else 0
        if reach > atoms[-1]:
            # A mass in the body whose law lives beyond this one's atoms: the terms there
            # (p^2/q of a chi-square divergence between Poisson(30) and Poisson(0.05)) are
            # not bounded by the ratio of this law's last terms. Where this law's own mass
            # underflows there while the ratio overflows, the terms are taken in arbitrary
            # precision on the masses' logarithms, out past the reach.
            if reach > D.MAX_ATOMS:
                raise Unevaluable("the masses in the expectation's body reach beyond the "
                                  "atoms summed")
            atoms = np.arange(0, reach + 1, dtype=float)
            with np.errstate(all="ignore"):
                underflows = (nd.pdf(atoms) == 0) & np.isfinite(nd.logpdf(atoms))
            if np.any(underflows):
                return self.expect_discrete_extended(body, x, nd, reach=reach)
        for _ in range(12):
            with np.errstate(all="ignore"):
                w = nd.pdf(atoms)
                vals = np.asarray(f(atoms)) * w
            vals = np.broadcast_to(vals, atoms.shape)[w > 0]
            if not np.all(np.isfinite(vals)):
                # Terms that overflow may keep growing: then the sum diverges, and the
                # arbitrary-precision sum below would take up to 200 000 terms (seconds)
                # to give up (E[exp(t x)] under Geometric(p) at p (1 - p) e^t > 1).
                first = float(atoms[w > 0][~np.isfinite(vals)][0])
                sign = _terms_do_not_shrink(body, x, nd, first)
                if sign:
                    return Estimate(sign * mpmath.inf, methods=frozenset(["series divergence"]))
                # float64 overflows: the same sum with the body in arbitrary precision,
                # still on scipy's masses, so that the SymPy-density witness stays independent.
                try:
                    return self.expect_discrete_extended(body, x, nd)
                except Unevaluable:
                    v, err = _sum_form(body * V.pdf(d, x), x, self.ctx.dps)
                return Estimate(v, abserr=err, methods=frozenset([_mp_label(v, "mpmath-sum")]))
            total = complex(math.fsum(np.real(vals)), math.fsum(np.imag(vals)))
            rounding = _masses_rounding(w, tail) * float(np.sum(np.abs(vals)))
            if tail == 0 or len(vals) < 8:
                return Estimate(total, abserr=rounding, methods=frozenset(["summation"]))
            if len(vals) >= 16 and not np.any(vals[len(vals) // 2:]) and \
                    _body_vanishes_beyond(f, float(atoms[-1])):
                # The body itself is 0 from some atom on (TV(Poisson(1), Poisson(2)) =
                # E_P[max(0, 1 - q/p)], zero once q > p): no ratio to read, and no rest.
                return Estimate(total, abserr=rounding, methods=frozenset(["summation"]))
            mags = np.abs(vals[-8:])
            # A term that is exactly 0 says nothing of the rest (mp_witness._direct_sum).
            r = float(np.max(mags[1:] / mags[:-1])) if np.all(mags > 0) else math.inf
            if r < 1:
                bound = float(mags[-1]) * r / (1 - r)
                if bound <= 1e-15 * max(abs(total), 1e-300):
                    return Estimate(total, abserr=bound + rounding,
                                    methods=frozenset(["summation"]))
            elif math.isfinite(r):
                sign = _terms_do_not_shrink(body, x, nd, float(atoms[-1]))
                if sign:
                    return Estimate(sign * mpmath.inf, methods=frozenset(["series divergence"]))
            if float(atoms[-1]) >= 5e6:
                break
            atoms = np.arange(0, 2 * (int(atoms[-1]) + 1), dtype=float)
        raise Unevaluable("the terms of the expectation do not decay fast enough to bound the "
                          "rest of the sum")

    def expect_discrete_extended(self, body, x, nd: D.NumericDist,
                                 max_terms: int = 200_000, reach: int = 0) -> Estimate:
        """``sum_j body(j) p(j)`` with ``body`` in mpmath and ``log p`` from scipy.

        For terms whose factors overflow float64 although their product does not:
        ``exp(4 j)`` times a Poisson(3) mass near ``j = 200``. The sum is cut where a
        geometric bound on the rest (the ratio of the last terms) is negligible. The
        error counts float64's rounding of ``log p`` (relative ``1e-15 |log p|``).
        """
        g = _mp_function(x, body)
        atoms, _ = nd.support_atoms(1e-30, cut_ok=True)
        if reach > atoms[-1] and nd.atoms is None:
            if reach >= max_terms:
                raise Unevaluable("the masses in the expectation's body reach beyond the terms "
                                  "summed in arbitrary precision")
            atoms = np.arange(0, 2 * reach + 1, dtype=float)
        terms: list[mpmath.mpc] = []
        logw_max = 1.0
        done = 0  # atoms whose terms are in ``terms``
        with mpmath.workdps(self.ctx.dps):
            while True:
                with np.errstate(all="ignore"):
                    logw = np.asarray(nd.logpdf(atoms[done:]), dtype=float)
                for a, lw in zip(atoms[done:], logw, strict=True):
                    if lw == -math.inf:
                        continue
                    try:
                        t = mpmath.mpc(g(mpmath.mpf(float(a)))) * mpmath.exp(lw)
                    except (ZeroDivisionError, ValueError, OverflowError, TypeError):
                        t = mpmath.mpc(mpmath.nan)
                    if mpmath.isnan(t.real) or mpmath.isnan(t.imag) or mpmath.isinf(abs(t)):
                        raise Unevaluable("a term of the expectation is undefined or infinite")
                    terms.append(t)
                    logw_max = max(logw_max, abs(float(lw)))
                done = len(atoms)
                total = mpmath.fsum(terms)
                rounding = mpmath.fsum(abs(t) for t in terms) * 1e-15 * logw_max
                mags = [abs(t) for t in terms[-8:]]
                ratios = [b / a for a, b in itertools.pairwise(mags) if a != 0]
                if len(ratios) == 7 and max(ratios) < 1:
                    r = max(ratios)
                    bound = mags[-1] * r / (1 - r)
                    if bound <= mpmath.mpf(10) ** -20 * max(abs(total), mpmath.mpf(10) ** -300):
                        err = mp_witness.error_bound(bound + rounding)
                        return Estimate(mpmath.mpc(total), abserr=err,
                                        methods=frozenset(["summation-extended-range"]))
                if len(atoms) >= max_terms or nd.atoms is not None:
                    raise Unevaluable("the terms of the expectation do not decay fast enough "
                                      "to bound the rest of the sum")
                atoms = np.arange(0, min(2 * len(atoms), max_terms), dtype=float)

    def expect_below_hi(self, f, body, x, d: V.Distribution, c: D.NumericDist
                        ) -> tuple[complex | None, float]:
        """``E[body]`` under ``c`` by float64 quadrature whose piece at the upper end
        ``c.hi`` is integrated in the distance to it, with the law's density there from
        :attr:`~probproof.numeric.distributions.NumericDist.logpdf_below_hi` (Beta's by
        its reflection, SciPy's Beta(b, a)) and the body substituted symbolically
        (:meth:`distance_form`). ``(None, 0)`` where that does not apply or fails: the
        body holds another density or functional of ``x`` (which would still see ``x``
        rounded to the end), or float64 fails anyway.

        Densities in the body (an entropy, a KL from or to this law) are taken by their
        distance too, where their law ends at the same point and has such a form."""
        if c.logpdf_below_hi is None or not math.isfinite(c.hi) or c.hi == 0:
            return None, 0.0
        logs: dict[sp.Dummy, D.NumericDist] = {}
        reps: dict[sp.Basic, sp.Basic] = {}
        for node in body.atoms(V.pdf, V.logpdf):
            if node.args[1] != x:
                continue
            law = self.dist(node.args[0])
            if law.logpdf_below_hi is None or law.hi != c.hi:
                return None, 0.0
            log = sp.Dummy("logpdf")
            logs[log] = law
            reps[node] = log if isinstance(node, V.logpdf) else sp.exp(log)
        plain = body.xreplace(reps)
        if any(n.has(x) for n in plain.atoms(*HARD)):
            return None, 0.0
        g_end = self.distance_form(plain, x, sp.Rational(c.hi), -1, list(logs))
        below = c.logpdf_below_hi

        def at_end(ds: np.ndarray) -> np.ndarray:
            values = g_end(ds, *(law.logpdf_below_hi(ds) for law in logs.values()))
            return _times_density(np.asarray(values), below(ds))

        def g(xs: np.ndarray) -> np.ndarray:
            return _times_density(np.asarray(f(xs)), c.logpdf(xs))

        try:
            return integrate(g, c.lo, c.hi, c.loc, c.scale, precise=self.ctx.precise,
                             zero_ok=True, breaks=_breaks(body, x, c.lo, c.hi, c.loc, c.scale),
                             end_forms={c.hi: at_end})
        except (NoMass, Overflow, SlowDecay):
            return None, 0.0

    def expect_mpmath(self, body, x, d: V.Distribution, c: D.NumericDist) -> tuple[complex, float]:
        """Quadrature in arbitrary precision with SymPy's own densities (float64 failed)."""
        return _integrate_form(body * V.pdf(d, x), x, c.lo, c.hi, c.loc, c.scale, self.ctx.dps,
                               breaks=_law_breaks(self.body_laws(body, x, d), c))

    def expect_enumerate(self, f, nds: list[D.NumericDist]) -> Estimate:
        grids = [d.support_atoms()[0] for d in nds]
        mesh = np.meshgrid(*grids, indexing="ij")
        weights = np.ones_like(mesh[0])
        for d, m in zip(nds, mesh, strict=True):
            weights = weights * d.pdf(m)
        vals = np.asarray(f(*mesh)) * weights
        vals = vals[weights > 0]
        total = complex(math.fsum(np.real(vals).ravel()), math.fsum(np.imag(vals).ravel()))
        tails = sum(d.support_atoms()[1] for d in nds)
        rounding = max(1e-13, _masses_rounding(weights, tails))
        return Estimate(total, abserr=rounding * float(np.sum(np.abs(vals))),
                        methods=frozenset(["enumeration"]))

    def expect_mc(self, f, body, nds: list[D.NumericDist],
                  variables: Sequence[sp.Basic] | None = None) -> Estimate:
        n = self.ctx.mc_samples * (4 if (self.ctx.precise or self.ctx.independent) else 1)
        # The re-checks' larger samples stop at MC_NUMBERS numbers drawn (never below the
        # first evaluation's sample): 2**19 draws of 50 IID values took most of a claim's
        # time limit on a loaded machine.
        n = min(n, max(self.ctx.mc_samples, MC_NUMBERS // max(1, sum(d.dim for d in nds))))
        rng = self.ctx.rng(body)
        vals = None
        if variables is not None and torch_mc.enabled():
            try:
                vals = torch_mc.expect(body, variables, nds, n, int(rng.integers(1 << 62)),
                                       self.ctx.check_time)
            except torch_mc.NotTorch:
                vals = None  # the numpy path below, with the same draws as before torch
                rng = self.ctx.rng(body)
        if vals is None:
            vals = self._mc_values_numpy(f, nds, n, rng)
        # A smooth body of continuous draws that is constant on the whole sample is
        # constant (an analytic function equal on a set with accumulation points), not a
        # rare event: -log p of Dirichlet([1, 1, 1]) is log 2 everywhere.
        constant_ok = (not body.has(*_NOT_SMOOTH, sp.Rel, sp.Contains)
                       and not any(d.discrete for d in nds))
        return _mc_estimate(vals, constant_ok=constant_ok)

    def _mc_values_numpy(self, f, nds: list[D.NumericDist], n: int,
                         rng: np.random.Generator) -> np.ndarray:
        # In blocks of rows: K = 64 draws of 2**19 samples would hold 270 MB per array.
        rows = max(1024, MC_BLOCK // max(1, sum(d.dim for d in nds)))
        parts = []
        for start in range(0, n, rows):
            self.ctx.check_time()
            m = min(rows, n - start)
            block = np.asarray(f(*[d.sample(rng, m) for d in nds]))
            parts.append(np.broadcast_to(block, (m,)) if block.ndim == 0 else block)
        return np.concatenate(parts)

    # -- calculus --------------------------------------------------------------------
    def bounds(self, a: sp.Basic, b: sp.Basic) -> tuple[float, float]:
        lo, hi = self.value(a), self.value(b)
        if not (lo.is_real() and hi.is_real()):
            raise Unevaluable("complex integration limits")
        return lo.real, hi.real

    def integral(self, e: sp.Integral) -> Estimate:
        if e.function.is_zero:
            # exactly 0 at this point (a factor v = 0, say): no scan could find mass
            return Estimate(0j, methods=frozenset(["exact"]))
        flat = _flatten_integral(e)
        if flat is not None and len(flat[1]) > 1:
            return self.integral_nd(*flat)
        if len(e.limits) != 1 or len(e.limits[0]) != 3:
            raise Unevaluable("only definite integrals with constant limits")
        x, a, b = e.limits[0]
        lo, hi = self.bounds(a, b)
        sign = 1.0
        if lo > hi:
            lo, hi, sign = hi, lo, -1.0
        if lo == hi:
            return Estimate(0j, methods=frozenset(["quadrature"]))
        loc, scale = (lo, hi - lo) if math.isfinite(lo) and math.isfinite(hi) else (
            (lo if math.isfinite(lo) else (hi if math.isfinite(hi) else 0.0)), 1.0)
        if self.ctx.independent:
            try:
                v, err = self.oscillatory_form(e.function, x, lo, hi, loc, scale)
            except Unevaluable:
                v, err = _integrate_form(e.function, x, lo, hi, loc, scale, self.ctx.dps,
                                         rule="tanh-sinh")
            return Estimate(sign * mpmath.mpc(v), abserr=err,
                            methods=frozenset([_mp_label(v, "mpmath-quadrature")]))
        f = self.compile(e.function, [x])
        breaks = _breaks(e.function, x, lo, hi, loc, scale)
        try:
            v, err = integrate(f, lo, hi, loc, scale, precise=self.ctx.precise, breaks=breaks)
            method = "quadrature"
            if _too_wide(v, err):
                fourier_value = self.fourier_integral(e.function, x, lo, hi, loc, scale)
                if fourier_value is not None and fourier_value.abserr < err:
                    return Estimate(sign * fourier_value.value, abserr=fourier_value.abserr,
                                    methods=fourier_value.methods)
        except NoMass:
            raise Unevaluable("the integrand vanishes wherever it was sampled") from None
        except Diverges as exc:
            return Estimate(sign * exc.sign * mpmath.inf, methods=frozenset([LOG_DIVERGENCE]))
        except (Overflow, SlowDecay):
            fourier_value = self.fourier_integral(e.function, x, lo, hi, loc, scale)
            if fourier_value is not None:
                return Estimate(sign * fourier_value.value, abserr=fourier_value.abserr,
                                methods=fourier_value.methods)
            v = None
            # each finite end, exactly as written, and the direction into the range
            ends = {lo: (b if sign < 0 else a, 1), hi: (a if sign < 0 else b, -1)}
            # Only for an integrand that is elementary in x: a density or a nested
            # functional in it would still see x rounded to the end (pdf(Beta(2, 3/2),
            # 1 - d) is 0 below d = 1e-16, and the mass it has there would be lost).
            elementary = not any(n.has(x) for n in e.function.atoms(*HARD))
            forms = {end: self.distance_form(e.function, x, exact, direction)
                     for end, (exact, direction) in ends.items()
                     if elementary and math.isfinite(end) and end != 0}
            if forms:
                # float64 is still the first witness where only the end's spacing defeated
                # it (1/sqrt(1 - x**2) towards 1), so that a disagreement there can be
                # refuted by two witnesses instead of one.
                try:
                    v, err = integrate(f, lo, hi, loc, scale, precise=self.ctx.precise,
                                       breaks=breaks, end_forms=forms)
                    method = "quadrature"
                except (NoMass, Overflow, SlowDecay):
                    pass  # v stays None: the arbitrary-precision fallback below
            if v is None:
                v, err = _integrate_form(e.function, x, lo, hi, loc, scale, self.ctx.dps)
                method = _mp_label(v, "mpmath-gauss-legendre")
        return Estimate(sign * mpmath.mpc(v), abserr=err, methods=frozenset([method]))

    def fourier_integral(self, expr: sp.Basic, x: sp.Symbol, lo: float, hi: float,
                         loc: float, scale: float, logpdf=None) -> Estimate | None:
        """``int expr [p] dx`` over a range with an infinite end where ``expr`` oscillates
        (:mod:`fourier`): ordinary quadrature between the cut points, QUADPACK's QAWF for
        the oscillating terms beyond them. ``logpdf``: a density the integrand carries (an
        expectation's). ``None`` where the integrand has no such form."""
        if math.isfinite(lo) and math.isfinite(hi):
            return None
        try:
            _, terms = fourier.fourier_terms(expr, x)
        except fourier.NoFourierForm:
            return None
        top = max(term.omega for term in terms)  # sizes QAGS's subintervals by its periods

        def carried(fn):
            if logpdf is None:
                return self._timed(fn)
            return self._timed(lambda xs: _times_density(np.asarray(fn(xs)), logpdf(xs)))

        cut_lo, cut_hi = fourier.cut_points(lo, hi, loc, scale)
        amplitudes = [carried(self.compile(term.amplitude, [x])) for term in terms]
        # QAWO between the cuts, split where the integrand may kink or jump (and at the
        # location: a Laplace density's kink)
        edges = sorted({cut_lo, cut_hi, *(b for b in [*_breaks(expr, x, cut_lo, cut_hi, loc,
                                                                  scale), loc]
                                          if cut_lo < b < cut_hi)})
        total, err = 0j, 0.0
        whole = carried(self.compile(expr, [x]))
        try:
            for a, b in itertools.pairwise(edges):
                try:
                    # QAWO term by term: hundreds of periods in a few hundred evaluations
                    parts = [fourier.qawo_piece(amplitude, term.weight, term.omega, a, b)
                             for term, amplitude in zip(terms, amplitudes, strict=True)]
                    v, e = sum(p[0] for p in parts), sum(p[1] for p in parts)
                except fourier.NoFourierForm:
                    # the whole integrand by QAGS, which never evaluates an end point
                    # (sin(x)/x at 0 is 0/0 in float64, and QAWO's Clenshaw-Curtis rule
                    # takes the ends)
                    v, e = fourier.qawo_piece(whole, "none", top, a, b)
                total, err = total + v, err + e
            for end, direction in ((cut_hi, 1), (cut_lo, -1)):
                if math.isfinite(hi if direction > 0 else lo):
                    continue
                for term, amplitude in zip(terms, amplitudes, strict=True):
                    if not fourier.decays(amplitude, end, direction, scale):
                        return None
                    if term.weight == "none":
                        a, b = (end, math.inf) if direction > 0 else (-math.inf, end)
                        v, e = integrate(amplitude, a, b, end, scale, precise=self.ctx.precise,
                                         zero_ok=True)
                    else:
                        v, e = fourier.qawf_tail(amplitude, term.weight, term.omega, end,
                                                 direction)
                    total, err = total + v, err + e
        except (fourier.NoFourierForm, NoMass, NotConverged, Overflow, SlowDecay):
            return None
        return Estimate(total, abserr=err, methods=frozenset(["quadrature (QAWF tails)"]))

    def oscillatory_form(self, expr: sp.Basic, x: sp.Symbol, lo: float, hi: float,
                         loc: float, scale: float) -> tuple[mpmath.mpc, float]:
        """The second witness of :meth:`fourier_integral`: mpmath's ``quadosc`` on the
        SymPy form (``expr`` with its densities written out)."""
        if math.isfinite(lo) and math.isfinite(hi):
            raise Unevaluable("a finite range")
        try:
            omega, terms = fourier.fourier_terms(expr, x)
            steady = [t.amplitude for t in terms if t.weight == "none"]
            return mp_witness.integrate_oscillatory(expr, x, lo, hi, omega, loc, scale,
                                                    dps=self.ctx.dps,
                                                    steady=sp.Add(*steady) if steady else None)
        except fourier.NoFourierForm as exc:
            raise Unevaluable(f"no second witness: {exc}") from None
        except mp_witness.NoValue as exc:
            raise NoValue(str(exc)) from None
        except mp_witness.NoWitness as exc:
            raise Unevaluable(str(exc)) from None

    def distance_form(self, body: sp.Basic, x: sp.Symbol, end: sp.Basic, direction: int,
                      extra: Sequence[sp.Basic] = ()):
        """``body`` at ``x = end + direction d`` as a compiled function of the distance
        ``d`` (and of the ``extra`` variables after it), substituted symbolically so that
        ``1 - x`` is ``d`` rather than a difference rounded to float64's spacing at
        ``end``; sums that are polynomials in ``d`` are expanded, so that ``1 - x**2`` is
        ``2 d - d**2`` rather than ``1 - (1 - d)**2``. (The second witness, mp_witness,
        factors such sums its own way.)"""
        d = sp.Dummy("d", positive=True)
        moved = _expanded_near(body.xreplace({x: end + direction * d}), d)
        g = self.compile(moved, [d, *extra])
        return lambda dist, *more: g(np.asarray(dist, dtype=float), *more)

    def integral_nd(self, body: sp.Basic, limits: list[tuple],
                    hints: list[tuple[float, float]] | None = None) -> Estimate:
        """An integral over a box of up to 3 dimensions, by n-dimensional quadrature.
        ``hints`` (location, scale) per variable say where the mass of an integrand
        over an infinite range is expected."""
        if len(limits) > 3:
            raise Unevaluable("integrals over more than 3 variables")
        variables, lows, highs, locs, scales = [], [], [], [], []
        sign = 1.0
        for k, (x, a, b) in enumerate(limits):
            lo, hi = self.bounds(a, b)
            if lo > hi:
                lo, hi, sign = hi, lo, -sign
            if lo == hi:
                return Estimate(0j, methods=frozenset(["quadrature"]))
            variables.append(x)
            lows.append(lo)
            highs.append(hi)
            finite = math.isfinite(lo) and math.isfinite(hi)
            if hints is not None and not (math.isfinite(lo) or math.isfinite(hi)):
                locs.append(float(hints[k][0]))
                scales.append(float(hints[k][1]))
                continue
            locs.append(lo if finite else (lo if math.isfinite(lo) else (
                hi if math.isfinite(hi) else 0.0)))
            scales.append(hi - lo if finite else 1.0)
        if len(variables) >= 2:
            _refuse_narrow_integrand(body, variables, lows, highs, locs, scales)
        f = self.compile(body, variables)
        try:
            v, err = integrate_nd(self._timed(lambda pts: f(*pts.T)), lows, highs, locs, scales,
                                  precise=self.ctx.precise)
        except NoMass:
            raise Unevaluable("the integrand vanishes wherever it was sampled") from None
        except NotConverged as exc:
            raise Unevaluable(str(exc)) from None
        except Overflow:
            raise Unevaluable("the integrand overflows float64 (no arbitrary-precision "
                              "quadrature in several dimensions)") from None
        return Estimate(sign * v, abserr=err, methods=frozenset([ND_QUADRATURE]))

    def _int_bounds(self, a, b) -> tuple[float, float]:
        lo, hi = self.bounds(a, b)
        for v in (lo, hi):
            if math.isfinite(v) and v != round(v):
                raise Unevaluable("summation limits must be integers")
        return lo, hi

    def sum(self, e: sp.Sum) -> Estimate:
        if len(e.limits) != 1:
            raise Unevaluable("only single sums")
        k, a, b = e.limits[0]
        lo, hi = self._int_bounds(a, b)
        if hi < lo:
            return Estimate(0j, methods=frozenset(["summation"]))
        if (self.ctx.independent and math.isfinite(lo) and math.isfinite(hi)
                and hi - lo < TERMWISE_TERMS and _maximal_hard(e.function)):
            return self._sum_termwise(e.function, k, int(lo), int(hi))
        if (math.isfinite(lo) and math.isfinite(hi) and hi - lo <= 2_000_000
                and not self.ctx.independent):
            f = self.compile(e.function, [k])
            ks = np.arange(int(lo), int(hi) + 1, dtype=float)
            vals = np.asarray(f(ks))
            vals = np.broadcast_to(vals, ks.shape)
            if not np.all(np.isfinite(vals)):
                return self._sum_mpmath(e, k, lo, hi)
            total = complex(math.fsum(np.real(vals)), math.fsum(np.imag(vals)))
            return Estimate(total, abserr=1e-15 * float(np.sum(np.abs(vals))),
                            methods=frozenset(["summation"]))
        if (not self.ctx.independent and (math.isinf(lo) or math.isinf(hi))
                and all(isinstance(n, _SUMMABLE_HARD) for n in _maximal_hard(e.function))):
            # (densities of laws, which compile to SciPy's: Sum(pdf(Poisson(l), k), (k, 1,
            # oo)) went to mpmath in both witnesses, and its false claims stayed undecided)
            try:
                return self._sum_float64(e.function, k, lo, hi)
            except series.SeriesDivergent as exc:
                return Estimate(exc.sign * mpmath.inf, methods=frozenset(["series divergence"]))
            except series.SeriesNoValue as exc:
                raise NoValue(str(exc)) from None
            except series.SeriesUnevaluable:
                pass  # mpmath below: a value, but no independent second witness to it
        return self._sum_mpmath(e, k, lo, hi)

    def _sum_float64(self, body: sp.Basic, k: sp.Symbol, lo: float, hi: float) -> Estimate:
        try:
            return self._sum_float64_compiled(body, k, lo, hi)
        except Unevaluable:
            raise series.SeriesUnevaluable("the terms do not compile to float64") from None

    def _sum_float64_compiled(self, body: sp.Basic, k: sp.Symbol, lo: float,
                              hi: float) -> Estimate:
        """An infinite sum in float64 with a bound on its rest (:mod:`series`): the first
        witness, independent of the second's mpmath summation."""
        f = self.compile(body, [k])
        if math.isinf(lo) and math.isinf(hi):
            parts, signs = [], set()
            for g, start in ((f, 0), (lambda ks: f(-ks), 1)):
                try:
                    parts.append(series.sum_series(g, start, self.ctx.check_time))
                except series.SeriesDivergent as exc:
                    signs.add(exc.sign)
                except series.SeriesNoValue as exc:
                    raise NoValue(str(exc)) from None
            if len(signs) > 1:
                # Sum(k, (k, -oo, oo)): oo - oo, not the sign of the side summed first
                raise NoValue("the series diverges to +oo and to -oo: no value")
            if signs:
                raise series.SeriesDivergent(signs.pop(), "the series diverges")
        elif math.isinf(lo):
            parts = [series.sum_series(lambda ks: f(-ks), int(-hi), self.ctx.check_time)]
        else:
            parts = [series.sum_series(f, int(lo), self.ctx.check_time)]
        return Estimate(sum((p.value for p in parts), 0j),
                        abserr=math.fsum(p.abserr for p in parts),
                        methods=frozenset(f"summation ({p.test})" for p in parts))

    def _sum_termwise(self, body: sp.Basic, k: sp.Symbol, lo: int, hi: int) -> Estimate:
        """A finite sum of terms that hold functionals (a divergence, an expectation), term
        by term: each term is evaluated on its own, by this witness's own route, and their
        error bars add up. mpmath's summation cannot evaluate such a term, so the second
        witness had none for ``Sum(KL(p_i, q_i), (i, 0, D - 1))`` at ``D = 3``."""
        terms = [self.value(body.xreplace({k: sp.Integer(i)})) for i in range(lo, hi + 1)]
        return Estimate(mpmath.fsum(t.value for t in terms),
                        abserr=math.fsum(t.abserr for t in terms),
                        stderr=math.sqrt(math.fsum(t.stderr**2 for t in terms)),
                        methods=frozenset().union(*(t.methods for t in terms)))

    def _sum_mpmath(self, e, k, lo, hi) -> Estimate:
        """An infinite (or float64-overflowing) sum: only once convergence is established
        (the ratio, power-law and alternating series tests of :mod:`mp_witness`); mpmath's ``nsum``
        alone sums the divergent ``(-1)**k`` to 1/2."""
        infinite = math.isinf(lo) or math.isinf(hi)
        try:
            v, err = mp_witness.sum_form(e.function, k, lo, hi, dps=self.ctx.dps)
        except mp_witness.Divergent as exc:
            return Estimate(exc.sign * mpmath.inf, methods=frozenset([SERIES_DIVERGENCE_TEST]))
        except mp_witness.NoValue as exc:
            raise NoValue(str(exc)) from None
        except mp_witness.NoWitness as exc:
            raise Unevaluable(str(exc)) from None
        # A finite range is summed term by term (exact up to its digits); an infinite one
        # by the second witness's own convergence tests and extrapolations.
        return Estimate(v, abserr=err, methods=frozenset([MPMATH_SERIES if infinite
                                                          else "mpmath-fsum"]))

    def product(self, e: sp.Product) -> Estimate:
        if len(e.limits) != 1:
            raise Unevaluable("only single products")
        k, a, b = e.limits[0]
        lo, hi = self._int_bounds(a, b)
        if hi < lo:
            return Estimate(1 + 0j, methods=frozenset(["product"]))
        fn = _mp_function(k, e.function)
        with mpmath.workdps(self.ctx.dps):
            if math.isfinite(lo) and math.isfinite(hi) and hi - lo <= 100_000:
                v = mpmath.mpc(mpmath.fprod(fn(mpmath.mpf(i))
                                            for i in range(int(lo), int(hi) + 1)))
                return Estimate(v, abserr=float(1e-20 * abs(v)), methods=frozenset(["product"]))
            v = mpmath.mpc(mpmath.nprod(fn, [int(lo), mpmath.inf if math.isinf(hi) else int(hi)]))
        return Estimate(v, abserr=float(1e-10 * abs(v)), methods=frozenset(["mpmath-nprod"]))

    def limit(self, e: sp.Limit) -> Estimate:
        """A limit only where it is seen to exist: the values along a sequence that
        approaches the point (``10**-k`` away, or ``10**k`` out) must settle, and the
        first witness's Richardson extrapolation must agree with them. An extrapolation
        alone gives ``limit(sin(1/t), t, 0)`` a value with an error bar."""
        body, x, a, direction = e.args
        target = self.value(a).real
        if body.has(*HARD):
            def fn(t):
                return self.value(body.xreplace({x: _sym_number(t)})).value
        else:
            fn = _mp_function(x, body)
        dirs = [1, -1] if str(direction) == "+-" else ([1] if str(direction) == "+" else [-1])
        with mpmath.workdps(self.ctx.dps):
            results = []
            for dsign in dirs:
                seq_value, seq_err = _limit_along_sequence(fn, target, dsign, self.ctx.dps)
                if self.ctx.independent:
                    results.append((seq_value, seq_err))
                    continue
                pt = mpmath.inf if math.isinf(target) and target > 0 else (
                    mpmath.ninf if math.isinf(target) else mpmath.mpf(target))
                v1 = mpmath.mpc(mpmath.limit(fn, pt, direction=dsign))
                v2 = mpmath.mpc(mpmath.limit(fn, pt, direction=dsign, exp=True))
                err = float(abs(v1 - v2))
                if abs(v1 - seq_value) > 1e3 * (err + seq_err) + 1e-10 * max(1.0, abs(v1)):
                    raise Unevaluable("the extrapolated limit and the values approaching the "
                                      "point disagree: the limit may not exist")
                results.append((v1, err))
        v, err = results[0]
        for other, oerr in results[1:]:
            if abs(other - v) > 1e3 * (err + oerr) + 1e-8 * max(1.0, abs(v)):
                raise Unevaluable("the one-sided limits differ")
        method = "limit-sequence" if self.ctx.independent else "mpmath-limit"
        return Estimate(v, abserr=float(err + 1e-12 * abs(v)), methods=frozenset([method]))

    # -- Sup / Inf -------------------------------------------------------------------
    def extreme(self, e: V.Sup) -> Estimate:
        u = e.variable
        dom = self.ctx.domains.get(u.name)
        if dom is None:
            raise Unevaluable(f"no domain for {u.name}")
        sign = 1.0 if e.extreme == "sup" else -1.0
        values_in_mpmath = self.ctx.independent and not e.body.has(*HARD)
        # The second witness's values come from mpmath, not float64: terms that cancel (a
        # Fenchel conjugate's t u - u log u far out) round differently, so float64's
        # rounding in both witnesses cannot agree on a wrong supremum.
        f = (_mp_values(u, e.body, self.ctx.dps) if values_in_mpmath
             else self.compile(e.body, [u]))

        def verify(x: float, best: float, abserr: float) -> None:
            """The search's best value (of ``sign * body``), again at its point by SymPy's
            evalf, which raises its precision where terms cancel: ``(exp(u) - 1 - u)/u**2``
            is 0 in float64 at u = 1e-20, where the search of an infimum over (0, 1e-6)
            ended, and 0 was confirmed as its infimum (it is 1/2)."""
            if e.body.has(*HARD) or not math.isfinite(x):
                return
            try:
                value, err = _evalf_with_error(e.body.xreplace({u: sp.Rational(x)}), 20)
            except Unevaluable:
                return  # no evaluation with a known accuracy (a function without evalf)
            exact = sign * float(value.real)
            size = max(1.0, abs(exact))
            if not math.isfinite(err) or err > 1e-10 * size or abs(value.imag) > 1e-10 * size:
                raise Unevaluable("the function cannot be evaluated accurately at its best "
                                  "point (its terms cancel there)")
            if abs(exact - best) > 1e-10 * size + 2 * abserr:
                raise _RoundedBest(f"the function's best value {sign * best:.6g} is float "
                                   f"rounding: it is {sign * exact:.6g} there (its terms "
                                   "cancel)")

        peaks = _narrow_bumps(sign * e.body, u, dom)
        try:
            try:
                est = _global_max(lambda x: sign * _real_or_nan(f(x)), dom, self.ctx, sign,
                                  peaks=peaks, verify=verify)
            except _RoundedBest:
                if values_in_mpmath or e.body.has(*HARD):
                    raise
                # float64's best value is its rounding ((u - sin(u))/u**3 near u = 1e-20):
                # the search again on mpmath's values, with those that lose their digits
                # (which differ at two precisions) left out. mpmath is then the first
                # witness, which the second cannot check independently (MP_SEARCH).
                values_in_mpmath = True
                checked = _mp_values(u, e.body, self.ctx.dps, check_digits=True)
                est = _global_max(lambda x: sign * _real_or_nan(checked(x)), dom, self.ctx,
                                  sign, peaks=peaks, verify=verify)
            if values_in_mpmath and mpmath.isfinite(est.value):
                est = Estimate(est.value, abserr=est.abserr, methods=frozenset([MP_SEARCH]))
            return est
        except _BeyondFloat as edge:
            if e.body.has(*HARD):
                raise Unevaluable("the supremum lies where float64 overflows") from None
            return _unbounded_beyond(e.body, u, dom, sign, edge.side, edge.start, self.ctx.dps)


#: Most terms a sum of functionals is summed over one by one (each a quadrature).
TERMWISE_TERMS = 64
#: Methods of an infinite series summed by :func:`mp_witness.sum_form`, the second
#: witness's code: a first witness that fell back on them is not independent of it.
MPMATH_SERIES = "mpmath-nsum"
SERIES_DIVERGENCE_TEST = "mpmath-series-divergence"


#: Method of an integral that float64 found divergent like int dx/x (quadrature's
#: ``Diverges``).
LOG_DIVERGENCE = "quadrature (divergence test)"
#: Method of a supremum whose values were computed by mpmath (the second witness's).
MP_SEARCH = "global-search (mpmath values)"


class _RoundedBest(Unevaluable):
    """A supremum search's best value is float rounding, not the function's value."""


def _mp_values(u: sp.Symbol, body: sp.Basic, dps: int, check_digits: bool = False):
    """``body`` as a function of an array of ``u`` whose values mpmath computes at ``dps``
    digits (then rounded to float64, NaN where undefined or not real). ``check_digits``:
    also at twice the digits, and NaN where the two differ beyond 1e-12 (digits lost to
    cancellation)."""
    try:
        g = mp_witness.mp_compile(u, body, dps)
        g2 = mp_witness.mp_compile(u, body, 2 * dps) if check_digits else None
    except Exception:
        raise Unevaluable("the supremum's function cannot be evaluated in mpmath") from None

    def at(fn, x: float, digits: int) -> mpmath.mpc | None:
        try:
            with mpmath.workdps(digits):
                return mpmath.mpc(fn(mpmath.mpf(x)))
        except (ArithmeticError, ValueError, TypeError):
            return None

    def one(x: float) -> float:
        if not math.isfinite(x):
            return math.nan
        y = at(g, x, dps)
        if y is None:
            return math.nan
        if not mpmath.isfinite(y.real) or abs(y.imag) > 1e-12 * max(1, abs(y.real)):
            return math.inf if y.real == mpmath.inf and not y.imag else math.nan
        if g2 is not None:
            y2 = at(g2, x, 2 * dps)
            if y2 is None or not abs(y2 - y) <= 1e-12 * abs(y2):
                return math.nan
        return float(y.real)

    def f(xs):
        xs = np.asarray(xs, dtype=float)
        return np.array([one(float(x)) for x in xs.ravel()]).reshape(xs.shape)

    return f


def _real_or_nan(v) -> np.ndarray:
    v = np.asarray(v)
    if np.iscomplexobj(v):
        bad = np.abs(v.imag) > 1e-12 * np.maximum(1.0, np.abs(v.real))
        return np.where(bad, np.nan, v.real)
    return v.astype(float)


def _to_domain(dom: Domain, v: np.ndarray) -> np.ndarray:
    lo, hi = dom.low, dom.high
    with np.errstate(over="ignore"):
        if lo is None and hi is None:
            return np.sinh(v)
        if hi is None:
            return lo + np.exp(v)
        if lo is None:
            return hi - np.exp(v)
        return lo + (hi - lo) * special.expit(v)


class _BeyondFloat(ArithmeticError):
    """The search's best values sit at an edge of what float64 reaches (or overflow
    there): whether the supremum is infinite or a finite peak further out is for
    :func:`_unbounded_beyond` to tell. ``side``: +1 or -1, the edge in the search
    coordinate; ``start``: that coordinate at the edge."""

    def __init__(self, side: int, start: float) -> None:
        super().__init__(side, start)
        self.side, self.start = side, start


def _narrow_bumps(body: sp.Basic, u: sp.Symbol, dom: Domain) -> list[tuple[float, float]]:
    """Centres and widths of the bumps of ``body`` that its SymPy form shows: the maxima
    of each polynomial exponent ``q`` of an ``exp`` (degree 2 to 6, where ``q' = 0`` and
    ``q'' < 0``; the width ``1/sqrt(-q'')``), inside the domain. The search's grid, 3%
    apart at x = 50, steps over a bump 0.07 wide there: ``Sup(exp(-x) + 2 exp(-100 (x -
    50)**2), x) > 1.5`` was refuted by both witnesses (their grids differ, their spacing
    does not), and so was ``Sup(exp(-(x - m)**2/s**2), x) == 1`` at a small ``s``."""
    if body.has(*HARD) or not body.has(sp.exp):
        return []
    lo = -math.inf if dom.low is None else dom.low
    hi = math.inf if dom.high is None else dom.high
    out: list[tuple[float, float]] = []
    for node in body.atoms(sp.exp):
        try:
            poly = sp.Poly(node.args[0], u)
            coeffs = [complex(c) for c in poly.all_coeffs()]
        except (sp.PolynomialError, sp.GeneratorsNeeded, TypeError, ValueError):
            continue
        if not 2 <= poly.degree() <= 6 or any(c.imag for c in coeffs):
            continue
        q = np.poly1d([c.real for c in coeffs])
        for r in np.roots(q.deriv()):
            if abs(r.imag) > 1e-12 * max(1.0, abs(r.real)):
                continue
            curvature = float(q.deriv(2)(r.real))
            if curvature < 0 and lo < r.real < hi:
                out.append((float(r.real), 1 / math.sqrt(-curvature)))
    return out


def _global_max(f, dom: Domain, ctx: Context, sign: float,
                peaks: Sequence[tuple[float, float]] = (),
                verify: Callable[[float, float, float], None] | None = None) -> Estimate:
    """Maximise ``f`` over a domain: dense grid in an unbounded coordinate, local refinement,
    and probes far out to detect an unbounded supremum.

    Raises :class:`_BeyondFloat` where the best values sit at an edge of the range
    float64 reaches: ``sup_u t u - u log u`` is ``e^(t - 1)``, at ``u = e^(t - 1)``,
    beyond float64 for ``t > 710``, where the values up to the edge of the search
    grow like those of an unbounded function (it was reported infinite, and a true
    claim refuted)."""
    methods = frozenset(["global-search"])
    if dom.integer:
        lo = -10_000 if dom.low is None else math.floor(dom.low) + 1
        xs = np.arange(lo, lo + 20_001 if dom.low is not None else 10_001, dtype=float)
        vals = f(xs)
        if np.all(np.isnan(vals)):
            raise Unevaluable("the function is undefined on the domain")
        if np.any(vals == np.inf):
            raise Unevaluable("the function overflows float64 on the search's integers")
        i = int(np.nanargmax(vals))
        best = float(vals[i])
        # At the last integers searched: beyond them the values may still grow (to a
        # finite peak, or without bound), so the best one seen is not the supremum
        # (Sup(1 - 1/n, n) was 0.99995, and `== 1` refuted).
        if i >= len(xs) - 3:
            raise _BeyondFloat(1, float(xs[-1]))
        if i <= 2 and dom.low is None:
            raise _BeyondFloat(-1, float(xs[0]))
        return Estimate(complex(sign * best), abserr=1e-12 * max(1.0, abs(best)), methods=methods)
    n = 8001 if ctx.precise else 2401
    lo_v, hi_v = -40.0, 40.0
    if ctx.independent:
        # The second witness scans other points (another count, an asymmetric range): a
        # function whose best scanned value is an accident of the grid (u sin u, whose
        # supremum is infinite, gave 1.4e69 twice on the same grid, and `== oo` was
        # refuted) gets two different answers, and the point is unevaluable.
        n, lo_v, hi_v = 3307, -41.3, 43.7

    def scan(lo_v: float, hi_v: float) -> tuple[np.ndarray, np.ndarray]:
        vs = np.linspace(lo_v, hi_v, n)
        xs = _to_domain(dom, vs)
        vals = np.asarray(f(xs), dtype=float)
        return vs, np.where(np.isfinite(xs), vals, np.nan)

    vs, vals = scan(lo_v, hi_v)
    if np.all(np.isnan(vals)):
        raise Unevaluable("the function is undefined on the domain")
    # While the best value sits at an edge of the scan, scan further out.
    for _ in range(6):
        i = int(np.nanargmax(vals))
        if i <= 2 and lo_v > -700:
            new_lo = max(lo_v * 2, -700.0)
            v2, f2 = scan(new_lo, lo_v)
            vs, vals, lo_v = np.concatenate([v2, vs]), np.concatenate([f2, vals]), new_lo
        elif i >= len(vs) - 3 and hi_v < 700:
            new_hi = min(hi_v * 2, 700.0)
            v2, f2 = scan(hi_v, new_hi)
            vs, vals, hi_v = np.concatenate([vs, v2]), np.concatenate([vals, f2]), new_hi
        else:
            break
    if np.any(vals == np.inf):
        where = np.nonzero(vals == np.inf)[0]
        if where[-1] >= len(vs) - 3:
            raise _BeyondFloat(1, float(vs[-1]))
        if where[0] <= 2:
            raise _BeyondFloat(-1, float(vs[0]))
        raise Unevaluable("the function overflows float64 inside the domain")
    finite_vals = np.where(np.isnan(vals), -np.inf, vals)
    order = np.argsort(finite_vals)[::-1]
    best = -math.inf
    best_i = int(order[0])
    best_x: list[float] = []  # the search coordinate of the best value
    best_point = math.nan  # the domain's point of the best value
    for i in order[:5]:
        a_v, b_v = vs[max(i - 1, 0)], vs[min(i + 1, len(vs) - 1)]

        def neg(v: float) -> float:
            val = f(_to_domain(dom, np.array([v])))[0]
            return -val if np.isfinite(val) else math.inf

        res = optimize.minimize_scalar(neg, bounds=(a_v, b_v), method="bounded",
                                       options={"xatol": 1e-12})
        cand = max(-float(res.fun), float(finite_vals[i]))
        if cand > best:
            best, best_i = cand, int(i)
            best_x = [float(res.x) if -float(res.fun) >= float(finite_vals[i]) else float(vs[i])]
            best_point = float(_to_domain(dom, np.array(best_x))[0])
    for centre, width in peaks:
        # a narrow bump between the grid's points: refined around its centre in x
        def neg_x(t: float) -> float:
            val = f(np.array([t]))[0]
            return -val if np.isfinite(val) else math.inf

        res = optimize.minimize_scalar(neg_x, bounds=(centre - 4 * width, centre + 4 * width),
                                       method="bounded", options={"xatol": 1e-3 * width})
        cand = max(-float(res.fun), -neg_x(centre))
        if cand > best:
            best, best_i, best_x = cand, len(vs) // 2, []
            best_point = float(res.x) if -float(res.fun) >= -neg_x(centre) else centre
    at_edge = best_i <= 2 or best_i >= len(vs) - 3
    if at_edge:
        # The supremum is approached at the boundary of the domain (or is infinite).
        if best > 1e100:
            raise _BeyondFloat(1 if best_i > len(vs) // 2 else -1,
                               float(vs[-1] if best_i > len(vs) // 2 else vs[0]))
        j = len(vs) // 2
        far, nearer = float(finite_vals[best_i]), float(
            finite_vals[best_i + (-j // 4 if best_i > j else j // 4)])
        drift = abs(far - nearer)
        if drift > 1e-8 * max(1.0, abs(far)):
            raise Unevaluable("the supremum is approached at the boundary and has not "
                              "converged within the search")
        abserr = drift + 1e-9 * max(1.0, abs(best))
        if verify is not None:
            verify(best_point, best, abserr)
        return Estimate(sign * best, abserr=abserr, methods=methods)
    noise = _rounding_noise(f, dom, float(best_x[0])) if best_x else 0.0
    if noise > 1e-3 * max(1.0, abs(best)):
        # Not rounding: the function itself varies that much within 1e-9 of its best grid
        # value (u sin(u) near u = 1e300), which is then an accident of the grid, not the
        # supremum; an error bar that wide made two such accidents "agree" and refute
        # Sup(u sin(u), u) == oo.
        raise Unevaluable("the function varies too fast near its best value for the "
                          "supremum to be located")
    abserr = 2 * noise + 1e-9 * max(1.0, abs(best))
    if verify is not None:
        verify(best_point, best, abserr)
    return Estimate(sign * best, abserr=abserr, methods=methods)


def _rounding_noise(f, dom: Domain, v: float) -> float:
    """The spread of ``f`` over search coordinates within 1e-9 of ``v`` (relative), where a
    smooth maximum is flat to 1e-18: float64's rounding of terms that cancel. At
    ``u = 1e9``, ``t u - u log u + (u + 1) log(u + 1)`` (a Fenchel conjugate, 21.7) is a
    difference of terms near 2e10 with a spread of 1e-5; its best value was 4.6e-6 above
    the supremum, within a claimed error of 2e-8, and a true conjugate was refuted."""
    vs = v + 1e-9 * max(1.0, abs(v)) * np.linspace(-1.0, 1.0, 17)
    with np.errstate(all="ignore"):
        vals = np.asarray(f(_to_domain(dom, vs)), dtype=float)
    vals = vals[np.isfinite(vals)]
    return float(np.max(vals) - np.min(vals)) if len(vals) > 1 else 0.0


#: Doublings of the search coordinate beyond float64's edge at which
#: :func:`_unbounded_beyond` follows the function (``u`` out to ``e^(700 * 2^20)`` on a
#: half line), unless its values pass ``2^HUGE_BITS`` first.
BEYOND_DOUBLINGS = 20
HUGE_BITS = 4_000_000


def _unbounded_beyond(body: sp.Basic, u: sp.Symbol, dom: Domain, sign: float, side: int,
                      start: float, dps: int) -> Estimate:
    """The supremum of ``sign * body`` where its search reached float64's edge: the body is
    followed in mpmath (whose exponents have no such edge) at ``start * 2^k`` further out
    in the search coordinate (the logarithm of the distance on a half line, of the
    integer on the integers). Values that grow at every step, past 1e100, and either
    past ``2^HUGE_BITS`` or through every doubling, make it infinite; values that turn
    down put a finite peak beyond float64's range, where the search cannot locate it:
    unevaluable. It stays an estimate from finitely many points, the kind of evidence
    the search's own far probes give, carried much further (a peak at ``e^(1e6)``, the
    conjugate of ``u log u`` at ``t = 1e6``, is found turning down); a finite side
    beyond float64's range is not compared with it (:func:`probproof.checks.search`).
    """
    try:
        g = mp_witness.mp_compile(u, body, dps)
    except Exception:
        raise Unevaluable("the supremum lies where float64 overflows") from None
    lo, hi = dom.low, dom.high

    def at(v: mpmath.mpf) -> mpmath.mpf:
        if dom.integer:
            base = mpmath.mpf(math.floor(lo) + 1 if lo is not None else 0)
            x = base + side * mpmath.floor(mpmath.exp(v))
        elif lo is None and hi is None:
            x = mpmath.sinh(side * v)
        elif hi is None:
            x = lo + mpmath.exp(side * v)
        elif lo is None:
            x = hi - mpmath.exp(side * v)
        else:
            x = lo + (hi - lo) / (1 + mpmath.exp(-side * v))
        y = mpmath.mpc(g(x))
        if not mpmath.isfinite(y.real) or abs(y.imag) > 1e-12 * max(1, abs(y.real)):
            raise Unevaluable("the function is undefined beyond float64's range")
        return sign * y.real

    if dom.integer:
        first = math.log(max(abs(start - (math.floor(lo) + 1 if lo is not None else 0)), 2.0))
    else:
        first = max(abs(start), 1.0)
    values: list[mpmath.mpf] = []
    try:
        with mpmath.workdps(dps):
            for k in range(BEYOND_DOUBLINGS + 1):
                values.append(at(mpmath.mpf(first * 2**k)))
                if len(values) >= 2 and values[-1] <= values[-2]:
                    break
                if values[-1] > 0 and mpmath.mag(values[-1]) > HUGE_BITS:
                    break
    except (ArithmeticError, ValueError, TypeError):
        raise Unevaluable("the function cannot be followed beyond float64's range") from None
    huge = values[-1] > 0 and mpmath.mag(values[-1]) > HUGE_BITS
    if (all(b > a for a, b in itertools.pairwise(values)) and values[-1] > 1e100
            and (huge or len(values) == BEYOND_DOUBLINGS + 1)):
        return Estimate(sign * mpmath.inf, methods=frozenset(["global-search"]))
    raise Unevaluable("the supremum lies beyond the range float64 searches and is not "
                      "settled there (the function turns down or stays moderate further out)")


# ----------------------------------------------------------------------------- helpers


def _mc_estimate(vals: np.ndarray, constant_ok: bool = False) -> Estimate:
    """Sample mean and CLT standard error, after the checks that make them trustworthy.
    ``constant_ok``: a sample whose values are all the same is the body's constant value
    (the caller knows the body cannot hide a rare event), not a rare event."""
    if not np.all(np.isfinite(vals)):
        raise Unevaluable("Monte Carlo draws gave non-finite values")
    for part in (np.real(vals), np.imag(vals)):
        k = tail_shape(part) if np.any(part != part[0]) else float("nan")
        if k >= 0.5:
            # (Nearly) infinite variance: the CLT standard error would be a fiction,
            # and a refutation built on it a false verdict.
            raise Unevaluable(f"heavy-tailed Monte Carlo sample (Pareto k-hat {k:.2f}, "
                              "or one draw dominates): its standard error is unreliable")
    for part in (np.real(vals), np.imag(vals) if np.any(np.imag(vals)) else None):
        if part is None:
            continue
        # Draws that differ from the median: a rare event's hits. With few of them the
        # count is Poisson, not normal, and with none the standard error is 0: the
        # probability that two Gumbel draws differ by 14 (8e-7) was 0 +- 0 in both
        # witnesses, which refuted the true Gumbel-max formula and confirmed "== 0".
        rare = int(np.count_nonzero(part != np.median(part)))
        if rare < MIN_RARE_DRAWS and not (constant_ok and rare == 0):
            raise Unevaluable(f"a rare event: {rare} of {len(part)} Monte Carlo draws differ "
                              "from the rest, too few for a standard error")
    mean = complex(np.mean(vals))
    sd = math.sqrt(float(np.var(np.real(vals), ddof=1) + np.var(np.imag(vals), ddof=1)))
    return Estimate(mean, stderr=sd / math.sqrt(len(vals)), methods=frozenset(["monte-carlo"]))


#: Fewest draws of a Monte Carlo sample that must differ from its median for its CLT
#: standard error to be used (:func:`_mc_estimate`).
MIN_RARE_DRAWS = 30



@functools.lru_cache(maxsize=256)
def _made(kind: str, params: tuple) -> D.NumericDist:
    """``D.make`` of a family with numeric parameters, built once per parameter values: a
    point evaluates the same law several times (a divergence and an expectation under
    it), and freezing a scipy.stats law costs more than most of its uses. (Never a
    Categorical, whose exact probabilities the evaluator attaches afterwards.)"""
    return D.make(kind, [list(p) if isinstance(p, tuple) else p for p in params])


def _depends_on(node: sp.Basic, v: sp.Basic) -> bool:
    """Does ``node`` use the variable ``v`` (as a symbol, or as the base of ``v[i]``)?"""
    return v in node.free_symbols or any(
        isinstance(a, sp.Indexed) and a.base.label == v for a in node.atoms(sp.Indexed))


def _maximal_hard(e: sp.Basic) -> list[sp.Basic]:
    """The outermost functional nodes of ``e``."""
    out: list[sp.Basic] = []

    def walk(node: sp.Basic) -> None:
        if isinstance(node, HARD):
            out.append(node)
            return
        if isinstance(node, V.Distribution):
            return
        for a in node.args:
            walk(a)

    walk(e)
    return list(dict.fromkeys(out))


def _bound_var(d: V.Distribution) -> sp.Dummy:
    # The values of a discrete pushforward (k/2) need not be integers.
    integer = d.discrete and d.dim == 1 and not isinstance(d, V.Pushforward)
    return sp.Dummy("x", integer=integer, real=True)


def _point_of(d: V.Distribution, x: sp.Dummy) -> sp.Basic:
    if d.dim > 1:
        base = sp.IndexedBase(x)
        return sp.Tuple(*[base[i] for i in range(d.dim)])
    return x


def _flatten_integral(e: sp.Integral) -> tuple[sp.Basic, list[tuple]] | None:
    """``integrate(integrate(f, (x, a, b)), (y, c, d))`` or a multi-limit integral as
    ``(f, [(x, a, b), (y, c, d)])`` when no limit depends on another variable."""
    body, limits = e, []
    while isinstance(body, sp.Integral):
        if any(len(lim) != 3 for lim in body.limits):
            return None
        limits = [*body.limits, *limits] if limits else list(body.limits)
        body = body.function
    bound = {lim[0] for lim in limits}
    if any((lim[1].free_symbols | lim[2].free_symbols) & bound for lim in limits):
        return None
    return body, limits


_BINDERS = (sp.Integral, sp.Sum, sp.Product, V.Expect)


def _bound_variables(node: V.Expect | sp.Integral | sp.Sum | sp.Product) -> list[sp.Symbol]:
    """The variables a binder binds: an expectation's, or its limits' first entries."""
    return list(node.variables) if isinstance(node, V.Expect) else [
        lim[0] for lim in node.limits]


def _fresh_bound_variables(expr: sp.Basic, free: frozenset[sp.Basic]) -> sp.Basic:
    """Give every bound variable (of integrals, sums, products, expectations) a name of
    its own where a number put in for a ``free`` symbol could touch it: an ``x`` bound
    inside ``x * integral(f(x), x)``, or an inner bound ``x`` under an outer one.

    An expression where no bound variable is free as well and no two binders share one
    is kept as it is: the renaming rebuilds the whole tree, which SymPy evaluates again
    node by node (about 6% of the catalog's steps went to it), and nothing could be
    captured."""
    if not isinstance(expr, sp.Basic) or not expr.has(*_BINDERS):
        return expr
    bound = [v for node in sp.preorder_traversal(expr) if isinstance(node, _BINDERS)
             for v in _bound_variables(node)]
    if len(set(bound)) == len(bound) and not free.intersection(bound):
        return expr

    def rename(node: sp.Basic) -> sp.Basic:
        if isinstance(node, V.Expect):
            fresh = {v: sp.Dummy(v.name, **v.assumptions0) for v in node.variables}
            body = node.body.xreplace(fresh)
            return V.Expect(body, [fresh[v] for v in node.variables], list(node.distributions))
        fresh = {lim[0]: sp.Dummy(lim[0].name, **lim[0].assumptions0) for lim in node.limits}
        # Only the body and the variables: a limit may use the same name from outside.
        limits = [(fresh[lim[0]], *lim[1:]) for lim in node.limits]
        return node.func(node.function.xreplace(fresh), *limits)

    return expr.replace(lambda n: isinstance(n, _BINDERS), rename)


def _pull_constant_factor(e: V.Expect | sp.Integral) -> sp.Basic | None:
    """``c * E[g]`` for ``E[c * g]`` (``c * integral(g)`` for ``integral(c * g)``) when a
    factor ``c`` free of the bound variables holds a functional; ``None`` otherwise."""
    body = e.body if isinstance(e, V.Expect) else e.function
    bound = _bound_variables(e)
    constant, varying = split_constant_factors(body, bound)
    if not any(f.has(*HARD) for f in constant):
        return None
    rest = sp.Mul(*varying)
    inner = (V.Expect(rest, list(e.variables), list(e.distributions))
             if isinstance(e, V.Expect) else sp.Integral(rest, *e.limits))
    return sp.Mul(*constant) * inner


def _gaussian_guide(nd: D.NumericDist) -> tuple[np.ndarray, np.ndarray]:
    """Where to scan for the mass of a multivariate normal or a mixture of them: the
    mean, and per coordinate the smallest standard deviation of a component (the
    finest detail of the guide; the sinh-spaced scan reaches far beyond it)."""
    comps = nd.components or (nd,)
    weights = nd.weights if nd.components else np.ones(1)
    means = [np.asarray(c.frozen.mean, dtype=float) for c in comps]  # type: ignore[union-attr]
    sds = [np.sqrt(np.diag(np.asarray(c.frozen.cov, dtype=float)))  # type: ignore[union-attr]
           for c in comps]
    return sum(w * m for w, m in zip(weights, means, strict=True)), np.min(sds, axis=0)


#: A float64 integral whose error bound exceeds this share of its size (or of 1) has a
#: QAWF route tried where its integrand oscillates out to infinity.
_WIDE = 1e-10


def _too_wide(value, err: float) -> bool:
    return err > _WIDE * max(1.0, abs(complex(value)))


def _body_vanishes_beyond(f, last: float) -> bool:
    """Is the body ``f`` exactly 0 at atoms far beyond ``last`` (twice it, four times, ...
    up to 1e12)? Asked where the last half of the summed terms are 0: the terms carry no
    ratio to bound the rest with, and a body that is 0 out there leaves none."""
    far = (last + 1) * 2.0 ** np.arange(1, 41)
    far = np.floor(far[far <= 1e12])
    with np.errstate(all="ignore"):
        values = np.broadcast_to(np.asarray(f(far)), far.shape)
    return bool(len(far) and np.all(values == 0))


def _order_statistic(body: sp.Basic, z: sp.Symbol, count: int
                     ) -> tuple[sp.Basic, sp.Symbol, bool] | None:
    """``(g(y), y, largest)`` when ``body`` uses the ``count`` draws ``z[0] ..
    z[count - 1]`` only through ``Max`` (``largest``) or ``Min`` of all of them."""
    draws = {sp.IndexedBase(z)[i] for i in range(count)}
    nodes = [n for n in body.atoms(sp.Max, sp.Min) if set(n.args) == draws]
    if len(nodes) != 1 or count < 2:
        return None
    y = sp.Dummy("y", real=True)
    reduced = body.xreplace({nodes[0]: y})
    if reduced.has(z) or any(n.base.label == z for n in reduced.atoms(sp.Indexed)):
        return None
    return reduced, y, isinstance(nodes[0], sp.Max)


def _cancel_own_density(body: sp.Basic, x: sp.Symbol, d: V.Distribution) -> sp.Basic | None:
    """``body * pdf(d, x)`` with the density cancelled, when the body divides by
    ``pdf(d, x)``; ``None`` otherwise."""
    if V.is_mixed(d):  # no density to cancel
        return None
    own = V.pdf(d, _point_of(d, x))
    inverse = [p for p in body.atoms(sp.Pow) if p.base == own and p.exp.is_negative]
    if not inverse:
        return None
    marker = sp.Dummy("p", positive=True)
    product = sp.expand_mul(body.xreplace({own: marker}) * marker)
    if any(p.base == marker and p.exp.is_negative for p in product.atoms(sp.Pow)):
        return None
    return product.xreplace({marker: own})


#: A law in an expectation's body this many of the measure's scales from its location
#: gets break points (:func:`_law_breaks`).
_FAR_LAW = 20.0


def _law_breaks(laws: Sequence[D.NumericDist], measure: D.NumericDist) -> tuple[float, ...]:
    """Break points at the location of each continuous law of ``laws`` (the densities in
    an expectation's body) and 1/2 to 2^7 of its scales either side, where that law
    lives far from ``measure``: ``E_Q[|p/q - 1|/2]`` for two normal
    laws a million apart has half its value where ``p`` lives, and both witnesses, which
    look where ``q`` lives, gave 1/2 for a total variation of 1."""
    points: list[float] = []
    for law in laws:
        if law.discrete or law.components:
            continue
        # (a narrow law near the measure's mass is the business of the narrow-peak
        # breaks of each witness: _peak_breaks, mp_witness._distant_bump)
        if not abs(law.loc - measure.loc) > _FAR_LAW * measure.scale:
            continue
        # the measure's own location too: a quadrature given break points elsewhere
        # no longer splits there by itself (mpmath's pieces then missed q's half)
        points += _break_ladder(law.loc, law.scale, 7)
        points += _break_ladder(measure.loc, measure.scale, 7)
    return tuple(sorted({p for p in points
                         if math.isfinite(p) and measure.lo < p < measure.hi}))


def _break_ladder(centre: float, width: float, last: int) -> list[float]:
    """``centre`` and the points 1/2, 2, 8, ... ``2**last`` widths either side of it: break
    points at which Gauss-Kronrod rules meet a peak at every scale."""
    return [centre, *(centre + side * width * 2.0**k
                      for k in range(-1, last + 1, 2) for side in (-1, 1))]


def _law_reach(laws: Sequence[D.NumericDist]) -> int:
    """The last atom a discrete expectation must sum for the masses in its body: where
    their laws' atoms (to a tail of 1e-20) end. 0 where there are none."""
    reach = 0
    for law in laws:
        if law.discrete:
            try:
                reach = max(reach, int(law.support_atoms(cut_ok=True)[0][-1]))
            except Exception:  # no atoms to read: no reach
                continue
    return reach


#: Decades past the last atom summed where the terms of a discrete expectation are
#: probed for divergence (:func:`_terms_do_not_shrink`).
DIVERGENCE_DECADES = tuple(range(1, 13))


def _terms_do_not_shrink(body: sp.Basic, x: sp.Symbol, nd: D.NumericDist, last: float) -> int:
    """``+1`` or ``-1`` where the terms ``body(j) p(j)`` of a discrete expectation keep one
    sign and do not shrink from ``last`` out to ``last * 10**12`` (their logarithms, the
    body's in mpmath and the mass's from SciPy, never fall from one decade to the next):
    terms that do not tend to 0 make the sum diverge. ``0`` otherwise. ``E[exp(t x)]``
    under ``NegativeBinomial(r, p)`` is infinite for ``p e^t >= 1``; its sums doubled
    their atoms until the time ran out, such points were unevaluable, and a moment
    generating function claimed for every ``t`` was confirmed by the others."""
    try:
        g = _mp_function(x, body)
    except Unevaluable:
        return 0
    js = np.array([math.floor(last * 10.0**k) for k in DIVERGENCE_DECADES], dtype=float)
    with np.errstate(all="ignore"):
        log_mass = np.asarray(nd.logpdf(js), dtype=float)
    if not np.all(np.isfinite(log_mass)):
        return 0
    logs, signs = [], set()
    with mpmath.workdps(30):
        for j, lm in zip(js, log_mass, strict=True):
            try:
                v = mpmath.mpc(g(mpmath.mpf(float(j))))
            except (ArithmeticError, ValueError, TypeError):
                return 0
            if v.imag or not mpmath.isfinite(v.real) or v.real == 0:
                return 0
            signs.add(1 if v.real > 0 else -1)
            logs.append(mpmath.log(abs(v.real)) + lm)
    if len(signs) != 1 or any(b < a for a, b in itertools.pairwise(logs)):
        return 0
    return signs.pop()


def _mp_function(var: sp.Symbol, expr: sp.Basic):
    """An mpmath function of ``var`` from the *definitions* (densities written out);
    never from the symbolic layer's closed forms, which this layer checks."""
    form = mp_witness.density_form(expr)
    if form.has(*HARD):
        raise Unevaluable("cannot evaluate in arbitrary precision: the expression holds a "
                          "functional")
    return sp.lambdify(var, form, modules="mpmath")


def _integrate_form(expr: sp.Basic, x: sp.Symbol, lo: float, hi: float, loc: float,
                    scale: float, dps: int, rule: str = "gauss-legendre",
                    breaks: Sequence[float] = ()) -> tuple[mpmath.mpc, float]:
    """mpmath's quadrature of the SymPy form; a divergent integral is +-oo.

    The first witness falls back on it where float64 fails, with Gauss-Legendre nodes;
    the second witness integrates with tanh-sinh (``rule``), so that the two witnesses
    share the definitions of the densities but no quadrature."""
    try:
        return mp_witness.integrate_form(expr, x, lo, hi, breaks, loc=loc, scale=scale, dps=dps,
                                         rule=rule)
    except mp_witness.Divergent as exc:
        return mpmath.mpc(exc.sign * mpmath.inf), 0.0
    except mp_witness.NoValue as exc:
        raise NoValue(str(exc)) from None
    except mp_witness.NoWitness as exc:
        raise Unevaluable(str(exc)) from None


def _mp_label(value, method: str) -> str:
    """The method behind an arbitrary-precision value: an infinite one came from the
    divergence test (which the float64 scan's non-decay corroborates), not quadrature."""
    return "divergence-test" if mpmath.isinf(mpmath.mpc(value).real) else method


def _sum_form(expr: sp.Basic, k: sp.Symbol, dps: int) -> tuple[mpmath.mpc, float]:
    try:
        return mp_witness.sum_form(expr, k, 0, math.inf, dps=dps)
    except mp_witness.Divergent as exc:
        return mpmath.mpc(exc.sign * mpmath.inf), 0.0
    except mp_witness.NoValue as exc:
        raise NoValue(str(exc)) from None
    except mp_witness.NoWitness as exc:
        raise Unevaluable(str(exc)) from None


def _finitely_many_atoms(d: D.NumericDist) -> bool | None:
    """Does the discrete law ``d`` have finitely many atoms? ``None`` when not known (a
    pushforward of an infinite law may take finitely many values)."""
    if d.atoms is not None:
        return True
    if d.components:
        weights = d.weights if d.weights is not None else np.ones(len(d.components))
        known = [_finitely_many_atoms(c) for c, w in zip(d.components, weights, strict=True)
                 if w > 0]
        if all(k is True for k in known):
            return True
        return False if any(k is False for k in known) else None
    base = getattr(d, "base", None)
    if base is not None:
        return True if _finitely_many_atoms(base) else None
    support = getattr(d.frozen, "support", None)
    if support is not None:
        lo, hi = support()
        return bool(math.isfinite(lo) and math.isfinite(hi))
    return None


def _breaks(expr: sp.Basic, x: sp.Symbol, lo: float = -math.inf, hi: float = math.inf,
            loc: float = 0.0, scale: float = 1.0) -> tuple[float, ...]:
    """Kinks and jumps of ``expr`` in ``x`` over ``(lo, hi)`` (support ends of its
    densities included; every jump of ``floor(2 x)`` where the range is finite)."""
    if not expr.has(*_MAY_KINK):
        # Nothing that mp_witness.kinks() looks for, nor a density that would bring it:
        # no break points, without rewriting the expression at every point.
        return ()
    try:
        return _kinks(expr, x, lo, hi, loc, scale)
    except Exception:  # a structure kinks() does not know: no break points, not an error
        return ()


def _peak_breaks(body: sp.Basic, x: sp.Symbol, law: V.Distribution,
                 nd: D.NumericDist) -> tuple[float, ...]:
    """Break points around each peak of ``body`` narrower than the quadrature's scan sees
    (:func:`narrow.narrow_peaks_1d`): at its centre and at 1/2, 2, 8, ... 2^13 widths on
    either side, so that the Gauss-Kronrod rules meet it at every scale. ``law`` is
    ``nd``'s SymPy form, closed: the key of what is remembered."""
    if not body.has(sp.exp, sp.Pow, V.pdf, V.logpdf):
        return ()
    key = (body, x, law)
    if key not in _PEAK_BREAKS:
        probes, spreads = _law_probes([nd])
        spread = spreads[0] if not np.isnan(spreads[0]) else max(nd.scale, 1e-300)
        probes = probes[:, 0]
        points: list[float] = []
        try:
            peaks = narrow.narrow_peaks_1d(body, x, probes, spread)
        except Exception:  # a form the reading does not know: the breaks of before
            peaks = []
        for centre, width in peaks:
            points += _break_ladder(centre, width, 13)
        if len(_PEAK_BREAKS) > 4096:
            _PEAK_BREAKS.clear()
        _PEAK_BREAKS[key] = tuple(sorted(p for p in points
                                         if math.isfinite(p) and nd.lo < p < nd.hi))
    return _PEAK_BREAKS[key]


#: Break points of narrow one-dimensional peaks, by body and law.
_PEAK_BREAKS: dict[tuple, tuple[float, ...]] = {}


#: What may give an integrand a kink or a jump in :func:`mp_witness.kinks` (its kinked
#: functions, steps, relations and sets), and the densities whose definitions hold them.
_MAY_KINK = (*mp_witness._KINKED, *mp_witness._STEPS, sp.Piecewise, sp.Rel, sp.Contains,
             V.pdf, V.logpdf)


@functools.lru_cache(maxsize=256)
def _kinks(expr: sp.Basic, x: sp.Symbol, lo: float, hi: float, loc: float,
           scale: float) -> tuple[float, ...]:
    # Cached (a failure, an alarm included, is not): a function of the expression and its
    # range alone, asked again at every re-evaluation of a point, and costly (SymPy
    # rewrites the densities in the expression). Keyed by the range too: a mixture's
    # components have their own, and the jumps of floor are found within it.
    form = mp_witness.density_form(expr)
    return tuple(sorted(mp_witness.kinks(form, x, lo, hi, loc, scale)
                        | mp_witness.jumps_in_bulk(form, x, lo, hi, loc, scale)))


#: log of a value below which float64 keeps too few digits (subnormals start at 2e-308).
_UNDERFLOW_LOG = -690.0


#: Scales of the law past its location at which an integrand must have decayed.
_DECAY_SCALES = 100.0
#: ... by at least this factor (as a log) below the largest value seen.
_DECAY_LOG = 40.0


def _decays_within_the_law(g, law: D.NumericDist, top: float) -> None:
    """Raise :class:`SlowDecay` unless ``g`` has decayed by ``exp(-_DECAY_LOG)`` from
    its largest value ``exp(top)`` at ``_DECAY_SCALES`` scales of the law on each side.

    The quadrature maps the line with the law's location and scale; an exponential
    factor that nearly cancels the law's decay (``E[exp(w z / b)]`` under ``Laplace(mu,
    b)`` with ``w`` near 1) leaves mass hundreds of scales out, which it missed with a
    confident error bound (262.7 for 500.3). Such an integrand goes to mpmath.
    """
    for side in (-1.0, 1.0):
        z = law.loc + side * _DECAY_SCALES * law.scale
        if not law.lo < z < law.hi:
            continue
        with np.errstate(all="ignore"):
            v = np.abs(np.asarray(g(np.array([z])), dtype=complex))
            far = float(np.log(v[0])) if v[0] > 0 else -math.inf
        if far > top - _DECAY_LOG:
            raise SlowDecay(f"the integrand has not decayed {_DECAY_SCALES:g} scales out")


def _exp_factor(body: sp.Basic, x: sp.Symbol) -> tuple[sp.Basic, sp.Basic] | None:
    """``(rest, a)`` with ``body = rest * exp(a)``, ``a`` depending on ``x`` (one ``exp``
    factor); ``None`` otherwise. (Where ``a`` takes complex values the caller uses the
    body as it stands.)"""
    factors = sp.Mul.make_args(body)
    exps = [f for f in factors if isinstance(f, sp.exp) and f.has(x)]
    if len(exps) != 1:
        return None
    rest = sp.Mul(*[f for f in factors if f is not exps[0]])
    return rest, exps[0].args[0]


def _times_density(values: np.ndarray, logpdf: np.ndarray) -> np.ndarray:
    """``values * exp(logpdf)``, 0 outside the support, and through logarithms where the
    density underflows: ``exp(0.7 z**2)`` times a normal density is not 0 far out, and
    cutting it there would make a divergent expectation look finite."""
    with np.errstate(all="ignore"):
        dens = np.exp(logpdf)
        out = values * dens
        under = (dens == 0) & np.isfinite(logpdf) & (values != 0)
        if np.any(under):
            out = np.array(out, dtype=complex if np.iscomplexobj(values) else float, copy=True)
            v = np.broadcast_to(values, out.shape)[under]
            lp = np.broadcast_to(logpdf, out.shape)[under]
            logs = np.log(np.abs(v)) + lp
            out[under] = np.sign(v) * np.exp(logs) if not np.iscomplexobj(v) else (
                v / np.abs(v) * np.exp(logs))
        return np.where(np.isneginf(logpdf), 0.0, out)


def _limit_along_sequence(fn, target: float, dsign: int, dps: int) -> tuple[mpmath.mpc, float]:
    """The values of ``fn`` at ``target + dsign * 10**-k`` (or ``+-10**k`` at infinity);
    their last differences must shrink to a few digits of ``dps``, else the limit is
    not established."""
    if math.isinf(target):
        pts = [mpmath.mpf(10) ** k * (1 if target > 0 else -1) for k in range(4, 44, 4)]
    else:
        pts = [mpmath.mpf(target) + dsign * mpmath.mpf(10) ** -k for k in range(4, dps - 4, 2)]
    vals = []
    # Digits to spare: (1 + 1/t)**t at t = 1e24 needs them.
    with mpmath.workdps(3 * dps):
        for t in pts:
            try:
                vals.append(mpmath.mpc(fn(t)))
            except (ZeroDivisionError, ValueError, OverflowError):
                raise Unevaluable("the function is undefined near the limit point") from None
    diffs = [abs(b - a) for a, b in itertools.pairwise(vals)]
    last = vals[-1]
    tol = mpmath.mpf(10) ** -10 * max(1, abs(last))
    if (any(mpmath.isnan(v.real) or mpmath.isinf(v.real) for v in vals[-3:])
            or max(diffs[-3:]) > tol):
        raise Unevaluable("the values approaching the point do not settle: the limit may not "
                          "exist")
    return last, float(max(diffs[-3:]))
