"""Findings of one visit as an owner hands them to staff.

Order follows what the owner needs first: who, where and the overall score;
an executive summary; the leaks and missed opportunities with their evidence;
every answer by section; then the photos, large, with what each shows.
Several visits go into one PDF one after another, each from a new page.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from undercover.domain.checklist import Checklist, FindingKind, Question, QuestionKind, Section
from undercover.domain.findings import confirmed, describe_answer, top_actions
from undercover.domain.scoring import Scorecard, question_score, score_visit
from undercover.domain.visit import Assessment, Finding, Location, Photo, Visit
from undercover.errors import UndercoverError
from undercover.outputs import atomic_output
from undercover.report.charts import pillar_bars
from undercover.report.fonts import Face, fonts
from undercover.report.jpeg_images import PhotoEmbedder, PhotoFlowable
from undercover.report.layout import (
    ACCENT,
    ACCENT_PALE,
    RULE,
    SEVERITY_COLOURS,
    Branding,
    HeaderText,
    LineRule,
    ReportDocument,
    Steps,
    Styles,
    details_block,
    hex_colour,
    layout,
    make_styles,
    row_tables,
    table_style,
)
from undercover.report.shaping import Paragraph
from undercover.report.text import long_date, markup, one_line, score, short_date, time_range
from undercover.store import Store

FINDING_INTRO = {
    FindingKind.LEAK: "Moments where a customer would be lost, or had to work too hard.",
    FindingKind.MISSED: "Value left on the table: what would have served the customer better.",
}
FINDING_HEADINGS = {FindingKind.LEAK: "Leaks", FindingKind.MISSED: "Missed opportunities"}
THUMBS_PER_FINDING = 2
# Notes and written answers longer than this print as paragraphs below their question
# rather than inside the table: a paragraph breaks across pages cleanly, a table cell may not.
LONG_IN_TABLE = 600
LINES_IN_TABLE = 8


def _too_long_for_a_cell(text: str) -> bool:
    return len(text) > LONG_IN_TABLE or text.count("\n") >= LINES_IN_TABLE


def export_visits(
    store: Store,
    visit_ids: Sequence[str],
    output: Path,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the findings of each visit, one after another, into one PDF at ``output``.

    Raises ReportCancelled when ``cancelled()`` turns true, UndercoverError for
    problems the user can fix; in both cases ``output`` is left untouched.
    """
    ids = list(dict.fromkeys([visit_ids] if isinstance(visit_ids, str) else visit_ids))
    if not ids:
        raise UndercoverError("Choose at least one visit to export.")
    output = Path(output).expanduser()
    fonts()  # before the output opens: a missing font is not a write error
    branding = Branding.load(store)
    steps = Steps(2 * len(ids) + 1, progress, cancelled)
    with atomic_output(output, store.path) as out:
        loaded = []
        for visit_id in ids:
            steps.check()
            visit = store.visits.get(visit_id)
            checklist = store.checklists.get(visit.checklist_key, visit.checklist_version)
            loaded.append((visit, checklist, store.locations.get(visit.location_id)))
        steps.total = 2 * len(ids) + sum(len(v.photos) for v, _, _ in loaded) + 1
        photos = PhotoEmbedder(
            lambda photo_id, variant: (
                store.photos.jpeg(photo_id) if variant == "jpeg"
                else store.photos.thumbnail(photo_id)
            )
        )
        first_visit, _, first_location = loaded[0]
        title = (
            f"Visit findings: {first_location.name}, {short_date(first_visit.date)}"
            if len(loaded) == 1 else f"Visit findings: {len(loaded)} visits"
        )
        doc = ReportDocument(
            BytesIO(),
            branding,
            title=title,
            subject="Mystery-shopper findings: leaks, missed opportunities, answers and photos",
            footer=f"Visit findings · prepared {short_date(date.today().isoformat())} "
                   "with Undercover",
            steps=steps,
        )
        styles = make_styles()
        story: list[Flowable] = []
        for index, (visit, checklist, location) in enumerate(loaded):
            if index:
                story.append(PageBreak())
            builder = VisitFindings(
                visit, checklist, location, branding, styles, photos, doc.frame_size
            )
            story.extend(builder.story())
            steps.advance()
        pdf = layout(doc, story)
        photos.write(pdf, out, steps.advance)
    steps.finish()
    return output


