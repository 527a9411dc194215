"""Summary findings across visits: one location, a period, or everything.

What an owner reads first: how the period went overall and what keeps going
wrong (recurring leaks and missed opportunities, with the money at stake when
a customer lifetime value is set); then the trend, the locations side by side,
belief against observation, sections, and the list of visits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from io import BytesIO
from pathlib import Path

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    LongTable,
    Spacer,
    Table,
)

from undercover.domain.checklist import FindingKind, Pillar
from undercover.domain.visit import Assessment, VisitStatus
from undercover.errors import one_line_message
from undercover.outputs import atomic_output
from undercover.report.charts import pillar_bars
from undercover.report.charts import score_bar as score_bar_drawing
from undercover.report.fonts import Face, fonts
from undercover.report.layout import (
    SEVERITY_COLOURS,
    Branding,
    HeaderText,
    ReportDocument,
    Steps,
    Styles,
    details_block,
    fitted,
    hex_colour,
    layout,
    make_styles,
    row_tables,
)
from undercover.report.shaping import Paragraph
from undercover.report.summary_compare import SummaryComparisons
from undercover.report.summary_data import Recurring, Summary, period, summarise
from undercover.report.summary_tables import (
    header_widths,
    money_sentence,
    summary_table_style,
)
from undercover.report.text import markup, one_line, score, short_date
from undercover.store import Store

RECURRING_SHOWN = 15
RATE_INTRO = (
    "Counted from the answers of the counted customer visits: a question counts on a visit "
    "when it was answered below 50 or a finding was confirmed for it, whether or not the "
    "evaluator raised one. Most frequent first."
)


def export_summary(
    store: Store,
    output: Path,
    location: str | None = None,
    since: str | None = None,
    until: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    problems: list[str] | None = None,
) -> Path:
    """Write the summary of the visits in scope (all locations when ``location`` is None).

    Raises ReportCancelled when ``cancelled()`` turns true, UndercoverError for an
    unknown location, a bad date, no visits in scope or an unwritable ``output``.
    Visits that cannot be read are left out, counted in the PDF and, when ``problems``
    is given, named in it one line each.
    """
    output = Path(output).expanduser()
    fonts()  # before the output opens: a missing font is not a write error
    branding = Branding.load(store)
    steps = Steps(3, progress, cancelled)
    with atomic_output(output, store.path) as out:
        steps.check()

        def step(total: int) -> None:
            steps.total = total + 2
            steps.advance()

        summary = summarise(store, location, since, until, step, problems)
        doc = ReportDocument(
            BytesIO(),
            branding,
            title=f"Summary of findings: {summary.scope}",
            subject="Mystery-shopper findings across visits: trends, locations, recurring "
                    "leaks and missed opportunities",
            footer=f"Summary of findings · prepared {short_date(date.today().isoformat())} "
                   "with Undercover",
            steps=steps,
        )
        builder = SummaryFindings(summary, branding, make_styles(), doc.frame_size)
        pdf = layout(doc, builder.story())
        steps.advance()
        out.write(pdf)  # a summary has no photos to stream in
    steps.finish()
    return output


class SummaryFindings:
    """The flowables of one summary."""

    def __init__(
        self, summary: Summary, branding: Branding, styles: Styles, frame: tuple[float, float]
    ) -> None:
        self.summary = summary
        self.branding = branding
        self.s = styles
        self.width, self.height = frame

    def story(self) -> list[Flowable]:
        scope = one_line(self.summary.scope)
        parts: list[Flowable] = [HeaderText(f"Summary of findings · {scope}")]
        parts += self.cover()
        parts += self.recurring_findings()
        compare = SummaryComparisons(self.summary, self.branding, self.s,
                                     (self.width, self.height), self._recurring_table)
        parts += compare.change()
        parts += compare.trend()
        parts += compare.locations()
        parts += compare.business()
        parts += compare.internal()
        parts += compare.belief()
        parts += compare.behaviours()
        parts += self.sections()
        parts += self.visit_list()
        return parts

    # -- overview ----------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        s, summary, figures = self.s, self.summary, self.summary.overall
        facts = summary.facts
        drafts = sum(1 for f in facts if f.row.status is VisitStatus.DRAFT
                     and f.row.assessment is Assessment.OBSERVED)
        selfs = sum(1 for f in facts if f.row.assessment is Assessment.SELF)
        first, last = min(f.row.date for f in facts), max(f.row.date for f in facts)
        rows = [
            ("Locations", summary.location or f"All locations ({len(summary.by_location)} with "
                                              "completed visits)"),
            ("Period", _period_text(summary, first, last)),
            ("Counted", f"{len(summary.counted)} completed customer visit"
                        f"{'s' * (len(summary.counted) != 1)}"),
        ]
        not_counted = []
        colleagues = len(summary.internal_counted)
        if colleagues:
            not_counted.append(f"{colleagues} colleague visit{'s' * (colleagues != 1)} "
                               "(internal customers: their own section)")
        if drafts:
            not_counted.append(f"{drafts} draft{'s' * (drafts != 1)}")
        if selfs:
            not_counted.append(f"{selfs} self-assessment{'s' * (selfs != 1)} (shown as belief)")
        if not_counted:
            rows.append(("Not counted", ", ".join(not_counted)))
        if summary.left_out:
            rows.append(("Left out", _left_out_text(summary)))
        rows.append(("Flagged", f"{figures.flagged} visit{'s' * (figures.flagged != 1)} with a "
                                "critical question gone badly"))
        box = [
            Paragraph("AVERAGE SCORE", s.label),
            Paragraph(score(figures.overall), s.big_score),
            Paragraph("out of 100" if figures.overall is not None else "no completed visits",
                      s.muted),
        ]
        parts: list[Flowable] = [
            Paragraph("Summary of findings", s.title),
            Paragraph(markup(summary.location or "All locations", Face.BOLD), s.subtitle),
            Spacer(1, 4),
            *details_block(rows, box, self.width, s),
            Paragraph("Overview", s.h2),
            Paragraph("PILLARS OF THE CUSTOMER-CENTRIC MODEL, AVERAGE OF COUNTED VISITS (0–100)",
                      s.label),
            pillar_bars(figures.pillars, self.width * 0.62),
            Spacer(1, 4),
            Paragraph(f"<b>Which part of the model needs work.</b> {markup(figures.needs_work)}",
                      s.body),
        ]
        if figures.authenticity is not None:
            parts.append(Paragraph(
                f"<b>Scripted or authentic.</b> {score(figures.authenticity)}/100 on average on "
                f"the scripted-to-authentic questions: {_authenticity_words(figures.authenticity)}",
                s.body))
        parts += self.money_at_risk()
        return parts

    def money_at_risk(self) -> list[Flowable]:
        """Customers at risk from leaks, priced only with the owner's stated assumption."""
        text = money_sentence(self.summary.overall, self.branding.lifetime_value,
                              self.branding.currency)
        if not text:
            return []
        return [Paragraph(f"<b>Customers at risk from leaks.</b> {markup(text)}", self.s.body)]

    # -- recurring findings ------------------------------------------------------------

    def recurring_findings(self) -> list[Flowable]:
        s = self.s
        parts: list[Flowable] = []
        headings = {
            FindingKind.LEAK: ("Recurring leaks", self.summary.leaks, RATE_INTRO),
            FindingKind.MISSED: ("Recurring missed opportunities", self.summary.missed,
                                 RATE_INTRO),
        }
        for title, groups, intro in headings.values():
            parts += [CondPageBreak(140), Paragraph(title, s.h2), Paragraph(intro, s.muted),
                      Spacer(1, 4)]
            if not groups:
                parts.append(Paragraph("None recorded in this period.", s.body))
                continue
            parts += self._recurring_table(groups[:RECURRING_SHOWN])
            rest = groups[RECURRING_SHOWN:]
            if rest:
                parts.append(Paragraph(
                    f"And {len(rest)} more, found {_times(sum(g.count for g in rest))} in all.",
                    s.muted))
        return parts

    def _recurring_table(self, groups: list[Recurring]) -> list[Flowable]:
        s = self.s
        header = [Paragraph(t, s.head) for t in
                  ("Visits", "What keeps happening", "Rate", "Worst", "What to do")]
        rows: list[list] = []
        for group in groups:
            locations = ", ".join(
                f"{name} ({n})" for name, n in
                sorted(group.locations.items(), key=lambda i: (-i[1], i[0].casefold()))
            )
            colour = hex_colour(SEVERITY_COLOURS[group.worst.value])
            rate = group.count / group.asked if group.asked else None
            rows.append([
                Paragraph(f"<b>{group.count}</b> of {group.asked}", s.cell),
                [Paragraph(markup(group.label), s.cell),
                 Paragraph(markup(locations), s.cell_muted)],
                Paragraph("–" if rate is None else f"{rate:.0%}", s.cell),
                Paragraph(f'<font color="{colour}"><b>{group.worst.label}</b></font>', s.cell),
                Paragraph(markup(group.recommendation) or "–", s.cell),
            ])
        rest = self.width - 48 - 34 - 52
        return row_tables(header, rows, [48, rest * 0.55, 34, 52, rest * 0.45],
                          summary_table_style(), self.height)

    # -- sections and visits -----------------------------------------------------------

    def sections(self) -> list[Flowable]:
        s = self.s
        if not self.summary.sections:
            return []
        parts: list[Flowable] = [CondPageBreak(200), Paragraph("Average per section", s.h2)]
        bar_w = 120
        by_checklist: dict[str, list] = {}
        for average in self.summary.sections:
            by_checklist.setdefault(average.checklist, []).append(average)
        for checklist, averages in by_checklist.items():
            if len(by_checklist) > 1:
                parts.append(Paragraph(markup(checklist), s.h3))
            rows: list[list] = [[Paragraph("Section", s.head), Paragraph("Average", s.head_right),
                                 "", Paragraph("Visits scored", s.head_right)]]
            for average in averages:
                rows.append([fitted(average.section, s.cell, self.width - bar_w - 158),
                             score(average.average),
                             score_bar_drawing(average.average, bar_w), str(average.visits)])
            parts.append(Table(
                rows, colWidths=[self.width - bar_w - 150, 60, bar_w + 20, 70], repeatRows=1,
                style=summary_table_style([
                    ("ALIGN", (1, 1), (1, -1), "RIGHT"),
                    ("ALIGN", (3, 1), (3, -1), "RIGHT"),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("FONTNAME", (1, 1), (-1, -1), fonts().regular),
                    ("FONTSIZE", (1, 1), (-1, -1), 8.4),
                ])))
        return parts

    def visit_list(self) -> list[Flowable]:
        s = self.s
        f = fonts()
        header = ["Date", "Visit", "Location", "Channel", "Evaluator", "Status", "Overall",
                  "Emp.", "Serv.", "Pres.", "Flag"]
        rows: list[list] = [[Paragraph(t, s.head_right if 6 <= i <= 9 else s.head)
                             for i, t in enumerate(header)]]
        widths = header_widths(header, 2, self.width, minimum={0: 54, 1: 44, 3: 48, 4: 56,
                                                              5: 58, 10: 28})
        for fact in sorted(self.summary.facts, key=lambda x: (x.row.date, x.row.id)):
            row = fact.row
            status = ("Self-assessment" if row.assessment is Assessment.SELF
                      else "Colleague" if fact.internal
                      else row.status.label)
            rows.append([
                short_date(row.date), row.id[:8], fitted(row.location, s.cell, widths[2] - 8),
                row.channel.label, one_line(self.branding.evaluator(row.evaluator_code))[:18],
                status, score(fact.card.headline),
                *(score(fact.card.pillars[p]) for p in Pillar),
                "flag" if fact.card.flagged else "",
            ])
        table = LongTable(rows, colWidths=widths, repeatRows=1, style=summary_table_style([
            ("FONTNAME", (0, 1), (-1, -1), f.regular),
            ("FONTSIZE", (0, 1), (-1, -1), 7.8),
            ("ALIGN", (6, 1), (9, -1), "RIGHT"),
            ("TEXTCOLOR", (10, 1), (10, -1), SEVERITY_COLOURS["high"]),
            ("FONTNAME", (10, 1), (10, -1), f.bold),
        ]))
        return [
            CondPageBreak(160),
            Paragraph("Visits", s.h2),
            Paragraph("Every visit in scope, oldest first. Drafts and self-assessments are "
                      "listed but not counted in the averages, colleague visits "
                      "(\"Colleague\") only in their own section; \"flag\" marks a critical "
                      "question gone badly, \"–\" a visit with too few answers for a score.",
                      s.muted),
            Spacer(1, 4),
            table,
        ]


def _left_out_text(summary: Summary, named: int = 3) -> str:
    """How many visits could not be read (so are in no figure here), the first few named."""
    left = summary.left_out
    count = len(left)
    names = [
        f"{v.visit_id[:8]} ({one_line_message(v.location or 'location unknown', 60)}"
        f"{', ' + short_date(v.day) if v.day else ''}): {v.reason}"
        for v in left[:named]
    ]
    more = f"; and {count - named} more" if count > named else ""
    return (f"{count} visit{'s' * (count != 1)} this version could not read, in none of "
            f"these figures: {'; '.join(names)}{more}")


def _authenticity_words(value: float) -> str:
    if value >= 75:
        return "staff mostly come across as genuine."
    if value >= 50:
        return "mostly genuine, with moments delivered by rote."
    return "staff often sound scripted, going through the motions."


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _period_text(summary: Summary, first: str, last: str) -> str:
    asked = period(summary.since, summary.until)
    seen = f"visits from {short_date(first)} to {short_date(last)}"
    return f"{asked[0].upper()}{asked[1:]} ({seen})"


