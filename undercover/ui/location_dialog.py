"""Adding or changing a location: a name that is unique, an address, a few notes."""

from __future__ import annotations

from PySide6.QtWidgets import (
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
