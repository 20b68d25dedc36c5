"""Record text as TeX for BibTeX and BibLaTeX field values: brace-balanced by construction,
LaTeX's special characters escaped outside math, `$...$` math kept as written, and (for BibTeX)
letters outside ASCII written as TeX accent commands.

The escapes are the ones both the bibtex + pdflatex and the biber + biblatex chains accept: a
lone brace is `\\textbraceleft{}`, because BibTeX counts `\\{` as a brace too; a backslash is
`\\textbackslash{}`, so a value ending in one cannot swallow its closing brace.
"""

from __future__ import annotations

import re
import unicodedata

from ..lazy_regex import lazy_compile

_SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\textbraceleft{}", "}": r"\textbraceright{}", "_": r"\_", "&": r"\&",
    "%": r"\%", "#": r"\#", "$": r"\$", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}",
    "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}",
}
# Combining marks and the accent commands that put them on a letter (`é` = e + U+0301 -> \'{e}).
_ACCENTS = {
    "\u0300": "`", "\u0301": "'", "\u0302": "^", "\u0303": "~", "\u0304": "=", "\u0306": "u", "\u0307": ".",
    "\u0308": '"', "\u030a": "r", "\u030b": "H", "\u030c": "v", "\u0323": "d", "\u0326": "textcommabelow",
    "\u0327": "c", "\u0328": "k", "\u0331": "b",
}
# Letters that are no letter plus accent (`ł`, `ø`); a few need T1 fonts (`Đ`, `Þ`, `ŋ`), as
# they do when typed in UTF-8.
_LETTERS = {
    "ł": r"\l", "Ł": r"\L", "ø": r"\o", "Ø": r"\O", "æ": r"\ae", "Æ": r"\AE", "œ": r"\oe", "Œ": r"\OE",
    "ß": r"\ss", "đ": r"\dj", "Đ": r"\DJ", "þ": r"\th", "Þ": r"\TH", "ð": r"\dh", "Ð": r"\DH", "ı": r"\i",
    "ȷ": r"\j", "ŋ": r"\ng", "Ŋ": r"\NG",
}
_PUNCTUATION = {
    "\u00a0": "~", "–": "--", "—": "---", "‘": "`", "’": "'", "“": "``", "”": "''", "…": r"\ldots{}",
}
# Greek letters as math symbols, so pdflatex without Greek fonts prints `α`; the capitals that
# look like Latin ones are those letters.
_GREEK = dict(zip(
    "αβγδεζηθικλμνξοπρςστυφχψωϵϑϕϖϱΓΔΘΛΞΠΣΥΦΨΩΑΒΕΖΗΙΚΜΝΟΡΤΧ",
    r"\alpha \beta \gamma \delta \varepsilon \zeta \eta \theta \iota \kappa \lambda \mu \nu \xi o \pi \rho "
    r"\varsigma \sigma \tau \upsilon \varphi \chi \psi \omega \epsilon \vartheta \phi \varpi \varrho \Gamma "
    r"\Delta \Theta \Lambda \Xi \Pi \Sigma \Upsilon \Phi \Psi \Omega A B E Z H I K M N O P T X".split()))

# What a text part may hold that needs a look: specials, controls, anything outside ASCII.
_NEEDS_WORK = lazy_compile(r"[\\{}_&%#$^~<>|\x00-\x1f\x7f-\U0010ffff]")
_ESCAPE = lazy_compile(r"[\\{}_&%#$^~<>|]")
# ... and with accents, each letter outside ASCII with the combining marks that follow it (`ọ̀`).
_ESCAPE_WITH_ACCENTS = lazy_compile(r"[\\{}_&%#$^~<>|]|[^\x00-\x7f]"
                                    r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff]*")
_CONTROL = lazy_compile(r"[\x00-\x1f\x7f\x80-\x9f]")
# `$...$` (and `$$...$$`) as pandoc reads it: no space just inside the dollars; `\$` is no dollar.
_MATH = lazy_compile(r"(?<!\\)(\$\$?)(?![\s$])((?:[^$\\]|\\.)+?)(?<!\s)\1")
_UNESCAPED_MATH_BREAKERS = lazy_compile(r"(?<!\\)(?:\\\\)*[%#&]")
# TeX already in a text part: `\%` is a percent sign, `\'e` or `\'{e}` an e with an acute.
_TEX_ESCAPE = lazy_compile(r"\\([%&#$_{}])")
_TEX_ACCENT = lazy_compile(r"\\([`'^\"~=.]|[uvHcdbkr](?=[\s{]))\s*(?:\{(\\?[A-Za-z])\}|(\\?[A-Za-z]))")
# A control word eats the spaces after it (`Bj\o rn` is Bjørn).
_TEX_LETTER = lazy_compile(r"\\(l|L|o|O|ae|AE|oe|OE|ss|i|j|aa|AA)(?![A-Za-z])(?:\{\}|\s+)?")
_COMMAND_OF_ACCENT = {command: mark for mark, command in _ACCENTS.items()}
_LETTER_OF_COMMAND = {command[1:]: letter for letter, command in _LETTERS.items()} | {"aa": "å", "AA": "Å"}


