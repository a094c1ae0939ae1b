"""The claim engine: decide ``lhs relation rhs`` over the declared domains.

``check_relation`` is what ``probproof check``, :func:`probproof.check` and
the catalog's step checker all call. The rules (DESIGN.md, Verdicts):

1. **symbolic** — SymPy, under the assumptions the domains imply, with a hard
   time limit. Success is ``proved``, but only after a numeric spot check at a
   few points agrees (a disagreement there means the engine itself is wrong:
   the verdict is ``undecided`` and says so, never a false ``proved``).
2. **numeric** — otherwise a Hypothesis-driven search evaluates both sides from
   their definitions (quadrature, sums, Monte Carlo with standard errors, global
   search, numeric differentiation). A disagreement is ``refuted`` only after a
   precise re-evaluation at the same point agrees that the sides differ;
   enough agreeing points and no disagreement is ``confirmed``; too few
   evaluable points, or the time limit, is ``undecided``.
"""

from __future__ import annotations

import math
import signal
import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import Any

import sympy as sp

from probproof.checks import symbolic
from probproof.checks.compare import RESOLUTION, Z
from probproof.checks.domains import Domain, DomainError, parse_domain
from probproof.checks.search import SearchReport, search
from probproof.checks.verdict import Counterexample, Status, Verdict
from probproof.derivations.result import RELATIONS

#: Agreeing points needed to call a claim with free parameters ``confirmed``.
MIN_AGREEING = 8
#: Points tried by the search (before shrinking).
SEARCH_EXAMPLES = 40
#: Points tried by the spot check that follows a symbolic proof.
SPOT_EXAMPLES = 4


