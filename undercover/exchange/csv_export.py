"""Visits as a CSV file for spreadsheets: one row per answer, or one row per visit.

UTF-8 with a byte-order mark, so Excel reads Łódź and € as written. A text
cell that a spreadsheet would run as a formula (it starts with =, +, -, @, a
tab or a carriage return) gets a leading apostrophe and stays text; scores
and counts are written as plain numbers, so they sort and sum.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from undercover.domain.checklist import FindingKind, Pillar
from undercover.domain.findings import confirmed, describe_answer
from undercover.domain.scoring import question_score
from undercover.domain.visit import Assessment, VisitSummary
from undercover.errors import UndercoverError
from undercover.outputs import atomic_output
from undercover.store import Store
from undercover.store.visits import UnreadableVisit

ANSWER_COLUMNS = (
    "Visit id", "Location", "Channel", "Evaluator code", "Date", "Status", "Section",
    "Question id", "Question", "Answer", "Score (0-100)", "N/A", "Note",
)
VISIT_COLUMNS = (
    "Visit id", "Location", "Channel", "Evaluator code", "Date", "Status", "Assessment",
    "Checklist", "Overall (0-100)", *(f"{p.label} (0-100)" for p in Pillar),
    "Scripted vs authentic (0-100)", "Scripted vs authentic", "Critical flags",
    "Flagged questions", "Leaks", "Missed opportunities", "Answered", "Questions",
)

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")

Cell = str | int | float

_ASSESSMENT = {Assessment.OBSERVED: "Observed", Assessment.SELF: "Self-assessment"}


def text_cell(value: str) -> str:
    """Text a spreadsheet shows as text: a would-be formula gets a leading apostrophe."""
    if value.startswith(_FORMULA_START) and not _PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def number_cell(value: float | None) -> Cell:
    """A score as a number with at most one decimal; blank when there is none."""
    if value is None:
        return ""
    rounded = round(value, 1)
    return int(rounded) if rounded == int(rounded) else rounded


@dataclass(frozen=True)
class Scope:
    """Which visits go into the file."""

    location: str | None = None
    since: str | None = None
    until: str | None = None
    ids: Sequence[str] | None = None


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
        raise UndercoverError(f"{name} must be a date written as YYYY-MM-DD, not {value!r}.") \
            from None


def chosen_visits(
    store: Store, scope: Scope, problems: list[str] | None = None
) -> list[VisitSummary]:
    """The visits in scope, oldest first; a plain error if there are none.

    Visits this version cannot read are left out and named in ``problems``.
    """
    since, until = check_day(scope.since, "--since"), check_day(scope.until, "--until")
    if since and until and since > until:
        raise UndercoverError(f"The start date {since} is after the end date {until}.")
    location_id = None
    if scope.location is not None and scope.location.strip():
        found = store.locations.find(scope.location)
        if found is None:
            raise UndercoverError(f"There is no location called {scope.location.strip()}.")
        location_id = found.id
    rows = store.visits.summaries(
        location_id=location_id, since=since, until=until,
        ids=None if scope.ids is None else list(scope.ids), problems=problems,
    )
    if not rows:
        raise UndercoverError("No visits match; nothing was written.")
    return sorted(rows, key=lambda v: (v.date, v.location.casefold(), v.id))


def _visit_cells(v: VisitSummary) -> list[Cell]:
    return [v.id, v.location, v.channel.label, v.evaluator_code, v.date, v.status.label]


def answer_rows(store: Store, v: VisitSummary) -> list[list[Cell]]:
    """One row per answered question (or question with a note), in checklist order."""
    checklist = store.checklists.get(v.checklist_key, v.checklist_version)
    answers = store.visits.answers(v.id)
    rows: list[list[Cell]] = []
    for section in checklist.sections:
        for q in section.questions:
            answer = answers.get(q.id)
            if answer is None:
                continue
            shown = describe_answer(q, answer) if answer.given else ""
            rows.append([
                *_visit_cells(v), section.title, q.id, q.text,
                shown, number_cell(question_score(q, answer)),
                "yes" if answer.na else "no", answer.note,
            ])
    return rows


def visit_rows(store: Store, v: VisitSummary) -> list[list[Cell]]:
    """One row for the visit: the figures of its summary page."""
    checklist = store.checklists.get(v.checklist_key, v.checklist_version)
    card = store.visits.scorecard(v.id)
    findings = confirmed(store.visits.findings(v.id))
    flagged = "; ".join(checklist.question(q).text for q in card.critical_failures)
    return [[
        *_visit_cells(v), _ASSESSMENT[v.assessment], checklist.title,
        number_cell(card.overall), *(number_cell(card.pillars[p]) for p in Pillar),
        number_cell(card.authenticity.score), card.authenticity.label,
        len(card.critical_failures), flagged,
        sum(1 for f in findings if f.kind is FindingKind.LEAK),
        sum(1 for f in findings if f.kind is FindingKind.MISSED),
        card.answered, card.total,
    ]]


def _safe(row: list[Cell]) -> list[Cell]:
    """Every text cell through ``text_cell``: names, notes and ids may come from anyone."""
    return [text_cell(c) if isinstance(c, str) else c for c in row]


def write_csv(
    store: Store,
    output: Path | str,
    scope: Scope = Scope(),
    per_visit: bool = False,
    problems: list[str] | None = None,
) -> int:
    """Write the CSV file (``-`` for standard output); returns the number of visits in it.

    With ``problems``, a visit this version cannot read is named there and the
    others are written; without, it stops the export and nothing is written.
    """
    visits = chosen_visits(store, scope, problems)
    columns, rows = (
        (VISIT_COLUMNS, visit_rows) if per_visit else (ANSWER_COLUMNS, answer_rows)
    )
    written = 0
    with atomic_output(output, database=store.path) as raw:
        text = io.TextIOWrapper(raw, encoding="utf-8-sig", newline="")
        try:
            writer = csv.writer(text)
            writer.writerow(columns)
            for v in visits:
                try:
                    lines = rows(store, v)
                except UnreadableVisit as exc:
                    if problems is None:
                        raise
                    problems.append(str(exc))
                    continue
                writer.writerows(_safe(line) for line in lines)
                written += 1
            if not written:
                raise UndercoverError("No visit could be read; nothing was written.")
            text.flush()
        finally:
            text.detach()  # the stream belongs to atomic_output (or is standard output)
    return written
