"""User text made safe to print: escaped for ReportLab's markup, drawable by the fonts.

Notes are typed by people, so they hold ``<``, ``&``, half a tag, emoji, line
breaks and any script. Every user string goes through :func:`markup` (for
Paragraphs) or :func:`plain` (for text drawn straight on the canvas) and then
prints exactly as typed; only characters no bundled font has change.
:func:`runs` says which font prints each part: a word in Arabic, Thai or
Chinese goes to that script's font whole, punctuation included, so it is
shaped as one piece.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from xml.sax.saxutils import escape

from undercover.domain.times import local_time
from undercover.report.fonts import PLACEHOLDER, SCRIPTS, Face, Fonts, Script, fonts

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
_WORDS = re.compile(r"\S+|\s+")


def _clean(text: str) -> str:
    """Line breaks as "\n", tabs as spaces, invisible and control characters dropped."""
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    return "".join(
        " " if ch == "\t" else ch
        for ch in text
        if ch in "\n\t" or not (ord(ch) in _INVISIBLE or unicodedata.category(ch) in ("Cc", "Cs"))
    )


def plain(text: str | None, face: Face = Face.REGULAR) -> str:
    """``text`` with every character the font face can draw, others as a placeholder."""
    if not text:
        return ""
    coverage = fonts().coverage[face]
    return "".join(
        ch if ch == "\n" or ord(ch) in coverage else PLACEHOLDER for ch in _clean(text)
    )


def runs(text: str | None, face: Face = Face.REGULAR) -> list[tuple[Script | None, str]]:
    """``text`` cut into pieces by the font that prints them: None for DejaVu Sans in
    ``face``, else the script whose font takes over. Characters no font has become
    placeholders."""
    if not text:
        return []
    f = fonts()
    pieces: list[tuple[Script | None, str]] = []
    for match in _WORDS.finditer(_clean(text)):
        word = match.group()
        if word.isspace():  # spaces and line breaks go with the word before them
            found = [(pieces[-1][0] if pieces else None, word)]
        else:
            home = next((s for s in map(f.script_for, word) if s is not None), None)
            found = [_font_for(ch, home, face, f) for ch in word]
        for script, chars in found:
            if pieces and pieces[-1][0] is script:
                pieces[-1] = (script, pieces[-1][1] + chars)
            else:
                pieces.append((script, chars))
    return pieces


def _font_for(ch: str, home: Script | None, face: Face, f: Fonts) -> tuple[Script | None, str]:
    """Who prints ``ch`` in a word whose first letter of another script is ``home``:
    its own script's font; else, for punctuation, the word's script font if it has
    the character (so "(שלום)." is one piece, shaped as one); else DejaVu; else any
    bundled font."""
    code = ord(ch)
    script = f.script_for(ch)
    if script is not None and code in f.script_coverage[script.font_name(face)]:
        return script, ch
    if (
        script is None
        and home is not None
        and unicodedata.category(ch)[0] in "PS"  # punctuation and symbols, not letters or digits
        and code in f.script_coverage[home.font_name(face)]
    ):
        return home, ch
    if code in f.coverage[face]:
        return None, ch
    for other in SCRIPTS:
        if code in f.script_coverage[other.font_name(face)]:
            return other, ch
    return None, PLACEHOLDER


def markup(text: str | None, face: Face = Face.REGULAR) -> str:
    """``text`` as Paragraph markup that shows it exactly as typed, line breaks kept."""
    if not text:
        return ""
    parts = []
    for script, piece in runs(_clean(text).strip("\n"), face):
        escaped = escape(piece).replace("\n", "<br/>")
        # The face's own font by name: a <font> tag resets bold and italic to that font's.
        font = script.font_name(face) if script else None
        parts.append(f'<font name="{font}">{escaped}</font>' if font else escaped)
    return "".join(parts)


def one_line(text: str | None, face: Face = Face.REGULAR) -> str:
    """``text`` on one line, as the bundled fonts print it: for headers and footers."""
    return " ".join("".join(piece for _, piece in runs(text, face)).split())


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


def money(amount: float, currency: str | None, cents: bool | None = None) -> str:
    """420 → "€420" / "EUR 420" / "420"; 420.5 → "€420.50": the currency as the owner
    typed it. Cents print when the amount has them, or always with ``cents=True``, so
    the figures of one sentence are written alike."""
    if cents is None:
        cents = round(amount * 100) % 100 != 0
    figure = f"{amount:,.2f}" if cents else f"{amount:,.0f}"
    currency = (currency or "").strip()
    if not currency:
        return figure
    return f"{currency}{figure}" if len(currency) == 1 else f"{currency} {figure}"
