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

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    LongTable,
    Spacer,
    Table,
    TableStyle,
)

from undercover.domain.checklist import FindingKind, Pillar
from undercover.domain.visit import Assessment, VisitStatus
from undercover.outputs import atomic_output
from undercover.report.charts import belief_bars, grouped_pillar_bars, pillar_bars, pillar_trend
from undercover.report.charts import score_bar as score_bar_drawing
from undercover.report.fonts import Face, fonts
from undercover.report.layout import (
    ACCENT,
    ACCENT_PALE,
    RULE,
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
    table_style,
)
from undercover.report.shaping import Paragraph
from undercover.report.summary_data import Recurring, Summary, period, summarise
from undercover.report.text import markup, money, month_label, one_line, score, short_date
from undercover.store import Store

RECURRING_SHOWN = 15


def export_summary(
    store: Store,
    output: Path,
    location: str | None = None,
    since: str | None = None,
    until: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """Write the summary of the visits in scope (all locations when ``location`` is None).

    Raises ReportCancelled when ``cancelled()`` turns true, UndercoverError for an
    unknown location, a bad date, no visits in scope or an unwritable ``output``.
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

        summary = summarise(store, location, since, until, step)
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
        parts += self.trend()
        parts += self.locations()
        parts += self.belief()
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
            ("Counted", f"{len(summary.counted)} completed visit"
                        f"{'s' * (len(summary.counted) != 1)}"),
        ]
        not_counted = []
        if drafts:
            not_counted.append(f"{drafts} draft{'s' * (drafts != 1)}")
        if selfs:
            not_counted.append(f"{selfs} self-assessment{'s' * (selfs != 1)} (shown as belief)")
        if not_counted:
            rows.append(("Not counted", ", ".join(not_counted)))
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
        value = self.branding.lifetime_value
        leaks = self.summary.overall.leaks
        if value is None or not leaks:
            return []
        visits = sum(1 for f in self.summary.counted
                     if any(x.kind is FindingKind.LEAK for x in f.findings))
        currency = self.branding.currency
        return [Paragraph(
            f"<b>Customers at risk from leaks.</b> {leaks} leak{'s' * (leaks != 1)} in {visits} "
            f"visit{'s' * (visits != 1)}. If each leak loses one customer, that is up to "
            f"<b>{markup(money(leaks * value, currency))}</b> of customer lifetime value "
            f"(at {markup(money(value, currency))} per customer, assumed: the average lifetime "
            "value entered in the settings).", self.s.body)]

    # -- recurring findings ------------------------------------------------------------

    def recurring_findings(self) -> list[Flowable]:
        s = self.s
        parts: list[Flowable] = []
        headings = {
            FindingKind.LEAK: ("Recurring leaks", self.summary.leaks,
                               "Leaks confirmed on counted visits, grouped by question, most "
                               "frequent first."),
            FindingKind.MISSED: ("Recurring missed opportunities", self.summary.missed,
                                 "Missed opportunities confirmed on counted visits, grouped by "
                                 "question, most frequent first."),
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
                    f"And {len(rest)} more, recorded {_times(sum(g.count for g in rest))} in all.",
                    s.muted))
        return parts

    def _recurring_table(self, groups: list[Recurring]) -> list[Flowable]:
        s = self.s
        header = [Paragraph(t, s.head) for t in
                  ("Times", "What keeps happening", "Visits", "Worst", "What to do")]
        rows: list[list] = []
        for group in groups:
            locations = ", ".join(
                f"{name} ({n})" for name, n in
                sorted(group.locations.items(), key=lambda i: (-i[1], i[0].casefold()))
            )
            colour = hex_colour(SEVERITY_COLOURS[group.worst.value])
            rows.append([
                Paragraph(f"<b>{group.count}</b>", s.cell),
                [Paragraph(markup(group.label), s.cell),
                 Paragraph(markup(locations), s.cell_muted)],
                Paragraph(str(len(group.visits)), s.cell),
                Paragraph(f'<font color="{colour}"><b>{group.worst.label}</b></font>', s.cell),
                Paragraph(markup(group.recommendation) or "–", s.cell),
            ])
        rest = self.width - 38 - 38 - 52
        return row_tables(header, rows, [38, rest * 0.55, 38, 52, rest * 0.45], _table_style(),
                          self.height)

    # -- trend and locations -----------------------------------------------------------

    def trend(self) -> list[Flowable]:
        s, summary = self.s, self.summary
        parts: list[Flowable] = [CondPageBreak(260), Paragraph("Pillar trend by month", s.h2)]
        if len(summary.months) < 2:
            parts.append(Paragraph("The counted visits fall in one month or none, so there is "
                                   "no trend to show yet.", s.body))
            return parts
        parts += [
            Paragraph("Average pillar score of the counted visits in each month (0–100); a "
                      "month without visits is skipped.", s.muted),
            Spacer(1, 4),
            pillar_trend([month_label(m) for m in summary.months],
                         summary.trend, self.width),
            Spacer(1, 6),
            self._trend_table(),
        ]
        return parts

    def _trend_table(self) -> Table:
        """The trend's figures, month by month, for reading exact values."""
        s, summary = self.s, self.summary
        counts: dict[str, int] = {}
        for fact in summary.counted:
            counts[fact.row.date[:7]] = counts.get(fact.row.date[:7], 0) + 1
        rows: list[list] = [[Paragraph("Month", s.head)] + [
            Paragraph(t, s.head_right) for t in
            ("Visits", *(p.label for p in Pillar))]]
        for i, month in enumerate(summary.months):
            rows.append([month_label(month), str(counts.get(month, 0)),
                         *(score(summary.trend[p][i]) for p in Pillar)])
        width = (self.width - 90) / 4
        return Table(rows, colWidths=[90, width, width, width, width], repeatRows=1,
                     style=_table_style([
                         ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                         ("FONTNAME", (0, 1), (-1, -1), fonts().regular),
                         ("FONTSIZE", (0, 1), (-1, -1), 8),
                     ]))

    def locations(self) -> list[Flowable]:
        s, groups = self.s, self.summary.by_location
        if not groups:
            return []
        parts: list[Flowable] = [CondPageBreak(220), Paragraph("Locations compared", s.h2)]
        if len(groups) > 1:
            parts.append(grouped_pillar_bars(
                [(name, f.pillars) for name, f in groups], self.width))
            parts.append(Spacer(1, 6))
        money_column = self.branding.lifetime_value is not None
        header = ["Location", "Visits", "Overall", "Empathy", "Serving", "Presence",
                  "Authentic", "Flagged", "Leaks", "Missed"]
        widths = _header_widths(header, 0, self.width)
        rows: list[list] = [[Paragraph(header[0], s.head)]
                            + [Paragraph(t, s.head_right) for t in header[1:]]]
        for name, f in groups:
            rows.append([
                fitted(name, s.cell, widths[0] - 8), str(f.visits), score(f.overall),
                *(score(f.pillars[p]) for p in Pillar), score(f.authenticity),
                str(f.flagged), str(f.leaks), str(f.missed),
            ])
        table = Table(rows, colWidths=widths, repeatRows=1,
                      style=_table_style([
                          ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                          ("FONTNAME", (1, 1), (-1, -1), fonts().regular),
                          ("FONTSIZE", (1, 1), (-1, -1), 8.4),
                      ]))
        parts.append(table)
        parts.append(Paragraph("Which part of the model needs work, per location", s.h3))
        for name, f in groups:
            text = f"<b>{markup(name, Face.BOLD)}.</b> {markup(f.needs_work)}"
            if money_column and f.leaks:
                value = self.branding.lifetime_value or 0
                text += (f" Up to {markup(money(f.leaks * value, self.branding.currency))} at "
                         f"risk from {f.leaks} leak{'s' * (f.leaks != 1)} (at "
                         f"{markup(money(value, self.branding.currency))} per customer, "
                         "assumed).")
            parts.append(Paragraph(text, s.bullet, bulletText="•"))
        return parts

    def belief(self) -> list[Flowable]:
        """The reality check: the owner's self-assessment beside what evaluators saw."""
        belief = self.summary.belief
        if belief is None:
            return []
        s, observed = self.s, self.summary.overall
        parts: list[Flowable] = [
            CondPageBreak(220),
            Paragraph("Belief and experience", s.h2),
            Paragraph(f"The owner's {belief.visits} self-assessment"
                      f"{'s' * (belief.visits != 1)} (how a visit is believed to go) beside "
                      "what evaluators observed on counted visits.", s.muted),
            Spacer(1, 4),
            belief_bars(belief.pillars, observed.pillars, self.width * 0.8),
        ]
        for pillar in Pillar:
            believed, seen = belief.pillars[pillar], observed.pillars[pillar]
            if believed is None or seen is None:
                continue
            gap = believed - seen
            if abs(gap) < 5:
                words = "belief and experience agree"
            elif gap > 0:
                words = f"customers experience it {gap:.0f} points lower than believed"
            else:
                words = f"customers experience it {-gap:.0f} points higher than believed"
            parts.append(Paragraph(
                f"<b>{pillar.label}:</b> believed {score(believed)}, observed {score(seen)}; "
                f"{words}.", s.bullet, bulletText="•"))
        return parts

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
                style=_table_style([
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
                  "Emp.", "Serv.", "Pres.", ""]
        rows: list[list] = [[Paragraph(t, s.head_right if 6 <= i <= 9 else s.head)
                             for i, t in enumerate(header)]]
        widths = _header_widths(header, 2, self.width, minimum={0: 54, 1: 44, 3: 48, 4: 56,
                                                               5: 58, 10: 24})
        for fact in sorted(self.summary.facts, key=lambda x: (x.row.date, x.row.id)):
            row = fact.row
            status = ("Self-assessment" if row.assessment is Assessment.SELF
                      else row.status.label)
            rows.append([
                short_date(row.date), row.id[:8], fitted(row.location, s.cell, widths[2] - 8),
                row.channel.label, one_line(self.branding.evaluator(row.evaluator_code))[:18],
                status, score(fact.card.overall),
                *(score(fact.card.pillars[p]) for p in Pillar),
                "flag" if fact.card.flagged else "",
            ])
        table = LongTable(rows, colWidths=widths, repeatRows=1, style=_table_style([
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
                      "listed but not counted in the averages; \"flag\" marks a critical "
                      "question gone badly.", s.muted),
            Spacer(1, 4),
            table,
        ]


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


def _header_widths(
    header: list[str], flexible: int, total: float, minimum: dict[int, float] | None = None
) -> list[float]:
    """Column widths that fit each header word on one line; column ``flexible`` takes the rest."""
    bold = fonts().bold
    widths = [
        max(stringWidth(text, bold, 7.6) + 9, (minimum or {}).get(i, 28.0))
        for i, text in enumerate(header)
    ]
    widths[flexible] = 0
    widths[flexible] = max(60.0, total - sum(widths))
    return widths


def _table_style(extra: list | None = None) -> TableStyle:
    return table_style([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), ACCENT_PALE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.4, RULE),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        *(extra or []),
    ])
