"""``probproof list [--json]``: the results of the catalog and their sources,
and the answers in words (``"kind": "prose"``); ``--json`` adds ``questions``,
every question of the seeds under its seed file and label with what answers it.

Building the catalog imports SymPy and constructs every derivation (about 2 s
on a slow machine), while the listing needs only ids, titles and sources. The
listing is therefore kept in the user's cache, keyed by a hash of the source
files of ``probproof.derivations``: any change to the catalog's code is a new
key, so a stale listing is never shown.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
from pathlib import Path
from typing import Any

import probproof.derivations
from probproof.numeric.disk_cache import cache_dir


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print one JSON object")


#: The module of the answers in words, listed beside the catalog's results.
PROSE_FILE = Path(probproof.derivations.__file__).parent.parent / "reports" / "prose_answers.py"


def _catalog_key(root: Path | None = None) -> str:
    """A hash of every file the catalog is built from (those under ``root``, by
    default the ``probproof.derivations`` package, and the answers in words)."""
    root = root or Path(probproof.derivations.__file__).parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*.py")):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    if PROSE_FILE.exists():
        digest.update(PROSE_FILE.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _cache_file(key: str) -> Path:
    return cache_dir() / f"list-{key}.json"


def _build() -> list[dict[str, Any]]:
    from probproof.commands.catalog import catalog
    from probproof.derivations.result import plain
    from probproof.reports.prose_answers import PROSE_ANSWERS

    def entry(item: Any, kind: str) -> dict[str, Any]:
        return {"id": item.id, "title": plain(item.title), "kind": kind,
                "sources": [{"seed": s.seed, "question": s.question} for s in item.sources]}

    return ([entry(r, "derivation") for r in catalog().values()]
            + [entry(a, "prose") for a in PROSE_ANSWERS])


def questions(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every question some entry answers, under its seed file and label, with
    the ids that answer it (in the seeds' order)."""
    from probproof.reports.questions import question_rows

    rows = question_rows((e["id"], [(s["seed"], s["question"]) for s in e["sources"]])
                         for e in entries)
    return [{"seed": seed, "question": q, "answered_by": ids} for seed, q, ids in rows]


def listing() -> list[dict[str, Any]]:
    """Id, title and sources of every result, from the cache when it is current."""
    cache = _cache_file(_catalog_key())
    try:
        return json.loads(cache.read_text())["results"]
    except (OSError, ValueError, KeyError, TypeError):
        pass
    entries = _build()
    try:  # best effort: an unwritable cache only costs the next run its speed
        cache.parent.mkdir(parents=True, exist_ok=True)
        tmp = cache.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"results": entries}))
        tmp.replace(cache)
    except OSError:
        pass
    return entries


def run(args: argparse.Namespace) -> int:
    results = listing()
    if args.json:
        print(json.dumps({"results": results, "questions": questions(results)}, indent=2))
        return 0
    width = max((len(r["id"]) for r in results), default=0)
    for r in results:
        where = "; ".join(f"{s['seed']} {s['question']}" for s in r["sources"])
        print(f"{r['id']:<{width}}  {r['title']}  [{where}]")
    return 0
