"""Autosave's queue: one visit's writes, in order, never waiting on the GUI thread.

Each write is tried at once without waiting for SQLite's lock (``VisitWrites``). When
another program holds the database, the write and every one after it wait here, in
order, and are tried again every ``RETRY_MS`` while the window stays responsive and
says "Waiting for the database…". A full disk keeps the writes too (tried again every
few seconds, reported once); only a write that can never succeed (the visit was
deleted elsewhere) is dropped, with a message.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store.database import DatabaseBusy, DatabaseError
from undercover.store.visit_writes import VisitWrites, Written

log = logging.getLogger(__name__)

RETRY_MS = 100  # while another program holds the lock: cheap, each try fails at once
FAILED_RETRY_MS = 3000  # after another error (a full disk): the user was told


@dataclass
class _Job:
    write: Callable[[Store], Any]
    on_done: Callable[[Written[Any]], None]
    on_error: Callable[[UndercoverError], None]


class WriteQueue(QObject):
    waiting_changed = Signal(bool)  # True: another program holds the database, writes wait
    failing = Signal(str)  # a write could not be made and is kept (e.g. the disk is full)
    idle = Signal()  # every write asked for so far is in the database

    def __init__(self, writes: VisitWrites, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.writes = writes
        self._jobs: deque[_Job] = deque()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._drain)
        self._draining = False
        self.waiting = False  # blocked by another program's lock
        self.problem = ""  # the error the first write is kept for, if not a lock

    @property
    def pending(self) -> int:
        """Writes asked for and not yet in the database."""
        return len(self._jobs)

    def submit(
        self,
        write: Callable[[Store], Any],
        on_done: Callable[[Written[Any]], None],
        on_error: Callable[[UndercoverError], None],
    ) -> None:
        """Write now if nothing is waiting, else after the writes before it."""
        self._jobs.append(_Job(write, on_done, on_error))
        if not self._draining and not self._timer.isActive():
            self._drain()

    def retry_now(self) -> None:
        """Try the waiting writes again at once (e.g. while closing)."""
        if self._jobs and not self._draining:
            self._timer.stop()
            self._drain()

    def _drain(self) -> None:
        self._draining = True
        try:
            while self._jobs:
                job = self._jobs[0]
                try:
                    written = self.writes.attempt(job.write)
                except DatabaseBusy:
                    self._set_waiting(True)
                    self._timer.start(RETRY_MS)
                    return
                except DatabaseError as exc:  # kept, and tried again: nothing typed is lost
                    self._set_waiting(False)
                    if str(exc) != self.problem:
                        self.problem = str(exc)
                        log.warning("could not save, will try again: %s", exc)
                        self.failing.emit(self.problem)
                    self._timer.start(FAILED_RETRY_MS)
                    return
                except UndercoverError as exc:  # can never succeed: say so, go on
                    self._jobs.popleft()
                    log.warning("could not save: %s", exc)
                    job.on_error(exc)
                    continue
                except BaseException:
                    self._jobs.popleft()  # a bug: reported by sys.excepthook, the rest go on
                    QTimer.singleShot(0, self._drain)
                    raise
                self._jobs.popleft()
                self.problem = ""
                self._set_waiting(False)
                job.on_done(written)
        finally:
            self._draining = False
        self.idle.emit()

    def _set_waiting(self, waiting: bool) -> None:
        if waiting != self.waiting:
            self.waiting = waiting
            self.waiting_changed.emit(waiting)
