"""Leaks and missed opportunities: suggestions from low answers, the evaluator's own, and photos.

A suggestion is confirmed as it is, edited and then confirmed, or
dismissed; either way it is stored with its question's id, so it is never
suggested again. Dismissed ones can be brought back.

Reviewing many suggestions is a keyboard job: the rows take the focus,
Up/Down move between them, C, D and E confirm, dismiss and edit. The lists
are rebuilt after each change, so the page keeps its scroll position and
puts the focus on the row that took the place of the one just handled.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.visit import Finding, FindingStatus, Photo
from undercover.ui import dialogs
from undercover.ui.checklist_page import CONTENT_WIDTH
from undercover.ui.finding_dialog import FindingDialog
from undercover.ui.finding_rows import (
    FindingRow,
    ReviewLists,
    by_severity,
    settle_layouts,
)
from undercover.ui.photos import PhotoStrip, accept_photo_drop
from undercover.ui.style import mark
from undercover.ui.visit_session import VisitSession


class FindingsPage(QScrollArea):
    photos_dropped = Signal(list, object)  # paths, question id (None: the whole visit)
    add_photos_requested = Signal(object)
    photo_clicked = Signal(str)

    def __init__(self, session: VisitSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageScroll")
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAcceptDrops(True)
        self.viewport().setAcceptDrops(True)
        # Not a stop on Tab: focus given to the page goes on to its first row (focusInEvent).
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.session = session
        self.dialog: FindingDialog | None = None
        self._rebuilding = False
        self._batch = False
        self.suggested_rows: list[FindingRow] = []
        self.confirmed_rows: list[FindingRow] = []
        self.dismissed_rows: list[FindingRow] = []

        content = QWidget()
        content.setObjectName("pageContent")
        outer = QHBoxLayout(content)
        outer.setContentsMargins(24, 20, 24, 24)
        holder = QWidget()
        holder.setMaximumWidth(CONTENT_WIDTH)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(10)
        outer.addStretch(1)
        outer.addWidget(holder, 1000)  # the margins grow only once it is full width
        outer.addStretch(1)

        column.addWidget(mark(QLabel(self.tr("FINDINGS")), role="hint"))
        title_row = QHBoxLayout()
        title = mark(QLabel(self.tr("Leaks and missed opportunities")), role="title")
        title.setWordWrap(True)
        title_row.addWidget(title, 1)
        self.add_button = mark(QPushButton(self.tr("Add finding…")), primary=True)
        title_row.addWidget(self.add_button)
        column.addLayout(title_row)
        intro = mark(
            QLabel(
                self.tr(
                    "Low answers suggest the findings below. Confirm what really happened, "
                    "edit to add detail, or dismiss what does not apply; add anything the "
                    "checklist did not ask about."
                )
            ),
            role="muted",
        )
        intro.setWordWrap(True)
        self.intro = intro
        column.addWidget(intro)

        self.suggested_heading = mark(QLabel(), role="heading")
        self.suggested_box = QVBoxLayout()
        self.suggested_box.setSpacing(8)
        self.confirmed_heading = mark(QLabel(), role="heading")
        self.confirmed_box = QVBoxLayout()
        self.confirmed_box.setSpacing(8)
        self.dismissed_heading = mark(QLabel(), role="heading")
        self.dismissed_box = QVBoxLayout()
        self.dismissed_box.setSpacing(8)
        suggested_row = QHBoxLayout()
        suggested_row.addWidget(self.suggested_heading, 1)
        self.confirm_all_button = QPushButton(self.tr("Confirm all…"))
        self.confirm_all_button.setToolTip(
            self.tr("Confirm every suggestion as it is; each can still be edited or deleted")
        )
        suggested_row.addWidget(self.confirm_all_button, 0, Qt.AlignmentFlag.AlignBottom)
        self.suggested_header = QWidget()
        header_column = QVBoxLayout(self.suggested_header)
        header_column.setContentsMargins(0, 0, 0, 0)
        header_column.setSpacing(2)
        header_column.addLayout(suggested_row)
        self.keys_hint = mark(
            QLabel(self.tr("Keys: ↑ ↓ move · C confirm · D dismiss · E edit")), role="hint"
        )
        header_column.addWidget(self.keys_hint)
        for widget_or_box in (
            self.suggested_header, self.suggested_box,
            self.confirmed_heading, self.confirmed_box,
            self.dismissed_heading, self.dismissed_box,
        ):
            if isinstance(widget_or_box, QVBoxLayout):
                column.addLayout(widget_or_box)
            else:
                column.addSpacing(8)
                column.addWidget(widget_or_box)

        column.addSpacing(8)
        photos_row = QHBoxLayout()
        self.photos_heading = mark(QLabel(), role="heading")
        photos_row.addWidget(self.photos_heading)
        photos_row.addStretch(1)
        self.add_photos_button = QPushButton(self.tr("Add photos…"))
        photos_row.addWidget(self.add_photos_button)
        column.addLayout(photos_row)
        self.photos_hint = mark(
            QLabel(self.tr("Drop photo files anywhere on this page to add them to the visit.")),
            role="hint",
        )
        column.addWidget(self.photos_hint)
        self.photo_strip = PhotoStrip(session.thumbnail, edge=96, wrap=True)
        column.addWidget(self.photo_strip)
        column.addStretch(1)
        self.setWidget(content)
        self.review = ReviewLists(
            self,
            {"suggested": self.suggested_box, "confirmed": self.confirmed_box,
             "dismissed": self.dismissed_box},
            {"confirm": self.confirm, "dismiss": self.dismiss, "edit": self.edit,
             "delete": self.delete, "restore": self.restore},
        )

        self.add_button.clicked.connect(lambda: self.edit(None))
        self.confirm_all_button.clicked.connect(self.confirm_all)
        self.add_photos_button.clicked.connect(lambda: self.add_photos_requested.emit(None))
        self.photo_strip.photo_clicked.connect(self.photo_clicked)
        self._stale = False
        session.findings_changed.connect(self._changed)
        session.answer_saved.connect(self._changed)
        session.read_only_changed.connect(self._changed)
        session.photo_added.connect(self._photo_added)
        session.photo_removed.connect(self._photo_removed)
        session.photo_changed.connect(self.photo_strip.update_photo)
        self.photo_strip.set_photos(session.photos)
        self.refresh()

    # -- lists ----------------------------------------------------------------------

    def _changed(self, *_args: object) -> None:
        """Rebuild now if shown, else when next shown (answers change far more often)."""
        self._stale = True
        if self.isVisible() and not self._batch:
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the three lists from the session (cheap: a handful of rows).

        The scroll position stays where it was, and a row that had the focus
        hands it to the row now in its place, so a review never jumps.
        """
        self._stale = False
        session = self.session
        read_only = session.read_only
        scroll = self.verticalScrollBar().value()
        focus = QApplication.focusWidget()
        had_focus = focus is not None and self.isAncestorOf(focus)
        self._rebuilding = True
        if had_focus:
            self.setFocus(Qt.FocusReason.OtherFocusReason)  # park it while rows go away
        old = self.review.take()
        suggestions = [] if read_only else by_severity(session.suggestions())
        confirmed = by_severity(
            [f for f in session.findings if f.status is FindingStatus.CONFIRMED]
        )
        dismissed = [f for f in session.findings if f.status is FindingStatus.DISMISSED]

        self.suggested_heading.setText(
            self.tr("Suggested by low answers ({0})").format(len(suggestions))
        )
        self.suggested_header.setVisible(bool(suggestions))
        self.confirm_all_button.setVisible(len(suggestions) > 1)
        self.suggested_rows = self.review.place("suggested", suggestions, old)

        self.confirmed_heading.setText(self.tr("Findings ({0})").format(len(confirmed)))
        if not confirmed:
            empty = mark(
                QLabel(self.tr("No findings yet.") if not read_only
                       else self.tr("No findings were recorded for this visit.")),
                role="muted",
            )
            self.confirmed_box.addWidget(empty)
        self.confirmed_rows = self.review.place("confirmed", confirmed, old)
        for row in self.confirmed_rows:
            row.set_editable(not read_only)

        self.dismissed_heading.setText(self.tr("Dismissed ({0})").format(len(dismissed)))
        self.dismissed_heading.setVisible(bool(dismissed) and not read_only)
        self.dismissed_rows = self.review.place("dismissed", [] if read_only else dismissed, old)

        self.add_button.setVisible(not read_only)
        self.intro.setVisible(not read_only)
        self.add_photos_button.setVisible(not read_only)
        self.photos_hint.setVisible(not read_only)
        self._photos_heading()
        self.review.discard(old)
        self.review.settle(scroll)
        if had_focus:
            self.focus_first(keep_place=True)
        self._rebuilding = False

    def focus_first(self, keep_place: bool = False) -> None:
        """Focus where the review goes on: the row in the last one's place, else the first."""
        target: QWidget | None = self.review.target(keep_place)
        if target is None:
            target = self.add_button if self.add_button.isVisible() else None
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self.review.show_row(target)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Focus given to the page (on opening it) goes to its first row, not the header."""
        super().focusInEvent(event)
        if not self._rebuilding:
            settle_layouts()  # a page shown just now: rows get their places before scrolling
            self.focus_first(keep_place=True)

    # -- actions --------------------------------------------------------------------

    def confirm(self, suggestion: Finding) -> None:
        self.session.save_finding(suggestion)

    def confirm_all(self) -> int:
        """Confirm every suggestion as it is, after asking; returns how many were confirmed."""
        suggestions = [] if self.session.read_only else self.session.suggestions()
        if not suggestions or not dialogs.confirm(
            self, self.tr("Confirm all suggestions"),
            self.tr("Confirm all {0} suggested findings as they are? Each can still be "
                    "edited or deleted afterwards.").format(len(suggestions)),
            self.tr("Confirm all"),
        ):
            return 0
        done = 0
        self._batch = True
        try:
            for suggestion in suggestions:
                if not self.session.save_finding(suggestion):
                    break  # the session has said why; what was confirmed stays confirmed
                done += 1
        finally:
            self._batch = False
        self._changed()
        return done

    def dismiss(self, suggestion: Finding) -> None:
        self.session.dismiss(suggestion)

    def restore(self, finding: Finding) -> None:
        self.session.delete_finding(finding.id)

    def delete(self, finding: Finding) -> None:
        if dialogs.confirm(
            self, self.tr("Delete finding"),
            self.tr("Delete the finding \u201c{0}\u201d?").format(finding.summary[:80]),
            self.tr("Delete"),
        ):
            self.session.delete_finding(finding.id)

    def edit(self, finding: Finding | None) -> FindingDialog:
        """Open the finding form (a new one for None); saving confirms it."""
        dialog = FindingDialog(self.session, finding, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.session.save_finding(dialog.finding()))
        dialog.add_photos_requested.connect(lambda: self.add_photos_requested.emit(None))
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        dialog.finished.connect(lambda _result: self._after_dialog())
        self.dialog = dialog
        dialog.open()
        return dialog

    def _after_dialog(self) -> None:
        """Back from the finding form: the focus returns to the review, not to nowhere."""
        QTimer.singleShot(0, self, self._refocus)  # dropped if the page is gone by then

    def _refocus(self) -> None:
        if self.isVisible():
            self.focus_first(keep_place=True)

    # -- photos ---------------------------------------------------------------------

    def _photos_heading(self) -> None:
        self.photos_heading.setText(
            self.tr("Photos of this visit ({0})").format(len(self.session.photos))
        )

    def _photo_added(self, photo: Photo) -> None:
        self.photo_strip.add_photo(photo)
        self._photos_heading()

    def _photo_removed(self, photo_id: str) -> None:
        self.photo_strip.remove_photo(photo_id)
        self._photos_heading()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        accept_photo_drop(event, self.session.read_only)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        accept_photo_drop(event, self.session.read_only)

    def dropEvent(self, event: QDropEvent) -> None:
        files = accept_photo_drop(event, self.session.read_only)
        if files:
            self.photos_dropped.emit(files, None)
