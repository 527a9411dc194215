"""The photo appendix of a visit: every photo, large, with what it shows and why it matters.

Photos sit in a centred grid of two columns, two rows a page, each with its
caption, the question it belongs to and the findings it is evidence for.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from undercover.domain.checklist import Checklist
from undercover.domain.describe import describe_answer
from undercover.domain.visit import Finding, Photo, Visit
from undercover.report.fonts import Face, fonts
from undercover.report.jpeg_images import PhotoEmbedder, PhotoFlowable
from undercover.report.layout import Styles, table_style
from undercover.report.shaping import Paragraph
from undercover.report.text import markup

# Caption lines that fit under a photo in its grid cell; a longer caption flows below.
CAPTION_ROOM = 140.0


class PhotoAppendix:
    def __init__(
        self,
        visit: Visit,
        checklist: Checklist,
        findings: list[Finding],
        number: dict[str, int],
        photos: PhotoEmbedder,
        styles: Styles,
        frame: tuple[float, float],
    ) -> None:
        self.visit, self.checklist, self.findings = visit, checklist, findings
        self.number, self.photos, self.s = number, photos, styles
        self.width, self.height = frame

    def flowables(self) -> list[Flowable]:
        if not self.visit.photos:
            return []
        s = self.s
        font = fonts().regular
        findings_for: dict[str, list[Finding]] = {}
        for finding in self.findings:
            for photo_id in finding.photo_ids:
                findings_for.setdefault(photo_id, []).append(finding)
        parts: list[Flowable] = [
            PageBreak(),
            Paragraph("Photo appendix", s.h2),
            Paragraph("Every photo taken on this visit, as it was stored, with the question "
                      "it belongs to.", s.muted),
            Spacer(1, 6),
        ]
        # A grid of two columns and two rows a page, each photo centred in its cell,
        # with room for up to five caption lines below it.
        gap = 14
        cell_w = (self.width - gap) / 2
        photo_h = (self.height - 150) / 2 - 70
        cells: list[list[Flowable]] = []
        below: dict[int, list[Flowable]] = {}  # captions too long for a cell, after its row
        for photo in self.visit.photos:
            image = self.photos.image(photo.id)
            caption = self._photo_caption(photo, findings_for.get(photo.id, []))
            tall = sum(p.wrap(cell_w - gap / 2, 1e9)[1] for p in caption)
            if tall > CAPTION_ROOM:  # a table cell cannot break across pages
                below[len(cells)] = caption
                caption = [Paragraph(f"<b>Photo {self.number[photo.id]}</b> · caption in full "
                                     "below", s.cell_muted)]
            cells.append([PhotoFlowable(image, cell_w, photo_h, font), Spacer(1, 4), *caption])
        for i in range(0, len(cells), 2):
            pair = cells[i:i + 2]  # a photo left alone on its row sits in the middle
            parts.append(Table(
                [pair], colWidths=[cell_w + gap / 2] * len(pair), hAlign="CENTER",
                style=table_style([
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("ALIGN", (0, 0), (-1, -1), "CENTER"),
                    ("LEFTPADDING", (0, 0), (-1, -1), gap / 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), gap / 4),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 12),
                ]),
            ))
            for index in (i, i + 1):
                if index in below:
                    parts += [*below[index], Spacer(1, 8)]
        return parts

    def _photo_caption(self, photo: Photo, findings: list[Finding]) -> list[Flowable]:
        s = self.s
        title = f"<b>Photo {self.number[photo.id]}</b>"
        if photo.caption.strip():
            title += " · " + markup(photo.caption)
        lines: list[Flowable] = [Paragraph(title, s.cell)]
        if photo.question_id and self.checklist.has_question(photo.question_id):
            question = self.checklist.question(photo.question_id)
            section = self.checklist.section_of(photo.question_id)
            answer = describe_answer(question, self.visit.answers.get(question.id))
            lines.append(Paragraph(
                f"Question: {markup(question.text)} <i>({markup(section.title, Face.ITALIC)})"
                f"</i> · Answer: {markup(answer)}", s.cell))
        else:
            lines.append(Paragraph("Not attached to a question.", s.cell_muted))
        for finding in findings:
            lines.append(Paragraph(
                f"Evidence for a {finding.kind.label.lower()}: {markup(finding.summary)}",
                s.cell))
        taken = f"Taken {photo.taken_at[:16].replace('T', ' ')} · " if photo.taken_at else ""
        lines.append(Paragraph(
            f"{taken}{markup(photo.file_name)} · {photo.width} × {photo.height} px",
            s.cell_muted))
        return lines

