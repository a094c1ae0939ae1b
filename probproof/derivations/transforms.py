"""Laws built from other laws: ``IID(P, K)`` (K independent draws of P) and
``Pushforward(P, f, x)`` (the law of ``f(x)`` for ``x ~ P``).

``IID(P, K)`` is a K-dimensional law whose draw ``z`` is indexed ``z[k]``
(0-based) inside ``Sum``/``Product``/``logsumexp`` over ``k``. The density of a
pushforward comes from the change of variables: the inverse branches of ``f``
on its monotone pieces, each weighted by the absolute derivative of the
inverse. Where SymPy cannot invert ``f`` in the time allowed there is no
symbolic density (``NotImplementedError``), never a guessed one.

Only SymPy is imported here.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import sympy as sp

from probproof.derivations.vocabulary import Distribution, InvalidParameter

#: The most draws an ``IID`` law holds (DESIGN.md: a literal up to 64).
MAX_IID = 64


class TooManyDraws(InvalidParameter):
    """``IID(P, K)`` at a ``K`` past :data:`MAX_IID`: a valid law the numeric witnesses do
    not evaluate (a claim over every positive integer ``K`` is not settled by them)."""
#: Seconds SymPy gets to invert a pushforward's map or find its turning points.
SOLVE_SECONDS = 2.0
#: Monotone pieces of a pushforward's map handled symbolically.
MAX_PIECES = 8


class IID(Distribution):
    """``IID(P, K)``: K independent draws of a one-dimensional law P, ``z[0]`` to ``z[K-1]``."""

    nparams = 2
    param_names = ("P", "K")

    def _validate(self) -> None:
        base, k = self.args
        if not isinstance(base, Distribution):
            raise InvalidParameter("IID: the first argument must be a distribution")
        if base.dim != 1:
            raise InvalidParameter("IID: draws of a one-dimensional law only")
        if isinstance(k, sp.Symbol) and k.is_integer and k.is_positive:
            return  # a declared positive integer: a number at each point, checked then
        if k.is_Integer and int(k) > MAX_IID:
            raise TooManyDraws(f"IID: more than {MAX_IID} draws (K = {k}) are not evaluated")
        if not (k.is_Integer and 1 <= int(k) <= MAX_IID):
            raise InvalidParameter(f"IID: K must be an integer from 1 to {MAX_IID}, got {k}")

    @property
    def base(self) -> Distribution:
        return self.args[0]

    @property
    def count(self) -> int | sp.Symbol:
        """The number of draws: an ``int``, or the symbol ``K`` until a point gives it a value."""
        k = self.args[1]
        return int(k) if k.is_Integer else k

    @property
    def dim(self) -> int | sp.Symbol:
        return self.count

    @property
    def discrete(self) -> bool:  # type: ignore[override]
        return self.base.discrete

    def logpdf(self, x):
        return sp.Add(*[self.base.logpdf(xi) for xi in _coordinates(x)])

    def pdf(self, x):
        return sp.Mul(*[self.base.pdf(xi) for xi in _coordinates(x)])

    def support(self):
        return self.base.support() ** self.count


def _coordinates(x) -> list:
    """The coordinates of a point (one draw may be given as a scalar)."""
    return list(x) if isinstance(x, (list, tuple, sp.Tuple)) else [x]


@contextmanager
def _solve_limit(seconds: float) -> Iterator[None]:
    """Stop SymPy's solver after ``seconds`` (``TimeoutError``); unlimited off the main thread.

    The claim engine's own limit may already be armed: the shorter one wins and the
    outer one is re-armed afterwards.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(
            signal, "setitimer"):
        yield
        return

    def on_alarm(signum, frame):
        raise TimeoutError("solve ran past its limit")

    outer_left, outer_every = signal.getitimer(signal.ITIMER_REAL)
    if 0 < outer_left <= seconds:  # the engine stops first anyway
        yield
        return
    previous = signal.signal(signal.SIGALRM, on_alarm)
    start = time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer_left > 0:
            left = outer_left - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), outer_every)


