"""Answers as a person would say them, for reports, findings and verdicts."""

from __future__ import annotations

from undercover.domain.checklist import Question, QuestionKind
from undercover.domain.visit import Answer


def describe_answer(question: Question, answer: Answer | None) -> str:
    """An answer as a person would say it: "2 of 5: ...", "No", "12 minutes, target 3"."""
    if answer is None or not answer.given:
        return "Not answered"
    if answer.na:
        return "N/A"
    if question.kind is QuestionKind.TEXT:
        return answer.text
    if answer.value is None:
        return "Not answered"
    v = answer.value
    kind = question.kind
    if kind is QuestionKind.YES_NO:
        return "Yes" if v >= 0.5 else "No"
    if kind is QuestionKind.LIKELIHOOD:
        return f"{v:g} of 10"
    if kind is QuestionKind.NUMBER:
        unit = question.unit
        if v == 1 and unit.endswith("s"):
            unit = unit[:-1]  # "1 minute", "1 hand-off"
        unit = f" {unit}" if unit else ""
        return f"{v:g}{unit}, target {question.target:g}"
    anchor = question.anchor(v)
    return f"{v:g} of 5: {anchor}" if anchor else f"{v:g} of 5"
