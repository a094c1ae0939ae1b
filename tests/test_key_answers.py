"""Every question of the five seeds is answered, and the answers in words report
numbers that come from the experiments' runs, not typed ones."""

from __future__ import annotations

import contextlib
import io
import json
import re
from pathlib import Path

import pytest

from probproof import cli
from probproof.commands import runs as runs_module
from probproof.commands.runs import write_answers
from probproof.derivations import load_all
from probproof.reports.prose_answers import PROSE_ANSWERS, by_id

ROOT = Path(__file__).resolve().parent.parent

#: Every question that asks for something, read off the seed texts by hand
#: (../shared/seeds); 003's Feedback questions 3.1-3.4 ask for no mathematics.
SEED_QUESTIONS = {
    "000_ff966f29da14a2c6.txt": ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7",
                                 "2.1", "2.2", "2.3", "2.4"],
    "001_6664ac7dfb33b96a.txt": ["1a", "1b", "1c", "1d",
                                 "2.i", "2.ii", "2.iii", "2.iv", "2.v", "2.vi"],
    "002_744d3837ef1c38b7.txt": ["Q1.1", "Q1.2", "Q2.1", "Q2.2", "Q2.3a", "Q2.3b", "Q2.3c",
                                 "Q3.1", "Q3.2", "Q4.1", "Q4.2", "Q4.3", "Q4.4", "Q5",
                                 "Q6.1a", "Q6.1b", "Q6.2a", "Q6.2b", "Q6.3", "Q7"],
    "003_d7f509f3735f8b89.txt": ["1.1", "1.2", "1.3", "2.1", "2.2", "2.3", "2.4"],
    "004_ed75a671ee0e2e4a.txt": ["1.1", "1.2", "1.3", "1.4", "1.5", "1.6", "1.7",
                                 "2.1", "2.2", "2.3", "2.4", "2.5", "2.6", "2.7"],
}
EXPECTED = {(seed, q) for seed, labels in SEED_QUESTIONS.items() for q in labels}


@pytest.fixture(scope="module")
def listed() -> dict:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cli.main(["list", "--json"]) == 0
    return json.loads(out.getvalue())


def test_list_json_names_every_question_under_its_seed_and_label(listed):
    answered = {(q["seed"], q["question"]): q["answered_by"] for q in listed["questions"]}
    missing = EXPECTED - set(answered)
    assert not missing, sorted(missing)
    assert not set(answered) - EXPECTED, "a label the seeds do not have"
    ids = {r["id"] for r in listed["results"]}
    assert all(i in ids for rid in answered.values() for i in rid)


def test_readme_table_maps_every_question_to_what_answers_it(listed):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = re.findall(r"^\| (\d{3}) \| (\S+) \| (.+) \|$", readme, re.M)
    table = {(seed, q): set(re.findall(r"`([^`]+)`", ids)) for seed, q, ids in rows}
    full = {(seed[:3], q) for seed, q in EXPECTED}
    assert full <= set(table), sorted(full - set(table))
    answered = {(q["seed"][:3], q["question"]): set(q["answered_by"])
                for q in listed["questions"]}
    stale = {k: v for k, v in table.items() if answered.get(k) != v}
    assert not stale, stale


def test_answers_in_words_refer_to_results_that_exist():
    catalog = load_all()
    for a in PROSE_ANSWERS:
        assert a.uses == tuple(u for u in a.uses if u in catalog), a.id
        assert a.id not in catalog


@pytest.fixture(scope="module")
def written(quick_runs, tmp_path_factory):
    return {w.answer.id: w for w in write_answers(PROSE_ANSWERS, quick_runs,
                                                  tmp_path_factory.mktemp("figures"))}


def test_every_answer_in_words_is_written_with_its_figures(written):
    for w in written.values():
        assert w.problem is None and len(w.text) > 200, (w.answer.id, w.problem)
        assert len(w.figures) == len(w.answer.figures), w.answer.id


def test_answers_in_words_carry_no_formula(written):
    """Prose names the checked result that carries a formula; it writes none."""
    ids = sorted({*load_all(), *by_id()}, key=len, reverse=True)
    for w in written.values():
        text = w.text
        for rid in ids:  # ids name results; their underscores are no subscripts
            text = text.replace(rid, "ID")
        assert not re.search(r"[$\\^_=]|\|\||<|>", text), (w.answer.id, text)


