"""Where a command writes: checked before the work, so that a path it cannot write is one
line at once, not a traceback after a run of many minutes.

>>> try:
...     output_directory("/proc/no/such", "--report")
... except OutputError as exc:
...     print(exc)
--report /proc/no/such: cannot create the directory: No such file or directory
"""

from __future__ import annotations

import os
from pathlib import Path


class OutputError(Exception):
    """An output path the command cannot write; its message is the one line shown."""


def output_directory(path: str, option: str) -> Path:
    """``path`` as a directory that exists (made, with its parents) and can be written.

    Raises
    ------
    OutputError
        It cannot be made (an existing file in the way, no permission) or written.
    """
    directory = Path(path)
    if directory.exists() and not directory.is_dir():
        raise OutputError(f"{option} {path}: is a file, not a directory")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(f"{option} {path}: cannot create the directory: "
                          f"{exc.strerror or exc}") from None
    if not os.access(directory, os.W_OK | os.X_OK):
        raise OutputError(f"{option} {path}: the directory cannot be written")
    return directory


def output_file(path: str, option: str) -> Path:
    """``path`` as a file that can be written: not a directory, in a directory that exists
    and can be written (the file itself is not created yet).

    Raises
    ------
    OutputError
        Any of those fails.
    """
    file = Path(path)
    if file.is_dir():
        raise OutputError(f"{option} {path}: is a directory, not a file")
    parent = file.parent if str(file.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(f"{option} {path}: no such directory: {parent}")
    if not os.access(parent, os.W_OK | os.X_OK) or (file.exists()
                                                     and not os.access(file, os.W_OK)):
        raise OutputError(f"{option} {path}: cannot be written (permission denied)")
    return file
