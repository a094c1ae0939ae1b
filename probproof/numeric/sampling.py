"""Random points of a parameter space: the one sampler of a domain that the catalog's
confirmations share.

A domain is given by its bounds (``low``/``high``, ``None`` when unbounded) and whether
it holds integers only, as :class:`probproof.numeric.evaluate.Domain` describes it
(``checks.domains.Domain`` has these fields; ``numeric`` may not import ``checks``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import sympy as sp

#: Half-width, in log scale, of the draws of a half-bounded domain: its values lie
#: between ``e^-2.5`` and ``e^2.5`` away from the bound (edges and middle both).
LOG_SPREAD = 2.5
#: Fraction of a bounded interval's width kept clear of each end (a density
#: parameter at the very edge of its domain is a different, degenerate question).
EDGE = 0.02


@dataclass(frozen=True)
class Bounds:
    """A domain as the sampler and the evaluator see it (open bounds)."""

    low: float | None = None
    high: float | None = None
    integer: bool = False


_NAMED = {
    "real": Bounds(),
    "positive": Bounds(low=0.0),
    "nonnegative": Bounds(low=0.0),
    "negative": Bounds(high=0.0),
    "probability": Bounds(low=0.0, high=1.0),
    "integer": Bounds(integer=True),
    "positive integer": Bounds(low=0.0, integer=True),
}


def bounds(domain: str) -> Bounds:
    """The bounds of a domain written as in a claim file (``"positive"``,
    ``"interval(-1, 1/2)"``, ...). Catalog results carry their domains as such strings;
    claim files are parsed by ``checks.domains``, which reports bad input.

    Raises
    ------
    ValueError
        For a domain that is not one of the names or an ``interval(a, b)``.
    """
    key = " ".join(domain.strip().split())
    if key in _NAMED:
        return _NAMED[key]
    if key.startswith("interval(") and key.endswith(")") and key.count(",") == 1:
        a, b = (_bound(t) for t in key[len("interval("):-1].split(","))
        return Bounds(low=a, high=b)
    raise ValueError(f"unknown domain {domain!r}")


def _bound(text: str) -> float | None:
    text = text.strip()
    if text in ("oo", "-oo"):
        return None
    return float(Fraction(text))  # no evaluation of the text as an expression


def draw(low: float | None, high: float | None, integer: bool,
         rng: np.random.Generator) -> float:
    """One value of the domain ``(low, high)`` (integers only if ``integer``), from its
    middle and towards its edges both."""
    if integer:
        lo = -8 if low is None else math.floor(low) + 1
        hi = (lo + 8 if low is not None else 8) if high is None else math.ceil(high) - 1
        if high is not None and low is None:
            lo = hi - 8
        return float(rng.integers(lo, hi + 1))
    if low is not None and high is not None:
        margin = EDGE * (high - low)
        return float(rng.uniform(low + margin, high - margin))
    if low is not None:
        return low + float(np.exp(rng.uniform(-LOG_SPREAD, LOG_SPREAD)))
    if high is not None:
        return high - float(np.exp(rng.uniform(-LOG_SPREAD, LOG_SPREAD)))
    return float(rng.normal(0, 1.5) if rng.uniform() < 0.5 else rng.uniform(-6, 6))


def draw_point(symbols: Iterable[sp.Symbol], domains: Mapping[str, str],
               rng: np.random.Generator) -> dict[sp.Symbol, float]:
    """A value for each symbol in its declared domain (``real`` if none is declared).

    Symbols are drawn in the order of their names: a set of symbols iterates in an order
    that changes with Python's hash seed, and seeded draws assigned in that order would
    give different points from one run to the next.
    """
    out = {}
    for s in sorted(symbols, key=lambda s: s.name):
        b = bounds(domains.get(s.name, "real"))
        out[s] = draw(b.low, b.high, b.integer, rng)
    return out
