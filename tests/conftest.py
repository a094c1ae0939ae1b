import atexit
import os
import shutil
import tempfile

os.environ.setdefault("MPLBACKEND", "Agg")

# `probproof list` caches its listing; tests keep theirs out of the user's cache.
_CACHE = tempfile.mkdtemp(prefix="probproof-test-cache-")
os.environ["PROBPROOF_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)


import pytest  # noqa: E402


@pytest.fixture(scope="session")
def quick_runs(tmp_path_factory):
    """A folder of quick `probproof run` outputs (RUNS/NAME) of every experiment the
    answer key reports, made once per test session (about a minute on one core)."""
    from probproof.commands.runs import load_runs
    from probproof.reports.prose_answers import PROSE_ANSWERS, experiments_needed

    runs = tmp_path_factory.mktemp("runs")
    made = load_runs(experiments_needed(PROSE_ANSWERS), runs)
    failed = {k: v for k, v in made.items() if isinstance(v, str)}
    assert not failed, failed
    return runs


@pytest.fixture(autouse=True)
def _fresh_evaluations():
    """Each test starts without the evaluations an earlier test made: a test that patches
    a method must see it used, not a value kept from before the patch."""
    from probproof.numeric.evaluate import _EVALUATED

    _EVALUATED.clear()
    yield
