"""The bundled fonts, registered once, and which one draws each character.

ReportLab's built-in fonts only cover Latin-1. DejaVu Sans covers Latin, Greek
and Cyrillic in all four faces. For the scripts it lacks (or lacks in some
faces) one bundled TrueType font per script takes over, character by
character: Noto Sans for Arabic, Hebrew, Thai and Devanagari, Droid Sans
Fallback for Chinese and Japanese, NanumGothic for Korean (see
resources/fonts/FONTS.txt). Characters no bundled font has (most emoji) print
as a visible placeholder instead of a box or a crash.

ReportLab's font registry is process-wide and the GUI exports from a worker
thread, so registration happens once, under a lock.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from undercover.paths import resource_dir

FAMILY = "UndercoverSans"
PLACEHOLDER = "\u25a1"  # WHITE SQUARE: stands in for a character no font can draw


class Face(Enum):
    REGULAR = ("", "DejaVuSans.ttf")
    BOLD = ("-Bold", "DejaVuSans-Bold.ttf")
    ITALIC = ("-Italic", "DejaVuSans-Oblique.ttf")
    BOLD_ITALIC = ("-BoldItalic", "DejaVuSans-BoldOblique.ttf")

    @property
    def font_name(self) -> str:
        return FAMILY + self.value[0]

    @property
    def bold(self) -> bool:
        return self in (Face.BOLD, Face.BOLD_ITALIC)


@dataclass(frozen=True)
class Script:
    """A script DejaVu Sans cannot print well, and the font that prints it."""

    name: str
    regular: str  # file names in resources/fonts
    bold: str
    ranges: tuple[tuple[int, int], ...]
    shaped: bool  # letters change shape or order in context: needs HarfBuzz
    rtl: bool  # written right to left

    @property
    def family(self) -> str:
        return f"Undercover{self.name}"

    def font_name(self, face: Face) -> str:
        return self.family + ("-Bold" if face.bold and self.bold != self.regular else "")


SCRIPTS = (
    # Arabic-Indic digits read left to right, so they are not shaped with the letters.
    Script("ArabicDigits", "DejaVuSans.ttf", "DejaVuSans-Bold.ttf",
           ((0x0660, 0x0669), (0x06F0, 0x06F9)), shaped=False, rtl=False),
    Script("Arabic", "NotoSansArabic-Regular.ttf", "NotoSansArabic-Bold.ttf",
           ((0x0600, 0x06FF), (0x0750, 0x077F), (0x08A0, 0x08FF), (0xFB50, 0xFDFF),
            (0xFE70, 0xFEFF)), shaped=True, rtl=True),
    Script("Hebrew", "NotoSansHebrew-Regular.ttf", "NotoSansHebrew-Bold.ttf",
           ((0x0590, 0x05FF), (0xFB1D, 0xFB4F)), shaped=True, rtl=True),
    Script("Thai", "NotoSansThai-Regular.ttf", "NotoSansThai-Bold.ttf",
           ((0x0E00, 0x0E7F),), shaped=True, rtl=False),
    Script("Devanagari", "NotoSansDevanagari-Regular.ttf", "NotoSansDevanagari-Bold.ttf",
           ((0x0900, 0x097F), (0xA8E0, 0xA8FF), (0x1CD0, 0x1CFF)), shaped=True, rtl=False),
    Script("Korean", "NanumGothic.ttf", "NanumGothic.ttf",
           ((0x1100, 0x11FF), (0x3130, 0x318F), (0xA960, 0xA97F), (0xAC00, 0xD7FF)),
           shaped=False, rtl=False),
    Script("CJK", "DroidSansFallbackFull.ttf", "DroidSansFallbackFull.ttf",
           ((0x2E80, 0x2FDF), (0x3000, 0x312F), (0x3190, 0x33FF), (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF), (0xF900, 0xFAFF), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF),
            (0x20000, 0x2FFFF)), shaped=False, rtl=False),
)


class UnshapedTTFont(TTFont):
    """A font whose words ReportLab draws as they are, never through HarfBuzz.

    Latin, Greek, Cyrillic, Chinese, Japanese and Korean need no shaping, and
    HarfBuzz would turn "st" and "ffi" in DejaVu Sans into ligatures. ReportLab
    leaves a word unshaped when its font offers no HarfBuzz font (checked by
    tests/test_report_scripts.py).
    """

    def hbFont(self, fontSize: float = 10) -> None:
        raise AttributeError("this font is drawn unshaped")


class ScriptFonts(Mapping[str, frozenset[int]]):
    """What each script font can draw, by its font name; a font is read and registered
    the first time it is asked for, so a report in Latin letters never loads the
    large Chinese and Korean fonts."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._files = {
            script.font_name(face): (script, script.bold if face.bold else script.regular)
            for script in SCRIPTS for face in (Face.REGULAR, Face.BOLD)
        }
        self._loaded: dict[str, frozenset[int]] = {}
        self._lock = threading.Lock()

    def __getitem__(self, name: str) -> frozenset[int]:
        with self._lock:
            if name not in self._loaded:
                script, file = self._files[name]
                font = (TTFont if script.shaped else UnshapedTTFont)(
                    name, str(self._folder / file))
                pdfmetrics.registerFont(font)
                self._loaded[name] = frozenset(font.face.charToGlyph)
            return self._loaded[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    coverage: dict[Face, frozenset[int]]
    script_coverage: ScriptFonts

    def script_for(self, char: str) -> Script | None:
        """The script font that prints ``char`` rather than DejaVu Sans, if any."""
        code = ord(char)
        if code < 0x0590:
            return None
        for script in SCRIPTS:
            for low, high in script.ranges:
                if low <= code <= high:
                    return script
        return None


_lock = threading.Lock()
_fonts: Fonts | None = None


def fonts() -> Fonts:
    """Register the fonts (once per process) and return their names and glyph coverage.

    Also switches off ReportLab's ASCII85 stream encoding (``rl_config.useA85``,
    its documented setting) so photos are written as plain DCTDecode streams.
    """
    global _fonts
    with _lock:
        rl_config.useA85 = 0  # cheap and idempotent; re-set in case someone reset rl_config
        if _fonts is None:
            folder = resource_dir() / "fonts"
            coverage = {}
            for face in Face:
                font = UnshapedTTFont(face.font_name, str(folder / face.value[1]))
                pdfmetrics.registerFont(font)
                coverage[face] = frozenset(font.face.charToGlyph)
            pdfmetrics.registerFontFamily(
                FAMILY,
                normal=Face.REGULAR.font_name,
                bold=Face.BOLD.font_name,
                italic=Face.ITALIC.font_name,
                boldItalic=Face.BOLD_ITALIC.font_name,
            )
            for script in SCRIPTS:  # names only: each font file is read when first used
                # No italic in these scripts' traditions: italic text uses the upright face.
                pdfmetrics.registerFontFamily(
                    script.family,
                    normal=script.font_name(Face.REGULAR),
                    bold=script.font_name(Face.BOLD),
                    italic=script.font_name(Face.REGULAR),
                    boldItalic=script.font_name(Face.BOLD),
                )
            _fonts = Fonts(
                regular=Face.REGULAR.font_name,
                bold=Face.BOLD.font_name,
                italic=Face.ITALIC.font_name,
                bold_italic=Face.BOLD_ITALIC.font_name,
                coverage=coverage,
                script_coverage=ScriptFonts(folder),
            )
        return _fonts
