"""Numeric laws built from other laws: ``IID(P, K)`` and ``Pushforward(P, f, x)``.

An IID law samples draws of shape ``(n, K)`` and enumerates its outcomes when the
product of a finite support is small. A pushforward's density is found *numerically*
at each point, never from the symbolic change of variables (which is the second
witness): the monotone pieces of ``f`` come from sign changes of ``f'`` on a dense
grid, the preimages of ``y`` on each piece from a vectorised bisection, and the
density is ``sum_i p(x_i) / |f'(x_i)|``. Its draws are the transformed draws of P.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from scipy import optimize, special

from probproof.numeric import distributions as D

#: The most outcomes an IID law of a finite discrete law is enumerated over.
MAX_ENUMERATION = 100_000
#: Grid points on which a pushforward's map is scanned for turning points.
GRID = 4001
#: Bisection steps in the grid's coordinate (a range of 1400 down to 1e-16), then
#: Newton steps in x.
BISECTIONS = 64
NEWTON = 3
#: An end of the image beyond this is infinite.
FAR = 1e100

Vectorised = Callable[[np.ndarray], np.ndarray]


@dataclass
class IIDDist(D.NumericDist):
    """K independent draws of ``base``; a point is an array of shape ``(..., K)``."""

    base: D.NumericDist | None = None

    def logpdf(self, x):
        x = np.asarray(x, dtype=float)
        with np.errstate(divide="ignore"):
            return np.sum(self.base.logpdf(x), axis=-1)  # type: ignore[union-attr]

    def sample(self, rng, n):
        return np.asarray(self.base.sample(rng, n * self.dim), dtype=float).reshape(  # type: ignore
            n, self.dim)


def iid(base: D.NumericDist, count: int) -> IIDDist:
    """The numeric law of ``count`` independent draws of a scalar ``base``."""
    if base.dim != 1:
        raise D.InvalidPoint("IID draws of a one-dimensional law only")
    atoms = None
    if base.discrete:
        support = base.atoms
        if support is None and not base.components:
            pass
        elif support is not None and len(support) ** count <= MAX_ENUMERATION:
            grids = np.meshgrid(*[support] * count, indexing="ij")
            atoms = np.stack([g.ravel() for g in grids], axis=-1)
    return IIDDist("IID", base.discrete, count, None, loc=base.loc, scale=base.scale,
                   atoms=atoms, base=base)


@dataclass
class PushforwardDist(D.NumericDist):
    """The law of ``f(x)`` for ``x ~ base``, with ``f`` and ``f'`` vectorised."""

    base: D.NumericDist | None = None
    fn: Vectorised | None = None
    dfn: Vectorised | None = None
    #: Monotone pieces as intervals of the grid coordinate ``u`` (x = to_x(u)).
    pieces: list[tuple[float, float]] = field(default_factory=list)
    to_x: Vectorised | None = None

    def logpdf(self, y):
        y = np.asarray(y, dtype=float)
        parts = [self._piece_logpdf(y, a, b) for a, b in self.pieces]
        with np.errstate(divide="ignore"):
            return special.logsumexp(np.stack(parts), axis=0) if parts else np.full(
                y.shape, -np.inf)

    def _piece_logpdf(self, y: np.ndarray, ua: float, ub: float) -> np.ndarray:
        f, to_x = self.fn, self.to_x
        fa, fb = float(f(to_x(np.array([ua])))[0]), float(f(to_x(np.array([ub])))[0])
        rising = fb > fa
        lo, hi = np.full(y.shape, ua), np.full(y.shape, ub)
        # Bisection in u: f(to_x(u)) is monotone on the piece, so the preimage is unique.
        for _ in range(BISECTIONS):
            mid = (lo + hi) / 2
            with np.errstate(all="ignore"):
                fm = np.real(f(to_x(mid)))
            below = (fm < y) if rising else (fm > y)
            lo, hi = np.where(below, mid, lo), np.where(below, hi, mid)
        x = to_x((lo + hi) / 2)
        # Newton steps in x polish what bisection left (kept inside the bracket).
        xa, xb = np.minimum(to_x(lo), to_x(hi)), np.maximum(to_x(lo), to_x(hi))
        for _ in range(NEWTON):
            with np.errstate(all="ignore"):
                step = (np.real(f(x)) - y) / np.real(self.dfn(x))
            moved = x - step
            x = np.where(np.isfinite(moved) & (moved >= xa) & (moved <= xb), moved, x)
        inside = (y > min(fa, fb)) & (y < max(fa, fb))
        with np.errstate(all="ignore"):
            slope = np.abs(np.real(self.dfn(x)))
            out = self.base.logpdf(x) - np.log(slope)  # type: ignore[union-attr]
        return np.where(inside & np.isfinite(out), out, -np.inf)

    def sample(self, rng, n):
        with np.errstate(all="ignore"):
            return np.real(self.fn(self.base.sample(rng, n)))  # type: ignore[union-attr, misc]


