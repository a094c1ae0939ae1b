"""``probproof report`` on a small subset of the catalog: the HTML renders in
headless Chromium with typeset formulas, the answer key compiles, results.json
says what was verified; ``probproof check --report`` plots a counterexample."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile

import pytest

from probproof import cli

IDS = ["kl.gaussian.standard", "flow.coupling.jacobian"]
#: An answer in words with an experiment's numbers and figure.
PROSE_IDS = ["kde.experiment"]


def chromium(*args: str) -> subprocess.CompletedProcess:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    assert exe, "chromium is required (Debian package `chromium`, installed by .ci/run)"
    profile = tempfile.mkdtemp()
    return subprocess.run(
        [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         f"--user-data-dir={profile}", *args],
        capture_output=True, text=True, timeout=120, check=False)


def png_is_not_blank(path) -> bool:
    from matplotlib.image import imread

    img = imread(path)[..., :3]
    return img.std() > 0.02 and (img < 0.5).mean() > 0.001


@pytest.fixture(scope="module")
def report(tmp_path_factory, quick_runs):
    out = tmp_path_factory.mktemp("report")
    code = cli.main(["report", *IDS, *PROSE_IDS, "--runs", str(quick_runs), "-o", str(out)])
    return out, code


def test_report_files_and_json(report):
    out, code = report
    assert code == 0
    data = json.loads((out / "results.json").read_text())
    assert [r["id"] for r in data["results"]] == IDS
    assert data["summary"] == {**data["summary"], "total": 2, "passed": 2, "failed": 0}
    for r in data["results"]:
        assert r["verdict"] in ("proved", "confirmed") and r["steps"]
        for f in r["figures"]:
            assert (out / f["file"]).stat().st_size > 5_000
    figs = {r["id"]: r["figures"] for r in data["results"]}
    assert figs["kl.gaussian.standard"] and figs["flow.coupling.jacobian"]
    (answer,) = data["answers"]
    assert answer["id"] == "kde.experiment" and answer["problem"] is None
    assert (out / answer["figures"][0]["file"]).stat().st_size > 5_000


def test_answer_key_compiled_with_checks_and_figures(report):
    out, _ = report
    tex = (out / "answers.tex").read_text()
    assert "\\tableofcontents" in tex and "\\paragraph{Checks.}" in tex
    assert tex.count("\\includegraphics") == 3  # two results' figures, one of the kde run
    # Compiled (with -halt-on-error), and none of LaTeX's auxiliary files left behind.
    assert (out / "answers.pdf").stat().st_size > 20_000
    left = [p.name for p in out.iterdir()
            if p.suffix in {".aux", ".fls", ".fdb_latexmk", ".log", ".out", ".toc"}]
    assert left == [], left
    page = out / "page"
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(out / "answers.pdf"),
                    str(page)], check=True, timeout=60)
    assert png_is_not_blank(next(out.glob("page*.png")))


def test_html_renders_in_chromium_with_typeset_formulas(report):
    out, _ = report
    index = out / "index.html"
    text = index.read_text()
    assert "http://" not in text.replace("http://www.w3.org/1998/Math/MathML", "")
    assert "https://" not in text  # no CDN: the page renders offline
    dom = chromium("--dump-dom", index.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    assert dom.stdout.count("<math") >= 10 and "<mfrac>" in dom.stdout
    assert dom.stdout.count('<img src="data:image/png;base64,') == 3
    for rid in IDS:
        assert f"<code>{rid}</code>" in dom.stdout
    shot = out / "shot.png"
    run = chromium("--window-size=1000,1400", f"--screenshot={shot}", index.as_uri())
    assert run.returncode == 0 and shot.exists()
    assert png_is_not_blank(shot)


def test_report_key_has_no_overfull_box(report, tmp_path):
    """The report's answer key, checks and figures included, compiles with no
    line running into the margin."""
    out, _ = report
    for f in [out / "answers.tex", *out.glob("figures/*.png")]:
        target = tmp_path / f.relative_to(out)
        target.parent.mkdir(exist_ok=True)
        target.write_bytes(f.read_bytes())
    subprocess.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", "answers.tex"],
                   cwd=tmp_path, capture_output=True, timeout=240, check=True)
    log = (tmp_path / "answers.log").read_text(errors="replace")
    assert "Output written" in log and "Overfull" not in log


def test_check_report_plots_the_counterexample(tmp_path):
    claims = tmp_path / "claims.toml"
    claims.write_text(
        '[symbols]\nsigma = "positive"\n\n[[claim]]\nid = "slip"\n'
        'statement = "KL(Normal(0, sigma), Normal(0, 1)) == (sigma**2 - 1)/2 - log(sigma**2)"\n'
        '\n[[claim]]\nid = "right"\n'
        'statement = "KL(Normal(0, sigma), Normal(0, 1)) == (sigma**2 - 1)/2 - log(sigma)"\n')
    out = tmp_path / "rep"
    assert cli.main(["check", str(claims), "--report", str(out), "--jobs", "1"]) == 1
    page = (out / "index.html").read_text()
    assert "refuted" in page and "Counterexample</strong> at sigma = " in page
    # Every claim with one free parameter gets its plot, a true one too (issue 16).
    assert page.count("<math") == 2 and page.count("data:image/png") == 2
    assert png_is_not_blank(out / "slip.png") and png_is_not_blank(out / "right.png")
    assert page.count("the red line is the counterexample") == 1


def test_check_report_shows_an_error_claims_statement_once(tmp_path):
    claims = tmp_path / "claims.toml"
    claims.write_text('[symbols]\nn = "positive integer"\n\n'
                      '[[claim]]\nid = "broken"\nstatement = "KL(Normal(0, 1) == 3"\n\n'
                      '[[claim]]\nid = "count"\nstatement = "binomial(n, 1) == n"\n')
    out = tmp_path / "rep"
    assert cli.main(["check", str(claims), "--report", str(out), "--jobs", "1"]) == 2
    page = (out / "index.html").read_text()
    assert page.count("KL(Normal(0, 1) == 3") == 1
    # An integer parameter is plotted at integers of its domain.
    assert (out / "count.png").exists() and page.count("data:image/png") == 1


def test_figure_module_receptive_fields():
    from probproof.reports.catalog_figures import MASK_A, MASK_B, receptive_field

    aa = receptive_field(MASK_A, MASK_A)
    bb = receptive_field(MASK_B, MASK_B)
    assert aa[2, 2] == 0 and bb[2, 2] == 2  # only B keeps the pixel itself
    assert not aa[3:].any() and not bb[3:].any()  # nothing below the pixel's row
    # A then A, by hand: layer 2 sees 22, 23, 24, 32; layer 1 adds their upper-left
    # neighbours: rows 1 and 2 up to column 3, and 31 (but not 32, 24 or 25).
    assert aa[0].tolist() == [1, 1, 1, 1, 1] and aa[1].tolist() == [1, 1, 1, 0, 0]
    assert aa[2].tolist() == [1, 0, 0, 0, 0]


def test_wide_formulas_scroll_inside_the_page(tmp_path):
    """The ring mixture's density (ten exponentials) and long result ids stay within a
    1000-pixel window: formulas scroll in their own box, the page does not."""
    from probproof.derivations import load_all
    from probproof.reports.html import report_html

    catalog = load_all()
    results = [catalog[rid] for rid in ("gmm.density", "is.self_normalised",
                                        "reparam.change_of_variables.diagonal")]
    page = report_html(results, {}, {}, tmp_path)
    probe = ("<script>document.body.setAttribute('data-overflow', String("
             "document.documentElement.scrollWidth - document.documentElement.clientWidth));"
             "</script>")
    index = tmp_path / "index.html"
    index.write_text(page.replace("</body>", probe + "</body>"))
    dom = chromium("--window-size=1000,800", "--dump-dom", index.as_uri())
    assert dom.returncode == 0, dom.stderr[-2000:]
    body = dom.stdout[dom.stdout.find("<body"):][:60]
    assert body.startswith('<body data-overflow="0"'), f"page wider than the window: {body}"
