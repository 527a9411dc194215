"""The summary's comparisons: over time, between locations, against the business, the
previous period and belief, for colleagues apart, and the six behaviours as a profile.
"""

from __future__ import annotations

from collections.abc import Callable

from reportlab.platypus import CondPageBreak, Flowable, Spacer, Table

from undercover.domain.checklist import Pillar
from undercover.domain.verdicts import TIE_GAP
from undercover.report.charts import (
    belief_bars,
    grouped_pillar_bars,
    pillar_bars,
    small_multiples,
)
from undercover.report.charts import score_bar as score_bar_drawing
from undercover.report.fonts import Face, fonts
from undercover.report.layout import Branding, Styles, fitted
from undercover.report.shaping import Paragraph
from undercover.report.summary_data import BehaviourScore, Figures, Recurring, Summary
from undercover.report.summary_tables import (
    header_widths,
    money_sentence,
    rate,
    summary_table_style,
)
from undercover.report.text import markup, month_label, score, short_date


class SummaryComparisons:
    """Flowables that set the period's figures beside others."""

    def __init__(
        self,
        summary: Summary,
        branding: Branding,
        styles: Styles,
        frame: tuple[float, float],
        recurring_table: Callable[[list[Recurring]], list[Flowable]],
    ) -> None:
        self.summary = summary
        self.branding = branding
        self.s = styles
        self.width, self.height = frame
        self.recurring_table = recurring_table

    def trend(self) -> list[Flowable]:
        s, summary = self.s, self.summary
        parts: list[Flowable] = [CondPageBreak(260), Paragraph("Trend by month", s.h2)]
        if len(summary.months) < 2:
            parts.append(Paragraph("The counted visits fall in one month or none, so there is "
                                   "no trend to show yet.", s.body))
            return parts
        labels = [month_label(m) for m in summary.months]
        parts += [
            Paragraph("Average score of the counted visits in each month, one small chart per "
                      "pillar and per location on a shared scale; a month without visits "
                      "leaves a gap. The last figure of each line is its latest month.",
                      s.muted),
            Spacer(1, 4),
            small_multiples([(p.label, summary.trend[p]) for p in Pillar], labels, self.width),
        ]
        if len(summary.location_trend) > 1:
            parts += [Spacer(1, 6), Paragraph("Overall score per location", s.h3),
                      small_multiples(list(summary.location_trend.items()), labels,
                                      self.width)]
        parts += [Spacer(1, 6), self._trend_table()]
        parts += self._verdicts(labels)
        return parts

    def _verdicts(self, labels: list[str]) -> list[Flowable]:
        """Return and recommend, as customers said them, month by month (0-10)."""
        verdicts = self.summary.verdicts
        if not verdicts:
            return []
        s = self.s
        rows: list[list] = [[Paragraph("Month", s.head)] + [
            Paragraph(markup(text), s.head_right) for text in verdicts]]
        for i, label in enumerate(labels):
            rows.append([label, *(("–" if v[i] is None else f"{v[i]:.1f}")
                                  for v in verdicts.values())])
        width = (self.width - 90) / len(verdicts)
        return [
            CondPageBreak(160),
            Paragraph("The customer's verdict over time", s.h3),
            Paragraph("Average answer (0–10) of the counted visits in each month. The "
                      "customer's own verdict: never part of any score above.", s.muted),
            Spacer(1, 4),
            Table(rows, colWidths=[90] + [width] * len(verdicts), repeatRows=1,
                  style=summary_table_style([("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                                             ("FONTNAME", (0, 1), (-1, -1), fonts().regular),
                                             ("FONTSIZE", (0, 1), (-1, -1), 8)])),
        ]

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
                     style=summary_table_style([
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
                  "Authentic", "Flagged", "Leaks/visit", "Missed/visit"]
        widths = header_widths(header, 0, self.width)
        rows: list[list] = [[Paragraph(header[0], s.head)]
                            + [Paragraph(t, s.head_right) for t in header[1:]]]
        for name, f in groups:
            rows.append([
                fitted(name, s.cell, widths[0] - 8), str(f.visits), score(f.overall),
                *(score(f.pillars[p]) for p in Pillar), score(f.authenticity),
                str(f.flagged), rate(f.leaks_per_visit), rate(f.missed_per_visit),
            ])
        table = Table(rows, colWidths=widths, repeatRows=1,
                      style=summary_table_style([
                          ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                          ("FONTNAME", (1, 1), (-1, -1), fonts().regular),
                          ("FONTSIZE", (1, 1), (-1, -1), 8.4),
                      ]))
        parts.append(table)
        parts.append(Paragraph("Which part of the model needs work, per location", s.h3))
        for name, f in groups:
            text = f"<b>{markup(name, Face.BOLD)}.</b> {markup(f.needs_work)}"
            if money_column and f.at_risk:
                text += " " + markup(money_sentence(f, self.branding.lifetime_value,
                                                    self.branding.currency, short=True))
            parts.append(Paragraph(text, s.bullet, bulletText="•"))
        return parts

    def internal(self) -> list[Flowable]:
        """Colleagues as customers: the same pillars, apart from the customer figures."""
        figures = self.summary.internal
        if figures is None:
            return []
        s = self.s
        n = figures.visits
        parts: list[Flowable] = [
            CondPageBreak(220),
            Paragraph("Internal customers: colleagues", s.h2),
            Paragraph(f"{n} completed colleague visit{'s' * (n != 1)} on the internal-customer "
                      "checklist, scored on the same pillars. They are kept out of every "
                      "customer figure in this report and never priced as lost customers.",
                      s.muted),
            Spacer(1, 4),
            Paragraph(f"<b>Average score.</b> {score(figures.overall)}/100 · "
                      f"{rate(figures.leaks_per_visit)} leaks per visit · "
                      f"{figures.flagged} flagged", s.body),
            pillar_bars(figures.pillars, self.width * 0.62),
            Spacer(1, 4),
            Paragraph(f"<b>Which part of the model needs work.</b> "
                      f"{markup(figures.needs_work)}", s.body),
        ]
        leaks = self.summary.internal_leaks[:5]
        if leaks:
            parts.append(Paragraph("Most frequent internal leaks", s.h3))
            parts += self.recurring_table(leaks)
        return parts

    def change(self) -> list[Flowable]:
        """This period against the previous one of the same length."""
        change = self.summary.change
        if change is None:
            return []
        s = self.s
        now, before = change.now, change.before
        header = ["", "Visits", "Overall", *(p.label for p in Pillar), "Leaks/visit",
                  "Missed/visit"]

        def row(name: str, f: Figures) -> list:
            return [Paragraph(name, s.cell), str(f.visits), score(f.overall),
                    *(score(f.pillars[p]) for p in Pillar), rate(f.leaks_per_visit),
                    rate(f.missed_per_visit)]

        def delta(a: float | None, b: float | None, digits: int = 0) -> str:
            if a is None or b is None:
                return "–"
            d = round(a - b, digits)
            return f"{d:+.{digits}f}" if d else "0"

        rows = [
            [Paragraph(t, s.head_right if i else s.head) for i, t in enumerate(header)],
            row(f"{short_date(change.since)} to {short_date(change.until)}", now),
            row(f"{short_date(change.before_since)} to {short_date(change.before_until)}",
                before),
            [Paragraph("<b>Change</b>", s.cell), "",
             delta(now.overall, before.overall),
             *(delta(now.pillars[p], before.pillars[p]) for p in Pillar),
             delta(now.leaks_per_visit, before.leaks_per_visit, 1),
             delta(now.missed_per_visit, before.missed_per_visit, 1)],
        ]
        return [
            CondPageBreak(140),
            Paragraph("Change since the previous period", s.h2),
            Paragraph(("Counted customer visits of this period beside the same number of "
                       "days just before it." if self.summary.since else
                       "The latest 91 days of counted customer visits beside the 91 days "
                       "before them.") + " Fewer leaks per visit is better.", s.muted),
            Spacer(1, 4),
            Table(rows, colWidths=header_widths(header, 0, self.width, {0: 150}),
                  style=summary_table_style([("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                                             ("FONTNAME", (1, 1), (-1, -1), fonts().regular),
                                             ("FONTSIZE", (1, 1), (-1, -1), 8.4)])),
        ]

    def business(self) -> list[Flowable]:
        """One location beside the whole business over the same period."""
        business, summary = self.summary.business, self.summary
        if business is None or summary.location is None:
            return []
        s, here = self.s, summary.overall
        rows = [[Paragraph(t, s.head_right if i else s.head) for i, t in enumerate(
            ["", "Visits", "Overall", *(p.label for p in Pillar), "Leaks/visit"])]]
        for name, f in ((summary.location, here), ("Whole business", business)):
            rows.append([fitted(name, s.cell, 142), str(f.visits), score(f.overall),
                         *(score(f.pillars[p]) for p in Pillar), rate(f.leaks_per_visit)])
        header = ["", "Visits", "Overall", *(p.label for p in Pillar), "Leaks/visit"]
        return [
            CondPageBreak(120),
            Paragraph("Compared with the business average", s.h2),
            Paragraph("Counted customer visits of every location in the same period, this "
                      "one included.", s.muted),
            Spacer(1, 4),
            Table(rows, colWidths=header_widths(header, 0, self.width, {0: 150}),
                  style=summary_table_style([("ALIGN", (1, 1), (-1, -1), "RIGHT"),
                                             ("FONTNAME", (1, 1), (-1, -1), fonts().regular),
                                             ("FONTSIZE", (1, 1), (-1, -1), 8.4)])),
        ]

    def behaviours(self) -> list[Flowable]:
        """The six behaviours of a customer-centric person, as a profile across visits."""
        profile = [b for b in self.summary.behaviours if b.answers]
        if not profile:
            return []
        s, bar_w = self.s, 140
        rows: list[list] = [[Paragraph("Behaviour", s.head), Paragraph("Average", s.head_right),
                             "", Paragraph("Answers", s.head_right)]]
        for b in self.summary.behaviours:
            rows.append([Paragraph(b.label, s.cell), score(b.average),
                         score_bar_drawing(b.average, bar_w), str(b.answers)])
        scored = sorted(((b.average, b) for b in profile if b.average is not None),
                        key=lambda ab: ab[0])
        weakest = [b for average, b in scored if average - scored[0][0] < TIE_GAP]
        return [
            CondPageBreak(180),
            Paragraph("The six behaviours", s.h2),
            Paragraph("Average score of the answers tagged with each behaviour, over the "
                      "counted customer visits.", s.muted),
            Spacer(1, 4),
            Table(rows, colWidths=[self.width - bar_w - 140, 60, bar_w + 20, 60],
                  style=summary_table_style([("ALIGN", (1, 1), (1, -1), "RIGHT"),
                                             ("ALIGN", (3, 1), (3, -1), "RIGHT"),
                                             ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                                             ("FONTNAME", (1, 1), (-1, -1), fonts().regular),
                                             ("FONTSIZE", (1, 1), (-1, -1), 8.4)])),
            Spacer(1, 4),
            Paragraph(_weakest_sentence(weakest), s.body),
        ]

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


def _weakest_sentence(weakest: list[BehaviourScore]) -> str:
    named = "; ".join(f"{markup(b.label)} {score(b.average)}/100 over {b.answers} answers"
                      for b in weakest)
    if len(weakest) == 1:
        return f"<b>Weakest behaviour.</b> {named}."
    return (f"<b>Weakest behaviours, less than {TIE_GAP:.0f} points apart (a tie).</b> "
            f"{named}.")
