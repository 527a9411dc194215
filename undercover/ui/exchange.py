"""Sending visits to another computer and receiving them (File → Send visits…, Import visits…,
or a .undercover file dropped on the window).

Bundles are written and read by ``undercover.exchange`` on a worker with its own
Store (a connection stays on its thread), with a progress dialog that can cancel.
An import is checked and previewed first (added, updated, left alone, in conflict);
only "Import" writes, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressDialog,
    QVBoxLayout,
    QWidget,
)

from undercover.errors import UndercoverError
from undercover.exchange.backups import BackupOnce
from undercover.exchange.bundle import SUFFIX, Cancelled, export_bundle
from undercover.exchange.importer import import_bundles, preview
from undercover.store import Store
from undercover.store.merge import ImportCancelled, MergeSummary
from undercover.ui import dialogs
from undercover.ui.plain_text import plain

if TYPE_CHECKING:
    from undercover.ui.main_window import MainWindow

BUNDLE_FILTER = "Undercover bundles (*.undercover)"


# Called by this name, with the context written out, so that `make translations` finds
# every string.
translate = QCoreApplication.translate


def _count(n: int, one: str, many: str) -> str:
    return one if n == 1 else many.format(n)


def is_bundle(path: Path) -> bool:
    return path.suffix.lower() == SUFFIX


def send_visits(window: MainWindow, visit_ids: list[str]) -> QProgressDialog | None:
    """Ask where to save the chosen visits as one bundle, then write it in the background."""
    if not visit_ids:
        dialogs.show_info(window, translate("exchange", "Send visits"),
                          translate("exchange", "Choose one or more visits in the list first."))
        return None
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    count = len(visit_ids)
    suggested = Path(folder or Path.home()) / f"visits-{count}-{date.today().isoformat()}{SUFFIX}"
    title = translate("exchange", "Send visits")
    path = dialogs.choose_save_file(window, title, suggested, BUNDLE_FILTER)
    if path is None:
        return None
    path = path if is_bundle(path) else path.with_name(path.name + SUFFIX)
    ids = list(visit_ids)

    def done(sent: Any) -> None:
        visits = _count(sent.visits, translate("exchange", "1 visit"),
                        translate("exchange", "{0} visits"))
        photos = _count(sent.photos, translate("exchange", "1 photo"),
                        translate("exchange", "{0} photos"))
        window.statusBar().showMessage(
            translate("exchange", "Saved {0} with {1} as {2}; send this file to the owner.")
            .format(visits, photos, sent.path), 15000,
        )

    return _run(
        window,
        translate("exchange", "Sending {0}…").format(_count(
            count, translate("exchange", "1 visit"), translate("exchange", "{0} visits"))),
        lambda store, progress, cancelled: export_bundle(store, ids, path, progress, cancelled),
        done,
    )


def import_visits(window: MainWindow, paths: list[Path] | None = None) -> None:
    """Check the bundles and show what importing them would do; import if the user agrees."""
    if paths is None:
        paths = dialogs.choose_files(window, translate("exchange", "Import visits"), BUNDLE_FILTER)
    if not paths:
        return

    def checked(summary: Any) -> None:
        dialog = ImportPreview(summary, paths, window)
        window.import_preview = dialog
        dialog.accepted.connect(lambda: _import(window, paths))
        dialog.finished.connect(lambda _result: setattr(window, "import_preview", None))
        dialog.open()

    def check(store: Store, progress: Callable, cancelled: Callable) -> MergeSummary:
        total = MergeSummary()
        for path in paths:
            total = total.union(preview(path, store))
        return total

    names = ", ".join(p.name for p in paths)
    _run(window, translate("exchange", "Checking {0}…").format(names), check, checked)


def _import(window: MainWindow, paths: list[Path]) -> None:
    if window.editor is not None:  # the import may change the visit that is open
        window.show_list()
    backup = BackupOnce(window.store.path)

    def done(summary: Any) -> None:
        window.reload()
        message = translate("exchange", "Imported: {0}.").format(summary.sentence())
        if backup.taken is not None:
            message += " " + translate(
                "exchange", "The database as it was before is kept in {0}").format(
                backup.taken.path)
        window.statusBar().showMessage(message, 15000)

    _run(
        window, translate("exchange", "Importing visits…"),
        lambda store, progress, cancelled: import_bundles(
            list(paths), store, progress, cancelled, backup
        ),
        done,
    )


class ImportPreview(QDialog):
    """What an import will do, visit by visit, before anything is written."""

    def __init__(self, summary: MergeSummary, paths: list[Path], parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import visits"))
        self.setMinimumWidth(460)
        layout = QVBoxLayout(self)
        names = ", ".join(p.name for p in paths)
        self.headline = plain(QLabel(
            (self.tr("{0} is complete and undamaged.") if len(paths) == 1
             else self.tr("{0} are complete and undamaged.")).format(names)
        ))
        self.headline.setWordWrap(True)
        layout.addWidget(self.headline)
        tr = self.tr

        def count(ids: list[str], one: str, many: str) -> str:
            return (one if len(ids) == 1 else many).format(len(ids))

        self.lines = [text for ids, text in (
            (summary.added, count(summary.added, tr("{0} new visit will be added."),
                                  tr("{0} new visits will be added."))),
            (summary.updated, count(summary.updated,
                                    tr("{0} visit will be updated with newer changes."),
                                    tr("{0} visits will be updated with newer changes."))),
            (summary.conflict, count(
                summary.conflict,
                tr("{0} visit was changed both here and there: both versions will be kept, "
                   "for you to choose what to keep."),
                tr("{0} visits were changed both here and there: both versions will be kept, "
                   "for you to choose what to keep."))),
            (summary.deleted, count(
                summary.deleted, tr("{0} visit deleted on the other computer will be deleted."),
                tr("{0} visits deleted on the other computer will be deleted."))),
            (summary.unchanged, count(
                summary.unchanged, tr("{0} visit is already here as it is and is left alone."),
                tr("{0} visits are already here as they are and are left alone."))),
        ) if ids]
        self.details = plain(QLabel("\n".join(f"•  {line}" for line in self.lines)))
        self.details.setWordWrap(True)
        layout.addWidget(self.details)
        buttons = QDialogButtonBox()
        self.import_button = buttons.addButton(
            self.tr("Import"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.import_button.setEnabled(summary.changes > 0)
        if summary.changes == 0:
            self.headline.setText(
                self.tr("{0} brings nothing new: every visit in it is already here.")
                .format(names)
            )
        self.import_button.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


Job = Callable[[Store, Callable[[int, int], None], Callable[[], bool]], Any]


def _run(
    window: MainWindow, label: str, job: Job, on_done: Callable[[Any], None]
) -> QProgressDialog:
    """Run ``job`` on a worker with its own Store, showing progress with Cancel."""
    dialog = QProgressDialog(label, translate("exchange", "Cancel"), 0, 0, window)
    dialog.setWindowTitle(translate("exchange", "Undercover"))
    plain(dialog.findChild(QLabel))  # the label names files: shown as they are named
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.show()
    window.exchange_progress = dialog
    db_path = window.store.path

    def work(handle: Any) -> Any:
        with Store.open(db_path) as store:  # this thread's own connection
            return job(store, handle.report, handle.cancelled)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))

    def finished(result: Any) -> None:
        dialog.close()
        window.exchange_progress = None
        on_done(result)

    def failed(error: BaseException) -> None:
        dialog.close()
        window.exchange_progress = None
        if isinstance(error, Cancelled | ImportCancelled):
            window.statusBar().showMessage(str(error), 8000)
        elif isinstance(error, UndercoverError):
            dialogs.show_error(window, str(error))
        else:
            raise error  # a bug: the log and the report dialog

    handle = window.tasks.run_task(work, finished, failed, on_progress=progress, context=dialog)
    dialog.canceled.connect(handle.cancel)
    return dialog
