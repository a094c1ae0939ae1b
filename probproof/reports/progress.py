"""Progress of long runs (``verify``, ``report``) on stderr.

A counter with the current item is redrawn in place on a terminal; nothing is
written when stderr is not a terminal or when the caller asked for
machine-readable output (``--json``), so pipes and logs stay clean.
"""

from __future__ import annotations

import sys
import time
from typing import TextIO


class Progress:
    """A one-line ``[k/n] label (elapsed)`` counter.

    Parameters
    ----------
    total : int
        Number of items.
    enabled : bool or None
        ``None`` (default): on exactly when ``stream`` is a terminal.
    stream : file, optional
        Where to draw (default ``sys.stderr``).
    """

    def __init__(self, total: int, *, enabled: bool | None = None,
                 stream: TextIO | None = None) -> None:
        self.total = total
        self.stream = stream if stream is not None else sys.stderr
        if enabled is None:
            isatty = getattr(self.stream, "isatty", None)
            enabled = bool(isatty and isatty())
        self.enabled = enabled
        self.done = 0
        self._t0 = time.perf_counter()
        self._width = 0

    def start(self, label: str) -> None:
        """Show that item ``done + 1`` (``label``) is under way."""
        self._draw(f"[{self.done + 1}/{self.total}] {label}")

    def advance(self) -> None:
        """Count one item as done."""
        self.done += 1
        if self.done >= self.total:
            self.close()

    def close(self) -> None:
        """Erase the line, so that the next output starts on a clean line."""
        if self.enabled and self._width:
            self.stream.write("\r" + " " * self._width + "\r")
            self.stream.flush()
            self._width = 0

    def _draw(self, text: str) -> None:
        if not self.enabled:
            return
        line = f"{text}  ({time.perf_counter() - self._t0:.0f} s)"[:118]
        pad = max(0, self._width - len(line))
        self.stream.write("\r" + line + " " * pad)
        self.stream.flush()
        self._width = len(line)
