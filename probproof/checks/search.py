"""The search for counterexamples, driven by Hypothesis.

Parameter values are drawn from each symbol's domain (moderate values, edges
and far-out values, see :mod:`probproof.checks.domains`); a point counts as a
counterexample only when the two sides disagree *and* still disagree when
re-evaluated in precise mode (fresh, 4x larger Monte Carlo samples, tighter
quadrature, more digits). Hypothesis then shrinks the counterexample towards
simple values. With the same seed, the same points are tried.
"""

from __future__ import annotations

import contextlib
import fractions
import itertools
import math
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import mpmath
import numpy as np
import sympy as sp
from hypothesis import HealthCheck, Phase, Verbosity, find, settings
from hypothesis import strategies as st
from hypothesis.errors import HypothesisException

from probproof.checks.compare import AGREE, DISAGREE, RESOLUTION, TIE, Comparison, compare
from probproof.checks.domains import Domain
from probproof.checks.limits import CheckTimeout, cpu_limit, time_limit
from probproof.checks.messages import plain_reason
from probproof.numeric.distributions import InvalidPoint
from probproof.numeric.estimate import Estimate
from probproof.numeric.evaluate import (
    MP_SEARCH,
    MPMATH_SERIES,
    ND_QUADRATURE,
    SERIES_DIVERGENCE_TEST,
    BeyondRange,
    Context,
    NoValue,
    TimeUp,
    Unevaluable,
    evaluate,
)
from probproof.numeric.mp_gaussian import METHOD as GAUSS_HERMITE

#: The widest tolerance (relative) at which deterministic evaluations may count as
#: agreeing: a tenth of the 1e-6 relative difference DESIGN.md says must be refuted.
DETERMINISTIC_RESOLUTION = 1e-7
#: The same for Monte Carlo, whose standard error cannot reach 1e-7: a sample so spread
#: that its tolerance exceeds a relative 1e-2 (heavy tails that the k-hat check missed)
#: does not confirm anything.
MONTE_CARLO_RESOLUTION = 1e-2
#: Methods of the second witness (mpmath on the SymPy definitions) that the first one
#: would share with it; a first witness that used them is not independent. Where float64
#: fails, the first witness integrates with mpmath's Gauss-Legendre rule and the second
#: with tanh-sinh, but both on mp_witness's cuts, peak scan and density forms: at
#: Renyi(N(0, 1e-6), N(12, 1e-6), 1/8), whose integrand is a bump of width 1e-3 at 10.5,
#: both missed the bump the same way and refuted a true claim (9142865 against 9000000).
#: An infinite series the float64 witness (:mod:`probproof.numeric.series`) could not
#: bound is summed by the second witness's own code (``MPMATH_SERIES``, and its divergence
#: test): both "witnesses" of a wrong extrapolation would agree, and seven true series
#: (``Sum(j*w**j, (j, 0, oo))`` at w = 0.999999 among them) were refuted that way. A
#: supremum searched on mpmath's values (``MP_SEARCH``, where float64's best value was its
#: rounding) is what the second witness searches too.
SECOND_WITNESS_METHODS = frozenset({"mpmath-quadrature", "mpmath-sum", "mpmath-gauss-legendre",
                                    GAUSS_HERMITE, MPMATH_SERIES, SERIES_DIVERGENCE_TEST,
                                    MP_SEARCH})
#: The first evaluation of one point gets at most this share of the search's time (and
#: at least ``MIN_POINT_SECONDS``): a point where the quadrature subdivides for the whole
#: limit (Beta(0.05, 0.05), a Gaussian moment generating function at e^5000) is
#: unevaluable, and the search goes on to other points instead of ending undecided.
#: These per-point shares, and the far phase's below, are CPU seconds of the checking
#: process (``cpu_limit``), so that a point evaluable on a quiet machine is evaluable on a
#: loaded one: in wall-clock time, a CI run at a load of 4 left the far points of the
#: Student law's characteristic function untried and a true claim undecided. Only the
#: claim's own limit is wall-clock time.
POINT_SHARE = 0.2
MIN_POINT_SECONDS = 1.0
#: The first evaluations of the far phase's points (``_far_phase``) may take this share
#: of the time the moderate points took, and at least ``FAR_MIN_SECONDS``: a point at a
#: parameter of 1e-9 can cost many times a moderate one. (A far point that disagrees is
#: re-checked and given its second witness within the claim's own limit, as any other:
#: a limit there made verdicts depend on the machine's load.)
FAR_SHARE = 2.0
FAR_MIN_SECONDS = 4.0
#: A far point evaluated on exact values gets this long before it is tried with the
#: point in ``Float``s (``_far_point_in_floats``): exact powers of a 53-bit fraction to
#: the 10^6 take minutes, and one far point that slow tends to have company.
FAR_EXACT_SECONDS = 1.0