class Unresolved(ArithmeticError):
    """The image of a map is narrower than float64 resolves where its law has its mass."""


#: Fewest float64 spacings the image of a pushforward's bulk must span (a relative width
#: of about 2e-8), and the smallest absolute width (below, values are subnormal).
MIN_SPACINGS = 1e8
MIN_WIDTH = 1e-300


def _refuse_unresolved(bulk: np.ndarray) -> None:
    """Raise :class:`Unresolved` where the map's values over its law's bulk span too few
    float64 numbers: ``1 + c z`` at ``c = 1e-16`` takes two values, and the density by
    root finding and the Monte Carlo draws, both on those values, agreed on an entropy
    of -35.22 for a true -35.42 (``H(a z + b) = H(z) + log|a|`` was refuted); ``c z`` at
    ``c = 5e-324`` is subnormal."""
    bulk = bulk[np.isfinite(bulk)]
    if len(bulk) < 2:
        return
    width = float(np.max(bulk) - np.min(bulk))
    size = float(np.max(np.abs(bulk)))
    if width < MIN_WIDTH or width < MIN_SPACINGS * np.spacing(size):
        raise Unresolved("the image of the pushforward's map is narrower than float64 "
                         "resolves")


def pushforward(base: D.NumericDist, fn: Vectorised, dfn: Vectorised) -> PushforwardDist:
    """The numeric law of ``fn(x)``, ``x ~ base`` (a continuous scalar law).

    Raises
    ------
    InvalidPoint
        When the map is not real and finite on the support, or has too many pieces.
    """
    if base.discrete or base.dim != 1:
        raise D.InvalidPoint("a pushforward of a continuous scalar law only")
    to_x, u_lo, u_hi = _coordinate(base)
    # Coarse over the whole range, fine over the bulk (close turning points near loc).
    fine = np.linspace(max(u_lo, -6.0), min(u_hi, 6.0), GRID) if u_hi - u_lo > 12 else []
    us = np.unique(np.concatenate([np.linspace(u_lo, u_hi, GRID), fine]))
    xs = to_x(us)
    with np.errstate(all="ignore"):
        ys = np.asarray(fn(xs))
        slopes = np.asarray(dfn(xs))
    inner = slice(1, -1)  # the ends may be infinite values of the map (exp at 1e300)
    if (np.iscomplexobj(ys) and np.any(np.abs(np.imag(ys[inner])) > 0)) or np.any(
            np.isnan(np.real(ys[inner]))):
        raise D.InvalidPoint("the map of the pushforward is not real on the support of its law")
    slopes = np.real(np.broadcast_to(slopes, us.shape))
    _refuse_unresolved(np.real(ys[(us >= -6) & (us <= 6)] if len(fine) else ys))
    cuts = [u_lo]
    signs = np.sign(slopes)
    # Sign changes of f' between grid points where it is not 0 (a grid point may sit
    # exactly on a turning point, x**2 at 0).
    nonzero = [i for i in range(len(us)) if signs[i] != 0 and np.isfinite(slopes[i])]
    for i, j in itertools.pairwise(nonzero):
        if signs[i] != signs[j]:
            g = lambda u: float(np.real(dfn(to_x(np.array([u])))[0]))  # noqa: E731
            cuts.append(optimize.brentq(g, us[i], us[j], xtol=1e-15))
    cuts.append(u_hi)
    if len(cuts) > 34:
        raise D.InvalidPoint("the map of the pushforward has too many monotone pieces")
    pieces = list(itertools.pairwise(cuts))
    real_ys = np.real(ys)
    for a, b in pieces:
        inside = (us > a) & (us < b) & np.isfinite(real_ys)
        steps = np.diff(real_ys[inside])
        if np.any(steps > 0) and np.any(steps < 0):
            # A turning point the grid missed: no density rather than a wrong one.
            raise D.InvalidPoint("the map of the pushforward is not monotone between the "
                                 "turning points found")
    with np.errstate(all="ignore"):
        fy = np.real(ys[np.isfinite(np.real(ys))])
    rng = np.random.default_rng(20240613)
    draws = np.real(fn(base.sample(rng, 4096)))
    draws = draws[np.isfinite(draws)]
    if len(draws) == 0:
        raise D.InvalidPoint("the map of the pushforward is not finite on its law's draws")
    q1, med, q3 = np.quantile(draws, [0.25, 0.5, 0.75])
    scale = float(q3 - q1) / 2 or max(abs(float(med)), 1.0)
    with np.errstate(all="ignore"):
        # The ends and the turning points: a grid point near a turning point would cut
        # off the image where the density is largest (a 1/sqrt singularity).
        end_values = np.real(np.asarray(fn(to_x(np.array(cuts)))))
    lo = float(min(np.min(fy), np.nanmin(end_values)))
    hi = float(max(np.max(fy), np.nanmax(end_values)))
    # The image of an infinite end is infinite: 2e300 as a finite bound would make
    # quadrature scan a range where it sees no mass.
    lo, hi = (-math.inf if lo < -FAR else lo), (math.inf if hi > FAR else hi)
    return PushforwardDist("Pushforward", False, 1, None, loc=float(med), scale=scale,
                           lo=lo, hi=hi, base=base, fn=fn, dfn=dfn, pieces=pieces, to_x=to_x)


