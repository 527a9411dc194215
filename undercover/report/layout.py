"""What every report page shares: page size, styles, header, "page X of Y", safe output.

A report is laid out into memory without its photos, then written to a
temporary file beside the target (photos streamed in) and renamed into place
at the end, so a cancelled or failed export never leaves half a PDF behind.
"""

from __future__ import annotations

import logging
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from io import BytesIO
from typing import BinaryIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    PageTemplate,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.doctemplate import LayoutError

from undercover import __version__
from undercover.errors import UndercoverError
from undercover.report.fonts import Face, fonts
from undercover.report.shaping import Paragraph
from undercover.report.text import markup, one_line, runs
from undercover.store import Store
from undercover.store import settings as keys

log = logging.getLogger(__name__)

# Calm, printable colours; every meaning is also said in words, so grey print loses nothing.
INK = colors.HexColor("#1E2328")
MUTED = colors.HexColor("#5C6670")
ACCENT = colors.HexColor("#1F4E5F")
ACCENT_PALE = colors.HexColor("#E8F0F2")
RULE = colors.HexColor("#C9D1D6")
SEVERITY_COLOURS = {
    "high": colors.HexColor("#A4262C"),
    "medium": colors.HexColor("#9A5B00"),
    "low": colors.HexColor("#4F5B66"),
}
MARGIN = 16 * mm
HEADER_SPACE = 20 * mm
# A cover detail taller than this many lines is printed in full below the cover.
LINES_IN_A_DETAIL = 12
FOOTER_SPACE = 15 * mm


class ReportCancelled(Exception):
    """The user cancelled the export; nothing was written."""


# -- progress and cancel ---------------------------------------------------------------


class Steps:
    """Progress as (done, total) for the GUI, and the one place that notices a cancel."""

    def __init__(
        self,
        total: int,
        progress: Callable[[int, int], None] | None,
        cancelled: Callable[[], bool] | None,
    ) -> None:
        self.total = max(1, total)
        self.done = 0
        self._progress = progress
        self._cancelled = cancelled

    def check(self) -> None:
        if self._cancelled is not None and self._cancelled():
            raise ReportCancelled("Export cancelled.")

    def advance(self, count: int = 1) -> None:
        self.done = min(self.total, self.done + count)
        if self._progress is not None:
            self._progress(self.done, self.total)
        self.check()

    def finish(self) -> None:
        self.done = self.total
        if self._progress is not None:
            self._progress(self.total, self.total)


# -- business branding -----------------------------------------------------------------


