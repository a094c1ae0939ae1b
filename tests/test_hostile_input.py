"""Careless and hostile input (issue 17): each defect found by probing, one test each.

Every test here failed before the fix it names; expected values are written by
hand (what a user must see), never computed by probproof.
"""

from __future__ import annotations

import json
import math
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from probproof import check
from probproof.checks import sandbox
from probproof.checks.api import NOT_RUN, check_specs
from probproof.checks.claimfile import parse_claim_text
from probproof.checks.domains import parse_domain
from probproof.checks.messages import plain_reason
from probproof.checks.verdict import Status

ROOT = Path(__file__).resolve().parents[1]
#: A claim that no check finishes quickly: nested expectations of an oscillating integrand.
SLOW = ("Expect(Expect(Expect(exp(sin(a*b*c*x)), a, Normal(x, 1)), b, Normal(0, 1)), c, "
        "Normal(0, 1)) == 7")


def _cli(*args: str, cwd: Path | None = None, timeout: float = 240,
         **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "probproof", *args], capture_output=True,
                          text=True, timeout=timeout, cwd=cwd, env=env, **kw)


def _one_line(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message, message


def _claims(tmp_path: Path, body: str, name: str = "claims.toml") -> Path:
    f = tmp_path / name
    f.write_text(body, encoding="utf-8")
    return f


# -- 1. non-finite time limits --------------------------------------------------------

@pytest.mark.parametrize("value", [math.inf, math.nan, -1.0, 0.0])
def test_api_rejects_time_limits_that_cannot_fire(value: float) -> None:
    v = check("x == x", {"x": "real"}, timeout=value)
    assert v.status is Status.ERROR and "timeout" in v.message
    _one_line(v.message)
    with pytest.raises(ValueError, match="finite positive"):
        sandbox.run_many([(abs, (1,))], timeout=value)


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "0"])
def test_cli_rejects_time_limits_that_cannot_fire(value: str, tmp_path: Path) -> None:
    f = _claims(tmp_path, '[[claim]]\nid = "a"\nstatement = "1 == 1"\n')
    for option in ("--timeout", "--budget"):
        out = _cli("check", str(f), f"{option}={value}", timeout=60)
        assert out.returncode == 2, out.stderr
        assert out.stderr.startswith(f"probproof: {option} must be a finite positive")
        _one_line(out.stderr.strip())


# -- 2. work done while parsing is under the time limit --------------------------------

def test_a_determinant_built_while_parsing_is_under_the_time_limit() -> None:
    rows = ", ".join(
        "[" + ", ".join(f"x**{(i * j) % 5 + 1} + {i + 1}*y*z - {j}*y**2 + sin({i}*x + {j}*z)"
                        for j in range(8)) + "]" for i in range(8))
    t0 = time.monotonic()
    v = check(f"det(Matrix([{rows}])) == 1", {"x": "real", "y": "real", "z": "real"},
              timeout=1)
    elapsed = time.monotonic() - t0
    assert v.status is Status.UNDECIDED
    # The engine's own alarm, not the sandbox's kill 5 s (GRACE) later.
    assert v.message == "time limit of 1 s reached"
    assert elapsed < 1 + sandbox_grace() - 1, elapsed


def sandbox_grace() -> float:
    from probproof.checks.api import GRACE

    return GRACE


# -- 3. small interval bounds: files and the API agree ----------------------------------

@pytest.mark.parametrize("domain, statement", [
    ("interval(1e-13, 1)", "x > 0"),
    ("interval(0, 1e-310)", "x < 1"),
    ("interval(1/3, 2/3)", "3*x > 1"),
])
def test_small_interval_bounds_in_files(domain: str, statement: str) -> None:
    specs = parse_claim_text(f'[symbols]\nx = "{domain}"\n[[claim]]\nid = "a"\n'
                             f'statement = "{statement}"\n')
    assert specs[0].problem is None
    [report] = check_specs(specs, timeout=20, jobs=1)
    assert report.verdict.status in (Status.PROVED, Status.CONFIRMED), report.verdict
    assert check(statement, {"x": domain}).status in (Status.PROVED, Status.CONFIRMED)


