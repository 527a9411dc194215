"""Everything Undercover keeps, in one SQLite file. The only place that speaks SQL."""

from __future__ import annotations

from pathlib import Path

from sqlite_utils import Database

from undercover.store.checklists import ChecklistRepo
from undercover.store.database import (
    BUSY_TIMEOUT_S,
    DatabaseError,
    leave_as_found,
    open_database,
    plain_errors,
)
from undercover.store.evaluators import EvaluatorRepo
from undercover.store.locations import LocationRepo
from undercover.store.merge import Merger
from undercover.store.photos import PhotoRepo
from undercover.store.settings import SettingsRepo
from undercover.store.sync_log import SyncLog
from undercover.store.visits import VisitRepo

__all__ = ["DatabaseError", "Store"]


class Store:
    """One open database and the repositories that read and write it.

    A Store belongs to the thread that opened it; background work opens its own.
    """

    def __init__(self, db: Database, path: Path) -> None:
        self.db = db
        self.path = path
        self.read_only = False
        self._tidy_on_close = False
        self.checklists = ChecklistRepo(db)
        self.locations = LocationRepo(db)
        self.evaluators = EvaluatorRepo(db)
        self.settings = SettingsRepo(db)
        self.photos = PhotoRepo(db)
        self.visits = VisitRepo(db, self.checklists)
        self.merger = Merger(db, self.visits.rescore)
        self.sync = SyncLog(db)

    @classmethod
    def open(
        cls,
        path: str | Path,
        busy_timeout: float = BUSY_TIMEOUT_S,
        create: bool = True,
        read_only: bool = False,
    ) -> Store:
        """Open the database (creating it if ``create``); waits up to ``busy_timeout`` s
        for another writer.

        ``read_only=True`` is for commands that only read (list, report, backup, export,
        csv): the file is never created, upgraded or written, and a missing, empty or
        older file is refused with a message. Writing through such a Store fails.
        """
        path = Path(path).expanduser()
        had_wal = Path(f"{path}-wal").exists()
        db = open_database(path, busy_timeout, create, read_only=read_only)
        store = cls(db, path)
        store.read_only = read_only
        store._tidy_on_close = read_only and not had_wal
        if not read_only:
            with plain_errors(path):
                store.checklists.add_bundled()
        return store

    def close(self) -> None:
        self.db.close()
        if self._tidy_on_close:  # a read-only Store leaves the folder as it found it
            leave_as_found(self.path)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
