"""The Python API: check claims from your own code and tests.

Examples
--------
>>> from probproof import check, assert_claim
>>> check("KL(Normal(mu, 1), Normal(0, 1)) == mu**2/2", {"mu": "real"}).status
<Status.PROVED: 'proved'>
>>> assert_claim("log(x**2) == 2*log(x)", {"x": "positive"})  # doctest: +ELLIPSIS
Verdict(...)
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from probproof.checks import sandbox
from probproof.checks.chains import (
    DerivationReport,
    combine,
    describe_derivation,
    link_specs,
    malformed,
    side_names,
)
from probproof.checks.claimfile import (
    ClaimDocument,
    ClaimSpec,
    DerivationSpec,
    derivation_problem,
    symbol_table,
)
from probproof.checks.domains import Domain, DomainError, parse_domain
from probproof.checks.engine import CheckTimeout, check_relation, time_limit
from probproof.checks.parser import ClaimSyntaxError, parse_statement
from probproof.checks.verdict import Status, Verdict
from probproof.checks.warm import warm_up

_COLUMN = re.compile(r" \(column \d+\)")

#: Seconds a worker may run beyond the engine's own time limit before it is killed.
GRACE = 5.0


class Interrupted(KeyboardInterrupt):
    """A run of claims interrupted by SIGINT; ``reports`` has every claim and
    ``derivations`` every derivation, those that had not finished marked as not run."""

    def __init__(self, reports: list[ClaimReport],
                 derivations: list[DerivationReport] | None = None) -> None:
        super().__init__("interrupted")
        self.reports = reports
        self.derivations = derivations or []


#: Message of a claim that an interrupt kept from finishing.
NOT_RUN = "not run: the run was interrupted"


def _check_in_process(statement: str, symbols: Mapping[str, str | Domain], seed: int,
                      timeout: float) -> Verdict:
    t0 = time.perf_counter()
    try:
        # Parsed domains travel as they are: printing one and parsing it again can fail
        # (interval(1e-13, 1) prints with a 14-digit denominator).
        domains = {name: d if isinstance(d, Domain) else parse_domain(d)
                   for name, d in symbols.items()}
    except DomainError as exc:
        return Verdict(Status.ERROR, message=str(exc), seconds=time.perf_counter() - t0)
    # One alarm over everything: parsing builds SymPy objects (the determinant of an
    # explicit matrix) and the engine prepares both sides before its own limits start.
    try:
        with time_limit(timeout):
            try:
                rel = parse_statement(statement, domains)
            except ClaimSyntaxError as exc:
                return Verdict(Status.ERROR, message=str(exc),
                               seconds=time.perf_counter() - t0)
            remaining = max(0.1, timeout - (time.perf_counter() - t0))
            v = check_relation(rel.lhs, rel.rhs, rel.relation, domains, seed=seed,
                               timeout=remaining)
    except CheckTimeout:
        return Verdict(Status.UNDECIDED, message=f"time limit of {timeout:g} s reached",
                       seconds=time.perf_counter() - t0)
    v.seconds = time.perf_counter() - t0
    return v


def _from_failure(f: sandbox.WorkerFailed) -> Verdict:
    return Verdict(Status.UNDECIDED, message=f.reason.splitlines()[0], seconds=f.seconds)


def check(statement: str, symbols: Mapping[str, str] | None = None, *, seed: int = 0,
          timeout: float = 20.0) -> Verdict:
    """Check one claim written in the claim-file language.

    Parameters
    ----------
    statement : str
        One relation, e.g. ``"KL(Normal(mu, sigma), Normal(0, 1)) == ..."``.
    symbols : mapping of str to str
        Declared symbols and their domains (``{"mu": "real", "sigma": "positive"}``).
    seed : int
        Seed of the counterexample search (deterministic for a given seed).
    timeout : float
        Seconds; a check that cannot conclude in time is ``undecided``.

    Returns
    -------
    Verdict
        ``.status`` is ``proved``, ``confirmed``, ``refuted`` (with
        ``.counterexample``), ``undecided`` or ``error``; bad arguments (a symbol
        name a claim file would reject, a domain that is not one, an infinite or
        NaN ``timeout``) are ``error`` with a one-line message.
    """
    try:
        timeout = sandbox.check_seconds(timeout)
    except ValueError as exc:
        return Verdict(Status.ERROR, message=str(exc))
    domains, problem = _api_symbols(symbols)
    if problem is not None:
        return Verdict(Status.ERROR, message=problem)
    warm_up()  # once per process: every worker is forked from the warmed caller
    result = sandbox.run_one(_check_in_process, (statement, domains, seed, timeout),
                             timeout + GRACE)
    if isinstance(result, sandbox.WorkerFailed):
        return _from_failure(result)
    return result


def _api_symbols(symbols: object) -> tuple[dict[str, Domain], str | None]:
    """The declared symbols of :func:`check`, under the rules of claim files."""
    if symbols is None:
        return {}, None
    if not isinstance(symbols, Mapping):
        return {}, (f"symbols must be a mapping of name to domain, e.g. {{'x': 'real'}}, "
                    f"not a {type(symbols).__name__}")
    domains, problems = symbol_table(symbols)
    if problems:
        return {}, next(iter(problems.values()))
    return domains, None


def assert_claim(statement: str, symbols: Mapping[str, str] | None = None, *,
                 expect: bool = True, seed: int = 0, timeout: float = 20.0) -> Verdict:
    """Assert that a claim is true (``proved``/``confirmed``) or, with
    ``expect=False``, that it is ``refuted``.

    Raises
    ------
    AssertionError
        With the verdict, the counterexample if there is one, and its message.
    """
    __tracebackhide__ = True
    v = check(statement, symbols, seed=seed, timeout=timeout)
    ok = v.passed if expect else v.status is Status.REFUTED
    if not ok:
        want = "true (proved or confirmed)" if expect else "false (refuted)"
        lines = [f"claim expected {want}, got {v.status}: {statement}"]
        if v.counterexample is not None:
            lines.append(f"counterexample {v.counterexample.describe()}")
        if v.message:
            lines.append(v.message)
        raise AssertionError("\n".join(lines))
    return v


@dataclass
class ClaimReport:
    """A claim of a file with its verdict."""

    spec: ClaimSpec
    verdict: Verdict

    @property
    def ok(self) -> bool:
        if self.verdict.status is Status.ERROR:
            return False
        return self.verdict.passed if self.spec.expect == "true" else (
            self.verdict.status is Status.REFUTED)

    def to_json(self) -> dict:
        v = self.verdict.to_json()
        return {"id": self.spec.id, "verdict": v["verdict"], "expect": self.spec.expect,
                "ok": self.ok, "methods": v["methods"], "counterexample": v["counterexample"],
                "message": v["message"], "seconds": v["seconds"], "source": self.spec.source,
                "statement": self.spec.statement, "trials": v["trials"],
                "max_error": v["max_error"]}


def _check_spec(spec: ClaimSpec, seed: int, timeout: float) -> Verdict:
    return _check_in_process(spec.statement, spec.domains, seed, timeout)


def check_specs(specs: list[ClaimSpec], *, seed: int = 0, timeout: float = 20.0,
                jobs: int = 1, budget: float | None = None) -> list[ClaimReport]:
    """Check the claims of a file, each in its own worker; malformed ones are ``error``.

    ``budget`` (seconds) bounds the whole file: claims it leaves unfinished are
    ``undecided`` and say so.

    Raises
    ------
    Interrupted
        On SIGINT, with the reports of every claim (unfinished ones not run).
    ValueError
        For a ``timeout`` or ``budget`` that is not a finite positive number.
    """
    try:
        return check_document(ClaimDocument(specs, []), seed=seed, timeout=timeout, jobs=jobs,
                              budget=budget)[0]
    except Interrupted as exc:
        raise Interrupted(exc.reports) from None


def _check_link(spec: ClaimSpec, left: str, index: int, seed: int, timeout: float) -> Verdict:
    """One link of a derivation, checked as the claim it is; a malformed link's
    message names the side at fault (its start or its step)."""
    v = _check_spec(spec, seed, timeout)
    if v.status is Status.ERROR:
        left_name, right_name = side_names(index)
        try:
            # the left side alone: if it parses, the fault is the step's own
            parse_statement(f"({left}) == ({left})", spec.domains)
            name = right_name
        except (ClaimSyntaxError, ValueError, TypeError):
            name = left_name
        # a column of the pasted link statement would point at the wrong text
        v.message = name + ": " + _COLUMN.sub("", v.message)
    return v


def check_document(document: ClaimDocument, *, seed: int = 0, timeout: float = 20.0,
                   jobs: int = 1, budget: float | None = None,
                   ) -> tuple[list[ClaimReport], list[DerivationReport]]:
    """Check the claims and derivations of a file.

    Every claim and every link of every derivation is one task in its own
    worker under the time limit, ``jobs`` at a time; malformed entries are
    ``error`` and the others are still checked. ``budget`` bounds the whole
    file (unfinished tasks are ``undecided`` and say so).

    Raises
    ------
    Interrupted
        On SIGINT, with every claim and derivation (unfinished tasks not run).
    ValueError
        For a ``timeout`` or ``budget`` that is not a finite positive number.
    """
    tasks: list[tuple[Callable[..., Verdict], tuple]] = []
    claims: list[ClaimReport | None] = []
    for spec in document.claims:
        if spec.problem is not None:
            claims.append(ClaimReport(spec, Verdict(Status.ERROR, message=spec.problem)))
        else:
            claims.append(None)
            tasks.append((_check_spec, (spec, seed, timeout)))
    first_link: list[int | None] = []
    for chain in document.derivations:
        if chain.problem is not None:
            first_link.append(None)
            continue
        first_link.append(len(tasks))
        for k, (link, (left, _)) in enumerate(zip(link_specs(chain), chain.links(), strict=True),
                                              start=1):
            tasks.append((_check_link, (link, left, k, seed, timeout)))
    timeout = sandbox.check_seconds(timeout)
    interrupted = False
    try:
        # Once per process (every worker is forked from the warmed caller), within the
        # file's budget: a quarter of it at most, the rest left to the claims.
        spent = 0.0
        if tasks:
            spent = warm_up() if budget is None else warm_up(
                0.25 * sandbox.check_seconds(budget, "budget"))
        raw = sandbox.run_many(tasks, timeout + GRACE, jobs=jobs, budget=budget, spent=spent)
    except sandbox.Interrupted as exc:
        raw, interrupted = exc.results, True
    except KeyboardInterrupt:  # during the warm-up: no task has run
        raw, interrupted = [None] * len(tasks), True
    results = [Verdict(Status.UNDECIDED, message=NOT_RUN) if r is None
               else _from_failure(r) if isinstance(r, sandbox.WorkerFailed) else r
               for r in raw]
    done = iter(results)
    claim_reports = [r if r is not None else ClaimReport(spec, next(done))
                     for spec, r in zip(document.claims, claims, strict=True)]
    chains = []
    for chain, start in zip(document.derivations, first_link, strict=True):
        if start is None:
            chains.append(malformed(chain, chain.problem or ""))
        else:
            chains.append(combine(chain, results[start:start + len(chain.steps)]))
    if interrupted:
        raise Interrupted(claim_reports, chains)
    return claim_reports, chains


def derivation_spec(start: str, steps: Sequence[Any], symbols: Mapping[str, str] | None = None,
                    *, expect: bool = True, name: str = "derivation") -> DerivationSpec:
    """A :class:`DerivationSpec` from Python values; ``problem`` says what is wrong.

    ``steps`` holds ``(expression, because)`` or ``(relation, expression,
    because)`` tuples, or bare expression strings.
    """
    if not isinstance(steps, list | tuple):
        # (a string is a sequence too: "x + 1" would be five steps of one character)
        return DerivationSpec(name, start if isinstance(start, str) else "", [],
                              expect="true" if expect else "false",
                              problem="steps must be a list of (expression, because) pairs "
                                      f"or expressions, not {type(steps).__name__}")
    raw: list[Any] = []
    for step in steps:
        if isinstance(step, str):
            raw.append({"to": step})
        elif isinstance(step, tuple | list) and len(step) == 2:
            raw.append({"to": step[0], "because": step[1]})
        elif isinstance(step, tuple | list) and len(step) == 3:
            raw.append({"relation": step[0], "to": step[1], "because": step[2]})
        else:
            raw.append(None)  # reported by derivation_problem as "step k: ..."
    parsed, problem = derivation_problem(start, raw)
    # The same rules for symbol names and domains as check() and claim files.
    domains, symbol_problem = _api_symbols(symbols)
    problem = problem or symbol_problem
    return DerivationSpec(name, start if isinstance(start, str) else "", parsed,
                          expect="true" if expect else "false", domains=domains,
                          problem=problem)


def check_derivation(start: str, steps: Sequence[Any], symbols: Mapping[str, str] | None = None,
                     *, expect: bool = True, seed: int = 0, timeout: float = 20.0,
                     jobs: int = 1, name: str = "derivation") -> DerivationReport:
    """Check a derivation link by link.

    Parameters
    ----------
    start : str
        The first expression of the chain.
    steps : sequence
        ``(expression, because)`` (the link is ``==``) or ``(relation,
        expression, because)`` tuples, each continuing the chain.
    symbols : mapping of str to str
        Declared symbols and their domains, shared by every link.
    expect : bool
        ``False`` when some link is meant to be wrong (only ``.ok`` uses it).
    seed, timeout : int, float
        As for :func:`check`, per link.
    jobs : int
        Links checked in parallel.

    Returns
    -------
    DerivationReport
        ``.verdict`` for the whole chain (the worst link's), ``.links`` with
        the verdict of each link, ``.failing_link`` and ``.ok``.

    Examples
    --------
    >>> r = check_derivation("(x + 1)**2", [("(x + 1)*(x + 1)", "a square"),
    ...                                     ("x**2 + 1", "expand")], {"x": "real"})
    >>> r.verdict.status, r.failing_link.index
    (<Status.REFUTED: 'refuted'>, 2)
    """
    spec = derivation_spec(start, steps, symbols, expect=expect, name=name)
    if spec.problem is not None:
        return malformed(spec, spec.problem)
    return check_document(ClaimDocument([], [spec]), seed=seed, timeout=timeout, jobs=jobs)[1][0]


def assert_derivation(start: str, steps: Sequence[Any], symbols: Mapping[str, str] | None = None,
                      *, expect: bool = True, seed: int = 0, timeout: float = 20.0,
                      jobs: int = 1, name: str = "derivation") -> DerivationReport:
    """Assert that every link of a derivation holds (or, with ``expect=False``,
    that some link is refuted); arguments as for :func:`check_derivation`.

    Raises
    ------
    AssertionError
        Showing the failing link, its justification, both sides and the
        counterexample; pytest shows no traceback through probproof.
    """
    __tracebackhide__ = True
    report = check_derivation(start, steps, symbols, expect=expect, seed=seed, timeout=timeout,
                              jobs=jobs, name=name)
    if not report.ok:
        raise AssertionError(describe_derivation(report))
    return report
