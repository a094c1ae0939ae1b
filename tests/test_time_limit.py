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