@dataclass
class SearchReport:
    """What a search saw.

    ``counterexample`` maps names to values (set only when a disagreement was
    confirmed in precise mode); ``comparison`` is its precise comparison.
    ``max_gap`` is the largest gap among agreeing points, relative to
    ``max(1, |lhs|, |rhs|)``.
    """

    counterexample: dict[str, Any] | None = None
    comparison: Comparison | None = None
    agreed: int = 0
    ties: int = 0
    #: Points where a strict relation's sides are the same number, computed without
    #: error: neither agreement nor counterexample, and they block a confirmation.
    exact_ties: int = 0
    invalid: int = 0
    unevaluable: int = 0
    #: points where a side has no value (diverges to +oo and to -oo)
    no_value: int = 0
    #: Points where the sides, both below the absolute resolution and computed by methods
    #: accurate relatively (``RELATIVE_METHODS``), stably violate the relation relatively
    #: (e^-100 > 1e-30 at x = 100): not refuted, since the rule of DESIGN.md compares
    #: values below 1 absolutely, but they block a confirmation.
    tiny_violations: int = 0
    #: Far points (``_far_phase``) that ran out of their time: what the claim does out
    #: there is unknown, and a confirmation would rest on the moderate points alone.
    far_timeouts: int = 0
    #: Points where the refinement found the sides of a strict inequality meeting (a tie
    #: at the closest approach): they keep the claim from being confirmed.
    touches: int = 0
    #: Points past what is evaluated (IID(P, K) at K > 64): the verdict is scoped to the rest.
    beyond: int = 0
    unconfirmed: int = 0
    #: Points where a strict relation's sides tied (within their tolerance, or exactly),
    #: with their comparison: the first :data:`MAX_TIE_POINTS`, for the engine to ask
    #: whether the sides are exactly equal there (a counterexample to ``<`` and ``>``).
    tie_points: list[tuple[dict[str, Any], Comparison]] = field(default_factory=list)
    max_gap: float = float("-inf")
    max_tolerance: float = 0.0
    methods: set[str] = field(default_factory=set)
    reasons: list[str] = field(default_factory=list)
    timed_out: bool = False


def _sides(lhs: sp.Basic, rhs: sp.Basic) -> list[tuple[sp.Basic, sp.Basic]]:
    if isinstance(lhs, sp.MatrixBase):
        return list(zip(list(lhs), list(rhs), strict=True))
    return [(lhs, rhs)]


def compare_at(lhs: sp.Basic, rhs: sp.Basic, relation: str, point: Mapping[sp.Symbol, Any],
               ctx: Context, floor: float = 1.0) -> Comparison:
    """Evaluate both sides at ``point`` and compare them (matrices elementwise; the first
    disagreeing element decides). ``floor``: see :func:`probproof.numeric.tolerance.tolerance`."""
    worst: Comparison | None = None
    for a, b in _sides(lhs, rhs):
        la, rb = evaluate(a, point, ctx), evaluate(b, point, ctx)
        if la.is_nan or rb.is_nan:
            raise Unevaluable("a side evaluates to NaN")
        if _searched_infinity_against_huge(la, rb) or _searched_infinity_against_huge(rb, la):
            raise Unevaluable("a supremum the search calls infinite beside a finite value "
                              "beyond float64's range")
        c = compare(la, rb, relation, floor)
        if c.outcome == DISAGREE:
            return c
        if worst is None or c.outcome == TIE or c.gap > worst.gap:
            worst = c
    assert worst is not None
    return worst


def _searched_infinity_against_huge(a: Estimate, b: Estimate) -> bool:
    """Is ``a`` an infinite supremum from the global search and ``b`` finite beyond 1e300?
    The search tells an unbounded function from one with a peak beyond float64's range
    only as far as it follows it (``evaluate._unbounded_beyond``); a finite value out
    there is what such a peak would be."""
    return ("global-search" in a.methods and not mpmath.isfinite(abs(a.value))
            and mpmath.isfinite(abs(b.value)) and abs(b.value) > 1e300)


