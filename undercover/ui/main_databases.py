"""Which database the main window shows: opening another file, and the demo business.

The window owns one open Store at a time; switching closes the open visit (saving
what is pending), opens the new file and closes the old one, which stays as it is.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog

from undercover.errors import UndercoverError
from undercover.exchange import backups
from undercover.outputs import check_output, place_new, temporary_name, write_error
from undercover.paths import data_dir
from undercover.store import Store
from undercover.ui import dialogs, preferences
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


class DatabasesMixin:
    """Opens another database file, or the demo business, in the window."""

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

