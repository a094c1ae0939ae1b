"""Derivations of claim files: each link a claim, the chain's verdict from its links.

A derivation ``start R1 e1 R2 e2 ...`` is checked link by link, each link
``(previous) Rk (ek)`` as a claim of its own (same parser, same engine, same
evidence rules, same sandboxed worker as ``probproof check``). This module
turns a chain into its link claims and the links' verdicts into the chain's:
the worst link's verdict (refuted, then undecided, then confirmed, then
proved; ``error`` when the chain or a link is malformed), naming the first
refuted link, its justification and its counterexample.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from probproof.checks.claimfile import ClaimSpec, DerivationSpec, StepSpec
from probproof.checks.parser import ClaimSyntaxError, parse_statement
from probproof.checks.verdict import Status, Verdict
from probproof.derivations.result import Derivation, Step

#: Order of badness of a link's verdict; the chain takes the worst.
_RANK = {Status.PROVED: 0, Status.CONFIRMED: 1, Status.UNDECIDED: 2, Status.REFUTED: 3,
         Status.ERROR: 4}


def link_statement(left: str, relation: str, right: str) -> str:
    """The claim ``(left) relation (right)`` of one link.

    Each side has been checked to be one whole expression on its own
    (:func:`probproof.checks.claimfile.expression_problem`), so the parentheses
    cannot join two halves into something neither side says.
    """
    return f"({left.strip()}) {relation} ({right.strip()})"


def link_specs(chain: DerivationSpec) -> list[ClaimSpec]:
    """One claim per link of a well-formed chain, with the chain's symbols."""
    return [ClaimSpec(id=f"{chain.id}.step{k}", statement=link_statement(left, s.relation, s.to),
                      expect="true", source=chain.source, domains=dict(chain.domains))
            for k, (left, s) in enumerate(chain.links(), start=1)]


def side_names(k: int) -> tuple[str, str]:
    """How a report names the two sides of link ``k`` (1-based)."""
    return ("start" if k == 1 else f"step {k - 1}"), f"step {k}"


@dataclass
class LinkReport:
    """One link ``left relation step.to`` of a derivation, with its verdict."""

    index: int  #: 1-based: the link that ends at step ``index``
    left: str
    step: StepSpec
    verdict: Verdict

    def to_json(self) -> dict[str, Any]:
        v = self.verdict.to_json()
        return {"index": self.index, "from": self.left, "to": self.step.to,
                "relation": self.step.relation, "because": self.step.because,
                "verdict": v["verdict"], "methods": v["methods"],
                "counterexample": v["counterexample"], "message": v["message"],
                "seconds": v["seconds"]}


@dataclass
class DerivationReport:
    """A derivation with the verdict of each link and of the whole chain."""

    spec: DerivationSpec
    links: list[LinkReport]
    verdict: Verdict

    @property
    def ok(self) -> bool:
        """True when the verdict matches ``expect``: every link passed for
        ``"true"``, some link refuted for ``"false"``."""
        status = self.verdict.status
        if status is Status.ERROR:
            return False
        return status.passed if self.spec.expect == "true" else status is Status.REFUTED

    @property
    def failing_link(self) -> LinkReport | None:
        """The first refuted link, else the first link that did not pass."""
        for wanted in (Status.REFUTED, Status.ERROR, Status.UNDECIDED):
            for link in self.links:
                if link.verdict.status is wanted:
                    return link
        return None

    def to_json(self) -> dict[str, Any]:
        v = self.verdict.to_json()
        bad = self.failing_link if not self.verdict.passed else None
        failing = None if bad is None else {k: bad.to_json()[k] for k in (
            "index", "from", "to", "relation", "because")}
        return {"id": self.spec.id, "verdict": v["verdict"], "expect": self.spec.expect,
                "ok": self.ok, "relation": _relation_or_none(self.spec),
                "failing_link": failing,
                "methods": v["methods"], "counterexample": v["counterexample"],
                "message": v["message"], "seconds": v["seconds"], "source": self.spec.source,
                "start": self.spec.start, "links": [link.to_json() for link in self.links]}


def _relation_or_none(spec: DerivationSpec) -> str | None:
    try:
        return spec.relation
    except ValueError:
        return None


def malformed(spec: DerivationSpec, message: str) -> DerivationReport:
    """The report of a chain that could not be checked at all."""
    return DerivationReport(spec, [], Verdict(Status.ERROR,
                                              message=f"derivation {spec.id}: {message}"))


