"""The HTML report: one self-contained page (MathML formulas, PNG figures
embedded as data URIs, inline CSS; no script, no network) rendered from the
same :class:`~probproof.derivations.result.Result` objects and verdicts as the
answer key."""

from __future__ import annotations

import base64
import html
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path

import sympy as sp

from probproof.checks.catalog import ResultVerdict
from probproof.derivations.result import Derivation, Let, Result, Text, prose_parts
from probproof.reports import legend, legend_shown
from probproof.reports.catalog_figures import Figure
from probproof.reports.grids import receptive_grid
from probproof.reports.latex import (
    _question_key,
    needs_display,
    printed_steps,
    shrinks_inline,
    tex,
    unprinted_justification,
)
from probproof.reports.latex_checks import check_place
from probproof.reports.mathml import claim_math, math_block, mathml, relation_mo
from probproof.reports.prose_answers import ProseAnswer
from probproof.reports.texmath import prose_html

CSS = """
body { font-family: system-ui, sans-serif; max-width: 90rem; margin: 2rem auto; padding: 0 1rem;
       color: #1d1d1f; line-height: 1.45; }
p, figcaption { max-width: 62rem; }  /* prose keeps a readable line length */
table { border-collapse: collapse; margin: 1rem 0; }
th, td { border-bottom: 1px solid #ddd; padding: .3rem .6rem; text-align: left;
         vertical-align: top; }
table.results { width: 100%; }
/* ids break only at their dots (<wbr>), and only when the window is too narrow */
table.results td:nth-child(2) { overflow-wrap: anywhere; }  /* long file names */
@media (min-width: 60rem) { table.results td:first-child { white-space: nowrap; }
                            table.results wbr { display: none; } }
.verdict { font-weight: 600; }
.proved, .confirmed { color: #1a7f37; } .refuted, .error { color: #c62828; }
.undecided { color: #9a6700; }
table.derivation { width: 100%; table-layout: fixed; }
.derivation td.rel { text-align: right; width: 2rem; }
.derivation td.why { color: #555; font-size: .9em; width: 28%; }
div.expr { overflow-x: auto; overflow-y: hidden; }  /* a long formula scrolls in place */
.answer { border: 1px solid #888; padding: .5rem .8rem; background: #fafafa; }
figure { margin: 1rem 0; } figure img { max-width: 100%; }
figcaption { font-size: .9em; color: #444; }
math[display="block"] { overflow-x: auto; overflow-y: hidden; }
/* a long formula inside prose scrolls in place instead of widening the page */
math[display="inline"] { display: inline-block; max-width: 100%; vertical-align: middle;
                         overflow-x: auto; overflow-y: hidden; }
section.result { border-top: 2px solid #eee; margin-top: 2rem; }
table.grid td { border: 1px solid #888; width: 2.2rem; text-align: center; color: #888; }
table.grid td.in { background: #bbb; color: #000; font-weight: 600; }
"""


#: How the report writes a normal law (the claim language writes it otherwise).
NOTATION = ("<p><strong>Notation.</strong> 𝒩(μ, σ<sup>2</sup>) is the normal "
            "law with mean μ and <em>variance</em> σ<sup>2</sup>, as the problem sets "
            "write it. Claim files and <code>probproof show</code> use the claim language, "
            "whose <code>Normal(mu, sigma)</code> takes the standard deviation; only the printed "
            "mathematics squares it.</p>")


def page(title: str, body: str) -> str:
    """A complete HTML document around ``body``."""
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
            f"<body>\n<h1>{html.escape(title)}</h1>\n{body}\n</body></html>\n")


def verdict_span(status: object) -> str:
    return f'<span class="verdict {status}">{status}</span>'


def anchor(result_id: str) -> str:
    return "r-" + re.sub(r"[^A-Za-z0-9_-]", "-", result_id)


def image_tag(path: Path, alt: str) -> str:
    """An ``<img>`` with the PNG inlined, so the page needs no other file."""
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt)}">'


def text_html(text: Text) -> str:
    """HTML of a result's :data:`~probproof.derivations.result.Text`: prose escaped,
    every object as inline MathML from SymPy's presentation printer, a lone letter of
    the prose as a variable (:func:`~probproof.derivations.result.prose_parts`). A bare
    string with ``$...$`` LaTeX is the older form (:func:`prose_html`)."""
    if isinstance(text, str) and "$" in text:
        return prose_html(text)
    parts = prose_parts((text,) if isinstance(text, str) else text)
    out: list[str] = []
    carried = ""  # punctuation a displayed formula took from the text after it
    for k, p in enumerate(parts):
        if isinstance(p, str):
            out.append(html.escape(p[len(carried):]))
            carried = ""
            continue
        after = parts[k + 1] if k + 1 < len(parts) else ""
        # As the key sets it: the sentence's punctuation ends the display, it does not
        # begin the next line (". M-step: ...").
        carried = after[0] if (isinstance(after, str) and after[:1] in _DISPLAY_PUNCTUATION
                               and needs_display(tex(p))) else ""
        out.append(_text_math(p, carried))
    return "".join(out)


