"""The main window's actions and menus, which of them apply now, and the Help menu.

Kept apart from the window so that what the menus offer can be read in one place;
each action calls a method of the window it belongs to.
"""

from __future__ import annotations

import contextlib
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, QUrl
from PySide6.QtGui import QAction, QDesktopServices, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from undercover import __version__
from undercover.paths import log_dir
from undercover.ui.plain_text import plain_box

if TYPE_CHECKING:
    from undercover.ui.main_window import MainWindow

translate = QCoreApplication.translate


class MenusMixin:
    """Builds the window's actions and menus; enables each action only where it applies."""

    def _action(
        self: MainWindow,
        text: str,
        slot: object,
        shortcut: QKeySequence | str | None = None,
        tip: str = "",
    ) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        if tip:
            action.setStatusTip(tip)
        action.triggered.connect(lambda _checked=False: slot())  # type: ignore[operator]
        self.addAction(action)
        return action

    def _build_actions(self: MainWindow) -> None:
        # Translated in the window's context, so translations stay where translators put them.
        self.new_action = self._action(
            translate("MainWindow", "&New visit…"),
            self.new_visit,
            QKeySequence.StandardKey.New,
            translate(
                "MainWindow", "Start a visit: choose location, channel, checklist and scenario"
            ),
        )
        self.open_action = self._action(
            translate("MainWindow", "&Open visit"),
            self._open_selected,
            QKeySequence.StandardKey.Open,
            translate("MainWindow", "Open the visit chosen in the list"),
        )
        self.continue_action = self._action(
            translate("MainWindow", "&Continue latest draft"), self.continue_draft, "Ctrl+Shift+C"
        )
        self.delete_action = self._action(
            translate("MainWindow", "&Delete visit…"), self._delete_selected
        )
        self.details_action = self._action(
            translate("MainWindow", "Visit &details…"),
            self.visit_details,
            "Alt+Return",
            translate("MainWindow", "Change where, when and how the visit happened"),
        )
        table_delete = QAction(self.list_page.table)
        table_delete.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        table_delete.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        table_delete.triggered.connect(self._delete_selected)
        self.list_page.table.addAction(table_delete)
        self.export_action = self._action(
            translate("MainWindow", "&Export findings…"),
            lambda: self.export_findings(None),
            QKeySequence.StandardKey.Print,
            translate(
                "MainWindow", "A PDF of the findings of this visit or the visits chosen in the list"
            ),
        )
        self.summary_action = self._action(
            translate("MainWindow", "Export &summary…"),
            self.export_summary,
            "Ctrl+Shift+P",
            translate(
                "MainWindow",
                "A PDF summing up many visits: scores over time, pillars, top findings",
            ),
        )
        self.send_action = self._action(
            translate("MainWindow", "Se&nd visits…"),
            self.send_visits,
            None,
            translate(
                "MainWindow", "Save the visits chosen in the list as one file to send to the owner"
            ),
        )
        self.import_action = self._action(
            translate("MainWindow", "&Import visits…"),
            self.import_visits,
            "Ctrl+I",
            translate("MainWindow", "Add or update visits from .undercover files sent by shoppers"),
        )
        self.resolve_action = self._action(
            translate("MainWindow", "&Resolve conflict…"),
            self.resolve_conflict,
            None,
            translate(
                "MainWindow", "Choose between two versions of a visit changed on two computers"
            ),
        )
        self.csv_action = self._action(
            translate("MainWindow", "Export &CSV…"),
            lambda: self.export_csv(self.list_page.selected_ids()),
            tip=translate(
                "MainWindow", "The chosen visits as a CSV file for Excel or LibreOffice"
            ),
        )
        self.restore_action = self._action(
            translate("MainWindow", "&Restore from backup…"), self.restore_from_backup
        )
        self.open_db_action = self._action(
            translate("MainWindow", "Open &database…"), self.choose_database, "Ctrl+Shift+O"
        )
        self.demo_action = self._action(
            translate("MainWindow", "Open the de&mo business"), self.open_demo
        )
        self.settings_action = self._action(
            translate("MainWindow", "&Settings and locations…"),
            self.open_settings,
            QKeySequence.StandardKey.Preferences,
        )
        if self.settings_action.shortcut().isEmpty():
            self.settings_action.setShortcut(QKeySequence("Ctrl+,"))
        self.quit_action = self._action(
            translate("MainWindow", "&Quit"), self.close, QKeySequence.StandardKey.Quit
        )
        if self.quit_action.shortcut().isEmpty():
            self.quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        self.undo_action = self._action(
            translate("MainWindow", "&Undo last answer"), self.undo, QKeySequence.StandardKey.Undo
        )
        self.list_action = self._action(
            translate("MainWindow", "All &visits"), self.show_list, "Ctrl+L"
        )
        self.find_action = self._action(
            translate("MainWindow", "&Search visits"),
            self._focus_search,
            QKeySequence.StandardKey.Find,
        )
        self.about_action = self._action(translate("MainWindow", "&About Undercover"), self.about)
        self.log_action = self._action(
            translate("MainWindow", "Show the &log folder"), self.show_logs
        )

    def _build_menus(self: MainWindow) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(translate("MainWindow", "&File"))
        for action in (self.new_action, self.open_action, self.continue_action,
                       self.delete_action, None, self.export_action, self.summary_action,
                       self.csv_action, None, self.send_action, self.import_action,
                       self.resolve_action, self.sync.now_action, None, self.open_db_action,
                       self.recent_menu, self.demo_action, self.restore_action, None,
                       self.quit_action):
            if action is None:
                file_menu.addSeparator()
            elif isinstance(action, QMenu):
                file_menu.addMenu(action)
            else:
                file_menu.addAction(action)
        edit_menu = bar.addMenu(translate("MainWindow", "&Edit"))
        edit_menu.addAction(self.undo_action)
        edit_menu.addAction(self.details_action)
        edit_menu.addSeparator()
        edit_menu.addAction(self.settings_action)
        view_menu = bar.addMenu(translate("MainWindow", "&View"))
        view_menu.addAction(self.list_action)
        view_menu.addAction(self.find_action)
        help_menu = bar.addMenu(translate("MainWindow", "&Help"))
        help_menu.addAction(self.about_action)
        help_menu.addAction(self.log_action)

    def _update_actions(self: MainWindow) -> None:
        in_editor = self.editor is not None
        selected = self.list_page.selected_ids() if not in_editor else []
        self.open_action.setEnabled(not in_editor and len(selected) == 1)
        self.delete_action.setEnabled(not in_editor and bool(selected))
        self.details_action.setEnabled(in_editor or len(selected) == 1)
        self.export_action.setEnabled(in_editor or bool(selected))
        self.send_action.setEnabled(not in_editor and bool(selected))
        chosen = self.list_page.selected_summaries() if len(selected) == 1 else []
        self.resolve_action.setEnabled(any(v.in_conflict for v in chosen))
        self.csv_action.setEnabled(not in_editor and bool(selected))
        self.continue_action.setEnabled(self.list_page.latest_draft() is not None)
        self.undo_action.setEnabled(in_editor and self.editor.session.can_undo)
        self.list_action.setEnabled(in_editor)
        self.find_action.setEnabled(not in_editor)

    # -- help -----------------------------------------------------------------------

    def about(self: MainWindow) -> None:
        """The version and where the data is, as plain text: the path may hold any name."""
        box = QMessageBox(
            QMessageBox.Icon.NoIcon, translate("MainWindow", "About Undercover"),
            translate("MainWindow", "Undercover {0}").format(__version__),
            QMessageBox.StandardButton.Ok, self,
        )
        box.setInformativeText(translate(
            "MainWindow",
            "Mystery-shopper visits, photos, leaks and missed opportunities, and printable "
            "findings. Works offline; everything is kept in one file:\n{0}",
        ).format(self.store.path))
        plain_box(box)
        icon = QApplication.windowIcon()
        if not icon.isNull():
            box.setIconPixmap(icon.pixmap(64, 64))
        box.exec()

    def show_logs(self: MainWindow) -> None:
        folder = log_dir()
        with contextlib.suppress(OSError):  # made here if nothing was logged yet
            folder.mkdir(parents=True, exist_ok=True)
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder)))