def test_interval_messages_are_short_and_exact() -> None:
    with pytest.raises(ValueError, match=r"at most 1e12 in size, got 10000000000000$"):
        parse_domain("interval(0, 1/1e-13)")
    with pytest.raises(ValueError, match=r"interval too long \(3[0-9]{2} characters"):
        parse_domain("interval(0, 1" + "0" * 300 + ")")
    assert parse_domain("interval(1e-13, 1)").low == 1e-13


# -- 4. indexes and parameters that depend on bound variables ----------------------------

@pytest.mark.parametrize("statement, words", [
    ("Expect(z[0], z, Normal(0, 1)) == 0", "z[0]: z is a scalar draw"),
    ("integrate(t[0], (t, 0, 1)) == 1/2", "t[0]: t is a scalar variable"),
    ("Expect(x[63], x, MvNormal([0, 0], [[1, 0], [0, 1]])) == 0", "index 63 out of range"),
    ("Expect(x[2], x, MvNormal([0, 0], [[1, 0], [0, 1]])) == 0", "x[0] to x[1]"),
    ("Expect(pdf(Normal(0, z), 1), z, Normal(0, 1)) == 1", "sigma must be > 0"),
    ("Expect(pdf(Poisson(k), 1), k, Poisson(2)) == 1", "at k = 0"),
    ("Expect(pdf(Bernoulli(u + 1/2), 1), u, Uniform(0, 1)) == 1", "Bernoulli"),
])
def test_bad_indexes_and_parameters_are_errors(statement: str, words: str) -> None:
    v = check(statement, {}, timeout=10)
    assert v.status is Status.ERROR, v
    assert words in v.message
    _one_line(v.message)


@pytest.mark.parametrize("statement", [
    "Expect(x[1], x, MvNormal([0, 0], [[1, 0], [0, 1]])) == 0",
    "Expect(pdf(Normal(0, exp(z)), 0), z, Normal(0, 1)) > 0",
    "Expect(pdf(Normal(0, z), 1), z, Gamma(2, 1)) > 0",
    "Expect(pdf(Bernoulli(u), 1), u, Uniform(0, 1)) == 1/2",
])
def test_valid_indexes_and_parameters_still_pass(statement: str) -> None:
    v = check(statement, {}, timeout=20)
    assert v.status in (Status.PROVED, Status.CONFIRMED), v


# -- 5. an interrupted run keeps what it finished ----------------------------------------

def _wait_for_long_lived_child(pid: int, seconds: float, limit: float = 120) -> None:
    """Wait until some worker of ``pid`` has lived ``seconds``: with --jobs 1 the claims
    before the slow one have then finished."""
    first_seen: dict[int, float] = {}
    end = time.monotonic() + limit
    while time.monotonic() < end:
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except OSError:
            return
        now = time.monotonic()
        for child in map(int, text.split()):
            first_seen.setdefault(child, now)
            if now - first_seen[child] >= seconds:
                return
        time.sleep(0.05)
    raise AssertionError("the slow claim never started")


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("as_json", [True, False])
def test_sigint_prints_what_finished(as_json: bool, tmp_path: Path) -> None:
    f = _claims(tmp_path, f'''
[symbols]
x = "interval(1, 2)"

[[claim]]
id = "fast-1"
statement = "x**2 == x*x"

[[claim]]
id = "fast-2"
statement = "x + 1 > x"

[[claim]]
id = "slow"
statement = "{SLOW}"

[[claim]]
id = "after"
statement = "x == x"
''')
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    cmd = [sys.executable, "-m", "probproof", "check", str(f), "--jobs", "1", "--timeout", "100"]
    proc = subprocess.Popen(cmd + (["--json"] if as_json else []), stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env, start_new_session=True)
    try:
        _wait_for_long_lived_child(proc.pid, 1.5)
        os.killpg(proc.pid, signal.SIGINT)  # as Ctrl-C does: the whole process group
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 130, err
    assert "Traceback" not in out + err
    if as_json:
        data = json.loads(out)
        assert data["interrupted"] is True
        verdicts = {c["id"]: (c["verdict"], c["message"]) for c in data["claims"]}
        assert verdicts["fast-1"][0] == "proved" and verdicts["fast-2"][0] == "proved"
        assert verdicts["slow"] == ("undecided", NOT_RUN)
        assert verdicts["after"] == ("undecided", NOT_RUN)
        assert data["summary"]["not_run"] == 2 and data["summary"]["total"] == 4
    else:
        lines = {line.split()[0]: line for line in out.splitlines() if line.strip()}
        assert "proved" in lines["fast-1"] and "proved" in lines["fast-2"]
        assert "not run" in lines["slow"] and "not run" in lines["after"]
        assert "2 not run" in out


