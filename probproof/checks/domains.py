"""Domains of claim symbols: their SymPy assumptions, membership and sampling strategies.

A domain is written as in claim files: ``real``, ``positive`` (> 0),
``nonnegative`` (>= 0), ``negative`` (< 0), ``probability`` (open (0, 1)),
``integer``, ``positive integer`` and ``interval(a, b)`` (open).

The Hypothesis strategy of a domain draws mostly moderate values, but also
values near its edges and far out, so that a claim that only fails there is
still caught; Hypothesis shrinks a failing value towards simple ones.
"""

from __future__ import annotations

import ast
import math
from dataclasses import dataclass
from fractions import Fraction

import sympy as sp
from hypothesis import strategies as st


class DomainError(ValueError):
    """A domain string that is not one of the domains of DESIGN.md."""


@dataclass(frozen=True)
class Domain:
    """A set of values a symbol ranges over.

    ``low``/``high`` are the (open) bounds, ``None`` for unbounded;
    ``integer`` restricts to integers.
    """

    name: str
    low: float | None = None
    high: float | None = None
    closed_low: bool = False
    integer: bool = False

    # -- SymPy --------------------------------------------------------------
    def assumptions(self) -> dict[str, bool]:
        """The SymPy assumptions implied by the domain."""
        a: dict[str, bool] = {"integer": True} if self.integer else {"real": True}
        if self.low is not None:
            if self.low > 0 or (self.low == 0 and not self.closed_low):
                a["positive"] = True
            elif self.low >= 0:
                a["nonnegative"] = True
        if self.high is not None and (self.high < 0 or (self.high == 0)):
            a["negative"] = True
        return a

    def symbol(self, name: str) -> sp.Symbol:
        return sp.Symbol(name, **self.assumptions())

    def conditions(self, s: sp.Symbol) -> list[sp.Basic]:
        """Relations beyond the assumptions (the bounds of ``interval`` and ``probability``)."""
        out = []
        if self.low is not None and self.low != 0:
            out.append(s > self.low)
        if self.high is not None and self.high != 0:
            out.append(s < self.high)
        if self.name == "probability":
            out.append(s < 1)
        return out

    # -- membership ---------------------------------------------------------
    def contains(self, x: float) -> bool:
        if isinstance(x, complex) or not math.isfinite(x):
            return False
        if self.integer and x != int(x):
            return False
        if self.low is not None and (x < self.low or (x == self.low and not self.closed_low)):
            return False
        return not (self.high is not None and x >= self.high)

    # -- sampling -----------------------------------------------------------
    def strategy(self) -> st.SearchStrategy:
        """Values of the domain: moderate ones, edges and far-out ones."""
        if self.integer:
            lo = -6 if self.low is None else math.floor(self.low) + 1
            moderate = st.integers(lo, max(lo, 6) if self.low is None else lo + 7)
            far = st.sampled_from([lo + 19, lo + 40] if self.low is not None else [-30, 30])
            return st.one_of(moderate, moderate, moderate, far)
        lo, hi = self.low, self.high
        if lo is None and hi is None:
            return st.one_of(
                st.floats(-3, 3), st.floats(-3, 3), st.floats(-3, 3),
                st.sampled_from([0.0, 1.0, -1.0, 0.5, -0.5, 2.0]),
                st.floats(-40, 40),
            )
        if hi is None:  # (lo, oo)
            assert lo is not None
            return st.one_of(
                st.floats(lo + 0.05, lo + 4), st.floats(lo + 0.05, lo + 4),
                st.floats(lo + 0.05, lo + 4),
                st.sampled_from([lo + 1.0, lo + 0.5, lo + 2.0]),
                st.sampled_from([lo + 1e-3, lo + 1e-2]),
                st.floats(lo + 4, lo + 40),
            ).map(lambda v: v if v > lo or (v == lo and self.closed_low) else lo + 1e-3)
        if lo is None:  # (-oo, hi)
            return st.one_of(
                st.floats(hi - 4, hi - 0.05), st.floats(hi - 4, hi - 0.05),
                st.sampled_from([hi - 1.0, hi - 0.5]),
                st.sampled_from([hi - 1e-3, hi - 1e-2]),
                st.floats(hi - 40, hi - 4),
            )
        width = hi - lo
        eps = min(1e-3, width * 1e-3)
        inner = st.floats(lo + width * 0.02, hi - width * 0.02)
        return st.one_of(
            inner, inner, inner,
            st.sampled_from([lo + width / 2, lo + width / 4]),
            st.sampled_from([lo + eps, hi - eps]),
        )

    def far_values(self) -> list[float]:
        """Values beyond :meth:`strategy`'s box, nearest first: far out on an unbounded
        side (a quarter past 1e2 and 1e6 past the bound or 0), within 1e-6 and 1e-9 (of
        the width) of an open end, a closed end itself, and integers 100 and 1000 past
        their bound.

        The search tries them after its moderate points, one symbol at a time, so that
        a claim false only out there (``Min(x, 100) == x``, which the box of about 40
        confirmed) is not confirmed.

        >>> Domain("positive", low=0.0).far_values()
        [1e-06, 100.25, 1e-09, 1000000.25]
        """
        lo, hi = self.low, self.high
        if self.integer:
            if lo is None:
                return [100, -100, 1000, -1000]
            first = math.floor(lo) + (1 if lo != math.floor(lo) or not self.closed_low else 0)
            return [first + 100, first + 1000]
        out: list[float] = [float(lo)] if lo is not None and self.closed_low else []
        opens: list[tuple[float, int, float]] = []  # (end, inwards, unit) of open ends
        sides: list[tuple[float, int]] = []  # (start, outwards) of unbounded sides
        if lo is None and hi is None:
            sides = [(0.0, 1), (0.0, -1)]
        elif hi is None:
            assert lo is not None
            sides = [(lo, 1)]
            if not self.closed_low:
                opens = [(lo, 1, max(1.0, abs(lo)))]
        elif lo is None:
            sides = [(hi, -1)]
            opens = [(hi, -1, max(1.0, abs(hi)))]
        else:
            opens = [(lo, 1, hi - lo)] if not self.closed_low else []
            opens.append((hi, -1, hi - lo))
        # A quarter past the round numbers: at an integer (or a half-integer) SymPy
        # evaluates gamma, factorial and rational powers exactly as the tree is built,
        # and gamma(10**6) is a 5.5-million-digit integer, which used up the point's time.
        for near, far in ((1e-6, 100.25), (1e-9, 1e6 + 0.25)):
            out += [end + inwards * near * unit for end, inwards, unit in opens]
            out += [start + outwards * far for start, outwards in sides]
        return [v for v in out if self.contains(v)]

    def midpoint(self) -> float:
        """A typical value (used when a search needs a start)."""
        if self.low is None and self.high is None:
            return 0.0
        if self.high is None:
            return float(self.low) + 1.0  # type: ignore[arg-type]
        if self.low is None:
            return self.high - 1.0
        return (self.low + self.high) / 2

    # -- reparametrisation for searches ------------------------------------
    def from_unbounded(self, v: float) -> float:
        """A bijection from the real line onto the domain (for Sup/Inf searches)."""
        lo, hi = self.low, self.high
        if lo is None and hi is None:
            return v
        if hi is None:
            return lo + math.exp(min(v, 700.0))  # type: ignore[operator]
        if lo is None:
            return hi - math.exp(min(v, 700.0))
        return lo + (hi - lo) / (1 + math.exp(-max(min(v, 700.0), -700.0)))

    def to_unbounded(self, x: float) -> float:
        lo, hi = self.low, self.high
        if lo is None and hi is None:
            return x
        if hi is None:
            return math.log(x - lo)  # type: ignore[operator]
        if lo is None:
            return math.log(hi - x)
        t = (x - lo) / (hi - lo)
        return math.log(t / (1 - t))

    def __str__(self) -> str:
        return self.name