def combine(spec: DerivationSpec, verdicts: list[Verdict]) -> DerivationReport:
    """The chain's report from the verdicts of its links, in order."""
    links = [LinkReport(k, left, step, v)
             for k, ((left, step), v) in enumerate(zip(spec.links(), verdicts, strict=True),
                                                    start=1)]
    worst = max((link.verdict.status for link in links), key=_RANK.__getitem__)
    methods: list[str] = []
    for link in links:
        methods += [m for m in link.verdict.methods if m not in methods]
    report = DerivationReport(spec, links, Verdict(
        worst, methods=methods, trials=sum(link.verdict.trials for link in links),
        seconds=sum(link.verdict.seconds for link in links)))
    bad = report.failing_link
    if bad is None:
        counts = {s: sum(link.verdict.status is s for link in links)
                  for s in (Status.PROVED, Status.CONFIRMED)}
        report.verdict.message = (f"all {len(links)} links hold ({counts[Status.PROVED]} proved, "
                                  f"{counts[Status.CONFIRMED]} confirmed): start "
                                  f"{spec.relation} end")
        return report
    why = f" ({bad.step.because})" if bad.step.because else ""
    if bad.verdict.status is Status.ERROR:
        report.verdict.message = f"derivation {spec.id}, {bad.verdict.message}"
    else:
        report.verdict.message = (f"step {bad.index}{why} {bad.verdict.status}: "
                                  f"{bad.verdict.message}")
    report.verdict.counterexample = bad.verdict.counterexample
    return report


def parsed_chain(spec: DerivationSpec) -> Derivation | None:
    """The chain as SymPy objects (each link parsed as it was checked), for the
    renderers; ``None`` when some link does not parse."""
    if spec.problem is not None or not spec.steps:
        return None
    start = None
    steps = []
    for link in link_specs(spec):
        try:
            rel = parse_statement(link.statement, link.domains)
        except (ClaimSyntaxError, ValueError, TypeError):
            return None
        start = rel.lhs if start is None else start
        steps.append(rel.rhs)
    return Derivation(start, tuple(Step(expr, s.because, s.relation)
                                   for expr, s in zip(steps, spec.steps, strict=True)))


def split_relation(statement: str) -> tuple[str, str, str] | None:
    """``(lhs, relation, rhs)`` as written in a statement, or ``None``; the text
    is only parsed (``ast``), never evaluated."""
    try:
        tree = ast.parse(statement.strip(), mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return None
    body = tree.body
    if not isinstance(body, ast.Compare) or len(body.ops) != 1:
        return None
    names = {ast.Eq: "==", ast.LtE: "<=", ast.GtE: ">=", ast.Lt: "<", ast.Gt: ">"}
    relation = names.get(type(body.ops[0]))
    lhs = ast.get_source_segment(statement.strip(), body.left)
    rhs = ast.get_source_segment(statement.strip(), body.comparators[0])
    if relation is None or lhs is None or rhs is None:
        return None
    return lhs, relation, rhs


def _evidence(v: Verdict, indent: str) -> list[str]:
    lines = []
    if v.counterexample is not None:
        lines.append(f"{indent}counterexample {v.counterexample.describe()}")
    if v.message:
        lines.append(f"{indent}{v.message}")
    return lines


def describe_claim(spec: ClaimSpec, verdict: Verdict) -> str:
    """A failing claim for a person: the claim, both sides, the counterexample."""
    lines = [f"{spec.id}: {verdict.status} (expected {spec.expect})"]
    sides = split_relation(spec.statement)
    if sides is None:
        lines.append(f"      claim:      {spec.statement}")
    else:
        lhs, rel, rhs = sides
        lines += [f"      left side:  {lhs}", f"      relation:   {rel}",
                  f"      right side: {rhs}"]
    return "\n".join(lines + _evidence(verdict, "      "))


def describe_derivation(report: DerivationReport) -> str:
    """A failing derivation for a person: the failing link, its justification,
    both sides and the counterexample (only the verdict when none is failing)."""
    spec, v = report.spec, report.verdict
    lines = [f"{spec.id}: {v.status} (expected {spec.expect})"]
    bad = report.failing_link
    if bad is None:
        if spec.expect == "false" and v.status.passed:
            lines.append(f"  every one of the {len(report.links)} links holds, but the "
                         "derivation was expected to have a wrong step")
        else:
            lines.append(f"  {v.message}")
        return "\n".join(lines)
    left_name, right_name = side_names(bad.index)
    why = f": {bad.step.because}" if bad.step.because else ""
    labels = [f"left side ({left_name}):", "relation:", f"right side ({right_name}):"]
    width = max(map(len, labels)) + 1
    lines.append(f"  {bad.verdict.status}: step {bad.index}{why}")
    lines += [f"      {label.ljust(width)}{text}"
              for label, text in zip(labels, (bad.left, bad.step.relation, bad.step.to),
                                     strict=True)]
    return "\n".join(lines + _evidence(bad.verdict, "      "))
