"""Page 1 of a visit's findings: who and where, the score in context, and what to do.

Everything printed here must be true for the answers behind it: a draft with
too few answers gets no headline score, the customer's own verdict is shown
apart from the score, and every action names the evidence it rests on.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import fmean

from reportlab.platypus import Flowable, Spacer, Table

from undercover.domain.checklist import Audience, Checklist, FindingKind, QuestionKind
from undercover.domain.describe import describe_answer
from undercover.domain.findings import actions, strengths, unraised
from undercover.domain.scoring import MIN_COVERAGE, Scorecard
from undercover.domain.verdicts import STRONG_SCORE, improvement
from undercover.domain.visit import Assessment, Finding, Location, Visit, VisitStatus
from undercover.report.charts import pillar_bars
from undercover.report.fonts import Face
from undercover.report.layout import (
    RULE,
    SEVERITY_COLOURS,
    Branding,
    Styles,
    details_block,
    hex_colour,
    table_style,
)
from undercover.report.shaping import Paragraph
from undercover.report.text import long_date, markup, score, short_date, time_range
from undercover.store import Store


@dataclass(frozen=True)
class Context:
    """Where a visit's score stands: the previous visit here, averages, recent scores."""

    location: str
    last: tuple[str, float] | None  # (date, score) of the previous completed visit here
    location_average: tuple[float, int] | None  # (average, visits), this visit included
    business_average: tuple[float, int] | None
    recent: tuple[float, ...]  # this location's scores, oldest first, up to this visit

    def sentence(self) -> str:
        parts = []
        if self.last:
            parts.append(f"last visit here {score(self.last[1])} ({short_date(self.last[0])})")
        else:
            parts.append("no earlier completed visit here")
        if self.location_average:
            avg, n = self.location_average
            parts.append(f"{self.location} average {score(avg)} over {n} visit{'s' * (n != 1)}")
        if self.business_average:
            avg, n = self.business_average
            parts.append(f"business average {score(avg)} over {n} visit{'s' * (n != 1)}")
        parts.append(f"target {STRONG_SCORE:.0f} or above")
        return "In context: " + " · ".join(parts) + "."


def visit_context(store: Store, visit: Visit, location: Location) -> Context:
    """The visit's score among completed, observed visits on the same checklist."""
    rows = [
        r for r in store.visits.summaries(status=VisitStatus.COMPLETED)
        if r.assessment is Assessment.OBSERVED and r.score is not None
        and r.checklist_key == visit.checklist_key
    ]
    key = (visit.date, visit.id)
    here = sorted((r for r in rows if r.location_id == location.id and (r.date, r.id) <= key),
                  key=lambda r: (r.date, r.id))
    earlier = [r for r in here if r.id != visit.id]
    at_location = [r.score for r in rows if r.location_id == location.id]
    everywhere = [r.score for r in rows]
    return Context(
        location=location.name,
        last=(earlier[-1].date, earlier[-1].score) if earlier else None,  # type: ignore[arg-type]
        location_average=(fmean(at_location), len(at_location)) if at_location else None,
        business_average=(fmean(everywhere), len(everywhere)) if everywhere else None,
        recent=tuple(r.score for r in here if r.score is not None),
    )