_SIMPLE = {
    "real": Domain("real"),
    "positive": Domain("positive", low=0.0),
    "nonnegative": Domain("nonnegative", low=0.0, closed_low=True),
    "negative": Domain("negative", high=0.0),
    "probability": Domain("probability", low=0.0, high=1.0),
    "integer": Domain("integer", integer=True),
    "positive integer": Domain("positive integer", low=0.0, integer=True),
}


#: Largest magnitude of a finite interval bound.
MAX_BOUND = Fraction(10**12)
#: Longest domain text.
MAX_DOMAIN_TEXT = 200


def _bound(node: ast.AST) -> Fraction | None:
    """A number written in an interval bound: int/float literals, unary minus, a/b, oo."""
    value = _bound_value(node)
    if value is not None and abs(value) > MAX_BOUND:
        raise DomainError(f"interval bounds must be at most 1e12 in size, got {_show(value, '')}")
    return value


def _bound_value(node: ast.AST) -> Fraction | None:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        if not math.isfinite(node.value) or abs(node.value) > MAX_BOUND:
            raise DomainError("interval bounds must be at most 1e12 in size")
        return Fraction(str(node.value))
    if isinstance(node, ast.Name) and node.id == "oo":
        return None
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = _bound(node.operand)
        return None if inner is None else -inner
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        a, b = _bound(node.left), _bound(node.right)
        if a is None or b is None or b == 0:
            raise DomainError("interval bounds must be numbers")
        return a / b
    raise DomainError("interval bounds must be numbers (or oo)")


