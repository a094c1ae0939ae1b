"""Running the confirmations of the energy, divergence, mixture and mean-field topics on
their results and on wrong versions, each in its own process (not collected: no ``test_``
prefix). The Gaussian latent-variable topics have theirs in ``test_catalog_slips.py``."""

from __future__ import annotations

import importlib
import inspect
import os

from gaussian_model_ids import GAUSSIAN_MODEL_IDS

from probproof.checks import sandbox
from probproof.derivations import load_all
from probproof.numeric.confirmations import load_all as load_confirmations

#: The topic modules whose results are tested here, less ``GAUSSIAN_MODEL_IDS``
#: (``vi.amortised.*``, tested with the Gaussian topics).
TOPICS = ("pixelcnn", "gan", "fdiv", "jsd", "free_energy", "meanfield", "gmm", "kde",
          "ebm", "is_", "vi")

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


IDS = sorted(set().union(*(_ids_of(m) for m in TOPICS)) - set(GAUSSIAN_MODEL_IDS))
WORKERS = min(2, os.cpu_count() or 1)


def _confirm(key):
    rid, index, wrong_label = key
    import warnings

    from test_confirm_wrong_versions import WRONG  # the wrong versions live with their tests

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


def _in_worker(fn, key):
    _single_thread()
    return fn(key)[1:]


def run_parallel(fn, keys, hard_limit=90.0):
    """Map ``fn`` over ``keys``, each key in its own forked process (its own main thread,
    so the engine's alarms work), ``WORKERS`` at a time; a key whose process has not
    answered after ``hard_limit`` seconds is killed and reported as not passed.
    Returns {key: outcome}."""
    outcomes = sandbox.run_many([(_in_worker, (fn, key)) for key in keys], hard_limit,
                                jobs=WORKERS)
    return {key: (False, str(v), "") if isinstance(v, sandbox.WorkerFailed) else v
            for key, v in zip(keys, outcomes, strict=True)}


def _single_thread():
    import torch

    torch.set_num_threads(1)
