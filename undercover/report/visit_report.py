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
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from undercover.domain.checklist import (
    Checklist,
    FindingKind,
    Pillar,
    Question,
    QuestionKind,
    Section,
)
from undercover.domain.findings import confirmed, describe_answer, unraised
from undercover.domain.scoring import Scorecard, in_service_score, question_score, score_visit
from undercover.domain.visit import Finding, Location, Visit
from undercover.errors import UndercoverError
from undercover.outputs import atomic_output
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
    hex_colour,
    layout,
    make_styles,
    row_tables,
    table_style,
)
from undercover.report.shaping import Paragraph
from undercover.report.text import markup, one_line, score, short_date
from undercover.report.visit_appendix import PhotoAppendix
from undercover.report.visit_front import Context, FrontPage, visit_context
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
            checklist = store.checklists.get(
                visit.checklist_key, visit.checklist_version).for_channel(visit.channel)
            location = store.locations.get(visit.location_id)
            loaded.append((visit, checklist, location, visit_context(store, visit, location)))
        steps.total = 2 * len(ids) + sum(len(v[0].photos) for v in loaded) + 1
        photos = PhotoEmbedder(
            lambda photo_id, variant: (
                store.photos.jpeg(photo_id) if variant == "jpeg"
                else store.photos.thumbnail(photo_id)
            )
        )
        first_visit, _, first_location, _ = loaded[0]
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
        for index, (visit, checklist, location, context) in enumerate(loaded):
            if index:
                story.append(PageBreak())
            builder = VisitFindings(
                visit, checklist, location, branding, styles, photos, doc.frame_size, context
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
        context: Context | None = None,
    ) -> None:
        self.context = context
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
        parts += FrontPage(self.visit, self.checklist, self.location, self.branding, self.s,
                           self.width, self.card, self.findings, self.context).flowables()
        for kind in FindingKind:
            parts += self.finding_table(kind)
        parts += self.unraised_table()
        parts += self.answers()
        parts += PhotoAppendix(self.visit, self.checklist, self.findings, self.number,
                               self.photos, self.s, (self.width, self.height)).flowables()
        return parts

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

    def unraised_table(self) -> list[Flowable]:
        """Low answers on leak and missed-opportunity questions that no finding covers."""
        s = self.s
        low = unraised(self.checklist, self.visit.answers, self.visit.findings)
        if not low:
            return []
        parts: list[Flowable] = [
            CondPageBreak(100),
            Paragraph("Low answers not raised as findings", s.h2),
            Paragraph("These answers scored below 50 on questions that can suggest a leak or a "
                      "missed opportunity, but no finding was confirmed for them. They still "
                      "count in every score.", s.muted),
            Spacer(1, 4),
        ]
        header = [Paragraph(t, s.head) for t in ("Kind", "Question and answer", "Score",
                                                  "Why not raised")]
        rows: list[list] = []
        for item in low:
            assert item.question.finding is not None
            answer = describe_answer(item.question, item.answer)
            cell = [Paragraph(f"{markup(item.question.text)} <b>{markup(answer, Face.BOLD)}</b>",
                              s.cell)]
            if item.answer.note.strip():
                cell.append(Paragraph("Note: " + markup(item.answer.note, Face.ITALIC), s.note))
            rows.append([
                Paragraph(item.question.finding.label, s.cell),
                cell,
                Paragraph(score(item.score), s.cell_right),
                Paragraph("Dismissed by the evaluator" if item.dismissed
                          else "Not reviewed yet", s.cell),
            ])
        parts += row_tables(header, rows, [70, self.width - 70 - 40 - 100, 40, 100],
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
            return self.checklist.moment_of(finding.question_id)
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
        shown = ids[:THUMBS_PER_FINDING]
        numbers = ", ".join(str(self.number[p]) for p in shown)
        label = "Photo" if len(shown) == 1 else "Photos"
        rest = ", ".join(str(self.number[p]) for p in ids[len(shown):])
        text = f"{label} {numbers}" + (f"; also {rest} in the appendix" if rest else "")
        cell.append(Paragraph(text, self.s.cell_muted))
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
        pillars = {p.label.casefold(): p for p in Pillar}
        for section in self.checklist.sections:
            section_score = self.card.sections.get(section.id)
            heading = markup(section.title) + (
                f" · section score {score(section_score)}/100" if section_score is not None
                else " · the evaluator's own verdict, not scored"
                if not any(in_service_score(q) for q in section.questions)
                else " · not scored")
            parts.append(Paragraph(heading, s.h3))
            pillar = pillars.get(section.title.strip().casefold())
            if pillar is not None and section_score is not None:  # older checklists did
                parts.append(Paragraph(
                    f"This section score covers only the questions below. The "
                    f"{pillar.label} pillar on page 1 ({score(self.card.pillars[pillar])}/100) "
                    "gathers every question tagged with it, across all sections.", s.muted))
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

        skipped = []
        for question in section.questions:
            answer = self.visit.answers.get(question.id)
            if not self.visit.completed and (answer is None or not answer.given):
                skipped.append(question)  # a draft: one line for what is still open
                continue
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
        if skipped:
            every = " (the whole section)" if len(skipped) == len(section.questions) else ""
            parts.append(Paragraph(
                f"Not answered yet: {len(skipped)} question{'s' * (len(skipped) != 1)}{every}.",
                s.muted))
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
        if not in_service_score(question):
            return ""  # free text and the customer's own likelihoods are never scored
        if answer is not None and answer.na:
            return "N/A"
        value = question_score(question, answer)
        return score(value)
