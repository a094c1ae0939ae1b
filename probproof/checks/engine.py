"""The claim engine's entry point for SymPy expressions.

``check_relation(lhs, rhs, relation, domains)`` is what ``probproof check``,
``probproof.check`` and the catalog's step checker all call.

PROVISIONAL: this first version handles plain SymPy expressions (no
functionals); the full engine replaces its body behind the same signature.
"""

from __future__ import annotations

import random
import time
from collections.abc import Mapping

import sympy as sp

from probproof.checks.verdict import Counterexample, Status, Verdict


def check_relation(
    lhs: sp.Basic,
    rhs: sp.Basic,
    relation: str = "==",
    domains: Mapping[str, str] | None = None,
    *,
    seed: int = 0,
    timeout: float = 20.0,
) -> Verdict:
    """Decide ``lhs relation rhs`` for all values of the symbols in their domains.

    Parameters
    ----------
    lhs, rhs : sympy.Basic
        Expressions (or matrices, for ``==``) built from SymPy and
        :mod:`probproof.derivations.vocabulary`. Free symbols are matched to
        ``domains`` by name; their own assumptions are ignored.
    relation : {"==", "<=", ">=", "<", ">"}
    domains : mapping of str to str
        Symbol name -> domain, as in claim files (``"real"``, ``"positive"``,
        ``"interval(0, 1)"``, ...). Every free symbol needs one.
    seed : int
        Makes the numeric search deterministic.
    timeout : float
        Seconds for the whole check; a check that runs out is ``undecided``.

    Returns
    -------
    Verdict
    """
    t0 = time.perf_counter()
    domains = dict(domains or {})
    syms = {s.name: s for s in (sp.sympify(lhs) - sp.sympify(rhs)).free_symbols}
    missing = sorted(set(syms) - set(domains))
    if missing:
        return Verdict(Status.ERROR, message=f"undeclared symbol(s): {', '.join(missing)}")
    diff = sp.simplify(sp.sympify(lhs).doit() - sp.sympify(rhs).doit())
    if relation == "==" and (diff == 0 or (hasattr(diff, "is_zero_matrix") and diff.is_zero_matrix)):
        return Verdict(Status.PROVED, ["symbolic"], "lhs - rhs simplifies to 0",
                       seconds=time.perf_counter() - t0)
    rng = random.Random(seed)
    worst = 0.0
    for _ in range(20):
        point = {s: sp.Float(rng.uniform(0.1, 3.0)) for s in syms.values()}
        lv = complex(sp.sympify(lhs).doit().evalf(30, subs=point)) if not hasattr(lhs, "shape") else None
        rv = complex(sp.sympify(rhs).doit().evalf(30, subs=point)) if not hasattr(rhs, "shape") else None
        if lv is None or rv is None:
            return Verdict(Status.UNDECIDED, message="matrices need the full engine")
        err = abs(lv - rv)
        ok = {"==": err <= 1e-9 * max(1, abs(lv), abs(rv)), "<=": lv.real <= rv.real + 1e-9,
              ">=": lv.real >= rv.real - 1e-9, "<": lv.real < rv.real, ">": lv.real > rv.real}[relation]
        if not ok:
            return Verdict(Status.REFUTED, ["numeric"], counterexample=Counterexample(
                {k: float(v) for k, v in ((s.name, point[s]) for s in syms.values())}, lv, rv),
                seconds=time.perf_counter() - t0)
        worst = max(worst, err)
    return Verdict(Status.CONFIRMED, ["numeric"], f"20 points agreed", trials=20, max_error=worst,
                   seconds=time.perf_counter() - t0)
