"""Going back to the visit list over 10,000 visits: a full read against reading what changed.

Times ``MainWindow.reload()`` with the repaint it causes, three ways: the first read
of every visit, after one visit changed (an answer saved, as when the evaluator goes
back to the list), and when nothing changed. Target: going back after one change
takes less than half the time of reading every visit.

    .venv/bin/python benchmarks/gui_list_refresh.py [--visits 10000]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("UNDERCOVER_HOME", str(Path(__file__).parent / "out" / "home"))

TARGET_SHARE = 0.5
ROUNDS = 7


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=10_000)
    args = parser.parse_args()

    from gui_common import big_database

    from undercover.domain.visit import Answer
    from undercover.store import Store
    from undercover.ui.app import make_application
    from undercover.ui.list_loader import VisitListLoader
    from undercover.ui.main_window import MainWindow

    db = big_database(args.visits)
    app = make_application()
    window = MainWindow(Store.open(db))
    window.show()
    app.processEvents()
    store = window.store
    ids = [v.id for v in window.list_page.model.visits()]

    def timed() -> float:
        started = time.perf_counter()
        window.reload()
        window.list_page.table.viewport().repaint()
        app.processEvents()
        return (time.perf_counter() - started) * 1000

    full, one, none = [], [], []
    for n in range(ROUNDS):
        window.list_loader = VisitListLoader()  # forgets what it read: the next read is full
        full.append(timed())
        store.visits.save_answer(ids[n * 97], Answer("greeting", value=float(1 + n % 5)))
        one.append(timed())
        assert window.list_loader.last_read == [ids[n * 97]]
        none.append(timed())
    for label, times in (("every visit read", full), ("one visit changed", one),
                         ("nothing changed", none)):
        print(f"{label:>18}: median {statistics.median(times):6.1f} ms, "
              f"worst {max(times):6.1f} ms")
    share = statistics.median(one) / statistics.median(full)
    verdict = "within" if share <= TARGET_SHARE else "OVER"
    print(f"going back after one change: {share:.0%} of a full read, {verdict} the target")
    window.close()


if __name__ == "__main__":
    main()
