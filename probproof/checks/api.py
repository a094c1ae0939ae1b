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

import time
from collections.abc import Mapping
from dataclasses import dataclass

from probproof.checks import sandbox
from probproof.checks.claimfile import ClaimSpec, symbol_table
from probproof.checks.domains import Domain, DomainError, parse_domain
from probproof.checks.engine import CheckTimeout, check_relation, time_limit
from probproof.checks.parser import ClaimSyntaxError, parse_statement
from probproof.checks.verdict import Status, Verdict

#: Seconds a worker may run beyond the engine's own time limit before it is killed.
GRACE = 5.0


class Interrupted(KeyboardInterrupt):
    """A run of claims interrupted by SIGINT; ``reports`` has every claim, those that had
    not finished marked as not run."""

    def __init__(self, reports: list[ClaimReport]) -> None:
        super().__init__("interrupted")
        self.reports = reports


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
    reports: list[ClaimReport | None] = [None] * len(specs)
    tasks = []
    index = []
    for i, spec in enumerate(specs):
        if spec.problem is not None:
            reports[i] = ClaimReport(spec, Verdict(Status.ERROR, message=spec.problem))
        else:
            tasks.append((_check_spec, (spec, seed, timeout)))
            index.append(i)
    timeout = sandbox.check_seconds(timeout)
    interrupted = False
    try:
        results = sandbox.run_many(tasks, timeout + GRACE, jobs=jobs, budget=budget)
    except sandbox.Interrupted as exc:
        results, interrupted = exc.results, True
    for i, res in zip(index, results, strict=True):
        if res is None:
            res = Verdict(Status.UNDECIDED, message=NOT_RUN)
        elif isinstance(res, sandbox.WorkerFailed):
            res = _from_failure(res)
        reports[i] = ClaimReport(specs[i], res)
    out = [r for r in reports if r is not None]
    if interrupted:
        raise Interrupted(out)
    return out
