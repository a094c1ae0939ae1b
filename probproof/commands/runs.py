"""The experiments' outputs that the answer key reports: reused or made.

``probproof report`` and ``probproof latex --document`` read the numbers and
figures of the answers in words (:mod:`probproof.reports.prose_answers`) from
``probproof run`` folders, ``RUNS/NAME/metrics.json`` and its PNGs. A folder
that exists is reused (the full runs, made by hand with ``probproof run NAME
-o RUNS/NAME``); a missing one is made with ``probproof run NAME --quick``, the
size used in CI. Each run is a child process: the experiments set torch's
threads and devices, which should not leak into the command that reports.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from probproof.derivations.result import Result
from probproof.reports.catalog_figures import Figure
from probproof.reports.latex import prose_snippet, questions_tex
from probproof.reports.latex_checks import figures_tex
from probproof.reports.prose_answers import ProseAnswer, experiments_needed
from probproof.reports.questions import question_rows

#: Wall-clock limit of one quick run (the slowest, ebm, takes about 20 s alone).
RUN_TIMEOUT = 900


@dataclass(frozen=True)
class Written:
    """An answer in words as the key prints it: its text and its figures
    (copied into the report's figure folder), or why it could not be written."""

    answer: ProseAnswer
    text: str
    figures: tuple[Figure, ...] = ()
    problem: str | None = None


def _run(name: str, folder: Path, seed: int) -> str | None:
    """Make a quick run of ``name`` in ``folder``; the reason when it failed."""
    cmd = [sys.executable, "-m", "probproof", "run", name, "--quick", "--json",
           "--seed", str(seed), "-o", str(folder)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=RUN_TIMEOUT,
                              check=False)
    except subprocess.TimeoutExpired:
        return f"`probproof run {name} --quick` ran past {RUN_TIMEOUT} s"
    if done.returncode != 0:
        last = (done.stderr.strip().splitlines() or ["no message"])[-1]
        return f"`probproof run {name} --quick` failed: {last}"
    return None


def load_runs(names: Sequence[str], runs_dir: Path, *, seed: int = 0,
              on_start: Callable[[str], None] | None = None) -> dict[str, Any]:
    """``name -> metrics`` for every experiment in ``names``, made when missing;
    ``name -> str`` (the reason) for a run that could not be made or read."""
    out: dict[str, Any] = {}
    for name in names:
        folder = runs_dir / name
        metrics = folder / "metrics.json"
        if not metrics.exists():
            if on_start is not None:
                on_start(name)
            problem = _run(name, folder, seed)
            if problem:
                out[name] = problem
                continue
        try:
            out[name] = json.loads(metrics.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            out[name] = f"{metrics} could not be read: {exc}"
    return out


def _figures(answer: ProseAnswer, run_dir: Path, figdir: Path) -> tuple[Figure, ...]:
    """Copy the answer's figures next to the key's own, under names of its id."""
    figs = []
    for filename, caption in answer.figures:
        source = run_dir / filename
        if not source.exists():
            continue
        target = f"{answer.id.replace('.', '-')}-{filename.replace('_', '-')}"
        shutil.copyfile(source, figdir / target)
        figs.append(Figure(answer.id, target, caption))
    return tuple(figs)


def write_answers(answers: Sequence[ProseAnswer], runs_dir: Path, figdir: Path, *,
                  seed: int = 0, on_start: Callable[[str], None] | None = None
                  ) -> list[Written]:
    """Every answer's text with its run's numbers formatted in, and its figures."""
    runs = load_runs(experiments_needed(list(answers)), runs_dir, seed=seed, on_start=on_start)
    figdir.mkdir(parents=True, exist_ok=True)
    written = []
    for a in answers:
        metrics = runs.get(a.experiment, {}) if a.experiment else {}
        if isinstance(metrics, str):
            written.append(Written(a, "", problem=metrics))
            continue
        try:
            text = a.write(metrics)
        except (KeyError, IndexError, TypeError) as exc:
            # a folder made by an older version of the experiment
            written.append(Written(a, "", problem=f"{runs_dir / str(a.experiment)}/metrics.json "
                                                  f"lacks {exc}: remove the folder to rerun it"))
            continue
        figs = _figures(a, runs_dir / a.experiment, figdir) if a.experiment else ()
        written.append(Written(a, text, figs))
    return written


def shown_text(w: Written) -> str:
    """The text the key prints: the answer, or why it is missing."""
    return w.text or f"This answer could not be written: {w.problem}."


def prose_latex(written: Sequence[Written]) -> list[tuple[ProseAnswer, str]]:
    """Each answer in words with its LaTeX, for :func:`probproof.reports.latex.document`."""
    return [(w.answer, prose_snippet(w.answer, shown_text(w), figures_tex(w.figures)))
            for w in written]


def rows(results: Sequence[Result], answers: Sequence[ProseAnswer]
         ) -> list[tuple[str, str, list[str]]]:
    """Every question answered by ``results`` and ``answers``, with their ids."""
    return question_rows([(e.id, [(s.seed, s.question) for s in e.sources])
                          for e in [*results, *answers]])


def questions_latex(results: Sequence[Result], answers: Sequence[ProseAnswer]) -> str:
    return questions_tex(rows(results, answers))


def problems(written: Sequence[Written]) -> list[str]:
    return [f"{w.answer.id}: {w.problem}" for w in written if w.problem]
