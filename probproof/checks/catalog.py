"""Verify catalog results: every derivation step, the statement, the facts and
the numeric confirmations, each under a time limit.

One :class:`~probproof.derivations.result.Result` is checked by
:func:`verify_result`; the outcome, a :class:`ResultVerdict`, is what
``probproof verify`` prints (its :meth:`ResultVerdict.to_json` has the shape
DESIGN.md specifies). A check that raises is reported as that check's ``error``
and never stops the run.
"""

from __future__ import annotations

import time
import traceback
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy as sp

from probproof.checks.engine import CheckTimeout, check_relation, time_limit
from probproof.checks.sandbox import WorkerFailed
from probproof.checks.verdict import Status, Verdict
from probproof.derivations.result import Derivation, Result, Statement, plain, relation_of

#: Seconds allowed to one step, statement, fact or numeric confirmation.
CHECK_TIMEOUT = 60.0

# Worst first: the status of a group is that of its worst member.
_SEVERITY = {
    Status.ERROR: 4,
    Status.REFUTED: 3,
    Status.UNDECIDED: 2,
    Status.CONFIRMED: 1,
    Status.PROVED: 0,
}


def worst(statuses: Sequence[Status]) -> Status:
    """The status of a group of checks: its worst member (``proved`` if empty)."""
    return max(statuses, key=_SEVERITY.__getitem__, default=Status.PROVED)


@dataclass
class StepVerdict:
    """The verdict on one link of a derivation (or on the statement or a fact)."""

    kind: str  # "step", "statement" or "fact"
    label: str
    verdict: Verdict

    def to_json(self) -> dict[str, Any]:
        v = self.verdict
        return {
            "verdict": str(v.status),
            "method": "+".join(v.methods) or "none",
            "kind": self.kind,
            "label": self.label,
            "message": v.message,
            "counterexample": v.counterexample.to_json() if v.counterexample else None,
            "seconds": round(v.seconds, 4),
        }


@dataclass
class CheckVerdict:
    """The verdict of one numeric confirmation."""

    method: str
    status: Status
    detail: str
    max_error: float | None = None
    seconds: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "method": self.method,
            "verdict": str(self.status),
            "detail": self.detail,
            "max_error": self.max_error,
            "seconds": round(self.seconds, 4),
        }


@dataclass
class ResultVerdict:
    """Everything ``verify`` found out about one result."""

    result_id: str
    steps: list[StepVerdict] = field(default_factory=list)
    checks: list[CheckVerdict] = field(default_factory=list)
    seconds: float = 0.0
    #: CPU seconds of the processes that checked its steps (derivations, statement,
    #: facts) and its numeric confirmations: ``verify`` runs them as two tasks, ordered by
    #: these.
    part_cpu_seconds: tuple[float, float] = (0.0, 0.0)

    @property
    def cpu_seconds(self) -> float:
        """CPU seconds of the whole check (on a loaded machine, the steadier figure)."""
        return sum(self.part_cpu_seconds)

    @property
    def status(self) -> Status:
        """The worst verdict of the steps; a numeric confirmation that agrees
        corroborates a proof without lowering it to ``confirmed``, one that does
        not agree counts. Without steps, the worst confirmation."""
        if not self.steps:
            return worst([c.status for c in self.checks])
        return worst([s.verdict.status for s in self.steps]
                     + [c.status for c in self.checks if not c.status.passed])

    @property
    def passed(self) -> bool:
        return self.status.passed

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.result_id,
            "verdict": str(self.status),
            "steps": [s.to_json() for s in self.steps],
            "checks": [c.to_json() for c in self.checks],
            "seconds": round(self.seconds, 4),
        }


def _guarded(check: Callable[[], Verdict], timeout: float) -> Verdict:
    """Run one engine call; a time-out is ``undecided``, an exception is ``error``."""
    t0 = time.perf_counter()
    try:
        with time_limit(timeout):
            verdict = check()
    except CheckTimeout as exc:
        return Verdict(Status.UNDECIDED, message=str(exc), seconds=time.perf_counter() - t0)
    except BaseException as exc:  # a crash in the engine must not stop the catalog
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        return Verdict(
            Status.ERROR, message=f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - t0
        )
    return verdict


