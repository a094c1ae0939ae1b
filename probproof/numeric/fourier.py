"""Integrals of an oscillating factor over an infinite range: ``int h(x) cos(w x) dx``.

A characteristic function ``E[cos(t x)]`` under a Cauchy or Student law, or the
Dirichlet integral ``int_0^oo sin(t x)/x dx``, has an integrand that oscillates out to
infinity while it decays only like a power. Adaptive quadrature over the whole line
sees thousands of periods and returns an error bound too wide to resolve anything; the
arbitrary-precision witness's tanh-sinh does not converge at all. Both witnesses then
had nothing, and the Cauchy law's characteristic function ``exp(-|t|)``, a textbook
result, was undecided, as was its false version ``exp(-t**2/2)``.

Here the integrand is split, by its SymPy form, into terms ``h_i(x) cos(w x)``,
``h_i(x) sin(w x)`` (one frequency ``w``) and terms that do not oscillate. Beyond a cut
point ``A`` on each infinite side, the first witness integrates each oscillating term
with QUADPACK's QAWF (``scipy.integrate.quad`` with ``weight='cos'`` or ``'sin'`` and an
infinite end: integration between the zeros of the weight, summed with the epsilon
algorithm); the second (:func:`probproof.numeric.mp_witness.integrate_oscillatory`)
integrates the whole SymPy form with mpmath's ``quadosc``. Between the cut points both
use their usual quadrature. Only where every ``|h_i|`` decays to 0 out there (the
Dirichlet test's condition, checked far out): ``int_0^oo sin(x) dx`` has no value.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import sympy as sp
from scipy import integrate as sp_integrate

#: The cut points sit this many of the integrand's scales from its location.
CUT_SCALES = 20.0
#: Decades past a cut point where the amplitudes are probed for their decay.
DECAY_DECADES = tuple(range(1, 16))
#: How far below its size at the cut an amplitude must fall by 1e15 scales out.
DECAYED = 1e-6


#: Most subintervals QUADPACK may use between the cut points (its work arrays grow with
#: the limit: a million periods asked for 20 million).
MAX_SUBINTERVALS = 4000


class NoFourierForm(Exception):
    """The integrand is not a sum of ``h(x) trig(w x)`` terms with decaying amplitudes."""


@dataclass(frozen=True)
class FourierTerm:
    """``amplitude(x) * weight(omega x)``, the weight ``"cos"``, ``"sin"`` or ``"none"``
    (``omega`` then 0)."""

    amplitude: sp.Basic
    weight: str
    omega: float = 0.0


#: Largest denominator of a ratio of two frequencies that are taken as commensurate.
MAX_DENOMINATOR = 12


def fourier_terms(expr: sp.Basic, x: sp.Symbol) -> tuple[float, list[FourierTerm]]:
    """``expr`` (numbers in place of every parameter) as ``(w, terms)``: terms of
    frequencies that are whole multiples of ``w > 0`` (the period of the whole is
    ``2 pi/w``). Products and powers of trig functions of ``x`` become sums first
    (``sin(x)**2 = (1 - cos(2 x))/2``, SymPy's ``TR8``).

    >>> x = sp.Symbol("x", real=True)
    >>> w, terms = fourier_terms(sp.cos(3*x + 1)/(1 + x**2), x)
    >>> w, [(t.weight, t.amplitude) for t in terms]
    (3.0, [('cos', cos(1)/(x**2 + 1)), ('sin', -sin(1)/(x**2 + 1))])
    >>> w, terms = fourier_terms(sp.sin(x)**2/x**2, x)
    >>> w, sorted((t.weight, t.omega, t.amplitude) for t in terms)
    (2.0, [('cos', 2.0, -1/(2*x**2)), ('none', 0.0, 1/(2*x**2))])

    Raises
    ------
    NoFourierForm
        No term oscillates, frequencies without a common period, a trig function of a
        nonlinear argument, or one inside another function.
    """
    if not expr.has(sp.sin, sp.cos):
        raise NoFourierForm("nothing oscillates")
    terms: list[FourierTerm] = []
    for term in _sum_of_single_trig_terms(expr, x):
        trig = [f for f in sp.Mul.make_args(term)
                if isinstance(f, (sp.sin, sp.cos)) and f.has(x)]
        rest = sp.Mul(*[f for f in sp.Mul.make_args(term) if f not in trig])
        if any(isinstance(n, (sp.sin, sp.cos, sp.tan)) and n.has(x)
               for n in sp.preorder_traversal(rest)):
            raise NoFourierForm("a trig function of x not as a factor of its own")
        if not trig:
            terms.append(FourierTerm(term, "none"))
            continue
        if len(trig) > 1:
            raise NoFourierForm("a product of trig functions of x")
        f = trig[0]
        slope = sp.diff(f.args[0], x)
        if not slope.is_number or slope == 0 or (f.args[0] - slope * x).has(x):
            raise NoFourierForm("a trig function of a nonlinear argument")
        a = float(slope)
        b = f.args[0] - slope * x
        # to argument w x + c with w = |a| > 0
        c, sign = (b, 1) if a > 0 else (-b, -1)
        if isinstance(f, sp.cos):  # cos(w x + c) = cos c cos wx - sin c sin wx
            parts = [(sp.cos(c), "cos"), (-sp.sin(c), "sin")]
        else:  # sin(+-(w x + c)) = +-(sin c cos wx + cos c sin wx)
            parts = [(sign * sp.sin(c), "cos"), (sign * sp.cos(c), "sin")]
        for coefficient, weight in parts:
            if coefficient != 0:
                terms.append(FourierTerm(rest * coefficient, weight, abs(a)))
    return _fundamental([t.omega for t in terms if t.weight != "none"]), terms


def _sum_of_single_trig_terms(expr: sp.Basic, x: sp.Symbol) -> tuple[sp.Basic, ...]:
    """The terms of ``expr`` expanded, with products and powers of trig functions of ``x``
    turned into sums first (``TR8``, again after expanding: ``sin(x)**4`` is first
    ``(1 - cos(2 x))**2/4``)."""
    from sympy.simplify.fu import TR8

    def has_product(term: sp.Basic) -> bool:
        factors = sp.Mul.make_args(term)
        trig = [f for f in factors if isinstance(f, (sp.sin, sp.cos)) and f.has(x)]
        return len(trig) > 1 or any(isinstance(f, sp.Pow) and isinstance(f.base, (sp.sin, sp.cos))
                                    and f.base.has(x) for f in factors)

    terms = sp.Add.make_args(sp.expand_mul(expr))
    for _ in range(3):
        if not any(has_product(t) for t in terms):
            break
        terms = sp.Add.make_args(sp.expand_mul(sp.expand(TR8(sp.Add(*terms)))))
    return terms


def _fundamental(frequencies: list[float]) -> float:
    """The largest ``w`` of which every frequency is a whole multiple (ratios with
    denominators up to ``MAX_DENOMINATOR``)."""
    from fractions import Fraction

    if not frequencies:
        raise NoFourierForm("nothing oscillates")
    low = min(frequencies)
    denominator = 1
    for f in frequencies:
        ratio = Fraction(f / low).limit_denominator(MAX_DENOMINATOR)
        if not math.isclose(float(ratio), f / low, rel_tol=1e-13):
            raise NoFourierForm("frequencies without a common period")
        denominator = math.lcm(denominator, ratio.denominator)
    return low / denominator


Vectorised = Callable[[np.ndarray], np.ndarray]


def cut_points(lo: float, hi: float, loc: float, scale: float) -> tuple[float, float]:
    """Where the oscillating tails start: ``CUT_SCALES`` scales from ``loc``, inside
    ``(lo, hi)``; an infinite side only."""
    a = lo if math.isfinite(lo) else min(loc - CUT_SCALES * scale, hi - CUT_SCALES * scale)
    b = hi if math.isfinite(hi) else max(loc + CUT_SCALES * scale, lo + CUT_SCALES * scale)
    return a, b


def decays(amplitude: Vectorised, start: float, direction: int, scale: float) -> bool:
    """Whether ``|amplitude|`` falls to ``DECAYED`` of its size at ``start`` by 1e15
    scales out, never growing from one decade to the next on the way."""
    ys = start + direction * scale * 10.0 ** np.array(DECAY_DECADES, dtype=float)
    with np.errstate(all="ignore"):
        mags = np.abs(np.asarray(amplitude(np.concatenate([[start], ys])), dtype=complex))
    if not np.all(np.isfinite(mags)):
        return False
    top = float(mags[0]) if mags[0] > 0 else float(np.max(mags))
    return bool(np.all(np.diff(mags) <= 1e-12 * top) and mags[-1] <= DECAYED * top)


def qawo_piece(amplitude: Vectorised, weight: str, omega: float, a: float, b: float
               ) -> tuple[float, float]:
    """``int_a^b amplitude(x) weight(omega x) dx`` by QUADPACK's QAWO (modified
    Clenshaw-Curtis moments of the weight), or ``int_a^b amplitude(x) dx`` by QAGS for
    ``weight="none"``, with a limit on subintervals that grows with the periods: the
    stretch between the cut points, where a scan meant for densities would call the
    integrand's size at a cut "mass closer to an end point than float64 resolves"."""

    def g(y: float) -> float:
        v = complex(np.asarray(amplitude(np.array([y])))[0])
        if v.imag != 0 or not math.isfinite(v.real):
            raise NoFourierForm("the amplitude is not real and finite between the cuts")
        return v.real

    periods = (b - a) * omega / (2 * math.pi)
    options = {} if weight == "none" else {"weight": weight, "wvar": omega}
    # a tolerance float64 can reach: a share of the amplitude's own integral, as in
    # qawf_tail (a relative 1e-12 of a value that the oscillation cancels to 1e-6 of
    # that is "roundoff error detected")
    with np.errstate(all="ignore"):
        size = float(np.mean(np.abs(np.asarray(amplitude(np.linspace(a, b, 65))))))
    area = size * (b - a)
    problem = "the amplitude is not finite"
    for share in (1e-14, 1e-13, 1e-12):
        with warnings.catch_warnings():
            warnings.simplefilter("error", sp_integrate.IntegrationWarning)
            try:
                return sp_integrate.quad(g, a, b,
                                         limit=min(int(200 + 20 * periods), MAX_SUBINTERVALS),
                                         epsabs=max(share * area, 1e-300), epsrel=1e-13,
                                         **options)
            except sp_integrate.IntegrationWarning as exc:
                problem = str(exc).splitlines()[0]
    raise NoFourierForm(f"QAWO did not converge: {problem}")


