"""``probproof report [ID ...] -o DIR``: verify results and write both reports.

``DIR/index.html`` (self-contained HTML with MathML and the figures),
``DIR/results.json`` (the verdicts, as ``verify --json`` prints them, with
titles, sources and figures), ``DIR/answers.tex`` with ``DIR/figures/`` (the
answer key with the checks and figures of every result) and
``DIR/answers.pdf`` when a TeX engine is installed.

Exit status: 0 when every result passed (and the PDF, if attempted, compiled),
1 otherwise, 2 for an unknown id.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from probproof.checks.catalog import CHECK_TIMEOUT, ResultVerdict, summary, verify_many
from probproof.commands.catalog import add_jobs_argument, select
from probproof.derivations.result import Result, plain
from probproof.reports.catalog_figures import Figure, catalog_figures
from probproof.reports.html import report_html
from probproof.reports.latex import document
from probproof.reports.latex_checks import checks_tex, figures_tex
from probproof.reports.progress import Progress
from probproof.reports.tex_build import compile_pdf, tex_engine


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="result ids (default: all)")
    parser.add_argument("-o", "--output", metavar="DIR", default="report",
                        help="directory to write (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the numeric checks")
    parser.add_argument("--timeout", type=float, default=CHECK_TIMEOUT,
                        help="seconds allowed to each check (default %(default)s)")
    parser.add_argument("--no-pdf", action="store_true", help="do not compile answers.tex")
    add_jobs_argument(parser)
    parser.add_argument("--json", action="store_true",
                        help="print results.json to stdout (and no progress)")


def results_json(results: list[Result], verdicts: dict[str, ResultVerdict],
                 figures: dict[str, list[Figure]], seconds: float) -> dict:
    """``verify --json``'s object, each result with its title, sources and figures."""
    out = []
    for r in results:
        entry = verdicts[r.id].to_json()
        entry["title"] = plain(r.title)
        entry["sources"] = [{"seed": s.seed, "question": s.question} for s in r.sources]
        entry["figures"] = [{"file": f"figures/{f.filename}", "caption": f.caption}
                            for f in figures.get(r.id, [])]
        out.append(entry)
    return {"results": out, "summary": summary(list(verdicts.values()), seconds)}


def write_reports(results: list[Result], verdicts: dict[str, ResultVerdict], outdir: Path,
                  *, seed: int, seconds: float, pdf: bool = True) -> tuple[dict, str | None]:
    """Write figures, ``index.html``, ``results.json``, ``answers.tex`` (and PDF).

    Returns
    -------
    (dict, str or None)
        The ``results.json`` object and, when the PDF failed, the reason.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    figdir = outdir / "figures"
    figures = catalog_figures({r.id: r for r in results}, figdir, seed)
    data = results_json(results, verdicts, figures, seconds)
    s = data["summary"]
    line = f"{s['passed']}/{s['total']} results passed in {s['seconds']:.1f} s (seed {seed})."
    (outdir / "index.html").write_text(report_html(results, verdicts, figures, figdir, line),
                                       encoding="utf-8")
    (outdir / "results.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    extras = {r.id: checks_tex(verdicts[r.id]) + figures_tex(figures.get(r.id, []))
              for r in results}
    tex = outdir / "answers.tex"
    tex.write_text(document(results, extras), encoding="utf-8")
    problem = None
    if pdf and tex_engine() is not None:
        ok, log = compile_pdf(tex)
        problem = None if ok else log
    return data, problem


def run(args: argparse.Namespace) -> int:
    results = select(args.ids)
    if results is None:
        return 2
    t0 = time.perf_counter()
    # One step per result, plus the writing of the reports.
    progress = Progress(len(results) + 1, enabled=False if args.json else None)
    progress.start(f"verifying {len(results)} result(s)")

    def done(v: ResultVerdict) -> None:
        progress.advance()
        progress.start(f"verified {v.result_id}")

    verdicts = {v.result_id: v for v in verify_many(
        results, args.seed, timeout=args.timeout, jobs=args.jobs, on_done=done)}
    progress.start("figures, HTML, answer key" + ("" if args.no_pdf else " and PDF"))
    outdir = Path(args.output)
    data, problem = write_reports(results, verdicts, outdir, seed=args.seed,
                                  seconds=time.perf_counter() - t0, pdf=not args.no_pdf)
    progress.advance()
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        s = data["summary"]
        print(f"{s['passed']}/{s['total']} results passed; wrote {outdir / 'index.html'}, "
              f"{outdir / 'results.json'}, {outdir / 'answers.tex'}"
              + (f", {outdir / 'answers.pdf'}" if (outdir / "answers.pdf").exists() else ""))
    if problem:
        print(f"probproof: answers.tex did not compile:\n{problem}", file=sys.stderr)
    return 0 if data["summary"]["failed"] == 0 and not problem else 1
