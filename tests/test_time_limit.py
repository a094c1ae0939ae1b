"""The time limit's alarm may fire anywhere, including inside a garbage-collection
callback, where Python cannot propagate the exception (issue 16)."""

from __future__ import annotations

import gc
import sys
import time

import pytest

from probproof.checks.engine import CheckTimeout, time_limit


def test_an_alarm_inside_a_gc_callback_prints_nothing_and_still_stops_the_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    swallowed: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: swallowed.append(u.exc_value))
    in_callback: list[bool] = []

    def slow_gc_callback(phase: str, info: dict) -> None:
        # Python code that outlives the limit, so the alarm's handler runs in here.
        if phase == "start":
            in_callback.append(True)
            t_end = time.monotonic() + 0.4
            while time.monotonic() < t_end:
                pass

    gc.callbacks.append(slow_gc_callback)
    t0 = time.monotonic()
    try:
        with pytest.raises(CheckTimeout), time_limit(0.1):
            gc.collect()
            while True:  # the limit must still end the body
                time.sleep(0.01)
    finally:
        gc.callbacks.remove(slow_gc_callback)
    assert in_callback
    assert time.monotonic() - t0 < 2
    assert swallowed == []


def test_other_unraisable_exceptions_are_still_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[BaseException | None] = []
    monkeypatch.setattr(sys, "unraisablehook", lambda u: seen.append(u.exc_value))

    class Broken:
        def __del__(self) -> None:
            raise ValueError("from a finaliser")

    with time_limit(5):
        Broken()
    assert len(seen) == 1 and isinstance(seen[0], ValueError)


def _spin(seconds: float) -> None:
    """Use ``seconds`` of CPU time."""
    end = time.process_time() + seconds
    while time.process_time() < end:
        pass


def test_a_cpu_limit_counts_cpu_time_not_waiting() -> None:
    from probproof.checks.limits import cpu_limit

    t0 = time.monotonic()
    with cpu_limit(0.3):
        time.sleep(0.6)  # waiting (as on a loaded machine) uses no CPU: no alarm
    assert time.monotonic() - t0 >= 0.6
    c0 = time.process_time()
    with pytest.raises(CheckTimeout, match="CPU"), cpu_limit(0.2):
        _spin(5)
    assert time.process_time() - c0 < 2


def test_cpu_and_wall_limits_nest_and_each_still_fires() -> None:
    from probproof.checks.limits import cpu_limit

    # The wall limit outside fires while the CPU limit inside waits for CPU time.
    t0 = time.monotonic()
    with pytest.raises(CheckTimeout), time_limit(0.3), cpu_limit(10):
        time.sleep(3)
    assert time.monotonic() - t0 < 2
    # An inner CPU limit that ends re-arms the outer one, which still fires.
    c0 = time.process_time()
    with pytest.raises(CheckTimeout), cpu_limit(0.4):
        with cpu_limit(10):
            _spin(0.1)
        _spin(5)
    assert time.process_time() - c0 < 2
    # No alarm is left armed after the limits end.
    import signal

    assert signal.getitimer(signal.ITIMER_PROF)[0] == 0
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0


def test_the_symbolic_attempt_is_limited_in_cpu_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """A symbolic attempt that waits (as SymPy does on a loaded machine) past its
    budget in wall seconds is not stopped by it: only CPU time counts (up to half the
    claim's time limit in wall time), so a proof does not turn `confirmed` under load."""
    import sympy as sp

    from probproof.checks import engine, symbolic
    from probproof.checks.verdict import Status

    real_prove = symbolic.prove

    def slow_prove(lhs, rhs, relation):
        time.sleep(1.0)  # wall time without CPU time: what a loaded machine looks like
        return real_prove(lhs, rhs, relation)

    monkeypatch.setattr(symbolic, "prove", slow_prove)
    monkeypatch.setattr(engine, "SYMBOLIC_SECONDS", 0.5)
    x = sp.Symbol("x")
    lhs, rhs = (x + 1) ** 2, x**2 + 2 * x + 1
    v = engine.check_relation(lhs, rhs, "==", {"x": "real"}, timeout=10)
    assert v.status is Status.PROVED and "SymPy" in v.message
    # A budget of CPU seconds still stops an attempt that computes.
    monkeypatch.setattr(symbolic, "prove", lambda *a: _spin(5))
    v = engine.check_relation(lhs, rhs, "==", {"x": "real"}, timeout=10)
    assert v.status is Status.CONFIRMED and "stopped after 0.5 CPU s" in v.message