def parse_domain(text: object) -> Domain:
    """Parse a domain string of a claim file.

    Raises
    ------
    DomainError
        With a message naming the allowed domains.
    """
    if not isinstance(text, str):
        raise DomainError(f"a domain must be a string, got {type(text).__name__}")
    key = " ".join(text.strip().split())
    if key in _SIMPLE:
        return _SIMPLE[key]
    if key.startswith("interval(") and len(key) > MAX_DOMAIN_TEXT:
        raise DomainError(f"interval too long ({len(key)} characters; at most "
                          f"{MAX_DOMAIN_TEXT})")
    if key.startswith("interval(") and key.endswith(")"):
        try:
            node = ast.parse(key, mode="eval").body
        except SyntaxError as exc:
            raise DomainError(f"cannot read interval {text!r}") from exc
        if not (isinstance(node, ast.Call) and len(node.args) == 2 and not node.keywords):
            raise DomainError("interval takes two bounds: interval(a, b)")
        a, b = (_bound(x) for x in node.args)
        if (a is None and isinstance(node.args[0], ast.Name)) or (
            b is None and not isinstance(node.args[1], ast.Name)
        ):
            raise DomainError(f"interval {text!r}: the bounds run from -oo to oo")
        if a is not None and b is not None and not a < b:
            raise DomainError(f"empty interval {text!r}: need a < b")
        lo = None if a is None else float(a)
        hi = None if b is None else float(b)
        return Domain(f"interval({_show(a, '-oo')}, {_show(b, 'oo')})", low=lo, high=hi)
    shown = key if len(key) <= 40 else key[:40] + "..."
    raise DomainError(
        f"unknown domain {shown!r}: expected one of {', '.join(_SIMPLE)} or interval(a, b)"
    )


def _show(x: Fraction | None, inf: str) -> str:
    """A bound as a short exact fraction, or as the float it is when that would be long
    (1e-13 is 1/10000000000000); the text parses back to the same domain."""
    if x is None:
        return inf
    if x.denominator == 1:
        return str(x.numerator)
    if len(str(x.denominator)) > 8:
        return repr(float(x))
    return f"{x.numerator}/{x.denominator}"
