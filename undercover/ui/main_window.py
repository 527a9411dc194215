"""The main window: the visit list (or the first-run welcome), and an open visit in its place.

It owns the open Store, shows the list or the open visit, remembers its geometry
and the last database, and shows the quiet "Saved" indicator. Its other jobs
live beside it: the actions and menus (``main_menus``), opening another database
or the demo (``main_databases``), and exports and exchanges (``main_exchange``).
"""

from __future__ import annotations

import contextlib
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMainWindow,
    QProgressDialog,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from undercover.errors import UndercoverError
from undercover.store import Store
from undercover.store import settings as keys
from undercover.ui import dialogs, preferences, window_geometry
from undercover.ui.empty_state import EmptyState
from undercover.ui.list_loader import VisitListLoader
from undercover.ui.main_databases import (
    DEMO_FILE,
    DEMO_SEED,
    DEMO_VISITS,
    DatabasesMixin,
    make_demo_database,
)
from undercover.ui.main_exchange import ExchangeMixin
from undercover.ui.main_menus import MenusMixin
from undercover.ui.plain_text import title_text
from undercover.ui.sync import SyncController
from undercover.ui.tasks import TaskRunner
from undercover.ui.visit_list import VisitListPage

if TYPE_CHECKING:  # imported when first used: the list must show fast at start-up
    from undercover.ui.new_visit_dialog import NewVisitDialog
    from undercover.ui.settings_dialog import SettingsDialog
    from undercover.ui.visit_details import VisitDetailsDialog
    from undercover.ui.visit_editor import VisitEditor

log = logging.getLogger(__name__)

__all__ = ["DEMO_FILE", "DEMO_SEED", "DEMO_VISITS", "MainWindow", "make_demo_database"]


class MainWindow(MenusMixin, DatabasesMixin, ExchangeMixin, QMainWindow):
    """The list or the open visit, over one open Store; the mixins add menus, files, exports."""

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
        self.list_loader = VisitListLoader()
        self._finishing_editor = False
        self.setMinimumSize(window_geometry.MINIMUM)

        self.stack = QStackedWidget()
        self.empty_state = EmptyState()
        self.list_page = VisitListPage()
        self.stack.addWidget(self.empty_state)
        self.stack.addWidget(self.list_page)
        self._build_databases()
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.demo_banner)
        column.addWidget(self.stack, 1)
        self.setCentralWidget(central)

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
        self.list_page.details_requested.connect(self.visit_details)
        self.list_page.selection_changed.connect(self._update_actions)

        window_geometry.place(self, preferences.saved_geometry())
        self.reload()
        preferences.remember_database(store.path)
        self._update_demo_banner()
        self.sync.configure()

    # -- the list -------------------------------------------------------------------

    def reload(self) -> None:
        """Bring the visit list up to date, reading only the visits that changed."""
        store = self.store
        self._list_stale = False
        business = store.settings.get(keys.BUSINESS_NAME) or ""
        change = self.list_loader.load(store)
        if change.full:
            self.list_page.set_visits(change.visits, change.locations, business)
        else:
            self.list_page.update_visits(
                change.visits, change.removed, change.locations, business
            )
        self._show_problems([*store.checklists.problems, *change.problems])
        self._set_title(business)
        if self.editor is None:
            empty = self.list_page.model.rowCount() == 0
            self.stack.setCurrentWidget(self.empty_state if empty else self.list_page)
        self._update_actions()

    def _set_title(self, business: str) -> None:
        """"Harbour Café · shop.db — Undercover": the file, and whose it is.

        It ends with the app's name, so a platform that appends the application name
        to window titles finds it there already and does not add it twice.
        """
        where = f"{business} · {self.store.path.name}" if business else self.store.path.name
        self.setWindowTitle(
            title_text(self.tr("{0} — Undercover").format(" ".join(where.split())))
        )

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
        editor.reopen_requested.connect(self._reopen_editor)
        editor.waiting_changed.connect(self._waiting)
        editor.finishing.connect(self._finishing)
        self.stack.addWidget(editor)
        self.stack.setCurrentWidget(editor)
        self.saved_label.setStyleSheet("")
        self.saved_label.setText(self.tr("All changes saved"))
        editor.focus_current()
        self._update_actions()
        return editor

    def _reopen_editor(self, editing: bool) -> None:
        """Build the open visit again (its channel changed), keeping an edit under way."""
        if self.editor is not None:
            reopened = self.open_visit(self.editor.session.visit_id)
            if reopened is not None and editing:
                reopened.session.start_editing()

    def visit_details(self, visit_id: str | None = None) -> VisitDetailsDialog | None:
        """Visit details of the open visit, or of the one chosen in the list."""
        if self.editor is not None:
            return self.editor.edit_details()
        ids = [visit_id] if visit_id else self.list_page.selected_ids()
        if len(ids) != 1:
            return None
        from undercover.ui.visit_details import VisitDetailsDialog

        try:
            dialog = VisitDetailsDialog(self.store, ids[0], parent=self)
        except UndercoverError as exc:
            dialogs.show_error(self, str(exc))
            return None
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.changed.connect(lambda _fields: self.sync.visit_changed(ids[0]))

        def closed() -> None:
            if dialog.changed_fields:
                self.reload()
                self.list_page.select_ids({ids[0]})

        dialog.finished.connect(lambda _result: closed())
        dialog.open()
        return dialog

    def _close_editor(self) -> None:
        editor = self.editor
        if editor is None:
            return
        if self._finishing_editor:  # already waiting for it (a second close meanwhile)
            return
        self._finishing_editor = True
        try:
            editor.finish()  # photos in flight and writes waiting for the database
        finally:
            self._finishing_editor = False
        self.editor = None
        self.stack.removeWidget(editor)
        editor.deleteLater()

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
        n = len(chosen)
        self.statusBar().showMessage(
            self.tr("Deleted %n visit", "", n) if n == 1 else self.tr("Deleted %n visits", "", n),
            5000,
        )
        return True

    def _visit_changed(self, visit_id: str) -> None:
        self._list_stale = True
        self.list_loader.touch(visit_id)
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

    def _waiting(self, waiting: bool) -> None:
        """Another program holds the database: what is typed waits, in order, and is kept."""
        if waiting:
            self.saved_label.setStyleSheet("color: #b9770e; font-weight: 600;")
            self.saved_label.setText(self.tr("Waiting for the database…"))
            self.saved_label.setToolTip(self.tr(
                "Another program is writing to the database. Your changes are kept and "
                "saved, in order, as soon as it is free."
            ))
        else:
            self.saved_label.setToolTip("")

    def _finishing(self, text: str) -> None:
        if text:
            self.statusBar().showMessage(text)
        else:
            self.statusBar().clearMessage()

    # -- settings -------------------------------------------------------------------

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
            # Its location may have been renamed, or deleted with its visits moved.
            with contextlib.suppress(UndercoverError):
                self.editor.session.reload_details(saved=False)

    # -- closing --------------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        """Save what is pending, remember the window, close the database."""
        if self._finishing_editor:  # closing already waits for the visit's last writes
            event.ignore()
            return
        self._close_editor()
        self.sync.stop()
        preferences.save_geometry(self.saveGeometry())
        preferences.remember_database(self.store.path)
        self.store.close()
        event.accept()
