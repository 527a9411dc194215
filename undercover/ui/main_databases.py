"""Which database the main window shows: opening another file, and the demo business.

The window owns one open Store at a time; switching closes the open visit (saving
what is pending), opens the new file and closes the old one, which stays as it is.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QProgressDialog,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from undercover.errors import UndercoverError
from undercover.exchange import backups
from undercover.outputs import check_output, place_new, temporary_name, write_error
from undercover.paths import data_dir, default_db_path
from undercover.store import Store
from undercover.ui import dialogs, preferences
from undercover.ui.style import mark
from undercover.ui.tasks import TaskHandle

if TYPE_CHECKING:
    from undercover.ui.main_window import MainWindow

translate = QCoreApplication.translate

DEMO_FILE = "demo.db"
DEMO_VISITS = 36
DEMO_SEED = 7


def make_demo_database(path: Path, visits: int, handle: TaskHandle) -> Path:
    """Build the demo business in a file of its own (runs on a worker, with its own Store).

    It is built under a hidden temporary name and appears under ``path`` only when
    complete; if another window finished a demo there first, that one is kept.
    """
    from undercover.demo import create_demo  # Pillow drawing: only needed here

    if path.is_file():  # another window made it meanwhile
        return path
    check_output(path)  # a folder or a device where the demo should go is refused
    partial = temporary_name(path)
    try:
        with Store.open(partial) as store:
            create_demo(store, visits=visits, seed=DEMO_SEED, progress=handle.report)
        with contextlib.suppress(UndercoverError):  # another window finished first: keep it
            place_new(partial, path)
    except OSError as exc:
        raise write_error(exc, path) from exc
    finally:
        for leftover in (partial, *(Path(f"{partial}{s}") for s in ("-wal", "-shm"))):
            leftover.unlink(missing_ok=True)
    return path


class DemoBanner(QWidget):
    """Shown over the page while the demo business is open, with the way back."""

    back_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(24, 12, 24, 0)  # in line with the list page's margins
        frame = QFrame()
        frame.setObjectName("banner")
        outer.addWidget(frame)
        row = QHBoxLayout(frame)
        row.setContentsMargins(14, 8, 10, 8)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a file name is the user's text
        self.label.setWordWrap(True)
        self.back_button = mark(QPushButton(self.tr("Back to my database")), primary=True)
        row.addWidget(self.label, 1)
        row.addWidget(self.back_button)
        self.back_button.clicked.connect(self.back_requested)

    def show_for(self, own: Path | None) -> None:
        if own is None:
            self.label.setText(self.tr(
                "This is the demo business, made up to explore the app. Your own visits "
                "are kept apart from it."
            ))
        else:
            self.label.setText(self.tr(
                "This is the demo business, made up to explore the app. Your own visits "
                "stay in {0}."
            ).format(own.name))
        self.show()


class DatabasesMixin:
    """Opens another database file, a recent one, or the demo business, in the window."""

    def _build_databases(self: MainWindow) -> None:
        """File → Open recent, and the demo banner above the page."""
        self.recent_menu = QMenu(translate("MainWindow", "Open recen&t"), self)
        self.recent_menu.aboutToShow.connect(self._fill_recent_menu)
        self.demo_banner = DemoBanner()
        self.demo_banner.back_requested.connect(self.back_to_own_database)
        self.demo_banner.hide()

    def _fill_recent_menu(self: MainWindow) -> None:
        """The last databases opened; one that has gone is shown greyed, with why."""
        menu = self.recent_menu
        menu.clear()
        current = self.store.path.resolve()
        recent = preferences.recent_databases()
        missing = [p for p in recent if not p.is_file()]
        for path in recent:
            demo = path == self.demo_path().resolve()
            name = translate("MainWindow", "Demo business") if demo else path.name
            # "&" would mark a shortcut letter in a menu: doubled, it shows as itself.
            action = menu.addAction(f"{name}  —  {path.parent}".replace("&", "&&"))
            action.setCheckable(True)
            action.setChecked(path == current)
            if path in missing:
                action.setEnabled(False)
                action.setText(translate("MainWindow", "{0} (not found)").format(action.text()))
            else:
                action.triggered.connect(lambda _c=False, p=path: self.switch_database(p))
        if missing:
            menu.addSeparator()
            forget = menu.addAction(translate("MainWindow", "Remove the ones not found"))
            forget.triggered.connect(lambda: preferences.forget_databases(missing))
        if not recent:
            menu.addAction(translate("MainWindow", "No databases opened yet")).setEnabled(False)

    def own_database(self: MainWindow) -> Path | None:
        """The database last opened that is not the demo and still exists, if any."""
        demo = self.demo_path().resolve()
        return next(
            (p for p in preferences.recent_databases() if p != demo and p.is_file()), None
        )

    def back_to_own_database(self: MainWindow) -> bool:
        """Leave the demo for the user's own database (the default one if none was opened)."""
        return self.switch_database(self.own_database() or default_db_path())

    def _update_demo_banner(self: MainWindow) -> None:
        if self.store.path.resolve() == self.demo_path().resolve():
            self.demo_banner.show_for(self.own_database())
        else:
            self.demo_banner.hide()

    def choose_database(self: MainWindow) -> None:
        path = dialogs.choose_database(
            self, translate("MainWindow", "Open or create a database"), self.store.path.parent
        )
        if path is not None:
            self.switch_database(path)

    def switch_database(self: MainWindow, path: Path) -> bool:
        """Open another database file in this window (the current one stays as it is)."""
        if Path(path).resolve() == self.store.path.resolve():
            self.show_list()
            return True
        backups.upgrade_backup_problem(Path(path))  # an older file is upgraded on opening
        try:
            store = Store.open(path)
        except UndercoverError as exc:
            dialogs.show_error(self, str(exc))
            return False
        self._close_editor()
        old, self.store = self.store, store
        old.close()
        preferences.remember_database(store.path)
        self._update_demo_banner()
        self.sync.configure()
        self.reload()
        self.show_list()
        self.statusBar().showMessage(translate("MainWindow", "Opened {0}").format(store.path), 5000)
        return True

    def demo_path(self: MainWindow) -> Path:
        return data_dir() / DEMO_FILE

    def open_demo(self: MainWindow) -> None:
        """Open the demo business, building it first (in the background) if needed."""
        path = self.demo_path()
        if path.exists():
            self.switch_database(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        progress = QProgressDialog(
            translate("MainWindow", "Creating the demo business…"), "", 0, self.demo_visits, self
        )
        progress.setCancelButton(None)
        progress.setWindowTitle(translate("MainWindow", "Demo business"))
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        progress.setAutoClose(False)
        progress.setValue(0)
        progress.show()
        self.demo_progress = progress

        def done(result: Path) -> None:
            progress.close()
            self.demo_progress = None
            self.switch_database(result)

        def failed(error: BaseException) -> None:
            progress.close()
            self.demo_progress = None
            if not isinstance(error, UndercoverError):
                raise error
            dialogs.show_error(self, str(error))

        self.tasks.run_task(
            lambda handle: make_demo_database(path, self.demo_visits, handle),
            done, failed,
            on_progress=lambda n, total: progress.setValue(n),
            context=progress,
        )

