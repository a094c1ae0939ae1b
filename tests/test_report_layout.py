"""The HTML report's results table uses a wide window (issue 16): ids do not break
mid-word while part of a 1280-pixel window stays empty."""

from __future__ import annotations

import json
from pathlib import Path

from probproof.checks.catalog import CheckVerdict, ResultVerdict, StepVerdict
from probproof.checks.verdict import Status, Verdict
from probproof.derivations import load_all
from probproof.reports.html import report_html
from tests.test_report import chromium

# Writes the measurements into the page, which --dump-dom then prints.
PROBE = """<script>
const ids = [...document.querySelectorAll('table.results td:first-child code')];
const table = document.querySelector('table.results');
const out = {
  viewport: document.documentElement.clientWidth,
  overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
  table: table.getBoundingClientRect().width,
  // an id is broken when it is taller than one line of its font
  broken: ids.filter(e => e.getBoundingClientRect().height >
                          1.8 * parseFloat(getComputedStyle(e).fontSize))
             .map(e => e.textContent),
};
const pre = document.createElement('pre');
pre.id = 'probe';
pre.textContent = JSON.stringify(out);
document.body.appendChild(pre);
</script>"""


def _measure(tmp_path: Path, width: int) -> dict:
    catalog = load_all()
    proved = Verdict(Status.PROVED, methods=["symbolic", "numeric-spot-check"])
    verdicts = {
        rid: ResultVerdict(rid, [StepVerdict("step", "s", proved)],
                           [CheckVerdict("quadrature vs torch autograd", Status.CONFIRMED, "")],
                           seconds=1.5)
        for rid in catalog
    }
    page = report_html(list(catalog.values()), verdicts, {}, tmp_path)
    index = tmp_path / "index.html"
    index.write_text(page.replace("</body>", PROBE + "</body>"))
    dom = chromium(f"--window-size={width},900", "--dump-dom", index.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    start = dom.stdout.index('<pre id="probe">') + len('<pre id="probe">')
    return json.loads(dom.stdout[start:dom.stdout.index("</pre>", start)])


def test_ids_stay_whole_in_a_1280_pixel_window(tmp_path: Path) -> None:
    m = _measure(tmp_path, 1280)
    assert m["broken"] == [], m
    assert m["table"] >= 0.85 * m["viewport"], m
    assert m["overflow"] == 0, m



def test_the_tables_of_checks_name_the_place_not_the_claim_language():
    # verify's labels go on with the step's text in the claim language, for a terminal:
    # the report's tables showed 'Sum((x[i] - Sum(gamma[j]*x[j], (j, 1, n))...' as text.
    from probproof.checks.catalog import ResultVerdict, StepVerdict
    from probproof.checks.engine import Status, Verdict
    from probproof.reports.html import checks_html
    from probproof.reports.latex_checks import checks_tex

    proved = Verdict(Status.PROVED, ["symbolic"], "SymPy reduces lhs - rhs to 0")
    v = ResultVerdict("gmm.em.mean")
    v.steps = [
        StepVerdict("step", "derivation 1, step 1: the cross term, Sum(gamma[i]*x[i], "
                    "(i, 1, n)) = 0", proved),
        StepVerdict("fact", "fact 1: the second derivative, Derivative(f(m), (m, 2)) < 0",
                    proved),
        StepVerdict("fact", "answer: Sum(gamma[i], (i, 1, n)) = n", proved),
        StepVerdict("statement", "statement = end of derivation 1", proved),
    ]
    for out in (checks_html(v), checks_tex(v)):
        assert "Sum(" not in out and "gamma[" not in out and "Derivative(" not in out
        for place in ("derivation 1, step 1", "fact 1", "the relation in the answer",
                      "statement = end of derivation 1"):
            assert place in out


def test_a_displayed_formula_ends_with_its_sentences_punctuation():
    # The report set gmm.em.mean's answer as '... gamma = (display)' then '. M-step: ...':
    # the period began the next line. As in the key, the display takes it.
    import re

    from probproof.derivations import load_all
    from probproof.reports.html import text_html

    stray = re.compile(r'display="block"[^>]*>(?:(?!</math>).)*</math>\s*[.,;:]', re.S)
    seen = 0
    for result in load_all().values():
        for _, text in result.texts():
            out = text_html(text)
            seen += out.count('display="block"')
            assert not stray.search(out), (result.id, out[:300])
    assert seen > 10
    answer = text_html(load_all()["gmm.em.mean"].answer)
    assert "<mo>.</mo></mrow></math> M-step" in answer
