"""The validation report of an instructor's claim file (``probproof check FILE
--report DIR``): each claim with its verdict and counterexample, and, where a
claim has one free parameter, a plot of both sides along it (around the
counterexample of a refuted one), so that a wrong statement is found and fixed
before students see it. Each derivation is shown as an aligned chain with the
verdict of every link, and a refuted link gets the same plot as a refuted claim."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from probproof.checks.api import ClaimReport
from probproof.checks.chains import DerivationReport, LinkReport, link_specs, parsed_chain
from probproof.checks.parser import ClaimSyntaxError, Relation, parse_statement
from probproof.reports import figures
from probproof.reports.html import image_tag, page, verdict_span
from probproof.reports.mathml import claim_math, math_block, mathml, relation_mo
from probproof.reports.texmath import prose_html

#: Points of the plotted grid and seconds allowed to evaluate it.
GRID_POINTS = 41
GRID_SECONDS = 20.0


def _parse(report: ClaimReport) -> Relation | None:
    try:
        return parse_statement(report.spec.statement, report.spec.domains)
    except (ClaimSyntaxError, ValueError, TypeError):
        return None


def parameter_grid(at: float, low: float | None, high: float | None,
                   n: int = GRID_POINTS) -> np.ndarray:
    """A grid around ``at`` (three times its scale either side), inside the open
    domain ``(low, high)``."""
    width = 3 * max(1.0, abs(at))
    a = at - width if low is None else max(at - width, low + 1e-3 * (at - low if at > low else 1))
    b = at + width if high is None else min(at + width, high - 1e-3 * (high - at if high > at
                                                                        else 1))
    return np.unique(np.append(np.linspace(a, b, n), at))


def sides_on_grid(rel: Relation, name: str, grid: np.ndarray, report: ClaimReport,
                  seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Both sides at each grid value, by :func:`probproof.numeric.evaluate.evaluate`;
    NaN where a side is undefined, complex or not evaluated in time."""
    from probproof.numeric.evaluate import Context, evaluate

    deadline = time.monotonic() + GRID_SECONDS
    ctx = Context(domains=report.spec.domains, seed=seed, deadline=deadline)
    sym = rel.symbols[name]
    out = np.full((2, len(grid)), np.nan)
    for j, t in enumerate(grid):
        for i, side in enumerate((rel.lhs, rel.rhs)):
            if time.monotonic() > deadline:
                return out[0], out[1]
            try:
                v = evaluate(side, {sym: float(t)}, ctx).python_value()
            except Exception:  # undefined here (invalid parameter, no mass, ...)
                continue
            if isinstance(v, float):
                out[i, j] = v
    return out[0], out[1]


def typical_point(low: float | None, high: float | None) -> float:
    """A point well inside the open domain ``(low, high)`` to centre a plot on."""
    if low is not None and high is not None:
        return (low + high) / 2
    if low is not None:
        return low + 1
    return 0.0 if high is None else high - 1


def claim_figure(report: ClaimReport, outdir: Path, seed: int) -> Path | None:
    """The plot of both sides of a claim with one free parameter, centred on the
    counterexample when there is one (marked), else on a typical point of the
    parameter's domain; ``None`` for other claims or when nothing evaluates."""
    rel = _parse(report)
    if rel is None or len(rel.symbols) != 1:
        return None
    (name,) = rel.symbols
    dom = report.spec.domains.get(name)
    low, high = getattr(dom, "low", None), getattr(dom, "high", None)
    cx = report.verdict.counterexample
    marked = None
    if cx is not None and len(cx.values) == 1:
        try:
            marked = float(next(iter(cx.values.values())))
        except (TypeError, ValueError):
            marked = None
    at = typical_point(low, high) if marked is None else marked
    grid = parameter_grid(at, low, high)
    if getattr(dom, "integer", False):  # an integer parameter is plotted at integers only
        lowest = None if low is None else (low if getattr(dom, "closed_low", False) else low + 1)
        grid = np.unique(np.round(grid))
        grid = grid[(grid >= (lowest if lowest is not None else -np.inf))
                    & (grid < (high if high is not None else np.inf))]
    lhs, rhs = sides_on_grid(rel, name, grid, report, seed)
    if np.all(np.isnan(lhs)) and np.all(np.isnan(rhs)):
        return None
    path = outdir / (re.sub(r"[^A-Za-z0-9_-]", "-", report.spec.id) + ".png")
    return figures.sides_along(grid, lhs, rhs, path, name=name, at=marked)


def _figure_html(png: Path | None, what: str, marked: bool = True) -> str:
    if png is None:
        return ""
    mark = "; the red line is the counterexample" if marked else ""
    return (f"<figure>{image_tag(png, 'both sides along the parameter')}"
            f"<figcaption>Both sides of the {what} along the free parameter{mark}."
            "</figcaption></figure>")


def _link_figure(report: DerivationReport, link: LinkReport, outdir: Path,
                 seed: int) -> Path | None:
    """The plot of a refuted link: the link is a claim of its own."""
    spec = link_specs(report.spec)[link.index - 1]
    return claim_figure(ClaimReport(spec, link.verdict), outdir, seed)


