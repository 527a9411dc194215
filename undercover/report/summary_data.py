"""The figures of a summary across visits, apart from how they are printed.

Only completed, observed visits count towards averages; drafts are listed but
not counted, and self-assessments (the owner's belief) are set beside the
observations instead of being mixed into them. Colleague (internal-customer)
visits get figures of their own and are never priced as lost customers.
Every average leaves out what was not scored, as the method says.

Leaks and missed opportunities are counted from the answers themselves (a
question on a leak or opportunity answered below 50), plus the evaluator's
own confirmed findings: a rate then measures the service, not how diligently
each evaluator confirmed suggestions.

A visit this version cannot read (a newer version's channel or status, a damaged
checklist or answer) is never dropped silently: it is left out of every figure
and named, with why, so the command line and the PDF can say so.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property
from statistics import fmean

from undercover.domain.checklist import (
    BEHAVIOURS,
    Audience,
    Checklist,
    FindingKind,
    Pillar,
    Question,
    QuestionKind,
)
from undercover.domain.checklist_format import ChecklistError
from undercover.domain.findings import confirmed, suggested_severity
from undercover.domain.scoring import Scorecard, is_bad, question_score, score_visit
from undercover.domain.verdicts import STRONG_SCORE, Evidence, improvement, needs_work
from undercover.domain.visit import (
    Answer,
    Assessment,
    Finding,
    Severity,
    VisitStatus,
    VisitSummary,
)
from undercover.errors import UndercoverError, one_line_message
from undercover.report.text import short_date
from undercover.store import DatabaseError, Store
from undercover.store.visits import UnreadableVisit


@dataclass(frozen=True)
class VisitFacts:
    """One visit as a summary needs it: its list row, answers, fresh scores, confirmed findings."""

    row: VisitSummary
    checklist: Checklist
    card: Scorecard
    findings: list[Finding]
    answers: Mapping[str, Answer] = field(default_factory=dict)

    @property
    def internal(self) -> bool:
        """A colleague evaluated as an internal customer, not a paying customer."""
        return self.checklist.audience is Audience.INTERNAL

    @property
    def observed(self) -> bool:
        return (
            self.row.status is VisitStatus.COMPLETED
            and self.row.assessment is Assessment.OBSERVED
            and self.card.overall is not None
        )

    @property
    def counted(self) -> bool:
        """Counted in the customer figures."""
        return self.observed and not self.internal

    def key_of(self, finding: Finding) -> tuple:
        """What a finding is about: its question, or what happened for one of its own."""
        if finding.question_id and self.checklist.has_question(finding.question_id):
            return ("q", self.checklist.key, finding.question_id)
        return ("t", " ".join(finding.summary.split()).casefold())

    def failed(self, kind: FindingKind) -> set[tuple]:
        """This visit's leaks (or missed opportunities): low answers on questions of that
        kind, and confirmed findings of that kind, each counted once."""
        return self._failed[kind]

    @cached_property
    def _failed(self) -> dict[FindingKind, set[tuple]]:
        failed: dict[FindingKind, set[tuple]] = {kind: set() for kind in FindingKind}
        for q in self.checklist.questions:
            if q.finding is not None and is_bad(q, self.answers.get(q.id)):
                failed[q.finding].add(("q", self.checklist.key, q.id))
        for finding in self.findings:
            failed[finding.kind].add(self.key_of(finding))
        return failed

    @property
    def self_assessment(self) -> bool:
        return self.row.assessment is Assessment.SELF and self.card.overall is not None


@dataclass(frozen=True)
class LeftOut:
    """A visit the summary could not read, so left out of every figure, and why."""

    visit_id: str
    location: str | None
    day: str | None
    reason: str

    @classmethod
    def of(cls, exc: UnreadableVisit) -> LeftOut:
        return cls(exc.visit_id, exc.location, exc.day, exc.reason)

    def line(self) -> str:
        """One line for stderr: "Left out visit 1a2b3c4d (Station Road, 2026-11-02): why"."""
        where = ", ".join([self.location or "location unknown", *([self.day] if self.day
                                                                  else [])])
        return one_line_message(f"Left out visit {self.visit_id[:8]} ({where}): {self.reason}")


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return fmean(present) if present else None


def _behind(facts: Sequence[VisitFacts], count: int = 3) -> dict[Pillar, list[Evidence]]:
    """Each pillar's questions with the lowest average over ``facts``, as evidence."""
    scores: dict[tuple[str, str], list[float]] = defaultdict(list)
    questions: dict[tuple[str, str], Question] = {}
    for fact in facts:
        for q in fact.checklist.questions:
            if q.pillars and (value := question_score(q, fact.answers.get(q.id))) is not None:
                scores[(fact.checklist.key, q.id)].append(value)
                questions[(fact.checklist.key, q.id)] = q
    low = sorted((fmean(v), key, len(v)) for key, v in scores.items()
                 if fmean(v) < STRONG_SCORE)
    return {
        pillar: [Evidence(questions[key].text, f"averaged over {n} visit{'s' * (n != 1)}", avg)
                 for avg, key, n in low if pillar in questions[key].pillars][:count]
        for pillar in Pillar
    }


