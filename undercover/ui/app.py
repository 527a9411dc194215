"""Starting the desktop app on a database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QMessageBox

from undercover.errors import UndercoverError
from undercover.store import Store


class MainWindow(QMainWindow):
    def __init__(self, store: Store) -> None:
        super().__init__()
        self.store = store
        self.setWindowTitle(self.tr("Undercover"))
        count = store.visits.count()
        label = QLabel(self.tr("{0} visits in {1}").format(count, store.path))
        label.setMargin(24)
        self.setCentralWidget(label)
        self.resize(1000, 700)


def run_app(db_path: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("Undercover")
    try:
        store = Store.open(db_path)
    except UndercoverError as exc:
        QMessageBox.critical(None, "Undercover", str(exc))
        return 1
    window = MainWindow(store)
    window.show()
    try:
        return app.exec()
    finally:
        store.close()
