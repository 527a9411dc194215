"""The figures of a summary across visits, apart from how they are printed.

Only completed, observed visits count towards averages; drafts are listed but
not counted, and self-assessments (the owner's belief) are set beside the
observations instead of being mixed into them. Every average leaves out what
was not scored, as the method says.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean

from undercover.domain.checklist import Checklist, FindingKind, Pillar
from undercover.domain.findings import confirmed
from undercover.domain.scoring import Scorecard, needs_work, score_visit
from undercover.domain.visit import Assessment, Finding, Severity, VisitStatus, VisitSummary
from undercover.errors import UndercoverError
from undercover.report.text import short_date
from undercover.store import Store


@dataclass(frozen=True)
class VisitFacts:
    """One visit as a summary needs it: its list row, fresh scores and confirmed findings."""

    row: VisitSummary
    checklist: Checklist
    card: Scorecard
    findings: list[Finding]

    @property
    def counted(self) -> bool:
        return (
            self.row.status is VisitStatus.COMPLETED
            and self.row.assessment is Assessment.OBSERVED
            and self.card.overall is not None
        )

    @property
    def self_assessment(self) -> bool:
        return self.row.assessment is Assessment.SELF and self.card.overall is not None


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


@dataclass(frozen=True)
class Figures:
    """Averages and counts over a set of visits."""

    visits: int
    overall: float | None
    pillars: dict[Pillar, float | None]
    authenticity: float | None
    flagged: int
    leaks: int
    missed: int

    @property
    def needs_work(self) -> str:
        return needs_work(self.pillars)

    @classmethod
    def of(cls, facts: Sequence[VisitFacts]) -> Figures:
        return cls(
            visits=len(facts),
            overall=_mean(f.card.overall for f in facts),
            pillars={p: _mean(f.card.pillars[p] for f in facts) for p in Pillar},
            authenticity=_mean(f.card.authenticity.score for f in facts),
            flagged=sum(1 for f in facts if f.card.flagged),
            leaks=sum(1 for f in facts for x in f.findings if x.kind is FindingKind.LEAK),
            missed=sum(1 for f in facts for x in f.findings if x.kind is FindingKind.MISSED),
        )


@dataclass
class Recurring:
    """The same leak or missed opportunity, grouped across visits and counted."""

    kind: FindingKind
    label: str
    count: int = 0
    visits: set[str] = field(default_factory=set)
    locations: Counter[str] = field(default_factory=Counter)
    worst: Severity = Severity.LOW
    recommendations: Counter[str] = field(default_factory=Counter)

    @property
    def recommendation(self) -> str:
        return self.recommendations.most_common(1)[0][0] if self.recommendations else ""


def recurring(facts: Iterable[VisitFacts], kind: FindingKind) -> list[Recurring]:
    """Findings of one kind grouped by question (or by what happened), most frequent first."""
    groups: dict[tuple, Recurring] = {}
    for fact in facts:
        for finding in fact.findings:
            if finding.kind is not kind:
                continue
            if finding.question_id and fact.checklist.has_question(finding.question_id):
                key: tuple = ("q", fact.checklist.key, finding.question_id)
                label = fact.checklist.question(finding.question_id).text
            else:
                label = " ".join(finding.summary.split())
                key = ("t", label.casefold())
            group = groups.setdefault(key, Recurring(kind, label))
            group.count += 1
            group.visits.add(fact.row.id)
            group.locations[fact.row.location] += 1
            if finding.severity.rank > group.worst.rank:
                group.worst = finding.severity
            if finding.recommendation.strip():
                group.recommendations[finding.recommendation.strip()] += 1
    return sorted(groups.values(), key=lambda g: (-g.count, -g.worst.rank, g.label.casefold()))


@dataclass(frozen=True)
class SectionAverage:
    checklist: str
    section: str
    average: float | None
    visits: int


def section_averages(facts: Sequence[VisitFacts]) -> list[SectionAverage]:
    """Average score per section, per checklist, in the checklist's own order."""
    by_checklist: dict[str, list[VisitFacts]] = defaultdict(list)
    for fact in facts:
        by_checklist[fact.checklist.key].append(fact)
    averages = []
    for group in by_checklist.values():
        newest = max(group, key=lambda f: f.checklist.version).checklist
        titles = {s.id: s.title for f in group for s in f.checklist.sections}
        order = [s.id for s in newest.sections]
        order += [sid for sid in titles if sid not in order]
        for section_id in order:
            scores = [f.card.sections.get(section_id) for f in group]
            present = [s for s in scores if s is not None]
            averages.append(SectionAverage(
                newest.title, titles[section_id], _mean(present), len(present)
            ))
    return averages


