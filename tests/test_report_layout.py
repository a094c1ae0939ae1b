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