def _metrics(quick_runs: Path, name: str) -> dict:
    return json.loads((quick_runs / name / "metrics.json").read_text())


def test_numbers_are_formatted_from_the_run_not_typed(quick_runs):
    """Every number of the variational-bound answer moves with the run's metrics."""
    m = _metrics(quick_runs, "vlb")
    answer = by_id()["vi.experiment.ring_bounds"]
    text = answer.write(m)
    assert f"{m['K=10']['gap_uniform']:.2f}" in text
    m["K=10"]["gap_uniform"] = 12.345
    assert "12.35" in answer.write(m)


def test_gap_of_the_uniform_bound_is_r_squared_minus_log_k(quick_runs):
    """The gap at a centre is R^2 - log K = 97.70 for R = K = 10, not "about 100"."""
    text = by_id()["vi.experiment.ring_bounds"].write(_metrics(quick_runs, "vlb"))
    assert "97.70 nats" in text and "100 nats" not in text


def test_limit_of_the_gap_is_log_bessel(quick_runs):
    """log I0(R^2) for R = 10, computed here with scipy's scaled Bessel function."""
    import math

    from scipy.special import i0e

    expected = math.log(i0e(100.0)) + 100.0  # 96.77
    text = by_id()["vi.experiment.growing_k"].write(_metrics(quick_runs, "vlb"))
    assert f"{expected:.1f} nats" in text and "90 nats" not in text


def test_a_run_that_exists_is_reused(tmp_path, monkeypatch, quick_runs):
    """A folder of full runs is read, not remade."""
    (tmp_path / "kde").mkdir()
    m = _metrics(quick_runs, "kde")
    m["sigma"] = 0.4321
    (tmp_path / "kde" / "metrics.json").write_text(json.dumps(m))
    for f in (quick_runs / "kde").glob("*.png"):
        (tmp_path / "kde" / f.name).write_bytes(f.read_bytes())

    def no_run(*args):
        raise AssertionError("a run was made although one exists")

    monkeypatch.setattr(runs_module, "_run", no_run)
    (w,) = write_answers([by_id()["kde.experiment"]], tmp_path, tmp_path / "figures")
    assert "0.432" in w.text and w.figures


def test_a_missing_run_is_made_and_a_failed_one_reported(tmp_path, monkeypatch):
    made = []

    def failing(name, folder, seed):
        made.append(name)
        return f"`probproof run {name} --quick` failed: no torch"

    monkeypatch.setattr(runs_module, "_run", failing)
    (w,) = write_answers([by_id()["kde.experiment"]], tmp_path, tmp_path / "figures")
    assert made == ["kde"] and w.problem and "no torch" in w.problem
    assert "could not be written" in runs_module.shown_text(w)


def test_show_prints_an_answer_in_words(capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no probproof-runs here: it says how to make the run
    assert cli.main(["show", "vi.amortised.compare_bias"]) == 0
    out = capsys.readouterr().out
    assert "Q2.3a" in out and "vi.amortised.gap" in out
    assert cli.main(["show", "kde.experiment"]) == 0
    assert "probproof run kde" in capsys.readouterr().out


def test_html_places_answers_in_words_by_question_and_links_every_question(tmp_path):
    from probproof.commands.runs import rows
    from probproof.reports.html import questions_html, report_html

    catalog = load_all()
    results = [catalog["vi.amortised.gap"], catalog["iwae.bound.upper"]]
    answers = [by_id()["vi.amortised.compare_bias"]]
    page = report_html(results, {}, {}, tmp_path, "",
                       [(answers[0], answers[0].write({}), ())],
                       questions_html(rows(results, answers)))
    # question order within the seed: Q2.2, then Q2.3a, then Q3.1
    order = [page.index(f"<code>{i}</code> &mdash;") for i in
             ("vi.amortised.gap", "vi.amortised.compare_bias", "iwae.bound.upper")]
    assert order == sorted(order)
    anchors = set(re.findall(r'id="(r-[^"]+)"', page))
    links = set(re.findall(r'href="#(r-[^"]+)"', page))
    assert links and links <= anchors
