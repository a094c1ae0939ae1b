"""Time limits inside one process: an alarm that interrupts the body.

The claim engine puts one limit on a whole claim and, inside it, the search puts a
shorter one on each point, so that one point that is slow to evaluate (a quadrature
that subdivides for a minute) cannot use up the claim's time.
"""

from __future__ import annotations

import math
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

__all__ = ["CheckTimeout", "time_limit"]


class CheckTimeout(Exception):
    """Raised by the alarm of :func:`time_limit`."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the body after ``seconds`` with :class:`CheckTimeout`.

    Uses ``SIGALRM``, so it only limits the main thread of a POSIX process;
    elsewhere the body runs unlimited (the sandbox's process limit still holds).
    Limits nest: an inner limit never outlives an outer one, and the outer
    timer is re-armed when the inner body ends.
    """
    usable = (hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable or seconds <= 0 or math.isinf(seconds):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise CheckTimeout(f"ran past its limit of {seconds:g} s")

    # The alarm can fire inside a garbage-collection callback (Hypothesis times GC) or
    # a finaliser; Python swallows the CheckTimeout raised there and prints "Exception
    # ignored in ..." to stderr. Such a one is dropped silently: the repeating alarm
    # below raises it again in ordinary code, where it does stop the check.
    previous_hook = sys.unraisablehook

    def drop_timeouts(unraisable: Any) -> None:
        if not isinstance(unraisable.exc_value, CheckTimeout):
            previous_hook(unraisable)

    outer_left, _ = signal.getitimer(signal.ITIMER_REAL)
    sys.unraisablehook = drop_timeouts
    previous = signal.signal(signal.SIGALRM, on_alarm)
    start = time.monotonic()
    # The alarm repeats every 0.25 s until cleared: an exception raised inside a
    # finaliser or a callback is swallowed by Python, and a one-shot alarm would then
    # leave the check unlimited.
    signal.setitimer(signal.ITIMER_REAL, min(seconds, outer_left) if outer_left > 0 else seconds,
                     0.25)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        sys.unraisablehook = previous_hook
        if outer_left > 0:
            left = outer_left - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3), 0.25)