@dataclass(frozen=True)
class Figures:
    """Averages and counts over a set of visits."""

    visits: int
    overall: float | None
    pillars: dict[Pillar, float | None]
    authenticity: float | None
    flagged: int
    leaks: int  # leaks counted from answers and own findings, over all visits
    missed: int
    at_risk: int  # visits (one customer each) with at least one leak
    needs_work: str = ""

    @property
    def leaks_per_visit(self) -> float | None:
        return self.leaks / self.visits if self.visits else None

    @property
    def missed_per_visit(self) -> float | None:
        return self.missed / self.visits if self.visits else None

    @classmethod
    def of(cls, facts: Sequence[VisitFacts]) -> Figures:
        pillars = {p: _mean(f.card.pillars[p] for f in facts) for p in Pillar}
        verdict = needs_work(pillars, _behind(facts))
        dated = sorted(facts, key=lambda f: (f.row.date, f.row.id))
        trend = improvement([f.card.overall for f in dated if f.card.overall is not None])
        leaks = [len(f.failed(FindingKind.LEAK)) for f in facts]
        return cls(
            visits=len(facts),
            overall=_mean(f.card.overall for f in facts),
            pillars=pillars,
            authenticity=_mean(f.card.authenticity.score for f in facts),
            flagged=sum(1 for f in facts if f.card.flagged),
            leaks=sum(leaks),
            missed=sum(len(f.failed(FindingKind.MISSED)) for f in facts),
            at_risk=sum(1 for n in leaks if n),
            needs_work=f"{verdict} {trend}" if trend else verdict,
        )


@dataclass
class Recurring:
    """The same leak or missed opportunity, grouped across visits and counted."""

    kind: FindingKind
    label: str
    count: int = 0  # visits on which it happened
    asked: int = 0  # visits on which the question was answered (own findings: every visit)
    visits: set[str] = field(default_factory=set)
    locations: Counter[str] = field(default_factory=Counter)
    worst: Severity = Severity.LOW
    recommendations: Counter[str] = field(default_factory=Counter)

    @property
    def recommendation(self) -> str:
        return self.recommendations.most_common(1)[0][0] if self.recommendations else ""


def recurring(facts: Sequence[VisitFacts], kind: FindingKind) -> list[Recurring]:
    """Leaks (or missed opportunities) per question, from the answers, most frequent first.

    A question counts once per visit where it was answered below 50 or carries a
    confirmed finding; the evaluator's own findings are grouped by what happened.
    Severity and recommendation are the evaluator's where a finding was confirmed,
    else what the low answer suggests.
    """
    groups: dict[tuple, Recurring] = {}
    asked: Counter[tuple] = Counter()
    for fact in facts:
        for q in fact.checklist.questions:
            if q.finding is kind and question_score(q, fact.answers.get(q.id)) is not None:
                asked[("q", fact.checklist.key, q.id)] += 1
        confirmed_as = {fact.key_of(f): f for f in fact.findings if f.kind is kind}
        for key in sorted(fact.failed(kind)):
            finding = confirmed_as.get(key)
            if key[0] == "q":
                question = fact.checklist.question(key[2])
                label = question.text
                severity = (finding.severity if finding
                            else suggested_severity(question, fact.answers.get(question.id)))
                advice = (finding.recommendation.strip() if finding else "") or question.recommend
            else:
                assert finding is not None
                label = " ".join(finding.summary.split())
                severity, advice = finding.severity, finding.recommendation.strip()
            group = groups.setdefault(key, Recurring(kind, label))
            group.count += 1
            group.visits.add(fact.row.id)
            group.locations[fact.row.location] += 1
            if severity.rank > group.worst.rank:
                group.worst = severity
            if advice:
                group.recommendations[advice] += 1
    for key, group in groups.items():
        group.asked = asked[key] if key[0] == "q" else len(facts)
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
            if not present:
                continue  # nothing scored there (the customer's verdict is never scored)
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
class BehaviourScore:
    """One of the six behaviours of a customer-centric person, across visits."""

    behaviour: str
    average: float | None
    answers: int

    @property
    def label(self) -> str:
        return self.behaviour.replace("_", " ").capitalize()