def monthly(facts: Sequence[VisitFacts]) -> tuple[list[str], dict[Pillar, list[float | None]]]:
    """Months (YYYY-MM, every month from first to last) and each pillar's average in them."""
    by_month: dict[str, list[VisitFacts]] = defaultdict(list)
    for fact in facts:
        by_month[fact.row.date[:7]].append(fact)
    if not by_month:
        return [], {p: [] for p in Pillar}
    first, last = min(by_month), max(by_month)
    months = []
    year, month = int(first[:4]), int(first[5:7])
    while f"{year:04d}-{month:02d}" <= last:
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    series = {
        p: [_mean(f.card.pillars[p] for f in by_month.get(m, [])) for m in months]
        for p in Pillar
    }
    return months, series


@dataclass(frozen=True)
class Summary:
    location: str | None
    since: str | None
    until: str | None
    facts: list[VisitFacts]  # every visit in scope, newest first
    counted: list[VisitFacts]
    overall: Figures
    by_location: list[tuple[str, Figures]]
    months: list[str]
    trend: dict[Pillar, list[float | None]]
    sections: list[SectionAverage]
    leaks: list[Recurring]
    missed: list[Recurring]
    belief: Figures | None  # the owner's self-assessments, when there are any

    @property
    def scope(self) -> str:
        where = self.location or "All locations"
        return f"{where} · {period(self.since, self.until)}"


def period(since: str | None, until: str | None) -> str:
    if since and until:
        return f"{short_date(since)} to {short_date(until)}"
    if since:
        return f"from {short_date(since)}"
    if until:
        return f"until {short_date(until)}"
    return "all dates"


def check_day(value: str | None, name: str) -> str | None:
    """A YYYY-MM-DD day, or a plain error naming the option."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    try:
        if len(text) != 10:
            raise ValueError(text)
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise UndercoverError(
            f"{name} must be a date written as YYYY-MM-DD, not {value!r}."
        ) from None


def summarise(
    store: Store,
    location: str | None = None,
    since: str | None = None,
    until: str | None = None,
    step: Callable[[int], None] | None = None,
) -> Summary:
    """Gather the figures of every visit in scope; ``step(total)`` is called once per visit."""
    since, until = check_day(since, "The start date"), check_day(until, "The end date")
    if since and until and since > until:
        raise UndercoverError(f"The start date {since} is after the end date {until}.")
    location_id = None
    location_name = None
    if location is not None and location.strip():
        found = store.locations.find(location)
        if found is None:
            raise UndercoverError(f"There is no location called {location.strip()}.")
        location_id, location_name = found.id, found.name
    rows = store.visits.summaries(location_id=location_id, since=since, until=until)
    if not rows:
        where = location_name or "any location"
        raise UndercoverError(f"No visits at {where} ({period(since, until)}).")
    facts = []
    for row in rows:
        checklist = store.checklists.get(row.checklist_key, row.checklist_version)
        answers = store.visits.answers(row.id)
        facts.append(VisitFacts(
            row, checklist, score_visit(checklist, answers),
            confirmed(store.visits.findings(row.id)),
        ))
        if step is not None:
            step(len(rows))
    counted = [f for f in facts if f.counted]
    locations: dict[str, list[VisitFacts]] = defaultdict(list)
    for fact in counted:
        locations[fact.row.location].append(fact)
    months, trend = monthly(counted)
    believed = [f for f in facts if f.self_assessment]
    return Summary(
        location=location_name,
        since=since,
        until=until,
        facts=facts,
        counted=counted,
        overall=Figures.of(counted),
        by_location=[(name, Figures.of(group))
                     for name, group in sorted(locations.items(), key=lambda i: i[0].casefold())],
        months=months,
        trend=trend,
        sections=section_averages(counted),
        leaks=recurring(counted, FindingKind.LEAK),
        missed=recurring(counted, FindingKind.MISSED),
        belief=Figures.of(believed) if believed else None,
    )
