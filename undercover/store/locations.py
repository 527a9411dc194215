"""The places a business evaluates: shops, branches, phone lines, websites.

Names are unique, ignoring case. The check and the write share one transaction
(which takes the write lock first), so two windows or programs adding the same
name at once get one location and one plain message, never a raw constraint error.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database

from undercover.domain.visit import Location, now_iso
from undercover.errors import UndercoverError
from undercover.store.database import transaction
from undercover.store.edits import move_visits, record_deletion
from undercover.store.reads import plain_reads


def _plural(count: int, noun: str) -> str:
    """"1 visit", "3 visits"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _taken(name: str) -> UndercoverError:
    return UndercoverError(f"There is already a location called {name}.")


@contextmanager
def _unique_name(name: str) -> Iterator[None]:
    """The unique index is the last word: its refusal reads like the check's."""
    try:
        yield
    except sqlite3.IntegrityError as exc:
        if "locations.name" not in str(exc):
            raise
        raise _taken(name) from exc


class LocationRepo:
    def __init__(self, db: Database) -> None:
        self._db = db

    def add(self, location: Location) -> Location:
        name = location.name.strip()
        if not name:
            raise UndercoverError("A location needs a name.")
        now = now_iso()
        with _unique_name(name), transaction(self._db):
            if self.find(name):
                raise _taken(name)
            self._db.execute(
                "INSERT INTO locations (id, name, address, notes, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [location.id, name, location.address, location.notes, now, now],
            )
        location.name = name
        location.updated_at = now
        return location

    def update(self, location: Location) -> None:
        name = location.name.strip()
        if not name:
            raise UndercoverError("A location needs a name.")
        with _unique_name(name), transaction(self._db):
            other = self.find(name)
            if other and other.id != location.id:
                raise _taken(name)
            self._db.execute(
                "UPDATE locations SET name = ?, address = ?, notes = ?, updated_at = ? "
                "WHERE id = ?",
                [name, location.address, location.notes, now_iso(), location.id],
            )

    def delete(self, location_id: str, move_visits_to: str | None = None) -> int:
        """Delete a location; its visits are first moved to ``move_visits_to``, if given.

        One transaction: either the visits moved and the location is gone, or nothing
        changed. Without somewhere to move them, a location with visits is kept, with a
        message saying how many. Returns how many visits moved.
        """
        with transaction(self._db):  # a visit added meanwhile by another window counts
            moved = 0
            if move_visits_to is not None:
                moved = move_visits(self._db, location_id, move_visits_to)
            used = self._visits(location_id)
            if used:
                raise UndercoverError(
                    f"This location has {_plural(used, 'visit')}; move them to another "
                    "location first."
                )
            self._db.execute("DELETE FROM locations WHERE id = ?", [location_id])
            record_deletion(self._db, "location", location_id, None)
        return moved

    def _visits(self, location_id: str) -> int:
        return self._db.execute(
            "SELECT count(*) FROM visits WHERE location_id = ?", [location_id]
        ).fetchone()[0]

    @plain_reads
    def visit_count(self, location_id: str) -> int:
        """How many visits were made at this location (deleting it has to move them)."""
        return self._visits(location_id)

    @plain_reads
    def all(self) -> list[Location]:
        rows = self._db.execute(
            "SELECT id, name, address, notes FROM locations ORDER BY name COLLATE NOCASE"
        ).fetchall()
        return [Location(id=r[0], name=r[1], address=r[2], notes=r[3]) for r in rows]

    @plain_reads
    def get(self, location_id: str) -> Location:
        row = self._db.execute(
            "SELECT id, name, address, notes FROM locations WHERE id = ?", [location_id]
        ).fetchone()
        if row is None:
            raise UndercoverError("That location no longer exists.")
        return Location(id=row[0], name=row[1], address=row[2], notes=row[3])

    @plain_reads
    def find(self, name: str) -> Location | None:
        """The location with this name, ignoring case."""
        row = self._db.execute(
            "SELECT id, name, address, notes FROM locations WHERE name = ? COLLATE NOCASE",
            [name.strip()],
        ).fetchone()
        return Location(id=row[0], name=row[1], address=row[2], notes=row[3]) if row else None