# -- 6. jobs are capped, a file has a total budget ----------------------------------------

def test_jobs_are_capped_at_the_cpu_count(tmp_path: Path) -> None:
    from probproof.commands.check import cpu_count

    f = _claims(tmp_path, '[[claim]]\nid = "a"\nstatement = "1 == 1"\n')
    out = _cli("check", str(f), "--jobs", "500", timeout=60)
    assert out.returncode == 0
    assert f"--jobs 500 capped at {cpu_count()}" in out.stderr
    out = _cli("check", str(f), "--jobs", "0", timeout=60)
    assert out.returncode == 2 and "--jobs must be at least 1" in out.stderr


def test_a_file_stops_at_its_budget(tmp_path: Path) -> None:
    claims = "".join(f'[[claim]]\nid = "slow-{i}"\nstatement = "{SLOW}"\n' for i in range(6))
    f = _claims(tmp_path, '[symbols]\nx = "interval(1, 2)"\n' + claims)
    t0 = time.monotonic()
    out = _cli("check", str(f), "--json", "--jobs", "1", "--timeout", "60", "--budget", "3")
    elapsed = time.monotonic() - t0
    data = json.loads(out.stdout)
    assert [c["verdict"] for c in data["claims"]] == ["undecided"] * 6
    assert "stopped: the time budget of 3 s" in data["claims"][0]["message"]
    assert all("not run: the time budget of 3 s" in c["message"] for c in data["claims"][1:])
    # Start-up (imports) plus the budget, not six claims of 60 s.
    assert data["summary"]["seconds"] < 3 + 10 and elapsed < 60


def test_check_specs_budget() -> None:
    specs = parse_claim_text('[symbols]\nx = "interval(1, 2)"\n' + "".join(
        f'[[claim]]\nid = "s{i}"\nstatement = "{SLOW}"\n' for i in range(3)))
    t0 = time.monotonic()
    reports = check_specs(specs, timeout=60, jobs=1, budget=2)
    assert time.monotonic() - t0 < 10
    assert all(r.verdict.status is Status.UNDECIDED and "budget" in r.verdict.message
               for r in reports)


# -- 7. messages that are one clear line ----------------------------------------------------

def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    f = tmp_path / "bom.toml"
    f.write_bytes(b"\xef\xbb\xbf" + b'[[claim]]\nid = "a"\nstatement = "1 + 1 == 2"\n')
    out = _cli("check", str(f), "--json", timeout=60)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["claims"][0]["verdict"] == "proved"


def test_a_long_id_says_the_limit() -> None:
    [spec] = parse_claim_text(f'[[claim]]\nid = "{"a" * 10_000}"\nstatement = "1 == 1"\n')
    assert spec.problem == "id too long (10000 characters; at most 200)"
    [spec] = parse_claim_text('[[claim]]\nid = "a b"\nstatement = "1 == 1"\n')
    assert spec.problem is not None and spec.problem.startswith("id must match")


