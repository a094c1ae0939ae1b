"""The legends of the answer key: every name a result's legend holds is used by its
formulas, a definition that several results of a section share is listed once (by the
first of them, the others recall it), and a name the words describe is not listed."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pytest
import sympy as sp

from probproof.derivations import load_all
from probproof.derivations.notation import I_2, VectorNormal
from probproof.derivations.result import (
    Described,
    Let,
    Recalled,
    Result,
    Source,
    Statement,
    recalled,
    text_parts,
)
from probproof.derivations.vocabulary import pdf
from probproof.reports import legend
from probproof.reports.latex import legend_tex, result_snippet, tex
from probproof.reports.mathml import mathml
from probproof.reports.questions import question_key

RESULTS = load_all()
WITH_LEGEND = sorted(rid for rid, r in RESULTS.items() if r.legend)


def formulas(result: Result) -> list[sp.Basic]:
    """Every formula of ``result`` that a reader sees, besides its legend."""
    st = result.statement
    out: list[sp.Basic] = [st.lhs, st.rhs]
    for d in result.derivations:
        out += [d.start, *(s.expr for s in d.steps)]
    for f in result.facts:
        out += [f.lhs, f.rhs]
    out += [p for _where, text in result.texts() for p in text_parts(text)
            if not isinstance(p, str)]
    return out


def printed(objects: Sequence[sp.Basic], entries: Sequence[Let]) -> list[str]:
    """The LaTeX and the MathML of ``objects`` (the key and the report) with ``entries``."""
    with legend.using(entries):
        return [tex(o) for o in objects] + [mathml(o) for o in objects]


def unused(result: Result) -> list[Let]:
    """The entries of ``result``'s legend that change the printing of none of its formulas
    nor of the definitions it lists (each printed, as the key does, with the others)."""
    entries = list(result.legend)
    listed = [let for let, _ in legend.shown(entries, legend.stated_in(result.statement.text))]
    objects = formulas(result)
    everything = printed(objects, entries)
    definitions = {let: printed([let.rhs], [e for e in entries if e != let]) for let in listed}
    found = []
    for entry in entries:
        rest = [e for e in entries if e != entry]
        if printed(objects, rest) != everything or any(
                printed([let.rhs], [e for e in rest if e != let]) != definitions[let]
                for let in listed if let != entry):
            continue
        found.append(entry)
    return found


@pytest.mark.parametrize("rid", WITH_LEGEND)
def test_every_legend_entry_names_something_the_result_prints(rid):
    assert unused(RESULTS[rid]) == [], rid


X = sp.Symbol("x", real=True)


def test_an_unused_legend_entry_is_found():
    """The check above fails on the legend is.log_partition had: its answer and steps use
    no w(x) of the general notation."""
    from probproof.derivations.is_ import W_GENERAL

    result = RESULTS["is.log_partition"]
    stale = Result(result.id, result.title, result.sources, result.statement,
                   result.derivations, result.answer, result.domains, result.facts,
                   result.notes, (*result.legend, W_GENERAL))
    assert unused(stale) == [W_GENERAL]
    f = sp.Function("f")(X)
    toy = Result("kl.toy", "toy", (Source("s", "1"),), Statement(sp.exp(X) + 1, X, ">"),
                 legend=(Let(f, sp.exp(X)), Let(sp.Symbol("g"), sp.sin(X))))
    assert [e.lhs for e in unused(toy)] == [sp.Symbol("g")]


def _document_order(result: Result) -> tuple[str, tuple]:
    source = result.sources[0]
    return source.seed, question_key(source.question)


@pytest.mark.parametrize("rid", sorted(RESULTS))
def test_a_recalled_definition_is_listed_by_an_earlier_result_of_the_section(rid):
    result = RESULTS[rid]
    for entry in result.legend:
        if not isinstance(entry, Recalled):
            continue
        first = RESULTS[entry.by]
        assert not isinstance(first, type(None))
        assert _document_order(first)[0] == _document_order(result)[0], (rid, entry.by)
        assert _document_order(first) <= _document_order(result), (rid, entry.by)
        # listed under "where" by the first result, or stated in its claim's words
        stated = legend.stated_in(first.statement.text)
        listed = [*stated, *(let for let, _ in legend.shown(list(first.legend), stated))]
        assert any(let.lhs == entry.lhs and let.rhs == entry.rhs for let in listed), (
            rid, entry.lhs)
        # the reader is told where: the claim names the question of the first result
        label = first.sources[0].question
        words = " ".join(p for _w, text in result.texts() for p in text_parts(text)
                         if isinstance(p, str))
        assert f"question {label}" in words, (rid, label)


def _where_block(snippet: str) -> str:
    start = snippet.find(r"\noindent where")
    return "" if start < 0 else snippet[start:snippet.index(r"\end{align*}", start)]


def test_the_energy_and_the_sampler_are_defined_once_in_seed_000():
    """ebm.mle.gradient lists the energy and A(theta); is.self_normalised lists q and w;
    the later importance-sampling results recall them (each listed the five definitions)."""
    energy = r"E_{\theta}{\left(x_{1},x_{2} \right)} = "
    weight = r"w{\left(X \right)} = "
    blocks = {rid: _where_block(result_snippet(RESULTS[rid])) for rid in (
        "ebm.mle.gradient", "is.self_normalised", "is.grad_a", "is.log_partition")}
    assert energy in blocks["ebm.mle.gradient"]
    assert energy not in blocks["is.self_normalised"] and weight in blocks["is.self_normalised"]
    # the weight's definition names q's density at X (not at the coordinates, q((X_0, X_1)))
    assert r"{q{\left(X \right)}}" in blocks["is.self_normalised"]
    assert blocks["is.grad_a"] == "" and blocks["is.log_partition"] == ""
    # and the formulas still print the names
    grad = result_snippet(RESULTS["is.grad_a"])
    assert r"w{\left(X \right)}" in grad and r"A{\left(\theta \right)}" in grad


def test_recalled_and_described_entries_name_but_are_not_listed():
    f = sp.Function("f")(X)
    entries = [Let(f, sp.exp(X) + 1), Recalled(sp.Symbol("g"), sp.sin(X), "kl.first"),
               Described(sp.Symbol("h"), sp.cos(X))]
    assert [let for let, _ in legend.shown(entries)] == [entries[0]]
    with legend.using(entries):
        both = tex(sp.exp(X) + 1 + sp.sin(X) * sp.cos(X))
    assert sorted(both.split(" + ")) == [r"f{\left(x \right)}", "g h"]
    assert legend_tex(entries).count("=") == 1
    # a recalled entry keeps the id of the result that lists it, through SymPy's rebuilding
    r = recalled("kl.first", [Let(sp.Symbol("g"), sp.sin(X))])[0]
    assert r.by == "kl.first" and r.func(*r.args) == r and r.xreplace({X: 2 * X}).by == "kl.first"


def test_the_pixelcnn_masks_are_stated_once_and_each_result_shows_its_own_grid():
    ids = [f"pixelcnn.receptive_field.{k}" for k in ("AA", "AB", "BA", "BB")]
    snippets = [result_snippet(RESULTS[i]) for i in ids]
    matrices = [re.findall(r"\\begin\{matrix\}(.*?)\\end\{matrix\}", s, re.S) for s in snippets]
    mask_a = r"1 & 1 & 1\\1 & 0 & 0\\0 & 0 & 0"
    assert sum(m.count(mask_a) for m in matrices[1:]) == 0
    assert mask_a in matrices[0]
    for s, ms in zip(snippets, matrices, strict=True):
        assert _where_block(s) == "", "J and R_rc are described in words, not listed"
        # the claimed grid and the derivation's result: 5 x 5, no R_rc nor J written out
        assert sum(m.count(r"\\") == 4 for m in ms) == 2
        assert r"R_{22}" in s


def test_the_em_responsibilities_use_the_normal_density_of_the_key():
    answer = RESULTS["gmm.em.mean"].answer
    (gamma,) = [p for p in text_parts(answer) if isinstance(p, Let) and p.has(pdf)]
    latex = tex(gamma)
    assert r"\mathcal{N}\left(x_{i}; \mu_{k}, I_{2}\right)" in latex
    assert r"\mathcal{N}\left(x_{i}; \mu_{j}, I_{2}\right)" in latex
    assert "N{\\left(" not in latex
    assert "<mi>&#119977;</mi><mrow><mo>(</mo><msub><mi>x</mi><mi>i</mi></msub><mo>;</mo>" in (
        mathml(gamma.rhs))  # the script N, at x_i, then the parameters


def test_a_component_density_prints_in_vector_notation_and_is_not_listed():
    """gmm.density's mixture reads sum_k pi_k N(x; mu_k, I_2), the coordinates of x and
    mu_k written once (in d^2); the density's name says what it is, so it is not listed."""
    snippet = result_snippet(RESULTS["gmm.density"])
    assert r"\mathcal{N}\left(x; \mu_{k}, I_{2}\right)" in snippet
    assert r"\left(\mu_{k,1}, \mu_{k,2}\right)" not in snippet
    assert r"\mathcal{N}" not in _where_block(snippet)
    kde = result_snippet(RESULTS["kde.density"])
    assert r"\mathcal{N}\left(u; x_{i}, s I_{2}\right)" in kde
    assert r"\phi" not in kde
    density = pdf(VectorNormal(sp.Symbol("m"), I_2), X)
    assert tex(density) == r"\mathcal{N}\left(x; m, I_{2}\right)"