@dataclass(frozen=True)
class Branding:
    """The business-wide settings a report prints with."""

    business: str
    logo: bytes | None
    page_size: tuple[float, float]
    show_evaluator_name: bool
    evaluator_name: str
    evaluator_code: str
    lifetime_value: float | None
    currency: str

    @classmethod
    def load(cls, store: Store) -> Branding:
        s = store.settings
        size = str(s.get(keys.PAGE_SIZE) or "A4").strip().lower()
        value = s.get(keys.CUSTOMER_LIFETIME_VALUE)
        try:
            lifetime = float(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            lifetime = None
        logo = s.get(keys.LOGO)
        return cls(
            business=str(s.get(keys.BUSINESS_NAME) or "").strip(),
            logo=logo if isinstance(logo, bytes) and logo else None,
            page_size=LETTER if size in ("letter", "us letter") else A4,
            show_evaluator_name=bool(s.get(keys.SHOW_EVALUATOR_NAME)),
            evaluator_name=str(s.get(keys.EVALUATOR_NAME) or "").strip(),
            evaluator_code=str(s.get(keys.EVALUATOR_CODE) or "").strip(),
            lifetime_value=lifetime if lifetime and lifetime > 0 else None,
            currency=str(s.get(keys.CURRENCY) or "").strip(),
        )

    def evaluator(self, code: str) -> str:
        """The evaluator as printed: the code, plus the real name only if settings allow it.

        The name in settings belongs to whoever uses this copy of Undercover, so it is
        shown only beside that evaluator's own code (or when the visit has no code).
        """
        code = code.strip()
        if (
            self.show_evaluator_name
            and self.evaluator_name
            and (not code or not self.evaluator_code or code == self.evaluator_code)
        ):
            return f"{self.evaluator_name} ({code})" if code else self.evaluator_name
        return code or "not recorded"


# -- styles ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Styles:
    body: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_muted: ParagraphStyle
    cell_right: ParagraphStyle
    head: ParagraphStyle
    head_right: ParagraphStyle
    note: ParagraphStyle
    note_block: ParagraphStyle
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    big_score: ParagraphStyle
    label: ParagraphStyle
    bullet: ParagraphStyle


def make_styles() -> Styles:
    f = fonts()

    def style(name: str, size: float = 9.2, leading: float | None = None, **kw) -> ParagraphStyle:
        kw.setdefault("fontName", f.regular)
        kw.setdefault("bulletFontName", f.regular)
        kw.setdefault("textColor", INK)
        return ParagraphStyle(name, fontSize=size, leading=leading or size * 1.32, **kw)

    return Styles(
        body=style("body", spaceAfter=4),
        small=style("small", 8),
        muted=style("muted", 8, textColor=MUTED),
        cell=style("cell", 8.4),
        cell_bold=style("cell_bold", 8.4, fontName=f.bold),
        cell_muted=style("cell_muted", 7.6, textColor=MUTED),
        cell_right=style("cell_right", 8.4, alignment=TA_RIGHT),
        head=style("head", 7.6, fontName=f.bold),
        head_right=style("head_right", 7.6, fontName=f.bold, alignment=TA_RIGHT),
        note=style("note", 8.2, fontName=f.italic, textColor=colors.HexColor("#39424A")),
        note_block=style("note_block", 8.2, fontName=f.italic, leftIndent=14, spaceBefore=1,
                         spaceAfter=3, textColor=colors.HexColor("#39424A")),
        title=style("title", 20, 24, fontName=f.bold, textColor=ACCENT, spaceAfter=2),
        subtitle=style("subtitle", 13, 17, fontName=f.bold, spaceAfter=4),
        h2=style("h2", 13.5, 17, fontName=f.bold, textColor=ACCENT, spaceBefore=10, spaceAfter=5,
                 keepWithNext=1),
        h3=style("h3", 10.5, 14, fontName=f.bold, spaceBefore=8, spaceAfter=3, keepWithNext=1),
        big_score=style("big_score", 30, 34, fontName=f.bold, textColor=ACCENT),
        label=style("label", 7.6, textColor=MUTED),
        bullet=style("bullet", 9.2, leftIndent=14, bulletIndent=2, spaceAfter=2),
    )


# -- page furniture --------------------------------------------------------------------


class HeaderText(Flowable):
    """An invisible marker: from here on, pages carry ``text`` in their header.

    ``milestone`` marks where a visit starts, so layout progress can be reported.
    """

    def __init__(self, text: str, milestone: bool = False) -> None:
        super().__init__()
        self.text = text
        self.milestone = milestone

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class LineRule(Flowable):
    """A thin rule across the frame, like the lines between table rows."""

    def __init__(self, width: float) -> None:
        super().__init__()
        self.width, self.height = width, 0.4

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return self.width, self.height

    def draw(self) -> None:
        self.canv.setStrokeColor(RULE)
        self.canv.setLineWidth(0.4)
        self.canv.line(0, 0, self.width, 0)


class NumberedCanvas(Canvas):
    """Holds finished pages until the end, so each footer can say "page X of Y"."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        self.footer_text = ""

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._footer(number, total)
            super().showPage()
        super().save()

    def _footer(self, number: int, total: int) -> None:
        width, _ = self._pagesize
        f = fonts()
        self.saveState()
        self.setStrokeColor(RULE)
        self.setLineWidth(0.5)
        self.line(MARGIN, FOOTER_SPACE - 4 * mm, width - MARGIN, FOOTER_SPACE - 4 * mm)
        self.setFillColor(MUTED)
        self.setFont(f.regular, 7.5)
        self.drawString(MARGIN, FOOTER_SPACE - 8 * mm, self.footer_text)
        self.drawRightString(width - MARGIN, FOOTER_SPACE - 8 * mm, f"page {number} of {total}")
        self.restoreState()


class ReportDocument(BaseDocTemplate):
    """One report: branded header, footer with page numbers, PDF metadata, cancel checks."""

    def __init__(
        self,
        buffer: BinaryIO,
        branding: Branding,
        *,
        title: str,
        subject: str,
        footer: str,
        steps: Steps,
    ) -> None:
        width, height = branding.page_size
        super().__init__(
            buffer,
            pagesize=branding.page_size,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=HEADER_SPACE,
            bottomMargin=FOOTER_SPACE,
            title=_metadata(title),
            author=_metadata(branding.business) or "Undercover",
            subject=_metadata(subject),
            creator=f"Undercover {__version__}",
            keywords=["mystery shopping", "findings"],
            pageCompression=1,
            initialFontName=fonts().regular,  # no Helvetica anywhere: every page uses our font
        )
        self.branding = branding
        self.header_text = ""
        self.footer = one_line(footer)
        self.steps = steps
        self._logo = _logo_reader(branding.logo)
        frame = Frame(
            MARGIN, FOOTER_SPACE, width - 2 * MARGIN, height - HEADER_SPACE - FOOTER_SPACE,
            id="body", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0,
        )
        self.addPageTemplates([PageTemplate("page", [frame], onPageEnd=self._furniture)])

    @property
    def frame_size(self) -> tuple[float, float]:
        width, height = self.branding.page_size
        return width - 2 * MARGIN, height - HEADER_SPACE - FOOTER_SPACE

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, HeaderText):
            self.header_text = flowable.text
            if flowable.milestone:
                self.steps.advance()
        self.steps.check()

    def _furniture(self, canv: Canvas, doc: BaseDocTemplate) -> None:
        """The header, drawn when a page is finished so it names what the page shows."""
        width, height = self.branding.page_size
        top = height - 9 * mm
        canv.saveState()
        x = MARGIN
        if self._logo is not None:
            logo_w, logo_h = self._logo.getSize()
            box = 8 * mm
            scale = min(box / logo_h, 30 * mm / logo_w)
            canv.drawImage(
                self._logo, x, top - box + 2.5 * mm, logo_w * scale, logo_h * scale,
                mask="auto",
            )
            x += logo_w * scale + 3 * mm
        room = width - MARGIN - x
        used = draw_line(canv, one_line(self.branding.business) or "Undercover", Face.BOLD,
                         9.5, ACCENT, x, top - 2 * mm, room * 0.55)
        used += 8 * mm
        draw_line(canv, self.header_text, Face.REGULAR, 8, MUTED, x + used, top - 2 * mm,
                  room - used, TA_RIGHT)
        canv.setStrokeColor(ACCENT)
        canv.setLineWidth(1.2)
        canv.line(MARGIN, top - 5 * mm, width - MARGIN, top - 5 * mm)
        canv.restoreState()
        canv.footer_text = self.footer


def _metadata(text: str) -> str:
    """Text for the PDF's document properties: any Unicode, on one line, no control codes."""
    kept = "".join(ch for ch in text if unicodedata.category(ch) not in ("Cc", "Cs"))
    return " ".join(kept.split())


def line_width(text: str, face: Face, size: float) -> float:
    """Width of one line of user text, each piece measured in the font that prints it."""
    return sum(
        stringWidth(piece, script.font_name(face) if script else face.font_name, size)
        for script, piece in runs(text, face)
    )


@lru_cache(maxsize=128)
def clip(text: str, face: Face, size: float, width: float) -> str:
    """``text`` on one line, shortened with "…" to fit ``width`` points (page furniture).

    Cuts by measured width, each piece in the font that prints it: a binary search
    over the length, so a name of 20,000 characters costs a dozen measurements, not
    one per character. Kept, as the same header is drawn on every page.
    """
    text = one_line(text, face)
    if line_width(text, face, size) <= width:
        return text
    # No more characters fit than the narrowest glyph allows (a tenth of the size).
    low, high = 0, min(len(text), int(width / (0.1 * size)) + 1)
    while high - low > 1:
        middle = (low + high) // 2
        if line_width(text[:middle].rstrip() + "…", face, size) <= width:
            low = middle
        else:
            high = middle
    return text[:low].rstrip() + "…"


def draw_line(
    canv: Canvas, text: str, face: Face, size: float, colour: colors.Color, x: float,
    baseline: float, width: float, alignment: int = TA_LEFT,
) -> float:
    """Draw one line of user text (any script, shaped, right to left where it runs so)
    inside ``width`` from ``x``, shortened with "…" if need be; returns its width."""
    style = ParagraphStyle("line", fontName=face.font_name, fontSize=size, leading=size * 1.2,
                           textColor=colour, alignment=alignment)
    room = width
    for _ in range(20):
        text = clip(text, face, size, room)
        paragraph = Paragraph(markup(text, face), style)
        _, height = paragraph.wrap(width, size * 10)
        if height <= style.leading * 1.01:
            break
        room *= 0.9  # shaped text came out wider than measured: shorten a little more
    paragraph.drawOn(canv, x, baseline - style.leading + size)
    return min(width, line_width(text, face, size))


def fitted(
    text: str, style: ParagraphStyle, width: float, lines: int = 4, face: Face = Face.REGULAR
) -> Paragraph:
    """A table-cell paragraph of user text, shortened with "…" to at most ``lines`` lines.

    For names in narrow columns (a location in a list of visits): a table row cannot
    break across pages, so a name of thousands of characters must not make it taller
    than a page. Print the full text once elsewhere, as a paragraph that flows.
    """
    limit = lines * style.leading + 0.5

    def paragraph(candidate: str) -> Paragraph:
        return Paragraph(markup(candidate, face), style)

    whole = paragraph(text)
    if whole.wrap(width, 1e9)[1] <= limit:
        return whole
    # No line holds more characters than the column fits of the narrowest glyph.
    low, high = 0, min(len(text), int(lines * width / (0.1 * style.fontSize)) + 1)
    while high - low > 1:
        middle = (low + high) // 2
        if paragraph(text[:middle].rstrip() + "…").wrap(width, 1e9)[1] <= limit:
            low = middle
        else:
            high = middle
    return paragraph(text[:low].rstrip() + "…")


def details_block(
    rows: list[tuple[str, str]], box: list[Flowable], width: float, s: Styles
) -> list[Flowable]:
    """The cover: labelled details beside a score box; long values flow below it.

    The two sit side by side in a table, and a table row cannot break across
    pages. A value taller than a few lines (a scenario of 80 lines, an address of
    20,000 characters) is printed in full under the block, where it wraps and
    breaks across pages like any paragraph; its row says so.
    """
    box_w, label_w = 150, 62
    value_w = width - box_w - label_w
    cells, below = [], []
    for label, value in rows:
        paragraph = Paragraph(markup(value), s.cell)
        if paragraph.wrap(value_w, 1e9)[1] > LINES_IN_A_DETAIL * s.cell.leading:
            paragraph = Paragraph("in full below", s.cell_muted)
            below += [Paragraph(escape(label.upper()), s.label),
                      Paragraph(markup(value), s.body)]
        cells.append([Paragraph(escape(label), s.label), paragraph])
    details = Table(
        cells,
        colWidths=[label_w, value_w],
        style=table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 1.5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ]),
    )
    block = Table(
        [[details, box]],
        colWidths=[width - box_w, box_w],
        style=table_style([
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (1, 0), (1, 0), ACCENT_PALE),
            ("LEFTPADDING", (0, 0), (0, 0), 0),
            ("LEFTPADDING", (1, 0), (1, 0), 12),
            ("TOPPADDING", (1, 0), (1, 0), 8),
            ("BOTTOMPADDING", (1, 0), (1, 0), 8),
        ]),
    )
    return [block, *([Spacer(1, 6), *below] if below else [])]


