"""Claim files: TOML in, claims and derivations out.

A file that cannot be read or is not TOML raises :class:`ClaimFileError`
(nothing can be checked). Problems of one claim or derivation (missing
statement, unknown domain, duplicate id, a step without ``to``, ...) are
attached to that entry as ``problem`` so that the others are still checked and
reported.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from probproof.checks.domains import Domain, DomainError, parse_domain
from probproof.derivations.result import compose_relations

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_CLAIMS = 10_000
MAX_ID = 200  #: characters of a claim id
_ID = re.compile(r"[A-Za-z0-9._-]+\Z")
_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]*\Z")
_CLAIM_KEYS = {"id", "statement", "expect", "source", "symbols"}
_DERIVATION_KEYS = {"id", "start", "steps", "expect", "source", "symbols"}
_STEP_KEYS = {"to", "relation", "because"}
RELATIONS = ("==", "<=", ">=", "<", ">")
#: Characters of one expression of a derivation (the parser bounds the statement again).
MAX_EXPRESSION = 10_000
MAX_STEPS = 200


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
    line: int | None = None  #: line of the entry's ``[[claim]]`` header, when known


@dataclass(frozen=True)
class StepSpec:
    """One step of a derivation: ``previous relation to``, because ``because``."""

    to: str
    relation: str = "=="
    because: str = ""


@dataclass
class DerivationSpec:
    """One ``[[derivation]]`` of a file (or of :func:`probproof.check_derivation`),
    before its expressions are parsed.

    ``problem`` is set (and the derivation's verdict will be ``error``) when the
    entry itself is malformed; it names the step at fault.
    """

    id: str
    start: str
    steps: list[StepSpec]
    expect: str = "true"
    source: str = ""
    domains: dict[str, Domain] = field(default_factory=dict)
    problem: str | None = None
    line: int | None = None

    def links(self) -> list[tuple[str, StepSpec]]:
        """``(from, step)`` for each link of the chain."""
        froms = [self.start] + [s.to for s in self.steps[:-1]]
        return list(zip(froms, self.steps, strict=True))

    @property
    def relation(self) -> str:
        """The relation the chain proves between its start and its end."""
        return compose_relations([s.relation for s in self.steps])


@dataclass
class ClaimDocument:
    """A parsed claim file: its claims and its derivations, in file order."""

    claims: list[ClaimSpec]
    derivations: list[DerivationSpec]
    #: Problems of the file that belong to no entry (a ``[symbols]`` domain that does not
    #: parse, for a name no claim uses): said once, on stderr, by ``probproof check``.
    notes: list[str] = field(default_factory=list)


def load_claim_file(path: str | Path) -> list[ClaimSpec]:
    """The claims of a claim file (see :func:`load_claim_document`)."""
    return load_claim_document(path).claims


def load_claim_document(path: str | Path) -> ClaimDocument:
    """Read a claim file: its claims and its derivations.

    Raises
    ------
    ClaimFileError
        When the file is unreadable, too large, not UTF-8 or not TOML, or has
        neither ``[[claim]]`` nor ``[[derivation]]`` entries.
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
    return parse_claim_document(text, name=str(p))


def parse_claim_text(text: str, name: str = "<claims>") -> list[ClaimSpec]:
    """The claims of the TOML text of a claim file (see :func:`load_claim_document`)."""
    return parse_claim_document(text, name).claims


def parse_claim_document(text: str, name: str = "<claims>") -> ClaimDocument:
    """Parse the TOML text of a claim file (see :func:`load_claim_document`)."""
    # A byte-order mark is how some editors start a UTF-8 file; TOML does not allow it.
    text = text.removeprefix("\ufeff")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ClaimFileError(f"{name}: not valid TOML: {exc}") from None
    except RecursionError:
        raise ClaimFileError(f"{name}: not valid TOML: nested too deeply") from None
    unknown = set(data) - {"symbols", "claim", "derivation"}
    if unknown:
        raise ClaimFileError(f"{name}: unknown top-level key(s): {', '.join(sorted(unknown))} "
                             "(expected [symbols], [[claim]] and [[derivation]])")
    claims = data.get("claim", [])
    derivations = data.get("derivation", [])
    if not isinstance(claims, list) or not isinstance(derivations, list) or not (
            claims or derivations):
        raise ClaimFileError(f"{name}: no [[claim]] or [[derivation]] entries")
    if len(claims) + len(derivations) > MAX_CLAIMS:
        raise ClaimFileError(f"{name}: more than {MAX_CLAIMS} claims and derivations")
    shared = data.get("symbols", {})
    if not isinstance(shared, dict):
        raise ClaimFileError(f"{name}: [symbols] must be a table of name = \"domain\"")
    shared_domains, shared_problems = symbol_table(shared)
    claim_lines = _header_lines(text, "claim")
    derivation_lines = _header_lines(text, "derivation")
    claim_at = claim_lines if len(claim_lines) == len(claims) else [None] * len(claims)
    derivation_at = (derivation_lines if len(derivation_lines) == len(derivations)
                     else [None] * len(derivations))
    # In file order, so that of two entries with one id the later one is the error
    # (claims first where a header's line is unknown: an inline array of tables).
    order = sorted([("claim", i, line) for i, line in enumerate(claim_at, start=1)]
                   + [("derivation", i, line) for i, line in enumerate(derivation_at, start=1)],
                   key=lambda e: (e[2] is None, e[2] or 0, e[0] != "claim", e[1]))
    seen: dict[str, int | None] = {}
    claim_specs: dict[int, ClaimSpec] = {}
    chain_specs: dict[int, DerivationSpec] = {}
    for kind, i, line in order:
        if kind == "claim":
            spec = _claim(claims[i - 1], i, shared_domains, shared_problems, seen, line)
            spec.line = line
            claim_specs[i] = spec
        else:
            chain = _derivation(derivations[i - 1], i, shared_domains, shared_problems, seen,
                                line)
            chain.line = line
            chain_specs[i] = chain
    out = [claim_specs[i] for i in range(1, len(claims) + 1)]
    chains = [chain_specs[i] for i in range(1, len(derivations) + 1)]
    # every link is a check of its own: bound them with the claims
    if len(out) + sum(len(c.steps) for c in chains) > MAX_CLAIMS:
        raise ClaimFileError(f"{name}: more than {MAX_CLAIMS} claims and derivation steps")
    # a bad [symbols] entry that no claim or derivation mentions is not an entry's error,
    # but it is a typo the user wants to hear of (sigma = "postive")
    used = " ".join(spec.problem or "" for spec in [*out, *chains])
    notes = [f"[symbols] {msg} (no claim or derivation uses it)"
             for msg in shared_problems.values() if msg not in used]
    return ClaimDocument(out, chains, notes)


def _header_lines(text: str, table: str) -> list[int]:
    """1-based line of each ``[[table]]`` header, in order (TOML keeps the order
    of an array of tables, so the i-th header is the i-th entry)."""
    header = re.compile(rf"^[ \t]*\[\[[ \t]*{table}[ \t]*\]\]")
    return [n for n, line in enumerate(text.splitlines(), start=1) if header.match(line)]


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
           seen: dict[str, int | None], line: int | None = None) -> ClaimSpec:
    label = f"claim #{index}"
    if not isinstance(entry, dict):
        return ClaimSpec(label, "", problem="a [[claim]] entry must be a table")
    claim_id, problem = _entry_id(entry, label, seen, line)
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
    domains, symbol_problem = _entry_domains(entry, shared, shared_problems,
                                             [statement] if isinstance(statement, str) else [])
    problem = problem or symbol_problem
    return ClaimSpec(
        id=claim_id,
        statement=statement if isinstance(statement, str) else "",
        expect=expect if expect in ("true", "false") else "true",
        source=source if isinstance(source, str) else "",
        domains=domains,
        problem=problem,
    )