def search(
    lhs: sp.Basic,
    rhs: sp.Basic,
    relation: str,
    symbols: Mapping[str, sp.Symbol],
    domains: Mapping[str, Domain],
    *,
    seed: int,
    deadline: float,
    max_examples: int = 40,
    recheck_deadline: float | None = None,
    enough_agreeing: int | None = None,
    far: bool = True,
) -> SearchReport:
    """Search for a counterexample of ``lhs relation rhs``.

    ``enough_agreeing`` ends the search once that many points agree (the spot check
    after a proof, which needs agreeing points, not a search for counterexamples);
    by default every one of ``max_examples`` points is evaluated. ``far``: after the
    moderate points agree, try the far ones (``_far_phase``); a spot check after a proof
    does not need them.
    """
    report = SearchReport()
    names = sorted(symbols)
    # A claim without parameters has one point: it gets the whole time.
    point_seconds = (max(MIN_POINT_SECONDS, POINT_SHARE * (deadline - time.monotonic()))
                     if names else math.inf)
    cache: dict[tuple, bool] = {}
    found: list[tuple[dict[str, Any], Comparison]] = []
    # Points that disagreed twice while Hypothesis shrank a confirmed counterexample; their
    # second witness is asked once the shrinking is over, smallest first (below).
    shrunk: list[tuple[dict[str, Any], Comparison]] = []
    # The first agreeing point: the far phase moves one symbol at a time away from it.
    bases: list[dict[str, Any]] = []
    # The second witness's comparison at the last disagreement it was asked about.
    seconds: list[Comparison] = []
    # When the far phase's time is up (its points are extra: they get a share of what the
    # moderate points took, not the claim's whole limit).
    far_deadline = [math.inf]  # in CPU seconds (time.process_time)
    # The last comparison made, and the agreeing point of an inequality closest to failing
    # (its values and relative gap), where the refinement below starts.
    last: list[Comparison] = []
    closest: list[Any] = [None, -math.inf]
    started = time.process_time()

    def point_limit(cpu_seconds: float) -> contextlib.AbstractContextManager[None]:
        """A point's own limit in CPU seconds, within the search's wall-clock deadline
        (a limit of 0 or less would be no limit at all: a tiny one fires at once)."""
        stack = contextlib.ExitStack()
        stack.enter_context(time_limit(max(1e-3, deadline - time.monotonic())))
        stack.enter_context(cpu_limit(max(1e-3, cpu_seconds)))
        return stack

    def ctx(precise: bool, independent: bool = False, float_points: bool = False,
            monte_carlo: bool = False) -> Context:
        limit = recheck_deadline if (precise and recheck_deadline) else deadline
        return Context(domains=domains, seed=seed, precise=precise, independent=independent,
                       deadline=limit, float_points=float_points, monte_carlo=monte_carlo)

    def point_of(values: Mapping[str, Any]) -> dict[sp.Symbol, Any]:
        return {symbols[n]: values[n] for n in names}

    def disagrees(values: dict[str, Any]) -> bool:
        key = tuple(values[n] for n in names)
        if key in cache:
            return cache[key]
        if time.monotonic() > deadline:
            report.timed_out = True
            raise _SearchOver
        if enough_agreeing is not None and report.agreed >= enough_agreeing:
            raise _SearchOver
        agreed = report.agreed
        result = _judge(values)
        cache[key] = result
        if report.agreed > agreed and not bases:
            bases.append(dict(values))
        if report.agreed > agreed and relation != "==" and last:
            gap = _relative_gap(last[-1])
            if math.isfinite(gap) and gap > closest[1]:
                closest[:] = [dict(values), gap]
        return result

    def gap_at(values: dict[str, Any]) -> float:
        """The relative gap of the first witness's comparison (how far the relation is
        from failing; > 0 fails), or -inf where it cannot be evaluated."""
        try:
            with point_limit(point_seconds):
                c = compare_at(lhs, rhs, relation, point_of(values), ctx(False))
        except Exception:  # a point the refinement cannot use: as if it agreed
            return -math.inf
        gap = _relative_gap(c)
        return gap if math.isfinite(gap) else -math.inf

    def _judge(values: dict[str, Any]) -> bool:
        try:
            in_far_phase = math.isfinite(far_deadline[0])
            with point_limit(min(point_seconds, far_deadline[0] - time.process_time(),
                                 FAR_EXACT_SECONDS if in_far_phase else math.inf)):
                c = compare_at(lhs, rhs, relation, point_of(values), ctx(False))
            last[:] = [c]
        except CheckTimeout:
            # This point's own limit (the claim's limit, when it is the one that ran out,
            # fires again at once: the outer alarm is re-armed when the inner one ends).
            if in_far_phase:
                return _far_point_in_floats(values)
            report.unevaluable += 1
            _note(report, Unevaluable(
                f"a point took longer than {point_seconds:.2g} CPU s, its share of the "
                "search, to evaluate" if math.isfinite(point_seconds) else
                "the time ran out while the claim was evaluated"))
            return False
        except InvalidPoint:
            report.invalid += 1
            return False
        except TimeUp:
            report.timed_out = True
            return False
        except Exception as exc:
            report.unevaluable += 1
            if isinstance(exc, NoValue):
                report.no_value += 1
            if isinstance(exc, BeyondRange):
                # a declared K of IID(P, K) ranges over 1..64 (what is evaluated): the
                # verdict says so rather than keeping every claim "for all K" open
                report.beyond += 1
                report.unevaluable -= 1
            _note(report, exc)
            return False
        report.methods |= set(c.lhs.methods | c.rhs.methods)
        if c.outcome == AGREE:
            if not _rests_on_floor(c, relation):
                return _agreement(c)
            # Both sides below 1, and equal only to the absolute resolution: a true 0 with
            # rounding noise, or two values too small for it (e^-100 claimed to be 0, which
            # was confirmed). The precise re-evaluation tells them apart: noise changes with
            # the digits, a value does not. A stable difference is no agreement; it is no
            # counterexample either, because both witnesses round alike: at a = 21 both
            # gave log(1 + e^(-a^2)) = 0 and so refuted log(1 + y) >= y - y^2/2. The point
            # is below what the comparison resolves: unevaluable, like one whose error
            # bounds are too wide (a claim needs its agreeing points elsewhere).
            if not _stable_tiny_difference(values, c):
                return _agreement(c)
            if _relative_methods(c):
                report.tiny_violations += 1
            else:
                report.unevaluable += 1
            _note(report, Unevaluable(
                "the sides differ relatively where both are below the absolute resolution "
                f"{RESOLUTION:g}, a difference that rounding can make: not compared"))
            return False
        if c.outcome == TIE:
            # (a tie is a strict relation's: its sides within their tolerance)
            if (_relative_methods(c) and _rests_on_floor(c, relation)
                    and _stable_tiny_difference(values, c)):
                # e^-100 > 1e-30 at x = 100: a tie only to the absolute resolution.
                report.tiny_violations += 1
                _note(report, Unevaluable(
                    "the sides violate the relation relatively where both are below the "
                    f"absolute resolution {RESOLUTION:g}: not compared"))
                return False
            if len(report.tie_points) < MAX_TIE_POINTS:
                report.tie_points.append((dict(values), c))
            if _exactly_equal(c):
                # A strict relation whose sides are the same number, computed without error
                # (0 > 0 at N = 1 in -(N - 1)(1/(theta - 1) - 1/theta) > 0): no agreement,
                # and a tie may not pass as neutral when the other points agree. Not a
                # counterexample either: 50 digits do not tell 1 + e^-100 from 1.
                report.exact_ties += 1
                return False
            report.ties += 1
            return False
        try:
            again = compare_at(lhs, rhs, relation, point_of(values), ctx(True))
        except Exception as exc:
            report.unconfirmed += 1
            _note(report, exc)
            return False
        if again.outcome != DISAGREE:
            # The two evaluations disagree with each other: this point proves nothing.
            report.unconfirmed += 1
            return False
        return _disagreement(values, again)

    def _far_point_in_floats(values: dict[str, Any]) -> bool:
        """A far point that ran out of its time with exact values, once more with the
        point as high-precision ``Float``s (``Context.float_points``): SymPy expanded
        ``b**a`` at ``a = 1e6 + 1/4`` exactly, and ``pdf(Gamma(a, b), y)`` never ended.
        Such values lose cancelled digits without a bound, so only an agreement counts;
        anything else leaves the far point unsettled, which keeps the claim from being
        confirmed."""
        try:
            with point_limit(point_seconds):
                c = compare_at(lhs, rhs, relation, point_of(values),
                               ctx(False, float_points=True))
        except Exception:
            c = None
        if c is not None and c.outcome == AGREE:
            if not _rests_on_floor(c, relation):
                return _agreement(c)
            # below the absolute resolution and different relatively: not compared, as
            # such a point is among the moderate ones (no exact values to tell more)
            report.unevaluable += 1
            _note(report, Unevaluable("a far point's sides differ relatively below the "
                                      "absolute resolution: not compared"))
            return False
        report.far_timeouts += 1
        _note(report, Unevaluable("a far point ran out of its time"))
        return False

    def _stable_tiny_difference(values: dict[str, Any], first: Comparison) -> bool:
        try:
            again = compare_at(lhs, rhs, relation, point_of(values), ctx(True), floor=0.0)
        except Exception:
            return True  # not shown to be noise
        return again.outcome == DISAGREE and _witnesses_agree(first, again, floor=0.0)

    def _agreement(c: Comparison) -> bool:
        """A point that agrees counts, unless its error bounds are too wide to resolve."""
        scale = max(1.0, abs(c.lhs.python_value()), abs(c.rhs.python_value()))
        sampled = c.lhs.stderr > 0 or c.rhs.stderr > 0
        widest = MONTE_CARLO_RESOLUTION if sampled else DETERMINISTIC_RESOLUTION
        if not math.isfinite(c.tolerance):
            # An error bound beyond float range (a sum of 10**(10**10)) tolerates
            # anything: the values cannot be compared.
            report.unevaluable += 1
            _note(report, Unevaluable("an error bound is too large to compare the values"))
            return False
        if math.isfinite(scale) and c.tolerance > widest * scale:
            # Error bounds too wide to tell a wrong claim apart (DESIGN.md: a relative
            # 1e-6 must be refuted): this point can neither confirm nor refute.
            report.unevaluable += 1
            _note(report, Unevaluable(
                "an evaluation's error bound is too wide to resolve a relative difference "
                f"of {10 * widest:g}" + (" (Monte Carlo)" if sampled else "")))
            return False
        if (sampled and enough_agreeing is None and math.isfinite(scale)
                and c.tolerance > DETERMINISTIC_RESOLUTION * scale
                and (relation == "==" or c.gap >= -c.tolerance)):
            # Monte Carlo agreement within its error bars is no evidence for an equality
            # (or an inequality that close to a tie) beyond those bars: a relative 1e-3 is
            # their size at 131 072 draws, and E[max(U1, U2)] == 0.667,
            # E[max of 10 Exp(1)] == log(10) + gamma + 1/20 (0.03% off) and a mutual
            # information rounded to 4 digits were confirmed. Such a point refutes with
            # two witnesses, confirms an inequality that holds beyond the bars, and is
            # otherwise unevaluable. (A proof's spot check still takes it as agreement.)
            report.unevaluable += 1
            _note(report, Unevaluable(
                "Monte Carlo agrees only within its error bars, a relative "
                f"{c.tolerance / scale:.1g}; confirming needs {DETERMINISTIC_RESOLUTION:g}"))
            return False
        report.agreed += 1
        if math.isfinite(scale) and math.isfinite(c.gap):
            report.max_gap = max(report.max_gap, c.gap / scale)
        report.max_tolerance = max(report.max_tolerance, c.tolerance)
        return False

    def _disagreement(values: dict[str, Any], again: Comparison) -> bool:
        """A disagreement the precise re-evaluation confirmed: a counterexample once the
        second witness confirms it too."""
        # The second witness (DESIGN.md, Evidence rules): every side again, by methods
        # that share no code with the first (mpmath on the SymPy definitions, Monte
        # Carlo for quadrature, a sequence for an extrapolated limit). Both witnesses
        # must agree with each other and both must disagree with the other side.
        if (again.lhs.methods | again.rhs.methods) & SECOND_WITNESS_METHODS:
            # float64 could not evaluate this point, so the first witness already used the
            # second witness's arbitrary-precision methods. Monte Carlo (SciPy's draws,
            # the body compiled to float64) shares neither their quadrature nor their
            # densities: where every such side is an expectation, it is the witness.
            if _monte_carlo_confirms(values, again):
                # (confirmed at once, shrinking too: the deferred check of shrunk points
                # is the mpmath witness, which is not independent here)
                found.append((dict(values), again))
                return True
            report.unconfirmed += 1
            _note(report, Unevaluable("a disagreement where float64 failed has no independent "
                                      "second witness"))
            return False
        if found:
            # Shrinking a counterexample that both witnesses confirmed: the second witness
            # (the slowest evaluation by far) is asked only of the smallest points at the
            # end, instead of at every step of the shrinking. A shrunk point it does not
            # confirm is not reported; the confirmed one it came from is.
            shrunk.append((dict(values), again))
            return True
        if not _second_witness_confirms(values, again):
            return False
        found.append((dict(values), again))
        return True

    def _monte_carlo_confirms(values: dict[str, Any], again: Comparison) -> bool:
        """Every side that needed mpmath evaluated again by Monte Carlo alone; it must
        disagree with the claim and agree with the mpmath values within its error bars
        (the Fisher information of a Logistic law, 1/(4 s^2) for 1/(3 s^2), 33% off
        everywhere, was undecided: float64's quadrature overflows there)."""
        try:
            with point_limit(point_seconds):
                mc = compare_at(lhs, rhs, relation, point_of(values),
                                ctx(True, monte_carlo=True))
        except Exception:
            return False
        for first, witness in ((again.lhs, mc.lhs), (again.rhs, mc.rhs)):
            if (first.methods & SECOND_WITNESS_METHODS
                    and witness.methods != frozenset({"monte-carlo"})):
                return False  # not every mpmath side became a Monte Carlo estimate
        if mc.outcome != DISAGREE or not _witnesses_agree(again, mc):
            return False
        seconds.append(mc)
        report.methods |= set(mc.lhs.methods | mc.rhs.methods)
        return True

    def _second_witness_confirms(values: dict[str, Any], again: Comparison) -> bool:
        try:
            second = compare_at(lhs, rhs, relation, point_of(values), ctx(True, True))
        except Exception as exc:
            report.unconfirmed += 1
            _note(report, Unevaluable(f"no second witness at a disagreement ({_first_line(exc)})"))
            return False
        seconds.append(second)
        if (ND_QUADRATURE in (again.lhs.methods | again.rhs.methods)
                and GAUSS_HERMITE not in (second.lhs.methods | second.rhs.methods)):
            # n-dimensional cubature refutes only next to mpmath's Gauss-Hermite rule on
            # the SymPy form (normal laws): Monte Carlo can re-check it but is not the
            # witness the cubature's own failures (mass it never saw) need.
            report.unconfirmed += 1
            _note(report, Unevaluable("a disagreement found by n-dimensional quadrature alone "
                                      "is not taken as a counterexample"))
            return False
        if second.outcome != DISAGREE or not _witnesses_agree(again, second):
            report.unconfirmed += 1
            _note(report, Unevaluable("the two witnesses of a disagreement disagree with each "
                                      "other: the point is unevaluable"))
            return False
        report.methods |= set(second.lhs.methods | second.rhs.methods)
        return True

    def far_disagrees(values: dict[str, Any]) -> bool:
        """``disagrees`` for the far phase: a disagreement of float64 that the second
        witness, on the point's exact values, does not see (it agrees with the claim) is
        float64 failing out there, not evidence against the claim: the point is
        unevaluable. (In the moderate box any unconfirmed disagreement blocks.)"""
        before = report.unconfirmed
        seconds.clear()
        result = disagrees(values)
        if result or report.unconfirmed == before:
            return result
        if seconds and seconds[-1].outcome == AGREE:
            report.unconfirmed = before
            report.unevaluable += 1
            _note(report, Unevaluable("far out, float64 disagrees where the second witness "
                                      "agrees with the claim: not compared"))
        return False

    if not names:
        disagrees({})
    else:
        _find(tuple((n, domains[n]) for n in names), seed, max_examples, disagrees)
        continuous = [n for n in names if not domains[n].integer]
        if (not found and enough_agreeing is None and closest[0] is not None
                and 1 <= len(continuous) <= MAX_REFINED):
            strict = relation in ("<", ">")
            with contextlib.suppress(_SearchOver):
                refined = _refine_closest(continuous, domains, closest[0], gap_at, deadline,
                                          strict=strict,
                                          cpu_until=_extra_phase_until(started, deadline))
                if refined is not None:
                    ties = report.ties + report.exact_ties
                    disagrees(refined)
                    if strict and report.ties + report.exact_ties > ties:
                        report.touches += 1
                        _note(report, Unevaluable(
                            "the sides meet, within the resolution, near "
                            + ", ".join(f"{n} = {refined[n]:.6g}" for n in continuous)
                            + ": a strict inequality is not confirmed there"))
                        # where they meet exactly, it is likely at simple values (m = 0,
                        # s = 1 for KL(N(m, s), N(0, 1)) > 0, refined to m = 1e-9): that
                        # point's tie goes to the engine's exact test (tie_points)
                        simple = _simple_point(refined, continuous, domains)
                        if simple is not None and simple != refined:
                            disagrees(simple)
        if far and not found and enough_agreeing is None and bases:
            kinks_until = _extra_phase_until(started, deadline)
            with contextlib.suppress(_SearchOver):
                for values in _kink_points(lhs, rhs, names, domains, symbols, bases[0]):
                    if time.process_time() > kinks_until or disagrees(values):
                        break
        if far and not found and enough_agreeing is None and bases:
            far_deadline[0] = _phase_until(started)
            untried = _far_phase(names, domains, bases[0], far_disagrees, far_deadline[0])
            if untried:
                report.far_timeouts += untried
                _note(report, Unevaluable("far points left untried when the time ran out"))
            far_deadline[0] = math.inf
    limit = recheck_deadline or deadline
    for values, again in reversed(shrunk):
        if time.monotonic() > limit:
            break
        try:
            with time_limit(limit - time.monotonic()):
                if _second_witness_confirms(values, again):
                    found.append((values, again))
                    break
        except CheckTimeout:
            break
    if found:
        # Hypothesis shrinks towards simpler values; the last confirmed one is the smallest.
        report.counterexample, report.comparison = found[-1]
    return report


