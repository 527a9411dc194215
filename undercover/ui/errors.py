"""The second kind of error: bugs. They are logged with their traceback and reported in a dialog.

Problems the user can fix (``UndercoverError``) never come here: they are
shown as a plain message through ``dialogs.show_error``. Anything else that
escapes a slot reaches ``sys.excepthook``, which writes it to the log file and
shows a dialog the user can copy into a bug report. The app keeps running,
and since every change was already saved, nothing is lost.
"""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication, QObject, Qt, QThread, Signal, Slot
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from undercover import __version__
from undercover.errors import UndercoverError
from undercover.ui import dialogs
from undercover.ui.plain_text import plain

log = logging.getLogger(__name__)


def _tr(text: str) -> str:
    return QCoreApplication.translate("errors", text)


class BugReportDialog(QDialog):
    """Says plainly that something went wrong, that work is saved, and where the details are."""

    def __init__(self, details: str, log_path: Path | None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Something went wrong"))
        self.resize(620, 420)
        layout = QVBoxLayout(self)
        text = self.tr(
            "Undercover hit an unexpected problem. Everything you entered up to now is saved.\n"
            "Please send the details below to whoever supports your copy of Undercover."
        )
        if log_path:
            text += "\n" + self.tr("They are also in the log file: {0}").format(log_path)
        intro = plain(QLabel(text))
        intro.setWordWrap(True)
        intro.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(intro)
        self.details = QPlainTextEdit(details)
        self.details.setReadOnly(True)
        layout.addWidget(self.details, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        copy = buttons.addButton(self.tr("Copy details"), QDialogButtonBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QGuiApplication.clipboard().setText(details))
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)


def _report_bug(details: str, log_path: Path | None) -> None:
    if QApplication.instance() is None:
        return
    BugReportDialog(details, log_path, QApplication.activeWindow()).exec()


class _ToGuiThread(QObject):
    """Carries a bug found on a worker thread to the GUI thread, where dialogs may be built."""

    bug = Signal(str)

    def __init__(self, report: Callable[[str], None]) -> None:
        super().__init__()
        self._report = report
        self.bug.connect(self._show)  # a slot of an object on the GUI thread: queued there

    @Slot(str)
    def _show(self, details: str) -> None:
        self._report(details)


def _on_gui_thread() -> bool:
    app = QCoreApplication.instance()
    return app is None or QThread.currentThread() is app.thread()


def install_excepthook(
    log_path: Path | None, report: Callable[[str, Path | None], None] = _report_bug
) -> None:
    """Route uncaught exceptions: user errors to a plain message, bugs to the log and a report."""
    reporting = False
    carrier = _ToGuiThread(lambda details: report(details, log_path))  # on the GUI thread

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        nonlocal reporting
        if not _on_gui_thread():  # never build a dialog on a worker thread: it would hang
            log.error("unexpected error on a background thread", exc_info=(kind, error, tb))
            if not issubclass(kind, KeyboardInterrupt | UndercoverError):
                carrier.bug.emit(
                    f"Undercover {__version__}\n"
                    + "".join(traceback.format_exception(kind, error, tb))
                )
            return
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        if isinstance(error, UndercoverError):
            dialogs.show_error(QApplication.activeWindow(), str(error))
            return
        log.error("unexpected error", exc_info=(kind, error, tb))
        if reporting:  # an error inside the report dialog: the log has it already
            return
        details = f"Undercover {__version__}\n" + "".join(
            traceback.format_exception(kind, error, tb)
        )
        reporting = True
        try:
            report(details, log_path)
        finally:
            reporting = False

    install_excepthook.carrier = carrier  # type: ignore[attr-defined]  # kept alive with the app
    sys.excepthook = hook
    threading.excepthook = lambda args: hook(args.exc_type, args.exc_value, args.exc_traceback)