def check_claim(
    lhs: sp.Basic,
    rhs: sp.Basic,
    relation: str,
    domains: Mapping[str, str],
    *,
    seed: int,
    timeout: float = CHECK_TIMEOUT,
) -> Verdict:
    """``check_relation``, never raising. The engine enforces ``timeout`` itself
    (with its own SIGALRM and workers), so no second alarm is set here."""
    return _guarded(
        lambda: check_relation(lhs, rhs, relation, dict(domains), seed=seed, timeout=timeout), 0
    )


#: ``a R b`` as ``b R' a``.
_FLIPPED = {"==": "==", "<=": ">=", ">=": "<=", "<": ">", ">": "<"}


def _implies(chain: str, claimed: str) -> bool:
    """Whether a chain ``start chain end`` establishes ``start claimed end``."""
    return chain == claimed or (chain, claimed) in {
        ("==", "<="),
        ("==", ">="),
        ("<", "<="),
        (">", ">="),
    }


def check_derivation(
    derivation: Derivation,
    domains: Mapping[str, str],
    *,
    seed: int,
    index: int = 0,
    timeout: float = CHECK_TIMEOUT,
) -> list[StepVerdict]:
    """Check every link of a chain: each step against the one before it."""
    out = []
    for k, (previous, step) in enumerate(derivation.links(), start=1):
        verdict = check_claim(
            previous, step.expr, step.relation, domains, seed=seed, timeout=timeout
        )
        out.append(
            StepVerdict("step", f"derivation {index + 1}, step {k}: {plain(step.justification)}",
                        verdict)
        )
    return out


def check_statement(
    statement: Statement,
    derivations: Sequence[Derivation],
    domains: Mapping[str, str],
    *,
    seed: int,
    timeout: float = CHECK_TIMEOUT,
) -> StepVerdict:
    """The statement follows from the first derivation: its start is the
    statement's left side, its end the right side, and its chain relation
    implies the claimed one. Without a derivation, the statement is checked
    directly.
    """
    if not derivations:
        return StepVerdict(
            "statement",
            "statement (checked directly)",
            check_claim(
                statement.lhs,
                statement.rhs,
                statement.relation,
                domains,
                seed=seed,
                timeout=timeout,
            ),
        )
    main = derivations[0]
    try:
        chain = main.relation
    except ValueError as exc:
        return StepVerdict("statement", "statement", Verdict(Status.ERROR, message=str(exc)))
    left, right = statement.lhs, statement.rhs
    sides = ("left side", "right side")
    if main.start == right and main.end == left and left != right:
        # The chain runs from the right side to the left one: read it backwards.
        chain = _FLIPPED[chain]
        left, right = right, left
        sides = sides[::-1]
    if not _implies(chain, statement.relation):
        return StepVerdict(
            "statement",
            "statement",
            Verdict(
                Status.ERROR,
                message=f"the derivation proves {chain!r}, the statement claims "
                f"{statement.relation!r}",
            ),
        )
    start = check_claim(main.start, left, "==", domains, seed=seed, timeout=timeout)
    end = check_claim(main.end, right, "==", domains, seed=seed, timeout=timeout)
    parts = [start, end]
    status = worst([p.status for p in parts])
    failing = next((p for p in parts if p.status == status), start)
    message = (
        f"the derivation starts at the {sides[0]} and ends at the {sides[1]}"
        if status.passed
        else (f"start vs {sides[0]}" if failing is start else f"end vs {sides[1]}")
        + f": {failing}"
    )
    verdict = Verdict(
        status,
        sorted({m for p in parts for m in p.methods}),
        message,
        counterexample=failing.counterexample if status == Status.REFUTED else None,
        seconds=start.seconds + end.seconds,
    )
    return StepVerdict("statement", "statement = end of derivation 1", verdict)


def run_confirmation(
    fn: Callable[[Result, int], Any],
    method: str,
    result: Result,
    seed: int,
    timeout: float = CHECK_TIMEOUT,
) -> CheckVerdict:
    """Run one registered numeric confirmation; exceptions become an ``error``."""
    t0 = time.perf_counter()
    try:
        # A confirmation judges its own values (non-finite ones fail it); numpy's
        # warnings about them would only be noise on the user's terminal.
        with time_limit(timeout), np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            conf = fn(result, seed)
    except CheckTimeout as exc:
        return CheckVerdict(method, Status.UNDECIDED, str(exc), seconds=time.perf_counter() - t0)
    except Exception as exc:
        tail = traceback.format_exc(limit=-1).strip().splitlines()[-1]
        return CheckVerdict(
            method,
            Status.ERROR,
            f"{type(exc).__name__}: {exc} ({tail})",
            seconds=time.perf_counter() - t0,
        )
    status = Status.CONFIRMED if conf.passed else Status.REFUTED
    return CheckVerdict(
        conf.method or method, status, conf.detail, conf.max_error, time.perf_counter() - t0
    )


