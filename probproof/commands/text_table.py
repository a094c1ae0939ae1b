"""Plain-text tables for the terminal whose last column wraps instead of being cut
(here rather than in `reports` because `checks` never imports `reports`)."""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence

#: The last column never gets narrower than this, however wide the others are.
MIN_LAST_WIDTH = 40


def format_table(rows: Sequence[Sequence[str]], width: int | None = None) -> str:
    """Rows (the first one the header) as left-aligned columns two spaces apart.

    The last column is wrapped at spaces to fit ``width`` (the terminal's width
    by default), its continuation lines indented under it. Words are never
    broken: a number or a name longer than the column stays whole on its line.
    """
    if not rows:
        return ""
    if width is None:
        width = shutil.get_terminal_size((120, 24)).columns
    n = len(rows[0])
    widths = [max(len(row[i]) for row in rows) for i in range(n - 1)]
    indent = sum(widths) + 2 * (n - 1)
    last_width = max(MIN_LAST_WIDTH, width - indent)
    lines = []
    for row in rows:
        head = "  ".join(c.ljust(w) for c, w in zip(row[:-1], widths, strict=True)) + "  "
        text = " ".join(str(row[-1]).split())  # newlines and runs of spaces: one space
        parts = textwrap.wrap(text, last_width, break_long_words=False,
                              break_on_hyphens=False) or [""]
        lines.append((head + parts[0]).rstrip())
        lines.extend(" " * indent + p for p in parts[1:])
    return "\n".join(lines)
