"""`probproof report` leaves only the PDF beside answers.tex, none of LaTeX's
auxiliary files (issue 16)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from probproof.reports import tex_build

DOC = r"""\documentclass{article}
\usepackage{hyperref}
\begin{document}
\tableofcontents
\section{One}
\input{parts/body.tex}
\end{document}
"""


@pytest.mark.parametrize("engine", ["pdflatex", "latexmk"])
def test_only_the_pdf_joins_the_tex_file(engine: str, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    assert shutil.which(engine), f"{engine} is not installed (.ci/run installs it)"
    monkeypatch.setattr(tex_build, "tex_engine", lambda: engine)
    (tmp_path / "parts").mkdir()
    (tmp_path / "parts" / "body.tex").write_text("Text found relative to the document.\n")
    tex = tmp_path / "answers.tex"
    tex.write_text(DOC)
    ok, log = tex_build.compile_pdf(tex)
    assert ok, log
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.pdf", "answers.tex", "parts"]
    assert sorted(p.name for p in (tmp_path / "parts").iterdir()) == ["body.tex"]


def test_a_failing_document_reports_its_log(tmp_path: Path) -> None:
    tex = tmp_path / "bad.tex"
    tex.write_text("\\documentclass{article}\\begin{document}\\undefinedmacro\\end{document}\n")
    ok, log = tex_build.compile_pdf(tex)
    assert not ok and "undefinedmacro" in log
    assert not (tmp_path / "bad.pdf").exists()