def _logo_reader(logo: bytes | None) -> ImageReader | None:
    """The business logo, decoded once per report (it is small); a broken one is left out."""
    if not logo:
        return None
    try:
        reader = ImageReader(BytesIO(logo))
        width, height = reader.getSize()
        if width <= 0 or height <= 0:
            return None
        return reader
    except Exception:  # a damaged logo must not stop a report
        log.warning("the logo in settings is not a readable image; left out of the report")
        return None


def layout(doc: ReportDocument, story: list[Flowable]) -> bytes:
    """Lay the story out into PDF bytes (photos still as placeholders).

    Every user text is laid out so it can break across pages; should something
    still not fit on a page, the user gets a plain message, not ReportLab's dump.
    """
    try:
        doc.build(story, canvasmaker=NumberedCanvas)
    except LayoutError as exc:
        log.error("report layout failed: %s", exc)
        raise UndercoverError(
            "Something in this report is too large to fit on a page; please report it "
            "with the visit."
        ) from exc
    buffer = doc.filename
    return buffer.getvalue()


def _cell_height(cell: object, width: float) -> float:
    if isinstance(cell, Flowable):
        return cell.wrap(width, 1e9)[1]
    if isinstance(cell, list | tuple):
        return sum(_cell_height(part, width) for part in cell)
    return 12.0 * (str(cell).count("\n") + 1)


