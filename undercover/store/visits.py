"""Visits with their answers and findings, written through as the evaluator works.

Each write is its own transaction and refreshes the visit's stored scores,
so lists, charts and the command line never recompute a whole database.
A visit this version cannot read (say, a channel a newer version added) is
reported by itself and never hides the others.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from sqlite_utils import Database

from undercover.domain.checklist import FindingKind, Pillar
from undercover.domain.scoring import Scorecard, missing_required, score_visit
from undercover.domain.times import check_visit_times, to_utc
from undercover.domain.visit import (
    Answer,
    Assessment,
    Channel,
    Finding,
    FindingStatus,
    Severity,
    Visit,
    VisitStatus,
    VisitSummary,
    now_iso,
)
from undercover.errors import UndercoverError
from undercover.store.checklists import ChecklistRepo
from undercover.store.database import transaction
from undercover.store.edits import (
    machine_id,
    move_visits,
    record_deletion,
    record_edit,
    versions_text,
)
from undercover.store.evaluators import EvaluatorRepo
from undercover.store.photos import PhotoRepo
from undercover.store.reads import plain_reads

log = logging.getLogger(__name__)

E = TypeVar("E", bound=Enum)

_TIMES = {"planned_start", "planned_end", "started_at", "ended_at"}
_EDITABLE = {
    "location_id", "channel", "scenario", "evaluator_code", "assessment",
    "planned_start", "planned_end", "started_at", "ended_at", "current_section",
}
_EDITABLE |= {"served_by"}

# The local day a visit happened (or is planned for), for lists, filters and charts.
_WHEN = "coalesce(v.started_at, v.planned_start, v.created_at)"
# Raised whenever the way a visit is scored changes; stored scores are then recomputed.
SCORING_RULES = 3

_DATE = f"coalesce(date({_WHEN}, 'localtime'), substr({_WHEN}, 1, 10))"  # text kept if odd

_SUMMARY_COLUMNS = f"""
    v.id, v.location_id, l.name, {_DATE},
    v.channel, v.evaluator_code, v.status, v.assessment, v.checklist_key, v.checklist_version,
    v.scenario, v.score, v.score_empathy, v.score_serving, v.score_presence, v.flagged,
    v.updated_at, EXISTS (SELECT 1 FROM visit_conflicts c WHERE c.visit_id = v.id),
    v.scored_answered, v.scored_total
"""


class UnreadableVisit(UndercoverError):
    """A stored visit this version cannot read; the message names the visit and why."""

    def __init__(self, visit_id: object, reason: str) -> None:
        super().__init__(f"visit {str(visit_id)[:8]} could not be read: {reason}")
        self.visit_id = str(visit_id)
        self.reason = reason
        self.location: str | None = None  # where and when, as far as the row tells
        self.day: str | None = None


@cache
def _members(enum: type[E]) -> dict[object, E]:
    return {member.value: member for member in enum}


def _enum(enum: type[E], value: object, what: str, visit_id: object) -> E:
    # A dict look-up: calling the Enum class costs more than the rest of a list row.
    member = _members(enum).get(value)
    if member is None:
        raise UnreadableVisit(visit_id, f"unknown {what} {value!r}")
    return member


def _score(value: object, what: str, visit_id: object) -> float | None:
    if value is None or (isinstance(value, int | float) and not isinstance(value, bool)):
        return value
    raise UnreadableVisit(visit_id, f"its {what} is not a number ({value!r})")


def _stored_time(value: str | None, name: str) -> str | None:
    """A visit's time as stored (UTC); text that is not a time is refused, plainly."""
    try:
        return to_utc(value)
    except ValueError:
        raise UndercoverError(f"{value!r} is not a date and time ({name}).") from None


def _summary(row: tuple, search_text: str = "") -> VisitSummary:
    vid = row[0]
    if row[2] is None:
        raise UnreadableVisit(vid, "its location is missing")
    return VisitSummary(
        id=vid, location_id=row[1], location=row[2], date=row[3],
        channel=_enum(Channel, row[4], "channel", vid), evaluator_code=row[5],
        status=_enum(VisitStatus, row[6], "status", vid),
        assessment=_enum(Assessment, row[7], "assessment", vid), checklist_key=row[8],
        checklist_version=row[9], scenario=row[10], score=_score(row[11], "score", vid),
        empathy=_score(row[12], "empathy score", vid),
        serving=_score(row[13], "serving score", vid),
        presence=_score(row[14], "presence score", vid),
        flagged=bool(row[15]), updated_at=row[16], in_conflict=bool(row[17]),
        scored_answered=row[18], scored_total=row[19], search_text=search_text,
    )


