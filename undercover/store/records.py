"""Visits as plain records (JSON-ready dicts), read and written exactly as they are.

A record is one version of a visit with everything recorded in it: its details,
answers, findings and photo details (photo bytes travel separately, by photo id).
Bundles carry records; merging writes them back with their own ids and times.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from undercover.store.edits import versions_text

VISIT_FIELDS = (
    "id", "location_id", "checklist_key", "checklist_version", "checklist_sha256",
    "assessment", "channel", "scenario", "evaluator_id", "evaluator_code", "planned_start",
    "planned_end", "started_at", "ended_at", "status", "created_at", "updated_at", "edited_at",
)  # not current_section: where this computer's form was left open is not part of the visit
ANSWER_FIELDS = ("question_id", "value", "text", "na", "note", "updated_at")
FINDING_COLUMNS = (
    "id", "position", "kind", "status", "question_id", "summary", "where_in_visit",
    "severity", "evidence", "recommendation", "created_at", "updated_at",
)
PHOTO_FIELDS = (
    "id", "question_id", "position", "file_name", "caption", "taken_at", "sha256", "width",
    "height", "created_at", "updated_at",
)
LOCATION_FIELDS = ("id", "name", "address", "notes", "created_at", "updated_at")
EVALUATOR_FIELDS = ("id", "code", "name", "machine_id", "updated_at")

Record = dict[str, Any]


def read_visit(db: Database, visit_id: str) -> Record | None:
    """The stored (main) version of a visit as a record; None if there is no such visit."""
    row = db.execute(
        f"SELECT {', '.join(VISIT_FIELDS)}, versions FROM visits WHERE id = ?", [visit_id]
    ).fetchone()
    if row is None:
        return None
    record: Record = dict(zip(VISIT_FIELDS, row[:-1], strict=True))
    record["versions"] = json.loads(row[-1])
    record["answers"] = [
        {**dict(zip(ANSWER_FIELDS, r, strict=True)), "na": bool(r[3])}
        for r in db.execute(
            f"SELECT {', '.join(ANSWER_FIELDS)} FROM answers WHERE visit_id = ? "
            "ORDER BY question_id", [visit_id],
        ).fetchall()
    ]
    links: dict[str, list[str]] = {}
    for finding_id, photo_id in db.execute(
        "SELECT fp.finding_id, fp.photo_id FROM finding_photos fp JOIN findings f "
        "ON f.id = fp.finding_id WHERE f.visit_id = ? ORDER BY fp.photo_id", [visit_id],
    ).fetchall():
        links.setdefault(finding_id, []).append(photo_id)
    findings = []
    for r in db.execute(
        f"SELECT {', '.join(FINDING_COLUMNS)} FROM findings WHERE visit_id = ? "
        "ORDER BY position, id", [visit_id],
    ).fetchall():
        finding = dict(zip(FINDING_COLUMNS, r, strict=True))
        finding["where"] = finding.pop("where_in_visit")
        finding["photo_ids"] = links.get(finding["id"], [])
        findings.append(finding)
    record["findings"] = findings
    record["photos"] = [
        dict(zip(PHOTO_FIELDS, r, strict=True))
        for r in db.execute(
            f"SELECT {', '.join(PHOTO_FIELDS)} FROM photos WHERE visit_id = ? "
            "ORDER BY position, id", [visit_id],
        ).fetchall()
    ]
    return record


def write_visit(db: Database, record: Record) -> None:
    """Make the stored visit exactly this record: details, answers, findings, photo details.

    Photos must already be in the photos table (see ``merge``); the caller holds the
    transaction and refreshes the scores.
    """
    visit_id = record["id"]
    values = [record[name] for name in VISIT_FIELDS]
    updates = ", ".join(f"{name} = excluded.{name}" for name in VISIT_FIELDS[1:])
    db.execute(
        f"INSERT INTO visits ({', '.join(VISIT_FIELDS)}, versions) "
        f"VALUES ({', '.join('?' * (len(VISIT_FIELDS) + 1))}) "
        f"ON CONFLICT (id) DO UPDATE SET {updates}, versions = excluded.versions",
        [*values, versions_text(record["versions"])],
    )
    db.execute("DELETE FROM answers WHERE visit_id = ?", [visit_id])
    for answer in record["answers"]:
        db.execute(
            f"INSERT INTO answers (visit_id, {', '.join(ANSWER_FIELDS)}) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [visit_id, *(int(answer[f]) if f == "na" else answer[f] for f in ANSWER_FIELDS)],
        )
    db.execute("DELETE FROM findings WHERE visit_id = ?", [visit_id])
    for finding in record["findings"]:
        row = {**finding, "where_in_visit": finding["where"]}
        db.execute(
            f"INSERT INTO findings (visit_id, {', '.join(FINDING_COLUMNS)}) "
            f"VALUES (?, {', '.join('?' * len(FINDING_COLUMNS))})",
            [visit_id, *(row[c] for c in FINDING_COLUMNS)],
        )
        for photo_id in finding["photo_ids"]:
            db.execute(
                "INSERT INTO finding_photos (finding_id, photo_id) VALUES (?, ?)",
                [finding["id"], photo_id],
            )


def update_photo_details(db: Database, visit_id: str, photo: Record) -> None:
    """Set a stored photo's details (caption, question, place) as the record says."""
    columns = [f for f in PHOTO_FIELDS if f != "id"]
    db.execute(
        f"UPDATE photos SET {', '.join(f'{c} = ?' for c in columns)}, visit_id = ? "
        "WHERE id = ?",
        [*(photo[c] for c in columns), visit_id, photo["id"]],
    )