class FrontPage:
    """The cover block and the executive summary of one visit."""

    def __init__(
        self,
        visit: Visit,
        checklist: Checklist,
        location: Location,
        branding: Branding,
        styles: Styles,
        width: float,
        card: Scorecard,
        findings: list[Finding],
        context: Context | None,
    ) -> None:
        self.visit, self.checklist, self.location = visit, checklist, location
        self.branding, self.s, self.width = branding, styles, width
        self.card, self.findings, self.context = card, findings, context

    def flowables(self) -> list[Flowable]:
        return self.cover() + self.executive_summary()

    # -- cover -------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        s, visit, card = self.s, self.visit, self.card
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
        if visit.served_by.strip():
            rows.insert(3, ("Served by", visit.served_by))
        if self.location.address:
            rows.insert(0, ("Address", self.location.address))
        if visit.assessment is Assessment.SELF:
            rows.append(("Kind", "Self-assessment: how the owner believes a visit goes, "
                                 "not an observed visit"))
        answered = f"{card.scored_answered} of {card.scored_total} scored questions answered"
        box: list[Flowable] = [
            Paragraph("OVERALL SCORE", s.label),
            Paragraph(score(card.headline), s.big_score),
            Paragraph("out of 100" if card.enough else "not enough answers", s.muted),
        ]
        if card.flagged:
            box.append(Paragraph(
                f'<font color="{hex_colour(SEVERITY_COLOURS["high"])}"><b>Critical flag</b>'
                "</font>", s.cell))
        box += [Spacer(1, 4), Paragraph(answered, s.muted)]
        if not card.enough:
            box.append(Paragraph(f"A headline score needs at least {MIN_COVERAGE:.0%} of "
                                 "them.", s.muted))
        parts: list[Flowable] = [
            Paragraph("Visit findings", s.title),
            Paragraph(markup(self.location.name, Face.BOLD), s.subtitle),
            Spacer(1, 4),
            *details_block(rows, box, self.width, s),
        ]
        if self.context is not None and card.enough \
                and visit.assessment is Assessment.OBSERVED:  # belief is not a visit
            parts += [Spacer(1, 3), Paragraph(markup(self.context.sentence()), s.muted)]
        return parts

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
            Paragraph("PILLARS OF THE CUSTOMER-CENTRIC MODEL (0–100), EACH GATHERING ITS "
                      "QUESTIONS FROM EVERY SECTION", s.label),
            top,
        ]
        if card.unscored_pillars:
            names = ", ".join(p.label for p in card.unscored_pillars)
            parts.append(Paragraph(f"Not scored yet: {markup(names)} (none of its questions "
                                   "answered).", s.muted))
        parts.append(Spacer(1, 6))
        verdict = card.needs_work
        observed = self.visit.assessment is Assessment.OBSERVED
        trend = (improvement(self.context.recent)
                 if self.context and card.enough and observed else None)
        if trend:
            verdict += " " + trend
        parts.append(Paragraph(f"<b>Which part of the model needs work.</b> {markup(verdict)}",
                               s.body))
        parts += self._critical()
        parts += self._customer_verdict()
        parts += self._went_well()
        parts += self._actions()
        parts.append(Spacer(1, 4))
        parts.append(Paragraph(self._at_a_glance(), s.muted))
        return parts

    def _critical(self) -> list[Flowable]:
        s, card = self.s, self.card
        failures = [self.checklist.question(q) for q in card.critical_failures
                    if self.checklist.has_question(q)]
        open_ = [self.checklist.question(q) for q in card.unanswered_critical
                 if self.checklist.has_question(q)]
        parts: list[Flowable] = []
        if failures:
            parts.append(Paragraph("<b>Critical flags.</b> A critical question went badly, "
                                   "which flags the whole visit whatever the average:", s.body))
            for question in failures:
                answer = describe_answer(question, self.visit.answers.get(question.id))
                parts.append(Paragraph(
                    f"{markup(question.text)} <b>{markup(answer, Face.BOLD)}</b>",
                    s.bullet, bulletText="!"))
        if open_:
            parts.append(Paragraph(
                "<b>Critical questions not answered yet.</b> No flag can be raised or ruled "
                "out on these:", s.body))
            parts += [Paragraph(markup(q.text), s.bullet, bulletText="?") for q in open_]
        if not failures and not open_:
            parts.append(Paragraph("<b>Critical flags.</b> None: every critical question was "
                                   "answered, and none went badly.", s.body))
        return parts

    def _customer_verdict(self) -> list[Flowable]:
        """How the evaluator felt, would return and recommend: shown, never scored."""
        s = self.s
        lines = []
        for question in self.checklist.questions:
            if question.kind not in (QuestionKind.LIKELIHOOD, QuestionKind.TEXT):
                continue
            answer = self.visit.answers.get(question.id)
            if answer is None or not answer.given or answer.na:
                continue
            lines.append(f"{markup(question.text)} <b>{markup(describe_answer(question, answer))}"
                         "</b>")
        if not lines:
            return []
        who = "colleague" if self.checklist.audience is Audience.INTERNAL else "customer"
        return [Paragraph(f"The {who}'s verdict", s.h3),
                Paragraph("In the evaluator's own words; not part of the service score.",
                          s.muted)] + [Paragraph(line, s.bullet, bulletText="•")
                                       for line in lines]

    def _went_well(self) -> list[Flowable]:
        good = strengths(self.checklist, self.visit.answers)
        if not good:
            return []
        s = self.s
        parts: list[Flowable] = [Paragraph("What went well", s.h3)]
        if self.visit.served_by.strip():
            parts.append(Paragraph(f"Served by {markup(self.visit.served_by.strip())}: "
                                   "recognise them for these.", s.body))
        return parts + [Paragraph(markup(text), s.bullet, bulletText="+") for text in good]

    def _actions(self) -> list[Flowable]:
        s = self.s
        chosen = actions(self.checklist, self.visit.answers, self.visit.findings, 3)
        parts: list[Flowable] = [Paragraph("Top three actions", s.h3)]
        if not chosen:
            parts.append(Paragraph("Nothing stands out: no finding or low answer suggests an "
                                   "action.", s.body))
        number = {photo.id: n for n, photo in enumerate(self.visit.photos, start=1)}
        photos_of = {f.id: [number[p] for p in f.photo_ids if p in number]
                     for f in self.visit.findings}
        for i, action in enumerate(chosen, start=1):
            parts.append(Paragraph(markup(action.text), s.bullet, bulletText=f"{i}."))
            shown = photos_of.get(action.finding_id or "", [])
            seen = (f" · {'Photo' if len(shown) == 1 else 'Photos'} "
                    f"{', '.join(map(str, sorted(shown)))}" if shown else "")
            parts.append(Paragraph("Because: " + markup(action.evidence, Face.ITALIC) + seen,
                                   s.note_block))
        return parts

    def _at_a_glance(self) -> str:
        leaks = [f for f in self.findings if f.kind is FindingKind.LEAK]
        missed = [f for f in self.findings if f.kind is FindingKind.MISSED]
        high = sum(1 for f in leaks if f.severity.rank == 3)
        low = unraised(self.checklist, self.visit.answers, self.visit.findings)
        photos = len(self.visit.photos)
        parts = [
            f"{len(leaks)} leak{'s' * (len(leaks) != 1)} confirmed"
            + (f" ({high} high)" if high else ""),
            f"{len(missed)} missed opportunit{'ies' if len(missed) != 1 else 'y'} confirmed",
        ]
        if low:
            parts.append(f"{len(low)} low answer{'s' * (len(low) != 1)} not raised as "
                         "findings (listed after the findings)")
        parts.append(f"{photos} photo{'s' * (photos != 1)}")
        return "At a glance: " + " · ".join(parts)
