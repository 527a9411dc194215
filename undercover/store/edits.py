"""Recording that a visit changed, shared by everything that writes to a visit."""

from __future__ import annotations

from sqlite_utils import Database

from undercover.domain.visit import now_iso


def record_edit(db: Database, visit_id: str) -> None:
    """Bump the visit's updated time; a change to a completed visit is an edit, and says when."""
    now = now_iso()
    db.execute(
        "UPDATE visits SET updated_at = ?, "
        "edited_at = CASE WHEN status = 'completed' THEN ? ELSE edited_at END "
        "WHERE id = ?",
        [now, now, visit_id],
    )
