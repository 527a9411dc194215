"""Writing down a finding: kind, what happened, where, severity, evidence and what to do."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.checklist import FindingKind
from undercover.domain.visit import Finding, FindingStatus, Photo, Severity
from undercover.ui.labels import domain_label
from undercover.ui.note_edit import NoteEdit
from undercover.ui.plain_text import tooltip_text
from undercover.ui.style import mark
from undercover.ui.visit_session import VisitSession

PHOTO_ID_ROLE = Qt.ItemDataRole.UserRole + 1


def _text_box(placeholder: str, lines: int) -> NoteEdit:
    """A box ``lines`` high that grows with a long text (to 6 lines, then scrolls);
    Enter is a new line here, Tab moves on."""
    box = NoteEdit(min_lines=lines, max_lines=max(lines, 6), enter_moves_on=False)
    box.setPlaceholderText(placeholder)
    return box


class FindingDialog(QDialog):
    """A new finding, an edited one, or a suggestion the evaluator edits before confirming.

    Saving always confirms: the result carries the original's id and question,
    with status CONFIRMED.
    """

    add_photos_requested = Signal()  # the visit's photo intake does the work

    def __init__(
        self, session: VisitSession, finding: Finding | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._original = finding or Finding(kind=FindingKind.LEAK, summary="")
        self.setWindowTitle(self.tr("Edit finding") if finding else self.tr("Add a finding"))
        self.setMinimumWidth(600)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setSpacing(10)

        kind_row = QHBoxLayout()
        self.leak = QRadioButton(self.tr("Leak"))
        self.leak.setToolTip(self.tr("A moment where a customer would be lost or had to work "
                                     "too hard"))
        self.missed = QRadioButton(self.tr("Missed opportunity"))
        self.missed.setToolTip(self.tr("Value left on the table: no suggestion, no invitation "
                                       "to return, no referral asked"))
        self._kinds = QButtonGroup(self)
        self._kinds.addButton(self.leak)
        self._kinds.addButton(self.missed)
        (self.leak if self._original.kind is FindingKind.LEAK else self.missed).setChecked(True)
        kind_row.addWidget(self.leak)
        kind_row.addWidget(self.missed)
        kind_row.addStretch(1)
        form.addRow(self.tr("Kind"), kind_row)

        self.summary = _text_box(self.tr("What happened, as a customer would tell it"), 3)
        self.summary.setPlainText(self._original.summary)
        form.addRow(self.tr("What happened"), self.summary)

        self.where = QComboBox()
        self.where.setEditable(True)
        self.where.addItems([s.title for s in session.checklist.sections])
        self.where.setCurrentText(self._original.where)
        self.where.lineEdit().setPlaceholderText(self.tr("e.g. At the counter, Paying"))
        form.addRow(self.tr("Where in the visit"), self.where)

        self.severity = QComboBox()
        for severity in Severity:
            self.severity.addItem(domain_label(severity), severity.value)
        self.severity.setCurrentIndex(self.severity.findData(self._original.severity.value))
        form.addRow(self.tr("Severity"), self.severity)

        self.evidence = _text_box(self.tr("Quoted words, times, what you saw"), 2)
        self.evidence.setPlainText(self._original.evidence)
        form.addRow(self.tr("Evidence"), self.evidence)

        self.photos = QListWidget()
        self.photos.setViewMode(QListView.ViewMode.IconMode)
        self.photos.setIconSize(QSize(72, 72))
        self.photos.setGridSize(QSize(96, 96))
        self.photos.setMovement(QListView.Movement.Static)
        self.photos.setFixedHeight(112)
        self.photos.setFlow(QListView.Flow.LeftToRight)
        self.photos.setWrapping(False)
        self.photos.setToolTip(self.tr("Space ticks or unticks the chosen photo"))
        self._session = session
        chosen = set(self._original.photo_ids)
        for photo in session.photos:
            self._add_item(photo, photo.id in chosen)
        photo_column = QVBoxLayout()
        photo_column.setSpacing(4)
        self.no_photos = mark(QLabel(self.tr("This visit has no photos yet.")), role="muted")
        photo_column.addWidget(self.photos)
        photo_column.addWidget(self.no_photos)
        self.add_photos_button = QPushButton(self.tr("Add photos…"))
        self.add_photos_button.setToolTip(
            self.tr("Add photos to the visit; they are ticked as evidence for this finding")
        )
        photo_column.addWidget(self.add_photos_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.tr("Evidence photos"), photo_column)
        self._show_photo_list()
        self._adding = False
        self.add_photos_button.clicked.connect(self._add_photos)
        session.photo_added.connect(self._photo_added)

        self.recommendation = _text_box(self.tr("What staff should do differently next time"), 2)
        self.recommendation.setPlainText(self._original.recommendation)
        form.addRow(self.tr("Recommendation"), self.recommendation)
        layout.addLayout(form)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.save_button = mark(
            self.buttons.addButton(self.tr("Save finding"), QDialogButtonBox.ButtonRole.AcceptRole),
            primary=True,
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.summary.textChanged.connect(self._check)
        self._check()
        self.summary.setFocus()

    def _add_item(self, photo: Photo, checked: bool) -> None:
        item = QListWidgetItem(QIcon(self._session.thumbnail(photo.id)), "")
        item.setData(PHOTO_ID_ROLE, photo.id)
        item.setToolTip(tooltip_text(photo.caption or photo.file_name))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.photos.addItem(item)

    def _show_photo_list(self) -> None:
        self.photos.setVisible(self.photos.count() > 0)
        self.no_photos.setVisible(self.photos.count() == 0)

    def _add_photos(self) -> None:
        """Photos chosen from here are meant as this finding's evidence: they arrive ticked."""
        self._adding = True
        self.add_photos_requested.emit()
        self.add_photos_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _photo_added(self, photo: Photo) -> None:
        self._add_item(photo, self._adding)
        self._show_photo_list()

    def _check(self) -> None:
        self.save_button.setEnabled(bool(self.summary.toPlainText().strip()))

    def finding(self) -> Finding:
        photo_ids = [
            self.photos.item(i).data(PHOTO_ID_ROLE)
            for i in range(self.photos.count())
            if self.photos.item(i).checkState() == Qt.CheckState.Checked
        ]
        return replace(
            self._original,
            kind=FindingKind.LEAK if self.leak.isChecked() else FindingKind.MISSED,
            summary=self.summary.toPlainText().strip(),
            where=self.where.currentText().strip(),
            severity=Severity(self.severity.currentData()),
            evidence=self.evidence.toPlainText().strip(),
            recommendation=self.recommendation.toPlainText().strip(),
            photo_ids=photo_ids,
            status=FindingStatus.CONFIRMED,
        )
