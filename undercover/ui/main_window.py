"""The main window: the visit list (or the first-run welcome), and an open visit in its place.

It owns the open Store and swaps it when another database is opened; it
remembers its geometry and the last database; it shows the quiet "Saved"
indicator; and it routes the menu actions to whichever page is showing.
"""

from __future__ import annotations

import contextlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEventLoop, Qt, QUrl
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressDialog,
    QStackedWidget,
    QWidget,
)

from undercover import __version__
from undercover.errors import UndercoverError
from undercover.outputs import check_output, place_new, temporary_name, write_error
from undercover.paths import data_dir, log_dir
from undercover.store import Store
from undercover.store import settings as keys
from undercover.ui import dialogs, preferences, window_geometry
from undercover.ui.empty_state import EmptyState
from undercover.ui.sync import SyncController
from undercover.ui.tasks import TaskHandle, TaskRunner
from undercover.ui.visit_list import VisitListPage

if TYPE_CHECKING:  # imported when first used: the list must show fast at start-up
    from undercover.ui.new_visit_dialog import NewVisitDialog
    from undercover.ui.settings_dialog import SettingsDialog
    from undercover.ui.visit_editor import VisitEditor

log = logging.getLogger(__name__)

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


class MainWindow(QMainWindow):
    def __init__(
        self, store: Store, tasks: TaskRunner | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.tasks = tasks or TaskRunner(parent=self)
        self.editor: VisitEditor | None = None
        self.new_visit_dialog: NewVisitDialog | None = None
        self.settings_dialog: SettingsDialog | None = None
        self.demo_visits = DEMO_VISITS
        self.demo_progress: QProgressDialog | None = None
        self.export_progress: QProgressDialog | None = None
        self.exchange_progress: QProgressDialog | None = None
        self.import_preview: QDialog | None = None
        self.conflict_dialog: QDialog | None = None
        self.setAcceptDrops(True)  # a .undercover file dropped anywhere imports it
        self._list_stale = False
        self.setMinimumSize(window_geometry.MINIMUM)

        self.stack = QStackedWidget()
        self.empty_state = EmptyState()
        self.list_page = VisitListPage()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.list_page)
        self.setCentralWidget(self.stack)

        self.saved_label = QLabel()
        self.saved_label.setObjectName("saved")
        self.statusBar().addPermanentWidget(self.saved_label)
        self.statusBar().setSizeGripEnabled(False)
        self.sync = SyncController(self)
        self.sync.visits_arrived.connect(self._settings_changed)

        self._build_actions()
        self._build_menus()

        self.empty_state.start_visit.connect(self.new_visit)
        self.empty_state.open_demo.connect(self.open_demo)
        self.list_page.new_requested.connect(self.new_visit)
        self.list_page.continue_requested.connect(self.continue_draft)
        self.list_page.open_requested.connect(self.open_visit)
        self.list_page.delete_requested.connect(self.delete_visits)
        self.list_page.export_requested.connect(self.export_findings)
        self.list_page.send_requested.connect(self.send_visits)
        self.list_page.csv_requested.connect(self.export_csv)
        self.list_page.selection_changed.connect(self._update_actions)

        window_geometry.place(self, preferences.saved_geometry())
        self.reload()
        preferences.remember_database(store.path)
        self.sync.configure()

    # -- actions and menus -----------------------------------------------------------

    def _action(
        self, text: str, slot: object, shortcut: QKeySequence | str | None = None, tip: str = ""
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.new_action = self._action(
            self.tr("&New visit…"), self.new_visit, QKeySequence.StandardKey.New,
            self.tr("Start a visit: choose location, channel, checklist and scenario"),
        )
        self.open_action = self._action(
            self.tr("&Open visit"), self._open_selected, QKeySequence.StandardKey.Open,
            self.tr("Open the visit chosen in the list"),
        )
        self.continue_action = self._action(
            self.tr("&Continue latest draft"), self.continue_draft, "Ctrl+Shift+C",
        )
        self.delete_action = self._action(self.tr("&Delete visit…"), self._delete_selected)
        table_delete = QAction(self.list_page.table)
        table_delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        table_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        table_delete.triggered.connect(self._delete_selected)
        self.list_page.table.addAction(table_delete)
        self.export_action = self._action(
            self.tr("&Export findings…"), lambda: self.export_findings(None),
            QKeySequence.StandardKey.Print,
            self.tr("A PDF of the findings of this visit or the visits chosen in the list"),
        )
        self.summary_action = self._action(
            self.tr("Export &summary…"), self.export_summary, "Ctrl+Shift+P",
            self.tr("A PDF summing up many visits: scores over time, pillars, top findings"),
        )
        self.send_action = self._action(
            self.tr("Se&nd visits…"), self.send_visits, None,
            self.tr("Save the visits chosen in the list as one file to send to the owner"),
        )
        self.import_action = self._action(
            self.tr("&Import visits…"), self.import_visits, "Ctrl+I",
            self.tr("Add or update visits from .undercover files sent by shoppers"),
        )
        self.resolve_action = self._action(
            self.tr("&Resolve conflict…"), self.resolve_conflict, None,
            self.tr("Choose between two versions of a visit changed on two computers"),
        )
        self.csv_action = self._action(
            self.tr("Export &CSV…"), lambda: self.export_csv(self.list_page.selected_ids()),
            tip=self.tr("The chosen visits as a CSV file for Excel or LibreOffice"),
        )
        self.restore_action = self._action(
            self.tr("&Restore from backup…"), self.restore_from_backup
        )
        self.open_db_action = self._action(
            self.tr("Open &database…"), self.choose_database, "Ctrl+Shift+O"
        )
        self.demo_action = self._action(self.tr("Open the de&mo business"), self.open_demo)
        self.settings_action = self._action(
            self.tr("&Settings and locations…"), self.open_settings,
            QKeySequence.StandardKey.Preferences,
        )
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action = self._action(
            self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit
        )
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self._action(
            self.tr("&Undo last answer"), self.undo, QKeySequence.StandardKey.Undo
        )
        self.list_action = self._action(self.tr("All &visits"), self.show_list, "Ctrl+L")
        self.find_action = self._action(
            self.tr("&Search visits"), self._focus_search, QKeySequence.StandardKey.Find
        )
        self.about_action = self._action(self.tr("&About Undercover"), self.about)
        self.log_action = self._action(self.tr("Show the &log folder"), self.show_logs)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&File"))
        for action in (self.new_action, self.open_action, self.continue_action,
                       self.delete_action, None, self.export_action, self.summary_action,
                       self.csv_action, None, self.send_action, self.import_action,
                       self.resolve_action, self.sync.now_action, None, self.open_db_action,
                       self.demo_action, self.restore_action, None, self.quit_action):
            if action is None:
                file_menu.addSeparator()
            else:
                file_menu.addAction(action)
        edit_menu = bar.addMenu(self.tr("&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)
        view_menu = bar.addMenu(self.tr("&View"))
        view_menu.addAction(self.list_action)
        view_menu.addAction(self.find_action)
        help_menu = bar.addMenu(self.tr("&Help"))
        help_menu.addAction(self.about_action)
        help_menu.addAction(self.log_action)

    def _update_actions(self) -> None:
        in_editor = self.editor is not None
        selected = self.list_page.selected_ids() if not in_editor else []
        self.open_action.setEnabled(not in_editor and len(selected) == 1)
        self.delete_action.setEnabled(not in_editor and bool(selected))
        self.export_action.setEnabled(in_editor or bool(selected))
        self.send_action.setEnabled(not in_editor and bool(selected))
        chosen = self.list_page.selected_summaries() if len(selected) == 1 else []
        self.resolve_action.setEnabled(any(v.in_conflict for v in chosen))
        self.csv_action.setEnabled(not in_editor and bool(selected))
        self.continue_action.setEnabled(self.list_page.latest_draft() is not None)
        self.undo_action.setEnabled(in_editor and self.editor.session.can_undo)
        self.list_action.setEnabled(in_editor)
        self.find_action.setEnabled(not in_editor)

    # -- the list -------------------------------------------------------------------

    def reload(self) -> None:
        """Read the visit list again (lean rows: no answers, no photos)."""
        store = self.store
        self._list_stale = False
        unreadable: list[str] = []
        self.list_page.set_visits(
            store.visits.summaries(with_search_text=True, problems=unreadable),
            store.locations.all(),
            store.settings.get(keys.BUSINESS_NAME) or "",
        )
        self._show_problems([*store.checklists.problems, *unreadable])
        name = store.settings.get(keys.BUSINESS_NAME)
        title = f"{name} — Undercover" if name else "Undercover"
        self.setWindowTitle(f"{title}  ({store.path.name})")
        if self.editor is None:
            empty = self.list_page.model.rowCount() == 0
            self.stack.setCurrentWidget(self.empty_state if empty else self.list_page)
        self._update_actions()

    def _show_problems(self, lines: list[str]) -> None:
        """Say in the status bar that something was skipped (a bad checklist, an odd visit)."""
        if not lines:
            return
        if len(lines) == 1:
            message = self.tr("Skipped: {0}").format(lines[0])
        else:
            message = self.tr("Skipped: {0} (and {1} more; see the log)").format(
                lines[0], len(lines) - 1
            )
        self.statusBar().showMessage(message)

    def show_list(self) -> None:
        """Leave the open visit (saving anything pending) and show the list."""
        self._close_editor()
        if self._list_stale:
            self.reload()
        empty = self.list_page.model.rowCount() == 0
        self.stack.setCurrentWidget(self.empty_state if empty else self.list_page)
        self._update_actions()
        if not empty:
            self.list_page.table.setFocus()

    def _focus_search(self) -> None:
        if self.editor is None:
            self.list_page.search.setFocus()
            self.list_page.search.selectAll()

    # -- visits ---------------------------------------------------------------------

    def new_visit(self) -> NewVisitDialog:
        """Ask where and how (non-blocking); the visit opens when the dialog is accepted."""
        from undercover.ui.new_visit_dialog import NewVisitDialog

        dialog = NewVisitDialog(self.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.new_visit_dialog = dialog

        def started() -> None:
            if dialog.created_visit is not None:
                self._list_stale = True
                self.open_visit(dialog.created_visit.id)

        dialog.accepted.connect(started)
        dialog.finished.connect(lambda _r: setattr(self, "new_visit_dialog", None))
        dialog.open()
        return dialog

    def open_visit(self, visit_id: str) -> VisitEditor | None:
        from undercover.ui.visit_editor import VisitEditor

        self._close_editor()
        try:
            editor = VisitEditor(self.store, visit_id, self.tasks)
        except UndercoverError as exc:
            dialogs.show_error(self, str(exc))
            self.reload()
            return None
        self.editor = editor
        editor.back_requested.connect(self.show_list)
        editor.visit_changed.connect(self._visit_changed)
        editor.visit_changed.connect(self.sync.visit_changed)
        editor.saved.connect(self._saved)
        editor.save_failed.connect(self._not_saved)
        editor.export_requested.connect(self.export_findings)
        editor.undo_changed.connect(lambda _can: self._update_actions())
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(self.tr("All changes saved"))
        editor.focus_current()
        self._update_actions()
        return editor

    def _close_editor(self) -> None:
        editor = self.editor
        if editor is None:
            return
        editor.flush()
        self._wait_for_photos(editor)
        self.editor = None
        self.stack.removeWidget(editor)
        editor.deleteLater()

    def _wait_for_photos(self, editor: VisitEditor) -> None:
        """Photos still being prepared are stored before the visit closes: nothing is lost."""
        if not editor.intake.busy:
            return
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            while editor.intake.busy:
                QApplication.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents, 100)
        finally:
            QApplication.restoreOverrideCursor()

    def continue_draft(self) -> None:
        draft = self.list_page.latest_draft()
        if draft is not None:
            self.open_visit(draft.id)

    def _open_selected(self) -> None:
        ids = self.list_page.selected_ids()
        if len(ids) == 1:
            self.open_visit(ids[0])

    def _delete_selected(self) -> None:
        if self.editor is None:
            self.delete_visits(self.list_page.selected_ids())

    def delete_visits(self, visit_ids: list[str]) -> bool:
        if not visit_ids:
            return False
        chosen = [v for v in self.list_page.model.visits() if v.id in set(visit_ids)]
        if len(chosen) == 1:
            text = self.tr(
                "Delete the visit to {0} on {1}? Its answers, photos and findings go with it. "
                "This cannot be undone."
            ).format(chosen[0].location, chosen[0].date)
        else:
            text = self.tr(
                "Delete {0} visits? Their answers, photos and findings go with them. "
                "This cannot be undone."
            ).format(len(chosen))
        if not dialogs.confirm(self, self.tr("Delete visits"), text, self.tr("Delete")):
            return False
        try:
            for visit in chosen:
                self.store.visits.delete(visit.id)
        except UndercoverError as exc:
            dialogs.show_error(self, str(exc))
        self.reload()
        self.statusBar().showMessage(self.tr("Deleted {0} visit(s)").format(len(chosen)), 5000)
        return True

    def _visit_changed(self, _visit_id: str) -> None:
        self._list_stale = True
        self._update_actions()

    def undo(self) -> None:
        if self.editor is not None:
            self.editor.undo()

    # -- the saved indicator ---------------------------------------------------------

    def _saved(self, when: str) -> None:
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(self.tr("Saved {0}").format(when))

    def _not_saved(self, _message: str) -> None:
        self.saved_label.setStyleSheet("color: #c0392b; font-weight: 600;")
        self.saved_label.setText(self.tr("Not saved"))

    # -- settings, databases, the demo -----------------------------------------------

    def open_settings(self) -> SettingsDialog:
        from undercover.ui.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.store, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.locations_changed.connect(self._settings_changed)
        dialog.settings_changed.connect(self._settings_changed)
        dialog.finished.connect(lambda _r: setattr(self, "settings_dialog", None))
        self.settings_dialog = dialog
        dialog.open()
        return dialog

    def _settings_changed(self) -> None:
        self.sync.configure()
        if self.editor is None:
            self.reload()
        else:
            self._list_stale = True

    def choose_database(self) -> None:
        path = dialogs.choose_database(
            self, self.tr("Open or create a database"), self.store.path.parent
        )
        if path is not None:
            self.switch_database(path)

    def switch_database(self, path: Path) -> bool:
        """Open another database file in this window (the current one stays as it is)."""
        if Path(path).resolve() == self.store.path.resolve():
            self.show_list()
            return True
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
        self.statusBar().showMessage(self.tr("Opened {0}").format(store.path), 5000)
        return True

    def demo_path(self) -> Path:
        return data_dir() / DEMO_FILE

    def open_demo(self) -> None:
        """Open the demo business, building it first (in the background) if needed."""
        path = self.demo_path()
        if path.exists():
            self.switch_database(path)
            return
        path.parent.mkdir(parents=True, exist_ok=True)
        progress = QProgressDialog(
            self.tr("Creating the demo business…"), "", 0, self.demo_visits, self
        )
        progress.setCancelButton(None)
        progress.setWindowTitle(self.tr("Demo business"))
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

    # -- exports (the PDFs come from undercover.report) -------------------------------

    def export_findings(self, visit_ids: list[str] | None = None) -> None:
        from undercover.ui import export

        if visit_ids is None:
            visit_ids = (
                [self.editor.session.visit_id] if self.editor else self.list_page.selected_ids()
            )
        if self.editor is not None:
            self.editor.flush()
        export.export_findings(self, visit_ids)

    # -- sending and receiving visits (.undercover bundles) ---------------------------

    def send_visits(self, visit_ids: list[str] | None = None) -> None:
        from undercover.ui import exchange

        exchange.send_visits(
            self, self.list_page.selected_ids() if visit_ids is None else visit_ids
        )

    def import_visits(self, paths: list[Path] | None = None) -> None:
        from undercover.ui import exchange

        exchange.import_visits(self, paths)

    def resolve_conflict(self) -> None:
        from undercover.ui.conflict_dialog import ConflictDialog

        ids = self.list_page.selected_ids()
        if len(ids) != 1:
            return
        dialog = ConflictDialog(self.store, ids[0], self)
        self.conflict_dialog = dialog
        dialog.finished.connect(lambda _result: self._conflict_closed())
        dialog.open()

    def _conflict_closed(self) -> None:
        self.conflict_dialog = None
        self.reload()

    def _dropped_bundles(self, event: QDropEvent | QDragEnterEvent) -> list[Path]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        return [p for p in paths if p.suffix.lower() == ".undercover"]

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_bundles(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        bundles = self._dropped_bundles(event)
        if not bundles:
            super().dropEvent(event)
            return
        event.acceptProposedAction()
        self.import_visits(bundles)

    def export_summary(self) -> None:
        from undercover.ui import export

        export.export_summary(self)

    def export_csv(self, visit_ids: list[str]) -> None:
        from undercover.ui.csv_export import export_csv

        export_csv(self, visit_ids)

    def restore_from_backup(self) -> QDialog:
        from undercover.ui.restore import open_restore_dialog

        return open_restore_dialog(self)

    # -- help -----------------------------------------------------------------------

    def about(self) -> None:
        QMessageBox.about(
            self,
            self.tr("About Undercover"),
            self.tr(
                "<b>Undercover {0}</b><p>Mystery-shopper visits, photos, leaks and missed "
                "opportunities, and printable findings. Works offline; everything is kept "
                "in one file:</p><p>{1}</p>"
            ).format(__version__, self.store.path),
        )

    def show_logs(self) -> None:
        folder = log_dir()
        with contextlib.suppress(OSError):  # made here if nothing was logged yet
            folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

    # -- closing --------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save what is pending, remember the window, close the database."""
        self._close_editor()
        self.sync.stop()
        preferences.save_geometry(self.saveGeometry())
        preferences.remember_database(self.store.path)
        self.store.close()
        event.accept()
