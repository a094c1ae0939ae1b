"""The catalog's prose (LaTeX inline math) as plain Unicode text for a terminal.

The catalog writes its titles, justifications, answers and notes for the
answer key, in LaTeX. ``probproof show`` prints them on a terminal, where
``$\\mathbb{E}(z-\\mu)^2$`` should read ``E(z-μ)^2``. The conversion keeps the
structure a reader needs: a fraction becomes ``a/b`` with parentheses around a
compound numerator or denominator, a sub- or superscript of several characters
keeps its braces (``Σ_{k=1}^K``), and a macro it does not know is written
without its backslash rather than dropped.
"""

from __future__ import annotations

import re

_GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ",
    "lambda": "λ", "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ",
    "tau": "τ", "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ",
    "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
    "Pi": "Π", "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
}
_SYMBOLS = {
    "|": "‖", "mid": "|", "lvert": "|", "rvert": "|", "vert": "|", "ge": "≥", "geq": "≥",
    "le": "≤", "leq": "≤", "ne": "≠", "neq": "≠", "approx": "≈", "sim": "~", "in": "∈",
    "to": "→", "mapsto": "↦", "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "Σ",
    "prod": "∏", "int": "∫", "cdot": "·", "times": "×", "odot": "⊙", "oslash": "⊘",
    "equiv": "≡", "dots": "…", "ldots": "…", "cdots": "…", "propto": "∝", "ll": "≪",
    "gg": "≫", "pm": "±", "circ": "∘", "{": "{", "}": "}", "_": "_", "%": "%", "&": "&",
    "#": "#", ",": " ", ";": " ", ":": " ", " ": " ", "quad": "  ", "qquad": "  ", "!": "",
    "\\": "; ",
}
#: Sizing and spacing macros that print nothing.
_SILENT = {"big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr",
           "left", "right", "displaystyle", "textstyle", "limits", "nolimits"}
#: Macros whose one argument is printed as it is (fonts, words).
_PLAIN_ARGUMENT = {"text", "texttt", "textrm", "textbf", "textit", "emph", "mathrm", "mathit",
                   "mathbf", "mathsf", "mathtt", "boldsymbol", "bm", "operatorname",
                   "operatorname*", "mathbb", "mathcal", "mathscr", "mathfrak"}
_ACCENTS = {"bar": "\u0304", "overline": "\u0304", "hat": "\u0302", "widehat": "\u0302",
            "tilde": "\u0303", "widetilde": "\u0303", "dot": "\u0307", "ddot": "\u0308",
            "vec": "\u20d7"}
_ACCENT_WORDS = {"bar": "bar", "overline": "bar", "hat": "hat", "widehat": "hat", "tilde": "tilde",
                 "widetilde": "tilde", "dot": "dot", "ddot": "ddot", "vec": "vec"}
_FRACTIONS = {"frac", "tfrac", "dfrac", "cfrac"}

_MACRO = re.compile(r"\\([A-Za-z]+\*?|.)")


class _Reader:
    """A cursor over LaTeX source that reads tokens and arguments."""

    def __init__(self, src: str) -> None:
        self.src = src
        self.pos = 0

    def skip_spaces(self) -> None:
        while self.pos < len(self.src) and self.src[self.pos] == " ":
            self.pos += 1

    def argument(self) -> str:
        """The next argument, converted: a braced group, a macro or one character."""
        self.skip_spaces()
        if self.pos >= len(self.src):
            return ""
        if self.src[self.pos] == "{":
            end = _matching_brace(self.src, self.pos)
            inner = self.src[self.pos + 1:end]
            self.pos = end + 1
            return convert(inner)
        m = _MACRO.match(self.src, self.pos)
        if m:
            self.pos = m.end()
            return self.macro(m.group(1))
        self.pos += 1
        return self.src[self.pos - 1]

    def environment_name(self) -> str:
        m = re.match(r"\{([^}]*)\}", self.src[self.pos:])
        if not m:
            return ""
        self.pos += m.end()
        return m.group(1)

    def macro(self, name: str) -> str:
        if name in _GREEK:
            return _GREEK[name]
        if name in _SYMBOLS:
            return _SYMBOLS[name]
        if name in _SILENT:
            return ""
        if name in _PLAIN_ARGUMENT:
            return self.argument()
        if name in _ACCENTS:
            arg = self.argument()
            return arg + _ACCENTS[name] if len(arg) == 1 else f"{_ACCENT_WORDS[name]}({arg})"
        if name in _FRACTIONS:
            num, den = self.argument(), self.argument()
            return f"{_grouped(num)}/{_grouped(den)}"
        if name == "sqrt":
            return f"√{_grouped(self.argument())}"
        if name == "binom":
            n, k = self.argument(), self.argument()
            return f"C({n}, {k})"
        if name == "begin":
            env = self.environment_name()
            return "(" if env.endswith("matrix") else ""
        if name == "end":
            env = self.environment_name()
            return ")" if env.endswith("matrix") else ""
        # \log, \exp, \det, \sup, ... and anything unknown: the name itself.
        return name