def test_a_multi_line_statement(tmp_path: Path) -> None:
    specs = parse_claim_text('[symbols]\nx = "real"\n[[claim]]\nid = "a"\nstatement = """\n'
                             '    x**2 + 2*x + 1\n      == (x + 1)**2\n"""\n')
    [report] = check_specs(specs, timeout=20, jobs=1)
    assert report.verdict.status is Status.PROVED, report.verdict
    v = check("x +\n  + * 2 == 1", {"x": "real"})
    assert v.status is Status.ERROR and "line 2" in v.message
    _one_line(v.message)


def test_a_name_inside_a_comment_is_not_a_mention() -> None:
    specs = parse_claim_text('[symbols]\nx = "real"\ny = "complex"\n'
                             '[[claim]]\nid = "a"\nstatement = "x == x # y"\n'
                             '[[claim]]\nid = "b"\nstatement = "x == y"\n')
    assert specs[0].problem is None
    assert specs[1].problem is not None and "unknown domain" in specs[1].problem


@pytest.mark.parametrize("exc, words", [
    (ZeroDivisionError(), "division by zero"),
    (MemoryError(), "memory limit reached"),
    (TypeError("ufunc 'isinf' not supported for the input types"), "not a real number"),
    (KeyError("ComplexInfinity"), "undefined value"),
    (ValueError("two\nlines"), "two"),
    (RuntimeError(), "could not be evaluated (RuntimeError)"),
])
def test_plain_reasons(exc: BaseException, words: str) -> None:
    text = plain_reason(exc)
    assert words in text
    _one_line(text)
    assert type(exc).__name__ not in text or isinstance(exc, RuntimeError)


def test_a_division_by_zero_is_said_in_words() -> None:
    v = check("Sum(1/k, (k, 0, 3)) == 1", {}, timeout=10)
    assert v.status is Status.UNDECIDED
    assert "ZeroDivisionError" not in v.message and "division by zero" in v.message


@pytest.mark.parametrize("statement, words", [
    ("Expectation(x, x, Normal(0, 1)) == 0", "unknown function 'Expectation'; did you mean "
                                             "'Expect'?"),
    ("kl(Normal(0, 1), Normal(0, 1)) == 0", "did you mean 'KL'?"),
    ("sigam == 1", "undeclared symbol 'sigam': declare it in [symbols] with a domain; did you "
                   "mean 'sigma'?"),
])
def test_unknown_names_suggest_the_nearest(statement: str, words: str) -> None:
    v = check(statement, {"sigma": "positive"})
    assert v.status is Status.ERROR and words in v.message
    assert "did you mean" not in check("qqq(1) == 1", {}).message


# -- 8. the API takes symbols under the rules of files ------------------------------------

@pytest.mark.parametrize("symbols, words", [
    ({"__class__": "real"}, "'__class__' cannot be a symbol name"),
    ({"exp": "real"}, "'exp' cannot be a symbol name: it is a name of the language"),
    ({1: "real"}, "1 cannot be a symbol name"),
    (["x"], "symbols must be a mapping"),
    ("x", "symbols must be a mapping"),
    ({"x": 3}, "a domain must be a string"),
])
def test_api_symbols_follow_the_file_rules(symbols, words: str) -> None:
    statement = "__class__ == 1" if "__class__" in symbols else "exp == exp"
    v = check(statement, symbols)
    assert v.status is Status.ERROR and words in v.message, v
    _one_line(v.message)


# -- 9. nothing written into the user's folder ----------------------------------------------

def test_check_writes_nothing_into_the_current_folder(tmp_path: Path) -> None:
    claims = tmp_path / "in"
    claims.mkdir()
    f = _claims(claims, '[symbols]\nx = "real"\n[[claim]]\nid = "a"\nstatement = "x**2 >= x"\n'
                        'expect = "false"\n[[claim]]\nid = "b"\nstatement = "Sup(-(x-1)**2, x) '
                        '== 0"\n')
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    out = _cli("check", str(f), cwd=cwd)
    assert out.returncode == 0, out.stdout + out.stderr
    assert list(cwd.iterdir()) == []
    assert sorted(p.name for p in claims.iterdir()) == ["claims.toml"]
