"""Shared helpers for the catalog-2 tests (not collected: no ``test_`` prefix)."""

from __future__ import annotations

import multiprocessing as mp
import os

import sympy as sp

from probproof.checks.engine import check_relation
from probproof.derivations import load_all
from probproof.derivations.vocabulary import Expect
from probproof.numeric.confirmations import load_all as load_confirmations

#: Id prefixes of the catalog-2 topic modules.
PREFIXES = ("pixelcnn.", "gan.", "fdiv.", "jsd.", "free_energy.", "meanfield.", "gmm.",
            "kde.", "ebm.", "is.", "vi.")

RESULTS = load_all()
CONFIRMATIONS = load_confirmations()
MINE = sorted(rid for rid in RESULTS if rid.startswith(PREFIXES))
WORKERS = min(2, os.cpu_count() or 1)


def claims(result):
    """Every checkable link of a result: (label, lhs, rhs, relation)."""
    out = [("statement", result.statement.lhs, result.statement.rhs, result.statement.relation)]
    for i, f in enumerate(result.facts):
        out.append((f"fact{i}", f.lhs, f.rhs, f.relation))
    for d, der in enumerate(result.derivations):
        for s, (prev, step) in enumerate(der.links()):
            out.append((f"d{d}s{s}", prev, step.expr, step.relation))
    return out


def beyond_engine(*exprs) -> str | None:
    """Why the claim engine cannot decide a claim (None when it should): integrals over
    more than one variable and expectations over multivariate distributions."""
    for e in exprs:
        for n in sp.preorder_traversal(sp.sympify(e)):
            if isinstance(n, sp.Integral) and len(n.limits) > 1:
                return "engine: only single definite integrals"
            if isinstance(n, Expect) and any(d.dim > 1 for d in n.distributions):
                return "engine: expectations over 2-D distributions with a 2-D integrand"
    return None


def verdict(result, lhs, rhs, relation, seed=0, timeout=30.0):
    """The engine's verdict; an exception from the engine counts as not passed."""
    try:
        return check_relation(lhs, rhs, relation, result.domains, seed=seed, timeout=timeout)
    except Exception as exc:
        return exc


def _one(key):
    rid, label, timeout = key
    (lhs, rhs, rel), = [c[1:] for c in claims(RESULTS[rid]) if c[0] == label]
    v = verdict(RESULTS[rid], lhs, rhs, rel, timeout=timeout)
    if isinstance(v, Exception):
        return key, False, f"engine raised {v!r}"
    return key, bool(v.passed), f"{v.status}: {v.message} {v.counterexample}"


def _confirm(key):
    rid, index, wrong_label = key
    import warnings

    from test_catalog2_confirm import WRONG  # the wrong versions live with their tests

    method, fn = CONFIRMATIONS[rid][index]
    result = RESULTS[rid]
    if wrong_label is not None:
        (make,) = [m for lab, m in WRONG[rid] if lab == wrong_label]
        result = make()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            c = fn(result, 0)
        except Exception as exc:  # a confirmation that crashes has not confirmed anything
            return key, False, f"raised {exc!r}", method
    return key, bool(c.passed), c.detail, method


def run_parallel(fn, keys):
    """Map ``fn`` over ``keys`` in ``WORKERS`` forked processes (each its own main thread,
    so the engine's alarms work); returns {key: outcome}."""
    if WORKERS <= 1:
        return {k: fn(k)[1:] for k in keys}
    ctx = mp.get_context("fork")
    with ctx.Pool(WORKERS, initializer=_single_thread) as pool:
        return {r[0]: r[1:] for r in pool.imap_unordered(fn, keys, chunksize=1)}


def _single_thread():
    import torch

    torch.set_num_threads(1)