#: Evaluations the refinement of an inequality's closest approach may make.
REFINE_EVALUATIONS = 24


def _refine_closest(names: list[str], domains: Mapping[str, Domain], start: dict[str, Any],
                    gap_at: Callable[[dict[str, Any]], float], deadline: float,
                    strict: bool = False, cpu_until: float = math.inf
                    ) -> dict[str, Any] | None:
    """Maximise an inequality's gap around the agreeing point where it came closest to
    failing (bounded Brent for one parameter, bounded Nelder-Mead for up to
    :data:`MAX_REFINED`, a few dozen evaluations per parameter), and return the best
    point found for the caller to judge as any other (a precise re-evaluation and the
    second witness before it counts): the search's points came within 0.00164 of
    ``gamma(x) >= 0.8857`` and never into (1.447, 1.477), where it fails, and the false
    claim was confirmed.

    The point is returned where its gap passed 0, and, for a strict relation, where it
    came within the resolution of 0 away from the domain's ends (the sides may meet
    there: ``(x - 1/3)**2 > 0`` at 1/3, ``KL(N(m, s), N(0, 1)) > 0`` at m = 0, s = 1,
    both confirmed before); ``None`` otherwise."""
    from scipy import optimize

    box: list[tuple[float, float]] = []
    ends: list[tuple[float | None, float | None]] = []
    for n in names:
        v0 = float(start[n])
        half = max(abs(v0), 1.0)
        dom = domains[n]
        ends.append((dom.low, dom.high))
        lo = v0 - half if dom.low is None else max(v0 - half, dom.low)
        hi = v0 + half if dom.high is None else min(v0 + half, dom.high)
        if not lo < v0 < hi:
            return None
        box.append((lo, hi))
    spent = [0]
    budget = REFINE_EVALUATIONS * (1 if len(names) == 1 else 3 * len(names))

    def point(v: Sequence[float]) -> dict[str, Any]:
        return {**start, **{n: float(t) for n, t in zip(names, v, strict=True)}}

    def negative_gap(v: Any) -> float:
        spent[0] += 1
        if (spent[0] > budget or time.monotonic() > deadline
                or time.process_time() > cpu_until):
            raise _SearchOver
        return -gap_at(point(np.atleast_1d(v)))

    try:
        if len(names) == 1:
            v0 = float(start[names[0]])
            best = optimize.minimize_scalar(
                negative_gap, bounds=box[0], method="bounded",
                options={"xatol": 1e-10 * max(1.0, abs(v0)), "maxiter": REFINE_EVALUATIONS})
            best_v, best_gap = [float(best.x)], -float(best.fun)
        else:
            x0 = np.array([float(start[n]) for n in names])
            # a first simplex a quarter of the box wide (scipy's default, 5% of each
            # coordinate, is 0.00025 at 0: dozens of evaluations to move at all)
            simplex = [x0]
            for i, (lo, hi) in enumerate(box):
                step = 0.25 * (hi - lo)
                corner = x0.copy()
                corner[i] = x0[i] + step if x0[i] + step < hi else x0[i] - step
                simplex.append(corner)
            best = optimize.minimize(negative_gap, x0, method="Nelder-Mead", bounds=box,
                                     options={"maxfev": budget, "xatol": 1e-10,
                                              "fatol": 1e-15,
                                              "initial_simplex": np.array(simplex)})
            best_v, best_gap = [float(t) for t in best.x], -float(best.fun)
    except _SearchOver:
        return None
    inside = all(lo < v < hi for v, (lo, hi) in zip(best_v, box, strict=True))
    if not inside or not math.isfinite(best_gap):
        return None
    # (sides that meet only towards an open end of the domain, cosh(x) > 1 for x > 0, do
    # not meet inside it)
    at_an_end = any(e is not None and abs(v - e) <= 1e-3 * max(1.0, abs(e))
                    for v, pair in zip(best_v, ends, strict=True) for e in pair)
    if best_gap > 0 or (strict and best_gap > -TOUCH and not at_an_end):
        return point(best_v)
    return None


