"""The bundled Unicode font (DejaVu Sans), registered once, and what it can draw.

ReportLab's built-in fonts only cover Latin-1, so names such as Łódź or
Ελληνικά would print as black boxes. DejaVu Sans covers Latin, Greek and
Cyrillic in all four faces; characters a face has no glyph for (most emoji)
are swapped for a visible placeholder instead of a box or a crash.

ReportLab's font registry is process-wide and the GUI exports from a worker
thread, so registration happens once, under a lock.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from enum import Enum

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from undercover.paths import resource_dir

FAMILY = "UndercoverSans"
PLACEHOLDER = "\u25a1"  # WHITE SQUARE: stands in for a character the font cannot draw


class Face(Enum):
    REGULAR = ("", "DejaVuSans.ttf")
    BOLD = ("-Bold", "DejaVuSans-Bold.ttf")
    ITALIC = ("-Italic", "DejaVuSans-Oblique.ttf")
    BOLD_ITALIC = ("-BoldItalic", "DejaVuSans-BoldOblique.ttf")

    @property
    def font_name(self) -> str:
        return FAMILY + self.value[0]


@dataclass(frozen=True)
class Fonts:
    regular: str
    bold: str
    italic: str
    bold_italic: str
    coverage: dict[Face, frozenset[int]]


_lock = threading.Lock()
_fonts: Fonts | None = None


def fonts() -> Fonts:
    """Register the font family (once per process) and return its names and glyph coverage.

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
                font = TTFont(face.font_name, str(folder / face.value[1]))
                pdfmetrics.registerFont(font)
                coverage[face] = frozenset(font.face.charToGlyph)
            pdfmetrics.registerFontFamily(
                FAMILY,
                normal=Face.REGULAR.font_name,
                bold=Face.BOLD.font_name,
                italic=Face.ITALIC.font_name,
                boldItalic=Face.BOLD_ITALIC.font_name,
            )
            _fonts = Fonts(
                regular=Face.REGULAR.font_name,
                bold=Face.BOLD.font_name,
                italic=Face.ITALIC.font_name,
                bold_italic=Face.BOLD_ITALIC.font_name,
                coverage=coverage,
            )
        return _fonts
