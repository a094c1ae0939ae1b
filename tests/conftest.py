import atexit
import os
import shutil
import tempfile

os.environ.setdefault("MPLBACKEND", "Agg")

# `probproof list` caches its listing; tests keep theirs out of the user's cache.
_CACHE = tempfile.mkdtemp(prefix="probproof-test-cache-")
os.environ["PROBPROOF_CACHE_DIR"] = _CACHE
atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)