class Pushforward(Distribution):
    """``Pushforward(P, f, x)``: the law of ``f`` (an expression in the bound ``x``), ``x ~ P``."""

    nparams = 3
    param_names = ("P", "f", "x")

    def _validate(self) -> None:
        base, f, x = self.args
        if not isinstance(base, Distribution) or base.dim != 1:
            raise InvalidParameter("Pushforward: the first argument must be a one-dimensional "
                                   "distribution")
        if not isinstance(x, sp.Symbol):
            raise InvalidParameter("Pushforward: the third argument must be the bound variable")
        if not f.has(x):
            raise InvalidParameter("Pushforward: the map must depend on its variable (a "
                                   "constant map has no density)")

    @property
    def base(self) -> Distribution:
        return self.args[0]

    @property
    def map(self) -> sp.Expr:
        return self.args[1]

    @property
    def variable(self) -> sp.Symbol:
        return self.args[2]

    @property
    def free_symbols(self):
        return self.base.free_symbols | (self.map.free_symbols - {self.variable})

    @property
    def discrete(self) -> bool:  # type: ignore[override]
        return self.base.discrete

    def logpdf(self, y):
        return sp.log(self.pdf(y))

    def pdf(self, y):
        """The change of variables: ``sum_i p(g_i(y)) |g_i'(y)|`` over the inverse branches
        ``g_i`` of the monotone pieces of ``f``, each where ``y`` is in its piece's image.

        Raises
        ------
        NotImplementedError
            When the map cannot be inverted symbolically (in time), or for a discrete P.
        """
        if self.discrete:
            raise NotImplementedError("the mass function of a discrete pushforward")
        t = _Y
        total = sp.S.Zero
        for lo, hi, g in _branches(self.map, self.variable, self.base.support()):
            jac = sp.Abs(sp.diff(g, t))
            image_lo, image_hi = _image(self.map, self.variable, lo, hi)
            inside = sp.And(t > sp.Min(image_lo, image_hi), t < sp.Max(image_lo, image_hi))
            total += sp.Piecewise((self.base.pdf(g) * jac, inside), (0, True))
        return total.xreplace({t: y})

    def support(self):
        """The image of P's support: the hull of the images of the map's monotone pieces
        (``x**2`` on the real line gives [0, oo), not its ends' values oo and oo, which
        made an empty set); the ends' values where the pieces are not known."""
        base = self.base.support()
        pieces = [(base.inf, base.sup)]
        if not self.discrete:
            with contextlib.suppress(NotImplementedError):
                pieces = [(lo, hi) for lo, hi, _ in
                          _branches(self.map, self.variable, base)] or pieces
        ends = [v for lo, hi in pieces for v in _image(self.map, self.variable, lo, hi)]
        return sp.Interval(sp.Min(*ends), sp.Max(*ends))

    def _sympystr(self, printer) -> str:
        return (f"Pushforward({printer._print(self.base)}, {printer._print(self.map)}, "
                f"{printer._print(self.variable)})")


#: The variable of the inverse branches (one for all, so that they can be cached).
_Y = sp.Dummy("y", real=True)


def _branches(f: sp.Expr, x: sp.Symbol, support: sp.Set) -> tuple:
    """:func:`inverse_branches` in ``_Y``, once per map (the second witness asks for the
    density at many points); a map that could not be inverted is not tried again."""
    found, why = _cached_branches(f, x, support)
    if why:
        raise NotImplementedError(why)
    return found


@functools.lru_cache(maxsize=256)
def _cached_branches(f: sp.Expr, x: sp.Symbol, support: sp.Set) -> tuple[tuple, str]:
    try:
        return tuple(inverse_branches(f, x, support, _Y)), ""
    except NotImplementedError as exc:
        return (), str(exc) or "the map cannot be inverted"


