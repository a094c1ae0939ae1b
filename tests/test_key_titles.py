"""The answer key's headings: a formula in a result's title is set at text size in a
bold heading line, so it must be flat (a stacked fraction there is a tall, tiny title)."""

from __future__ import annotations

import re

import pytest

from probproof.derivations import load_all
from probproof.derivations.result import text_parts
from probproof.reports.latex import _fraction_parts, is_tall, tex


def stacks(latex: str) -> bool:
    """Whether inline ``latex`` holds a fraction whose numerator or denominator is more
    than a name: a power (other than a starred name), a function's bracket or another
    fraction; ``p/q`` and ``f_1/(f_0 + f_1)`` stay flat enough."""
    if is_tall(latex):
        return True
    return any(re.search(r"\^\{(?!\*\})", part) or r"\left(" in part or r"\frac" in part
               for part in _fraction_parts(latex))


def test_stacks_tells_tall_from_flat():
    # the rule itself, both ways: it is what the catalog test relies on
    assert stacks(r"\frac{e^{E}}{q}") and stacks(r"\log{\left(\frac{\frac{a}{b}}{c} \right)}")
    assert stacks(r"\frac{E_{q}{\left(x \right)}}{2}")
    assert not stacks(r"\log{\left(\frac{p}{q} \right)}")
    assert not stacks(r"\frac{D^{*} f_{0}}{1 - D^{*}}")


@pytest.mark.parametrize("rid", sorted(load_all()))
def test_title_formulas_are_flat(rid):
    title = load_all()[rid].title
    tall = [tex(p) for p in text_parts(title) if not isinstance(p, str) and stacks(tex(p))]
    assert not tall, f"{rid}: a stacked formula in the title: {tall}"


def _heading_text(latex: str) -> str:
    """The typeset part of a heading (the first argument of ``\\texorpdfstring``, whose
    second is the plain bookmark), with its mathematics removed."""
    if latex.startswith(r"\texorpdfstring{"):
        depth, end = 0, len(r"\texorpdfstring")
        for end in range(len(r"\texorpdfstring"), len(latex)):
            depth += {"{": 1, "}": -1}.get(latex[end], 0)
            if depth == 0:
                break
        latex = latex[len(r"\texorpdfstring{"):end]
    return re.sub(r"\$[^$]*\$", "", latex)


@pytest.mark.parametrize("rid", sorted(load_all()))
def test_a_variable_named_in_a_title_is_set_as_mathematics(rid):
    """'under q' in a heading printed q upright, where the text beneath sets it as $q$."""
    from probproof.derivations.result import _LONE_LETTER
    from probproof.reports.latex import heading_tex

    words = _heading_text(heading_tex(load_all()[rid].title))
    assert not _LONE_LETTER.search(words), f"{rid}: {words!r}"


def test_a_lone_letter_in_a_plain_title_is_found():
    from probproof.derivations.result import _LONE_LETTER
    from probproof.reports.latex import heading_tex

    assert _LONE_LETTER.search(_heading_text(heading_tex("With q the exact posterior")))
    assert not _LONE_LETTER.search(_heading_text(heading_tex(("With q the exact posterior",))))
