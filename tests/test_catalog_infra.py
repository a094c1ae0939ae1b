"""The catalog's commands and step checker: list, broken derivations, crashing checks."""

from __future__ import annotations

import json

import pytest
import sympy as sp

from probproof import cli
from probproof.checks.catalog import verify_result
from probproof.derivations.result import Derivation, Result, Source, Statement, Step

EXPECTED = {
    "003_d7f509f3735f8b89.txt": {"1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4"},
    "004_ed75a671ee0e2e4a.txt": {"1.1", "1.2", "1.4", "1.5", "1.7"},
    "002_744d3837ef1c38b7.txt": {"Q1.1", "Q1.2", "Q2.1", "Q2.2", "Q3.1", "Q3.2"},
    "001_6664ac7dfb33b96a.txt": {"2.ii"},
}


def test_list_json_names_every_question(capsys):
    assert cli.main(["list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)["results"]
    found: dict[str, set[str]] = {}
    for r in listed:
        assert r["id"] and r["title"]
        for s in r["sources"]:
            found.setdefault(s["seed"], set()).add(s["question"])
    for seed, questions in EXPECTED.items():
        assert questions <= found.get(seed, set()), seed


a, b = sp.symbols("a b", real=True)


def _broken() -> Result:
    return Result(
        id="test.broken",
        title="a broken derivation",
        sources=(Source("none", "0"),),
        statement=Statement((a + b) ** 2, a**2 + b**2, "=="),
        derivations=(
            Derivation(
                (a + b) ** 2,
                (
                    Step(a**2 + 2 * a * b + b**2, "expand"),
                    Step(a**2 + b**2, "a deliberately wrong step: the cross term dropped"),
                ),
            ),
        ),
        domains={"a": "real", "b": "real"},
    )


def test_step_checker_refutes_a_wrong_step():
    verdict = verify_result(_broken(), numeric=False)
    steps = [s for s in verdict.steps if s.kind == "step"]
    assert steps[0].verdict.status == "proved"
    assert steps[1].verdict.status == "refuted"
    assert not verdict.passed
    assert verdict.to_json()["verdict"] == "refuted"


def test_crashing_confirmation_is_reported_not_raised(monkeypatch):
    from probproof.checks import catalog

    def boom(result, seed):
        raise RuntimeError("confirmation crashed")

    monkeypatch.setattr(catalog, "confirmations_for", lambda rid: [("boom", boom)])
    fixed = Result(
        id="test.fixed",
        title="t",
        sources=(Source("none", "0"),),
        statement=Statement((a + b) ** 2, a**2 + 2 * a * b + b**2),
        domains={"a": "real", "b": "real"},
    )
    verdict = verify_result(fixed)
    assert verdict.checks[0].status == "error"
    assert "confirmation crashed" in verdict.checks[0].detail
    assert not verdict.passed


def test_show_and_unknown_id(capsys):
    assert cli.main(["show", "kl.gaussian.standard"]) == 0
    assert "KL" in capsys.readouterr().out
    assert cli.main(["verify", "no.such.result"]) == 2
    with pytest.raises(SystemExit):
        cli.main(["verify", "--seed", "x"])


def test_every_result_is_well_formed() -> None:
    """Tuples where the data model says tuples: a bare string of notes would be printed
    one character at a time."""
    from probproof.derivations import load_all

    for r in load_all().values():
        for field in ("sources", "derivations", "facts", "notes"):
            value = getattr(r, field)
            assert isinstance(value, tuple), f"{r.id}.{field} is {type(value).__name__}"
        # a note is Text: a string, or a tuple of prose and SymPy objects
        assert all(isinstance(n, (str, tuple)) for n in r.notes), r.id
