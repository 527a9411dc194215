"""Peak memory while exporting a visit with 200 camera photos (about 160 MB of JPEG).

The export runs in a fresh process, so the figure is the export's own: peak RSS
(resource.getrusage) of that process, with the size before the export for
comparison. The set-up runs in a process of its own too: on Linux a child
started with fork inherits its parent's peak in ru_maxrss, so this script's
own process stays small. Target: < 300 MB.

    python benchmarks/report_memory.py [--photos 200] [--distinct 20] [--db PATH]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report_common import database, peak_rss_mb, visit_with_photos

from undercover.store import Store


def child(db: str, visit_id: str, out: str) -> None:
    """Runs in the fresh process: open the store, export, report memory."""
    from undercover.report import export_visits

    with Store.open(db) as store:
        before = peak_rss_mb()
        start = time.perf_counter()
        export_visits(store, [visit_id], Path(out))
        seconds = time.perf_counter() - start
    print(f"{before:.0f} {peak_rss_mb():.0f} {seconds:.2f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--distinct", type=int, default=20,
                        help="different images made for the set-up (each stored many times)")
    parser.add_argument("--db", help="reuse (or create) this database instead of a temporary one")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--setup", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return 0
    if args.setup:
        with Store.open(args.setup) as store:
            visit_with_photos(store, args.photos, args.distinct)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        path = database(args.db, tmp)
        with Store.open(path) as store:
            empty = store.visits.count() == 0
        if empty:
            print(f"Setting up a visit with {args.photos} photos of 2560 px ...")
            subprocess.run([sys.executable, __file__, "--setup", str(path),
                            "--photos", str(args.photos), "--distinct", str(args.distinct)],
                           check=True)
        with Store.open(path) as store:
            visit = store.visits.summaries()[0]
            photos = store.visits.get(visit.id).photos
            stored = sum(len(store.photos.jpeg(p.id)) for p in photos)  # one at a time
        out = Path(tmp) / "visit.pdf"
        result = subprocess.run(
            [sys.executable, __file__, "--child", str(path), visit.id, str(out)],
            capture_output=True, text=True, check=True,
        )
        before, peak, seconds = result.stdout.split()
        size = out.stat().st_size
    print(f"{len(photos)} photos, {stored / 1e6:.0f} MB of stored JPEG; PDF {size / 1e6:.0f} MB "
          f"written in {float(seconds):.2f} s")
    print(f"Peak RSS of the exporting process: {peak} MB (before the export: {before} MB)   "
          "target < 300 MB")
    return 0 if float(peak) < 300 else 1


if __name__ == "__main__":
    raise SystemExit(main())
