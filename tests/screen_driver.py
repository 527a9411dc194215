"""Opens the app on a screen of a given size and reports where things landed, as JSON.

Run by tests/test_ui_screens.py in a child process, because the offscreen screen's size
is fixed when Qt starts (``QT_QPA_PLATFORM=offscreen:configfile=screen.json``):

    python tests/screen_driver.py DB VISIT_ID
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def rect(widget) -> list[int]:
    """A widget's rectangle in screen coordinates: x, y, width, height."""
    top_left = widget.mapToGlobal(widget.rect().topLeft())
    return [top_left.x(), top_left.y(), widget.width(), widget.height()]


def main(db: Path, visit_id: str) -> None:
    from PySide6.QtWidgets import QApplication

    from undercover.store import Store
    from undercover.ui.app import make_application
    from undercover.ui.main_window import MainWindow

    app = make_application()
    window = MainWindow(Store.open(db))
    window.show()
    editor = window.open_visit(visit_id)
    assert editor is not None
    for _ in range(5):
        app.processEvents()
    report = {
        "available": list(window.screen().availableGeometry().getRect()),
        "window": list(window.geometry().getRect()),
        "next": rect(editor.next_button) if editor.next_button.isVisible() else None,
        "back": rect(editor.back_button),
        "status_bar": rect(window.statusBar()),  # where "Saved" shows
        "footer_below_page": editor.back_button.mapTo(editor, editor.back_button.rect().topLeft())
        .y() >= editor.stack.geometry().bottom(),
    }
    window.close()
    QApplication.processEvents()
    print(json.dumps(report))


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2])
