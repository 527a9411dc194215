"""Backups in the app: the start-up check and daily copy, and File → Restore from backup….

The copying itself is ``undercover.exchange.backups``; here are the dialog
that lists the copies (date, why, visits, size), the flow that closes the
window's database, restores and reopens it, and what happens at start:
SQLite's quick check first, and a damaged file is reported with the latest
good backup offered.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressDialog,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from undercover.errors import UndercoverError
from undercover.exchange import backups
from undercover.store import Store
from undercover.store.snapshots import file_facts, has_sqlite_header, quick_check
from undercover.ui import dialogs
from undercover.ui.plain_text import plain, plain_box
from undercover.ui.style import mark

if TYPE_CHECKING:
    from undercover.ui.main_window import MainWindow

log = logging.getLogger(__name__)

RESTORE, OPEN_ANYWAY, QUIT = "restore", "open", "quit"


# Called by this name, with the context written out, so that `make translations` finds
# every string.
translate = QCoreApplication.translate


def reason_label(reason: str) -> str:
    return {
        backups.DAILY: translate("restore", "Start of the day"),
        backups.BEFORE_IMPORT: translate("restore", "Before an import"),
        backups.BEFORE_UPGRADE: translate("restore", "Before an upgrade"),
        backups.BEFORE_RESTORE: translate("restore", "Before a restore"),
        backups.DAMAGED: translate("restore", "Damaged file, kept as it was"),
    }.get(reason, reason)


def when_label(backup: backups.Backup) -> str:
    return backup.taken.astimezone().strftime("%a %d %b %Y, %H:%M")


def size_label(size: int) -> str:
    """Bytes as people read them: "999 bytes", "1.5 KB", "23.4 MB"."""
    if size < 1000:
        return f"{size} bytes"
    value, unit = size / 1000, "KB"
    for bigger in ("MB", "GB"):
        if value < 1000:
            break
        value, unit = value / 1000, bigger
    return f"{value:.1f} {unit}"


def visits_label(path: Path) -> str:
    try:
        return str(file_facts(path).visits)
    except UndercoverError:
        return translate("restore", "cannot be read")


class RestoreDialog(QDialog):
    """The copies of one database, newest first; Restore puts the chosen one in place."""

    restore_requested = Signal(Path)

    def __init__(self, database: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._database = database
        self.setWindowTitle(self.tr("Restore from backup"))
        self.resize(640, 420)
        layout = QVBoxLayout(self)
        folder = backups.folder_for(database)
        intro = QLabel(self.tr(
            "Choose a copy of {0} to put back. What the database holds now is copied to "
            "the backups folder first, so a restore can itself be undone."
        ).format(database.name))
        plain(intro).setWordWrap(True)
        layout.addWidget(intro)
        columns = [self.tr("Taken"), self.tr("Why"), self.tr("Visits"), self.tr("Size")]
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(columns)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        self.empty = mark(QLabel(self.tr("There are no backups of this database yet.")),
                          role="muted")
        layout.addWidget(self.empty)
        self.folder_label = mark(QLabel(self.tr("Backups folder: {0}").format(folder)),
                                 role="hint")
        self.folder_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.folder_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton(
            self.tr("Restore…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.file_button = buttons.addButton(
            self.tr("Other file…"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.restore_button.clicked.connect(self._restore_chosen)
        self.file_button.clicked.connect(self._restore_other)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._chosen_changed)
        self.table.itemActivated.connect(lambda _item: self._restore_chosen())
        self._backups: list[backups.Backup] = []
        self.fill()

    def fill(self) -> None:
        self._backups = backups.list_backups(self._database)
        self.table.setRowCount(len(self._backups))
        for row, backup in enumerate(self._backups):
            cells = (when_label(backup), reason_label(backup.reason),
                     visits_label(backup.path), size_label(backup.size))
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column >= 2:
                    item.setTextAlignment(
                        Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
                    )
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.empty.setVisible(not self._backups)
        self.table.setVisible(bool(self._backups))
        if self._backups:
            self.table.selectRow(0)
        self._chosen_changed()

    def chosen(self) -> backups.Backup | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    def _chosen_changed(self) -> None:
        self.restore_button.setEnabled(self.chosen() is not None)

    def _restore_chosen(self) -> None:
        backup = self.chosen()
        if backup is None:
            return
        visits = visits_label(backup.path)
        if not visits.isdigit():
            dialogs.show_error(self, self.tr(
                "The copy taken {0} cannot be read; choose another."
            ).format(when_label(backup)))
            return
        text = self.tr(
            "Put back the copy of {0} taken {1} ({2} visits)? Everything changed since then "
            "is replaced; the current contents are copied to the backups folder first."
        ).format(self._database.name, when_label(backup), visits)
        if dialogs.confirm(self, self.tr("Restore from backup"), text, self.tr("Restore")):
            self.restore_requested.emit(backup.path)
            self.accept()

    def _restore_other(self) -> None:
        path = dialogs.choose_database(
            self, self.tr("Choose a backup to restore"), backups.folder_for(self._database)
        )
        if path is None:
            return
        text = self.tr(
            "Put back {0} in place of {1}? The current contents are copied to the backups "
            "folder first."
        ).format(path, self._database.name)
        if dialogs.confirm(self, self.tr("Restore from backup"), text, self.tr("Restore")):
            self.restore_requested.emit(path)
            self.accept()


def open_restore_dialog(window: MainWindow) -> RestoreDialog:
    """File → Restore from backup…: the list of copies; a choice restores in the window."""
    dialog = RestoreDialog(window.store.path, window)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.restore_requested.connect(lambda path: restore_in_window(window, path))
    dialog.open()
    return dialog


def restore_in_window(window: MainWindow, source: Path) -> None:
    """Close the window's database, restore ``source`` into it on a worker, and reopen it."""
    window.show_list()  # saves what is pending and closes an open visit
    path = window.store.path
    window.store.close()
    label = translate("restore", "Restoring {0}…").format(source.name)
    progress = QProgressDialog(label, "", 0, 0, window)
    progress.setCancelButton(None)
    plain(progress.findChild(QLabel))  # names the file as it is named
    progress.setWindowTitle(translate("restore", "Restore from backup"))
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.show()

    def reopen() -> bool:
        progress.close()
        backups.upgrade_backup_problem(path)  # a backup from an older version is upgraded
        try:
            window.store = Store.open(path)
        except UndercoverError as exc:  # the file is there, but cannot be used: say so
            dialogs.show_error(window, str(exc))
            return False
        window.reload()
        window.show_list()
        return True

    def done(restored: backups.Restored) -> None:
        if reopen():
            n = restored.visits
            message = (
                QCoreApplication.translate("restore", "Restored %n visit from {0}", None, n)
                if n == 1 else
                QCoreApplication.translate("restore", "Restored %n visits from {0}", None, n)
            )
            window.statusBar().showMessage(message.format(restored.source.name), 10000)

    def failed(error: BaseException) -> None:
        reopened = reopen()
        if not isinstance(error, UndercoverError):
            raise error  # a bug: the log and the report dialog
        if reopened:
            dialogs.show_error(window, str(error))

    window.tasks.run_task(lambda: backups.restore(path, source), done, failed, context=window)


