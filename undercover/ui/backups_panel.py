"""The Backups tab of Settings: where the copies of this database are and how big they are."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from undercover.errors import UndercoverError
from undercover.exchange import backups
from undercover.ui.plain_text import plain
from undercover.ui.restore import open_backups_folder, size_label
from undercover.ui.style import mark


class BackupsPanel(QWidget):
    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(10)
        about = QLabel(self.tr(
            "Undercover copies this database once a day when it starts, and before every "
            "import, upgrade and restore. It keeps the copies from the last {0} days that "
            "have one (of those taken before an import, the newest {2} of each day), and "
            "the newest of each of the {1} weeks before them. File → Restore from backup… "
            "puts one back."
        ).format(backups.KEEP_DAILY, backups.KEEP_WEEKLY, backups.KEEP_IMPORTS_A_DAY))
        about.setWordWrap(True)
        layout.addWidget(about)
        self.folder = plain(QLabel())
        self.folder.setWordWrap(True)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder)
        self.usage_label = mark(QLabel(), role="muted")
        layout.addWidget(self.usage_label)
        row = QHBoxLayout()
        self.open_button = QPushButton(self.tr("Open the backups folder"))
        self.open_button.clicked.connect(lambda: open_backups_folder(self._database))
        row.addWidget(self.open_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(1)
        self.refresh()

    def refresh(self) -> None:
        try:
            folder, count, total = backups.usage(self._database)
        except UndercoverError as exc:
            self.folder.setText(str(exc))
            self.usage_label.setText("")
            return
        self.folder.setText(self.tr("Backups folder: {0}").format(folder))
        if count == 0:
            self.usage_label.setText(self.tr("No backups yet."))
        else:
            self.usage_label.setText(
                self.tr("{0} copies, {1} in all.").format(count, size_label(total))
                if count != 1 else self.tr("1 copy, {0}.").format(size_label(total))
            )
