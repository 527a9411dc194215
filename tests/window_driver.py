"""The main window as a person meets it: shown, exposed and active, so keys reach it."""

from __future__ import annotations

from undercover.store import Store
from undercover.ui.main_window import MainWindow
from undercover.ui.tasks import SyncPool, TaskRunner


def open_active_window(qtbot, store: Store, size: tuple[int, int] | None = None) -> MainWindow:
    """A main window on ``store`` (at ``size``) whose background tasks run at once, in order."""
    window = MainWindow(store, TaskRunner(SyncPool()))
    qtbot.addWidget(window)
    if size is not None:
        window.resize(*size)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window
