"""Paragraphs whose letters join or reorder (Arabic, Devanagari, Thai) or run right to left.

ReportLab shapes text with HarfBuzz (uharfbuzz) when a paragraph style asks for
it (``shaping=1``): each word comes out joined, with its marks placed, and a
right-to-left word in visual order. Three things are added here:

* Only paragraphs holding such text are shaped (HarfBuzz would also turn "ffi"
  in Latin words into ligatures, and cost time on every word).
* A word made of pieces in different fonts ("שלום12") is shaped font by font;
  ReportLab would use the first piece's font for all of it.
* ReportLab does not order the *words* of a right-to-left run inside a line of
  text in several fonts. Such a paragraph is wrapped and split across pages in
  logical order, as typed, and each line's words are put in visual order only
  while the line is drawn: a simple form of the Unicode bidirectional algorithm
  (the paragraph reads left to right; a run of right-to-left words, with the
  spaces, digits and punctuation between them, reads right to left).

The ReportLab internals this relies on are checked by tests/test_report_scripts.py;
pyproject.toml pins ReportLab's major version.
"""

from __future__ import annotations

import re
import unicodedata
from functools import reduce
from operator import add
from typing import Any
from weakref import WeakKeyDictionary

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import ShapedFragWord, makeShapedFragWord, shapeStr
from reportlab.platypus import Paragraph as _Paragraph
from reportlab.platypus import paragraph as _rl_paragraph

from undercover.report.fonts import PLACEHOLDER, SCRIPTS, Face, fonts
from undercover.report.text import one_line, plain, runs


def _char_class(scripts) -> str:
    return "".join(f"{chr(low)}-{chr(high)}" for s in scripts for low, high in s.ranges)


_NEEDS_SHAPING = re.compile(f"[{_char_class(s for s in SCRIPTS if s.shaped)}]")
_RTL_FONTS = {name for s in SCRIPTS if s.rtl for name in (s.family, s.family + "-Bold")}
_SHAPED_FONTS = {name for s in SCRIPTS if s.shaped for name in (s.family, s.family + "-Bold")}
_TOKENS = re.compile(r"\S+|\s+")
_shaped_styles: WeakKeyDictionary[ParagraphStyle, ParagraphStyle] = WeakKeyDictionary()


def _shape_font_by_font(word: list, *args: Any, **kwargs: Any) -> list:
    """ReportLab's ``shapeFragWord``, run once per font within a word.

    ReportLab shapes a whole word with the font of its first piece, so in a word
    such as "שלום12" (Hebrew, then digits from DejaVu Sans) the digits would be
    drawn with glyph numbers of the wrong font. Each run of one font is shaped on
    its own here, and the pieces are put back together as one word.
    """
    pieces = word[1:]
    names = [getattr(frag, "fontName", None) for frag, _ in pieces]
    if len(set(names)) <= 1 or isinstance(word, ShapedFragWord):
        return _shape_one_font(word, *args, **kwargs)
    groups: list[list] = []
    for piece, name in zip(pieces, names, strict=True):
        if groups and groups[-1][0] == name:
            groups[-1][1].append(piece)
        else:
            groups.append([name, [piece]])
    width, out, changed = word[0], [], False
    for _, group in groups:
        before = sum(stringWidth(text, f.fontName, f.fontSize) for f, text in group if text)
        shaped = _shape_one_font(word.__class__([before, *group]), *args, **kwargs)
        if shaped[1:] != group:
            changed = True
            width += shaped[0] - before
        out += shaped[1:]
    return makeShapedFragWord(word)([width, *out]) if changed else word


_shape_one_font = _rl_paragraph.shapeFragWord
_rl_paragraph.shapeFragWord = _shape_font_by_font


def shaped_style(style: ParagraphStyle) -> ParagraphStyle:
    """``style`` with HarfBuzz shaping on (made once per style, forgotten with it)."""
    shaped = _shaped_styles.get(style)
    if shaped is None:
        shaped = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
        _shaped_styles[style] = shaped
    return shaped


class Paragraph(_Paragraph):
    """ReportLab's Paragraph, shaped when its text needs it and drawn right to left where
    it runs that way. Use it for every paragraph that may hold user text."""

    def __init__(self, text: Any, style: ParagraphStyle | None = None, *args, **kwargs):
        if isinstance(text, str) and style is not None and _NEEDS_SHAPING.search(text):
            style = shaped_style(style)
        super().__init__(text, style, *args, **kwargs)
        if isinstance(text, str) and style is not None and style.shaping:
            _whole_words(self.frags)  # once, on the text as parsed (not on split-off parts)

    def draw(self) -> None:
        para = getattr(self, "blPara", None)
        if para is None or para.kind != 1 or not _has_rtl(para.lines):
            super().draw()
            return
        logical = para.lines
        para.lines = [_visual_line(line) for line in logical]
        try:
            super().draw()
        finally:
            para.lines = logical