def confirmations_for(result_id: str) -> list[tuple[str, Callable[[Result, int], Any]]]:
    """The numeric confirmations registered for a result id."""
    from probproof.numeric.confirmations import load_all

    return list(load_all().get(result_id, []))


def verify_result(
    result: Result, seed: int = 0, *, timeout: float = CHECK_TIMEOUT, numeric: bool = True
) -> ResultVerdict:
    """Check one result completely.

    Parameters
    ----------
    result : Result
        The catalog entry (possibly a modified copy, as tests do).
    seed : int
        Seed for the engine's numeric search and for the Monte Carlo checks.
    timeout : float
        Seconds allowed to each single check.
    numeric : bool
        Also run the registered numeric confirmations.

    Returns
    -------
    ResultVerdict
        ``steps`` holds the derivation links, the statement and the facts;
        ``checks`` the numeric confirmations.
    """
    out = check_steps(result, seed, timeout=timeout)
    if numeric:
        out = _joined(result, out, run_confirmations(result, seed, timeout=timeout))
    return out


def check_steps(result: Result, seed: int = 0,
                timeout: float = CHECK_TIMEOUT) -> ResultVerdict:
    """The steps of :func:`verify_result`: the derivations' links, the statement, the
    facts and the formulas of the prose (SymPy, numpy and scipy; no torch)."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    out = ResultVerdict(result.id)
    for i, derivation in enumerate(result.derivations):
        out.steps += check_derivation(
            derivation, result.domains, seed=seed, index=i, timeout=timeout
        )
    out.steps.append(
        check_statement(
            result.statement, result.derivations, result.domains, seed=seed, timeout=timeout
        )
    )
    for k, fact in enumerate(result.facts, start=1):
        verdict = check_claim(
            fact.lhs, fact.rhs, fact.relation, result.domains, seed=seed, timeout=timeout
        )
        out.steps.append(StepVerdict("fact", f"fact {k}: {plain(fact.text)}", verdict))
    # a formula in the prose is a claim like a fact: nothing the reader sees goes unchecked
    for where, rel in result.text_claims():
        verdict = check_claim(rel.lhs, rel.rhs, relation_of(rel), result.domains, seed=seed,
                              timeout=timeout)
        out.steps.append(StepVerdict("fact", f"{where}: {plain((rel,))}", verdict))
    out.seconds = time.perf_counter() - t0
    out.part_cpu_seconds = (time.process_time() - cpu0, 0.0)
    return out


def run_confirmations(result: Result, seed: int = 0,
                      timeout: float = CHECK_TIMEOUT) -> ResultVerdict:
    """The numeric confirmations of :func:`verify_result` (torch among them), as a
    verdict with ``checks`` only."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    out = ResultVerdict(result.id)
    for method, fn in confirmations_for(result.id):
        out.checks.append(run_confirmation(fn, method, result, seed, timeout))
    out.seconds = time.perf_counter() - t0
    out.part_cpu_seconds = (0.0, time.process_time() - cpu0)
    return out


def _joined(result: Result, steps: ResultVerdict | WorkerFailed,
            checks: ResultVerdict | WorkerFailed) -> ResultVerdict:
    """One result's verdict from those of its two parts (a part whose worker did not
    come back is an ``error``)."""
    if isinstance(steps, WorkerFailed):
        steps = _failed(result, steps)
    if isinstance(checks, WorkerFailed):
        checks = ResultVerdict(result.id, checks=[CheckVerdict(
            "numeric confirmations", Status.ERROR,
            f"the confirmations of this result stopped: {checks}", seconds=checks.seconds)],
            seconds=checks.seconds)
    return ResultVerdict(result.id, steps.steps, checks.checks,
                         seconds=steps.seconds + checks.seconds,
                         part_cpu_seconds=(steps.part_cpu_seconds[0],
                                           checks.part_cpu_seconds[1]))


def _failed(result: Result, failure: WorkerFailed) -> ResultVerdict:
    """The verdict of a result whose worker process did not come back."""
    verdict = Verdict(Status.ERROR, message=f"the check of this result stopped: {failure}",
                      seconds=failure.seconds)
    return ResultVerdict(result.id, [StepVerdict("statement", "statement", verdict)],
                         seconds=failure.seconds)