def test_reparam_full_lists_only_the_matrix():
    snippet = result_snippet(RESULTS["reparam.change_of_variables.full"])
    where = _where_block(snippet)
    assert where.count("=") == 1 and "S = " in where
    assert r"\Lambda" not in snippet
    assert r"\left(z - \mu\right)^{T} \Sigma^{-1} \left(z - \mu\right)" in snippet


def test_no_justification_carries_a_sum():
    """A summed fraction is a formula to display, not a justification's aside."""
    for rid in ("reparam.change_of_variables.diagonal",):
        for d in RESULTS[rid].derivations:
            for step in d.steps:
                assert not any(isinstance(p, sp.Basic) and p.has(sp.Sum)
                               for p in text_parts(step.justification)), rid


def test_a_named_sum_is_named_where_it_is_subtracted():
    """fdiv.kl.r2_bound's step wrote the critic out, log p - a tanh x - c sin x, because
    SymPy spreads the minus over the named sum's terms."""
    y = sp.Symbol("y")
    t = sp.Function("T")(X)
    entries = [Let(t, sp.tanh(X) + sp.sin(X))]
    assert legend.rewrite(y - sp.tanh(X) - sp.sin(X), entries) == y - t
    # both terms negated or the name does not stand: a sum with one of them is left alone
    assert legend.rewrite(y - sp.tanh(X) + sp.sin(X), entries) is None
    with legend.using(RESULTS["fdiv.kl.r2_bound"].legend):
        step = tex(RESULTS["fdiv.kl.r2_bound"].derivations[0].steps[0].expr)
    assert r"\tanh" not in step and r"- T{\left(x \right)}" in step


def test_a_definition_is_not_printed_with_the_name_of_its_own_right_side():
    """A note's q(z) = N(mu, sigma^2) beside a legend that names the law q printed as
    q(z) = q."""
    from probproof.derivations.vocabulary import Normal

    law = Normal(sp.Symbol("mu"), sp.Symbol("sigma", positive=True))
    definition = Let(sp.Function("q")(X), law)
    with legend.using([Let(sp.Symbol("q"), law)]):
        assert tex(definition).endswith(r"= \mathcal{N}\left(\mu, \sigma^{2}\right)")
        assert tex(sp.Function("H")(law)) == r"H{\left(q \right)}"
