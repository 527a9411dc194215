"""Recording that a visit changed, shared by everything that writes to a visit."""

from __future__ import annotations

import json

from sqlite_utils import Database

from undercover.domain.visit import now_iso
from undercover.errors import UndercoverError

_MACHINE = "(SELECT json_extract(value, '$') FROM settings WHERE key = 'machine_id')"


def machine_id(db: Database) -> str:
    """This database's own id, which its edits are counted under when visits merge."""
    return db.execute(f"SELECT {_MACHINE}").fetchone()[0]


def versions_text(versions: dict[str, int]) -> str:
    """The one way edit counts are written, so equal histories are equal text."""
    return json.dumps(versions, sort_keys=True, separators=(",", ":"))


def record_edit(db: Database, visit_id: str) -> None:
    """Bump the visit's updated time and this machine's edit count; a change to a
    completed visit is an edit, and says when."""
    now = now_iso()
    row = db.execute("SELECT versions FROM visits WHERE id = ?", [visit_id]).fetchone()
    if row is None:
        return
    versions = json.loads(row[0])
    machine = machine_id(db)
    versions[machine] = versions.get(machine, 0) + 1
    db.execute(
        "UPDATE visits SET updated_at = ?, versions = ?, "
        "edited_at = CASE WHEN status = 'completed' THEN ? ELSE edited_at END "
        "WHERE id = ?",
        [now, versions_text(versions), now, visit_id],
    )


def record_deletion(db: Database, kind: str, record_id: str, visit_id: str | None) -> None:
    """Keep a deleted record's id and time, so the deletion travels with the visits."""
    db.execute(
        "INSERT INTO tombstones (kind, id, visit_id, deleted_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kind, id) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)",
        [kind, record_id, visit_id, now_iso()],
    )


def move_visits(db: Database, from_location_id: str, to_location_id: str) -> int:
    """Move every visit of one location to another inside the caller's transaction.

    Each moved visit counts one edit, so the move wins over older copies when visits merge.
    """
    if from_location_id == to_location_id:
        raise UndercoverError("Choose another location to move the visits to.")
    if db.execute("SELECT 1 FROM locations WHERE id = ?", [to_location_id]).fetchone() is None:
        raise UndercoverError("The location to move the visits to no longer exists.")
    ids = [r[0] for r in db.execute(
        "SELECT id FROM visits WHERE location_id = ?", [from_location_id]
    ).fetchall()]
    for visit_id in ids:
        db.execute("UPDATE visits SET location_id = ? WHERE id = ?", [to_location_id, visit_id])
        record_edit(db, visit_id)
    # A version kept for the owner to choose (a conflict) moves too: choosing it later
    # must not bring back a location that is gone.
    for visit_id, versions, text in db.execute(
        "SELECT visit_id, versions, record FROM visit_conflicts "
        "WHERE json_extract(record, '$.location_id') = ?", [from_location_id],
    ).fetchall():
        record = dict(json.loads(text), location_id=to_location_id)
        db.execute(
            "UPDATE visit_conflicts SET record = ? WHERE visit_id = ? AND versions = ?",
            [json.dumps(record, sort_keys=True), visit_id, versions],
        )
    return len(ids)