def insert_photo(
    db: Database, visit_id: str, photo: Record, jpeg: bytes, thumbnail: bytes
) -> None:
    db.execute(
        f"INSERT INTO photos (visit_id, {', '.join(PHOTO_FIELDS)}, jpeg, thumbnail) "
        f"VALUES (?, {', '.join('?' * len(PHOTO_FIELDS))}, ?, ?)",
        [visit_id, *(photo[c] for c in PHOTO_FIELDS), jpeg, thumbnail],
    )


def _rows(db: Database, sql: str, params: list[Any]) -> list[Record]:
    cursor = db.execute(sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _marks(values: list[str]) -> str:
    return ", ".join("?" * len(values)) or "NULL"


def read_locations(db: Database, ids: set[str]) -> list[Record]:
    values = sorted(ids)
    return _rows(
        db, f"SELECT {', '.join(LOCATION_FIELDS)} FROM locations "
        f"WHERE id IN ({_marks(values)}) ORDER BY id", values,
    )


def read_evaluators(db: Database, ids: set[str]) -> list[Record]:
    values = sorted(ids)
    return _rows(
        db, f"SELECT {', '.join(EVALUATOR_FIELDS)} FROM evaluators "
        f"WHERE id IN ({_marks(values)}) ORDER BY id", values,
    )


def read_checklists(db: Database, hashes: set[str]) -> list[Record]:
    values = sorted(hashes)
    return _rows(
        db, "SELECT key, version, title, audience, definition, sha256, created_at "
        f"FROM checklists WHERE sha256 IN ({_marks(values)}) ORDER BY sha256", values,
    )


def read_tombstones(db: Database) -> list[Record]:
    return _rows(db, "SELECT kind, id, visit_id, deleted_at FROM tombstones ORDER BY kind, id", [])


def visit_ids(db: Database, changed_since: str | None = None) -> list[str]:
    """Every visit's id, or those changed on or after a local day (YYYY-MM-DD)."""
    if changed_since is None:
        return [r[0] for r in db.execute("SELECT id FROM visits ORDER BY id").fetchall()]
    return [
        r[0] for r in db.execute(
            "SELECT id FROM visits WHERE date(updated_at, 'localtime') >= ? ORDER BY id",
            [changed_since],
        ).fetchall()
    ]


def existing(db: Database, table: str, ids: list[str]) -> dict[str, str]:
    """Which of these photo or finding ids are stored, and in which visit."""
    assert table in ("photos", "findings", "parked_photos")
    found: dict[str, str] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        found.update(db.execute(
            f"SELECT id, visit_id FROM {table} WHERE id IN ({_marks(chunk)})", chunk
        ).fetchall())
    return found


def known_ids(db: Database, kind: str, ids: set[str]) -> set[str]:
    """Which of these location (or alias), evaluator or checklist-hash ids are stored."""
    sql = {
        "location": "SELECT id FROM locations WHERE id IN ({0}) "
                    "UNION SELECT alias_id FROM location_aliases WHERE alias_id IN ({0})",
        "evaluator": "SELECT id FROM evaluators WHERE id IN ({0})",
        "checklist": "SELECT sha256 FROM checklists WHERE sha256 IN ({0})",
    }[kind]
    values = sorted(ids)
    params = values * sql.count("{0}")
    return {r[0] for r in db.execute(sql.format(_marks(values)), params).fetchall()}