def verify_many(
    results: Sequence[Result],
    seed: int = 0,
    *,
    timeout: float = CHECK_TIMEOUT,
    jobs: int = 1,
    on_done: Callable[[ResultVerdict], None] | None = None,
) -> list[ResultVerdict]:
    """:func:`verify_result` for each result, ``jobs`` at a time in forked workers
    (``jobs=1``: one after another in this process).

    With workers, each result is two tasks: its steps (:func:`check_steps`) and its
    numeric confirmations (:func:`run_confirmations`). The confirmations need torch, which
    takes seconds to import: it is imported once, in this process, while a first worker
    forked before it already checks steps (``sandbox.run_many``'s warm-up); the workers
    forked after it share it. ``on_done`` is called with each verdict as it comes in
    (both parts done), for progress output. A worker that dies (memory limit, crash)
    gives its part an ``error``.
    """
    from probproof.checks import sandbox
    from probproof.numeric.confirmations import load_all

    verdicts: dict[int, ResultVerdict] = {}

    def finish(i: int, v: ResultVerdict) -> None:
        verdicts[i] = v
        if on_done is not None:
            on_done(v)

    if jobs <= 1:
        for i, r in enumerate(results):
            finish(i, verify_result(r, seed, timeout=timeout))
        return [verdicts[i] for i in range(len(results))]
    # A result's checks keep their own time limits; the worker's limit only guards
    # against a hang outside them.
    links = max(2 + len(r.facts) + len(r.text_claims())
                + sum(len(d.steps) for d in r.derivations) for r in results)
    order = plan(results)
    tasks = [(check_steps if part == STEPS else run_confirmations, (results[i], seed, timeout))
             for i, part in order]
    parts: dict[int, dict[int, ResultVerdict | WorkerFailed]] = {}

    def part_done(k: int, v: ResultVerdict | WorkerFailed) -> None:
        i, part = order[k]
        got = parts.setdefault(i, {})
        got[part] = v
        if len(got) == 2:
            finish(i, _joined(results[i], got[STEPS], got[CHECKS]))

    # Workers are reused: the catalog is trusted code, and a worker that keeps SymPy's
    # caches from one result to the next makes the whole run about 15% faster.
    sandbox.run_many(tasks, 2 * timeout * links, jobs=jobs, on_done=part_done, reuse=True,
                     warm_up=load_all,
                     light=[k for k, (_, part) in enumerate(order) if part == STEPS])
    return [verdicts[i] for i in range(len(results))]


#: The two tasks of a result under ``verify_many``.
STEPS, CHECKS = 0, 1


def plan(results: Sequence[Result]) -> list[tuple[int, int]]:
    """The order in which ``verify`` starts the results' parts, ``(result index, STEPS
    or CHECKS)``: the longest first, so that no worker is left with a long one at the end
    (longest processing time first).

    The lengths are the CPU seconds measured by the last recording
    (:mod:`probproof.checks.verify_costs`); results not measured there (new ones) go
    first, among themselves by :func:`_expected_cost`.
    """
    from probproof.checks.verify_costs import SECONDS

    def key(task: tuple[int, int]) -> tuple[int, float]:
        i, part = task
        seconds = SECONDS.get(results[i].id)
        if seconds is None:
            return (0, -_expected_cost(results[i]) - (part == STEPS))
        return (1, -seconds[part])

    return sorted(((i, part) for i in range(len(results)) for part in (STEPS, CHECKS)),
                  key=key)


def _expected_cost(result: Result) -> int:
    """A rough cost: links whose sides hold integrals, expectations or sums weigh most."""
    from probproof.derivations import vocabulary as V

    heavy = (sp.Integral, sp.Sum, sp.Derivative, V.Expect, V.KL, V.H, V.CrossEntropy, V.JSD,
             V.Sup)
    sides = [result.statement.lhs, result.statement.rhs]
    sides += [e for f in result.facts for e in (f.lhs, f.rhs)]
    sides += [step.expr for d in result.derivations for step in d.steps]
    return sum(5 if sp.sympify(e).has(*heavy) else 1 for e in sides)


def summary(verdicts: Sequence[ResultVerdict], seconds: float) -> dict[str, Any]:
    """The ``summary`` object of ``verify --json``."""
    passed = sum(v.passed for v in verdicts)
    return {
        "total": len(verdicts),
        "passed": passed,
        "failed": len(verdicts) - passed,
        "seconds": round(seconds, 4),
    }
