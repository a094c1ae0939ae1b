r"""Inline ``$...$`` LaTeX of the catalog's prose (justifications, answers, notes)
as MathML, for the HTML report.

The prose uses a small subset of LaTeX (Greek letters, sub- and superscripts,
``\frac``, ``\mathbb``, ``\bar``, operators and relations); it is translated
by a recursive-descent reader so that the page needs no script. Anything
outside the subset is shown as its command name in an ``<mtext>``, never
dropped.
"""

from __future__ import annotations

import html
import re

_GREEK = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "varepsilon",
    "zeta",
    "eta",
    "theta",
    "vartheta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "pi",
    "rho",
    "sigma",
    "tau",
    "upsilon",
    "phi",
    "varphi",
    "chi",
    "psi",
    "omega",
    "Gamma",
    "Delta",
    "Theta",
    "Lambda",
    "Xi",
    "Pi",
    "Sigma",
    "Phi",
    "Psi",
    "Omega",
]
_GREEK_CHARS = dict(zip(_GREEK, "αβγδϵεζηθϑικλμνξπρστυϕφχψωΓΔΘΛΞΠΣΦΨΩ", strict=True))
_OPERATORS = {
    "le": "≤",
    "leq": "≤",
    "ge": "≥",
    "geq": "≥",
    "ne": "≠",
    "neq": "≠",
    "approx": "≈",
    "equiv": "≡",
    "sim": "∼",
    "to": "→",
    "times": "×",
    "cdot": "·",
    "pm": "±",
    "mid": "∣",
    "|": "∥",
    "in": "∈",
    "infty": "∞",
    "partial": "∂",
    "nabla": "∇",
    "sum": "∑",
    "prod": "∏",
    "int": "∫",
    "lvert": "|",
    "rvert": "|",
    "langle": "⟨",
    "rangle": "⟩",
    "ll": "≪",
    "gg": "≫",
    "{": "{",
    "}": "}",
    "ldots": "…",
    "dots": "…",
    "cdots": "⋯",
    "propto": "∝",
    "top": "⊤",
}
_FUNCTIONS = {"log", "exp", "det", "max", "min", "sup", "inf", "arg", "diag", "tr", "lim"}
_SPACES = {",", ";", "!", ":", "quad", "qquad", " "}
_FONTS = {
    "mathbb": {"E": "𝔼", "R": "ℝ", "N": "ℕ", "Z": "ℤ"},
    "mathcal": {"N": "𝒩", "L": "ℒ", "U": "𝒰", "X": "𝒳", "Z": "𝒵"},
}
_TOKEN = re.compile(r"\\([A-Za-z]+|.)|([A-Za-z])|(\d+(?:\.\d+)?)|(\s+)|(.)", re.S)


