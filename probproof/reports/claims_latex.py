r"""LaTeX of a claim file (``probproof latex FILE.toml``): each claim displayed,
each derivation as an aligned chain with its justifications, rendered from the
same parsed objects that ``probproof check`` checks (each link parsed as the
claim it is checked as)."""

from __future__ import annotations

from dataclasses import replace

from probproof.checks.chains import parsed_chain
from probproof.checks.claimfile import ClaimDocument, ClaimSpec, DerivationSpec
from probproof.checks.parser import ClaimSyntaxError, parse_statement
from probproof.reports.latex import FIT_MACRO, PREAMBLE, claim_tex, derivation_tex, escape_text
from probproof.reports.latex_checks import escape_all


def _heading(kind: str, entry: ClaimSpec | DerivationSpec) -> str:
    source = f" ({escape_all(entry.source)})" if entry.source else ""
    expect = "" if entry.expect == "true" else r" \emph{expected false}"
    return f"\\paragraph{{{kind} \\texttt{{{escape_all(entry.id)}}}}}{source}{expect}\n"


#: A claim file's prose may hold anything: no TeX command of it may run.
_PROSE = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\textdollar{}"}


def prose(text: str) -> str:
    """User text for :func:`~probproof.reports.latex.escape_text`: backslashes,
    braces and dollars made literal first, so the text is only ever text."""
    return "".join(_PROSE.get(c, c) for c in text)


def _unparsed(text: str) -> str:
    # what cannot be parsed is shown as typed, never as math
    return f"\\begin{{verbatim}}\n{text.replace('end{verbatim}', 'end {verbatim}')}\n" \
           "\\end{verbatim}\n"


def claim_snippet(spec: ClaimSpec) -> str:
    """One claim: its heading and the displayed relation."""
    try:
        if spec.problem is not None:
            raise ClaimSyntaxError(spec.problem)
        rel = parse_statement(spec.statement, spec.domains)
    except (ClaimSyntaxError, ValueError, TypeError):
        return _heading("Claim", spec) + _unparsed(spec.statement)
    return _heading("Claim", spec) + claim_tex(rel.lhs, rel.relation, rel.rhs)


def derivation_snippet(spec: DerivationSpec) -> str:
    """One derivation: its heading and the aligned chain with its justifications."""
    chain = parsed_chain(spec)
    if chain is None:
        lines = [spec.start] + [f"{s.relation} {s.to}    # {s.because}" for s in spec.steps]
        return _heading("Derivation", spec) + _unparsed("\n".join(lines))
    chain = replace(chain, steps=tuple(replace(s, justification=prose(s.justification))
                                       for s in chain.steps))
    return _heading("Derivation", spec) + derivation_tex(chain)


def claim_file_tex(document: ClaimDocument, *, title: str = "",
                   standalone: bool = False) -> str:
    """The claims, then the derivations of a file; a compilable document with
    ``standalone`` (needs amsmath and adjustbox, as the answer key does)."""
    body = [FIT_MACRO + "\n"]
    if title:
        body.append(f"\\section*{{{escape_text(prose(title))}}}\n")
    body += [claim_snippet(c) for c in document.claims]
    body += [derivation_snippet(d) for d in document.derivations]
    if not standalone:
        return "".join(body)
    preamble = PREAMBLE.replace("answer key", "claims").replace(
        "generated from the verified catalog", "generated from a claim file").replace(
        "\\tableofcontents\n", "")
    return preamble + "".join(body) + "\\end{document}\n"