class CheckTimeout(Exception):
    """Raised by the alarm of :func:`time_limit`."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Interrupt the body after ``seconds`` with :class:`CheckTimeout`.

    Uses ``SIGALRM``, so it only limits the main thread of a POSIX process;
    elsewhere the body runs unlimited (the sandbox's process limit still holds).
    """
    usable = (hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable or seconds <= 0 or math.isinf(seconds):
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise CheckTimeout()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _domains(domains: Mapping[str, Any] | None) -> dict[str, Domain]:
    out = {}
    for name, d in (domains or {}).items():
        out[name] = d if isinstance(d, Domain) else parse_domain(d)
    return out


def _free_names(expr: sp.Basic) -> dict[str, sp.Symbol]:
    return {s.name: s for s in expr.free_symbols if isinstance(s, sp.Symbol)}


def check_relation(
    lhs: sp.Basic,
    rhs: sp.Basic,
    relation: str = "==",
    domains: Mapping[str, str | Domain] | None = None,
    *,
    seed: int = 0,
    timeout: float = 20.0,
) -> Verdict:
    """Decide ``lhs relation rhs`` for all values of the symbols in their domains.

    Parameters
    ----------
    lhs, rhs : sympy.Basic
        Expressions (or matrices of equal shape, for ``==``) built from SymPy and
        :mod:`probproof.derivations.vocabulary`. Free symbols are matched to
        ``domains`` by name; their own assumptions are replaced by the domain's.
    relation : {"==", "<=", ">=", "<", ">"}
    domains : mapping of str to str
        Symbol name -> domain, as in claim files (``"real"``, ``"positive"``,
        ``"interval(0, 1)"``, ...). Every free symbol needs one.
    seed : int
        Makes the numeric search deterministic.
    timeout : float
        Seconds for the whole check; a check that runs out is ``undecided``.

    Returns
    -------
    Verdict

    Examples
    --------
    >>> import sympy as sp
    >>> x = sp.Symbol("x")
    >>> check_relation(sp.exp(sp.log(x)), x, "==", {"x": "positive"}).status
    <Status.PROVED: 'proved'>
    """
    t0 = time.perf_counter()
    deadline = time.monotonic() + timeout

    def done(v: Verdict) -> Verdict:
        v.seconds = time.perf_counter() - t0
        return v

    if relation not in RELATIONS:
        return done(Verdict(Status.ERROR, message=f"unknown relation {relation!r}"))
    try:
        doms = _domains(domains)
    except DomainError as exc:
        return done(Verdict(Status.ERROR, message=str(exc)))
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    if isinstance(lhs, sp.MatrixBase) != isinstance(rhs, sp.MatrixBase) or (
        isinstance(lhs, sp.MatrixBase) and (lhs.shape != rhs.shape or relation != "==")
    ):
        return done(Verdict(Status.ERROR, message="matrices are compared with == and must have "
                                                  "the same shape"))
    free = _free_names(lhs) | _free_names(rhs)
    missing = sorted(set(free) - set(doms))
    if missing:
        return done(Verdict(Status.ERROR, message=f"undeclared symbol(s): {', '.join(missing)}"))
    # Give each symbol the assumptions of its declared domain.
    symbols = {n: doms[n].symbol(n) for n in free}
    reps = {free[n]: symbols[n] for n in free if free[n] != symbols[n]}
    if reps:
        lhs, rhs = lhs.xreplace(reps), rhs.xreplace(reps)
    sym_domains = {n: doms[n] for n in free}
    return done(_decide(lhs, rhs, relation, symbols, doms, sym_domains, seed, timeout, deadline))


def _decide(lhs, rhs, relation, symbols, doms, sym_domains, seed, timeout, deadline) -> Verdict:
    proved = False
    symbolic_note = ""
    budget = min(max(0.3 * timeout, 0.5), 8.0)
    try:
        with time_limit(budget):
            proved = symbolic.prove(lhs, rhs, relation)
    except CheckTimeout:
        symbolic_note = f"symbolic attempt stopped after {budget:.1f} s"
    except symbolic.Irreducible as exc:
        symbolic_note = f"no closed form ({exc})"
    except Exception as exc:  # SymPy raises many kinds of errors on hard input
        symbolic_note = f"symbolic attempt failed ({type(exc).__name__})"

    remaining = deadline - time.monotonic()
    if remaining <= 0:
        return Verdict(Status.PROVED, ["symbolic"], "lhs - rhs reduces to 0") if proved else (
            Verdict(Status.UNDECIDED, message=f"time limit of {timeout:g} s reached"))
    search_deadline = time.monotonic() + 0.75 * remaining
    report: SearchReport
    try:
        with time_limit(remaining):
            report = search(lhs, rhs, relation, symbols, doms, seed=seed,
                            deadline=search_deadline, recheck_deadline=deadline,
                            max_examples=SPOT_EXAMPLES if proved else SEARCH_EXAMPLES)
    except CheckTimeout:
        report = SearchReport(timed_out=True)

    if proved:
        if report.counterexample is not None:
            return Verdict(
                Status.UNDECIDED, ["symbolic", *sorted(report.methods)],
                "internal disagreement: SymPy reduced the difference to 0 but the numeric "
                "evaluation disagrees; please report this claim",
                counterexample=None, trials=report.agreed)
        methods = ["symbolic", *sorted(report.methods - {"exact"})]
        msg = "SymPy reduces lhs - rhs to 0" if relation == "==" else (
            "SymPy shows the difference has the required sign")
        if report.agreed:
            msg += f"; numeric spot check agreed at {report.agreed} point(s)"
        return Verdict(Status.PROVED, methods, msg, trials=report.agreed,
                       max_error=max(report.max_gap, 0.0) if report.agreed else None)

    if report.counterexample is not None:
        c = report.comparison
        assert c is not None
        values = {k: _plain(v) for k, v in report.counterexample.items()}
        why = f" ({c.reason})" if c.reason else ""
        return Verdict(
            Status.REFUTED, sorted(report.methods),
            f"the sides differ by {c.gap:.3g} (tolerance {c.tolerance:.3g}), confirmed by a "
            f"precise re-evaluation{why}",
            counterexample=Counterexample(
                values, c.lhs.python_value(), c.rhs.python_value(),
                lhs_error=c.lhs.stderr or None, rhs_error=c.rhs.stderr or None),
            trials=report.agreed)

    needed = MIN_AGREEING if sym_domains else 1
    if report.agreed >= needed:
        if relation == "==":
            closest = f"largest relative difference {max(report.max_gap, 0.0):.3g}"
        else:
            # gap = (smaller side) - (larger side): negative is a margin, positive is slack used.
            closest = ("closest approach (lhs - rhs, relative) "
                       f"{_signed_gap(relation, report.max_gap):.3g}")
        msg = (f"{report.agreed} point(s) agreed ({', '.join(sorted(report.methods))}); "
               f"{closest} within tolerance (relative resolution {RESOLUTION:g}, Monte Carlo "
               f"at {Z:.2f} standard errors)")
        if report.ties:
            msg += f"; {report.ties} point(s) tied"
        if symbolic_note:
            msg += f"; {symbolic_note}"
        return Verdict(Status.CONFIRMED, sorted(report.methods), msg, trials=report.agreed,
                       max_error=max(report.max_gap, 0.0))

    parts = [f"only {report.agreed} point(s) could be compared (need {needed})"]
    if report.timed_out:
        parts.append(f"time limit of {timeout:g} s reached")
    if report.ties:
        parts.append(f"{report.ties} point(s) where a strict inequality could not be told from "
                     "equality")
    if report.invalid:
        parts.append(f"{report.invalid} point(s) where a distribution parameter was invalid")
    if report.unconfirmed:
        parts.append(f"{report.unconfirmed} disagreement(s) not confirmed by re-evaluation")
    if report.reasons:
        parts.append("; ".join(report.reasons))
    if symbolic_note:
        parts.append(symbolic_note)
    return Verdict(Status.UNDECIDED, sorted(report.methods), "; ".join(parts),
                   trials=report.agreed)


def _signed_gap(relation: str, gap: float) -> float:
    """lhs - rhs from the compare gap (which is oriented so that the relation says gap <= 0)."""
    return gap if relation in ("<=", "<") else -gap


def _plain(v: Any) -> Any:
    if isinstance(v, bool):
        return v
    if isinstance(v, int):
        return v
    return float(v)