def chain_html(report: DerivationReport) -> str:
    """The chain aligned on its relations, each link's verdict beside its step;
    the expressions as typed when the chain does not parse."""
    spec = report.spec
    chain = parsed_chain(spec)

    def cell(index: int, text: str) -> str:
        if chain is None:
            return f'<td><div class="expr"><pre>{html.escape(text)}</pre></div></td>'
        expr = chain.start if index == 0 else chain.steps[index - 1].expr
        return f'<td><div class="expr">{math_block(mathml(expr), display=False)}</div></td>'

    rows = [f'<tr><td class="rel"></td>{cell(0, spec.start)}<td class="why"></td><td></td></tr>']
    verdicts = {link.index: link.verdict for link in report.links}
    for k, step in enumerate(spec.steps, start=1):
        v = verdicts.get(k)
        rows.append(f'<tr><td class="rel">{math_block(relation_mo(step.relation), display=False)}'
                    f"</td>{cell(k, step.to)}<td class=\"why\">{prose_html(step.because)}</td>"
                    f"<td>{verdict_span(v.status) if v is not None else ''}</td></tr>")
    return f'<table class="derivation">{"".join(rows)}</table>\n'


def derivation_section(report: DerivationReport, outdir: Path, seed: int) -> str:
    """One derivation in full: its chain, then each link that did not pass."""
    v, spec = report.verdict, report.spec
    parts = [f'<section class="result" id="d-{html.escape(spec.id)}">'
             f"<h3>derivation {html.escape(spec.id)} &mdash; {verdict_span(v.status)}"
             f"{'' if report.ok else ' (not as expected)'}</h3>",
             f"<p>expected {html.escape(spec.expect)}"
             + (f"; source {html.escape(spec.source)}" if spec.source else "") + "</p>",
             chain_html(report), f"<p>{html.escape(v.message)}</p>"]
    for link in report.links:
        lv = link.verdict
        if lv.passed:
            continue
        parts.append(f"<h4>step {link.index}: {verdict_span(lv.status)}</h4>"
                     f"<p>{html.escape(lv.message)}</p>")
        if lv.counterexample is not None:
            parts.append(f"<p><strong>Counterexample</strong> "
                         f"{html.escape(lv.counterexample.describe())}</p>")
            parts.append(_figure_html(_link_figure(report, link, outdir, seed),
                                      f"link of step {link.index}"))
    parts.append("</section>")
    return "".join(parts)


def claims_html(reports: Sequence[ClaimReport], outdir: Path, seed: int, title: str,
                derivations: Sequence[DerivationReport] = ()) -> str:
    """The page: a summary table, then each claim and each derivation in full."""
    rows, sections = [], []
    for r in reports:
        v = r.verdict
        rows.append(f'<tr><td><a href="#c-{html.escape(r.spec.id)}">{html.escape(r.spec.id)}</a>'
                    f"</td><td>{html.escape(r.spec.source)}</td><td>{verdict_span(v.status)}</td>"
                    f"<td>{html.escape(r.spec.expect)}</td><td>{'ok' if r.ok else 'FAIL'}</td>"
                    f"<td>{html.escape(', '.join(v.methods))}</td><td>{v.seconds:.2f}</td></tr>")
        rel = _parse(r)
        # The statement as typed, once; as formatted mathematics too when it parses.
        formula = (claim_math(rel.lhs, rel.relation, rel.rhs) if rel is not None else "")
        parts = [f'<section class="result" id="c-{html.escape(r.spec.id)}">'
                 f"<h3>{html.escape(r.spec.id)} &mdash; {verdict_span(v.status)}"
                 f"{'' if r.ok else ' (not as expected)'}</h3>",
                 f"<p>expected {html.escape(r.spec.expect)}"
                 + (f"; source {html.escape(r.spec.source)}" if r.spec.source else "") + "</p>",
                 formula, f"<pre>{html.escape(r.spec.statement)}</pre>",
                 f"<p>{html.escape(v.message)}</p>"]
        if v.counterexample is not None:
            parts.append(f"<p><strong>Counterexample</strong> "
                         f"{html.escape(v.counterexample.describe())}</p>")
        # Every claim with one free parameter gets its plot, a true one too.
        parts.append(_figure_html(claim_figure(r, outdir, seed), "claim",
                                  marked=v.counterexample is not None))
        parts.append("</section>")
        sections.append("".join(parts))
    for d in derivations:
        v = d.verdict
        rows.append(f'<tr><td><a href="#d-{html.escape(d.spec.id)}">{html.escape(d.spec.id)}</a>'
                    f" (derivation)</td><td>{html.escape(d.spec.source)}</td>"
                    f"<td>{verdict_span(v.status)}</td><td>{html.escape(d.spec.expect)}</td>"
                    f"<td>{'ok' if d.ok else 'FAIL'}</td><td>{html.escape(', '.join(v.methods))}"
                    f"</td><td>{v.seconds:.2f}</td></tr>")
        sections.append(derivation_section(d, outdir, seed))
    ok = sum(r.ok for r in reports) + sum(d.ok for d in derivations)
    total = len(reports) + len(derivations)
    table = ("<table><tr><th>id</th><th>source</th><th>verdict</th><th>expect</th><th>ok</th>"
             f"<th>methods</th><th>seconds</th></tr>{''.join(rows)}</table>")
    what = "claims and derivations" if derivations else "claims"
    return page(title, f"<p>{ok}/{total} {what} as expected (seed {seed}).</p>"
                + table + "".join(sections))


def write_claims_report(reports: Sequence[ClaimReport], outdir: Path, *, seed: int,
                        source: str, derivations: Sequence[DerivationReport] = ()) -> Path:
    """Write ``outdir/index.html`` (and the plots next to it); return its path."""
    outdir.mkdir(parents=True, exist_ok=True)
    index = outdir / "index.html"
    index.write_text(claims_html(reports, outdir, seed, f"probproof: claims of {source}",
                                 derivations), encoding="utf-8")
    return index
