"""Leaks and missed opportunities: suggestions from low answers, the evaluator's own, and photos.

A suggestion is confirmed as it is, edited and then confirmed, or
dismissed; either way it is stored with its question's id, so it is never
suggested again. Dismissed ones can be brought back.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.checklist import FindingKind
from undercover.domain.visit import Finding, FindingStatus, Photo
from undercover.ui import dialogs
from undercover.ui.checklist_page import CONTENT_WIDTH
from undercover.ui.finding_dialog import FindingDialog
from undercover.ui.flow_layout import FlowLayout
from undercover.ui.labels import domain_label
from undercover.ui.photos import PhotoStrip, accept_photo_drop
from undercover.ui.style import mark
from undercover.ui.visit_session import VisitSession

_SEVERITY_TONE = {"high": "bad", "medium": "warn", "low": "good"}


def _clear(layout: QVBoxLayout) -> None:
    while layout.count():
        item = layout.takeAt(0)
        widget = item.widget()
        if widget is not None:
            widget.hide()
            widget.deleteLater()


class FindingRow(QFrame):
    """One finding as a small card; which buttons it has depends on where it is listed."""

    def __init__(self, finding: Finding, kind_of_row: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.finding = finding
        self.setObjectName("card")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        chips = FlowLayout(spacing=6)  # wraps on a narrow window
        is_leak = finding.kind is FindingKind.LEAK
        chips.addWidget(
            mark(QLabel(domain_label(finding.kind)), role="chip", tone="bad" if is_leak else "")
        )
        chips.addWidget(
            mark(
                QLabel(self.tr("{0} severity").format(domain_label(finding.severity))),
                role="chip", tone=_SEVERITY_TONE[finding.severity.value],
            )
        )
        if finding.where:
            chips.addWidget(mark(QLabel(finding.where), role="hint"))
        layout.addLayout(chips)
        summary = mark(QLabel(finding.summary), role="question")
        summary.setWordWrap(True)
        layout.addWidget(summary)
        details = []
        if finding.evidence:
            details.append(self.tr("Evidence: {0}").format(finding.evidence))
        if finding.recommendation:
            details.append(self.tr("What to do: {0}").format(finding.recommendation))
        if finding.photo_ids:
            details.append(self.tr("{0} evidence photo(s)").format(len(finding.photo_ids)))
        if details and kind_of_row != "dismissed":
            text = mark(QLabel("\n".join(details)), role="help")
            text.setWordWrap(True)
            layout.addWidget(text)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        self.confirm_button = self.edit_button = self.dismiss_button = None
        self.delete_button = self.restore_button = None
        if kind_of_row == "suggested":
            self.confirm_button = mark(QPushButton(self.tr("Confirm")), primary=True)
            self.edit_button = QPushButton(self.tr("Edit…"))
            self.dismiss_button = QPushButton(self.tr("Dismiss"))
            row = (self.confirm_button, self.edit_button, self.dismiss_button)
        elif kind_of_row == "confirmed":
            self.edit_button = QPushButton(self.tr("Edit…"))
            self.delete_button = QPushButton(self.tr("Delete…"))
            row = (self.edit_button, self.delete_button)
        else:
            self.restore_button = QPushButton(self.tr("Bring back"))
            self.restore_button.setToolTip(self.tr("Suggest this finding again"))
            row = (self.restore_button,)
        for button in row:
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.button_row = QWidget()
        self.button_row.setLayout(buttons)
        buttons.setContentsMargins(0, 2, 0, 0)
        layout.addWidget(self.button_row)


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
        self.session = session
        self.dialog: FindingDialog | None = None
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
        title_row.addStretch(1)
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
        for widget_or_box in (
            self.suggested_heading, self.suggested_box,
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

        self.add_button.clicked.connect(lambda: self.edit(None))
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
        if self.isVisible():
            self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Rebuild the three lists from the session (cheap: a handful of rows)."""
        self._stale = False
        session = self.session
        read_only = session.read_only
        for box in (self.suggested_box, self.confirmed_box, self.dismissed_box):
            _clear(box)
        suggestions = [] if read_only else session.suggestions()
        confirmed = [f for f in session.findings if f.status is FindingStatus.CONFIRMED]
        dismissed = [f for f in session.findings if f.status is FindingStatus.DISMISSED]

        self.suggested_heading.setText(
            self.tr("Suggested by low answers ({0})").format(len(suggestions))
        )
        self.suggested_heading.setVisible(bool(suggestions))
        self.suggested_rows = []
        for suggestion in suggestions:
            row = FindingRow(suggestion, "suggested")
            row.confirm_button.clicked.connect(lambda _=False, f=suggestion: self.confirm(f))
            row.edit_button.clicked.connect(lambda _=False, f=suggestion: self.edit(f))
            row.dismiss_button.clicked.connect(lambda _=False, f=suggestion: self.dismiss(f))
            self.suggested_box.addWidget(row)
            self.suggested_rows.append(row)

        self.confirmed_heading.setText(self.tr("Findings ({0})").format(len(confirmed)))
        self.confirmed_rows = []
        if not confirmed:
            empty = mark(
                QLabel(self.tr("No findings yet.") if not read_only
                       else self.tr("No findings were recorded for this visit.")),
                role="muted",
            )
            self.confirmed_box.addWidget(empty)
        for finding in confirmed:
            row = FindingRow(finding, "confirmed")
            row.edit_button.clicked.connect(lambda _=False, f=finding: self.edit(f))
            row.delete_button.clicked.connect(lambda _=False, f=finding: self.delete(f))
            row.button_row.setVisible(not read_only)
            self.confirmed_box.addWidget(row)
            self.confirmed_rows.append(row)

        self.dismissed_heading.setText(self.tr("Dismissed ({0})").format(len(dismissed)))
        self.dismissed_heading.setVisible(bool(dismissed) and not read_only)
        self.dismissed_rows = []
        if not read_only:
            for finding in dismissed:
                row = FindingRow(finding, "dismissed")
                row.restore_button.clicked.connect(lambda _=False, f=finding: self.restore(f))
                self.dismissed_box.addWidget(row)
                self.dismissed_rows.append(row)

        self.add_button.setVisible(not read_only)
        self.intro.setVisible(not read_only)
        self.add_photos_button.setVisible(not read_only)
        self.photos_hint.setVisible(not read_only)
        self._photos_heading()

    # -- actions --------------------------------------------------------------------

    def confirm(self, suggestion: Finding) -> None:
        self.session.save_finding(suggestion)

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
        dialog.finished.connect(lambda _result: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()
        return dialog

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