def _matching_brace(src: str, start: int) -> int:
    depth = 0
    for i in range(start, len(src)):
        if src[i] == "\\":
            continue
        if src[i] == "{" and (i == 0 or src[i - 1] != "\\"):
            depth += 1
        elif src[i] == "}" and src[i - 1] != "\\":
            depth -= 1
            if depth == 0:
                return i
    return len(src) - 1


#: An operand that needs no parentheses: a number, or one name (letters with
#: accents, optionally after ∂ or ∇) with scripts and a call: ``2.5``, ``x̄_{ik}``,
#: ``f_1(x)``, ``∂β``. ``2σ`` or ``a+b`` are not.
_ATOM = re.compile(r"\d+(\.\d+)?|[∂∇]|[∂∇]?[^\W\d_][^\W_]*[\u0300-\u036f\u20d7]*"
                   r"(_(\{[^{}]*\}|[^\s{])|\^(\{[^{}]*\}|[^\s{]))*(\([^()]*\))?")


def _matching_paren(text: str) -> int:
    depth = 0
    for i, ch in enumerate(text):
        depth += (ch == "(") - (ch == ")")
        if depth == 0:
            return i
    return -1


def _grouped(text: str) -> str:
    """``text`` as an operand of ``/`` or ``√``: parenthesised unless it is one
    number, one name or already bracketed."""
    text = text.strip()
    if _ATOM.fullmatch(text) or (text.startswith("(") and _matching_paren(text) == len(text) - 1):
        return text
    return f"({text})"


def convert(src: str) -> str:
    """``src`` (LaTeX text with inline math) as plain Unicode text."""
    r = _Reader(src.replace("$", ""))
    out: list[str] = []
    word_before = False  # the last piece was a macro's name written as a word
    after_limits = False  # the last piece was Σ, ∏ or ∫ (with its limits)
    while r.pos < len(r.src):
        ch = r.src[r.pos]
        if ch == "\\":
            m = _MACRO.match(r.src, r.pos)
            assert m is not None
            r.pos = m.end()
            piece = r.macro(m.group(1))
            if piece in ("Σ", "∏", "∫"):  # big operators stand apart: 1/L Σ_l
                piece = " " + piece
            # A name written as a word must not run into what follows: ``\log p``
            # and ``\log\frac{p}{q}`` stay ``log p`` and ``log p/q``.
            is_word = m.group(1).isalpha() and piece.isalpha() and len(piece) > 1
            ends_alnum = bool(out) and out[-1][-1:].isalnum()
            if ((word_before or after_limits) and piece[:1].isalnum()) or (is_word and ends_alnum):
                piece = " " + piece  # and ``p\log p`` stays ``p log p``
            after_limits = piece.strip() in ("Σ", "∏", "∫")
            out.append(piece)
            word_before = is_word
            continue
        elif ch in "_^":
            r.pos += 1
            arg = r.argument()
            out.append(ch + (arg if len(arg) <= 1 else f"{{{arg}}}"))
            continue  # the limits of Σ keep it apart from its summand: Σ_k π_k
        elif ch == "{":
            end = _matching_brace(r.src, r.pos)
            out.append(convert(r.src[r.pos + 1:end]))
            r.pos = end + 1
        elif ch in "}~":
            out.append(" " if ch == "~" else "")
            r.pos += 1
        elif ch == "&":
            out.append(", ")
            r.pos += 1
        else:
            out.append(" " + ch if (word_before or after_limits) and ch.isalnum() else ch)
            r.pos += 1
        word_before = after_limits = False
    return re.sub(r" {2,}", " ", "".join(out)).strip()
