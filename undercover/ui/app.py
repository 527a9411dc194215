"""Starting the desktop app on a database.

A database that cannot be opened (busy, newer than this version, not ours)
gets a plain message and exit code 1, never a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication

from undercover import __version__
from undercover.errors import UndercoverError
from undercover.logs import setup_logging
from undercover.paths import APP_NAME, default_db_path
from undercover.store import Store
from undercover.ui import dialogs, preferences
from undercover.ui.errors import install_excepthook
from undercover.ui.main_window import MainWindow
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


def build_window_offscreen(db_path: Path) -> str:
    """For ``--self-test``: build the main window on a database, never showing it.

    Loads Qt's libraries, a platform plugin, the style and every page's code, which
    is what a packaged copy most often gets wrong. Uses the offscreen platform unless
    one is chosen already, so it also works without a screen.
    """
    if QApplication.instance() is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_application()
    window = MainWindow(Store.open(db_path, create=False))
    try:
        listed = window.list_page.table.model().rowCount()
    finally:
        window.close()  # as the close button: saves, then closes the database
        window.deleteLater()
        app.processEvents()
    visits = "1 visit" if listed == 1 else f"{listed} visits"
    return f"built on the {app.platformName()} platform, {visits} listed"


def run_app(db_path: Path | None = None) -> int:
    """Open the main window on a database and run until it closes; returns the exit code."""
    app = make_application()
    install_excepthook(setup_logging())
    path = start_database(db_path)
    try:
        store = Store.open(path)
    except UndercoverError as exc:
        dialogs.show_error(None, str(exc))
        return 1
    window = MainWindow(store)
    window.show()
    return app.exec()