_DISPLAY_PUNCTUATION = (".", ",", ";", ":")


def _text_math(obj: sp.Basic, punctuation: str = "") -> str:
    """A formula of the text as the key sets it: displayed where it is tall or long (with
    the ``punctuation`` that follows it), at display size inline where a fraction in it
    holds a sum or a function's value."""
    latex = tex(obj)
    if needs_display(latex):
        return math_block(mathml(obj), *([f"<mo>{punctuation}</mo>"] if punctuation else []))
    return math_block(mathml(obj), display=False,
                      full_size=shrinks_inline(latex))


def figures_html(figures: Sequence[Figure], directory: Path) -> str:
    return "".join(
        f"<figure>{image_tag(directory / f.filename, f.caption_plain)}"
        f"<figcaption>{text_html(f.caption)}</figcaption></figure>\n" for f in figures)


def derivation_html(d: Derivation) -> str:
    """A table: the start, then one row per step with its relation and justification."""
    def expr_cell(e: sp.Basic) -> str:
        # a long expression scrolls inside its cell; the justification stays in view
        return (f'<td><div class="expr">{math_block(mathml(e), display=False, full_size=True)}'
                "</div></td>")

    # the answer key's steps: one that prints like the one before is not shown twice
    alone = unprinted_justification(d)
    rows = [f'<tr><td class="rel"></td>{expr_cell(d.start)}<td class="why">'
            f'{"" if alone is None else text_html(alone)}</td></tr>']
    for step, why in printed_steps(d):
        rows.append(f'<tr><td class="rel">{math_block(relation_mo(step.relation), display=False)}'
                    f"</td>{expr_cell(step.expr)}"
                    f'<td class="why">{text_html(why)}</td></tr>')
    title = f"<p><em>{text_html(d.title)}</em></p>" if d.title else ""
    return f'{title}<table class="derivation">{"".join(rows)}</table>\n'


def checks_html(verdict: ResultVerdict) -> str:
    rows = [f"<tr><td>{verdict_span(s.verdict.status)}</td><td>{html.escape(check_place(s))}</td>"
            f"<td>{html.escape(', '.join(s.verdict.methods))}</td>"
            f"<td>{html.escape(str(s.verdict.message))}"
            + (f"<br>counterexample {html.escape(s.verdict.counterexample.describe())}"
               if s.verdict.counterexample else "")
            + f"</td><td>{s.verdict.seconds:.2f}</td></tr>" for s in verdict.steps]
    rows += [f"<tr><td>{verdict_span(c.status)}</td><td>numeric confirmation</td>"
             f"<td>{html.escape(c.method)}</td><td>{html.escape(c.detail)}</td>"
             f"<td>{c.seconds:.2f}</td></tr>" for c in verdict.checks]
    return ("<h4>Checks</h4><table><tr><th>verdict</th><th>what</th><th>methods</th>"
            f"<th>detail</th><th>s</th></tr>{''.join(rows)}</table>\n")


def sources_text(result: Result) -> str:
    return "; ".join(f"{s.seed} {s.question}" for s in result.sources)


def methods_of(verdict: ResultVerdict) -> list[str]:
    found = {m for s in verdict.steps for m in s.verdict.methods}
    found |= {c.method for c in verdict.checks}
    return sorted(found)


def result_html(result: Result, verdict: ResultVerdict | None, figures: Sequence[Figure],
                directory: Path) -> str:
    """One result: claim, derivations, facts, answer, checks and figures."""
    out = [f'<section class="result" id="{anchor(result.id)}"><h3>{text_html(result.title)}'
           f"</h3><p><code>{html.escape(result.id)}</code> &mdash; "
           f"{html.escape(sources_text(result))}"
           + (f" &mdash; {verdict_span(verdict.status)}" if verdict else "") + "</p>"]
    with legend.using(result.legend):
        _result_body(result, verdict, figures, directory, out)
    return "".join(out)


def legend_html(entries: Sequence[Let], stated: Collection[Let] = ()) -> str:
    """The definitions of a result's legend that the claim (``stated``) does not state,
    each printed without its own name; nothing if the claim states them all."""
    items = []
    for let, others in legend_shown.shown(entries, stated):
        with legend.using(others):
            items.append(f"<li>{math_block(mathml(let), display=False, full_size=True)}</li>")
    return "<p>where</p><ul>" + "".join(items) + "</ul>" if items else ""


