"""What the sync folders have already brought and taken, so each pass does only what is new.

Inbox files are known by name, size and modification time (a cheap look-up
that needs no reading) and by their sha256 (a copy under another name, such
as a sync engine's conflict copy of the same bytes, is known too). For the
outbox, each completed visit's last written bundle is kept with the state it
holds, so a visit is written again only when it has changed.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlite_utils import Database

from undercover.domain.visit import now_iso
from undercover.store.database import transaction

INBOX = "sync_inbox"  # settings keys: the folders, as text (empty or missing: not used)
OUTBOX = "sync_outbox"


@dataclass(frozen=True)
class Completed:
    """A completed visit as the outbox sees it: its state and who evaluated it."""

    visit_id: str
    stamp: str  # changes whenever the visit changes
    evaluator_code: str


@dataclass(frozen=True)
class Sent:
    stamp: str
    file_name: str


class SyncLog:
    def __init__(self, db: Database) -> None:
        self._db = db

    # -- inbox ----------------------------------------------------------------------

    def known_file(self, name: str, size: int, mtime_ns: int) -> bool:
        row = self._db.execute(
            "SELECT 1 FROM sync_seen WHERE name = ? AND size = ? AND mtime_ns = ?",
            [name, size, mtime_ns],
        ).fetchone()
        return row is not None

    def known_content(self, sha256: str) -> bool:
        row = self._db.execute("SELECT 1 FROM sync_seen WHERE sha256 = ?", [sha256]).fetchone()
        return row is not None

    def remember(self, name: str, size: int, mtime_ns: int, sha256: str) -> None:
        """A file whose content is in this database (imported here, or written from here)."""
        with transaction(self._db):
            self._db.execute(
                "INSERT INTO sync_seen (name, size, mtime_ns, sha256, seen_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (name, size, mtime_ns) "
                "DO UPDATE SET sha256 = excluded.sha256, seen_at = excluded.seen_at",
                [name, size, mtime_ns, sha256, now_iso()],
            )

    # -- outbox ---------------------------------------------------------------------

    def completed(self, machine_id: str) -> list[Completed]:
        """Completed visits made or edited on this machine, each with a stamp that changes
        whenever the visit does (visits that only arrived from others are theirs to send)."""
        rows = self._db.execute(
            "SELECT id, updated_at || ' ' || versions, evaluator_code FROM visits "
            "WHERE status = 'completed' AND EXISTS "
            "(SELECT 1 FROM json_each(visits.versions) WHERE key = ?) ORDER BY id",
            [machine_id],
        ).fetchall()
        return [Completed(r[0], r[1], r[2] or "") for r in rows]

    def sent(self) -> dict[str, Sent]:
        rows = self._db.execute("SELECT visit_id, stamp, file_name FROM sync_sent").fetchall()
        return {r[0]: Sent(r[1], r[2]) for r in rows}

    def record_sent(self, visit_id: str, stamp: str, file_name: str) -> None:
        with transaction(self._db):
            self._db.execute(
                "INSERT INTO sync_sent (visit_id, stamp, file_name, sent_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (visit_id) DO UPDATE SET stamp = excluded.stamp, "
                "file_name = excluded.file_name, sent_at = excluded.sent_at",
                [visit_id, stamp, file_name, now_iso()],
            )
