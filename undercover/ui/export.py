"""Exporting findings as PDF (File → Export findings…, Ctrl+P; Export summary…).

The PDF is written by ``undercover.report`` on a worker that opens its own
Store on the same file (a connection stays on its thread), with a progress
dialog that can cancel. ``undercover.report`` is imported only here, when an
export is asked for, so the app starts even without it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLabel, QProgressDialog

from undercover.errors import UndercoverError
from undercover.filenames import file_slug
from undercover.outputs import check_output
from undercover.store import Store
from undercover.ui import dialogs
from undercover.ui.plain_text import plain

if TYPE_CHECKING:
    from undercover.ui.main_window import MainWindow

log = logging.getLogger(__name__)

PDF_FILTER = "PDF files (*.pdf)"
Job = Callable[[Store, Callable[[int, int], None], Callable[[], bool]], Path]


def _tr(text: str) -> str:
    return QCoreApplication.translate("export", text)


def open_file(path: Path) -> None:
    """Open the exported PDF in the user's viewer (tests replace this)."""
    QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))


def _report_module():
    try:
        import undercover.report as report
    except ImportError:
        log.exception("undercover.report cannot be imported")
        return None
    return report if hasattr(report, "export_visits") else None


def _slug(text: str) -> str:
    return file_slug(text)


def _suggested(name: str) -> Path:
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(folder or Path.home()) / name


def export_findings(window: MainWindow, visit_ids: list[str]) -> QProgressDialog | None:
    """Ask where to save the findings of these visits, then write the PDF in the background."""
    if not visit_ids:
        dialogs.show_info(window, _tr("Export findings"),
                          _tr("Choose one or more visits in the list first."))
        return None
    report = _report_module()
    if report is None:
        dialogs.show_error(window, _tr("Exporting findings is not available in this version."))
        return None
    chosen = window.store.visits.summaries(ids=visit_ids)
    if len(chosen) == 1:
        name = f"findings-{_slug(chosen[0].location)}-{chosen[0].date}.pdf"
    else:
        name = f"findings-{len(chosen)}-visits-{date.today().isoformat()}.pdf"
    path = dialogs.choose_save_file(window, _tr("Export findings"), _suggested(name), PDF_FILTER)
    if path is None:
        return None
    path = path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
    ids = list(visit_ids)
    return run_export(
        window,
        QCoreApplication.translate("export", "Writing the findings of %n visit…", None, len(ids))
        if len(ids) == 1 else
        QCoreApplication.translate("export", "Writing the findings of %n visits…", None, len(ids)),
        lambda store, progress, cancelled: report.export_visits(
            store, ids, path, progress=progress, cancelled=cancelled
        ),
        path,
    )


def export_summary(window: MainWindow) -> QProgressDialog | None:
    """A summary across visits, for the location and dates chosen in the list's filters."""
    report = _report_module()
    if report is None or not hasattr(report, "export_summary"):
        dialogs.show_error(window, _tr("Exporting a summary is not available in this version."))
        return None
    proxy = window.list_page.proxy
    location_name = None
    if proxy.location_id:
        location_name = window.store.locations.get(proxy.location_id).name
    scope = _slug(location_name or "all-locations")
    path = dialogs.choose_save_file(
        window, _tr("Export summary"),
        _suggested(f"summary-{scope}-{date.today().isoformat()}.pdf"), PDF_FILTER,
    )
    if path is None:
        return None
    path = path if path.suffix.lower() == ".pdf" else path.with_suffix(".pdf")
    since, until = proxy.since, proxy.until
    return run_export(
        window,
        _tr("Writing the summary…"),
        lambda store, progress, cancelled: report.export_summary(
            store, path, location=location_name, since=since, until=until,
            progress=progress, cancelled=cancelled,
        ),
        path,
    )


def run_export(window: MainWindow, label: str, job: Job, path: Path) -> QProgressDialog | None:
    """Run ``job`` on a worker with its own Store, showing progress with Cancel.

    The output is checked first, so the database, a device or a missing folder is
    refused at once instead of after the work (the writer checks again at the end).
    """
    try:
        check_output(path, window.store.path)
    except UndercoverError as exc:
        dialogs.show_error(window, str(exc))
        return None
    dialog = QProgressDialog(label, _tr("Cancel"), 0, 0, window)
    dialog.setWindowTitle(_tr("Export"))
    plain(dialog.findChild(QLabel))  # the label may name a location or a file
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    dialog.show()
    window.export_progress = dialog
    db_path = window.store.path
    cancelled_name = getattr(_report_module(), "ReportCancelled", ())

    def work(handle) -> Path:
        with Store.open(db_path, read_only=True) as store:  # this thread's own connection
            return job(store, handle.report, handle.cancelled)

    def progress(done: int, total: int) -> None:
        dialog.setMaximum(max(total, 1))
        dialog.setValue(min(done, total))

    def finished(result: Path) -> None:
        dialog.close()
        window.export_progress = None
        window.statusBar().showMessage(_tr("Saved {0}").format(result), 8000)
        if dialogs.ask_open_result(window, _tr("Export finished"),
                                   _tr("The PDF is saved as {0}.").format(result)):
            open_file(result)

    def failed(error: BaseException) -> None:
        dialog.close()
        window.export_progress = None
        if cancelled_name and isinstance(error, cancelled_name):
            window.statusBar().showMessage(_tr("Export cancelled; nothing was written."), 8000)
        elif isinstance(error, UndercoverError):
            dialogs.show_error(window, str(error))
        else:
            raise error  # a bug: the log and the report dialog

    handle = window.tasks.run_task(work, finished, failed, on_progress=progress, context=dialog)
    dialog.canceled.connect(handle.cancel)
    return dialog