def _relative_gap(c: Comparison) -> float:
    """A comparison's gap (> 0: the relation fails) relative to ``max(1, |lhs|, |rhs|)``."""
    return c.gap / max(1.0, abs(c.lhs.python_value()), abs(c.rhs.python_value()))


def _phase_until(started: float) -> float:
    """When a phase after the moderate points must stop, in CPU seconds: twice as long as
    the moderate points took (``started``: their first ``process_time``), and at least
    ``FAR_MIN_SECONDS``."""
    now = time.process_time()
    return now + max(FAR_MIN_SECONDS, FAR_SHARE * (now - started))


def _extra_phase_until(started: float, deadline: float) -> float:
    """When an extra phase of the search (the refinement of the closest approach, the
    points between kinks) must stop, in CPU seconds: as the far phase
    (:func:`_phase_until`), but within a quarter of the search's time left (``deadline``,
    wall-clock). A refinement of three parameters whose sides are expectations over two
    draws used the time of the far points that came after it, and a true step of the
    IWAE bound was left undecided."""
    left = max(0.0, deadline - time.monotonic())
    return min(_phase_until(started), time.process_time() + EXTRA_SHARE * left)


#: Share of the search's time left that an extra phase may use at most.
EXTRA_SHARE = 0.25
#: Parameters (continuous) whose inequality's closest approach is refined at most.
MAX_REFINED = 4
#: A relative gap closer to 0 than this at the refined point counts as the sides meeting.
TOUCH = 1e-8


