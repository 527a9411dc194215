"""Findings suggested by low answers, and the few actions an owner should take first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from undercover.domain.checklist import Checklist, FindingKind, Question
from undercover.domain.describe import describe_answer
from undercover.domain.scoring import LOW_SCORE, is_bad, question_score
from undercover.domain.visit import Answer, Finding, FindingStatus, Severity


def suggested_severity(question: Question, answer: Answer | None) -> Severity:
    if question.critical:
        return Severity.HIGH
    score = question_score(question, answer)
    return Severity.MEDIUM if score is not None and score < LOW_SCORE / 2 else Severity.LOW


def suggested_findings(
    checklist: Checklist, answers: Mapping[str, Answer], findings: Iterable[Finding] = ()
) -> list[Finding]:
    """Findings that low answers on hinted questions suggest, minus those already handled.

    A suggestion is handled once the evaluator confirmed, edited or dismissed it:
    a stored finding then carries the question's id.
    """
    handled = {f.question_id for f in findings if f.question_id}
    suggestions = []
    for section in checklist.sections:
        for q in section.questions:
            answer = answers.get(q.id)
            if q.finding is None or q.id in handled or not is_bad(q, answer):
                continue
            suggestions.append(
                Finding(
                    kind=q.finding,
                    summary=f"{q.text} ({describe_answer(q, answer)})",
                    where=section.title,
                    severity=suggested_severity(q, answer),
                    evidence=answer.note if answer else "",
                    recommendation=q.recommend,
                    question_id=q.id,
                )
            )
    return suggestions


def confirmed(findings: Iterable[Finding], kind: FindingKind | None = None) -> list[Finding]:
    """Confirmed findings, most severe first, leaks before missed opportunities."""
    chosen = [
        f for f in findings
        if f.status is FindingStatus.CONFIRMED and (kind is None or f.kind is kind)
    ]
    return sorted(chosen, key=lambda f: (-f.severity.rank, f.kind is not FindingKind.LEAK))


def top_actions(
    checklist: Checklist,
    answers: Mapping[str, Answer],
    findings: Iterable[Finding],
    count: int = 3,
) -> list[str]:
    """What to do next: recommendations of the worst findings, then of the lowest answers."""
    actions: list[str] = []

    def add(text: str) -> None:
        text = text.strip()
        if text and text not in actions and len(actions) < count:
            actions.append(text)

    for finding in confirmed(findings):
        add(finding.recommendation)
    low = sorted(
        (
            (score, q)
            for q in checklist.questions
            if q.recommend
            and (score := question_score(q, answers.get(q.id))) is not None
            and score < LOW_SCORE
        ),
        key=lambda sq: sq[0],
    )
    for _, q in low:
        add(q.recommend)
    return actions