def row_tables(
    header: list, rows: list[list], widths: list[float], style: TableStyle, page_height: float
) -> list[Flowable]:
    """A long table as flowables that break between rows, never inside a row of normal size.

    A row taller than a page (a very long finding) gets a table of its own that may split
    inside the row; ReportLab splits such a row cleanly only when it is the first below
    the header, so this keeps every other row whole.
    """
    padding = 10.0
    tables: list[Flowable] = []
    pending: list[list] = []

    def emit(chunk: list[list], split_in_row: int) -> None:
        if chunk:
            tables.append(Table([header, *chunk], colWidths=widths, repeatRows=1,
                                splitInRow=split_in_row, style=style))

    for row in rows:
        tallest = max(_cell_height(cell, w - padding) for cell, w in zip(row, widths, strict=True))
        if tallest + padding > page_height * 0.9:
            emit(pending, 0)
            pending = []
            emit([row], 1)
        else:
            pending.append(row)
    emit(pending, 0)
    return tables


def table_style(commands: list[tuple]) -> TableStyle:
    """A TableStyle that draws plain-string cells in our font (the default is Helvetica)."""
    return TableStyle([("FONTNAME", (0, 0), (-1, -1), fonts().regular), *commands])


def hex_colour(colour: colors.Color) -> str:
    """A colour as Paragraph markup wants it: "#a4262c"."""
    return "#" + colour.hexval()[2:]
