"""The main window's screenshots at 1366 × 768 (a common laptop screen), offscreen Qt.

main-window.png is the README's picture of the visit list; demo-banner.png and
no-match.png show the demo business with its way back, and a search that hides
every visit. Not a benchmark: it lives here with the other by-hand GUI scripts.

    .venv/bin/python benchmarks/window_screenshots.py [--out packaging/screenshots]
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).parent))
from screenshot_common import start

LAPTOP = (1366, 768)


def main() -> None:
    out, home = start(__doc__, "undercover-window-shots-")

    from PySide6.QtWidgets import QApplication

    from undercover.demo import create_demo
    from undercover.store import Store
    from undercover.ui.app import make_application
    from undercover.ui.main_window import MainWindow

    app = make_application()

    def shot(window: MainWindow, name: str) -> None:
        window.resize(*LAPTOP)
        window.statusBar().clearMessage()  # "Opened /tmp/…" says nothing to a reader
        for _ in range(3):
            app.processEvents()
        path = out / name
        window.grab().save(str(path))
        print(f"wrote {path}")

    # The visit list of a business (the demo's visits in a database of its own).
    business = home / "Copperleaf.db"
    with Store.open(business) as store:
        create_demo(store, visits=36, seed=11)
    window = MainWindow(Store.open(business))
    window.show()
    window.list_page.table.selectRow(1)
    shot(window, "main-window.png")

    # The same visits opened as the demo business, from one's own database.
    shutil.copy(business, window.demo_path())
    own = home / "Harbour Street Café.db"
    window.switch_database(own)
    window.open_demo()
    window.list_page.table.selectRow(1)
    shot(window, "demo-banner.png")

    window.list_page.search.setText("croissant delivery refund")
    shot(window, "no-match.png")
    window.close()
    QApplication.processEvents()
    shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
