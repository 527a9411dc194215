"""Recording that a visit changed, shared by everything that writes to a visit."""

from __future__ import annotations

from sqlite_utils import Database

from undercover.domain.visit import now_iso

_MACHINE = "(SELECT json_extract(value, '$') FROM settings WHERE key = 'machine_id')"


def machine_id(db: Database) -> str:
    """This database's own id, which its edits are counted under when visits merge."""
    return db.execute(f"SELECT {_MACHINE}").fetchone()[0]


def record_edit(db: Database, visit_id: str) -> None:
    """Bump the visit's updated time and this machine's edit count; a change to a
    completed visit is an edit, and says when."""
    now = now_iso()
    db.execute(
        "UPDATE visits SET updated_at = ?, "
        "edited_at = CASE WHEN status = 'completed' THEN ? ELSE edited_at END, "
        f"versions = json_set(versions, '$.\"' || {_MACHINE} || '\"', "
        f"coalesce(json_extract(versions, '$.\"' || {_MACHINE} || '\"'), 0) + 1) "
        "WHERE id = ?",
        [now, now, visit_id],
    )


def record_deletion(db: Database, kind: str, record_id: str, visit_id: str | None) -> None:
    """Keep a deleted record's id and time, so the deletion travels with the visits."""
    db.execute(
        "INSERT INTO tombstones (kind, id, visit_id, deleted_at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT (kind, id) DO UPDATE SET deleted_at = max(deleted_at, excluded.deleted_at)",
        [kind, record_id, visit_id, now_iso()],
    )
