"""One open visit: what the pages show, and every write, made the moment something changes.

Pages never talk to the Store themselves; they call the session, which updates
what the pages show at once and hands the write to the visit's ``WriteQueue``
(autosave): written at once when the database is free, kept in order and
retried when another program holds it, so the window never waits for the lock.
It keeps the scores fresh, remembers the previous answer for undo and tells
every page what changed. Before it trusts its copy for a write it checks that
nobody else changed the visit (another window, another program); if someone
did, it reloads the visit and says so. A write that fails is reported, never
silently dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QPixmap

from undercover.domain.checklist import Checklist, Question
from undercover.domain.findings import suggested_findings
from undercover.domain.scoring import Scorecard, missing_required, score_visit
from undercover.domain.visit import (
    Answer,
    Finding,
    FindingStatus,
    Location,
    Photo,
    Visit,
)
from undercover.domain.visit_changes import changes_between, merge_answer, same_answer
from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store.visit_writes import VisitWrites, Written
from undercover.ui.write_queue import WriteQueue

if TYPE_CHECKING:
    from undercover.store.photo_adding import StoredPhoto

log = logging.getLogger(__name__)

# How often an idle session looks whether another window or program changed its visit.
CHECK_ELSEWHERE_MS = 2000

UNDO_LIMIT = 200


class VisitSession(QObject):
    answer_saved = Signal(str)  # question id; the scorecard is fresh
    answer_restored = Signal(str)  # question id, after undo: widgets must show the old answer
    findings_changed = Signal()
    photo_added = Signal(object)  # Photo
    photo_removed = Signal(str)  # photo id
    photo_changed = Signal(object)  # Photo (caption)
    status_changed = Signal()  # completed, or editing again
    read_only_changed = Signal(bool)
    saved = Signal(str)  # the time of the last successful write, "14:03:22"
    save_failed = Signal(str)  # a message for the user: a change was NOT saved
    refused = Signal(str)  # a message for the user: asked for something not possible yet
    waiting_changed = Signal(bool)  # True: another program holds the database; writes wait
    reloaded = Signal(list, bool)  # question ids shown anew; True if someone else changed it

    def __init__(self, store: Store, visit_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.writes = VisitWrites(store, visit_id)
        self.visit: Visit = store.visits.get(visit_id)
        self.checklist: Checklist = store.checklists.get(
            self.visit.checklist_key, self.visit.checklist_version
        ).for_channel(self.visit.channel)
        self.location: Location = store.locations.get(self.visit.location_id)
        self.answers: dict[str, Answer] = dict(self.visit.answers)
        self.findings: list[Finding] = list(self.visit.findings)
        self.photos: list[Photo] = list(self.visit.photos)
        self.scorecard: Scorecard = score_visit(self.checklist, self.answers)
        self.read_only = self.visit.completed
        self._undo: list[tuple[str, Answer]] = []
        self._thumbnails: dict[str, QPixmap] = {}
        self._reload_when_idle = False
        self.queue = WriteQueue(self.writes, self)
        self.queue.waiting_changed.connect(self.waiting_changed)
        self.queue.failing.connect(self.save_failed)
        self.queue.idle.connect(self._idle)
        self._watch = QTimer(self)
        self._watch.setInterval(CHECK_ELSEWHERE_MS)
        self._watch.timeout.connect(self._check_elsewhere)
        self._watch.start()

    @property
    def visit_id(self) -> str:
        return self.visit.id

    # -- writing --------------------------------------------------------------------

    @property
    def pending_writes(self) -> int:
        """Changes shown in the window and not yet in the database."""
        return self.queue.pending

    def _write(
        self, write: Callable[[Store], Any], then: Callable[[Any], None] | None = None
    ) -> None:
        """Queue a write; ``then(result)`` runs once it is in the database."""

        def done(written: Written[Any]) -> None:
            self.saved.emit(datetime.now().strftime("%H:%M:%S"))
            if written.changed_elsewhere:
                self._reload_when_idle = True
            if then is not None:
                then(written.result)

        self.queue.submit(write, done, self._write_failed)

    def _write_failed(self, error: UndercoverError) -> None:
        self.save_failed.emit(str(error))

    def _check_elsewhere(self) -> None:
        """Before a write: if someone else changed the visit, reload it first."""
        if self.queue.pending == 0:
            with suppress(UndercoverError):  # unreadable now: the write itself will say
                if self.writes.changed_elsewhere():
                    self.reload()

    def _idle(self) -> None:
        if self._reload_when_idle:
            self.reload()

    def reload(self) -> None:
        """Read the visit again (someone else changed it) and tell the pages what differs."""
        self._reload_when_idle = False
        fresh = self.store.visits.get(self.visit_id)
        changes = changes_between(
            self.answers, self.findings, self.photos, self.visit.status, fresh
        )
        self.answers = dict(fresh.answers)
        self.scorecard = score_visit(self.checklist, self.answers)
        self.findings = list(fresh.findings)
        self.photos = list(fresh.photos)
        self.visit.status = fresh.status
        self.visit.ended_at = fresh.ended_at
        self.visit.edited_at = fresh.edited_at
        self.visit.updated_at = fresh.updated_at
        self.writes.mark_read()
        for photo_id in changes.photos_gone:
            self._thumbnails.pop(photo_id, None)
            self.photo_removed.emit(photo_id)
        for photo in changes.photos_new:
            self.photo_added.emit(photo)
        for photo in changes.captions:
            self.photo_changed.emit(photo)
        if changes.findings:
            self.findings_changed.emit()
        if changes.status:
            self.set_read_only(fresh.completed)
            self.status_changed.emit()
        self.reloaded.emit(changes.answers, changes.any)

    # -- answers --------------------------------------------------------------------

    def answer(self, question_id: str) -> Answer:
        return self.answers.get(question_id) or Answer(question_id)

    def save_answer(self, answer: Answer, *, undoable: bool = True) -> bool:
        """Show one answer as given and queue its write; unchanged answers cost nothing."""
        if self.read_only:
            return False
        base = self.answer(answer.question_id)  # what the widget was showing before
        self._check_elsewhere()
        if self.read_only:  # completed elsewhere meanwhile
            return False
        previous = self.answer(answer.question_id)
        if not same_answer(base, previous):  # changed elsewhere too: keep both sides'
            answer = merge_answer(base, answer, previous)
        if same_answer(previous, answer):
            return True
        if answer.given or answer.note:
            self.answers[answer.question_id] = replace(answer)
        else:
            self.answers.pop(answer.question_id, None)
        self.scorecard = score_visit(self.checklist, self.answers)
        visit_id = self.visit_id
        given = replace(answer)
        self._write(lambda store: store.visits.save_answer(visit_id, given))
        if undoable:
            self._undo.append((answer.question_id, replace(previous)))
            del self._undo[:-UNDO_LIMIT]
        self.answer_saved.emit(answer.question_id)
        return True

    @property
    def can_undo(self) -> bool:
        return bool(self._undo) and not self.read_only

    def undo(self) -> str | None:
        """Put back the answer before the last change; returns the question's id."""
        if not self.can_undo:
            return None
        question_id, previous = self._undo.pop()
        if self.save_answer(previous, undoable=False):
            self.answer_restored.emit(question_id)
            return question_id
        return None

    def missing_required(self) -> list[Question]:
        return missing_required(self.checklist, self.answers)

    # -- findings -------------------------------------------------------------------

    def suggestions(self) -> list[Finding]:
        return suggested_findings(self.checklist, self.answers, self.findings)

    def save_finding(self, finding: Finding) -> bool:
        if self.read_only:
            return False
        self._check_elsewhere()
        if self.read_only:
            return False
        for i, known in enumerate(self.findings):
            if known.id == finding.id:
                self.findings[i] = replace(finding)
                break
        else:
            self.findings.append(replace(finding))
        self.findings_changed.emit()
        visit_id = self.visit_id
        given = replace(finding)
        self._write(lambda store: store.visits.save_finding(visit_id, given),
                    lambda _result: self._reload_findings())
        return True

    def dismiss(self, suggestion: Finding) -> bool:
        return self.save_finding(replace(suggestion, status=FindingStatus.DISMISSED))

    def delete_finding(self, finding_id: str) -> bool:
        if self.read_only:
            return False
        self._check_elsewhere()
        if self.read_only:
            return False
        self.findings = [f for f in self.findings if f.id != finding_id]
        self.findings_changed.emit()
        self._write(lambda store: store.visits.delete_finding(finding_id),
                    lambda _result: self._reload_findings())
        return True

    def _reload_findings(self) -> None:
        """After a finding's write: what the database made of it (times, order)."""
        if self.queue.pending:  # later writes would be undone on screen; they reload too
            return
        fresh = self.store.visits.findings(self.visit_id)
        if fresh != self.findings:
            self.findings = fresh
            self.findings_changed.emit()

    # -- photos ---------------------------------------------------------------------

    def photos_for(self, question_id: str | None) -> list[Photo]:
        return [p for p in self.photos if p.question_id == question_id]

    def photo(self, photo_id: str) -> Photo | None:
        return next((p for p in self.photos if p.id == photo_id), None)

    def photo_stored(self, stored: StoredPhoto) -> None:
        """A photo a worker has just stored (photo intake): show it, and say it is saved."""
        self.saved.emit(datetime.now().strftime("%H:%M:%S"))
        added = stored.added
        if added.duplicate or self.photo(added.photo.id) is not None:
            return
        self.photos.append(added.photo)
        pixmap = QPixmap()
        if pixmap.loadFromData(stored.thumbnail):
            self._thumbnails[added.photo.id] = pixmap
        self.photo_added.emit(added.photo)

    def thumbnail(self, photo_id: str) -> QPixmap:
        pixmap = self._thumbnails.get(photo_id)
        if pixmap is None:
            pixmap = QPixmap()
            with suppress(UndercoverError):  # deleted meanwhile: an empty picture
                pixmap.loadFromData(self.store.photos.thumbnail(photo_id))
            self._thumbnails[photo_id] = pixmap
        return pixmap

    def jpeg(self, photo_id: str) -> bytes:
        return self.store.photos.jpeg(photo_id)

    def set_caption(self, photo_id: str, caption: str) -> bool:
        photo = self.photo(photo_id)
        if photo is None or photo.caption == caption or self.read_only:
            return False
        photo.caption = caption
        self.photo_changed.emit(photo)
        self._write(lambda store: store.photos.set_caption(photo_id, caption))
        return True

    def delete_photo(self, photo_id: str) -> bool:
        if self.read_only:
            return False
        evidence = any(photo_id in f.photo_ids for f in self.findings)
        self.photos = [p for p in self.photos if p.id != photo_id]
        self._thumbnails.pop(photo_id, None)
        self.photo_removed.emit(photo_id)
        self._write(lambda store: store.photos.delete(photo_id),
                    (lambda _result: self._reload_findings()) if evidence else None)
        return True

    # -- the visit as a whole --------------------------------------------------------

    def set_section(self, index: int) -> None:
        """Remember where the evaluator is, so reopening a draft resumes there."""
        if self.read_only or self.visit.current_section == index:
            return
        visit_id = self.visit_id
        self.visit.current_section = index
        self._write(lambda store: store.visits.update(visit_id, current_section=index))

    def complete(self) -> bool:
        """Mark the visit done; a missing required answer is reported, and nothing changes.

        Returns True once the visit is complete. Behind writes still waiting for the
        database, the visit turns read-only at once and is completed in its turn.
        """
        self._check_elsewhere()
        missing = self.missing_required()
        if missing:  # what the database will hold once the queued writes are in
            names = "; ".join(q.text for q in missing[:3])
            more = f" and {len(missing) - 3} more" if len(missing) > 3 else ""
            self.refused.emit(f"Answer the required questions first: {names}{more}.")
            return False
        visit_id = self.visit_id
        was_read_only = self.read_only
        self.set_read_only(True)  # nothing typed after this lands in the completed visit
        outcome: list[bool] = []

        def completed(_result: object) -> None:
            outcome.append(True)
            self._reload_visit()
            self.status_changed.emit()

        def refused(error: UndercoverError) -> None:
            outcome.append(False)
            self.set_read_only(was_read_only)
            self.refused.emit(str(error))

        self.queue.submit(
            lambda store: store.visits.complete(visit_id),
            lambda written: (self.saved.emit(datetime.now().strftime("%H:%M:%S")),
                             completed(written.result)),
            refused,
        )
        return bool(outcome and outcome[0])

    def start_editing(self) -> None:
        """A completed visit becomes editable; each change then records when it was edited."""
        self.set_read_only(False)

    def set_read_only(self, read_only: bool) -> None:
        if read_only != self.read_only:
            self.read_only = read_only
            self.read_only_changed.emit(read_only)

    def reload_status(self) -> None:
        """Re-read the visit's times (e.g. edited_at after a change to a completed visit)."""
        self._reload_visit()
        self.status_changed.emit()

    def _reload_visit(self) -> None:
        fresh = self.store.visits.get(self.visit_id)
        self.visit.status = fresh.status
        self.visit.ended_at = fresh.ended_at
        self.visit.edited_at = fresh.edited_at
        self.visit.updated_at = fresh.updated_at
