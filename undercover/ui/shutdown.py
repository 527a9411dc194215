"""Ctrl+C and SIGTERM close the app the way the window's close button does.

A logout or a service manager sends SIGTERM; whoever started the app from a
terminal presses Ctrl+C. Either way what is pending is saved and the database
closed, as on a click on the close button. Qt's event loop runs in C++, so a
Python signal handler alone would wait for the next Python code to run (which
is why Ctrl+C used to do nothing): ``signal.set_wakeup_fd`` makes the signal
also write a byte to a socket that a QSocketNotifier watches, which wakes the
loop, and Python runs the handler at once.
"""

from __future__ import annotations

import contextlib
import signal
import socket
from types import FrameType

from PySide6.QtCore import QObject, QSocketNotifier, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class CloseOnSignals(QObject):
    """While installed, SIGINT and SIGTERM close ``window``; a second one stops the app at once."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.received: int | None = None  # the signal that closed the window
        self._reader, self._writer = socket.socketpair()
        for end in (self._reader, self._writer):
            end.setblocking(False)
        self._notifier = QSocketNotifier(
            self._reader.fileno(), QSocketNotifier.Type.Read, self
        )
        self._notifier.activated.connect(self._drain)
        self._previous_fd = signal.set_wakeup_fd(self._writer.fileno())
        self._previous = {signum: signal.signal(signum, self._on_signal) for signum in SIGNALS}

    def exit_code(self, code: int) -> int:
        """The app's exit code: 128 + the signal's number when a signal closed it, as shells do."""
        return 128 + self.received if self.received is not None else code

    def uninstall(self) -> None:
        """Put back the handlers that were there before."""
        if not self._previous:
            return
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)
        self._previous = {}
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._reader.close()
        self._writer.close()

    def _on_signal(self, signum: int, _frame: FrameType | None) -> None:
        self.received = signum
        # A second Ctrl+C or SIGTERM is not caught: it stops the app at once, as usual.
        for other in SIGNALS:
            signal.signal(other, signal.SIG_DFL)
        QTimer.singleShot(0, self._close_dialogs)

    def _close_dialogs(self) -> None:
        """Answer open dialogs with Cancel, then close the window once their code has returned."""
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        QTimer.singleShot(0, self.window.close)

    def _drain(self) -> None:
        with contextlib.suppress(BlockingIOError, OSError):
            while self._reader.recv(64):
                pass
