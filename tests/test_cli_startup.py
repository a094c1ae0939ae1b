"""A newcomer's first commands (issue 16): the CLI starts without importing the
heavy libraries, `probproof list` is served from a listing that cannot go stale,
and the package's dependencies cover what its code imports."""

from __future__ import annotations

import ast
import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from probproof.commands import list as list_results

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("sympy", "scipy", "numpy", "torch", "hypothesis", "matplotlib", "sklearn")


def _imported_by(argv: list[str], env_extra: dict[str, str]) -> tuple[set[str], str]:
    """Top-level heavy modules imported by ``probproof ARGV`` in a fresh interpreter."""
    code = (
        "import sys\n"
        "from probproof.cli import main\n"
        "try:\n"
        f"    main({argv!r})\n"
        "except SystemExit:\n"
        "    pass\n"
        "sys.stdout.flush()\n"
        f"print('\\nIMPORTED', sorted({{m.split('.')[0] for m in sys.modules}} & {set(HEAVY)!r}))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), **env_extra}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                         timeout=300, check=True).stdout
    head, _, tail = out.rpartition("\nIMPORTED ")
    return set(ast.literal_eval(tail.strip())), head


def test_help_imports_no_heavy_library(tmp_path: Path) -> None:
    imported, out = _imported_by(["--help"], {"PROBPROOF_CACHE_DIR": str(tmp_path)})
    assert "verify" in out and "list" in out
    assert imported == set()


def test_the_help_of_one_command_imports_only_that_command(tmp_path: Path) -> None:
    imported, out = _imported_by(["list", "--help"], {"PROBPROOF_CACHE_DIR": str(tmp_path)})
    assert "--json" in out
    assert imported == set()


def test_list_is_served_from_the_cache_without_sympy(tmp_path: Path) -> None:
    env = {"PROBPROOF_CACHE_DIR": str(tmp_path)}
    _, first = _imported_by(["list", "--json"], env)  # builds the catalog, fills the cache
    imported, second = _imported_by(["list", "--json"], env)
    assert imported == set()
    assert json.loads(second) == json.loads(first)


def test_the_cached_listing_is_the_catalogs(monkeypatch: pytest.MonkeyPatch,
                                           tmp_path: Path) -> None:
    from probproof.commands.catalog import catalog
    from probproof.derivations.result import plain
    from probproof.reports.prose_answers import PROSE_ANSWERS

    monkeypatch.setenv("PROBPROOF_CACHE_DIR", str(tmp_path))
    built = list_results.listing()
    cached = list_results.listing()
    assert list(tmp_path.glob("list-*.json"))
    expected = [
        {"id": r.id, "title": plain(r.title), "kind": kind,
         "sources": [{"seed": s.seed, "question": s.question} for s in r.sources]}
        for kind, entries in (("derivation", catalog().values()), ("prose", PROSE_ANSWERS))
        for r in entries
    ]
    assert built == cached == expected


def test_a_corrupt_cache_is_rebuilt(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PROBPROOF_CACHE_DIR", str(tmp_path))
    cache = list_results._cache_file(list_results._catalog_key())
    cache.parent.mkdir(parents=True, exist_ok=True)
    cache.write_text('{"results": [{"id": "stale"')
    assert len(list_results.listing()) > 40


def test_any_change_to_the_catalog_code_changes_the_cache_key(tmp_path: Path) -> None:
    src = Path(list_results.probproof.derivations.__file__).parent
    copy = tmp_path / "derivations"
    shutil.copytree(src, copy, ignore=shutil.ignore_patterns("__pycache__"))
    key = list_results._catalog_key(copy)
    assert list_results._catalog_key(copy) == key
    topic = copy / "kde.py"
    topic.write_text(topic.read_text().replace("title=", "title= ", 1))
    assert list_results._catalog_key(copy) != key
    (copy / "new_topic.py").write_text("")
    assert len({key, list_results._catalog_key(copy)}) == 2


def test_every_library_the_package_imports_is_a_dependency() -> None:
    """`pip install probproof` without extras must run every command."""
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    declared = {d.split(">")[0].split("=")[0].split("<")[0].strip().lower() for d in deps}
    distribution = {"sklearn": "scikit-learn"}
    imported: set[str] = set()
    for path in (ROOT / "probproof").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m != "probproof"}
    missing = {distribution.get(m, m) for m in third_party} - declared
    assert not missing, f"imported but not a dependency: {sorted(missing)}"


def test_the_listing_key_follows_the_answers_in_words(monkeypatch: pytest.MonkeyPatch,
                                                      tmp_path: Path) -> None:
    """An answer in words added or retitled is a new listing, not a stale one."""
    prose = tmp_path / "prose_answers.py"
    prose.write_bytes(list_results.PROSE_FILE.read_bytes())
    monkeypatch.setattr(list_results, "PROSE_FILE", prose)
    key = list_results._catalog_key()
    prose.write_text(prose.read_text() + "\n# a new answer\n")
    assert list_results._catalog_key() != key
