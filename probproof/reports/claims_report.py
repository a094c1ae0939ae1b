"""The validation report of an instructor's claim file (``probproof check FILE
--report DIR``): each claim with its verdict and counterexample, and, where a
claim has one free parameter, a plot of both sides along it (around the
counterexample of a refuted one), so that a wrong statement is found and fixed
before students see it."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from probproof.checks.api import ClaimReport
from probproof.checks.parser import ClaimSyntaxError, Relation, parse_statement
from probproof.reports import figures
from probproof.reports.html import image_tag, page, verdict_span
from probproof.reports.mathml import claim_math

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


def claims_html(reports: Sequence[ClaimReport], outdir: Path, seed: int, title: str) -> str:
    """The page: a summary table, then each claim in full."""
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
        png = claim_figure(r, outdir, seed)
        if png is not None:
            marked = "; the red line is the counterexample" if v.counterexample else ""
            parts.append(f"<figure>{image_tag(png, 'both sides along the parameter')}"
                         f"<figcaption>Both sides along the free parameter{marked}."
                         "</figcaption></figure>")
        parts.append("</section>")
        sections.append("".join(parts))
    ok = sum(r.ok for r in reports)
    table = ("<table><tr><th>id</th><th>source</th><th>verdict</th><th>expect</th><th>ok</th>"
             f"<th>methods</th><th>seconds</th></tr>{''.join(rows)}</table>")
    return page(title, f"<p>{ok}/{len(reports)} claims as expected (seed {seed}).</p>"
                + table + "".join(sections))


def write_claims_report(reports: Sequence[ClaimReport], outdir: Path, *, seed: int,
                        source: str) -> Path:
    """Write ``outdir/index.html`` (and the plots next to it); return its path."""
    outdir.mkdir(parents=True, exist_ok=True)
    index = outdir / "index.html"
    index.write_text(claims_html(reports, outdir, seed, f"probproof: claims of {source}"),
                     encoding="utf-8")
    return index