def _entry_domains(entry: Mapping[str, Any], shared: dict[str, Domain],
                   shared_problems: dict[str, str], texts: list[str],
                   ) -> tuple[dict[str, Domain], str | None]:
    """The file's symbols with the entry's own ``symbols`` added, and the first
    problem among those the entry uses."""
    domains = dict(shared)
    own = entry.get("symbols", {})
    if not isinstance(own, dict):
        return domains, "symbols must be a table of name = \"domain\""
    own_domains, own_problems = symbol_table(own)
    domains.update(own_domains)
    for key, msg in {**shared_problems, **own_problems}.items():
        if key in own_problems or key not in own_domains:
            domains.pop(key, None)
            # A bad shared symbol only matters to entries that mention it.
            if key in own_problems or any(_mentions(t, key) for t in texts):
                return domains, msg
    return domains, None


def _entry_id(entry: Mapping[str, Any], label: str, seen: dict[str, int | None],
              line: int | None = None) -> tuple[str, str | None]:
    raw_id = entry.get("id")
    if raw_id is None:
        return label, "missing id"
    if not isinstance(raw_id, str):
        return label, f"id must be a string, not {type(raw_id).__name__}"
    if len(raw_id) > MAX_ID:
        return label, f"id too long ({len(raw_id)} characters; at most {MAX_ID})"
    if not _ID.match(raw_id):
        return label, "id must match [A-Za-z0-9._-]+ (letters, digits, . _ -)"
    if raw_id in seen:
        first = seen[raw_id]
        return raw_id, f"duplicate id {raw_id!r}" + (f" (first used at line {first})"
                                                     if first is not None else "")
    seen[raw_id] = line
    return raw_id, None


