"""Small files that outlive a process: where they go, and how they are written.

Claims are checked in fresh worker processes, so anything a process computes once
(mpmath's Gauss-Legendre nodes take seconds) is lost with it; the files here keep such
results between processes and runs. A cache that cannot be read or written is only
slower, never an error.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any


def cache_dir() -> Path:
    """``$PROBPROOF_CACHE_DIR``, else ``$XDG_CACHE_HOME/probproof``, else ``~/.cache/probproof``."""
    base = os.environ.get("PROBPROOF_CACHE_DIR")
    if base:
        return Path(base)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "probproof"


def json_cached(name: str, compute: Callable[[], Any]) -> Any:
    """The JSON value kept in ``cache_dir() / name``, computed and written when absent.

    Written atomically (a temporary file renamed), so that parallel workers never read
    half a file. JSON, not pickle: a file in a cache directory is not trusted with code.
    """
    path = cache_dir() / name
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name, suffix=".tmp")
        with os.fdopen(fd, "w") as f:
            json.dump(value, f)
        os.replace(tmp, path)
    except OSError:
        pass
    return value
