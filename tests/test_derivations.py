"""Derivations in claim files and in Python: parsing, link-by-link verdicts,
the chain's verdict, and what a reader sees when a step is wrong."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

import probproof
from probproof.checks.api import check_document
from probproof.checks.chains import describe_derivation, link_statement, split_relation
from probproof.checks.claimfile import ClaimFileError, parse_claim_document
from probproof.checks.verdict import Status

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"

SQUARE = """
[symbols]
x = "real"

[[claim]]
id = "plain-claim"
statement = "x + x == 2*x"

[[derivation]]
id = "square"
source = "my notes"
start = "(x + 1)**2"
steps = [
  { to = "(x + 1)*(x + 1)", because = "a square is a product" },
  { to = "x**2 + 2*x + 1", because = "expand" },
  { relation = ">=", to = "2*x", because = "x**2 + 1 >= 0" },
]

[[derivation]]
id = "square-slip"
start = "(x + 1)**2"
steps = [
  { to = "(x + 1)*(x + 1)", because = "a square is a product" },
  { to = "x**2 + 1", because = "expand, forgetting the cross term" },
  { to = "1 + x**2", because = "reorder" },
]
"""


def _run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "probproof", *args], capture_output=True,
                          text=True, timeout=600, cwd=ROOT)


# --- the claim-file language ----------------------------------------------------


def test_derivations_are_parsed_with_their_lines_and_relation() -> None:
    doc = parse_claim_document(SQUARE)
    assert [c.id for c in doc.claims] == ["plain-claim"]
    assert [d.id for d in doc.derivations] == ["square", "square-slip"]
    square = doc.derivations[0]
    assert square.problem is None and square.source == "my notes"
    assert square.relation == ">="
    assert [s.because for s in square.steps][2] == "x**2 + 1 >= 0"
    # the line of each header, for pytest's report
    lines = SQUARE.splitlines()
    assert lines[square.line - 1] == "[[derivation]]"
    assert lines[doc.claims[0].line - 1] == "[[claim]]"
    assert doc.derivations[1].line > square.line


def test_a_file_of_derivations_only_is_a_claim_file() -> None:
    doc = parse_claim_document('[[derivation]]\nid = "d"\nstart = "1"\nsteps = [{ to = "1" }]\n')
    assert doc.claims == [] and len(doc.derivations) == 1
    with pytest.raises(ClaimFileError, match="no"):
        parse_claim_document('[symbols]\nx = "real"\n')


@pytest.mark.parametrize(("steps", "expected"), [
    ("[]", "steps must be a non-empty list"),
    ('[{ to = "x" }, { because = "why" }]', "step 2: missing `to`"),
    ('[{ to = "x", relation = "<=" }, { to = "x", relation = ">" }]', "step 2: a chain mixing"),
    ('[{ to = "x", relation = "<=" }, { to = "x" }, { to = "x", relation = ">=" }]',
     "step 3: a chain mixing"),
    ('[{ to = "x", since = "typo" }]', "step 1: unknown key(s): since"),
    ('[{ to = "x", relation = "=" }]', "step 1: relation must be one of"),
    ('[{ to = "x == x" }]', "step 1: `to` holds a relation"),
    ('[{ to = "x) + (x" }]', "step 1: `to` is not a valid expression"),
    ('["x"]', "step 1: a step must be a table"),
    ('[{ to = 3 }]', "step 1: `to` must be a string"),
])
def test_malformed_steps_name_the_step(steps: str, expected: str) -> None:
    text = f'[symbols]\nx = "real"\n[[derivation]]\nid = "d"\nstart = "x"\nsteps = {steps}\n'
    (d,) = parse_claim_document(text).derivations
    assert d.problem is not None and expected in d.problem


def test_unknown_key_missing_start_and_duplicate_ids() -> None:
    text = """
[[claim]]
id = "a"
statement = "1 == 1"
[[derivation]]
id = "a"
start = "1"
steps = [{ to = "1" }]
[[derivation]]
id = "b"
steps = [{ to = "1" }]
[[derivation]]
id = "c"
start = "1"
steps = [{ to = "1" }]
expected = "true"
"""
    problems = [d.problem for d in parse_claim_document(text).derivations]
    assert "duplicate id 'a' (first used at line 2)" in problems[0]
    assert problems[1] == "missing start"
    assert "unknown key(s): expected" in problems[2]


def test_of_two_entries_with_one_id_the_later_in_the_file_is_the_error() -> None:
    # A derivation before a claim of the same id: the claim, later in the file, is the
    # error (it was the derivation: claims were read first, whatever their place).
    text = """