#: Points tried between the kinks of one symbol (:func:`_kink_points`), at most.
MAX_KINK_POINTS = 12


def _kink_points(lhs: sp.Basic, rhs: sp.Basic, names: list[str],
                 domains: Mapping[str, Domain], symbols: Mapping[str, sp.Symbol],
                 base: dict[str, Any]) -> list[dict[str, Any]]:
    """Points between the places where the claim bends or jumps, one symbol at a time
    from ``base`` (the others kept): the zeros of the arguments of ``Abs``, ``sign``,
    ``Max``, ``floor`` ... (:func:`probproof.numeric.mp_witness.kinks`), and a point
    between each two of them and beyond the outer ones. ``Abs((x - 1)*(x - 3/2)) ==
    (x - 1)*(x - 3/2)`` is false on (1, 1.5) only, and ``Abs((x - 50)*(x - 70)) == ...``
    between the moderate box and the far points: the search's points missed both, and
    both were confirmed (found by the derivations hunt)."""
    from probproof.numeric.mp_witness import kinks

    if isinstance(lhs, sp.MatrixBase) or isinstance(rhs, sp.MatrixBase):
        return []
    diff = lhs - rhs
    if not diff.has(*_BENDS):
        return []
    out: list[dict[str, Any]] = []
    for n in names:
        dom = domains[n]
        x = symbols[n]
        others = {symbols[m]: sp.Float(float(base[m]), 30) for m in names if m != n}
        try:
            expr = diff.xreplace(others)
            lo = -math.inf if dom.low is None else float(dom.low)
            hi = math.inf if dom.high is None else float(dom.high)
            scale = max(1.0, abs(float(base[n])))
            found = sorted(k for k in kinks(expr, x, lo, hi, 0.0, scale) if lo < k < hi)
        except Exception:  # a form kinks cannot read: no such points for this symbol
            continue
        if not found:
            continue
        gaps = [b - a for a, b in itertools.pairwise(found)]
        step = max(1.0, *gaps) if gaps else max(1.0, 0.5 * abs(found[0]))
        candidates = [found[0] - step, found[-1] + step]
        candidates += [(a + b) / 2 for a, b in itertools.pairwise(found)]
        for c in candidates[:MAX_KINK_POINTS]:
            if dom.integer:
                c = float(round(c))
            if (dom.low is None or c > dom.low) and (dom.high is None or c < dom.high):
                out.append({**base, n: c})
    return out


