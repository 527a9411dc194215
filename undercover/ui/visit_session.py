"""One open visit: what the pages show, and every write, made the moment something changes.

Pages never talk to the Store themselves; they call the session, which
writes through at once (autosave), keeps the scores fresh, remembers the
previous answer for undo and tells every page what changed. A write that
fails (disk full, database busy) is reported, never silently dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from contextlib import suppress
from dataclasses import replace
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from PySide6.QtCore import QObject, Signal
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
from undercover.errors import UndercoverError
from undercover.store import Store

if TYPE_CHECKING:
    from undercover.ui.photos import StoredPhoto

log = logging.getLogger(__name__)

T = TypeVar("T")
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

    def __init__(self, store: Store, visit_id: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.store = store
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

    @property
    def visit_id(self) -> str:
        return self.visit.id

    # -- writing --------------------------------------------------------------------

    def _write(self, write: Callable[[], T]) -> tuple[bool, T | None]:
        try:
            result = write()
        except UndercoverError as exc:
            log.warning("could not save: %s", exc)
            self.save_failed.emit(str(exc))
            return False, None
        self.saved.emit(datetime.now().strftime("%H:%M:%S"))
        return True, result

    # -- answers --------------------------------------------------------------------

    def answer(self, question_id: str) -> Answer:
        return self.answers.get(question_id) or Answer(question_id)

    def save_answer(self, answer: Answer, *, undoable: bool = True) -> bool:
        """Write one answer through; unchanged answers cost nothing."""
        if self.read_only:
            return False
        previous = self.answer(answer.question_id)
        if _same(previous, answer):
            return True
        ok, card = self._write(lambda: self.store.visits.save_answer(self.visit_id, answer))
        if not ok or card is None:
            return False
        self.scorecard = card
        if answer.given or answer.note:
            self.answers[answer.question_id] = replace(answer)
        else:
            self.answers.pop(answer.question_id, None)
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
        ok, _ = self._write(lambda: self.store.visits.save_finding(self.visit_id, finding))
        if ok:
            self._reload_findings()
        return ok

    def dismiss(self, suggestion: Finding) -> bool:
        return self.save_finding(replace(suggestion, status=FindingStatus.DISMISSED))

    def delete_finding(self, finding_id: str) -> bool:
        if self.read_only:
            return False
        ok, _ = self._write(lambda: self.store.visits.delete_finding(finding_id))
        if ok:
            self._reload_findings()
        return ok

    def _reload_findings(self) -> None:
        self.findings = self.store.visits.findings(self.visit_id)
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
        ok, _ = self._write(lambda: self.store.photos.set_caption(photo_id, caption))
        if ok:
            photo.caption = caption
            self.photo_changed.emit(photo)
        return ok

    def delete_photo(self, photo_id: str) -> bool:
        if self.read_only:
            return False
        ok, _ = self._write(lambda: self.store.photos.delete(photo_id))
        if ok:
            self.photos = [p for p in self.photos if p.id != photo_id]
            self._thumbnails.pop(photo_id, None)
            self.photo_removed.emit(photo_id)
            if any(photo_id in f.photo_ids for f in self.findings):
                self._reload_findings()
        return ok

    # -- the visit as a whole --------------------------------------------------------

    def set_section(self, index: int) -> None:
        """Remember where the evaluator is, so reopening a draft resumes there."""
        if self.read_only or self.visit.current_section == index:
            return
        ok, _ = self._write(lambda: self.store.visits.update(self.visit_id, current_section=index))
        if ok:
            self.visit.current_section = index

    def complete(self) -> bool:
        """Mark the visit done; a missing required answer is reported, and nothing changes."""
        try:
            self.store.visits.complete(self.visit_id)
        except UndercoverError as exc:
            self.refused.emit(str(exc))
            return False
        self.saved.emit(datetime.now().strftime("%H:%M:%S"))
        self._reload_visit()
        self.set_read_only(True)
        self.status_changed.emit()
        return True

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

    def reload_details(self, saved: bool = True) -> None:
        """Re-read where, when and how after Visit details (or settings) wrote them; with
        ``saved``, say that a change was saved."""
        fresh = self.store.visits.get(self.visit_id)
        for name in ("location_id", "channel", "scenario", "evaluator_code", "started_at",
                     "ended_at", "updated_at", "edited_at"):
            setattr(self.visit, name, getattr(fresh, name))
        self.location = self.store.locations.get(fresh.location_id)
        if saved:
            self.saved.emit(datetime.now().strftime("%H:%M:%S"))
        self.status_changed.emit()

    def _reload_visit(self) -> None:
        fresh = self.store.visits.get(self.visit_id)
        self.visit.status = fresh.status
        self.visit.ended_at = fresh.ended_at
        self.visit.edited_at = fresh.edited_at
        self.visit.updated_at = fresh.updated_at


def _same(a: Answer, b: Answer) -> bool:
    return (
        a.na == b.na
        and (None if a.na else a.value) == (None if b.na else b.value)
        and a.text == b.text
        and a.note == b.note
    )
