"""The answer key compiles with pdflatex (installed on CI via .ci/needs-tex)."""

from __future__ import annotations

import subprocess

from probproof import cli


def test_answer_key_compiles(tmp_path):
    tex = tmp_path / "answers.tex"
    assert cli.main(["latex", "--document", "-o", str(tex)]) == 0
    text = tex.read_text()
    assert "\\tableofcontents" in text and "\\begin{align*}" in text
    for _ in range(2):  # twice, for the table of contents
        run = subprocess.run(
            ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "answers.tex"],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=240,
        )
        assert run.returncode == 0, run.stdout[-3000:]
    assert (tmp_path / "answers.pdf").stat().st_size > 10_000


def test_snippets_per_result(capsys):
    assert cli.main(["latex", "kl.gaussian.standard"]) == 0
    out = capsys.readouterr().out
    assert "\\fbox" in out and "\\texttt{003\\_d7f509f3735f8b89.txt}" in out
