import os
import tempfile

os.environ.setdefault("MPLBACKEND", "Agg")

# `probproof list` caches its listing; tests keep theirs out of the user's cache.
os.environ["PROBPROOF_CACHE_DIR"] = tempfile.mkdtemp(prefix="probproof-test-cache-")
