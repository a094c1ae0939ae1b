"""Claim files: TOML in, claims out.

A file that cannot be read or is not TOML raises :class:`ClaimFileError`
(nothing can be checked). Problems of one claim (missing statement, unknown
domain, duplicate id, ...) are attached to that claim as ``problem`` so that
the other claims are still checked and reported.
"""

from __future__ import annotations

import io
import re
import tokenize
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from probproof.checks.domains import Domain, DomainError, parse_domain

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_CLAIMS = 10_000
MAX_ID = 200  #: characters of a claim id
_ID = re.compile(r"[A-Za-z0-9._-]+\Z")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_CLAIM_KEYS = {"id", "statement", "expect", "source", "symbols"}


class ClaimFileError(ValueError):
    """The file as a whole cannot be used (unreadable, not TOML, wrong shape)."""


@dataclass
class ClaimSpec:
    """One ``[[claim]]`` of a file, before its statement is parsed.

    ``problem`` is set (and the claim's verdict will be ``error``) when the
    entry itself is malformed.
    """

    id: str
    statement: str
    expect: str = "true"
    source: str = ""
    domains: dict[str, Domain] = field(default_factory=dict)
    problem: str | None = None


def load_claim_file(path: str | Path) -> list[ClaimSpec]:
    """Read a claim file.

    Raises
    ------
    ClaimFileError
        When the file is unreadable, too large, not UTF-8 or not TOML, or has
        no ``[[claim]]`` entries.
    """
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ClaimFileError(f"{p}: file too large ({size} bytes)")
        raw = p.read_bytes()
    except OSError as exc:
        raise ClaimFileError(f"{p}: cannot read: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ClaimFileError(f"{p}: not UTF-8 text") from None
    return parse_claim_text(text, name=str(p))


def parse_claim_text(text: str, name: str = "<claims>") -> list[ClaimSpec]:
    """Parse the TOML text of a claim file (see :func:`load_claim_file`)."""
    # A byte-order mark is how some editors start a UTF-8 file; TOML does not allow it.
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimFileError(f"{name}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ClaimFileError(f"{name}: not valid TOML: nested too deeply") from None
    unknown = set(data) - {"symbols", "claim"}
    if unknown:
        raise ClaimFileError(f"{name}: unknown top-level key(s): {', '.join(sorted(unknown))} "
                             "(expected [symbols] and [[claim]])")
    claims = data.get("claim")
    if not isinstance(claims, list) or not claims:
        raise ClaimFileError(f"{name}: no [[claim]] entries")
    if len(claims) > MAX_CLAIMS:
        raise ClaimFileError(f"{name}: more than {MAX_CLAIMS} claims")
    shared = data.get("symbols", {})
    if not isinstance(shared, dict):
        raise ClaimFileError(f"{name}: [symbols] must be a table of name = \"domain\"")
    shared_domains, shared_problems = symbol_table(shared)
    out: list[ClaimSpec] = []
    seen: set[str] = set()
    for i, entry in enumerate(claims, start=1):
        out.append(_claim(entry, i, shared_domains, shared_problems, seen))
    return out


def symbol_table(table: Mapping[Any, Any]) -> tuple[dict[str, Domain], dict[str, str]]:
    """Declared symbols ``name -> domain`` as files and the API take them: the domains
    that parse, and a one-line problem for each name or domain that does not."""
    from probproof.checks.parser import VOCABULARY

    domains: dict[str, Domain] = {}
    problems: dict[str, str] = {}
    for key, value in table.items():
        if not isinstance(key, str) or not _NAME.match(key):
            problems[str(key)] = (f"{_short(key)} cannot be a symbol name: a letter, then "
                                  f"letters, digits or _")
            continue
        if key in VOCABULARY:
            problems[key] = f"{key!r} cannot be a symbol name: it is a name of the language"
            continue
        try:
            domains[key] = parse_domain(value)
        except DomainError as exc:
            problems[key] = f"symbol {key}: {exc}"
    return domains, problems


def _claim(entry: Any, index: int, shared: dict[str, Domain], shared_problems: dict[str, str],
           seen: set[str]) -> ClaimSpec:
    label = f"claim #{index}"
    if not isinstance(entry, dict):
        return ClaimSpec(label, "", problem="a [[claim]] entry must be a table")
    raw_id = entry.get("id")
    problem = None
    if raw_id is None:
        claim_id, problem = label, "missing id"
    elif not isinstance(raw_id, str):
        claim_id, problem = label, f"id must be a string, not {type(raw_id).__name__}"
    elif len(raw_id) > MAX_ID:
        claim_id, problem = label, f"id too long ({len(raw_id)} characters; at most {MAX_ID})"
    elif not _ID.match(raw_id):
        claim_id, problem = label, "id must match [A-Za-z0-9._-]+ (letters, digits, . _ -)"
    elif raw_id in seen:
        claim_id, problem = raw_id, f"duplicate id {raw_id!r}"
    else:
        claim_id = raw_id
        seen.add(raw_id)
    statement = entry.get("statement")
    expect = entry.get("expect", "true")
    if isinstance(expect, bool):
        expect = "true" if expect else "false"
    source = entry.get("source", "")
    extra = set(entry) - _CLAIM_KEYS
    if problem is None and extra:
        problem = f"unknown key(s): {', '.join(sorted(extra))}"
    if problem is None and statement is None:
        problem = "missing statement"
    if problem is None and not isinstance(statement, str):
        problem = "statement must be a string"
    if problem is None and expect not in ("true", "false"):
        problem = f"expect must be \"true\" or \"false\", got {expect!r}"
    if problem is None and not isinstance(source, str):
        problem = "source must be a string"
    domains = dict(shared)
    own = entry.get("symbols", {})
    if problem is None and not isinstance(own, dict):
        problem = "symbols must be a table of name = \"domain\""
    elif problem is None:
        own_domains, own_problems = symbol_table(own)
        domains.update(own_domains)
        for key, msg in {**shared_problems, **own_problems}.items():
            if key in own_problems or key not in own_domains:
                domains.pop(key, None)
                # A bad shared symbol only matters to claims that mention it.
                if key in own_problems or _mentions(statement, key):
                    problem = msg
                    break
    return ClaimSpec(
        id=claim_id,
        statement=statement if isinstance(statement, str) else "",
        expect=expect if expect in ("true", "false") else "true",
        source=source if isinstance(source, str) else "",
        domains=domains,
        problem=problem,
    )


def _mentions(statement: Any, name: str) -> bool:
    """Whether ``name`` occurs in the statement as a name (not inside a comment)."""
    if not isinstance(statement, str):
        return False
    try:
        return any(tok.type == tokenize.NAME and tok.string == name
                   for tok in tokenize.generate_tokens(io.StringIO(statement).readline))
    except (tokenize.TokenError, SyntaxError):  # unbalanced text: judge by the words in it
        return re.search(rf"\b{re.escape(name)}\b", statement.split("#")[0]) is not None


def _short(value: Any, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[:limit] + "..."
