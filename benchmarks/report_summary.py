"""Summary findings over 500 visits (three locations, six months), in-process.

Prints the time for the whole summary PDF: loading and scoring every visit,
charts, tables and the list of visits. Target: <= 5 s.

    python benchmarks/report_summary.py [--visits 500] [--runs 3] [--db PATH]

Building the demo business with its photos takes about a minute; pass --db to
keep it for the next run.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pypdf
from report_common import database

from undercover.demo import create_demo
from undercover.report import export_summary
from undercover.store import Store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--db", help="reuse (or create) this database instead of a temporary one")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = database(args.db, tmp)
        with Store.open(path) as store:
            if store.visits.count() == 0:
                print(f"Setting up the demo business with {args.visits} visits ...")
                start = time.perf_counter()
                create_demo(store, visits=args.visits, seed=3)
                print(f"  set up in {time.perf_counter() - start:.0f} s")
            count = store.visits.count()
            out = Path(tmp) / "summary.pdf"
            times = []
            for _ in range(args.runs):
                start = time.perf_counter()
                export_summary(store, out)
                times.append(time.perf_counter() - start)
            pages = len(pypdf.PdfReader(out).pages)
    best, median = min(times), statistics.median(times)
    print(f"Summary of {count} visits ({pages} pages): {median:.2f} s median of {args.runs} "
          f"(first {times[0]:.2f} s, best {best:.2f} s)   target <= 5 s")
    return 0 if median <= 5 else 1


if __name__ == "__main__":
    raise SystemExit(main())
