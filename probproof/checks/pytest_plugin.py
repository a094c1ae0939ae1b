"""pytest as the proof checker.

Claim files are test files: every ``test_*.toml`` (the ini option
``probproof_files`` takes other globs) is collected with one item per claim
and per derivation, named by its id and located at the line of its
``[[claim]]`` / ``[[derivation]]`` header; a failing item shows the claim or
the failing link, both sides and the counterexample. Each item is checked in
its own worker, so ``-k``, ``--lf`` and pytest-xdist (``-n auto``) spread a
problem bank like any test suite.

``pytest --probproof`` also collects every catalog result as a test item
named after its id.

Each item checks its result the way ``probproof verify`` does (every step of
every derivation, the statement, the facts and the numeric confirmations: one
sub-check each) and, when one fails, reports the step, both of its sides and
the shrunk counterexample instead of a traceback. Registered through the
``pytest11`` entry point, so installing probproof is enough; without an
install, ``-p probproof.checks.pytest_plugin`` loads it.

Hypothesis settings are respected: ``--hypothesis-seed`` seeds the search of
every step (the default is 0, so runs are reproducible), and the search's
settings inherit from the profile loaded with ``--hypothesis-profile`` (the
checker fixes only its number of examples, deadline and database).
"""

from __future__ import annotations

import fnmatch
import importlib
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
import sympy as sp

from probproof.checks.api import ClaimReport, check_document
from probproof.checks.catalog import (
    CHECK_TIMEOUT,
    ResultVerdict,
    StepVerdict,
    verify_result,
)
from probproof.checks.chains import DerivationReport, describe_claim, describe_derivation
from probproof.checks.claimfile import (
    ClaimDocument,
    ClaimFileError,
    ClaimSpec,
    DerivationSpec,
    load_claim_document,
)
from probproof.derivations.result import Result, plain

#: Claim files collected as test files unless the ini option says otherwise.
DEFAULT_FILES = ["test_*.toml"]


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("probproof", "probproof: claim files and the catalog as tests")
    group.addoption("--probproof", action="store_true", default=False,
                    help="collect every catalog result as a test item")
    group.addoption("--probproof-catalog", metavar="MODULE", default=None,
                    help="take the results from MODULE's RESULTS (id -> Result) instead of "
                         "the catalog")
    group.addoption("--probproof-timeout", type=float, default=CHECK_TIMEOUT,
                    help="seconds allowed to each check (default %(default)s)")
    group.addoption("--probproof-no-numeric", action="store_true", default=False,
                    help="check the derivations only, not the numeric confirmations")
    parser.addini("probproof_files", type="args", default=DEFAULT_FILES,
                  help="glob(s) of claim files collected as test files (default: test_*.toml)")


def load_results(module: str | None) -> Mapping[str, Result]:
    """The catalog, or ``module.RESULTS`` when a module is named."""
    if module is None:
        from probproof.derivations import load_all

        return load_all()
    return importlib.import_module(module).RESULTS


def _seed(config: pytest.Config) -> int:
    # Hypothesis's own plugin defines --hypothesis-seed; it is absent without it.
    try:
        value = config.getoption("hypothesis_seed")
    except ValueError:
        value = None
    return int(value) if value not in (None, "") else 0


class ProbproofFailure(Exception):
    """A result whose checks did not all pass; carries the verdict for the report."""

    def __init__(self, verdict: ResultVerdict, result: Result) -> None:
        super().__init__(verdict.result_id)
        self.verdict = verdict
        self.result = result


def _sides(result: Result, step: StepVerdict) -> tuple[str, str, str] | None:
    """The two sides and the relation of a failing derivation step, from its label."""
    label = step.label
    if step.kind != "step" or not label.startswith("derivation "):
        return None
    try:
        head = label.split(":", 1)[0]  # "derivation i, step k"
        i = int(head.split(",")[0].split()[1]) - 1
        k = int(head.split("step")[1]) - 1
        previous, link = list(result.derivations[i].links())[k]
    except (IndexError, ValueError):
        return None
    return sp.sstr(previous), link.relation, sp.sstr(link.expr)


def describe_failure(result: Result, verdict: ResultVerdict) -> str:
    """The readable report of a failing result: each failing step with its sides
    and counterexample, each failing numeric check with its detail."""
    lines = [f"{result.id}: {verdict.status} ({plain(result.title)})"]
    for s in verdict.steps:
        if s.verdict.passed:
            continue
        v = s.verdict
        lines.append(f"  {v.status}: {s.label}")
        sides = _sides(result, s)
        if sides is not None:
            lhs, rel, rhs = sides
            lines += [f"      left side:  {lhs}", f"      relation:   {rel}",
                      f"      right side: {rhs}"]
        if v.counterexample is not None:
            lines.append(f"      counterexample {v.counterexample.describe()}")
        if v.message:
            lines.append(f"      {v.message}")
    for c in verdict.checks:
        if not c.status.passed:
            lines.append(f"  {c.status}: numeric confirmation {c.method}: {c.detail}")
    passed = sum(s.verdict.passed for s in verdict.steps) + sum(
        c.status.passed for c in verdict.checks)
    lines.append(f"  ({passed} of {len(verdict.steps) + len(verdict.checks)} sub-checks passed)")
    return "\n".join(lines)


