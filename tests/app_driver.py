"""Runs the real app (``undercover --db DB``, offscreen) in its own process and drives it,
for the tests of what happens around it: signals, hard crashes, a build with no terminal.

    python tests/app_driver.py MODE DB [VISIT_ID | STATUS_FILE]

Modes:
  note-then-wait VISIT_ID   type a note into the visit's first question (its save still
                            pending), print READY and wait for a signal
  type-note VISIT_ID        type into the visit's first note without stopping, a key every
                            40 ms, printing "TYPED <count> <time.time()>" after each key
  about-then-wait           open the About box, print READY and wait for a signal
  segfault                  crash in native code once the window shows
  slot-bug STATUS_FILE      as a windowed build (sys.stdout and sys.stderr None): a bug in a
  startup-bug STATUS_FILE   slot, or in building the window; whatever dialog appears is
                            written to STATUS_FILE and closed
"""

from __future__ import annotations

import faulthandler
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from undercover.cli import main as undercover
from undercover.ui import app as app_module
from undercover.ui.app import make_application
from undercover.ui.errors import BugReportDialog
from undercover.ui.main_window import MainWindow

NOTE = "Queue of nine at the till, one of two tills open"


def main_window() -> MainWindow:
    return next(w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow))


def note_then_wait(visit_id: str) -> None:
    editor = main_window().open_visit(visit_id)
    assert editor is not None
    card = editor.section_page(0).cards[0]
    card._save_timer.setInterval(600_000)  # keep the note pending until the signal comes
    card._max_wait.setInterval(600_000)
    card.note.setFocus()
    QTest.keyClicks(card.note, NOTE)
    assert card._save_timer.isActive()
    print("READY", flush=True)


TYPED = "Twelve minutes at the counter before anyone looked up; "


def type_note(visit_id: str) -> None:
    """Type as a fast typist does, never pausing long enough for the pause-based save."""
    editor = main_window().open_visit(visit_id)
    assert editor is not None
    card = editor.section_page(0).cards[0]
    card.note.setFocus()
    count = 0

    def key() -> None:
        nonlocal count
        QTest.keyClicks(card.note, TYPED[count % len(TYPED)])
        count += 1
        print(f"TYPED {count} {time.time():.3f}", flush=True)

    timer = QTimer(card)
    timer.setInterval(40)
    timer.timeout.connect(key)
    timer.start()
    print("READY", flush=True)


def about_then_wait() -> None:
    QTimer.singleShot(0, lambda: print("READY", flush=True))  # runs once the box is open
    main_window().about()
    print("ABOUT CLOSED", flush=True)


def report_dialogs(status: Path) -> None:
    """Write down the bug report dialog on screen, then close it and every window."""
    dialogs: list[QWidget] = [
        w for w in QApplication.topLevelWidgets() if isinstance(w, BugReportDialog)
    ]
    lines = [f"{d.windowTitle()} | {d.details.toPlainText()}" for d in dialogs if d.isVisible()]
    status.write_text("\n".join(lines) or "NO DIALOG", encoding="utf-8")
    for dialog in dialogs:
        dialog.reject()
    QTimer.singleShot(0, QApplication.closeAllWindows)


def slot_bug(status: Path) -> None:
    # Wait for the shown main window: before it, start-up may still be running its own
    # event loops, and the bug would land before the app's exception hook is installed.
    window = next((w for w in QApplication.topLevelWidgets()
                   if isinstance(w, MainWindow) and w.isVisible()), None)
    if window is None:
        QTimer.singleShot(20, lambda: slot_bug(status))
        return
    QTimer.singleShot(0, lambda: report_dialogs(status))  # runs inside the dialog's loop
    raise RuntimeError("a bug in a slot")


class BrokenWindow(MainWindow):
    def __init__(self, *args: object, **kwargs: object) -> None:
        raise RuntimeError("a bug while building the window")


def main() -> int:
    mode, db = sys.argv[1], Path(sys.argv[2])
    extra = sys.argv[3] if len(sys.argv) > 3 else ""
    make_application()
    if mode == "note-then-wait":
        QTimer.singleShot(0, lambda: note_then_wait(extra))
    elif mode == "type-note":
        QTimer.singleShot(0, lambda: type_note(extra))
    elif mode == "about-then-wait":
        QTimer.singleShot(0, about_then_wait)
    elif mode == "segfault":
        QTimer.singleShot(0, faulthandler._sigsegv)
    elif mode in ("slot-bug", "startup-bug"):
        sys.stdout = sys.stderr = None  # as in a windowed build started from a desktop
        status = Path(extra)
        if mode == "slot-bug":
            QTimer.singleShot(0, lambda: slot_bug(status))
        else:
            app_module.MainWindow = BrokenWindow  # type: ignore[misc]
            QTimer.singleShot(0, lambda: report_dialogs(status))
    else:
        raise SystemExit(f"unknown mode {mode}")
    return undercover(["--db", str(db)])


if __name__ == "__main__":
    sys.exit(main())