def behaviour_profile(facts: Sequence[VisitFacts]) -> list[BehaviourScore]:
    """The average score of the answers tagged with each behaviour, in the method's order."""
    scores: dict[str, list[float]] = defaultdict(list)
    for fact in facts:
        for q in fact.checklist.questions:
            value = question_score(q, fact.answers.get(q.id))
            if value is not None:
                for behaviour in q.behaviours:
                    scores[behaviour].append(value)
    return [BehaviourScore(b, _mean(scores[b]), len(scores[b])) for b in BEHAVIOURS]


def location_trend(
    facts: Sequence[VisitFacts], months: Sequence[str]
) -> dict[str, list[float | None]]:
    """Each location's average overall score in each month."""
    by: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for fact in facts:
        if fact.card.overall is not None:
            by[fact.row.location][fact.row.date[:7]].append(fact.card.overall)
    return {name: [_mean(by[name].get(m, [])) for m in months]
            for name in sorted(by, key=str.casefold)}


def verdict_trend(
    facts: Sequence[VisitFacts], months: Sequence[str]
) -> dict[str, list[float | None]]:
    """The customer's own likelihoods (return, recommend) averaged per month, 0-10.

    Kept apart from every score: they are the customer's verdict, not the service.
    """
    by: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for fact in facts:
        for q in fact.checklist.questions:
            answer = fact.answers.get(q.id)
            if (q.kind is QuestionKind.LIKELIHOOD and answer is not None and not answer.na
                    and answer.value is not None):
                by[q.text][fact.row.date[:7]].append(answer.value)
    return {text: [_mean(by[text].get(m, [])) for m in months] for text in by}


@dataclass(frozen=True)
class Change:
    """This period's figures beside the previous period of the same length."""

    since: str
    until: str
    before_since: str
    before_until: str
    now: Figures
    before: Figures


def _days_before(day: str, days: int) -> str:
    return (date.fromisoformat(day) - timedelta(days=days)).isoformat()


def _change(
    read: _Reader, location_id: str | None, since: str | None, until: str | None,
    counted: Sequence[VisitFacts],
) -> Change | None:
    """The asked period (or, for all dates, the latest 91 days) against the one before."""
    if not counted:
        return None
    end = until or max(f.row.date for f in counted)
    start = since or _days_before(end, 90)
    length = (date.fromisoformat(end) - date.fromisoformat(start)).days + 1
    before_until = _days_before(start, 1)
    before_since = _days_before(before_until, length - 1)
    if since is None:  # every earlier visit is loaded already
        before = [f for f in counted if before_since <= f.row.date <= before_until]
    else:
        rows = read.rows(location_id=location_id, since=before_since, until=before_until)
        before = [f for f in read.facts(rows) if f.counted]
    now = [f for f in counted if start <= f.row.date <= end]
    if not before or not now:
        return None
    return Change(start, end, before_since, before_until, Figures.of(now), Figures.of(before))


def _business(
    read: _Reader, location_id: str | None, since: str | None, until: str | None,
    counted: Sequence[VisitFacts],
) -> Figures | None:
    """Every location's figures for the same period, to set one location beside."""
    if location_id is None:
        return None
    others = read.rows(since=since, until=until)
    known = {f.row.id: f for f in counted}
    facts = [known.get(r.id) for r in others if r.location_id == location_id]
    facts = [f for f in facts if f is not None]
    facts += [f for f in read.facts([r for r in others if r.location_id != location_id])
              if f.counted]
    return Figures.of(facts) if facts else None


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
    internal: Figures | None = None  # colleague visits, kept out of the customer figures
    internal_counted: list[VisitFacts] = field(default_factory=list)
    internal_leaks: list[Recurring] = field(default_factory=list)
    behaviours: list[BehaviourScore] = field(default_factory=list)
    location_trend: dict[str, list[float | None]] = field(default_factory=dict)
    verdicts: dict[str, list[float | None]] = field(default_factory=dict)  # 0-10 by month
    change: Change | None = None  # this period against the one before it
    business: Figures | None = None  # every location, when the summary is of one
    left_out: list[LeftOut] = field(default_factory=list)  # unreadable, in no figure

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


