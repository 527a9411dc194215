"""Settings → Sync: the outbox and inbox folders a sync engine carries bundles through.

Either, both or none; each is saved as soon as it is chosen, typed or cleared,
like every other setting. A folder that does not exist is refused on the spot.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from undercover.errors import UndercoverError
from undercover.exchange.sync import save_folder, saved_folders
from undercover.store import Store
from undercover.ui import dialogs
from undercover.ui.style import mark


def choose_folder(parent: QWidget | None, title: str, start: Path) -> Path | None:
    """Ask for a folder (a thin function, so tests replace it)."""
    chosen = QFileDialog.getExistingDirectory(parent, title, str(start))
    return Path(chosen) if chosen else None


class FolderRow(QWidget):
    """A folder's path, typed or chosen, with a button to stop using it."""

    chosen = Signal(str)  # "" when cleared

    def __init__(self, folder: Path | None, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._title = title
        self._saved = str(folder) if folder else ""
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.path = QLineEdit(self._saved)
        self.path.setPlaceholderText(self.tr("Not used"))
        self.path.setClearButtonEnabled(True)
        self.choose_button = QPushButton(self.tr("Choose folder…"))
        self.clear_button = QPushButton(self.tr("Stop using"))
        layout.addWidget(self.path, 1)
        layout.addWidget(self.choose_button)
        layout.addWidget(self.clear_button)
        self.path.editingFinished.connect(lambda: self._offer(self.path.text().strip()))
        self.choose_button.clicked.connect(self._choose)
        self.clear_button.clicked.connect(lambda: self._offer(""))
        self._update()

    def _choose(self) -> None:
        start = Path(self._saved) if self._saved else Path.home()
        folder = choose_folder(self, self._title, start)
        if folder is not None:
            self._offer(str(folder))

    def _offer(self, text: str) -> None:
        if text and not Path(text).expanduser().is_dir():
            dialogs.show_error(
                self, self.tr("{0} is not a folder. Create it first, or choose another.")
                .format(text),
            )
            self.path.setText(self._saved)
            return
        text = str(Path(text).expanduser().absolute()) if text else ""
        self.path.setText(text)
        if text != self._saved:
            self._saved = text
            self.chosen.emit(text)
        self._update()

    def show_saved(self, folder: Path | None) -> None:
        """Show what is saved after all (the database refused the change)."""
        self._saved = str(folder) if folder else ""
        self.path.setText(self._saved)
        self._update()

    def _update(self) -> None:
        self.clear_button.setEnabled(bool(self._saved))


class SyncSettingsTab(QWidget):
    """The Sync tab of the settings dialog."""

    changed = Signal()

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._store = store
        folders = saved_folders(store)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        intro = mark(QLabel(self.tr(
            "Undercover needs no server: a sync program such as Syncthing, or the folder of a "
            "cloud drive (Nextcloud, Dropbox, OneDrive, Google Drive), carries the visits. "
            "A shopper sets an outbox; an owner sets an inbox; one computer may use both."
        )), role="muted")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addSpacing(12)
        form = QFormLayout()
        form.setSpacing(10)
        self.outbox = FolderRow(folders.outbox, self.tr("Choose the outbox folder"))
        self.inbox = FolderRow(folders.inbox, self.tr("Choose the inbox folder"))
        form.addRow(self.tr("Outbox"), self.outbox)
        form.addRow("", self._hint(self.tr(
            "Completed visits are written here as .undercover files, and written again "
            "when they are edited.")))
        form.addRow(self.tr("Inbox"), self.inbox)
        form.addRow("", self._hint(self.tr(
            "Visits that arrive here are imported at once, and whenever the app starts. "
            "Files that cannot be imported are moved to a \"rejected\" folder inside it, "
            "each with a note saying why.")))
        layout.addLayout(form)
        layout.addStretch(1)
        self.outbox.chosen.connect(lambda text: self._save("outbox", text))
        self.inbox.chosen.connect(lambda text: self._save("inbox", text))

    def _hint(self, text: str) -> QLabel:
        label = mark(QLabel(text), role="hint")
        label.setWordWrap(True)
        return label

    def _save(self, which: str, text: str) -> None:
        try:
            save_folder(self._store, which, text or None)
        except UndercoverError as exc:
            dialogs.show_error(self, str(exc))
            row = self.inbox if which == "inbox" else self.outbox
            row.show_saved(getattr(saved_folders(self._store), which))
            return
        self.changed.emit()
