"""Shared helpers for the catalog-2 tests (not collected: no ``test_`` prefix)."""

from __future__ import annotations

from probproof.checks.engine import check_relation
from probproof.derivations import load_all
from probproof.numeric.confirmations import load_all as load_confirmations

#: Id prefixes of the catalog-2 topic modules.
PREFIXES = ("pixelcnn.", "gan.", "fdiv.", "jsd.", "free_energy.", "meanfield.", "gmm.",
            "kde.", "ebm.", "is.", "vi.")

RESULTS = load_all()
CONFIRMATIONS = load_confirmations()
MINE = sorted(rid for rid in RESULTS if rid.startswith(PREFIXES))


def claims(result):
    """Every checkable link of a result: (label, lhs, rhs, relation)."""
    out = [("statement", result.statement.lhs, result.statement.rhs, result.statement.relation)]
    for i, f in enumerate(result.facts):
        out.append((f"fact{i}", f.lhs, f.rhs, f.relation))
    for d, der in enumerate(result.derivations):
        for s, (prev, step) in enumerate(der.links()):
            out.append((f"d{d}s{s}", prev, step.expr, step.relation))
    return out


def verdict(result, lhs, rhs, relation, seed=0):
    """The engine's verdict; an exception from the engine counts as not passed."""
    try:
        return check_relation(lhs, rhs, relation, result.domains, seed=seed, timeout=30.0)
    except Exception as exc:
        return exc
