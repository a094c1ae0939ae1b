"""What the commands print (issue 16): verdict labels of `verify`, the `check`
table's detail column."""

from __future__ import annotations

import re

import pytest

from probproof import cli
from probproof.checks.api import ClaimReport
from probproof.checks.catalog import CheckVerdict, ResultVerdict, StepVerdict
from probproof.checks.claimfile import ClaimSpec
from probproof.checks.verdict import Status, Verdict
from probproof.commands.check import render_table
from probproof.commands.text_table import format_table


def _step(status: Status) -> StepVerdict:
    return StepVerdict("step", "a step", Verdict(status))


def test_a_result_whose_every_step_is_proved_is_proved() -> None:
    agreeing = CheckVerdict("quadrature", Status.CONFIRMED, "agrees")
    assert ResultVerdict("r", [_step(Status.PROVED)] * 3, [agreeing]).status is Status.PROVED
    # ... but a step only confirmed, or a confirmation that fails, still counts.
    mixed = [_step(Status.PROVED), _step(Status.CONFIRMED)]
    assert ResultVerdict("r", mixed, [agreeing]).status is Status.CONFIRMED
    failing = CheckVerdict("quadrature", Status.REFUTED, "differs")
    assert ResultVerdict("r", [_step(Status.PROVED)], [failing]).status is Status.REFUTED
    undecided = CheckVerdict("mc", Status.UNDECIDED, "time")
    assert ResultVerdict("r", [_step(Status.PROVED)], [undecided]).status is Status.UNDECIDED
    assert ResultVerdict("r", [], [agreeing]).status is Status.CONFIRMED


def test_verify_labels_a_fully_proved_result_proved(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["verify", "kl.gaussian.standard", "--jobs", "1"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^proved\s+kl\.gaussian\.standard", out, re.M), out


LONG = ("Monte Carlo at 6.11 standard errors with 131072 draws: the sides differ at "
        "mu = 0.123456789012, sigma = 3.14159265358979 where lhs = 1.23456789e-05 and "
        "rhs = 9.87654321e+07 after a precise re-check at 50 digits, 4x the draws and a "
        "denser scan 0.000123456789")


def test_the_detail_column_wraps_and_never_cuts_a_number() -> None:
    spec = ClaimSpec(id="a-long-message", statement="x == x")
    report = ClaimReport(spec, Verdict(Status.UNDECIDED, message=LONG))
    table = render_table([report])
    words = table.split()
    for token in LONG.split():
        if any(ch.isdigit() for ch in token):  # every number whole on one line
            assert token in words, token
    assert " ".join(LONG.split()) in " ".join(table.split())


def test_wrapped_lines_fit_the_width_and_line_up_under_the_column() -> None:
    rows = [("id", "verdict", "detail"), ("claim-1", "refuted", LONG)]
    lines = format_table(rows, width=80).splitlines()
    assert len(lines) > 2
    column = lines[0].index("detail")
    for line in lines[2:]:
        assert len(line) <= 80
        assert line[:column].strip() == "" and line[column] != " "
    # A word longer than the column stays whole rather than being broken.
    huge = "1.234567890123456789012345678901234567890123456789e-300"
    out = format_table([("id", "detail"), ("x", f"value {huge} here")], width=50)
    assert huge in out.split()
