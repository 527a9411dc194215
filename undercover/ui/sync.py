"""Sync folders in the app: a pass at start, when the inbox changes, after a visit changes,
and every minute as a fallback; in the background, with a status-bar line and the list of
what arrived.

The pass itself is ``undercover.exchange.sync.sync_once``, run on the task pool with
a Store of its own. Only one pass runs at a time; a request during a pass runs
another one after it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from undercover.errors import UndercoverError
from undercover.exchange.sync import (
    Folders,
    SyncReport,
    inbox_folders,
    saved_folders,
    sync_once,
)
from undercover.store import Store
from undercover.ui.plain_text import button_text, tooltip_text

if TYPE_CHECKING:
    from undercover.ui.main_window import MainWindow

RESCAN_MS = 60_000  # the fallback: some folders (network, cloud drives) never say they changed
INBOX_DELAY_MS = 1_000  # a sync engine writes several files in a row: wait for quiet
EDIT_DELAY_MS = 5_000  # after the last change to a visit, write it to the outbox


@dataclass
class Pass:
    report: SyncReport
    visits: dict[str, str]  # visit id -> "location, date", for the visits that arrived


def one_pass(path: Path, folders: Folders) -> Pass:
    """Runs on a worker thread, with its own connection to the database."""
    with Store.open(path, create=False) as store:
        report = sync_once(store, folders.inbox, folders.outbox)
        totals = report.totals
        arrived = {*totals.added, *totals.updated, *totals.conflict}
        visits = {v.id: f"{v.location}, {v.date}" for v in store.visits.summaries()
                  if v.id in arrived} if arrived else {}
    return Pass(report, visits)


class ArrivalsDialog(QDialog):
    """What the sync folders brought and took since the app started, newest first."""

    def __init__(self, lines: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Sync: what arrived"))
        self.resize(720, 420)
        layout = QVBoxLayout(self)
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.addItems(lines or [self.tr("Nothing has arrived since Undercover started.")])
        layout.addWidget(self.list)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


class SyncController(QObject):
    """Runs sync passes for the main window and shows how they went."""

    finished = Signal(object)  # SyncReport, or the UndercoverError that stopped the pass
    visits_arrived = Signal()

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._config: tuple[Path, Folders] | None = None
        self._running = False
        self._again = False
        self.history: list[str] = []  # newest first
        self._news = ""  # the last pass that brought or sent something, for the status line
        self.dialog: ArrivalsDialog | None = None

        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self.request(INBOX_DELAY_MS))
        self._soon = QTimer(self)
        self._soon.setSingleShot(True)
        self._soon.timeout.connect(self._run)
        self.rescan = QTimer(self)
        self.rescan.setInterval(RESCAN_MS)
        self.rescan.timeout.connect(lambda: self.request(0))

        self.status = QPushButton()
        self.status.setFlat(True)
        self.status.setObjectName("sync")
        self.status.clicked.connect(self.show_arrivals)
        self.status.hide()
        window.statusBar().addWidget(self.status)
        self.now_action = QAction(self.tr("S&ync now"), window)
        self.now_action.setStatusTip(self.tr("Import the inbox and write the outbox now"))
        self.now_action.triggered.connect(lambda _checked=False: self.request(0))
        self.now_action.setEnabled(False)

    @property
    def folders(self) -> Folders:
        return self._config[1] if self._config else Folders()

    @property
    def busy(self) -> bool:
        return self._running or self._soon.isActive()

    def configure(self) -> None:
        """Read the folders of the open database; a change starts a pass at once."""
        store = self._window.store
        config = (store.path, saved_folders(store))
        if config == self._config:
            return
        self._config = config
        folders = config[1]
        used = folders.inbox is not None or folders.outbox is not None
        self._watch()
        self.now_action.setEnabled(used)
        self.status.setVisible(used)
        if used:
            self.status.setText(self.tr("Sync: starting…"))
            self.rescan.start()
            self.request(0)
        else:
            self.rescan.stop()
            self._soon.stop()

    def _watch(self) -> None:
        """Watch the inbox and the folders in it (again after each pass: a folder removed
        and made anew is a new folder)."""
        inbox = self.folders.inbox
        watched = self.watcher.directories()
        wanted = [str(f) for f in inbox_folders(inbox)] if inbox and inbox.is_dir() else []
        if watched != wanted:
            if watched:
                self.watcher.removePaths(watched)
            if wanted:
                self.watcher.addPaths(wanted)

    def request(self, delay_ms: int) -> None:
        """A pass after ``delay_ms`` of quiet (each new request restarts the wait)."""
        if self._config is None or self.folders == Folders():
            return
        self._soon.start(delay_ms)

    def visit_changed(self, _visit_id: str = "") -> None:
        """A visit changed: once editing pauses, a completed one goes to the outbox."""
        if self.folders.outbox is not None:
            self.request(EDIT_DELAY_MS)

    def stop(self) -> None:
        self.rescan.stop()
        self._soon.stop()
        self._config = None

    def _run(self) -> None:
        if self._running:
            self._again = True
            return
        if self._config is None:
            return
        path, folders = self._config
        self._running = True
        self._window.tasks.run_task(
            lambda: one_pass(path, folders), self._done, self._failed, context=self
        )

    def _done(self, done: Pass) -> None:
        self._running = False
        report = done.report
        when = datetime.now().strftime("%H:%M")
        self.history[:0] = [f"{when}  {line}" for line in reversed(self._lines(done))]
        self.status.setStyleSheet("color: #c0392b;" if report.problems else "")
        news = self._short(report)
        if news:
            self._news = self.tr("{0} at {1}").format(news, when)
            self.status.setText(self.tr("Sync {0}: {1}").format(when, news))
        elif self._news:  # keep the last news in sight until there is more
            self.status.setText(self.tr("Sync {0}: up to date; {1}").format(when, self._news))
        else:
            self.status.setText(self.tr("Sync {0}: up to date").format(when))
        self.status.setToolTip(report.sentence() + "\n" + self.tr("Click to see what arrived."))
        self._watch()
        self.finished.emit(report)
        if report.changed:
            self.visits_arrived.emit()
        self._next()

    def _failed(self, error: BaseException) -> None:
        self._running = False
        if not isinstance(error, UndercoverError):
            raise error  # a bug: the report dialog, not a status line
        self.history.insert(0, f"{datetime.now():%H:%M}  {error}")
        self.status.setStyleSheet("color: #c0392b;")
        self.status.setText(button_text(self.tr("Sync: {0}").format(str(error))))
        self.status.setToolTip(tooltip_text(str(error)))
        self.finished.emit(error)
        self._next()

    def _next(self) -> None:
        if self._again:
            self._again = False
            self.request(0)

    def _lines(self, done: Pass) -> list[str]:
        """A line per visit that arrived (where and when it was), per file set aside or
        still arriving, and per bundle written."""
        lines = []
        for arrival in done.report.arrivals:
            if arrival.outcome == "known":
                continue
            if arrival.summary is None:
                lines.append(arrival.line())
                continue
            for ids, text in ((arrival.summary.added, self.tr("{0}: arrived ({1})")),
                              (arrival.summary.updated, self.tr("{0}: updated ({1})")),
                              (arrival.summary.conflict,
                               self.tr("{0}: changed on two computers, both versions kept "
                                       "for you to choose ({1})"))):
                lines += [text.format(done.visits.get(i, i), arrival.name) for i in ids]
            if arrival.summary.changes == 0:
                lines.append(self.tr("{0}: nothing new").format(arrival.name))
        lines += [self.tr("{0}: written to the outbox").format(name)
                  for name in done.report.sent]
        return lines

    def _short(self, report: SyncReport) -> str:
        """A few words for the status bar ("" for nothing new); the list says the rest."""
        totals = report.totals
        arrived = len(totals.added) + len(totals.updated) + len(totals.conflict)
        parts = []
        if arrived:
            parts.append(self.tr("1 visit arrived") if arrived == 1
                         else self.tr("{0} visits arrived").format(arrived))
        if totals.conflict:
            parts.append(self.tr("{0} in conflict").format(len(totals.conflict)))
        if report.sent:
            parts.append(self.tr("1 visit sent") if len(report.sent) == 1
                         else self.tr("{0} visits sent").format(len(report.sent)))
        for outcome, text in (("rejected", self.tr("{0} rejected")),
                              ("waiting", self.tr("{0} still arriving"))):
            if report.count(outcome):
                parts.append(text.format(report.count(outcome)))
        if report.problems:
            parts.append(report.problems[0])
        return ", ".join(parts)

    def show_arrivals(self) -> ArrivalsDialog:
        dialog = ArrivalsDialog(self.history, self._window)
        self.dialog = dialog
        dialog.open()
        return dialog

