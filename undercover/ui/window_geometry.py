"""Where the main window opens: on the screen, whatever its size.

A fixed 1280 × 800 is taller than a 1366 × 768 laptop screen once the task
bar and title bar are taken off, which hid Back, Next and "Saved". The window
opens at most that size, fitted to the screen's available area (title bar
included), and comes back where the user left it only if that still fits on
a screen connected now (a second monitor may have gone).
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QMargins, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

PREFERRED = QSize(1280, 800)
MINIMUM = QSize(800, 560)
# The window manager's frame is not known before the window is shown: allow a usual one.
FRAME = QMargins(4, 34, 4, 4)


def initial_geometry(available: QRect, frame: QMargins = FRAME) -> QRect:
    """The window's inner rectangle: preferred size, shrunk to fit, centred on the screen."""
    room = available.marginsRemoved(frame)
    size = PREFERRED.boundedTo(room.size()).expandedTo(MINIMUM)
    # centred; never above or left of the available area, so the title bar can be grabbed
    left = available.left() + max(0, (available.width() - size.width()) // 2)
    top = room.top() + max(0, (room.height() - size.height()) // 2)
    return QRect(left, top, size.width(), size.height())


def fits_a_screen(rect: QRect, frame: QMargins = FRAME) -> bool:
    """True if the window, with its frame, lies inside the available area of some screen."""
    outer = rect.marginsAdded(frame)
    slack = QMargins(8, 8, 8, 8)  # frames vary a little between desktops
    return any(
        screen.availableGeometry().marginsAdded(slack).contains(outer)
        for screen in QGuiApplication.screens()
    )


def place(window: QWidget, saved: QByteArray | None) -> None:
    """Restore the saved geometry if it fits on a current screen, else fit the screen."""
    if saved is not None and not saved.isEmpty() and window.restoreGeometry(saved):
        if window.windowState() & Qt.WindowState.WindowMaximized:
            return
        if fits_a_screen(window.geometry()):
            return
        window.setWindowState(Qt.WindowState.WindowNoState)
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:  # no screen at all (a headless self-test): the preferred size
        window.resize(PREFERRED)
        return
    window.setGeometry(initial_geometry(screen.availableGeometry()))