def expression_problem(text: Any) -> str | None:
    """Why ``text`` cannot be one expression of a chain, or ``None``.

    Only the shape is checked here (a string, Python syntax, not itself a
    comparison): each link is then parsed by the claim parser as
    ``(from) relation (to)``, and an expression that is not whole on its own
    (``"x) + (y"``) must not become one by that pasting.
    """
    if not isinstance(text, str):
        return "must be a string"
    if not text.strip():
        return "is empty"
    if len(text) > MAX_EXPRESSION:
        return f"is too long ({len(text)} characters; at most {MAX_EXPRESSION})"
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        return f"is not a valid expression: {exc.msg} (column {exc.offset})"
    except (RecursionError, MemoryError, ValueError):
        return "is nested too deeply or too large"
    if isinstance(tree.body, ast.Compare):
        return "holds a relation; write the relation as the step's `relation`"
    return None


def _step(raw: Any, k: int) -> tuple[StepSpec | None, str | None]:
    where = f"step {k}"
    if not isinstance(raw, dict):
        return None, f"{where}: a step must be a table {{ to = ..., because = ... }}"
    extra = set(raw) - _STEP_KEYS
    if extra:
        return None, f"{where}: unknown key(s): {', '.join(sorted(extra))}"
    if "to" not in raw:
        return None, f"{where}: missing `to`"
    bad = expression_problem(raw["to"])
    if bad:
        return None, f"{where}: `to` {bad}"
    relation = raw.get("relation", "==")
    if relation not in RELATIONS:
        return None, f"{where}: relation must be one of {', '.join(RELATIONS)}, got {relation!r}"
    because = raw.get("because", "")
    if not isinstance(because, str):
        return None, f"{where}: because must be a string"
    return StepSpec(raw["to"], relation, because), None


def derivation_problem(start: Any, raw_steps: Any) -> tuple[list[StepSpec], str | None]:
    """The steps of a chain and the first problem of its shape (naming the step)."""
    if start is None:
        return [], "missing start"
    bad = expression_problem(start)
    if bad:
        return [], f"start {bad}"
    if not isinstance(raw_steps, list) or not raw_steps:
        return [], "steps must be a non-empty list of { to = ..., because = ... }"
    if len(raw_steps) > MAX_STEPS:
        return [], f"more than {MAX_STEPS} steps"
    steps = []
    for k, raw in enumerate(raw_steps, start=1):
        step, problem = _step(raw, k)
        if problem:
            return steps, problem
        steps.append(step)  # type: ignore[arg-type]
    try:
        compose_relations([s.relation for s in steps])
    except ValueError as exc:
        # the first step that turns against the chain's first inequality
        direction = next(s.relation[0] for s in steps if s.relation != "==")
        k = next(k for k, s in enumerate(steps, start=1)
                 if s.relation != "==" and s.relation[0] != direction)
        return steps, f"step {k}: {exc}"
    return steps, None


def _derivation(entry: Any, index: int, shared: dict[str, Domain],
                shared_problems: dict[str, str], seen: dict[str, int | None],
                line: int | None = None) -> DerivationSpec:
    label = f"derivation #{index}"
    if not isinstance(entry, dict):
        return DerivationSpec(label, "", [], problem="a [[derivation]] entry must be a table")
    chain_id, problem = _entry_id(entry, label, seen, line)
    extra = set(entry) - _DERIVATION_KEYS
    if problem is None and extra:
        problem = f"unknown key(s): {', '.join(sorted(extra))}"
    start = entry.get("start")
    steps, shape = derivation_problem(start, entry.get("steps"))
    problem = problem or shape
    expect = entry.get("expect", "true")
    if isinstance(expect, bool):
        expect = "true" if expect else "false"
    if problem is None and expect not in ("true", "false"):
        problem = f"expect must be \"true\" or \"false\", got {expect!r}"
    source = entry.get("source", "")
    if problem is None and not isinstance(source, str):
        problem = "source must be a string"
    texts = [t for t in [start, *(s.to for s in steps)] if isinstance(t, str)]
    domains, symbol_problem = _entry_domains(entry, shared, shared_problems, texts)
    return DerivationSpec(
        id=chain_id,
        start=start if isinstance(start, str) else "",
        steps=steps,
        expect=expect if expect in ("true", "false") else "true",
        source=source if isinstance(source, str) else "",
        domains=domains,
        problem=problem or symbol_problem,
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
