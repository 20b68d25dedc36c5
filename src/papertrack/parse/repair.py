"""Text repair applied to every record's text fields, whatever the layout: mojibake (UTF-8 that
was decoded as Latin-1 or cp1252 upstream: `RamÃ­rez` -> `Ramírez`). LaTeX is kept as the
source has it. HTML entities are decoded by the markup and JSON parsers that meet them, once:
decoding again here would turn a literal `&lt;` in an abstract into `<`.
"""

from __future__ import annotations

from ..lazy_regex import lazy_compile

# Byte patterns that UTF-8 leaves behind when read as Latin-1/cp1252: Ã© Ã­ â€™ Â  Å‚ ...
_MOJIBAKE_HINT = lazy_compile(r"[ÃÂâÅÄÐÑ][\x80-\xbf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                              r"\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def repair_text(text: str) -> str:
    """Fix mojibake; text without it comes back unchanged, fast."""
    # Mojibake is made of non-ASCII characters: pure ASCII text (most of it) skips the scan.
    if not text.isascii() and _MOJIBAKE_HINT.search(text):
        import ftfy  # only when needed: it is the slowest import papertrack has

        text = ftfy.fix_encoding(text)
    return text
