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
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import sympy as sp
from sympy.core.function import AppliedUndef, UndefinedFunction
from sympy.core.symbol import Str

# The same assumption query takes the same path on every run (and a tenth less time).
from probproof.derivations import _sympy_evalf, _sympy_order, _sympy_zero  # noqa: F401

RELATIONS = ("==", "<=", ">=", "<", ">")


@dataclass(frozen=True)
class Source:
    """Where a question comes from: the seed file name and the question's label
    as the seed numbers it (``"2.3"``, ``"Q6.1a"``, ``"1c"``)."""

    seed: str
    question: str


#: What a reader sees of a result besides the expressions of its claims and steps: prose
#: (``str``) and SymPy objects, each printed by SymPy's printers (LaTeX, MathML, terminal).
#: Prose holds no formula; a formula is an object. An object that is a relation
#: (``sp.Eq``, ``sp.Le``, ..., built with ``evaluate=False``) is a claim, which ``verify``
#: checks like a fact; a :class:`Let` is a definition or an instance (``R = 10``), not a
#: claim. A bare ``str`` is the older form, prose with ``$...$`` LaTeX that nothing checks.
Text = str | tuple[str | sp.Basic, ...]


class Let(sp.Basic):
    """``lhs = rhs`` read as a definition, a substitution or an instance (``z = mu +
    sigma epsilon``, ``K = 10``): printed as an equation, never checked as a claim."""

    def __new__(cls, lhs: object, rhs: object) -> Let:
        return sp.Basic.__new__(cls, sp.sympify(lhs), sp.sympify(rhs))

    @property
    def lhs(self) -> sp.Basic:
        return self.args[0]

    @property
    def rhs(self) -> sp.Basic:
        return self.args[1]

    def _latex(self, printer) -> str:
        return f"{printer._print(self.lhs)} = {printer._print(self.rhs)}"

    def _sympystr(self, printer) -> str:
        return f"{printer._print(self.lhs)} = {printer._print(self.rhs)}"


class Recalled(Let):
    """A legend entry that an earlier result of the same section lists (``by``, its id):
    the formulas print its name as they do any entry's, but only ``by`` lists its
    definition, so that a handout states a definition that several results share once.
    The result's text says where it is defined (``as in question 1.4``)."""

    def __new__(cls, lhs: object, rhs: object, by: str | Str) -> Recalled:
        return sp.Basic.__new__(cls, sp.sympify(lhs), sp.sympify(rhs),
                                by if isinstance(by, Str) else Str(by))

    @property
    def by(self) -> str:
        return self.args[2].name


class Described(Let):
    """A legend entry that is not listed: its name says what it stands for in words the
    result gives (``R_rc``, what hidden pixel rc reads; ``z_01``, the first coordinate of
    the ``z_0`` the claim defines; ``Sigma``, the ``S S^T`` of the claim). The formulas
    print the name in place of its written-out definition, which the reader does not need."""


def recalled(by: str, entries: Iterable[Let]) -> tuple[Recalled, ...]:
    """``entries`` as :class:`Recalled` entries that result ``by`` lists."""
    return tuple(Recalled(e.lhs, e.rhs, by) for e in entries)


def described(entries: Iterable[Let]) -> tuple[Described, ...]:
    """``entries`` as :class:`Described` entries."""
    return tuple(Described(e.lhs, e.rhs) for e in entries)


class Expectation(AppliedUndef):
    """An expectation in the text's general notation, ``E_q[f]`` (see :func:`expectation`):
    printed with the blackboard E, as the vocabulary's ``Expect`` is, never evaluated."""


def expectation(under: str = "") -> UndefinedFunction:
    """The expectation operator under the law named ``under`` (``"q"``, ``"p_theta"``; none
    for an expectation whose law the context gives), as an undefined function of its
    integrand: ``expectation("q")(f)`` prints as ``E_q[f]``."""
    return UndefinedFunction(f"E_{under}" if under else "E", bases=(Expectation,))


class Divergence(AppliedUndef):
    """The Kullback-Leibler divergence of two laws named in the text, ``KL(q, p)`` (see
    :func:`divergence`): printed ``D_KL(q || p)`` as the vocabulary's ``KL`` of two
    distributions is, never evaluated."""


def divergence() -> UndefinedFunction:
    """The divergence of the text's general notation, as an undefined function of the two
    laws' names: ``divergence()(q, p)`` prints as ``D_KL(q || p)``."""
    return UndefinedFunction("KL", bases=(Divergence,))


class Dots(sp.Atom):
    """The ellipsis of a list of coordinates in the text, ``p(0, ..., 0)``: notation only."""

    is_commutative = True

    def _latex(self, printer) -> str:
        return r"\dots"

    def _sympystr(self, printer) -> str:
        return "..."


_REL_OPS = {sp.Eq: "==", sp.Le: "<=", sp.Ge: ">=", sp.Lt: "<", sp.Gt: ">"}
_REL_TEXT = {"==": "=", "<=": "<=", ">=": ">=", "<": "<", ">": ">"}


def relation_of(obj: sp.Basic) -> str | None:
    """The claim-file relation (``"=="``, ``"<="``, ...) of a relational object, else None."""
    return _REL_OPS.get(type(obj))


