"""Claims of the conformance suite, each labelled true or false by its reference.

A row of ``table.py`` gives one true claim and, through the named mutations,
its wrong versions. Every claim (the unmutated one included) is labelled by
evaluating its right side (SymPy ``lambdify`` to mpmath at 30 digits, on OUR
trusted text, never through probproof) against the row's reference at six
parameter points that reach near the edges of each domain (shapes near 0.05
and up to 1000, probabilities near 0 and 1):

- ``true`` when they agree within 1e-8 relative at every point,
- ``false`` when they differ by more than 1e-6 relative at some point,
- ``None`` (ambiguous: dropped from the suite, counted by the tests) otherwise.
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass

import mpmath as mp
import references as R
import sympy as sp
from mutations import GENERIC, name_of
from table import ROWS, Row

#: Parameter values per domain; point i takes entry (i + shift) of each symbol's
#: list (see points), so that the points mix small and large values.
DOMAIN_VALUES: dict[str, tuple] = {
    "real": (-1.3, 0.4, 2.5, -7.0, 0.05, 11.0),
    "positive": (0.05, 0.8, 2.0, 7.5, 1000.0, 0.3),
    "probability": (0.01, 0.3, 0.5, 0.77, 0.999, 0.2),
    "positive integer": (1, 2, 7, 40, 300, 3),
    "interval(-1, 1)": (-0.9, -0.2, 0.3, 0.95, 0.0, 0.6),
    "interval(0, 1)": (0.05, 0.4, 0.7, 0.95, 0.2, 0.6),
}
N_POINTS = 6
AGREE = 1e-8
DIFFER = 1e-6

_SYMPY_NAMES = {
    "loggamma": sp.loggamma,
    "digamma": sp.digamma,
    "gamma": sp.gamma,
    "binomial": sp.binomial,
    "erf": sp.erf,
    "lowergamma": sp.lowergamma,
    "uppergamma": sp.uppergamma,
    "Abs": sp.Abs,
    "log": sp.log,
    "exp": sp.exp,
    "sqrt": sp.sqrt,
    "pi": sp.pi,
    "oo": sp.oo,
    "EulerGamma": sp.EulerGamma,
}


@dataclass(frozen=True)
class Claim:
    id: str
    statement: str
    symbols: dict[str, str]
    expect: str  # "true" / "false"
    row: str
    mutation: str  # "" for the row's true claim


def points(row: Row) -> list[dict[str, float]]:
    """Six points; symbol j takes entry (i + shift_j) of its list at point i.

    Symbols of one domain get distinct shifts, so they never take the same
    value at a point (with equal values, y == mu or a swap of s and f would
    make a wrong form agree everywhere and be labelled true)."""
    shifts: dict[str, int] = {}
    taken: dict[str, set[int]] = {}
    out = []
    for j, (name, dom) in enumerate(sorted(row.symbols.items())):
        vals = row.values[name] if name in row.values else DOMAIN_VALUES[dom]
        used = taken.setdefault(dom if name not in row.values else name, set())
        k = (2 * j) % len(vals)
        while k in used and len(used) < len(vals):
            k = (k + 1) % len(vals)
        used.add(k)
        shifts[name] = k
    for i in range(N_POINTS):
        pt = {}
        for name, dom in sorted(row.symbols.items()):
            vals = row.values[name] if name in row.values else DOMAIN_VALUES[dom]
            pt[name] = vals[(i + shifts[name]) % len(vals)]
        out.append(pt)
    return out


@functools.cache
def _compiled(rhs: str, names: tuple[str, ...]):
    # Our own trusted table text (not claim input): parse_expr is fine here.
    local = dict(_SYMPY_NAMES)
    local.update({n: sp.Symbol(n) for n in names})
    expr = sp.parse_expr(rhs, local_dict=local, evaluate=True)
    return sp.lambdify([sp.Symbol(n) for n in names], expr, modules="mpmath")


def evaluate_rhs(rhs: str, pt: dict[str, float]) -> float:
    names = tuple(sorted(pt))
    with mp.workdps(30):
        try:
            val = _compiled(rhs, names)(*[mp.mpf(pt[n]) for n in names])
        except (ZeroDivisionError, ValueError, OverflowError):
            return math.nan
        if isinstance(val, mp.mpc):
            return math.nan if abs(val.imag) > 1e-20 * (1 + abs(val.real)) else float(val.real)
        return float(val)


_REFERENCES: dict[str, tuple[float, ...]] = {}


@R.precise
def reference_values(row: Row) -> tuple[float, ...]:
    """The row's reference at its points (computed once per row)."""
    if row.id not in _REFERENCES:
        _REFERENCES[row.id] = tuple(float(row.ref(pt)) for pt in points(row))
    return _REFERENCES[row.id]


