"""Hostile and broken input: a clear one-line error, nothing run, nothing hung, others checked."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from probproof import check
from probproof.checks.claimfile import ClaimFileError, parse_claim_text
from probproof.checks.verdict import Status

SENTINEL = Path("/tmp/probproof-hostile-sentinel")

HOSTILE = {
    "dunder-attribute": "().__class__.__bases__[0].__subclasses__() == 0",
    "import": f"__import__('os').system('touch {SENTINEL}') == 0",
    "nfkc-import": f"\uff3f\uff3fimport\uff3f\uff3f('os').system('touch {SENTINEL}') == 0",
    "nfkc-eval": "\uff45\uff56\uff41\uff4c('1') == 1",
    "attribute": "x.real == 1",
    "lambda": "(lambda: 1)() == 1",
    "comprehension": "Sum([k for k in [1, 2]]) == 3",
    "string": "'a' == 'a'",
    "keyword": "log(x, base=2) == 1",
    "starred": "Max(*[1, 2]) == 2",
    "subscript-call": "exp[0] == 1",
    "walrus": "(y := 1) == 1",
    "no-relation": "x + 1",
    "two-relations": "0 < x < 1",
    "not-equal": "x != 1",
    "unknown-name": "foo(x) == 1",
    "undeclared": "x + z == 1",
    "capital-e": "E == exp(1)",
    "wrong-arity": "exp(x, 2) == 1",
    "invalid-parameter": "KL(Normal(0, -1), Normal(0, 1)) == 0",
    "distribution-as-value": "Normal(0, 1) == 1",
    "caret-power": "x^2 == x**2",
    "huge-power": "9**9**9**9 == 1",
    "huge-factorial": "factorial(10**12) == 1",
    "huge-literal": "1" + "0" * 500 + " == 1",
    "bytes": "b'x' == 1",
}


@pytest.fixture(autouse=True)
def _no_sentinel():
    SENTINEL.unlink(missing_ok=True)
    yield
    assert not SENTINEL.exists(), "a hostile statement ran code"


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_statement_is_an_error_with_one_line(name: str) -> None:
    t0 = time.monotonic()
    v = check(HOSTILE[name], {"x": "real"}, timeout=10)
    assert time.monotonic() - t0 < 15
    assert v.status is Status.ERROR, f"{name}: {v}"
    assert v.message and "\n" not in v.message and "Traceback" not in v.message


def test_megabyte_statement() -> None:
    t0 = time.monotonic()
    v = check("x + " * 250_000 + "x == 1", {"x": "real"}, timeout=10)
    assert v.status is Status.ERROR and "too long" in v.message
    assert time.monotonic() - t0 < 10


def test_deep_nesting() -> None:
    v = check("(" * 3000 + "x" + ")" * 3000 + " == x", {"x": "real"}, timeout=10)
    assert v.status is Status.ERROR and "\n" not in v.message
    v = check("-" * 3000 + "x == x", {"x": "real"}, timeout=10)
    assert v.status is Status.ERROR


def test_a_slow_claim_hits_the_time_limit_and_is_undecided() -> None:
    t0 = time.monotonic()
    # x away from 0: at x = 0 the integrand is exactly 1 and the claim is refuted at once.
    v = check("Expect(Expect(Expect(exp(sin(a*b*c*x)), a, Normal(x, 1)), b, Normal(0, 1)), c, "
              "Normal(0, 1)) == 7", {"x": "interval(1, 2)"}, timeout=2)
    assert time.monotonic() - t0 < 2 + 6
    assert v.status is Status.UNDECIDED and "time limit" in v.message


FILE_WITH_BAD_CLAIMS = """
[symbols]
mu = "real"
sigma = "positive"
bad = "complex"

[[claim]]
id = "good"
statement = "KL(Normal(mu, sigma), Normal(0, 1)) == mu**2/2 + sigma**2/2 - 1/2 - log(sigma)"

[[claim]]
id = "good"
statement = "mu == mu"

[[claim]]
id = "no-statement"

[[claim]]
id = "uses-bad-domain"
statement = "bad == bad"

[[claim]]
id = "odd-expect"
statement = "mu == mu"
expect = "maybe"

[[claim]]
id = "negative-sigma"
statement = "KL(Normal(0, -1), Normal(0, 1)) == 0"

[[claim]]
id = "hostile"
statement = "__import__('os').system('touch SENTINEL') == 0"

[[claim]]
id = "wrong-but-fine"
statement = "mu**2 >= mu"
expect = "false"