class _Reader:
    """Reads visits for a summary, keeping those it cannot read aside, each once."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.left_out: dict[str, LeftOut] = {}

    def rows(
        self, location_id: str | None = None, since: str | None = None,
        until: str | None = None,
    ) -> list[VisitSummary]:
        skipped: list[UnreadableVisit] = []
        rows = self.store.visits.summaries(location_id=location_id, since=since, until=until,
                                           skipped=skipped)
        for exc in skipped:
            self.left_out.setdefault(exc.visit_id, LeftOut.of(exc))
        return rows

    def sorted_left_out(self) -> list[LeftOut]:
        """Oldest first, as a reader goes through the period."""
        return sorted(self.left_out.values(), key=lambda v: (v.day or "", v.visit_id))

    def facts(
        self, rows: Sequence[VisitSummary], step: Callable[[int], None] | None = None
    ) -> list[VisitFacts]:
        facts = []
        for row in rows:
            try:
                facts.append(self._fact(row))
            except DatabaseError:
                raise  # the whole file is the problem, not this visit
            except UndercoverError as exc:
                self.left_out.setdefault(row.id, LeftOut(
                    row.id, row.location, row.date, self._reason(row, exc)))
            if step is not None:
                step(len(rows))
        return facts

    def _fact(self, row: VisitSummary) -> VisitFacts:
        checklist = self.store.checklists.get(
            row.checklist_key, row.checklist_version).for_channel(row.channel)
        answers = self.store.visits.answers(row.id)
        return VisitFacts(
            row, checklist, score_visit(checklist, answers),
            confirmed(self.store.visits.findings(row.id)), answers,
        )

    @staticmethod
    def _reason(row: VisitSummary, exc: UndercoverError) -> str:
        if isinstance(exc, UnreadableVisit):
            return exc.reason
        which = f"{row.checklist_key} version {row.checklist_version}"
        if isinstance(exc, ChecklistError):
            return f"its checklist ({which}) is damaged"
        return f"its checklist ({which}) could not be read: {exc}"


def summarise(
    store: Store,
    location: str | None = None,
    since: str | None = None,
    until: str | None = None,
    step: Callable[[int], None] | None = None,
    problems: list[str] | None = None,
) -> Summary:
    """Gather the figures of every visit in scope; ``step(total)`` is called once per visit.

    Visits that cannot be read are left out of every figure (the comparisons' too),
    kept in ``Summary.left_out`` and, when ``problems`` is given, added to it as one
    line each, also when no readable visit is left and this raises.
    """
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
    read = _Reader(store)
    rows = read.rows(location_id=location_id, since=since, until=until)
    facts = read.facts(rows, step)
    if not facts:
        where = location_name or "any location"
        if problems is not None:
            problems.extend(left.line() for left in read.sorted_left_out())
        if read.left_out:
            count = len(read.left_out)
            raise UndercoverError(
                f"No visit at {where} ({period(since, until)}) could be read: "
                f"{count} visit{'s' * (count != 1)} left out; no summary was written.")
        raise UndercoverError(f"No visits at {where} ({period(since, until)}).")
    counted = [f for f in facts if f.counted]
    internal = [f for f in facts if f.observed and f.internal]
    locations: dict[str, list[VisitFacts]] = defaultdict(list)
    for fact in counted:
        locations[fact.row.location].append(fact)
    months, trend = monthly(counted)
    believed = [f for f in facts if f.self_assessment]
    change = _change(read, location_id, since, until, counted)
    business = _business(read, location_id, since, until, counted)
    left_out = read.sorted_left_out()
    if problems is not None:
        problems.extend(left.line() for left in left_out)
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
        internal=Figures.of(internal) if internal else None,
        internal_counted=internal,
        internal_leaks=recurring(internal, FindingKind.LEAK),
        behaviours=behaviour_profile(counted),
        location_trend=location_trend(counted, months),
        verdicts=verdict_trend(counted, months),
        change=change,
        business=business,
        left_out=left_out,
    )