def compare(got: float, ref: float) -> str:
    """'agree', 'differ' or 'unclear' for one point."""
    if math.isnan(got) or math.isnan(ref):
        return "unclear"
    if math.isinf(ref) or math.isinf(got):
        return "agree" if got == ref else "differ"
    d = abs(got - ref)
    if d <= AGREE * abs(ref) + 1e-12:
        return "agree"
    if d > DIFFER * abs(ref) + 1e-9:
        return "differ"
    return "unclear"


def label(row: Row, rhs: str) -> str | None:
    outcomes = [
        compare(evaluate_rhs(rhs, pt), ref)
        for pt, ref in zip(points(row), reference_values(row), strict=True)
    ]
    if all(o == "agree" for o in outcomes):
        return "true"
    if "differ" in outcomes:
        return "false"
    return None


ROW_BY_ID = {r.id: r for r in ROWS}


def variants(row: Row) -> list[tuple[str, str]]:
    """(mutation name, rhs) for the row's true form and each wrong version."""
    out = [("", row.rhs)]
    seen = {row.rhs}
    for m in (*(GENERIC if row.generic else ()), *row.wrong):
        rhs = m(row.rhs)
        if rhs is not None and rhs not in seen:
            seen.add(rhs)
            out.append((name_of(m), rhs))
    return out


def claims(rows: list[Row] | None = None) -> tuple[list[Claim], list[tuple[str, str]]]:
    """Every labelled claim, and the (row, mutation) pairs left out as ambiguous."""
    out, dropped = [], []
    for row in rows if rows is not None else ROWS:
        for k, (mname, rhs) in enumerate(variants(row)):
            lab = label(row, rhs)
            if lab is None:
                dropped.append((row.id, mname or "true"))
                continue
            cid = row.id if k == 0 else f"{row.id}.w{k}"
            out.append(Claim(cid, f"{row.lhs} == {rhs}", dict(row.symbols), lab, row.id, mname))
    return out, dropped


def to_toml(cs: list[Claim]) -> str:
    """The claims as a claim file (per-claim symbols)."""
    lines = ["# Generated by tests/conformance/generate.py: do not edit.", ""]
    for c in cs:
        syms = ", ".join(f'{k} = "{v}"' for k, v in sorted(c.symbols.items()))
        lines += [
            "[[claim]]",
            f'id = "{c.id}"',
            f'statement = "{c.statement}"',
            f'expect = "{c.expect}"',
            f"symbols = {{ {syms} }}",
            f'source = "conformance {c.row} {c.mutation or "true"}"',
            "",
        ]
    return "\n".join(lines)


if __name__ == "__main__":
    import sys

    cs, dropped = claims()
    if len(sys.argv) > 1:
        with open(sys.argv[1], "w") as fh:
            fh.write(to_toml(cs))
    print(
        f"{len(cs)} claims ({sum(c.expect == 'true' for c in cs)} true), "
        f"{len(dropped)} ambiguous dropped: {dropped}"
    )
    bad = [c.id for c in cs if c.mutation == "" and c.expect != "true"]
    print("rows whose closed form the reference rejects:", bad)
