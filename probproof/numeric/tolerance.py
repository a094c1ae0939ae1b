"""When do two numeric estimates agree? The one tolerance rule of every numeric comparison:
the checkers (``checks.compare`` re-exports it) and the catalog's confirmations.

Two values ``l`` and ``r`` with deterministic error bounds ``a_l, a_r`` and
Monte Carlo standard errors ``s_l, s_r`` are declared different only when

    |l - r| > 10 (a_l + a_r) + RESOLUTION * max(1, |l|, |r|) + Z * sqrt(s_l^2 + s_r^2)

``Z = 6.11`` is the two-sided normal quantile of 1e-9: a search makes at most
:data:`MAX_COMPARISONS` comparisons, so by the union bound a true claim is
refuted by Monte Carlo noise with probability below 1e-6 per check, before the
re-check with a fresh, larger sample even runs. :data:`RESOLUTION` is the
relative size of the smallest discrepancy a deterministic check resolves.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath

from probproof.numeric.estimate import Estimate

#: Per-comparison false-alarm probability and its two-sided normal quantile.
ALPHA_PER_COMPARISON = 1e-9
Z = 6.1094102048693975  # scipy.stats.norm.isf(ALPHA_PER_COMPARISON / 2)
#: Comparisons one check may make (search, shrinking and re-checks together).
MAX_COMPARISONS = 1000
#: Relative resolution of deterministic comparisons.
RESOLUTION = 1e-9

AGREE, DISAGREE, TIE = "agree", "disagree", "tie"


@dataclass(frozen=True)
class Comparison:
    """The outcome of comparing two estimates under a relation.

    ``outcome`` is ``agree``, ``disagree`` or ``tie`` (a strict inequality whose
    sides are equal within the tolerance: neither confirmed nor refuted).
    ``gap`` is how far the relation is from holding (``|l - r|`` for ``==``,
    ``l - r`` for ``<=``); ``tolerance`` is the allowance it was compared with.
    """

    outcome: str
    lhs: Estimate
    rhs: Estimate
    gap: float
    tolerance: float
    reason: str = ""


def tolerance(l: Estimate, r: Estimate, floor: float = 1.0) -> mpmath.mpf:
    """The largest ``|l - r|`` still explained by the estimates' errors and the resolution.

    ``floor`` is the smallest magnitude the resolution is relative to: with the default 1,
    values below 1 are compared to an absolute ``RESOLUTION``, which absorbs the rounding
    of a sum that cancels to 0; ``floor=0`` makes the comparison relative at any size."""
    scale = max(mpmath.mpf(floor), abs(l.value), abs(r.value))
    noise = mpmath.sqrt(mpmath.mpf(l.stderr) ** 2 + mpmath.mpf(r.stderr) ** 2)
    return 10 * mpmath.mpf(l.abserr + r.abserr) + RESOLUTION * scale + Z * noise


def compare(l: Estimate, r: Estimate, relation: str, floor: float = 1.0) -> Comparison:
    """Compare ``l relation r``; NaN sides must be excluded by the caller. ``floor``: see
    :func:`tolerance`."""
    lv, rv = l.value, r.value
    tol = tolerance(l, r, floor)
    if relation == "==":
        if not (l.is_finite and r.is_finite):
            same = lv == rv
            return Comparison(AGREE if same else DISAGREE, l, r, 0.0 if same else float("inf"), 0.0)
        gap = abs(lv - rv)
        return Comparison(AGREE if gap <= tol else DISAGREE, l, r, float(gap), float(tol))
    if not (l.is_real() and r.is_real()):
        return Comparison(DISAGREE, l, r, float("inf"), float(tol),
                          reason="complex values cannot be ordered")
    a, b = lv.real, rv.real
    if relation in (">=", ">"):
        a, b = b, a
    strict = relation in ("<", ">")
    if mpmath.isinf(a) or mpmath.isinf(b):
        if a == b:
            return Comparison(DISAGREE if strict else AGREE, l, r, 0.0, 0.0)
        return Comparison(AGREE if a < b else DISAGREE, l, r, float(a - b), 0.0)
    gap = a - b  # the relation says gap <= 0 (or < 0)
    if gap > tol:
        return Comparison(DISAGREE, l, r, float(gap), float(tol))
    if strict and gap >= -tol:
        return Comparison(TIE, l, r, float(gap), float(tol))
    return Comparison(AGREE, l, r, float(gap), float(tol))
