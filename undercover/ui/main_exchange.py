"""The main window's exports and exchanges: PDFs, CSV, bundles sent and received, backups.

Each control here is a thin door to the module that does the work
(``ui.export``, ``ui.exchange``, ``ui.csv_export``, ``ui.restore``), imported
only when first used so that the list shows fast at start-up.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog

if TYPE_CHECKING:
    from undercover.ui.main_window import MainWindow


class ExchangeMixin:
    """Exports findings, summaries and CSV; sends and imports visits; restores backups."""

    def export_findings(self: MainWindow, visit_ids: list[str] | None = None) -> None:
        from undercover.ui import export

        if visit_ids is None:
            visit_ids = (
                [self.editor.session.visit_id] if self.editor else self.list_page.selected_ids()
            )
        if self.editor is not None:
            self.editor.flush()
        export.export_findings(self, visit_ids)

    # -- sending and receiving visits (.undercover bundles) ---------------------------

    def send_visits(self: MainWindow, visit_ids: list[str] | None = None) -> None:
        from undercover.ui import exchange

        exchange.send_visits(
            self, self.list_page.selected_ids() if visit_ids is None else visit_ids
        )

    def import_visits(self: MainWindow, paths: list[Path] | None = None) -> None:
        from undercover.ui import exchange

        exchange.import_visits(self, paths)

    def resolve_conflict(self: MainWindow) -> None:
        from undercover.ui.conflict_dialog import ConflictDialog

        ids = self.list_page.selected_ids()
        if len(ids) != 1:
            return
        dialog = ConflictDialog(self.store, ids[0], self)
        self.conflict_dialog = dialog
        dialog.finished.connect(lambda _result: self._conflict_closed())
        dialog.open()

    def _conflict_closed(self: MainWindow) -> None:
        self.conflict_dialog = None
        self.reload()

    def _dropped_bundles(self: MainWindow, event: QDropEvent | QDragEnterEvent) -> list[Path]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        paths = [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]
        return [p for p in paths if p.suffix.lower() == ".undercover"]

    def dragEnterEvent(self: MainWindow, event: QDragEnterEvent) -> None:
        if self._dropped_bundles(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)  # type: ignore[misc]

    def dropEvent(self: MainWindow, event: QDropEvent) -> None:
        bundles = self._dropped_bundles(event)
        if not bundles:
            super().dropEvent(event)  # type: ignore[misc]
            return
        event.acceptProposedAction()
        self.import_visits(bundles)

    def export_summary(self: MainWindow) -> None:
        from undercover.ui import export

        export.export_summary(self)

    def export_csv(self: MainWindow, visit_ids: list[str]) -> None:
        from undercover.ui.csv_export import export_csv

        export_csv(self, visit_ids)

    def restore_from_backup(self: MainWindow) -> QDialog:
        from undercover.ui.restore import open_restore_dialog

        return open_restore_dialog(self)
