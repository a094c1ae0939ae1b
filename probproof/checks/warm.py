"""Warm the process that forks the claim workers, once, before the first fork.

Every claim of a file runs in a fresh worker forked from the calling process
(isolation: a hard kill on the time limit, a memory limit, nothing one claim
does reaches another). A worker forked from a cold process pays, for every
claim, the first-use costs that the process never paid: SymPy's assumption and
printing machinery, the code generation behind ``lambdify``, Hypothesis's
engine, scipy's quadrature set-up. :func:`warm_up` pays them once in the
parent, by checking a few fixed claims in-process, so that every worker starts
from a process where they are already paid (the zygote of a fork server, with
the caller as the zygote). The workers stay fresh: they all start from the same
warmed state, and nothing a worker does comes back.

Torch is not imported: no warm-up claim needs it, and a parent that has run
torch's thread pool makes every fork pay for it.
"""

from __future__ import annotations

import contextlib
import tempfile
import time
from collections.abc import Iterator

#: Claims every kind of check passes through: parsing, a symbolic proof with its
#: numeric spot check (quadrature of an expectation), a numeric search that confirms
#: an inequality, a derivative, a sum. All are true and quick (about a second each, cold).
WARM_CLAIMS: tuple[tuple[str, dict[str, str]], ...] = (
    ("KL(Normal(mu, s), Normal(0, 1)) == (mu**2 + s**2 - 1)/2 - log(s)",
     {"mu": "real", "s": "positive"}),
    ("Expect(z**2, z, Normal(m, 1)) == m**2 + 1", {"m": "real"}),
    ("exp(x) >= 1 + x", {"x": "real"}),
    ("diff(log(1 + exp(x)), x) == sigmoid(x)", {"x": "real"}),
    ("Sum(p**k, (k, 0, 3)) == (1 - p**4)/(1 - p)", {"p": "probability"}),
)

#: Seconds allowed to the whole warm-up: a slow machine may leave part of it undone,
#: never hold the caller up for long.
WARM_SECONDS = 8.0

_warm = False


def warm_up(seconds: float = WARM_SECONDS) -> float:
    """Check :data:`WARM_CLAIMS` in this process, the first time only, in at most
    ``seconds`` (and :data:`WARM_SECONDS`).

    Returns the seconds spent (0 after the first call). A warm-up claim that fails
    or runs out of time is ignored: the warm-up is an optimisation, never a verdict.
    """
    global _warm
    if _warm:
        return 0.0
    _warm = True
    from probproof.checks import sandbox

    if not sandbox.fork_available():  # the checks run in this process anyway
        return 0.0
    from probproof.checks.api import _check_in_process
    from probproof.checks.domains import parse_domain

    t0 = time.perf_counter()
    with _hypothesis_home_elsewhere():
        for statement, symbols in WARM_CLAIMS:
            left = min(seconds, WARM_SECONDS) - (time.perf_counter() - t0)
            if left <= 0.5:
                break
            try:
                _check_in_process(statement, {k: parse_domain(v) for k, v in symbols.items()},
                                  0, left)
            except Exception:  # an optimisation must not stop the run
                continue
    return time.perf_counter() - t0


@contextlib.contextmanager
def _hypothesis_home_elsewhere() -> Iterator[None]:
    """Hypothesis caches what it learns under ``./.hypothesis``: the warm-up runs in
    the caller's process and must not write into the caller's folder (the workers
    keep theirs in the run's temporary folder, see :mod:`probproof.checks.sandbox`)."""
    try:
        from hypothesis import configuration
    except ImportError:  # hypothesis absent: nothing will be written
        yield
        return
    # The caller's own setting (None: the default), restored afterwards.
    previous = getattr(configuration, "__hypothesis_home_directory", None)
    with tempfile.TemporaryDirectory(prefix="probproof-warm-") as home:
        configuration.set_hypothesis_home_dir(home)
        try:
            yield
        finally:
            configuration.set_hypothesis_home_dir(previous)