def _whole_words(frags: list) -> None:
    """Give each word in a shaped script's font all of it, punctuation included.

    HarfBuzz shapes a word with the font of its first piece, so in "<b>אביב</b>." the
    full stop, in another font, would come out as a wrong glyph. Punctuation that
    touches such a word moves into the word's piece when that font has it.
    """
    coverage = fonts().script_coverage
    for i, frag in enumerate(frags):
        if frag.fontName not in _SHAPED_FONTS or not getattr(frag, "text", ""):
            continue
        covers = coverage[frag.fontName]
        if i + 1 < len(frags) and _plain_text(frags[i + 1]):
            after = frags[i + 1].text
            n = _covered_prefix(after, covers)
            frag.text, frags[i + 1].text = frag.text + after[:n], after[n:]
        if i > 0 and _plain_text(frags[i - 1]):
            before = frags[i - 1].text
            n = _covered_prefix(before[::-1], covers)
            if n:
                frag.text, frags[i - 1].text = before[-n:] + frag.text, before[:-n]
    frags[:] = [f for f in frags if getattr(f, "text", "") or not _plain_text(f, empty=True)]


def _plain_text(frag: Any, empty: bool = False) -> bool:
    """A piece of ordinary text (not an image, link target or line break)."""
    return (
        (empty or bool(getattr(frag, "text", "")))
        and not hasattr(frag, "cbDefn")
        and not getattr(frag, "lineBreak", False)
    )


def _covered_prefix(text: str, covers: frozenset[int]) -> int:
    """How many characters at the start of ``text`` belong to the word before it."""
    n = 0
    while (
        n < len(text)
        and unicodedata.category(text[n])[0] in "PS"  # punctuation; letters and digits stay
        and ord(text[n]) in covers
    ):
        n += 1
    return n if n == len(text) or text[n].isspace() else 0


def _has_rtl(lines: list) -> bool:
    return any(getattr(w, "fontName", "") in _RTL_FONTS for line in lines for w in line.words)


def _visual_line(line: Any) -> Any:
    """A copy of a laid-out line with its right-to-left runs of words in visual order."""
    tokens: list[list] = []  # [frag, text, kind]: R right to left, L left to right, N neutral
    for frag in line.words:
        text = getattr(frag, "text", "")
        if not text:
            tokens.append([frag, text, "N"])
            continue
        rtl = frag.fontName in _RTL_FONTS
        for match in _TOKENS.finditer(str(text)):
            piece = text[match.start():match.end()]  # a slice keeps HarfBuzz's glyph data
            classes = {unicodedata.bidirectional(c) for c in piece}
            if piece.isspace():
                kind = "N"
            elif rtl:  # letters and digits of a right-to-left font; "<", "(" and such are neutral
                kind = "R" if classes & {"R", "AL", "AN", "EN", "NSM"} else "N"
            else:
                kind = "L" if "L" in classes else "N"
            tokens.append([frag, piece, kind])
    strong = [(i, t[2]) for i, t in enumerate(tokens) if t[2] != "N"]
    for i, token in enumerate(tokens):  # neutrals between two right-to-left words join them
        if token[2] == "N":
            before = next((k for j, k in reversed(strong) if j < i), "L")
            after = next((k for j, k in strong if j > i), "L")
            token[2] = "R" if before == after == "R" else "L"
    ordered: list[list] = []
    i = 0
    while i < len(tokens):
        j = i
        while j < len(tokens) and tokens[j][2] == tokens[i][2]:
            j += 1
        run = tokens[i:j]
        ordered += reversed(run) if tokens[i][2] == "R" else run
        i = j
    words = []
    for frag, piece, _ in ordered:
        if words and words[-1][0] is frag:
            words[-1][1].append(piece)
        else:
            words.append((frag, [piece]))
    copy = line.clone() if hasattr(line, "clone") else line
    copy.words = [frag.clone(text=reduce(add, pieces)) for frag, pieces in words]
    return copy


def drawable(text: str, face: Face = Face.REGULAR, size: float = 8) -> tuple[str, str]:
    """``text`` as one string in one font, for drawings that cannot switch fonts (chart
    labels): (string, font name). Text in one other script is shaped and, if it runs
    right to left, put in visual order; text mixing several other scripts falls back
    to DejaVu Sans, where what it cannot draw prints as the placeholder."""
    f = fonts()
    line = one_line(text, face)
    scripts = {script for script, _ in runs(line, face) if script is not None}
    font = scripts and next(iter(scripts)).font_name(face)
    if len(scripts) != 1 or any(
        ord(ch) not in f.script_coverage[font] for ch in line if not ch.isspace()
    ):
        unshaped = (PLACEHOLDER if f.script_for(ch) else ch for ch in plain(line, face))
        return "".join(unshaped), face.font_name
    script = scripts.pop()
    if not script.shaped:
        return line, font
    words = [shapeStr(word, font, size) for word in line.split(" ")]
    if script.rtl:
        words.reverse()
    space = shapeStr(" ", font, size, force=True)
    return reduce(lambda left, right: left + space + right, words), font
