"""Starting the desktop app on a database.

A database that cannot be opened (busy, newer than this version, not ours)
gets a plain message and exit code 1, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from undercover import __version__
from undercover.logs import setup_logging
from undercover.paths import APP_NAME, default_db_path
from undercover.ui import preferences
from undercover.ui.errors import install_excepthook
from undercover.ui.main_window import MainWindow
from undercover.ui.restore import open_at_start, start_daily_backup
from undercover.ui.style import apply_style


def start_database(db_path: Path | None) -> Path:
    """The database to open: the one asked for, else the last one used, else the default."""
    if db_path is not None:
        return Path(db_path)
    last = preferences.last_database()
    if last is not None and last.is_file():
        return last
    return default_db_path()


def make_application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setDesktopFileName("org.undercover.Undercover")
    apply_style(app)
    return app


def run_app(db_path: Path | None = None) -> int:
    """Open the main window on a database and run until it closes; returns the exit code."""
    app = make_application()
    install_excepthook(setup_logging())
    store = open_at_start(start_database(db_path))
    if store is None:
        return 1
    window = MainWindow(store)
    window.show()
    start_daily_backup(window)
    return app.exec()
