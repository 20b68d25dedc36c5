"""TeX markup to Unicode text, as BibTeX files and arXiv's metadata write names and titles:
accents (`M{\\"u}ller`, `Erd\\H{o}di`, `\\c{c}`), special letters (`{\\ss}`, `{\\O}`, `\\'\\i`),
protecting braces and font commands; math (`$O(n \\log n)$`) is kept as written.

pylatexenc does the decoding. It is slow (about 0.5 ms a name list), and the Kaggle dump has
millions of author lines, so the accents and letters that make up nearly all of them are
decoded here first, with one regex pass; whatever markup is left goes to pylatexenc whole.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import Any

from ..lazy_regex import lazy_compile

# Accent commands and the combining character each puts on its letter.
_SYMBOL_ACCENTS = {'"': "\u0308", "'": "\u0301", "`": "\u0300", "^": "\u0302", "~": "\u0303",
                   "=": "\u0304", ".": "\u0307"}
_LETTER_ACCENTS = {"H": "\u030b", "c": "\u0327", "v": "\u030c", "u": "\u0306", "k": "\u0328",
                   "d": "\u0323", "b": "\u0331", "r": "\u030a"}
_LETTERS = {"ss": "ß", "ae": "æ", "AE": "Æ", "oe": "œ", "OE": "Œ", "aa": "å", "AA": "Å", "o": "ø",
            "O": "Ø", "l": "ł", "L": "Ł", "i": "ı", "j": "ȷ"}
_BASE = r"(?:\\[ij](?![A-Za-z])\s*|[A-Za-z])"  # a control word eats the spaces after it
# `\"u`, `\"{u}`, `{\"u}`, `\'\i`, `\c{c}`, `\c c`, `\H{o}` (a letter accent needs a brace or space).
_ACCENT = lazy_compile(
    rf"\\(?:(?P<sym>[\"'`^~=.])\s*(?:\{{\s*(?P<b1>{_BASE})\s*\}}|(?P<b2>{_BASE}))"
    rf"|(?P<let>[Hcvukdbr])(?:\s*\{{\s*(?P<b3>{_BASE})\s*\}}|\s+(?P<b4>{_BASE})))"
)
_LETTER = lazy_compile(r"\\(ss|ae|AE|oe|OE|aa|AA|o|O|l|L)(?![A-Za-z])(?:\{\}|\s*)")


def _accented(m) -> str:
    base = (m["b1"] or m["b2"] or m["b3"] or m["b4"]).rstrip()
    base = "i" if base == "\\i" else "j" if base == "\\j" else base
    mark = _SYMBOL_ACCENTS[m["sym"]] if m["sym"] else _LETTER_ACCENTS[m["let"]]
    return base + mark


def _quick(text: str) -> str:
    """The accents and letters decoded, protecting braces dropped; may leave other markup."""
    text = _ACCENT.sub(_accented, text)
    if "\\" in text:
        text = _LETTER.sub(lambda m: _LETTERS[m[1]], text)
    if "\\" not in text:
        text = text.replace("{", "").replace("}", "").replace("~", "\u00a0")
    return unicodedata.normalize("NFC", text)


# Text-mode symbols that BibTeX writers (papertrack's among them) use for characters TeX treats
# as markup; pylatexenc drops some of them or gives look-alikes (`\textasciicircum` as U+02C6).
_TEXT_SYMBOLS = {"textasciicircum": "^", "textasciitilde": "~", "textbackslash": "\\", "textbraceleft": "{",
                 "textbraceright": "}", "textless": "<", "textgreater": ">", "textbar": "|",
                 "textunderscore": "_", "textquotedbl": '"', "textdollar": "$", "textendash": "\u2013",
                 "textemdash": "\u2014"}


@lru_cache(maxsize=1)
def _converter() -> Any:
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, SpecialsTextSpec, get_default_latex_context_db

    # Punctuation stays as written (`--`, ``` `` ```, `''`: a title's "as shown"), a tie is a space.
    context = get_default_latex_context_db().filter_context(exclude_categories=["nonascii-specials"])
    context.add_context_category("text-symbols", prepend=True,
                                 macros=[MacroTextSpec(name, text) for name, text in _TEXT_SYMBOLS.items()],
                                 specials=[SpecialsTextSpec("~", "\u00a0")])
    return LatexNodes2Text(math_mode="verbatim", latex_context=context)


def tex_to_text(text: str) -> str:
    """`J. M{\\"u}ller` -> `J. Müller`; text with no markup comes back as it is, at once."""
    if "\\" not in text and "{" not in text and "~" not in text:
        return text
    if "$" not in text:
        quick = _quick(text)
        if "\\" not in quick:
            return quick
    return latex_to_text(text)


@lru_cache(maxsize=1 << 14)
def latex_to_text(text: str) -> str:
    """Any TeX through pylatexenc (math verbatim); broken markup comes back as written."""
    try:
        return unicodedata.normalize("NFC", _converter().latex_to_text(text))
    except Exception:  # pylatexenc gives up on some broken markup; the text as written beats none
        return text