def _image(f: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """The values of ``f`` at the ends of ``(lo, hi)`` (limits at infinite ends)."""
    def at(v: sp.Expr, direction: str) -> sp.Expr:
        if v.is_infinite:
            return sp.limit(f, x, v)
        value = f.xreplace({x: v})
        return value if value.is_finite else sp.limit(f, x, v, dir=direction)

    return at(lo, "+"), at(hi, "-")


def inverse_branches(f: sp.Expr, x: sp.Symbol, support: sp.Set,
                     y: sp.Symbol) -> list[tuple[sp.Expr, sp.Expr, sp.Expr]]:
    """``[(lo, hi, g)]``: the monotone pieces ``(lo, hi)`` of ``f`` on ``support`` and the
    inverse ``g(y)`` of ``f`` on each.

    Only a piece whose inverse is certain is returned: of SymPy's solutions of
    ``f(x) = y``, the one that maps the middle of the piece's image back into the piece,
    checked at a number (all parameters of ``f`` must then be numbers); with symbolic
    parameters, only a map with a single solution and no turning point.

    Raises
    ------
    NotImplementedError
        When the pieces or the inverses cannot be established.
    """
    if not isinstance(support, sp.Interval):
        raise NotImplementedError("a pushforward of a law whose support is not an interval")
    lo, hi = support.inf, support.sup
    try:
        with _solve_limit(SOLVE_SECONDS):
            turning = _turning_points(f, x, lo, hi)
            candidates = sp.solve(sp.Eq(f, y), x, dict=False)
    except (TimeoutError, NotImplementedError, ValueError, TypeError) as exc:
        raise NotImplementedError(f"the map cannot be inverted: {exc}") from None
    if not candidates:
        raise NotImplementedError("the map cannot be inverted symbolically")
    cuts = [lo, *turning, hi]
    pieces = list(itertools.pairwise(cuts))
    params = f.free_symbols - {x}
    if params:
        if len(pieces) != 1 or len(candidates) != 1:
            raise NotImplementedError("a map with parameters and several inverse branches")
        return [(lo, hi, candidates[0])]
    out = []
    for a, b in pieces:
        g = _branch_on(f, x, a, b, candidates, y)
        if g is None:
            raise NotImplementedError("no inverse of the map found on one of its pieces")
        out.append((a, b, g))
    return out


def _turning_points(f: sp.Expr, x: sp.Symbol, lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr]:
    """The zeros of ``f'`` inside ``(lo, hi)`` where ``f'`` changes sign, sorted."""
    df = sp.diff(f, x)
    if df.free_symbols - {x}:
        # With parameters: only a derivative of constant sign (no real zero) is accepted.
        zeros = [z for z in sp.solve(df, x) if z.is_real is not False]
        if zeros:
            raise NotImplementedError("turning points that depend on parameters")
        return []
    zeros = sp.solveset(df, x, domain=sp.Interval.open(lo, hi))
    if zeros is sp.S.EmptySet:
        return []
    if not isinstance(zeros, sp.FiniteSet):
        raise NotImplementedError("the map's turning points are not a finite set")
    pts = sorted(zeros, key=lambda z: float(z))
    if len(pts) + 1 > MAX_PIECES:
        raise NotImplementedError(f"a map of more than {MAX_PIECES} monotone pieces")
    # A zero where f' keeps its sign (x**3 at 0) is not a turning point.
    keep = []
    for p in pts:
        left = df.xreplace({x: p - sp.Rational(1, 10**6)})
        right = df.xreplace({x: p + sp.Rational(1, 10**6)})
        if sp.sign(sp.N(left)) != sp.sign(sp.N(right)):
            keep.append(p)
    return keep


def _branch_on(f: sp.Expr, x: sp.Symbol, a: sp.Expr, b: sp.Expr, candidates: list,
               y: sp.Symbol) -> sp.Expr | None:
    """The solution of ``f(x) = y`` that maps the image of ``(a, b)`` back into it (checked
    at three points of the image), or ``None``."""
    fa, fb = _image(f, x, a, b)
    lo, hi = sp.Min(fa, fb), sp.Max(fa, fb)
    probes = _interior(lo, hi)
    if probes is None:
        return None
    found = []
    for g in candidates:
        ok = True
        for v in probes:
            back = sp.N(g.xreplace({y: v}), 30)
            if not back.is_real or not (sp.N(a) < back < sp.N(b)) or abs(
                    sp.N(f.xreplace({x: back}), 30) - v) > 1e-20 * max(1, abs(v)):
                ok = False
                break
        if ok:
            found.append(g)
    return found[0] if len(found) == 1 else None


def _interior(lo: sp.Expr, hi: sp.Expr) -> list[sp.Expr] | None:
    """Three points inside ``(lo, hi)``, or ``None`` if the ends are not numbers."""
    if not (lo.is_number and hi.is_number):
        return None
    if lo.is_infinite and hi.is_infinite:
        return [sp.Rational(-7, 3), sp.Rational(1, 7), sp.Rational(13, 5)]
    if hi.is_infinite:
        return [lo + sp.Rational(1, 7), lo + sp.Rational(5, 3), lo + 11]
    if lo.is_infinite:
        return [hi - sp.Rational(1, 7), hi - sp.Rational(5, 3), hi - 11]
    return [lo + (hi - lo) * sp.Rational(n, 17) for n in (2, 9, 15)]
