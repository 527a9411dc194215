"""Sync folders: what a pass costs when there is nothing new, and the first pass.

The app runs a pass every minute and whenever the inbox changes, so a pass with
nothing new must cost next to nothing: files already imported are known by name,
size and time (no reading), visits already written by their stamp.

1. A shopper's database of N completed visits (one photo each): the first pass
   writes N bundles to the outbox; the next pass writes nothing.
2. An owner's inbox of those N bundles: the first pass imports them; the next pass
   finds every file already imported.

    python benchmarks/sync_pass.py [--visits N] [--folder DIR]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from exchange_helpers import add_visit
from sync_helpers import complete

from undercover.exchange.sync import sync_once
from undercover.store import Store


def timed(func) -> tuple[float, object]:
    start = time.perf_counter()
    result = func()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=500)
    parser.add_argument("--folder", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.folder) as tmp:
        root = Path(tmp)
        # The copy taken before an import goes into this folder, never the user's own.
        os.environ["UNDERCOVER_HOME"] = str(root / "home")
        outbox = root / "outbox"
        outbox.mkdir()
        print(f"{args.visits} completed visits, one photo each")
        with Store.open(root / "shopper.db") as store:
            for n in range(args.visits):
                complete(store, add_visit(store, f"Shop {n % 20}", photos=1, seed=n).id)
            first, report = timed(lambda: sync_once(store, outbox=outbox))
            print(f"outbox, first pass: {len(report.sent)} bundles in {first:.2f} s "
                  f"({first / args.visits * 1000:.1f} ms each)")
            idle = [timed(lambda: sync_once(store, outbox=outbox))[0] for _ in range(5)]
            print(f"outbox, nothing new: median {statistics.median(idle) * 1000:.1f} ms")
        with Store.open(root / "owner.db") as store:
            first, report = timed(lambda: sync_once(store, inbox=outbox))
            print(f"inbox, first pass: {report.count('imported')} bundles in {first:.2f} s "
                  f"({first / args.visits * 1000:.1f} ms each)")
            idle = [timed(lambda: sync_once(store, inbox=outbox))[0] for _ in range(5)]
            print(f"inbox, nothing new: median {statistics.median(idle) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
