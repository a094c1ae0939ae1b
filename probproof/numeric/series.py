"""Float64 sums of infinite series with a bound on the rest: the first witness of
``Sum(f(k), (k, a, oo))``.

The second witness (:func:`probproof.numeric.mp_witness.sum_form`) sums the SymPy form
of the term with mpmath: its own convergence tests, ``nsum``'s extrapolations and a
direct sum to a geometric bound. This module shares none of that. The term is the
compiled numpy function; consecutive terms are summed exactly (``math.fsum``) in blocks;
what is left after the last block is bounded by one of three arguments read from the
terms themselves:

* **ratio**: the last :data:`RATIO_WINDOW` terms shrink by a ratio ``r < 1`` or less each,
  and terms probed further out are no larger than that geometric decay allows: the rest
  is below ``|t_N| r / (1 - r)``;
* **power law**: real terms of one sign decaying like ``k**-p``, ``p > 1``, with the same
  ``p`` at every decade up to ``k = 1e15``: the partial sums at ``N/4``, ``N/2`` and ``N``
  extrapolated (Richardson: the rest is ``~ C N**(1 - p)``); the error is the
  difference of two extrapolations plus what ``p``'s drift could move the rest by;
* **alternating**: real terms of alternating signs whose magnitudes decrease to 0:
  repeated averaging of the last partial sums (the Euler transform's first steps), the
  error the difference of the last two averages.

Real terms of one sign that do not tend to 0, or that decay like ``k**-p`` with
``p < 1`` at every decade, make the series divergent (:class:`SeriesDivergent`).
Everything else (logarithmic decay, oscillation that does not alternate, float64
overflow) is :class:`SeriesUnevaluable`: there is no float64 witness there.

Written here rather than taken from a library: SciPy has no series summation, and
``mpmath.nsum``, the usual one, is the second witness's method.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

Term = Callable[[np.ndarray], np.ndarray]

#: Consecutive terms whose ratios the ratio bound reads (one ratio is not enough: a
#: term that is exactly 0 would make it 0).
RATIO_WINDOW = 8
#: The rest may be at most this share of the sum to be neglected: below float64's
#: rounding of the sum itself.
NEGLIGIBLE = 1e-16
#: Terms summed before the first look at the rest.
FIRST_BLOCK = 64
#: Terms summed at once at most (memory: 32 MiB of float64 values).
MAX_BLOCK = 1 << 22
#: Terms after which power laws, alternation and divergence are looked for.
CLASSIFY_TERMS = 1 << 16
#: Terms summed before a power-law rest is extrapolated.
POWER_TERMS = 1 << 22
#: A power-law extrapolation whose error is below this share of the sum is kept.
POWER_ACCURACY = 1e-13
#: Terms summed at most: a geometric ratio of 1 - 1e-6 needs about 6e7.
MAX_TERMS = 1 << 26
#: Decades ``k = 10**m`` past the start where far terms are probed: consecutive
#: integers are still exact in float64 at 1e15 (the parity of ``(-1)**k``).
FAR_DECADES = tuple(range(6, 16))
#: Largest spread of the power-law exponents over the far decades: ``1/(k log(k)**2)``
#: drifts from 1.14 to 1.06 between 1e6 and 1e15 and must not pass for a power law
#: (its rest is twice what a power law with the local exponent says).
EXPONENT_SPREAD = 1e-3
#: Relative error of one compiled term in float64 (a few roundings per operation).
TERM_ROUNDING = 1e-14


class SeriesUnevaluable(Exception):
    """No float64 argument bounds the rest of this series."""


class SeriesNoValue(SeriesUnevaluable):
    """Terms of both signs whose sizes do not tend to 0: the series has no value."""


class SeriesDivergent(Exception):
    """The series diverges to ``sign * oo``."""

    def __init__(self, sign: int, reason: str):
        super().__init__(reason)
        self.sign = sign


@dataclass(frozen=True)
class SeriesSum:
    """The sum, an absolute error bound and the argument that bounded the rest
    (``"ratio"``, ``"power law"``, ``"alternating"`` or ``"terms vanish"``)."""

    value: complex
    abserr: float
    test: str


def _values(term: Term, ks: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        v = np.asarray(term(ks))
    v = np.broadcast_to(v, ks.shape)
    if np.iscomplexobj(v) and not np.any(v.imag):
        v = v.real
    return v


def sum_series(term: Term, start: int, check_time: Callable[[], None] = lambda: None
               ) -> SeriesSum:
    """``sum_{k >= start} term(k)`` in float64 with a bound on the rest.

    Parameters
    ----------
    term : callable
        The term, vectorised: an array of integer-valued floats to an array of values.
    start : int
        The first index.
    check_time : callable
        Called between blocks; raises to stop a sum that runs out of time.

    Returns
    -------
    SeriesSum

    Raises
    ------
    SeriesDivergent
        Terms of one sign that do not tend to 0, or that decay like ``k**-p``, ``p < 1``.
    SeriesUnevaluable
        A term is undefined or overflows, or no argument bounds the rest.

    Examples
    --------
    >>> s = sum_series(lambda k: 0.5 ** k, 0)
    >>> s.value, s.test
    ((2+0j), 'ratio')
    >>> s = sum_series(lambda k: (-1.0) ** k / (k + 1), 0)
    >>> abs(s.value - math.log(2)) < 1e-13, s.test
    (True, 'alternating')
    """
    far = _FarTerms(term, start)
    parts: list[complex] = []
    checkpoints: dict[int, complex] = {}
    abs_total = 0.0
    n = 0
    last = np.zeros(0)
    classified = False
    power = False
    while n < MAX_TERMS:
        check_time()
        size = min(max(FIRST_BLOCK, n), MAX_BLOCK)
        ks = np.arange(start + n, start + n + size, dtype=float)
        v = _values(term, ks)
        if not np.all(np.isfinite(v)):
            bad = int(ks[np.argmin(np.isfinite(v))])
            finite = v[np.isfinite(v)]
            if (not np.iscomplexobj(v) and not np.any(np.isnan(v))
                    and np.any(v > 0) and np.any(v < 0) and len(finite) >= 2
                    and abs(float(finite[-1])) >= abs(float(finite[0]))):
                # (-3)**k: terms of both signs that grow until they overflow
                raise SeriesNoValue(f"the terms of the series grow without bound (k = {bad}) "
                                    "with both signs: no value")
            raise SeriesUnevaluable(f"the term at k = {bad} is undefined or overflows float64")
        parts.append(complex(math.fsum(np.real(v)), math.fsum(np.imag(v)) if np.iscomplexobj(v)
                             else 0.0))
        abs_total += float(np.sum(np.abs(v)))
        n += size
        last = v[-64:]
        total = complex(math.fsum(p.real for p in parts), math.fsum(p.imag for p in parts))
        checkpoints[n] = total
        rounding = TERM_ROUNDING * abs_total
        if not np.any(last) and far.all_zero(start + n - 1):
            # A term written with its support as a condition: zero from here on.
            return SeriesSum(total, rounding, "terms vanish")
        bound = _ratio_bound(last, n, start, far)
        if bound is not None and bound <= NEGLIGIBLE * abs(total):
            return SeriesSum(total, bound + rounding, "ratio")
        if n >= CLASSIFY_TERMS and not classified:
            classified = True
            kind = far.kind(last)
            if kind == "alternating":
                value, err = _euler_average(total, last)
                return SeriesSum(value, err + rounding, "alternating")
            if kind == "unknown":
                raise SeriesUnevaluable("no float64 argument bounds the rest of the series")
            if kind == "vanishing" and far.negligible_from(NEGLIGIBLE * abs(total)) > \
                    10 * MAX_TERMS:
                # j w**j at w = 1 - 1e-9 peaks near 1e9: no use summing to MAX_TERMS.
                raise SeriesUnevaluable("the terms of the series vanish too far out for float64 "
                                        "summation")
            power = kind == "power law"
        if power and n & (n - 1) == 0:
            # Extrapolated at every doubling, kept once its error is far below what a
            # claim must resolve (1/k**2: at 65536 terms), else at POWER_TERMS.
            value, err = _richardson(checkpoints, n, start, term)
            if n >= POWER_TERMS or err <= POWER_ACCURACY * abs(value):
                return SeriesSum(value, err + rounding, "power law")
    raise SeriesUnevaluable(f"the rest of the series is not bounded after {MAX_TERMS} terms")


def _ratio_bound(last: np.ndarray, n: int, start: int, far: _FarTerms) -> float | None:
    """``|t_N| r / (1 - r)`` when the last terms shrink geometrically (ratio at most
    ``r < 1``) and no term probed further out is larger than that decay allows."""
    mags = np.abs(last[-RATIO_WINDOW:])
    if len(mags) < RATIO_WINDOW or not np.all(mags > 0):
        return None
    r = float(np.max(mags[1:] / mags[:-1]))
    if not r < 1:
        return None
    bound = float(mags[-1]) * r / (1 - r)
    # A bump or a floor beyond the block (exp(-k) + 1e-30 decays by e per term at
    # k = 64, then stays at 1e-30): every far term must fit under the geometric decay
    # extrapolated to it, or be negligible against the bound there.
    last_k = start + n - 1
    with np.errstate(all="ignore"):
        for k, t in far.beyond(last_k):
            allowed = math.log(float(mags[-1])) + (k - last_k) * math.log(r) + math.log(10)
            if math.isfinite(t) and t > 0 and math.log(t) > allowed and t * k > 1e-3 * bound:
                return None
    return bound


class _FarTerms:
    """Terms far beyond the summed ones, computed once: at ``start + 10**m`` for the
    decades :data:`FAR_DECADES`, at the index after each (alternation) and at twice each
    (the local power-law exponent); and at ``start + 2**j`` between the blocks."""

    def __init__(self, term: Term, start: int):
        self.term = term
        self.start = start
        self._decades: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._between: dict[int, float] = {}

    def decades(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if self._decades is None:
            base = np.array([self.start + 10.0**m for m in FAR_DECADES])
            self._decades = (_values(self.term, base), _values(self.term, base + 1),
                             _values(self.term, 2 * base - self.start))
        return self._decades

    def beyond(self, last_k: int) -> list[tuple[float, float]]:
        """(index, magnitude) of the far terms past ``last_k``; non-finite ones (a
        factorial that overflows on its own) are left out."""
        out = []
        j = max(int(last_k - self.start).bit_length(), 6)
        while self.start + 2.0**j < self.start + 1e6:
            k = self.start + 2.0**j
            if k > last_k:
                if k not in self._between:
                    self._between[k] = float(np.abs(_values(self.term, np.array([k]))[0]))
                out.append((k, self._between[k]))
            j += 1
        at, _, _ = self.decades()
        for m, t in zip(FAR_DECADES, at, strict=True):
            k = self.start + 10.0**m
            if k > last_k and np.isfinite(t):
                out.append((k, float(abs(t))))
        return [(k, t) for k, t in out if math.isfinite(t)]

    def all_zero(self, last_k: int) -> bool:
        at, nxt, dbl = self.decades()
        return (not (np.any(at) or np.any(nxt) or np.any(dbl))
                and all(t == 0 for _, t in self.beyond(last_k)))

    def negligible_from(self, scale: float) -> float:
        """The first far decade from which the terms, ``k`` of them, are below ``scale``
        in all (``inf`` if none)."""
        at, _, _ = self.decades()
        for m in FAR_DECADES:
            if all(abs(u) * 10.0**j <= scale for j, u in zip(FAR_DECADES, at, strict=True)
                   if j >= m):
                return 10.0**m
        return math.inf

    def kind(self, last: np.ndarray) -> str:
        """``"alternating"``, ``"power law"`` (converging), ``"vanishing"`` (faster than
        any power far out: the ratio bound may still come, as for ``w**k`` at
        ``w = 1 - 1e-6``) or ``"unknown"``; raises :class:`SeriesDivergent` for terms of
        one sign that do not vanish, or vanish like ``k**-p`` with ``p < 1``."""
        at, nxt, dbl = self.decades()
        if np.all(np.isfinite(at)) and np.any(np.abs(at) < 1e-300 * np.abs(last[-1])):
            return "vanishing"
        if np.iscomplexobj(last) or np.iscomplexobj(at) or np.iscomplexobj(nxt):
            return "unknown"
        if not (np.all(np.isfinite(at)) and np.all(np.isfinite(nxt))
                and np.all(np.isfinite(dbl))):
            return "unknown"
        tail = last[-32:]
        mags = np.abs(at)
        signs_here = np.concatenate([np.sign(tail), np.sign(at), np.sign(nxt)])
        if (np.any(signs_here > 0) and np.any(signs_here < 0)
                and float(np.min(mags)) >= 0.5 * float(np.abs(tail[-1])) > 0):
            # (-1)**k, cos(k): terms of both signs that do not tend to 0
            raise SeriesNoValue("the terms of the series do not tend to 0: no value")
        if np.all(at != 0) and np.all(np.sign(at) == -np.sign(nxt)) and _alternates(tail):
            mags = np.abs(at)
            if np.all(np.diff(mags) < 0) and np.all(np.abs(nxt) < mags) and \
                    float(mags[-1]) < 1e-3 * float(np.abs(tail[-1])):
                return "alternating"
            return "unknown"
        signs = np.concatenate([np.sign(tail), np.sign(at), np.sign(nxt), np.sign(dbl)])
        if not (np.all(signs == 1) or np.all(signs == -1)):
            return "unknown"
        sign = int(signs[0])
        mags = np.abs(at)
        if float(np.min(mags)) >= 0.5 * float(np.abs(tail[-1])):
            raise SeriesDivergent(sign, "the terms of the series do not tend to 0")
        with np.errstate(all="ignore"):
            p = np.log2(mags / np.abs(dbl))
        if not np.all(np.isfinite(p)) or float(np.ptp(p)) > EXPONENT_SPREAD:
            return "unknown"
        if float(np.max(p)) < 1 - EXPONENT_SPREAD:
            raise SeriesDivergent(sign, "the terms of the series decay like 1/k or slower")
        return "power law" if float(np.min(p)) > 1 + EXPONENT_SPREAD else "unknown"


def _alternates(tail: np.ndarray) -> bool:
    """Real terms of alternating signs whose magnitudes decrease smoothly: their second
    differences of one sign. ``(-1)**k/k + k**-2.5`` alternates with decreasing
    magnitudes too, but its one-signed part has a rest (4e-8 at k = 65536) that averaging
    the partial sums does not see; it shows as magnitudes whose second differences
    alternate."""
    mags = np.abs(tail)
    second = np.diff(mags, 2)
    return bool(np.all(tail != 0) and np.all(np.sign(tail[1:]) == -np.sign(tail[:-1]))
                and np.all(np.diff(mags) < 0)
                and (np.all(second >= 0) or np.all(second <= 0)))


def _euler_average(total: complex, last: np.ndarray, levels: int = 24) -> tuple[complex, float]:
    """Repeated averaging of the last ``levels + 1`` partial sums of an alternating
    series; the error is twice the gap between the two values the last average takes."""
    tail = np.asarray(last[-levels:], dtype=float)
    # Partial sums S_{N-levels} .. S_N from the exact total and the last terms.
    sums = total.real - np.concatenate([np.cumsum(tail[::-1])[::-1], [0.0]])
    for _ in range(levels - 1):
        sums = (sums[1:] + sums[:-1]) / 2
    value = (sums[0] + sums[1]) / 2
    return complex(value, total.imag), float(2 * abs(sums[1] - sums[0]))


def _richardson(checkpoints: dict[int, complex], n: int, start: int, term: Term
                ) -> tuple[complex, float]:
    """The sum of a power-law series from its partial sums at ``n/4``, ``n/2``, ``n``.

    The rest after ``m`` terms is ``R(m) ~ C (start + m - 1/2)**-q`` (``q = p - 1``; the
    midpoint, as in Euler-Maclaurin), so ``R(2m) = (S_{2m} - S_m) rho / (1 - rho)`` with
    ``rho = R(2m) / R(m)``. Two such extrapolations, from ``(n/4, n/2)`` and from
    ``(n/2, n)``, each with ``p`` read from the terms there; the error counts their
    difference and how far the exponent's drift between them moves the rest."""

    def exponent(m: int) -> float:
        a, b = float(start + m), float(start + 2 * m)
        t = np.abs(_values(term, np.array([a, b]))).astype(float)
        return math.log(t[0] / t[1]) / math.log(b / a)

    def rest(lo: int, p: float) -> float:
        s_lo, s_hi = checkpoints[lo].real, checkpoints[2 * lo].real
        rho = ((start + 2 * lo - 0.5) / (start + lo - 0.5)) ** (1 - p)
        return (s_hi - s_lo) * rho / (1 - rho)

    p_half, p_full = exponent(n // 2), exponent(n)
    low = checkpoints[n // 2].real + rest(n // 4, p_half)
    r = rest(n // 2, p_full)
    high = checkpoints[n].real + r
    # d(rest)/dp times the exponent's uncertainty: its drift between the two ends, and
    # float64's noise in the logarithm of a ratio of two computed terms.
    drift = abs(p_full - p_half) + 1e2 * TERM_ROUNDING
    step = 1e-6
    sensitivity = abs(rest(n // 2, p_full + step) - r) / step
    err = abs(high - low) + sensitivity * drift
    return complex(high, checkpoints[n].imag), float(err)