class ResultItem(pytest.Item):
    """One catalog result; its sub-checks are the steps and numeric confirmations."""

    def __init__(self, *, result: Result, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.result = result

    def runtest(self) -> None:
        cfg = self.config
        verdict = verify_result(self.result, _seed(cfg),
                                timeout=cfg.getoption("probproof_timeout"),
                                numeric=not cfg.getoption("probproof_no_numeric"))
        # One property per sub-check, for junit-xml and other reporters.
        for s in verdict.steps:
            self.user_properties.append((s.label, str(s.verdict.status)))
        for c in verdict.checks:
            self.user_properties.append((f"numeric: {c.method}", str(c.status)))
        if not verdict.passed:
            raise ProbproofFailure(verdict, self.result)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, ProbproofFailure):
            return describe_failure(excinfo.value.result, excinfo.value.verdict)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[str, int | None, str]:
        return "probproof", None, f"result {self.result.id}"


class Catalog(pytest.Collector):
    """The catalog as a collector of :class:`ResultItem`."""

    def collect(self) -> Iterator[pytest.Item]:
        results = load_results(self.config.getoption("probproof_catalog"))
        for rid, result in results.items():
            yield ResultItem.from_parent(self, name=rid, result=result)


@pytest.hookimpl(tryfirst=True)  # before -k / -m deselect, so that they apply to results
def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config,
                                  items: list[pytest.Item]) -> None:
    if not config.getoption("probproof"):
        return
    catalog = Catalog.from_parent(session, name="probproof")
    try:
        found = list(catalog.collect())
        report = pytest.CollectReport(catalog.nodeid, "passed", None, found)
    except Exception as exc:  # a catalog module that fails to import: a collection error
        found = []
        report = pytest.CollectReport(catalog.nodeid, "failed",
                                      f"cannot load the catalog: {type(exc).__name__}: {exc}", [])
    # The terminal counts what collect reports announce ("collected N items",
    # "N/M tests collected"): items added without a report were counted as
    # deselected but never as collected.
    config.hook.pytest_collectreport(report=report)
    items.extend(found)


# --- claim files as test files ---------------------------------------------


def _matches(path: Path, patterns: list[str]) -> bool:
    return any(fnmatch.fnmatch(str(path) if "/" in p else path.name, p) for p in patterns)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.File | None:
    if _matches(file_path, parent.config.getini("probproof_files")):
        return ClaimFile.from_parent(parent, path=file_path)
    return None


class ClaimFile(pytest.File):
    """A claim file: one item per claim and per derivation, in file order."""

    def collect(self) -> Iterator[pytest.Item]:
        try:
            document = load_claim_document(self.path)
        except ClaimFileError as exc:
            raise self.CollectError(str(exc)) from None
        used: set[str] = set()
        entries: list[ClaimSpec | DerivationSpec] = [*document.claims, *document.derivations]
        for spec in sorted(entries, key=lambda e: e.line or 0):
            name = spec.id
            # a duplicate id is an error item of its own, not a clash of node ids
            k = 2
            while name in used:
                name, k = f"{spec.id}[{k}]", k + 1
            used.add(name)
            kind = ClaimItem if isinstance(spec, ClaimSpec) else DerivationItem
            yield kind.from_parent(self, name=name, spec=spec)


class ClaimFileFailure(Exception):
    """A claim or derivation whose verdict is not its ``expect``; the text is the report."""


class _EntryItem(pytest.Item):
    """An entry of a claim file, checked in its own worker under the time limit."""

    def __init__(self, *, spec: ClaimSpec | DerivationSpec, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.spec = spec

    def _document(self) -> tuple[list[ClaimReport], list[DerivationReport]]:
        spec = self.spec
        document = (ClaimDocument([spec], []) if isinstance(spec, ClaimSpec)
                    else ClaimDocument([], [spec]))
        return check_document(document, seed=_seed(self.config),
                              timeout=self.config.getoption("probproof_timeout"), jobs=1)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str:
        if isinstance(excinfo.value, ClaimFileFailure):
            return str(excinfo.value)
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        line = self.spec.line - 1 if self.spec.line else None  # pytest counts from 0
        return self.path, line, self.spec.id


class ClaimItem(_EntryItem):
    """One ``[[claim]]``."""

    def runtest(self) -> None:
        report = self._document()[0][0]
        self.user_properties.append(("verdict", str(report.verdict.status)))
        if not report.ok:
            raise ClaimFileFailure(describe_claim(report.spec, report.verdict))


class DerivationItem(_EntryItem):
    """One ``[[derivation]]``; one property per link."""

    def runtest(self) -> None:
        report = self._document()[1][0]
        for link in report.links:
            self.user_properties.append((f"step {link.index}", str(link.verdict.status)))
        if not report.ok:
            raise ClaimFileFailure(describe_derivation(report))
