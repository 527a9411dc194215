"""Starting the desktop app on a database.

A database that cannot be opened (busy, newer than this version, not ours)
gets a plain message and exit code 1, never a traceback.
"""

from __future__ import annotations

import faulthandler
import os
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

from PySide6.QtCore import QEvent, QLibraryInfo, QLocale, QObject, QTimer, QTranslator
from PySide6.QtGui import QFileOpenEvent, QIcon
from PySide6.QtWidgets import QApplication

from undercover import __version__
from undercover.exchange.bundle import SUFFIX
from undercover.logs import setup_logging
from undercover.paths import APP_NAME, default_db_path, log_dir, resource_dir
from undercover.store import Store
from undercover.ui import preferences
from undercover.ui.errors import install_excepthook
from undercover.ui.main_window import MainWindow
from undercover.ui.restore import open_at_start, start_daily_backup
from undercover.ui.shutdown import CloseOnSignals
from undercover.ui.style import apply_style

DESKTOP_ID = "org.undercover.Undercover"
ORGANIZATION_DOMAIN = "undercover.org"
_TRANSLATED = "undercover_translations_loaded"
CRASH_LOG = "crash.log"
CRASH_LOG_BYTES = 1_000_000  # then kept as crash.log.1, one generation
_crash_file: TextIO | None = None  # open for the whole run: faulthandler writes to its descriptor


class OpenedFiles(QObject):
    """Bundles the system asks the running app to open (macOS sends a FileOpen event for a
    double-clicked document instead of passing it on the command line): one import preview
    for the files that arrive together."""

    def __init__(self, window: MainWindow, app: QApplication) -> None:
        super().__init__(window)
        self._window = window
        self._paths: list[Path] = []
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.setInterval(200)
        self._soon.timeout.connect(self._open)
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FileOpen and isinstance(event, QFileOpenEvent):
            path = Path(event.file())
            if path.suffix.lower() == SUFFIX:
                self._paths.append(path)
                self._soon.start()
                return True
        return super().eventFilter(watched, event)

    def _open(self) -> None:
        paths, self._paths = self._paths, []
        if paths:
            self._window.import_visits(paths)


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
    app.setOrganizationDomain(ORGANIZATION_DOMAIN)
    # No setApplicationDisplayName: Qt would append it to every window title on Linux and
    # Windows, and the main window's title names Undercover already.
    app.setApplicationVersion(__version__)
    # Matches packaging/linux/*.desktop, so desktops group the window under its launcher.
    app.setDesktopFileName(DESKTOP_ID)
    app.setWindowIcon(app_icon())
    load_translations(app, QLocale.system())
    apply_style(app)
    return app


def load_translations(
    app: QApplication, locale: QLocale, folder: Path | None = None
) -> list[str]:
    """Qt's own strings (standard buttons, file dialogs) and ours in the system's language,
    where a translation exists; once per application. Returns the catalogues loaded.

    Ours are ``undercover_LANG.qm`` files in ``folder`` (default: the bundled ones)."""
    if app.property(_TRANSLATED):
        return []
    app.setProperty(_TRANSLATED, True)
    loaded = []
    qt_folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    ours = str(folder or translations_dir())
    for name, where in (("qtbase", qt_folder), ("undercover", ours)):
        translator = QTranslator(app)
        if translator.load(locale, name, "_", where):
            app.installTranslator(translator)
            loaded.append(name)
    return loaded


def qt_translations_summary() -> str:
    """For ``--self-test``: Qt's translations are where Qt looks for them."""
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))
    languages = list(folder.glob("qtbase_*.qm"))
    if not languages:
        raise RuntimeError(f"no Qt translations in {folder}")
    return f"Qt's own strings in {len(languages)} languages"


def translations_dir() -> Path:
    """Where undercover_LANG.qm files go (undercover.ts is the template to translate)."""
    return resource_dir() / "translations"


def app_icon() -> QIcon:
    """The application icon in every size it ships in (PNG: no SVG plugin needed)."""
    icon = QIcon()
    for png in sorted((resource_dir() / "icons").glob("undercover-*.png")):
        icon.addFile(str(png))
    return icon


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


def enable_crash_log() -> Path | None:
    """Hard crashes (a fault in Qt or another native library) leave Python's stacks in the
    log folder: the log file cannot record them, and a windowed build has no terminal."""
    global _crash_file
    if _crash_file is not None:
        return Path(_crash_file.name)
    path = log_dir() / CRASH_LOG
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_file() and path.stat().st_size > CRASH_LOG_BYTES:
            path.replace(path.with_name(CRASH_LOG + ".1"))
        _crash_file = path.open("a", encoding="utf-8")
        started = datetime.now().astimezone().isoformat(timespec="seconds")
        _crash_file.write(f"Undercover {__version__} started {started}\n")
        _crash_file.flush()
    except OSError:
        return None
    faulthandler.enable(_crash_file, all_threads=True)
    return path


def run_app(db_path: Path | None = None, bundles: Sequence[Path] = ()) -> int:
    """Open the main window on a database and run until it closes; returns the exit code.

    ``bundles`` (a double-clicked .undercover file) open in the import preview at once.
    """
    app = make_application()
    install_excepthook(setup_logging())
    enable_crash_log()
    store = open_at_start(start_database(db_path))
    if store is None:
        return 1
    try:
        window = MainWindow(store)
    except Exception:
        # A bug before the window shows: reported in the dialog, not lost on a missing terminal.
        store.close()
        sys.excepthook(*sys.exc_info())  # type: ignore[arg-type]
        return 1
    window.show()
    start_daily_backup(window)
    opener = OpenedFiles(window, app)  # macOS hands double-clicked files over as events
    if bundles:
        QTimer.singleShot(0, lambda: window.import_visits(list(bundles)))
    closer = CloseOnSignals(window)
    try:
        return closer.exit_code(app.exec())
    finally:
        closer.uninstall()
        app.removeEventFilter(opener)