[[derivation]]
id = "same"
start = "1"
steps = [{ to = "1" }]
[[claim]]
id = "same"
statement = "1 == 1"
"""
    doc = parse_claim_document(text)
    assert doc.derivations[0].problem is None
    assert doc.claims[0].problem == "duplicate id 'same' (first used at line 2)"
    assert (doc.derivations[0].line, doc.claims[0].line) == (2, 6)


def test_link_statement_and_split_relation_only_parse() -> None:
    assert link_statement(" a + b ", "<=", "c") == "(a + b) <= (c)"
    assert split_relation("KL(P, Q) >= 0") == ("KL(P, Q)", ">=", "0")
    assert split_relation("__import__('os').system('true') == 0")[1] == "=="
    assert split_relation("x") is None and split_relation("a < b < c") is None


# --- checking: every link, the chain's verdict --------------------------------------


@pytest.fixture(scope="module")
def square_reports():
    return check_document(parse_claim_document(SQUARE), timeout=20.0, jobs=2)


def test_every_link_gets_a_verdict_and_the_chain_the_worst(square_reports) -> None:
    claims, (good, slip) = square_reports
    assert claims[0].verdict.status is Status.PROVED
    assert [lk.verdict.passed for lk in good.links] == [True, True, True]
    assert good.verdict.passed and good.ok
    statuses = {lk.verdict.status for lk in good.links}
    assert good.verdict.status is (Status.CONFIRMED if Status.CONFIRMED in statuses
                                   else Status.PROVED)
    assert [lk.verdict.status for lk in slip.links] == [Status.PROVED, Status.REFUTED,
                                                          Status.PROVED]
    assert slip.verdict.status is Status.REFUTED and not slip.ok
    assert slip.failing_link is slip.links[1]
    assert slip.verdict.counterexample == slip.links[1].verdict.counterexample
    assert "step 2 (expand, forgetting the cross term) refuted" in slip.verdict.message


def test_failure_text_shows_the_link_both_sides_and_the_counterexample(square_reports) -> None:
    text = describe_derivation(square_reports[1][1])
    assert "square-slip: refuted (expected true)" in text
    assert "refuted: step 2: expand, forgetting the cross term" in text
    assert "left side (step 1):  (x + 1)*(x + 1)" in text
    assert "right side (step 2): x**2 + 1" in text
    assert "counterexample at x = " in text
    assert "step 3" not in text and "step 1:" not in text


def test_api_accepts_both_tuple_shapes_and_expect_false() -> None:
    ok = probproof.check_derivation("(x + 1)**2", [("x**2 + 2*x + 1", "expand"),
                                                   (">=", "2*x", "x**2 + 1 >= 0")],
                                    {"x": "real"})
    assert ok.ok and ok.spec.relation == ">=" and len(ok.links) == 2
    wrong = probproof.check_derivation("(x + 1)**2", [("x**2 + 1", "expand")], {"x": "real"},
                                       expect=False)
    assert wrong.verdict.status is Status.REFUTED and wrong.ok
    # expect=False with every link holding is not ok
    assert not probproof.check_derivation("2*x", [("x + x", "")], {"x": "real"},
                                          expect=False).ok


def test_api_errors_name_the_step() -> None:
    undeclared = probproof.check_derivation("x", [("x + 0", "add nothing"), ("x + y", "oops")],
                                            {"x": "real"})
    assert undeclared.verdict.status is Status.ERROR
    assert "step 2" in undeclared.verdict.message and "'y'" in undeclared.verdict.message
    assert undeclared.links[0].verdict.status is Status.PROVED
    bad_start = probproof.check_derivation("foo(x)", [("x", "")], {"x": "real"})
    assert bad_start.verdict.status is Status.ERROR and "start" in bad_start.verdict.message
    shape = probproof.check_derivation("x", [("x",)], {"x": "real"})
    assert shape.verdict.status is Status.ERROR and "step 1" in shape.verdict.message
    domain = probproof.check_derivation("x", [("x", "")], {"x": "complex"})
    assert domain.verdict.status is Status.ERROR and "symbol x" in domain.verdict.message


def test_assert_derivation_raises_with_the_link_and_hides_its_frame() -> None:
    assert probproof.assert_derivation("2*x", [("x + x", "twice")], {"x": "real"}).ok
    with pytest.raises(AssertionError) as info:
        probproof.assert_derivation("(x + 1)**2", [("(x + 1)*(x + 1)", "product"),
                                                   ("x**2 + 1", "expand")], {"x": "real"})
    assert "refuted: step 2: expand" in str(info.value)
    assert "right side (step 2): x**2 + 1" in str(info.value)
    assert info.traceback[-1].frame.f_locals.get("__tracebackhide__") is True


# --- the command line ------------------------------------------------------------


def test_cli_json_and_table_with_a_malformed_derivation(tmp_path: Path) -> None:
    f = tmp_path / "mixed.toml"
    f.write_text(SQUARE + '\n[[derivation]]\nid = "broken"\nstart = "x"\nsteps = []\n')
    out = _run_cli("check", str(f), "--json")
    assert out.returncode == 2, out.stderr  # a malformed entry; the others still checked
    data = json.loads(out.stdout)
    assert set(data) == {"claims", "derivations", "summary"}
    by_id = {d["id"]: d for d in data["derivations"]}
    assert by_id["square"]["verdict"] == "proved" and by_id["square"]["ok"]
    assert by_id["broken"]["verdict"] == "error"
    assert "derivation broken" in by_id["broken"]["message"]
    slip = by_id["square-slip"]
    assert slip["verdict"] == "refuted" and not slip["ok"]
    assert slip["counterexample"] is not None
    assert slip["failing_link"] == {"index": 2, "from": "(x + 1)*(x + 1)", "to": "x**2 + 1",
                                    "relation": "==",
                                    "because": "expand, forgetting the cross term"}
    assert by_id["square"]["failing_link"] is None
    link = slip["links"][1]
    assert set(link) >= {"from", "to", "relation", "because", "verdict", "methods",
                         "counterexample", "message", "seconds"}
    assert (link["from"], link["to"], link["verdict"]) == ("(x + 1)*(x + 1)", "x**2 + 1",
                                                           "refuted")
    assert [lk["counterexample"] is None for lk in slip["links"]] == [True, False, True]
    s = data["summary"]
    assert s["total"] == 4 and s["ok"] == 2 and s["error"] == 1 and s["refuted"] == 1
    table = _run_cli("check", str(f)).stdout
    assert "square-slip" in table and re.search(r"^  step 2 +refuted", table, re.M)
    assert "2/4 as expected" in table


@pytest.mark.slow
def test_the_elbo_examples_pass_and_fail_at_exactly_the_swapped_kl() -> None:
    good = _run_cli("check", str(EXAMPLES / "bank" / "test_elbo.toml"), "--json")
    assert good.returncode == 0, good.stdout + good.stderr
    (elbo,) = json.loads(good.stdout)["derivations"]
    assert elbo["ok"] and all(lk["verdict"] in ("proved", "confirmed") for lk in elbo["links"])
    bad = _run_cli("check", str(EXAMPLES / "mistakes" / "test_elbo.toml"), "--json")
    assert bad.returncode == 1
    (elbo,) = json.loads(bad.stdout)["derivations"]
    verdicts = [lk["verdict"] for lk in elbo["links"]]
    assert verdicts[:3] == ["proved", "proved", "refuted"]
    assert verdicts[3] in ("proved", "confirmed")  # dropping a KL >= 0 is right
    assert elbo["links"][2]["because"] == "add and subtract log q(z), regroup into KL terms"
    assert "KL(Normal(0, 1), Normal(m, s))" in elbo["links"][2]["to"]
    assert elbo["message"].startswith("step 3 ")


def test_report_shows_the_chain_and_plots_a_refuted_one_parameter_link(tmp_path: Path) -> None:
    f = tmp_path / "entropy.toml"
    f.write_text("""
