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