class VisitRepo:
    def __init__(self, db: Database, checklists: ChecklistRepo) -> None:
        self._db = db
        self._checklists = checklists

    # -- whole visits ---------------------------------------------------------------

    def create(self, visit: Visit) -> Visit:
        """Store a new visit, with any answers and findings it already has.

        Times are stored in UTC; a new visit made here counts as this machine's first edit,
        and is evaluated by this machine's evaluator with the visit's code.
        """
        self._checklists.get(visit.checklist_key, visit.checklist_version)
        for name in ("planned_start", "planned_end", "started_at", "ended_at", "created_at",
                     "updated_at", "edited_at"):
            setattr(visit, name, _stored_time(getattr(visit, name), name))
        check_visit_times(visit.started_at, visit.ended_at, new=())
        if visit.checklist_sha256 is None:
            visit.checklist_sha256 = self._checklists.sha256(
                visit.checklist_key, visit.checklist_version
            )
        with transaction(self._db):
            if not visit.versions:
                visit.versions = {machine_id(self._db): 1}
            if visit.evaluator_id is None and visit.evaluator_code:
                visit.evaluator_id = EvaluatorRepo(self._db).mine(visit.evaluator_code).id
            self._db.execute(
                "INSERT INTO visits (id, location_id, checklist_key, checklist_version, "
                "assessment, channel, scenario, evaluator_code, planned_start, planned_end, "
                "started_at, ended_at, status, current_section, created_at, updated_at, "
                "edited_at, versions, checklist_sha256, evaluator_id) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [visit.id, visit.location_id, visit.checklist_key, visit.checklist_version,
                 visit.assessment.value, visit.channel.value, visit.scenario,
                 visit.evaluator_code, visit.planned_start, visit.planned_end,
                 visit.started_at, visit.ended_at, visit.status.value, visit.current_section,
                 visit.created_at, visit.updated_at, visit.edited_at,
                 versions_text(visit.versions), visit.checklist_sha256,
                 visit.evaluator_id],
            )
            if visit.served_by:
                self._db.execute("UPDATE visits SET served_by = ? WHERE id = ?",
                                 [visit.served_by, visit.id])
            for answer in visit.answers.values():
                self._write_answer(visit.id, answer)
            for position, finding in enumerate(visit.findings):
                self._write_finding(visit.id, finding, position)
            self._rescore(visit.id)
        return visit

    @plain_reads
    def get(self, visit_id: str) -> Visit:
        """The whole visit; one this version cannot read is an UnreadableVisit error."""
        row = self._db.execute(
            "SELECT id, location_id, checklist_key, checklist_version, assessment, channel, "
            "scenario, evaluator_code, planned_start, planned_end, started_at, ended_at, "
            "status, current_section, created_at, updated_at, edited_at, versions, "
            "checklist_sha256, evaluator_id FROM visits WHERE id = ?", [visit_id],
        ).fetchone()
        if row is None:
            raise UndercoverError(f"Visit {visit_id} does not exist (was it deleted?).")
        return Visit(
            id=row[0], location_id=row[1], checklist_key=row[2], checklist_version=row[3],
            assessment=_enum(Assessment, row[4], "assessment", visit_id),
            channel=_enum(Channel, row[5], "channel", visit_id), scenario=row[6],
            evaluator_code=row[7], planned_start=row[8], planned_end=row[9],
            started_at=row[10], ended_at=row[11],
            status=_enum(VisitStatus, row[12], "status", visit_id),
            current_section=row[13], created_at=row[14], updated_at=row[15],
            edited_at=row[16], versions=json.loads(row[17]), checklist_sha256=row[18],
            evaluator_id=row[19], answers=self.answers(visit_id),
            findings=self.findings(visit_id), photos=PhotoRepo(self._db).list(visit_id),
            served_by=self._db.execute(
                "SELECT served_by FROM visits WHERE id = ?", [visit_id]).fetchone()[0],
        )

    def delete(self, visit_id: str) -> None:
        """Delete a visit; the deletion is remembered so an older copy never brings it back."""
        with transaction(self._db):
            self._db.execute(
                "DELETE FROM parked_photos WHERE visit_id = ?", [visit_id]
            )
            self._db.execute("DELETE FROM visits WHERE id = ?", [visit_id])
            record_deletion(self._db, "visit", visit_id, visit_id)

    def update(self, visit_id: str, **changes: Any) -> None:
        """Change a visit's details (where, when, how); answers have their own methods."""
        unknown = set(changes) - _EDITABLE
        if unknown:
            raise ValueError(f"not editable: {sorted(unknown)}")
        values = [
            _stored_time(v, name) if name in _TIMES else v.value if hasattr(v, "value") else v
            for name, v in changes.items()
        ]
        columns = ", ".join(f"{name} = ?" for name in changes)
        with transaction(self._db):
            if {"started_at", "ended_at"} & set(changes):
                self._check_times(visit_id, dict(zip(changes, values, strict=True)))
            if "location_id" in changes and self._db.execute(
                "SELECT 1 FROM locations WHERE id = ?", [changes["location_id"]]
            ).fetchone() is None:
                raise UndercoverError("That location no longer exists.")
            self._db.execute(
                f"UPDATE visits SET {columns} WHERE id = ?", [*values, visit_id]
            )
            if set(changes) != {"current_section"}:
                record_edit(self._db, visit_id)
            if {"scenario", "channel"} & set(changes):  # search text; what the channel asks
                self._rescore(visit_id)

    def _check_times(self, visit_id: str, changes: dict[str, Any]) -> None:
        """The visit's times after ``changes`` must be possible; the new ones not to come."""
        row = self._db.execute(
            "SELECT started_at, ended_at FROM visits WHERE id = ?", [visit_id]
        ).fetchone()
        if row is None:
            raise UndercoverError("That visit no longer exists (was it deleted?).")
        start = changes.get("started_at", row[0])
        end = changes.get("ended_at", row[1])
        new = tuple(n for n, key in (("start", "started_at"), ("end", "ended_at"))
                    if key in changes)
        check_visit_times(start, end, new=new)

    def move_visits(self, from_location_id: str, to_location_id: str) -> int:
        """Move every visit of one location to another; each move is an edit of the visit.

        Returns how many moved. The edit is counted like any other (updated time and this
        machine's edit count), so the move travels to other computers with the visits.
        """
        with transaction(self._db):
            return move_visits(self._db, from_location_id, to_location_id)

    def complete(self, visit_id: str, ended_at: str | None = None) -> None:
        """Mark the visit done; refused while a required question is unanswered."""
        visit = self.get(visit_id)
        checklist = self._checklists.get(visit.checklist_key, visit.checklist_version)
        missing = missing_required(checklist, visit.answers)
        if missing:
            names = "; ".join(q.text for q in missing[:3])
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            raise UndercoverError(f"Answer the required questions first: {names}{more}.")
        with transaction(self._db):
            if not visit.completed:  # completing is not an edit; changing a completed visit is
                record_edit(self._db, visit_id)
            self._db.execute(
                "UPDATE visits SET status = 'completed', "
                "ended_at = coalesce(?, ended_at, max(?, coalesce(started_at, ''))) "
                "WHERE id = ?",
                [_stored_time(ended_at, "ended_at"), now_iso(), visit_id],
            )

    # -- answers --------------------------------------------------------------------

    @plain_reads
    def answers(self, visit_id: str) -> dict[str, Answer]:
        rows = self._db.execute(
            "SELECT question_id, value, text, na, note, updated_at FROM answers "
            "WHERE visit_id = ?", [visit_id],
        ).fetchall()
        return {
            r[0]: Answer(r[0], _score(r[1], f"answer to {r[0]}", visit_id), r[2], bool(r[3]),
                         r[4], r[5])
            for r in rows
        }

    def save_answer(self, visit_id: str, answer: Answer) -> Scorecard:
        """Write one answer through and return the visit's fresh scores."""
        with transaction(self._db):
            self._write_answer(visit_id, answer)
            record_edit(self._db, visit_id)
            return self._rescore(visit_id)

    def _write_answer(self, visit_id: str, answer: Answer) -> None:
        if not answer.given and not answer.note:
            self._db.execute(
                "DELETE FROM answers WHERE visit_id = ? AND question_id = ?",
                [visit_id, answer.question_id],
            )
            return
        self._db.execute(
            "INSERT INTO answers (visit_id, question_id, value, text, na, note, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (visit_id, question_id) DO UPDATE SET "
            "value = excluded.value, text = excluded.text, na = excluded.na, "
            "note = excluded.note, updated_at = excluded.updated_at",
            [visit_id, answer.question_id, None if answer.na else answer.value,
             answer.text, int(answer.na), answer.note, now_iso()],
        )

    @plain_reads
    def scorecard(self, visit_id: str) -> Scorecard:
        key, version, channel = self._db.execute(
            "SELECT checklist_key, checklist_version, channel FROM visits WHERE id = ?",
            [visit_id],
        ).fetchone()
        checklist = self._checklists.get(key, version).for_channel(channel)
        return score_visit(checklist, self.answers(visit_id))

    # -- findings -------------------------------------------------------------------

    @plain_reads
    def findings(self, visit_id: str) -> list[Finding]:
        rows = self._db.execute(
            "SELECT id, kind, status, question_id, summary, where_in_visit, severity, "
            "evidence, recommendation, created_at, updated_at FROM findings WHERE visit_id = ? "
            "ORDER BY position, created_at", [visit_id],
        ).fetchall()
        photos: dict[str, list[str]] = {}
        for finding_id, photo_id in self._db.execute(
            "SELECT fp.finding_id, fp.photo_id FROM finding_photos fp "
            "JOIN findings f ON f.id = fp.finding_id WHERE f.visit_id = ?", [visit_id],
        ).fetchall():
            photos.setdefault(finding_id, []).append(photo_id)
        return [
            Finding(
                id=r[0], kind=_enum(FindingKind, r[1], "finding kind", visit_id),
                status=_enum(FindingStatus, r[2], "finding status", visit_id),
                question_id=r[3], summary=r[4], where=r[5],
                severity=_enum(Severity, r[6], "finding severity", visit_id), evidence=r[7],
                recommendation=r[8], photo_ids=photos.get(r[0], []), created_at=r[9],
                updated_at=r[10],
            )
            for r in rows
        ]

    def save_finding(self, visit_id: str, finding: Finding) -> None:
        """Add or update a finding (a confirmed or dismissed suggestion, or the evaluator's own)."""
        if not finding.summary.strip() and finding.status is FindingStatus.CONFIRMED:
            raise UndercoverError("Say what happened before saving the finding.")
        with transaction(self._db):
            position = self._db.execute(
                "SELECT coalesce((SELECT position FROM findings WHERE id = ?), "
                "(SELECT count(*) FROM findings WHERE visit_id = ?))",
                [finding.id, visit_id],
            ).fetchone()[0]
            self._write_finding(visit_id, finding, position)
            record_edit(self._db, visit_id)
            self._rescore(visit_id)

    def delete_finding(self, finding_id: str) -> None:
        with transaction(self._db):
            row = self._db.execute(
                "SELECT visit_id FROM findings WHERE id = ?", [finding_id]
            ).fetchone()
            self._db.execute("DELETE FROM findings WHERE id = ?", [finding_id])
            if row:
                record_deletion(self._db, "finding", finding_id, row[0])
                record_edit(self._db, row[0])
                self._rescore(row[0])

    def _write_finding(self, visit_id: str, finding: Finding, position: int) -> None:
        """Insert or update a finding; its updated time moves only when something changed."""
        now = now_iso()
        before = self._db.execute(
            "SELECT kind, status, summary, where_in_visit, severity, evidence, "
            "recommendation, updated_at FROM findings WHERE id = ?", [finding.id],
        ).fetchone()
        content = (finding.kind.value, finding.status.value, finding.summary, finding.where,
                   finding.severity.value, finding.evidence, finding.recommendation)
        unchanged = before is not None and tuple(before[:7]) == content and (
            sorted(dict.fromkeys(finding.photo_ids)) == sorted(
                r[0] for r in self._db.execute(
                    "SELECT photo_id FROM finding_photos WHERE finding_id = ?", [finding.id]
                )
            )
        )
        updated_at = before[7] if unchanged else now
        self._db.execute(
            "INSERT INTO findings (id, visit_id, position, kind, status, question_id, summary, "
            "where_in_visit, severity, evidence, recommendation, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "kind = excluded.kind, status = excluded.status, summary = excluded.summary, "
            "where_in_visit = excluded.where_in_visit, severity = excluded.severity, "
            "evidence = excluded.evidence, recommendation = excluded.recommendation, "
            "updated_at = excluded.updated_at",
            [finding.id, visit_id, position, *content[:2], finding.question_id, *content[2:],
             finding.created_at or now, updated_at],
        )
        self._db.execute("DELETE FROM finding_photos WHERE finding_id = ?", [finding.id])
        for photo_id in dict.fromkeys(finding.photo_ids):
            self._db.execute(
                "INSERT INTO finding_photos (finding_id, photo_id) VALUES (?, ?)",
                [finding.id, photo_id],
            )

    # -- lists and figures ----------------------------------------------------------

    @plain_reads
    def summaries(
        self,
        *,
        location_id: str | None = None,
        status: VisitStatus | None = None,
        since: str | None = None,
        until: str | None = None,
        ids: Iterable[str] | None = None,
        with_search_text: bool = False,
        problems: list[str] | None = None,
        skipped: list[UnreadableVisit] | None = None,
    ) -> list[VisitSummary]:
        """Visit rows for lists, newest first; dates are inclusive YYYY-MM-DD strings.

        Visits this version cannot read are left out, each logged and, when
        ``problems`` is given, added to it as one line; ``skipped`` gets each as an
        UnreadableVisit with its location and day, for callers that name them their way.
        """
        where, params = [], []
        if location_id:
            where.append("v.location_id = ?")
            params.append(location_id)
        if status:
            where.append("v.status = ?")
            params.append(status.value)
        if since:
            where.append(f"{_DATE} >= ?")
            params.append(since)
        if until:
            where.append(f"{_DATE} <= ?")
            params.append(until)
        if ids is not None:
            ids = list(ids)
            where.append(f"v.id IN ({', '.join('?' * len(ids))})" if ids else "0")
            params.extend(ids)
        extra = ", v.search_text" if with_search_text else ""
        sql = (
            f"SELECT {_SUMMARY_COLUMNS}{extra} FROM visits v "
            "LEFT JOIN locations l ON l.id = v.location_id"
            + (" WHERE " + " AND ".join(where) if where else "")
            + f" ORDER BY {_DATE} DESC, v.created_at DESC"
        )
        out = []
        for row in self._db.execute(sql, params).fetchall():
            try:
                out.append(_summary(row, row[20] if with_search_text else ""))
            except UnreadableVisit as exc:
                log.warning("%s", exc)
                if problems is not None:
                    problems.append(str(exc))
                if skipped is not None:
                    exc.location, exc.day = row[2], row[3]
                    skipped.append(exc)
        return out

    @plain_reads
    def list_stamps(self) -> dict[str, tuple[object, ...]]:
        """Per visit, what changes whenever its list row may change: a list re-reads only those.

        Not just ``updated_at``: a visit merged from a laptop keeps that laptop's (older)
        time, and scores refreshed under new rules or a conflict do not count as edits.
        """
        return {
            row[0]: tuple(row[1:])
            for row in self._db.execute(
                "SELECT v.id, v.updated_at, v.location_id, v.score, v.scored_answered, "
                "v.scored_total, v.flagged, v.status, "
                "v.id IN (SELECT visit_id FROM visit_conflicts) FROM visits v"
            ).fetchall()
        }

    @plain_reads
    def count(self) -> int:
        return self._db.execute("SELECT count(*) FROM visits").fetchone()[0]

    @plain_reads
    def resolve(self, prefix: str) -> str:
        """The full id of the one visit whose id starts with ``prefix``."""
        prefix = prefix.strip().lower()
        if not prefix:
            raise UndercoverError("Give a visit id (or the first few characters of one).")
        rows = self._db.execute(
            "SELECT id FROM visits WHERE id >= ? AND id < ? ORDER BY id LIMIT 3",
            [prefix, prefix + "\uffff"],
        ).fetchall()
        if not rows:
            raise UndercoverError(f"No visit has an id starting with {prefix}.")
        if len(rows) > 1:
            raise UndercoverError(
                f"More than one visit has an id starting with {prefix}; give more characters."
            )
        return rows[0][0]

    @plain_reads
    def monthly_scores(
        self, location_id: str | None = None
    ) -> list[tuple[str, str, float, int]]:
        """Average overall score of completed visits per location per month.

        Rows are (location name, YYYY-MM, average, visit count).
        """
        where, params = "v.status = 'completed' AND v.score IS NOT NULL", []
        if location_id:
            where += " AND v.location_id = ?"
            params.append(location_id)
        return [
            (r[0], r[1], r[2], r[3])
            for r in self._db.execute(
                f"SELECT l.name, substr({_DATE}, 1, 7) AS month, "
                "avg(v.score), count(*) FROM visits v JOIN locations l ON l.id = v.location_id "
                f"WHERE {where} GROUP BY l.name, month ORDER BY l.name, month",
                params,
            ).fetchall()
        ]

    def pillar_averages(self, assessment: Assessment) -> tuple[dict[Pillar, float | None], int]:
        """Average stored pillar scores of one kind of visit (the owner's belief, say)."""
        row = self._db.execute(
            "SELECT avg(score_empathy), avg(score_serving), avg(score_presence), count(*) "
            "FROM visits WHERE assessment = ? AND score IS NOT NULL", [assessment.value],
        ).fetchone()
        return {Pillar.EMPATHY: row[0], Pillar.SERVING: row[1], Pillar.PRESENCE: row[2]}, row[3]

    # -- keeping stored figures fresh -----------------------------------------------

    def rescore(self, visit_id: str) -> Scorecard:
        """Refresh a visit's stored scores and search text (after an import wrote it)."""
        return self._rescore(visit_id)

    def refresh_scores(self) -> int:
        """Recompute every visit's stored scores once after the scoring rules changed.

        Lists and the command line read stored scores; without this, a database made
        before a change of rules would show old figures beside freshly printed ones.
        The scores are derived data, so this is not an edit: no times or versions move.
        """
        row = self._db.execute(
            "SELECT value FROM settings WHERE key = 'scoring_rules'"
        ).fetchone()
        if row is not None and str(row[0]) == str(SCORING_RULES):
            return 0
        done = 0
        with transaction(self._db):
            for (visit_id,) in self._db.execute("SELECT id FROM visits").fetchall():
                try:
                    self._rescore(visit_id)
                except (UndercoverError, KeyError, ValueError) as exc:
                    log.warning("kept the stored scores of visit %s: %s", visit_id, exc)
                    continue
                done += 1
            self._db.execute(
                "INSERT INTO settings (key, value) VALUES ('scoring_rules', ?) "
                "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [str(SCORING_RULES)],
            )
        return done

    def _rescore(self, visit_id: str) -> Scorecard:
        key, version, scenario, channel = self._db.execute(
            "SELECT checklist_key, checklist_version, scenario, channel FROM visits "
            "WHERE id = ?", [visit_id],
        ).fetchone()
        answers = self.answers(visit_id)
        card = score_visit(self._checklists.for_channel(key, version, channel), answers)
        parts = [scenario]
        parts += [f"{a.note} {a.text}".strip() for a in answers.values()]
        parts += [
            f"{f.summary} {f.evidence} {f.recommendation}" for f in self.findings(visit_id)
        ]
        self._db.execute(
            "UPDATE visits SET score = ?, score_empathy = ?, score_serving = ?, "
            "score_presence = ?, flagged = ?, search_text = ?, scored_answered = ?, "
            "scored_total = ? WHERE id = ?",
            [card.overall, card.pillars[Pillar.EMPATHY], card.pillars[Pillar.SERVING],
             card.pillars[Pillar.PRESENCE], int(card.flagged),
             " ".join(p for p in parts if p).strip(), card.scored_answered, card.scored_total,
             visit_id],
        )
        return card
