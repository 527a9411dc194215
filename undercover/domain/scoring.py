"""Scores 0-100 for questions, sections, pillars and a whole visit.

The rules are the method's: N/A and unanswered questions are left out of
every average (never counted as zero); a section is the weighted mean of its
questions, the visit the weighted mean of its sections, a pillar the weighted
mean of the questions tagged with it; a critical question answered badly
flags the visit whatever the average says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from undercover.domain.checklist import (
    Better,
    Checklist,
    Pillar,
    Question,
    QuestionKind,
    Section,
)
from undercover.domain.describe import describe_answer
from undercover.domain.verdicts import STRONG_SCORE, Evidence, needs_work
from undercover.domain.visit import MIN_COVERAGE as MIN_COVERAGE  # the rule lives there
from undercover.domain.visit import Answer, enough_answers

# An answer scoring below this is "bad": it fails a critical question and
# suggests a finding on a question hinted as a leak or missed opportunity.
LOW_SCORE = 50.0

Answers = Mapping[str, Answer]


def question_score(question: Question, answer: Answer | None) -> float | None:
    """The answer normalised to 0-100, or None when it does not count (N/A, blank, text)."""
    if answer is None or answer.na or answer.value is None or not question.scored:
        return None
    v = float(answer.value)
    kind = question.kind
    if kind in (QuestionKind.RATING, QuestionKind.BIPOLAR):
        score = (v - 1.0) / 4.0 * 100.0
    elif kind is QuestionKind.LIKELIHOOD:
        score = v * 10.0
    elif kind is QuestionKind.YES_NO:
        score = 100.0 if (v >= 0.5) == question.good_answer else 0.0
    else:  # NUMBER: 100 at the target or better, 0 at the worst or beyond, linear between
        target, worst = question.target, question.worst
        assert target is not None and worst is not None
        if question.better is Better.LOWER:
            score = (worst - v) / (worst - target) * 100.0
        else:
            score = (v - worst) / (target - worst) * 100.0
    return min(100.0, max(0.0, score))


def weighted_mean(pairs: Iterable[tuple[float | None, float]]) -> float | None:
    """Mean of (score, weight) pairs, skipping None scores; None if nothing counts."""
    total = weight_sum = 0.0
    for score, weight in pairs:
        if score is not None:
            total += score * weight
            weight_sum += weight
    if weight_sum <= 0:
        return None
    return min(100.0, max(0.0, total / weight_sum))


def in_service_score(question: Question) -> bool:
    """Likelihoods (return, recommend) are the customer's own verdict, kept out of the score."""
    return question.scored and question.kind is not QuestionKind.LIKELIHOOD


def section_score(section: Section, answers: Answers) -> float | None:
    return weighted_mean(
        (question_score(q, answers.get(q.id)), q.weight)
        for q in section.questions
        if in_service_score(q)
    )


def overall_score(checklist: Checklist, answers: Answers) -> float | None:
    return weighted_mean((section_score(s, answers), s.weight) for s in checklist.sections)


def pillar_score(checklist: Checklist, answers: Answers, pillar: Pillar) -> float | None:
    return weighted_mean(
        (question_score(q, answers.get(q.id)), q.weight)
        for q in checklist.questions
        if pillar in q.pillars
    )


def is_bad(question: Question, answer: Answer | None) -> bool:
    score = question_score(question, answer)
    return score is not None and score < LOW_SCORE


def missing_required(checklist: Checklist, answers: Answers) -> list[Question]:
    """Required questions still unanswered; they block completing a visit, not moving around."""
    return [
        q for q in checklist.questions
        if q.required and not ((a := answers.get(q.id)) and a.given and not a.na)
    ]


def critical_failures(checklist: Checklist, answers: Answers) -> list[Question]:
    return [q for q in checklist.questions if q.critical and is_bad(q, answers.get(q.id))]


POLITE_SCORE = 65.0


def polite(checklist: Checklist, answers: Answers) -> bool:
    """Polite: the politeness questions (greeting, courtesy, tone, farewell) went well.

    Judged only from questions the checklist marks as politeness items, never from
    waits or offers; any of them answered badly (a courtesy failure above all) means
    the visit is not called polite. A checklist that marks none cannot say "polite".
    """
    items = [q for q in checklist.questions if q.polite]
    if any(is_bad(q, answers.get(q.id)) for q in items):
        return False
    mean = weighted_mean((question_score(q, answers.get(q.id)), q.weight) for q in items)
    return mean is not None and mean >= POLITE_SCORE