class VisitFindings:
    """The flowables for one visit."""

    def __init__(
        self,
        visit: Visit,
        checklist: Checklist,
        location: Location,
        branding: Branding,
        styles: Styles,
        photos: PhotoEmbedder,
        frame: tuple[float, float],
    ) -> None:
        self.visit = visit
        self.checklist = checklist
        self.location = location
        self.branding = branding
        self.s = styles
        self.photos = photos
        self.width, self.height = frame
        self.card: Scorecard = score_visit(checklist, visit.answers)
        self.number = {photo.id: i for i, photo in enumerate(visit.photos, start=1)}
        self.photo_by_id = {photo.id: photo for photo in visit.photos}
        self.findings = confirmed(visit.findings)

    def story(self) -> list[Flowable]:
        where = one_line(self.location.name)
        parts: list[Flowable] = [
            HeaderText(f"Visit findings · {where} · {short_date(self.visit.date)}",
                       milestone=True)
        ]
        parts += self.cover()
        parts += self.executive_summary()
        for kind in FindingKind:
            parts += self.finding_table(kind)
        parts += self.answers()
        parts += self.appendix()
        return parts

    # -- cover -------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        s, visit = self.s, self.visit
        when = long_date(visit.date)
        times = time_range(visit.started_at, visit.ended_at)
        rows = [
            ("Date", f"{when}, {times}" if times else when),
            ("Channel", visit.channel.label),
            ("Scenario", visit.scenario or "not recorded"),
            ("Evaluator", self.branding.evaluator(visit.evaluator_code)),
            ("Checklist", f"{self.checklist.title} (version {self.checklist.version})"),
            ("Status", "Completed" if visit.completed
             else "Draft: not finished, so scores may still change"),
        ]
        if self.location.address:
            rows.insert(0, ("Address", self.location.address))
        if visit.assessment is Assessment.SELF:
            rows.append(("Kind", "Self-assessment: how the owner believes a visit goes, "
                                 "not an observed visit"))
        box = [
            Paragraph("OVERALL SCORE", s.label),
            Paragraph(score(self.card.overall), s.big_score),
            Paragraph("out of 100" if self.card.overall is not None
                      else "not enough answers", s.muted),
            Spacer(1, 4),
            Paragraph(f"{self.card.answered} of {self.card.total} questions answered", s.muted),
        ]
        if self.card.flagged:
            box.insert(3, Paragraph(
                f'<font color="{hex_colour(SEVERITY_COLOURS["high"])}"><b>Critical flag</b>'
                "</font>", s.cell))
        return [
            Paragraph("Visit findings", s.title),
            Paragraph(markup(self.location.name, Face.BOLD), s.subtitle),
            Spacer(1, 4),
            *details_block(rows, box, self.width, s),
        ]

    # -- executive summary -------------------------------------------------------------

    def executive_summary(self) -> list[Flowable]:
        s, card = self.s, self.card
        chart_width = self.width * 0.58
        reading = card.authenticity
        authenticity = [
            Paragraph("SCRIPTED OR AUTHENTIC", s.label),
            Paragraph(
                f"<b>{markup(reading.label)}</b>"
                + (f" · {score(reading.score)}/100" if reading.score is not None else ""),
                s.body,
            ),
            Paragraph(markup(reading.sentence), s.cell),
        ]
        top = Table(
            [[pillar_bars(card.pillars, chart_width), authenticity]],
            colWidths=[chart_width, self.width - chart_width],
            style=table_style([
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (0, 0), 0),
                ("LEFTPADDING", (1, 0), (1, 0), 10),
                ("LINEBEFORE", (1, 0), (1, 0), 0.5, RULE),
            ]),
        )
        parts: list[Flowable] = [
            Paragraph("Executive summary", s.h2),
            Paragraph("PILLARS OF THE CUSTOMER-CENTRIC MODEL (0–100)", s.label),
            top,
            Spacer(1, 6),
            Paragraph(f"<b>Which part of the model needs work.</b> {markup(card.needs_work)}",
                      s.body),
        ]
        failures = [self.checklist.question(q) for q in card.critical_failures
                    if self.checklist.has_question(q)]
        if failures:
            parts.append(Paragraph("<b>Critical flags.</b> A critical question went badly, "
                                   "which flags the whole visit whatever the average:", s.body))
            for question in failures:
                answer = describe_answer(question, self.visit.answers.get(question.id))
                parts.append(Paragraph(
                    f"{markup(question.text)} <b>{markup(answer, Face.BOLD)}</b>",
                    s.bullet, bulletText="!"))
        else:
            parts.append(Paragraph("<b>Critical flags.</b> None: no critical question went "
                                   "badly.", s.body))
        actions = top_actions(self.checklist, self.visit.answers, self.visit.findings, 3)
        parts.append(Paragraph("Top three actions", s.h3))
        if actions:
            parts += [Paragraph(markup(a), s.bullet, bulletText=f"{i}.")
                      for i, a in enumerate(actions, start=1)]
        else:
            parts.append(Paragraph("Nothing stands out: no finding or low answer suggests an "
                                   "action.", s.body))
        parts.append(Spacer(1, 4))
        parts.append(Paragraph(self._at_a_glance(), s.muted))
        return parts

    def _at_a_glance(self) -> str:
        leaks = [f for f in self.findings if f.kind is FindingKind.LEAK]
        missed = [f for f in self.findings if f.kind is FindingKind.MISSED]
        high = sum(1 for f in leaks if f.severity.rank == 3)
        parts = [
            f"{len(leaks)} leak{'s' * (len(leaks) != 1)}" + (f" ({high} high)" if high else ""),
            f"{len(missed)} missed opportunit{'ies' if len(missed) != 1 else 'y'}",
            f"{len(self.visit.photos)} photo{'s' * (len(self.visit.photos) != 1)}",
        ]
        return "At a glance: " + " · ".join(parts)

    # -- leaks and missed opportunities ------------------------------------------------

    def finding_table(self, kind: FindingKind) -> list[Flowable]:
        s = self.s
        findings = [f for f in self.findings if f.kind is kind]
        parts: list[Flowable] = [
            CondPageBreak(120),
            Paragraph(FINDING_HEADINGS[kind], s.h2),
            Paragraph(FINDING_INTRO[kind], s.muted),
            Spacer(1, 4),
        ]
        if not findings:
            parts.append(Paragraph(f"No {FINDING_HEADINGS[kind].lower()} were recorded on "
                                   "this visit.", s.body))
            return parts
        photo_w = 86
        fixed = 50 + 70 + photo_w
        what_w = (self.width - fixed) * 0.55
        rec_w = self.width - fixed - what_w
        header = [Paragraph(t, s.head) for t in
                  ("Severity", "What happened", "Where", "What to do", "Evidence")]
        rows: list[list] = []
        for finding in findings:
            rows.append([
                self._severity(finding),
                self._what_happened(finding),
                Paragraph(markup(self._where(finding)), s.cell),
                Paragraph(markup(finding.recommendation) or "–", s.cell),
                self._evidence_photos(finding, photo_w - 8),
            ])
        parts += row_tables(header, rows, [50, what_w, 70, rec_w, photo_w],
                            self._table_style(), self.height)
        return parts

    def _severity(self, finding: Finding) -> Paragraph:
        colour = hex_colour(SEVERITY_COLOURS[finding.severity.value])
        return Paragraph(f'<font color="{colour}"><b>{finding.severity.label}</b></font>',
                         self.s.cell)

    def _what_happened(self, finding: Finding) -> list[Flowable]:
        cell: list[Flowable] = [Paragraph(markup(finding.summary), self.s.cell)]
        if finding.evidence.strip():
            cell.append(Paragraph("Evidence: " + markup(finding.evidence, Face.ITALIC),
                                  self.s.note))
        return cell

    def _where(self, finding: Finding) -> str:
        if finding.where.strip():
            return finding.where
        if finding.question_id and self.checklist.has_question(finding.question_id):
            return self.checklist.section_of(finding.question_id).title
        return "–"

    def _evidence_photos(self, finding: Finding, width: float) -> list[Flowable] | Paragraph:
        ids = [p for p in finding.photo_ids if p in self.photo_by_id]
        if not ids:
            return Paragraph("–", self.s.cell_muted)
        font = fonts().regular
        cell: list[Flowable] = []
        for photo_id in ids[:THUMBS_PER_FINDING]:
            # The full JPEG, the same XObject as in the appendix: embedded once, drawn twice.
            cell.append(PhotoFlowable(self.photos.image(photo_id), width, width * 0.75, font))
            cell.append(Spacer(1, 2))
        numbers = ", ".join(str(n) for n in sorted(self.number[p] for p in ids))
        label = "Photo" if len(ids) == 1 else "Photos"
        cell.append(Paragraph(f"{label} {numbers}", self.s.cell_muted))
        return cell

    def _table_style(self) -> TableStyle:
        commands = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("BACKGROUND", (0, 0), (-1, 0), ACCENT_PALE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
            ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
            ("LEFTPADDING", (0, 0), (-1, -1), 4),
            ("RIGHTPADDING", (0, 0), (-1, -1), 4),
            ("TOPPADDING", (0, 0), (-1, -1), 3),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
        ]
        return table_style(commands)

    # -- answers by section ------------------------------------------------------------

    def answers(self) -> list[Flowable]:
        s = self.s
        parts: list[Flowable] = [
            CondPageBreak(160),
            Paragraph("Answers by section", s.h2),
            Paragraph("Scores run from 0 to 100. N/A and unanswered questions are left out of "
                      "every average, never counted as zero.", s.muted),
        ]
        photos_for: dict[str, list[int]] = {}
        for photo in self.visit.photos:
            if photo.question_id:
                photos_for.setdefault(photo.question_id, []).append(self.number[photo.id])
        for section in self.checklist.sections:
            section_score = self.card.sections.get(section.id)
            heading = markup(section.title) + (
                f" · {score(section_score)}/100" if section_score is not None else
                " · not scored")
            parts.append(Paragraph(heading, s.h3))
            parts += self._section_answers(section, photos_for)
        return parts

    def _section_answers(
        self, section: Section, photos_for: dict[str, list[int]]
    ) -> list[Flowable]:
        """A section's answers as a table; long notes and texts as paragraphs between its parts.

        A note of a few lines stays under its question, inside the table. A longer one
        is printed as a paragraph of its own, which breaks across pages cleanly, and the
        table carries on after it.
        """
        s = self.s
        q_w, score_w = self.width * 0.47, 44
        widths = [q_w, self.width - q_w - score_w, score_w]
        parts: list[Flowable] = []
        rows: list[list] = []
        style: list[tuple] = []

        def flush() -> None:
            if rows:
                header = not parts
                if header:
                    rows.insert(0, [Paragraph("Question", s.head), Paragraph("Answer", s.head),
                                    Paragraph("Score", s.head_right)])
                commands = [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 4),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 4),
                    ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ]
                if header:
                    commands += [("BACKGROUND", (0, 0), (-1, 0), ACCENT_PALE),
                                 ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT)]
                shift = 1 if header else 0
                for name, (c0, r0), (c1, r1), *args in style:
                    commands.append((name, (c0, r0 + shift), (c1, r1 + shift), *args))
                parts.append(Table(list(rows), colWidths=widths, repeatRows=shift,
                                   style=table_style(commands)))
            rows.clear()
            style.clear()

        for question in section.questions:
            answer = self.visit.answers.get(question.id)
            written = answer.text.strip() if answer is not None and not answer.na else ""
            long_text = question.kind is QuestionKind.TEXT and _too_long_for_a_cell(written)
            rows.append([
                self._question_cell(question),
                self._answer_cell(question, photos_for.get(question.id, []), long_text),
                Paragraph(self._score_text(question), s.cell_right),
            ])
            first = len(rows) - 1
            note = answer.note.strip() if answer is not None else ""
            blocks = []
            if long_text:
                blocks.append("Answer: " + markup(written, Face.ITALIC))
            if note and (long_text or _too_long_for_a_cell(note)):
                blocks.append("Note: " + markup(note, Face.ITALIC))
            elif note:
                rows.append([Paragraph("Note: " + markup(note, Face.ITALIC), s.note), "", ""])
                last = len(rows) - 1
                style += [("SPAN", (0, last), (-1, last)),
                          ("TOPPADDING", (0, last), (-1, last), 0),
                          ("LEFTPADDING", (0, last), (-1, last), 14),
                          ("NOSPLIT", (0, first), (-1, last))]
            style.append(("LINEBELOW", (0, len(rows) - 1), (-1, len(rows) - 1), 0.4, RULE))
            if blocks:
                flush()
                parts += [Paragraph(block, s.note_block) for block in blocks]
                parts.append(LineRule(self.width))
        flush()
        return parts

    def _question_cell(self, question: Question) -> Paragraph:
        text = markup(question.text)
        if question.critical:
            text += ' <font size="7" color="#A4262C"><b>CRITICAL</b></font>'
        return Paragraph(text, self.s.cell)

    def _answer_cell(
        self, question: Question, photo_numbers: list[int], written_below: bool = False
    ) -> list[Flowable]:
        answer = self.visit.answers.get(question.id)
        described = "Written answer below" if written_below else describe_answer(question, answer)
        unanswered = answer is None or not answer.given
        cell: list[Flowable] = [
            Paragraph(markup(described), self.s.cell_muted if unanswered else self.s.cell)
        ]
        if photo_numbers:
            label = "Photo" if len(photo_numbers) == 1 else "Photos"
            cell.append(Paragraph(f"{label} {', '.join(map(str, photo_numbers))} in the "
                                  "appendix", self.s.cell_muted))
        return cell

    def _score_text(self, question: Question) -> str:
        answer = self.visit.answers.get(question.id)
        if answer is not None and answer.na:
            return "N/A"
        value = question_score(question, answer)
        return score(value)

    # -- photo appendix ----------------------------------------------------------------

    def appendix(self) -> list[Flowable]:
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
        # Two photos a page: room for the heading and up to five caption lines each.
        max_h = (self.height - 200) / 2
        for photo in self.visit.photos:
            image = self.photos.image(photo.id)
            block = [
                PhotoFlowable(image, self.width, max_h, font),
                Spacer(1, 4),
                *self._photo_caption(photo, findings_for.get(photo.id, [])),
                Spacer(1, 12),
            ]
            parts.append(KeepTogether(block))
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