def _result_body(result: Result, verdict: ResultVerdict | None, figures: Sequence[Figure],
                 directory: Path, out: list[str]) -> None:
    st = result.statement
    out += [f"<p><strong>Claim.</strong> {text_html(st.text)}</p>",
            claim_math(st.lhs, st.relation, st.rhs)]
    if result.legend:
        out.append(legend_html(result.legend, legend.stated_in(st.text)))
    for d in result.derivations:
        out.append("<p><strong>Derivation.</strong></p>" if not d.title else "")
        out.append(derivation_html(d))
    if result.facts:
        out.append("<p><strong>Facts used (each checked).</strong></p><ul>")
        out += [f"<li>{text_html(f.text)} <div class=\"expr\">"
                f"{claim_math(f.lhs, f.relation, f.rhs, False)}</div></li>"
                for f in result.facts]
        out.append("</ul>")
    grid = receptive_grid(result)
    out.append('<p><strong>Answer.</strong></p><div class="answer">'
               + (grid_html(grid) if grid is not None else "")
               + f"{text_html(result.answer)}</div>")
    out += [f"<p><strong>Note.</strong> {text_html(n)}</p>" for n in result.notes]
    if verdict is not None:
        out.append(checks_html(verdict))
    out.append(figures_html(figures, directory))
    out.append("</section>\n")


def grid_html(grid: sp.MatrixBase) -> str:
    """A receptive field as the seed's Figure 2: the 5 x 5 pixel labels, those in
    the field shaded."""
    rows = "".join(
        "<tr>" + "".join(f'<td class="{"in" if grid[r, c] else "out"}">{r + 1}{c + 1}</td>'
                         for c in range(grid.cols)) + "</tr>" for r in range(grid.rows))
    return f'<table class="grid">{rows}</table>'


def prose_answer_html(answer: ProseAnswer, text: str, figures: Sequence[Figure],
                      directory: Path) -> str:
    """An answer in words: title, sources, the text in the answer box, figures."""
    sources = "; ".join(f"{s.seed} {s.question}" for s in answer.sources)
    return (f'<section class="result" id="{anchor(answer.id)}"><h3>{html.escape(answer.title)}'
            f"</h3><p><code>{html.escape(answer.id)}</code> &mdash; {html.escape(sources)}</p>"
            f'<div class="answer">{prose_html(text)}</div>'
            f"{figures_html(figures, directory)}</section>\n")


def questions_html(rows: Sequence[tuple[str, str, Sequence[str]]]) -> str:
    """Every question of the seeds and the ids that answer it, linked."""
    body = "".join(
        f"<tr><td>{html.escape(seed)}</td><td>{html.escape(label)}</td><td>"
        + ", ".join(f'<a href="#{anchor(i)}"><code>{html.escape(i)}</code></a>' for i in ids)
        + "</td></tr>" for seed, label, ids in rows)
    return ('<h2 id="questions">Questions and the answers to them</h2>'
            "<table><tr><th>seed</th><th>question</th><th>answered by</th></tr>"
            f"{body}</table>\n")


def results_table(results: Sequence[Result], verdicts: Mapping[str, ResultVerdict]) -> str:
    """id, source, verdict, methods, seconds: one row per result."""
    rows = []
    for r in results:
        v = verdicts.get(r.id)
        breakable = "<wbr>.".join(html.escape(part) for part in r.id.split("."))
        rows.append(f'<tr><td><a href="#{anchor(r.id)}"><code>{breakable}</code></a></td>'
                    f"<td>{html.escape(sources_text(r))}</td>"
                    f"<td>{verdict_span(v.status) if v else ''}</td>"
                    f"<td>{html.escape(', '.join(methods_of(v))) if v else ''}</td>"
                    f"<td>{f'{v.seconds:.1f}' if v else ''}</td></tr>")
    return ("<table class=\"results\"><tr><th>id</th><th>source</th><th>verdict</th>"
            f"<th>methods</th><th>seconds</th></tr>{''.join(rows)}</table>\n")


def report_html(results: Sequence[Result], verdicts: Mapping[str, ResultVerdict],
                figures: Mapping[str, Sequence[Figure]], directory: Path,
                summary_line: str = "",
                prose: Sequence[tuple[ProseAnswer, str, Sequence[Figure]]] = (),
                questions: str = "") -> str:
    """The catalog report: summary, results table, then every result by seed,
    the answers in words (``prose``: answer, text, figures) among them by
    question, and the table of ``questions`` (HTML) at the end."""
    body = [f"<p>{html.escape(summary_line)}</p>" if summary_line else "", NOTATION,
            results_table(results, verdicts)]
    by_seed: dict[str, list[tuple[str, str]]] = {}
    for r in results:
        by_seed.setdefault(r.sources[0].seed, []).append(
            (r.sources[0].question,
             result_html(r, verdicts.get(r.id), figures.get(r.id, ()), directory)))
    for a, text, figs in prose:
        by_seed.setdefault(a.sources[0].seed, []).append(
            (a.sources[0].question, prose_answer_html(a, text, figs, directory)))
    for seed in sorted(by_seed):
        body.append(f"<h2>Seed {html.escape(seed)}</h2>\n")
        # the answer key's order, so that both reports read alike
        body += [part for _, part in sorted(by_seed[seed], key=lambda p: _question_key(p[0]))]
    body.append(questions)
    return page("probproof report", "".join(body))
