"""Compile a LaTeX document to PDF with whatever TeX engine is installed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path


def tex_engine() -> str | None:
    """``"latexmk"`` or ``"pdflatex"`` when installed, else ``None``."""
    for name in ("latexmk", "pdflatex"):
        if shutil.which(name):
            return name
    return None


def compile_pdf(tex: Path, timeout: float = 300) -> tuple[bool, str]:
    """Compile ``tex`` in its own directory.

    Returns
    -------
    (bool, str)
        Whether a PDF was produced without errors, and the tail of the log.
    """
    engine = tex_engine()
    if engine is None:
        return False, "no TeX engine (latexmk or pdflatex) is installed"
    flags = ["-interaction=nonstopmode", "-halt-on-error"]
    if engine == "latexmk":
        commands = [["latexmk", "-pdf", "-quiet", *flags, tex.name]]
    else:  # twice, for the table of contents
        commands = [["pdflatex", *flags, tex.name]] * 2
    for cmd in commands:
        run = subprocess.run(cmd, cwd=tex.parent, capture_output=True, text=True,
                             timeout=timeout, check=False)
        if run.returncode != 0:
            return False, (run.stdout + run.stderr)[-3000:]
    return tex.with_suffix(".pdf").exists(), ""
