"""Work still in flight when a visit is completed or closed: photos being prepared and
writes waiting for the database.

Completing waits for the photos (a photo must never land in a completed visit): the
footer says "Finishing 3 photos…", and the visit is completed when the last is in.
Closing waits for photos and writes alike, saying what it waits for; meanwhile the
event loop runs without taking clicks or keys, so nothing else starts.
"""

from __future__ import annotations

import time

from PySide6.QtCore import QEventLoop, QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QWidget

from undercover.ui import dialogs
from undercover.ui.photos import PhotoIntake
from undercover.ui.visit_bars import VisitFooter
from undercover.ui.visit_session import VisitSession

# Closing gives up on writes only after the database has stayed locked this long.
GIVE_UP_AFTER_S = 60.0


class VisitFinishing(QObject):
    finishing = Signal(str)  # what closing waits for ("Finishing 3 photos…"); "" when done
    complete_now = Signal()  # the photos are in: complete the visit, as asked before

    def __init__(
        self, session: VisitSession, intake: PhotoIntake, footer: VisitFooter, window: QWidget
    ) -> None:
        super().__init__(window)
        self.session = session
        self.intake = intake
        self.footer = footer
        self._window = window
        self.complete_after_photos = False
        intake.progress.connect(self._progress)
        intake.batch_finished.connect(self._photos_finished)

    def hold_completion(self) -> bool:
        """True if completing must wait for photos in flight (it then follows by itself)."""
        self.complete_after_photos = self.intake.busy
        if self.complete_after_photos:
            self._show_photos()
        return self.complete_after_photos

    def _show_photos(self) -> None:
        text = self._photos_text(self.intake.in_flight)
        if self.complete_after_photos:
            text += " " + self.tr("The visit is completed when they are in.")
        self.footer.intake_label.setText(text)
        self.footer.intake_label.setVisible(True)

    def _progress(self, done: int, total: int) -> None:
        self.footer.show_intake(done, total)
        if self.complete_after_photos and self.intake.busy:
            self._show_photos()

    def _photos_finished(self) -> None:
        if self.intake.busy:
            if self.complete_after_photos:
                self._show_photos()
        elif self.complete_after_photos:
            self.complete_after_photos = False
            self.complete_now.emit()

    def finish(self) -> bool:
        """Before the visit closes: wait for photos in flight and writes waiting for the
        database, saying what is waited for. Clicks and keys are not taken meanwhile.

        Returns False only if the database stayed locked for GIVE_UP_AFTER_S, after
        saying that changes could not be saved.
        """
        session, intake = self.session, self.intake
        if not intake.busy and not session.pending_writes:
            intake.close()
            return True
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        last_progress = time.monotonic()
        left = session.pending_writes
        try:
            while intake.busy or session.pending_writes:
                if session.pending_writes < left or intake.busy:
                    last_progress = time.monotonic()
                left = session.pending_writes
                if not intake.busy and time.monotonic() - last_progress > GIVE_UP_AFTER_S:
                    break
                self.finishing.emit(self._waiting_text())
                QApplication.processEvents(
                    QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
                    | QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100,
                )
        finally:
            QApplication.restoreOverrideCursor()
        self.finishing.emit("")
        if session.pending_writes:
            dialogs.show_error(self._window, self.tr(
                "Changes to this visit could not be saved ({0} waiting): another program "
                "kept the database locked for a minute."
            ).format(session.pending_writes))
            return False
        intake.close()
        return True

    def _waiting_text(self) -> str:
        photos = self.intake.in_flight
        if photos:
            return self._photos_text(photos)
        return self.tr("Waiting for the database… changes not saved yet: {0}").format(
            self.session.pending_writes
        )

    def _photos_text(self, count: int) -> str:
        if count == 1:
            return self.tr("Finishing 1 photo…")
        return self.tr("Finishing {0} photos…").format(count)
