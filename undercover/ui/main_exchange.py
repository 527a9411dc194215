"""The main window's exports and exchanges: PDFs, CSV, bundles sent and received, backups.

Each control here is a thin door to the module that does the work
(``ui.export``, ``ui.exchange``, ``ui.csv_export``, ``ui.restore``), imported
only when first used so that the list shows fast at start-up.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QDialog

from undercover.ui.dialogs import PHOTO_FILTER

if TYPE_CHECKING:
    from undercover.ui.main_window import MainWindow

translate = QCoreApplication.translate
PHOTO_SUFFIXES = frozenset(re.findall(r"\*(\.\w+)", PHOTO_FILTER))


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

    def _dropped_files(self: MainWindow, event: QDropEvent | QDragEnterEvent) -> list[Path]:
        urls = event.mimeData().urls() if event.mimeData().hasUrls() else []
        return [Path(u.toLocalFile()) for u in urls if u.isLocalFile()]

    def dragEnterEvent(self: MainWindow, event: QDragEnterEvent) -> None:
        # Any file is taken, so that one that cannot be used is explained, not ignored.
        if self._dropped_files(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)  # type: ignore[misc]

    def dropEvent(self: MainWindow, event: QDropEvent) -> None:
        """A .undercover file dropped anywhere imports it; anything else is said why not."""
        files = self._dropped_files(event)
        if not files:
            super().dropEvent(event)  # type: ignore[misc]
            return
        event.acceptProposedAction()
        bundles = [p for p in files if p.suffix.lower() == ".undercover"]
        others = [p for p in files if p.suffix.lower() != ".undercover"]
        if others:
            self.statusBar().showMessage(self._not_dropped(others), 15000)
        if bundles:
            self.import_visits(bundles)

    def _not_dropped(self: MainWindow, files: list[Path]) -> str:
        """Why dropped files were not taken, in one line that names the first of them."""
        n = len(files)
        names = (
            translate("MainWindow", "{0} was not added", None, n) if n == 1
            else translate("MainWindow", "{0} and %n more were not added", None, n - 1)
        ).format(files[0].name)
        photos = all(p.suffix.lower() in PHOTO_SUFFIXES for p in files)
        if photos and self.editor is not None and self.editor.session.read_only:
            reason = translate("MainWindow", "this visit is read-only: use Edit visit first.")
        elif photos and self.editor is not None:
            reason = translate("MainWindow", "drop photos on a question or on the visit.")
        elif photos:
            reason = translate(
                "MainWindow", "open a visit to add photos; the list takes .undercover files."
            )
        else:
            reason = translate(
                "MainWindow",
                "only photos (in an open visit) and .undercover files can be dropped.",
            )
        return f"{names}: {reason}"

    def export_summary(self: MainWindow) -> None:
        from undercover.ui import export

        export.export_summary(self)

    def export_csv(self: MainWindow, visit_ids: list[str]) -> None:
        from undercover.ui.csv_export import export_csv

        export_csv(self, visit_ids)

    def restore_from_backup(self: MainWindow) -> QDialog:
        from undercover.ui.restore import open_restore_dialog

        return open_restore_dialog(self)
