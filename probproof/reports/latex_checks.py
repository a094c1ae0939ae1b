r"""LaTeX of what ``verify`` found for a result: the verdict of each step and
each numeric check, and the result's figures. Placed after the result's
snippet in the answer key that ``probproof report`` writes."""

from __future__ import annotations

from collections.abc import Sequence

from probproof.checks.catalog import ResultVerdict, StepVerdict
from probproof.reports.catalog_figures import Figure
from probproof.reports.latex import escape_text, text_tex

_STRICT = {**{c: "\\" + c for c in "_%&#${}"}, "\\": r"\textbackslash{}",
           "~": r"\textasciitilde{}", "^": r"\textasciicircum{}", "<": r"\textless{}",
           ">": r"\textgreater{}", "|": r"\textbar{}"}


def escape_all(text: str) -> str:
    """Escape every LaTeX special, dollars included: for machine-written messages."""
    return "".join(_STRICT.get(c, c) for c in text)


def check_place(step: StepVerdict) -> str:
    """Where a checked step is, as a reader finds it in the key: ``derivation 1, step 2``,
    ``fact 1``, ``the relation in the answer``.

    The label of ``verify`` goes on with the step's text in the claim language
    (``Sum(gamma[j]*x[j], (j, 1, n))``), plain text for a terminal; the key and the report
    show that text typeset beside the step, so their tables of checks name the place only.
    """
    place = step.label.split(": ", 1)[0]
    if step.kind == "fact" and not place.startswith("fact "):
        # a formula of the prose, checked like a fact
        return "the relation in " + ("the " if place in ("title", "statement", "answer")
                                     else "") + place
    return place


def checks_tex(verdict: ResultVerdict) -> str:
    """An itemised list: each derivation step, the statement and the facts with
    their verdict and methods, then the numeric confirmations."""
    out = [
        f"\\paragraph{{Checks.}} Verdict \\textbf{{{verdict.status}}}: "
        f"{len(verdict.steps)} symbolic/numeric checks of the steps, "
        f"{len(verdict.checks)} numeric confirmation(s), {verdict.seconds:.1f}\\,s.\n",
        "{\\footnotesize\\sloppy\n\\begin{itemize}\n",
    ]
    for s in verdict.steps:
        v = s.verdict
        methods = ", ".join(v.methods) or "none"
        out.append(f"\\item[\\textbf{{{v.status}}}] {escape_text(check_place(s))} "
                   f"--- \\emph{{{escape_all(methods)}}}. {escape_all(v.message)}\n")
    for c in verdict.checks:
        out.append(f"\\item[\\textbf{{{c.status}}}] numeric confirmation "
                   f"--- \\emph{{{escape_all(c.method)}}}. {escape_all(c.detail)}\n")
    out.append("\\end{itemize}}\n")
    return "".join(out)


def figures_tex(figures: Sequence[Figure], directory: str = "figures") -> str:
    """Each figure centred at most a page-width wide, with its caption below."""
    out = []
    for f in figures:
        out.append(
            "\\par\\begin{center}\\begin{minipage}{0.9\\linewidth}\\centering\n"
            f"\\includegraphics[width=\\linewidth,height=0.4\\textheight,keepaspectratio]"
            f"{{{directory}/{f.filename}}}\\\\[2pt]\n"
            f"{{\\footnotesize {text_tex(f.caption)}}}\n\\end{{minipage}}\\end{{center}}\n"
        )
    return "".join(out)
