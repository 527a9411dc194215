"""Adding photo files to a visit from worker threads: the use case behind "Add photos".

Each file is prepared (``photo_intake.prepare_photo``: decoded, turned upright,
shrunk, stripped of metadata) on whichever worker runs it, so every core works;
storing is one step at a time through one connection, opened once for the whole
intake rather than once per photo. One step at a time also makes the duplicate
check and the insert one step, so a file dropped twice in one batch is stored once.
Storing here, not on the GUI thread, keeps SQLite's work (and the checkpoints a
megabyte per photo soon causes) off the window. No Qt here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path

from undercover.store import Store, photo_intake
from undercover.store.database import open_database
from undercover.store.photos import AddedPhoto


@dataclass(frozen=True)
class StoredPhoto:
    added: AddedPhoto
    thumbnail: bytes  # JPEG, for the strip, without reading it back from the database
    file_name: str  # the name of the file given (for a duplicate: not the stored one's)


class PhotoAdder:
    """Prepares and stores photo files for one visit; safe to call from many threads."""

    def __init__(self, db_path: Path, visit_id: str) -> None:
        self.db_path = db_path
        self.visit_id = visit_id
        self._lock = threading.Lock()
        self._store: Store | None = None
        self.opened = 0  # how many times the database was opened (once per intake)

    def add(self, path: Path, question_id: str | None) -> StoredPhoto:
        """Prepare one file and store it; a PhotoError or DatabaseError says what went wrong."""
        prepared = photo_intake.prepare_photo(path)
        with self._lock:
            if self._store is None:
                # Bundled checklists and scores are the window's business: a plain open.
                self._store = Store(open_database(self.db_path, shared=True), self.db_path)
                self.opened += 1
            added = self._store.photos.add(self.visit_id, prepared, question_id)
        return StoredPhoto(added, prepared.thumbnail, prepared.file_name or path.name)

    def close(self) -> None:
        """Close the connection (when no photo is in flight); a later add opens it again."""
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
