"""Adding 20 phone-sized photos at once: the GUI thread must never stall for more than 100 ms,
and both cores must work.

A QTimer ticks every 10 ms on the GUI thread during the intake; the longest gap
between two ticks is the longest the window was unresponsive. CPU use is the
process's CPU time (all threads) over the wall time: above 1.3 means more than
one core was busy.

    .venv/bin/python benchmarks/gui_photos.py [--photos 20]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("UNDERCOVER_HOME", str(Path(__file__).parent / "out" / "home"))

OUT = Path(__file__).parent / "out"
TICK_MS = 10
STALL_TARGET_MS = 100.0
CPU_TARGET = 1.3


def phone_photos(count: int, size: tuple[int, int] = (4000, 3000)) -> list[Path]:
    """12-megapixel JPEGs with texture (not flat colour, which decodes unrealistically fast)."""
    from PIL import Image, ImageDraw

    folder = OUT / "photos"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    rng = random.Random(3)
    for n in range(count):
        path = folder / f"IMG_{n:04d}.jpg"
        paths.append(path)
        if path.exists():
            continue
        noise = [Image.effect_noise(size, 40 + 5 * c) for c in range(3)]
        image = Image.merge("RGB", noise)
        draw = ImageDraw.Draw(image)
        for _ in range(40):
            x, y = rng.randrange(size[0]), rng.randrange(size[1])
            draw.rectangle([x, y, x + rng.randint(100, 900), y + rng.randint(100, 700)],
                           fill=tuple(rng.randrange(256) for _ in range(3)))
        image.save(path, "JPEG", quality=90)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=20)
    args = parser.parse_args()

    from PySide6.QtCore import QEventLoop, QTimer

    from undercover.domain.visit import Location, Visit
    from undercover.store import Store
    from undercover.store.checklists import DEFAULT_CHECKLIST
    from undercover.ui.app import make_application
    from undercover.ui.main_window import MainWindow

    paths = phone_photos(args.photos)
    megabytes = sum(p.stat().st_size for p in paths) / 1e6
    db = OUT / "photos-bench.db"
    for leftover in OUT.glob("photos-bench.db*"):
        leftover.unlink()
    store = Store.open(db)
    location = store.locations.add(Location("Harbour Street"))
    checklist = store.checklists.get(DEFAULT_CHECKLIST)
    visit = store.visits.create(Visit(location.id, checklist.key, checklist.version))

    app = make_application()
    window = MainWindow(store)
    window.show()
    editor = window.open_visit(visit.id)
    assert editor is not None
    app.processEvents()

    gaps: list[float] = []
    last = time.perf_counter()

    def tick() -> None:
        nonlocal last
        now = time.perf_counter()
        gaps.append((now - last) * 1000)
        last = now

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    loop = QEventLoop()
    reports = []
    editor.intake.batch_finished.connect(lambda report: (reports.append(report), loop.quit()))

    timer.start()
    last = time.perf_counter()
    wall_start, cpu_start = time.perf_counter(), time.process_time()
    editor.add_photo_files(paths, "greeting")  # the same call a drop or the file dialog makes
    loop.exec()
    wall = time.perf_counter() - wall_start
    cpu = time.process_time() - cpu_start
    timer.stop()

    report = reports[0]
    stall = max(gaps)
    print(f"{len(paths)} photos ({megabytes:.0f} MB of 12-megapixel JPEGs), "
          f"{os.cpu_count()} cores, pool of {editor.intake.pool_threads} threads")
    print(f"  added {len(report.added)}, duplicates {len(report.duplicates)}, "
          f"problems {len(report.problems)}, in {wall:.2f} s ({len(paths) / wall:.1f} photos/s)")
    print(f"  GUI thread: longest gap between {TICK_MS} ms ticks {stall:.1f} ms "
          f"(median {statistics.median(gaps):.1f} ms, {len(gaps)} ticks)  "
          f"target <= {STALL_TARGET_MS:.0f} ms  {'OK' if stall <= STALL_TARGET_MS else 'STALLED'}")
    print(f"  CPU time / wall time: {cpu / wall:.2f}  target > {CPU_TARGET}  "
          f"{'OK: both cores busy' if cpu / wall > CPU_TARGET else 'ONE CORE ONLY'}")
    window.close()


if __name__ == "__main__":
    main()