class _Reader:
    def __init__(self, text: str) -> None:
        self.tokens = [m for m in _TOKEN.finditer(text) if not m.group(4)]
        self.i = 0

    def peek(self) -> re.Match | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> re.Match:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def row(self, stop: str | None = None, cell: bool = False) -> str:
        parts = []
        ends = {"&", "\\\\", "\\end"} if cell else set()
        while (tok := self.peek()) is not None and tok.group(0) != stop:
            if tok.group(0) in ends:
                return "".join(parts)
            parts.append(self.scripted())
        if stop is not None and self.peek() is not None:
            self.take()
        return "".join(parts)

    def group(self) -> str:
        """One argument: ``{...}`` or a single token."""
        tok = self.peek()
        if tok is None:
            return "<mrow></mrow>"
        if tok.group(0) == "{":
            self.take()
            return f"<mrow>{self.row('}')}</mrow>"
        return self.atom()

    def scripted(self) -> str:
        base = self.atom()
        sub = sup = None
        while (tok := self.peek()) is not None and tok.group(0) in ("_", "^"):
            self.take()
            if tok.group(0) == "_":
                sub = self.group()
            else:
                sup = self.group()
        if sub and sup:
            return f"<msubsup>{base}{sub}{sup}</msubsup>"
        if sub:
            return f"<msub>{base}{sub}</msub>"
        if sup:
            return f"<msup>{base}{sup}</msup>"
        return base

    def atom(self) -> str:
        tok = self.take()
        cmd, letter, number, _, other = tok.groups()
        if letter:
            return f"<mi>{letter}</mi>"
        if number:
            return f"<mn>{number}</mn>"
        if other == "{":
            return f"<mrow>{self.row('}')}</mrow>"
        if other is not None:
            return f"<mo>{html.escape(other)}</mo>"
        return self.command(cmd)

    def command(self, cmd: str) -> str:
        if cmd in _GREEK_CHARS:
            return f"<mi>{_GREEK_CHARS[cmd]}</mi>"
        if cmd in _OPERATORS:
            return f"<mo>{html.escape(_OPERATORS[cmd])}</mo>"
        if cmd in _FUNCTIONS:
            return f'<mi mathvariant="normal">{cmd}</mi><mo>&#x2061;</mo>'
        if cmd in _SPACES:
            return '<mspace width="0.2em"/>'
        if cmd == "begin":  # matrix environments: rows split by \\, cells by &
            self.group()
            rows, cells = [], []
            while (tok := self.peek()) is not None:
                cells.append(f"<mtd>{self.row(cell=True)}</mtd>")
                tok = self.take() if self.peek() is not None else None
                if tok is None or tok.group(0) != "&":
                    rows.append(f"<mtr>{''.join(cells)}</mtr>")
                    cells = []
                if tok is None or tok.group(0) == "\\end":
                    self.group()
                    break
            return f"<mrow><mo>(</mo><mtable>{''.join(rows)}</mtable><mo>)</mo></mrow>"
        if cmd in ("frac", "dfrac", "tfrac"):
            return f"<mfrac>{self.group()}{self.group()}</mfrac>"
        if cmd in _FONTS:
            arg = self.group()
            letter = re.sub(r"<[^>]+>", "", arg)
            return f"<mi>{_FONTS[cmd].get(letter, letter)}</mi>"
        if cmd in ("mathrm", "operatorname", "text", "mathit"):
            arg = re.sub(r"<[^>]+>", "", self.group())
            return f'<mi mathvariant="normal">{arg}</mi>'
        if cmd in ("bar", "hat", "tilde", "overline"):
            accent = {"bar": "¯", "overline": "¯", "hat": "^", "tilde": "~"}[cmd]
            return f'<mover accent="true">{self.group()}<mo>{accent}</mo></mover>'
        if cmd in ("left", "right", "big", "Big", "bigl", "bigr", "Bigl", "Bigr", "middle"):
            return ""  # sizes are the renderer's business; the delimiter follows
        return f"<mtext>{html.escape(cmd)}</mtext>"


def inline_math(tex: str) -> str:
    """A ``<math>`` element for one inline LaTeX formula (without the dollars)."""
    return (
        f'<math xmlns="http://www.w3.org/1998/Math/MathML"><mrow>{_Reader(tex).row()}</mrow></math>'
    )


_TEXT_COMMANDS = {"texttt": "code", "emph": "em", "textbf": "strong", "textit": "em"}


def _text_markup(escaped: str) -> str:
    r"""``\texttt{x}`` and friends in running text as HTML elements."""
    return re.sub(r"\\(texttt|emph|textbf|textit)\{([^{}]*)\}",
                  lambda m: f"<{_TEXT_COMMANDS[m[1]]}>{m[2]}</{_TEXT_COMMANDS[m[1]]}>", escaped)


def prose_html(text: str) -> str:
    """Escape prose for HTML and turn its ``$...$`` parts into MathML."""
    parts = text.split("$")
    if len(parts) % 2 == 0:  # an unmatched dollar: show the text as it is
        return html.escape(text)
    return "".join(inline_math(p) if i % 2 else _text_markup(html.escape(p))
                   for i, p in enumerate(parts))
