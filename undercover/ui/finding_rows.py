"""Rows of the findings page, and the review that moves through them from the keyboard.

``FindingRow`` is one suggestion or finding as a small card. ``ReviewLists``
keeps the page's three lists (suggested, confirmed, dismissed): it puts back
the rows that did not change when the lists are rebuilt, so a Confirm stays
quick with dozens of rows; and it keeps the page's place, so that after a
Confirm or a Dismiss the page does not jump and the focus goes to the row now
in the handled one's place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
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
from undercover.domain.visit import Finding
from undercover.ui.labels import domain_label
from undercover.ui.style import mark

_SEVERITY_TONE = {"high": "bad", "medium": "warn", "low": "good"}
KINDS = ("suggested", "confirmed", "dismissed")


def settle_layouts() -> None:
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
            n = len(finding.photo_ids)
            details.append(self.tr("%n evidence photo", "", n) if n == 1
                           else self.tr("%n evidence photos", "", n))
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
        self._keys = {
            "suggested": self.tr("C confirm · D dismiss · E edit · ↑↓ next"),
            "confirmed": self.tr("E edit · Delete delete · ↑↓ next"),
        }.get(kind_of_row, "")
        self.setToolTip(self._keys)

    def set_editable(self, editable: bool) -> None:
        """A completed visit's findings are read, not edited: no buttons, no key hints."""
        self.button_row.setVisible(editable)
        self.setToolTip(self._keys if editable else "")

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


class ReviewLists(QObject):
    """The rows of the three lists, rebuilt without losing the page's place or the focus."""

    def __init__(
        self,
        page: QScrollArea,
        boxes: dict[str, QVBoxLayout],
        actions: dict[str, Callable[[Finding], object]],
    ) -> None:
        super().__init__(page)
        self._page = page
        self._boxes = boxes
        self._actions = actions  # confirm, dismiss, edit, delete, restore
        self.rows: dict[str, list[FindingRow]] = {kind: [] for kind in KINDS}
        self._current: tuple[str, str, int] | None = None  # (list, row key, position)

    def take(self) -> dict[tuple[str, str], FindingRow]:
        """Empty the lists, keeping the rows so unchanged ones can be put back."""
        kept: dict[tuple[str, str], FindingRow] = {}
        for box in self._boxes.values():
            while box.count():
                widget = box.takeAt(0).widget()
                if isinstance(widget, FindingRow):
                    kept[(widget.kind_of_row, row_key(widget.finding))] = widget
                elif widget is not None:
                    widget.hide()
                    widget.deleteLater()
        return kept

    def place(
        self, kind: str, findings: list[Finding], old: dict[tuple[str, str], FindingRow]
    ) -> list[FindingRow]:
        """Fill one list, reusing the rows already shown for findings that did not change."""
        rows = [self._row_for(finding, kind, old) for finding in findings]
        for row in rows:
            self._boxes[kind].addWidget(row)
        self.rows[kind] = rows
        return rows

    @staticmethod
    def discard(old: dict[tuple[str, str], FindingRow]) -> None:
        """Rows for findings handled or changed meanwhile: gone from the lists."""
        for row in old.values():
            row.hide()
            row.deleteLater()

    def _row_for(
        self, finding: Finding, kind: str, old: dict[tuple[str, str], FindingRow]
    ) -> FindingRow:
        row = old.pop((kind, row_key(finding)), None)
        if row is not None and replace(finding, id=row.finding.id) == row.finding:
            return row
        if row is not None:
            old[(kind, f"changed {id(row)}")] = row  # dropped with the others
        row = FindingRow(finding, kind)
        row.step.connect(lambda delta, r=row: self._step(r, delta))
        row.focused.connect(lambda r=row: self._row_focused(r))
        names = {
            "suggested": ("confirm", "edit", "dismiss"),
            "confirmed": ("edit", "delete"),
            "dismissed": ("restore",),
        }[kind]
        for name in names:
            button = getattr(row, f"{name}_button")
            action = self._actions[name]
            button.clicked.connect(lambda _=False, f=finding, a=action: a(f))
        return row

    def review_rows(self) -> list[FindingRow]:
        """The rows Up and Down move through: suggestions, then confirmed findings."""
        return [*self.rows["suggested"], *self.rows["confirmed"]]

    def _row_focused(self, row: FindingRow) -> None:
        rows = self.rows[row.kind_of_row]
        self._current = (row.kind_of_row, row_key(row.finding), rows.index(row))
        self.show_row(row)

    def show_row(self, row: QWidget) -> None:
        """Scroll only if the row is not well in view already, so the page moves least."""
        viewport = self._page.viewport()
        top = row.mapTo(viewport, row.rect().topLeft()).y()
        seen = min(row.height(), 120)
        if top < 0 or top + seen > viewport.height():
            self._page.ensureWidgetVisible(row, 0, 24)

    def _step(self, row: FindingRow, delta: int) -> None:
        rows = self.review_rows()
        position = rows.index(row) + delta
        if 0 <= position < len(rows):
            rows[position].setFocus(Qt.FocusReason.OtherFocusReason)

    def settle(self, scroll: int) -> None:
        """Lay the new rows out now and go back to the same scroll position."""
        for box in self._boxes.values():
            for i in range(box.count()):
                widget = box.itemAt(i).widget()
                if widget is not None:
                    widget.show()  # now, not on the next turn of the event loop
        settle_layouts()
        self._page.verticalScrollBar().setValue(scroll)

    def target(self, keep_place: bool) -> FindingRow | None:
        """The row the review goes on with: the one in the last one's place, else the first."""
        if keep_place and self._current is not None:
            kind, key, position = self._current
            rows = self.rows[kind]
            row = next((r for r in rows if row_key(r.finding) == key), None)
            if row is None and rows:
                row = rows[min(position, len(rows) - 1)]
            if row is not None:
                return row
        rows = self.review_rows()
        return rows[0] if rows else None
