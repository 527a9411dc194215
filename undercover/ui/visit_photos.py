"""Photos coming into an open visit: dropped or chosen files, progress, what came of them,
and the larger viewer."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QWidget

from undercover.ui import dialogs
from undercover.ui.photos import IntakeReport, PhotoIntake, PhotoViewer, accept_photo_drop
from undercover.ui.tasks import TaskRunner
from undercover.ui.visit_session import VisitSession


def give_focus_back(widget: QWidget | None) -> None:
    """Return the focus to where it was before a dialog, if that widget is still there."""
    if widget is not None and shiboken6.isValid(widget) and widget.isVisible():
        widget.window().activateWindow()
        widget.setFocus(Qt.FocusReason.OtherFocusReason)


class VisitPhotos(QObject):
    """The one way photos come into a visit, and the viewer that shows them larger."""

    notice = Signal(str)  # a line for the banner (files already in the visit)
    added = Signal()  # photos were added: the visit changed

    def __init__(self, session: VisitSession, tasks: TaskRunner, window: QWidget) -> None:
        super().__init__(window)
        self.session = session
        self._window = window  # parent of the dialogs
        self.intake = PhotoIntake(
            tasks, session.store.path, session.visit_id, session.photo_stored, self
        )
        self.intake.batch_finished.connect(self._finished)
        self.viewer: PhotoViewer | None = None

    def add_files(self, paths: Iterable[Path], question_id: str | None = None) -> None:
        """The one way photos come in, whether dropped or chosen in the file dialog."""
        files = [Path(p) for p in paths]
        if not files:
            return
        if self.session.read_only:
            dialogs.show_info(
                self._window, self.tr("Photos"),
                self.tr("This visit is complete. Press Edit visit first to add photos."),
            )
            return
        self.intake.add_files(files, question_id)

    def choose(self, question_id: str | None = None) -> None:
        focus = QApplication.focusWidget()
        files = dialogs.choose_files(self._window, self.tr("Add photos"))
        give_focus_back(focus)  # the file dialog leaves it nowhere
        self.add_files(files, question_id)

    def _finished(self, report: IntakeReport) -> None:
        if report.duplicates:
            self.notice.emit(
                self.tr("Already in this visit, so not added again: {0}").format(
                    ", ".join(report.duplicates)
                )
            )
        if report.added:
            self.added.emit()
        if report.problems:
            dialogs.show_problems(
                self._window,
                self.tr("Some photos were not added"),
                self.tr("{0} of {1} files could not be added; the others were.").format(
                    len(report.problems), report.total
                ),
                report.problems,
            )

    def show(self, photo_id: str) -> PhotoViewer:
        ids = [p.id for p in self.session.photos]
        viewer = PhotoViewer(self.session, ids, photo_id, self._window)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.finished.connect(lambda _result: setattr(self, "viewer", None))
        focus = QApplication.focusWidget()
        viewer.finished.connect(lambda _result: give_focus_back(focus))
        self.viewer = viewer
        viewer.open()
        return viewer

    def drag_enter(self, event: QDragEnterEvent) -> None:
        accept_photo_drop(event, self.session.read_only)

    def drop(self, event: QDropEvent) -> None:
        files = accept_photo_drop(event, self.session.read_only)
        if files:
            self.add_files(files, None)