#: Functions whose arguments' zeros :func:`_kink_points` looks between.
_BENDS = (sp.Abs, sp.sign, sp.Heaviside, sp.floor, sp.ceiling, sp.Max, sp.Min, sp.Piecewise)


def _far_phase(names: list[str], domains: Mapping[str, Domain], base: dict[str, Any],
               disagrees: Callable[[dict[str, Any]], bool], until: float) -> int:
    """Move one symbol at a time from ``base`` (an agreeing point) to its domain's far
    values (:meth:`Domain.far_values`), nearest first, until a point disagrees. A claim
    false only there is refuted; a disagreement there that cannot be confirmed keeps the
    claim from being confirmed, as anywhere else. Returns how many far points were left
    untried when the time ran out (``until``: a ``time.process_time()``)."""
    ladders = {n: domains[n].far_values() for n in names}
    points = [(n, ladders[n][step])
              for step in range(max((len(v) for v in ladders.values()), default=0))
              for n in names if step < len(ladders[n])]
    for i, (n, v) in enumerate(points):
        if time.process_time() >= until:
            return len(points) - i
        try:
            if disagrees({**base, n: v}):
                return 0
        except _SearchOver:
            return len(points) - i
    return 0


def _find(spec: tuple[tuple[str, Domain], ...], seed: int, max_examples: int,
          disagrees: Callable[[dict[str, Any]], bool]) -> None:
    """Hypothesis's ``find`` of a point where ``disagrees``, over the named domains.

    Hypothesis draws the same points for the same domains, seed and number of examples
    (that is what makes a search repeatable), whatever the claim, until the test says
    ``True``. The points a search drew without a disagreement are kept per process and
    given to the next search of the same kind without Hypothesis's own work, about a
    millisecond a point and four a search (the links of a derivation share their symbols).
    A disagreement, or more points than were kept, goes to ``find`` itself, which draws
    them again (``disagrees`` remembers its answers) and shrinks."""
    key = (spec, seed, max_examples)
    kept = _DRAWN.get(key)
    if kept is not None:
        points, complete = kept
        try:
            if not any(disagrees(values) for values in points) and complete:
                return  # what find did: no point of its sequence disagreed
        except _SearchOver:
            return
    drawn: list[dict[str, Any]] = []
    found = False

    def recorded(values: dict[str, Any]) -> bool:
        nonlocal found
        if not found:  # the points before a disagreement; shrinking's are not kept
            drawn.append(dict(values))
        result = disagrees(values)
        found = found or result
        return result

    strategy = st.fixed_dictionaries({n: d.strategy() for n, d in spec})
    complete = True
    try:
        find(strategy, recorded, random=random.Random(seed), settings=settings(
            max_examples=max_examples, database=None, deadline=None,
            phases=[Phase.generate, Phase.shrink], verbosity=Verbosity.quiet,
            suppress_health_check=list(HealthCheck)))
    except _SearchOver:
        complete = False  # ended early: the points so far are a prefix of its sequence
    except HypothesisException:
        pass  # NoSuchExample (no counterexample): not an error
    if not found and (kept is None or len(drawn) > len(kept[0])):
        _DRAWN[key] = (drawn, complete)
        if len(_DRAWN) > _DRAWN_SIZE:
            _DRAWN.pop(next(iter(_DRAWN)))


