"""Pure, idempotent date rules: the dates pages show (`May 31`, `Sep 17, 2024`, yearless ones
resolved against an as-of day) and the dates other tools write in records (ISO timestamps,
RFC 2822, year-first slashes), each to "YYYY-MM-DD" or None. `normalize` re-exports them.
"""

from __future__ import annotations

import re
from datetime import date

from .lazy_regex import lazy_compile

MONTHS = {
    m: i
    for i, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"),
         ("may",), ("jun", "june"), ("jul", "july"), ("aug", "august"),
         ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
         ("dec", "december")),
        start=1,
    )
    for m in names
}
MONTH_PATTERN = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_MONTH_DAY = lazy_compile(rf"^({MONTH_PATTERN})\.? (\d{{1,2}})(?:,? (\d{{4}}))?$", re.IGNORECASE)
_DAY_MONTH = lazy_compile(rf"^(\d{{1,2}}) ({MONTH_PATTERN})\.?(?:,? (\d{{4}}))?$", re.IGNORECASE)
_ISO = lazy_compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$")


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str | None, as_of: date) -> str | None:
    """Parse `May 31`, `Sep 17, 2024`, `17 Sep 2024`, `17 Sep`, `2024-09-17[T...]` to "YYYY-MM-DD".

    A date without a year takes the as-of year, or the year before when that would put it
    after the as-of date (a listing never shows a future day).
    """
    if not text:
        return None
    text = " ".join(text.split()).strip()
    if m := _ISO.match(text):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
        return d.isoformat() if d else None
    if m := _MONTH_DAY.match(text):
        month, day, year = MONTHS[m[1].lower().rstrip(".")], int(m[2]), m[3]
    elif m := _DAY_MONTH.match(text):
        month, day, year = MONTHS[m[2].lower().rstrip(".")], int(m[1]), m[3]
    else:
        return None
    if year:
        d = _safe_date(int(year), month, day)
        return d.isoformat() if d else None
    # Walk back from the as-of year: the latest such day not after it (Feb 29 may go back 4).
    for year in range(as_of.year, as_of.year - 8, -1):
        d = _safe_date(year, month, day)
        if d and d <= as_of:
            return d.isoformat()
    return None


# Dates in records other tools wrote: timestamps, RFC 2822 (arXiv's version dates), year-first
# slashes. A day-month order that could be either (`01/05/2024`) is refused, not guessed.
_RFC2822 = lazy_compile(
    rf"^(?:[A-Za-z]{{3}},?\s*)?(\d{{1,2}})\s+({MONTH_PATTERN})\.?\s+(\d{{4}})"
    r"(?:\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*(?:[A-Za-z]{1,5}|[+-]\d{4}))?)?$",
    re.IGNORECASE,
)
_YEAR_FIRST = lazy_compile(r"^(\d{4})[/.](\d{1,2})[/.](\d{1,2})$")
_PARTIAL_DATE = lazy_compile(r"^\d{4}(?:[-/.](?:0?[1-9]|1[0-2]))?$")


def normalize_date(text: str | None) -> str | None:
    """Any unambiguous written day as "YYYY-MM-DD", else None.

    Accepts `2024-01-05`, ISO timestamps (`2024-01-05T10:00:00Z`: the day as written, no shift
    to UTC), `2024/01/05`, RFC 2822 (`Mon, 2 Apr 2007 19:18:42 GMT`), `Sep 17, 2024` and
    `17 September 2024`. Impossible days (`2024-02-30`), yearless days, a bare year or month
    and numeric orders that could be day-month or month-day are None.
    """
    if not text:
        return None
    # Already canonical (the form every layout writes): one slice test and a C-level check.
    if len(text) == 10 and text[4] == "-" and text[7] == "-":
        try:
            return date.fromisoformat(text).isoformat()
        except ValueError:
            return None
    parts = text.split()
    if len(parts) >= 4 and parts[0][-1:] == "," and parts[1].isdigit() and parts[3].isdigit():
        # RFC 2822 as arXiv writes every version date (`Mon, 2 Apr 2007 19:18:42 GMT`): the
        # million lines of its dump are read without a regex.
        month = MONTHS.get(parts[2].lower())
        d = _safe_date(int(parts[3]), month, int(parts[1])) if month and len(parts[3]) == 4 else None
        if d and (len(parts) == 4 or (parts[4].count(":") in (1, 2) and len(parts) <= 6)):
            return d.isoformat()
    text = " ".join(parts)
    if m := _ISO.match(text) or _YEAR_FIRST.match(text):
        d = _safe_date(int(m[1]), int(m[2]), int(m[3]))
    elif m := _RFC2822.match(text):
        d = _safe_date(int(m[3]), MONTHS[m[2].lower().rstrip(".")], int(m[1]))
    elif (m := _MONTH_DAY.match(text)) and m[3]:
        d = _safe_date(int(m[3]), MONTHS[m[1].lower().rstrip(".")], int(m[2]))
    elif (m := _DAY_MONTH.match(text)) and m[3]:
        d = _safe_date(int(m[3]), MONTHS[m[2].lower().rstrip(".")], int(m[1]))
    else:
        return None
    return d.isoformat() if d else None


def is_partial_date(text: str | None) -> bool:
    """A year (`2024`) or a month (`2024-05`): a true date with no day, not a broken one."""
    return text is not None and bool(_PARTIAL_DATE.match(text.strip()))