def tex_value(text: str, accents: bool) -> str:
    """`text` as a TeX field value; with `accents`, every letter TeX has a command for in ASCII."""
    if not _NEEDS_WORK.search(text):
        return text
    text = _CONTROL.sub("", text)
    out, end = [], 0
    for m in _MATH.finditer(text):
        if _math_is_safe(m.group(2)):
            out.append(_text(text[end:m.start()], accents))
            out.append(_math(m.group(0)))
            end = m.end()
    out.append(_text(text[end:], accents))
    return "".join(out)


def _math_is_safe(formula: str) -> bool:
    """Math kept as written must not break the entry or the page: braces balanced both as TeX
    and as BibTeX counts them (which counts `\\{` too), no bare `%`, `#` or `&`."""
    depth = 0
    for ch in formula:
        depth += (ch == "{") - (ch == "}")
        if depth < 0:
            return False
    unescaped = re.sub(r"\\.", "", formula)
    return depth == 0 and unescaped.count("{") == unescaped.count("}") and not _UNESCAPED_MATH_BREAKERS.search(formula)


def _math(formula: str) -> str:
    """A Greek letter in math is its command (`$γ$` -> `${\\gamma}$`): the same formula in every
    TeX engine, where pdflatex cannot typeset the UTF-8 letter and biber's `--output-safechars`
    breaks it."""
    if formula.isascii():
        return formula
    return "".join(f"{{{_GREEK[ch]}}}" if ch in _GREEK else ch for ch in formula)


def _text(text: str, accents: bool) -> str:
    if not text or not _NEEDS_WORK.search(text):
        return text
    text = _decode_tex(text)
    if accents and not text.isascii():
        text = unicodedata.normalize("NFC", text)
    pattern = _ESCAPE_WITH_ACCENTS if accents else _ESCAPE
    if "{" not in text and "}" not in text:
        return pattern.sub(_escaped, text)
    out, start = [], 0
    for i in sorted(_paired_braces(text)):  # kept as they are; the text between them is escaped
        out += [pattern.sub(_escaped, text[start:i]), text[i]]
        start = i + 1
    out.append(pattern.sub(_escaped, text[start:]))
    return "".join(out)


def _escaped(m: re.Match[str]) -> str:
    found = m.group(0)
    return _SPECIAL.get(found) or _ascii_tex(found)


def _decode_tex(text: str) -> str:
    """The TeX escapes and accents a source wrote (`Fr\\'echet`, `10\\%`) as the characters they
    stand for, so they are written once, not as visible backslashes."""
    if "\\" not in text:
        return text

    def accent(m: re.Match[str]) -> str:
        base = m.group(2) or m.group(3)
        base = {"\\i": "i", "\\j": "j"}.get(base, base)
        if base.startswith("\\"):
            return m.group(0)
        return unicodedata.normalize("NFC", base + _COMMAND_OF_ACCENT[m.group(1)])

    text = _TEX_ACCENT.sub(accent, text)
    text = _TEX_LETTER.sub(lambda m: _LETTER_OF_COMMAND[m.group(1)], text)
    return _TEX_ESCAPE.sub(r"\1", text)


def _paired_braces(text: str) -> set[int]:
    """Positions of the braces that close each other: grouping the source meant, kept as such."""
    kept: set[int] = set()
    if "{" not in text:
        return kept
    opened: list[int] = []
    for i, ch in enumerate(text):
        if ch == "{":
            opened.append(i)
        elif ch == "}" and opened:
            kept.update((opened.pop(), i))
    return kept


def _ascii_tex(ch: str) -> str:
    """One letter (with its combining marks) outside ASCII in TeX's ASCII commands: `{\\'{e}}`, `{\\l}`; kept as it is
    when TeX has no command for it (CJK, emoji: those need xelatex or lualatex)."""
    if ch in _LETTERS:
        return f"{{{_LETTERS[ch]}}}"
    if ch in _PUNCTUATION:
        return _PUNCTUATION[ch]
    if ch in _GREEK:
        return f"\\ensuremath{{{_GREEK[ch]}}}"
    parts = unicodedata.normalize("NFD", ch)
    base, marks = _LETTERS.get(parts[0], parts[0]), parts[1:]
    letter = (base.isascii() and base.isalpha()) or base in _LETTERS.values()
    if not (letter and marks and all(m in _ACCENTS for m in marks)):
        return ch
    for mark in marks:
        command = _ACCENTS[mark]
        base = f"\\{command}{{{base}}}"
    return f"{{{base}}}"
