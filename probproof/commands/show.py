"""``probproof show ID``: one result in full (where it is defined, its confirmations and
figures, statement, derivations, answer), as plain terminal text: prose without LaTeX,
formulas in SymPy's notation."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterable
from typing import TYPE_CHECKING

import sympy as sp

from probproof.commands.catalog import catalog, select
from probproof.commands.plain_text import convert as _convert_tex
from probproof.derivations.result import Text, plain

if TYPE_CHECKING:
    from probproof.derivations.result import Result


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", help="result id (see `probproof list`)")


def convert(text: Text) -> str:
    """A result's text for the terminal: older LaTeX prose converted, objects in SymPy's
    notation."""
    return _convert_tex(text) if isinstance(text, str) else plain(text)


def _shown(expr: sp.Basic) -> str:
    """``expr`` in SymPy's notation, derivatives of constants written as 0 (a
    substitution such as ``G = 0`` leaves ``Derivative(0, x)`` unevaluated)."""
    with contextlib.suppress(AttributeError, TypeError):  # no replace: print it as it is
        expr = expr.replace(
            lambda e: isinstance(e, sp.Derivative) and e.expr.is_number,
            lambda e: sp.S.Zero,
        )
    return sp.sstr(expr)


def _symbol_names(exprs: Iterable[sp.Basic]) -> set[str]:
    names: set[str] = set()
    for e in exprs:
        names |= {s.name for s in getattr(e, "free_symbols", ())}
    return names


def _show_prose(answer_id: str) -> int | None:
    """An answer in words, with the numbers of ``probproof-runs/NAME`` when that
    run exists (``probproof run NAME`` makes it); None for any other id."""
    import json
    from pathlib import Path

    from probproof.reports.prose_answers import by_id

    a = by_id().get(answer_id)
    if a is None:
        return None
    print(f"{a.id}: {a.title}")
    print("sources: " + "; ".join(f"{s.seed} question {s.question}" for s in a.sources))
    print("defined in: probproof/reports/prose_answers.py (an answer in words)")
    metrics: dict = {}
    if a.experiment:
        run = Path("probproof-runs") / a.experiment / "metrics.json"
        if not run.exists():
            print(f"\nanswer: its numbers come from `probproof run {a.experiment}`; run it "
                  f"(it writes {run.parent}) and show this again.")
            return 0
        metrics = json.loads(run.read_text(encoding="utf-8"))
    print(f"\nanswer: {a.write(metrics)}")
    for filename, caption in a.figures:
        print(f"figure: {Path('probproof-runs') / str(a.experiment) / filename}: {plain(caption)}")
    return 0


def _print_places(r: Result) -> None:
    """Where the result lives: its derivation's file and line, its confirmations (method,
    file and line of the registration) and the functions that draw its figures."""
    from probproof.derivations.result import DEFINED_AT
    from probproof.numeric.confirmations import REGISTERED_AT
    from probproof.numeric.confirmations import load_all as load_confirmations
    from probproof.reports.catalog_figures import figures_for

    file, line = DEFINED_AT[r.id]
    print(f"defined at: {file}:{line}")
    methods = [m for m, _fn in load_confirmations().get(r.id, [])]
    print("confirmations:" + ("" if methods else " none"))
    for m in methods:
        file, line = REGISTERED_AT[r.id, m]
        print(f"  {m}  {file}:{line}")
    for name, where in figures_for(r.id, catalog()):
        print(f"figure: {name}  {where}")


def run(args: argparse.Namespace) -> int:
    shown = _show_prose(args.id)
    if shown is not None:
        return shown
    found = select([args.id])
    if found is None:
        return 2
    r = found[0]
    print(f"{r.id}: {convert(r.title)}")
    _print_places(r)
    print("sources: " + "; ".join(f"{s.seed} question {s.question}" for s in r.sources))
    st = r.statement
    print(f"\nstatement: {convert(st.text)}\n  {_shown(st.lhs)} {st.relation} {_shown(st.rhs)}")
    # Only the symbols that some formula shown below uses.
    used = _symbol_names([st.lhs, st.rhs]
                         + [e for d in r.derivations for e in (d.start, *(s.expr for s in d.steps))]
                         + [e for f in r.facts for e in (f.lhs, f.rhs)])
    where = [f"{k}: {v}" for k, v in r.domains.items() if k in used]
    if where:
        print("  where " + ", ".join(where))
    # the names the text uses (w(h), the weight of iwae.*): the formulas above are
    # written out, the answer's prose may use the name
    for let in r.legend:
        print(f"  name: {_shown(let.lhs)} = {_shown(let.rhs)}")
    for i, d in enumerate(r.derivations, start=1):
        title = f": {convert(d.title)}" if d.title else ""
        previous = _shown(d.start)
        print(f"\nderivation {i}{title}\n  {previous}")
        for step in d.steps:
            text = _shown(step.expr)
            # A step whose formula prints like the one before (SymPy evaluated the
            # rewriting away) is kept for its justification, not printed twice.
            shown = "(the same as printed above)" if text == previous else text
            print(f"  {step.relation} {shown}    ({convert(step.justification)})")
            previous = text
    for f in r.facts:
        print(f"\nfact: {convert(f.text)}\n  {_shown(f.lhs)} {f.relation} {_shown(f.rhs)}")
    print(f"\nanswer: {convert(r.answer)}")
    for note in r.notes:
        print(f"note: {convert(note)}")
    return 0
