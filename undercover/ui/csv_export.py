"""Export CSV… for the visits chosen in the list: one row per answer, or one per visit.

The file is written by ``undercover.exchange.csv_export`` on a worker with its
own Store (a connection stays on its thread).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from undercover.errors import UndercoverError
from undercover.exchange.csv_export import Scope, write_csv
from undercover.store import Store
from undercover.ui import dialogs, preferences

if TYPE_CHECKING:
    from undercover.ui.main_window import MainWindow


def _tr(text: str) -> str:
    return QCoreApplication.translate("csv_export", text)


def choose_csv_file(parent: QWidget | None, suggested: Path) -> tuple[Path, bool] | None:
    """Where to save, and whether one row per visit (True) or per answer (False)."""
    per_answer = _tr("Answers, one row each (*.csv)")
    per_visit = _tr("Visits, one row each (*.csv)")
    folder = preferences.last_folder("csv")
    start = folder / suggested.name if folder is not None else suggested
    name, chosen = QFileDialog.getSaveFileName(
        parent, _tr("Export CSV"), str(start), f"{per_answer};;{per_visit}"
    )
    if name:
        preferences.remember_folder("csv", Path(name).parent)
    return (Path(name), chosen == per_visit) if name else None


def export_csv(window: MainWindow, visit_ids: list[str]) -> None:
    """Ask where, then write the chosen visits as CSV in the background."""
    if not visit_ids:
        dialogs.show_info(window, _tr("Export CSV"),
                          _tr("Choose one or more visits in the list first."))
        return
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    suggested = Path(folder or Path.home()) / f"visits-{date.today().isoformat()}.csv"
    choice = choose_csv_file(window, suggested)
    if choice is None:
        return
    path, per_visit = choice
    path = path if path.suffix.lower() == ".csv" else path.with_name(path.name + ".csv")
    db_path, ids = window.store.path, list(visit_ids)

    def work() -> int:
        with Store.open(db_path, read_only=True) as store:  # this thread's own connection
            return write_csv(store, path, Scope(ids=ids), per_visit=per_visit)

    def done(count: int) -> None:
        window.statusBar().showMessage(
            QCoreApplication.translate("csv_export", "Saved %n visit as {0}", None, count)
            .format(path) if count == 1 else
            QCoreApplication.translate("csv_export", "Saved %n visits as {0}", None, count)
            .format(path),
            8000,
        )

    def failed(error: BaseException) -> None:
        window.statusBar().clearMessage()
        if not isinstance(error, UndercoverError):
            raise error
        dialogs.show_error(window, str(error))

    window.statusBar().showMessage(_tr("Writing {0}…").format(path.name))
    window.tasks.run_task(work, done, failed, context=window)
