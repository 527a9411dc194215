"""User text made safe to print: escaped for ReportLab's markup, drawable by the font.

Notes are typed by people, so they hold ``<``, ``&``, half a tag, emoji and
line breaks. Every user string goes through :func:`markup` (for Paragraphs)
or :func:`plain` (for text drawn straight on the canvas) and then prints
exactly as typed; only characters the font has no glyph for change.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime
from xml.sax.saxutils import escape

from undercover.domain.times import local_time
from undercover.report.fonts import PLACEHOLDER, Face, fonts

# Invisible helpers of emoji sequences: variation selectors, zero-width joiner,
# skin-tone modifiers and tag characters. Dropped, so "👍🏽" prints as one placeholder.
_INVISIBLE = (
    set(range(0xFE00, 0xFE10))
    | set(range(0xE0100, 0xE01F0))
    | {0x200D}
    | set(range(0x1F3FB, 0x1F400))
    | set(range(0xE0020, 0xE0080))
)
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}


def plain(text: str | None, face: Face = Face.REGULAR) -> str:
    """``text`` with every character the font face can draw, others as a placeholder."""
    if not text:
        return ""
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    coverage = fonts().coverage[face]
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\n":
            out.append(ch)
        elif ch == "\t":
            out.append(" ")
        elif code in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs"):
            continue
        elif code in coverage:
            out.append(ch)
        else:
            out.append(PLACEHOLDER)
    return "".join(out)


def markup(text: str | None, face: Face = Face.REGULAR) -> str:
    """``text`` as Paragraph markup that shows it exactly as typed, line breaks kept."""
    return escape(plain(text, face).strip("\n")).replace("\n", "<br/>")


def one_line(text: str | None, face: Face = Face.REGULAR) -> str:
    """Like :func:`plain`, on one line: for headers, footers and PDF metadata."""
    return " ".join(plain(text, face).split())


# -- figures and dates as a reader wants them ------------------------------------------


def score(value: float | None) -> str:
    """A 0-100 score as printed: whole numbers; "–" when nothing counted."""
    return "–" if value is None else f"{value:.0f}"


def parse_time(value: str | None) -> datetime | None:
    """A stored time in the reader's local time zone."""
    return local_time(value)


def long_date(day: str) -> str:
    """"2026-10-13" as "Tuesday 13 October 2026" (the day is shown as recorded)."""
    try:
        parsed = datetime.strptime(day[:10], "%Y-%m-%d")
    except ValueError:
        return day
    return f"{parsed:%A} {parsed.day} {parsed:%B %Y}"


def short_date(day: str) -> str:
    """"2026-10-13" as "13 Oct 2026"."""
    try:
        parsed = datetime.strptime(day[:10], "%Y-%m-%d")
    except ValueError:
        return day
    return f"{parsed.day} {parsed:%b %Y}"


def month_label(month: str) -> str:
    """"2026-10" as "Oct 2026"."""
    try:
        return f"{datetime.strptime(month, '%Y-%m'):%b %Y}"
    except ValueError:
        return month


def time_range(start: str | None, end: str | None) -> str:
    """"15:40–16:05", "15:40", or "" when the visit has no recorded time."""
    first, last = parse_time(start), parse_time(end)
    if first is None:
        return ""
    if last is None or last.date() != first.date():
        return f"{first:%H:%M}"
    return f"{first:%H:%M}–{last:%H:%M}"


def money(amount: float, currency: str | None) -> str:
    """420 → "€420" / "EUR 420" / "420": the currency as the owner typed it."""
    figure = f"{amount:,.0f}"
    currency = (currency or "").strip()
    if not currency:
        return figure
    return f"{currency}{figure}" if len(currency) == 1 else f"{currency} {figure}"
