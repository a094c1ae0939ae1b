"""Time limits inside one process: an alarm that interrupts the body.

The claim engine puts one limit on a whole claim and, inside it, the search puts a
shorter one on each point, so that one point that is slow to evaluate (a quadrature
that subdivides for a minute) cannot use up the claim's time. Those are wall-clock
limits; the symbolic attempt has a limit in CPU time as well (:func:`cpu_limit`), so
that whether SymPy finishes a proof does not depend on the machine's load.
"""

from __future__ import annotations

import gc
import math
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["CheckTimeout", "cpu_limit", "time_limit"]


class CheckTimeout(Exception):
    """Raised by the alarm of :func:`time_limit` or :func:`cpu_limit`."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the body after ``seconds`` of wall-clock time with :class:`CheckTimeout`.

    Uses ``SIGALRM``, so it only limits the main thread of a POSIX process;
    elsewhere the body runs unlimited (the sandbox's process limit still holds).
    Limits nest: an inner limit never outlives an outer one, and the outer
    timer is re-armed when the inner body ends.
    """
    with _limit(seconds, "ITIMER_REAL", "SIGALRM", time.monotonic, "s"):
        yield


@contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """Interrupt the body after ``seconds`` of this process's CPU time with
    :class:`CheckTimeout` (``SIGPROF``), nesting like :func:`time_limit` and
    independent of it (a wall-clock limit around it still holds).

    A limit in CPU time gives the same verdict on a loaded machine as on a quiet
    one: an attempt that needs 1 s of CPU gets it however many processes share the
    cores, where a wall-clock limit would stop it at a load of 4.
    """
    with _limit(seconds, "ITIMER_PROF", "SIGPROF", time.process_time, "CPU s"):
        yield


@contextmanager
def _limit(seconds: float, timer_name: str, signal_name: str, clock: Callable[[], float],
           unit: str) -> Iterator[None]:
    usable = (hasattr(signal, "setitimer") and hasattr(signal, timer_name)
              and threading.current_thread() is threading.main_thread())
    if not usable or seconds <= 0 or math.isinf(seconds):
        yield
        return
    timer, signum = getattr(signal, timer_name), getattr(signal, signal_name)

    def on_alarm(signum: int, frame: Any) -> None:
        raise CheckTimeout(f"ran past its limit of {seconds:g} {unit}")

    # The alarm can fire inside a garbage-collection callback (Hypothesis times GC) or
    # a finaliser; Python swallows the CheckTimeout raised there and prints "Exception
    # ignored in ..." to stderr. Such a one is dropped silently: the repeating alarm
    # below raises it again in ordinary code, where it does stop the check.
    previous_hook = sys.unraisablehook

    def drop_timeouts(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, CheckTimeout):
            previous_hook(unraisable)

    outer_left, _ = signal.getitimer(timer)
    sys.unraisablehook = drop_timeouts
    previous = signal.signal(signum, on_alarm)
    start = clock()
    # The alarm repeats every 0.25 s until cleared: an exception raised inside a
    # finaliser or a callback is swallowed by Python, and a one-shot alarm would then
    # leave the check unlimited.
    signal.setitimer(timer, min(seconds, outer_left) if outer_left > 0 else seconds, 0.25)
    try:
        yield
    finally:
        signal.setitimer(timer, 0)
        signal.signal(signum, previous)
        sys.unraisablehook = previous_hook
        if outer_left > 0:
            left = outer_left - (clock() - start)
            signal.setitimer(timer, max(left, 1e-3), 0.25)


#: The collector's thresholds of a process that checks: SymPy allocates millions of
#: short-lived, acyclic objects, and Python's default (a collection every 700 net
#: allocations) spent 10 to 15% of the catalog's CPU time collecting them. Cycles are
#: still collected, a hundred times less often; a worker's memory limit still holds.
GC_THRESHOLDS = (100_000, 50, 100)


def fewer_collections() -> None:
    """Collect garbage at :data:`GC_THRESHOLDS` (in a worker, and in the ``probproof``
    program)."""
    gc.set_threshold(*GC_THRESHOLDS)