[[claim]]
statement = "mu == mu"
"""


def test_bad_claims_are_errors_and_the_others_still_run(tmp_path: Path) -> None:
    f = tmp_path / "claims.toml"
    f.write_text(FILE_WITH_BAD_CLAIMS.replace("SENTINEL", str(SENTINEL)))
    out = subprocess.run([sys.executable, "-m", "probproof", "check", str(f), "--json"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stdout + out.stderr
    claims = json.loads(out.stdout)["claims"]
    by_position = [(c["id"], c["verdict"]) for c in claims]
    assert by_position[0] == ("good", "proved")
    assert by_position[1] == ("good", "error")
    assert "duplicate" in claims[1]["message"]
    assert claims[2]["verdict"] == "error" and "missing statement" in claims[2]["message"]
    assert claims[3]["verdict"] == "error" and "unknown domain" in claims[3]["message"]
    assert claims[4]["verdict"] == "error" and "expect" in claims[4]["message"]
    assert claims[5]["verdict"] == "error" and "sigma must be > 0" in claims[5]["message"]
    assert claims[6]["verdict"] == "error"
    assert claims[7]["verdict"] == "refuted" and claims[7]["ok"]
    assert claims[8]["verdict"] == "error" and "missing id" in claims[8]["message"]
    for c in claims:
        assert "\n" not in c["message"]


@pytest.mark.parametrize("text", ["this is not toml = = =", "[[claim]\nid=1", "x = 1",
                                  "[[claim]]\nid = 'a'\nstatement = 'x == x'\n[foo]\n"])
def test_unusable_files(text: str, tmp_path: Path) -> None:
    with pytest.raises(ClaimFileError):
        parse_claim_text(text)
    f = tmp_path / "bad.toml"
    f.write_text(text)
    out = subprocess.run([sys.executable, "-m", "probproof", "check", str(f)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2
    assert out.stderr.startswith("probproof:") and "Traceback" not in out.stderr


def test_missing_and_binary_files(tmp_path: Path) -> None:
    out = subprocess.run([sys.executable, "-m", "probproof", "check", str(tmp_path / "nope")],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "cannot read" in out.stderr
    f = tmp_path / "bin.toml"
    f.write_bytes(b"\xff\xfe\x00garbage")
    out = subprocess.run([sys.executable, "-m", "probproof", "check", str(f)],
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and "UTF-8" in out.stderr


def _outputs_cases(tmp_path: Path) -> list[list[str]]:
    claims = tmp_path / "one.toml"
    claims.write_text("[[claim]]\nid = 'a'\nstatement = '1 + 1 == 2'\n")
    a_file = tmp_path / "a_file"
    a_file.write_text("")
    missing = str(tmp_path / "no" / "such" / "dir" / "x.tex")
    return [
        ["check", str(claims), "--jobs", "1", "--report", str(a_file)],  # a file in the way
        ["check", str(claims), "--jobs", "1", "--report", str(a_file / "sub")],
        ["latex", "kl.gaussian.standard", "-o", str(tmp_path)],  # a directory
        ["latex", "kl.gaussian.standard", "-o", missing],
        ["report", "kl.gaussian.standard", "-o", str(a_file)],
    ]


def test_an_output_that_cannot_be_written_is_one_line_before_any_work(tmp_path: Path) -> None:
    # These were tracebacks of FileExistsError, NotADirectoryError or IsADirectoryError,
    # with exit status 1 (a verdict that did not match), after the whole check had run.
    for argv in _outputs_cases(tmp_path):
        t0 = time.perf_counter()
        out = subprocess.run([sys.executable, "-m", "probproof", *argv], capture_output=True,
                             text=True, timeout=120)
        assert out.returncode == 2, (argv, out.stderr)
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("probproof: "), (argv, out.stderr)
        assert "Traceback" not in out.stderr and not out.stdout.strip(), argv
        assert time.perf_counter() - t0 < 60


def test_a_long_sum_or_product_is_one_level_of_nesting() -> None:
    # a diagonal Gaussian's KL written term by term: Python's tree nests a chain one level
    # per operator, and 61 terms were "nested too deeply"
    terms = " + ".join(f"(m{i}**2 + s**2 - 1)/2 - log(s)" for i in range(70))
    symbols = {f"m{i}": "real" for i in range(70)} | {"s": "positive"}
    v = check(f"{terms} == {' + '.join(f'm{i}**2/2' for i in range(70))} "
              "+ 70*(s**2 - 1)/2 - 70*log(s)", symbols, timeout=30)
    assert v.status is Status.PROVED, v
    assert check(" * ".join(["x"] * 80) + " == x**80", {"x": "positive"},
                 timeout=30).status is Status.PROVED
    # left to right, as written
    assert check("2 - 3 - 4 == -5", {}).status is Status.PROVED
    assert check("24/2/3 == 4", {}).status is Status.PROVED
    # nesting is still limited
    deep = check("exp(" * 70 + "x" + ")" * 70 + " == x", {"x": "real"})
    assert deep.status is Status.ERROR and "nested too deeply" in deep.message


def test_a_claim_without_parameters_that_runs_out_of_time_says_so() -> None:
    v = check("Product(k, (k, 1, 10**20)) > 0", {}, timeout=4)
    assert v.status is Status.UNDECIDED and "inf" not in v.message, v


def test_a_bad_domain_no_claim_uses_is_said_once_on_stderr(tmp_path: Path) -> None:
    # sigma = "postive" passed in silence when no claim used sigma (exit 0, nothing said)
    f = tmp_path / "typo.toml"
    f.write_text('[symbols]\nsigma = "postive"\nmu = "real"\n\n'
                 '[[claim]]\nid = "a"\nstatement = "mu**2 >= 0"\n')
    out = subprocess.run([sys.executable, "-m", "probproof", "check", str(f), "--jobs", "1"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and "postive" in lines[0] and "no claim" in lines[0], out.stderr


def test_steps_that_are_not_a_list_are_an_error_not_an_exception() -> None:
    from probproof.checks.api import check_derivation

    for steps in (None, 3, "x + 1"):  # a string was taken as steps of one character each
        r = check_derivation("x", steps, {"x": "real"})  # type: ignore[arg-type]
        assert r.verdict.status is Status.ERROR and "steps must be a list" in r.verdict.message
