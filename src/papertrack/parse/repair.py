"""Text repair applied to every record's text fields, whatever the layout: mojibake (UTF-8 that
was decoded as Latin-1 or cp1252 upstream: `RamÃ­rez` -> `Ramírez`). Pasted text layouts are
also repaired line by line as they are read (`repair_lines`), before their blocks are
recognized: a mojibake `Â·` or `JosÃ© GarcÃ­a` would otherwise hide a metadata or author
line from the layout. LaTeX is kept as the source has it. HTML entities are decoded by the
markup and JSON parsers that meet them, once: decoding again here would turn a literal `&lt;`
in an abstract into `<`.
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


def repair_lines(lines: list[str]) -> list[str]:
    """The lines with each one that shows mojibake repaired on its own; clean lines are kept as
    they are, and so is the number of lines (a repair that would break a line is not made)."""
    out = lines
    for i, line in enumerate(lines):
        if line.isascii() or not _MOJIBAKE_HINT.search(line):
            continue
        fixed = repair_text(line)
        if fixed != line and "\n" not in fixed and "\r" not in fixed:
            if out is lines:
                out = list(lines)
            out[i] = fixed
    return out
