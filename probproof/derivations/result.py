"""The catalog's data model: results, their statements and step-by-step derivations.

A :class:`Result` answers one or more questions of the seed problem sets. Its
:class:`Derivation` is a chain of expressions; each :class:`Step` says how it
follows from the one before (the relation and a justification). The checker
verifies every link of the chain with the claim engine, and the LaTeX renderer
prints the same chain: nothing is written twice.

Only SymPy is imported here. Numeric confirmations live in
``probproof.numeric`` and are attached to results by id (see
``probproof.checks.catalog``).
"""

from __future__ import annotations

import keyword
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import sympy as sp

RELATIONS = ("==", "<=", ">=", "<", ">")


@dataclass(frozen=True)
class Source:
    """Where a question comes from: the seed file name and the question's label
    as the seed numbers it (``"2.3"``, ``"Q6.1a"``, ``"1c"``)."""

    seed: str
    question: str


@dataclass(frozen=True)
class Statement:
    """A claim: ``lhs relation rhs`` over symbols with declared domains.

    ``text`` is the claim in words or in the claim-file language; the LaTeX
    form is rendered from ``lhs`` and ``rhs``.
    """

    lhs: sp.Basic
    rhs: sp.Basic
    relation: str = "=="
    text: str = ""

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"unknown relation {self.relation!r}")


@dataclass(frozen=True)
class Step:
    """One link of a derivation: ``previous relation expr``, because ``justification``."""

    expr: sp.Basic
    justification: str
    relation: str = "=="

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"unknown relation {self.relation!r}")


@dataclass(frozen=True)
class Derivation:
    """A chain ``start = e1 = e2 <= e3 ...``; every link is checked.

    The chain proves ``start R end`` where ``R`` is the composition of the
    links' relations (``==`` composes with anything; mixing ``<=`` and ``>=``
    is rejected).
    """

    start: sp.Basic
    steps: tuple[Step, ...]
    title: str = ""

    def links(self) -> Iterator[tuple[sp.Basic, Step]]:
        previous = self.start
        for step in self.steps:
            yield previous, step
            previous = step.expr

    @property
    def end(self) -> sp.Basic:
        return self.steps[-1].expr if self.steps else self.start

    @property
    def relation(self) -> str:
        return compose_relations([s.relation for s in self.steps])


def compose_relations(relations: Iterable[str]) -> str:
    """The relation of a chain from those of its links: ``==`` composes with
    anything, ``<`` wins over ``<=``; mixing directions raises ``ValueError``."""
    rels = set(relations) - {"=="}
    if not rels:
        return "=="
    if rels <= {"<=", "<"}:
        return "<" if "<" in rels else "<="
    if rels <= {">=", ">"}:
        return ">" if ">" in rels else ">="
    raise ValueError(f"a chain mixing {sorted(rels)} proves nothing")


@dataclass(frozen=True)
class Result:
    """One entry of the catalog.

    Attributes
    ----------
    id : str
        Stable dotted id by topic, e.g. ``"kl.gaussian.standard"``.
    title : str
        A short title.
    sources : tuple of Source
        The seed questions this result answers.
    statement : Statement
        What is claimed.
    derivations : tuple of Derivation
        Step-by-step derivations; every link is checked.
    answer : str
        The final answer in words and LaTeX (``$...$``), with any
        interpretation the question asks for.
    domains : mapping
        Symbol name -> domain (``"real"``, ``"positive"``, ...), as in claim files.
    facts : tuple of Statement
        Further claims the answer relies on (each checked), e.g. "the determinant
        is not identically 1".
    notes : tuple of str
        Remarks for the reader (slips in the seed text, conventions).
    """

    id: str
    title: str
    sources: tuple[Source, ...]
    statement: Statement
    derivations: tuple[Derivation, ...] = ()
    answer: str = ""
    domains: Mapping[str, str] = field(default_factory=dict)
    facts: tuple[Statement, ...] = ()
    notes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in ("sources", "derivations", "facts", "notes"):
            if not isinstance(getattr(self, name), tuple):
                # notes=(NOTE) is a string, not a tuple: it would print one letter per note.
                raise TypeError(f"{self.id}: {name} must be a tuple")


#: id -> Result, filled by :func:`register` when the topic modules are imported.
RESULTS: dict[str, Result] = {}
#: id -> (file, line) of the function that builds the result, the file relative to the
#: folder that holds the ``probproof`` package (``probproof/derivations/kl.py``).
DEFINED_AT: dict[str, tuple[str, int]] = {}

_ROOT = Path(__file__).resolve().parents[2]


def package_path(filename: str) -> str:
    """``filename`` relative to the folder holding the ``probproof`` package, in the
    form a reader types (``probproof/derivations/kl.py``); absolute if outside it."""
    path = Path(filename).resolve()
    try:
        return path.relative_to(_ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def topic(result_id: str) -> str:
    """The module name of a result id's topic: its first component, with PEP 8's
    trailing underscore where that is a Python keyword (``is.grad_a`` -> ``is_``).
    The result lives in ``probproof/derivations/<topic>.py`` and its numeric
    confirmations in ``probproof/numeric/confirm/<topic>.py``."""
    first = result_id.split(".", 1)[0]
    return first + "_" if keyword.iskeyword(first) else first


def register(factory: Callable[[], Result]) -> Callable[[], Result]:
    """Decorator: build the result once and add it to :data:`RESULTS` (ids are unique)."""
    result = factory()
    if result.id in RESULTS:
        raise ValueError(f"duplicate result id {result.id!r}")
    RESULTS[result.id] = result
    code = factory.__code__
    DEFINED_AT[result.id] = (package_path(code.co_filename), code.co_firstlineno)
    return factory
