"""DESIGN.md's layers, enforced by import-linter's ``layers`` contract in pyproject.toml.

The numeric layer is the independent witness of the symbolic one: an import from
``numeric`` into ``checks`` (as ``numeric/evaluate.py`` once had, for the closed forms
it is supposed to check) must fail CI.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _lint(root: Path) -> subprocess.CompletedProcess[str]:
    code = ("import sys; from importlinter.cli import lint_imports; "
            "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True))")
    return subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                          text=True, timeout=300, env={"PYTHONPATH": str(root), "PATH": ""})


def test_the_layers_hold():
    result = _lint(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("module, line", [
    ("numeric/evaluate.py", "from probproof.checks import symbolic  # noqa\n"),
    ("derivations/result.py", "import probproof.numeric.quadrature  # noqa\n"),
    ("checks/engine.py", "from probproof.reports import latex  # noqa\n"),
])
def test_an_upward_import_breaks_the_contract(tmp_path, module, line):
    copy = tmp_path / "repo"
    shutil.copytree(ROOT / "probproof", copy / "probproof",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", copy / "pyproject.toml")
    target = copy / "probproof" / module
    target.write_text(target.read_text() + "\n" + line)
    result = _lint(copy)
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