#: The points each kind of search drew (see :func:`_find`), and whether that was all of
#: Hypothesis's sequence or a prefix of it.
_DRAWN: dict[tuple, tuple[list[dict[str, Any]], bool]] = {}
_DRAWN_SIZE = 1024


class _SearchOver(BaseException):
    """Raised by the search's test function when nothing is left to learn (enough points
    agree, or the time is up), to end Hypothesis's ``find`` there.

    A ``BaseException``: Hypothesis takes an ``Exception`` raised by the test for a
    failure and replays and shrinks it, but lets a ``BaseException`` through at once.
    Returning ``False`` instead made it draw and run its remaining examples, each a
    no-op here but about a millisecond of Hypothesis's own work (a tenth of the
    catalog's search time went to spot checks that were already over)."""


#: Largest denominator of the simple values :func:`_simple_point` rounds to.
SIMPLE_DENOMINATOR = 12
#: How close (relative to ``max(1, |v|)``) a value must be to a simple one to round.
SIMPLE_DISTANCE = 1e-6


def _simple_point(values: Mapping[str, Any], names: list[str],
                  domains: Mapping[str, Domain]) -> dict[str, Any] | None:
    """``values`` with each of ``names`` rounded to the nearest fraction of denominator at
    most :data:`SIMPLE_DENOMINATOR` (0 and integers among them) within
    :data:`SIMPLE_DISTANCE`, as a float; ``None`` where a rounded value leaves its domain."""
    out = dict(values)
    for n in names:
        v = float(values[n])
        near = float(fractions.Fraction(v).limit_denominator(SIMPLE_DENOMINATOR))
        if abs(near - v) <= SIMPLE_DISTANCE * max(1.0, abs(v)):
            if not domains[n].contains(near):
                return None
            out[n] = near
    return out


#: Tie points kept in :attr:`SearchReport.tie_points`.
MAX_TIE_POINTS = 4


def _exactly_equal(c: Comparison) -> bool:
    """Are both sides the same number, with no error bound or standard error?"""
    return c.lhs.value == c.rhs.value and not any(
        (e.abserr, e.stderr) != (0, 0) for e in (c.lhs, c.rhs))


#: Methods whose error bounds hold relatively however small the value (SymPy's evalf on
#: exact values): a relative difference between two values below the absolute resolution
#: that they computed is a difference, not rounding noise. (A quadrature's error bound
#: does not: E[floor(X)] under Exponential(l) at l = 40, about 4e-18, came out a few
#: percent off within its bound; nor does SciPy's for a density at a shape of 1e6.)
RELATIVE_METHODS = frozenset({"exact", "support", "sympy-density"})


def _relative_methods(c: Comparison) -> bool:
    return (c.lhs.methods | c.rhs.methods) <= RELATIVE_METHODS


def _rests_on_floor(c: Comparison, relation: str) -> bool:
    """Do the sides agree only because the resolution is absolute below 1? (They differ
    by more than a relative ``RESOLUTION`` plus their error bounds.)"""
    return compare(c.lhs, c.rhs, relation, floor=0.0).outcome == DISAGREE


def _first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _witnesses_agree(first: Comparison, second: Comparison, floor: float = 1.0) -> bool:
    """Do two evaluations of each side agree within their error bounds?"""
    for a, b in ((first.lhs, second.lhs), (first.rhs, second.rhs)):
        if a.is_nan or b.is_nan:
            return False
        if compare(a, b, "==", floor).outcome != AGREE:
            return False
    return True


def _note(report: SearchReport, exc: BaseException) -> None:
    msg = plain_reason(exc)
    if msg not in report.reasons and len(report.reasons) < 5:
        report.reasons.append(msg)


#: For type checkers: the judge function signature.
Judge = Callable[[dict[str, Any]], bool]
