"""Shared helpers for the catalog-2 tests (not collected: no ``test_`` prefix)."""

from __future__ import annotations

import importlib
import inspect
import multiprocessing as mp
import os
import time

import sympy as sp

from probproof.checks.engine import check_relation
from probproof.derivations import load_all
from probproof.derivations.vocabulary import Expect
from probproof.numeric.confirmations import load_all as load_confirmations

#: The catalog-2 topic modules (catalog part 1 lives in other modules).
MODULES = ("pixelcnn", "gan", "fdiv", "jsd", "meanfield_free_energy", "meanfield", "gmm", "kde",
           "ebm", "vi")

RESULTS = load_all()
CONFIRMATIONS = load_confirmations()


def _ids_of(module_name: str) -> set[str]:
    """Ids of the results registered by one topic module (its @register factories)."""
    module = importlib.import_module(f"probproof.derivations.{module_name}")
    ids = set()
    for fn in vars(module).values():
        if (inspect.isfunction(fn) and fn.__module__ == module.__name__
                and inspect.get_annotations(fn).get("return") == "Result"
                and not inspect.signature(fn).parameters):
            ids.add(fn().id)
    return ids


MINE = sorted(set().union(*(_ids_of(m) for m in MODULES)))
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
            if isinstance(n, sp.Integral) and (len(n.limits) > 1
                                               or n.function.has(sp.Integral)):
                return "engine: only single (not nested) definite integrals"
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
    t0 = time.perf_counter()
    v = verdict(RESULTS[rid], lhs, rhs, rel, timeout=timeout)
    took = f" [{time.perf_counter() - t0:.1f} s]"
    if isinstance(v, Exception):
        return key, "exception", f"engine raised {v!r}{took}"
    return key, str(v.status), f"{v.status}: {v.message} {v.counterexample}{took}"


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


def _child(fn, key, conn):
    _single_thread()
    conn.send(fn(key)[1:])
    conn.close()


def run_parallel(fn, keys, hard_limit=90.0):
    """Map ``fn`` over ``keys``, each key in its own forked process (its own main thread,
    so the engine's alarms work), ``WORKERS`` at a time; a key whose process has not
    answered after ``hard_limit`` seconds is killed and reported as not passed.
    Returns {key: outcome}."""
    ctx = mp.get_context("fork")
    pending, running, out = list(keys), [], {}
    while pending or running:
        while pending and len(running) < WORKERS:
            key = pending.pop(0)
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(fn, key, send), daemon=True)
            proc.start()
            send.close()
            running.append((key, proc, recv, time.monotonic()))
        for item in list(running):
            key, proc, recv, t0 = item
            if recv.poll():
                try:
                    out[key] = recv.recv()
                except EOFError:
                    out[key] = (False, "worker died without an answer", "")
                proc.join()
                running.remove(item)
            elif not proc.is_alive() and not recv.poll():
                out[key] = (False, f"worker exited with code {proc.exitcode}", "")
                running.remove(item)
            elif time.monotonic() - t0 > hard_limit:
                proc.kill()
                proc.join()
                out[key] = (False, f"no answer within {hard_limit:.0f} s (killed)", "")
                running.remove(item)
        time.sleep(0.01)
    return {k: v[:2] if fn is _one else v for k, v in out.items()}


def _single_thread():
    import torch

    torch.set_num_threads(1)