def text_parts(text: Text) -> tuple[str | sp.Basic, ...]:
    """The prose and objects of ``text`` (a bare string is one part)."""
    return (text,) if isinstance(text, str) else tuple(text)


#: A single letter standing alone in prose: the name of a variable (q, p, K, i), typeset as
#: one. Not the words a, A and I, nor B (the PixelCNN mask named beside mask A), nor a
#: letter inside a longer token (x-axis, i.e., f's).
_LONE_LETTER = re.compile(r"(?<![\w'\u2019\-./\\])([b-zC-HJ-Z])(?![\w'\u2019\-(]|\.\w)")


def prose_parts(text: Text) -> tuple[str | sp.Basic, ...]:
    """:func:`text_parts` with every lone letter of the prose as a symbol, for the
    printers: a variable named in a sentence is set as mathematics, like the formulas
    around it. An enumeration label, ``(b)``, stays prose."""
    if isinstance(text, str):
        return (text,)
    out: list[str | sp.Basic] = []
    for part in text:
        if not isinstance(part, str):
            out.append(part)
            continue
        at = 0
        for m in _LONE_LETTER.finditer(part):
            if part[m.start() - 1:m.start()] == "(" and part[m.end():m.end() + 1] == ")":
                continue
            out += [part[at:m.start()], sp.Symbol(m.group(1))]
            at = m.end()
        out.append(part[at:])
    return tuple(p for p in out if not (isinstance(p, str) and p == ""))


def plain(text: Text) -> str:
    """``text`` as one line of plain text (terminal, JSON): objects in SymPy's notation,
    a relation as ``lhs = rhs``."""
    out = []
    for part in text_parts(text):
        if isinstance(part, str):
            out.append(part)
        elif (op := relation_of(part)) is not None:
            out.append(f"{sp.sstr(part.lhs)} {_REL_TEXT[op]} {sp.sstr(part.rhs)}")
        else:
            out.append(sp.sstr(part))
    return "".join(out)


@dataclass(frozen=True)
class Statement:
    """A claim: ``lhs relation rhs`` over symbols with declared domains.

    ``text`` is the claim in words or in the claim-file language; the LaTeX
    form is rendered from ``lhs`` and ``rhs``.
    """

    lhs: sp.Basic
    rhs: sp.Basic
    relation: str = "=="
    text: Text = ""

    def __post_init__(self) -> None:
        if self.relation not in RELATIONS:
            raise ValueError(f"unknown relation {self.relation!r}")


@dataclass(frozen=True)
class Step:
    """One link of a derivation: ``previous relation expr``, because ``justification``."""

    expr: sp.Basic
    justification: Text
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
    title: Text = ""

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
    title : Text
        A short title (prose and objects: it is typeset as mathematics).
    sources : tuple of Source
        The seed questions this result answers.
    statement : Statement
        What is claimed.
    derivations : tuple of Derivation
        Step-by-step derivations; every link is checked.
    answer : Text
        The final answer, with any interpretation the question asks for: prose and
        SymPy objects (see :data:`Text`).
    domains : mapping
        Symbol name -> domain (``"real"``, ``"positive"``, ...), as in claim files.
    facts : tuple of Statement
        Further claims the answer relies on (each checked), e.g. "the determinant
        is not identically 1".
    notes : tuple of Text
        Remarks for the reader (slips in the seed text, conventions).
    legend : tuple of Let
        Names for the sub-expressions that the result's formulas repeat (``Z = w_0 + w_1
        + w_2``; ``E(x_1, x_2) = ...``, whose symbols stand for any arguments): printed
        once, and in place of those sub-expressions wherever they are printed. Only the
        printing changes; the objects checked are the same.
    """

    id: str
    title: Text
    sources: tuple[Source, ...]
    statement: Statement
    derivations: tuple[Derivation, ...] = ()
    answer: Text = ""
    domains: Mapping[str, str] = field(default_factory=dict)
    facts: tuple[Statement, ...] = ()
    notes: tuple[Text, ...] = ()
    legend: tuple[Let, ...] = ()

    def __post_init__(self) -> None:
        for name in ("sources", "derivations", "facts", "notes", "legend"):
            if not isinstance(getattr(self, name), tuple):
                # notes=(NOTE) is a string, not a tuple: it would print one letter per note.
                raise TypeError(f"{self.id}: {name} must be a tuple")

    def texts(self) -> Iterator[tuple[str, Text]]:
        """Every piece of :data:`Text` a reader sees, with where it is (for messages)."""
        yield "title", self.title
        yield "statement", self.statement.text
        for i, d in enumerate(self.derivations, start=1):
            yield f"derivation {i} title", d.title
            for k, step in enumerate(d.steps, start=1):
                yield f"derivation {i}, step {k}", step.justification
        for k, f in enumerate(self.facts, start=1):
            yield f"fact {k}", f.text
        yield "answer", self.answer
        for k, n in enumerate(self.notes, start=1):
            yield f"note {k}", n

    def text_claims(self) -> list[tuple[str, sp.Basic]]:
        """The relations written in the result's text, each a claim that ``verify`` checks."""
        return [(where, part) for where, text in self.texts() for part in text_parts(text)
                if not isinstance(part, str) and relation_of(part) is not None]


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
