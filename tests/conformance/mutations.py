"""Named mutations that turn a true closed form into a plausible wrong one.

Each mutation is a small function ``rhs text -> rhs text or None`` (None: does
not apply); they compose (``compose(swap("a", "b"), neg)``). Only the right
side is mutated, so the reference value of the left side stays the truth the
mutant is labelled against.
"""

from __future__ import annotations

import re
from collections.abc import Callable

Mutation = Callable[[str], "str | None"]


def neg(rhs: str) -> str | None:
    """Sign flip of the whole closed form."""
    return None if rhs in ("oo", "0") else f"-({rhs})"


def twice(rhs: str) -> str | None:
    """A forgotten 1/2 (the form doubled)."""
    return None if rhs in ("oo", "0") else f"2*({rhs})"


def rel_1e4(rhs: str) -> str | None:
    """A constant off by 1e-4 relative: beyond the stated resolution of 1e-6."""
    return None if rhs in ("oo", "0") else f"({rhs})*(1 + 1/10000)"


def sub(old: str, new: str) -> Mutation:
    """Replace the text ``old`` by ``new`` (a slip in one term)."""

    def mutate(rhs: str) -> str | None:
        return rhs.replace(old, new) if old in rhs else None

    mutate.__name__ = f"sub[{old}->{new}]"
    return mutate


def word(name: str, new: str) -> Mutation:
    """Replace the symbol ``name`` (whole word) by ``new``: rate read as scale
    (``word("lam", "(1/lam)")``), an off-by-one (``word("n", "(n - 1)")``)."""
    pat = re.compile(rf"\b{re.escape(name)}\b")

    def mutate(rhs: str) -> str | None:
        return pat.sub(new, rhs) if pat.search(rhs) else None

    mutate.__name__ = f"word[{name}->{new}]"
    return mutate


def swap(a: str, b: str) -> Mutation:
    """Exchange two symbols: swapped arguments of KL or of a family."""
    pa, pb = re.compile(rf"\b{re.escape(a)}\b"), re.compile(rf"\b{re.escape(b)}\b")

    def mutate(rhs: str) -> str | None:
        if not (pa.search(rhs) or pb.search(rhs)):
            return None
        return pb.sub(a, pa.sub("\0", rhs)).replace("\0", b)

    mutate.__name__ = f"swap[{a},{b}]"
    return mutate


def swap_many(*pairs: tuple[str, str]) -> Mutation:
    """Several exchanges at once (all parameters of P with those of Q)."""

    def mutate(rhs: str) -> str | None:
        out = rhs
        for a, b in pairs:
            out = swap(a, b)(out) or out
        return out if out != rhs else None

    mutate.__name__ = "swap[" + ";".join(f"{a},{b}" for a, b in pairs) + "]"
    return mutate


def const(text: str) -> Mutation:
    """A different closed form altogether (e.g. a finite value for an infinite KL)."""

    def mutate(rhs: str) -> str | None:
        return text if text != rhs else None

    mutate.__name__ = f"const[{text}]"
    return mutate


#: Applied to every row whose closed form is finite.
GENERIC: tuple[Mutation, ...] = (neg, twice, rel_1e4)


def name_of(m: Mutation) -> str:
    return m.__name__
