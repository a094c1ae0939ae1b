"""One result id, one place: from an id's topic (its first component, ``is`` -> ``is_``)
the result is found in ``probproof/derivations/<topic>.py``, each of its numeric
confirmations is registered in ``probproof/numeric/confirm/<topic>.py``, and
``probproof show ID`` prints those places."""

from __future__ import annotations

import pkgutil
import re
from pathlib import Path

import pytest

from probproof import cli
from probproof.derivations import _NOT_TOPICS, load_all
from probproof.derivations import result as result_module
from probproof.derivations.result import DEFINED_AT, topic
from probproof.numeric import confirmations
from probproof.numeric.confirmations import REGISTERED_AT
from probproof.numeric.confirmations import load_all as load_confirmations

RESULTS = load_all()
CONFIRMATIONS = load_confirmations()
ROOT = Path(__file__).resolve().parents[1]


def test_topic_of_an_id():
    assert topic("kl.gaussian.standard") == "kl"
    assert topic("free_energy.bound") == "free_energy"
    assert topic("is.grad_a") == "is_"  # a keyword gets PEP 8's trailing underscore


@pytest.mark.parametrize("rid", sorted(RESULTS))
def test_derivation_lives_in_its_topic_module(rid):
    file, line = DEFINED_AT[rid]
    assert file == f"probproof/derivations/{topic(rid)}.py", (rid, file)
    # the line is where the result is built: its id is written before the next result's
    text = (ROOT / file).read_text().splitlines()[line - 1:]
    end = next((i for i, t in enumerate(text) if i and t.startswith("@register")), len(text))
    body = "\n".join(text[:end])
    assert f'"{rid}"' in body or "receptive_field" in body, (rid, line)


@pytest.mark.parametrize("rid", sorted(RESULTS))
def test_confirmations_are_registered_in_its_topic_module(rid):
    methods = [m for m, _fn in CONFIRMATIONS.get(rid, [])]
    assert methods, f"{rid} has no confirmation"
    for m in methods:
        file, _line = REGISTERED_AT[rid, m]
        assert file == f"probproof/numeric/confirm/{topic(rid)}.py", (rid, m, file)


def test_every_topic_module_holds_only_its_own_ids():
    """A topic module (no leading underscore, not the language's) holds results, all of
    its topic; a confirmation module confirms only results of its topic."""
    from probproof import derivations
    from probproof.numeric import confirm

    topics = {m.name for m in pkgutil.iter_modules(derivations.__path__)
              if not m.name.startswith("_") and m.name not in _NOT_TOPICS}
    defined = {topic(rid) for rid in RESULTS}
    assert topics == defined, (topics - defined, defined - topics)
    confirm_modules = {m.name for m in pkgutil.iter_modules(confirm.__path__)
                       if not m.name.startswith("_")}
    assert confirm_modules <= topics, confirm_modules - topics


def test_layout_check_fails_on_a_misplaced_result(monkeypatch):
    """The location test is not vacuous: a result registered from another module is
    located there, and a confirmation registered outside a topic module is located at
    its caller."""
    fake = {}
    monkeypatch.setattr(result_module, "DEFINED_AT", fake)
    monkeypatch.setattr(result_module, "RESULTS", {})
    from probproof.derivations.result import Result, Source, Statement

    @result_module.register
    def misplaced() -> Result:
        import sympy as sp
        return Result("kl.misplaced", "t", (Source("s", "1"),), Statement(sp.S(1), sp.S(1)))

    assert fake["kl.misplaced"][0] == "tests/test_catalog_layout.py"
    monkeypatch.setattr(confirmations, "REGISTERED_AT", {})
    monkeypatch.setattr(confirmations, "CONFIRMATIONS", {})
    confirmations.confirms("kl.misplaced", "m")(lambda r, s: None)
    assert confirmations.REGISTERED_AT["kl.misplaced", "m"][0] == "tests/test_catalog_layout.py"


@pytest.mark.parametrize("rid", ["kl.gaussian.standard", "is.grad_a", "vi.kl_asymmetry"])
def test_show_prints_the_places(rid, capsys):
    assert cli.main(["show", rid]) == 0
    out = capsys.readouterr().out
    t = topic(rid)
    assert re.search(rf"^defined at: probproof/derivations/{t}\.py:\d+$", out, re.M), out
    for m, _fn in CONFIRMATIONS[rid]:
        assert re.search(rf"^  {re.escape(m)}  probproof/numeric/confirm/{t}\.py:\d+$",
                         out, re.M), (m, out)
    if rid == "vi.kl_asymmetry":  # its figure is drawn by the report
        assert re.search(r"^figure: kl_figure  probproof/reports/catalog_figures\.py:\d+$",
                         out, re.M), out
