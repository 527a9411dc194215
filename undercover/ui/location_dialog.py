"""Adding, changing or deleting a location: a unique name, an address, notes; its visits
move to another location before it is deleted."""

from __future__ import annotations

from contextlib import suppress

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from undercover.domain.visit import Location
from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.ui.style import mark


class LocationDialog(QDialog):
    """Writes the location when the user presses Save; a clash of names is shown in place."""

    def __init__(
        self, store: Store, location: Location | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._location = location
        self.saved_location: Location | None = None
        self.setWindowTitle(self.tr("Edit location") if location else self.tr("New location"))
        self.setMinimumWidth(440)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.name = QLineEdit(location.name if location else "")
        self.name.setPlaceholderText(self.tr("e.g. Harbour Street branch"))
        self.address = QLineEdit(location.address if location else "")
        self.notes = QPlainTextEdit(location.notes if location else "")
        self.notes.setFixedHeight(70)
        self.notes.setTabChangesFocus(True)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Address"), self.address)
        form.addRow(self.tr("Notes"), self.notes)
        layout.addLayout(form)
        self.problem = mark(QLabel(), role="help")
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.name.textChanged.connect(self._check)
        self._check()

    def _check(self) -> None:
        self.save_button.setEnabled(bool(self.name.text().strip()))
        self.problem.hide()

    def accept(self) -> None:
        location = Location(
            name=self.name.text(),
            address=self.address.text().strip(),
            notes=self.notes.toPlainText().strip(),
            **({"id": self._location.id} if self._location else {}),
        )
        try:
            if self._location:
                self._store.locations.update(location)
            else:
                self._store.locations.add(location)
        except UndercoverError as exc:
            self.problem.setText(str(exc))
            self.problem.show()
            return
        location.name = location.name.strip()
        self.saved_location = location
        super().accept()


class DeleteLocationDialog(QDialog):
    """Deleting a location that has visits: they move to another location first.

    The move and the deletion are one write: either both happen or nothing changes.
    """

    def __init__(
        self, store: Store, location: Location, count: int, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._location = location
        self.moved = 0
        self.setWindowTitle(self.tr("Delete location"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        text = (self.tr("{0} has 1 visit. Move it to another location, then delete {0}.")
                if count == 1 else
                self.tr("{0} has {1} visits. Move them to another location, then delete {0}."))
        self.message = QLabel(text.format(location.name, count))
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        form = QFormLayout()
        self.target = QComboBox()
        for other in store.locations.all():
            if other.id != location.id:
                self.target.addItem(other.name, other.id)
        self.target.addItem(self.tr("New location…"), None)
        self.new_name = QLineEdit()
        self.new_name.setPlaceholderText(self.tr("Name of the new location"))
        self.move_label = QLabel(self.tr("Move 1 visit to") if count == 1
                                 else self.tr("Move {0} visits to").format(count))
        form.addRow(self.move_label, self.target)
        self.new_name_label = QLabel(self.tr("New location"))
        form.addRow(self.new_name_label, self.new_name)
        layout.addLayout(form)
        self.problem = mark(QLabel(), role="help")
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: #c0392b;")
        self.problem.hide()
        layout.addWidget(self.problem)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.delete_button = self.buttons.addButton(
            self.tr("Move and delete"), QDialogButtonBox.ButtonRole.DestructiveRole)
        self.delete_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setDefault(True)
        layout.addWidget(self.buttons)
        self.target.currentIndexChanged.connect(self._check)
        self.new_name.textChanged.connect(self._check)
        self._check()

    def _adding(self) -> bool:
        return self.target.currentData() is None

    def _check(self) -> None:
        adding = self._adding()
        self.new_name.setVisible(adding)
        self.new_name_label.setVisible(adding)
        self.delete_button.setEnabled(not adding or bool(self.new_name.text().strip()))
        self.problem.hide()

    def accept(self) -> None:
        added = None
        try:
            if self._adding():
                added = self._store.locations.add(Location(self.new_name.text())).id
            target = added or self.target.currentData()
            self.moved = self._store.locations.delete(self._location.id, move_visits_to=target)
        except UndercoverError as exc:
            if added is not None:  # the move failed: the new location is not wanted either
                with suppress(UndercoverError):
                    self._store.locations.delete(added)
            self.problem.setText(str(exc))
            self.problem.show()
            return
        super().accept()
