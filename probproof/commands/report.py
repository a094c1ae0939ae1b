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
from probproof.commands.catalog import add_jobs_argument, select_key
from probproof.commands.outputs import output_directory
from probproof.commands.runs import (
    Written,
    problems,
    prose_latex,
    questions_latex,
    rows,
    shown_text,
    write_answers,
)
from probproof.derivations.result import Result, plain
from probproof.reports.catalog_figures import Figure, catalog_figures
from probproof.reports.html import questions_html, report_html
from probproof.reports.latex import document
from probproof.reports.latex_checks import checks_tex, figures_tex
from probproof.reports.progress import Progress
from probproof.reports.prose_answers import ProseAnswer
from probproof.reports.tex_build import compile_pdf, tex_engine


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="*", metavar="ID", help="result ids (default: all)")
    parser.add_argument("-o", "--output", metavar="DIR", default="report",
                        help="directory to write (default: %(default)s)")
    parser.add_argument("--seed", type=int, default=0, help="seed of the numeric checks")
    parser.add_argument("--timeout", type=float, default=CHECK_TIMEOUT,
                        help="seconds allowed to each check (default %(default)s)")
    parser.add_argument("--no-pdf", action="store_true", help="do not compile answers.tex")
    parser.add_argument("--runs", metavar="DIR", default=None,
                        help="the `probproof run` folders (DIR/NAME) whose numbers and figures "
                             "the answers in words report; a missing one is made at the quick "
                             "size (default: OUTPUT/runs)")
    add_jobs_argument(parser)
    parser.add_argument("--json", action="store_true",
                        help="print results.json to stdout (and no progress)")


def results_json(results: list[Result], verdicts: dict[str, ResultVerdict],
                 figures: dict[str, list[Figure]], seconds: float,
                 written: list[Written] | None = None) -> dict:
    """``verify --json``'s object, each result with its title, sources and figures,
    and ``answers``: the answers in words with their experiment and figures."""
    out = []
    for r in results:
        entry = verdicts[r.id].to_json()
        entry["title"] = plain(r.title)
        entry["sources"] = [{"seed": s.seed, "question": s.question} for s in r.sources]
        entry["figures"] = [{"file": f"figures/{f.filename}", "caption": f.caption_plain}
                            for f in figures.get(r.id, [])]
        out.append(entry)
    answers = [{"id": w.answer.id, "title": w.answer.title,
                "sources": [{"seed": s.seed, "question": s.question} for s in w.answer.sources],
                "experiment": w.answer.experiment, "problem": w.problem,
                "figures": [{"file": f"figures/{f.filename}", "caption": f.caption_plain}
                            for f in w.figures]}
               for w in written or []]
    return {"results": out, "answers": answers,
            "summary": summary(list(verdicts.values()), seconds)}


def write_reports(results: list[Result], verdicts: dict[str, ResultVerdict], outdir: Path,
                  *, seed: int, seconds: float, pdf: bool = True,
                  answers: list[ProseAnswer] | None = None, runs_dir: Path | None = None,
                  questions: bool = False) -> tuple[dict, str | None]:
    """Write figures, ``index.html``, ``results.json``, ``answers.tex`` (and PDF).

    ``answers`` (answers in words) take their numbers and figures from the runs
    in ``runs_dir`` (default ``outdir/runs``), made when missing; ``questions``
    ends both reports with the table of every question and what answers it.

    Returns
    -------
    (dict, str or None)
        The ``results.json`` object and, when the PDF failed or an answer in
        words could not be written, the reason.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    figdir = outdir / "figures"
    figures = catalog_figures({r.id: r for r in results}, figdir, seed)
    answers = answers or []
    written = write_answers(answers, runs_dir or outdir / "runs", figdir, seed=seed)
    data = results_json(results, verdicts, figures, seconds, written)
    s = data["summary"]
    line = f"{s['passed']}/{s['total']} results passed in {s['seconds']:.1f} s (seed {seed})."
    html_prose = [(w.answer, shown_text(w), w.figures) for w in written]
    (outdir / "index.html").write_text(
        report_html(results, verdicts, figures, figdir, line, html_prose,
                    questions_html(rows(results, answers)) if questions else ""),
        encoding="utf-8")
    (outdir / "results.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    extras = {r.id: checks_tex(verdicts[r.id]) + figures_tex(figures.get(r.id, []))
              for r in results}
    tex = outdir / "answers.tex"
    tex.write_text(document(results, extras, prose_latex(written),
                            questions_latex(results, answers) if questions else ""),
                   encoding="utf-8")
    problem = "\n".join(problems(written)) or None
    if pdf and tex_engine() is not None:
        ok, log = compile_pdf(tex)
        problem = problem if ok else f"answers.tex did not compile:\n{log}"
    return data, problem


def run(args: argparse.Namespace) -> int:
    output_directory(args.output, "-o")
    chosen = select_key(args.ids)
    if chosen is None:
        return 2
    results, answers = chosen
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
                                  seconds=time.perf_counter() - t0, pdf=not args.no_pdf,
                                  answers=answers,
                                  runs_dir=Path(args.runs) if args.runs else None,
                                  questions=not args.ids)
    progress.advance()
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        s = data["summary"]
        print(f"{s['passed']}/{s['total']} results passed; wrote {outdir / 'index.html'}, "
              f"{outdir / 'results.json'}, {outdir / 'answers.tex'}"
              + (f", {outdir / 'answers.pdf'}" if (outdir / "answers.pdf").exists() else ""))
    if problem:
        print(f"probproof: {problem}", file=sys.stderr)
    return 0 if data["summary"]["failed"] == 0 and not problem else 1
