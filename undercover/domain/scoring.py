"""Scores 0-100 for questions, sections, pillars and a whole visit.

The rules are the method's: N/A and unanswered questions are left out of
every average (never counted as zero); a section is the weighted mean of its
questions, the visit the weighted mean of its sections, a pillar the weighted
mean of the questions tagged with it; a critical question answered badly
flags the visit whatever the average says.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from undercover.domain.checklist import (
    Better,
    Checklist,
    Pillar,
    Question,
    QuestionKind,
    Section,
)
from undercover.domain.visit import Answer

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


def section_score(section: Section, answers: Answers) -> float | None:
    return weighted_mean(
        (question_score(q, answers.get(q.id)), q.weight) for q in section.questions
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


@dataclass(frozen=True)
class Authenticity:
    """The scripted-versus-authentic reading, kept apart from politeness."""

    score: float | None
    label: str
    sentence: str


def authenticity(checklist: Checklist, answers: Answers) -> Authenticity:
    bipolar = [q for q in checklist.questions if q.kind is QuestionKind.BIPOLAR]
    score = weighted_mean((question_score(q, answers.get(q.id)), q.weight) for q in bipolar)
    others = weighted_mean(
        (question_score(q, answers.get(q.id)), q.weight)
        for q in checklist.questions
        if q.kind is not QuestionKind.BIPOLAR
    )
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
    if others is not None and others >= 65:
        return Authenticity(
            score,
            "Polite but scripted",
            "Polite but scripted: the right steps, performed without meaning them.",
        )
    return Authenticity(
        score, "Scripted", "Scripted: staff went through the motions rather than connecting."
    )


_PILLAR_ADVICE = {
    Pillar.EMPATHY: "staff are not yet seeing the visit from the customer's side",
    Pillar.SERVING: "staff do what is asked but stop short of solving the real need",
    Pillar.PRESENCE: "customers are not getting staff's undivided attention",
}

STRONG_SCORE = 80.0


def needs_work(pillars: Mapping[Pillar, float | None]) -> str:
    """One plain sentence: which part of the customer-centric model needs work."""
    scored = [(score, p) for p, score in pillars.items() if score is not None]
    if not scored:
        return "Not enough answers yet to say which part of the model needs work."
    order = list(Pillar)
    score, pillar = min(scored, key=lambda sp: (sp[0], order.index(sp[1])))
    if score >= STRONG_SCORE:
        return (
            f"All pillars are strong (lowest: {pillar.label}, {score:.0f}/100); "
            "keep the small improvements coming."
        )
    return f"{pillar.label} needs the most work ({score:.0f}/100): {_PILLAR_ADVICE[pillar]}."


@dataclass(frozen=True)
class Scorecard:
    overall: float | None
    sections: dict[str, float | None]
    pillars: dict[Pillar, float | None]
    authenticity: Authenticity
    critical_failures: tuple[str, ...]
    answered: int
    total: int

    @property
    def flagged(self) -> bool:
        return bool(self.critical_failures)

    @property
    def needs_work(self) -> str:
        return needs_work(self.pillars)


def score_visit(checklist: Checklist, answers: Answers) -> Scorecard:
    return Scorecard(
        overall=overall_score(checklist, answers),
        sections={s.id: section_score(s, answers) for s in checklist.sections},
        pillars={p: pillar_score(checklist, answers, p) for p in Pillar},
        authenticity=authenticity(checklist, answers),
        critical_failures=tuple(q.id for q in critical_failures(checklist, answers)),
        answered=sum(1 for q in checklist.questions if (a := answers.get(q.id)) and a.given),
        total=len(checklist.questions),
    )
