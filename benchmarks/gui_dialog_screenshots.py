"""Screenshots of the new-visit and Visit details dialogs over the window, at two sizes.

Not a benchmark: a by-hand script like gui_screenshots.py. Each dialog is drawn
centred over the main window (as a window manager places it), at 1366 × 768 and at
the app's minimum size, 800 × 560.

    .venv/bin/python benchmarks/gui_dialog_screenshots.py [--out packaging/screenshots]
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))
from screenshot_common import start

SIZES = {"": (1366, 768), "-800x560": (800, 560)}


def main() -> None:
    out, home = start(__doc__, "undercover-shots-")

    from PySide6.QtCore import QPoint
    from PySide6.QtGui import QColor, QPainter, QPen
    from PySide6.QtWidgets import QApplication, QDialog, QMainWindow

    from undercover.demo import create_demo
    from undercover.domain.visit import VisitStatus
    from undercover.store import Store
    from undercover.ui.app import make_application
    from undercover.ui.main_window import MainWindow

    app = make_application()

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    def shot(window: QMainWindow, dialog: QDialog, name: str) -> None:
        settle()
        picture = window.grab()
        over = dialog.grab()
        at = QPoint((picture.width() - over.width()) // 2,
                    max(0, (picture.height() - over.height()) // 2))
        painter = QPainter(picture)
        painter.fillRect(picture.rect(), QColor(0, 0, 0, 40))
        painter.drawPixmap(at, over)
        painter.setPen(QPen(QColor("#8a97a3")))
        painter.drawRect(at.x() - 1, at.y() - 1, over.width() + 1, over.height() + 1)
        painter.end()
        path = out / name
        picture.save(str(path))
        print(f"wrote {path}  (dialog {over.width()} × {over.height()})")

    demo = home / "demo.db"
    with Store.open(demo) as store:
        create_demo(store, visits=12, seed=11)
    window = MainWindow(Store.open(demo))
    window.show()
    visits = window.list_page.model.visits()
    completed = next(v for v in visits if v.status is VisitStatus.COMPLETED)
    for suffix, size in SIZES.items():
        window.resize(*size)
        window.show_list()
        dialog = window.new_visit()
        shot(window, dialog, f"new-visit{suffix}.png")
        dialog.close()
        editor = window.open_visit(completed.id)
        assert editor is not None
        editor.session.start_editing()
        details = editor.edit_details()
        shot(window, details, f"visit-details{suffix}.png")
        details.close()
    window.close()
    QApplication.processEvents()
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
