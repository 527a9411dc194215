"""Cold start: a fresh process until the main window is shown, listing 10,000 visits.

Measured beside a bare PySide6 QMainWindow started the same way in the same
run, so the figure separates our work from Python's and Qt's own start-up.
Target: the app at most 1.0 s.

    .venv/bin/python benchmarks/gui_startup.py [--visits 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

TARGET_S = 1.0


def child_bare() -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv)
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    QTimer.singleShot(0, lambda: (print("SHOWN 0", flush=True), app.quit()))
    app.exec()


def child_app(db: str) -> None:
    from PySide6.QtCore import QTimer

    from undercover.ui.app import make_application
    from undercover.ui.main_window import MainWindow
    from undercover.ui.restore import open_at_start

    app = make_application()
    store = open_at_start(Path(db))  # as the app starts: SQLite's check first
    assert store is not None
    window = MainWindow(store)
    window.show()

    def shown() -> None:
        print(f"SHOWN {window.list_page.model.rowCount()}", flush=True)
        app.quit()

    QTimer.singleShot(0, shown)  # runs once the show, expose and first paint are done
    app.exec()


def measure(mode: str, db: Path | None) -> tuple[float, int]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "UNDERCOVER_HOME": str(Path(__file__).parent / "out" / "home")}
    command = [sys.executable, __file__, "--child", mode] + ([str(db)] if db else [])
    started = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait()
    if not line.startswith("SHOWN"):
        raise SystemExit(f"{mode}: the child did not show its window")
    return elapsed, int(line.split()[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child_bare() if args.child[0] == "bare" else child_app(args.child[1])
        return

    from gui_common import big_database

    db = big_database(args.visits)
    measure("app", db)  # warm the disk cache once: "cold" means a new process, not a cold disk
    bare, app = [], []
    for _ in range(args.runs):
        bare.append(measure("bare", None)[0])
        seconds, rows = measure("app", db)
        app.append(seconds)
    print(f"cold start to a shown main window, {args.runs} runs each, {os.cpu_count()} cores")
    print(f"  bare PySide6 QMainWindow : median {statistics.median(bare):.3f} s  "
          f"(best {min(bare):.3f} s)")
    print(f"  Undercover, {rows:,} visits: median {statistics.median(app):.3f} s  "
          f"(best {min(app):.3f} s)  target <= {TARGET_S:.1f} s  "
          f"{'OK' if statistics.median(app) <= TARGET_S else 'TOO SLOW'}")
    print(f"  our share: {statistics.median(app) - statistics.median(bare):.3f} s")


if __name__ == "__main__":
    main()
