"""Compile a LaTeX document to PDF with whatever TeX engine is installed."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path


def tex_engine() -> str | None:
    """``"latexmk"`` or ``"pdflatex"`` when installed, else ``None``."""
    for name in ("latexmk", "pdflatex"):
        if shutil.which(name):
            return name
    return None


def compile_pdf(tex: Path, timeout: float = 300) -> tuple[bool, str]:
    """Compile ``tex`` in its own directory (its figures are found relative to it).

    LaTeX's auxiliary files (``.aux .log .toc .out .fls .fdb_latexmk``) are
    written to a temporary directory, so only the PDF joins the ``.tex`` file.

    Returns
    -------
    (bool, str)
        Whether a PDF was produced without errors, and the tail of the log.
    """
    engine = tex_engine()
    if engine is None:
        return False, "no TeX engine (latexmk or pdflatex) is installed"
    with tempfile.TemporaryDirectory(prefix="probproof-tex-") as aux:
        flags = ["-interaction=nonstopmode", "-halt-on-error"]
        if engine == "latexmk":
            commands = [["latexmk", "-pdf", "-quiet", f"-outdir={aux}", *flags, tex.name]]
        else:  # twice, for the table of contents
            commands = [["pdflatex", f"-output-directory={aux}", *flags, tex.name]] * 2
        for cmd in commands:
            run = subprocess.run(cmd, cwd=tex.parent, capture_output=True, text=True,
                                 timeout=timeout, check=False)
            if run.returncode != 0:
                # LaTeX's own log names the error; it is about to be deleted with the rest.
                log = Path(aux) / tex.with_suffix(".log").name
                text = log.read_text(errors="replace") if log.exists() else ""
                return False, (text or run.stdout + run.stderr)[-3000:]
        pdf = Path(aux) / tex.with_suffix(".pdf").name
        if not pdf.exists():
            return False, f"{engine} wrote no PDF"
        shutil.move(pdf, tex.with_suffix(".pdf"))
    return True, ""
