"""Findings suggested by low answers, and the few actions an owner should take first."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from undercover.domain.checklist import Checklist, FindingKind, Question, QuestionKind
from undercover.domain.describe import describe_answer
from undercover.domain.scoring import LOW_SCORE, is_bad, question_score
from undercover.domain.visit import Answer, Finding, FindingStatus, Severity


def what_happened(question: Question, answer: Answer | None) -> str:
    """A low answer as what happened: "Waited 8 minutes against a target of 3", not "(No)"."""
    value = answer.value if answer is not None else None
    if question.kind is QuestionKind.NUMBER and value is not None:
        unit = question.unit[:-1] if value == 1 and question.unit.endswith("s") else question.unit
        figure = f"{value:g}{' ' + unit if unit else ''} against a target of {question.target:g}"
        return f"{question.happened}: {figure}" if question.happened else (
            f"{figure} ({question.text})")
    if question.happened:
        return question.happened
    anchor = question.anchor(value)
    if anchor:
        return f"{anchor} ({value:g} of 5 on \u201c{question.text}\u201d)"
    return f"\u201c{question.text}\u201d answered {describe_answer(question, answer)}"


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
                    summary=what_happened(q, answer),
                    where=checklist.moment_of(q.id),
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


@dataclass(frozen=True)
class Action:
    """Something to do next, and the evidence it rests on (a finding or an answer)."""

    text: str
    evidence: str
    question_id: str | None = None
    finding_id: str | None = None


def _answer_evidence(question: Question, answer: Answer | None) -> str:
    said = f"\u201c{question.text}\u201d {describe_answer(question, answer)}"
    note = answer.note.strip() if answer is not None else ""
    return f"{said}; note: {note}" if note else said


def actions(
    checklist: Checklist,
    answers: Mapping[str, Answer],
    findings: Iterable[Finding],
    count: int = 3,
) -> list[Action]:
    """What to do next: recommendations of the worst findings, then of the lowest answers."""
    chosen: list[Action] = []

    def add(action: Action) -> None:
        text = action.text.strip()
        if text and text not in {a.text for a in chosen} and len(chosen) < count:
            chosen.append(Action(text, action.evidence, action.question_id, action.finding_id))

    for finding in confirmed(findings):
        evidence = f"{finding.kind.label}: {finding.summary}"
        if finding.evidence.strip():
            evidence += f"; evidence: {finding.evidence.strip()}"
        add(Action(finding.recommendation, evidence, finding.question_id, finding.id))
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
        add(Action(q.recommend, _answer_evidence(q, answers.get(q.id)), q.id))
    return chosen


def top_actions(
    checklist: Checklist,
    answers: Mapping[str, Answer],
    findings: Iterable[Finding],
    count: int = 3,
) -> list[str]:
    """The texts of ``actions``, for places that show no evidence."""
    return [a.text for a in actions(checklist, answers, findings, count)]


@dataclass(frozen=True)
class Unraised:
    """A low answer on a leak or missed-opportunity question with no confirmed finding."""

    question: Question
    answer: Answer
    score: float
    dismissed: bool  # the evaluator dismissed the suggestion (else it was never reviewed)


def unraised(
    checklist: Checklist, answers: Mapping[str, Answer], findings: Iterable[Finding]
) -> list[Unraised]:
    """Low answers that no confirmed finding covers, in checklist order.

    A dismissed suggestion hides a finding, not the answer: owners see these too,
    so "0 leaks" never hides three questions answered 0.
    """
    findings = list(findings)
    raised = {f.question_id for f in findings
              if f.question_id and f.status is FindingStatus.CONFIRMED}
    dismissed = {f.question_id for f in findings
                 if f.question_id and f.status is FindingStatus.DISMISSED}
    out = []
    for q in checklist.questions:
        answer = answers.get(q.id)
        score = question_score(q, answer)
        if (q.finding is None or q.id in raised or answer is None or score is None
                or score >= LOW_SCORE):
            continue
        out.append(Unraised(q, answer, score, q.id in dismissed))
    return out


def strengths(checklist: Checklist, answers: Mapping[str, Answer], count: int = 3) -> list[str]:
    """What went well: the best-scored behaviours, each as the answer the evaluator gave."""
    good = sorted(
        (
            (-score, not (answers[q.id].note.strip()), i, q)
            for i, q in enumerate(checklist.questions)
            if q.pillars
            and q.kind in (QuestionKind.RATING, QuestionKind.BIPOLAR)
            and (score := question_score(q, answers.get(q.id))) is not None
            and score >= 75
        ),
        key=lambda item: item[:3],
    )
    out = []
    for _, _, _, q in good[:count]:
        answer = answers[q.id]
        text = q.anchor(answer.value) or describe_answer(q, answer)
        note = answer.note.strip()
        out.append(f"{text}{': ' + note if note else ''}")
    return out
