"""One-dimensional adaptive quadrature that finds where the integrand lives.

``scipy.integrate.quad`` on an infinite range can miss a narrow peak far from
the origin and report a confident wrong answer; for a verifier that is a false
verdict. :func:`integrate` therefore first scans the integrand on a grid that
is dense near the origin and reaches far out (``sinh``-spaced, in units of the
given scale), then integrates with adaptive Gauss-Kronrod cubature (the rule of
``scipy.integrate.cubature``, refined many regions per vectorised call: see
:func:`gauss_kronrod`) with breakpoints around the region that carries the
mass. Complex integrands are integrated as real and imaginary parts.
When float64 overflows or produces NaN, :class:`Overflow` tells the caller to
use :func:`integrate_mpmath` instead.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import mpmath
import numpy as np


class Overflow(ArithmeticError):
    """The integrand is not finite in float64 somewhere that matters."""


class NoMass(ArithmeticError):
    """The integrand vanished at every point of the scan: its mass, if any, was not found."""


class NotConverged(ArithmeticError):
    """n-dimensional quadrature used up its budget of integrand evaluations."""


#: Integrand evaluations allowed to one n-dimensional quadrature (precise: 4 times as
#: many). A ridge narrower than the rule resolves would otherwise subdivide for minutes.
ND_EVALUATIONS = 2_000_000


def _cubature(f: Callable[[np.ndarray], np.ndarray], a: np.ndarray, b: np.ndarray, *,
              points: list[np.ndarray] | None = None, **options) -> CubatureResult:
    """:func:`gauss_kronrod` over the one box ``[a, b]``."""
    return gauss_kronrod(f, [(np.asarray(a, dtype=float), np.asarray(b, dtype=float))],
                         points=points, **options)


# The 21-point Gauss-Kronrod rule on [-1, 1] (QUADPACK's qk21) and its embedded 10-point
# Gauss rule, the rule ``scipy.integrate.cubature`` applies by default ("gk21"), along
# each axis of a product rule in several dimensions.
_XK = np.array([
    0.995657163025808080735527280689003, 0.973906528517171720077964012084452,
    0.930157491355708226001207180059508, 0.865063366688984510732096688423493,
    0.780817726586416897063717578345042, 0.679409568299024406234327365114874,
    0.562757134668604683339000099272694, 0.433395394129247190799265943165784,
    0.294392862701460198131126603103866, 0.148874338981631210884826001129720, 0.0])
_WK = np.array([
    0.011694638867371874278064396062192, 0.032558162307964727478818972459390,
    0.054755896574351996031381300244580, 0.075039674810919952767043140916190,
    0.093125454583697605535065465083366, 0.109387158802297641899210590325805,
    0.123491976262065851077382959678347, 0.134709217311473325928054001771707,
    0.142775938577060080797094273138717, 0.147739104901338491374841515972068,
    0.149445554002916905664936468389821])
_WG = np.array([0.066671344308688137593568809893332, 0.149451349150580593145776339657697,
                0.219086362515982043995534934228163, 0.269266719309996355091226921569469,
                0.295524224714752870173892994651101])
#: Nodes of the 21-point rule and the weights of both rules at them (the Gauss rule
#: uses every other Kronrod node and has weight 0 at the rest).
GK_NODES = np.concatenate([-_XK[:-1], _XK[::-1]])
GK_WEIGHTS = np.concatenate([_WK[:-1], _WK[::-1]])
_wg_half = np.zeros(11)
_wg_half[1:10:2] = _WG
GAUSS_WEIGHTS = np.concatenate([_wg_half[:-1], _wg_half[::-1]])


@dataclass
class CubatureResult:
    """What :func:`gauss_kronrod` found: the estimate and its error estimate per
    component, and ``status`` ("converged" or "not_converged", as SciPy says it)."""

    estimate: np.ndarray
    error: np.ndarray
    status: str


def gauss_kronrod(f: Callable[[np.ndarray], np.ndarray],
                  boxes: Sequence[tuple[np.ndarray, np.ndarray]], *, rtol: float, atol: float,
                  max_subdivisions: int, points: list[np.ndarray] | None = None,
                  ) -> CubatureResult:
    """Globally adaptive product Gauss-Kronrod cubature over boxes (1 to 3 dimensions),
    the sum of the integrals over ``boxes`` (pairs of lower and upper corners).

    The rule, the error estimate (``|Kronrod - Gauss|`` summed over the regions), the
    transformations of infinite sides (``x = a + (1 - t) / t`` on ``[a, inf)``,
    ``x = (1 - |t|) / t`` on the real line, split at ``t = 0``), the stopping test
    (``error <= atol + rtol |estimate|`` for every component) and the bisection of a
    region into ``2^d`` halves are those of ``scipy.integrate.cubature``'s default rule.
    SciPy refines one region per step and calls ``f`` once per half; here every step
    splits at once the regions of largest error whose errors, were they removed, would
    meet the tolerance (at least the one SciPy would split), and evaluates all their
    halves in one call of ``f``: the same estimates and stopping test, a tenth of the
    calls or fewer, each vectorised over more nodes. Several boxes are refined together
    under one tolerance for their sum, which bounds the summed error at least as tightly
    as a tolerance per box would. ``max_subdivisions`` counts split regions, as SciPy
    counts them. A side ``(-inf, b]`` is integrated as ``[-b, inf)`` of ``f`` at
    ``-x`` (SciPy 1.17 maps it without negating the variable and so integrates the
    mirror image of the integrand: a N(4, 1) density over ``(-inf, 3]`` came back as
    1.0002 with an error estimate of 3e-11). ``points`` (one dimension only) are break
    points: no rule straddles them. ``f`` maps points of shape ``(n, d)`` to values of
    shape ``(n,)`` or ``(n, m)``.
    """
    # Per box and axis: the kind of side (0 finite, 1 [a, inf), 2 (-inf, b] reflected,
    # 3 the real line) and its finite end; every region keeps its box's kinds.
    kinds_l, ends_l, los_l, his_l = [], [], [], []
    for a, b in boxes:
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
        d = len(a)
        kind = np.select([np.isfinite(a) & np.isfinite(b), np.isfinite(a), np.isfinite(b)],
                         [0, 1, 2], default=3)
        end = np.where(kind == 1, a, np.where(kind == 2, b, 0.0))
        lo = np.select([kind == 0, kind == 3], [a, -1.0], default=0.0)
        hi = np.where(kind == 0, b, 1.0)
        # The cuts along each axis: the break points (in the transformed coordinate on an
        # infinite side) and the origin of a doubly infinite side.
        cuts: list[set[float]] = [set() for _ in range(d)]
        for q in (points or []) if d == 1 else []:
            v = float(np.asarray(q, dtype=float).ravel()[0])
            if kind[0] == 1:
                v = 1.0 / (v - end[0] + 1.0)
            elif kind[0] == 2:
                v = 1.0 / (end[0] - v + 1.0)
            elif kind[0] == 3:
                v = math.inf if v == 0 else 1.0 / (v + math.copysign(1.0, v))
            if lo[0] < v < hi[0]:
                cuts[0].add(v)
        for i in range(d):
            if kind[i] == 3:
                cuts[i].add(0.0)
        edges = [sorted({float(lo[i]), float(hi[i]), *cuts[i]}) for i in range(d)]
        for sub in itertools.product(*[list(itertools.pairwise(e)) for e in edges]):
            los_l.append([p[0] for p in sub])
            his_l.append([p[1] for p in sub])
            kinds_l.append(kind)
            ends_l.append(end)
    los, his = np.array(los_l, dtype=float), np.array(his_l, dtype=float)
    kinds, ends = np.array(kinds_l), np.array(ends_l, dtype=float)
    d = los.shape[1]

    grid = np.stack(np.meshgrid(*[GK_NODES] * d, indexing="ij"), axis=-1).reshape(-1, d)
    wk = np.prod(np.stack(np.meshgrid(*[GK_WEIGHTS] * d, indexing="ij"), axis=-1)
                 .reshape(-1, d), axis=1)
    wg = np.prod(np.stack(np.meshgrid(*[GAUSS_WEIGHTS] * d, indexing="ij"), axis=-1)
                 .reshape(-1, d), axis=1)
    wdiff = wk - wg

    def rule(los: np.ndarray, his: np.ndarray, kinds: np.ndarray,
             ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        centre, half = (los + his) / 2, (his - los) / 2
        t = centre[:, None, :] + half[:, None, :] * grid[None, :, :]  # (regions, nodes, d)
        x = t.copy()
        jac = np.ones(t.shape[:2])
        with np.errstate(all="ignore"):
            # Only the infinite sides are mapped (each region keeps its box's sides).
            for i in range(d):
                for kind in (1, 2, 3):
                    rows = np.nonzero(kinds[:, i] == kind)[0]
                    if not len(rows):
                        continue
                    ti = t[rows, :, i]
                    if kind == 3:
                        x[rows, :, i] = (1 - np.abs(ti)) / ti
                    else:
                        out = (1 - ti) / ti
                        e = ends[rows, i][:, None]
                        x[rows, :, i] = e + out if kind == 1 else e - out
                    jac[rows] /= ti**2
            vals = np.asarray(f(x.reshape(-1, d)))
            vals = vals.reshape(len(los), len(grid), *vals.shape[1:])
            if np.any(kinds):
                vals = vals * jac.reshape(jac.shape + (1,) * (vals.ndim - 2))
        vol = np.prod(half, axis=1)
        est = np.einsum("rn...,n->r...", vals, wk)
        err = np.abs(np.einsum("rn...,n->r...", vals, wdiff))
        shape = (-1,) + (1,) * (vals.ndim - 2)
        return est * vol.reshape(shape), err * np.abs(vol).reshape(shape)

    est, err = rule(los, his, kinds, ends)
    splits = 0
    status = "converged"
    while True:
        total, total_err = est.sum(axis=0), err.sum(axis=0)
        tol = atol + rtol * np.abs(total)
        if not np.all(np.isfinite(total_err)):
            # Subdividing cannot mend a non-finite value: the caller sees it, unconverged.
            status = "not_converged"
            break
        if np.all(total_err <= tol):
            break
        if splits >= max_subdivisions:
            status = "not_converged"
            break
        # Largest errors first (relative to each component's tolerance, the larger
        # component deciding), as many as must go for the rest to meet the tolerance.
        errs2 = err.reshape(len(err), -1)
        tol2 = np.broadcast_to(np.atleast_1d(tol), errs2.shape[1:])
        key = np.max(errs2 / np.where(tol2 > 0, tol2, np.finfo(float).tiny), axis=1)
        order = np.argsort(-key, kind="stable")
        excess = np.atleast_1d(total_err) - tol2
        removed = np.cumsum(errs2[order], axis=0)
        enough = np.all(removed >= excess, axis=1)
        count = int(np.argmax(enough)) + 1 if enough.any() else len(order)
        count = min(count, max_subdivisions - splits)
        chosen = order[:count]
        keep = np.ones(len(los), dtype=bool)
        keep[chosen] = False
        # Each chosen box into its 2^d halves.
        new_lo, new_hi = [], []
        for corner in itertools.product((0, 1), repeat=d):
            c = np.array(corner, dtype=bool)
            mid = (los[chosen] + his[chosen]) / 2
            new_lo.append(np.where(c, mid, los[chosen]))
            new_hi.append(np.where(c, his[chosen], mid))
        add_lo, add_hi = np.concatenate(new_lo), np.concatenate(new_hi)
        add_kinds = np.tile(kinds[chosen], (2**d, 1))
        add_ends = np.tile(ends[chosen], (2**d, 1))
        add_est, add_err = rule(add_lo, add_hi, add_kinds, add_ends)
        los = np.concatenate([los[keep], add_lo])
        his = np.concatenate([his[keep], add_hi])
        kinds = np.concatenate([kinds[keep], add_kinds])
        ends = np.concatenate([ends[keep], add_ends])
        est = np.concatenate([est[keep], add_est])
        err = np.concatenate([err[keep], add_err])
        splits += count
    return CubatureResult(est.sum(axis=0), err.sum(axis=0), status)


def _grid(ua: float, ub: float, n: int) -> np.ndarray:
    """Points in (ua, ub): sinh-spaced over an infinite side, uniform over a finite range."""
    if math.isfinite(ua) and math.isfinite(ub):
        return np.linspace(ua, ub, n + 2)[1:-1]
    s = np.sinh(np.linspace(-12.0, 12.0, n))  # reaches about 8e4 scales
    lo = ua if math.isfinite(ua) else -math.inf
    hi = ub if math.isfinite(ub) else math.inf
    pts = s[(s > lo) & (s < hi)]
    if math.isfinite(ua):
        pts = np.concatenate([ua + (np.geomspace(1e-9, 1.0, n // 8)) * min(1.0, (pts[0] - ua)
                              if len(pts) else 1.0), pts])
    if math.isfinite(ub):
        pts = np.concatenate([pts, ub - (np.geomspace(1.0, 1e-9, n // 8)) * min(
            1.0, (ub - pts[-1]) if len(pts) else 1.0)])
    return np.unique(pts)


def integrate(
    f: Callable[[np.ndarray], np.ndarray],
    a: float,
    b: float,
    loc: float = 0.0,
    scale: float = 1.0,
    precise: bool = False,
    zero_ok: bool = False,
    breaks: Sequence[float] = (),
    end_forms: Mapping[float, Callable[[np.ndarray], np.ndarray]] | None = None,
) -> tuple[complex, float]:
    """Integrate a vectorised ``f`` over ``(a, b)``; ``a``/``b`` may be infinite.

    Parameters
    ----------
    f : callable
        Vectorised integrand (real or complex values).
    a, b : float
        Limits, ``a < b``.
    loc, scale : float
        Where the integrand is expected to live; the scan is done in
        ``u = (x - loc) / scale``.
    precise : bool
        Tighter tolerances and a denser scan (used to re-check a refutation).
    zero_ok : bool
        Whether an integrand that vanishes on the whole scan integrates to 0.
        True for an expectation (the scan covers the density's mass densely);
        for a bare integral it raises :class:`NoMass`, since a narrow peak
        between scan points would otherwise be reported as a confident 0.
    breaks : sequence of float
        Points where ``f`` may jump or bend (support ends of the densities in it,
        zeros of the arguments of ``Abs``): Gauss-Kronrod rules converge slowly
        across a jump and their error estimate then understates the error.
    end_forms : mapping of float to callable, optional
        For a finite end ``e``, the integrand as a function of the distance ``d`` to
        ``e`` (``f(e + d)`` at ``a``, ``f(e - d)`` at ``b``), written so that ``d`` is
        not rounded to ``e``'s float64 spacing (``1 - x`` computed as ``d``): the end
        piece then reaches ``d = 1e-300`` wherever ``e`` is, as it does at 0.

    Returns
    -------
    value : complex
    abserr : float
        An error estimate (the Gauss-Kronrod estimate of :func:`gauss_kronrod`,
        inflated when it reports no convergence).

    Raises
    ------
    Overflow
        When the integrand is NaN or infinite on the scan.
    """
    if not scale > 0 or not math.isfinite(scale):
        scale = 1.0
    singular = [p for p in sorted(set(breaks)) if a < p < b and _singular_at(f, p, scale)]
    if singular:
        # Each side of an inner singularity (log|x|, |x|**-1/2 at a break) as a range of
        # its own, whose end piece takes the singularity in the logarithm of the distance
        # (the middle's rule, across it, did not converge, and float64 gave up).
        edges = [a, *singular, b]
        total, err = 0j, 0.0
        for lo, hi in itertools.pairwise(edges):
            inner = [p for p in breaks if lo < p < hi]
            v, e = integrate(f, lo, hi, loc, scale, precise, True, inner, end_forms)
            total, err = total + v, err + e
        if total == 0 and not zero_ok:
            raise NoMass("the integrand vanishes on the whole scan")
        return total, err
    # Finite end points are integrated in the logarithm of the distance to them
    # (_end_piece), where a power singularity is a smooth exponential tail whose part
    # below float64's resolution is bounded; the rest as before.
    ends = 0j
    ends_err = 0.0
    tails = 0.0
    width = min(1e-3 * scale, (b - a) / 8) if math.isfinite(b - a) else 1e-3 * scale
    # No break point inside an end piece: its rule, in the logarithm of the distance,
    # has no node within 0.06 of its far end, and a jump there (the support end of a
    # mixture's narrow component, 1e-6 inside the piece) went unseen, with an error
    # bound of 1e-14 on a value 7e-6 off. The break goes to the middle part, which
    # splits there.
    for p in breaks:
        for e in (a, b):
            if math.isfinite(e) and p != e and abs(p - e) < 2 * width:
                width = abs(p - e) / 2
    for e, direction in ((a, 1), (b, -1)):
        if math.isfinite(e):
            v, err, tail = _end_piece(f, e, direction, width, precise,
                                      (end_forms or {}).get(e))
            ends += v
            ends_err += err
            tails += tail
    if math.isfinite(a):
        a = a + width
    if math.isfinite(b):
        b = b - width
    value, err = _integrate_inner(f, a, b, loc, scale, precise, zero_ok or ends != 0, breaks)
    total = value + ends
    if tails > END_TAIL * abs(total):
        raise Overflow("mass closer to an end point than float64 resolves")
    return total, err + ends_err + tails


def _singular_at(f: Callable[[np.ndarray], np.ndarray], p: float, scale: float) -> bool:
    """Does ``|f|`` grow towards ``p`` from either side, by half again at each of the
    distances 1e-3, 1e-6 and 1e-12 (of the scale), or fail to be finite there? A
    logarithm (``log|x|`` at 0) and a power singularity do; a kink or a jump does not."""
    ds = scale * np.array([1e-3, 1e-6, 1e-12])
    for side in (-1.0, 1.0):
        xs = p + side * ds
        if np.any(xs == p):
            continue  # closer than float64 resolves at p
        with np.errstate(all="ignore"):
            mags = np.abs(np.broadcast_to(np.asarray(f(xs)), xs.shape))
        if not np.all(np.isfinite(mags)):
            return True
        if mags[0] > 0 and mags[1] > 1.5 * mags[0] and mags[2] > 1.5 * mags[1]:
            return True
    return False


#: Relative size of the end-point mass below float64's resolution that a quadrature may
#: leave out (it is added to the error bound); more makes float64 unusable there.
END_TAIL = 1e-13
#: The same beside the end piece's own mass, at which :func:`_end_piece` gives up before
#: integrating (Beta(a, 0.25) at z = 1: about 1e-3).
EARLY_TAIL = 1e-8


def _end_piece(f: Callable[[np.ndarray], np.ndarray], e: float, direction: int, width: float,
               precise: bool, form: Callable[[np.ndarray], np.ndarray] | None = None
               ) -> tuple[complex, float, float]:
    """``int f`` from ``e`` over ``width`` along ``direction``, in ``s = log |x - e|``.

    ``x**(p - 1)`` near ``e = 0`` becomes ``e^(p s)``, smooth in ``s``; the part closer
    to ``e`` than float64 resolves (``|e| 1e-15``, or 1e-300 at 0) is bounded by
    ``|h(s0)| / p``, the slope ``p`` read off two points. A slope near 0 (a
    singularity like ``1/x``, or an end that float64 cannot approach closely enough,
    as ``(1 - x)**-0.8`` at ``x = 1``) raises :class:`Overflow`: the caller then uses
    arbitrary precision, which measures the distance to ``e`` exactly.

    Returns the value, its error and the bound on the mass left out (which the caller
    compares with the whole integral). ``form``, the integrand as a function of the
    distance to ``e`` (see :func:`integrate`), resolves distances down to 1e-300.
    """
    dmin = 1e-300 if form is not None else max(abs(e) * 1e-15, 1e-300)
    if width <= 10 * dmin:
        return 0j, 0.0, 0.0
    s0, s1 = math.log(dmin), math.log(width)

    def h(s: np.ndarray) -> np.ndarray:
        d = np.exp(np.asarray(s, dtype=float))
        v = form(d) if form is not None else f(e + direction * d)
        return np.broadcast_to(np.asarray(v), d.shape) * d

    with np.errstate(all="ignore"):
        grid = np.linspace(s0, s1, 801 if precise else 201)
        vals = h(grid)
    if not np.all(np.isfinite(vals)):
        raise Overflow("integrand not finite near an end point")
    mags = np.abs(vals)
    top = float(mags.max())
    if top == 0.0:
        return 0j, 0.0, 0.0
    near, next_ = float(mags[0]), float(mags[1])
    tail = 0.0
    if near > 0:
        slope = math.log(next_ / near) / (grid[1] - grid[0]) if next_ > 0 else 0.0
        if slope <= 0.05:
            raise Overflow("the integrand does not vanish fast enough at an end point for "
                           "float64 quadrature")
        tail = near / slope
        # Before subdividing: a tail far above END_TAIL beside this piece's own mass (read
        # off the scan) will fail the caller's test beside the whole integral too (this
        # is only a shortcut to the arbitrary-precision path). Near an end other than 0
        # the distances float64 represents are quantised, the integrand in s is a
        # staircase there, and the cubature would subdivide it to its limit for nothing.
        if tail > EARLY_TAIL * float(np.trapezoid(mags, grid)):
            raise Overflow("mass closer to an end point than float64 resolves")
    is_complex = np.iscomplexobj(vals) and np.any(np.imag(vals) != 0)

    def vector_h(xs: np.ndarray) -> np.ndarray:
        v = h(xs[:, 0])
        return np.stack([np.real(v), np.imag(v)], axis=-1) if is_complex else np.real(v)

    with np.errstate(all="ignore"):
        res = _cubature(vector_h, np.array([s0]), np.array([s1]),
                                     rtol=1e-12 if precise else 1e-10, atol=top * 1e-15,
                                     max_subdivisions=20_000 if precise else 5_000)
    est = np.atleast_1d(res.estimate)
    if not np.all(np.isfinite(est)):
        raise Overflow("quadrature did not converge to a finite value near an end point")
    value = complex(est[0], est[1]) if is_complex else complex(est[0])
    err = float(np.sum(np.abs(np.atleast_1d(res.error))))
    if res.status != "converged":
        err = max(100 * err, 1e-6 * abs(value))
    return value, err, tail


def _integrate_inner(
    f: Callable[[np.ndarray], np.ndarray],
    a: float,
    b: float,
    loc: float,
    scale: float,
    precise: bool,
    zero_ok: bool,
    breaks: Sequence[float],
) -> tuple[complex, float]:
    ua, ub = (a - loc) / scale, (b - loc) / scale

    def g(u):
        return f(loc + scale * np.asarray(u, dtype=float)) * scale

    n = 6001 if precise else 2001
    u = _grid(ua, ub, n)
    vals = np.asarray(g(u))
    if vals.shape != u.shape:
        vals = np.broadcast_to(vals, u.shape)
    try:
        _check_decay(u, vals, ua, ub, g)
    except SlowDecay:
        sign = _log_divergence(g, ua, ub)
        if sign:
            raise Diverges(sign) from None
        raise
    if not np.all(np.isfinite(vals)):
        raise Overflow("integrand not finite on the scan")
    mags = np.abs(vals)
    top = float(mags.max()) if len(mags) else 0.0
    if top == 0.0:
        if zero_ok:
            return 0j, 0.0
        raise NoMass("the integrand vanishes on the whole scan")
    live = np.nonzero(mags > top * 1e-20)[0]
    i0, i1 = max(live[0] - 1, 0), min(live[-1] + 1, len(u) - 1)
    ul, ur = float(u[i0]), float(u[i1])
    peak = float(u[int(np.argmax(mags))])
    is_complex = np.iscomplexobj(vals) and np.any(np.imag(vals) != 0)

    def vector_g(xs: np.ndarray) -> np.ndarray:
        # cubature evaluates many nodes at once: one vectorised call per refinement.
        v = np.broadcast_to(np.asarray(g(xs[:, 0])), xs[:, 0].shape)
        return np.stack([np.real(v), np.imag(v)], axis=-1) if is_complex else np.real(v)

    user = {(p - loc) / scale for p in breaks if math.isfinite(p)}
    breaks_u = [np.array([p]) for p in sorted({ul, peak, ur} | user) if ua < p < ub]
    with np.errstate(all="ignore"):
        res = _cubature(
            vector_g, np.array([ua]), np.array([ub]), rtol=1e-12 if precise else 1e-10,
            atol=top * 1e-14, points=breaks_u or None,
            max_subdivisions=20_000 if precise else 5_000)
    est = np.atleast_1d(res.estimate)
    errs = np.atleast_1d(res.error)
    if not np.all(np.isfinite(est)):
        raise Overflow("quadrature did not converge to a finite value")
    value = complex(est[0], est[1]) if is_complex else complex(est[0])
    err = float(np.sum(np.abs(errs)))
    if res.status != "converged":
        # cubature says its estimate is unreliable: widen the error bound.
        err = max(100 * err, 1e-6 * abs(value))
    return value, err


class SlowDecay(ArithmeticError):
    """The integrand does not decay at infinity fast enough for the integral to be
    computed (or to exist): ``x f(x)`` does not vanish far out."""


class Diverges(SlowDecay):
    """The integral diverges to ``sign * oo`` (:func:`_log_divergence`); a caller that
    does not ask falls back as for any :class:`SlowDecay`."""

    def __init__(self, sign: int):
        super().__init__(f"the integral diverges to {'+' if sign > 0 else '-'}oo (like "
                         "int dx/x)")
        self.sign = sign


#: ``|x f(x)|`` at the far end of the scan, relative to the integrand's scale, above
#: which an infinite range counts as decaying too slowly. ``1/x`` gives 1 (divergent),
#: ``1/x^1.1`` 0.3, ``1/x^1.5`` 4e-3 (its tail beyond the scan is 0.3%), Cauchy 4e-6.
SLOW_DECAY = 1e-2


def _check_decay(u: np.ndarray, vals: np.ndarray, ua: float, ub: float,
                 g: Callable[[np.ndarray], np.ndarray] | None = None) -> None:
    """Raise :class:`SlowDecay` when an infinite side carries a tail like ``1/x``.

    Quadrature on a truncated or transformed range gives a finite number for a
    divergent integral, and two such numbers can even agree (``integral of 1/x`` minus
    ``integral of 1/(x + 1)``); a verifier must not compare them.
    """
    finite = np.isfinite(vals)
    if not np.any(finite):
        return
    mags = np.abs(np.where(finite, vals, 0.0))
    with np.errstate(over="ignore"):  # an infinite scale: no tail can be too heavy for it
        scale = float(np.max(mags * np.maximum(1.0, np.abs(u))))
    if scale == 0.0:
        return
    for side, inf in ((slice(-3, None), math.isinf(ub)), (slice(0, 3), math.isinf(ua))):
        if inf and finite[side].all():
            far = float(np.max(np.abs(u[side]) * mags[side]))
            if far > SLOW_DECAY * scale:
                raise SlowDecay("the integrand decays too slowly at infinity (like 1/x or "
                                "slower): the integral may not exist")
    uf = np.abs(u) * mags
    for outwards, inf in ((1, math.isinf(ub)), (-1, math.isinf(ua))):
        if (inf and _rest_beyond(u, uf, finite, outwards, scale) > SLOW_DECAY * scale
                and (g is None or _mass_near_float_range(g, outwards, scale))):
            raise SlowDecay("the integrand decays too slowly at infinity for the scan to "
                            "bound the rest: the integral may not exist")


#: Where :func:`_mass_near_float_range` reads ``|u f|``, and the share of the integrand's
#: scale above which it counts.
FAR_RANGE_POWERS = (128, 256)
FAR_RANGE_SHARE = 1e-9


def _mass_near_float_range(g: Callable[[np.ndarray], np.ndarray], outwards: int,
                           scale: float) -> bool:
    """Is ``|u g(u)|`` at ``10**128`` or ``10**256`` above :data:`FAR_RANGE_SHARE` of the
    scale (or not a number)? A tail the scan cannot bound is still integrated by the
    cubature's transform of the infinite range where it dies out within float64's range
    (a log-normal density of spread 25, a third of whose mass lies beyond the scan); one
    that still carries mass near 1e308 (StudentT(0.001)'s entropy) is not."""
    us = outwards * 10.0 ** np.array(FAR_RANGE_POWERS, dtype=float)
    with np.errstate(all="ignore"):
        tf = np.abs(np.broadcast_to(np.asarray(g(us)), us.shape)) * np.abs(us)
    return bool(np.any(~np.isfinite(tf)) or np.any(tf > FAR_RANGE_SHARE * scale))


#: The two windows of :func:`_rest_beyond`, as fractions of the scan's far end ``U``:
#: ``|u|`` from ``U/3`` to ``U``, and from ``U/100`` to ``U/30``.
REST_END = 1 / 3
REST_INNER = (1 / 100, 1 / 30)
#: ``|u f|`` at the scan's end, relative to the integrand's scale, below which the rest
#: is not estimated.
REST_NEGLIGIBLE = 1e-12


def _rest_beyond(u: np.ndarray, uf: np.ndarray, finite: np.ndarray, outwards: int,
                 scale: float) -> float:
    """The integral beyond the scan's end on one infinite side, ``int |f| du`` from ``U``
    on, read as ``|U f(U)| / alpha``: ``alpha`` is the rate at which the envelope of
    ``|u f|`` (its maximum over a window of points) falls in ``log u`` between a window
    at the end and one further in. ``inf`` where it does not fall; 0 where ``|u f|`` at
    the end is below :data:`REST_NEGLIGIBLE` of ``scale`` (noise at the foot of a
    density need not fall).

    The scan's test at the end alone passed StudentT(0.001)'s entropy: ``|u f|`` there
    was 0.3% of the integrand's scale, yet it grows (``u**-0.001 log u``), and the
    cubature's value, 51 +- 5e-9, left out nearly all of the true 1004."""
    side = (u > 0) if outwards > 0 else (u < 0)
    if not np.any(side):
        return 0.0
    top = float(np.max(np.abs(u[side])))
    end = side & (np.abs(u) >= REST_END * top)
    inner = side & (np.abs(u) >= REST_INNER[0] * top) & (np.abs(u) <= REST_INNER[1] * top)
    if not (np.any(end) and np.any(inner)) or not (finite[end].all() and finite[inner].all()):
        return 0.0  # the first test, and the cubature's own finiteness, stand
    i_end, i_inner = np.flatnonzero(end), np.flatnonzero(inner)
    j_end, j_inner = i_end[np.argmax(uf[i_end])], i_inner[np.argmax(uf[i_inner])]
    far, near = float(uf[j_end]), float(uf[j_inner])
    last = float(uf[i_end[np.argmax(np.abs(u[i_end]))]])  # |U f(U)| at the end itself
    if max(far, last) <= REST_NEGLIGIBLE * scale:
        return 0.0
    span = math.log(abs(float(u[j_end]))) - math.log(abs(float(u[j_inner])))
    if not near > far or not span > 0:
        return math.inf
    alpha = math.log(near / far) / span
    return last / alpha


#: Powers of ten (in units of the scale) where a slowly decaying tail is probed for a
#: divergence like ``int dx/x``: each twice the last, so that ``u f(u)`` is read at
#: logarithms of ``u`` that double.
LOG_DIVERGENCE_POWERS = (8, 16, 32, 64, 128, 256)
#: Least ratio of ``|u f(u)|`` from one probe to the next (the logarithm doubled) for a
#: tail to diverge: ``1/(u log(u)**p)`` gives ``2**-p``, and its integral diverges for
#: ``p <= 1`` (Bertrand); 0.6 calls it divergent for ``p < 0.74`` only.
LOG_DIVERGENCE_RATIO = 0.6
#: Smallest decay ``eps`` of a power ``u**-eps`` behind a logarithm that
#: :func:`_log_divergence` takes as convergence: above the fit's noise in float64, below
#: the ``1e-9`` of a far point's parameter.
LOG_DIVERGENCE_POWER = 1e-12


def _log_divergence(g: Callable[[np.ndarray], np.ndarray], ua: float, ub: float) -> int:
    """``+1`` or ``-1`` where the infinite sides of ``int g`` that decay too slowly
    diverge like ``int du/u``, all to the same infinity: ``u g(u)`` of one sign, real,
    and shrinking by less than :data:`LOG_DIVERGENCE_RATIO` each time its logarithm
    doubles, out to 1e256, by a factor that does not grow as a power's does. ``0`` where
    that is not so (the integral may still diverge, or not: :class:`SlowDecay` stands).
    ``E|x|`` under a Cauchy law and ``int_1^oo dx/x`` were undecided: divergence was
    claimed only for growth like a power."""
    signs = set()
    for inf, direction in ((ub, 1), (ua, -1)):
        if not math.isinf(inf):
            continue
        us = direction * 10.0 ** np.array(LOG_DIVERGENCE_POWERS, dtype=float)
        with np.errstate(all="ignore"):
            tf = np.broadcast_to(np.asarray(g(us)), us.shape) * np.abs(us)
        if np.iscomplexobj(tf):
            if np.any(np.imag(tf) != 0):
                continue
            tf = np.real(tf)
        if not np.all(np.isfinite(tf)) or np.any(tf == 0):
            continue
        side_signs = set(np.sign(tf).astype(int).tolist())
        logs = np.log(np.abs(tf))
        steps = np.diff(logs)  # the logarithm of u f(u) per doubling
        # A power of log u, not a power of u behind it: log(u) * u**-1e-6 grows by nearly
        # 2 per doubling up to 1e256, yet its integral is finite (1e12). log |u f| over
        # the last three probes is fitted by a + p log L + q L (L = log u): q = -eps.
        ls = np.log(np.abs(us[-3:]))
        try:
            _, _, q = np.linalg.solve(np.stack([np.ones(3), np.log(ls), ls], axis=1),
                                      logs[-3:])
        except np.linalg.LinAlgError:
            q = -math.inf
        if (len(side_signs) == 1 and np.all(steps >= math.log(LOG_DIVERGENCE_RATIO))
                and q >= -LOG_DIVERGENCE_POWER):
            signs |= side_signs
        else:
            return 0  # a slow side that is not seen to diverge: no verdict on the whole
    return signs.pop() if len(signs) == 1 else 0


def integrate_mpmath(
    f: Callable[[mpmath.mpf], mpmath.mpc],
    a: float,
    b: float,
    points: list[float],
    dps: int = 30,
) -> tuple[mpmath.mpc, float]:
    """Integrate an mpmath scalar function at ``dps`` digits, splitting at ``points``.

    Returns the value (as a Python complex, which may be infinite) and an error estimate.
    """
    with mpmath.workdps(dps):
        lo = mpmath.ninf if math.isinf(a) and a < 0 else mpmath.mpf(a)
        hi = mpmath.inf if math.isinf(b) and b > 0 else mpmath.mpf(b)
        pts = [lo, *sorted(mpmath.mpf(p) for p in set(points) if a < p < b), hi]
        value, error = mpmath.quad(f, pts, error=True, maxdegree=8)
        return mpmath.mpc(value), float(error)


def integrate_nd(
    f: Callable[[np.ndarray], np.ndarray],
    lows: list[float],
    highs: list[float],
    locs: list[float],
    scales: list[float],
    precise: bool = False,
    zero_ok: bool = False,
) -> tuple[complex, float]:
    """Integrate a vectorised ``f(points)`` (points of shape ``(n, d)``, d <= 3) over a box.

    As :func:`integrate`, in d dimensions: a scan on a product grid (sinh-spaced
    along infinite sides, in units of each scale) locates the mass, then
    :func:`gauss_kronrod` integrates over the whole box with the corners
    of the live region and the peak as break points.
    """
    d = len(lows)
    if d > 3:
        raise ValueError("integrate_nd handles at most 3 dimensions")
    scales = [s if s > 0 and math.isfinite(s) else 1.0 for s in scales]
    ua = np.array([(lo - c) / s for lo, c, s in zip(lows, locs, scales, strict=True)])
    ub = np.array([(hi - c) / s for hi, c, s in zip(highs, locs, scales, strict=True)])
    loc, scale = np.array(locs), np.array(scales)
    jac = float(np.prod(scale))

    def g(u: np.ndarray) -> np.ndarray:
        x = loc + scale * u
        return np.broadcast_to(np.asarray(f(x)), u.shape[:1]) * jac

    n = {1: 2001, 2: 241 if precise else 161, 3: 61 if precise else 41}[d]
    axes = [_grid(a, b, n) for a, b in zip(ua, ub, strict=True)]
    mesh = np.stack(np.meshgrid(*axes, indexing="ij"), axis=-1).reshape(-1, d)
    vals = g(mesh)
    if not np.all(np.isfinite(vals)):
        raise Overflow("integrand not finite on the scan")
    mags = np.abs(vals)
    top = float(mags.max()) if mags.size else 0.0
    if top == 0.0:
        if zero_ok:
            return 0j, 0.0
        raise NoMass("the integrand vanishes on the whole scan")
    live = mesh[mags > top * 1e-20]
    # The live region, widened to the neighbouring scan points along each axis (not by
    # the largest spacing: a box far larger than the mass hides it from cubature's rule).
    lo_box, hi_box = np.empty(d), np.empty(d)
    for i, ax in enumerate(axes):
        j0 = int(np.searchsorted(ax, live[:, i].min()))
        j1 = int(np.searchsorted(ax, live[:, i].max()))
        lo_box[i] = ax[max(j0 - 1, 0)]
        hi_box[i] = ax[min(j1 + 1, len(ax) - 1)]
    peak = mesh[int(np.argmax(mags))]
    is_complex = np.iscomplexobj(vals) and np.any(np.imag(vals) != 0)

    allowed = ND_EVALUATIONS * (4 if precise else 1)
    used = [0]

    def vector_g(u: np.ndarray) -> np.ndarray:
        used[0] += len(u)
        if used[0] > allowed:
            raise NotConverged("n-dimensional quadrature did not converge within "
                               f"{allowed:,} evaluations")
        v = g(u)
        return np.stack([np.real(v), np.imag(v)], axis=-1) if is_complex else np.real(v)

    # Split each side at the live region and the peak, and integrate the sub-boxes
    # (cubature's own break points fail with infinite limits in several dimensions).
    edges = []
    for i in range(d):
        inner = [*np.linspace(lo_box[i], hi_box[i], 5), peak[i]]
        edges.append(sorted({float(ua[i]), float(ub[i]),
                             *(float(v) for v in inner if ua[i] < v < ub[i])}))
    boxes = [(np.array([b[0] for b in box]), np.array([b[1] for b in box]))
             for box in itertools.product(*[list(itertools.pairwise(e)) for e in edges])]
    if len(boxes) * len(GK_NODES) ** d > allowed:
        # The rule's first pass over the sub-boxes alone would use up the budget (216
        # three-dimensional boxes of 21**3 nodes): it cannot converge within it, and
        # evaluating them first only to find that out cost a second per integral.
        raise NotConverged("n-dimensional quadrature did not converge within "
                           f"{allowed:,} evaluations")
    with np.errstate(all="ignore"):
        # All sub-boxes refined together, under one tolerance for their sum.
        res = gauss_kronrod(vector_g, boxes, rtol=1e-11 if precise else 1e-9,
                            atol=top * 1e-13,
                            max_subdivisions=(40_000 if precise else 10_000) * len(boxes))
    est = np.atleast_1d(res.estimate)
    if not np.all(np.isfinite(est)):
        raise Overflow("quadrature did not converge to a finite value")
    value = complex(est[0], est[1]) if is_complex else complex(est[0])
    err = float(np.sum(np.abs(np.atleast_1d(res.error))))
    converged = res.status == "converged"
    if not converged:
        err = max(100 * err, 1e-6 * abs(value))
    return value, err
