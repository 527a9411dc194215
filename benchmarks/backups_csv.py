"""What backups and CSV cost on a big database: 10,000 visits of 40 answers, plus photos.

Prints: the start-up check (`PRAGMA quick_check`, run before the window opens),
the daily copy (taken in the background after it opens), a restore, and
`undercover csv` per answer and per visit.

    python benchmarks/backups_csv.py [--visits 10000] [--photos 200]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from report_common import visit_with_photos
from store_scale import build

from undercover.exchange import backups
from undercover.store import Store
from undercover.store.snapshots import quick_check


def timed(label: str, func) -> object:
    start = time.perf_counter()
    result = func()
    print(f"{label}: {time.perf_counter() - start:.2f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--visits", type=int, default=10_000)
    parser.add_argument("--photos", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["UNDERCOVER_HOME"] = tmp
        path = Path(tmp) / "big.db"
        build(path, args.visits)
        if args.photos:
            with Store.open(path) as store:
                visit_with_photos(store, args.photos, distinct=8)
        size = path.stat().st_size / 1e6
        print(f"database: {args.visits} visits, {args.photos} photos, {size:.0f} MB")
        assert timed("start-up check (PRAGMA quick_check)", lambda: quick_check(path)) is None
        taken = timed("daily backup (online backup API)",
                      lambda: backups.take_backup(path, backups.DAILY))
        timed("restore (copy aside, then swap in)", lambda: backups.restore(path, taken.path))
        for extra, label in (([], "per answer"), (["--visits"], "per visit")):
            out = Path(tmp) / "out.csv"
            timed(f"undercover csv, {label}", lambda extra=extra, out=out: subprocess.run(
                [sys.executable, "-m", "undercover", "csv", "--db", str(path), *extra,
                 "-o", str(out)], check=True, capture_output=True))
            lines = out.read_bytes().count(b"\r\n")
            print(f"  {lines - 1} rows, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
