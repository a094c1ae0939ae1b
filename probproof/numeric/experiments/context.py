"""What an experiment receives: output folder, seed, device, size, progress."""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO


class Progress:
    """A minimal progress bar on a terminal; silent when disabled.

    Parameters
    ----------
    total : int
        Number of steps.
    description : str
        Label printed before the bar.
    enabled : bool
        When false every method is a no-op (pipes, ``--json``, tests).
    stream : TextIO
        Where the bar goes; stderr so that stdout stays machine-readable.
    """

    def __init__(
        self, total: int, description: str, enabled: bool, stream: TextIO | None = None
    ) -> None:
        self.total = max(int(total), 1)
        self.description = description
        self.enabled = enabled
        self.stream = stream if stream is not None else sys.stderr
        self.count = 0
        self._last_draw = 0.0

    def update(self, n: int = 1) -> None:
        """Advance by ``n`` steps and redraw at most ten times a second."""
        self.count += n
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self._last_draw < 0.1 and self.count < self.total:
            return
        self._last_draw = now
        width = 30
        filled = int(width * min(self.count, self.total) / self.total)
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r{self.description} [{bar}] {self.count}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line."""
        if self.enabled:
            self.stream.write("\n")
            self.stream.flush()

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass
class RunContext:
    """Settings of one run of an experiment.

    Attributes
    ----------
    output_dir : Path
        Folder receiving the figures; created by the caller.
    seed : int
        Seed of every random draw; a run on CPU is a function of it.
    device : str
        ``"cpu"`` or ``"cuda"``, for the torch parts.
    quick : bool
        Small version for tests and CI.
    show_progress : bool
        Draw progress bars on stderr.
    mnist : Path or None
        Local MNIST (IDX folder or ``mnist.npz``), for the digit experiments.
    figures : list of str
        File names of the figures written so far, filled by :meth:`figure_path`.
    """

    output_dir: Path
    seed: int = 0
    device: str = "cpu"
    quick: bool = False
    show_progress: bool = False
    mnist: Path | None = None
    figures: list[str] = field(default_factory=list)

    def figure_path(self, name: str) -> Path:
        """Return the path of figure ``name`` and record it."""
        self.figures.append(name)
        return self.output_dir / name

    def progress(self, total: int, description: str) -> Progress:
        """A progress bar over ``total`` steps, drawn only when enabled."""
        return Progress(total, description, self.show_progress)
