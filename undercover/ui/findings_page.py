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

from dataclasses import replace

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QFocusEvent,
    QKeyEvent,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QApplication,
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
from undercover.ui.labels import domain_label
from undercover.ui.photos import PhotoStrip, accept_photo_drop
from undercover.ui.style import mark
from undercover.ui.visit_session import VisitSession

_SEVERITY_TONE = {"high": "bad", "medium": "warn", "low": "good"}


def _settle_layouts() -> None:
    """Lay out now what Qt would lay out on the next turn of the event loop."""
    for _ in range(3):  # nested layouts: each pass settles one more level
        QApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)


def by_severity(findings: list[Finding]) -> list[Finding]:
    """High severity first; within one severity, the checklist's order."""
    return sorted(findings, key=lambda f: -f.severity.rank)


def row_key(finding: Finding) -> str:
    """What names a row across rebuilds: a suggestion has no stored id yet, only its question."""
    return finding.question_id or finding.id


class FindingRow(QFrame):
    """One finding as a small card; which buttons it has depends on where it is listed.

    A suggested or confirmed row takes the keyboard focus (a clear frame shows
    it): C confirms, D dismisses, E edits, Delete deletes, Up/Down move on.
    """

    step = Signal(int)  # Up (-1) or Down (+1) pressed on this row
    focused = Signal()

    def __init__(self, finding: Finding, kind_of_row: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.finding = finding
        self.kind_of_row = kind_of_row
        self.setObjectName("card")
        self.setProperty("review", True)
        if kind_of_row != "dismissed":
            self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 12)
        layout.setSpacing(6)
        chips = QHBoxLayout()
        chips.setSpacing(6)
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
            where = mark(QLabel(finding.where), role="hint")
            where.setWordWrap(True)  # a long moment wraps instead of widening the page
            chips.addWidget(where, 1)
        else:
            chips.addStretch(1)
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
        keys = {
            "suggested": self.tr("C confirm · D dismiss · E edit · ↑↓ next"),
            "confirmed": self.tr("E edit · Delete delete · ↑↓ next"),
        }.get(kind_of_row, "")
        if keys:
            self.setToolTip(keys)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        plain = not event.modifiers() & (
            Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
        )
        button = None
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.step.emit(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if plain and key == Qt.Key.Key_C:
            button = self.confirm_button
        elif plain and key == Qt.Key.Key_D:
            button = self.dismiss_button
        elif plain and key in (Qt.Key.Key_E, Qt.Key.Key_Return, Qt.Key.Key_Enter):
            button = self.edit_button
        elif key == Qt.Key.Key_Delete:
            button = self.delete_button
        if button is not None and self.button_row.isVisible():
            button.click()  # the same road as a mouse click
            event.accept()
            return
        super().keyPressEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.focused.emit()


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
        self._current: tuple[str, str, int] | None = None  # (list, row key, position)
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
        self.suggested_header.setLayout(suggested_row)
        suggested_row.setContentsMargins(0, 0, 0, 0)
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
        old = self._take_rows()
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
        self.suggested_rows = []
        for suggestion in suggestions:
            row = self._review_row(suggestion, "suggested", old)
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
            row = self._review_row(finding, "confirmed", old)
            row.button_row.setVisible(not read_only)
            self.confirmed_box.addWidget(row)
            self.confirmed_rows.append(row)

        self.dismissed_heading.setText(self.tr("Dismissed ({0})").format(len(dismissed)))
        self.dismissed_heading.setVisible(bool(dismissed) and not read_only)
        self.dismissed_rows = []
        if not read_only:
            for finding in dismissed:
                row = self._review_row(finding, "dismissed", old)
                self.dismissed_box.addWidget(row)
                self.dismissed_rows.append(row)

        self.add_button.setVisible(not read_only)
        self.intro.setVisible(not read_only)
        self.add_photos_button.setVisible(not read_only)
        self.photos_hint.setVisible(not read_only)
        self._photos_heading()
        for row in old.values():  # handled or changed: gone from the lists
            row.hide()
            row.deleteLater()
        self._keep_place(scroll, had_focus)
        self._rebuilding = False

    def _take_rows(self) -> dict[tuple[str, str], FindingRow]:
        """Empty the lists, keeping the rows so unchanged ones can be put back.

        Rebuilding only what changed keeps a Confirm quick with dozens of rows.
        """
        kept: dict[tuple[str, str], FindingRow] = {}
        for box in (self.suggested_box, self.confirmed_box, self.dismissed_box):
            while box.count():
                widget = box.takeAt(0).widget()
                if isinstance(widget, FindingRow):
                    kept[(widget.kind_of_row, row_key(widget.finding))] = widget
                elif widget is not None:
                    widget.hide()
                    widget.deleteLater()
        return kept

    def _review_row(
        self, finding: Finding, kind_of_row: str, old: dict[tuple[str, str], FindingRow]
    ) -> FindingRow:
        """The row for a suggestion or a finding: the one already shown if nothing changed."""
        row = old.pop((kind_of_row, row_key(finding)), None)
        if row is not None and replace(finding, id=row.finding.id) == row.finding:
            return row
        if row is not None:
            old[(kind_of_row, f"changed {id(row)}")] = row  # dropped with the others
        row = FindingRow(finding, kind_of_row)
        row.step.connect(lambda delta, r=row: self._step(r, delta))
        row.focused.connect(lambda r=row: self._row_focused(r))
        if kind_of_row == "suggested":
            row.confirm_button.clicked.connect(lambda _=False, f=finding: self.confirm(f))
            row.edit_button.clicked.connect(lambda _=False, f=finding: self.edit(f))
            row.dismiss_button.clicked.connect(lambda _=False, f=finding: self.dismiss(f))
        elif kind_of_row == "confirmed":
            row.edit_button.clicked.connect(lambda _=False, f=finding: self.edit(f))
            row.delete_button.clicked.connect(lambda _=False, f=finding: self.delete(f))
        else:
            row.restore_button.clicked.connect(lambda _=False, f=finding: self.restore(f))
        return row

    def review_rows(self) -> list[FindingRow]:
        """The rows Up and Down move through: suggestions, then confirmed findings."""
        return [*self.suggested_rows, *self.confirmed_rows]

    def _row_focused(self, row: FindingRow) -> None:
        rows = self.suggested_rows if row.kind_of_row == "suggested" else self.confirmed_rows
        self._current = (row.kind_of_row, row_key(row.finding), rows.index(row))
        self._show_row(row)

    def _show_row(self, row: QWidget) -> None:
        """Scroll only if the row is not well in view already, so the page moves least."""
        top = row.mapTo(self.viewport(), row.rect().topLeft()).y()
        seen = min(row.height(), 120)
        if top < 0 or top + seen > self.viewport().height():
            self.ensureWidgetVisible(row, 0, 24)

    def _step(self, row: FindingRow, delta: int) -> None:
        rows = self.review_rows()
        position = rows.index(row) + delta
        if 0 <= position < len(rows):
            rows[position].setFocus(Qt.FocusReason.OtherFocusReason)

    def _keep_place(self, scroll: int, had_focus: bool) -> None:
        """Back to the same scroll position, focus on the row in the handled one's place."""
        for box in (self.suggested_box, self.confirmed_box, self.dismissed_box):
            for i in range(box.count()):
                widget = box.itemAt(i).widget()
                if widget is not None:
                    widget.show()  # now, not on the next turn of the event loop
        _settle_layouts()
        self.verticalScrollBar().setValue(scroll)
        if had_focus:
            self.focus_first(keep_place=True)

    def focus_first(self, keep_place: bool = False) -> None:
        """Focus where the review goes on: the row in the last one's place, else the first."""
        target: QWidget | None = None
        if keep_place and self._current is not None:
            kind, key, position = self._current
            rows = self.suggested_rows if kind == "suggested" else self.confirmed_rows
            target = next((r for r in rows if row_key(r.finding) == key), None)
            if target is None and rows:
                target = rows[min(position, len(rows) - 1)]
        if target is None:
            rows = self.review_rows()
            target = rows[0] if rows else None
        if target is None:
            target = self.add_button if self.add_button.isVisible() else None
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
            self._show_row(target)

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Focus given to the page (on opening it) goes to its first row, not the header."""
        super().focusInEvent(event)
        if not self._rebuilding:
            _settle_layouts()  # a page shown just now: rows get their places before scrolling
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
