"""Writing to one open visit without ever waiting for the write lock, and without
trusting what the window remembers of the visit.

The window's autosave calls ``VisitWrites.attempt`` on its own thread: when another
program holds the database, SQLite answers at once (``DatabaseBusy``) instead of
freezing the window for its busy timeout; the caller keeps the write and tries
again. Each write first checks, inside its transaction, whether the visit was
changed by someone else since this window last read or wrote it, and says so, so
the window reloads before it trusts its copy again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Generic, TypeVar

from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store.database import plain_errors, transaction

T = TypeVar("T")


@dataclass(frozen=True)
class Written(Generic[T]):
    result: T
    changed_elsewhere: bool  # someone else changed the visit before this write


class VisitGone(UndercoverError):
    """The visit was deleted (in another window or by an import) while it was open."""


class VisitWrites:
    """One visit's writes through the window's Store, each tried once, without waiting."""

    def __init__(self, store: Store, visit_id: str) -> None:
        self.store = store
        self.visit_id = visit_id
        self.known = self.current()

    def current(self) -> str | None:
        """The visit's edit counts as stored now (None: the visit is gone)."""
        with plain_errors(self.store.path):
            row = self.store.db.execute(
                "SELECT versions || '|' || coalesce(status, '') FROM visits WHERE id = ?",
                [self.visit_id],
            ).fetchone()
        return None if row is None else str(row[0])

    def changed_elsewhere(self) -> bool:
        """A cheap read: has the visit changed since this window last read or wrote it?"""
        return self.current() != self.known

    def mark_read(self) -> None:
        """The window has just re-read the visit: what is stored now is what it knows."""
        self.known = self.current()

    def attempt(self, write: Callable[[Store], T]) -> Written[T]:
        """Run ``write`` in one transaction, or raise DatabaseBusy at once if the file is held.

        Raises VisitGone if the visit no longer exists; nothing is written then.
        """
        db = self.store.db
        previous = db.execute("PRAGMA busy_timeout").fetchone()[0]
        db.execute("PRAGMA busy_timeout = 0")
        try:
            with transaction(db):
                before = self.current()
                if before is None:
                    raise VisitGone(
                        "This visit was deleted elsewhere (another window or an import); "
                        "the change could not be saved."
                    )
                result = write(self.store)
                after = self.current()
        finally:
            db.execute(f"PRAGMA busy_timeout = {int(previous)}")
        elsewhere = before != self.known
        self.known = after
        return Written(result, elsewhere)