[[derivation]]
id = "entropy-slip"
symbols = { s = "positive" }
start = "H(Normal(0, s))"
steps = [
  { to = "-Expect(logpdf(Normal(0, s), z), z, Normal(0, s))", because = "definition" },
  { to = "log(2*pi*s**2)/2", because = "forgot the second moment" },
]
""")
    out = _run_cli("check", str(f), "--report", str(tmp_path / "rep"))
    assert out.returncode == 1, out.stdout + out.stderr
    page = (tmp_path / "rep" / "index.html").read_text()
    assert 'id="d-entropy-slip"' in page and 'class="derivation"' in page
    assert page.count("<math") >= 4  # start and both steps as MathML, relations too
    assert "forgot the second moment" in page and "step 2" in page
    assert (tmp_path / "rep" / "entropy-slip-step2.png").exists()
    assert "<img" in page


def test_latex_of_a_claim_file_renders_the_parsed_chain() -> None:
    out = _run_cli("latex", str(EXAMPLES / "bank" / "test_gaussian_entropy.toml"))
    assert out.returncode == 0, out.stderr
    tex = out.stdout
    assert r"\paragraph{Derivation \texttt{gaussian-entropy}}" in tex
    assert r"\begin{align*}" in tex and r"\mathcal{N}" in tex  # rendered, not typed text
    assert "definition of entropy" in tex
    assert r"\paragraph{Claim \texttt{entropy-slip}}" in tex and "expected false" in tex
    bad = _run_cli("latex", str(EXAMPLES / "nope.toml"))
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


def test_latex_never_runs_a_command_of_the_file(tmp_path: Path) -> None:
    from probproof.reports.claims_latex import claim_file_tex

    doc = parse_claim_document('[[derivation]]\nid = "d"\nstart = "1"\n'
                               'steps = [{ to = "1", because = "\\\\input{/etc/passwd} {" }]\n')
    tex = claim_file_tex(doc)
    assert r"\input" not in tex and r"\textbackslash{}input\{/etc/passwd\} \{" in tex


def test_latex_document_of_the_example_bank_compiles(tmp_path: Path) -> None:
    from probproof.reports.tex_build import compile_pdf

    for name in ("test_elbo", "test_iwae", "test_gaussian_entropy"):
        tex = tmp_path / f"{name}.tex"
        out = _run_cli("latex", str(EXAMPLES / "bank" / f"{name}.toml"), "--document", "-o",
                       str(tex))
        assert out.returncode == 0, out.stderr
        ok, log = compile_pdf(tex)
        assert ok, log
