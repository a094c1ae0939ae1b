"""Peaks of a multivariate body narrower than the numeric rules resolve.

A joint expectation of two or more coordinates is integrated by adaptive cubature,
Monte Carlo or Gauss-Hermite rules, none of which sees a peak or a ridge that falls
between its points: ``E[1000 exp(-10^6 (x0 - 0.37)^2) + x1]`` under a standard
bivariate normal (0.66 at the mean 0.37) was 0 to every rule, so the false claim that it
is 0 was *confirmed*, and true claims with such a spike were refuted by two witnesses
that missed it alike. (A step or an oscillation changes the integrand over a whole
region, which the rules' error estimates see; a peak changes it nowhere they look.)
One-dimensional quadrature scans for peaks (``mp_witness``); in several dimensions no
scan is fine enough, so the width is read from the form instead, in units of the law's
spread along each coordinate, at points drawn from the law:

- ``exp(g)``: a peak where ``g`` curves down, ``1/sqrt(-lambda)`` wide for the most
  negative eigenvalue ``lambda`` of ``g``'s scaled Hessian (constant for the quadratic
  exponent of a density: seen from any point);
- ``b**e``, ``e < 0``, ``b`` a polynomial: a peak where ``b`` comes near 0. Along its
  gradient ``b``'s quadratic model falls to ``m``, where the peak is ``sqrt(m / b'')``
  wide (``eps / sqrt(2)`` for ``(u - a)^2 + eps^2``, from any point); a model that
  reaches 0, for a ``b`` not known positive, is a pole (width 0).

A body with a peak narrower than :data:`NARROWEST` is unevaluable at that point, never
a value: such a peak can only make the claim undecided.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import numpy as np
import sympy as sp

from probproof.derivations import vocabulary as V
from probproof.numeric.mp_witness import density_form

#: The narrowest peak the multivariate rules are trusted to see, in standard deviations
#: of the law along the coordinates (Gauss-Hermite nodes are tenths apart, and 2**17
#: draws put about 1% of their points within 0.02 of a given coordinate value).
NARROWEST = 0.02


def narrowest_width(body: sp.Basic, coords: Sequence[sp.Symbol], probes: np.ndarray,
                    scales: np.ndarray, box: tuple[np.ndarray, np.ndarray] | None = None
                    ) -> float:
    """The width of ``body``'s narrowest peak seen at ``probes``, in ``scales``.

    Parameters
    ----------
    body : sympy.Basic
        Closed except for ``coords``; densities are written out first.
    coords : sequence of sympy.Symbol
    probes : numpy.ndarray, shape (n, len(coords))
        Points drawn from the law.
    scales : numpy.ndarray, shape (len(coords),)
        The law's spread along each coordinate.
    box : (lows, highs), optional
        The region integrated over: a pole outside it is none (the whole space if
        not given).

    Returns
    -------
    float
        ``inf`` where the form has no part that makes peaks.

    Examples
    --------
    >>> u, v = sp.symbols("u v", real=True)
    >>> pts, ones = np.random.default_rng(0).normal(size=(64, 2)), np.ones(2)
    >>> round(narrowest_width(sp.exp(-10**6 * (u - 0.37)**2), [u, v], pts, ones), 6)
    0.000707
    >>> round(narrowest_width(1 / ((u - 3)**2 + 10**-6), [u, v], pts, ones), 6)
    0.000707
    >>> narrowest_width(u * v + sp.exp(-u**2), [u, v], pts, ones) > 0.5
    True
    """
    parts = _parts(body, coords, probes, scales)
    if parts is None:
        return float("inf")
    values, peaks, bases = parts
    d, n = len(coords), len(probes)
    with np.errstate(all="ignore"):
        width = np.inf
        if peaks:
            _, _, hess = _differences(values[:peaks], d)
            for k in range(peaks):
                width = min(width, _peak_width(hess[k]))
        # A denominator's exact derivatives at the probes: from far away, the model's
        # lowest value eps^2 is a difference of numbers near (u - a)^2.
        at, size = peaks, 1 + d + d * d
        for known_positive in bases:
            block = values[at:at + size, 0]  # (size, n) at the stencil's centre
            at += size
            grad = block[1:1 + d].T * scales
            hess = block[1 + d:].T.reshape(n, d, d) * np.outer(scales, scales)
            width = min(width, _base_width(block[0], grad, hess, known_positive, scales,
                                           probes, box))
    return float(width)


def narrow_peaks_1d(body: sp.Basic, x: sp.Symbol, probes: np.ndarray,
                    scale: float) -> list[tuple[float, float]]:
    """Centre and width (in ``x``'s units) of each peak of a one-dimensional body
    narrower than :data:`NARROWEST` spreads, where one-dimensional quadrature must break
    its range: its scan sees no narrower peak away from its points (``E[1000
    exp(-10^6 (x - 5)^2) + x] = mu`` under ``Normal(mu, 1)`` was confirmed).

    The centre is one Newton step from the probe nearest the peak: exact for the
    quadratic exponent of a density and for the quadratic model of a denominator.

    Examples
    --------
    >>> x = sp.Symbol("x", real=True)
    >>> pts = np.random.default_rng(0).normal(size=64)
    >>> [(round(c, 6), round(w, 9)) for c, w in
    ...  narrow_peaks_1d(1000 * sp.exp(-10**6 * (x - 5)**2) + x, x, pts, 1.0)]
    [(5.0, 0.000707107)]
    >>> narrow_peaks_1d(x * sp.exp(-x**2), x, pts, 1.0)
    []
    """
    scales = np.array([float(scale)])
    parts = _parts(body, [x], probes.reshape(-1, 1), scales)
    if parts is None:
        return []
    values, peaks, bases = parts
    found = []
    with np.errstate(all="ignore"):
        if peaks:
            centre_values, grad, hess = _differences(values[:peaks], 1)
            for k in range(peaks):
                g, g1, g2 = centre_values[k], grad[k][:, 0], hess[k][:, 0, 0]
                narrow = np.isfinite(g) & np.isfinite(g1) & (g2 < -1 / NARROWEST**2)
                if np.any(narrow):
                    i = int(np.argmax(np.where(narrow, g, -np.inf)))  # nearest the peak
                    found.append((float(probes[i] - g1[i] / g2[i] * scale),
                                  float(scale / np.sqrt(-g2[i]))))
        at = peaks
        for _ in bases:
            b, b1, b2 = (values[at + j, 0] for j in range(3))
            at += 3
            ok = np.isfinite(b) & np.isfinite(b1) & (b2 * b > 0)
            lowest = b - b1**2 / (2 * np.where(ok, b2, 1.0))
            width = np.sqrt(np.where(ok & (lowest * b > 0), lowest / b2, np.inf))
            narrow = width < NARROWEST * scale
            if np.any(narrow):
                i = int(np.argmin(np.where(narrow, width, np.inf)))
                found.append((float(probes[i] - b1[i] / b2[i]), float(width[i])))
    return found


def _parts(body: sp.Basic, coords: Sequence[sp.Symbol], probes: np.ndarray,
           scales: np.ndarray):
    """The peak-making parts of ``body`` at the probes and their stencil: values (part,
    step, probe), the number of exponents (first), and for each polynomial denominator
    whether it is known positive; None where there are none or NumPy cannot evaluate
    them."""
    # Canonical coordinates: a fresh Dummy per call would make every template new.
    canonical = tuple(sp.Symbol(f"_c{i}", positive=True) if c.is_positive
                      else sp.Symbol(f"_c{i}", real=True) for i, c in enumerate(coords))
    body = body.xreplace(dict(zip(coords, canonical, strict=True)))
    coords = canonical
    template, params, numbers = _abstract(body, coords)
    form = _form(template, coords, params)
    if form is None:
        return None
    fn, peaks, denominators = form
    # Whether a denominator is known positive depends on the signs of the numbers.
    signed = {p: sp.Symbol(p.name, positive=True) if v > 0 else sp.Symbol(p.name, negative=True)
              for p, v in zip(params, numbers, strict=True) if v != 0}
    bases = [bool(b.xreplace(signed).is_positive) for b in denominators]
    d, n = len(coords), len(probes)
    # Values, gradients and Hessians in the scaled coordinates by central differences
    # on one stencil (SymPy's derivatives of a large body cost more than the rest).
    steps = [np.zeros(d)]
    for i in range(d):
        for sign in (1, -1):
            steps.append(sign * _unit(d, i))
    for i in range(d):
        for j in range(i + 1, d):
            for si, sj in ((1, 1), (1, -1), (-1, 1), (-1, -1)):
                steps.append(si * _unit(d, i) + sj * _unit(d, j))
    stencil = np.concatenate([probes + STEP * st * scales for st in steps])  # (k n, d)
    with np.errstate(all="ignore"):
        try:
            raw = fn(*(stencil[:, i] for i in range(d)), *numbers)
        except Exception:  # a form NumPy cannot evaluate: not read, as before this check
            return None
        values = np.array([np.broadcast_to(np.real(np.asarray(v, dtype=complex)),
                                           (len(stencil),)) for v in raw])
        values = values.reshape(len(values), len(steps), n)  # (part, step, probe)
    return values, peaks, bases


#: The central differences' step, in spreads: a peak 0.02 wide has a curvature of 2500,
#: which the step resolves to far better than a factor of 2, where rounding in an
#: exponent of 1e7 adds about 1e-16 * 1e7 / STEP**2 = 1e-3.
STEP = 1e-3


def _unit(d: int, i: int) -> np.ndarray:
    e = np.zeros(d)
    e[i] = 1.0
    return e


def _differences(values: np.ndarray, d: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Value (part, n), gradient (part, n, d) and Hessian (part, n, d, d) from the
    stencil's values (part, step, n): the centre, then +-e_i, then the four corners of
    each pair i < j."""
    centre = values[:, 0]
    parts, _, n = values.shape
    grad = np.empty((parts, n, d))
    hess = np.empty((parts, n, d, d))
    for i in range(d):
        up, down = values[:, 1 + 2 * i], values[:, 2 + 2 * i]
        grad[:, :, i] = (up - down) / (2 * STEP)
        hess[:, :, i, i] = (up - 2 * centre + down) / STEP**2
    at = 1 + 2 * d
    for i in range(d):
        for j in range(i + 1, d):
            pp, pm, mp, mm = (values[:, at + k] for k in range(4))
            at += 4
            hess[:, :, i, j] = hess[:, :, j, i] = (pp - pm - mp + mm) / (4 * STEP**2)
    return centre, grad, hess


def _abstract(body: sp.Basic, coords: tuple) -> tuple[sp.Basic, tuple, list]:
    """``body`` with its non-integer numbers (a point's parameters) as real symbols, in
    the order met: the same form at another point gives the same template, compiled
    once (:func:`_form`). Exponents stay numbers: ``sqrt(u)`` is not ``u**p``."""
    table: dict[sp.Basic, sp.Symbol] = {}

    def walk(e: sp.Basic) -> sp.Basic:
        if e.is_Number:
            if e.is_Integer or not e.is_real:
                return e
            if e not in table:
                table[e] = sp.Symbol(f"_p{len(table)}", real=True)
            return table[e]
        if not e.args or isinstance(e, sp.Symbol):
            return e
        if isinstance(e, sp.Pow) and e.exp.is_Number:
            return sp.Pow(walk(e.base), e.exp)
        return e.func(*(walk(a) for a in e.args))

    try:
        template = walk(body)
    except Exception:  # a node that cannot be rebuilt so (a law that checks its parameters)
        return body, (), []
    return template, tuple(table.values()), [float(v) for v in table]


@functools.lru_cache(maxsize=512)
def _form(template: sp.Basic, coords: tuple, params: tuple):
    """A template's peak-making parts compiled into one function of the coordinates and
    the parameters: the exponent of each ``exp``, then each polynomial denominator with
    its exact gradient and Hessian; with the number of exponents and the denominators
    themselves (whether one is known positive depends on the numbers' signs). None
    where there are none or they cannot be compiled."""
    nodes = template.atoms(sp.exp, sp.Pow)
    for density in template.atoms(V.pdf, V.logpdf):
        nodes |= density_form(density).atoms(sp.exp, sp.Pow)
    peaks, bases = set(), set()
    known = set(coords) | set(params)
    for node in nodes:
        # a node with other symbols (the index of a sum it sits in) is not read
        if not node.free_symbols & set(coords) or not node.free_symbols <= known:
            continue
        if isinstance(node, sp.exp):
            peaks.add(density_form(node.args[0]))  # exp(logpdf(P, x) - ...)
        elif node.exp.is_negative and node.base.is_polynomial(*coords):
            bases.add(node.base)
    if not peaks and not bases:
        return None
    ordered = sorted(peaks, key=sp.default_sort_key)
    denominators = sorted(bases, key=sp.default_sort_key)
    for b in denominators:  # polynomials: their derivatives are cheap and exact
        ordered += [b, *(sp.diff(b, a) for a in coords),
                    *(sp.diff(b, a, c) for a in coords for c in coords)]
    if any(e.has(*V.FUNCTIONALS) for e in ordered):
        return None  # an expectation inside an exponent: not read here
    try:
        fn = sp.lambdify([*coords, *params], ordered, modules="numpy")
    except Exception:  # a node NumPy's printer does not know: not read
        return None
    return fn, len(peaks), denominators


def _peak_width(hess: np.ndarray) -> float:
    hess = hess[np.all(np.isfinite(hess), axis=(1, 2))]
    if not len(hess):
        return np.inf
    most = -float(np.min(np.linalg.eigvalsh(hess), initial=0.0))
    return 1.0 / np.sqrt(most) if most > 0 else np.inf


def _base_width(b: np.ndarray, grad: np.ndarray, hess: np.ndarray, known_positive: bool,
                scales: np.ndarray, probes: np.ndarray,
                box: tuple[np.ndarray, np.ndarray] | None) -> float:
    """The width of the peak of ``1/b`` (a polynomial), from its value, gradient and
    Hessian in scaled coordinates at each probe."""
    ok = np.isfinite(b) & np.all(np.isfinite(grad), axis=1)
    b, grad, hess, probes = b[ok], grad[ok], hess[ok], probes[ok]
    if not len(b):
        return np.inf
    if np.any(b == 0) or (np.any(b > 0) and np.any(b < 0)):
        return 0.0  # the base vanishes between the probes: a pole
    sign = 1.0 if b[0] > 0 else -1.0
    b, grad, hess = sign * b, sign * grad, sign * hess
    slope = np.sqrt(np.sum(grad**2, axis=1))
    e = grad / np.where(slope > 0, slope, 1.0)[:, None]
    bend = np.einsum("ni,nij,nj->n", e, hess, e)  # curvature along the gradient
    up = bend > 0
    lowest = b - slope**2 / (2 * np.where(up, bend, 1.0))
    widths = np.full(len(b), np.inf)
    model = up & (lowest > 0)
    widths[model] = np.sqrt(lowest[model] / bend[model])
    if not known_positive:
        # Falling without bending up, or bending up too late: the model reaches 0, a
        # distance t down the gradient (in spreads), a pole where that is in the region.
        root = np.where(up, (slope - np.sqrt(np.clip(slope**2 - 2 * bend * b, 0.0, None)))
                        / np.where(up, bend, 1.0), b / np.where(slope > 0, slope, 1.0))
        reaches = (~up & (slope > 0)) | (up & (lowest <= 0))
        where = probes - root[:, None] * e * scales
        inside = np.ones(len(b), dtype=bool) if box is None else np.all(
            (where >= box[0]) & (where <= box[1]), axis=1)
        widths[reaches & inside] = 0.0
    return float(np.min(widths))