# -- at start -------------------------------------------------------------------------


def ask_damaged(parent: QWidget | None, text: str, can_restore: bool) -> str:
    """What to do with a damaged database: RESTORE, OPEN_ANYWAY or QUIT (tests replace this)."""
    title = translate("restore", "Undercover")
    box = plain_box(QMessageBox(QMessageBox.Icon.Critical, title, text, parent=parent))
    restore = box.addButton(translate("restore", "Restore the backup"),
                            QMessageBox.ButtonRole.AcceptRole)
    restore.setVisible(can_restore)
    anyway = box.addButton(translate("restore", "Open it anyway"),
                           QMessageBox.ButtonRole.DestructiveRole)
    quit_ = box.addButton(translate("restore", "Quit"), QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore if can_restore else quit_)
    box.exec()
    clicked = box.clickedButton()
    return RESTORE if clicked is restore else OPEN_ANYWAY if clicked is anyway else QUIT


def problem_at_start(path: Path) -> str | None:
    """What is wrong with the database file, by SQLite's quick check; None if it is sound."""
    if not path.is_file() or path.stat().st_size == 0:
        return None  # a new database
    if not has_sqlite_header(path):
        return translate("restore", "it is not an SQLite database file")
    return quick_check(path)


def open_at_start(path: Path, parent: QWidget | None = None) -> Store | None:
    """Check the database, offer the latest good backup if it is damaged, then open it.

    Returns None when the user chose to quit, or the file cannot be opened.
    """
    problem = problem_at_start(path)
    if problem is not None:
        good = backups.latest_good(path)
        if good is not None:
            text = translate(
                "restore",
                "The database {0} is damaged (SQLite's check says: {1}).\n\nThe latest good "
                "backup is from {2}, with {3} visits. Restore it? The damaged file is kept in "
                "the backups folder."
            ).format(path, problem, when_label(good), visits_label(good.path))
        else:
            text = translate(
                "restore",
                "The database {0} is damaged (SQLite's check says: {1}), and there is no "
                "backup of it to restore. Opening it anyway may show some visits; export "
                "what you need."
            ).format(path, problem)
        choice = ask_damaged(parent, text, good is not None)
        if choice == QUIT:
            return None
        if choice == RESTORE and good is not None:
            try:
                backups.restore(path, good.path)
            except UndercoverError as exc:
                dialogs.show_error(parent, str(exc))
                return None
    try:
        backups.backup_before_upgrade(path)
    except UndercoverError as exc:  # the store still copies the file aside before upgrading
        log.warning("no copy in the backups folder before upgrading: %s", exc)
    try:
        return Store.open(path)
    except UndercoverError as exc:
        dialogs.show_error(parent, str(exc))
        return None


def start_daily_backup(window: MainWindow) -> None:
    """Today's copy, in the background; the window says so in its status bar."""
    path = window.store.path

    def done(taken: backups.Backup | None) -> None:
        if taken is not None:
            window.statusBar().showMessage(
                translate("restore", "Backed up to {0}").format(taken.path.parent), 5000
            )

    def failed(error: BaseException) -> None:
        if not isinstance(error, UndercoverError):
            raise error
        log.warning("daily backup failed: %s", error)
        failed_message = translate("restore", "Today's backup failed: {0}").format(error)
        window.statusBar().showMessage(failed_message, 15000)

    window.tasks.run_task(lambda: backups.daily_backup(path), done, failed, context=window)


def open_backups_folder(database: Path) -> None:
    folder = backups.folder_for(database)
    folder.mkdir(parents=True, exist_ok=True)
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))