def qawf_tail(amplitude: Vectorised, weight: str, omega: float, start: float,
              direction: int) -> tuple[float, float]:
    """``int_start^(+-oo) amplitude(x) weight(omega x) dx`` by QUADPACK's QAWF; the left
    tail as ``int_{-start}^oo amplitude(-y) weight(-omega y) dy``.

    Raises
    ------
    NoFourierForm
        QUADPACK reports that it did not converge, or the amplitude is complex.
    """

    def g(y: float) -> float:
        v = complex(np.asarray(amplitude(np.array([direction * y])))[0])
        if v.imag != 0 or not math.isfinite(v.real):
            raise NoFourierForm("the amplitude is not real and finite on the tail")
        return v.real

    a = direction * start
    # QAWF spends its tolerance over the cycles; one below float64's rounding of the first
    # half period's area makes it report "bad integrand behavior" (1/x from 20 at w = 1/2)
    area = max(abs(g(a)), abs(g(a + math.pi / omega))) * math.pi / omega
    problem = "its amplitude vanishes at the cut"
    for share in (1e-13, 1e-12, 1e-11):
        with warnings.catch_warnings():
            warnings.simplefilter("error", sp_integrate.IntegrationWarning)
            try:
                v, err = sp_integrate.quad(g, a, np.inf, weight=weight, wvar=omega,
                                           limlst=200, limit=200,
                                           epsabs=max(share * area, 1e-300))
            except sp_integrate.IntegrationWarning as exc:
                problem = str(exc).splitlines()[0]
                continue
        # sin is odd: on the left tail, sin(omega x) = -sin(omega y)
        sign = -1.0 if (direction < 0 and weight == "sin") else 1.0
        return sign * v, err
    raise NoFourierForm(f"QAWF did not converge: {problem}")