def _coordinate(base: D.NumericDist) -> tuple[Vectorised, float, float]:
    """``x = to_x(u)`` over the support of ``base`` and the range of ``u``: the identity
    on a bounded support, ``sinh`` stretches towards an infinite end (out to 1e300)."""
    lo, hi, loc, scale = base.lo, base.hi, base.loc, base.scale
    reach = math.asinh(1e300 / max(scale, 1e-300))
    if math.isfinite(lo) and math.isfinite(hi):
        return (lambda u: np.asarray(u, dtype=float)), lo, hi
    if math.isfinite(lo):
        return (lambda u: lo + scale * np.exp(np.asarray(u, dtype=float))), -700.0, min(
            reach, 690.0)
    if math.isfinite(hi):
        return (lambda u: hi - scale * np.exp(np.asarray(u, dtype=float))), -700.0, min(
            reach, 690.0)
    return (lambda u: loc + scale * np.sinh(np.asarray(u, dtype=float))), -reach, reach


@dataclass
class DiscretePushforwardDist(D.NumericDist):
    """The law of ``f(x)`` for ``x ~ base``, a discrete law: its mass at ``y`` is the mass
    of the preimages of ``y`` among the atoms of ``base`` (all of them for a finite law,
    those that hold all but 1e-20 of the mass otherwise); its draws are transformed draws."""

    base: D.NumericDist | None = None
    fn: Vectorised | None = None

    def _atoms(self) -> tuple[np.ndarray, np.ndarray, float]:
        atoms, tail = self.base.support_atoms(1e-20)  # type: ignore[union-attr]
        with np.errstate(all="ignore"):
            values = np.asarray(self.fn(atoms), dtype=complex)  # type: ignore[misc]
            masses = self.base.pdf(atoms)  # type: ignore[union-attr]
        values = np.broadcast_to(values, atoms.shape)
        if np.any(np.imag(values) != 0) or not np.all(np.isfinite(values)):
            raise D.InvalidPoint("the map of the pushforward is not real and finite on the "
                                 "atoms of its law")
        return np.real(values), masses, tail

    def lands_on(self, values: np.ndarray, y: float, cumulative: bool = False) -> np.ndarray:
        """Whether each value is ``y`` (at most ``y`` if ``cumulative``), to float64
        rounding of the map."""
        slack = SAME_VALUE * max(1.0, abs(y))
        values = np.asarray(values)
        return values <= y + slack if cumulative else np.abs(values - y) <= slack

    def mass_at(self, y: float, cumulative: bool = False) -> tuple[float, float]:
        """The mass at ``y`` (or at most ``y``) and a bound on the mass left out (the base
        law's tail)."""
        values, masses, tail = self._atoms()
        return math.fsum(masses[self.lands_on(values, y, cumulative)]), tail

    def cdf(self, x):
        x = np.asarray(x, dtype=float)
        return np.array([self.mass_at(float(v), True)[0] for v in x.ravel()]).reshape(x.shape)

    def support_atoms(self, tail: float = 1e-20) -> tuple[np.ndarray, float]:
        values, _, left = self._atoms()
        return np.unique(values), left

    def logpdf(self, y):
        y = np.asarray(y, dtype=float)
        values, masses, _ = self._atoms()
        out = np.array([math.fsum(masses[self.lands_on(values, float(v))]) for v in y.ravel()])
        with np.errstate(divide="ignore"):
            return np.log(out).reshape(y.shape)

    def sample(self, rng, n):
        with np.errstate(all="ignore"):
            return np.real(self.fn(self.base.sample(rng, n)))  # type: ignore[union-attr, misc]


#: Two values of a map at atoms are the same value within this relative distance.
SAME_VALUE = 1e-12


def discrete_pushforward(base: D.NumericDist, fn: Vectorised) -> DiscretePushforwardDist:
    """The numeric law of ``fn(x)``, ``x ~ base`` (a discrete scalar law)."""
    if base.dim != 1:
        raise D.InvalidPoint("a pushforward of a scalar law only")
    nd = DiscretePushforwardDist("Pushforward", True, 1, None, loc=base.loc, scale=base.scale,
                                 base=base, fn=fn)
    nd._atoms()  # a map that is not real on the atoms is an invalid point now, not later
    return nd