@dataclass(frozen=True)
class Authenticity:
    """The scripted-versus-authentic reading, kept apart from politeness."""

    score: float | None
    label: str
    sentence: str


def authenticity(checklist: Checklist, answers: Answers) -> Authenticity:
    bipolar = [q for q in checklist.questions if q.kind is QuestionKind.BIPOLAR]
    score = weighted_mean((question_score(q, answers.get(q.id)), q.weight) for q in bipolar)
    if score is None:
        return Authenticity(None, "Not assessed", "Scripted versus authentic was not assessed.")
    if score >= 75:
        return Authenticity(
            score, "Authentic", "Staff came across as genuine and adapted to this customer."
        )
    if score >= LOW_SCORE:
        return Authenticity(
            score, "Mostly genuine", "Mostly genuine, with some moments delivered by rote."
        )
    if polite(checklist, answers):
        return Authenticity(
            score,
            "Polite but scripted",
            "Polite but scripted: the right steps, performed without meaning them.",
        )
    return Authenticity(
        score, "Scripted", "Scripted: staff went through the motions rather than connecting."
    )




def behind(
    checklist: Checklist, answers: Answers, pillar: Pillar, count: int = 3
) -> list[Evidence]:
    """The lowest answers (below the strong mark) on questions tagged with ``pillar``."""
    low = sorted(
        (
            (score, q)
            for q in checklist.questions
            if pillar in q.pillars
            and (score := question_score(q, answers.get(q.id))) is not None
            and score < STRONG_SCORE
        ),
        key=lambda sq: sq[0],
    )
    return [Evidence(q.text, describe_answer(q, answers.get(q.id)), score)
            for score, q in low[:count]]


@dataclass(frozen=True)
class Scorecard:
    overall: float | None
    sections: dict[str, float | None]
    pillars: dict[Pillar, float | None]
    authenticity: Authenticity
    critical_failures: tuple[str, ...]
    answered: int
    total: int
    # Scored questions (likelihoods aside) and how many of them have an answer or N/A.
    scored_answered: int = 0
    scored_total: int = 0
    unanswered_critical: tuple[str, ...] = ()
    # What the verdict is built from, only when it is asked for (summaries never ask).
    source: tuple[Checklist, Answers] | None = field(default=None, repr=False, compare=False)

    @cached_property
    def verdict(self) -> str:
        """Which part of the model needs work, with the answers behind it."""
        if self.source is None:
            return needs_work(self.pillars)
        checklist, answers = self.source
        return needs_work(self.pillars, {p: behind(checklist, answers, p) for p in Pillar})

    @property
    def flagged(self) -> bool:
        return bool(self.critical_failures)

    @property
    def enough(self) -> bool:
        """Enough answers for a headline score (the minimum coverage rule)."""
        return self.overall is not None and enough_answers(self.scored_answered, self.scored_total)

    @property
    def headline(self) -> float | None:
        """The overall score, or None while too few questions are answered to stand for it."""
        return self.overall if self.enough else None

    @property
    def unscored_pillars(self) -> list[Pillar]:
        return [p for p in Pillar if self.pillars.get(p) is None]

    @property
    def needs_work(self) -> str:
        if not self.enough:
            return (
                f"Not enough answers yet ({self.scored_answered} of {self.scored_total} "
                "scored questions) to say which part of the model needs work."
            )
        return self.verdict


def score_visit(checklist: Checklist, answers: Answers) -> Scorecard:
    pillars = {p: pillar_score(checklist, answers, p) for p in Pillar}
    scored = [q for q in checklist.questions if in_service_score(q)]

    def given(q: Question) -> bool:
        return bool((a := answers.get(q.id)) and a.given)

    return Scorecard(
        overall=overall_score(checklist, answers),
        sections={s.id: section_score(s, answers) for s in checklist.sections},
        pillars=pillars,
        authenticity=authenticity(checklist, answers),
        critical_failures=tuple(q.id for q in critical_failures(checklist, answers)),
        answered=sum(1 for q in checklist.questions if given(q)),
        total=len(checklist.questions),
        scored_answered=sum(1 for q in scored if given(q)),
        scored_total=len(scored),
        unanswered_critical=tuple(q.id for q in checklist.questions
                                  if q.critical and not given(q)),
        source=(checklist, dict(answers)),  # a snapshot: the caller's dict may change
    )
